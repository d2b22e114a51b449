# The PowerShell Gallery package (./build.ps1 Package), proved end to end and offline: what it
# holds, then installed with PSResourceGet from a local file repository into a throwaway home and
# used from a new pwsh that sees no Rust toolchain, no cbindgen and no checkout (console login and
# IAM Identity Center against the emulator, with the headless-Chromium stand-in browser), then a
# second version beside it through Update-PSResource, and a copy that lacks this platform.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Support' 'SsoHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'tools' 'BuildHelpers.psm1') -Force
    Add-Type -AssemblyName System.IO.Compression.FileSystem

    $script:Root = Get-RepoRoot
    $script:Version = Get-AwsLoginVersion -Root $Root
    $script:Rid = Get-Rid -Root $Root
    $script:Library = Get-NativeLibraryName -Root $Root -Rid $Rid

    # The package's files. The package takes files by rule (Get-ModulePackageFiles); this list
    # says what is meant to be in it. Whoever adds a file to the module adds its line here.
    $script:ExpectedFiles = @(
        'AwsLogin.psd1'
        'AwsLogin.psm1'
        'AwsLogin.format.ps1xml'
        'Format/AwsLogin.Format.psd1'
        'en-US/about_AwsLogin.help.txt'
        'LICENSE'
        'bin/AwsLogin.Functions.ps1'
        'bin/AwsLogin.Native.dll'
        'bin/AwsLogin.Private.ps1'
        # Per platform built (only this machine's here): the native library, and its helpers.
        "bin/$Rid/$Library"
        "bin/$Rid/$($IsWindows ? 'awslogin-credential-process.exe' : 'awslogin-credential-process')"
    ) | Sort-Object

    # The package as ./build.ps1 Package makes it, but into this test's drive.
    $out = Join-Path $TestDrive 'artifacts'
    $script:Folder = New-AwsLoginModuleFolder -Root $Root -OutputPath (Join-Path $out 'module')
    $script:Nupkg = Publish-AwsLoginNupkg -ModuleFolder $Folder -OutputPath $out

    # A second version: the same build with the next patch number in its manifest.
    $v = [version]$Version
    $script:NextVersion = "$($v.Major).$($v.Minor).$($v.Build + 1)"
    $next = Join-Path $out 'module2' 'AwsLogin' $NextVersion
    New-Item -ItemType Directory -Path (Split-Path $next -Parent) -Force | Out-Null
    Copy-Item -Recurse $Folder $next
    $psd1 = Join-Path $next 'AwsLogin.psd1'
    $text = [System.IO.File]::ReadAllText($psd1) -replace "(?m)^(\s*ModuleVersion\s*=\s*)'[^']*'", "`${1}'$NextVersion'"
    [System.IO.File]::WriteAllText($psd1, $text)
    $script:NextNupkg = Publish-AwsLoginNupkg -ModuleFolder $next -OutputPath (Join-Path $out 'next')

    function Get-NupkgEntries([string] $Path) {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Path)
        try { @($zip.Entries | ForEach-Object { [uri]::UnescapeDataString($_.FullName) }) } finally { $zip.Dispose() }
    }
    function Get-NupkgText([string] $Path, [string] $Entry) {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Path)
        try {
            $reader = [System.IO.StreamReader]::new($zip.GetEntry($Entry).Open())
            try { $reader.ReadToEnd() } finally { $reader.Dispose() }
        }
        finally { $zip.Dispose() }
    }
}

