# Sync-AWSSSOProfile against the real emulator: a directory of three hundred accounts (paged one
# item at a time, as the emulator does by default), every profile written once and then left
# byte for byte; a renamed and a removed account (Stale, then removed with -Prune); hand-written
# profiles and comments kept, a colliding one reported; -WhatIf writing nothing; throttling
# retried; botocore and the AWS CLI reading every generated profile back; and STS answering as the
# role of a generated profile.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'SsoHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    $script:Emulator = Start-AwsEmulator
    $script:TestHome = New-TestAwsHome
    $env:AWS_ENDPOINT_URL = $Emulator.Url

    # Accounts 500000000001..300 named team-001.. (every fiftieth with characters a profile name
    # cannot hold), with 1 to 3 roles each; two more accounts share the name 'twin'.
    function script:New-Directory {
        param([int] $Count = 300, [hashtable] $Rename = @{}, [string[]] $Remove = @())
        $accounts = [System.Collections.Generic.List[object]]::new()
        $assignments = [System.Collections.Generic.List[object]]::new()
        foreach ($i in 1..$Count) {
            $id = '{0:D12}' -f (500000000000 + $i)
            if ($id -in $Remove) { continue }
            $name = if ($i % 50 -eq 0) { "Data & Analytics [EU] #$i" } else { 'team-{0:D3}' -f $i }
            if ($Rename.ContainsKey($id)) { $name = $Rename[$id] }
            $accounts.Add(@{ id = $id; name = $name })
            $roles = switch ($i % 3) { 0 { 'AdministratorAccess', 'ReadOnly', 'Billing' } 1 { , 'ReadOnly' } 2 { 'AdministratorAccess', 'ReadOnly' } }
            foreach ($role in $roles) { $assignments.Add(@{ accountId = $id; roleName = $role }) }
        }
        foreach ($id in '600000000001', '600000000002') {
            $accounts.Add(@{ id = $id; name = 'twin' })
            $assignments.Add(@{ accountId = $id; roleName = 'ReadOnly' })
        }
        @{ accounts = $accounts; assignments = $assignments }
    }

    function script:Set-Directory([hashtable] $Directory) {
        $null = Invoke-RestMethod -Method Post -Uri "$($Emulator.Url)/_emulator/sso-directory" -ContentType 'application/json' -Body ($Directory | ConvertTo-Json -Depth 5 -Compress)
    }

    function script:Get-ConfigHash { (Get-FileHash $TestHome.Config -Algorithm SHA256).Hash }

    # What a user has before the first sync: comments, a profile of their own whose name the
    # template will also produce (team-007.ReadOnly), another one, and the sso-session.
    $script:HandWritten = @"
# My AWS config: hand-written, keep every byte.
[profile team-007.ReadOnly]
# mine: not generated
region = eu-central-1
output = json

[profile personal]
aws_access_key_id = AKIAEXAMPLE
; inline note = kept

