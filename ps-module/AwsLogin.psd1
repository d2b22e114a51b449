@{
    RootModule           = 'AwsLogin.psm1'
    # Written by ./build.ps1 Build from Cargo.toml ([workspace.package] version), the one place
    # the version is set; ./build.ps1 Test fails when this line differs.
    ModuleVersion        = '0.1.0'
    GUID                 = '3f0b7c1e-6a52-4b7d-9a1f-2d8e4c5b9a10'
    Author               = 'The AwsLogin contributors'
    Copyright            = '(c) The AwsLogin contributors. Apache-2.0.'
    Description          = 'Fast AWS sign-in for PowerShell: console-credential login, IAM Identity Center and Get-STSCallerIdentity, with the parameters of the AWS Tools for PowerShell, on a Rust core that shares sessions with the AWS CLI and SDKs.'
    PowerShellVersion    = '7.2'
    CompatiblePSEditions = @('Core')
    FunctionsToExport    = @(
        'Get-AWSCredential'
        'Get-AWSLoginSession'
        'Get-STSCallerIdentity'
        'Initialize-AWSSSOConfiguration'
        'Invoke-AWSLogin'
        'Invoke-AWSLogout'
        'Invoke-AWSSSOLogin'
        'Invoke-AWSSSOLogout'
        'Open-AWSConsole'
        'Set-AWSSSOSessionConfiguration'
        'Sync-AWSSSOProfile'
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    # Filled in the package by ./build.ps1 Package with every file it holds.
    FileList             = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'Login', 'SSO', 'IdentityCenter', 'STS', 'Credentials', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/awslogin/AwsLogin'
            LicenseUri   = 'https://www.apache.org/licenses/LICENSE-2.0'
            # Filled in the package by ./build.ps1 Package from the newest section of CHANGELOG.md.
            ReleaseNotes = ''
        }
    }
}
