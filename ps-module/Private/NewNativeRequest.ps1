function NewNativeRequest {
    # Builds the JSON request for the native library from the cmdlet's bound parameters.
    #
    # The environment travels with every request: on Linux and macOS, .NET keeps `$env:`
    # changes to itself, so the native library's own getenv would not see what the user set.
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [System.Collections.IDictionary] $Parameters,

        # Extra members for operations with their own fields (force, remote, ...).
        [System.Collections.IDictionary] $Extra = @{}
    )

    $environment = @{}
    foreach ($entry in [System.Environment]::GetEnvironmentVariables().GetEnumerator()) {
        $environment[[string]$entry.Key] = [string]$entry.Value
    }
    $request = [ordered]@{ env = $environment }
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
        $keys = ConvertCredential -Credential $Parameters['Credential']
        $request['accessKey'] = $keys.AccessKey
        $request['secretKey'] = $keys.SecretKey
        if ($keys.SessionToken) { $request['sessionToken'] = $keys.SessionToken }
    }
    foreach ($key in $Extra.Keys) { $request[$key] = $Extra[$key] }
    ConvertTo-Json -InputObject $request -Compress -Depth 5
}
