# The tasks behind build.ps1, one function each.

Set-StrictMode -Version 3.0

function Invoke-Native {
    # Runs a native command and stops when it fails.
    param([Parameter(Mandatory)] [string] $Command, [string[]] $Arguments = @())
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Command $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Get-AwsLoginVersion {
    # The version of everything (crate, module manifest, package): [workspace.package] version
    # in Cargo.toml is its only source. Build writes it into ps-module/AwsLogin.psd1.
    param([Parameter(Mandatory)] [string] $Root)
    $text = [System.IO.File]::ReadAllText((Join-Path $Root 'Cargo.toml'))
    if ($text -notmatch '(?ms)^\[workspace\.package\][^\[]*?^version\s*=\s*"([^"]+)"') { throw 'Cargo.toml has no [workspace.package] version.' }
    $Matches[1]
}

function Sync-ManifestVersion {
    # Writes Cargo.toml's version into ps-module/AwsLogin.psd1 (ModuleVersion); with -Check,
    # fails instead when the committed manifest differs (Test runs this before Build).
    param([Parameter(Mandatory)] [string] $Root, [switch] $Check)
    $version = Get-AwsLoginVersion -Root $Root
    $path = Join-Path $Root 'ps-module' 'AwsLogin.psd1'
    $text = [System.IO.File]::ReadAllText($path)
    $pattern = "(?m)^(\s*ModuleVersion\s*=\s*)'([^']*)'"
    $found = [regex]::Matches($text, $pattern)
    if ($found.Count -ne 1) { throw "$path must have exactly one ModuleVersion = '...' line." }
    $current = $found[0].Groups[2].Value
    if ($current -eq $version) { return }
    if ($Check) {
        throw "ps-module/AwsLogin.psd1 says ModuleVersion '$current' but Cargo.toml says '$version': run ./build.ps1 Build and commit the manifest."
    }
    [System.IO.File]::WriteAllText("$path.tmp", [regex]::Replace($text, $pattern, "`${1}'$version'"))
    Move-Item "$path.tmp" $path -Force
    Write-Host "ps-module/AwsLogin.psd1: ModuleVersion $current -> $version (from Cargo.toml)"
}

function Import-InteropAssembly {
    # Loads ps-module/bin/AwsLogin.Native.dll (compiled by Build) into this process: the build
    # asks it for the platform (RID), library names and the merged script's header, so that
    # logic lives in one place, beside the module's own use of it.
    param([Parameter(Mandatory)] [string] $ModulePath)
    if (-not ('AwsLogin.Native.NativeMethods' -as [type])) {
        $dll = Join-Path $ModulePath 'bin' 'AwsLogin.Native.dll'
        if (-not (Test-Path $dll)) { throw "$dll is not built: run ./build.ps1 Build." }
        $null = [System.Reflection.Assembly]::LoadFrom($dll)
    }
    'AwsLogin.Native.NativeMethods' -as [type]
}

function Get-Rid {
    # This machine's runtime identifier (linux-x64, osx-arm64, win-x64, ...), from the interop assembly.
    param([Parameter(Mandatory)] [string] $Root)
    (Import-InteropAssembly -ModulePath (Join-Path $Root 'ps-module'))::CurrentRid
}

function Get-NativeLibraryName {
    # The native library's file name for a RID, from the interop assembly.
    param([Parameter(Mandatory)] [string] $Root, [Parameter(Mandatory)] [string] $Rid)
    (Import-InteropAssembly -ModulePath (Join-Path $Root 'ps-module'))::LibraryFileName($Rid)
}

function Invoke-Header {
    param([Parameter(Mandatory)] [string] $Root, [switch] $Check)
    $committed = Join-Path $Root 'rust-core' 'include' 'awslogin.h'
    $target = if ($Check) { Join-Path ([System.IO.Path]::GetTempPath()) "awslogin-$PID.h" } else { $committed }
    # From the root: cbindgen runs `cargo metadata`, which reads the repository's .cargo/config.toml
    # (bootstrap.sh's offline crate source) only when started inside the repository.
    Push-Location $Root
    try { Invoke-Native cbindgen @('--quiet', '--config', (Join-Path $Root 'cbindgen.toml'), '--crate', 'awslogin-core', '--output', $target, (Join-Path $Root 'rust-core')) }
    finally { Pop-Location }
    if ($Check) {
        $fresh = [System.IO.File]::ReadAllText($target)
        Remove-Item $target
        $old = if (Test-Path $committed) { [System.IO.File]::ReadAllText($committed) } else { '' }
        if ($fresh -ne $old) {
            throw 'rust-core/include/awslogin.h is stale: run ./build.ps1 Header and commit the result.'
        }
        Write-Host 'Header check: rust-core/include/awslogin.h is up to date.'
    }
}

function Build-AwsLoginModule {
    # The Build task: the Rust workspace (release), the native library into ps-module/bin/<rid>/,
    # the interop assembly, the merged functions script, the manifest's version and the C header.
    param([Parameter(Mandatory)] [string] $Root)
    Push-Location $Root
    try {
        Invoke-Native cargo @('build', '--release', '--workspace', '--quiet')
        $bin = Join-Path $Root 'ps-module' 'bin'
        New-Item -ItemType Directory -Force -Path $bin | Out-Null
        $interop = Join-Path $bin 'AwsLogin.Native.dll'
        $sources = @(Get-ChildItem (Join-Path $Root 'ps-module' 'src') -Filter '*.cs' | Sort-Object Name)
        $newest = ($sources | Measure-Object -Property LastWriteTimeUtc -Maximum).Maximum
        if (-not (Test-Path $interop) -or $newest -gt (Get-Item $interop).LastWriteTimeUtc) {
            # Compiled in a child pwsh: Add-Type loads what it compiles, and this process loads
            # the file itself just below.
            $paths = ($sources | ForEach-Object { "'$($_.FullName)'" }) -join ','
            $script = "Add-Type -Path $paths -OutputAssembly '$interop.tmp' -OutputType Library"
            Invoke-Native (Get-Command pwsh -CommandType Application | Select-Object -First 1).Source @('-NoProfile', '-NonInteractive', '-Command', $script)
            Move-Item "$interop.tmp" $interop -Force
        }
        $rid = Get-Rid -Root $Root
        $name = Get-NativeLibraryName -Root $Root -Rid $rid
        $ridDir = Join-Path $bin $rid
        New-Item -ItemType Directory -Force -Path $ridDir | Out-Null
        # Copy to a temporary name and rename: a pwsh that has the old library loaded keeps its
        # mapping, and nobody ever sees half a file.
        $dest = Join-Path $ridDir $name
        Copy-Item (Join-Path $Root 'target' 'release' $name) "$dest.new" -Force
        Move-Item "$dest.new" $dest -Force
        # The credential_process helper ships next to the library (Get-AWSCredential
        # -WriteCredentialProcessProfile points profiles at it there).
        $helper = if ($IsWindows) { 'awslogin-credential-process.exe' } else { 'awslogin-credential-process' }
        $helperDest = Join-Path $ridDir $helper
        Copy-Item (Join-Path $Root 'target' 'release' $helper) "$helperDest.new" -Force
        Move-Item "$helperDest.new" $helperDest -Force

        Write-MergedFunctions -ModulePath (Join-Path $Root 'ps-module')
        Sync-ManifestVersion -Root $Root
        Invoke-Header -Root $Root
        Write-Host "Built: ps-module/bin/$rid/$name, ps-module/bin/$rid/$helper and ps-module/bin/AwsLogin.Native.dll"
    }
    finally { Pop-Location }
}

function Write-MergedFunctions {
    # The function files merged into two scripts: bin/AwsLogin.Functions.ps1 with the commands
    # (Public/) without their bodies, parsed at import, and bin/AwsLogin.Private.ps1 with the
    # helpers (Private/) and the commands' bodies (Split-CommandBody), which the module parses
    # only at the first command: parsing them cost ~15 ms of every import, and an import that
    # runs no command never needs them. One parse per script instead of one per file. The first
    # script's header records each source's path, size and time; the module uses the scripts
    # only while Private/ and Public/ hold exactly those files unchanged
    # (NativeMethods.MergedScripts), so an edit or a deleted file never outlives a build.
    param([Parameter(Mandatory)] [string] $ModulePath)
    $native = Import-InteropAssembly -ModulePath $ModulePath
    $module = $ModulePath
    $header = [System.Collections.Generic.List[string]]::new()
    $bodies = @{ Private = [System.Collections.Generic.List[string]]::new(); Public = [System.Collections.Generic.List[string]]::new() }
    $header.Add('# The functions of AwsLogin merged by ./build.ps1 Build: the commands here, the private')
    $header.Add("# helpers in $($native::MergedPrivateScriptName). Edit the files in ps-module/Private and")
    $header.Add('# ps-module/Public, not these: they are used only while those are exactly the files listed')
    $header.Add('# here, with these sizes and times.')
    foreach ($folder in 'Private', 'Public') {
        foreach ($file in Get-ChildItem (Join-Path $module $folder) -Filter '*.ps1' | Sort-Object Name) {
            # Size and time are recorded before the text is read: a file changed in between
            # then looks changed, never fresh.
            $header.Add($native::MergedSourcePrefix + $native::MergedSourceEntry($folder, $file))
            $text = [System.IO.File]::ReadAllText($file.FullName)
            if ($folder -eq 'Private') {
                $bodies.Private.Add("# ---- Private/$($file.Name)")
                $bodies.Private.Add((ConvertTo-ScriptScopedFunction -Text $text -Path $file.FullName))
                continue
            }
            $split = Split-CommandBody -Text $text -Path $file.FullName
            $bodies.Public.Add("# ---- Public/$($file.Name)")
            $bodies.Public.Add($split.Command)
            $bodies.Private.Add("# ---- the body of Public/$($file.Name)")
            $bodies.Private.Add($split.Body)
        }
    }
    $header.Add($native::MergedSourcesEnd)
    $private = @('# The private helpers of AwsLogin and the bodies of its commands, merged by ./build.ps1 Build',
        '# from ps-module/Private and ps-module/Public and dot-sourced by the module at its first',
        '# command; each is defined as script:Name so that it lands in the module''s scope from there.',
        '# Edit the files in ps-module/Private and ps-module/Public, not this one.') + $bodies.Private
    # The helpers first: the commands' script is the one whose header says both are fresh.
    $scripts = [ordered]@{ ($native::MergedPrivateScriptName) = $private; 'AwsLogin.Functions.ps1' = @($header) + $bodies.Public }
    foreach ($name in $scripts.Keys) {
        $path = Join-Path $module 'bin' $name
        [System.IO.File]::WriteAllText("$path.tmp", ($scripts[$name] -join [Environment]::NewLine))
        Move-Item "$path.tmp" $path -Force
    }
}

function Get-OnlyFunction {
    # The one function a Private/ or Public/ file holds (the merge moves functions, not files).
    param([Parameter(Mandatory)] [string] $Text, [Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Folder)
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref]$null, [ref]$null)
    $statements = $ast.EndBlock.Statements
    if ($statements.Count -ne 1 -or $statements[0] -isnot [System.Management.Automation.Language.FunctionDefinitionAst] -or $ast.BeginBlock -or $ast.ProcessBlock -or $ast.ParamBlock) {
        throw "$Path must hold exactly one function and nothing else (one function per file in ps-module/$Folder)."
    }
    $statements[0]
}

