# InvokeNativeOneShot (ps-module/Private): runs a one-shot native call, replays its events and
# turns a native error into the calling cmdlet's terminating error.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    Complete-AwsLoginImport
    function Invoke-OneShot([hashtable] $Parameters, [switch] $Verbose) {
        InModuleScope AwsLogin -Parameters @{ P = $Parameters; V = [bool]$Verbose } {
            function Invoke-TestCmdlet { [CmdletBinding()] param($P) InvokeNativeOneShot -Operation CallerIdentity -Parameters $P -Cmdlet $PSCmdlet }
            Invoke-TestCmdlet -P $P -Verbose:$V 4>&1
        }
    }
    function Get-Request([System.Collections.IDictionary] $Parameters, [System.Collections.IDictionary] $Extra = @{}, [bool] $Verbose = $false) {
        [AwsLogin.Native.NativeMethods]::NewRequest($Parameters, $Extra, $Verbose) | ConvertFrom-Json -AsHashtable
    }
}

Describe 'InvokeNativeOneShot' {
    BeforeAll {
        $script:Emulator = Start-AwsEmulator
        $script:Alice = Get-EmulatorAlice
        # The request carries this process's environment: no instance metadata from here, as
        # the requests of these tests said themselves before the helper built them.
        $script:SavedImds = $env:AWS_EC2_METADATA_DISABLED
        $env:AWS_EC2_METADATA_DISABLED = 'true'
    }
    AfterAll {
        Stop-AwsEmulator $script:Emulator
        $env:AWS_EC2_METADATA_DISABLED = $script:SavedImds
    }

    It 'returns the native result, and verbose events only with -Verbose' {
        $request = @{ AccessKey = $Alice.AccessKey; SecretKey = $Alice.SecretKey; EndpointUrl = $Emulator.Url }
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
        $request = @{ ProfileName = 'nope'; ProfileLocation = '/nonexistent-awslogin-test' }
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

Describe 'Building a request (NativeMethods.NewRequest, the request of both InvokeNative helpers)' {
    AfterEach {
        Remove-Item Env:AWSLOGIN_TEST_SET, Env:AWSLOGIN_TEST_EMPTY -ErrorAction SilentlyContinue
    }

    It 'maps bound parameters to request members and leaves unbound ones out' {
        $r = Get-Request @{ ProfileName = 'dev'; Region = 'eu-west-1'; EndpointUrl = 'http://127.0.0.1:9'; AccessKey = $null; Force = $true }
        $r.profileName | Should -BeExactly 'dev'
        $r.region | Should -BeExactly 'eu-west-1'
        $r.endpointUrl | Should -BeExactly 'http://127.0.0.1:9'
        @($r.Keys | Sort-Object) | Should -Be @('endpointUrl', 'env', 'profileName', 'region', 'verbose')
    }

    It 'asks for the -Verbose lines only when the caller shows them' {
        $quiet = Get-Request @{ ProfileName = 'dev' } -Verbose $false
        $quiet.Contains('verbose') | Should -BeTrue
        $quiet.verbose | Should -BeFalse
        (Get-Request @{ ProfileName = 'dev' } -Verbose $true).Contains('verbose') | Should -BeFalse
    }

    It 'takes the region from a RegionEndpoint-like object''s SystemName' {
        (Get-Request @{ Region = [pscustomobject]@{ SystemName = 'ap-south-2'; DisplayName = 'Asia Pacific (Hyderabad)' } }).region | Should -BeExactly 'ap-south-2'
    }

    It 'carries the environment without empty variables' {
        $env:AWSLOGIN_TEST_SET = 'value 1'
        # Set through .NET: an empty value stays listed by GetEnvironmentVariables (pwsh's $env:
        # assignment would delete it), which is the case the request must leave out.
        [Environment]::SetEnvironmentVariable('AWSLOGIN_TEST_EMPTY', '')
        [Environment]::GetEnvironmentVariables().Contains('AWSLOGIN_TEST_EMPTY') | Should -BeTrue -Because 'the test needs an empty variable to exist'
        $r = Get-Request @{}
        $r.env['AWSLOGIN_TEST_SET'] | Should -BeExactly 'value 1'
        $r.env.ContainsKey('AWSLOGIN_TEST_EMPTY') | Should -BeFalse
    }

    It 'carries extra members with their JSON types' {
        $r = Get-Request @{ ProfileName = 'p' } ([ordered]@{ force = $true; remote = $false; timeoutMs = 1500; scopes = @('a', 'b') })
        $r.force | Should -BeTrue
        $r.force | Should -BeOfType [bool]
        $r.remote | Should -BeFalse
        $r.timeoutMs | Should -Be 1500
        $r.scopes | Should -Be @('a', 'b')
    }

    It 'turns -Credential into keys, with the session token only when there is one' {
        $secret = ConvertTo-SecureString 'SECRET/value' -AsPlainText -Force
        $r = Get-Request @{ Credential = [pscredential]::new('AKIAEXAMPLE', $secret) }
        $r.accessKey | Should -BeExactly 'AKIAEXAMPLE'
        $r.secretKey | Should -BeExactly 'SECRET/value'
        $r.ContainsKey('sessionToken') | Should -BeFalse
        $r = Get-Request @{ Credential = [pscustomobject]@{ AccessKey = 'AK'; SecretKey = 'SK'; SessionToken = 'TOKEN' } }
        $r.sessionToken | Should -BeExactly 'TOKEN'
    }

    It 'reads -Credential''s keys from an object with AccessKey, SecretKey and <Name>' -TestCases @(
        @{ Name = 'Token'; Object = [pscustomobject]@{ AccessKey = 'AK1'; SecretKey = 'SK1'; Token = 'T1' } }
        @{ Name = 'SessionToken'; Object = [pscustomobject]@{ AccessKey = 'AK1'; SecretKey = 'SK1'; SessionToken = 'T1' } }
    ) {
        $r = Get-Request @{ Credential = $Object }
        $r.accessKey | Should -BeExactly 'AK1'
        $r.secretKey | Should -BeExactly 'SK1'
        $r.sessionToken | Should -BeExactly 'T1'
    }

    It 'asks AWS SDK credentials for their keys (GetCredentials()), as bound to -Credential' {
        $sdk = [pscustomobject]@{ Kind = 'SDK' }
        $sdk | Add-Member -MemberType ScriptMethod -Name GetCredentials -Value { [pscustomobject]@{ AccessKey = 'AK2'; SecretKey = 'SK2'; Token = $null } }
        $r = Get-Request @{ Credential = [AwsLogin.Native.CredentialInput]::new($sdk) }
        $r.accessKey | Should -BeExactly 'AK2'
        $r.secretKey | Should -BeExactly 'SK2'
        $r.ContainsKey('sessionToken') | Should -BeFalse
    }

    It 'refuses a -Credential without keys, naming the parameter and what to pass' {
        $err = { Get-Request @{ Credential = [pscustomobject]@{ UserName = 'x' } } } | Should -Throw -PassThru
        $cause = $err.Exception.GetBaseException()
        $cause | Should -BeOfType [System.ArgumentException]
        $cause.ParamName | Should -BeExactly 'Credential'
        $cause.Message | Should -BeLike '*holds no keys. Pass a PSCredential*'
    }

    It 'lets the operation''s own members win over a parameter''s' {
        (Get-Request @{ ProfileName = 'from-parameter' } @{ profileName = 'from-operation' }).profileName | Should -BeExactly 'from-operation'
    }
}
