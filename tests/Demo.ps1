<#
.SYNOPSIS
The AwsLogin demo: the module against the bundled AWS emulator, in a throw-away AWS folder.

.DESCRIPTION
Starts tests/emulator on 127.0.0.1, points the standard AWS_ENDPOINT_URL at it (as a user would
point the AWS tools at any endpoint), writes a profile into a temporary AWS config folder (your
own ~/.aws is never read or written) and shows the module at work. Run it with
./bootstrap.sh Demo (or ./build.ps1 Demo after a build).
#>
[CmdletBinding()]
param()

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'Support' 'TestHelpers.psm1') -Force
Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force

function Step([string] $Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }

$emulator = Start-AwsEmulator
$testHome = New-TestAwsHome
try {
    $env:AWS_ENDPOINT_URL = $emulator.Url
    $alice = Get-EmulatorAlice
    Step "AWS emulator listening at $($emulator.Url); AWS folder $($testHome.Aws)"

    Step 'A profile with static keys in the shared credentials file'
    Set-Content $testHome.Credentials "[demo]`naws_access_key_id = $($alice.AccessKey)`naws_secret_access_key = $($alice.SecretKey)`nregion = us-west-2`n"
    Write-Host "[demo] in $($testHome.Credentials)"

    Step 'Get-STSCallerIdentity -ProfileName demo -Verbose'
    Get-STSCallerIdentity -ProfileName demo -Verbose | Format-List | Out-Host

    Step 'Get-STSCallerIdentity -ProfileName demo -Select Account'
    Get-STSCallerIdentity -ProfileName demo -Select Account | Out-Host

    Step 'A clear error for a profile that does not exist'
    try { Get-STSCallerIdentity -ProfileName typo } catch { Write-Host "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" -ForegroundColor Yellow }

    # Later steps (console login, IAM Identity Center) are added by tests/Demo.*.ps1 files.
    foreach ($part in Get-ChildItem $PSScriptRoot -Filter 'Demo.*.ps1' | Sort-Object Name) {
        & $part.FullName -Emulator $emulator -TestHome $testHome
    }
    Write-Host "`nDemo finished." -ForegroundColor Green
}
finally {
    Restore-TestEnvironment $testHome
    Stop-AwsEmulator $emulator
}
