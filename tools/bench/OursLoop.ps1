<#
.SYNOPSIS
Row 3 (ours): times -Count warm Get-STSCallerIdentity calls in this one pwsh.

.DESCRIPTION
Imports the module, checks one call returns -ExpectArn, makes a few warm-up calls, then times
each call with a Stopwatch. Prints one JSON line: {"samples_ms":[...]}. The endpoint and the
profile's files come from the environment (AWS_ENDPOINT_URL, AWS_CONFIG_FILE) that Bench.ps1 sets.

-NativeOnly times the native call alone: the request JSON is built once by the interop assembly's
NativeMethods.NewRequest (as the module builds every request), then [AwsLogin.Native.NativeMethods]::Invoke('CallerIdentity', json) is called in the loop
(no parameter binding, no request building, no reading of the answer). The difference from the full
cmdlet is the PowerShell side's share of a call.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ProfileName,
    [Parameter(Mandatory)] [string] $ExpectArn,
    [int] $Count = 1000,
    [int] $Warmup = 20,
    [switch] $NativeOnly
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$first = Get-STSCallerIdentity -ProfileName $ProfileName
if ($first.Arn -ne $ExpectArn) { throw "Get-STSCallerIdentity returned '$($first.Arn)', expected '$ExpectArn'." }
$samples = [double[]]::new($Count)
$sw = [System.Diagnostics.Stopwatch]::new()
if ($NativeOnly) {
    $request = [AwsLogin.Native.NativeMethods]::NewRequest(@{ ProfileName = $ProfileName }, @{}, $false)
    $check = ConvertFrom-Json ([AwsLogin.Native.NativeMethods]::Invoke('CallerIdentity', $request))
    if (-not $check.ok -or $check.result.Arn -ne $ExpectArn) { throw "The native call returned: $($check | ConvertTo-Json -Compress -Depth 5)" }
    for ($i = 0; $i -lt $Warmup; $i++) { $null = [AwsLogin.Native.NativeMethods]::Invoke('CallerIdentity', $request) }
    for ($i = 0; $i -lt $Count; $i++) {
        $sw.Restart()
        $null = [AwsLogin.Native.NativeMethods]::Invoke('CallerIdentity', $request)
        $samples[$i] = $sw.Elapsed.TotalMilliseconds
    }
    ConvertTo-Json -Compress -InputObject @{ samples_ms = $samples }
    return
}
for ($i = 0; $i -lt $Warmup; $i++) { $null = Get-STSCallerIdentity -ProfileName $ProfileName }
for ($i = 0; $i -lt $Count; $i++) {
    $sw.Restart()
    $null = Get-STSCallerIdentity -ProfileName $ProfileName
    $samples[$i] = $sw.Elapsed.TotalMilliseconds
}
ConvertTo-Json -Compress -InputObject @{ samples_ms = $samples }
