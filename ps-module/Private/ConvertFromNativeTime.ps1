function ConvertFromNativeTime {
    # A time from the native library (RFC 3339 text such as "2026-11-30T06:00:00Z", or the UTC
    # DateTime ConvertFrom-Json makes of it) as a local DateTime (Kind Local): DateTime
    # comparisons ignore Kind, so only a local value compares right with Get-Date in every time
    # zone (a UTC value is as many hours off as the zone is from Greenwich).
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
