# Invoke-AWSLogin and the login_session provider, against the real emulator
# process with a real headless Chromium (tests/Support/drive-browser.py drives chromedriver and
# clicks Approve on the emulator's sign-in page). Nothing of the module is mocked except the
# host prompts (Read-Host) and, for -Remote, reading the printed URL.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    $script:Emulator = Start-AwsEmulator
    $script:Alice = Get-EmulatorAlice
    $script:Support = Join-Path (Get-RepoRoot) 'tests' 'Support'
    $script:Python = (Get-Command python3 -ErrorAction Stop).Source
    $script:DriveBrowser = Join-Path $Support 'drive-browser.py'
    $script:Manifest = Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1'

    function Set-SignIn([hashtable] $Settings) { Invoke-EmulatorControl $Emulator 'signin/config' -Method POST -Body $Settings | Out-Null }
    function Get-TokenCalls { @(Invoke-EmulatorControl $Emulator 'requests' | Where-Object { $_.operation -eq 'CreateOAuth2Token' }) }
    function Get-CacheFiles { @(Get-ChildItem (Join-Path $TestHome.Aws 'login' 'cache') -Filter *.json -ErrorAction SilentlyContinue) }
    function Invoke-BrowserLogin([string] $Profile = 'dev', [hashtable] $Extra = @{}) {
        $env:BROWSER = Get-TestBrowserCommand
        Invoke-AWSLogin -ProfileName $Profile -Region us-east-1 -ExecutionTimeout 90000 @Extra
    }
}

AfterAll {
    Stop-AwsEmulator $script:Emulator
}

