function ConvertToSsoLoginResult {
    # The object Invoke-AWSSSOLogin -PassThru returns.
    param([Parameter(Mandatory)] $Result)
    [pscustomobject]@{
        PSTypeName  = 'AwsLogin.SsoLoginResult'
        Status      = $Result.status
        ProfileName = $Result.profileName
        SessionName = $Result.sessionName
        StartUrl    = $Result.startUrl
        Expiration  = ConvertFromNativeTime $Result.expiresAt
        TokenFile   = $Result.tokenFile
    }
}
