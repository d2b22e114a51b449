//! Which region names are accepted: the one check every region goes through before it is put
//! into a host name, a signing scope or the config file.
//!
//! A region is valid when it is a known region or matches the region pattern of one of the AWS
//! partitions, as in the SDKs' `partitions.json` (`^(us|eu|…)\-\w+\-\d+$` and so on). The
//! patterns keep regions newer than this module usable, as the AWS Tools for PowerShell do (their
//! `RegionEndpoint.GetBySystemName` resolves any name its partitions' patterns match), while a
//! typo such as `moon-1` or `us-east1` is refused before anything is opened or written.

use crate::error::{codes, Error, Result};

/// The partitions' region patterns, each read as `PREFIX-WORD-DIGITS` where WORD is `\w+` (no
/// hyphen) and DIGITS `\d+`: the prefixes are the alternatives before the first `\w+`.
const PARTITION_PREFIXES: &[(&str, &[&str])] = &[
    ("aws", &["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"]),
    ("aws-cn", &["cn"]),
    ("aws-us-gov", &["us-gov"]),
    ("aws-iso", &["us-iso"]),
    ("aws-iso-b", &["us-isob"]),
    ("aws-iso-e", &["eu-isoe"]),
    ("aws-iso-f", &["us-isof"]),
    ("aws-eusc", &["eusc-de"]),
];

/// Region names that no pattern matches: the partitions' global pseudo-regions.
const KNOWN_OTHERS: &[&str] = &[
    "aws-global",
    "aws-cn-global",
    "aws-us-gov-global",
    "aws-iso-global",
    "aws-iso-b-global",
    "aws-iso-e-global",
    "aws-iso-f-global",
];

/// The partition of `region`: the known region's, else the one whose pattern it matches.
pub fn partition_of(region: &str) -> Option<&'static str> {
    if let Some(known) = super::known::lookup(region) {
        return Some(known.partition);
    }
    if let Some(known) = KNOWN_OTHERS.iter().find(|k| **k == region) {
        return Some(known.trim_end_matches("-global"));
    }
    PARTITION_PREFIXES
        .iter()
        .find_map(|(partition, prefixes)| prefixes.iter().any(|p| matches_pattern(region, p)).then_some(*partition))
}

/// `region` is `{prefix}-{\w+}-{\d+}`.
fn matches_pattern(region: &str, prefix: &str) -> bool {
    let Some(rest) = region.strip_prefix(prefix).and_then(|r| r.strip_prefix('-')) else {
        return false;
    };
    let Some((word, digits)) = rest.split_once('-') else {
        return false;
    };
    !word.is_empty()
        && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Host-name safety on top of the patterns (`\w` also matches capitals and `_`): lowercase
/// letters, digits and single hyphens only.
fn safe_in_host(region: &str) -> bool {
    region.len() <= 50
        && region.split('-').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Checks a region given as `label` (the parameter or setting it came from, e.g. `Region` or
/// `SSORegion`). The message starts as the AWS cmdlets' does: "Region moon-1 is not valid."
pub fn validate_region_as(label: &str, region: &str) -> Result<()> {
    if safe_in_host(region) && partition_of(region).is_some() {
        return Ok(());
    }
    Err(Error::of(
        codes::INVALID_REGION,
        format!(
            "{label} {} is not valid. Give the code of an AWS Region, such as us-east-1, eu-west-1, cn-north-1 or us-gov-west-1 (lowercase; see https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html). Nothing was changed.",
            region.escape_debug()
        ),
    ))
}

/// [`validate_region_as`] for a region from `-Region`, the environment or the profile.
pub fn validate_region(region: &str) -> Result<()> {
    validate_region_as("Region", region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_of_every_partition_and_newer_ones() {
        for ok in [
            "us-east-1",
            "eu-central-2",
            "mx-central-1",
            "il-central-1",
            "ap-southeast-7",
            "cn-north-1",
            "us-gov-west-1",
            "us-iso-east-1",
            "us-isob-east-1",
            "eu-isoe-west-1",
            "us-isof-south-1",
            "eusc-de-east-1",
            "aws-global",
            "aws-cn-global",
            // Newer than this module: the partition's pattern accepts them.
            "ap-northeast-9",
            "eu-southwest-4",
        ] {
            validate_region(ok).unwrap_or_else(|e| panic!("{ok}: {}", e.message));
        }
        assert_eq!(partition_of("us-gov-east-1"), Some("aws-us-gov"));
        assert_eq!(partition_of("cn-northwest-1"), Some("aws-cn"));
        assert_eq!(partition_of("us-west-2"), Some("aws"));
        assert_eq!(partition_of("aws-us-gov-global"), Some("aws-us-gov"));
    }

    #[test]
    fn every_known_region_fits_its_partitions_pattern() {
        // The table and the patterns are two views of one knowledge: a region added to the table
        // under the wrong partition, or a partition whose prefix the patterns lack, shows here.
        for r in super::super::known::REGIONS {
            validate_region(r.code).unwrap_or_else(|e| panic!("{}: {}", r.code, e.message));
            let by_pattern = PARTITION_PREFIXES.iter().find_map(|(partition, prefixes)| {
                prefixes.iter().any(|p| matches_pattern(r.code, p)).then_some(*partition)
            });
            assert_eq!(by_pattern, Some(r.partition), "{}", r.code);
        }
    }

    #[test]
    fn refuses_what_no_partition_has() {
        for bad in [
            "moon-1",
            "us-east1",
            "useast-1",
            "xx-east-1",
            "us-east-1/evil",
            "us east 1",
            "",
            "US-EAST-1",
            "us-East-1",
            "us-ea_st-1",
            "us--east-1",
            "us-east-1.",
            "us-east-1-",
            "us-east-x",
            "eusc-fr-east-1",
            "a\nb",
        ] {
            assert_eq!(validate_region(bad).unwrap_err().code, "InvalidRegion", "{bad:?}");
        }
        let e = validate_region_as("SSORegion", "moon-1").unwrap_err();
        assert!(e.message.starts_with("SSORegion moon-1 is not valid."), "{}", e.message);
    }
}
