function ReadNativePrompt {
    # Asks the user what a native flow needs and returns the answer's value.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [object] $Prompt,
        [Parameter(Mandatory)] [System.Management.Automation.PSCmdlet] $Cmdlet,
        [switch] $Force
    )

    switch ($Prompt.kind) {
        'confirm' {
            if ($Force) { return $true }
            return $Cmdlet.ShouldContinue($Prompt.message, $Prompt.caption)
        }
        'secret' {
            $secure = Read-Host -Prompt $Prompt.message -AsSecureString
            return [System.Net.NetworkCredential]::new('', $secure).Password
        }
        'choice' {
            for ($i = 0; $i -lt $Prompt.choices.Count; $i++) {
                $Cmdlet.WriteInformation([System.Management.Automation.HostInformationMessage]@{ Message = ('{0,3}. {1}' -f ($i + 1), $Prompt.choices[$i]) }, [string[]]@('PSHOST'))
            }
            while ($true) {
                $text = Read-Host -Prompt "$($Prompt.message) (1-$($Prompt.choices.Count))"
                $n = 0
                if ([int]::TryParse($text, [ref]$n) -and $n -ge 1 -and $n -le $Prompt.choices.Count) { return $n - 1 }
                $Cmdlet.WriteWarning("Enter a number from 1 to $($Prompt.choices.Count).")
            }
        }
        default {
            $label = if ($Prompt.default) { "$($Prompt.message) [$($Prompt.default)]" } else { $Prompt.message }
            return [string](Read-Host -Prompt $label)
        }
    }
}
