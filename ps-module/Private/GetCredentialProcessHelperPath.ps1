function GetCredentialProcessHelperPath {
    # The awslogin-credential-process helper shipped next to the native library
    # (bin/<rid>/ of the module), as an absolute path.
    $name = if ($IsWindows) { 'awslogin-credential-process.exe' } else { 'awslogin-credential-process' }
    $path = [System.IO.Path]::Combine([System.IO.Path]::GetDirectoryName($script:NativeLibraryPath), $name)
    # A module installed from its .nupkg (a zip) comes without the executable bit, and the
    # credential_process line this path goes into must be able to run it.
    if (-not $IsWindows -and [System.IO.File]::Exists($path)) {
        $mode = [System.IO.File]::GetUnixFileMode($path)
        $add = [System.IO.UnixFileMode]::UserExecute
        if ($mode -band [System.IO.UnixFileMode]::GroupRead) { $add = $add -bor [System.IO.UnixFileMode]::GroupExecute }
        if ($mode -band [System.IO.UnixFileMode]::OtherRead) { $add = $add -bor [System.IO.UnixFileMode]::OtherExecute }
        if (($mode -band $add) -ne $add) { [System.IO.File]::SetUnixFileMode($path, $mode -bor $add) }
    }
    $path
}