[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[sso-session never-signed-in]
sso_start_url = https://d-2222222222.awsapps.com/start
sso_region = us-east-1
"@ + "`n"
    Set-Content -Path $TestHome.Config -Value $HandWritten -NoNewline
    Use-TestBrowser | Out-Null
    Invoke-AWSSSOLogin -SessionName corp -UseDeviceCode -ExecutionTimeout 60000
    Set-Directory (New-Directory)
    # 300 team accounts: 100 with each of 1, 2 and 3 roles; plus the twins.
    $script:RoleCount = 600 + 2
}

AfterAll {
    Restore-TestEnvironment $TestHome
    Stop-AwsEmulator $script:Emulator
}

Describe 'Sync-AWSSSOProfile' {
    BeforeEach {
        Invoke-EmulatorControl $Emulator 'requests' -Method DELETE | Out-Null
        Invoke-EmulatorControl $Emulator 'faults' -Method DELETE | Out-Null
    }

    It 'refuses a bad -NameTemplate before calling the portal or reading the file' {
        $before = Get-ConfigHash
        $err = { Sync-AWSSSOProfile -SessionName corp -NameTemplate '{AccountName} {Role}' } | Should -Throw -ErrorId 'InvalidNameTemplate,Sync-AWSSSOProfile' -PassThru
        $err.Exception.Message | Should -Match '\{AccountId\}'
        @(Invoke-EmulatorControl $Emulator 'requests').Count | Should -Be 0
        Get-ConfigHash | Should -Be $before
    }

    It 'fails with the sign-in error for a session that has no token, writing nothing' {
        $before = Get-ConfigHash
        $err = { Sync-AWSSSOProfile -SessionName never-signed-in } | Should -Throw -ErrorId 'SsoTokenNotFound,Sync-AWSSSOProfile' -PassThru
        $err.Exception.Message | Should -Match 'Invoke-AWSSSOLogin -SessionName never-signed-in'
        Get-ConfigHash | Should -Be $before
    }

    It 'shows the plan with -WhatIf and writes nothing' {
        $before = Get-ConfigHash
        $plan = Sync-AWSSSOProfile -SessionName corp -Region us-east-1 -WhatIf -WarningAction SilentlyContinue
        Get-ConfigHash | Should -Be $before
        $plan.Count | Should -Be $RoleCount
        @($plan | Where-Object Action -EQ 'Add').Count | Should -Be ($RoleCount - 3)
        ($plan | Where-Object ProfileName -EQ 'team-007.ReadOnly').Action | Should -Be 'Conflict'
        $plan[0].PSObject.TypeNames[0] | Should -Be 'AwsLogin.SsoProfileSyncResult'
    }

    It 'stops at once on Ctrl+C while listing, and writes nothing' {
        # Every ListAccountRoles answer slowed down: listing the 300 accounts takes about 25 s.
        Invoke-EmulatorControl $Emulator 'faults' -Method POST -Body @{ kind = 'delay'; delayMs = 500; count = 1000; pathPrefix = '/assignment/roles' } | Out-Null
        $before = Get-ConfigHash
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$(Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1')'; Sync-AWSSSOProfile -SessionName corp")
            $running = $ps.BeginInvoke()
            $deadline = [datetime]::UtcNow.AddSeconds(20)
            while (@(Invoke-EmulatorControl $Emulator 'requests' | Where-Object path -Like '/assignment/roles*').Count -eq 0 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            $running.IsCompleted | Should -BeFalse -Because 'the listing is still under way'
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()   # what Ctrl+C does to the pipeline
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            # The cancelled flow does not go on to write once the listing would have finished.
            Start-Sleep -Seconds 3
            Get-ConfigHash | Should -Be $before
        }
        finally { $ps.Dispose() }
    }

    It 'writes a profile for every account and role (every page), keeping every hand-written byte' {
        $warnings = $null
        $out = Sync-AWSSSOProfile -SessionName corp -Region us-east-1 -Verbose -WarningVariable warnings -WarningAction SilentlyContinue 4>&1
        $verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $script:Results = @($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })

        $Results.Count | Should -Be $RoleCount
        $added = @($Results | Where-Object Action -EQ 'Add')
        $added.Count | Should -Be ($RoleCount - 3)
        $script:Generated = $added.ProfileName
        $Generated | Should -Contain 'team-001.ReadOnly'
        $Generated | Should -Contain 'team-297.Billing'
        $Generated | Should -Contain 'Data-Analytics-EU-50.AdministratorAccess'
        $first = $Results | Where-Object ProfileName -EQ 'team-003.Billing'
        ($first.AccountId, $first.AccountName, $first.RoleName, $first.SessionName) | Should -Be @('500000000003', 'team-003', 'Billing', 'corp')

        # The colliding hand-written profile: reported, warned about, not touched.
        $conflict = $Results | Where-Object ProfileName -EQ 'team-007.ReadOnly'
        $conflict.Action | Should -Be 'Conflict'
        $conflict.Reason | Should -Match 'not written by Sync-AWSSSOProfile'
        $twins = @($Results | Where-Object Action -EQ 'Duplicate')
        $twins.ProfileName | Should -Be @('twin.ReadOnly', 'twin.ReadOnly')
        $twins[0].Reason | Should -Match '\{AccountId\}'
        @($warnings).Count | Should -Be 2
        "$warnings" | Should -Match 'team-007.ReadOnly'
        "$warnings" | Should -Match 'twin.ReadOnly'

        # Every byte that was there is still there, first; the profiles follow.
        $text = [System.IO.File]::ReadAllText($TestHome.Config)
        $text.StartsWith($HandWritten) | Should -BeTrue
        $text | Should -Match "(?m)^\[profile team-003\.Billing\]\nsso_session = corp\nsso_account_id = 500000000003\nsso_role_name = Billing\nregion = us-east-1\nawslogin_generated = corp\n"

        # Every page was followed: the emulator answers one item per page.
        $counts = Invoke-EmulatorControl $Emulator 'counts'
        $counts.ListAccounts | Should -Be 302
        $counts.ListAccountRoles | Should -Be $RoleCount
        $verbose | Should -Contain 'ListAccounts: 302 accounts.'
        ($verbose -join "`n") | Should -Match ([regex]::Escape("$($RoleCount - 3) to add, 0 to update, 0 unchanged, 1 conflicts, 2 duplicates"))
    }

    It 'changes nothing on a second run: every profile Unchanged, the file byte for byte the same' {
        $before = Get-ConfigHash
        $stamp = (Get-Item $TestHome.Config).LastWriteTimeUtc
        $again = Sync-AWSSSOProfile -SessionName corp -Region us-east-1 -WarningAction SilentlyContinue
        @($again | Where-Object Action -EQ 'Unchanged').Count | Should -Be ($RoleCount - 3)
        @($again | Where-Object Action -In 'Add', 'Update', 'Stale', 'Remove').Count | Should -Be 0
        Get-ConfigHash | Should -Be $before
        (Get-Item $TestHome.Config).LastWriteTimeUtc | Should -Be $stamp -Because 'nothing to change is no write'
    }

    It 'writes profiles botocore reads back, all of them, and the AWS CLI too' {
        $names = Join-Path $TestHome.Root 'names.txt'
        Set-Content -Path $names -Value ($Generated -join "`n")
        # One process for every profile: botocore's own parser and profile lookup.
        $python = @'
import sys, botocore.session
s = botocore.session.Session()
for name in open(sys.argv[1]).read().split():
    s.set_config_variable('profile', name)
    c = s.get_scoped_config()
    print('\t'.join([name, c.get('sso_session', ''), c.get('sso_account_id', ''), c.get('sso_role_name', ''), c.get('region', '')]))
'@
        $rows = @(& /usr/bin/python3 -c $python $names)
        $LASTEXITCODE | Should -Be 0
        $rows.Count | Should -Be $Generated.Count
        $expected = @($Results | Where-Object Action -EQ 'Add' | ForEach-Object { "$($_.ProfileName)`tcorp`t$($_.AccountId)`t$($_.RoleName)`tus-east-1" })
        $rows | Should -Be $expected
        # The AWS CLI v2 (Debian's) lists every generated profile under its own name (one
        # process for all of them), and reads the values of sanitised and plain ones.
        $listed = @(& /usr/bin/aws configure list-profiles)
        $LASTEXITCODE | Should -Be 0
        @($Generated | Where-Object { $_ -notin $listed }) | Should -BeNullOrEmpty -Because 'the AWS CLI must see every generated profile'
        foreach ($name in 'Data-Analytics-EU-150.Billing', 'team-299.AdministratorAccess') {
            & /usr/bin/aws configure get sso_account_id --profile $name | Should -Be ($Results | Where-Object ProfileName -EQ $name).AccountId
        }
    }

    It 'puts a generated profile right again, keeping the keys and comments the user added to it' {
        $text = [System.IO.File]::ReadAllText($TestHome.Config)
        $old = "[profile team-005.ReadOnly]`nsso_session = corp`nsso_account_id = 500000000005`nsso_role_name = ReadOnly`nregion = us-east-1`nawslogin_generated = corp`n"
        $text.Contains($old) | Should -BeTrue
        $edited = "[profile team-005.ReadOnly]`nsso_session = corp`nsso_account_id = 999999999999 # typo`nsso_role_name = ReadOnly`nregion = eu-west-2`noutput = json`nawslogin_generated = corp`n"
        [System.IO.File]::WriteAllText($TestHome.Config, $text.Replace($old, $edited))
        $result = Sync-AWSSSOProfile -SessionName corp -Region us-east-1 -WarningAction SilentlyContinue
        $updated = @($result | Where-Object Action -EQ 'Update')
        $updated.ProfileName | Should -Be 'team-005.ReadOnly'
        $updated[0].Reason | Should -Be "sso_account_id '999999999999' -> '500000000005'"
        @($result | Where-Object Action -In 'Add', 'Stale', 'Remove').Count | Should -Be 0
        [System.IO.File]::ReadAllText($TestHome.Config) | Should -BeExactly $text.Replace($old, $edited.Replace('999999999999', '500000000005'))
    }

    It 'gives Get-STSCallerIdentity the role of a generated profile' {
        (Get-STSCallerIdentity -ProfileName 'team-003.AdministratorAccess').Arn | Should -Be 'arn:aws:sts::500000000003:assumed-role/AdministratorAccess/alice'
    }

    It 'reports a renamed and a removed account as Stale and keeps their profiles without -Prune' {
        Set-Directory (New-Directory -Rename @{ '500000000010' = 'team-ten' } -Remove '500000000011')
        $before = [System.IO.File]::ReadAllText($TestHome.Config)
        $result = Sync-AWSSSOProfile -SessionName corp -WarningAction SilentlyContinue
        $stale = @($result | Where-Object Action -EQ 'Stale')
        $stale.ProfileName | Should -Be @('team-010.ReadOnly', 'team-011.AdministratorAccess', 'team-011.ReadOnly')
        $stale[0].Reason | Should -Match "now the profile 'team-ten.ReadOnly'"
        $stale[1].Reason | Should -Match 'account 500000000011 is no longer assigned'
        $stale[0].Reason | Should -Match '-Prune'
        ($result | Where-Object ProfileName -EQ 'team-ten.ReadOnly').Action | Should -Be 'Add'
        # Only the new profile was appended; everything before it is as it was.
        $after = [System.IO.File]::ReadAllText($TestHome.Config)
        $after.StartsWith($before) | Should -BeTrue
        $after.Substring($before.Length) | Should -Be "`n[profile team-ten.ReadOnly]`nsso_session = corp`nsso_account_id = 500000000010`nsso_role_name = ReadOnly`nawslogin_generated = corp`n"
    }

    It 'removes exactly the stale profiles with -Prune; hand-written profiles and comments stay byte for byte' {
        $result = Sync-AWSSSOProfile -SessionName corp -Prune -WarningAction SilentlyContinue
        @($result | Where-Object Action -EQ 'Remove').ProfileName | Should -Be @('team-010.ReadOnly', 'team-011.AdministratorAccess', 'team-011.ReadOnly')
        ($result | Where-Object ProfileName -EQ 'team-007.ReadOnly').Action | Should -Be 'Conflict'
        $text = [System.IO.File]::ReadAllText($TestHome.Config)
        $text.StartsWith($HandWritten) | Should -BeTrue
        $text | Should -Not -Match '\[profile team-010\.|\[profile team-011\.'
        $text | Should -Match '\[profile team-012\.AdministratorAccess\]'
        $text | Should -Not -Match "`n`n`n" -Because 'removals leave no growing gaps'
        # Pruned and written again: the next run has nothing to do.
        $before = Get-ConfigHash
        @(Sync-AWSSSOProfile -SessionName corp -Prune -WarningAction SilentlyContinue | Where-Object Action -NotIn 'Unchanged', 'Conflict', 'Duplicate').Count | Should -Be 0
        Get-ConfigHash | Should -Be $before
    }

    It 'succeeds through throttling injected into both listings' {
        Invoke-EmulatorControl $Emulator 'faults' -Method POST -Body @{ kind = 'throttle'; count = 2; pathPrefix = '/assignment/accounts' } | Out-Null
        Invoke-EmulatorControl $Emulator 'faults' -Method POST -Body @{ kind = 'throttle'; count = 2; pathPrefix = '/assignment/roles' } | Out-Null
        $before = Get-ConfigHash
        $out = Sync-AWSSSOProfile -SessionName corp -Verbose -WarningAction SilentlyContinue 4>&1
        $verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        @($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] -and $_.Action -eq 'Unchanged' }).Count | Should -BeGreaterThan 590
        @(Invoke-EmulatorControl $Emulator 'requests' | Where-Object fault -EQ 'throttle').Count | Should -Be 4
        @($verbose | Where-Object { $_ -match '^ListAccounts: attempt \d of 10 failed \(HTTP 429\)' }).Count | Should -Be 2
        @($verbose | Where-Object { $_ -match '^ListAccountRoles: attempt \d of 10 failed \(HTTP 429\)' }).Count | Should -Be 2
        Get-ConfigHash | Should -Be $before
    }

    It 'keeps listing through a portal that throttles one call six times in a row' {
        # More 429s on one call than a single call's three attempts: a listing of hundreds of
        # calls must outlast a throttling burst rather than lose everything listed so far.
        Invoke-EmulatorControl $Emulator 'faults' -Method POST -Body @{ kind = 'throttle'; count = 6; pathPrefix = '/assignment/accounts' } | Out-Null
        $before = Get-ConfigHash
        $out = Sync-AWSSSOProfile -SessionName corp -Verbose -WarningAction SilentlyContinue 4>&1
        $verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        @($verbose | Where-Object { $_ -match '^ListAccounts: attempt [1-6] of 10 failed \(HTTP 429\)' }).Count | Should -Be 6
        @($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] -and $_.Action -eq 'Unchanged' }).Count | Should -BeGreaterThan 590
        Get-ConfigHash | Should -Be $before
    }

    It 'counts a profile of the -ProfileLocation credentials file with a wanted name as a Conflict' {
        Set-Content -Path (Join-Path $TestHome.Root 'other-credentials') -Value "[team-008.ReadOnly]`naws_access_key_id = AKIAEXAMPLE`naws_secret_access_key = example`n"
        $before = Get-ConfigHash
        Push-Location $TestHome.Root
        try { $result = Sync-AWSSSOProfile -SessionName corp -ProfileLocation ./other-credentials -Prune -WarningVariable warnings -WarningAction SilentlyContinue }
        finally { Pop-Location }
        $conflict = $result | Where-Object ProfileName -EQ 'team-008.ReadOnly'
        $conflict.Action | Should -Be 'Conflict'
        $conflict.Reason | Should -Match 'credentials file also has'
        "$warnings" | Should -Match 'team-008.ReadOnly'
        ($result | Where-Object ProfileName -EQ 'team-008.AdministratorAccess').Action | Should -Be 'Unchanged'
        Get-ConfigHash | Should -Be $before -Because 'a conflict is left as it is, and -Prune removes nothing it reports'
    }

    It 'tells duplicates apart with {AccountId} in -NameTemplate, each name made once' {
        $plan = Sync-AWSSSOProfile -SessionName corp -NameTemplate '{AccountName}-{AccountId}/{RoleName}' -WhatIf -WarningAction SilentlyContinue
        @($plan | Where-Object Action -EQ 'Duplicate').Count | Should -Be 0
        ($plan | Where-Object AccountId -EQ '600000000002').ProfileName | Should -Be 'twin-600000000002/ReadOnly'
        # The profiles of the other template are this session's own: stale under the new names.
        @($plan | Where-Object Action -EQ 'Stale').Count | Should -Be ($RoleCount - 3 - 2)
    }
}
