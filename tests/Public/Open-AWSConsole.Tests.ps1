# Open-AWSConsole against the real emulator: the federation endpoint turns temporary credentials
# into a one-use sign-in token, headless Chromium lands on the emulator's console page as the
# right identity, long-term keys are refused, and the sign-in URL reaches no output stream.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'SsoHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    $script:Emulator = Start-AwsEmulator
    $script:RoleArn = 'arn:aws:sts::111122223333:assumed-role/Admin/console-test'

    function script:Add-TemporaryProfile {
        # A profile holding temporary credentials the emulator issued (as an assumed role's).
        param([string] $Name = 'temp', [int] $TtlSeconds = 3600)
        $c = Invoke-EmulatorControl $Emulator 'credentials' -Method POST -Body @{ arn = $RoleArn; ttlSeconds = $TtlSeconds }
        Add-Content -Path $TestHome.Credentials -Value "[$Name]`naws_access_key_id = $($c.accessKeyId)`naws_secret_access_key = $($c.secretAccessKey)`naws_session_token = $($c.sessionToken)`n"
        $c
    }

    function script:Use-UrlRecorder {
        # A $BROWSER that writes the URL it is given to a file (to find it in the output later).
        $file = Join-Path $TestHome.Root 'opened-url.txt'
        $script = Join-Path $TestHome.Root 'record-url.sh'
        Set-Content -Path $script -Value "#!/bin/sh`nprintf '%s' `"`$1`" > '$file'`n"
        chmod +x $script
        $env:BROWSER = "'$script' %s"
        $file
    }

    function script:Wait-File([string] $Path) {
        foreach ($i in 1..600) { if (Test-Path $Path) { return $true }; Start-Sleep -Milliseconds 100 }
        $false
    }

    function script:Get-FederationCalls {
        @(Invoke-EmulatorControl $Emulator 'requests' | Where-Object { $_.path -eq '/federation' })
    }
}

AfterAll {
    Stop-AwsEmulator $script:Emulator
}

