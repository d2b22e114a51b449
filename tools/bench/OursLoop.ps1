<#
.SYNOPSIS
Row 3 (ours): times -Count warm Get-STSCallerIdentity calls in this one pwsh.

.DESCRIPTION
Imports the module, checks one call returns -ExpectArn, makes a few warm-up calls, then times
each call with a Stopwatch. Prints one JSON line: {"samples_ms":[...]}. The endpoint and the
profile's files come from the environment (AWS_ENDPOINT_URL, AWS_CONFIG_FILE) that Bench.ps1 sets.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ProfileName,
    [Parameter(Mandatory)] [string] $ExpectArn,
    [int] $Count = 1000,
    [int] $Warmup = 20
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$first = Get-STSCallerIdentity -ProfileName $ProfileName
if ($first.Arn -ne $ExpectArn) { throw "Get-STSCallerIdentity returned '$($first.Arn)', expected '$ExpectArn'." }
for ($i = 0; $i -lt $Warmup; $i++) { $null = Get-STSCallerIdentity -ProfileName $ProfileName }
$samples = [double[]]::new($Count)
$sw = [System.Diagnostics.Stopwatch]::new()
for ($i = 0; $i -lt $Count; $i++) {
    $sw.Restart()
    $null = Get-STSCallerIdentity -ProfileName $ProfileName
    $samples[$i] = $sw.Elapsed.TotalMilliseconds
}
ConvertTo-Json -Compress -InputObject @{ samples_ms = $samples }
