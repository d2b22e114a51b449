# InvokeNativeOneShot (ps-module/Private): runs a one-shot native call, replays its events and
# turns a native error into the calling cmdlet's terminating error.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    function Invoke-OneShot([string] $RequestJson, [switch] $Verbose) {
        InModuleScope AwsLogin -Parameters @{ R = $RequestJson; V = [bool]$Verbose } {
            function Invoke-TestCmdlet { [CmdletBinding()] param($R) InvokeNativeOneShot -Operation CallerIdentity -RequestJson $R -Cmdlet $PSCmdlet }
            Invoke-TestCmdlet -R $R -Verbose:$V 4>&1
        }
    }
}

Describe 'InvokeNativeOneShot' {
    BeforeAll {
        $script:Emulator = Start-AwsEmulator
        $script:Alice = Get-EmulatorAlice
    }
    AfterAll { Stop-AwsEmulator $script:Emulator }

    It 'returns the native result, and verbose events only with -Verbose' {
        $request = @{ accessKey = $Alice.AccessKey; secretKey = $Alice.SecretKey; endpointUrl = $Emulator.Url; env = @{ AWS_EC2_METADATA_DISABLED = 'true' } } | ConvertTo-Json -Compress
        $quiet = @(Invoke-OneShot $request)
        $quiet.Count | Should -Be 1
        $quiet[0].Arn | Should -BeExactly $Alice.Arn
        $loud = @(Invoke-OneShot $request -Verbose)
        $verbose = @($loud | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $verbose.Count | Should -BeGreaterThan 0
        ($verbose.Message -join "`n") | Should -Not -Match ([regex]::Escape($Alice.SecretKey))
        @($loud | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Arn | Should -BeExactly $Alice.Arn
    }

    It 'throws the native error as the cmdlet''s terminating error, id = code' {
        $request = @{ profileName = 'nope'; env = @{ HOME = '/nonexistent-awslogin-test'; AWS_EC2_METADATA_DISABLED = 'true' } } | ConvertTo-Json -Compress
        $err = { Invoke-OneShot $request } | Should -Throw -ErrorId 'ProfileNotFound,Invoke-TestCmdlet' -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.Exception.Message | Should -Match "'nope'"
    }
}
