# The tasks behind build.ps1, one function each.

Set-StrictMode -Version 3.0

function Invoke-Native {
    # Runs a native command and stops when it fails.
    param([Parameter(Mandatory)] [string] $Command, [string[]] $Arguments = @())
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Command $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Get-Rid {
    $arch = switch ([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture) { 'X64' { 'x64' } 'Arm64' { 'arm64' } default { throw 'unsupported architecture' } }
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    "$os-$arch"
}

function Get-NativeLibraryName {
    if ($IsWindows) { 'awslogin_core.dll' } elseif ($IsMacOS) { 'libawslogin_core.dylib' } else { 'libawslogin_core.so' }
}

function Invoke-Header {
    param([Parameter(Mandatory)] [string] $Root, [switch] $Check)
    $committed = Join-Path $Root 'rust-core' 'include' 'awslogin.h'
    $target = if ($Check) { Join-Path ([System.IO.Path]::GetTempPath()) "awslogin-$PID.h" } else { $committed }
    Invoke-Native cbindgen @('--quiet', '--config', (Join-Path $Root 'cbindgen.toml'), '--crate', 'awslogin-core', '--output', $target, (Join-Path $Root 'rust-core'))
    if ($Check) {
        $fresh = [System.IO.File]::ReadAllText($target)
        Remove-Item $target
        $old = if (Test-Path $committed) { [System.IO.File]::ReadAllText($committed) } else { '' }
        if ($fresh -ne $old) {
            throw 'rust-core/include/awslogin.h is stale: run ./build.ps1 Header and commit the result.'
        }
        Write-Host 'Header check: rust-core/include/awslogin.h is up to date.'
    }
}

function Invoke-Build {
    param([Parameter(Mandatory)] [string] $Root)
    Push-Location $Root
    try {
        Invoke-Native cargo @('build', '--release', '--workspace', '--quiet')
        $rid = Get-Rid
        $bin = Join-Path $Root 'ps-module' 'bin'
        $ridDir = Join-Path $bin $rid
        New-Item -ItemType Directory -Force -Path $ridDir | Out-Null
        $name = Get-NativeLibraryName
        $built = Join-Path $Root 'target' 'release' $name
        # Copy to a temporary name and rename: a pwsh that has the old library loaded keeps its
        # mapping, and nobody ever sees half a file.
        $dest = Join-Path $ridDir $name
        Copy-Item $built "$dest.new" -Force
        Move-Item "$dest.new" $dest -Force

        $interop = Join-Path $bin 'AwsLogin.Native.dll'
        $source = Join-Path $Root 'ps-module' 'src' 'AwsLogin.Native.cs'
        if (-not (Test-Path $interop) -or (Get-Item $source).LastWriteTimeUtc -gt (Get-Item $interop).LastWriteTimeUtc) {
            # Compiled in a child pwsh: Add-Type loads what it compiles, and this process may
            # need to load the new file later.
            $script = "Add-Type -Path '$source' -OutputAssembly '$interop.tmp' -OutputType Library"
            Invoke-Native (Get-Command pwsh -CommandType Application | Select-Object -First 1).Source @('-NoProfile', '-NonInteractive', '-Command', $script)
            Move-Item "$interop.tmp" $interop -Force
        }
        Invoke-Header -Root $Root
        Write-Host "Built: ps-module/bin/$rid/$name and ps-module/bin/AwsLogin.Native.dll"
    }
    finally { Pop-Location }
}

function Get-PesterModulePath {
    $nugetRoot = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget' 'packages' }
    $path = Join-Path $nugetRoot 'pester' '5.7.1' 'tools' 'Pester.psd1'
    if (-not (Test-Path $path)) { throw "Pester 5.7.1 is not restored ($path). Run ./bootstrap.sh first." }
    $path
}

function Invoke-Test {
    param([Parameter(Mandatory)] [string] $Root, [string] $Filter)
    # The header check comes first: Build regenerates the header, which would hide a stale one.
    Invoke-Header -Root $Root -Check
    Invoke-Build -Root $Root
    Push-Location $Root
    try {
        Write-Host '== cargo test'
        Invoke-Native cargo @('test', '--workspace', '--quiet')
        if (-not $IsWindows) {
            Write-Host '== C ABI smoke test (header + library from a C program)'
            $exe = Join-Path $Root 'target' 'abi_smoke'
            Invoke-Native cc @('-std=c11', '-Wall', '-Wextra', '-Werror', '-I', (Join-Path $Root 'rust-core' 'include'),
                (Join-Path $Root 'tests' 'c' 'abi_smoke.c'), '-o', $exe, '-L', (Join-Path $Root 'target' 'release'), '-lawslogin_core')
            $saved = $env:LD_LIBRARY_PATH
            $env:LD_LIBRARY_PATH = Join-Path $Root 'target' 'release'
            try { Invoke-Native $exe } finally { $env:LD_LIBRARY_PATH = $saved }
        }
    }
    finally { Pop-Location }

    Write-Host '== Pester'
    Import-Module (Get-PesterModulePath) -Force
    $config = New-PesterConfiguration
    $paths = @(Get-ChildItem (Join-Path $Root 'tests') -Recurse -Filter '*.Tests.ps1' | Where-Object { -not $Filter -or $_.FullName -match $Filter } | ForEach-Object FullName)
    $config.Run.Path = $paths
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $config
    # The plain closing line CI reads.
    Write-Host ("Pester: {0} passed, {1} failed, {2} skipped" -f $result.PassedCount, $result.FailedCount, $result.SkippedCount)
    if ($result.FailedCount -gt 0 -or $result.Result -ne 'Passed') {
        throw "Pester: $($result.FailedCount) test(s) failed."
    }
}

function Invoke-Clean {
    param([Parameter(Mandatory)] [string] $Root)
    Push-Location $Root
    try { Invoke-Native cargo @('clean') } finally { Pop-Location }
    Remove-Item -Recurse -Force (Join-Path $Root 'ps-module' 'bin') -ErrorAction SilentlyContinue
}

Export-ModuleMember -Function Invoke-Build, Invoke-Header, Invoke-Test, Invoke-Clean, Invoke-Native, Get-Rid, Get-PesterModulePath
