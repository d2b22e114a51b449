# Every PowerShell file of the repository parses: scripts that only run on demand (build.ps1
# Bench, the demo parts, the bench helpers) would otherwise break unnoticed.

BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
    $script:Files = foreach ($folder in 'ps-module', 'tests', 'tools') {
        Get-ChildItem (Join-Path $root $folder) -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1' |
            Where-Object { $_.FullName -notmatch '[/\\](bin|obj)[/\\]' } |
            ForEach-Object { @{ Path = $_.FullName; Name = $_.FullName.Substring($root.Length + 1) } }
    }
    $script:Files += @{ Path = (Join-Path $root 'build.ps1'); Name = 'build.ps1' }
}

Describe 'PowerShell sources' {
    It '<Name> parses' -ForEach $Files {
        $tokens = $null
        $errors = $null
        [void][System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$errors)
        ($errors | ForEach-Object { "line $($_.Extent.StartLineNumber): $($_.Message)" }) -join '; ' | Should -BeNullOrEmpty
    }
}
