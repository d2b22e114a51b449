# AwsLogin: a thin script module over awslogin-core (Rust, C ABI).
#
# Import does three cheap things: load the prebuilt interop assembly (no C# compiler runs),
# define the functions (one per file in Private/ and Public/), and bind the native library for
# this OS and architecture by absolute path. Everything else (files, network, crypto) happens in
# the native library.
#
# Import speed is a feature (see BENCHMARKS.md). In a fresh pwsh every cmdlet and language
# construct costs milliseconds the first time it runs (the first Join-Path ~60 ms, Add-Type -Path
# tens), so this file calls .NET directly and leaves the platform logic to the interop assembly.
# The manifest's FunctionsToExport decides what is public.

Set-StrictMode -Version 3.0

if (-not ('AwsLogin.Native.NativeMethods' -as [type])) {
    # Assembly.LoadFrom, not Add-Type -Path: Add-Type initialises its compiler machinery even
    # for a prebuilt assembly. A missing file throws FileNotFoundException naming the path.
    $null = [System.Reflection.Assembly]::LoadFrom($PSScriptRoot + '/bin/AwsLogin.Native.dll')
}

# ./build.ps1 Build merges the function files into one script. An installed module has only that
# script; in a checkout it is used only while Private/ and Public/ hold exactly the files it was
# made from, unchanged, so an edit, a new file or a deleted one takes effect without a rebuild.
$merged = [AwsLogin.Native.NativeMethods]::MergedFunctionsScript($PSScriptRoot)
if ($merged) {
    . $merged
}
else {
    foreach ($file in [System.IO.Directory]::GetFiles($PSScriptRoot + '/Private', '*.ps1')) { . $file }
    foreach ($file in [System.IO.Directory]::GetFiles($PSScriptRoot + '/Public', '*.ps1')) { . $file }
}

# Throws a clear error when the library for this platform is missing (naming the platforms this
# copy has) or has another ABI version; its own message, not .NET's "Exception calling ...".
try { $script:NativeLibraryPath = [AwsLogin.Native.NativeMethods]::InitializeModule($PSScriptRoot, 2) }
catch [System.Management.Automation.MethodInvocationException] { throw $_.Exception.InnerException }
