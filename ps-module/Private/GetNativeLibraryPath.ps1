function GetNativeLibraryPath {
    # The native library for the running OS and architecture: bin/<rid>/<name>, where <rid> is
    # linux-x64, linux-arm64, osx-x64, osx-arm64, win-x64 or win-arm64.
    [CmdletBinding()]
    [OutputType([string])]
    param()

    $ri = [System.Runtime.InteropServices.RuntimeInformation]
    $arch = switch ($ri::OSArchitecture) {
        'X64' { 'x64' }
        'Arm64' { 'arm64' }
        default { throw "AwsLogin supports x64 and arm64; this machine is $($ri::OSArchitecture)." }
    }
    if ($IsWindows) { $os = 'win'; $name = 'awslogin_core.dll' }
    elseif ($IsMacOS) { $os = 'osx'; $name = 'libawslogin_core.dylib' }
    else { $os = 'linux'; $name = 'libawslogin_core.so' }

    $path = [System.IO.Path]::Combine($PSScriptRoot, '..', 'bin', "$os-$arch", $name)
    $path = [System.IO.Path]::GetFullPath($path)
    if (-not [System.IO.File]::Exists($path)) {
        throw "AwsLogin: the native library $path is missing. Run ./build.ps1 Build in the repository, or install a release built for $os-$arch."
    }
    $path
}
