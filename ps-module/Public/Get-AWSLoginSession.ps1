function Get-AWSLoginSession {
    <#
    .SYNOPSIS
    Lists the console-login and IAM Identity Center sessions on this computer, with the profiles
    that use them and when they expire.

    .DESCRIPTION
    Reads the token caches shared with the AWS CLI and SDKs: every console-login session in
    ~/.aws/login/cache (or AWS_LOGIN_CACHE_DIRECTORY) and every IAM Identity Center session in
    ~/.aws/sso/cache (token files of [sso-session] sections, or of the start URL of legacy
    profiles), including profiles that name a session nobody signed in to yet (Status
    NotSignedIn) and token files that no profile uses any more (no Profiles).

    For each session: Kind (ConsoleLogin or IamIdentityCenter), Name (the login_session ARN,
    the sso-session name or a legacy start URL), Profiles, Status (Active, Refreshable, Expired,
    NotSignedIn or Invalid), Expiration (when the cached credentials or access token expire),
    SignedInAt (console login), CanRefresh and RefreshableUntil: a console-login session
    refreshes its 15-minute credentials for 12 hours after sign-in; an IAM Identity Center token
    refreshes while its client registration lasts. Times are local DateTimes, which compare
    right with Get-Date in any time zone (.ToUniversalTime() gives UTC).

    Nothing is sent over the network, nothing is refreshed, and no secret is shown.

    .PARAMETER ProfileName
    Only the sessions that this profile uses.

    .PARAMETER ProfileLocation
    The path of the shared credentials file to read instead of ~/.aws/credentials.

    .EXAMPLE
    Get-AWSLoginSession

    Lists every session with its profiles, status and expiry.

    .EXAMPLE
    Get-AWSLoginSession | Where-Object Status -ne Active | ForEach-Object Profiles

    The profiles whose session needs a refresh or a new sign-in.

    .OUTPUTS
    AwsLogin.LoginSession

    .LINK
    Invoke-AWSLogin

    .LINK
    Invoke-AWSSSOLogin
    #>
    [CmdletBinding()]
    [OutputType('AwsLogin.LoginSession')]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName)]
        [Alias('StoredCredentials', 'AWSProfileName')]
        [ArgumentCompleter([AwsLogin.Completer])]
        [string] $ProfileName,

        [Parameter(ValueFromPipelineByPropertyName)]
        [Alias('AWSProfilesLocation', 'ProfilesLocation')]
        [string] $ProfileLocation
    )

    process {
        if ($script:CompleteImport) { & $script:CompleteImport }
        $params = @{}
        if ($ProfileLocation) { $params.ProfileLocation = $ProfileLocation }
        $list = InvokeNativeOneShot -Operation ListProfiles -Parameters $params -Extra @{ includeSessions = $true } -Cmdlet $PSCmdlet
        foreach ($s in $list.sessions) {
            $profiles = [string[]]@($s.Profiles)
            if ($ProfileName -and $profiles -notcontains $ProfileName) { continue }
            [pscustomobject]@{
                PSTypeName       = 'AwsLogin.LoginSession'
                Kind             = $s.Kind
                Name             = $s.Name
                Profiles         = $profiles
                Status           = $s.Status
                Expiration       = ConvertFromNativeTime $s.Expiration
                SignedInAt       = ConvertFromNativeTime $s.SignedInAt
                CanRefresh       = [bool]$s.CanRefresh
                RefreshableUntil = ConvertFromNativeTime $s.RefreshableUntil
                AccountId        = $s.AccountId
                StartUrl         = $s.StartUrl
                SsoRegion        = $s.SsoRegion
                CacheFile        = $s.CacheFile
                Problem          = $s.Problem
            }
        }
    }
}
