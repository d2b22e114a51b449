function Get-AWSCredential {
    <#
    .SYNOPSIS
    Returns the credentials of a profile, writes them for other tools, or lists the profiles.

    .DESCRIPTION
    Resolves credentials the way Get-STSCallerIdentity does (-ProfileName, else the
    AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY environment variables, else the profile named by
    AWS_PROFILE or 'default'), refreshing a console login or IAM Identity Center session when
    needed, without calling STS, and returns them as an AwsLogin.Credential object with
    AccessKeyId, SecretAccessKey, SessionToken, Expiration (a local DateTime that compares right
    with Get-Date in any time zone, or $null for keys that do not expire), AccountId and Source (where they came from). The object is accepted by
    -Credential of Get-STSCallerIdentity, and like the AWS SDK's credentials it has a
    GetCredentials() method returning AccessKey, SecretKey and Token. Its default display and
    ToString() never show the secret key or the token; the properties are there for scripts.

    With -Format the credentials are returned as one string, byte for byte what
    'aws configure export-credentials --format <format>' of the AWS CLI v2 prints: 'process'
    (the credential_process JSON), 'env' (export lines for sh/bash/zsh), 'env-no-export',
    'powershell' ($Env: assignments), 'windows-cmd' (set lines) or 'fish'.

    With -WriteCredentialProcessProfile a profile is written to the config file (keeping every
    other byte of it) whose credential_process runs the awslogin-credential-process helper shipped
    in this module for -ProfileName, so that tools that know credential_process but not
    login_session or sso_session (older AWS SDKs and CLIs, Terraform) use this module's sessions.

    -ListProfileDetail lists every profile of the shared config and credentials files as the AWS
    Tools do (ProfileName, StoreTypeName 'SharedCredentialsFile', ProfileLocation = the shared
    credentials file), plus Files (where the profile is written), CredentialType and Region. It
    reads files only. Without -ProfileName, the AWS Tools return the shell's
    $StoredAWSCredentials; this module has no such variable and resolves the default chain instead.

    .PARAMETER ProfileName
    The profile whose credentials to return (from the shared credentials or config file).

    .PARAMETER ProfileLocation
    The path of the shared credentials file to read instead of ~/.aws/credentials.

    .PARAMETER Region
    The region used to refresh a console login session (its sign-in endpoint is regional); by
    default the profile's region.

    .PARAMETER Format
    Return the credentials as text in a format of 'aws configure export-credentials': process,
    env, env-no-export, powershell, windows-cmd or fish. The text contains the secret key.

    .PARAMETER WriteCredentialProcessProfile
    The name of a profile to write (or update) in the config file with
    credential_process = "<path of awslogin-credential-process>" --profile <ProfileName>, and the
    region of -ProfileName when it has one. A profile of that name that holds other credentials
    (keys, a role, a session) is refused rather than changed.

    .PARAMETER ListProfileDetail
    List every profile: ProfileName, StoreTypeName, ProfileLocation, Files, CredentialType, Region.

    .PARAMETER ListProfile
    List the profile names only (deprecated in the AWS Tools in favour of -ListProfileDetail).

    .EXAMPLE
    Get-AWSCredential -ProfileName dev

    Returns the credentials of 'dev' (refreshing its session if needed); the secret is not shown.

    .EXAMPLE
    Get-AWSCredential -ProfileName dev -Format powershell | Invoke-Expression

    Sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and
    AWS_CREDENTIAL_EXPIRATION in this session for programs that read only the environment.

    .EXAMPLE
    Get-STSCallerIdentity -Credential (Get-AWSCredential -ProfileName dev)

    Uses the object as credentials of another call.

    .EXAMPLE
    Get-AWSCredential -ProfileName dev -WriteCredentialProcessProfile dev-process

    Writes [profile dev-process] with credential_process running awslogin-credential-process
    --profile dev, for tools such as Terraform or an older AWS SDK: use AWS_PROFILE=dev-process.

    .EXAMPLE
    Get-AWSCredential -ListProfileDetail

    Lists the profiles with their store type, location and kind of credentials.

    .OUTPUTS
    AwsLogin.Credential; a string with -Format; AwsLogin.ProfileInfo with -ListProfileDetail;
    AwsLogin.CredentialProcessProfile with -WriteCredentialProcessProfile.

    .LINK
    Get-STSCallerIdentity

    .LINK
    Get-AWSLoginSession
    #>
    [CmdletBinding(DefaultParameterSetName = 'Profile', HelpUri = 'https://docs.aws.amazon.com/powershell/v5/reference/items/Get-AWSCredential.html')]
    [OutputType('AwsLogin.Credential', [string], 'AwsLogin.ProfileInfo', 'AwsLogin.CredentialProcessProfile')]
    param(
        [Parameter(ParameterSetName = 'Profile', Position = 0, ValueFromPipelineByPropertyName)]
        [Parameter(ParameterSetName = 'WriteProfile', Position = 0, Mandatory, ValueFromPipelineByPropertyName)]
        [Alias('StoredCredentials', 'AWSProfileName')]
        [ArgumentCompleter([AwsLogin.Completer])]
        [string] $ProfileName,

        [Parameter(ValueFromPipelineByPropertyName)]
        [Alias('AWSProfilesLocation', 'ProfilesLocation')]
        [string] $ProfileLocation,

        [Parameter(ParameterSetName = 'Profile', ValueFromPipelineByPropertyName)]
        [ArgumentCompleter([AwsLogin.Completer])]
        [object] $Region,

        [Parameter(ParameterSetName = 'Profile')]
        [ValidateSet('process', 'env', 'env-no-export', 'powershell', 'windows-cmd', 'fish')]
        [string] $Format,

        [Parameter(ParameterSetName = 'WriteProfile', Mandatory)]
        [string] $WriteCredentialProcessProfile,

        [Parameter(ParameterSetName = 'ListDetail', Mandatory)]
        [switch] $ListProfileDetail,

        [Parameter(ParameterSetName = 'ListName', Mandatory)]
        [Alias('ListStoredCredentials', 'ListProfiles')]
        [switch] $ListProfile
    )

    process {
        if ($script:CompleteImport) { & $script:CompleteImport }
        if ($ListProfileDetail -or $ListProfile) {
            $params = @{}
            if ($ProfileLocation) { $params.ProfileLocation = $ProfileLocation }
            $list = InvokeNativeOneShot -Operation ListProfiles -Parameters $params -Cmdlet $PSCmdlet
            if ($ListProfile) {
                $PSCmdlet.WriteWarning('The ListProfile switch is deprecated. Please use ListProfileDetail instead.')
                foreach ($p in $list.profiles) { $p.ProfileName }
                return
            }
            foreach ($p in $list.profiles) {
                [pscustomobject]@{
                    PSTypeName      = 'AwsLogin.ProfileInfo'
                    ProfileName     = $p.ProfileName
                    StoreTypeName   = $p.StoreTypeName
                    ProfileLocation = $p.ProfileLocation
                    Files           = [string[]]@($p.Files)
                    CredentialType  = $p.CredentialType
                    Region          = $p.Region
                }
            }
            return
        }

        if ($PSCmdlet.ParameterSetName -eq 'WriteProfile') {
            $helper = GetCredentialProcessHelperPath
            $params = @{ ProfileName = $ProfileName }
            if ($ProfileLocation) { $params.ProfileLocation = $ProfileLocation }
            $extra = @{ targetProfile = $WriteCredentialProcessProfile; helperPath = $helper }
            $written = InvokeNativeOneShot -Operation WriteProcessProfile -Parameters $params -Extra $extra -Cmdlet $PSCmdlet
            return [pscustomobject]@{
                PSTypeName        = 'AwsLogin.CredentialProcessProfile'
                ProfileName       = $written.profileName
                SourceProfile     = $written.sourceProfile
                CredentialProcess = $written.credentialProcess
                ConfigFile        = $written.configFile
            }
        }

        $params = @{} + $PSBoundParameters
        $null = $params.Remove('Format')
        $extra = @{}
        if ($Format) { $extra.format = $Format }
        $c = InvokeNativeOneShot -Operation Credentials -Parameters $params -Extra $extra -Cmdlet $PSCmdlet
        if ($Format) { return [string]$c.Text }

        $object = [pscustomobject]@{
            PSTypeName      = 'AwsLogin.Credential'
            ProfileName     = $c.ProfileName
            AccessKeyId     = $c.AccessKeyId
            SecretAccessKey = $c.SecretAccessKey
            SessionToken    = $c.SessionToken
            Expiration      = ConvertFromNativeTime $c.Expiration
            AccountId       = $c.AccountId
            Region          = $c.Region
            Source          = $c.Source
        }
        # What Format-Table/List show by default: no secret, no token.
        $display = [System.Management.Automation.PSPropertySet]::new('DefaultDisplayPropertySet', [string[]]@('ProfileName', 'AccessKeyId', 'Expiration', 'AccountId', 'Source'))
        $object | Add-Member -MemberType MemberSet -Name PSStandardMembers -Value ([System.Management.Automation.PSMemberInfo[]]@($display))
        $object | Add-Member -MemberType ScriptMethod -Name ToString -Force -Value {
            $until = if ($this.Expiration) { ', expires ' + $this.Expiration.ToUniversalTime().ToString('u') } else { '' }
            "$($this.AccessKeyId) ($($this.Source)$until)"
        }
        # The AWS SDK's AWSCredentials.GetCredentials() shape, for scripts written for the AWS Tools.
        $object | Add-Member -MemberType ScriptMethod -Name GetCredentials -Value {
            [pscustomobject]@{ AccessKey = $this.AccessKeyId; SecretKey = $this.SecretAccessKey; Token = $this.SessionToken; UseToken = [bool]$this.SessionToken }
        }
        $object
    }
}
