# ConvertCredential (ps-module/Private): the keys inside whatever -Credential holds.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    function Convert-TestCredential([object] $Credential) {
        InModuleScope AwsLogin -Parameters @{ C = $Credential } { ConvertCredential -Credential $C }
    }
}

Describe 'ConvertCredential' {
    It 'reads a PSCredential: user name = access key, password = secret key, no token' {
        $keys = Convert-TestCredential ([pscredential]::new('AKIAUSER', (ConvertTo-SecureString 'pass/word+1' -AsPlainText -Force)))
        $keys.AccessKey | Should -BeExactly 'AKIAUSER'
        $keys.SecretKey | Should -BeExactly 'pass/word+1'
        $keys.SessionToken | Should -BeNullOrEmpty
    }

    It 'reads an object with AccessKey, SecretKey and <Name>' -TestCases @(
        @{ Name = 'Token'; Object = [pscustomobject]@{ AccessKey = 'AK1'; SecretKey = 'SK1'; Token = 'T1' } }
        @{ Name = 'SessionToken'; Object = [pscustomobject]@{ AccessKey = 'AK1'; SecretKey = 'SK1'; SessionToken = 'T1' } }
    ) {
        $keys = Convert-TestCredential $Object
        $keys.AccessKey | Should -BeExactly 'AK1'
        $keys.SecretKey | Should -BeExactly 'SK1'
        $keys.SessionToken | Should -BeExactly 'T1'
    }

    It 'asks AWS SDK credentials for their keys (GetCredentials())' {
        $sdk = [pscustomobject]@{ Kind = 'SDK' }
        $sdk | Add-Member -MemberType ScriptMethod -Name GetCredentials -Value { [pscustomobject]@{ AccessKey = 'AK2'; SecretKey = 'SK2'; Token = $null } }
        $keys = Convert-TestCredential $sdk
        $keys.AccessKey | Should -BeExactly 'AK2'
        $keys.SecretKey | Should -BeExactly 'SK2'
        $keys.SessionToken | Should -BeNullOrEmpty
    }

    It 'refuses an object without keys, naming the parameter and what to pass' {
        $err = { Convert-TestCredential ([pscustomobject]@{ UserName = 'x' }) } | Should -Throw -ExceptionType ([System.ArgumentException]) -PassThru
        $err.Exception.ParamName | Should -BeExactly 'Credential'
        $err.Exception.Message | Should -BeLike '*holds no keys. Pass a PSCredential*'
    }
}
