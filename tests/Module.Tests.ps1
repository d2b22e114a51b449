# The module as a whole: what it exports, how it binds the native library, and its help.

BeforeDiscovery {
    $manifest = Import-PowerShellDataFile (Join-Path $PSScriptRoot '..' 'ps-module' 'AwsLogin.psd1')
    $script:Commands = $manifest.FunctionsToExport
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support' 'TestHelpers.psm1') -Force
    $script:ModulePath = Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1'
    Import-Module $script:ModulePath -Force
}

Describe 'AwsLogin module' {
    It 'exports exactly the functions in Public/, as listed in the manifest' {
        $public = Get-ChildItem (Join-Path (Get-RepoRoot) 'ps-module' 'Public') -Filter *.ps1 | ForEach-Object BaseName | Sort-Object
        $exported = (Get-Module AwsLogin).ExportedFunctions.Keys | Sort-Object
        $exported | Should -Be $public
        (Import-PowerShellDataFile $ModulePath).FunctionsToExport | Sort-Object | Should -Be $public
    }

    It 'loads the prebuilt interop assembly from disk (no C# compiled at import)' {
        $type = 'AwsLogin.Native.NativeMethods' -as [type]
        $type | Should -Not -BeNullOrEmpty
        $type.Assembly.Location | Should -BeLike '*ps-module*bin*AwsLogin.Native.dll'
    }

    It 'binds the native library for this OS and architecture by absolute path' {
        $path = [AwsLogin.Native.NativeMethods]::LoadedPath
        [System.IO.Path]::IsPathRooted($path) | Should -BeTrue
        $path | Should -Match '[/\\](linux|osx|win)-(x64|arm64)[/\\](lib)?awslogin_core\.(so|dylib|dll)$'
        [AwsLogin.Native.NativeMethods]::AbiVersion() | Should -Be 2
        $path | Should -BeLike "*$([AwsLogin.Native.NativeMethods]::CurrentRid)*"
    }

    It 'loads the native library at the first command, not at import' -Skip:(-not $IsLinux) {
        # /proc/self/maps lists the shared objects a Linux process has mapped.
        $probe = @'
Import-Module '{0}'
$at = {{ [bool](Select-String -Path /proc/self/maps -SimpleMatch 'libawslogin_core' -Quiet) }}
$afterImport = & $at
$env:AWS_EC2_METADATA_DISABLED = 'true'
try {{ $null = Get-STSCallerIdentity -ProfileName awslogin-no-such-profile -ProfileLocation /nonexistent-awslogin-test }} catch {{ }}
"$afterImport,$(& $at)"
'@ -f $ModulePath
        $out = pwsh -NoProfile -NonInteractive -Command $probe
        $LASTEXITCODE | Should -Be 0
        $out | Should -Be 'False,True'
    }

    It 'refuses a native library of another ABI version at the first command, saying what to do' {
        $probe = @'
$null = [System.Reflection.Assembly]::LoadFrom('{0}')
$null = [AwsLogin.Native.NativeMethods]::InitializeModule('{1}', 999)
try {{ $null = [AwsLogin.Native.NativeMethods]::Call('Regions', '{{}}'); 'called' }} catch {{ $_.Exception.GetBaseException().Message }}
'@ -f (Join-Path (Get-RepoRoot) 'ps-module' 'bin' 'AwsLogin.Native.dll'), (Join-Path (Get-RepoRoot) 'ps-module')
        $out = pwsh -NoProfile -NonInteractive -Command $probe
        $out | Should -Match '^AwsLogin: the native library at .*awslogin_core.* has ABI version 2, but this module needs 999\. Rebuild with \./build\.ps1 Build, or reinstall the module\.$'
    }

    It 'has one version: Cargo.toml''s, in the manifest and in the native library' {
        Import-Module (Join-Path (Get-RepoRoot) 'tools' 'BuildHelpers.psm1') -Force
        $version = Get-AwsLoginVersion -Root (Get-RepoRoot)
        $version | Should -Match '^\d+\.\d+\.\d+$'
        (Import-PowerShellDataFile $ModulePath).ModuleVersion | Should -Be $version
        (Get-Module AwsLogin).Version | Should -Be $version
        [AwsLogin.Native.NativeMethods]::Version() | Should -Be $version
    }

    It 'passes statuses as uint32 and gets a text for any number (ABI 2)' {
        [AwsLogin.Native.NativeMethods]::StatusMessage(1) | Should -BeLike '*NULL*'
        [AwsLogin.Native.NativeMethods]::StatusMessage(99) | Should -BeExactly 'unknown status'
        [AwsLogin.Native.NativeMethods]::StatusMessage([uint32]::MaxValue) | Should -BeExactly 'unknown status'
    }

    It 'marshals an operation straight into its SafeHandle, and a refused start into nothing' {
        { [AwsLogin.Native.NativeMethods]::Start('Login', '{not json') } |
            Should -Throw -ExpectedMessage '*JSON argument could not be parsed (status 5)*'
        $op = [AwsLogin.Native.NativeMethods]::Start('SsoLogin', '{"env":{"HOME":"/nonexistent-awslogin"},"profileName":"nope"}')
        try {
            $op | Should -BeOfType ([AwsLogin.Native.OperationHandle])
            $op.IsInvalid | Should -BeFalse
            $event = $null
            foreach ($i in 1..100) {
                $event = [AwsLogin.Native.NativeMethods]::NextEvent($op, 100) | ConvertFrom-Json
                if ($event.type -eq 'done') { break }
            }
            $event.type | Should -Be 'done'
            $event.error.code | Should -Be 'ProfileNotFound'
        }
        finally { $op.Dispose() }
        $op.IsClosed | Should -BeTrue
    }

    It 'uses the merged scripts only while Private/ and Public/ hold exactly the files they were made from' {
        Import-Module (Join-Path (Get-RepoRoot) 'tools' 'BuildHelpers.psm1') -Force
        $copy = Join-Path $TestDrive 'mod'
        Copy-Item -Recurse (Join-Path (Get-RepoRoot) 'ps-module') $copy
        $native = [AwsLogin.Native.NativeMethods]
        $merged = @((Join-Path $copy 'bin' 'AwsLogin.Functions.ps1'), (Join-Path $copy 'bin' $native::MergedPrivateScriptName))
        Write-MergedFunctions -ModulePath $copy
        $native::MergedScripts($copy) | Should -Be $merged

        $file = Get-Item (Join-Path $copy 'Public' 'Get-STSCallerIdentity.ps1')
        $time = $file.LastWriteTimeUtc
        $file.LastWriteTimeUtc = $time.AddMinutes(1)
        $native::MergedScripts($copy) | Should -BeNullOrEmpty -Because 'an edited file is newer'
        $file.LastWriteTimeUtc = $time.AddMinutes(-1)
        $native::MergedScripts($copy) | Should -BeNullOrEmpty -Because 'a file restored from elsewhere may be older'
        $file.LastWriteTimeUtc = $time
        $native::MergedScripts($copy) | Should -Be $merged

        Add-Content $file.FullName '# one more line'
        $file.LastWriteTimeUtc = $time
        $native::MergedScripts($copy) | Should -BeNullOrEmpty -Because 'the size changed'

        Write-MergedFunctions -ModulePath $copy
        Set-Content (Join-Path $copy 'Private' 'NewHelper.ps1') 'function NewHelper { }'
        $native::MergedScripts($copy) | Should -BeNullOrEmpty -Because 'a new file is not in the merged script'
        Remove-Item (Join-Path $copy 'Private' 'NewHelper.ps1')
        $native::MergedScripts($copy) | Should -Be $merged

        Remove-Item (Join-Path $copy 'Public' 'Invoke-AWSLogout.ps1')
        $native::MergedScripts($copy) | Should -BeNullOrEmpty -Because 'a deleted file is still in the merged script'

        # An installed module has no sources beside the merged scripts: they are all there is.
        Remove-Item -Recurse (Join-Path $copy 'Public'), (Join-Path $copy 'Private')
        $native::MergedScripts($copy) | Should -Be $merged
        $private = $merged[1]
        Move-Item $private "$private.away"
        $native::MergedScripts($copy) | Should -BeNullOrEmpty -Because 'the commands need the private helpers'' script too'
        Move-Item "$private.away" $private
        Remove-Item $merged[0]
        $native::MergedScripts($copy) | Should -BeNullOrEmpty
    }

    It 'merges each Private/ function as script:Name into the helpers'' script, and refuses a file that is not one function' {
        Import-Module (Join-Path (Get-RepoRoot) 'tools' 'BuildHelpers.psm1') -Force
        $copy = Join-Path $TestDrive 'private'
        Copy-Item -Recurse (Join-Path (Get-RepoRoot) 'ps-module') $copy
        Write-MergedFunctions -ModulePath $copy
        $native = [AwsLogin.Native.NativeMethods]
        $text = Get-Content -Raw (Join-Path $copy 'bin' $native::MergedPrivateScriptName)
        $expected = Get-ChildItem (Join-Path $copy 'Private') -Filter *.ps1 | ForEach-Object { "script:$($_.BaseName)" } | Sort-Object
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($text, [ref]$null, [ref]$null)
        $functions = @($ast.EndBlock.Statements | Where-Object { $_ -is [System.Management.Automation.Language.FunctionDefinitionAst] })
        @($functions.Name | Sort-Object) | Should -Be $expected
        $commands = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $copy 'bin' 'AwsLogin.Functions.ps1'), [ref]$null, [ref]$null)
        $public = @(Get-ChildItem (Join-Path $copy 'Public') -Filter *.ps1 | ForEach-Object BaseName | Sort-Object)
        @($commands.EndBlock.Statements.Name | Sort-Object) | Should -Be $public

        # Each command keeps its help and parameters; its body waits in the helpers' script.
        $bodies = @($ast.EndBlock.Statements | Where-Object { $_ -is [System.Management.Automation.Language.AssignmentStatementAst] })
        @($bodies.Left.VariablePath.UserPath | Sort-Object) | Should -Be @($public | ForEach-Object { 'script:CommandBody_' + ($_ -replace '-', '_') })
        foreach ($command in $commands.EndBlock.Statements) {
            $variable = 'CommandBody_' + ($command.Name -replace '-', '_')
            @($command.Body.ProcessBlock.Statements.Extent.Text) | Should -Be @('if ($script:CompleteImport) { & $script:CompleteImport }', ". `$script:$variable")
            $command.Body.ParamBlock | Should -Not -BeNullOrEmpty
            $command.GetHelpContent().Synopsis | Should -Not -BeNullOrEmpty -Because "$($command.Name) keeps its help"
            $body = ($bodies | Where-Object { $_.Left.VariablePath.UserPath -eq "script:$variable" }).Right.Expression.ScriptBlock
            $body.FindAll({ $args[0] -is [System.Management.Automation.Language.VariableExpressionAst] -and $args[0].VariablePath.UserPath -in 'PSBoundParameters', 'MyInvocation' }, $true) |
                Should -BeNullOrEmpty -Because "$($command.Name)'s body reaches them through `$PSCmdlet"
        }

        Set-Content (Join-Path $copy 'Private' 'TwoThings.ps1') "function TwoThings { }`n`$x = 1"
        { Write-MergedFunctions -ModulePath $copy } | Should -Throw -ExpectedMessage '*TwoThings.ps1 must hold exactly one function and nothing else*'
        Remove-Item (Join-Path $copy 'Private' 'TwoThings.ps1')
        $step = 'if ($script:CompleteImport) { & $script:CompleteImport }'
        Set-Content (Join-Path $copy 'Public' 'Use-Args.ps1') "function Use-Args { [CmdletBinding()] param() process { $step; `$args } }"
        { Write-MergedFunctions -ModulePath $copy } | Should -Throw -ExpectedMessage '*Use-Args.ps1: the command''s body uses $args there, which would not mean the same*'
        Set-Content (Join-Path $copy 'Public' 'Use-Args.ps1') "function Use-Args { [CmdletBinding()] param() process { $step; & { `$PSBoundParameters } } }"
        { Write-MergedFunctions -ModulePath $copy } | Should -Throw -ExpectedMessage '*Use-Args.ps1: the command''s body uses $PSBoundParameters there*'
        # A script block's own $args is its own either way.
        Set-Content (Join-Path $copy 'Public' 'Use-Args.ps1') "function Use-Args { [CmdletBinding()] param() process { $step; 1 | Where-Object { `$args.Count -eq 0 } } }"
        { Write-MergedFunctions -ModulePath $copy } | Should -Not -Throw
        foreach ($blocks in "begin { } process { $step }", '"no process block"', 'process { "no step first" }') {
            Set-Content (Join-Path $copy 'Public' 'Use-Args.ps1') "function Use-Args { [CmdletBinding()] param() $blocks }"
            { Write-MergedFunctions -ModulePath $copy } | Should -Throw -ExpectedMessage '*Use-Args.ps1: the command must have one process block (no begin, end or dynamicparam) that starts with: if ($script:CompleteImport)*'
        }
    }

    It 'runs a command''s body, moved out of it by the build, in the command''s own scope, as in the sources' {
        # A command that shows what its body sees: its parameters, $PSBoundParameters,
        # $MyInvocation, $PSCmdlet, the pipeline's item and a return that ends one item.
        Import-Module (Join-Path (Get-RepoRoot) 'tools' 'BuildHelpers.psm1') -Force
        $copy = Join-Path $TestDrive 'scope'
        Copy-Item -Recurse (Join-Path (Get-RepoRoot) 'ps-module') $copy
        Set-Content (Join-Path $copy 'Public' 'Show-AwsLoginScope.ps1') @'
function Show-AwsLoginScope {
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(ValueFromPipeline)] [int] $Item, [string] $Other)
    process {
        if ($script:CompleteImport) { & $script:CompleteImport }
        $seen = "item $Item"
        if ($Item -eq 2) { return }
        $whatIf = $PSCmdlet.ShouldProcess("$Item", 'Show')
        '{0}|{1}|{2}|{3}|{4}|{5}' -f (@($PSBoundParameters.Keys | Sort-Object) -join ','), $MyInvocation.MyCommand.Name, $_, $seen, $whatIf, $PSBoundParameters['Other']
    }
}
'@
        Write-MergedFunctions -ModulePath $copy
        [AwsLogin.Native.NativeMethods]::MergedScripts($copy) | Should -Not -BeNullOrEmpty
        $probe = "Import-Module '$copy/AwsLogin.psd1'; & (Get-Module AwsLogin) { 1, 2, 3 | Show-AwsLoginScope -Other x -WhatIf:`$false; Show-AwsLoginScope -Item 4 -WhatIf }"
        $merged = pwsh -NoProfile -NonInteractive -Command $probe
        $LASTEXITCODE | Should -Be 0
        $expected = @('Item,Other,WhatIf|Show-AwsLoginScope|1|item 1|True|x', 'Item,Other,WhatIf|Show-AwsLoginScope|3|item 3|True|x', 'What if: Performing the operation "Show" on target "4".', 'Item,WhatIf|Show-AwsLoginScope||item 4|False|')
        $merged | Should -Be $expected
        # The same command from the sources (a Public/ file newer than the merged scripts).
        (Get-Item (Join-Path $copy 'Public' 'Show-AwsLoginScope.ps1')).LastWriteTimeUtc = [datetime]::UtcNow.AddMinutes(5)
        [AwsLogin.Native.NativeMethods]::MergedScripts($copy) | Should -BeNullOrEmpty
        $sources = pwsh -NoProfile -NonInteractive -Command $probe
        $sources | Should -Be $expected
    }

    It 'defines the private helpers and the commands'' bodies and loads the format data at the first command, not at import, in either layout' {
        # Merged: the build's scripts, as installed. Sources: a Private/ file newer than the
        # merged scripts, so the module dot-sources Private/ and Public/ at import.
        $sources = Join-Path $TestDrive 'sources'
        Copy-Item -Recurse (Join-Path (Get-RepoRoot) 'ps-module') $sources
        (Get-Item (Join-Path $sources 'Private' 'InvokeNativeOneShot.ps1')).LastWriteTimeUtc = [datetime]::UtcNow.AddMinutes(5)
        $probe = @'
Import-Module '{0}'
$m = Get-Module AwsLogin
$state = {{ '{{0}},{{1}},{{2}}' -f [bool](& $m {{ Get-Command -CommandType Function NewAwsLoginErrorRecord -ErrorAction SilentlyContinue }}), [bool](Get-FormatData -TypeName AwsLogin.CallerIdentity), [bool](& $m {{ Get-Variable -Scope Script CommandBody_Get_STSCallerIdentity -ErrorAction SilentlyContinue }}) }}
& $state
$env:AWS_EC2_METADATA_DISABLED = 'true'
try {{ $null = Get-STSCallerIdentity -ProfileName awslogin-no-such-profile -ProfileLocation /nonexistent-awslogin-test }} catch {{ $_.FullyQualifiedErrorId }}
& $state
'@
        $merged = pwsh -NoProfile -NonInteractive -Command ($probe -f $ModulePath)
        $LASTEXITCODE | Should -Be 0
        $merged | Should -Be @('False,False,False', 'ProfileNotFound,Get-STSCallerIdentity', 'True,True,True')
        $fromSources = pwsh -NoProfile -NonInteractive -Command ($probe -f (Join-Path $sources 'AwsLogin.psd1'))
        $LASTEXITCODE | Should -Be 0
        # The sources' commands have their bodies in them: no body is defined apart.
        $fromSources | Should -Be @('True,False,False', 'ProfileNotFound,Get-STSCallerIdentity', 'True,True,False')
    }

    It 'completes the import silently and wholly when the first command runs under -WhatIf, -Confirm or -Verbose' {
        # What the first command inherits must not reach the step: no "What if" that skips the
        # format data, no question, no verbose line about loading it.
        $probe = @'
Import-Module '{0}'
$env:AWS_EC2_METADATA_DISABLED = 'true'
{1}
try {{ $null = Get-STSCallerIdentity -ProfileName awslogin-no-such-profile -ProfileLocation /nonexistent-awslogin-test }} catch {{ $_.FullyQualifiedErrorId }}
'loaded=' + [bool](Get-FormatData -TypeName AwsLogin.CallerIdentity -Verbose:$false)
'@
        foreach ($preference in '$WhatIfPreference = $true', '$ConfirmPreference = ''Low''', '$VerbosePreference = ''Continue''') {
            $out = pwsh -NoProfile -NonInteractive -Command ($probe -f $ModulePath, $preference) 2>&1 | ForEach-Object { "$_" }
            $all = $out -join "`n"
            $LASTEXITCODE | Should -Be 0 -Because $all
            $out | Should -Contain 'ProfileNotFound,Get-STSCallerIdentity' -Because $all
            $out | Should -Contain 'loaded=True' -Because "$preference must not stop the format data: $all"
            $out | Where-Object { $_ -match 'AwsLogin\.Format|format\.ps1xml|What if|Loading module|Importing' } | Should -BeNullOrEmpty -Because "$preference must not show the step: $all"
        }
    }

    It 'starts every command by completing the import' {
        # Without that first statement a command run first in a session would find no helper.
        foreach ($file in Get-ChildItem (Join-Path (Get-RepoRoot) 'ps-module' 'Public') -Filter *.ps1) {
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref]$null, [ref]$null)
            $function = $ast.EndBlock.Statements[0]
            $function.Body.BeginBlock | Should -BeNullOrEmpty -Because "$($file.Name) would run its begin block before completing the import"
            $function.Body.ProcessBlock.Statements[0].Extent.Text | Should -BeExactly 'if ($script:CompleteImport) { & $script:CompleteImport }' -Because "$($file.Name)'s process block must start with it"
        }
    }

    It 'forgets a function whose Public file was deleted after the build, at the next import' {
        $copy = Join-Path $TestDrive 'deleted'
        Copy-Item -Recurse (Join-Path (Get-RepoRoot) 'ps-module') $copy
        Import-Module (Join-Path (Get-RepoRoot) 'tools' 'BuildHelpers.psm1') -Force
        Write-MergedFunctions -ModulePath $copy
        $list = "(Get-Command -Module AwsLogin).Name -join ','"
        $before = pwsh -NoProfile -NonInteractive -Command "Import-Module '$copy/AwsLogin.psd1'; $list"
        $before -split ',' | Should -Contain 'Invoke-AWSLogout'
        Remove-Item (Join-Path $copy 'Public' 'Invoke-AWSLogout.ps1')
        $after = pwsh -NoProfile -NonInteractive -Command "Import-Module '$copy/AwsLogin.psd1'; $list; [bool](Get-Command Invoke-AWSLogout -ErrorAction SilentlyContinue)"
        $LASTEXITCODE | Should -Be 0
        $after[0] -split ',' | Should -Not -Contain 'Invoke-AWSLogout'
        $after[0] -split ',' | Should -Contain 'Get-STSCallerIdentity'
        $after[1] | Should -Be 'False'
    }

    It 'says clearly when the native library for this platform is missing' {
        $copy = Join-Path $TestDrive 'nolib'
        Copy-Item -Recurse (Join-Path (Get-RepoRoot) 'ps-module') $copy
        Get-ChildItem (Join-Path $copy 'bin') -Directory | Remove-Item -Recurse -Force
        $rid = [AwsLogin.Native.NativeMethods]::CurrentRid
        $out = pwsh -NoProfile -NonInteractive -Command "try { Import-Module '$copy/AwsLogin.psd1' -ErrorAction Stop; 'imported' } catch { `$_.Exception.Message }"
        $out | Should -Match "no native library for this platform, $rid \(.*$rid.*is missing\); it has libraries for no platform\. .*run \./build\.ps1 Build\.$"
        $out | Should -Not -Match 'Exception calling'
    }

    It 'has an about_AwsLogin topic that Get-Help finds after import' {
        $help = Get-Help about_AwsLogin
        $help | Should -Not -BeNullOrEmpty
        $text = $help | Out-String
        foreach ($section in 'THE THREE WAYS TO SIGN IN', 'WHERE FILES LIVE', 'ENVIRONMENT VARIABLES', 'SHARING WITH THE AWS CLI AND SDKS', 'TAB COMPLETION') {
            $text | Should -Match $section
        }
        # Every command it names exists, and every exported one is named.
        foreach ($name in [regex]::Matches($text, '\b[A-Z][a-z]+-AWS\w+|\bGet-STS\w+') | ForEach-Object Value | Select-Object -Unique) {
            Get-Command $name -Module AwsLogin -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty -Because "about_AwsLogin names $name"
        }
        foreach ($name in (Get-Module AwsLogin).ExportedFunctions.Keys) { $text | Should -Match ([regex]::Escape($name)) }
        foreach ($line in Get-Content (Join-Path (Get-RepoRoot) 'ps-module' 'en-US' 'about_AwsLogin.help.txt')) {
            $line.Length | Should -BeLessOrEqual 80 -Because 'help text is read in 80-column consoles'
        }
    }

    It 'names no command the module does not export in any message, help or comment' {
        # Verb-AWS..., Verb-STS..., Verb-SSO..., Verb-S3... anywhere in the native core's and the
        # module's sources: each must be one of ours (AWS CLI commands such as 'aws sso login'
        # are not of this form and stay allowed).
        $root = Get-RepoRoot
        $exported = @((Get-Module AwsLogin).ExportedFunctions.Keys)
        $files = @(Get-ChildItem (Join-Path $root 'rust-core' 'src') -Recurse -Filter *.rs) +
            @(Get-ChildItem (Join-Path $root 'ps-module') -Recurse -Include *.ps1, *.psm1, *.psd1, *.cs | Where-Object { $_.FullName -notmatch '[/\\]bin[/\\]' })
        $files.Count | Should -BeGreaterThan 40
        $unknown = foreach ($file in $files) {
            foreach ($m in [regex]::Matches([System.IO.File]::ReadAllText($file.FullName), '\b[A-Z][a-z]+-(AWS|STS|SSO|S3|EC2|IAM)[A-Za-z0-9]*\b')) {
                if ($exported -notcontains $m.Value) { "$($file.Name): $($m.Value)" }
            }
        }
        $unknown | Should -BeNullOrEmpty
    }

    It 'imports in a fresh process' {
        $out = pwsh -NoProfile -NonInteractive -Command "Import-Module '$ModulePath'; (Get-Command -Module AwsLogin).Name | Sort-Object"
        $LASTEXITCODE | Should -Be 0
        $out | Should -Be @((Import-PowerShellDataFile $ModulePath).FunctionsToExport | Sort-Object)
    }
}

