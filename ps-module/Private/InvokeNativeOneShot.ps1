function InvokeNativeOneShot {
    # Runs a one-shot native operation on a request built from the cmdlet's parameters, replays
    # its events (-Verbose, warnings) and returns its result; a failure becomes a terminating
    # error of the calling cmdlet.
    #
    # A one-shot call cannot converse: when it needs an answer (an MFA code), it fails with
    # InteractionRequired and names the prompt in its events. The question is then asked here
    # (ReadNativePrompt) and the call runs again with the answer in the request's `answers`; when
    # nobody can answer, the error names the parameter that gives the value instead.
    # A plain function (no CmdletBinding): it is on the path of every call, and advanced-function
    # parameter binding costs more than the native call itself.
    param(
        [ValidateSet('CallerIdentity', 'Logout', 'SsoLogout', 'Credentials', 'ListProfiles', 'WriteProcessProfile', 'Console')] [string] $Operation,
        # The request: the cmdlet's bound parameters, and members of the operation's own
        # (force, whatIf, ...), which win over a parameter's (NativeMethods.NewRequest).
        [System.Collections.IDictionary] $Parameters,
        [System.Collections.IDictionary] $Extra = @{},
        [System.Management.Automation.PSCmdlet] $Cmdlet,
        # The piped item the call is for, given to the error record as its TargetObject.
        [object] $TargetObject
    )

    # The environment travels with every request: on Linux and macOS .NET keeps `$env:` changes
    # to itself, so the library's getenv would not see them. The calling cmdlet's
    # $VerbosePreference (-Verbose sets it there) decides whether the library writes its
    # -Verbose lines at all.
    $requestJson = [AwsLogin.Native.NativeMethods]::NewRequest($Parameters, $Extra, $VerbosePreference -ne 'SilentlyContinue')
    $response = [AwsLogin.Native.NativeMethods]::Call($Operation, $requestJson)
    if (-not $response.ok -and $response.error.code -eq 'InteractionRequired') {
        $prompt = @($response.events | Where-Object { $_.type -eq 'prompt' }) | Select-Object -Last 1
        $answer = $null
        if ($prompt) {
            try { $answer = ReadNativePrompt -Prompt $prompt -Cmdlet $Cmdlet } catch { $answer = $null }
        }
        if (-not [string]::IsNullOrWhiteSpace([string]$answer)) {
            $response = [AwsLogin.Native.NativeMethods]::Call($Operation, [AwsLogin.Native.NativeMethods]::WithAnswer($requestJson, $prompt.id, [string]$answer))
        }
    }
    foreach ($nativeEvent in $response.events) {
        # $VerbosePreference is the calling cmdlet's (-Verbose sets it there).
        if ($nativeEvent.type -eq 'verbose' -and $VerbosePreference -eq 'SilentlyContinue') { continue }
        WriteNativeEvent -NativeEvent $nativeEvent -Cmdlet $Cmdlet
    }
    if (-not $response.ok) {
        $Cmdlet.ThrowTerminatingError((NewAwsLoginErrorRecord -NativeError $response.error -TargetObject $TargetObject))
    }
    $response.result
}
