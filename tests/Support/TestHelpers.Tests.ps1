# The test helpers that decide whether other tests pass: Assert-TreeUnchanged must fail for
# every kind of change, or the "touches nothing" checks that use it prove nothing.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
}

Describe 'Assert-TreeUnchanged' {
    BeforeEach {
        $script:Dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path (Join-Path $Dir 'sub') -Force | Out-Null
        Set-Content (Join-Path $Dir 'config') "[profile a]`nregion = us-east-1`n"
        Set-Content (Join-Path $Dir 'sub' 'token.json') '{"a":1}'
        $script:Before = Get-FileSnapshot $Dir
    }

    It 'passes when nothing changed' {
        { Assert-TreeUnchanged -Before $Before -After (Get-FileSnapshot $Dir) } | Should -Not -Throw
        $Before.Count | Should -Be 2 -Because 'the snapshot lists both files'
    }

    It 'fails naming a file whose content changed, even with the same size' {
        Set-Content (Join-Path $Dir 'sub' 'token.json') '{"a":2}'
        $err = { Assert-TreeUnchanged -Before $Before -After (Get-FileSnapshot $Dir) } | Should -Throw -PassThru
        $err.Exception.Message | Should -BeLike "*changed: $(Join-Path $Dir 'sub' 'token.json')*"
        $err.Exception.Message | Should -Not -BeLike '*config*'
    }

    It 'fails naming an added file and a removed file' {
        Set-Content (Join-Path $Dir 'new.tmp') 'x'
        Remove-Item (Join-Path $Dir 'config')
        $err = { Assert-TreeUnchanged -Before $Before -After (Get-FileSnapshot $Dir) } | Should -Throw -PassThru
        $err.Exception.Message | Should -BeLike "*added: $(Join-Path $Dir 'new.tmp')*"
        $err.Exception.Message | Should -BeLike "*removed: $(Join-Path $Dir 'config')*"
        $err.Exception.Message | Should -BeLike '*2 differ*'
    }

    It 'fails when a file is replaced by another of the same count (the old count check passed this)' {
        Remove-Item (Join-Path $Dir 'config')
        Set-Content (Join-Path $Dir 'Config') "[profile a]`nregion = us-east-1`n"
        { Assert-TreeUnchanged -Before $Before -After (Get-FileSnapshot $Dir) } | Should -Throw '*added:*Config*removed:*config*'
    }

    It 'ignores only what -Ignore names' {
        Set-Content (Join-Path $Dir 'sub' 'token.json.lock') ''
        { Assert-TreeUnchanged -Before $Before -After (Get-FileSnapshot $Dir) -Ignore '*.lock' } | Should -Not -Throw
        Set-Content (Join-Path $Dir 'sub' 'token.json') 'changed'
        { Assert-TreeUnchanged -Before $Before -After (Get-FileSnapshot $Dir) -Ignore '*.lock' } | Should -Throw '*changed:*token.json*'
    }
}