function ConvertTo-ScriptScopedFunction {
    # A Private/ file's text with its one function defined as script:Name, which a dot-source
    # from inside a command (the module's first-use step) still defines in the module's scope.
    param([Parameter(Mandatory)] [string] $Text, [Parameter(Mandatory)] [string] $Path)
    $definition = Get-OnlyFunction -Text $Text -Path $Path -Folder Private
    $head = [regex]::Match($definition.Extent.Text, '^function\s+')
    if (-not $head.Success -or $definition.Name -match ':') { throw "${Path}: write its function as 'function $($definition.Name) {', without a scope." }
    $at = $definition.Extent.StartOffset + $head.Length
    $Text.Substring(0, $at) + 'script:' + $Text.Substring($at)
}

function Split-CommandBody {
    # A Public/ file's command in two parts: the command as users see it (help, attributes,
    # parameters) with a process block that completes the import and then runs the body, and
    # the body itself as a script block for the helpers' script, parsed at the first command.
    # Measured: the commands' bodies are a quarter of their text but cost ~8 ms of every import
    # to parse; their help and parameters must stay for Get-Help, Get-Command and completion.
    # The body is dot-sourced, so it runs in the command's own scope as before: its parameters,
    # variables, $PSCmdlet and the pipeline's current item are the command's, and a return ends
    # the process block. What differs is below.
    param([Parameter(Mandatory)] [string] $Text, [Parameter(Mandatory)] [string] $Path)
    $definition = Get-OnlyFunction -Text $Text -Path $Path -Folder Public
    $blocks = $definition.Body
    $step = if ($blocks.ProcessBlock) { $blocks.ProcessBlock.Statements | Select-Object -First 1 }
    if ($blocks.BeginBlock -or $blocks.EndBlock -or $blocks.DynamicParamBlock -or -not $step -or $step.Extent.Text -ne $script:CompleteImportStep) {
        throw "${Path}: the command must have one process block (no begin, end or dynamicparam) that starts with: $script:CompleteImportStep"
    }
    $variable = 'CommandBody_' + ($definition.Name -replace '-', '_')
    # The body: everything between the step and the process block's closing brace.
    $from = $step.Extent.EndOffset
    $to = $blocks.ProcessBlock.Extent.EndOffset - 1
    # A dot-sourced script block gets its own $PSBoundParameters, $MyInvocation, $args and
    # $input for as long as it runs (empty, and its own), and its own $PSCommandPath. The
    # command's first two are reached through $PSCmdlet instead (the same objects); a body that
    # needs the others, or uses the first two inside a script block of its own (where they
    # would mean that block's), is refused.
    $body = [System.Text.StringBuilder]::new($Text.Substring($from, $to - $from))
    $uses = $blocks.ProcessBlock.FindAll({ $args[0] -is [System.Management.Automation.Language.VariableExpressionAst] }, $true) |
        Where-Object { $_.Extent.StartOffset -ge $from } | Sort-Object { $_.Extent.StartOffset } -Descending
    foreach ($use in $uses) {
        $name = $use.VariablePath.UserPath
        $owner = $use.Parent
        while ($owner -isnot [System.Management.Automation.Language.ScriptBlockAst]) { $owner = $owner.Parent }
        $direct = [object]::ReferenceEquals($owner, $blocks)
        if ($name -in 'PSCommandPath', 'PSScriptRoot' -or ($direct -and $name -in 'args', 'input') -or (-not $direct -and $name -in 'PSBoundParameters', 'MyInvocation')) {
            throw "${Path}: the command's body uses `$$name there, which would not mean the same once the build moves the body out of the command; write it another way (through `$PSCmdlet, or a parameter)."
        }
        if ($name -in 'PSBoundParameters', 'MyInvocation') {
            $null = $body.Remove($use.Extent.StartOffset - $from, $use.Extent.EndOffset - $use.Extent.StartOffset).Insert($use.Extent.StartOffset - $from, "`$PSCmdlet.$($name -replace '^PSBoundParameters$', 'MyInvocation.BoundParameters')")
        }
    }
    [pscustomobject]@{
        Command = $Text.Substring(0, $from) + [Environment]::NewLine + "        . `$script:$variable" + [Environment]::NewLine + '    ' + $Text.Substring($to)
        Body    = "`$script:$variable = {" + $body.ToString().TrimEnd() + [Environment]::NewLine + '}'
    }
}

