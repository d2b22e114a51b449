function InvokeNativeOneShot {
    # Runs a one-shot native operation, replays its events (-Verbose, warnings) and returns its
    # result; a failure becomes a terminating error of the calling cmdlet.
    # A plain function (no CmdletBinding): it is on the path of every call, and advanced-function
    # parameter binding costs more than the native call itself.
    param(
        [ValidateSet('CallerIdentity', 'Logout', 'SsoLogout', 'Credentials', 'ListProfiles', 'WriteProcessProfile', 'Console')] [string] $Operation,
        [string] $RequestJson,
        [System.Management.Automation.PSCmdlet] $Cmdlet
    )

    $json = [AwsLogin.Native.NativeMethods]::$Operation($RequestJson)
    $response = ConvertFrom-Json -InputObject $json
    foreach ($nativeEvent in $response.events) {
        # $VerbosePreference is the calling cmdlet's (-Verbose sets it there).
        if ($nativeEvent.type -eq 'verbose' -and $VerbosePreference -eq 'SilentlyContinue') { continue }
        WriteNativeEvent -NativeEvent $nativeEvent -Cmdlet $Cmdlet
    }
    if (-not $response.ok) {
        $Cmdlet.ThrowTerminatingError((NewAwsLoginErrorRecord -NativeError $response.error))
    }
    $response.result
}
