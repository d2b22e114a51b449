# Tab completion (the AwsLogin.Completer class, ps-module/src/AwsLogin.Completer.cs) as a user
# gets it: TabExpansion2 on a command line, against profile files in a
# temporary home (names from the native parser, -ProfileLocation honoured, quoting, tooltips).

BeforeDiscovery {
    # One case per exported command and name parameter it has, so a new cmdlet is covered the
    # day it is added.
    Import-Module (Join-Path $PSScriptRoot '..' 'ps-module' 'AwsLogin.psd1') -Force
    $samples = @{
        ProfileName = @{ Typed = 'd'; Expected = 'dev' }
        SessionName = @{ Typed = 'c'; Expected = 'corp' }
        Region      = @{ Typed = 'eu-central-'; Expected = 'eu-central-1' }
        SSORegion   = @{ Typed = 'eu-central-'; Expected = 'eu-central-1' }
        Select      = @{ Typed = ''; Expected = '*' }
    }
    $script:NameParameterCases = foreach ($command in (Get-Module AwsLogin).ExportedFunctions.Values) {
        foreach ($name in $samples.Keys) {
            if ($command.Parameters.ContainsKey($name)) {
                @{ Command = $command.Name; Name = $name; Typed = $samples[$name].Typed; Expected = $samples[$name].Expected }
            }
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force

    function Get-Completion([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
    }
}

Describe 'Argument completion' {
    BeforeEach {
        $script:TestHome = New-TestAwsHome
        Set-Content -Path $TestHome.Config -Value @(
            '[default]', 'region = us-east-1'
            '[profile dev]', 'region = eu-west-1'
            '[profile @team]', 'region = eu-west-1'
            '[profile -neg]', 'region = eu-west-1'
            '[profile bad name]', 'region = eu-west-1'
            '[sso-session corp]', 'sso_region = us-east-1'
            '[sso-session dev-sso]', 'sso_region = us-east-1'
        )
        Set-Content -Path $TestHome.Credentials -Value '[ci]', 'aws_access_key_id = AKIDEXAMPLE', 'aws_secret_access_key = x'
        $script:Other = Join-Path $TestHome.Root 'other-credentials'
        Set-Content -Path $Other -Value '[elsewhere]', 'aws_access_key_id = AKIDEXAMPLE', 'aws_secret_access_key = x'
    }
    AfterEach {
        Restore-TestEnvironment $TestHome
    }

    It 'completes -ProfileName with the profiles of both files, naming the files in the tooltip' {
        $found = Get-Completion 'Get-STSCallerIdentity -ProfileName '
        $found.ListItemText | Should -Be @('-neg', '@team', 'ci', 'default', 'dev')
        ($found | Where-Object ListItemText -EQ 'ci').ToolTip | Should -Be "profile ci ($($TestHome.Credentials))"
        ($found | Where-Object ListItemText -EQ 'dev').ToolTip | Should -Be "profile dev ($($TestHome.Config))"
        ($found | Where-Object ListItemText -EQ 'dev').ResultType | Should -Be 'ParameterValue'
    }

    It 'leaves out a section the parser ignores (a name with a space is not a profile)' {
        # (PowerShell falls back to file names when a completer offers nothing.)
        Get-Completion 'Get-STSCallerIdentity -ProfileName ba' | Where-Object ResultType -EQ 'ParameterValue' | Should -BeNullOrEmpty
        (Get-Completion 'Get-STSCallerIdentity -ProfileName b').ListItemText | Should -Not -Contain 'bad name'
    }

    It 'filters by what is typed and keeps an opened quote' {
        (Get-Completion 'Invoke-AWSLogin -ProfileName d').CompletionText | Should -Be @('default', 'dev')
        (Get-Completion "Invoke-AWSLogout -ProfileName 'de").CompletionText | Should -Be @("'default'", "'dev'")
        (Get-Completion 'Invoke-AWSLogout -ProfileName "c').CompletionText | Should -Be '"ci"'
    }

    It 'quotes names PowerShell would not read back as one word' {
        $found = Get-Completion 'Get-STSCallerIdentity -ProfileName '
        ($found | Where-Object ListItemText -EQ '@team').CompletionText | Should -Be "'@team'"
        ($found | Where-Object ListItemText -EQ '-neg').CompletionText | Should -Be "'-neg'"
        ($found | Where-Object ListItemText -EQ 'dev').CompletionText | Should -Be 'dev'
        # PowerShell 7.4+ also quotes a completer's results; the completer does not rely on it
        # (the module supports 7.2), so check its own output too.
        $direct = [AwsLogin.Completer]::new().CompleteArgument('Get-STSCallerIdentity', 'ProfileName', '', $null, @{})
        ($direct | Where-Object ListItemText -EQ '@team').CompletionText | Should -Be "'@team'"
        ($direct | Where-Object ListItemText -EQ '-neg').CompletionText | Should -Be "'-neg'"
        ($direct | Where-Object ListItemText -EQ 'ci').CompletionText | Should -Be 'ci'
    }

    It 'reads the credentials file given by -ProfileLocation (or its alias) already on the line' {
        (Get-Completion "Get-STSCallerIdentity -ProfileLocation '$Other' -ProfileName ").ListItemText | Should -Contain 'elsewhere'
        (Get-Completion "Get-STSCallerIdentity -ProfileLocation '$Other' -ProfileName ").ListItemText | Should -Not -Contain 'ci'
        (Get-Completion "Invoke-AWSLogout -ProfilesLocation '$Other' -ProfileName e").ListItemText | Should -Be 'elsewhere'
    }

    It 'resolves a relative -ProfileLocation against the current PowerShell folder' {
        Push-Location $TestHome.Root
        try { (Get-Completion 'Get-STSCallerIdentity -ProfileLocation ./other-credentials -ProfileName e').ListItemText | Should -Be 'elsewhere' }
        finally { Pop-Location }
    }

    It 'follows AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE' {
        $env:AWS_CONFIG_FILE = Join-Path $TestHome.Root 'no-config'
        $env:AWS_SHARED_CREDENTIALS_FILE = $Other
        (Get-Completion 'Get-STSCallerIdentity -ProfileName ').ListItemText | Should -Be 'elsewhere'
    }

    It 'completes nothing, silently, when the config file cannot be parsed' {
        Set-Content -Path $TestHome.Config -Value '[profile broken', 'x'
        $Error.Clear()
        Get-Completion 'Get-STSCallerIdentity -ProfileName ' | Where-Object ResultType -EQ 'ParameterValue' | Should -BeNullOrEmpty
        $Error.Count | Should -Be 0
    }

    It 'completes -SessionName with the sso-session sections' {
        $found = Get-Completion 'Invoke-AWSSSOLogin -SessionName '
        $found.ListItemText | Should -Be @('corp', 'dev-sso')
        $found[0].ToolTip | Should -Be "sso-session corp ($($TestHome.Config))"
        (Get-Completion 'Initialize-AWSSSOConfiguration -SessionName dev').CompletionText | Should -Be 'dev-sso'
    }

    It 'completes -Region and -SSORegion with region codes, their names as tooltips' {
        $found = Get-Completion 'Invoke-AWSLogin -Region eu-west-'
        $found.ListItemText | Should -Be @('eu-west-1', 'eu-west-2', 'eu-west-3')
        $found[0].ToolTip | Should -Be 'eu-west-1: Europe (Ireland)'
        (Get-Completion 'Initialize-AWSSSOConfiguration -SSORegion cn-').ListItemText | Should -Be @('cn-north-1', 'cn-northwest-1')
        (Get-Completion 'Get-STSCallerIdentity -Region us-east-').ListItemText | Should -Be @('us-east-1', 'us-east-2')
    }

    It 'completes -Select with what the command accepts' {
        $found = Get-Completion 'Get-STSCallerIdentity -Select '
        $found.ListItemText | Should -Contain '*'
        $found.ListItemText | Should -Contain 'Account'
        $found.ListItemText | Should -Contain 'Arn'
        $found.ListItemText | Should -Contain 'UserId'
        $found.ListItemText | Should -Contain '^ProfileName'
        $found.ListItemText | Should -Not -Contain '^Verbose'
        foreach ($value in $found.CompletionText) {
            # Every offered value passes the parameter's validation (the call then fails on the
            # missing profile, before any network).
            $id = try { Get-STSCallerIdentity -Select $value -ProfileName nobody -ErrorAction Stop; 'no error' } catch { $_.FullyQualifiedErrorId }
            $id | Should -BeLike 'ProfileNotFound*' -Because "-Select $value should be accepted"
        }
        (Get-Completion 'Get-STSCallerIdentity -Select Ar').CompletionText | Should -Be 'Arn'
    }
}

Describe 'Completion of every name parameter of every exported command' {
    BeforeAll {
        $script:TestHome = New-TestAwsHome
        Set-Content -Path $TestHome.Config -Value '[profile dev]', 'region = eu-west-1', '[sso-session corp]', 'sso_region = us-east-1'
    }
    AfterAll {
        Restore-TestEnvironment $TestHome
    }

    It '<Command> -<Name>' -ForEach $NameParameterCases {
        (Get-Completion "$Command -$Name $Typed").CompletionText | Should -Contain $Expected -Because "-$Name of $Command needs [ArgumentCompleter([AwsLogin.Completer])] like the other cmdlets"
    }
}
