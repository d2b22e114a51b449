# Get-STSCallerIdentity against the real emulator process: every credential source that needs
# no interactive login, endpoint and region resolution, retries, and bad input.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    $script:Emulator = Start-AwsEmulator
    $script:Alice = Get-EmulatorAlice
}

AfterAll {
    Stop-AwsEmulator $script:Emulator
}

Describe 'Get-STSCallerIdentity' {
    BeforeEach {
        $script:TestHome = New-TestAwsHome
        $env:AWS_ENDPOINT_URL = $script:Emulator.Url
        Invoke-EmulatorControl $script:Emulator 'faults' -Method DELETE | Out-Null
        Invoke-EmulatorControl $script:Emulator 'requests' -Method DELETE | Out-Null
    }
    AfterEach {
        Restore-TestEnvironment $script:TestHome
    }

    Context 'credential sources' {
        It 'uses explicit keys and returns UserId, Account and Arn' {
            $id = Get-STSCallerIdentity -AccessKey $Alice.AccessKey -SecretKey $Alice.SecretKey
            $id.PSObject.TypeNames | Should -Contain 'AwsLogin.CallerIdentity'
            $id.Arn | Should -Be $Alice.Arn
            $id.Account | Should -Be $Alice.Account
            $id.UserId | Should -Be $Alice.UserId
        }

        It 'accepts the AK/SK aliases and -Select' {
            Get-STSCallerIdentity -AK $Alice.AccessKey -SK $Alice.SecretKey -Select Account | Should -Be $Alice.Account
            Get-STSCallerIdentity -AK $Alice.AccessKey -SK $Alice.SecretKey -Select Arn | Should -Be $Alice.Arn
        }

        It 'returns a bound parameter with -Select ^Name, and refuses other selections' {
            Get-STSCallerIdentity -AK $Alice.AccessKey -SK $Alice.SecretKey -Region eu-west-1 -Select '^Region' | Should -Be 'eu-west-1'
            { Get-STSCallerIdentity -AK $Alice.AccessKey -SK $Alice.SecretKey -Select 'Bogus' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Get-STSCallerIdentity'
        }

        It 'returns ResponseMetadata, ContentLength and HttpStatusCode, whole or with -Select, and explains a wrong -Select' {
            $r = Get-STSCallerIdentity -AK $Alice.AccessKey -SK $Alice.SecretKey
            $r.HttpStatusCode | Should -Be ([System.Net.HttpStatusCode]::OK)
            $r.ResponseMetadata.RequestId | Should -Match '\S'
            $r.ContentLength | Should -BeGreaterThan 100
            (Get-STSCallerIdentity -AK $Alice.AccessKey -SK $Alice.SecretKey -Select HttpStatusCode) | Should -Be ([System.Net.HttpStatusCode]::OK)
            (Get-STSCallerIdentity -AK $Alice.AccessKey -SK $Alice.SecretKey -Select ResponseMetadata).RequestId | Should -Match '\S'
            $err = { Get-STSCallerIdentity -AK $Alice.AccessKey -SK $Alice.SecretKey -Select 'Acount' } | Should -Throw -PassThru
            $err.Exception.Message | Should -Match "'Acount' is not a value -Select accepts\. Use '\*'.*UserId, Account, Arn, ResponseMetadata, ContentLength or HttpStatusCode"
        }

        It 'binds -Credential from the pipeline by value (a PSCredential), and still binds other objects by property name' {
            $cred = [pscredential]::new($Alice.AccessKey, (ConvertTo-SecureString $Alice.SecretKey -AsPlainText -Force))
            ($cred | Get-STSCallerIdentity -Select Arn) | Should -Be $Alice.Arn
            { 'not-credentials' | Get-STSCallerIdentity -ErrorAction Stop } | Should -Throw -ErrorId 'InputObjectNotBound,Get-STSCallerIdentity'
        }

        It 'takes no positional arguments (the AWS cmdlet declares none)' {
            @((Get-Command Get-STSCallerIdentity).Parameters.Values | Where-Object { $_.ParameterSets.Values.Position -ge 0 }).Count | Should -Be 0
        }

        It 'reports half a key pair clearly' {
            { Get-STSCallerIdentity -SessionToken 'x' } | Should -Throw -ErrorId 'IncompleteCredentials,Get-STSCallerIdentity'
            { Get-STSCallerIdentity -AccessKey $Alice.AccessKey } | Should -Throw -ErrorId 'IncompleteCredentials,Get-STSCallerIdentity'
        }

        It 'takes credentials objects from the pipeline' {
            $creds = [pscustomobject]@{ AccessKey = $Alice.AccessKey; SecretKey = $Alice.SecretKey; Token = $null }
            ($creds | Get-STSCallerIdentity -Select Arn) | Should -Be $Alice.Arn
        }

        It 'accepts a PSCredential as -Credential' {
            $cred = [pscredential]::new($Alice.AccessKey, (ConvertTo-SecureString $Alice.SecretKey -AsPlainText -Force))
            (Get-STSCallerIdentity -Credential $cred).Arn | Should -Be $Alice.Arn
        }

        It 'uses AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment' {
            $env:AWS_ACCESS_KEY_ID = $Alice.AccessKey
            $env:AWS_SECRET_ACCESS_KEY = $Alice.SecretKey
            (Get-STSCallerIdentity).Arn | Should -Be $Alice.Arn
        }

        It 'uses temporary credentials with a session token' {
            $temp = Invoke-EmulatorControl $Emulator 'credentials' -Method POST -Body @{ arn = 'arn:aws:sts::111122223333:assumed-role/Dev/tester'; ttlSeconds = 900 }
            $id = Get-STSCallerIdentity -AccessKey $temp.accessKeyId -SecretKey $temp.secretAccessKey -SessionToken $temp.sessionToken
            $id.Arn | Should -Be 'arn:aws:sts::111122223333:assumed-role/Dev/tester'
        }

        It 'reads a profile from the shared credentials file' {
            Set-Content $TestHome.Credentials "[dev]`naws_access_key_id = $($Alice.AccessKey)`naws_secret_access_key = $($Alice.SecretKey)`n"
            (Get-STSCallerIdentity -ProfileName dev).Arn | Should -Be $Alice.Arn
            (Get-STSCallerIdentity -StoredCredentials dev).Arn | Should -Be $Alice.Arn
            (Get-STSCallerIdentity -AWSProfileName dev).Arn | Should -Be $Alice.Arn
        }

        It 'reads a profile from the config file' {
            Set-Content $TestHome.Config "# team settings`n[profile cfg]`nregion = eu-west-1`naws_access_key_id = $($Alice.AccessKey)`naws_secret_access_key = $($Alice.SecretKey)`n"
            (Get-STSCallerIdentity -ProfileName cfg).Account | Should -Be $Alice.Account
        }

        It 'uses the default profile and AWS_PROFILE' {
            Set-Content $TestHome.Credentials "[default]`naws_access_key_id = $($Alice.AccessKey)`naws_secret_access_key = $($Alice.SecretKey)`n[other]`naws_access_key_id = AKIAUNKNOWN000000000`naws_secret_access_key = x`n"
            (Get-STSCallerIdentity).Arn | Should -Be $Alice.Arn
            $env:AWS_PROFILE = 'other'
            { Get-STSCallerIdentity } | Should -Throw -ErrorId 'InvalidClientTokenId,Get-STSCallerIdentity'
        }

        It 'reads -ProfileLocation instead of the default credentials file' {
            $elsewhere = Join-Path $TestHome.Root 'elsewhere.ini'
            Set-Content $elsewhere "[far]`naws_access_key_id = $($Alice.AccessKey)`naws_secret_access_key = $($Alice.SecretKey)`n"
            (Get-STSCallerIdentity -ProfileName far -ProfileLocation $elsewhere).Arn | Should -Be $Alice.Arn
            { Get-STSCallerIdentity -ProfileName far } | Should -Throw -ErrorId 'ProfileNotFound,Get-STSCallerIdentity'
        }

        It 'runs credential_process' -Skip:$IsWindows {
            $script = Join-Path $TestHome.Root 'creds.sh'
            Set-Content $script "#!/bin/sh`nprintf '{`"Version`": 1, `"AccessKeyId`": `"%s`", `"SecretAccessKey`": `"%s`"}' `"`$AK`" `"`$SK`"`n"
            chmod +x $script
            $env:AK = $Alice.AccessKey
            $env:SK = $Alice.SecretKey
            try {
                Set-Content $TestHome.Config "[profile proc]`ncredential_process = $script`n"
                (Get-STSCallerIdentity -ProfileName proc).Arn | Should -Be $Alice.Arn
            }
            finally { Remove-Item env:AK, env:SK }
        }

        It 'binds ProfileName from the pipeline by property name' {
            Set-Content $TestHome.Credentials "[dev]`naws_access_key_id = $($Alice.AccessKey)`naws_secret_access_key = $($Alice.SecretKey)`n"
            ([pscustomobject]@{ ProfileName = 'dev' } | Get-STSCallerIdentity).Arn | Should -Be $Alice.Arn
        }
    }

    Context 'endpoints, region and -Verbose' {
        It 'prefers AWS_ENDPOINT_URL_STS over AWS_ENDPOINT_URL, and -EndpointUrl over both' {
            $env:AWS_ENDPOINT_URL = 'http://127.0.0.1:9'
            $env:AWS_ENDPOINT_URL_STS = $Emulator.Url
            (Get-STSCallerIdentity -AK $Alice.AccessKey -SK $Alice.SecretKey).Arn | Should -Be $Alice.Arn
            $env:AWS_ENDPOINT_URL_STS = 'http://127.0.0.1:9'
            (Get-STSCallerIdentity -AK $Alice.AccessKey -SK $Alice.SecretKey -EndpointUrl $Emulator.Url).Arn | Should -Be $Alice.Arn
        }

        It "uses the profile's endpoint_url" {
            Remove-Item env:AWS_ENDPOINT_URL
            Set-Content $TestHome.Config "[profile ep]`nendpoint_url = $($Emulator.Url)`naws_access_key_id = $($Alice.AccessKey)`naws_secret_access_key = $($Alice.SecretKey)`n"
            (Get-STSCallerIdentity -ProfileName ep).Arn | Should -Be $Alice.Arn
        }

        It 'tells in -Verbose where region, credentials and endpoint came from, without the secret' {
            Set-Content $TestHome.Credentials "[dev]`naws_access_key_id = $($Alice.AccessKey)`naws_secret_access_key = $($Alice.SecretKey)`n"
            $env:AWS_REGION = 'eu-central-1'
            $verbose = Get-STSCallerIdentity -ProfileName dev -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
            $text = $verbose -join "`n"
            $text | Should -Match 'Region eu-central-1 from AWS_REGION'
            $text | Should -Match "profile 'dev'"
            $text | Should -Match ([regex]::Escape($TestHome.Credentials))
            $text | Should -Match "STS endpoint $([regex]::Escape($Emulator.Url)) from AWS_ENDPOINT_URL"
            $text | Should -Not -Match ([regex]::Escape($Alice.SecretKey))
        }
    }

    Context 'retries' {
        It 'retries 5xx and succeeds on the third attempt' {
            Invoke-EmulatorControl $Emulator 'faults' -Method POST -Body @{ kind = '500'; count = 2 } | Out-Null
            (Get-STSCallerIdentity -AK $Alice.AccessKey -SK $Alice.SecretKey).Arn | Should -Be $Alice.Arn
            @(Invoke-EmulatorControl $Emulator 'requests' | Where-Object path -EQ '/').Count | Should -Be 3
        }

        It 'gives up after 3 attempts' {
            Invoke-EmulatorControl $Emulator 'faults' -Method POST -Body @{ kind = 'throttle'; count = 5 } | Out-Null
            { Get-STSCallerIdentity -AK $Alice.AccessKey -SK $Alice.SecretKey } | Should -Throw -ErrorId 'Throttling,Get-STSCallerIdentity'
            @(Invoke-EmulatorControl $Emulator 'requests' | Where-Object path -EQ '/').Count | Should -Be 3
        }

        It 'retries a dropped connection' {
            Invoke-EmulatorControl $Emulator 'faults' -Method POST -Body @{ kind = 'drop'; count = 1 } | Out-Null
            (Get-STSCallerIdentity -AK $Alice.AccessKey -SK $Alice.SecretKey).Arn | Should -Be $Alice.Arn
        }
    }

    Context 'bad input' {
        It 'reports a missing profile clearly and touches nothing' {
            Set-Content $TestHome.Credentials "[dev]`naws_access_key_id = x`naws_secret_access_key = y`n"
            $before = Get-FileSnapshot $TestHome.Root
            $err = { Get-STSCallerIdentity -ProfileName nope } | Should -Throw -ErrorId 'ProfileNotFound,Get-STSCallerIdentity' -PassThru
            $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err.Exception.Message | Should -Match "'nope'"
            Assert-TreeUnchanged -Before $before -After (Get-FileSnapshot $TestHome.Root)
        }

        It 'reports a malformed config line with file and line number' {
            Set-Content $TestHome.Config "[profile a]`nregion = us-east-1`nthis line is wrong`n"
            $hash = (Get-FileHash $TestHome.Config).Hash
            $err = { Get-STSCallerIdentity -ProfileName a } | Should -Throw -ErrorId 'ConfigFileInvalid,Get-STSCallerIdentity' -PassThru
            $err.Exception.Message | Should -Match ([regex]::Escape($TestHome.Config))
            $err.Exception.Message | Should -Match 'line 3'
            (Get-FileHash $TestHome.Config).Hash | Should -Be $hash
        }

        It 'refuses region <Region>' -ForEach @(@{ Region = 'us-east-1/evil' }, @{ Region = 'us east 1' }, @{ Region = 'US-EAST-1' }) {
            $err = { Get-STSCallerIdentity -AK $Alice.AccessKey -SK $Alice.SecretKey -Region $Region } | Should -Throw -ErrorId 'InvalidRegion,Get-STSCallerIdentity' -PassThru
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            @(Invoke-EmulatorControl $Emulator 'requests').Count | Should -Be 0
        }

        It 'refuses a region with a slash from the profile too' {
            Set-Content $TestHome.Config "[profile r]`nregion = us-east-1/evil`naws_access_key_id = a`naws_secret_access_key = b`n"
            { Get-STSCallerIdentity -ProfileName r } | Should -Throw -ErrorId 'InvalidRegion,Get-STSCallerIdentity'
        }

        It 'reports an unreachable endpoint as a connection error' {
            $err = { Get-STSCallerIdentity -AK $Alice.AccessKey -SK $Alice.SecretKey -EndpointUrl 'http://127.0.0.1:9' } | Should -Throw -ErrorId 'EndpointUnreachable,Get-STSCallerIdentity' -PassThru
            $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        }

        It 'refuses a malformed endpoint' {
            { Get-STSCallerIdentity -AK $Alice.AccessKey -SK $Alice.SecretKey -EndpointUrl 'ftp://example' } | Should -Throw -ErrorId 'InvalidEndpoint,Get-STSCallerIdentity'
        }

        It 'reports a 403 from STS without showing the secret' {
            $err = { Get-STSCallerIdentity -AK $Alice.AccessKey -SK 'not-the-secret-value' } | Should -Throw -ErrorId 'SignatureDoesNotMatch,Get-STSCallerIdentity' -PassThru
            $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $err.Exception.Message | Should -Not -Match 'not-the-secret-value'
        }

        It 'reports an unknown access key' {
            { Get-STSCallerIdentity -AK 'AKIAUNKNOWN000000000' -SK 'x' } | Should -Throw -ErrorId 'InvalidClientTokenId,Get-STSCallerIdentity'
        }

        It 'reports expired session credentials' {
            $temp = Invoke-EmulatorControl $Emulator 'credentials' -Method POST -Body @{ arn = 'arn:aws:sts::111122223333:assumed-role/Dev/old'; ttlSeconds = -60 }
            { Get-STSCallerIdentity -AK $temp.accessKeyId -SK $temp.secretAccessKey -ST $temp.sessionToken } | Should -Throw -ErrorId 'ExpiredToken,Get-STSCallerIdentity'
        }

        It 'reports a credentials file that cannot be read' {
            New-Item -ItemType Directory -Path $TestHome.Credentials | Out-Null
            $err = { Get-STSCallerIdentity -ProfileName dev } | Should -Throw -ErrorId 'ConfigFileUnreadable,Get-STSCallerIdentity' -PassThru
            $err.Exception.Message | Should -Match ([regex]::Escape($TestHome.Credentials))
        }

        It 'asks for both keys' {
            Set-Content $TestHome.Credentials "[half]`naws_access_key_id = $($Alice.AccessKey)`n"
            { Get-STSCallerIdentity -ProfileName half } | Should -Throw -ErrorId 'IncompleteProfile,Get-STSCallerIdentity'
        }

        It 'says so when no credentials exist at all' {
            { Get-STSCallerIdentity } | Should -Throw -ErrorId 'NoCredentials,Get-STSCallerIdentity'
        }
    }

    Context 'concurrency' {
        It 'works from several runspaces at once' {
            $module = Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1'
            $url = $Emulator.Url
            $a = $Alice
            $arns = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
                Import-Module $using:module
                Get-STSCallerIdentity -AK ($using:a).AccessKey -SK ($using:a).SecretKey -EndpointUrl $using:url -Select Arn
            }
            $arns.Count | Should -Be 8
            $arns | Sort-Object -Unique | Should -Be $Alice.Arn
        }
    }
}
