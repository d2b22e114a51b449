<#
.SYNOPSIS
The IAM Identity Center part of the demo (run by tests/Demo.ps1): the guide's walk-through.

.DESCRIPTION
Initialize-AWSSSOConfiguration @params writes the profile and sso-session and signs in; a
stand-in browser (headless Chromium, tests/Support/drive-browser.py) clicks "Allow" on the
emulator's consent page. Then Get-STSCallerIdentity uses the profile, Invoke-AWSSSOLogin sees
the active session, and Invoke-AWSSSOLogout ends it.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] $Emulator,
    [Parameter(Mandatory)] $TestHome
)

$ErrorActionPreference = 'Stop'
function Step([string] $Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }

if (-not (Get-Command chromedriver -ErrorAction SilentlyContinue) -or $IsWindows) {
    Write-Host "`n== IAM Identity Center: skipped (the stand-in browser needs chromedriver and chromium)." -ForegroundColor Yellow
    return
}
$saved = @{ BROWSER = $env:BROWSER; DRIVE_BROWSER_DECISION = $env:DRIVE_BROWSER_DECISION }
$env:BROWSER = Get-TestBrowserCommand
$env:DRIVE_BROWSER_DECISION = 'approve'
try {
    Step 'IAM Identity Center: the guide''s Initialize-AWSSSOConfiguration @params (a headless browser clicks Allow)'
    $params = @{
        ProfileName        = 'my-sso-profile'
        AccountId          = '111122223333'
        RoleName           = 'SamplePermissionSet'
        SessionName        = 'my-sso-session'
        StartUrl           = 'https://provided-domain.awsapps.com/start'
        SSORegion          = 'us-west-2'
        RegistrationScopes = 'sso:account:access'
    }
    Initialize-AWSSSOConfiguration @params -ExecutionTimeout 60000
    Write-Host "`n$($TestHome.Config):" ; Get-Content $TestHome.Config | Out-Host

    Step 'Get-STSCallerIdentity -ProfileName my-sso-profile'
    Get-STSCallerIdentity -ProfileName my-sso-profile | Format-List | Out-Host

    Step 'Invoke-AWSSSOLogin -ProfileName my-sso-profile (the session is active)'
    Invoke-AWSSSOLogin -ProfileName my-sso-profile

    Step 'Invoke-AWSSSOLogout -ProfileName my-sso-profile, then a clear error'
    Invoke-AWSSSOLogout -ProfileName my-sso-profile -Confirm:$false
    try { Get-STSCallerIdentity -ProfileName my-sso-profile } catch { Write-Host "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" -ForegroundColor Yellow }
}
finally {
    foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
}
