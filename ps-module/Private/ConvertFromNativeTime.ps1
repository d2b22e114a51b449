function ConvertFromNativeTime {
    # The one conversion of a time from the native library (RFC 3339 text such as
    # "2026-11-30T06:00:00Z" or "...+02:00", as NativeMethods.ReadJson leaves it, or a DateTime
    # already) into
    # the DateTime every cmdlet returns: the same instant as a local DateTime (Kind Local).
    # DateTime comparisons compare clock ticks and ignore Kind, and Get-Date is local, so only a
    # local value compares right with Get-Date in every time zone; a UTC one would be as many
    # hours off as the zone is from Greenwich. .ToUniversalTime() gives UTC back exactly.
    # Unspecified DateTimes are read as UTC (the native library speaks UTC only); $null and ''
    # stay $null.
    param([object] $Value)
    if ($null -eq $Value -or '' -eq $Value) { return $null }
    $utc = if ($Value -is [datetime]) {
        if ($Value.Kind -eq [System.DateTimeKind]::Local) { $Value.ToUniversalTime() } else { [datetime]::SpecifyKind($Value, [System.DateTimeKind]::Utc) }
    }
    else {
        [datetime]::Parse([string]$Value, [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AdjustToUniversal -bor [System.Globalization.DateTimeStyles]::AssumeUniversal)
    }
    $utc.ToLocalTime()
}
