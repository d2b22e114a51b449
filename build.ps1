#!/usr/bin/env pwsh
<#
.SYNOPSIS
Builds, tests, demonstrates and benchmarks AwsLogin.

.DESCRIPTION
Tasks (the first argument):
  Build   Builds the Rust core (release), copies the native library into ps-module/bin/<rid>/,
          compiles the interop assembly, merges the functions into one script, writes the
          version of Cargo.toml into the module manifest and regenerates the C header.
  Package Build, then the module as installed in artifacts/module/AwsLogin/<version>/ and the
          PowerShell Gallery package artifacts/AwsLogin.<version>.nupkg (made by
          Publish-PSResource).
  Header  Regenerates rust-core/include/awslogin.h with cbindgen; with -Check, fails when the
          committed header differs from a fresh one.
  Test    The header and version checks, Build, cargo fmt --check, cargo clippy -D warnings,
          every cargo test, the C ABI smoke test, then every Pester test (including the
          package's install test). Exits non-zero when anything fails.
  Demo    Starts the AWS emulator and walks through the module against it, in a temporary AWS
          folder (your own ~/.aws is never touched).
  Bench   Measures the module side by side with its peers and rewrites BENCHMARKS.md.
  Clean   Removes build output.
Run ./bootstrap.sh first on a new machine (README).

.EXAMPLE
./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Package', 'Header', 'Test', 'Demo', 'Bench', 'Clean')]
    [string] $Task = 'Build',

    # Header: compare instead of writing.
    [switch] $Check,

    # Bench: fewer runs.
    [switch] $Quick,

    # Bench: the manifest of an earlier, built AwsLogin checkout to measure beside this one.
    [string] $BaselineModule,

    # Test: run only Pester files whose path matches this pattern.
    [string] $Filter
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$Root = $PSScriptRoot
Import-Module (Join-Path $Root 'tools' 'BuildHelpers.psm1') -Force

switch ($Task) {
    'Build' { Build-AwsLoginModule -Root $Root }
    'Package' { Build-AwsLoginPackage -Root $Root }
    'Header' { Invoke-Header -Root $Root -Check:$Check }
    'Test' { Invoke-Test -Root $Root -Filter $Filter }
    'Demo' { Build-AwsLoginModule -Root $Root; & (Join-Path $Root 'tests' 'Demo.ps1') }
    'Bench' { Build-AwsLoginModule -Root $Root; & (Join-Path $Root 'tools' 'Bench.ps1') -Quick:$Quick -BaselineModule $BaselineModule }
    'Clean' { Invoke-Clean -Root $Root }
}
