# Why AwsLogin's parameters differ from the AWS Tools' where they do on purpose, for the Notes
# column of docs/Parity.md (tools/Update-ParityTable.ps1). Keys: 'Cmdlet/Parameter', or
# 'Cmdlet' for the cmdlet as a whole.
@{
    'Invoke-AWSLogin/NoBrowser'            = 'The AWS reference page names the switch -Remote, the source -NoBrowser: ours is -Remote with the alias -NoBrowser.'
    'Invoke-AWSLogin/Region'               = 'Object, as on the service cmdlets: a region code or an Amazon.RegionEndpoint.'
    'Invoke-AWSLogin/ProfileLocation'      = 'Extra: the credentials file to read, as on Get-STSCallerIdentity.'
    'Invoke-AWSLogin/EndpointUrl'          = 'Extra: the sign-in endpoint to call (a local emulator, a proxy).'
    'Invoke-AWSLogin/Force'                = 'Extra: sign in again even when the profile''s session is valid, and accept an identity change without asking.'
    'Invoke-AWSLogin/PassThru'             = 'Extra: return the result (profile, account, expiry) instead of nothing.'
    'Invoke-AWSLogout/ProfileLocation'     = 'Extra: the credentials file to read.'
    'Initialize-AWSSSOConfiguration/RegistrationScopes' = 'Same effect: with no value the native side writes sso:account:access.'
    'Initialize-AWSSSOConfiguration/ExecutionTimeout' = 'Extra: how long the sign-in may take, as on Invoke-AWSSSOLogin.'
    'Initialize-AWSSSOConfiguration/PassThru' = 'Extra: return the profile and session written.'
    'Invoke-AWSSSOLogin/PassThru'          = 'Extra: return the token''s session, expiry and file.'
    'Invoke-AWSSSOLogout/PassThru'         = 'Extra: return the token files removed.'
    'Get-STSCallerIdentity/Credential'     = 'Object: the module does not load the AWS SDK for .NET, so it takes SDK AWSCredentials, a PSCredential (access key id and secret key) or an object with AccessKey, SecretKey and Token.'
    'Get-STSCallerIdentity/NetworkCredential' = 'Not provided: SAML (ADFS) role profiles are a Windows-only .NET SDK store the module does not read.'
    'Get-STSCallerIdentity/AccessKey'      = 'In its own parameter set, so keys and -Credential cannot be mixed.'
    'Get-STSCallerIdentity/SecretKey'      = 'In its own parameter set, so keys and -Credential cannot be mixed.'
    'Get-STSCallerIdentity/SessionToken'   = 'In its own parameter set, so keys and -Credential cannot be mixed.'
}
