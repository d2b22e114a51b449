# Invoke-AWSLogin and the login_session provider, against the real emulator
# process with a real headless Chromium (tests/Support/drive-browser.py drives chromedriver and
# clicks Approve on the emulator's sign-in page). Nothing of the module is mocked except the
# host prompts (Read-Host) and, for -Remote, reading the printed URL.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'SsoHelpers.psm1') -Force
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
    # Every file under ~/.aws/login but the (empty) lock files, which hold no secret.
    function Get-LoginFiles { @(Get-ChildItem (Join-Path $TestHome.Aws 'login') -Recurse -File -Force -ErrorAction SilentlyContinue | Where-Object Name -NotLike '*.lock') }
    function Invoke-BrowserLogin([string] $Profile = 'dev', [hashtable] $Extra = @{}) {
        $env:BROWSER = Get-TestBrowserCommand
        Invoke-AWSLogin -ProfileName $Profile -Region us-east-1 -ExecutionTimeout 90000 -PassThru @Extra
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
            $r = Invoke-AWSLogin -ProfileName dev -ExecutionTimeout 90000 -PassThru
            $r.Region | Should -Be 'us-east-1'
            Should -Invoke -ModuleName AwsLogin Read-Host -Times 1 -Exactly
            Get-Content $TestHome.Config -Raw | Should -Match 'region = us-east-1'
        }

        It 'ignores requests to other paths of the listener and still completes' {
            $env:FORGE_MODE = 'other-path'
            $env:BROWSER = Get-TestBrowserCommand forge-callback.py
            (Invoke-AWSLogin -ProfileName dev -Region us-east-1 -ExecutionTimeout 90000 -PassThru).LoginSession | Should -Be $Alice.Arn
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
                Get-Content $global:AwsLoginTestCodeFile -Raw
            }
            $r = Invoke-AWSLogin -ProfileName remote -Region us-east-1 -NoBrowser -PassThru
            $global:AwsLoginTestUrl | Should -Match 'client_id=arn%3Aaws%3Asignin%3A%3A%3Adevtools%2Fcross-device'
            $global:AwsLoginTestUrl | Should -Match 'redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fv1%2Fsessions%2Fconfirmation'
            $r.LoginSession | Should -Be $Alice.Arn
            (Get-Content (Get-CacheFiles)[0].FullName -Raw) | Should -Match '"clientId": "arn:aws:signin:::devtools/cross-device"'
            (Get-STSCallerIdentity -ProfileName remote).Arn | Should -Be $Alice.Arn
        }

        It 'refuses a code whose state belongs to another login' {
            Mock -ModuleName AwsLogin Read-Host { [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes('state=other&code=x')) }
            { Invoke-AWSLogin -ProfileName remote -Region us-east-1 -Remote } | Should -Throw -ErrorId 'LoginStateMismatch,Invoke-AWSLogin'
            Mock -ModuleName AwsLogin Read-Host { 'not base64!' }
            { Invoke-AWSLogin -ProfileName remote -Region us-east-1 -Remote } | Should -Throw -ErrorId 'InvalidVerificationCode,Invoke-AWSLogin'
            Test-Path $TestHome.Config | Should -BeFalse
            Get-CacheFiles | Should -BeNullOrEmpty
        }
    }

    Context 'times, prompts and the headless fallback' {
        It 'returns expiry times that compare right with Get-Date in <Zone>' -TestCases @(@{ Zone = 'Asia/Tokyo'; Hours = 9 }, @{ Zone = 'America/Los_Angeles'; Hours = -8 }) {
            $env:BROWSER = Get-TestBrowserCommand
            $script = @'
$r = Invoke-AWSLogin -ProfileName tz -Region us-east-1 -ExecutionTimeout 90000 -PassThru -InformationAction SilentlyContinue
'{0}|{1}|{2}|{3}' -f [TimeZoneInfo]::Local.GetUtcOffset([datetime]::UtcNow).TotalHours, ($r.CredentialsExpiration - (Get-Date)).TotalMinutes, ($r.SessionExpiration - (Get-Date)).TotalHours, ($r.CredentialsExpiration -gt (Get-Date))
'@
            $run = Invoke-ChildPwsh -Script $script -Environment @{ TZ = $Zone } -TimeoutSeconds 120
            $run.TimedOut | Should -BeFalse
            $line = @($run.Output -split "`n" | Where-Object { $_ -match '^-?[\d.]+\|' })[-1]
            $line | Should -Not -BeNullOrEmpty -Because $run.Output
            $offset, $credMinutes, $sessionHours, $later = $line.Trim() -split '\|'
            [double]$offset | Should -BeIn @($Hours, ($Hours + 1)) -Because 'the child runs in that zone'
            [double]$credMinutes | Should -BeGreaterThan 13 -Because 'the 15-minute credentials are fresh, whatever the zone'
            [double]$credMinutes | Should -BeLessOrEqual 15.1
            [double]$sessionHours | Should -BeGreaterThan 11.9
            [double]$sessionHours | Should -BeLessOrEqual 12.01
            $later | Should -Be 'True'
        }

        It 'returns nothing by default, and -PassThru names which expiry is which' {
            $env:BROWSER = Get-TestBrowserCommand
            $out = @(Invoke-AWSLogin -ProfileName dev -Region us-east-1 -ExecutionTimeout 90000 -InformationAction SilentlyContinue)
            $out.Count | Should -Be 0
            $r = Invoke-BrowserLogin -Profile dev2
            $r.CredentialsExpiration.Kind | Should -Be 'Local'
            $r.SessionExpiration.Kind | Should -Be 'Local'
            ($r.SessionExpiration - $r.CredentialsExpiration).TotalHours | Should -BeGreaterThan 11
            $r.PSObject.Properties.Name | Should -Not -Contain 'Expiration'
        }

        It 'fails at once naming -Region when nobody can answer the region prompt (<Mode>), and writes nothing' -TestCases @(@{ Mode = 'NonInteractive' }, @{ Mode = 'end of input' }) {
            $env:BROWSER = Get-TestBrowserCommand
            Set-Content $TestHome.Config "# mine`n[profile other]`nregion = eu-west-1`n" -NoNewline
            # .aws only: the child pwsh keeps its own caches under HOME.
            $before = Get-FileSnapshot $TestHome.Aws
            $script = "try { Invoke-AWSLogin -ProfileName dev } catch { 'ERRORID=' + `$_.FullyQualifiedErrorId; 'MESSAGE=' + `$_.Exception.Message }"
            $run = Invoke-ChildPwsh -Script $script -NonInteractive:($Mode -eq 'NonInteractive') -TimeoutSeconds 60
            $run.TimedOut | Should -BeFalse -Because 'an unanswerable prompt must not wait or loop'
            $run.Output | Should -Match 'ERRORID=InteractionRequired,Invoke-AWSLogin'
            $run.Output | Should -Match 'MESSAGE=Invoke-AWSLogin needs an answer to .AWS Region. but cannot ask: .*Pass -Region instead\.'
            ($run.Output -split "`n").Count | Should -BeLessThan 40
            Assert-TreeUnchanged -Before $before -After (Get-FileSnapshot $TestHome.Aws)
            @(Get-TokenCalls).Count | Should -Be 0
        }

        It 'falls back to the cross-device flow, and says why, when no browser can be reached' {
            # No BROWSER, no DISPLAY (New-TestAwsHome removed them): xdg-open could not work.
            $global:AwsLoginTestUrl = $null
            $global:AwsLoginTestCodeFile = Join-Path $TestHome.Root 'code.txt'
            $global:AwsLoginTestDriver = @($Python, $DriveBrowser)
            $global:AwsLoginTestInfo = [System.Collections.Generic.List[string]]::new()
            Mock -ModuleName AwsLogin WriteNativeEvent {
                if ($NativeEvent.type -eq 'progress' -and $NativeEvent.url) { $global:AwsLoginTestUrl = $NativeEvent.url }
                if ($NativeEvent.type -eq 'info') { $global:AwsLoginTestInfo.Add($NativeEvent.message) }
            }
            Mock -ModuleName AwsLogin Read-Host {
                & $global:AwsLoginTestDriver[0] $global:AwsLoginTestDriver[1] $global:AwsLoginTestUrl --code-file $global:AwsLoginTestCodeFile
                Get-Content $global:AwsLoginTestCodeFile -Raw
            }
            $r = Invoke-AWSLogin -ProfileName headless -Region us-east-1 -ExecutionTimeout 90000 -PassThru
            ($global:AwsLoginTestInfo -join "`n") | Should -Match 'No browser can be opened here: there is no graphical display .* Using the cross-device flow'
            $global:AwsLoginTestUrl | Should -Match 'devtools%2Fcross-device'
            $r.LoginSession | Should -Be $Alice.Arn
        }

        It 'falls back to the cross-device flow when the BROWSER command cannot be started' {
            # A display, so the decision is left to starting the commands; the platform opener
            # (xdg-open) is not on this PATH either.
            $env:BROWSER = '/nonexistent/browser %s'
            $env:DISPLAY = ':99'
            $path = $env:PATH
            $env:PATH = '/nonexistent-only'
            $err = $null
            try {
                Mock -ModuleName AwsLogin Read-Host { 'not base64!' }
                Invoke-AWSLogin -ProfileName headless -Region us-east-1 -ExecutionTimeout 30000 -InformationVariable info
            }
            catch { $err = $_ }
            finally { $env:PATH = $path }
            $err.FullyQualifiedErrorId | Should -Be 'InvalidVerificationCode,Invoke-AWSLogin'
            ($info -join "`n") | Should -Match 'No browser could be started \(could not start /nonexistent/browser.*Using the cross-device flow'
        }

        It 'reads the -Remote code visibly, and fails at once at the end of input' {
            Mock -ModuleName AwsLogin Read-Host { 'not base64!' }
            { Invoke-AWSLogin -ProfileName remote -Region us-east-1 -Remote } | Should -Throw -ErrorId 'InvalidVerificationCode,Invoke-AWSLogin'
            Should -Invoke -ModuleName AwsLogin Read-Host -Times 1 -Exactly -ParameterFilter { -not $AsSecureString -and -not $MaskInput }
            $run = Invoke-ChildPwsh -Script "try { Invoke-AWSLogin -ProfileName remote -Region us-east-1 -Remote } catch { 'ERRORID=' + `$_.FullyQualifiedErrorId; 'MESSAGE=' + `$_.Exception.Message }" -TimeoutSeconds 60
            $run.TimedOut | Should -BeFalse
            $run.Output | Should -Match 'ERRORID=InteractionRequired,Invoke-AWSLogin'
            $run.Output | Should -Match 'the input has ended\. Only a person can answer it'
            Test-Path $TestHome.Config | Should -BeFalse
        }

        It 'names its progress activity like the other sign-ins' {
            $global:AwsLoginTestActivities = [System.Collections.Generic.List[string]]::new()
            Mock -ModuleName AwsLogin WriteNativeEvent { if ($NativeEvent.type -eq 'progress') { $global:AwsLoginTestActivities.Add($NativeEvent.activity) } }
            Mock -ModuleName AwsLogin Read-Host { 'not base64!' }
            { Invoke-AWSLogin -ProfileName remote -Region us-east-1 -Remote } | Should -Throw
            $global:AwsLoginTestActivities | Should -Not -BeNullOrEmpty
            $global:AwsLoginTestActivities | ForEach-Object { $_ | Should -Match '^Waiting for the .+ sign-in$' }
        }
    }

    Context 'regions and parameters' {
        It 'refuses region <Region> before anything is opened or written' -TestCases @(@{ Region = 'moon-1' }, @{ Region = 'us-east1' }) {
            $env:BROWSER = Get-TestBrowserCommand
            Set-Content $TestHome.Config "# mine`n[profile dev]`noutput = json`n" -NoNewline
            $before = Get-FileSnapshot $TestHome.Root
            $err = { Invoke-AWSLogin -ProfileName dev -Region $Region -ExecutionTimeout 30000 } | Should -Throw -ErrorId 'InvalidRegion,Invoke-AWSLogin' -PassThru
            $err.Exception.Message | Should -BeLike "Region $Region is not valid.*"
            Assert-TreeUnchanged -Before $before -After (Get-FileSnapshot $TestHome.Root)
            @(Invoke-EmulatorControl $Emulator 'requests').Count | Should -Be 0
        }

        It 'accepts regions of other partitions and newer ones the partition patterns allow' {
            $env:BROWSER = Get-TestBrowserCommand
            foreach ($region in 'us-gov-west-1', 'cn-north-1', 'eusc-de-east-1', 'ap-southeast-9') {
                (Invoke-AWSLogin -ProfileName "p-$region" -Region $region -ExecutionTimeout 90000 -PassThru -InformationAction SilentlyContinue).Region | Should -Be $region
            }
        }

        It 'binds -ProfileName from the pipeline by value, and -WhatIf writes nothing' {
            $before = Get-FileSnapshot $TestHome.Aws
            # In a child pwsh, whose host writes the "What if:" lines to its stdout.
            $run = Invoke-ChildPwsh -Script "'dev', 'test' | Invoke-AWSLogin -Region us-east-1 -WhatIf" -TimeoutSeconds 60
            $run.Output | Should -Match "What if: .*profile 'dev' in region 'us-east-1'"
            $run.Output | Should -Match "What if: .*profile 'test' in region 'us-east-1'"
            Assert-TreeUnchanged -Before $before -After (Get-FileSnapshot $TestHome.Aws)
            @(Invoke-EmulatorControl $Emulator 'requests').Count | Should -Be 0
        }

        It 'declares the AWS cmdlet''s defaults: ConfirmImpact Medium, -ExecutionTimeout 900000' {
            $cmd = Get-Command Invoke-AWSLogin
            $cmd.ScriptBlock.Attributes.Where({ $_ -is [System.Management.Automation.CmdletBindingAttribute] })[0].ConfirmImpact | Should -Be 'Medium'
            $default = $cmd.ScriptBlock.Ast.Body.ParamBlock.Parameters.Where({ $_.Name.VariablePath.UserPath -eq 'ExecutionTimeout' })[0].DefaultValue
            $default.Value | Should -Be 900000
        }

        It 'passes the failing profile as the TargetObject and stops the pipeline' {
            Set-Content $TestHome.Config "[profile busy]`naws_access_key_id = AKIA`naws_secret_access_key = x`n"
            $err = { 'busy', 'never' | Invoke-AWSLogin -Region us-east-1 } | Should -Throw -ErrorId 'ProfileHasOtherCredentials,Invoke-AWSLogin' -PassThru
            $err.TargetObject | Should -Be 'busy'
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

        It 'keeps the session when a refresh answers expiresIn 2^64-1 (clamped, no panic)' {
            Set-SignIn @{ credentialsTtlSeconds = 60 }
            Invoke-BrowserLogin | Out-Null
            Invoke-EmulatorControl $Emulator 'faults' -Method POST -Body @{ kind = 'patch'; pathPrefix = '/v1/token'; patch = @{ expiresIn = [UInt64]::MaxValue } } | Out-Null
            $file = (Get-CacheFiles)[0].FullName
            $before = Get-Content $file -Raw | ConvertFrom-Json
            (Get-STSCallerIdentity -ProfileName dev).Arn | Should -Be $Alice.Arn
            $after = Get-Content $file -Raw | ConvertFrom-Json
            $after.refreshToken | Should -Not -Be $before.refreshToken -Because 'the rotated refresh token was saved'
            $left = ([datetime]::Parse($after.accessToken.expiresAt, [cultureinfo]::InvariantCulture, 'AdjustToUniversal') - [datetime]::UtcNow).TotalHours
            $left | Should -BeGreaterThan 11.9
            $left | Should -BeLessOrEqual 12
            @(Get-TokenCalls).Count | Should -Be 2
        }

        It 'reports a line break in the cached session token as a damaged cache file, without calling out' {
            Invoke-BrowserLogin | Out-Null
            $file = (Get-CacheFiles)[0].FullName
            (Get-Content $file -Raw) -replace '"sessionToken": "', '"sessionToken": "\r\n' | Set-Content $file -NoNewline
            Invoke-EmulatorControl $Emulator 'requests' -Method DELETE | Out-Null
            $err = { Get-STSCallerIdentity -ProfileName dev } | Should -Throw -ErrorId 'LoginCacheInvalid,Get-STSCallerIdentity' -PassThru
            $err.Exception.Message | Should -Match ([regex]::Escape($file))
            @(Invoke-EmulatorControl $Emulator 'requests').Count | Should -Be 0
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

        It 'keeps every profile when 16 sign-ins to 16 profiles run at once' {
            # 16 runspaces of one process (16 pwsh processes cost ~2 min on a loaded 2-core
            # machine): each edit takes the same flock on <config>.lock that separate processes do.
            Set-Content $TestHome.Config "# mine`n[default]`nregion = eu-west-1`n" -NoNewline
            $env:BROWSER = Get-TestBrowserCommand forge-callback.py
            $env:FORGE_MODE = 'approve'
            $manifest = $Manifest
            $outputs = 1..16 | ForEach-Object -ThrottleLimit 16 -Parallel {
                Import-Module $using:manifest
                try { (Invoke-AWSLogin -ProfileName "p$_" -Region us-east-1 -ExecutionTimeout 120000 -PassThru 6>$null).ProfileName } catch { "ERROR: $_" }
            }
            ($outputs | Sort-Object) -join ',' | Should -Be ((1..16 | ForEach-Object { "p$_" } | Sort-Object) -join ',')
            $config = Get-Content $TestHome.Config -Raw
            $config.StartsWith("# mine`n[default]`nregion = eu-west-1`n") | Should -BeTrue -Because $config
            foreach ($i in 1..16) {
                $config | Should -Match "\[profile p$i\]\nlogin_session = $([regex]::Escape($Alice.Arn))\nregion = us-east-1\n"
                (Get-STSCallerIdentity -ProfileName "p$i").Arn | Should -Be $Alice.Arn
            }
        }
    }

    Context 'bad input' {
        It 'refuses the profile name <Shown> before anything is written' -TestCases @(
            @{ Shown = 'a;b'; Name = 'a;b' }
            @{ Shown = '[profile x'; Name = '[profile x' }
            @{ Shown = 'x]'; Name = 'x]' }
            @{ Shown = 'a#b'; Name = 'a#b' }
            @{ Shown = 'a b'; Name = 'a b' }
            @{ Shown = 'leading space'; Name = ' dev' }
            @{ Shown = 'trailing space'; Name = 'dev ' }
            @{ Shown = 'a line break'; Name = "dev`n[profile evil]" }
        ) {
            # A browser that would complete the sign-in: the name must be refused before it starts.
            $env:BROWSER = Get-TestBrowserCommand forge-callback.py
            $env:FORGE_MODE = 'approve'
            Set-Content $TestHome.Config "[profile other]`nregion = us-east-1`n" -NoNewline
            $before = Get-FileSnapshot $TestHome.Root
            $err = { Invoke-AWSLogin -ProfileName $Name -Region us-east-1 -ExecutionTimeout 30000 } | Should -Throw -ErrorId 'InvalidProfileName,Invoke-AWSLogin' -PassThru
            $err.Exception.Message | Should -Match 'cannot be used as a profile name: use only letters, digits'
            Assert-TreeUnchanged -Before $before -After (Get-FileSnapshot $TestHome.Root)
            @(Get-TokenCalls).Count | Should -Be 0
        }

        It 'leaves no new session behind when the config file cannot be written' {
            Set-Content $TestHome.Config "[profile other]`nregion = us-east-1`n" -NoNewline
            Lock-TestFile $TestHome.Config
            try {
                $env:BROWSER = Get-TestBrowserCommand forge-callback.py
                $env:FORGE_MODE = 'approve'
                $err = { Invoke-AWSLogin -ProfileName dev -Region us-east-1 -ExecutionTimeout 60000 } | Should -Throw -ErrorId 'ConfigFileUnwritable,Invoke-AWSLogin' -PassThru
                $err.Exception.Message | Should -Match ([regex]::Escape($TestHome.Config))
            }
            finally { Unlock-TestFile $TestHome.Config }
            @(Get-TokenCalls).Count | Should -Be 1 -Because 'the sign-in itself succeeded'
            Get-LoginFiles | Should -BeNullOrEmpty
            Get-Content $TestHome.Config -Raw | Should -Be "[profile other]`nregion = us-east-1`n"
            @(Get-ChildItem $TestHome.Aws -Force -Filter '*.tmp').Count | Should -Be 0
        }

        It 'puts back the previous session file when the config cannot be written on a second sign-in' {
            Invoke-BrowserLogin | Out-Null
            $file = (Get-CacheFiles)[0].FullName
            $hash = (Get-FileHash $file).Hash
            Lock-TestFile $TestHome.Config
            try {
                $env:BROWSER = Get-TestBrowserCommand forge-callback.py
                $env:FORGE_MODE = 'approve'
                { Invoke-AWSLogin -ProfileName dev2 -Region us-east-1 -ExecutionTimeout 60000 } | Should -Throw -ErrorId 'ConfigFileUnwritable,Invoke-AWSLogin'
            }
            finally { Unlock-TestFile $TestHome.Config }
            @(Get-TokenCalls).Count | Should -Be 2
            @(Get-LoginFiles).Count | Should -Be 1
            (Get-FileHash $file).Hash | Should -Be $hash
            (Get-STSCallerIdentity -ProfileName dev).Arn | Should -Be $Alice.Arn
        }

        It 'refuses a named pipe at the <Which> path at once instead of hanging' -Skip:$IsWindows -TestCases @(
            @{ Which = 'config'; Command = 'Invoke-AWSLogin -ProfileName dev -Region us-east-1'; Code = 'ConfigFileUnreadable' }
            @{ Which = 'login cache'; Command = 'Get-STSCallerIdentity -ProfileName dev'; Code = 'LoginCacheUnreadable' }
        ) {
            if ($Which -eq 'config') {
                $pipe = $TestHome.Config
            }
            else {
                Set-Content $TestHome.Config "[profile dev]`nlogin_session = $($Alice.Arn)`nregion = us-east-1`n"
                $dir = New-Item -ItemType Directory -Force (Join-Path $TestHome.Aws 'login' 'cache')
                $sha = [System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::UTF8.GetBytes($Alice.Arn))
                $pipe = Join-Path $dir ((-join ($sha | ForEach-Object { $_.ToString('x2') })) + '.json')
            }
            mkfifo $pipe
            $out = Invoke-TestProcess "try { $Command } catch { `$_.FullyQualifiedErrorId + ' | ' + `$_.Exception.Message }" -TimeoutSeconds 60
            $out | Should -BeLike "$Code,*"
            $out | Should -Match ([regex]::Escape($pipe) + '.*named pipe')
            bash -c "test -p '$pipe'"
            $LASTEXITCODE | Should -Be 0 -Because 'the pipe is left as it was'
        }
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
