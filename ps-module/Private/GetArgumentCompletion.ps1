function GetArgumentCompletion {
    # The argument completer of -ProfileName, -SessionName, -Region, -SSORegion and -Select.
    # Every public command names it in an [ArgumentCompleter()] attribute on those parameters
    # (tests/Private/GetArgumentCompletion.Tests.ps1 fails for one that does not), rather than
    # Register-ArgumentCompleter at import: that cmdlet's first call costs 25-100 ms in a fresh
    # pwsh, an attribute nothing until the user presses Tab. The attribute's script block runs
    # outside the module, hence `& (Get-Command $args[0]).Module { ... }` to reach this private
    # function. Profile and sso-session names come from the native
    # parser (the one the cmdlets use, so a name it offers is a name they accept) and regions
    # from the native region table. When something fails (a config file with a syntax error,
    # say) it completes nothing: an error printed into the middle of a command line helps nobody.
    param($commandName, $parameterName, $wordToComplete, $commandAst, $fakeBoundParameters)

    # What the user typed so far, without the quote they may have opened (and keep).
    $quote = if ($wordToComplete -match '^[''"]') { $wordToComplete[0] } else { '' }
    $typed = $wordToComplete -replace '^[''"]', '' -replace '[''"]$', ''
    $pattern = [System.Management.Automation.WildcardPattern]::Escape($typed) + '*'
    $candidates = try {
        switch ($parameterName) {
            { $_ -in 'ProfileName', 'SessionName' } {
                $parameters = @{}
                $location = $fakeBoundParameters['ProfileLocation']
                if ($location -is [string] -and $location) {
                    # Relative to PowerShell's current folder, which is not the process's.
                    $parameters.ProfileLocation = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($location)
                }
                $response = [AwsLogin.Native.NativeMethods]::Call('ListProfiles', (NewNativeRequest -Parameters $parameters))
                if (-not $response.ok) { return }
                if ($parameterName -eq 'ProfileName') {
                    foreach ($entry in $response.result.profiles) {
                        @{ Text = $entry.ProfileName; ToolTip = "profile $($entry.ProfileName) ($(@($entry.Files) -join ', '))" }
                    }
                }
                else {
                    foreach ($session in $response.result.ssoSessions) {
                        @{ Text = $session.name; ToolTip = "sso-session $($session.name) ($($response.result.configPath))" }
                    }
                }
            }
            { $_ -in 'Region', 'SSORegion' } {
                foreach ($region in [AwsLogin.Native.NativeMethods]::Call('Regions', '{}').result.regions) { @{ Text = $region.code; ToolTip = "$($region.code): $($region.name)" } }
            }
            'Select' {
                # What the command's own validation accepts, so the list cannot drift from it:
                # a ValidateSet's values, or the literal alternatives of a ValidatePattern.
                $parameter = (Get-Command -Name $commandName).Parameters['Select']
                foreach ($attribute in $parameter.Attributes) {
                    $values = if ($attribute -is [System.Management.Automation.ValidateSetAttribute]) { $attribute.ValidValues }
                    elseif ($attribute -is [System.Management.Automation.ValidatePatternAttribute]) {
                        $attribute.RegexPattern -replace '^\^\(', '' -replace '\)\$$', '' -split '\|' | ForEach-Object { $_ -replace '\\(\W)', '$1' } | Where-Object { $_ -match '^[\w*]+$' }
                    }
                    foreach ($value in $values) {
                        $tip = if ($value -eq '*') { 'the whole result' } else { "only the $value property of the result" }
                        @{ Text = $value; ToolTip = $tip }
                    }
                }
                # ^Name returns the value given to -Name, as in the AWS Tools.
                $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
                foreach ($name in (Get-Command -Name $commandName).Parameters.Keys) {
                    if ($name -notin $common -and $name -ne 'Select') { @{ Text = "^$name"; ToolTip = "the value given to -$name" } }
                }
            }
        }
    }
    catch { return }

    foreach ($candidate in $candidates) {
        if ($candidate.Text -notlike $pattern) { continue }
        $text = $candidate.Text
        if ($quote) {
            # Names are A-Z a-z 0-9 - / . % @ _ : + only, so nothing inside needs escaping.
            [System.Management.Automation.CompletionResult]::new("$quote$text$quote", $text, 'ParameterValue', $candidate.ToolTip)
            continue
        }
        # Quote what PowerShell would not read back as this one bare word (a leading - or @,
        # a space, ...).
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput("x $text", [ref]$tokens, [ref]$errors)
        $element = $ast.EndBlock.Statements[0].PipelineElements[0].CommandElements
        if ($errors.Count -or $element.Count -ne 2 -or $element[1] -isnot [System.Management.Automation.Language.StringConstantExpressionAst] -or $element[1].Value -cne $text) {
            $text = "'" + [System.Management.Automation.Language.CodeGeneration]::EscapeSingleQuotedStringContent($text) + "'"
        }
        [System.Management.Automation.CompletionResult]::new($text, $candidate.Text, 'ParameterValue', $candidate.ToolTip)
    }
}
