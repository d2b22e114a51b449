# AwsLogin: a thin script module over awslogin-core (Rust, C ABI).
#
# Import does three cheap things: load the prebuilt interop assembly (no C# compiler runs),
# define the commands (one per file in Public/), and find the native library for this OS and
# architecture by absolute path. The private helpers, the commands' bodies and the format data
# follow at the first command, the native library at the first call into it. Everything else
# (files, network, crypto) happens in the native library.
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

# ./build.ps1 Build merges the function files into two scripts: the commands (their help,
# parameters and a process block that runs their body), dot-sourced here, and the private
# helpers with the commands' bodies, left to the first command (below). An installed module has
# only those; in a checkout they are used only while Private/ and Public/ hold exactly the files
# they were made from, unchanged, so an edit, a new file or a deleted one takes effect without a
# rebuild.
$merged = [AwsLogin.Native.NativeMethods]::MergedScripts($PSScriptRoot)
if ($merged) {
    . $merged[0]
    $script:MergedPrivateScript = $merged[1]
}
else {
    foreach ($file in [System.IO.Directory]::GetFiles($PSScriptRoot + '/Private', '*.ps1')) { . $file }
    foreach ($file in [System.IO.Directory]::GetFiles($PSScriptRoot + '/Public', '*.ps1')) { . $file }
    $script:MergedPrivateScript = $null
}

# The rest of the import, done by the first command of this module in the session (each
# command's process block starts with it): parsing the private helpers (~7 ms) and the
# commands' bodies (~8 ms), and loading the format data (7-9 ms), which an import that runs no
# command (a profile, a script that only needs tab completion) should not pay. The format data
# comes in through a nested manifest (Format/AwsLogin.Format.psd1, FormatsToProcess):
# Update-FormatData would rebuild every view of the session, which cost the first command
# ~170 ms. It is there before the command's first object reaches a formatter, which happens
# after its process block starts. -Verbose:$false: the command's -Verbose is the user's, not for
# Import-Module's lines.
$script:CompleteImport = {
    if ($script:MergedPrivateScript) { . $script:MergedPrivateScript }
    Import-Module ($script:ModuleRoot + '/Format/AwsLogin.Format.psd1') -Verbose:$false -ErrorAction Stop
    $script:CompleteImport = $null
}
$script:ModuleRoot = $PSScriptRoot

# Fails the import with a clear error when the library for this platform is missing (naming the
# platforms this copy has): its own message, not .NET's "Exception calling ..." around it.
$script:NativeLibraryPath = [AwsLogin.Native.NativeMethods]::InitializeModule($PSScriptRoot, 2)
if (-not $script:NativeLibraryPath) { throw [AwsLogin.Native.NativeMethods]::MissingLibraryError($PSScriptRoot) }