# The first statement of every command's process block (see AwsLogin.psm1).
$script:CompleteImportStep = 'if ($script:CompleteImport) { & $script:CompleteImport }'

function Get-PesterModulePath {
    $nugetRoot = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget' 'packages' }
    $path = Join-Path $nugetRoot 'pester' '5.7.1' 'tools' 'Pester.psd1'
    if (-not (Test-Path $path)) { throw "Pester 5.7.1 is not restored ($path). Run ./bootstrap.sh first." }
    $path
}

function Invoke-Test {
    param([Parameter(Mandatory)] [string] $Root, [string] $Filter)
    # The header check comes first: Build regenerates the header, which would hide a stale one.
    Invoke-Header -Root $Root -Check
    Sync-ManifestVersion -Root $Root -Check
    Build-AwsLoginModule -Root $Root
    Push-Location $Root
    try {
        # Formatting and lints are part of the test: a change that breaks either fails here.
        Write-Host '== cargo fmt --check'
        Invoke-Native cargo @('fmt', '--all', '--', '--check')
        Write-Host '== cargo clippy (-D warnings)'
        Invoke-Native cargo @('clippy', '--workspace', '--all-targets', '--release', '--quiet', '--', '-D', 'warnings')
        Write-Host '== cargo test'
        Invoke-Native cargo @('test', '--workspace', '--quiet')
        if (-not $IsWindows) {
            Write-Host '== C ABI smoke test (header + library from a C program)'
            $exe = Join-Path $Root 'target' 'abi_smoke'
            Invoke-Native cc @('-std=c11', '-Wall', '-Wextra', '-Werror', '-I', (Join-Path $Root 'rust-core' 'include'),
                (Join-Path $Root 'tests' 'c' 'abi_smoke.c'), '-o', $exe, '-L', (Join-Path $Root 'target' 'release'), '-lawslogin_core')
            $saved = $env:LD_LIBRARY_PATH
            $env:LD_LIBRARY_PATH = Join-Path $Root 'target' 'release'
            try { Invoke-Native $exe } finally { $env:LD_LIBRARY_PATH = $saved }
        }
    }
    finally { Pop-Location }

    Write-Host '== Pester'
    Import-Module (Get-PesterModulePath) -Force
    $config = New-PesterConfiguration
    $paths = @(Get-ChildItem (Join-Path $Root 'tests') -Recurse -Filter '*.Tests.ps1' | Where-Object { -not $Filter -or $_.FullName -match $Filter } | ForEach-Object FullName)
    $config.Run.Path = $paths
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $config
    # The plain closing line CI reads.
    Write-Host ("Pester: {0} passed, {1} failed, {2} skipped" -f $result.PassedCount, $result.FailedCount, $result.SkippedCount)
    if ($result.FailedCount -gt 0 -or $result.Result -ne 'Passed') {
        throw "Pester: $($result.FailedCount) test(s) failed."
    }
}

