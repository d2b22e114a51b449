function Invoke-AWSSSOLogin {
    <#
    .SYNOPSIS
    Starts an AWS access portal (IAM Identity Center) session for a profile or an sso-session.

    .DESCRIPTION
    Signs in to IAM Identity Center and caches the access token in ~/.aws/sso/cache, in the
    AWS CLI's format, so that this module, the AWS CLI and the AWS SDKs all use the session.

    Nothing happens while a valid token is cached, unless -Force is given. A token close to
    expiry is first refreshed with its refresh token. Otherwise a new sign-in starts:

    - By default (a profile with sso_session, or -SessionName), the authorization-code flow
      with PKCE: your browser opens the AWS access portal, and after you allow access it
      returns to a listener on 127.0.0.1 that this command opened for the sign-in.
    - With -UseDeviceCode, for legacy profiles (sso_start_url in the profile, no sso_session),
      and when no browser can be reached (an SSH session, or Linux without a display and
      without $env:BROWSER), the device-code flow: open the URL shown on any device and confirm
      the code. You are told why this flow was chosen.

    The browser is $env:BROWSER when set (%s is replaced by the URL), else the system's
    default. The SSO OIDC endpoint comes from the session's sso_region, or from
    AWS_ENDPOINT_URL_SSO_OIDC / AWS_ENDPOINT_URL. Press Ctrl+C to stop waiting: nothing is
    written then.

    .PARAMETER ProfileName
    The profile whose IAM Identity Center session to start. Without -ProfileName and
    -SessionName, AWS_PROFILE or the default profile is used.

    .PARAMETER SessionName
    The [sso-session NAME] section to sign in to.

    .PARAMETER Force
    Signs in again even when a valid token is cached.

    .PARAMETER UseDeviceCode
    Uses the device-code flow instead of the browser and a local listener: useful when the
    browser runs on another device.

    .PARAMETER ExecutionTimeout
    How long to wait for the sign-in, in milliseconds. The default is 900000 (15 minutes).

    .PARAMETER PassThru
    Returns an object describing the session (status, expiry, token file).

    .EXAMPLE
    Invoke-AWSSSOLogin -ProfileName my-sso-profile

    Starts the access portal session of the profile my-sso-profile in the browser, unless one
    is already active.

    .EXAMPLE
    Invoke-AWSSSOLogin -SessionName my-sso-session -UseDeviceCode

    Shows a URL and a code to confirm on any device.

    .EXAMPLE
    Invoke-AWSSSOLogin -ProfileName my-sso-profile -Force -PassThru

    Signs in again and returns the new token's expiry.

    .OUTPUTS
    None, or AwsLogin.SsoLoginResult with -PassThru.

    .LINK
    Initialize-AWSSSOConfiguration

    .LINK
    Invoke-AWSSSOLogout
    #>
    [CmdletBinding(DefaultParameterSetName = 'Profile', PositionalBinding = $false, HelpUri = 'https://docs.aws.amazon.com/powershell/v5/reference/items/Invoke-AWSSSOLogin.html')]
    [OutputType('AwsLogin.SsoLoginResult')]
    param(
        [Parameter(ParameterSetName = 'Profile', Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [ArgumentCompleter([AwsLogin.Completer])]
        [string] $ProfileName,

        [Parameter(ParameterSetName = 'Session', ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [ArgumentCompleter([AwsLogin.Completer])]
        [string] $SessionName,

        [Parameter(ValueFromPipelineByPropertyName)]
        [switch] $Force,

        [Parameter(ValueFromPipelineByPropertyName)]
        [switch] $UseDeviceCode,

        [Parameter(ValueFromPipelineByPropertyName)]
        [ValidateRange(1, [int]::MaxValue)]
        [int] $ExecutionTimeout = 900000,

        [switch] $PassThru
    )

    process {
        if ($script:CompleteImport) { & $script:CompleteImport }
        $extra = @{
            force                   = [bool]$Force
            useDeviceCode           = [bool]$UseDeviceCode
            executionTimeoutSeconds = [int][Math]::Ceiling($ExecutionTimeout / 1000.0)
        }
        if ($SessionName) { $extra.sessionName = $SessionName }
        $result = InvokeNativeOperation -Operation SsoLogin -Parameters $PSBoundParameters -Extra $extra -Cmdlet $PSCmdlet -TargetObject $(if ($SessionName) { $SessionName } else { $ProfileName })
        if ($PassThru -and $null -ne $result) { ConvertToSsoLoginResult $result }
    }
}
