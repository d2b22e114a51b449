# Set-AWSSSOSessionConfiguration: writes only the [sso-session] section, losslessly, through the
# native config editor; refuses bad input before touching the file; -WhatIf writes nothing; the
# AWS CLI's botocore and Invoke-AWSSSOLogin read what it wrote.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'SsoHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
}

Describe 'Set-AWSSSOSessionConfiguration' {
    BeforeEach {
        $script:TestHome = New-TestAwsHome
        $script:Original = "# team settings`r`n[default]`r`nregion = eu-west-1   # keep me`r`n[sso-session corp]`r`nsso_start_url = https://old.awsapps.com/start`r`ncustom_key = kept`r`n[profile dev]`r`nsso_session = corp`r`n"
        [System.IO.File]::WriteAllText($TestHome.Config, $Original)
    }
    AfterEach {
        Restore-TestEnvironment $TestHome
    }

    It 'has the AWS cmdlet''s parameters: SessionName, StartUrl, SSORegion mandatory, RegistrationScopes, none positional' {
        $cmd = Get-Command Set-AWSSSOSessionConfiguration
        foreach ($name in 'SessionName', 'StartUrl', 'SSORegion') {
            $cmd.Parameters[$name].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })[0].Mandatory | Should -BeTrue
            $cmd.Parameters[$name].ParameterType | Should -Be ([string])
        }
        $cmd.Parameters['RegistrationScopes'].ParameterType | Should -Be ([string[]])
        @($cmd.Parameters.Values | Where-Object { $_.ParameterSets.Values.Position -ge 0 }).Count | Should -Be 0
        $cmd.Parameters.ContainsKey('WhatIf') | Should -BeTrue
    }

    It 'adds a new sso-session section and keeps every other byte' {
        Set-AWSSSOSessionConfiguration -SessionName new-sso -StartUrl https://d-1234567890.awsapps.com/start/ -SSORegion us-west-2
        $text = [System.IO.File]::ReadAllText($TestHome.Config)
        $text.StartsWith($Original) | Should -BeTrue -Because 'what was there stays byte for byte'
        $text.Substring($Original.Length) | Should -Be "`r`n[sso-session new-sso]`r`nsso_start_url = https://d-1234567890.awsapps.com/start`r`nsso_region = us-west-2`r`nsso_registration_scopes = sso:account:access`r`n"
    }

    It 'creates the config file (0600) when there is none' {
        Remove-Item $TestHome.Config
        Set-AWSSSOSessionConfiguration -SessionName s -StartUrl https://x.awsapps.com/start -SSORegion us-east-1 -RegistrationScopes sso:account:access
        Get-Content -Raw $TestHome.Config | Should -Be "[sso-session s]`nsso_start_url = https://x.awsapps.com/start`nsso_region = us-east-1`nsso_registration_scopes = sso:account:access`n"
        if (-not $IsWindows) { ((Get-Item $TestHome.Config).UnixFileMode.value__ -band 0x1FF) | Should -Be 0x180 }
    }

    It 'updates an existing session in place, keeping its other keys and comments' {
        Set-AWSSSOSessionConfiguration -SessionName corp -StartUrl https://new.awsapps.com/start -SSORegion eu-central-1 -RegistrationScopes 'sso:account:access', 'codewhisperer:completions'
        $text = [System.IO.File]::ReadAllText($TestHome.Config)
        $text | Should -Be ("# team settings`r`n[default]`r`nregion = eu-west-1   # keep me`r`n[sso-session corp]`r`nsso_start_url = https://new.awsapps.com/start`r`ncustom_key = kept`r`n" +
            "sso_region = eu-central-1`r`nsso_registration_scopes = sso:account:access, codewhisperer:completions`r`n[profile dev]`r`nsso_session = corp`r`n")
        $py = 'import botocore.session, json; print(json.dumps(botocore.session.Session().full_config["sso_sessions"]["corp"], sort_keys=True))'
        (& /usr/bin/python3 -c $py) | Should -Be '{"custom_key": "kept", "sso_region": "eu-central-1", "sso_registration_scopes": "sso:account:access, codewhisperer:completions", "sso_start_url": "https://new.awsapps.com/start"}'
    }

    It 'takes sessions from the pipeline by property name' {
        @(
            [pscustomobject]@{ SessionName = 'a'; StartUrl = 'https://a.awsapps.com/start'; SSORegion = 'us-east-1' }
            [pscustomobject]@{ SessionName = 'b'; StartUrl = 'https://b.awsapps.com/start'; SSORegion = 'eu-west-1' }
        ) | Set-AWSSSOSessionConfiguration
        $text = Get-Content -Raw $TestHome.Config
        $text | Should -Match '\[sso-session a\]\r?\nsso_start_url = https://a\.awsapps\.com/start\r?\nsso_region = us-east-1'
        $text | Should -Match '\[sso-session b\]\r?\nsso_start_url = https://b\.awsapps\.com/start\r?\nsso_region = eu-west-1'
    }

    It 'writes nothing with -WhatIf' {
        $before = Get-FileSnapshot $TestHome.Aws
        Set-AWSSSOSessionConfiguration -SessionName x -StartUrl https://x.awsapps.com/start -SSORegion us-east-1 -WhatIf
        Assert-TreeUnchanged -Before $before -After (Get-FileSnapshot $TestHome.Aws)
    }

    It 'refuses <Case> and leaves the file byte-identical, naming the failing session' -TestCases @(
        @{ Case = 'a region no partition has'; Session = 's'; Url = 'https://x.awsapps.com/start'; Region = 'moon-1'; Id = 'InvalidRegion'; Message = 'SSORegion moon-1 is not valid.*' }
        @{ Case = 'a relative start URL'; Session = 's'; Url = 'x.awsapps.com/start'; Region = 'us-east-1'; Id = 'InvalidStartUrl'; Message = '*not a valid IAM Identity Center start URL*' }
        @{ Case = 'a session name with a bracket'; Session = 'a]b'; Url = 'https://x.awsapps.com/start'; Region = 'us-east-1'; Id = 'InvalidName'; Message = '*cannot be used as a session name*' }
    ) {
        $before = Get-FileSnapshot $TestHome.Aws
        $err = { Set-AWSSSOSessionConfiguration -SessionName $Session -StartUrl $Url -SSORegion $Region } | Should -Throw -ErrorId "$Id,Set-AWSSSOSessionConfiguration" -PassThru
        $err.Exception.Message | Should -BeLike $Message
        $err.TargetObject | Should -Be $Session
        Assert-TreeUnchanged -Before $before -After (Get-FileSnapshot $TestHome.Aws)
    }

    It 'writes a session that Invoke-AWSSSOLogin signs in to' {
        $emulator = Start-AwsEmulator
        try {
            $env:AWS_ENDPOINT_URL = $emulator.Url
            Use-TestBrowser | Out-Null
            Set-AWSSSOSessionConfiguration -SessionName fresh -StartUrl https://d-1234567890.awsapps.com/start -SSORegion us-east-1
            (Invoke-AWSSSOLogin -SessionName fresh -UseDeviceCode -ExecutionTimeout 60000 -PassThru).Status | Should -Be 'LoggedIn' -Because (Get-TestBrowserLog)
            Test-Path (Get-SsoTokenPath 'fresh') | Should -BeTrue
        }
        finally { Stop-AwsEmulator $emulator }
    }
}
