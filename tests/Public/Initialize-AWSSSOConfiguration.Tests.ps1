# Initialize-AWSSSOConfiguration against the real emulator process: the guide's `@params`
# example with and without AccountId/RoleName (accounts and roles chosen at the prompt), the
# AWS CLI reading what it wrote, -WhatIf, an active session, and bad input.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'SsoHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    $script:Emulator = Start-AwsEmulator
}

AfterAll {
    Stop-AwsEmulator $script:Emulator
}

Describe 'Initialize-AWSSSOConfiguration' {
    BeforeEach {
        $script:TestHome = New-TestAwsHome
        $env:AWS_ENDPOINT_URL = $Emulator.Url
        Use-TestBrowser | Out-Null
        Invoke-EmulatorControl $Emulator 'requests' -Method DELETE | Out-Null
        Set-Content $TestHome.Config "# my settings`n[default]`nregion = eu-west-1   # keep me`n"
        # The guide's example, as written there.
        $script:params = @{
            ProfileName        = 'my-sso-profile'
            AccountId          = '111122223333'
            RoleName           = 'SamplePermissionSet'
            SessionName        = 'my-sso-session'
            StartUrl           = 'https://provided-domain.awsapps.com/start'
            SSORegion          = 'us-west-2'
            RegistrationScopes = 'sso:account:access'
        }
    }
    AfterEach {
        Restore-TestEnvironment $TestHome
    }

    It 'runs the guide''s example: writes the profile and session, signs in, and the profile works' {
        Initialize-AWSSSOConfiguration @params -ExecutionTimeout 60000 -InformationVariable info
        ($info -join "`n") | Should -Match "Get-STSCallerIdentity -ProfileName 'my-sso-profile'" -Because (Get-TestBrowserLog)
        Get-Content -Raw $TestHome.Config | Should -Be ("# my settings`n[default]`nregion = eu-west-1   # keep me`n`n" +
            "[sso-session my-sso-session]`nsso_start_url = https://provided-domain.awsapps.com/start`nsso_region = us-west-2`nsso_registration_scopes = sso:account:access`n`n" +
            "[profile my-sso-profile]`nsso_session = my-sso-session`nsso_account_id = 111122223333`nsso_role_name = SamplePermissionSet`n")
        Test-Path (Get-SsoTokenPath 'my-sso-session') | Should -BeTrue
        (Get-STSCallerIdentity -ProfileName my-sso-profile).Arn | Should -Be 'arn:aws:sts::111122223333:assumed-role/SamplePermissionSet/alice'
        # Both account pages were read while checking the given account.
        @((Invoke-EmulatorControl $Emulator 'requests') | Where-Object operation -EQ 'ListAccounts').Count | Should -BeGreaterThan 1
    }

    It 'writes what the AWS CLI reads back the same (aws configure get)' {
        Initialize-AWSSSOConfiguration @params -Region us-west-1 -ExecutionTimeout 60000
        $get = { param($key, $profile) (& /usr/bin/aws configure get $key --profile $profile 2>&1 | Out-String).Trim() }
        & $get sso_session my-sso-profile | Should -Be 'my-sso-session'
        & $get sso_account_id my-sso-profile | Should -Be '111122223333'
        & $get sso_role_name my-sso-profile | Should -Be 'SamplePermissionSet'
        & $get region my-sso-profile | Should -Be 'us-west-1'
        # This CLI (2.9) cannot `configure get` an sso-session key; its botocore reads the section.
        $py = 'import botocore.session, json; print(json.dumps(botocore.session.Session().full_config["sso_sessions"]["my-sso-session"], sort_keys=True))'
        (& /usr/bin/python3 -c $py) | Should -Be '{"sso_region": "us-west-2", "sso_registration_scopes": "sso:account:access", "sso_start_url": "https://provided-domain.awsapps.com/start"}'
    }

    It 'lists the accounts and roles (every page) and lets the user choose when AccountId and RoleName are not given' {
        $params.Remove('AccountId'); $params.Remove('RoleName')
        # The host's prompts: account 1 of 2 (111122223333), then role 3 of 3 (SamplePermissionSet).
        Mock Read-Host -ModuleName AwsLogin -ParameterFilter { $Prompt -like '*AWS accounts*' } -MockWith { '1' }
        Mock Read-Host -ModuleName AwsLogin -ParameterFilter { $Prompt -like '*roles*' } -MockWith { '3' }
        Mock Read-Host -ModuleName AwsLogin -MockWith { '' }
        $result = Initialize-AWSSSOConfiguration @params -ExecutionTimeout 60000 -PassThru
        $result.AccountId | Should -Be '111122223333'
        $result.RoleName | Should -Be 'SamplePermissionSet'
        Should -Invoke Read-Host -ModuleName AwsLogin -ParameterFilter { $Prompt -like '*2 AWS accounts*' } -Times 1 -Exactly
        Should -Invoke Read-Host -ModuleName AwsLogin -ParameterFilter { $Prompt -like '*3 roles*' } -Times 1 -Exactly
        (Get-STSCallerIdentity -ProfileName my-sso-profile).Arn | Should -Be 'arn:aws:sts::111122223333:assumed-role/SamplePermissionSet/alice'
    }

    It 'selects the only role of the chosen account by itself, and prompts for everything when run bare' {
        Mock Read-Host -ModuleName AwsLogin -ParameterFilter { $Prompt -like '*start URL*' } -MockWith { 'https://other.awsapps.com/start/' }
        Mock Read-Host -ModuleName AwsLogin -ParameterFilter { $Prompt -eq 'SSO Region' } -MockWith { 'us-east-1' }
        Mock Read-Host -ModuleName AwsLogin -ParameterFilter { $Prompt -like '*AWS accounts*' } -MockWith { 'emulator-dev' }
        Mock Read-Host -ModuleName AwsLogin -ParameterFilter { $Prompt -like 'Profile name*' } -MockWith { 'dev-readonly' }
        Mock Read-Host -ModuleName AwsLogin -MockWith { '' }
        Initialize-AWSSSOConfiguration -ExecutionTimeout 60000 -InformationVariable info
        ($info -join "`n") | Should -Match 'The only role available to you in account 444455556666 is: ReadOnly'
        $config = Get-Content -Raw $TestHome.Config
        $config | Should -Match '\[sso-session sso-session-other\]\nsso_start_url = https://other\.awsapps\.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n'
        # The profile region is optional: an empty answer writes none (as the AWS cmdlet's [None]).
        $config | Should -Match '\[profile dev-readonly\]\nsso_session = sso-session-other\nsso_account_id = 444455556666\nsso_role_name = ReadOnly\n'
        $config | Should -Not -Match 'region = us-east-1\n(?!sso)'
        Should -Invoke Read-Host -ModuleName AwsLogin -ParameterFilter { $Prompt -eq 'SSO Region' } -Times 1 -Exactly
        Should -Invoke Read-Host -ModuleName AwsLogin -ParameterFilter { $Prompt -eq 'Profile region (optional)' } -Times 1 -Exactly
        (Get-STSCallerIdentity -ProfileName dev-readonly).Arn | Should -Be 'arn:aws:sts::444455556666:assumed-role/ReadOnly/alice'
    }

    It 'says so when the session is already active, without a new sign-in' {
        Initialize-AWSSSOConfiguration @params -ExecutionTimeout 60000
        Invoke-EmulatorControl $Emulator 'requests' -Method DELETE | Out-Null
        $params.ProfileName = 'second'
        Initialize-AWSSSOConfiguration @params -InformationVariable info
        ($info -join "`n") | Should -Match 'not necessary since a cached token exists'
        (Invoke-EmulatorControl $Emulator 'requests').operation | Should -Not -Contain 'CreateToken'
        (Get-STSCallerIdentity -ProfileName second).Account | Should -Be '111122223333'
    }

    It 'changes nothing with -WhatIf' {
        $before = Get-FileSnapshot $TestHome.Aws
        Initialize-AWSSSOConfiguration @params -WhatIf
        Assert-TreeUnchanged -Before $before -After (Get-FileSnapshot $TestHome.Aws)
        @(Invoke-EmulatorControl $Emulator 'requests').Count | Should -Be 0
    }

    It 'refuses a malformed start URL and leaves the config file alone' {
        $before = Get-FileSnapshot $TestHome.Aws
        $params.StartUrl = 'provided-domain.awsapps.com/start'
        { Initialize-AWSSSOConfiguration @params } | Should -Throw -ErrorId 'InvalidStartUrl*'
        Assert-TreeUnchanged -Before $before -After (Get-FileSnapshot $TestHome.Aws)
    }

    It 'reports an account that is not assigned and asks again' {
        $params.AccountId = '999999999999'
        Mock Read-Host -ModuleName AwsLogin -ParameterFilter { $Prompt -like '*AWS accounts*' } -MockWith { '1' }
        Initialize-AWSSSOConfiguration @params -ExecutionTimeout 60000 -WarningVariable warn -PassThru | ForEach-Object AccountId | Should -Be '111122223333'
        ($warn -join "`n") | Should -Match 'AccountId 999999999999 is not one of the accounts available to you'
    }

    It 'leaves no new token or registration behind when the config file cannot be written' {
        # The sso-session is already as given, so its edit changes nothing and the sign-in runs;
        # the profile's edit then fails.
        Add-Content $TestHome.Config "`n[sso-session my-sso-session]`nsso_start_url = https://provided-domain.awsapps.com/start`nsso_region = us-west-2`nsso_registration_scopes = sso:account:access"
        Lock-TestFile $TestHome.Config
        try {
            $err = { Initialize-AWSSSOConfiguration @params -ExecutionTimeout 60000 } | Should -Throw -ErrorId 'ConfigFileUnwritable*' -PassThru
            $err.Exception.Message | Should -Match ([regex]::Escape($TestHome.Config))
        }
        finally { Unlock-TestFile $TestHome.Config }
        @((Invoke-EmulatorControl $Emulator 'requests') | Where-Object operation -EQ 'CreateToken').Count | Should -Be 1 -Because 'the sign-in itself succeeded'
        # The (empty) lock files hold no secret.
        @(Get-ChildItem (Join-Path $TestHome.Aws 'sso') -Recurse -File -Force -ErrorAction SilentlyContinue | Where-Object Name -NotLike '*.lock') | Should -BeNullOrEmpty
    }

    It 'refuses the <What> <Shown> before anything is written' -TestCases @(
        @{ What = 'profile name'; Key = 'ProfileName'; Shown = 'a;b'; Name = 'a;b' }
        @{ What = 'profile name'; Key = 'ProfileName'; Shown = 'trailing space'; Name = 'dev ' }
        @{ What = 'session name'; Key = 'SessionName'; Shown = "a'b"; Name = "a'b" }
        @{ What = 'session name'; Key = 'SessionName'; Shown = 'leading space'; Name = ' s' }
    ) {
        $before = Get-FileSnapshot $TestHome.Root
        $params[$Key] = $Name
        $err = { Initialize-AWSSSOConfiguration @params -ExecutionTimeout 60000 } | Should -Throw -ErrorId 'InvalidName*' -PassThru
        $err.Exception.Message | Should -Match "cannot be used as a $What"
        Assert-TreeUnchanged -Before $before -After (Get-FileSnapshot $TestHome.Root)
        @(Invoke-EmulatorControl $Emulator 'requests').Count | Should -Be 0
    }

    It 'fails clearly when the consent is denied, and writes nothing' {
        Use-TestBrowser -Action deny | Out-Null
        $before = Get-FileSnapshot $TestHome.Aws
        { Initialize-AWSSSOConfiguration @params -ExecutionTimeout 60000 } | Should -Throw -ErrorId 'AccessDenied*'
        Assert-TreeUnchanged -Before $before -After (Get-FileSnapshot $TestHome.Aws)
    }

    It 'asks again for a wrong choice, and takes an account and a role by name' {
        $params.Remove('AccountId'); $params.Remove('RoleName')
        $script:answers = [System.Collections.Generic.Queue[string]]::new([string[]]@('7', 'EMULATOR-MAIN'))
        Mock Read-Host -ModuleName AwsLogin -ParameterFilter { $Prompt -like '*AWS accounts*' } -MockWith { $script:answers.Dequeue() }
        Mock Read-Host -ModuleName AwsLogin -ParameterFilter { $Prompt -like '*roles*' } -MockWith { 'samplepermissionset' }
        Mock Read-Host -ModuleName AwsLogin -MockWith { '' }
        $r = Initialize-AWSSSOConfiguration @params -ExecutionTimeout 60000 -PassThru -WarningVariable warn
        $r.AccountId | Should -Be '111122223333'
        $r.RoleName | Should -Be 'SamplePermissionSet'
        ($warn -join "`n") | Should -Match "'7' is not one of the choices"
        Should -Invoke Read-Host -ModuleName AwsLogin -ParameterFilter { $Prompt -like '*AWS accounts*' } -Times 2 -Exactly
    }

    It 'fails at once naming -AccountId when nobody can answer the account prompt (<Mode>), and writes no config' -TestCases @(@{ Mode = 'NonInteractive' }, @{ Mode = 'end of input' }) {
        $config = Get-Content -Raw $TestHome.Config
        $script = "try { Initialize-AWSSSOConfiguration -ProfileName p -SessionName s -StartUrl https://provided-domain.awsapps.com/start -SSORegion us-west-2 -RegistrationScopes sso:account:access -UseDeviceCode -ExecutionTimeout 60000 } catch { 'ERRORID=' + `$_.FullyQualifiedErrorId; 'MESSAGE=' + `$_.Exception.Message }"
        $run = Invoke-ChildPwsh -Script $script -NonInteractive:($Mode -eq 'NonInteractive') -TimeoutSeconds 90
        $run.TimedOut | Should -BeFalse -Because 'an unanswerable prompt must not loop'
        $run.Output | Should -Match 'ERRORID=InteractionRequired,Initialize-AWSSSOConfiguration'
        $run.Output | Should -Match 'MESSAGE=Initialize-AWSSSOConfiguration needs an answer to .There are 2 AWS accounts.* but cannot ask: .*Pass -AccountId instead\.'
        ($run.Output -split "`n").Count | Should -BeLessThan 60
        Get-Content -Raw $TestHome.Config | Should -Be $config
    }

    It 'refuses <Name> <Value> before anything is asked, opened or written' -TestCases @(
        @{ Name = 'SSORegion'; Value = 'moon-1' }
        @{ Name = 'Region'; Value = 'moon-1' }
    ) {
        $before = Get-FileSnapshot $TestHome.Aws
        $params[$Name] = $Value
        Mock Read-Host -ModuleName AwsLogin -MockWith { throw 'no prompt expected' }
        $err = { Initialize-AWSSSOConfiguration @params -ExecutionTimeout 60000 } | Should -Throw -ErrorId 'InvalidRegion,Initialize-AWSSSOConfiguration' -PassThru
        $err.Exception.Message | Should -BeLike "$Name $Value is not valid.*"
        Assert-TreeUnchanged -Before $before -After (Get-FileSnapshot $TestHome.Aws)
        @(Invoke-EmulatorControl $Emulator 'requests').Count | Should -Be 0
    }

    It 'asks again for an SSO region that is not valid' {
        $params.Remove('SSORegion')
        $script:regions = [System.Collections.Generic.Queue[string]]::new([string[]]@('moon-1', 'us-west-2'))
        Mock Read-Host -ModuleName AwsLogin -ParameterFilter { $Prompt -eq 'SSO Region' } -MockWith { $script:regions.Dequeue() }
        Mock Read-Host -ModuleName AwsLogin -MockWith { '' }
        Initialize-AWSSSOConfiguration @params -ExecutionTimeout 60000 -WarningVariable warn
        ($warn -join "`n") | Should -Match 'SSORegion moon-1 is not valid'
        Get-Content -Raw $TestHome.Config | Should -Match 'sso_region = us-west-2'
    }

    It 'takes no positional arguments (the AWS cmdlet declares none)' {
        @((Get-Command Initialize-AWSSSOConfiguration).Parameters.Values | Where-Object { $_.ParameterSets.Values.Position -ge 0 }).Count | Should -Be 0
    }
}
