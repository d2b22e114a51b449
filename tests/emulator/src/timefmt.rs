//! Calendar arithmetic for the few timestamp formats AWS uses, without a date crate:
//! SigV4's `YYYYMMDDTHHMMSSZ` and ISO 8601 `YYYY-MM-DDTHH:MM:SSZ`. All times are UTC Unix seconds.

/// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn split(epoch: i64) -> (i64, i64, i64, i64, i64, i64) {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    (y, m, d, secs / 3600, (secs / 60) % 60, secs % 60)
}

/// Formats as SigV4's `X-Amz-Date` (`20150830T123600Z`).
pub fn amz_date(epoch: i64) -> String {
    let (y, mo, d, h, mi, s) = split(epoch);
    format!("{:04}{:02}{:02}T{:02}{:02}{:02}Z", y, mo, d, h, mi, s)
}

/// Formats as ISO 8601 (`2015-08-30T12:36:00Z`), the shape AWS uses in JSON and XML bodies.
pub fn iso8601(epoch: i64) -> String {
    let (y, mo, d, h, mi, s) = split(epoch);
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", y, mo, d, h, mi, s)
}

fn digits(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn checked(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<i64> {
    let valid = (1..=12).contains(&mo) && (1..=31).contains(&d) && h < 24 && mi < 60 && s < 61;
    if !valid {
        return None;
    }
    let epoch = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s;
    // Reject dates such as Feb 31 that would silently roll over.
    let (yy, mm, dd, ..) = split(epoch);
    (yy == y && mm == mo && dd == d).then_some(epoch)
}

/// Parses SigV4's strict basic format `YYYYMMDDTHHMMSSZ`.
pub fn parse_amz_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    checked(
        digits(&s[0..4])?,
        digits(&s[4..6])?,
        digits(&s[6..8])?,
        digits(&s[9..11])?,
        digits(&s[11..13])?,
        digits(&s[13..15])?,
    )
}

/// Parses ISO 8601 `YYYY-MM-DDTHH:MM:SSZ` (fractional seconds are accepted and dropped).
#[allow(dead_code)] // for services that read client timestamps; used by tests today
pub fn parse_iso8601(s: &str) -> Option<i64> {
    let s = s.strip_suffix('Z')?;
    let s = s.split('.').next()?;
    let b = s.as_bytes();
    if b.len() != 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    checked(
        digits(&s[0..4])?,
        digits(&s[5..7])?,
        digits(&s[8..10])?,
        digits(&s[11..13])?,
        digits(&s[14..16])?,
        digits(&s[17..19])?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let t = parse_amz_date("20150830T123600Z").unwrap();
        assert_eq!(t, 1_440_938_160);
        assert_eq!(amz_date(t), "20150830T123600Z");
        assert_eq!(iso8601(t), "2015-08-30T12:36:00Z");
        assert_eq!(parse_iso8601("2015-08-30T12:36:00Z"), Some(t));
        assert_eq!(parse_iso8601("2015-08-30T12:36:00.123Z"), Some(t));
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn rejects_malformed() {
        assert_eq!(parse_amz_date("2015-08-30T12:36:00Z"), None);
        assert_eq!(parse_amz_date("20150231T000000Z"), None);
        assert_eq!(parse_amz_date("20150830T246000Z"), None);
        assert_eq!(parse_amz_date("2015083OT123600Z"), None);
    }
}
