<#
.SYNOPSIS
Demo part: console-credential login against the emulator. A real headless Chromium plays the
user (tests/Support/drive-browser.py opens the sign-in page and clicks Approve), then the new
profile is used and logged out. Called by tests/Demo.ps1.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] $Emulator,
    [Parameter(Mandatory)] $TestHome
)

$ErrorActionPreference = 'Stop'
function Step([string] $Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }

$python = (Get-Command python3, python -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
$chromium = if ($env:CHROMIUM) { $env:CHROMIUM } else { '/usr/bin/chromium' }
if (-not $python -or -not (Test-Path $chromium -PathType Leaf)) {
    Write-Host "`n(Skipping the console login demo: it needs python3 and chromium + chromedriver.)" -ForegroundColor Yellow
    return
}
$savedBrowser = $env:BROWSER
try {
    $env:BROWSER = Get-TestBrowserCommand
    Step "Invoke-AWSLogin -ProfileName console -Region us-east-1   (BROWSER = headless Chromium clicking Approve)"
    Invoke-AWSLogin -ProfileName console -Region us-east-1 -PassThru | Format-List | Out-Host

    Step "The profile in $($TestHome.Config)"
    Get-Content $TestHome.Config | Out-Host
    $cache = Get-ChildItem (Join-Path $TestHome.Aws 'login' 'cache') -Filter *.json | Select-Object -First 1
    Step "The cache file $($cache.Name) (AWS CLI format; secrets hidden here)"
    (Get-Content $cache.FullName -Raw | ConvertFrom-Json).PSObject.Properties.Name -join ', ' | Out-Host

    Step 'Get-STSCallerIdentity -ProfileName console'
    Get-STSCallerIdentity -ProfileName console | Format-List | Out-Host

    Step 'Invoke-AWSLogout -ProfileName console -Confirm:$false'
    Invoke-AWSLogout -ProfileName console -Confirm:$false
}
finally {
    $env:BROWSER = $savedBrowser
}