Describe 'The package' {
    It 'is AwsLogin.<version>.nupkg, as written by Publish-PSResource' {
        Split-Path $Nupkg -Leaf | Should -Be "AwsLogin.$Version.nupkg"
    }

    It 'holds exactly the module''s files, and its manifest lists them (FileList)' {
        # NuGet's own parts of every package: the nuspec, relationships, content types, core properties.
        $nuget = '^(AwsLogin\.nuspec|_rels/\.rels|\[Content_Types\]\.xml|package/services/metadata/core-properties/[0-9a-f]+\.psmdcp)$'
        $entries = Get-NupkgEntries $Nupkg
        @($entries | Where-Object { $_ -notmatch $nuget }) | Sort-Object | Should -Be $ExpectedFiles
        @($entries | Where-Object { $_ -match $nuget }).Count | Should -Be 4
        $manifest = Get-NupkgText $Nupkg 'AwsLogin.psd1'
        $data = [scriptblock]::Create($manifest).InvokeReturnAsIs()
        @($data.FileList) | Sort-Object | Should -Be $ExpectedFiles
    }

    It 'requires the PowerShell its interop assembly was compiled for (it loads on no older .NET)' {
        $data = [scriptblock]::Create((Get-NupkgText $Nupkg 'AwsLogin.psd1')).InvokeReturnAsIs()
        $sma = [AwsLogin.Native.NativeMethods].Assembly.GetReferencedAssemblies() | Where-Object Name -EQ 'System.Management.Automation'
        $data.PowerShellVersion | Should -Be "$($sma.Version.Major).$($sma.Version.Minor)"
        $data.PowerShellVersion | Should -Be "$($PSVersionTable.PSVersion.Major).$($PSVersionTable.PSVersion.Minor)"
    }

    It 'has the Gallery''s metadata: version, project and licence links, tags, release notes from CHANGELOG.md' {
        [xml]$nuspec = Get-NupkgText $Nupkg 'AwsLogin.nuspec'
        $m = $nuspec.package.metadata
        $m.id | Should -Be 'AwsLogin'
        $m.version | Should -Be $Version
        $m.projectUrl | Should -Match '^https://'
        $m.licenseUrl | Should -Match '^https://'
        $m.description | Should -Not -BeNullOrEmpty
        $m.authors | Should -Not -BeNullOrEmpty
        $m.tags -split ' ' | Should -Contain 'PSModule'
        $m.tags -split ' ' | Should -Contain 'PSEdition_Core'
        $m.releaseNotes -replace "`r`n", "`n" | Should -Be (Get-ReleaseNotes -Root $Root -Version $Version)
    }

    It 'takes files by rule, so that files added later are packaged: culture folders, files the manifest loads, all of bin/<rid>/' {
        $fake = Join-Path $TestDrive 'fake-root'
        New-Item -ItemType Directory -Path $fake | Out-Null
        Copy-Item -Recurse (Join-Path $Root 'ps-module') (Join-Path $fake 'ps-module')
        $module = Join-Path $fake 'ps-module'
        New-Item -ItemType Directory -Path (Join-Path $module 'en-US'), (Join-Path $module 'Formats') -Force | Out-Null
        Set-Content (Join-Path $module 'en-US' 'about_Extra.help.txt') 'about'
        Set-Content (Join-Path $module 'Formats' 'Extra.format.ps1xml') '<Configuration />'
        Set-Content (Join-Path $module 'bin' $Rid 'helper-tool') 'helper'
        $psd1 = Join-Path $module 'AwsLogin.psd1'
        # One more format file, in the manifest's FormatsToProcess (added when it has none).
        $text = Get-Content -Raw $psd1
        $text = if ($text -match 'FormatsToProcess\s*=\s*@\(') { $text -replace 'FormatsToProcess(\s*)=(\s*)@\(', "FormatsToProcess`$1=`$2@('Formats/Extra.format.ps1xml', " }
        else { $text -replace 'CmdletsToExport', "FormatsToProcess = @('Formats/Extra.format.ps1xml')`n    CmdletsToExport" }
        $text | Set-Content $psd1 -NoNewline
        $paths = @(Get-ModulePackageFiles -Root $fake).Path
        $paths | Should -Contain 'en-US/about_Extra.help.txt'
        $paths | Should -Contain 'Formats/Extra.format.ps1xml'
        $paths | Should -Contain "bin/$Rid/helper-tool"
        $paths | Should -Contain "bin/$Rid/$Library"
        $paths | Where-Object { $_ -match '^(Public|Private|src)/' } | Should -BeNullOrEmpty
    }

    It 'assembles the module folder as it is installed: AwsLogin/<version>/' {
        $Folder | Should -Be (Join-Path $TestDrive 'artifacts' 'module' 'AwsLogin' $Version)
        @(Get-ChildItem $Folder -Recurse -File | ForEach-Object { [System.IO.Path]::GetRelativePath($Folder, $_.FullName) -replace '\\', '/' }) | Sort-Object |
            Should -Be $ExpectedFiles
    }
}

