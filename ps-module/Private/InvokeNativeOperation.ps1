function InvokeNativeOperation {
    # Runs an interactive native operation (a login flow): polls its events, shows progress,
    # verbose lines and warnings, answers its prompts through the host (Read-Host and
    # ShouldContinue, so tests and scripts can answer them), and returns its result.
    #
    # Ctrl+C stops the pipeline at the next event; `finally` then cancels the flow (its loopback
    # listener closes, nothing is written) and frees the handle.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [ValidateSet('Login', 'SsoInit', 'SsoLogin', 'SsoSync')] [string] $Operation,
        # The request, as InvokeNativeOneShot builds it (with the environment and the calling
        # cmdlet's $VerbosePreference).
        [Parameter(Mandatory)] [System.Collections.IDictionary] $Parameters,
        [System.Collections.IDictionary] $Extra = @{},
        [Parameter(Mandatory)] [System.Management.Automation.PSCmdlet] $Cmdlet,
        # Answer confirmations with yes without asking (-Force).
        [switch] $Force,
        # The piped item the call is for, given to the error record as its TargetObject.
        [object] $TargetObject
    )

    $handle = [AwsLogin.Native.NativeMethods]::Start($Operation, [AwsLogin.Native.NativeMethods]::NewRequest($Parameters, $Extra, $VerbosePreference -ne 'SilentlyContinue'))
    $finished = $false
    try {
        while ($true) {
            # A short wait keeps Ctrl+C responsive: the pipeline stops at the next call into the host.
            $nativeEvent = [AwsLogin.Native.NativeMethods]::ReadJson([AwsLogin.Native.NativeMethods]::NextEvent($handle, 200))
            switch ($nativeEvent.type) {
                'idle' { if ($Cmdlet.Stopping) { return } }
                'prompt' {
                    $value = ReadNativePrompt -Prompt $nativeEvent -Cmdlet $Cmdlet -Force:$Force
                    $answer = ConvertTo-Json -Compress -InputObject ([ordered]@{ id = $nativeEvent.id; value = $value })
                    [AwsLogin.Native.NativeMethods]::Respond($handle, $answer)
                }
                'done' {
                    $finished = $true
                    $completed = [System.Management.Automation.ProgressRecord]::new(1, 'AwsLogin', 'Done')
                    $completed.RecordType = 'Completed'
                    $Cmdlet.WriteProgress($completed)
                    if (-not $nativeEvent.ok) {
                        $Cmdlet.ThrowTerminatingError((NewAwsLoginErrorRecord -NativeError $nativeEvent.error -TargetObject $TargetObject))
                    }
                    return $nativeEvent.result
                }
                default { WriteNativeEvent -NativeEvent $nativeEvent -Cmdlet $Cmdlet }
            }
        }
    }
    finally {
        if (-not $finished) { [AwsLogin.Native.NativeMethods]::Cancel($handle) }
        $handle.Dispose()
    }
}
