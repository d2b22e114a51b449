function InvokeNativeOneShot {
    # Runs a one-shot native operation, replays its events (-Verbose, warnings) and returns its
    # result; a failure becomes a terminating error of the calling cmdlet.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [ValidateSet('CallerIdentity', 'Logout', 'SsoLogout')] [string] $Operation,
        [Parameter(Mandatory)] [string] $RequestJson,
        [Parameter(Mandatory)] [System.Management.Automation.PSCmdlet] $Cmdlet
    )

    $json = [AwsLogin.Native.NativeMethods]::$Operation($RequestJson)
    $response = ConvertFrom-Json -InputObject $json
    foreach ($nativeEvent in $response.events) {
        WriteNativeEvent -NativeEvent $nativeEvent -Cmdlet $Cmdlet
    }
    if (-not $response.ok) {
        $Cmdlet.ThrowTerminatingError((NewAwsLoginErrorRecord -NativeError $response.error))
    }
    $response.result
}
