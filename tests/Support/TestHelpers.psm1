# Shared helpers for the Pester tests: the real emulator process and throw-away AWS folders.
# Tests drive the real module against the real emulator; nothing of the module is mocked.

Set-StrictMode -Version 3.0

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).Path

function Get-RepoRoot { $script:RepoRoot }

function Complete-AwsLoginImport {
    # The module defines its private helpers at its first command, not at import
    # ($script:CompleteImport in AwsLogin.psm1); the tests of ps-module/Private reach them with
    # InModuleScope before any command has run, so they run that step first.
    # -All: from inside this module Get-Module lists only what this module imported, and when
    # Pester runs from a module (./build.ps1 Test) the tests' imports are not in that list.
    $module = @(Get-Module AwsLogin -All | Where-Object ModuleBase -EQ (Join-Path $script:RepoRoot 'ps-module'))
    if ($module.Count -ne 1) { throw "Complete-AwsLoginImport: expected the repository's AwsLogin to be imported once, found it $($module.Count) times." }
    & $module[0] { if ($script:CompleteImport) { & $script:CompleteImport } }
}

function Get-SharedDir {
    # The read-only reference data beside the repository (../shared), or AWSLOGIN_SHARED_DIR.
    if ($env:AWSLOGIN_SHARED_DIR) { return $env:AWSLOGIN_SHARED_DIR }
    Join-Path (Split-Path $script:RepoRoot -Parent) 'shared'
}

function Start-AwsEmulator {
    # Starts tests/emulator on a random port and returns @{ Url; Process }. It exits by itself
    # when its stdin closes, so a test run that dies does not leave it behind.
    param([string] $SeedPath)
    $exe = Join-Path $script:RepoRoot 'target' 'release' ($IsWindows ? 'awslogin-emulator.exe' : 'awslogin-emulator')
    if (-not (Test-Path $exe)) { throw "The emulator is not built ($exe): run ./build.ps1 Build." }
    $psi = [System.Diagnostics.ProcessStartInfo]::new($exe)
    $psi.ArgumentList.Add('--exit-on-stdin-eof')
    if ($SeedPath) { $psi.ArgumentList.Add('--seed'); $psi.ArgumentList.Add($SeedPath) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    # Drain stderr in the background so the emulator never blocks on a full pipe.
    $null = $process.StandardError.ReadToEndAsync()
    $readLine = $process.StandardOutput.ReadLineAsync()
    if (-not $readLine.Wait(15000)) { $process.Kill(); throw 'The emulator did not print its URL within 15 s.' }
    $url = $readLine.Result
    if ($url -notmatch '^http://127\.0\.0\.1:\d+$') { $process.Kill(); throw "The emulator printed '$url' instead of its URL." }
    [pscustomobject]@{ Url = $url; Process = $process }
}

function Stop-AwsEmulator {
    param([Parameter(Mandatory)] $Emulator)
    if ($Emulator -and -not $Emulator.Process.HasExited) {
        try { $Emulator.Process.StandardInput.Close() } catch { }
        if (-not $Emulator.Process.WaitForExit(5000)) { $Emulator.Process.Kill() }
    }
}

function Invoke-EmulatorControl {
    # Calls the emulator's /_emulator control API (faults, request log, credentials, clock).
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)] [string] $Path,
        [string] $Method = 'GET',
        [object] $Body
    )
    $params = @{ Uri = "$($Emulator.Url)/_emulator/$Path"; Method = $Method }
    if ($null -ne $Body) { $params.Body = ($Body | ConvertTo-Json -Depth 5 -Compress); $params.ContentType = 'application/json' }
    # Enumerate JSON arrays so callers can count and filter the items.
    $response = Invoke-RestMethod @params
    foreach ($item in $response) { $item }
}

function New-TestAwsHome {
    # A fresh home folder with an empty .aws, and the environment pointed at it: HOME, the config
    # and credentials files, and the login cache. Returns the folder; restore with Restore-TestEnvironment.
    # Instance metadata is turned off (AWS_EC2_METADATA_DISABLED=true): nothing a test runs may
    # reach 169.254.169.254. Tests of IMDS point AWS_EC2_METADATA_SERVICE_ENDPOINT at the emulator.
    $saved = @{}
    foreach ($name in 'HOME', 'USERPROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION',
        'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_SIGNIN',
        'AWS_ENDPOINT_URL_SSO', 'AWS_ENDPOINT_URL_SSO_OIDC', 'AWS_LOGIN_CACHE_DIRECTORY', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'BROWSER',
        'AWSLOGIN_CREDENTIAL_PROCESS_CHAIN',
        # What decides whether a browser can be reached, and the test browser drivers' knobs.
        'DISPLAY', 'WAYLAND_DISPLAY', 'SSH_CONNECTION', 'SSH_TTY', 'DRIVE_BROWSER_DECISION', 'DRIVE_BROWSER_LOG', 'DRIVE_BROWSER_TEXT_FILE', 'FORGE_MODE',
        # The sources at the end of the default chain.
        'AWS_EC2_METADATA_DISABLED', 'AWS_EC2_METADATA_SERVICE_ENDPOINT', 'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE', 'AWS_EC2_METADATA_V1_DISABLED',
        'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN',
        'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN', 'AWS_ROLE_SESSION_NAME', 'AWS_DATA_PATH') {
        $saved[$name] = [System.Environment]::GetEnvironmentVariable($name)
        # Remove-Item, not SetEnvironmentVariable($name, $null): pwsh 7.6 passes the latter to
        # child processes as an empty NAME=.
        Remove-Item -Path "Env:$name" -ErrorAction SilentlyContinue
    }
    $root = Join-Path ([System.IO.Path]::GetTempPath()) ("awslogin-test-" + [guid]::NewGuid().ToString('n'))
    $aws = Join-Path $root '.aws'
    New-Item -ItemType Directory -Path $aws -Force | Out-Null
    $env:HOME = $root
    $env:USERPROFILE = $root
    $env:AWS_CONFIG_FILE = Join-Path $aws 'config'
    $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $aws 'credentials'
    # Peer SDKs (botocore, the AWS CLI) and the module's own chain must never reach 169.254.169.254 from here.
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    [pscustomobject]@{ Root = $root; Aws = $aws; Config = $env:AWS_CONFIG_FILE; Credentials = $env:AWS_SHARED_CREDENTIALS_FILE; Saved = $saved }
}

