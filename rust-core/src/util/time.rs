//! RFC 3339 timestamps as the AWS tools write them (`2025-09-14T04:05:45Z`) and read them
//! (fractional seconds and numeric offsets too), and SigV4's basic format.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Whole seconds since the Unix epoch (negative before it), clamped to years 1 to 9999.
pub fn epoch_seconds(t: SystemTime) -> i64 {
    let s = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    };
    s.clamp(MIN_EPOCH_SECONDS, MAX_EPOCH_SECONDS)
}

/// The latest instant the AWS tools' timestamp format holds, 9999-12-31T23:59:59Z (Python's
/// `datetime` ends there, so the CLI could not read a later one).
pub const MAX_EPOCH_SECONDS: i64 = 253_402_300_799;
/// The earliest, 0001-01-01T00:00:00Z.
pub const MIN_EPOCH_SECONDS: i64 = -62_135_596_800;

/// The instant `s` seconds after the epoch, clamped to years 1 to 9999: `s` may be any number a
/// service sent, and every later step (formatting, `SystemTime` arithmetic) stays in range.
pub fn from_epoch_seconds(s: i64) -> SystemTime {
    let s = s.clamp(MIN_EPOCH_SECONDS, MAX_EPOCH_SECONDS);
    if s >= 0 {
        UNIX_EPOCH + Duration::from_secs(s as u64)
    } else {
        UNIX_EPOCH - Duration::from_secs((-s) as u64)
    }
}

/// `t` plus a duration that came from a service, saturating at [`MAX_EPOCH_SECONDS`]: plain
/// `SystemTime + Duration` panics on overflow ("overflow when adding duration to instant").
pub fn saturating_add(t: SystemTime, d: Duration) -> SystemTime {
    let max = from_epoch_seconds(MAX_EPOCH_SECONDS);
    t.checked_add(d).map_or(max, |sum| sum.min(max))
}

/// A lifetime in seconds that a service sent, believed up to `max` (a longer one is not: the
/// cache would keep dead credentials for years). Negative counts as 0.
pub fn service_lifetime(seconds: i64, max: Duration) -> Duration {
    Duration::from_secs(seconds.max(0) as u64).min(max)
}

/// A JSON number a service sent as a whole number, saturating at the ends of `i64` (so 2^64-1
/// is "very large", not absent). Fractions, strings and other types are `None`.
pub fn service_integer(v: &serde_json::Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_u64().map(|_| i64::MAX))
}

fn parts(t: SystemTime) -> (i64, u32, u32, u32, u32, u32) {
    let s = epoch_seconds(t);
    let days = s.div_euclid(86400);
    let rem = s.rem_euclid(86400);
    let (y, m, d) = civil_from_days(days);
    (y, m, d, (rem / 3600) as u32, ((rem % 3600) / 60) as u32, (rem % 60) as u32)
}

/// `YYYY-MM-DDTHH:MM:SSZ`, the form the AWS CLI writes in its caches.
pub fn format_rfc3339(t: SystemTime) -> String {
    let (y, mo, d, h, mi, s) = parts(t);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// `YYYYMMDDTHHMMSSZ`, SigV4's `X-Amz-Date`.
pub fn format_amz_date(t: SystemTime) -> String {
    let (y, mo, d, h, mi, s) = parts(t);
    format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]` (also with a space or lowercase `t`/`z`), as the
/// CLI, the .NET SDK and the JS SDK write them. Fractions are dropped (truncated to the second).
pub fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    let b = text.trim().as_bytes();
    if b.len() < 19 {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = std::str::from_utf8(b.get(r)?).ok()?;
        if !s.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (y, mo, d, h, mi, s) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    let offset = match b.get(i) {
        Some(b'Z') | Some(b'z') if i + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) if b.len() == i + 6 && b[i + 3] == b':' => {
            let off = num(i + 1..i + 3)? * 3600 + num(i + 4..i + 6)? * 60;
            if *sign == b'+' {
                off
            } else {
                -off
            }
        }
        _ => return None,
    };
    let secs = days_from_civil(y, mo as u32, d as u32) * 86400 + h * 3600 + mi * 60 + s - offset;
    Some(from_epoch_seconds(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_variants() {
        let t = parse_rfc3339("2025-09-14T04:05:45Z").unwrap();
        assert_eq!(format_rfc3339(t), "2025-09-14T04:05:45Z");
        assert_eq!(format_amz_date(t), "20250914T040545Z");
        assert_eq!(parse_rfc3339("2025-09-14T04:05:45.123456Z"), Some(t));
        assert_eq!(parse_rfc3339("2025-09-14T06:05:45+02:00"), Some(t));
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(UNIX_EPOCH));
        assert_eq!(format_rfc3339(from_epoch_seconds(951782400)), "2000-02-29T00:00:00Z");
        assert!(parse_rfc3339("2025-13-14T04:05:45Z").is_none());
        assert!(parse_rfc3339("2025-09-14T04:05:45").is_none());
        assert!(parse_rfc3339("garbage").is_none());
    }

    #[test]
    fn service_numbers_never_panic_and_stay_in_the_format() {
        for s in [i64::MIN, i64::MIN + 1, -1, 0, 1 << 53, i64::MAX, MAX_EPOCH_SECONDS + 1] {
            let t = from_epoch_seconds(s);
            let text = format_rfc3339(t);
            assert_eq!(parse_rfc3339(&text), Some(t), "{s} -> {text}");
        }
        assert_eq!(format_rfc3339(from_epoch_seconds(i64::MAX)), "9999-12-31T23:59:59Z");
        assert_eq!(format_rfc3339(from_epoch_seconds(i64::MIN)), "0001-01-01T00:00:00Z");
        let now = parse_rfc3339("2026-01-01T00:00:00Z").unwrap();
        assert_eq!(format_rfc3339(saturating_add(now, Duration::MAX)), "9999-12-31T23:59:59Z");
        assert_eq!(format_rfc3339(saturating_add(now, Duration::from_secs(60))), "2026-01-01T00:01:00Z");
        let hour = Duration::from_secs(3600);
        assert_eq!(service_lifetime(i64::MAX, hour), hour);
        assert_eq!(service_lifetime(-1, hour), Duration::ZERO);
        assert_eq!(service_lifetime(900, hour), Duration::from_secs(900));
        use serde_json::json;
        assert_eq!(service_integer(&json!(u64::MAX)), Some(i64::MAX));
        assert_eq!(service_integer(&json!(-1)), Some(-1));
        for v in [json!(1.5), json!(1e300), json!("900"), json!(null), json!(true)] {
            assert_eq!(service_integer(&v), None, "{v}");
        }
    }
}
