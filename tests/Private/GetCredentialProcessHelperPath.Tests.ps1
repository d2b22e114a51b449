# GetCredentialProcessHelperPath (ps-module/Private): the helper shipped next to the native library.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    Complete-AwsLoginImport
}

Describe 'GetCredentialProcessHelperPath' {
    It 'names the built helper beside the loaded library, by absolute path' {
        $path = InModuleScope AwsLogin { GetCredentialProcessHelperPath }
        [System.IO.Path]::IsPathRooted($path) | Should -BeTrue
        Split-Path $path | Should -Be (Split-Path ([AwsLogin.Native.NativeMethods]::LoadedPath))
        Split-Path $path -Leaf | Should -Be ($IsWindows ? 'awslogin-credential-process.exe' : 'awslogin-credential-process')
        Test-Path $path -PathType Leaf | Should -BeTrue
        $out = & $path --version
        $out | Should -Match '^awslogin-credential-process \d+\.\d+\.\d+$'
    }
}
