# The parameters of the real AWS Tools for PowerShell cmdlets that AwsLogin mirrors, written down
# from their public source (aws/aws-tools-for-powershell) for tools/Update-ParityTable.ps1.
# Positions are the 0-based Position of the source ([Parameter(Position = n)]); the AWS reference
# pages show them 1-based. Pipeline: 'Value', 'PropertyName', both, or ''. Default: the value the
# cmdlet uses when the parameter is not given ('' when there is none). Sets: '' for all sets.
@{
    Cmdlets = @(
        @{
            Name       = 'Invoke-AWSLogin'
            Source     = 'modules/AWSPowerShell/Common/AWSLoginCmdlets.cs, InvokeAWSLoginCmdlet (commit a6a314ba, the generation with ShouldProcess and -ExecutionTimeout)'
            Binding    = 'SupportsShouldProcess, ConfirmImpact Medium'
            Parameters = @(
                @{ Name = 'ProfileName'; Type = 'String'; Sets = ''; Position = '0'; Mandatory = $false; Pipeline = 'Value, PropertyName'; Aliases = ''; Default = '' }
                @{ Name = 'Region'; Type = 'String'; Sets = ''; Position = '210'; Mandatory = $false; Pipeline = 'Value, PropertyName'; Aliases = ''; Default = '' }
                @{ Name = 'NoBrowser'; Type = 'SwitchParameter'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = ''; Aliases = ''; Default = '' }
                @{ Name = 'ExecutionTimeout'; Type = 'Int32'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = ''; Default = '900000' }
            )
        }
        @{
            Name       = 'Invoke-AWSLogout'
            Source     = 'modules/AWSPowerShell/Common/AWSLoginCmdlets.cs, InvokeAWSLogoutCmdlet (commit a6a314ba)'
            Binding    = 'SupportsShouldProcess, ConfirmImpact High'
            Parameters = @(
                @{ Name = 'ProfileName'; Type = 'String'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'Value, PropertyName'; Aliases = ''; Default = '' }
                @{ Name = 'All'; Type = 'SwitchParameter'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = ''; Aliases = ''; Default = '' }
            )
        }
        @{
            Name       = 'Initialize-AWSSSOConfiguration'
            Source     = 'modules/AWSPowerShell/Common/SSOCmdlets.cs, InitializeAWSSSOConfigurationCmdlet (newest version read, with -UseDeviceCode)'
            Binding    = 'SupportsShouldProcess, ConfirmImpact Medium'
            Parameters = @(
                @{ Name = 'ProfileName'; Type = 'String'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = ''; Default = '' }
                @{ Name = 'SessionName'; Type = 'String'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = ''; Default = '' }
                @{ Name = 'AccountId'; Type = 'String'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = ''; Default = '' }
                @{ Name = 'RoleName'; Type = 'String'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = ''; Default = '' }
                @{ Name = 'StartUrl'; Type = 'String'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = ''; Default = '' }
                @{ Name = 'SSORegion'; Type = 'String'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = ''; Default = '' }
                @{ Name = 'RegistrationScopes'; Type = 'String[]'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = ''; Default = 'sso:account:access' }
                @{ Name = 'Region'; Type = 'String'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = ''; Default = '' }
                @{ Name = 'UseDeviceCode'; Type = 'SwitchParameter'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = ''; Default = '' }
            )
        }
        @{
            Name       = 'Invoke-AWSSSOLogin'
            Source     = 'modules/AWSPowerShell/Common/SSOCmdlets.cs, InvokeAWSSSOLoginCmdlet (newest version read: PKCE, -UseDeviceCode, -ExecutionTimeout)'
            Binding    = 'DefaultParameterSetName Profile'
            Parameters = @(
                @{ Name = 'ProfileName'; Type = 'String'; Sets = 'Profile'; Position = '0'; Mandatory = $false; Pipeline = 'Value, PropertyName'; Aliases = ''; Default = '' }
                @{ Name = 'SessionName'; Type = 'String'; Sets = 'Session'; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = ''; Default = '' }
                @{ Name = 'Force'; Type = 'SwitchParameter'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = ''; Default = '' }
                @{ Name = 'UseDeviceCode'; Type = 'SwitchParameter'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = ''; Default = '' }
                @{ Name = 'ExecutionTimeout'; Type = 'Int32'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = ''; Default = '900000' }
            )
        }
        @{
            Name       = 'Invoke-AWSSSOLogout'
            Source     = 'modules/AWSPowerShell/Common/SSOCmdlets.cs, InvokeAWSSSOLogoutCmdlet'
            Binding    = 'SupportsShouldProcess, ConfirmImpact Medium'
            Parameters = @(
                @{ Name = 'ProfileName'; Type = 'String'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'Value, PropertyName'; Aliases = ''; Default = '' }
            )
        }
        @{
            Name       = 'Set-AWSSSOSessionConfiguration'
            Source     = 'modules/AWSPowerShell/Common/SSOCmdlets.cs, SetAWSSSOSessionConfigurationCmdlet (newest version read: -SSORegion optional, taken from the start URL when it carries one)'
            Binding    = 'SupportsShouldProcess, ConfirmImpact Medium'
            Parameters = @(
                @{ Name = 'SessionName'; Type = 'String'; Sets = ''; Position = ''; Mandatory = $true; Pipeline = 'PropertyName'; Aliases = ''; Default = '' }
                @{ Name = 'StartUrl'; Type = 'String'; Sets = ''; Position = ''; Mandatory = $true; Pipeline = 'PropertyName'; Aliases = ''; Default = '' }
                @{ Name = 'SSORegion'; Type = 'String'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = ''; Default = '' }
                @{ Name = 'RegistrationScopes'; Type = 'String[]'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = ''; Default = 'sso:account:access' }
            )
        }
        @{
            Name       = 'Get-STSCallerIdentity'
            Source     = 'modules/AWSPowerShell/Cmdlets/SecurityToken/Basic/Get-STSCallerIdentity-Cmdlet.cs (own parameters) and Common/CredentialsArguments.cs, AWSCommonArgumentsCmdlet (credential and region parameters); -EndpointUrl from Common/BaseCmdlets.cs ServiceCmdlet'
            Binding    = ''
            Parameters = @(
                @{ Name = 'Select'; Type = 'String'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = ''; Default = '*' }
                @{ Name = 'Region'; Type = 'Object'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = 'RegionToCall'; Default = '' }
                @{ Name = 'AccessKey'; Type = 'String'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = 'AK'; Default = '' }
                @{ Name = 'SecretKey'; Type = 'String'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = 'SK, SecretAccessKey'; Default = '' }
                @{ Name = 'SessionToken'; Type = 'String'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = 'ST'; Default = '' }
                @{ Name = 'ProfileName'; Type = 'String'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = 'StoredCredentials, AWSProfileName'; Default = '' }
                @{ Name = 'ProfileLocation'; Type = 'String'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = 'AWSProfilesLocation, ProfilesLocation'; Default = '' }
                @{ Name = 'Credential'; Type = 'AWSCredentials'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'Value, PropertyName'; Aliases = ''; Default = '' }
                @{ Name = 'NetworkCredential'; Type = 'PSCredential'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'Value, PropertyName'; Aliases = ''; Default = '' }
                @{ Name = 'EndpointUrl'; Type = 'String'; Sets = ''; Position = ''; Mandatory = $false; Pipeline = 'PropertyName'; Aliases = ''; Default = '' }
            )
        }
    )
}