function Invoke-Clean {
    param([Parameter(Mandatory)] [string] $Root)
    Push-Location $Root
    try { Invoke-Native cargo @('clean') } finally { Pop-Location }
    Remove-Item -Recurse -Force (Join-Path $Root 'ps-module' 'bin'), (Join-Path $Root 'artifacts') -ErrorAction SilentlyContinue
}

function Invoke-IsolatedPwsh {
    # Runs a script in a new pwsh whose environment is built from scratch: HOME (and
    # USERPROFILE) is $HomePath, PATH is $PathVariable (an empty folder by default), nothing of
    # this process's PSModulePath, AWS or cargo settings, plus the $Environment given. Returns
    # its output lines; throws with its error output when it fails. PSResourceGet, the module
    # path and NuGet then only see the throwaway home (on Unix, where they follow HOME).
    param(
        [Parameter(Mandatory)] [string] $Command,
        [Parameter(Mandatory)] [string] $HomePath,
        [string] $PathVariable,
        [string] $WorkingDirectory,
        [hashtable] $Environment = @{},
        [int] $TimeoutSeconds = 300
    )
    # .NET answers an empty string for a per-user folder that does not exist yet, and
    # PSResourceGet would then write relative to the working directory.
    foreach ($dir in '.local/share', '.config', '.cache', 'bin') { New-Item -ItemType Directory -Force -Path (Join-Path $HomePath $dir) | Out-Null }
    if (-not $PathVariable) { $PathVariable = Join-Path $HomePath 'bin' }
    if (-not $WorkingDirectory) { $WorkingDirectory = $HomePath }

    # pwsh itself: the running executable, or, for the .NET global tool (run by dotnet, whose
    # shim needs dotnet on PATH), dotnet with pwsh.dll.
    $exe = [Environment]::ProcessPath
    $psi = [System.Diagnostics.ProcessStartInfo]::new($exe)
    if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -ne 'pwsh') { $psi.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
    foreach ($a in '-NoProfile', '-NonInteractive', '-Command', $Command) { $psi.ArgumentList.Add($a) }
    $psi.WorkingDirectory = $WorkingDirectory
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.Environment.Clear()
    foreach ($name in 'TMPDIR', 'TEMP', 'TMP', 'LANG', 'LC_ALL', 'DOTNET_ROOT', 'SystemRoot', 'windir', 'ComSpec') {
        $value = [Environment]::GetEnvironmentVariable($name)
        if ($value) { $psi.Environment[$name] = $value }
    }
    $psi.Environment['HOME'] = $HomePath
    $psi.Environment['USERPROFILE'] = $HomePath
    $psi.Environment['PATH'] = $PathVariable
    $psi.Environment['POWERSHELL_TELEMETRY_OPTOUT'] = '1'
    $psi.Environment['POWERSHELL_UPDATECHECK'] = 'Off'
    $psi.Environment['DOTNET_CLI_TELEMETRY_OPTOUT'] = '1'
    foreach ($key in $Environment.Keys) { $psi.Environment[$key] = [string]$Environment[$key] }

    $process = [System.Diagnostics.Process]::Start($psi)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
        $process.Kill($true)
        throw "An isolated pwsh did not finish within $TimeoutSeconds s: $($stdout.Result)$($stderr.Result)"
    }
    $process.WaitForExit()
    if ($process.ExitCode -ne 0) {
        throw "An isolated pwsh failed (exit code $($process.ExitCode)): $($stderr.Result.Trim()) $($stdout.Result.Trim())"
    }
    $stdout.Result -split '\r?\n' | Where-Object { $_ -ne '' }
}

