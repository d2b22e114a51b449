# Invoke-AWSLogout against the real emulator process, with sessions made by a real sign-in
# (headless Chromium through tests/Support/drive-browser.py, as in Invoke-AWSLogin.Tests.ps1).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    $script:Emulator = Start-AwsEmulator

    function Set-SignIn([hashtable] $Settings) { Invoke-EmulatorControl $Emulator 'signin/config' -Method POST -Body $Settings | Out-Null }
    function Get-CacheFiles { @(Get-ChildItem (Join-Path $TestHome.Aws 'login' 'cache') -Filter *.json -ErrorAction SilentlyContinue) }
    function Invoke-BrowserLogin([string] $Profile = 'dev') {
        $env:BROWSER = Get-TestBrowserCommand
        Invoke-AWSLogin -ProfileName $Profile -Region us-east-1 -ExecutionTimeout 90000
    }
}

AfterAll {
    Stop-AwsEmulator $script:Emulator
}

Describe 'Invoke-AWSLogout' {
    BeforeEach {
        $script:TestHome = New-TestAwsHome
        $env:AWS_ENDPOINT_URL = $script:Emulator.Url
        Invoke-EmulatorControl $Emulator 'signin/reset' -Method POST | Out-Null
    }
    AfterEach {
        Restore-TestEnvironment $script:TestHome
    }

    It 'reports with -WhatIf, then removes the profile''s cache file and keeps the config' {
        Invoke-BrowserLogin | Out-Null
        $config = Get-Content $TestHome.Config -Raw
        $before = Get-FileSnapshot $TestHome.Aws
        Invoke-AWSLogout -ProfileName dev -WhatIf
        Assert-TreeUnchanged -Before $before -After (Get-FileSnapshot $TestHome.Aws)
        $info = Invoke-AWSLogout -ProfileName dev -Confirm:$false 6>&1
        ($info | Out-String) | Should -Match 'Access tokens expire in 15 minutes'
        Get-CacheFiles | Should -BeNullOrEmpty
        Get-Content $TestHome.Config -Raw | Should -Be $config
        { Get-STSCallerIdentity -ProfileName dev } | Should -Throw -ErrorId 'LoginSessionNotFound,Get-STSCallerIdentity'
    }

    It 'removes every login cache file with -All and leaves other files' {
        Invoke-BrowserLogin -Profile a | Out-Null
        Set-SignIn @{ identityArn = 'arn:aws:sts::111122223333:assumed-role/Dev/bob' }
        Invoke-BrowserLogin -Profile b | Out-Null
        $other = Join-Path $TestHome.Aws 'login' 'cache' 'not-a-login.json'
        Set-Content $other '{"startUrl": "https://x"}'
        @(Get-CacheFiles).Count | Should -Be 3
        $otherHash = (Get-FileHash $other).Hash
        Invoke-AWSLogout -All -Confirm:$false
        (Get-CacheFiles).FullName | Should -Be $other
        (Get-FileHash $other).Hash | Should -Be $otherHash
    }

    It 'names every profile that shares the session it ends, and says which profile it chose' {
        Invoke-BrowserLogin -Profile a | Out-Null
        $alice = (Get-EmulatorAlice).Arn
        Add-Content $TestHome.Config "[default]`nlogin_session = $alice`n[profile c]`nlogin_session = $alice`n"
        # In a child pwsh, whose host writes the "What if:" line to its stdout.
        $whatIf = (Invoke-ChildPwsh -Script "'a' | Invoke-AWSLogout -WhatIf" -TimeoutSeconds 60).Output
        $whatIf | Should -Match "What if: .*profile 'a', shared with 'c', 'default'"
        @(Get-CacheFiles).Count | Should -Be 1
        $info = Invoke-AWSLogout -Confirm:$false 6>&1 | Out-String
        $info | Should -Match "Using profile 'default' determined by environment defaults"
        $info | Should -Match "Removed cached login credentials for profile 'default'\. The same login session also served profiles 'a', 'c', which are signed out too\."
        ([regex]::Matches($info, 'Using profile')).Count | Should -Be 1
        Get-CacheFiles | Should -BeNullOrEmpty
    }

    It 'binds -ProfileName from the pipeline by value, and stops at the first piped profile that fails, naming it as the TargetObject' {
        Set-Content $TestHome.Config "[profile plain]`nregion = us-east-1`n"
        $err = { 'plain', 'other' | Invoke-AWSLogout -Confirm:$false } | Should -Throw -ErrorId 'NoLoginSession,Invoke-AWSLogout' -PassThru
        $err.TargetObject | Should -Be 'plain'
    }

    It 'takes no positional arguments (the AWS cmdlet declares none)' {
        @((Get-Command Invoke-AWSLogout).Parameters.Values | Where-Object { $_.ParameterSets.Values.Position -ge 0 }).Count | Should -Be 0
    }

    It 'errors for a missing profile or one without a login session' {
        Set-Content $TestHome.Config "[profile plain]`nregion = us-east-1`n"
        { Invoke-AWSLogout -ProfileName nope -Confirm:$false } | Should -Throw -ErrorId 'ProfileNotFound,Invoke-AWSLogout'
        $err = { Invoke-AWSLogout -ProfileName plain -Confirm:$false } | Should -Throw -ErrorId 'NoLoginSession,Invoke-AWSLogout' -PassThru
        $err.Exception.Message | Should -Be 'Profile plain is not associated with a login session.'
    }
}
