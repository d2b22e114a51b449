function WriteNativeEvent {
    # Shows one non-interactive event from the native library on the right stream.
    param([object] $NativeEvent, [System.Management.Automation.PSCmdlet] $Cmdlet)

    switch ($NativeEvent.type) {
        'verbose' { $Cmdlet.WriteVerbose($NativeEvent.message) }
        # Write-Warning, not $Cmdlet.WriteWarning: -Debug makes a cmdlet's own warning preference
        # Inquire (a prompt per warning, a terminating error in a script without a console);
        # Write-Warning reads the cmdlet's $WarningPreference (-WarningAction), and its warnings
        # reach the cmdlet's -WarningVariable and warning stream all the same.
        'warning' { Write-Warning $NativeEvent.message }
        'info' { $Cmdlet.WriteInformation([System.Management.Automation.HostInformationMessage]@{ Message = $NativeEvent.message }, [string[]]@('PSHOST')) }
        'progress' {
            $record = [System.Management.Automation.ProgressRecord]::new(1, $NativeEvent.activity, $NativeEvent.status)
            if ($null -ne $NativeEvent.secondsLeft) { $record.SecondsRemaining = [int]$NativeEvent.secondsLeft }
            if ($NativeEvent.url) { $record.CurrentOperation = $NativeEvent.url }
            $Cmdlet.WriteProgress($record)
        }
    }
}