function Get-ReleaseNotes {
    # The release notes of a package: the newest section of CHANGELOG.md, which is either
    # [Unreleased] (a build between releases) or the section of this very version.
    param([Parameter(Mandatory)] [string] $Root, [Parameter(Mandatory)] [string] $Version)
    $text = [System.IO.File]::ReadAllText((Join-Path $Root 'CHANGELOG.md')) -replace '\r\n', "`n"
    $section = [regex]::Match($text, '(?ms)^## \[([^\]]+)\]([^\n]*)\n(.*?)(?=^## \[|^\[[^\]]+\]:|\z)')
    if (-not $section.Success) { throw 'CHANGELOG.md has no "## [...]" section.' }
    $name = $section.Groups[1].Value
    if ($name -ne 'Unreleased' -and $name -ne $Version) {
        throw "CHANGELOG.md's newest section is [$name], but the version is ${Version}: add a section for $Version (or [Unreleased]) first."
    }
    "## [$name]$($section.Groups[2].Value)`n$($section.Groups[3].Value.Trim())"
}

function Get-ModulePackageFiles {
    # What goes into the package besides its manifest, by rule so that new files are picked up:
    # the root module, the nested manifest of the format data, format and type files (*.ps1xml)
    # and whatever else the manifest loads, culture folders (en-US/about_*.help.txt), the interop
    # assembly, the two merged functions scripts, and every file the build put into bin/<rid>/
    # for each platform built (the native library and its helpers). Not the function sources
    # (the merged scripts have them), nor the C# source, nor anything else of the build tree.
    # Returns objects with Source (a full path) and Path (relative to the module, with '/').
    param([Parameter(Mandatory)] [string] $Root)
    $module = Join-Path $Root 'ps-module'
    $native = Import-InteropAssembly -ModulePath $module
    $files = [System.Collections.Generic.List[object]]::new()
    $seen = [System.Collections.Generic.Dictionary[string, string]]::new([System.StringComparer]::OrdinalIgnoreCase)
    function Add([string] $Source, [string] $Path) {
        # Two rules may name the same file (a format file is also in FormatsToProcess); two
        # different files for one path would be a broken rule.
        if ($seen.ContainsKey($Path)) {
            if ($seen[$Path] -ne $Source) { throw "Two files would be $Path in the package: $($seen[$Path]) and $Source." }
            return
        }
        $seen[$Path] = $Source
        $files.Add([pscustomobject]@{ Source = $Source; Path = $Path })
    }

    foreach ($required in 'AwsLogin.psm1', 'Format/AwsLogin.Format.psd1', 'bin/AwsLogin.Native.dll', 'bin/AwsLogin.Functions.ps1', "bin/$($native::MergedPrivateScriptName)") {
        $source = Join-Path $module $required
        if (-not (Test-Path $source -PathType Leaf)) { throw "$source is missing: run ./build.ps1 Build." }
        Add $source $required
    }
    foreach ($file in Get-ChildItem $module -File -Filter '*.ps1xml') { Add $file.FullName $file.Name }
    # Whatever else the manifest loads (format, type and script files, assemblies, nested
    # modules), wherever it sits in ps-module/.
    $data = Import-PowerShellDataFile (Join-Path $module 'AwsLogin.psd1')
    foreach ($key in 'FormatsToProcess', 'TypesToProcess', 'ScriptsToProcess', 'RequiredAssemblies', 'NestedModules') {
        foreach ($entry in @($data[$key] | Where-Object { $_ -is [string] })) {
            $source = Join-Path $module $entry
            if (-not (Test-Path $source -PathType Leaf)) { continue } # an assembly or module by name
            $source = (Resolve-Path $source).Path
            Add $source ([System.IO.Path]::GetRelativePath($module, $source) -replace '\\', '/')
        }
    }
    foreach ($dir in Get-ChildItem $module -Directory | Where-Object Name -CMatch '^[a-z]{2}(-[A-Z]{2})?$') {
        foreach ($file in Get-ChildItem $dir.FullName -File -Recurse) {
            Add $file.FullName ([System.IO.Path]::GetRelativePath($module, $file.FullName) -replace '\\', '/')
        }
    }
    $rids = @($native::SupportedRids | Where-Object { Test-Path (Join-Path $module 'bin' $_) -PathType Container })
    foreach ($dir in Get-ChildItem (Join-Path $module 'bin') -Directory | Where-Object Name -NotIn $rids) {
        Write-Warning "ps-module/bin/$($dir.Name) is not one of the platforms AwsLogin supports ($($native::SupportedRids -join ', ')); left out of the package."
    }
    foreach ($rid in $rids) {
        $library = Join-Path $module 'bin' $rid $native::LibraryFileName($rid)
        if (-not (Test-Path $library -PathType Leaf)) { throw "ps-module/bin/$rid/ has no $($native::LibraryFileName($rid))." }
        # *.new and *.tmp are the build's half-copied files.
        foreach ($file in Get-ChildItem (Join-Path $module 'bin' $rid) -File | Where-Object Extension -NotIn '.new', '.tmp') {
            Add $file.FullName "bin/$rid/$($file.Name)"
        }
    }
    if ($native::CurrentRid -notin $rids) { throw "ps-module/bin/$($native::CurrentRid)/ is missing: run ./build.ps1 Build." }
    $license = Join-Path $Root 'LICENSE'
    if (Test-Path $license) { Add $license 'LICENSE' }
    $files
}

