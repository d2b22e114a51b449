# Get-AWSCredential against the real emulator: the credentials object (and its use as
# -Credential), -Format byte for byte beside the AWS CLI v2's export-credentials, the profile
# list, and the awslogin-credential-process helper (written with -WriteCredentialProcessProfile
# and used by Debian's botocore 1.29, which knows neither login_session nor sso_session refresh).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    $script:Emulator = Start-AwsEmulator
    $script:Alice = Get-EmulatorAlice
    $script:Helper = Join-Path (Split-Path ([AwsLogin.Native.NativeMethods]::LoadedPath)) ($IsWindows ? 'awslogin-credential-process.exe' : 'awslogin-credential-process')
    # Debian's AWS CLI v2 (the pyenv one first on PATH is v1, which has no export-credentials).
    $script:AwsCliV2 = '/usr/bin/aws'
    $script:DebianPython = '/usr/bin/python3'

    function Invoke-Captured {
        # Runs a program and returns its exact stdout and stderr text and exit code.
        param([string] $File, [string[]] $Arguments)
        $psi = [System.Diagnostics.ProcessStartInfo]::new($File)
        foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.UseShellExecute = $false
        $p = [System.Diagnostics.Process]::Start($psi)
        $stderr = $p.StandardError.ReadToEndAsync()
        $stdout = $p.StandardOutput.ReadToEnd()
        $p.WaitForExit()
        [pscustomobject]@{ ExitCode = $p.ExitCode; Stdout = $stdout; Stderr = $stderr.Result }
    }
    function Set-TempCredentialsProfile([string] $Name = 'tmp') {
        $t = Invoke-EmulatorControl $Emulator 'credentials' -Method POST -Body @{ arn = 'arn:aws:sts::111122223333:assumed-role/Dev/tester'; ttlSeconds = 900 }
        Add-Content $TestHome.Credentials "[$Name]`naws_access_key_id = $($t.accessKeyId)`naws_secret_access_key = $($t.secretAccessKey)`naws_session_token = $($t.sessionToken)`n"
        $t
    }
    function Set-ProcessProfile([string] $Name, [string] $Expiration) {
        # A credential_process that prints fixed temporary credentials (both tools run it).
        $json = "{`"Version`": 1, `"AccessKeyId`": `"$($Alice.AccessKey)`", `"SecretAccessKey`": `"$($Alice.SecretKey)`", `"SessionToken`": `"PROCESSTOKEN`", `"Expiration`": `"$Expiration`"}"
        $script = Join-Path $TestHome.Root "$Name.sh"
        Set-Content $script "#!/bin/sh`nprintf '%s' '$json'`n"
        Add-Content $TestHome.Config "[profile $Name]`ncredential_process = sh $script`n"
    }
}

AfterAll {
    Stop-AwsEmulator $script:Emulator
}

