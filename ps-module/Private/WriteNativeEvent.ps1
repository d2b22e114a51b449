function WriteNativeEvent {
    # Shows one non-interactive event from the native library on the right stream.
    param([object] $NativeEvent, [System.Management.Automation.PSCmdlet] $Cmdlet)

    switch ($NativeEvent.type) {
        'verbose' { $Cmdlet.WriteVerbose($NativeEvent.message) }
        'warning' { $Cmdlet.WriteWarning($NativeEvent.message) }
        'info' { $Cmdlet.WriteInformation([System.Management.Automation.HostInformationMessage]@{ Message = $NativeEvent.message }, [string[]]@('PSHOST')) }
        'progress' {
            $record = [System.Management.Automation.ProgressRecord]::new(1, $NativeEvent.activity, $NativeEvent.status)
            if ($null -ne $NativeEvent.secondsLeft) { $record.SecondsRemaining = [int]$NativeEvent.secondsLeft }
            if ($NativeEvent.url) { $record.CurrentOperation = $NativeEvent.url }
            $Cmdlet.WriteProgress($record)
        }
    }
}
