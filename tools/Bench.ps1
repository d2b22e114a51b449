<#
.SYNOPSIS
Measures AwsLogin side by side with its peers in one run and rewrites BENCHMARKS.md.

.DESCRIPTION
Every row runs ours and the peer on this machine, in this run, against the same emulator on
127.0.0.1. Numbers come only from here, never from a test. -Quick takes fewer runs.
#>
[CmdletBinding()]
param([switch] $Quick)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$Root = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $Root 'tests' 'Support' 'TestHelpers.psm1') -Force
$module = Join-Path $Root 'ps-module' 'AwsLogin.psd1'
$pwsh = (Get-Command pwsh -CommandType Application | Select-Object -First 1).Source
$nuget = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget' 'packages' }
$sdkCore = Join-Path $nuget 'awssdk.core' '4.0.102.19' 'lib' 'net8.0' 'AWSSDK.Core.dll'
$sdkSts = Join-Path $nuget 'awssdk.securitytoken' '4.0.101.10' 'lib' 'net8.0' 'AWSSDK.SecurityToken.dll'
foreach ($f in $sdkCore, $sdkSts) { if (-not (Test-Path $f)) { throw "$f is missing: run ./bootstrap.sh (tools/packages.csproj restores it)." } }

function Get-Stats([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $n = $sorted.Count
    $median = if ($n % 2) { $sorted[[int][math]::Floor($n / 2)] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
    $p90 = $sorted[[int][math]::Min($n - 1, [math]::Ceiling(0.9 * $n) - 1)]
    [pscustomobject]@{ Median = $median; P90 = $p90; Runs = $n }
}

function Measure-InFreshPwsh([string] $Script, [int] $Runs) {
    # Each run is a new pwsh that times $Script in-process and prints milliseconds.
    $values = foreach ($i in 1..$Runs) {
        $out = & $pwsh -NoProfile -NonInteractive -Command "`$sw = [Diagnostics.Stopwatch]::StartNew(); $Script; `$sw.Elapsed.TotalMilliseconds"
        if ($LASTEXITCODE -ne 0) { throw "A benchmark run failed: $out" }
        [double]($out | Select-Object -Last 1)
    }
    Get-Stats $values
}

$runs = if ($Quick) { 5 } else { 20 }
$rows = [System.Collections.Generic.List[object]]::new()

Write-Host "1. module import in a fresh pwsh ($runs runs each)"
$ours = Measure-InFreshPwsh "Import-Module '$module'" $runs
$peer = Measure-InFreshPwsh "Add-Type -Path '$sdkCore'; Add-Type -Path '$sdkSts'; `$null = [Amazon.SecurityToken.AmazonSecurityTokenServiceClient]" $runs
$rows.Add([pscustomobject]@{ Row = '1'; What = 'module import, in-process, fresh pwsh'; Ours = $ours; PeerName = 'AWSSDK.Core + AWSSDK.SecurityToken load'; Peer = $peer; Unit = 'ms' })

$cpu = (Get-Content /proc/cpuinfo -ErrorAction SilentlyContinue | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
$lines = @(
    '# Benchmarks'
    ''
    'Written by `./build.ps1 Bench`; do not edit by hand. Ours and the peer run on the same machine in the same run.'
    ''
    "- Date: $([DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm')) UTC"
    "- Machine: $([Environment]::ProcessorCount) cores, $cpu, $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription)"
    "- PowerShell $($PSVersionTable.PSVersion); AwsLogin $((Import-PowerShellDataFile $module).ModuleVersion); AWSSDK.Core 4.0.102.19, AWSSDK.SecurityToken 4.0.101.10"
    ''
    '| # | what | ours median | ours p90 | runs | peer | peer median | peer p90 | peer ÷ ours |'
    '|---|---|---|---|---|---|---|---|---|'
)
foreach ($r in $rows) {
    $ratio = if ($r.Ours.Median -gt 0) { '{0:N1}×' -f ($r.Peer.Median / $r.Ours.Median) } else { 'n/a' }
    $lines += '| {0} | {1} | {2:N1} {3} | {4:N1} {3} | {5} | {6} | {7:N1} {3} | {8:N1} {3} | {9} |' -f $r.Row, $r.What, $r.Ours.Median, $r.Unit, $r.Ours.P90, $r.Ours.Runs, $r.PeerName, $r.Peer.Median, $r.Peer.P90, $ratio
}
$lines += @(
    ''
    'How: row 1 starts a new `pwsh -NoProfile` per run and times `Import-Module` with a Stopwatch inside it (pwsh start-up itself is not counted); the peer loads the AWS SDK for .NET assemblies that the AWS Tools for PowerShell are built on and resolves the STS client type.'
)
Set-Content -Path (Join-Path $Root 'BENCHMARKS.md') -Value $lines -Encoding utf8NoBOM
$lines | Write-Host
