function Open-AWSConsole {
    <#
    .SYNOPSIS
    Opens the AWS Management Console in the browser, signed in as a profile.

    .DESCRIPTION
    Signs the profile's temporary credentials in to the AWS Management Console through the AWS
    federation endpoint of the profile's partition (signin.aws.amazon.com, signin.amazonaws.cn
    or signin.amazonaws-us-gov.com): the credentials are exchanged for a one-use sign-in token
    (Action=getSigninToken), and the browser opens the sign-in URL (Action=login) that lands on
    the console page given by -Destination.

    Any profile with temporary credentials works: IAM Identity Center roles, console login
    sessions (Invoke-AWSLogin) and profiles holding a session token. Long-term access keys are
    refused: the federation endpoint accepts only temporary credentials (long-term keys would
    first need STS GetFederationToken).

    The browser is started the way Invoke-AWSLogin starts it: the BROWSER environment variable
    first, then xdg-open, open or the Windows URL handler. The sign-in URL is a credential (it
    signs anyone who opens it in within 15 minutes): it is never written to any output stream,
    -Verbose or error unless -PassThru asks for it.

    The federation endpoint can be overridden with AWS_ENDPOINT_URL_SIGNIN, AWS_ENDPOINT_URL or
    the profile's endpoint settings (the sign-in service). The Destination is always a real
    console URL: an emulator's login page shows where it would go instead.

    .PARAMETER ProfileName
    The profile whose credentials to sign in with. Without it, the default credentials are used
    (AWS_PROFILE or the 'default' profile).

    .PARAMETER Region
    The console region (the region=... of the destination), for example eu-west-1. Defaults to
    the profile's region.

    .PARAMETER Destination
    Where to land: a service name such as s3 or ec2 (its console home), a console path such as
    /s3/home or /ec2/home#Instances:, or a full console URL of the profile's partition. Defaults
    to the console home.

    .PARAMETER SessionDuration
    How long the console session lasts, in seconds, from 900 (15 minutes) to 43200 (12 hours).
    Without it AWS decides (up to 12 hours, bounded by the credentials). AWS refuses it for
    credentials from a chain of assumed roles.

    .PARAMETER PassThru
    Returns the sign-in URL as a string instead of opening the browser. Treat it as a secret.

    .EXAMPLE
    Open-AWSConsole -ProfileName my-sso-profile

    Opens the console home of the account and role of my-sso-profile.

    .EXAMPLE
    Open-AWSConsole -ProfileName dev -Destination s3 -Region eu-west-1

    Opens the S3 console in eu-west-1 as profile dev.

    .EXAMPLE
    $url = Open-AWSConsole -ProfileName dev -Destination /cloudwatch/home -SessionDuration 3600 -PassThru

    Returns a one-hour console sign-in URL to open in another browser profile.

    .OUTPUTS
    None, or System.String (the sign-in URL) with -PassThru.

    .LINK
    https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-custom-url.html
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Position = 0, ValueFromPipelineByPropertyName)]
        [Alias('StoredCredentials', 'AWSProfileName')]
        [ValidateNotNullOrEmpty()]
        [ArgumentCompleter([AwsLogin.Completer])]
        [string] $ProfileName,

        [Parameter(ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [ArgumentCompleter([AwsLogin.Completer])]
        [string] $Region,

        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty()]
        [string] $Destination,

        [ValidateRange(900, 43200)]
        [int] $SessionDuration,

        [switch] $PassThru
    )

    process {
        if ($script:CompleteImport) { & $script:CompleteImport }
        $extra = @{ passThru = [bool]$PassThru }
        if ($PSBoundParameters.ContainsKey('Destination')) { $extra.destination = $Destination }
        if ($PSBoundParameters.ContainsKey('SessionDuration')) { $extra.sessionDuration = $SessionDuration }
        $result = InvokeNativeOneShot -Operation Console -Parameters $PSBoundParameters -Extra $extra -Cmdlet $PSCmdlet
        if ($PassThru) { [string]$result.url }
    }
}
