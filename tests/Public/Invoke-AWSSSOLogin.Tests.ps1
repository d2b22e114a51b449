# Invoke-AWSSSOLogin against the real emulator process: the PKCE flow approved (or denied) in
# headless Chromium, the device-code flow approved through the emulator's page, refresh, the
# token cache shared with the AWS CLI (botocore reads ours, ours reads the CLI's and .NET's),
# and clear errors that leave every file as it was.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'SsoHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    $script:Emulator = Start-AwsEmulator
    $script:ReadOnlyArn = 'arn:aws:sts::111122223333:assumed-role/ReadOnly/alice'
}

AfterAll {
    Stop-AwsEmulator $script:Emulator
}

Describe 'Invoke-AWSSSOLogin' {
    BeforeEach {
        $script:TestHome = New-TestAwsHome
        $env:AWS_ENDPOINT_URL = $Emulator.Url
        Set-SsoProfile -ConfigPath $TestHome.Config
        $script:TokenPath = Get-SsoTokenPath 'dev-session'
        Invoke-EmulatorControl $Emulator 'requests' -Method DELETE | Out-Null
    }
    AfterEach {
        Restore-TestEnvironment $TestHome
    }

    Context 'authorization code with PKCE in a real browser' {
        It 'signs in through headless Chromium, and Get-STSCallerIdentity returns the role identity' {
            Use-TestBrowser | Out-Null
            $r = Invoke-AWSSSOLogin -ProfileName sso-dev -ExecutionTimeout 60000 -PassThru -InformationVariable info
            $r.Status | Should -Be 'LoggedIn' -Because (Get-TestBrowserLog)
            ($info -join "`n") | Should -Match 'authentication successful for the sso-session dev-session'
            Test-Path $TokenPath | Should -BeTrue
            (Get-STSCallerIdentity -ProfileName sso-dev).Arn | Should -Be $ReadOnlyArn
            $ops = (Invoke-EmulatorControl $Emulator 'requests').operation
            $ops | Should -Contain 'Authorize'
            $ops | Should -Contain 'GetRoleCredentials'
            $ops | Should -Not -Contain 'StartDeviceAuthorization'
        }

        It 'writes the token in the AWS CLI format, 0600, and botocore''s SSO token loader accepts it' {
            Use-TestBrowser | Out-Null
            Invoke-AWSSSOLogin -ProfileName sso-dev -ExecutionTimeout 60000
            $text = Get-Content -Raw $TokenPath
            $text | Should -Match '^\{"startUrl": "https://d-1234567890\.awsapps\.com/start", "region": "us-east-1", "accessToken": "[^"]+", "expiresAt": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "clientId": '
            $text | Should -Not -Match "`n"
            if (-not $IsWindows) { [Convert]::ToString([int](Get-Item $TokenPath).UnixFileMode, 8) | Should -Be '600' }
            $py = 'import sys; from botocore.utils import SSOTokenLoader; from botocore.utils import JSONFileCache; ' +
                'import os; t = SSOTokenLoader(cache=JSONFileCache(os.path.join(os.environ["HOME"], ".aws", "sso", "cache")))("https://d-1234567890.awsapps.com/start", session_name="dev-session"); ' +
                'print(t["expiresAt"], len(t["accessToken"]) > 10, t["region"])'
            $out = & /usr/bin/python3 -c $py
            $LASTEXITCODE | Should -Be 0
            $out | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ True us-east-1$'
        }

        It 'does nothing while the cached token is valid, and signs in again with -Force' {
            Use-TestBrowser | Out-Null
            Invoke-AWSSSOLogin -ProfileName sso-dev -ExecutionTimeout 60000
            $before = Get-Content -Raw $TokenPath
            Invoke-EmulatorControl $Emulator 'requests' -Method DELETE | Out-Null
            $r = Invoke-AWSSSOLogin sso-dev -PassThru -InformationVariable info
            $r.Status | Should -Be 'AlreadyLoggedIn'
            ($info -join "`n") | Should -Match 'not necessary'
            @(Invoke-EmulatorControl $Emulator 'requests').Count | Should -Be 0
            Get-Content -Raw $TokenPath | Should -Be $before
            (Invoke-AWSSSOLogin -ProfileName sso-dev -Force -ExecutionTimeout 60000 -PassThru).Status | Should -Be 'LoggedIn'
            Get-Content -Raw $TokenPath | Should -Not -Be $before
            # The client registration was reused, not registered again.
            (Invoke-EmulatorControl $Emulator 'requests').operation | Should -Not -Contain 'RegisterClient'
        }

        It 'refreshes an expiring token with its refresh token instead of opening the browser' {
            Use-TestBrowser | Out-Null
            Invoke-AWSSSOLogin -ProfileName sso-dev -ExecutionTimeout 60000
            $token = Get-Content -Raw $TokenPath | ConvertFrom-Json -DateKind String
            $token.expiresAt = [datetime]::UtcNow.AddMinutes(5).ToString('yyyy-MM-ddTHH:mm:ssZ')
            Set-Content $TokenPath ($token | ConvertTo-Json -Compress) -NoNewline
            Remove-Item Env:BROWSER
            Invoke-EmulatorControl $Emulator 'requests' -Method DELETE | Out-Null
            (Invoke-AWSSSOLogin -ProfileName sso-dev -PassThru).Status | Should -Be 'Refreshed'
            (Invoke-EmulatorControl $Emulator 'requests').operation | Should -Be @('CreateToken')
            (Get-STSCallerIdentity -ProfileName sso-dev).Arn | Should -Be $ReadOnlyArn
        }

        It 'replaces an expired cached client registration instead of using it' {
            Use-TestBrowser | Out-Null
            Invoke-AWSSSOLogin -ProfileName sso-dev -ExecutionTimeout 60000
            $cache = Split-Path $TokenPath
            $registration = Get-ChildItem $cache -Filter *.json | Where-Object { (Get-Content -Raw $_) -match '"grantTypes"' }
            @($registration).Count | Should -Be 1
            $old = Get-Content -Raw $registration.FullName | ConvertFrom-Json -DateKind String
            $old.expiresAt = '2020-01-01T00:00:00Z'
            Set-Content $registration.FullName ($old | ConvertTo-Json -Compress) -NoNewline
            Invoke-EmulatorControl $Emulator 'requests' -Method DELETE | Out-Null
            (Invoke-AWSSSOLogin -ProfileName sso-dev -Force -ExecutionTimeout 60000 -PassThru).Status | Should -Be 'LoggedIn'
            (Invoke-EmulatorControl $Emulator 'requests').operation | Should -Contain 'RegisterClient'
            $new = Get-Content -Raw $registration.FullName | ConvertFrom-Json -DateKind String
            $new.clientId | Should -Not -Be $old.clientId
            [datetime]::Parse($new.expiresAt).ToUniversalTime() | Should -BeGreaterThan ([datetime]::UtcNow.AddDays(1))
            (Get-Content -Raw $TokenPath | ConvertFrom-Json).clientId | Should -Be $new.clientId
        }

        It 'stops on Ctrl+C (pipeline stop): the loopback listener closes and nothing is written' {
            $env:BROWSER = (Get-Command true).Source   # a browser that never answers
            $modulePath = Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1'
            $job = Start-ThreadJob -ScriptBlock {
                Import-Module $using:modulePath
                Invoke-AWSSSOLogin -ProfileName sso-dev -ExecutionTimeout 60000
            }
            try {
                $port = Wait-LoopbackPort $job
                $port | Should -Not -BeNullOrEmpty
                Test-PortListening $port | Should -BeTrue -Because 'the listener is open while the sign-in is pending'
                $job | Stop-Job
                $job.State | Should -Be 'Stopped'
                Wait-PortClosed $port | Should -BeTrue -Because 'the listener closes when the sign-in is cancelled'
                Test-Path $TokenPath | Should -BeFalse
            }
            finally { $job | Remove-Job -Force }
        }

        It 'fails clearly when the consent is denied, and writes nothing' {
            Use-TestBrowser -Action deny | Out-Null
            $before = Get-FileSnapshot $TestHome.Aws
            { Invoke-AWSSSOLogin -ProfileName sso-dev -ExecutionTimeout 60000 } | Should -Throw -ErrorId 'AccessDenied*'
            Assert-TreeUnchanged -Before $before -After (Get-FileSnapshot $TestHome.Aws)
            Test-Path $TokenPath | Should -BeFalse
        }
    }

    Context 'device code' {
        It 'is approved through the emulator''s verification page in the browser with -UseDeviceCode' {
            Use-TestBrowser | Out-Null
            (Invoke-AWSSSOLogin -ProfileName sso-dev -UseDeviceCode -ExecutionTimeout 60000 -PassThru).Status | Should -Be 'LoggedIn' -Because (Get-TestBrowserLog)
            (Invoke-EmulatorControl $Emulator 'requests').operation | Should -Contain 'StartDeviceAuthorization'
            (Get-STSCallerIdentity -ProfileName sso-dev).Arn | Should -Be $ReadOnlyArn
        }

        It 'is chosen when no browser can be reached, says why, and shows the code the user approves' {
            $modulePath = Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1'
            $job = Start-ThreadJob -ScriptBlock {
                Import-Module $using:modulePath
                Invoke-AWSSSOLogin -ProfileName sso-dev -ExecutionTimeout 60000 -PassThru
            }
            try {
                $code = $null
                $deadline = [datetime]::UtcNow.AddSeconds(30)
                while (-not $code -and [datetime]::UtcNow -lt $deadline -and $job.State -in 'NotStarted', 'Running') {
                    $text = ($job.Information | ForEach-Object { "$_" }) -join "`n"
                    if ($text -match 'Verification code: ([A-Z0-9]{4}-[A-Z0-9]{4})') { $code = $Matches[1] } else { Start-Sleep -Milliseconds 200 }
                }
                $code | Should -Not -BeNullOrEmpty -Because "the job printed: $(($job.Information | ForEach-Object { "$_" }) -join ' | ') $($job.Error)"
                $text | Should -Match 'No browser can be opened here: there is no graphical display'
                Invoke-DeviceApproval $Emulator $code
                $result = $job | Wait-Job -Timeout 30 | Receive-Job
                $result.Status | Should -Be 'LoggedIn'
            }
            finally { $job | Remove-Job -Force }
            (Get-STSCallerIdentity -ProfileName sso-dev).Arn | Should -Be $ReadOnlyArn
        }

        It 'is used for a legacy profile (sso_start_url in the profile), keyed by the start URL' {
            Set-Content $TestHome.Config "[profile legacy]`nsso_start_url = https://legacy.awsapps.com/start`nsso_region = us-east-1`nsso_account_id = 444455556666`nsso_role_name = ReadOnly`n"
            Use-TestBrowser | Out-Null
            Invoke-AWSSSOLogin -ProfileName legacy -ExecutionTimeout 60000 -InformationVariable info
            ($info -join "`n") | Should -Match 'legacy configuration'
            Test-Path (Get-SsoTokenPath 'https://legacy.awsapps.com/start') | Should -BeTrue
            (Get-STSCallerIdentity -ProfileName legacy).Arn | Should -Be 'arn:aws:sts::444455556666:assumed-role/ReadOnly/alice'
        }
    }

    Context 'times, pipeline and parameters' {
        It 'returns an expiry that compares right with Get-Date in <Zone>' -TestCases @(@{ Zone = 'Asia/Tokyo' }, @{ Zone = 'America/Los_Angeles' }) {
            Use-TestBrowser | Out-Null
            Invoke-AWSSSOLogin -ProfileName sso-dev -UseDeviceCode -ExecutionTimeout 60000
            $expected = ([datetime]::Parse((Get-Content -Raw $TokenPath | ConvertFrom-Json -DateKind String).expiresAt, [cultureinfo]::InvariantCulture, 'AdjustToUniversal') - [datetime]::UtcNow).TotalSeconds
            $script = "`$r = Invoke-AWSSSOLogin -ProfileName sso-dev -PassThru -InformationAction SilentlyContinue; '{0}|{1}|{2}' -f [TimeZoneInfo]::Local.GetUtcOffset([datetime]::UtcNow).TotalHours, (`$r.Expiration - (Get-Date)).TotalSeconds, `$r.Status"
            $run = Invoke-ChildPwsh -Script $script -Environment @{ TZ = $Zone } -TimeoutSeconds 90
            $line = @($run.Output -split "`n" | Where-Object { $_ -match '^-?[\d.]+\|' })[-1]
            $line | Should -Not -BeNullOrEmpty -Because $run.Output
            $offset, $seconds, $status = $line.Trim() -split '\|'
            [double]$offset | Should -Not -Be 0 -Because 'the child runs outside UTC'
            $status | Should -Be 'AlreadyLoggedIn'
            [Math]::Abs([double]$seconds - $expected) | Should -BeLessThan 120
        }

        It 'binds -ProfileName from the pipeline by value, passing a failing name as the TargetObject' {
            Use-TestBrowser | Out-Null
            Invoke-AWSSSOLogin -ProfileName sso-dev -UseDeviceCode -ExecutionTimeout 60000
            ('sso-dev' | Invoke-AWSSSOLogin -PassThru -InformationAction SilentlyContinue).Status | Should -Be 'AlreadyLoggedIn'
            $err = { 'nope', 'sso-dev' | Invoke-AWSSSOLogin -InformationAction SilentlyContinue } | Should -Throw -ErrorId 'ProfileNotFound,Invoke-AWSSSOLogin' -PassThru
            $err.TargetObject | Should -Be 'nope'
        }

        It 'has only the AWS cmdlet''s position (ProfileName, 0)' {
            $positional = @((Get-Command Invoke-AWSSSOLogin).Parameters.Values | ForEach-Object { foreach ($set in $_.ParameterSets.GetEnumerator()) { if ($set.Value.Position -ge 0) { "$($_.Name)@$($set.Value.Position)" } } } | Sort-Object -Unique)
            $positional | Should -Be @('ProfileName@0')
            @((Get-Command Invoke-AWSSSOLogout).Parameters.Values | Where-Object { $_.ParameterSets.Values.Position -ge 0 }).Count | Should -Be 0
        }
    }

    Context 'token files written by other tools' {
        BeforeEach {
            Use-TestBrowser | Out-Null
            Invoke-AWSSSOLogin -ProfileName sso-dev -UseDeviceCode -ExecutionTimeout 60000
            $script:Issued = Get-Content -Raw $TokenPath | ConvertFrom-Json -DateKind String
        }

        It 'uses a token file in the AWS CLI''s own format' {
            # Exactly what botocore writes: json.dumps with default separators, in its key order.
            $expires = [datetime]::UtcNow.AddHours(2).ToString('yyyy-MM-ddTHH:mm:ssZ')
            $cli = '{"startUrl": "https://d-1234567890.awsapps.com/start", "region": "us-east-1", "accessToken": "' + $Issued.accessToken + '", "expiresAt": "' + $expires + '", "clientId": "' + $Issued.clientId + '", "clientSecret": "' + $Issued.clientSecret + '", "registrationExpiresAt": "' + $Issued.registrationExpiresAt + '", "refreshToken": "' + $Issued.refreshToken + '"}'
            Set-Content $TokenPath $cli -NoNewline
            (Get-STSCallerIdentity -ProfileName sso-dev).Arn | Should -Be $ReadOnlyArn
            Get-Content -Raw $TokenPath | Should -Be $cli
        }

        It 'uses a token file written by the AWS SDK for .NET (indented, nulls, fractional seconds)' {
            $dotnet = [ordered]@{ accessToken = $Issued.accessToken; expiresAt = [datetime]::UtcNow.AddHours(2).ToString('yyyy-MM-ddTHH:mm:ss.fffffffZ'); refreshToken = $null; clientId = $null; clientSecret = $null; registrationExpiresAt = $null; region = 'us-east-1'; startUrl = 'https://d-1234567890.awsapps.com/start' }
            Set-Content $TokenPath ($dotnet | ConvertTo-Json)
            (Get-STSCallerIdentity -ProfileName sso-dev).Arn | Should -Be $ReadOnlyArn
        }
    }

    Context 'bad input gives clear errors and damages no file' {
        It 'refuses an unknown sso-session' {
            $before = Get-FileSnapshot $TestHome.Root
            { Invoke-AWSSSOLogin -SessionName nope } | Should -Throw -ErrorId 'SsoSessionNotFound*'
            Assert-TreeUnchanged -Before $before -After (Get-FileSnapshot $TestHome.Root)
        }

        It 'refuses a profile that does not use IAM Identity Center' {
            Add-Content $TestHome.Config "[profile keys]`naws_access_key_id = AKIDEXAMPLE`naws_secret_access_key = x`n"
            { Invoke-AWSSSOLogin -ProfileName keys } | Should -Throw -ErrorId 'NotAnSsoProfile*'
        }

        It 'refuses a malformed start URL before any network call' {
            Set-Content $TestHome.Config "[profile bad]`nsso_session = bad`nsso_account_id = 111122223333`nsso_role_name = ReadOnly`n[sso-session bad]`nsso_start_url = not-a-url`nsso_region = us-east-1`n"
            { Invoke-AWSSSOLogin -ProfileName bad } | Should -Throw -ErrorId 'InvalidStartUrl*'
            @(Invoke-EmulatorControl $Emulator 'requests').Count | Should -Be 0
        }

        It 'says to sign in when there is no token, and when the token file is corrupt (left as it is)' {
            { Get-STSCallerIdentity -ProfileName sso-dev } | Should -Throw '*Invoke-AWSSSOLogin -ProfileName sso-dev*'
            New-Item -ItemType Directory (Split-Path $TokenPath) -Force | Out-Null
            Set-Content $TokenPath '{"accessToken": "x", "expiresAt": ' -NoNewline
            { Get-STSCallerIdentity -ProfileName sso-dev } | Should -Throw -ErrorId 'SsoTokenInvalid*'
            Get-Content -Raw $TokenPath | Should -Be '{"accessToken": "x", "expiresAt": '
        }

        It 'refuses a named pipe at the token path at once instead of hanging' -Skip:$IsWindows {
            New-Item -ItemType Directory (Split-Path $TokenPath) -Force | Out-Null
            mkfifo $TokenPath
            $out = Invoke-TestProcess "try { Invoke-AWSSSOLogin -ProfileName sso-dev } catch { `$_.FullyQualifiedErrorId + ' | ' + `$_.Exception.Message }"
            $out | Should -BeLike 'SsoTokenUnreadable,*'
            $out | Should -Match ([regex]::Escape($TokenPath) + '.*named pipe')
            bash -c "test -p '$TokenPath'"
            $LASTEXITCODE | Should -Be 0 -Because 'the pipe is left as it was'
        }

        It 'explains a token the portal rejects (401)' {
            New-Item -ItemType Directory (Split-Path $TokenPath) -Force | Out-Null
            $text = '{"startUrl": "https://d-1234567890.awsapps.com/start", "region": "us-east-1", "accessToken": "revoked-token", "expiresAt": "2099-01-01T00:00:00Z"}'
            Set-Content $TokenPath $text -NoNewline
            $err = { Get-STSCallerIdentity -ProfileName sso-dev } | Should -Throw -ErrorId 'UnauthorizedSsoToken*' -PassThru
            $err.Exception.Message | Should -Match 'Invoke-AWSSSOLogin -ProfileName sso-dev'
            $err.Exception.Message | Should -Not -Match 'revoked-token'
            Get-Content -Raw $TokenPath | Should -Be $text
        }

        It 'says to sign in again when the token expired and its client registration expired too' {
            New-Item -ItemType Directory (Split-Path $TokenPath) -Force | Out-Null
            $text = '{"startUrl": "https://d-1234567890.awsapps.com/start", "region": "us-east-1", "accessToken": "old", "expiresAt": "2020-01-01T00:00:00Z", "clientId": "c", "clientSecret": "s", "registrationExpiresAt": "2020-01-01T00:00:00Z", "refreshToken": "r"}'
            Set-Content $TokenPath $text -NoNewline
            { Get-STSCallerIdentity -ProfileName sso-dev } | Should -Throw -ErrorId 'SsoTokenExpired*'
            @(Invoke-EmulatorControl $Emulator 'requests').Count | Should -Be 0
            Get-Content -Raw $TokenPath | Should -Be $text
        }
    }
}