Describe 'Installed from a local repository, used with no Rust and no checkout' {
    BeforeAll {
        $script:Emulator = Start-AwsEmulator
        $script:UserHome = Join-Path $TestDrive 'home'
        $script:Repo = Join-Path $TestDrive 'repo'
        New-Item -ItemType Directory -Path $Repo, (Join-Path $UserHome '.aws') -Force | Out-Null
        $script:Modules = Join-Path $UserHome '.local' 'share' 'powershell' 'Modules' 'AwsLogin'

        # What a pwsh run as the user gets: the throwaway home, PATH with nothing but an empty
        # folder (no cargo, rustc, cbindgen; pwsh and dotnet are started by path), the
        # emulator as AWS, the stand-in browser, and the home as working directory.
        $script:UserEnv = @{
            AWS_ENDPOINT_URL          = $Emulator.Url
            AWS_EC2_METADATA_DISABLED = 'true'
            BROWSER                   = Get-TestBrowserCommand
            DRIVE_BROWSER_DECISION    = 'approve'
            AWSLOGIN_REPO             = $Repo
        }
        # Debian's /usr/bin/chromium is a shell script that needs the system's tools on PATH;
        # the browser stand-in starts the real binary instead.
        if (Test-Path '/usr/lib/chromium/chromium') { $UserEnv.CHROMIUM = '/usr/lib/chromium/chromium' }
        function Invoke-AsUser([string] $Command, [hashtable] $Extra = @{}) {
            $vars = $UserEnv.Clone()
            foreach ($k in $Extra.Keys) { $vars[$k] = $Extra[$k] }
            $lines = @(Invoke-IsolatedPwsh -Command ("`$ErrorActionPreference = 'Stop'; " + $Command) -HomePath $UserHome -Environment $vars -TimeoutSeconds 240)
            # The last line is the answer, as JSON.
            $lines[-1] | ConvertFrom-Json
        }

        $install = @'
Register-PSResourceRepository -Name AwsLoginLocal -Uri $env:AWSLOGIN_REPO -Trusted
Publish-PSResource -NupkgPath $env:AWSLOGIN_NUPKG -Repository AwsLoginLocal
Install-PSResource AwsLogin -Repository AwsLoginLocal -Scope CurrentUser -TrustRepository
ConvertTo-Json -Compress -AsArray @(Get-Module AwsLogin -ListAvailable | ForEach-Object { @{ Version = "$($_.Version)"; Path = $_.Path } })
'@
        $script:Listed = Invoke-AsUser $install @{ AWSLOGIN_NUPKG = $Nupkg }
    }
    AfterAll {
        Stop-AwsEmulator $script:Emulator
    }

    It 'is listed by Get-Module -ListAvailable with its version and path in the user''s module folder' {
        @($Listed).Count | Should -Be 1
        $Listed[0].Version | Should -Be $Version
        $Listed[0].Path | Should -Be (Join-Path $Modules $Version 'AwsLogin.psd1')
    }

    It 'holds no trace of the checkout it was built in' {
        $installed = Join-Path $Modules $Version
        Get-ChildItem $installed -Recurse -File | Select-String -SimpleMatch $Root -List | Should -BeNullOrEmpty
    }

    It 'imports by name in a new pwsh, signs in with console login and Identity Center, and Get-STSCallerIdentity works' {
        Set-SsoProfile -ConfigPath (Join-Path $UserHome '.aws' 'config')
        $use = @'
$tools = @('cargo', 'rustc', 'cbindgen' | Where-Object { Get-Command $_ -ErrorAction SilentlyContinue })
Import-Module AwsLogin
$module = Get-Module AwsLogin
$login = Invoke-AWSLogin -ProfileName dev -Region us-east-1 -ExecutionTimeout 90000 -PassThru
$loginArn = (Get-STSCallerIdentity -ProfileName dev).Arn
$sso = Invoke-AWSSSOLogin -ProfileName sso-dev -ExecutionTimeout 90000 -PassThru
$ssoArn = (Get-STSCallerIdentity -ProfileName sso-dev).Arn
ConvertTo-Json -Compress @{
    Tools = $tools; Cwd = "$PWD"; ModulePath = $env:PSModulePath; Base = $module.ModuleBase; Version = "$($module.Version)"
    Library = [AwsLogin.Native.NativeMethods]::LoadedPath; LibraryVersion = [AwsLogin.Native.NativeMethods]::Version()
    LoginSession = $login.LoginSession; LoginArn = $loginArn; SsoStatus = "$($sso.Status)"; SsoArn = $ssoArn
    Views = @(Get-FormatData -TypeName 'AwsLogin.*').Count
}
'@
        $r = Invoke-AsUser $use
        @($r.Tools) | Should -BeNullOrEmpty
        $r.Cwd | Should -Be $UserHome
        $r.ModulePath -split [System.IO.Path]::PathSeparator | Where-Object { $_ -like "$Root*" } | Should -BeNullOrEmpty
        $r.Base | Should -Be (Join-Path $Modules $Version)
        $r.Version | Should -Be $Version
        $r.Library | Should -Be (Join-Path $Modules $Version 'bin' $Rid $Library)
        $r.LibraryVersion | Should -Be $Version
        $r.LoginSession | Should -Be (Get-EmulatorAlice).Arn
        $r.LoginArn | Should -Be (Get-EmulatorAlice).Arn
        $r.SsoStatus | Should -Be 'LoggedIn'
        $r.SsoArn | Should -Be 'arn:aws:sts::111122223333:assumed-role/ReadOnly/alice'
        $types = @(([xml](Get-Content -Raw (Join-Path $Root 'ps-module' 'AwsLogin.format.ps1xml'))).Configuration.ViewDefinitions.View.ViewSelectedBy.TypeName | Where-Object { $_ -like 'AwsLogin.*' } | Sort-Object -Unique)
        $r.Views | Should -Be $types.Count -Because 'the installed module loads its views at the first command'
    }

    It 'writes a credential_process profile whose helper runs from the installed module (the .nupkg keeps no executable bit)' {
        $use = @'
Import-Module AwsLogin
$null = Get-AWSCredential -ProfileName dev -WriteCredentialProcessProfile dev-process
$helper = Join-Path (Split-Path ([AwsLogin.Native.NativeMethods]::LoadedPath)) 'awslogin-credential-process'
$out = & $helper --profile dev
ConvertTo-Json -Compress @{ Out = "$out"; Exit = $LASTEXITCODE; Line = "$(Get-Content (Join-Path $HOME '.aws' 'config') | Where-Object { $_ -like 'credential_process*' })" }
'@
        $r = Invoke-AsUser $use
        $r.Exit | Should -Be 0
        ($r.Out | ConvertFrom-Json).Version | Should -Be 1
        ($r.Out | ConvertFrom-Json).AccessKeyId | Should -Match '^ASIA'
        $r.Line | Should -BeLike "*$(Join-Path $Modules $Version 'bin' $Rid 'awslogin-credential-process')*--profile dev*"
    }

    It 'takes a second version through Update-PSResource, and each version imports its own native library' {
        $update = @'
Publish-PSResource -NupkgPath $env:AWSLOGIN_NUPKG -Repository AwsLoginLocal
Update-PSResource AwsLogin -Repository AwsLoginLocal -Scope CurrentUser -TrustRepository
ConvertTo-Json -Compress -AsArray @(Get-Module AwsLogin -ListAvailable | ForEach-Object { "$($_.Version)" })
'@
        $versions = Invoke-AsUser $update @{ AWSLOGIN_NUPKG = $NextNupkg }
        @($versions) | Sort-Object | Should -Be (@($Version, $NextVersion) | Sort-Object)

        $alice = Get-EmulatorAlice
        $keys = @{ AWS_ACCESS_KEY_ID = $alice.AccessKey; AWS_SECRET_ACCESS_KEY = $alice.SecretKey; AWS_REGION = 'us-east-1' }
        $probe = '{0}; ConvertTo-Json -Compress @{{ Version = "$((Get-Module AwsLogin).Version)"; Library = [AwsLogin.Native.NativeMethods]::LoadedPath; Arn = (Get-STSCallerIdentity).Arn }}'
        $old = Invoke-AsUser ($probe -f "Import-Module AwsLogin -RequiredVersion $Version") $keys
        $new = Invoke-AsUser ($probe -f 'Import-Module AwsLogin') $keys
        $old.Version | Should -Be $Version
        $old.Library | Should -Be (Join-Path $Modules $Version 'bin' $Rid $Library)
        $old.Arn | Should -Be $alice.Arn
        $new.Version | Should -Be $NextVersion
        $new.Library | Should -Be (Join-Path $Modules $NextVersion 'bin' $Rid $Library)
        $new.Arn | Should -Be $alice.Arn
    }
}