function New-AwsLoginModuleFolder {
    # Assembles the module as it is installed, in <OutputPath>/AwsLogin/<version>/ (the layout of
    # ModuleBuilder's output and of an installed module): the files of Get-ModulePackageFiles and
    # the manifest with its FileList and ReleaseNotes (from CHANGELOG.md) filled in.
    # Returns the folder.
    param([Parameter(Mandatory)] [string] $Root, [Parameter(Mandatory)] [string] $OutputPath)
    Sync-ManifestVersion -Root $Root -Check
    $version = Get-AwsLoginVersion -Root $Root
    $folder = Join-Path $OutputPath 'AwsLogin' $version
    if (Test-Path $folder) { Remove-Item -Recurse -Force $folder }
    $files = Get-ModulePackageFiles -Root $Root
    foreach ($file in $files) {
        $dest = Join-Path $folder $file.Path
        New-Item -ItemType Directory -Force -Path (Split-Path $dest -Parent) | Out-Null
        Copy-Item $file.Source $dest
    }

    $manifest = [System.IO.File]::ReadAllText((Join-Path $Root 'ps-module' 'AwsLogin.psd1'))
    $fileList = @('AwsLogin.psd1') + @($files.Path) | Sort-Object
    $notes = Get-ReleaseNotes -Root $Root -Version $version
    if ($notes -match "(?m)^'@") { throw "CHANGELOG.md: a line of the release notes starts with '@, which would end the manifest's here-string." }
    # The interop assembly is compiled against the running pwsh's .NET and
    # System.Management.Automation and loads on no older one: that pwsh is the minimum.
    $native = Import-InteropAssembly -ModulePath (Join-Path $Root 'ps-module')
    $sma = $native.Assembly.GetReferencedAssemblies() | Where-Object Name -EQ 'System.Management.Automation'
    $manifest = Set-ManifestEntry $manifest 'PowerShellVersion' "'[^']*'" "'$($sma.Version.Major).$($sma.Version.Minor)'"
    $manifest = Set-ManifestEntry $manifest 'FileList' '@\(\)' ("@(`n" + (($fileList | ForEach-Object { "        '$_'" }) -join "`n") + "`n    )")
    $manifest = Set-ManifestEntry $manifest 'ReleaseNotes' "''" ("@'`n$notes`n'@")
    [System.IO.File]::WriteAllText((Join-Path $folder 'AwsLogin.psd1'), $manifest)
    $folder
}

