<#
.SYNOPSIS
Row 7: this pwsh's working set after loading nothing, AwsLogin, or the AWS SDK assemblies.

.DESCRIPTION
Run in a fresh `pwsh -NoProfile`. Prints the working set in bytes ((Get-Process -Id $PID).WorkingSet64).
-Mode Bare: nothing loaded. -Mode Ours: Import-Module -ModulePath. -Mode Sdk: Add-Type of
AWSSDK.Core and AWSSDK.SecurityToken and the STS client type resolved (as row 1's peer).
#>
param(
    [Parameter(Mandatory)] [ValidateSet('Bare', 'Ours', 'Sdk')] [string] $Mode,
    [string] $ModulePath,
    [string] $SdkCore,
    [string] $SdkSts
)
$ErrorActionPreference = 'Stop'
switch ($Mode) {
    'Ours' { Import-Module $ModulePath }
    'Sdk' { Add-Type -Path $SdkCore; Add-Type -Path $SdkSts; $null = [Amazon.SecurityToken.AmazonSecurityTokenServiceClient] }
}
(Get-Process -Id $PID).WorkingSet64