Describe 'Get-AWSCredential' {
    BeforeEach {
        $script:TestHome = New-TestAwsHome
        $env:AWS_ENDPOINT_URL = $script:Emulator.Url
        Invoke-EmulatorControl $Emulator 'requests' -Method DELETE | Out-Null
    }
    AfterEach {
        Restore-TestEnvironment $script:TestHome
    }

    Context 'the credentials object' {
        It 'returns a profile''s keys with where they came from, and never shows the secret by default' {
            $t = Set-TempCredentialsProfile
            $c = Get-AWSCredential -ProfileName tmp
            $c.PSObject.TypeNames | Should -Contain 'AwsLogin.Credential'
            $c.ProfileName | Should -Be 'tmp'
            $c.AccessKeyId | Should -Be $t.accessKeyId
            $c.SecretAccessKey | Should -Be $t.secretAccessKey
            $c.SessionToken | Should -Be $t.sessionToken
            $c.Expiration | Should -BeNullOrEmpty
            $c.Source | Should -Match "static keys with a session token of profile 'tmp' \(.*credentials\)"
            foreach ($shown in ($c | Out-String), ($c | Format-List | Out-String), ($c | Format-Table | Out-String), $c.ToString(), "$c") {
                $shown | Should -Match $t.accessKeyId
                $shown | Should -Not -Match ([regex]::Escape($t.secretAccessKey))
                $shown | Should -Not -Match ([regex]::Escape($t.sessionToken))
            }
            @(Invoke-EmulatorControl $Emulator 'requests').Count | Should -Be 0
        }

        It 'is accepted by Get-STSCallerIdentity -Credential and has the SDK''s GetCredentials()' {
            Set-TempCredentialsProfile | Out-Null
            $c = Get-AWSCredential -ProfileName tmp
            (Get-STSCallerIdentity -Credential $c).Arn | Should -Be 'arn:aws:sts::111122223333:assumed-role/Dev/tester'
            $sdk = $c.GetCredentials()
            ($sdk.AccessKey, $sdk.SecretKey, $sdk.Token) | Should -Be @($c.AccessKeyId, $c.SecretAccessKey, $c.SessionToken)
        }

        It 'returns the expiry as a local DateTime that compares right with Get-Date, here and in <Zone>' -TestCases @(@{ Zone = 'Pacific/Kiritimati' }, @{ Zone = 'America/Los_Angeles' }) {
            Set-ProcessProfile -Name proc -Expiration '2099-06-01T12:30:00Z'
            $c = Get-AWSCredential -ProfileName proc
            $c.Expiration.Kind | Should -Be 'Local'
            $c.Expiration.ToUniversalTime() | Should -Be ([datetime]::new(2099, 6, 1, 12, 30, 0, [DateTimeKind]::Utc))
            $c.Expiration -gt (Get-Date) | Should -BeTrue
            $c.Source | Should -Match "credential_process of profile 'proc'"
            $c.ToString() | Should -Match 'expires 2099-06-01 12:30:00Z'
            # Half an hour ahead is half an hour after Get-Date in that zone too (a UTC DateTime
            # would be hours off: comparisons ignore Kind).
            Set-ProcessProfile -Name soon -Expiration ([datetime]::UtcNow.AddMinutes(30).ToString('yyyy-MM-ddTHH:mm:ssZ'))
            $run = Invoke-ChildPwsh -Script "'minutes=' + ((Get-AWSCredential -ProfileName soon).Expiration - (Get-Date)).TotalMinutes" -Environment @{ TZ = $Zone } -TimeoutSeconds 90
            $line = @($run.Output -split "`n" | Where-Object { $_ -match '^minutes=' })[-1]
            $line | Should -Not -BeNullOrEmpty -Because $run.Output
            [double]($line.Trim() -replace '^minutes=') | Should -BeGreaterThan 28
            [double]($line.Trim() -replace '^minutes=') | Should -BeLessThan 31
        }

        It 'resolves the default chain without -ProfileName' {
            $env:AWS_ACCESS_KEY_ID = $Alice.AccessKey
            $env:AWS_SECRET_ACCESS_KEY = $Alice.SecretKey
            $c = Get-AWSCredential
            $c.AccessKeyId | Should -Be $Alice.AccessKey
            $c.Source | Should -Match 'environment'
        }

        It 'fails clearly for a profile that does not exist, and -Verbose never shows the secret' {
            { Get-AWSCredential -ProfileName nope } | Should -Throw -ErrorId 'ProfileNotFound,Get-AWSCredential'
            Set-TempCredentialsProfile | Out-Null
            $verbose = Get-AWSCredential -ProfileName tmp -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String
            $verbose | Should -Match "profile 'tmp'"
            $c = Get-AWSCredential -ProfileName tmp
            $verbose | Should -Not -Match ([regex]::Escape($c.SecretAccessKey))
        }
    }

    Context '-Format, beside aws configure export-credentials' {
        It 'writes <Format> byte for byte as the AWS CLI v2 does (<Profile>)' -TestCases @(
            # tmp: a session token, no expiry; proc: both; static: neither (the same lines, fewer of them).
            foreach ($f in 'process', 'env', 'env-no-export', 'powershell', 'windows-cmd') {
                @{ Format = $f; Profile = 'tmp' }
                @{ Format = $f; Profile = 'proc' }
            }
            @{ Format = 'process'; Profile = 'static' }
        ) {
            if (-not (Test-Path $AwsCliV2)) { Set-ItResult -Skipped -Because 'the Debian AWS CLI v2 is not installed' ; return }
            Set-TempCredentialsProfile | Out-Null
            Set-ProcessProfile -Name proc -Expiration '2099-06-01T12:30:00Z'
            Add-Content $TestHome.Credentials "[static]`naws_access_key_id = $($Alice.AccessKey)`naws_secret_access_key = $($Alice.SecretKey)`n"
            $cli = Invoke-Captured $AwsCliV2 @('configure', 'export-credentials', '--profile', $Profile, '--format', $Format)
            $cli.ExitCode | Should -Be 0 -Because $cli.Stderr
            $ours = Get-AWSCredential -ProfileName $Profile -Format $Format
            $ours | Should -BeOfType [string]
            $ours | Should -BeExactly $cli.Stdout
        }

        It 'writes fish lines as the current AWS CLI does' {
            Set-ProcessProfile -Name proc -Expiration '2099-06-01T12:30:00Z'
            Get-AWSCredential -ProfileName proc -Format fish | Should -BeExactly ("set -gx AWS_ACCESS_KEY_ID `"$($Alice.AccessKey)`"`nset -gx AWS_SECRET_ACCESS_KEY `"$($Alice.SecretKey)`"`nset -gx AWS_SESSION_TOKEN `"PROCESSTOKEN`"`nset -gx AWS_CREDENTIAL_EXPIRATION `"2099-06-01T12:30:00+00:00`"`n")
        }

        It 'sets this session''s environment with -Format powershell | Invoke-Expression' {
            Set-TempCredentialsProfile | Out-Null
            Get-AWSCredential -ProfileName tmp -Format powershell | Invoke-Expression
            (Get-STSCallerIdentity).Arn | Should -Be 'arn:aws:sts::111122223333:assumed-role/Dev/tester'
            Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY, Env:AWS_SESSION_TOKEN -ErrorAction SilentlyContinue
        }

        It 'refuses an unknown format' {
            { Get-AWSCredential -Format yaml } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Get-AWSCredential'
        }
    }

    Context '-ListProfileDetail' {
        It 'lists every profile as the AWS Tools do, with its files and kind, without a secret or a network call' {
            Set-Content $TestHome.Config "# keep`n[default]`nregion = eu-west-1`n[profile web]`nlogin_session = arn:aws:iam::111122223333:user/alice`n[profile role]`nrole_arn = arn:aws:iam::1:role/r`nsource_profile = default`n"
            Set-Content $TestHome.Credentials "[default]`naws_access_key_id = AKIDEXAMPLE`naws_secret_access_key = LISTSECRET`n[keys]`naws_access_key_id = A`naws_secret_access_key = S2`n"
            $list = @(Get-AWSCredential -ListProfileDetail)
            $list.ProfileName | Should -Be @('default', 'keys', 'role', 'web')
            $list[0].PSObject.TypeNames | Should -Contain 'AwsLogin.ProfileInfo'
            $list.StoreTypeName | Select-Object -Unique | Should -Be 'SharedCredentialsFile'
            $list.ProfileLocation | Select-Object -Unique | Should -Be $TestHome.Credentials
            $list[0].Files | Should -Be @($TestHome.Config, $TestHome.Credentials)
            ($list | Where-Object ProfileName -eq 'web').Files | Should -Be @($TestHome.Config)
            $list.CredentialType | Should -Be @('StaticKeys', 'StaticKeys', 'AssumeRole', 'ConsoleLogin')
            $list[0].Region | Should -Be 'eu-west-1'
            ($list | Format-List * | Out-String) | Should -Not -Match 'LISTSECRET'
            (Get-AWSCredential -ListProfile -WarningAction SilentlyContinue) | Should -Be @('default', 'keys', 'role', 'web')
            $other = Join-Path $TestHome.Root 'other-credentials'
            Set-Content $other "[elsewhere]`naws_access_key_id = A`naws_secret_access_key = S`n"
            # -ProfileLocation replaces the credentials file; the config file's profiles stay.
            $elsewhere = @(Get-AWSCredential -ListProfileDetail -ProfileLocation $other)
            $elsewhere.ProfileName | Should -Be @('default', 'elsewhere', 'role', 'web')
            $elsewhere.ProfileLocation | Select-Object -Unique | Should -Be $other
            @(Invoke-EmulatorControl $Emulator 'requests').Count | Should -Be 0
        }
    }

    Context 'the awslogin-credential-process helper' {
        It 'writes a helper profile losslessly, and Debian''s botocore 1.29 calls STS through it on a console-login profile' {
            Set-Content $TestHome.Config "# my settings`n[profile dev]`noutput = json`n`n[profile other] # keep me`nregion = eu-west-1`n" -NoNewline
            $env:BROWSER = Get-TestBrowserCommand
            Invoke-AWSLogin -ProfileName dev -Region us-east-1 -ExecutionTimeout 90000 | Out-Null
            $before = Get-Content $TestHome.Config -Raw

            $w = Get-AWSCredential -ProfileName dev -WriteCredentialProcessProfile dev-process
            $w.PSObject.TypeNames | Should -Contain 'AwsLogin.CredentialProcessProfile'
            $w.CredentialProcess | Should -Be "`"$Helper`" --profile dev"
            $w.ConfigFile | Should -Be $TestHome.Config
            Get-Content $TestHome.Config -Raw | Should -Be ($before + "`n[profile dev-process]`ncredential_process = `"$Helper`" --profile dev`nregion = us-east-1`n")
            # Writing it again changes nothing.
            Get-AWSCredential -ProfileName dev -WriteCredentialProcessProfile dev-process | Out-Null
            Get-Content $TestHome.Config -Raw | Should -Be ($before + "`n[profile dev-process]`ncredential_process = `"$Helper`" --profile dev`nregion = us-east-1`n")

            # The helper alone: the credential_process JSON on stdout and nothing else.
            $r = Invoke-Captured $Helper @('--profile', 'dev')
            $r.ExitCode | Should -Be 0 -Because $r.Stderr
            $r.Stderr | Should -BeNullOrEmpty
            $r.Stdout | Should -BeExactly (Get-AWSCredential -ProfileName dev -Format process)
            $doc = $r.Stdout | ConvertFrom-Json -DateKind String
            $doc.Version | Should -Be 1
            $doc.AccessKeyId | Should -Match '^ASIA'
            $doc.Expiration | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$'

            # botocore 1.29 on the helper profile (it knows neither login_session nor AWS_ENDPOINT_URL).
            if (-not (Test-Path $DebianPython)) { Set-ItResult -Skipped -Because 'Debian python3 is not installed'; return }
            $env:AWS_PROFILE = 'dev-process'
            $py = "import os, boto3, botocore; s = boto3.session.Session(); print(botocore.__version__); print(s.client('sts', endpoint_url=os.environ['AWS_ENDPOINT_URL']).get_caller_identity()['Arn'])"
            $b = Invoke-Captured $DebianPython @('-c', $py)
            $b.ExitCode | Should -Be 0 -Because $b.Stderr
            $lines = $b.Stdout.Trim() -split "`n"
            $lines[0] | Should -Match '^1\.29\.'
            $lines[1] | Should -Be $Alice.Arn
        }

        It 'answers on stderr with a non-zero exit, one line, and nothing on stdout when it cannot' {
            $r = Invoke-Captured $Helper @('--profile', 'nope')
            $r.ExitCode | Should -Not -Be 0
            $r.Stdout | Should -BeExactly ''
            $r.Stderr | Should -Match "^awslogin-credential-process: The profile 'nope' \(from -ProfileName\) was not found"
            @($r.Stderr.TrimEnd() -split "`n").Count | Should -Be 1

            # A console-login profile whose session was never started: the error says what to run.
            Add-Content $TestHome.Config "[profile web]`nlogin_session = arn:aws:iam::111122223333:user/alice`nregion = us-east-1`n"
            $r = Invoke-Captured $Helper @('--profile', 'web')
            $r.ExitCode | Should -Not -Be 0
            $r.Stdout | Should -BeExactly ''
            $r.Stderr | Should -Match 'Run Invoke-AWSLogin -ProfileName web'

            $r = Invoke-Captured $Helper @('--bogus')
            ($r.ExitCode, $r.Stdout) | Should -Be @(1, '')
            $r.Stderr | Should -Match "unknown argument '--bogus'"
        }

        It 'stops a profile whose credential_process is the helper for itself, naming the cycle' {
            Add-Content $TestHome.Config "[profile loop]`ncredential_process = `"$Helper`" --profile loop`n"
            $r = Invoke-Captured $Helper @('--profile', 'loop')
            $r.ExitCode | Should -Not -Be 0
            $r.Stdout | Should -BeExactly ''
            $r.Stderr | Should -Match 'profile cycle loop -> loop'
            { Get-AWSCredential -ProfileName loop } | Should -Throw '*profile cycle loop -> loop*'
        }

        It 'refuses to turn a profile with other credentials, or the source itself, into a helper profile' {
            Set-TempCredentialsProfile -Name 'tmp' | Out-Null
            Add-Content $TestHome.Credentials "[taken]`naws_access_key_id = A`naws_secret_access_key = S`n"
            $before = Get-Content $TestHome.Config -Raw -ErrorAction SilentlyContinue
            { Get-AWSCredential -ProfileName tmp -WriteCredentialProcessProfile taken } | Should -Throw -ErrorId 'ProfileHasOtherCredentials,Get-AWSCredential'
            { Get-AWSCredential -ProfileName tmp -WriteCredentialProcessProfile tmp } | Should -Throw -ErrorId 'CredentialProcessCycle,Get-AWSCredential'
            { Get-AWSCredential -ProfileName tmp -WriteCredentialProcessProfile 'bad name' } | Should -Throw -ErrorId 'InvalidProfileName,Get-AWSCredential'
            { Get-AWSCredential -ProfileName nope -WriteCredentialProcessProfile p } | Should -Throw -ErrorId 'ProfileNotFound,Get-AWSCredential'
            (Get-Content $TestHome.Config -Raw -ErrorAction SilentlyContinue) | Should -Be $before
        }
    }
}