function Set-ManifestEntry {
    # Replaces the value of one manifest entry (matched by the regex $ValuePattern, e.g. the
    # placeholder @\(\) of FileList) by $Value, in the manifest's text.
    param([string] $Text, [string] $Name, [string] $ValuePattern, [string] $Value)
    $pattern = "(?m)^(\s*$Name\s*=\s*)$ValuePattern[^\r\n]*"
    if ([regex]::Matches($Text, $pattern).Count -ne 1) { throw "ps-module/AwsLogin.psd1 must have exactly one line '$Name = <$ValuePattern>' for ./build.ps1 Package to fill in." }
    [regex]::Replace($Text, $pattern, { param($m) $m.Groups[1].Value + $Value })
}

function Publish-AwsLoginNupkg {
    # Makes the .nupkg that the PowerShell Gallery gets, with PSResourceGet itself: a throwaway
    # local repository, Publish-PSResource of the module folder, and the package it wrote copied
    # to $OutputPath. Runs in an isolated pwsh so that no repository is registered for the user.
    # Returns the .nupkg's path.
    param([Parameter(Mandatory)] [string] $ModuleFolder, [Parameter(Mandatory)] [string] $OutputPath)
    $work = Join-Path ([System.IO.Path]::GetTempPath()) ('awslogin-publish-' + [guid]::NewGuid().ToString('n'))
    $repo = Join-Path $work 'repo'
    New-Item -ItemType Directory -Force -Path $repo, $OutputPath | Out-Null
    try {
        # A unique name, unregistered again: where the repository list does not follow HOME
        # (Windows keeps it in the user's LocalApplicationData), nothing is left behind.
        $script = '$ErrorActionPreference = ''Stop''; ' +
        'Register-PSResourceRepository -Name $env:AWSLOGIN_REPO_NAME -Uri $env:AWSLOGIN_REPO -Trusted; ' +
        'try { Publish-PSResource -Path $env:AWSLOGIN_MODULE -Repository $env:AWSLOGIN_REPO_NAME } ' +
        'finally { Unregister-PSResourceRepository -Name $env:AWSLOGIN_REPO_NAME }'
        $vars = @{ AWSLOGIN_REPO = $repo; AWSLOGIN_MODULE = $ModuleFolder; AWSLOGIN_REPO_NAME = 'AwsLoginBuild' + [guid]::NewGuid().ToString('n') }
        Invoke-IsolatedPwsh -Command $script -HomePath (Join-Path $work 'home') -Environment $vars | Out-Null
        $nupkg = @(Get-ChildItem $repo -Filter '*.nupkg')
        if ($nupkg.Count -ne 1) { throw "Publish-PSResource wrote $($nupkg.Count) packages into $repo." }
        $dest = Join-Path $OutputPath $nupkg[0].Name
        Copy-Item $nupkg[0].FullName $dest -Force
        $dest
    }
    finally { Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue }
}

