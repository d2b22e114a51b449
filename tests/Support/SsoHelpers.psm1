# Helpers for the IAM Identity Center tests (Initialize-AWSSSOConfiguration, Invoke-AWSSSOLogin,
# Invoke-AWSSSOLogout): config sections, token-file paths, and the headless-Chromium "browser"
# (tests/Support/drive-browser.py, written for the login tests).

Set-StrictMode -Version 3.0

# Get-TestBrowserCommand (the stand-in browser shared with the login tests) and friends.
Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')

function Use-TestBrowser {
    # Points BROWSER at drive-browser.py (it clicks #approve, or #deny with -Action deny, on the
    # emulator's consent or device page). Returns its log file. The caller restores
    # DRIVE_BROWSER_DECISION and DRIVE_BROWSER_LOG.
    param([ValidateSet('approve', 'deny')] [string] $Action = 'approve')
    $env:BROWSER = Get-TestBrowserCommand
    $env:DRIVE_BROWSER_DECISION = $Action
    $env:DRIVE_BROWSER_LOG = Join-Path $env:HOME 'browser.log'
    $env:DRIVE_BROWSER_LOG
}

function Get-TestBrowserLog {
    if ($env:DRIVE_BROWSER_LOG -and (Test-Path $env:DRIVE_BROWSER_LOG)) { Get-Content -Raw $env:DRIVE_BROWSER_LOG } else { '(no browser log)' }
}

function Get-Sha1Hex([string] $Text) {
    $sha = [System.Security.Cryptography.SHA1]::Create()
    -join ($sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($Text)) | ForEach-Object { $_.ToString('x2') })
}

function Get-SsoTokenPath {
    # The token file of a session name (or of a start URL, for legacy profiles).
    param([Parameter(Mandatory)] [string] $Key)
    Join-Path $env:HOME '.aws' 'sso' 'cache' ((Get-Sha1Hex $Key) + '.json')
}

function Set-SsoProfile {
    # Appends an sso-session and a profile that uses it to the config file.
    param(
        [Parameter(Mandatory)] [string] $ConfigPath,
        [string] $ProfileName = 'sso-dev',
        [string] $SessionName = 'dev-session',
        [string] $AccountId = '111122223333',
        [string] $RoleName = 'ReadOnly',
        [string] $StartUrl = 'https://d-1234567890.awsapps.com/start'
    )
    Add-Content -Path $ConfigPath -Value @"
[profile $ProfileName]
sso_session = $SessionName
sso_account_id = $AccountId
sso_role_name = $RoleName
region = us-east-1

[sso-session $SessionName]
sso_start_url = $StartUrl
sso_region = us-east-1
sso_registration_scopes = sso:account:access

"@
}

function Invoke-DeviceApproval {
    # Approves a device code through the emulator's verification page, as a person would.
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $UserCode)
    Invoke-WebRequest -Method Post -Uri "$($Emulator.Url)/device/approve" -Body @{ user_code = $UserCode } -ContentType 'application/x-www-form-urlencoded' | Out-Null
}

Export-ModuleMember -Function *
