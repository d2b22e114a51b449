function ConvertCredential {
    # Reads keys from what -Credential may hold: a PSCredential (user name = access key,
    # password = secret key), an AWS SDK AWSCredentials object (GetCredentials()), or any object
    # with AccessKey/SecretKey and an optional Token or SessionToken.
    [CmdletBinding()]
    param([Parameter(Mandatory)] [object] $Credential)

    if ($Credential -is [pscredential]) {
        return @{ AccessKey = $Credential.UserName; SecretKey = $Credential.GetNetworkCredential().Password; SessionToken = $null }
    }
    if ($Credential.PSObject.Methods['GetCredentials']) {
        $Credential = $Credential.GetCredentials()
    }
    $props = $Credential.PSObject.Properties
    if ($props['AccessKey'] -and $props['SecretKey']) {
        $token = if ($props['Token']) { $Credential.Token } elseif ($props['SessionToken']) { $Credential.SessionToken } else { $null }
        return @{ AccessKey = [string]$Credential.AccessKey; SecretKey = [string]$Credential.SecretKey; SessionToken = $token }
    }
    throw [System.ArgumentException]::new(
        'The -Credential value holds no keys. Pass a PSCredential (user name = access key id, password = secret access key), AWS SDK credentials, or an object with AccessKey and SecretKey properties.',
        'Credential')
}
