# ConvertToSsoLoginResult (ps-module/Private): the object Invoke-AWSSSOLogin -PassThru returns.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    Complete-AwsLoginImport
}

Describe 'ConvertToSsoLoginResult' {
    It 'copies the members and returns a local expiration that compares right with Get-Date' {
        $native = [pscustomobject]@{ status = 'LoggedIn'; profileName = 'dev'; sessionName = 's'; startUrl = 'https://x.awsapps.com/start'; expiresAt = '2030-01-02T03:04:05Z'; tokenFile = '/t.json' }
        $r = InModuleScope AwsLogin -Parameters @{ N = $native } { ConvertToSsoLoginResult -Result $N }
        $r.PSObject.TypeNames | Should -Contain 'AwsLogin.SsoLoginResult'
        $r.Status | Should -BeExactly 'LoggedIn'
        $r.ProfileName | Should -BeExactly 'dev'
        $r.SessionName | Should -BeExactly 's'
        $r.StartUrl | Should -BeExactly 'https://x.awsapps.com/start'
        $r.TokenFile | Should -BeExactly '/t.json'
        $r.Expiration.Kind | Should -Be 'Local'
        $r.Expiration.ToUniversalTime() | Should -Be ([datetime]::new(2030, 1, 2, 3, 4, 5, [DateTimeKind]::Utc))
        $r.Expiration -gt (Get-Date) | Should -BeTrue
    }
}
