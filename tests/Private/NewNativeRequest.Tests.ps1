# NewNativeRequest (ps-module/Private): the JSON request every native call receives.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    Complete-AwsLoginImport
    function Get-Request([System.Collections.IDictionary] $Parameters, [System.Collections.IDictionary] $Extra = @{}) {
        InModuleScope AwsLogin -Parameters @{ P = $Parameters; E = $Extra } { NewNativeRequest -Parameters $P -Extra $E } | ConvertFrom-Json -AsHashtable
    }
}

Describe 'NewNativeRequest' {
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
        # The caller's preference, as a cmdlet run with and without -Verbose has it.
        $request = { param($Preference) InModuleScope AwsLogin -Parameters @{ Preference = $Preference } { $VerbosePreference = $Preference; NewNativeRequest -Parameters @{ ProfileName = 'dev' } } | ConvertFrom-Json -AsHashtable }
        $quiet = & $request 'SilentlyContinue'
        $quiet.Contains('verbose') | Should -BeTrue
        $quiet.verbose | Should -BeFalse
        (& $request 'Continue').Contains('verbose') | Should -BeFalse
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
