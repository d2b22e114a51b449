function Get-STSCallerIdentity {
    <#
    .SYNOPSIS
    Returns details about the IAM user or role whose credentials are used to call the operation.

    .DESCRIPTION
    Calls AWS STS GetCallerIdentity with credentials resolved the way the AWS Tools for
    PowerShell resolve them: -AccessKey/-SecretKey (or -Credential), then -ProfileName; without
    either, the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY environment variables, then the profile
    named by AWS_PROFILE or 'default' in the shared credentials and config files. Profiles may
    hold static keys, credential_process, a console login session (login_session, see
    Invoke-AWSLogin) or IAM Identity Center settings (see Initialize-AWSSSOConfiguration), assume
    a role (role_arn with source_profile or credential_source, chained to any depth; the role
    credentials are shared with the AWS CLI through its cache ~/.aws/cli/cache) or use web
    identity (web_identity_token_file). Without any profile, web identity from
    AWS_WEB_IDENTITY_TOKEN_FILE, container credentials (AWS_CONTAINER_CREDENTIALS_*) and EC2
    instance metadata are tried, as the AWS SDKs do (IMDSv2, else IMDSv1 unless
    AWS_EC2_METADATA_V1_DISABLED=true).

    The region comes from -Region, AWS_REGION, AWS_DEFAULT_REGION or the profile, else
    us-east-1. The endpoint is the regional STS endpoint unless -EndpointUrl,
    AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL or the profile's endpoint_url says otherwise.
    -Verbose tells where each of these came from; it never shows a secret.

    No permissions are needed to call GetCallerIdentity: it works even when an administrator
    denies everything else.

    .PARAMETER ProfileName
    The profile to use, from the shared credentials file or the config file (~/.aws).

    .PARAMETER ProfileLocation
    The path of the shared credentials file to read instead of ~/.aws/credentials.

    .PARAMETER Region
    The region whose STS endpoint is called (and in whose name the request is signed), such as
    us-west-2. A RegionEndpoint object is accepted too.

    .PARAMETER AccessKey
    The AWS access key id. Use with -SecretKey. Prefer profiles: keys typed on a command line
    end up in the shell's history.

    .PARAMETER SecretKey
    The AWS secret access key. Use with -AccessKey.

    .PARAMETER SessionToken
    The session token of temporary credentials. Use with -AccessKey and -SecretKey.

    .PARAMETER Credential
    Credentials as an object: AWS SDK credentials, a PSCredential whose user name is the
    access key id and whose password is the secret key, or an object with AccessKey, SecretKey
    and Token properties. It can be piped.

    .PARAMETER EndpointUrl
    The URL to call instead of the STS endpoint of the region, for example a VPC endpoint or a
    local emulator (http://127.0.0.1:port).

    .PARAMETER MfaCode
    The current code of the MFA device named by the profile's mfa_serial, for a role that
    requires MFA. Without it the code is asked for when the role credentials are not cached yet;
    a script with no console must pass it.

    .PARAMETER Select
    What to return, as in the AWS Tools: '*' (the default) returns the whole response (UserId,
    Account, Arn, ResponseMetadata with the RequestId, ContentLength and HttpStatusCode); the
    name of one of these properties returns only its value; '^ParameterName' returns the value
    given to that parameter. Any other value is refused with a message listing these.

    .EXAMPLE
    Get-STSCallerIdentity -ProfileName dev

    Shows the user id, account and ARN behind the 'dev' profile, as the AWS cmdlet does; the
    response members (ResponseMetadata, ContentLength, HttpStatusCode) are on the object too:
    pipe it to 'Format-List -View Response' to see them all.

    .EXAMPLE
    Get-STSCallerIdentity -ProfileName admin-role -MfaCode 123456

    Assumes the role of profile 'admin-role', whose mfa_serial requires a code, without asking.

    .EXAMPLE
    Get-STSCallerIdentity -Select Account

    Returns only the account number of the default credentials.

    .EXAMPLE
    Get-STSCallerIdentity -AccessKey $akid -SecretKey $secret -Region eu-west-1 -Verbose

    Calls STS in eu-west-1 with explicit keys and tells where the region and endpoint came from.

    .EXAMPLE
    Get-Credential | Get-STSCallerIdentity -Select ResponseMetadata

    Calls STS with the keys typed into the credential dialog and returns the request id.

    .OUTPUTS
    AwsLogin.CallerIdentity, or the selected property with -Select.

    .LINK
    https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
    #>
    [CmdletBinding(DefaultParameterSetName = 'Default', PositionalBinding = $false, HelpUri = 'https://docs.aws.amazon.com/powershell/v5/reference/items/Get-STSCallerIdentity.html')]
    [OutputType('AwsLogin.CallerIdentity', [string])]
    param(
        [Parameter(ValueFromPipelineByPropertyName)]
        [Alias('StoredCredentials', 'AWSProfileName')]
        [ArgumentCompleter([AwsLogin.Completer])]
        [string] $ProfileName,

        [Parameter(ValueFromPipelineByPropertyName)]
        [Alias('AWSProfilesLocation', 'ProfilesLocation')]
        [string] $ProfileLocation,

        [Parameter(ValueFromPipelineByPropertyName)]
        [Alias('RegionToCall')]
        [ArgumentCompleter([AwsLogin.Completer])]
        [object] $Region,

        [Parameter(ParameterSetName = 'Keys', ValueFromPipelineByPropertyName)]
        [Alias('AK')]
        [string] $AccessKey,

        [Parameter(ParameterSetName = 'Keys', ValueFromPipelineByPropertyName)]
        [Alias('SK', 'SecretAccessKey')]
        [string] $SecretKey,

        [Parameter(ParameterSetName = 'Keys', ValueFromPipelineByPropertyName)]
        [Alias('ST')]
        [string] $SessionToken,

        [Parameter(ParameterSetName = 'Credential', ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [AwsLogin.Native.CredentialInput] $Credential,

        [Parameter(ValueFromPipelineByPropertyName)]
        [string] $EndpointUrl,

        [Parameter()]
        [ValidatePattern('^\d{6}$')]
        [string] $MfaCode,

        [Parameter(ValueFromPipelineByPropertyName)]
        [ValidatePattern('^(\*|UserId|Account|Arn|ResponseMetadata|ContentLength|HttpStatusCode|\^\w+)$',
            ErrorMessage = "'{0}' is not a value -Select accepts. Use '*' (the whole response), a property of the response (UserId, Account, Arn, ResponseMetadata, ContentLength or HttpStatusCode) or '^' and a parameter name, such as '^ProfileName'.")]
        [ArgumentCompleter([AwsLogin.Completer])]
        [string] $Select = '*'
    )

    process {
        if ($script:CompleteImport) { & $script:CompleteImport }
        $extra = @{}
        if ($MfaCode) { $extra['answers'] = @{ mfaCode = $MfaCode } }
        # A failure stops the pipeline (as the AWS cmdlet's terminating errors do); the profile
        # it was for is the error's TargetObject.
        $result = InvokeNativeOneShot -Operation CallerIdentity -Parameters $PSBoundParameters -Extra $extra -Cmdlet $PSCmdlet -TargetObject $ProfileName
        if ($Select.StartsWith('^')) {
            return $PSBoundParameters[$Select.Substring(1)]
        }
        $response = [pscustomobject]@{
            PSTypeName       = 'AwsLogin.CallerIdentity'
            UserId           = $result.UserId
            Account          = $result.Account
            Arn              = $result.Arn
            ResponseMetadata = [AwsLogin.ResponseMetadata]::new($result.RequestId)
            ContentLength    = [long]$result.ContentLength
            HttpStatusCode   = [System.Net.HttpStatusCode][int]$result.HttpStatusCode
        }
        if ($Select -ne '*') {
            return $response.$Select
        }
        $response
    }
}