Describe 'A copy of the module without the library for this platform' {
    It 'refuses to import, naming this platform and the platforms it has' {
        $copy = Join-Path $TestDrive 'other-platforms' 'AwsLogin'
        New-Item -ItemType Directory -Path (Split-Path $copy -Parent) -Force | Out-Null
        Copy-Item -Recurse $Folder $copy
        Remove-Item -Recurse (Join-Path $copy 'bin' $Rid)
        # Stand-ins for libraries of other platforms: the module only looks for them.
        $others = @('osx-arm64', 'win-x64', 'linux-arm64', 'linux-x64' | Where-Object { $_ -ne $Rid } | Select-Object -First 2)
        foreach ($other in $others) {
            New-Item -ItemType Directory -Path (Join-Path $copy 'bin' $other) | Out-Null
            Set-Content (Join-Path $copy 'bin' $other (Get-NativeLibraryName -Root $Root -Rid $other)) 'not a library'
        }
        $command = "try { Import-Module (Join-Path `$env:AWSLOGIN_COPY 'AwsLogin.psd1'); 'imported' } catch { `$_.Exception.GetType().Name; `$_.Exception.Message }"
        $out = Invoke-IsolatedPwsh -Command $command -HomePath (Join-Path $TestDrive 'home-norid') -Environment @{ AWSLOGIN_COPY = $copy }
        $out[0] | Should -Be 'PlatformNotSupportedException'
        $out[1] | Should -Match "no native library for this platform, $Rid "
        $listed = [AwsLogin.Native.NativeMethods]::SupportedRids | Where-Object { $_ -in $others }
        $out[1] | Should -Match "it has libraries for $($listed -join ', ')\. Install a release that includes $Rid"
        $out[1] | Should -Not -Match 'DllNotFound|Unable to load|Exception calling'
    }
}