function Build-AwsLoginPackage {
    # The Package task: Build, the module folder artifacts/module/AwsLogin/<version>/, and
    # artifacts/AwsLogin.<version>.nupkg.
    param([Parameter(Mandatory)] [string] $Root)
    Build-AwsLoginModule -Root $Root
    $artifacts = Join-Path $Root 'artifacts'
    $folder = New-AwsLoginModuleFolder -Root $Root -OutputPath (Join-Path $artifacts 'module')
    $nupkg = Publish-AwsLoginNupkg -ModuleFolder $folder -OutputPath $artifacts
    Write-Host "Packaged: $([System.IO.Path]::GetRelativePath($Root, $folder)) and $([System.IO.Path]::GetRelativePath($Root, $nupkg))"
}

Export-ModuleMember -Function Build-AwsLoginModule, Build-AwsLoginPackage, Invoke-Header, Invoke-Test, Invoke-Clean, Invoke-Native,
    Get-Rid, Get-NativeLibraryName, Get-AwsLoginVersion, Sync-ManifestVersion, Get-PesterModulePath, Import-InteropAssembly,
    Get-ModulePackageFiles, New-AwsLoginModuleFolder, Write-MergedFunctions, Publish-AwsLoginNupkg, Get-ReleaseNotes, Invoke-IsolatedPwsh