function Restore-TestEnvironment {
    param([Parameter(Mandatory)] $TestHome)
    foreach ($name in $TestHome.Saved.Keys) {
        if ($null -eq $TestHome.Saved[$name]) { Remove-Item -Path "Env:$name" -ErrorAction SilentlyContinue }
        else { Set-Item -Path "Env:$name" -Value $TestHome.Saved[$name] }
    }
    Remove-Item -Recurse -Force $TestHome.Root -ErrorAction SilentlyContinue
}

function Invoke-TestProcess {
    # Runs $Script in a separate pwsh with the module imported and returns its output; a child
    # that hangs is killed and the call throws (a blocked native read cannot be stopped in-process).
    param([Parameter(Mandatory)] [string] $Script, [int] $TimeoutSeconds = 60)
    $pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
    if (-not $pwsh) { $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh') }
    $manifest = Join-Path $script:RepoRoot 'ps-module' 'AwsLogin.psd1'
    $psi = [System.Diagnostics.ProcessStartInfo]::new($pwsh)
    foreach ($a in '-NoProfile', '-NonInteractive', '-Command', "Import-Module '$manifest'; $Script") { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $p = [System.Diagnostics.Process]::Start($psi)
    $out = $p.StandardOutput.ReadToEndAsync()
    if (-not $p.WaitForExit($TimeoutSeconds * 1000)) { $p.Kill($true); throw "The command hung for $TimeoutSeconds s: $Script" }
    $out.Result.Trim()
}

function Lock-TestFile {
    # Makes $Path impossible to replace, even for root (whose writes chmod does not stop); undo
    # with Unlock-TestFile before the folder is removed.
    param([Parameter(Mandatory)] [string] $Path)
    if ((id -u) -eq '0') { chattr +i $Path; if ($LASTEXITCODE) { throw "chattr +i $Path failed" } }
    else { chmod 0444 $Path; chmod 0555 (Split-Path $Path) }
}

function Unlock-TestFile {
    param([Parameter(Mandatory)] [string] $Path)
    if ((id -u) -eq '0') { chattr -i $Path } else { chmod 0755 (Split-Path $Path); chmod 0644 $Path }
}

function Get-FileSnapshot {
    # Path → SHA-256 of every file below $Path, to prove a failure touched nothing; compare two
    # with Assert-TreeUnchanged. Keys are case-sensitive, like the file systems that matter here.
    param([Parameter(Mandatory)] [string] $Path)
    $snapshot = [hashtable]::new([System.StringComparer]::Ordinal)
    if (Test-Path $Path) {
        Get-ChildItem $Path -Recurse -File -Force | ForEach-Object { $snapshot[$_.FullName] = (Get-FileHash $_.FullName -Algorithm SHA256).Hash }
    }
    $snapshot
}

function Assert-TreeUnchanged {
    # The one assertion that a folder is as it was: compares two Get-FileSnapshot results path by
    # path and hash by hash, and fails naming every file added, removed or changed (a count, or
    # Should -BeLike on two hashtables, would pass whatever happened to the contents).
    # -Ignore takes wildcards for files that may legitimately appear, such as '*.lock'.
    param(
        [Parameter(Mandatory)] [hashtable] $Before,
        [Parameter(Mandatory)] [hashtable] $After,
        [string[]] $Ignore = @(),
        [string] $Because
    )
    $differences = [System.Collections.Generic.List[string]]::new()
    $paths = [System.Collections.Generic.SortedSet[string]]::new([System.StringComparer]::Ordinal)
    foreach ($path in @($Before.Keys) + @($After.Keys)) { $null = $paths.Add($path) }
    foreach ($path in $paths) {
        if (@($Ignore | Where-Object { $path -like $_ }).Count) { continue }
        if (-not $After.ContainsKey($path)) { $differences.Add("removed: $path") }
        elseif (-not $Before.ContainsKey($path)) { $differences.Add("added: $path") }
        elseif ($Before[$path] -cne $After[$path]) { $differences.Add("changed: $path") }
    }
    if ($differences.Count) {
        $why = if ($Because) { " because $Because" } else { '' }
        throw "Expected the files to be unchanged$why, but $($differences.Count) differ:`n  $($differences -join "`n  ")"
    }
}

function Get-TestBrowserCommand {
    # The $BROWSER value that runs a stand-in browser from tests/Support with python3 ('%s' is the
    # URL): drive-browser.py (headless Chromium), forge-callback.py (hostile callbacks).
    param([string] $Script = 'drive-browser.py')
    $python = if (Test-Path '/usr/bin/python3' -PathType Leaf) { '/usr/bin/python3' } else { (Get-Command python3 -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source }
    '"{0}" "{1}" %s' -f $python, (Join-Path $PSScriptRoot $Script)
}

function Wait-LoopbackPort {
    # Waits for a job running a browser sign-in to print its authorize URL, and returns the
    # loopback port named in its redirect_uri (or $null after 30 s).
    param([Parameter(Mandatory)] $Job)
    $deadline = [datetime]::UtcNow.AddSeconds(30)
    while ([datetime]::UtcNow -lt $deadline) {
        $text = ($Job.Information | ForEach-Object { "$_" }) -join "`n"
        if ($text -match 'redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A(\d+)%2F') { return [int]$Matches[1] }
        Start-Sleep -Milliseconds 100
    }
    $null
}

function Test-PortListening {
    # Whether something accepts connections on 127.0.0.1:$Port.
    param([Parameter(Mandatory)] [int] $Port)
    try { $c = [System.Net.Sockets.TcpClient]::new(); $c.Connect('127.0.0.1', $Port); $c.Dispose(); $true }
    catch { $false }
}

function Wait-PortClosed {
    # Whether 127.0.0.1:$Port stops accepting connections within 5 s.
    param([Parameter(Mandatory)] [int] $Port)
    foreach ($i in 1..50) {
        if (-not (Test-PortListening $Port)) { return $true }
        Start-Sleep -Milliseconds 100
    }
    $false
}

function Invoke-ChildPwsh {
    # Runs $Script in a fresh pwsh with the module imported and stdin redirected and closed at
    # once (the end of input, as `pwsh ... < /dev/null`), optionally with -NonInteractive and
    # extra environment variables (TZ...). The child inherits this process's environment. Killed
    # after $TimeoutSeconds, so a prompt that loops cannot hang the suite. Returns ExitCode,
    # Output (stdout and stderr) and TimedOut. -CompleteImport runs the module's first-use step
    # (Complete-AwsLoginImport) before $Script, for scripts that call its private helpers.
    param(
        [Parameter(Mandatory)] [string] $Script,
        [switch] $NonInteractive,
        [switch] $CompleteImport,
        [hashtable] $Environment = @{},
        [int] $TimeoutSeconds = 120
    )
    $file = Join-Path ([System.IO.Path]::GetTempPath()) ("awslogin-child-" + [guid]::NewGuid().ToString('n') + '.ps1')
    $manifest = Join-Path $script:RepoRoot 'ps-module' 'AwsLogin.psd1'
    $complete = if ($CompleteImport) { "& (Get-Module AwsLogin) { & `$script:CompleteImport }`n" } else { '' }
    Set-Content -Path $file -Value ("`$ErrorActionPreference = 'Stop'`nImport-Module '$manifest'`n" + $complete + $Script)
    $pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
    if (-not $pwsh) { $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh') }
    $psi = [System.Diagnostics.ProcessStartInfo]::new($pwsh)
    $psi.ArgumentList.Add('-NoProfile')
    if ($NonInteractive) { $psi.ArgumentList.Add('-NonInteractive') }
    $psi.ArgumentList.Add('-File'); $psi.ArgumentList.Add($file)
    foreach ($k in $Environment.Keys) { $psi.Environment[$k] = [string]$Environment[$k] }
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    try {
        $p = [System.Diagnostics.Process]::Start($psi)
        $p.StandardInput.Close()
        $out = $p.StandardOutput.ReadToEndAsync()
        $err = $p.StandardError.ReadToEndAsync()
        $timedOut = -not $p.WaitForExit($TimeoutSeconds * 1000)
        if ($timedOut) { $p.Kill($true); $p.WaitForExit() }
        [pscustomobject]@{ ExitCode = $p.ExitCode; Output = $out.Result + $err.Result; TimedOut = $timedOut }
    }
    finally { Remove-Item $file -ErrorAction SilentlyContinue }
}

# The emulator's seeded IAM user (tests/emulator/seed.json): obviously fake keys.
$script:Alice = [pscustomobject]@{
    AccessKey = 'AKIAEMULATORALICE001'
    SecretKey = 'EMULATOR/fake/secret/for/alice/NOTREAL01'
    Arn       = 'arn:aws:iam::111122223333:user/alice'
    UserId    = 'AIDAEMULATORALICE0001'
    Account   = '111122223333'
}
function Get-EmulatorAlice { $script:Alice }

Export-ModuleMember -Function *
