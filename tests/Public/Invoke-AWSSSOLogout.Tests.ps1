# Invoke-AWSSSOLogout against the real emulator process: the portal's Logout is called, the
# token file is removed (one profile's, or all), registrations and other files are kept.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'SsoHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    $script:Emulator = Start-AwsEmulator
}

AfterAll {
    Stop-AwsEmulator $script:Emulator
}

Describe 'Invoke-AWSSSOLogout' {
    BeforeEach {
        $script:TestHome = New-TestAwsHome
        $env:AWS_ENDPOINT_URL = $Emulator.Url
        Use-TestBrowser | Out-Null
        Set-SsoProfile -ConfigPath $TestHome.Config -ProfileName one -SessionName s1
        Set-SsoProfile -ConfigPath $TestHome.Config -ProfileName two -SessionName s2 -AccountId 444455556666
        Invoke-AWSSSOLogin -ProfileName one -UseDeviceCode -ExecutionTimeout 60000
        Invoke-AWSSSOLogin -ProfileName two -UseDeviceCode -ExecutionTimeout 60000
        $script:Cache = Join-Path $TestHome.Aws 'sso' 'cache'
        Invoke-EmulatorControl $Emulator 'requests' -Method DELETE | Out-Null
    }
    AfterEach {
        Restore-TestEnvironment $TestHome
    }

    It 'signs out one profile: portal Logout, token file removed, the other session untouched' {
        $oldToken = (Get-Content -Raw (Get-SsoTokenPath s1) | ConvertFrom-Json).accessToken
        $removed = Invoke-AWSSSOLogout -ProfileName one -PassThru
        $removed | Should -Be (Get-SsoTokenPath s1)
        Test-Path (Get-SsoTokenPath s1) | Should -BeFalse
        Test-Path (Get-SsoTokenPath s2) | Should -BeTrue
        (Invoke-EmulatorControl $Emulator 'requests').operation | Should -Be @('Logout')
        { Get-STSCallerIdentity -ProfileName one } | Should -Throw -ErrorId 'SsoTokenNotFound*'
        (Get-STSCallerIdentity -ProfileName two).Account | Should -Be '444455556666'
        # The portal no longer accepts the old token.
        $r = Invoke-WebRequest -Uri "$($Emulator.Url)/assignment/accounts" -Headers @{ 'x-amz-sso_bearer_token' = $oldToken } -SkipHttpErrorCheck
        $r.StatusCode | Should -Be 401
    }

    It 'signs out every session without -ProfileName, keeping registrations and other files' {
        Set-Content (Join-Path $Cache 'not-a-token.json') '{"something": "else"}'
        $registrations = @(Get-ChildItem $Cache -Filter *.json | Where-Object { (Get-Content -Raw $_) -notmatch 'accessToken' })
        $removed = Invoke-AWSSSOLogout -PassThru
        @($removed | Sort-Object) | Should -Be @((Get-SsoTokenPath s1), (Get-SsoTokenPath s2) | Sort-Object)
        @(Get-ChildItem $Cache -Filter *.json | ForEach-Object FullName | Sort-Object) | Should -Be @($registrations.FullName | Sort-Object)
        @((Invoke-EmulatorControl $Emulator 'requests') | Where-Object operation -EQ 'Logout').Count | Should -Be 2
    }

    It 'changes nothing with -WhatIf' {
        $before = Get-FileSnapshot $TestHome.Aws
        Invoke-AWSSSOLogout -WhatIf
        Assert-TreeUnchanged -Before $before -After (Get-FileSnapshot $TestHome.Aws)
    }

    It 'refuses an unknown profile' {
        { Invoke-AWSSSOLogout -ProfileName nope } | Should -Throw -ErrorId 'ProfileNotFound*'
        Test-Path (Get-SsoTokenPath s1) | Should -BeTrue
    }
}
