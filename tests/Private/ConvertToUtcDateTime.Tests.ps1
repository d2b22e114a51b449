# ConvertToUtcDateTime (ps-module/Private): native times as DateTimes that compare right in any zone.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    function Convert($Value) { InModuleScope AwsLogin -Parameters @{ V = $Value } { ConvertToUtcDateTime $V } }
}

Describe 'ConvertToUtcDateTime' {
    It 'reads RFC 3339 text as UTC, whatever the offset' {
        $t = Convert '2026-11-30T06:05:00Z'
        $t.Kind | Should -Be 'Utc'
        $t | Should -Be ([datetime]::new(2026, 11, 30, 6, 5, 0, [DateTimeKind]::Utc))
        (Convert '2026-11-30T08:05:00+02:00') | Should -Be $t
    }

    It 'turns Local and Unspecified DateTimes into UTC ones' {
        $utc = [datetime]::new(2026, 1, 1, 0, 0, 0, [DateTimeKind]::Utc)
        (Convert $utc.ToLocalTime()).Kind | Should -Be 'Utc'
        (Convert $utc.ToLocalTime()) | Should -Be $utc
        $unspecified = [datetime]::new(2026, 1, 1, 0, 0, 0, [DateTimeKind]::Unspecified)
        (Convert $unspecified) | Should -Be $utc
        (Convert $unspecified).Kind | Should -Be 'Utc'
    }

    It 'keeps no value as $null' {
        Convert $null | Should -BeNullOrEmpty
        Convert '' | Should -BeNullOrEmpty
    }
}
