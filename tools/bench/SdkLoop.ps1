<#
.SYNOPSIS
Rows 2 and 3 (peer): STS GetCallerIdentity through the AWS SDK for .NET in this pwsh.

.DESCRIPTION
Loads AWSSDK.Core and AWSSDK.SecurityToken (the assemblies the AWS Tools for PowerShell are built
on), builds one AmazonSecurityTokenServiceClient with ServiceURL = -EndpointUrl and
BasicAWSCredentials, and calls GetCallerIdentityAsync(...).GetAwaiter().GetResult().

-Count 0: one cold call, result written as the AWS Tools would (row 2, timed from outside).
-Count N: checks one call returns -ExpectArn, warms up, times N calls; prints {"samples_ms":[...]}.

ServiceURL is set explicitly: AWSSDK.Core 4.0.102.19 honours AWS_ENDPOINT_URL_STS but fails on
the global AWS_ENDPOINT_URL ("Value cannot be null. (Parameter 'url')"), see BENCHMARKS.md.
#>
param(
    [Parameter(Mandatory)] [string] $SdkCore,
    [Parameter(Mandatory)] [string] $SdkSts,
    [Parameter(Mandatory)] [string] $EndpointUrl,
    [Parameter(Mandatory)] [string] $AccessKey,
    [Parameter(Mandatory)] [string] $SecretKey,
    [string] $ExpectArn,
    [int] $Count = 0,
    [int] $Warmup = 20
)
$ErrorActionPreference = 'Stop'
Add-Type -Path $SdkCore
Add-Type -Path $SdkSts
$config = [Amazon.SecurityToken.AmazonSecurityTokenServiceConfig]::new()
$config.ServiceURL = $EndpointUrl
$config.AuthenticationRegion = 'us-east-1'
$client = [Amazon.SecurityToken.AmazonSecurityTokenServiceClient]::new([Amazon.Runtime.BasicAWSCredentials]::new($AccessKey, $SecretKey), $config)
$request = [Amazon.SecurityToken.Model.GetCallerIdentityRequest]::new()
if ($Count -le 0) {
    $r = $client.GetCallerIdentityAsync($request).GetAwaiter().GetResult()
    [pscustomobject]@{ UserId = $r.UserId; Account = $r.Account; Arn = $r.Arn }
    return
}
$first = $client.GetCallerIdentityAsync($request).GetAwaiter().GetResult()
if ($first.Arn -ne $ExpectArn) { throw "The SDK returned '$($first.Arn)', expected '$ExpectArn'." }
for ($i = 0; $i -lt $Warmup; $i++) { $null = $client.GetCallerIdentityAsync([Amazon.SecurityToken.Model.GetCallerIdentityRequest]::new()).GetAwaiter().GetResult() }
$samples = [double[]]::new($Count)
$sw = [System.Diagnostics.Stopwatch]::new()
for ($i = 0; $i -lt $Count; $i++) {
    $sw.Restart()
    $null = $client.GetCallerIdentityAsync([Amazon.SecurityToken.Model.GetCallerIdentityRequest]::new()).GetAwaiter().GetResult()
    $samples[$i] = $sw.Elapsed.TotalMilliseconds
}
ConvertTo-Json -Compress -InputObject @{ samples_ms = $samples }