Describe 'Invoke-AWSLogin' {
    BeforeEach {
        $script:TestHome = New-TestAwsHome
        $env:AWS_ENDPOINT_URL = $script:Emulator.Url
        Invoke-EmulatorControl $Emulator 'signin/reset' -Method POST | Out-Null
        Invoke-EmulatorControl $Emulator 'requests' -Method DELETE | Out-Null
        Invoke-EmulatorControl $Emulator 'faults' -Method DELETE | Out-Null
        $env:DRIVE_BROWSER_DECISION = $null
        $env:FORGE_MODE = $null
    }
    AfterEach {
        Restore-TestEnvironment $script:TestHome
    }

    Context 'same-device login with a real browser' {
        It 'signs in, writes the CLI cache file and the profile, and Get-STSCallerIdentity works' {
            Set-Content $TestHome.Config "# my settings`n[profile dev]`noutput = json`n" -NoNewline
            $r = Invoke-BrowserLogin
            $r.PSObject.TypeNames | Should -Contain 'AwsLogin.LoginResult'
            $r.LoginSession | Should -Be $Alice.Arn
            $r.AccountId | Should -Be $Alice.Account
            Get-Content $TestHome.Config -Raw | Should -Be "# my settings`n[profile dev]`noutput = json`nlogin_session = $($Alice.Arn)`nregion = us-east-1`n"

            $files = @(Get-CacheFiles)
            $files.Count | Should -Be 1
            $sha = [System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::UTF8.GetBytes($Alice.Arn))
            $files[0].Name | Should -Be ((-join ($sha | ForEach-Object { $_.ToString('x2') })) + '.json')
            $text = Get-Content $files[0].FullName -Raw
            $text | Should -Match '^\{"accessToken": \{"accessKeyId": "ASIA[A-Z0-9]{16}", "secretAccessKey": ".+", "sessionToken": ".+", "accountId": "111122223333", "expiresAt": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\}, "tokenType": "aws_sigv4", "clientId": "arn:aws:signin:::devtools/same-device", "refreshToken": ".+", "idToken": ".+", "dpopKey": "-----BEGIN EC PRIVATE KEY-----\\n.+-----END EC PRIVATE KEY-----\\n"\}$'
            if (-not $IsWindows) { ((Get-Item $files[0].FullName).UnixFileMode.value__ -band 0x1FF) | Should -Be 0x180 }

            (Get-STSCallerIdentity -ProfileName dev).Arn | Should -Be $Alice.Arn
            @(Get-TokenCalls).Count | Should -Be 1
        }

        It 'asks for the region when none is configured and uses us-east-1 for an empty answer' {
            Mock -ModuleName AwsLogin Read-Host { '' }
            $env:BROWSER = Get-TestBrowserCommand
            $r = Invoke-AWSLogin -ProfileName dev -ExecutionTimeout 90000
            $r.Region | Should -Be 'us-east-1'
            Should -Invoke -ModuleName AwsLogin Read-Host -Times 1 -Exactly
            Get-Content $TestHome.Config -Raw | Should -Match 'region = us-east-1'
        }

        It 'ignores requests to other paths of the listener and still completes' {
            $env:FORGE_MODE = 'other-path'
            $env:BROWSER = Get-TestBrowserCommand forge-callback.py
            (Invoke-AWSLogin -ProfileName dev -Region us-east-1 -ExecutionTimeout 90000).LoginSession | Should -Be $Alice.Arn
        }

        It 'stops on Ctrl+C (pipeline stop): the listener closes and nothing is written' {
            $env:BROWSER = (Get-Command true).Source   # a browser that never signs in
            $manifest = $Manifest
            $before = Get-FileSnapshot $TestHome.Aws
            $job = Start-ThreadJob -ScriptBlock {
                Import-Module $using:manifest
                Invoke-AWSLogin -ProfileName dev -Region us-east-1 -ExecutionTimeout 60000
            }
            try {
                $port = Wait-LoopbackPort $job
                $port | Should -Not -BeNullOrEmpty -Because 'the authorize URL names the loopback port'
                Test-PortListening $port | Should -BeTrue -Because 'the listener is open while the sign-in is pending'
                $job | Stop-Job
                $job.State | Should -Be 'Stopped'
                Wait-PortClosed $port | Should -BeTrue -Because 'cancelling the login closes its listener'
                Assert-TreeUnchanged -Before $before -After (Get-FileSnapshot $TestHome.Aws)
                @(Get-CacheFiles).Count | Should -Be 0
                @(Get-TokenCalls).Count | Should -Be 0
            }
            finally { $job | Remove-Job -Force }
        }

        It 'replaces a different identity with -Force' {
            Invoke-BrowserLogin | Out-Null
            Set-SignIn @{ identityArn = 'arn:aws:sts::111122223333:assumed-role/Dev/bob' }
            $r = Invoke-BrowserLogin -Extra @{ Force = $true }
            $r.LoginSession | Should -Be 'arn:aws:sts::111122223333:assumed-role/Dev/bob'
            (Get-STSCallerIdentity -ProfileName dev).Arn | Should -Be 'arn:aws:sts::111122223333:assumed-role/Dev/bob'
        }
    }

    Context '-Remote (cross-device)' {
        It 'prints the URL, takes the pasted code and completes' {
            $global:AwsLoginTestUrl = $null
            $global:AwsLoginTestCodeFile = Join-Path $TestHome.Root 'code.txt'
            $global:AwsLoginTestDriver = @($Python, $DriveBrowser)
            Mock -ModuleName AwsLogin WriteNativeEvent { if ($NativeEvent.type -eq 'progress' -and $NativeEvent.url) { $global:AwsLoginTestUrl = $NativeEvent.url } }
            Mock -ModuleName AwsLogin Read-Host {
                & $global:AwsLoginTestDriver[0] $global:AwsLoginTestDriver[1] $global:AwsLoginTestUrl --code-file $global:AwsLoginTestCodeFile
                ConvertTo-SecureString (Get-Content $global:AwsLoginTestCodeFile -Raw) -AsPlainText -Force
            }
            $r = Invoke-AWSLogin -ProfileName remote -Region us-east-1 -NoBrowser
            $global:AwsLoginTestUrl | Should -Match 'client_id=arn%3Aaws%3Asignin%3A%3A%3Adevtools%2Fcross-device'
            $global:AwsLoginTestUrl | Should -Match 'redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fv1%2Fsessions%2Fconfirmation'
            $r.LoginSession | Should -Be $Alice.Arn
            (Get-Content (Get-CacheFiles)[0].FullName -Raw) | Should -Match '"clientId": "arn:aws:signin:::devtools/cross-device"'
            (Get-STSCallerIdentity -ProfileName remote).Arn | Should -Be $Alice.Arn
        }

        It 'refuses a code whose state belongs to another login' {
            Mock -ModuleName AwsLogin Read-Host { ConvertTo-SecureString ([Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes('state=other&code=x'))) -AsPlainText -Force }
            { Invoke-AWSLogin -ProfileName remote -Region us-east-1 -Remote } | Should -Throw -ErrorId 'LoginStateMismatch,Invoke-AWSLogin'
            Mock -ModuleName AwsLogin Read-Host { ConvertTo-SecureString 'not base64!' -AsPlainText -Force }
            { Invoke-AWSLogin -ProfileName remote -Region us-east-1 -Remote } | Should -Throw -ErrorId 'InvalidVerificationCode,Invoke-AWSLogin'
            Test-Path $TestHome.Config | Should -BeFalse
            Get-CacheFiles | Should -BeNullOrEmpty
        }
    }

    Context 'refresh' {
        It 'refreshes credentials that are about to expire, rotating the refresh token and keeping other members' {
            Set-SignIn @{ credentialsTtlSeconds = 60 }
            Invoke-BrowserLogin | Out-Null
            Set-SignIn @{ credentialsTtlSeconds = 900 }
            $file = (Get-CacheFiles)[0].FullName
            $before = Get-Content $file -Raw | ConvertFrom-Json
            # An unknown member must survive the rewrite.
            (Get-Content $file -Raw) -replace '\}$', ', "extraMember": "kept"}' | Set-Content $file -NoNewline
            (Get-STSCallerIdentity -ProfileName dev).Arn | Should -Be $Alice.Arn
            $after = Get-Content $file -Raw | ConvertFrom-Json
            $after.accessToken.accessKeyId | Should -Not -Be $before.accessToken.accessKeyId
            $after.refreshToken | Should -Not -Be $before.refreshToken
            $after.dpopKey | Should -Be $before.dpopKey
            $after.idToken | Should -Be $before.idToken
            $after.extraMember | Should -Be 'kept'
            ([datetime]$after.accessToken.expiresAt - [datetime]::UtcNow).TotalMinutes | Should -BeGreaterThan 13
            @(Get-TokenCalls).Count | Should -Be 2
            # Fresh credentials: no further refresh.
            Get-STSCallerIdentity -ProfileName dev | Out-Null
            @(Get-TokenCalls).Count | Should -Be 2
        }

        It 'gives a clear error for a session past its maximum age, and leaves the cache alone' {
            Set-SignIn @{ credentialsTtlSeconds = 60 }
            Invoke-BrowserLogin | Out-Null
            Invoke-EmulatorControl $Emulator 'signin/sessions/expire' -Method POST | Out-Null
            $snapshot = Get-FileSnapshot $TestHome.Root
            $err = { Get-STSCallerIdentity -ProfileName dev } | Should -Throw -ErrorId 'LoginSessionExpired,Get-STSCallerIdentity' -PassThru
            $err.Exception.Message | Should -Match 'Invoke-AWSLogin -ProfileName dev'
            Assert-TreeUnchanged -Before $snapshot -After (Get-FileSnapshot $TestHome.Root) -Ignore '*.lock'
        }

        It 'gives a clear error when the user''s credentials changed (revoked session)' {
            Set-SignIn @{ credentialsTtlSeconds = 60 }
            Invoke-BrowserLogin | Out-Null
            Invoke-EmulatorControl $Emulator 'signin/sessions/revoke' -Method POST | Out-Null
            { Get-STSCallerIdentity -ProfileName dev } | Should -Throw -ErrorId 'LoginCredentialsChanged,Get-STSCallerIdentity'
        }

        It 'stays signed out when Invoke-AWSLogout runs while another process is refreshing' {
            Set-SignIn @{ credentialsTtlSeconds = 60 }
            Invoke-BrowserLogin | Out-Null
            Set-SignIn @{ credentialsTtlSeconds = 900 }
            $file = (Get-CacheFiles)[0].FullName
            # The refresh call of the other process is held for 3 s by the emulator.
            Invoke-EmulatorControl $Emulator 'faults' -Method POST -Body @{ kind = 'delay'; delayMs = 3000; pathPrefix = '/v1/token' } | Out-Null
            $pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
            if (-not $pwsh) { $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh') }
            $psi = [System.Diagnostics.ProcessStartInfo]::new($pwsh)
            foreach ($a in '-NoProfile', '-NonInteractive', '-Command', "Import-Module '$Manifest'; try { (Get-STSCallerIdentity -ProfileName dev).Arn } catch { 'ERROR: ' + `$_ }") { $psi.ArgumentList.Add($a) }
            $psi.RedirectStandardOutput = $true
            $psi.UseShellExecute = $false
            $refresher = [System.Diagnostics.Process]::Start($psi)
            # Wait until its refresh call has reached the emulator (the fault is taken on arrival).
            $deadline = [datetime]::UtcNow.AddSeconds(60)
            while (@(Invoke-EmulatorControl $Emulator 'faults').Count -gt 0 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            @(Invoke-EmulatorControl $Emulator 'faults').Count | Should -Be 0
            Invoke-AWSLogout -ProfileName dev -Confirm:$false 6>$null
            Test-Path $file | Should -BeFalse
            $refresher.StandardOutput.ReadToEnd() | Out-Null
            $refresher.WaitForExit()
            Start-Sleep -Milliseconds 200
            Test-Path $file | Should -BeFalse
            { Get-STSCallerIdentity -ProfileName dev } | Should -Throw -ErrorId 'LoginSessionNotFound,Get-STSCallerIdentity'
        }

        It 'makes exactly one refresh call when 16 processes use a nearly expired session at once' {
            Set-SignIn @{ credentialsTtlSeconds = 60 }
            Invoke-BrowserLogin | Out-Null
            Set-SignIn @{ credentialsTtlSeconds = 900 }
            Invoke-EmulatorControl $Emulator 'requests' -Method DELETE | Out-Null
            $pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
            if (-not $pwsh) { $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh') }
            $script = "Import-Module '$Manifest'; try { (Get-STSCallerIdentity -ProfileName dev).Arn } catch { 'ERROR: ' + `$_ }"
            $procs = 1..16 | ForEach-Object {
                $psi = [System.Diagnostics.ProcessStartInfo]::new($pwsh)
                foreach ($a in '-NoProfile', '-NonInteractive', '-Command', $script) { $psi.ArgumentList.Add($a) }
                $psi.RedirectStandardOutput = $true
                $psi.UseShellExecute = $false
                [System.Diagnostics.Process]::Start($psi)
            }
            $outputs = $procs | ForEach-Object { $_.StandardOutput.ReadToEnd(); $_.WaitForExit() }
            $outputs | ForEach-Object { $_.Trim() | Should -Be $Alice.Arn }
            @(Get-TokenCalls).Count | Should -Be 1
            $doc = Get-Content (Get-CacheFiles)[0].FullName -Raw | ConvertFrom-Json
            $doc.accessToken.accessKeyId | Should -Match '^ASIA'
        }
    }

    Context 'bad input' {
        It 'fails on a forged callback (<Mode>) and writes nothing' -TestCases @(@{ Mode = 'wrong-state' }, @{ Mode = 'no-state' }) {
            $env:BROWSER = Get-TestBrowserCommand forge-callback.py
            $env:FORGE_MODE = $Mode
            { Invoke-AWSLogin -ProfileName dev -Region us-east-1 -ExecutionTimeout 30000 } | Should -Throw -ErrorId 'LoginStateMismatch,Invoke-AWSLogin'
            Test-Path $TestHome.Config | Should -BeFalse
            Get-CacheFiles | Should -BeNullOrEmpty
            @(Get-TokenCalls).Count | Should -Be 0
        }

        It 'reports denied consent and writes nothing' {
            $env:DRIVE_BROWSER_DECISION = 'deny'
            $err = { Invoke-BrowserLogin } | Should -Throw -ErrorId 'LoginAuthorizationFailed,Invoke-AWSLogin' -PassThru
            $err.Exception.Message | Should -Match 'access_denied'
            Test-Path $TestHome.Config | Should -BeFalse
            Get-CacheFiles | Should -BeNullOrEmpty
        }

        It 'times out when nobody signs in' {
            $env:BROWSER = 'true'
            { Invoke-AWSLogin -ProfileName dev -Region us-east-1 -ExecutionTimeout 1500 } | Should -Throw -ErrorId 'LoginTimedOut,Invoke-AWSLogin'
            Test-Path $TestHome.Config | Should -BeFalse
        }

        It 'refuses a profile that holds <Style> credentials' -TestCases @(
            @{ Style = 'Access Key'; Text = "aws_access_key_id = AKIA`naws_secret_access_key = x" }
            @{ Style = 'SSO'; Text = 'sso_account_id = 111122223333' }
            @{ Style = 'Assume Role'; Text = "role_arn = arn:aws:iam::1:role/x`nsource_profile = a" }
            @{ Style = 'Credential Process'; Text = 'credential_process = /bin/false' }
            @{ Style = 'Web Identity'; Text = 'web_identity_token_file = /tmp/t' }
        ) {
            Set-Content $TestHome.Config "[profile busy]`n$Text`n"
            $before = Get-FileSnapshot $TestHome.Root
            $err = { Invoke-AWSLogin -ProfileName busy -Region us-east-1 } | Should -Throw -ErrorId 'ProfileHasOtherCredentials,Invoke-AWSLogin' -PassThru
            $err.Exception.Message | Should -BeLike "Profile 'busy' is already configured with $Style credentials.*"
            Assert-TreeUnchanged -Before $before -After (Get-FileSnapshot $TestHome.Root)
        }

        It 'gives a clear error for a <Case> cache file and does not change it' -TestCases @(
            @{ Case = 'truncated'; Mutate = { param($t) $t.Substring(0, 40) }; Pattern = 'not valid JSON' }
            @{ Case = 'corrupt'; Mutate = { param($t) 'not json at all' }; Pattern = 'not valid JSON' }
            @{ Case = 'missing refreshToken'; Mutate = { param($t) $t -replace '"refreshToken": "[^"]+", ', '' }; Pattern = 'missing one or more required fields' }
            @{ Case = 'missing dpopKey'; Mutate = { param($t) $t -replace ', "dpopKey": "[^"]+"', '' }; Pattern = 'missing one or more required fields' }
            @{ Case = 'bad dpopKey'; Mutate = { param($t) $t -replace '"dpopKey": "[^"]+"', '"dpopKey": "garbage"' }; Pattern = 'Unable to load private key' }
        ) {
            Set-SignIn @{ credentialsTtlSeconds = 60 }
            Invoke-BrowserLogin | Out-Null
            $file = (Get-CacheFiles)[0].FullName
            Set-Content $file (& $Mutate (Get-Content $file -Raw)) -NoNewline
            $hash = (Get-FileHash $file).Hash
            $err = { Get-STSCallerIdentity -ProfileName dev } | Should -Throw -PassThru
            $err.Exception.Message | Should -Match $Pattern
            $err.Exception.Message | Should -Match 'Invoke-AWSLogin -ProfileName dev'
            (Get-FileHash $file).Hash | Should -Be $hash
        }

        It 'says how to sign in when the cache file is missing' {
            Set-Content $TestHome.Config "[profile dev]`nlogin_session = $($Alice.Arn)`nregion = us-east-1`n"
            $err = { Get-STSCallerIdentity -ProfileName dev } | Should -Throw -ErrorId 'LoginSessionNotFound,Get-STSCallerIdentity' -PassThru
            $err.Exception.Message | Should -Match 'Invoke-AWSLogin -ProfileName dev'
        }
    }

    Context 'compatibility with the other tools'' cache files' {
        It 'reads <Case>' -TestCases @(
            @{ Case = 'fractional-second expiresAt'; Fraction = '.123456789'; Indent = $false; IdName = 'idToken' }
            @{ Case = 'indented JSON'; Fraction = ''; Indent = $true; IdName = 'idToken' }
            @{ Case = 'identityToken instead of idToken'; Fraction = '.5'; Indent = $false; IdName = 'identityToken' }
        ) {
            $c = Invoke-EmulatorControl $Emulator 'credentials' -Method POST -Body @{ arn = $Alice.Arn; ttlSeconds = 900 }
            # A DPoP key from the published login vectors (read from ../shared, not copied here).
            $vectors = Get-Content -Raw (Join-Path (Get-SharedDir) 'vectors' 'login' 'login-provider-test-cases.json') | ConvertFrom-Json
            $VectorDpopKey = @($vectors[0].cacheContents.PSObject.Properties)[0].Value.dpopKey
            $VectorDpopKey | Should -Match '^-----BEGIN EC PRIVATE KEY-----'
            $expires = [datetime]::UtcNow.AddMinutes(14).ToString('yyyy-MM-ddTHH:mm:ss') + $Fraction + 'Z'
            $doc = [ordered]@{
                accessToken  = [ordered]@{ accessKeyId = $c.accessKeyId; secretAccessKey = $c.secretAccessKey; sessionToken = $c.sessionToken; accountId = $Alice.Account; expiresAt = $expires }
                tokenType    = 'aws_sigv4'
                clientId     = 'arn:aws:signin:::devtools/same-device'
                refreshToken = 'unused'
                $IdName      = 'x.e30.y'
                dpopKey      = $VectorDpopKey
            }
            $dir = New-Item -ItemType Directory -Force (Join-Path $TestHome.Aws 'login' 'cache')
            $sha = [System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::UTF8.GetBytes($Alice.Arn))
            $name = (-join ($sha | ForEach-Object { $_.ToString('x2') })) + '.json'
            Set-Content (Join-Path $dir $name) ($doc | ConvertTo-Json -Depth 5 -Compress:(-not $Indent))
            Set-Content $TestHome.Config "[profile dev]`nlogin_session = $($Alice.Arn)`n"
            (Get-STSCallerIdentity -ProfileName dev).Arn | Should -Be $Alice.Arn
        }
    }
}
