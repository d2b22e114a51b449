function ReadPromptLine {
    # One visible Read-Host line for a native prompt; the end of input (Read-Host returns $null)
    # or a host that cannot read fails at once instead of asking again.
    param([object] $Prompt, [System.Management.Automation.PSCmdlet] $Cmdlet, [string] $Label)
    try { $text = Read-Host -Prompt $Label }
    catch { ThrowPromptNotAnswerable -Prompt $Prompt -Cmdlet $Cmdlet -HostError $_ }
    if ($null -eq $text) { ThrowPromptNotAnswerable -Prompt $Prompt -Cmdlet $Cmdlet -Why 'the input has ended' }
    [string]$text
}
