# WriteNativeEvent (ps-module/Private): each non-interactive native event goes to its stream.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    Complete-AwsLoginImport
    # Runs WriteNativeEvent for a cmdlet (an advanced function inside the module) and returns
    # what reached the verbose (4), warning (3) and information (6) streams.
    function Get-EventOutput([object] $NativeEvent) {
        InModuleScope AwsLogin -Parameters @{ E = $NativeEvent } {
            function Invoke-TestCmdlet { [CmdletBinding()] param($E) WriteNativeEvent -NativeEvent $E -Cmdlet $PSCmdlet }
            Invoke-TestCmdlet -E $E -Verbose 4>&1 3>&1 6>&1
        }
    }
}

Describe 'WriteNativeEvent' {
    It 'writes a <Type> event to the <Stream> stream with its message' -TestCases @(
        @{ Type = 'verbose'; Stream = 'verbose'; RecordType = [System.Management.Automation.VerboseRecord] }
        @{ Type = 'warning'; Stream = 'warning'; RecordType = [System.Management.Automation.WarningRecord] }
        @{ Type = 'info'; Stream = 'information'; RecordType = [System.Management.Automation.InformationRecord] }
    ) {
        $out = @(Get-EventOutput ([pscustomobject]@{ type = $Type; message = "the $Type text" }))
        $out.Count | Should -Be 1
        $out[0] | Should -BeOfType $RecordType
        if ($Type -eq 'info') {
            "$($out[0].MessageData)" | Should -BeExactly 'the info text'
            $out[0].Tags | Should -Contain 'PSHOST'
        }
        else { $out[0].Message | Should -BeExactly "the $Type text" }
    }

    It 'writes a warning under -Debug without asking to continue (a script with no console goes on)' {
        # A cmdlet's own WriteWarning turns -Debug into WarningPreference Inquire: a prompt per
        # warning at a console, and a terminating error where nothing can answer it.
        $r = Invoke-ChildPwsh -CompleteImport -NonInteractive -TimeoutSeconds 60 -Script @'
& (Get-Module AwsLogin) {
    function Invoke-TestCmdlet { [CmdletBinding()] param() WriteNativeEvent -NativeEvent ([pscustomobject]@{ type = 'warning'; message = 'the warning text' }) -Cmdlet $PSCmdlet; 'went on' }
    Invoke-TestCmdlet -Debug
    $quiet = Invoke-TestCmdlet -WarningAction SilentlyContinue -WarningVariable caught 3>&1
    "quiet: $quiet; caught: $caught"
}
'@
        $r.TimedOut | Should -BeFalse
        $r.Output | Should -Not -Match 'NonInteractive mode'
        $r.Output | Should -Match 'WARNING: the warning text'
        $r.Output | Should -Match 'went on'
        # -WarningAction and -WarningVariable of the cmdlet still apply.
        $r.Output | Should -Match 'quiet: went on; caught: the warning text'
        $r.ExitCode | Should -Be 0
    }

    It 'writes nothing for an event type it does not show' {
        @(Get-EventOutput ([pscustomobject]@{ type = 'somethingNew'; message = 'x' })) | Should -BeNullOrEmpty
    }
}
