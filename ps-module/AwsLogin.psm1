# AwsLogin: a thin script module over awslogin-core (Rust, C ABI).
#
# Import does three cheap things: load the prebuilt interop assembly (no C# compiler runs),
# define the commands (one per file in Public/), and find the native library for this OS and
# architecture by absolute path. The private helpers follow at the first command, the native
# library at the first call into it. Everything else (files, network,
# crypto) happens in the native library.
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

# ./build.ps1 Build merges the function files into two scripts: the commands, dot-sourced here,
# and the private helpers, left to the first command (below). An installed module has only
# those; in a checkout they are used only while Private/ and Public/ hold exactly the files they
# were made from, unchanged, so an edit, a new file or a deleted one takes effect without a
# rebuild.
$merged = [AwsLogin.Native.NativeMethods]::MergedFunctionsScript($PSScriptRoot)
if ($merged) {
    . $merged
    $script:MergedPrivateScript = $PSScriptRoot + '/bin/' + [AwsLogin.Native.NativeMethods]::MergedPrivateScriptName
}
else {
    foreach ($file in [System.IO.Directory]::GetFiles($PSScriptRoot + '/Private', '*.ps1')) { . $file }
    foreach ($file in [System.IO.Directory]::GetFiles($PSScriptRoot + '/Public', '*.ps1')) { . $file }
    $script:MergedPrivateScript = $null
}

# The rest of the import, done by the first command of this module in the session (each
# command's process block starts with it): parsing the private helpers costs ~7 ms, which an
# import that runs no command (a profile, a script that only needs tab completion) should not
# pay. The format data stays in the manifest (FormatsToProcess): loaded later with
# Update-FormatData it cost the first command ~170 ms, as that cmdlet rebuilds every view of the
# session.
$script:CompleteImport = {
    if ($script:MergedPrivateScript) { . $script:MergedPrivateScript }
    $script:CompleteImport = $null
}

# Fails the import with a clear error when the library for this platform is missing (naming the
# platforms this copy has): its own message, not .NET's "Exception calling ..." around it.
$failure = $null
$script:NativeLibraryPath = [AwsLogin.Native.NativeMethods]::InitializeModule($PSScriptRoot, 2, [ref]$failure)
if ($failure) { throw $failure }
