# NewAwsLoginErrorRecord (ps-module/Private): native errors become ErrorRecords whose id is the
# stable code (public API: it becomes FullyQualifiedErrorId) and whose category fits the kind.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    Complete-AwsLoginImport
    function New-Record([object] $NativeError, [object] $Target) {
        InModuleScope AwsLogin -Parameters @{ E = $NativeError; T = $Target } { NewAwsLoginErrorRecord -NativeError $E -TargetObject $T }
    }
}

Describe 'NewAwsLoginErrorRecord' {
    It 'maps kind <Kind> to category <Category> and a <Type>' -TestCases @(
        @{ Kind = 'InvalidInput'; Category = 'InvalidArgument'; Type = 'System.ArgumentException' }
        @{ Kind = 'NotFound'; Category = 'ObjectNotFound'; Type = 'System.Management.Automation.ItemNotFoundException' }
        @{ Kind = 'Authentication'; Category = 'AuthenticationError'; Type = 'System.UnauthorizedAccessException' }
        @{ Kind = 'Network'; Category = 'ConnectionError'; Type = 'System.Net.Http.HttpRequestException' }
        @{ Kind = 'Service'; Category = 'InvalidResult'; Type = 'System.InvalidOperationException' }
        @{ Kind = 'Io'; Category = 'WriteError'; Type = 'System.IO.IOException' }
        @{ Kind = 'Cancelled'; Category = 'OperationStopped'; Type = 'System.OperationCanceledException' }
        @{ Kind = 'NotImplemented'; Category = 'NotImplemented'; Type = 'System.NotImplementedException' }
        @{ Kind = 'SomethingNew'; Category = 'NotSpecified'; Type = 'System.InvalidOperationException' }
    ) {
        $record = New-Record ([pscustomobject]@{ code = "Code$Kind"; message = "Message for $Kind."; kind = $Kind })
        $record | Should -BeOfType [System.Management.Automation.ErrorRecord]
        $record.CategoryInfo.Category | Should -Be $Category
        $record.Exception.GetType().FullName | Should -BeExactly $Type
        $record.Exception.Message | Should -BeExactly "Message for $Kind."
        $record.FullyQualifiedErrorId | Should -BeExactly "Code$Kind"
    }

    It 'keeps the target object' {
        $record = New-Record ([pscustomobject]@{ code = 'ProfileNotFound'; message = 'm'; kind = 'NotFound' }) 'dev'
        $record.TargetObject | Should -BeExactly 'dev'
    }

    It 'gives the cmdlet''s error the code as its id' {
        # End to end: a cmdlet throws the record, and PowerShell appends the command name.
        $testHome = New-TestAwsHome
        try {
            { Get-STSCallerIdentity -ProfileName nope } | Should -Throw -ErrorId 'ProfileNotFound,Get-STSCallerIdentity'
        }
        finally { Restore-TestEnvironment $testHome }
    }
}
