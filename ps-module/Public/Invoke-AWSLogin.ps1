function Invoke-AWSLogin {
    <#
    .SYNOPSIS
    Signs in with your AWS console identity in a browser and stores refreshing credentials in a profile.

    .DESCRIPTION
    Runs the AWS "console credentials" login (the same as 'aws login'): your browser opens the AWS
    sign-in page, you sign in as you do for the console and approve, and the profile gets a
    login_session entry. From then on the profile works with every command (and with the AWS CLI
    and SDKs, which read the same files) for up to 12 hours; the 15-minute credentials refresh by
    themselves.

    The flow uses OAuth 2.0 with PKCE and a DPoP key made for this login. The browser returns to
    a listener on 127.0.0.1 that this command opens for the sign-in only. With -Remote (for a
    machine without a browser, such as an SSH session) no listener is opened: open the printed
    URL on any device, sign in, and paste the code the page shows.

    The browser is started with $env:BROWSER when set ('%s' in it is replaced by the URL), else
    with xdg-open, open or start; if none works, open the printed URL yourself.

    The credentials are cached in ~/.aws/login/cache (or AWS_LOGIN_CACHE_DIRECTORY) in the AWS
    CLI's format; login_session and region are written to the profile in the config file and
    every other line of that file is kept. A profile that already holds other credentials
    (keys, a role, SSO, credential_process, web identity) is refused.

    .PARAMETER ProfileName
    The profile to store the login in ('default' when neither this nor AWS_PROFILE is given).
    It is created when it does not exist.

    .PARAMETER Region
    The region whose sign-in endpoint is used, written to the profile. Without it the profile's
    region, AWS_REGION or AWS_DEFAULT_REGION is used, and when there is none you are asked
    (the default answer is us-east-1).

    .PARAMETER Remote
    Do not open a browser or a local listener: print the URL and ask for the code the sign-in
    page shows after you approve (it is shown as you paste it). Alias: -NoBrowser. This flow is
    also used, and you are told why, when no browser can be started here (no display and no
    BROWSER, an SSH session, or the browser command fails).

    .PARAMETER ExecutionTimeout
    How long to wait for the sign-in, in milliseconds, as in the AWS Tools for PowerShell.
    The default is 900000 (15 minutes).

    .PARAMETER ProfileLocation
    The shared credentials file to read instead of ~/.aws/credentials (for the check for other
    credentials).

    .PARAMETER EndpointUrl
    The sign-in endpoint to use instead of the region's (for example a local emulator).
    AWS_ENDPOINT_URL_SIGNIN and AWS_ENDPOINT_URL are honoured too.

    .PARAMETER Force
    Do not ask: use us-east-1 when no region is configured and replace a different identity
    stored in the profile without confirmation.

    .PARAMETER PassThru
    Returns an AwsLogin.LoginResult: the profile, login session, account and region, with
    CredentialsExpiration (when the current 15-minute credentials expire; they refresh by
    themselves) and SessionExpiration (the latest the login session can last, 12 hours after
    the sign-in; run Invoke-AWSLogin again after it). Both are local times.

    .EXAMPLE
    Invoke-AWSLogin -ProfileName dev

    Opens the browser; after you approve, the 'dev' profile works:
    Get-STSCallerIdentity -ProfileName dev

    .EXAMPLE
    (Invoke-AWSLogin -ProfileName dev -PassThru).SessionExpiration

    Signs in and shows when the session ends at the latest.

    .EXAMPLE
    Invoke-AWSLogin -ProfileName dev -Region eu-west-1 -Remote

    Prints the sign-in URL for eu-west-1 and waits for the code you paste from the browser of
    another device.

    .EXAMPLE
    $env:BROWSER = 'firefox --private-window %s'; Invoke-AWSLogin -Force

    Signs the default profile in with a private Firefox window, without any question.

    .EXAMPLE
    'dev', 'test' | Invoke-AWSLogin -Region eu-west-1 -WhatIf

    Shows which profiles would be signed in, without opening anything or writing a file.

    .OUTPUTS
    None, or AwsLogin.LoginResult with -PassThru.

    .LINK
    Invoke-AWSLogout

    .LINK
    https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sign-in.html
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium', PositionalBinding = $false, HelpUri = 'https://docs.aws.amazon.com/powershell/v5/reference/items/Invoke-AWSLogin.html')]
    [OutputType('AwsLogin.LoginResult')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [ArgumentCompleter([AwsLogin.Completer])]
        [string] $ProfileName,

        # Position 210 as in the AWS cmdlet. Not ValueFromPipeline (the AWS cmdlet's is): a piped
        # profile name would be bound to -Region too.
        [Parameter(Position = 210, ValueFromPipelineByPropertyName)]
        [ArgumentCompleter([AwsLogin.Completer])]
        [string] $Region,

        [Alias('NoBrowser')]
        [switch] $Remote,

        [Parameter(ValueFromPipelineByPropertyName)]
        [ValidateRange(1, [int]::MaxValue)]
        [int] $ExecutionTimeout = 900000,

        [Alias('AWSProfilesLocation', 'ProfilesLocation')]
        [string] $ProfileLocation,

        [string] $EndpointUrl,

        [switch] $Force,

        [switch] $PassThru
    )

    process {
        if ($script:CompleteImport) { & $script:CompleteImport }
        $target = if ($ProfileName) { "profile '$ProfileName'" } elseif ($env:AWS_PROFILE) { "profile '$env:AWS_PROFILE'" } else { "profile 'default'" }
        if ($Region) { $target += " in region '$Region'" }
        if (-not $PSCmdlet.ShouldProcess($target, 'Login and cache AWS credentials')) { return }
        $extra = @{
            remote                  = [bool]$Remote
            force                   = [bool]$Force
            executionTimeoutSeconds = [int][Math]::Ceiling($ExecutionTimeout / 1000.0)
        }
        $result = InvokeNativeOperation -Operation Login -Parameters $PSBoundParameters -Extra $extra -Cmdlet $PSCmdlet -Force:$Force -TargetObject $ProfileName
        if ($null -eq $result -or -not $PassThru) { return }
        [pscustomobject]@{
            PSTypeName            = 'AwsLogin.LoginResult'
            ProfileName           = $result.profileName
            LoginSession          = $result.loginSession
            AccountId             = $result.accountId
            Region                = $result.region
            CredentialsExpiration = ConvertFromNativeTime $result.credentialsExpiration
            SessionExpiration     = ConvertFromNativeTime $result.sessionExpiration
            CacheFile             = $result.cacheFile
        }
    }
}
