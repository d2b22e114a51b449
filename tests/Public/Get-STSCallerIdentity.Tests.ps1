# Get-STSCallerIdentity against the real emulator process: every credential source that needs
# no interactive login, endpoint and region resolution, retries, and bad input.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'SsoHelpers.psm1') -Force
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

    Context 'display' {
        It 'shows UserId, Account and Arn by default, as the AWS cmdlet does, and the whole response with -View Response, at 80 columns' {
            # A long role session ARN, as Identity Center gives them, must wrap, not be cut.
            $arn = 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/someone.with.a.long.name@example.com'
            $temp = Invoke-EmulatorControl $Emulator 'credentials' -Method POST -Body @{ arn = $arn; ttlSeconds = 900 }
            $r = Get-STSCallerIdentity -AK $temp.accessKeyId -SK $temp.secretAccessKey -ST $temp.sessionToken
            $labels = { param($Text) @([regex]::Matches($Text, '(?m)^(\w+)\s*:') | ForEach-Object { $_.Groups[1].Value }) }
            $default = $r | Out-String -Width 80
            & $labels $default | Should -Be @('UserId', 'Account', 'Arn')
            $full = $r | Format-List -View Response | Out-String -Width 80
            & $labels $full | Should -Be @('UserId', 'Account', 'Arn', 'ResponseMetadata', 'ContentLength', 'HttpStatusCode')
            $full | Should -Match "(?m)^ResponseMetadata\s*:\s*RequestId: $([regex]::Escape($r.ResponseMetadata.RequestId))\s*$"
            $full | Should -Not -Match '@\{'
            foreach ($text in $default, $full) {
                foreach ($line in $text -split '\r?\n') { $line.Length | Should -BeLessOrEqual 80 -Because "'$line' is too long" }
                (($text -split '\r?\n' | ForEach-Object { $_.Trim() }) -join '') | Should -BeLike "*$arn*"
            }
            # The members stay on the object.
            $r.ResponseMetadata.RequestId | Should -Match '^\S+$'
            $r.HttpStatusCode | Should -Be ([System.Net.HttpStatusCode]::OK)
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

        It 'caps and cleans a huge error message from STS' {
            $message = "Access denied`e[2J`r`n" + ('x' * 1000000)
            $body = "<ErrorResponse xmlns=`"https://sts.amazonaws.com/doc/2011-06-15/`"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>$message</Message></Error><RequestId>r-1</RequestId></ErrorResponse>"
            Invoke-EmulatorControl $Emulator 'faults' -Method POST -Body @{ kind = 'respond'; status = 403; contentType = 'text/xml'; body = $body } | Out-Null
            $err = { Get-STSCallerIdentity -AK $Alice.AccessKey -SK $Alice.SecretKey } | Should -Throw -ErrorId 'AccessDenied,Get-STSCallerIdentity' -PassThru
            $err.Exception.Message.Length | Should -BeLessThan 1000
            $err.Exception.Message | Should -Match 'Access denied\[2J xxx'
            $err.Exception.Message | Should -Not -Match '[\x00-\x1f]'
        }

        It 'reports a session token with a line break clearly, without retrying' {
            $temp = Invoke-EmulatorControl $Emulator 'credentials' -Method POST -Body @{ arn = 'arn:aws:sts::111122223333:assumed-role/Dev/crlf'; ttlSeconds = 900 }
            $err = { Get-STSCallerIdentity -AK $temp.accessKeyId -SK $temp.secretAccessKey -ST ($temp.sessionToken + "`r`nX-Evil: 1") } | Should -Throw -ErrorId 'InvalidHeaderValue,Get-STSCallerIdentity' -PassThru
            $err.Exception.Message | Should -Match 'x-amz-security-token header'
            $err.Exception.Message | Should -Not -Match ([regex]::Escape($temp.sessionToken))
            @(Invoke-EmulatorControl $Emulator 'requests').Count | Should -Be 0
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

Describe 'Get-STSCallerIdentity with roles, web identity, container and instance metadata' {
    BeforeAll {
        $script:Role = { param($Name) "arn:aws:iam::111122223333:role/$Name" }
        function script:Get-Count([string] $Operation) {
            $counts = Invoke-EmulatorControl $script:Emulator 'counts'
            if ($counts.PSObject.Properties[$Operation]) { [int]$counts.$Operation } else { 0 }
        }
        function script:Set-RoleConfig([string] $Extra = '') {
            Set-Content $script:TestHome.Config ("[profile src]`naws_access_key_id = $($script:Alice.AccessKey)`naws_secret_access_key = $($script:Alice.SecretKey)`n" +
                "[profile deploy]`nrole_arn = $(& $script:Role EmulatorDeployer)`nsource_profile = src`n" + $Extra)
        }
    }
    BeforeEach {
        $script:TestHome = New-TestAwsHome
        $env:AWS_ENDPOINT_URL = $script:Emulator.Url
        Invoke-EmulatorControl $script:Emulator 'faults' -Method DELETE | Out-Null
        Invoke-EmulatorControl $script:Emulator 'requests' -Method DELETE | Out-Null
    }
    AfterEach {
        Restore-TestEnvironment $script:TestHome
    }

    It 'assumes a role from static keys once, then reuses the AWS CLI cache entry (0600)' {
        Set-RoleConfig
        $id = Get-STSCallerIdentity -ProfileName deploy
        $id.Arn | Should -BeLike 'arn:aws:sts::111122223333:assumed-role/EmulatorDeployer/aws-dotnet-sdk-session-*'
        # The CLI's own key for {"RoleArn": ...}: python3 -c 'import hashlib,json; ...sha1(json.dumps(args, sort_keys=True))'
        $entry = Join-Path $TestHome.Aws 'cli' 'cache' '548ed851c23d03e2723f800adcbbc3fa8b6a05c6.json'
        $entry | Should -Exist
        (Get-Content $entry -Raw | ConvertFrom-Json).AssumedRoleUser.Arn | Should -Be $id.Arn
        if (-not $IsWindows) { ((Get-Item $entry).UnixFileMode.value__ -band 0x1FF) | Should -Be 0x180 }
        $verbose = (Get-STSCallerIdentity -ProfileName deploy -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) -join "`n"
        $verbose | Should -Match 'from the AWS CLI cache'
        $verbose | Should -Match "Role arn:aws:iam::111122223333:role/EmulatorDeployer of profile 'deploy' supplied the credentials"
        Get-Count 'AssumeRole' | Should -Be 1
    }

    Context 'a role whose source_profile signs in with console login or IAM Identity Center' {
        BeforeEach {
            Invoke-EmulatorControl $script:Emulator 'signin/reset' -Method POST | Out-Null
        }

        It 'assumes the role with the login session''s credentials (source_profile with login_session)' {
            $env:BROWSER = Get-TestBrowserCommand
            Invoke-AWSLogin -ProfileName web -Region us-east-1 -ExecutionTimeout 90000 -InformationAction SilentlyContinue
            Add-Content $TestHome.Config "[profile web-deploy]`nrole_arn = $(& $Role EmulatorDeployer)`nsource_profile = web`nrole_session_name = from-login`n"
            $login = Get-ChildItem (Join-Path $TestHome.Aws 'login' 'cache') -Filter *.json | Get-Content -Raw | ConvertFrom-Json
            Invoke-EmulatorControl $Emulator 'requests' -Method DELETE | Out-Null

            (Get-STSCallerIdentity -ProfileName web-deploy).Arn | Should -Be 'arn:aws:sts::111122223333:assumed-role/EmulatorDeployer/from-login'
            $log = @(Invoke-EmulatorControl $Emulator 'requests')
            $log.operation | Should -Be @('AssumeRole', 'GetCallerIdentity')
            # AssumeRole was signed with the console login's credentials (Alice's session) ...
            $log[0].signedBy | Should -Be $login.accessToken.accessKeyId
            $log[0].caller | Should -Be $Alice.Arn
            # ... and GetCallerIdentity with the role's, which the AWS CLI cache now holds.
            $entry = @(Get-ChildItem (Join-Path $TestHome.Aws 'cli' 'cache') -Filter *.json)
            $entry.Count | Should -Be 1
            $role = Get-Content $entry[0].FullName -Raw | ConvertFrom-Json
            $log[1].signedBy | Should -Be $role.Credentials.AccessKeyId
            $log[1].caller | Should -Be 'arn:aws:sts::111122223333:assumed-role/EmulatorDeployer/from-login'

            # Get-AWSCredential gives the same role credentials, from the cache, with no call.
            $c = Get-AWSCredential -ProfileName web-deploy
            $c.AccessKeyId | Should -Be $role.Credentials.AccessKeyId
            $c.Source | Should -Match 'EmulatorDeployer'
            @(Invoke-EmulatorControl $Emulator 'requests').Count | Should -Be 2
        }

        It 'assumes the role with IAM Identity Center role credentials (source_profile with sso_session)' {
            Set-SsoProfile -ConfigPath $TestHome.Config
            Use-TestBrowser | Out-Null
            Invoke-AWSSSOLogin -ProfileName sso-dev -UseDeviceCode -ExecutionTimeout 60000 -InformationAction SilentlyContinue
            Test-Path (Get-SsoTokenPath 'dev-session') | Should -BeTrue -Because (Get-TestBrowserLog)
            Add-Content $TestHome.Config "[profile sso-deploy]`nrole_arn = $(& $Role EmulatorDeployer)`nsource_profile = sso-dev`nrole_session_name = from-sso`n"
            Invoke-EmulatorControl $Emulator 'requests' -Method DELETE | Out-Null

            (Get-STSCallerIdentity -ProfileName sso-deploy).Arn | Should -Be 'arn:aws:sts::111122223333:assumed-role/EmulatorDeployer/from-sso'
            $log = @(Invoke-EmulatorControl $Emulator 'requests')
            $log.operation | Should -Be @('GetRoleCredentials', 'AssumeRole', 'GetCallerIdentity')
            # AssumeRole was signed with the Identity Center role credentials (ReadOnly for alice).
            $log[1].caller | Should -Be 'arn:aws:sts::111122223333:assumed-role/ReadOnly/alice'
            $log[2].caller | Should -Be 'arn:aws:sts::111122223333:assumed-role/EmulatorDeployer/from-sso'

            $c = Get-AWSCredential -ProfileName sso-deploy
            $c.AccessKeyId | Should -Be $log[2].signedBy
            $c.Source | Should -Match 'EmulatorDeployer'
            @(Invoke-EmulatorControl $Emulator 'requests').Count | Should -Be 3
        }
    }

    It 'chains role to role to role, and refuses a cycle naming it' {
        Set-RoleConfig ("[profile chain-b]`nrole_arn = $(& $Role EmulatorChainB)`nsource_profile = deploy`nrole_session_name = bee`n" +
            "[profile chain-c]`nrole_arn = $(& $Role EmulatorChainC)`nsource_profile = chain-b`nrole_session_name = sea`n" +
            "[profile loop-a]`nrole_arn = $(& $Role EmulatorChainB)`nsource_profile = loop-b`n[profile loop-b]`nrole_arn = $(& $Role EmulatorChainC)`nsource_profile = loop-a`n")
        (Get-STSCallerIdentity -ProfileName chain-c).Arn | Should -Be 'arn:aws:sts::111122223333:assumed-role/EmulatorChainC/sea'
        Get-Count 'AssumeRole' | Should -Be 3
        $err = { Get-STSCallerIdentity -ProfileName loop-a } | Should -Throw -ErrorId 'ProfileCycle,Get-STSCallerIdentity' -PassThru
        $err.Exception.Message | Should -Match 'loop-a -> loop-b -> loop-a'
    }

    It 'takes the source from the environment with credential_source = Environment' {
        Set-Content $TestHome.Config "[profile envrole]`nrole_arn = $(& $Role EmulatorDeployer)`ncredential_source = Environment`nrole_session_name = from-env`n"
        { Get-STSCallerIdentity -ProfileName envrole } | Should -Throw -ErrorId 'NoCredentials,Get-STSCallerIdentity'
        $env:AWS_ACCESS_KEY_ID = $Alice.AccessKey
        $env:AWS_SECRET_ACCESS_KEY = $Alice.SecretKey
        (Get-STSCallerIdentity -ProfileName envrole).Arn | Should -Be 'arn:aws:sts::111122223333:assumed-role/EmulatorDeployer/from-env'
    }

    It 'sends the external id, and names the role and the source identity when denied' {
        Set-RoleConfig ("[profile partner]`nrole_arn = $(& $Role EmulatorPartner)`nsource_profile = src`nexternal_id = emulator-partner-42`n" +
            "[profile wrong]`nrole_arn = $(& $Role EmulatorPartner)`nsource_profile = src`nexternal_id = nope-nope`n[profile ro]`nrole_arn = $(& $Role ReadOnly)`nsource_profile = src`n")
        (Get-STSCallerIdentity -ProfileName partner).Arn | Should -BeLike '*assumed-role/EmulatorPartner/*'
        $err = { Get-STSCallerIdentity -ProfileName wrong } | Should -Throw -ErrorId 'AccessDenied,Get-STSCallerIdentity' -PassThru
        $err.Exception.Message | Should -Match 'external_id'
        $err = { Get-STSCallerIdentity -ProfileName ro } | Should -Throw -ErrorId 'AccessDenied,Get-STSCallerIdentity' -PassThru
        $err.Exception.Message | Should -Match ([regex]::Escape("Could not assume role $(& $Role ReadOnly) with static keys of profile 'src'"))
        $err.Exception.Message | Should -Match ([regex]::Escape($Alice.Arn))
        $err.Exception.Message | Should -Not -Match ([regex]::Escape($Alice.SecretKey))
    }

    It 'asks for the MFA code once, takes -MfaCode, and fails naming -MfaCode when nobody can answer' {
        Set-RoleConfig "[profile mfa]`nrole_arn = $(& $Role EmulatorMfaAdmin)`nsource_profile = src`nmfa_serial = arn:aws:iam::111122223333:mfa/alice`n"
        Mock Read-Host -ModuleName AwsLogin -MockWith { throw 'PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.' }
        $err = { Get-STSCallerIdentity -ProfileName mfa } | Should -Throw -ErrorId 'InteractionRequired,Get-STSCallerIdentity' -PassThru
        $err.Exception.Message | Should -Match '-MfaCode'
        $err.Exception.Message | Should -Match 'arn:aws:iam::111122223333:mfa/alice'
        Get-Count 'AssumeRole' | Should -Be 0
        (Get-STSCallerIdentity -ProfileName mfa -MfaCode 123456).Arn | Should -BeLike '*assumed-role/EmulatorMfaAdmin/*'
        # Cached now: no code needed, no second call.
        Get-STSCallerIdentity -ProfileName mfa | Out-Null
        Get-Count 'AssumeRole' | Should -Be 1
        Remove-Item -Recurse (Join-Path $TestHome.Aws 'cli')
        Mock Read-Host -ModuleName AwsLogin -ParameterFilter { $Prompt -like 'Enter MFA code for arn:aws:iam::111122223333:mfa/alice*' } -MockWith { '123456' }
        (Get-STSCallerIdentity -ProfileName mfa).Arn | Should -BeLike '*assumed-role/EmulatorMfaAdmin/*'
        Should -Invoke Read-Host -ModuleName AwsLogin -Times 2 -Exactly -ParameterFilter { $Prompt -like 'Enter MFA code*' }
    }

    It 'uses web identity from a profile and from the environment, reading the token file again' {
        $tokenFile = Join-Path $TestHome.Root 'token'
        Set-Content $tokenFile (Invoke-EmulatorControl $Emulator 'web-identity-token' -Method POST -Body @{ sub = 'system:serviceaccount:ns:app' }).token
        Set-Content $TestHome.Config "[profile web]`nrole_arn = $(& $Role EmulatorWebApp)`nweb_identity_token_file = $tokenFile`nrole_session_name = web-profile`n"
        (Get-STSCallerIdentity -ProfileName web).Arn | Should -Be 'arn:aws:sts::111122223333:assumed-role/EmulatorWebApp/web-profile'
        Remove-Item $TestHome.Config
        $env:AWS_WEB_IDENTITY_TOKEN_FILE = $tokenFile
        $env:AWS_ROLE_ARN = & $Role EmulatorWebApp
        $env:AWS_ROLE_SESSION_NAME = 'web-env'
        (Get-STSCallerIdentity).Arn | Should -Be 'arn:aws:sts::111122223333:assumed-role/EmulatorWebApp/web-env'
        Get-STSCallerIdentity | Out-Null
        Get-Count 'AssumeRoleWithWebIdentity' | Should -Be 2
        # A rotated token is read and exchanged; a broken one is reported.
        Set-Content $tokenFile (Invoke-EmulatorControl $Emulator 'web-identity-token' -Method POST -Body @{ sub = 'rotated' }).token
        Get-STSCallerIdentity | Out-Null
        Get-Count 'AssumeRoleWithWebIdentity' | Should -Be 3
        Set-Content $tokenFile 'not-a-token'
        { Get-STSCallerIdentity } | Should -Throw -ErrorId 'InvalidIdentityToken,Get-STSCallerIdentity'
    }

    It 'uses container credentials from a full URI with a token or a token file, and refuses other hosts' {
        $task = & $Role EmulatorTaskRole
        $path = (Invoke-EmulatorControl $Emulator 'container' -Method POST -Body @{ roleArn = $task; authorization = 'Bearer one' }).path
        $env:AWS_CONTAINER_CREDENTIALS_FULL_URI = "$($Emulator.Url)$path"
        { Get-STSCallerIdentity } | Should -Throw -ErrorId 'ContainerCredentialsDenied,Get-STSCallerIdentity'
        $env:AWS_CONTAINER_AUTHORIZATION_TOKEN = 'Bearer one'
        (Get-STSCallerIdentity).Arn | Should -Be 'arn:aws:sts::111122223333:assumed-role/EmulatorTaskRole/emulator-container'
        $path = (Invoke-EmulatorControl $Emulator 'container' -Method POST -Body @{ roleArn = $task; authorization = 'Bearer two' }).path
        $tokenFile = Join-Path $TestHome.Root 'container-token'
        Set-Content $tokenFile 'Bearer two'
        $env:AWS_CONTAINER_CREDENTIALS_FULL_URI = "$($Emulator.Url)$path"
        $env:AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE = $tokenFile
        (Get-STSCallerIdentity).Arn | Should -Be 'arn:aws:sts::111122223333:assumed-role/EmulatorTaskRole/emulator-container'
        $env:AWS_CONTAINER_CREDENTIALS_FULL_URI = 'http://192.0.2.10/creds'
        $err = { Get-STSCallerIdentity } | Should -Throw -ErrorId 'InvalidContainerCredentialsUri,Get-STSCallerIdentity' -PassThru
        $err.Exception.Message | Should -Match 'loopback'
        Get-Count 'ContainerCredentials' | Should -Be 3
    }

    It 'uses instance metadata at AWS_EC2_METADATA_SERVICE_ENDPOINT, and skips it when disabled' {
        $err = { Get-STSCallerIdentity } | Should -Throw -ErrorId 'NoCredentials,Get-STSCallerIdentity' -PassThru
        $err.Exception.Message | Should -Match 'AWS_EC2_METADATA_DISABLED'
        Get-Count 'ImdsGetToken' | Should -Be 0
        Remove-Item env:AWS_EC2_METADATA_DISABLED
        $env:AWS_EC2_METADATA_SERVICE_ENDPOINT = $Emulator.Url
        (Get-STSCallerIdentity).Arn | Should -BeLike 'arn:aws:sts::111122223333:assumed-role/EmulatorInstanceRole/*'
        Get-Count 'ImdsGetToken' | Should -Be 1
        Set-Content $TestHome.Config "[profile onec2]`nrole_arn = $(& $Role EmulatorDeployer)`ncredential_source = Ec2InstanceMetadata`nrole_session_name = from-ec2`n"
        (Get-STSCallerIdentity -ProfileName onec2).Arn | Should -Be 'arn:aws:sts::111122223333:assumed-role/EmulatorDeployer/from-ec2'
    }

    It '16 new processes on a role profile make one AssumeRole call' -Skip:$IsWindows {
        Set-RoleConfig
        $module = Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1'
        $pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
        if (-not $pwsh) { $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh') }
        $procs = 1..16 | ForEach-Object {
            $psi = [System.Diagnostics.ProcessStartInfo]::new($pwsh)
            foreach ($a in '-NoProfile', '-NonInteractive', '-Command', "Import-Module '$module'; (Get-STSCallerIdentity -ProfileName deploy).Arn") { $psi.ArgumentList.Add($a) }
            $psi.RedirectStandardOutput = $true
            $psi.UseShellExecute = $false
            [System.Diagnostics.Process]::Start($psi)
        }
        $arns = $procs | ForEach-Object { $_.StandardOutput.ReadToEnd().Trim(); $_.WaitForExit() }
        @($arns | Where-Object { $_ -like '*assumed-role/EmulatorDeployer/*' }).Count | Should -Be 16
        @($arns | Sort-Object -Unique).Count | Should -Be 1
        Get-Count 'AssumeRole' | Should -Be 1
    }

    It 'shares assumed-role cache entries with the AWS CLI v2 both ways' -Skip:(-not (Test-Path '/usr/bin/aws')) {
        # The Debian CLI (2.9) knows no AWS_ENDPOINT_URL: an endpoint rule set in AWS_DATA_PATH
        # sends its STS calls to the emulator instead.
        $data = Join-Path $TestHome.Root 'data' 'sts' '2011-06-15'
        New-Item -ItemType Directory -Path $data -Force | Out-Null
        $rules = @{ version = '1.0'; parameters = @{ Region = @{ builtIn = 'AWS::Region'; required = $false; documentation = 'r'; type = 'String' } }
            rules = @(@{ conditions = @(); type = 'endpoint'; endpoint = @{ url = $Emulator.Url; headers = @{}; properties = @{ authSchemes = @(@{ name = 'sigv4'; signingName = 'sts'; signingRegion = 'us-east-1' }) } } }) }
        $rules | ConvertTo-Json -Depth 10 | Set-Content (Join-Path $data 'endpoint-rule-set-1.json')
        $env:AWS_DATA_PATH = Join-Path $TestHome.Root 'data'
        Set-RoleConfig "region = us-east-1`n"
        # Ours first: the CLI then exports our entry without calling STS.
        Get-STSCallerIdentity -ProfileName deploy | Out-Null
        $ours = Get-Content (Join-Path $TestHome.Aws 'cli' 'cache' '548ed851c23d03e2723f800adcbbc3fa8b6a05c6.json') -Raw | ConvertFrom-Json
        $exported = /usr/bin/aws configure export-credentials --profile deploy --format process | ConvertFrom-Json
        $exported.AccessKeyId | Should -Be $ours.Credentials.AccessKeyId
        Get-Count 'AssumeRole' | Should -Be 1
        # The CLI first: we use its entry.
        Remove-Item -Recurse (Join-Path $TestHome.Aws 'cli')
        (/usr/bin/aws sts get-caller-identity --profile deploy | ConvertFrom-Json).Arn | Should -BeLike '*assumed-role/EmulatorDeployer/botocore-session-*'
        Get-Count 'AssumeRole' | Should -Be 2
        (Get-STSCallerIdentity -ProfileName deploy).Arn | Should -BeLike '*assumed-role/EmulatorDeployer/botocore-session-*'
        Get-Count 'AssumeRole' | Should -Be 2
    }
}
