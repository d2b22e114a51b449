function Initialize-AWSSSOConfiguration {
    <#
    .SYNOPSIS
    Configures a profile to use IAM Identity Center and starts its AWS access portal session.

    .DESCRIPTION
    Writes an [sso-session NAME] section (sso_start_url, sso_region, sso_registration_scopes)
    and a [profile NAME] section (sso_session, sso_account_id, sso_role_name and region) to the
    shared config file (AWS_CONFIG_FILE or ~/.aws/config), keeping every other line of the file
    as it was. The AWS CLI and the AWS SDKs read the same settings.

    It asks for whatever was not given. It then signs in (see Invoke-AWSSSOLogin; when the
    session is already active it says so), and when -AccountId or -RoleName is missing it lists
    the accounts and roles assigned to you and lets you choose, as 'aws configure sso' does; a
    given account or role that is not assigned to you is reported and asked for again.

    Afterwards, use the profile with any command that takes -ProfileName, such as
    Get-STSCallerIdentity -ProfileName NAME.

    .PARAMETER ProfileName
    The profile to write. The suggested default is ACCOUNTID-ROLENAME.

    .PARAMETER AccountId
    The AWS account (12 digits) whose role the profile uses.

    .PARAMETER RoleName
    The IAM Identity Center permission set (role) to use in that account.

    .PARAMETER SessionName
    The name of the [sso-session] section, shared by every profile that uses the same portal.

    .PARAMETER StartUrl
    Your AWS access portal URL, such as https://d-1234567890.awsapps.com/start.

    .PARAMETER SSORegion
    The region where IAM Identity Center is configured, such as us-west-2.

    .PARAMETER RegistrationScopes
    The scopes to register the client with. The default is sso:account:access.

    .PARAMETER Region
    The default region of the profile (its region key).

    .PARAMETER UseDeviceCode
    Signs in with the device-code flow instead of the browser and a local listener.

    .PARAMETER ExecutionTimeout
    How long to wait for the sign-in, in milliseconds. The default is 900000 (15 minutes).

    .PARAMETER PassThru
    Returns an object with the profile, session, account and role that were written.

    .EXAMPLE
    $params = @{
        ProfileName        = 'my-sso-profile'
        AccountId          = '111122223333'
        RoleName           = 'SamplePermissionSet'
        SessionName        = 'my-sso-session'
        StartUrl           = 'https://provided-domain.awsapps.com/start'
        SSORegion          = 'us-west-2'
        RegistrationScopes = 'sso:account:access'
    }
    Initialize-AWSSSOConfiguration @params

    Writes the profile my-sso-profile and the sso-session my-sso-session, and starts the
    portal session in the browser.

    .EXAMPLE
    Initialize-AWSSSOConfiguration

    Asks for every value, then lets you choose an account and a role from those assigned to you.

    .EXAMPLE
    Initialize-AWSSSOConfiguration -ProfileName dev -SessionName my-sso-session -WhatIf

    Shows what would be configured without changing anything.

    .OUTPUTS
    None, or AwsLogin.SsoConfiguration with -PassThru.

    .LINK
    Invoke-AWSSSOLogin
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium', PositionalBinding = $false, HelpUri = 'https://docs.aws.amazon.com/powershell/v5/reference/items/Initialize-AWSSSOConfiguration.html')]
    [OutputType('AwsLogin.SsoConfiguration')]
    param(
        [Parameter(ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [ArgumentCompleter([AwsLogin.Completer])]
        [string] $ProfileName,

        [Parameter(ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string] $AccountId,

        [Parameter(ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string] $RoleName,

        [Parameter(ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [ArgumentCompleter([AwsLogin.Completer])]
        [string] $SessionName,

        [Parameter(ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string] $StartUrl,

        [Parameter(ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [ArgumentCompleter([AwsLogin.Completer])]
        [string] $SSORegion,

        [Parameter(ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string[]] $RegistrationScopes,

        [Parameter(ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [ArgumentCompleter([AwsLogin.Completer])]
        [string] $Region,

        [Parameter(ValueFromPipelineByPropertyName)]
        [switch] $UseDeviceCode,

        [Parameter(ValueFromPipelineByPropertyName)]
        [ValidateRange(1, [int]::MaxValue)]
        [int] $ExecutionTimeout = 900000,

        [switch] $PassThru
    )

    process {
        if ($script:CompleteImport) { & $script:CompleteImport }
        $what = @(
            if ($ProfileName) { "profile '$ProfileName'" }
            if ($SessionName) { "sso-session '$SessionName'" }
        ) -join ' and '
        if (-not $what) { $what = 'an IAM Identity Center profile and sso-session' }
        $configFile = if ($env:AWS_CONFIG_FILE) { $env:AWS_CONFIG_FILE } else { [System.IO.Path]::Combine([Environment]::GetFolderPath('UserProfile'), '.aws', 'config') }
        if (-not $PSCmdlet.ShouldProcess("$what in $configFile", 'Write the IAM Identity Center configuration and sign in')) { return }

        $extra = [ordered]@{
            useDeviceCode           = [bool]$UseDeviceCode
            executionTimeoutSeconds = [int][Math]::Ceiling($ExecutionTimeout / 1000.0)
        }
        foreach ($pair in @(('AccountId', 'accountId'), ('RoleName', 'roleName'), ('SessionName', 'sessionName'), ('StartUrl', 'startUrl'), ('SSORegion', 'ssoRegion'))) {
            if ($PSBoundParameters.ContainsKey($pair[0])) { $extra[$pair[1]] = [string]$PSBoundParameters[$pair[0]] }
        }
        if ($RegistrationScopes) { $extra.registrationScopes = @($RegistrationScopes) }
        $result = InvokeNativeOperation -Operation SsoInit -Parameters $PSBoundParameters -Extra $extra -Cmdlet $PSCmdlet -TargetObject $ProfileName
        if ($PassThru -and $null -ne $result) {
            [pscustomobject]@{
                PSTypeName  = 'AwsLogin.SsoConfiguration'
                ProfileName = $result.profileName
                SessionName = $result.sessionName
                AccountId   = $result.accountId
                RoleName    = $result.roleName
                StartUrl    = $result.startUrl
                SSORegion   = $result.ssoRegion
                Region      = $result.region
                ConfigFile  = $result.configFile
            }
        }
    }
}
