# docs/Parity.md is generated from Get-Command on the module and tools/parity/AwsTools.psd1:
# regenerating it must give the committed file, so the table cannot drift from the cmdlets.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support' 'TestHelpers.psm1') -Force
    $script:Root = Get-RepoRoot
    $script:Fresh = Join-Path $TestDrive 'Parity.md'
    & (Join-Path $Root 'tools' 'Update-ParityTable.ps1') -OutFile $Fresh
    # The generator re-imports the module; leave it imported for the tests that follow.
}

Describe 'The parity table (docs/Parity.md)' {
    It 'is up to date: ./tools/Update-ParityTable.ps1 regenerates the committed file unchanged' {
        $committed = Join-Path $Root 'docs' 'Parity.md'
        Test-Path $committed | Should -BeTrue
        [System.IO.File]::ReadAllText($Fresh) | Should -BeExactly ([System.IO.File]::ReadAllText($committed)) -Because 'the cmdlets or tools/parity changed: run ./tools/Update-ParityTable.ps1 and commit docs/Parity.md'
    }

    It 'covers the seven cmdlets and every parameter of the AWS ones' {
        $text = [System.IO.File]::ReadAllText($Fresh)
        $data = Import-PowerShellDataFile (Join-Path $Root 'tools' 'parity' 'AwsTools.psd1')
        @($data.Cmdlets).Count | Should -Be 7
        foreach ($cmdlet in $data.Cmdlets) {
            $text | Should -Match "(?m)^## $([regex]::Escape($cmdlet.Name))$"
            foreach ($p in $cmdlet.Parameters) { $text | Should -Match "(?m)^\| $($p.Name)\b" }
        }
    }

    It 'shows our side as Get-Command reports it' {
        $text = [System.IO.File]::ReadAllText($Fresh)
        # Every parameter of every exported mirror cmdlet has a row.
        $data = Import-PowerShellDataFile (Join-Path $Root 'tools' 'parity' 'AwsTools.psd1')
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        foreach ($cmdlet in $data.Cmdlets) {
            $command = Get-Command $cmdlet.Name -Module AwsLogin -ErrorAction SilentlyContinue
            if (-not $command) { continue }
            $section = ($text -split '(?m)^## ' | Where-Object { $_.StartsWith("$($cmdlet.Name)`n") })
            foreach ($name in $command.Parameters.Keys | Where-Object { $_ -notin $common }) {
                $aliasOf = $cmdlet.Parameters | Where-Object { $command.Parameters[$name].Aliases -contains $_.Name }
                $shownAs = if ($aliasOf) { $aliasOf.Name } else { $name }
                $section | Should -Match "(?m)^\| $shownAs\b" -Because "-$name of $($cmdlet.Name) needs a row"
            }
        }
    }
}
