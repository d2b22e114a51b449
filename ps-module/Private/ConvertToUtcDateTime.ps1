function ConvertToUtcDateTime {
    # A native time (RFC 3339 text, or the DateTime ConvertFrom-Json made of it) as a DateTime of
    # Kind Utc, so that it compares right with Get-Date in any time zone; $null stays $null.
    param([object] $Value)

    if ($null -eq $Value -or '' -eq $Value) { return $null }
    if ($Value -is [datetime]) {
        if ($Value.Kind -eq [System.DateTimeKind]::Unspecified) { return [datetime]::SpecifyKind($Value, [System.DateTimeKind]::Utc) }
        return $Value.ToUniversalTime()
    }
    [datetime]::Parse([string]$Value, [System.Globalization.CultureInfo]::InvariantCulture,
        [System.Globalization.DateTimeStyles]::AdjustToUniversal -bor [System.Globalization.DateTimeStyles]::AssumeUniversal)
}
