# AwsLogin: a thin script module over awslogin-core (Rust, C ABI).
#
# Import does three cheap things: load the prebuilt interop assembly (no C# compiler runs),
# bind the native library for this OS and architecture by absolute path, and dot-source one
# file per function. Everything else (files, network, crypto) happens in the native library.

Set-StrictMode -Version 3.0

$script:ExpectedAbiVersion = 1

foreach ($folder in 'Private', 'Public') {
    foreach ($file in [System.IO.Directory]::GetFiles((Join-Path $PSScriptRoot $folder), '*.ps1')) {
        . $file
    }
}

$script:NativeLibraryPath = GetNativeLibraryPath
if (-not ('AwsLogin.Native.NativeMethods' -as [type])) {
    $interop = Join-Path $PSScriptRoot 'bin' 'AwsLogin.Native.dll'
    if (-not [System.IO.File]::Exists($interop)) {
        throw "AwsLogin is not built: $interop is missing. Run ./build.ps1 Build in the repository first."
    }
    # Assembly.LoadFrom, not Add-Type -Path: Add-Type initialises its compiler machinery even
    # for a prebuilt assembly, which costs tens of milliseconds at import.
    $null = [System.Reflection.Assembly]::LoadFrom($interop)
}
[AwsLogin.Native.NativeMethods]::Initialize($script:NativeLibraryPath)
$abi = [AwsLogin.Native.NativeMethods]::AbiVersion()
if ($abi -ne $script:ExpectedAbiVersion) {
    throw "AwsLogin: the native library at $($script:NativeLibraryPath) has ABI version $abi, but this module needs $($script:ExpectedAbiVersion). Rebuild with ./build.ps1 Build."
}

Export-ModuleMember -Function ([System.IO.Directory]::GetFiles((Join-Path $PSScriptRoot 'Public'), '*.ps1') |
        ForEach-Object { [System.IO.Path]::GetFileNameWithoutExtension($_) })
