# tools/BuildHelpers.psm1: the one version, the release notes and the task names.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'tools' 'BuildHelpers.psm1') -Force

    function New-FakeRoot([string] $CargoVersion, [string] $ManifestVersion) {
        # A repository root with only what the version helpers read.
        $root = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path (Join-Path $root 'ps-module') -Force | Out-Null
        $cargo = [System.IO.File]::ReadAllText((Join-Path (Get-RepoRoot) 'Cargo.toml'))
        $cargo = $cargo -replace '(?m)^version = "[^"]+"', "version = `"$CargoVersion`""
        Set-Content (Join-Path $root 'Cargo.toml') $cargo -NoNewline
        $psd1 = [System.IO.File]::ReadAllText((Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1'))
        $psd1 = [regex]::Replace($psd1, "(?m)^(\s*ModuleVersion\s*=\s*)'[^']*'", "`${1}'$ManifestVersion'")
        Set-Content (Join-Path $root 'ps-module' 'AwsLogin.psd1') $psd1 -NoNewline
        $root
    }
}

Describe 'The version, set once in Cargo.toml' {
    It 'is read from [workspace.package]' {
        $root = New-FakeRoot '3.4.5' '3.4.5'
        Get-AwsLoginVersion -Root $root | Should -Be '3.4.5'
    }

    It 'is written into the manifest by Build (Sync-ManifestVersion), touching nothing else' {
        $root = New-FakeRoot '3.4.5' '0.0.1'
        $path = Join-Path $root 'ps-module' 'AwsLogin.psd1'
        $before = [System.IO.File]::ReadAllText($path)
        Sync-ManifestVersion -Root $root 6>$null
        (Import-PowerShellDataFile $path).ModuleVersion | Should -Be '3.4.5'
        [System.IO.File]::ReadAllText($path) | Should -Be ($before -replace "ModuleVersion        = '0.0.1'", "ModuleVersion        = '3.4.5'")
    }

    It 'fails the Test task''s check when the committed manifest differs, naming both versions' {
        $root = New-FakeRoot '3.4.5' '0.0.1'
        { Sync-ManifestVersion -Root $root -Check } | Should -Throw "*ModuleVersion '0.0.1' but Cargo.toml says '3.4.5'*"
        Sync-ManifestVersion -Root (New-FakeRoot '3.4.5' '3.4.5') -Check
    }

    It 'is the same in Cargo.toml and the committed manifest of this repository' {
        { Sync-ManifestVersion -Root (Get-RepoRoot) -Check } | Should -Not -Throw
    }
}

Describe 'Release notes from CHANGELOG.md' {
    BeforeAll {
        function New-Changelog([string] $Text) {
            $root = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
            New-Item -ItemType Directory -Path $root | Out-Null
            Set-Content (Join-Path $root 'CHANGELOG.md') $Text -NoNewline
            $root
        }
    }

    It 'are the newest section, [Unreleased] between releases' {
        $root = New-Changelog "# Changelog`n`nIntro.`n`n## [Unreleased]`n`n### Added`n- b`n`n## [1.0.0] - 2026-01-01`n`n### Added`n- a`n"
        Get-ReleaseNotes -Root $root -Version '1.0.1' | Should -Be "## [Unreleased]`n### Added`n- b"
    }

    It 'are the section of the version when it has one' {
        $root = New-Changelog "# Changelog`n`n## [1.0.1] - 2026-02-01`n### Fixed`n- c`n`n## [1.0.0] - 2026-01-01`n- a`n`n[1.0.1]: https://example.invalid/1.0.1`n"
        Get-ReleaseNotes -Root $root -Version '1.0.1' | Should -Be "## [1.0.1] - 2026-02-01`n### Fixed`n- c"
    }

    It 'refuse a package whose version has no section yet' {
        $root = New-Changelog "# Changelog`n`n## [1.0.0] - 2026-01-01`n- a`n"
        { Get-ReleaseNotes -Root $root -Version '1.1.0' } | Should -Throw "*newest section is ``[1.0.0``], but the version is 1.1.0*"
    }

    It 'exist for this repository''s version' {
        Get-ReleaseNotes -Root (Get-RepoRoot) -Version (Get-AwsLoginVersion -Root (Get-RepoRoot)) | Should -Match '^## \[(Unreleased|\d+\.\d+\.\d+)\]'
    }
}

Describe 'Task names' {
    It 'do not take Invoke-Build, the command of the InvokeBuild module' {
        $commands = (Get-Module BuildHelpers).ExportedCommands.Keys
        $commands | Should -Contain 'Build-AwsLoginModule'
        $commands | Should -Contain 'Build-AwsLoginPackage'
        $commands | Should -Not -Contain 'Invoke-Build'
        $uses = Select-String -Path (Join-Path (Get-RepoRoot) 'build.ps1'), (Join-Path (Get-RepoRoot) 'tools' '*.ps1'), (Join-Path (Get-RepoRoot) 'tests' '*.ps1') -Pattern '\bInvoke-Build\b' |
            Where-Object { $_.Path -notlike '*BuildHelpers.Tests.ps1' }
        $uses | Should -BeNullOrEmpty
    }
}
