# ConvertFromNativeTime (ps-module/Private): the one conversion of native times into the DateTimes
# every cmdlet returns: local DateTimes, which compare right with Get-Date in every zone. The
# zones are exercised here in child processes (TZ is read once per process), and end to end by
# Invoke-AWSLogin.Tests.ps1, Invoke-AWSSSOLogin.Tests.ps1 and Get-AWSCredential.Tests.ps1.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    Complete-AwsLoginImport
    function Convert($Value) { InModuleScope AwsLogin -Parameters @{ V = $Value } { ConvertFromNativeTime $V } }
}

Describe 'ConvertFromNativeTime' {
    It 'turns <Case> into the same instant as a local DateTime' -TestCases @(
        @{ Case = 'RFC 3339 text'; Value = '2030-01-02T03:04:05Z' }
        @{ Case = 'fractional seconds'; Value = '2030-01-02T03:04:05.000Z' }
        @{ Case = 'an offset other than Z'; Value = '2030-01-02T05:04:05+02:00' }
        @{ Case = 'the UTC DateTime ConvertFrom-Json makes'; Value = [datetime]::new(2030, 1, 2, 3, 4, 5, [DateTimeKind]::Utc) }
        @{ Case = 'a local DateTime'; Value = [datetime]::new(2030, 1, 2, 3, 4, 5, [DateTimeKind]::Utc).ToLocalTime() }
        @{ Case = 'an Unspecified DateTime (read as UTC)'; Value = [datetime]::new(2030, 1, 2, 3, 4, 5, [DateTimeKind]::Unspecified) }
    ) {
        $r = Convert $Value
        $r.Kind | Should -Be 'Local'
        $r.ToUniversalTime() | Should -Be ([datetime]::new(2030, 1, 2, 3, 4, 5, [DateTimeKind]::Utc))
    }

    It 'compares right with Get-Date for a time just past and just ahead' {
        $soon = [datetime]::UtcNow.AddMinutes(5).ToString('yyyy-MM-ddTHH:mm:ssZ')
        $past = [datetime]::UtcNow.AddMinutes(-5).ToString('yyyy-MM-ddTHH:mm:ssZ')
        (Convert $soon) -gt (Get-Date) | Should -BeTrue
        (Convert $past) -lt (Get-Date) | Should -BeTrue
    }

    It 'compares right with Get-Date in <Zone>, far from UTC' -TestCases @(@{ Zone = 'Pacific/Kiritimati' }, @{ Zone = 'Pacific/Pago_Pago' }) {
        # Five minutes ahead must be 4 to 6 minutes after Get-Date there: a UTC or Unspecified
        # value would be 14 (or -11) hours off.
        $soon = [datetime]::UtcNow.AddMinutes(5).ToString('yyyy-MM-ddTHH:mm:ssZ')
        $script = "`$m = & (Get-Module AwsLogin) { ((ConvertFromNativeTime '$soon') - (Get-Date)).TotalMinutes }; 'minutes=' + `$m"
        $run = Invoke-ChildPwsh -CompleteImport -Script $script -Environment @{ TZ = $Zone } -TimeoutSeconds 90
        $run.TimedOut | Should -BeFalse
        $line = @($run.Output -split "`n" | Where-Object { $_ -match '^minutes=' })[-1]
        $line | Should -Not -BeNullOrEmpty -Because $run.Output
        [double]($line.Trim() -replace '^minutes=') | Should -BeGreaterThan 4
        [double]($line.Trim() -replace '^minutes=') | Should -BeLessThan 6
    }

    It 'gives $null for no time' {
        Convert $null | Should -BeNullOrEmpty
        Convert '' | Should -BeNullOrEmpty
    }
}
