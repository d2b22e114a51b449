function ReadNativePrompt {
    # Asks the user what a native flow needs and returns the answer's value.
    #
    # A prompt nobody can answer fails at once with a terminating error that names the parameter
    # to pass instead (the prompt's `parameter`): a non-interactive host (pwsh -NonInteractive, a
    # service, a host without a UI) or input that has ended (Read-Host returns $null at the end of
    # redirected stdin, and would be asked again forever). The flow is then cancelled by the
    # caller, so nothing is written.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [object] $Prompt,
        [Parameter(Mandatory)] [System.Management.Automation.PSCmdlet] $Cmdlet,
        [switch] $Force
    )

    if ($Prompt.kind -eq 'confirm' -and $Force) { return $true }
    if (-not [Environment]::UserInteractive -or $null -eq $Host.UI -or $null -eq $Host.UI.RawUI) {
        ThrowPromptNotAnswerable -Prompt $Prompt -Cmdlet $Cmdlet -Why 'this PowerShell host is not interactive'
    }
    switch ($Prompt.kind) {
        'confirm' {
            try { return $Cmdlet.ShouldContinue($Prompt.message, $Prompt.caption) }
            catch { ThrowPromptNotAnswerable -Prompt $Prompt -Cmdlet $Cmdlet -HostError $_ }
        }
        'choice' {
            for ($i = 0; $i -lt $Prompt.choices.Count; $i++) {
                $Cmdlet.WriteInformation([System.Management.Automation.HostInformationMessage]@{ Message = ('{0,3}. {1}' -f ($i + 1), $Prompt.choices[$i]) }, [string[]]@('PSHOST'))
            }
            # The native flow reads the number or a name, and asks again when it is neither.
            return ReadPromptLine -Prompt $Prompt -Cmdlet $Cmdlet -Label "$($Prompt.message) (1-$($Prompt.choices.Count))"
        }
        default {
            $label = if ($Prompt.default) { "$($Prompt.message) [$($Prompt.default)]" } else { $Prompt.message }
            return ReadPromptLine -Prompt $Prompt -Cmdlet $Cmdlet -Label $label
        }
    }
}