Describe 'Open-AWSConsole' {
    BeforeEach {
        $script:TestHome = New-TestAwsHome
        $env:AWS_ENDPOINT_URL = $Emulator.Url
        Invoke-EmulatorControl $Emulator 'requests' -Method DELETE | Out-Null
    }
    AfterEach {
        Restore-TestEnvironment $TestHome
    }

    It 'opens headless Chromium on the console page as the Identity Center role, in the region and at the destination asked' {
        Set-SsoProfile -ConfigPath $TestHome.Config -ProfileName sso-dev -RoleName ReadOnly
        Use-TestBrowser | Out-Null
        Invoke-AWSSSOLogin -ProfileName sso-dev -UseDeviceCode -ExecutionTimeout 60000
        $env:DRIVE_BROWSER_DECISION = 'none'
        $env:DRIVE_BROWSER_TEXT_FILE = Join-Path $TestHome.Root 'console-page.txt'

        $out = Open-AWSConsole -ProfileName sso-dev -Region eu-west-1 -Destination s3
        $out | Should -BeNullOrEmpty

        Wait-File $env:DRIVE_BROWSER_TEXT_FILE | Should -BeTrue -Because (Get-TestBrowserLog)
        $page = (Get-Content -Raw $env:DRIVE_BROWSER_TEXT_FILE) -split "`n" | ForEach-Object Trim
        $page | Should -Contain (Get-STSCallerIdentity -ProfileName sso-dev).Arn
        $page | Should -Contain 'eu-west-1'
        $page | Should -Contain 'https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1'
        $page | Should -Contain '43200'
        (Get-FederationCalls).operation | Should -Be @('getSigninToken', 'login')
    }

    It 'refuses long-term keys with the reason before calling the federation endpoint' {
        $alice = Get-EmulatorAlice
        Set-Content -Path $TestHome.Credentials -Value "[static]`naws_access_key_id = $($alice.AccessKey)`naws_secret_access_key = $($alice.SecretKey)`n"
        $recorded = Use-UrlRecorder
        $err = { Open-AWSConsole -ProfileName static } | Should -Throw -ErrorId 'ConsoleNeedsTemporaryCredentials,Open-AWSConsole' -PassThru
        $err.Exception.Message | Should -Match 'temporary credentials'
        $err.Exception.Message | Should -Match 'GetFederationToken'
        $err.Exception.Message | Should -Not -Match ([regex]::Escape($alice.SecretKey))
        Get-FederationCalls | Should -BeNullOrEmpty
        Test-Path $recorded | Should -BeFalse
    }

    It 'the emulator refuses long-term keys and credentials it did not issue, as AWS does' {
        $alice = Get-EmulatorAlice
        $issued = Invoke-EmulatorControl $Emulator 'credentials' -Method POST -Body @{ arn = $RoleArn; ttlSeconds = 600 }
        $ask = {
            param($Session)
            $json = $Session | ConvertTo-Json -Compress
            $r = Invoke-WebRequest -Uri "$($Emulator.Url)/federation?Action=getSigninToken&Session=$([uri]::EscapeDataString($json))" -SkipHttpErrorCheck
            $r.StatusCode
        }
        & $ask @{ sessionId = $alice.AccessKey; sessionKey = $alice.SecretKey; sessionToken = 'x' } | Should -Be 400
        & $ask @{ sessionId = $issued.accessKeyId; sessionKey = 'wrong'; sessionToken = $issued.sessionToken } | Should -Be 400
        & $ask @{ sessionId = $issued.accessKeyId; sessionKey = $issued.secretAccessKey; sessionToken = 'wrong' } | Should -Be 400
        & $ask @{ sessionId = $issued.accessKeyId; sessionKey = $issued.secretAccessKey; sessionToken = $issued.sessionToken } | Should -Be 200
    }

    It 'returns a one-use sign-in URL with -PassThru, opening nothing' {
        Add-TemporaryProfile | Out-Null
        $recorded = Use-UrlRecorder
        $url = Open-AWSConsole -ProfileName temp -Destination '/ec2/home#Instances:' -Region us-west-2 -SessionDuration 3600 -PassThru
        $url | Should -BeOfType [string]
        $url | Should -BeLike "$($Emulator.Url)/federation?Action=login&Issuer=AwsLogin&Destination=*&SigninToken=*"
        Test-Path $recorded | Should -BeFalse
        $first = Invoke-WebRequest -Uri $url -SkipHttpErrorCheck
        $first.StatusCode | Should -Be 200
        $first.Content | Should -Match ([regex]::Escape("<p id=`"console-arn`">$RoleArn</p>"))
        $first.Content | Should -Match '<p id="console-region">us-west-2</p>'
        $first.Content | Should -Match '<p id="console-session-seconds">3600</p>'
        $first.Content | Should -Match ([regex]::Escape('https://us-west-2.console.aws.amazon.com/ec2/home?region=us-west-2#Instances:'))
        (Invoke-WebRequest -Uri $url -SkipHttpErrorCheck).StatusCode | Should -Be 400
    }

    It 'puts the sign-in URL, token and keys in no output stream and no native event without -PassThru' {
        $creds = Add-TemporaryProfile
        $recorded = Use-UrlRecorder
        $ProgressPreference = 'Continue'
        $all = @(Open-AWSConsole -ProfileName temp -Verbose -Debug -InformationAction Continue -WarningAction Continue *>&1)
        Wait-File $recorded | Should -BeTrue
        $url = Get-Content -Raw $recorded
        $token = [uri]::UnescapeDataString(($url -split 'SigninToken=')[1])
        $token.Length | Should -BeGreaterThan 100
        @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 0
        $text = ($all | ForEach-Object { "$_" }) -join "`n"
        foreach ($secret in $url, $token, $creds.secretAccessKey, $creds.sessionToken) {
            $text.Contains($secret) | Should -BeFalse
        }
        # Every event the library emits (verbose, warning, information, progress) travels in the
        # result document: none may carry a secret either, and the result has no URL.
        $request = [AwsLogin.Native.NativeMethods]::RequestJson([ordered]@{ profileName = 'temp' })
        $doc = [AwsLogin.Native.NativeMethods]::Invoke('Console', $request)
        $doc | Should -Not -Match 'SigninToken|federation\?'
        foreach ($secret in $creds.secretAccessKey, $creds.sessionToken) { $doc.Contains($secret) | Should -BeFalse }
        ($doc | ConvertFrom-Json).result.PSObject.Properties.Name | Should -Be @('browser', 'destination')
    }

    It 'keeps credentials out of the error when the federation endpoint refuses them' {
        $creds = Add-TemporaryProfile -TtlSeconds 1
        Start-Sleep -Seconds 2
        Use-UrlRecorder | Out-Null
        $err = { Open-AWSConsole -ProfileName temp -PassThru } | Should -Throw -ErrorId 'ConsoleSigninRefused,Open-AWSConsole' -PassThru
        $err.Exception.Message | Should -Match 'HTTP 400'
        $detail = "$($err.Exception.Message) $($err.ErrorDetails) $($err.TargetObject)"
        foreach ($secret in $creds.secretAccessKey, $creds.sessionToken, [uri]::EscapeDataString($creds.secretAccessKey)) {
            $detail.Contains($secret) | Should -BeFalse
        }
    }

    It 'takes the federation endpoint from AWS_ENDPOINT_URL_SIGNIN' {
        Add-TemporaryProfile | Out-Null
        $env:AWS_ENDPOINT_URL = 'http://127.0.0.1:9'
        $env:AWS_ENDPOINT_URL_SIGNIN = $Emulator.Url
        $verbose = Open-AWSConsole -ProfileName temp -PassThru -Verbose 4>&1
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n" |
            Should -Match ([regex]::Escape("Federation endpoint $($Emulator.Url)/federation from AWS_ENDPOINT_URL_SIGNIN"))
    }

    It 'refuses a bad -SessionDuration or -Destination, and no browser, before any request' {
        Add-TemporaryProfile | Out-Null
        { Open-AWSConsole -ProfileName temp -SessionDuration 899 -PassThru } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Open-AWSConsole'
        { Open-AWSConsole -ProfileName temp -SessionDuration 43201 -PassThru } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Open-AWSConsole'
        { Open-AWSConsole -ProfileName temp -Destination 'https://evil.example/' -PassThru } | Should -Throw -ErrorId 'InvalidConsoleDestination,Open-AWSConsole'
        $err = { Open-AWSConsole -ProfileName temp } | Should -Throw -ErrorId 'NoBrowser,Open-AWSConsole' -PassThru
        $err.Exception.Message | Should -Match '-PassThru'
        Get-FederationCalls | Should -BeNullOrEmpty
    }
}
