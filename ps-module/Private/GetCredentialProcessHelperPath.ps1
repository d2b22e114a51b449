function GetCredentialProcessHelperPath {
    # The awslogin-credential-process helper shipped next to the native library
    # (bin/<rid>/ of the module), as an absolute path.
    $name = if ($IsWindows) { 'awslogin-credential-process.exe' } else { 'awslogin-credential-process' }
    [System.IO.Path]::Combine([System.IO.Path]::GetDirectoryName($script:NativeLibraryPath), $name)
}
