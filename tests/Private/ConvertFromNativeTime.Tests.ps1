# ConvertFromNativeTime (ps-module/Private): native RFC 3339 times as local DateTimes, which
# compare right with Get-Date in every zone (the zones themselves are exercised by the child
# processes of Invoke-AWSLogin.Tests.ps1 and Invoke-AWSSSOLogin.Tests.ps1).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
}

Describe 'ConvertFromNativeTime' {
    It 'turns <Case> into the same instant as a local DateTime' -TestCases @(
        @{ Case = 'RFC 3339 text'; Value = '2030-01-02T03:04:05Z' }
        @{ Case = 'fractional seconds'; Value = '2030-01-02T03:04:05.000Z' }
        @{ Case = 'the UTC DateTime ConvertFrom-Json makes'; Value = [datetime]::new(2030, 1, 2, 3, 4, 5, [DateTimeKind]::Utc) }
        @{ Case = 'a local DateTime'; Value = [datetime]::new(2030, 1, 2, 3, 4, 5, [DateTimeKind]::Utc).ToLocalTime() }
    ) {
        $r = InModuleScope AwsLogin -Parameters @{ V = $Value } { ConvertFromNativeTime $V }
        $r.Kind | Should -Be 'Local'
        $r.ToUniversalTime() | Should -Be ([datetime]::new(2030, 1, 2, 3, 4, 5, [DateTimeKind]::Utc))
    }

    It 'compares right with Get-Date for a time just past and just ahead' {
        $soon = [datetime]::UtcNow.AddMinutes(5).ToString('yyyy-MM-ddTHH:mm:ssZ')
        $past = [datetime]::UtcNow.AddMinutes(-5).ToString('yyyy-MM-ddTHH:mm:ssZ')
        (InModuleScope AwsLogin -Parameters @{ V = $soon } { ConvertFromNativeTime $V }) -gt (Get-Date) | Should -BeTrue
        (InModuleScope AwsLogin -Parameters @{ V = $past } { ConvertFromNativeTime $V }) -lt (Get-Date) | Should -BeTrue
    }

    It 'gives $null for no time' {
        InModuleScope AwsLogin { ConvertFromNativeTime $null } | Should -BeNullOrEmpty
        InModuleScope AwsLogin { ConvertFromNativeTime '' } | Should -BeNullOrEmpty
    }
}
