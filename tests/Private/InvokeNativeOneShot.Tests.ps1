# InvokeNativeOneShot (ps-module/Private): runs a one-shot native call, replays its events and
# turns a native error into the calling cmdlet's terminating error.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    Complete-AwsLoginImport
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

Describe 'Reading a native response (NativeMethods.ReadJson, used by every native call)' {
    It 'gives objects, arrays, numbers, booleans and nulls the types ConvertFrom-Json gives them' {
        $r = [AwsLogin.Native.NativeMethods]::ReadJson('{"ok":true,"no":false,"n":null,"i":402,"big":12345678901,"f":1.5,"s":"caf\u00e9 \"q\"","a":[1,"x",{"k":"v"}],"one":["only"],"none":[],"o":{"inner":{"deep":7}}}')
        $r | Should -BeOfType [System.Management.Automation.PSCustomObject]
        @($r.PSObject.Properties.Name) | Should -Be @('ok', 'no', 'n', 'i', 'big', 'f', 's', 'a', 'one', 'none', 'o')
        $r.ok | Should -BeOfType [bool]
        $r.ok | Should -BeTrue
        $r.no | Should -BeFalse
        $r.PSObject.Properties['n'] | Should -Not -BeNullOrEmpty
        $r.n | Should -BeNullOrEmpty
        $r.i | Should -BeOfType [long]
        $r.i | Should -Be 402
        $r.big | Should -Be 12345678901
        $r.f | Should -BeOfType [double]
        $r.f | Should -Be 1.5
        $r.s | Should -BeExactly 'café "q"'
        $r.a.GetType() | Should -Be ([object[]])
        $r.a.Count | Should -Be 3
        $r.a[1] | Should -BeExactly 'x'
        $r.a[2].k | Should -BeExactly 'v'
        $r.one.GetType() | Should -Be ([object[]])
        $r.one[0] | Should -BeExactly 'only'
        $r.none.GetType() | Should -Be ([object[]])
        $r.none.Count | Should -Be 0
        $r.o.inner.deep | Should -Be 7
    }

    It 'leaves a date-like string as the text the library sent (times are made by ConvertFromNativeTime)' {
        $r = [AwsLogin.Native.NativeMethods]::ReadJson('{"expiresAt":"2026-11-30T06:00:00Z"}')
        $r.expiresAt | Should -BeOfType [string]
        $r.expiresAt | Should -BeExactly '2026-11-30T06:00:00Z'
    }

    It 'refuses text that is not JSON' {
        { [AwsLogin.Native.NativeMethods]::ReadJson('{"ok":') } | Should -Throw
    }
}

Describe 'Adding a prompt''s answer to a request (NativeMethods.WithAnswer, for the repeated call)' {
    It 'adds the answer under answers and keeps every other member as it was' {
        $request = '{"env":{"BUILD_DATE":"2026-11-30T06:00:00Z","N":"007"},"profileName":"p","verbose":false}'
        $with = [AwsLogin.Native.NativeMethods]::WithAnswer($request, 'mfaCode', '123456') | ConvertFrom-Json -AsHashtable -DateKind String
        $with.answers.mfaCode | Should -BeExactly '123456'
        $with.env.BUILD_DATE | Should -BeExactly '2026-11-30T06:00:00Z'
        $with.env.N | Should -BeExactly '007'
        $with.profileName | Should -BeExactly 'p'
        $with.verbose | Should -BeFalse
        @($with.Keys | Sort-Object) | Should -Be @('answers', 'env', 'profileName', 'verbose')
    }

    It 'keeps answers already given' {
        $with = [AwsLogin.Native.NativeMethods]::WithAnswer('{"answers":{"first":"1"}}', 'second', '2') | ConvertFrom-Json -AsHashtable
        $with.answers.first | Should -BeExactly '1'
        $with.answers.second | Should -BeExactly '2'
    }
}
