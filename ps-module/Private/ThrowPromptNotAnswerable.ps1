function ThrowPromptNotAnswerable {
    # The terminating error of a prompt nobody can answer, naming the parameter to pass instead.
    # -HostError is what the host threw when asked (Read-Host or ShouldContinue): under
    # -NonInteractive a PSInvalidOperationException, at the end of input a NullReferenceException.
    param(
        [object] $Prompt,
        [System.Management.Automation.PSCmdlet] $Cmdlet,
        [string] $Why,
        [System.Management.Automation.ErrorRecord] $HostError
    )
    if ($HostError) {
        $e = $HostError.Exception
        while ($e.InnerException) { $e = $e.InnerException }
        $Why = if ($e -is [System.Management.Automation.PSInvalidOperationException]) { 'PowerShell runs non-interactively (-NonInteractive)' }
        elseif ($e -is [System.NullReferenceException]) { 'the input has ended' }
        else { "this PowerShell host cannot read input ($($e.Message))" }
    }
    $command = $Cmdlet.MyInvocation.MyCommand.Name
    $what = ([string]$Prompt.message).Trim().TrimEnd(':')
    $message = if ($Prompt.parameter) {
        "$command needs an answer to '$what' but cannot ask: $Why. Pass $($Prompt.parameter) instead."
    }
    else {
        "$command needs an answer to '$what' but cannot ask: $Why. Only a person can answer it: run the command in an interactive PowerShell session."
    }
    $record = [System.Management.Automation.ErrorRecord]::new(
        [System.InvalidOperationException]::new($message), 'InteractionRequired',
        [System.Management.Automation.ErrorCategory]::InvalidOperation, $Prompt.parameter)
    $Cmdlet.ThrowTerminatingError($record)
}
