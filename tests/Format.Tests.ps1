# AwsLogin.format.ps1xml: every object type the module emits has a view that names all of its
# properties and reads whole at 80 columns. The types and their properties are read from the
# module's source (each [pscustomobject]@{ PSTypeName = 'AwsLogin.X'; ... }), so a new type or
# property fails here until the format file shows it.

BeforeDiscovery {
    $root = Join-Path $PSScriptRoot '..' 'ps-module'
    $types = @{}
    foreach ($file in Get-ChildItem $root -Recurse -Filter '*.ps1' | Where-Object FullName -NotMatch '[/\\]bin[/\\]') {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($file.FullName, [ref]$null, [ref]$null)
        $tables = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.HashtableAst] }, $true)
        foreach ($table in $tables) {
            $keys = @($table.KeyValuePairs | ForEach-Object { $_.Item1.Extent.Text })
            $typePair = $table.KeyValuePairs | Where-Object { $_.Item1.Extent.Text -eq 'PSTypeName' }
            if (-not $typePair) { continue }
            $typeName = $typePair.Item2.Extent.Text.Trim("'", '"')
            if ($typeName -notlike 'AwsLogin.*') { continue }
            $types[$typeName] = @($types[$typeName]) + @($keys | Where-Object { $_ -ne 'PSTypeName' }) | Where-Object { $_ } | Select-Object -Unique
        }
    }
    # Properties that hold a secret: a view must never show them (scripts read them directly).
    $secret = 'SecretAccessKey', 'SessionToken'
    $script:TypeCases = foreach ($name in $types.Keys | Sort-Object) {
        @{ TypeName = $name; Properties = @($types[$name] | Where-Object { $_ -notin $secret }); Secrets = @($types[$name] | Where-Object { $_ -in $secret }) }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    # The views below are tried on objects made here, before any command has loaded them.
    Complete-AwsLoginImport
    [xml]$script:Format = Get-Content -Raw (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.format.ps1xml')
}

Describe 'The format file' {
    It 'is loaded by the first command, through the nested manifest, and a new pwsh shows that command''s output through it' {
        # Not at import (it costs every import 7-9 ms); not by Update-FormatData (~170 ms).
        (Import-PowerShellDataFile (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1')).Keys | Should -Not -Contain 'FormatsToProcess'
        (Import-PowerShellDataFile (Join-Path (Get-RepoRoot) 'ps-module' 'Format' 'AwsLogin.Format.psd1')).FormatsToProcess | Should -Be '../AwsLogin.format.ps1xml'
        $testHome = New-TestAwsHome
        try {
            Set-Content $testHome.Credentials "[src]`naws_access_key_id = AKIAFORMATTEST000001`naws_secret_access_key = not/a/real/secret/format000000000000000`n"
            # Four properties: with no view PowerShell would show a table; the view is a list.
            $child = Invoke-ChildPwsh -Script @'
"at import: $([bool](Get-FormatData -TypeName AwsLogin.CredentialProcessProfile))"
Get-AWSCredential -ProfileName src -WriteCredentialProcessProfile proc
"after: $([bool](Get-FormatData -TypeName AwsLogin.CredentialProcessProfile))"
"nested: $((Get-Module AwsLogin).NestedModules.Name)"
Remove-Module AwsLogin
"removed: $([bool](Get-FormatData -TypeName AwsLogin.CredentialProcessProfile))"
'@
            $child.ExitCode | Should -Be 0 -Because $child.Output
            $lines = $child.Output -split '\r?\n' | ForEach-Object { $_ -replace '\e\[[0-9;]*m', '' }
            $lines | Should -Contain 'at import: False'
            $lines | Should -Contain 'after: True'
            $lines | Should -Contain 'nested: AwsLogin.Format' -Because 'Remove-Module AwsLogin must take the views with it'
            $lines | Should -Contain 'removed: False'
            $lines | Where-Object { $_ -match '^ProfileName\s+: proc$' } | Should -Not -BeNullOrEmpty -Because $child.Output
            $lines | Where-Object { $_ -match '^CredentialProcess\s+: ' } | Should -Not -BeNullOrEmpty -Because $child.Output
        }
        finally { Restore-TestEnvironment $testHome }
    }

    It 'finds the emitted types in the source (the discovery above works)' {
        $TypeCases.TypeName | Should -Contain 'AwsLogin.CallerIdentity'
        ($TypeCases | Where-Object TypeName -EQ 'AwsLogin.CallerIdentity').Properties | Should -Contain 'Arn'
    }
}

Describe '<TypeName>' -ForEach $TypeCases {
    BeforeAll {
        $script:View = $Format.Configuration.ViewDefinitions.View | Where-Object { $_.ViewSelectedBy.TypeName -eq $TypeName }
        # Values as long as real ones get: role ARNs with long names, start URLs, token paths.
        $script:Sample = [ordered]@{ PSTypeName = $TypeName }
        $i = 0
        foreach ($property in @($Properties) + @($Secrets)) {
            $i++
            $Sample[$property] = if ($property -match 'Expiration|ExpiresAt') { [datetime]::new(2030, 1, 2, 3, 4, 5, [System.DateTimeKind]::Utc) }
            else { "v$i-" + ('abcdefghij' * 9) + "-end$i" }
        }
        $script:Object = [pscustomobject]$Sample
    }

    It 'has a view' {
        $View | Should -Not -BeNullOrEmpty -Because "every AwsLogin.* type needs a list view in ps-module/AwsLogin.format.ps1xml"
    }

    It 'shows every property' {
        # Any PropertyName in the view (list items or table columns); XPath, so StrictMode left
        # on by another test file cannot trip over a control the view does not have.
        $shown = @($View.SelectNodes('.//PropertyName') | ForEach-Object InnerText)
        foreach ($property in $Properties) { $shown | Should -Contain $property -Because "ps-module/AwsLogin.format.ps1xml's view of $TypeName must list $property" }
        foreach ($property in $Secrets) { $shown | Should -Not -Contain $property -Because "$property holds a secret and must never be shown by default" }
    }

    It 'is shown at 80 columns with no line over 80, nothing cut off, every value whole' {
        # What a person sees: the default view (Out-String) and each named list view
        # (Format-List -View). Together they show every property; a default view may show
        # fewer (the caller identity shows what the AWS cmdlet shows), never a cut value.
        $renderings = [ordered]@{ default = $Object | Out-String -Width 80 }
        foreach ($v in @($View)) {
            if ($v.SelectSingleNode('ListControl')) { $renderings["list view $($v.Name)"] = $Object | Format-List -View $v.Name | Out-String -Width 80 }
        }
        $labelled = [System.Collections.Generic.HashSet[string]]::new()
        foreach ($r in $renderings.GetEnumerator()) {
            $text = $r.Value
            $lines = $text -split '\r?\n'
            foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual 80 -Because "'$line' ($($r.Key)) is too long" }
            $text | Should -Not -Match '…|\.\.\.' -Because "nothing is cut off in the $($r.Key)"
            # A wrapped value continues on the next lines under its first character.
            $joined = ($lines | ForEach-Object { $_.Trim() }) -join ''
            foreach ($property in $Properties) {
                if ($text -notmatch "(?m)^$property\s*:") { continue }
                $null = $labelled.Add($property)
                $value = $Object.$property
                if ($value -is [string]) { $joined | Should -BeLike "*$value*" -Because "the whole $property value is shown in the $($r.Key)" }
            }
            foreach ($property in $Secrets) { $joined | Should -Not -BeLike "*$($Object.$property)*" -Because "$property is a secret" }
        }
        foreach ($property in $Properties) { $labelled | Should -Contain $property -Because "a view of $TypeName shows the $property label" }
    }
}
