# ReadNativePrompt (ps-module/Private): answers a native prompt through the host, and fails at
# once, naming the parameter to pass, when nobody can answer. The child-process cases
# (pwsh -NonInteractive, redirected stdin at its end) are in the Public tests of the cmdlets
# that prompt; these drive the function with a mocked Read-Host.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'Support' 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-RepoRoot) 'ps-module' 'AwsLogin.psd1') -Force
    Complete-AwsLoginImport
    function Invoke-Prompt([hashtable] $Prompt, [switch] $Force) {
        # Every member the native Event::Prompt serialises (absent options are null).
        $event = [ordered]@{ type = 'prompt'; id = 'q'; kind = 'text'; caption = 'C'; message = ''; default = $null; choices = @(); parameter = $null }
        foreach ($k in $Prompt.Keys) { $event[$k] = $Prompt[$k] }
        InModuleScope AwsLogin -Parameters @{ P = [pscustomobject]$event; F = [bool]$Force } {
            function Test-Prompt { [CmdletBinding()] param($P, $F) ReadNativePrompt -Prompt $P -Cmdlet $PSCmdlet -Force:$F }
            Test-Prompt -P $P -F $F
        }
    }
}

Describe 'ReadNativePrompt' {
    It 'returns the typed line for a text prompt, visibly (no secure string)' {
        Mock -ModuleName AwsLogin Read-Host { 'us-west-2' }
        Invoke-Prompt @{ kind = 'text'; message = 'AWS Region'; default = 'us-east-1'; parameter = '-Region' } | Should -BeExactly 'us-west-2'
        Should -Invoke -ModuleName AwsLogin Read-Host -Times 1 -Exactly -ParameterFilter { $Prompt -eq 'AWS Region [us-east-1]' -and -not $AsSecureString -and -not $MaskInput }
    }

    It 'returns the typed text of a choice for the native flow to read (number or name)' {
        Mock -ModuleName AwsLogin Read-Host { 'emulator-dev' }
        Invoke-Prompt @{ kind = 'choice'; message = 'Choose'; choices = @('a', 'b'); parameter = '-AccountId' } | Should -BeExactly 'emulator-dev'
    }

    It 'fails at once naming <Parameter> when input has ended (Read-Host gives $null)' -TestCases @(@{ Parameter = '-AccountId' }, @{ Parameter = '-Region' }) {
        Mock -ModuleName AwsLogin Read-Host { $null }
        $err = { Invoke-Prompt @{ kind = 'text'; message = 'Which?'; parameter = $Parameter } } | Should -Throw -ErrorId 'InteractionRequired,Test-Prompt' -PassThru
        $err.Exception.Message | Should -BeExactly "Test-Prompt needs an answer to 'Which?' but cannot ask: the input has ended. Pass $Parameter instead."
        $err.TargetObject | Should -Be $Parameter
        Should -Invoke -ModuleName AwsLogin Read-Host -Times 1 -Exactly
    }

    It 'turns the host''s NonInteractive refusal into the same error' {
        Mock -ModuleName AwsLogin Read-Host { throw [System.Management.Automation.PSInvalidOperationException]::new('PowerShell is in NonInteractive mode.') }
        $err = { Invoke-Prompt @{ kind = 'choice'; message = 'Choose'; choices = @('a'); parameter = '-RoleName' } } | Should -Throw -ErrorId 'InteractionRequired,Test-Prompt' -PassThru
        $err.Exception.Message | Should -Match 'cannot ask: PowerShell runs non-interactively \(-NonInteractive\)\. Pass -RoleName instead\.$'
    }

    It 'says only a person can answer a prompt no parameter gives' {
        Mock -ModuleName AwsLogin Read-Host { $null }
        $err = { Invoke-Prompt @{ kind = 'text'; message = 'Enter the code'; parameter = $null } } | Should -Throw -ErrorId 'InteractionRequired,Test-Prompt' -PassThru
        $err.Exception.Message | Should -Match 'Only a person can answer it'
    }

    It 'answers a confirmation with yes under -Force without asking' {
        Mock -ModuleName AwsLogin Read-Host { throw 'not asked' }
        Invoke-Prompt @{ kind = 'confirm'; message = 'Sure?'; caption = 'C'; parameter = '-Force' } -Force | Should -BeTrue
    }
}
