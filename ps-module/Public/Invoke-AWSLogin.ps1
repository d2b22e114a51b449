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
    page shows after you approve. Alias: -NoBrowser.

    .PARAMETER ExecutionTimeout
    How long to wait for the sign-in, in milliseconds, as in the AWS Tools for PowerShell.
    The default is 600000 (10 minutes).

    .PARAMETER ProfileLocation
    The shared credentials file to read instead of ~/.aws/credentials (for the check for other
    credentials).

    .PARAMETER EndpointUrl
    The sign-in endpoint to use instead of the region's (for example a local emulator).
    AWS_ENDPOINT_URL_SIGNIN and AWS_ENDPOINT_URL are honoured too.

    .PARAMETER Force
    Do not ask: use us-east-1 when no region is configured and replace a different identity
    stored in the profile without confirmation.

    .EXAMPLE
    Invoke-AWSLogin -ProfileName dev

    Opens the browser; after you approve, the 'dev' profile works:
    Get-STSCallerIdentity -ProfileName dev

    .EXAMPLE
    Invoke-AWSLogin -ProfileName dev -Region eu-west-1 -Remote

    Prints the sign-in URL for eu-west-1 and waits for the code you paste from the browser of
    another device.

    .EXAMPLE
    $env:BROWSER = 'firefox --private-window %s'; Invoke-AWSLogin -Force

    Signs the default profile in with a private Firefox window, without any question.

    .OUTPUTS
    AwsLogin.LoginResult: ProfileName, LoginSession, AccountId, Region, Expiration.

    .LINK
    Invoke-AWSLogout

    .LINK
    https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sign-in.html
    #>
    [CmdletBinding(HelpUri = 'https://docs.aws.amazon.com/powershell/v5/reference/items/Invoke-AWSLogin.html')]
    [OutputType('AwsLogin.LoginResult')]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName)]
        [Alias('StoredCredentials', 'AWSProfileName')]
        [ArgumentCompleter({ & (Get-Command $args[0]).Module { GetArgumentCompletion @args } @args })]
        [string] $ProfileName,

        [Parameter(ValueFromPipelineByPropertyName)]
        [ArgumentCompleter({ & (Get-Command $args[0]).Module { GetArgumentCompletion @args } @args })]
        [object] $Region,

        [Alias('NoBrowser')]
        [switch] $Remote,

        [ValidateRange(1, [int]::MaxValue)]
        [int] $ExecutionTimeout = 600000,

        [Alias('AWSProfilesLocation', 'ProfilesLocation')]
        [string] $ProfileLocation,

        [string] $EndpointUrl,

        [switch] $Force
    )

    process {
        $extra = @{
            remote                  = [bool]$Remote
            force                   = [bool]$Force
            executionTimeoutSeconds = [int][Math]::Ceiling($ExecutionTimeout / 1000.0)
        }
        $request = NewNativeRequest -Parameters $PSBoundParameters -Extra $extra
        $result = InvokeNativeOperation -Operation Login -RequestJson $request -Cmdlet $PSCmdlet -Force:$Force
        if ($null -eq $result) { return }
        [pscustomobject]@{
            PSTypeName   = 'AwsLogin.LoginResult'
            ProfileName  = $result.profileName
            LoginSession = $result.loginSession
            AccountId    = $result.accountId
            Region       = $result.region
            Expiration   = [datetime]::Parse($result.expiration, [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AdjustToUniversal)
        }
    }
}
