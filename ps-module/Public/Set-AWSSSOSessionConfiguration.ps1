function Set-AWSSSOSessionConfiguration {
    <#
    .SYNOPSIS
    Creates or updates an sso-session section in the shared config file.

    .DESCRIPTION
    Writes [sso-session NAME] with sso_start_url, sso_region and sso_registration_scopes to the
    shared config file (AWS_CONFIG_FILE or ~/.aws/config), as the AWS Tools for PowerShell's
    cmdlet of the same name does. Every other line of the file (comments, order, other profiles
    and sessions, other keys of this session) is kept, and the file is replaced atomically.

    Nothing is signed in: profiles that name the session with sso_session use it, and
    Invoke-AWSSSOLogin -SessionName NAME starts its access portal session. To write a profile
    too, use Initialize-AWSSSOConfiguration.

    The start URL must be an absolute URL (a trailing '/' is dropped) and the region an AWS
    Region; anything else is refused before the file is touched.

    .PARAMETER SessionName
    The name of the [sso-session] section, shared by every profile that uses the same portal.

    .PARAMETER StartUrl
    Your AWS access portal URL, such as https://d-1234567890.awsapps.com/start.

    .PARAMETER SSORegion
    The region where IAM Identity Center is configured, such as us-west-2. It can differ from
    the region of the profiles that use the session.

    .PARAMETER RegistrationScopes
    The scopes to register the client with. The default is sso:account:access.

    .EXAMPLE
    Set-AWSSSOSessionConfiguration -SessionName my-sso -StartUrl https://d-1234567890.awsapps.com/start -SSORegion us-west-2

    Writes [sso-session my-sso]; then Invoke-AWSSSOLogin -SessionName my-sso signs in.

    .EXAMPLE
    Import-Csv sessions.csv | Set-AWSSSOSessionConfiguration -WhatIf

    Shows the sessions a CSV with SessionName, StartUrl and SSORegion columns would write.

    .OUTPUTS
    None.

    .LINK
    Initialize-AWSSSOConfiguration

    .LINK
    Invoke-AWSSSOLogin
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium', PositionalBinding = $false, HelpUri = 'https://docs.aws.amazon.com/powershell/v5/reference/items/Set-AWSSSOSessionConfiguration.html')]
    [OutputType([void])]
    param(
        [Parameter(Mandatory, ValueFromPipelineByPropertyName)]
        [ArgumentCompleter([AwsLogin.Completer])]
        [string] $SessionName,

        [Parameter(Mandatory, ValueFromPipelineByPropertyName)]
        [string] $StartUrl,

        [Parameter(Mandatory, ValueFromPipelineByPropertyName)]
        [ArgumentCompleter([AwsLogin.Completer])]
        [string] $SSORegion,

        [Parameter(ValueFromPipelineByPropertyName)]
        [string[]] $RegistrationScopes
    )

    process {
        if ($script:CompleteImport) { & $script:CompleteImport }
        $configFile = if ($env:AWS_CONFIG_FILE) { $env:AWS_CONFIG_FILE } else { [System.IO.Path]::Combine([Environment]::GetFolderPath('UserProfile'), '.aws', 'config') }
        if (-not $PSCmdlet.ShouldProcess("sso-session '$SessionName' in $configFile", 'Write the IAM Identity Center session settings')) { return }
        $extra = [ordered]@{ sessionOnly = $true; sessionName = $SessionName; startUrl = $StartUrl; ssoRegion = $SSORegion }
        if ($RegistrationScopes) { $extra.registrationScopes = @($RegistrationScopes) }
        # A failing item stops the pipeline, as the AWS cmdlet's terminating errors do.
        $null = InvokeNativeOperation -Operation SsoInit -Parameters @{} -Extra $extra -Cmdlet $PSCmdlet -TargetObject $SessionName
    }
}
