# Get-AWSLoginSession: the console-login and IAM Identity Center sessions read from cache files
# written here in the AWS CLI's formats; no network call (the emulator's request log stays empty).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'SsoHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    $script:Emulator = Start-AwsEmulator
    $script:Arn = 'arn:aws:iam::111122223333:user/alice'

    function Format-Utc([datetime] $When) { $When.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ') }
    function ConvertTo-Base64Url([string] $Text) { [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($Text)).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
    function Write-LoginCache {
        # A console-login cache file as the AWS CLI writes it, signed in at $SignedIn, credentials until $Expires.
        param([string] $Arn, [datetime] $SignedIn, [datetime] $Expires)
        $iat = [DateTimeOffset]::new($SignedIn.ToUniversalTime()).ToUnixTimeSeconds()
        $idToken = (ConvertTo-Base64Url '{"alg":"ES384"}') + '.' + (ConvertTo-Base64Url "{`"sub`":`"$Arn`",`"iat`":$iat,`"exp`":$($iat + 900)}") + '.c2ln'
        $sha = [System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::UTF8.GetBytes($Arn))
        $dir = Join-Path $env:HOME '.aws' 'login' 'cache'
        New-Item -ItemType Directory -Force $dir | Out-Null
        $path = Join-Path $dir ((-join ($sha | ForEach-Object { $_.ToString('x2') })) + '.json')
        $doc = "{`"accessToken`": {`"accessKeyId`": `"ASIAEXAMPLEKEY000001`", `"secretAccessKey`": `"LOGINSECRETVALUE`", `"sessionToken`": `"LOGINTOKENVALUE`", `"accountId`": `"111122223333`", `"expiresAt`": `"$(Format-Utc $Expires)`"}, `"tokenType`": `"aws_sigv4`", `"clientId`": `"arn:aws:signin:::devtools/same-device`", `"refreshToken`": `"LOGINREFRESHVALUE`", `"idToken`": `"$idToken`", `"dpopKey`": `"-----BEGIN EC PRIVATE KEY-----\nDPOPKEYVALUE\n-----END EC PRIVATE KEY-----\n`"}"
        Set-Content -Path $path -Value $doc -NoNewline
        $path
    }
    function Write-SsoToken {
        param([string] $Key, [datetime] $Expires, [datetime] $RegistrationExpires, [string] $StartUrl = 'https://d-1234567890.awsapps.com/start')
        $path = Get-SsoTokenPath -Key $Key
        New-Item -ItemType Directory -Force (Split-Path $path) | Out-Null
        Set-Content -Path $path -NoNewline -Value "{`"startUrl`": `"$StartUrl`", `"region`": `"us-east-1`", `"accessToken`": `"SSOACCESSVALUE`", `"expiresAt`": `"$(Format-Utc $Expires)`", `"clientId`": `"client-1`", `"clientSecret`": `"SSOCLIENTSECRET`", `"registrationExpiresAt`": `"$(Format-Utc $RegistrationExpires)`", `"refreshToken`": `"SSOREFRESHVALUE`"}"
        $path
    }
}

AfterAll {
    Stop-AwsEmulator $script:Emulator
}

Describe 'Get-AWSLoginSession' {
    BeforeEach {
        $script:TestHome = New-TestAwsHome
        $env:AWS_ENDPOINT_URL = $script:Emulator.Url
        Invoke-EmulatorControl $Emulator 'requests' -Method DELETE | Out-Null
    }
    AfterEach {
        Restore-TestEnvironment $script:TestHome
    }

    It 'lists a console-login session with its profiles, expiry and 12-hour refresh limit, without any secret or network call' {
        Set-Content $TestHome.Config "# mine`n[profile web]`nlogin_session = $Arn`nregion = us-east-1`n[profile web2]`nlogin_session = $Arn`n"
        $signedIn = [datetime]::UtcNow.AddHours(-1)
        $expires = [datetime]::UtcNow.AddMinutes(10)
        $file = Write-LoginCache -Arn $Arn -SignedIn $signedIn -Expires $expires
        $s = @(Get-AWSLoginSession)
        $s.Count | Should -Be 1
        $s[0].PSObject.TypeNames | Should -Contain 'AwsLogin.LoginSession'
        $s[0].Kind | Should -Be 'ConsoleLogin'
        $s[0].Name | Should -Be $Arn
        $s[0].Profiles | Should -Be @('web', 'web2')
        $s[0].Status | Should -Be 'Active'
        $s[0].AccountId | Should -Be '111122223333'
        $s[0].CacheFile | Should -Be $file
        $s[0].CanRefresh | Should -BeTrue
        foreach ($t in $s[0].Expiration, $s[0].SignedInAt, $s[0].RefreshableUntil) { $t.Kind | Should -Be 'Local' }
        (Format-Utc $s[0].Expiration) | Should -Be (Format-Utc $expires)
        (Format-Utc $s[0].SignedInAt) | Should -Be (Format-Utc $signedIn)
        (Format-Utc $s[0].RefreshableUntil) | Should -Be (Format-Utc $signedIn.AddHours(12))
        $s[0].Expiration -gt (Get-Date) | Should -BeTrue
        # Ten minutes ahead is ten minutes after Get-Date in a zone 14 hours ahead of UTC, too.
        $run = Invoke-ChildPwsh -Script "'minutes=' + ((Get-AWSLoginSession)[0].Expiration - (Get-Date)).TotalMinutes" -Environment @{ TZ = 'Pacific/Kiritimati' } -TimeoutSeconds 90
        $line = @($run.Output -split "`n" | Where-Object { $_ -match '^minutes=' })[-1]
        $line | Should -Not -BeNullOrEmpty -Because $run.Output
        [double]($line.Trim() -replace '^minutes=') | Should -BeGreaterThan 8
        [double]($line.Trim() -replace '^minutes=') | Should -BeLessThan 11
        $text = $s | Format-List * | Out-String
        foreach ($secret in 'LOGINSECRETVALUE', 'LOGINTOKENVALUE', 'LOGINREFRESHVALUE', 'DPOPKEYVALUE') { $text | Should -Not -Match $secret }
        @(Invoke-EmulatorControl $Emulator 'requests').Count | Should -Be 0
    }

    It 'tells a refreshable console-login session from one past its 12 hours' {
        Set-Content $TestHome.Config "[profile web]`nlogin_session = $Arn`n"
        Write-LoginCache -Arn $Arn -SignedIn ([datetime]::UtcNow.AddHours(-2)) -Expires ([datetime]::UtcNow.AddMinutes(-30)) | Out-Null
        $s = Get-AWSLoginSession
        $s.Status | Should -Be 'Refreshable'
        $s.CanRefresh | Should -BeTrue

        Write-LoginCache -Arn $Arn -SignedIn ([datetime]::UtcNow.AddHours(-13)) -Expires ([datetime]::UtcNow.AddHours(-1)) | Out-Null
        $s = Get-AWSLoginSession
        $s.Status | Should -Be 'Expired'
        $s.CanRefresh | Should -BeFalse
        $s.RefreshableUntil -lt (Get-Date) | Should -BeTrue
    }

    It 'lists IAM Identity Center sessions with every profile that uses them, legacy ones and orphans' {
        Set-SsoProfile -ConfigPath $TestHome.Config -ProfileName 'sso-a' -SessionName 'corp'
        Add-Content $TestHome.Config "[profile sso-b]`nsso_session = corp`nsso_account_id = 111122223333`nsso_role_name = Admin`n[profile old]`nsso_start_url = https://legacy.awsapps.com/start`nsso_region = eu-west-1`nsso_account_id = 1`nsso_role_name = R`n[profile nobody]`nlogin_session = $Arn`n"
        $registration = [datetime]::UtcNow.AddDays(80)
        $tokenExpiry = [datetime]::UtcNow.AddHours(1)
        $corp = Write-SsoToken -Key 'corp' -Expires $tokenExpiry -RegistrationExpires $registration
        Write-SsoToken -Key 'https://legacy.awsapps.com/start' -StartUrl 'https://legacy.awsapps.com/start' -Expires ([datetime]::UtcNow.AddHours(-1)) -RegistrationExpires ([datetime]::UtcNow.AddDays(-1)) | Out-Null
        Write-SsoToken -Key 'removed-session' -StartUrl 'https://gone.awsapps.com/start' -Expires ([datetime]::UtcNow.AddHours(-1)) -RegistrationExpires $registration | Out-Null
        # A client registration shares the folder and is not a session.
        Set-Content (Join-Path (Split-Path $corp) 'registration.json') '{"clientId": "c", "clientSecret": "REGSECRET", "expiresAt": "2099-01-01T00:00:00Z", "scopes": ["sso:account:access"]}'

        $all = @(Get-AWSLoginSession)
        $all.Count | Should -Be 4
        $login = $all | Where-Object Kind -eq 'ConsoleLogin'
        ($login.Name, $login.Status, ($login.Profiles -join ',')) | Should -Be @($Arn, 'NotSignedIn', 'nobody')

        $s = $all | Where-Object Name -eq 'corp'
        $s.Kind | Should -Be 'IamIdentityCenter'
        $s.Profiles | Should -Be @('sso-a', 'sso-b')
        $s.Status | Should -Be 'Active'
        $s.StartUrl | Should -Be 'https://d-1234567890.awsapps.com/start'
        $s.SsoRegion | Should -Be 'us-east-1'
        $s.CacheFile | Should -Be $corp
        $s.CanRefresh | Should -BeTrue
        (Format-Utc $s.Expiration) | Should -Be (Format-Utc $tokenExpiry)
        (Format-Utc $s.RefreshableUntil) | Should -Be (Format-Utc $registration)
        $s.RefreshableUntil.Kind | Should -Be 'Local'

        $legacy = $all | Where-Object Name -eq 'https://legacy.awsapps.com/start'
        ($legacy.Profiles -join ','), $legacy.Status, $legacy.CanRefresh, $legacy.SsoRegion | Should -Be @('old', 'Expired', $false, 'eu-west-1')

        $orphan = $all | Where-Object Name -eq 'https://gone.awsapps.com/start'
        $orphan.Profiles.Count | Should -Be 0
        $orphan.Status | Should -Be 'Refreshable'

        $text = $all | Format-List * | Out-String
        foreach ($secret in 'SSOACCESSVALUE', 'SSOCLIENTSECRET', 'SSOREFRESHVALUE', 'REGSECRET') { $text | Should -Not -Match $secret }
        @(Invoke-EmulatorControl $Emulator 'requests').Count | Should -Be 0
    }

    It 'keeps to one profile''s sessions with -ProfileName, and reports a damaged token file' {
        Set-SsoProfile -ConfigPath $TestHome.Config -ProfileName 'sso-a' -SessionName 'corp'
        Add-Content $TestHome.Config "[profile web]`nlogin_session = $Arn`n"
        $path = Write-SsoToken -Key 'corp' -Expires ([datetime]::UtcNow.AddHours(1)) -RegistrationExpires ([datetime]::UtcNow.AddDays(1))
        Set-Content $path '{"startUrl": "https://d-1234567890.awsapps.com/start", "accessToken": '
        $s = @(Get-AWSLoginSession -ProfileName sso-a)
        $s.Count | Should -Be 1
        $s[0].Status | Should -Be 'Invalid'
        $s[0].Problem | Should -Match ([regex]::Escape($path))
        @(Get-AWSLoginSession -ProfileName web).Name | Should -Be $Arn
        @(Get-AWSLoginSession -ProfileName nope).Count | Should -Be 0
    }

    It 'returns nothing on a machine without sessions' {
        Set-Content $TestHome.Credentials "[default]`naws_access_key_id = AKIDEXAMPLE`naws_secret_access_key = S`n"
        @(Get-AWSLoginSession).Count | Should -Be 0
    }
}
