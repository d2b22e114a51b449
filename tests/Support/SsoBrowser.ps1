# Opens -Url in headless Chromium through chromedriver's WebDriver API, clicks the button with
# id $env:AWSLOGIN_TEST_BROWSER_ACTION ('approve' by default, or 'deny'), and waits until the page
# it leads to has loaded (for a PKCE sign-in: the loopback callback's answer). Every step is
# appended to $env:AWSLOGIN_TEST_BROWSER_LOG when set, so a failing test can show what happened.
param([Parameter(Mandatory)] [string] $Url)

$ErrorActionPreference = 'Stop'
$action = if ($env:AWSLOGIN_TEST_BROWSER_ACTION) { $env:AWSLOGIN_TEST_BROWSER_ACTION } else { 'approve' }
function Log([string] $Text) {
    if ($env:AWSLOGIN_TEST_BROWSER_LOG) { Add-Content -Path $env:AWSLOGIN_TEST_BROWSER_LOG -Value "$(Get-Date -Format o) $Text" }
}

$listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
$listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
$profileDir = Join-Path ([System.IO.Path]::GetTempPath()) ("awslogin-chromium-" + [guid]::NewGuid().ToString('n'))
$driver = Start-Process -FilePath chromedriver -ArgumentList "--port=$port" -PassThru -RedirectStandardOutput (Join-Path ([System.IO.Path]::GetTempPath()) "chromedriver-$port.log")
$base = "http://127.0.0.1:$port"
$session = $null
try {
    $deadline = [datetime]::UtcNow.AddSeconds(20)
    while ($true) {
        try { $null = Invoke-RestMethod "$base/status" -TimeoutSec 2; break } catch { if ([datetime]::UtcNow -gt $deadline) { throw 'chromedriver did not start' }; Start-Sleep -Milliseconds 100 }
    }
    $caps = @{ capabilities = @{ alwaysMatch = @{ browserName = 'chrome'; 'goog:chromeOptions' = @{
                    binary = '/usr/bin/chromium'
                    args   = @('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', "--user-data-dir=$profileDir")
                } } } } | ConvertTo-Json -Depth 6
    $session = (Invoke-RestMethod -Method Post "$base/session" -Body $caps -ContentType 'application/json').value.sessionId
    Log "session $session; opening $Url"
    $null = Invoke-RestMethod -Method Post "$base/session/$session/url" -Body (@{ url = $Url } | ConvertTo-Json) -ContentType 'application/json'
    $found = Invoke-RestMethod -Method Post "$base/session/$session/element" -Body (@{ using = 'css selector'; value = "#$action" } | ConvertTo-Json) -ContentType 'application/json'
    $element = $found.value.'element-6066-11e4-a52e-4f735466cecf'
    Log "clicking #$action"
    $null = Invoke-RestMethod -Method Post "$base/session/$session/element/$element/click" -Body '{}' -ContentType 'application/json'
    Start-Sleep -Milliseconds 500
    $now = (Invoke-RestMethod "$base/session/$session/url").value
    $source = (Invoke-RestMethod "$base/session/$session/source").value
    Log "now at $now"
    Log ("page: " + ($source -replace '<[^>]+>', ' ' -replace '\s+', ' ').Trim())
}
catch {
    Log "failed: $_"
}
finally {
    if ($session) { try { $null = Invoke-RestMethod -Method Delete "$base/session/$session" } catch { } }
    if (-not $driver.HasExited) { $driver.Kill() }
    Remove-Item -Recurse -Force $profileDir -ErrorAction SilentlyContinue
}
