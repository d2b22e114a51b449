function NewNativeRequest {
    # Builds the JSON request for the native library from the cmdlet's bound parameters.
    #
    # The environment travels with every request (added by RequestJson): on Linux and macOS,
    # .NET keeps `$env:` changes to itself, so the native library's getenv would not see them.
    # A plain function (no CmdletBinding): it runs on every call, and advanced-function binding
    # costs a tenth of a millisecond.
    param(
        [System.Collections.IDictionary] $Parameters,

        # Extra members for operations with their own fields (force, remote, ...).
        [System.Collections.IDictionary] $Extra = @{}
    )

    $request = [ordered]@{}
    $map = [ordered]@{
        ProfileName     = 'profileName'
        ProfileLocation = 'profileLocation'
        Region          = 'region'
        AccessKey       = 'accessKey'
        SecretKey       = 'secretKey'
        SessionToken    = 'sessionToken'
        EndpointUrl     = 'endpointUrl'
    }
    foreach ($name in $map.Keys) {
        if ($null -ne $Parameters[$name]) {
            $value = $Parameters[$name]
            # -Region also takes an object such as Amazon.RegionEndpoint; its SystemName is the region.
            if ($name -eq 'Region' -and $value -isnot [string] -and $value.PSObject.Properties['SystemName']) {
                $value = $value.SystemName
            }
            $request[$map[$name]] = [string]$value
        }
    }
    if ($null -ne $Parameters['Credential']) {
        $credential = $Parameters['Credential']
        if ($credential -is [AwsLogin.Native.CredentialInput]) { $credential = $credential.Value }
        $keys = ConvertCredential -Credential $credential
        $request['accessKey'] = $keys.AccessKey
        $request['secretKey'] = $keys.SecretKey
        if ($keys.SessionToken) { $request['sessionToken'] = $keys.SessionToken }
    }
    foreach ($key in $Extra.Keys) { $request[$key] = $Extra[$key] }
    # The calling cmdlet's preference (-Verbose sets it there): without it the native side leaves
    # out its -Verbose lines rather than sending them to be dropped here.
    if ($VerbosePreference -eq 'SilentlyContinue') { $request['verbose'] = $false }
    [AwsLogin.Native.NativeMethods]::RequestJson($request)
}