Describe 'Tests mirror the source' {
    It 'has a tests/Public file named after every Public function file (Name.ps1 gets Name.Tests.ps1)' {
        $root = Get-RepoRoot
        $missing = Get-ChildItem (Join-Path $root 'ps-module' 'Public') -Filter *.ps1 |
            Where-Object { -not (Test-Path (Join-Path $root 'tests' 'Public' "$($_.BaseName).Tests.ps1")) } |
            ForEach-Object Name
        $missing | Should -BeNullOrEmpty -Because 'every public function has its own Pester file of the same name'
    }

    It 'has no tests/Public or tests/Private file without its source file' {
        $root = Get-RepoRoot
        $orphans = foreach ($folder in 'Public', 'Private') {
            Get-ChildItem (Join-Path $root 'tests' $folder) -Filter *.Tests.ps1 -ErrorAction SilentlyContinue |
                Where-Object { -not (Test-Path (Join-Path $root 'ps-module' $folder ($_.Name -replace '\.Tests\.ps1$', '.ps1'))) } |
                ForEach-Object { "tests/$folder/$($_.Name)" }
        }
        $orphans | Should -BeNullOrEmpty -Because 'a test file is named after the file it tests'
    }
}

Describe 'Help of <_>' -ForEach $Commands {
    BeforeAll {
        $script:Help = Get-Help $_ -Full
        $script:Command = Get-Command $_
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        $script:Parameters = $script:Command.Parameters.Keys | Where-Object { $_ -notin $common }
    }

    It 'has a synopsis' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        $Help.Synopsis | Should -Not -Match "^\s*$([regex]::Escape($_))\s"
    }

    It 'has a HelpUri: the AWS Tools reference page of the cmdlet of the same name, where the AWS Tools have one' {
        # Commands of our own (no AWS Tools cmdlet of that name) have no page but their full help.
        $awsTools = @((Import-PowerShellDataFile (Join-Path (Get-RepoRoot) 'tools' 'parity' 'AwsTools.psd1')).Cmdlets.Name) + 'Get-AWSCredential'
        if ($_ -in $awsTools) {
            $Command.HelpUri | Should -Be "https://docs.aws.amazon.com/powershell/v5/reference/items/$_.html" -Because "[CmdletBinding(HelpUri = ...)] of $_ names the AWS Tools page of the cmdlet of the same name"
        }
        else {
            # Ours alone: no AWS Tools page to point at (the first .LINK URL of its help may serve).
            $Command.HelpUri | Should -Not -BeLike 'https://docs.aws.amazon.com/powershell/*'
        }
    }

    It 'has a description' {
        ($Help.Description.Text -join '') | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with code and remarks' {
        @($Help.Examples.Example).Count | Should -BeGreaterThan 0
        foreach ($example in $Help.Examples.Example) {
            $example.Code | Should -Not -BeNullOrEmpty
            ($example.Remarks.Text -join '') | Should -Not -BeNullOrEmpty
        }
    }

    It 'describes every parameter' {
        foreach ($name in $Parameters) {
            $p = $Help.Parameters.Parameter | Where-Object Name -EQ $name
            ($p.Description.Text -join '') | Should -Not -BeNullOrEmpty -Because "parameter -$name needs a description"
        }
    }
}
