//! The regions this module knows by name: codes, the names the AWS console and SDKs show
//! (tooltips of `-Region` completion) and their partitions.
//!
//! A region missing here is not necessarily wrong: AWS opens regions after a module ships, and
//! the AWS tools accept a code that fits a partition's pattern ([`super::valid`]). This table is
//! the list of known regions, not the rule for valid ones.

/// A region code, its name as the AWS console and SDKs show it, and its partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub code: &'static str,
    pub name: &'static str,
    pub partition: &'static str,
}

const fn r(code: &'static str, name: &'static str, partition: &'static str) -> Region {
    Region { code, name, partition }
}

/// Every known region, sorted by partition (commercial first) then code.
pub const REGIONS: &[Region] = &[
    r("af-south-1", "Africa (Cape Town)", "aws"),
    r("ap-east-1", "Asia Pacific (Hong Kong)", "aws"),
    r("ap-east-2", "Asia Pacific (Taipei)", "aws"),
    r("ap-northeast-1", "Asia Pacific (Tokyo)", "aws"),
    r("ap-northeast-2", "Asia Pacific (Seoul)", "aws"),
    r("ap-northeast-3", "Asia Pacific (Osaka)", "aws"),
    r("ap-south-1", "Asia Pacific (Mumbai)", "aws"),
    r("ap-south-2", "Asia Pacific (Hyderabad)", "aws"),
    r("ap-southeast-1", "Asia Pacific (Singapore)", "aws"),
    r("ap-southeast-2", "Asia Pacific (Sydney)", "aws"),
    r("ap-southeast-3", "Asia Pacific (Jakarta)", "aws"),
    r("ap-southeast-4", "Asia Pacific (Melbourne)", "aws"),
    r("ap-southeast-5", "Asia Pacific (Malaysia)", "aws"),
    r("ap-southeast-6", "Asia Pacific (New Zealand)", "aws"),
    r("ap-southeast-7", "Asia Pacific (Thailand)", "aws"),
    r("ca-central-1", "Canada (Central)", "aws"),
    r("ca-west-1", "Canada West (Calgary)", "aws"),
    r("eu-central-1", "Europe (Frankfurt)", "aws"),
    r("eu-central-2", "Europe (Zurich)", "aws"),
    r("eu-north-1", "Europe (Stockholm)", "aws"),
    r("eu-south-1", "Europe (Milan)", "aws"),
    r("eu-south-2", "Europe (Spain)", "aws"),
    r("eu-west-1", "Europe (Ireland)", "aws"),
    r("eu-west-2", "Europe (London)", "aws"),
    r("eu-west-3", "Europe (Paris)", "aws"),
    r("il-central-1", "Israel (Tel Aviv)", "aws"),
    r("me-central-1", "Middle East (UAE)", "aws"),
    r("me-south-1", "Middle East (Bahrain)", "aws"),
    r("mx-central-1", "Mexico (Central)", "aws"),
    r("sa-east-1", "South America (Sao Paulo)", "aws"),
    r("us-east-1", "US East (N. Virginia)", "aws"),
    r("us-east-2", "US East (Ohio)", "aws"),
    r("us-west-1", "US West (N. California)", "aws"),
    r("us-west-2", "US West (Oregon)", "aws"),
    r("cn-north-1", "China (Beijing)", "aws-cn"),
    r("cn-northwest-1", "China (Ningxia)", "aws-cn"),
    r("us-gov-east-1", "AWS GovCloud (US-East)", "aws-us-gov"),
    r("us-gov-west-1", "AWS GovCloud (US-West)", "aws-us-gov"),
    r("us-iso-east-1", "US ISO East", "aws-iso"),
    r("us-iso-west-1", "US ISO West", "aws-iso"),
    r("us-isob-east-1", "US ISOB East (Ohio)", "aws-iso-b"),
    r("eu-isoe-west-1", "EU ISOE West", "aws-iso-e"),
    r("us-isof-east-1", "US ISOF East", "aws-iso-f"),
    r("us-isof-south-1", "US ISOF South", "aws-iso-f"),
    r("eusc-de-east-1", "AWS European Sovereign Cloud (Germany)", "aws-eusc"),
];

/// The known region with this code.
pub fn lookup(code: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_lowercase_and_named() {
        let mut seen = std::collections::HashSet::new();
        for region in REGIONS {
            assert!(seen.insert(region.code), "{} twice", region.code);
            assert!(
                region.code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                region.code
            );
            assert!(region.code.rsplit('-').next().unwrap().parse::<u32>().is_ok(), "{}", region.code);
            assert!(!region.name.is_empty() && region.partition.starts_with("aws"));
        }
    }

    #[test]
    fn lookup_finds_known_regions_only() {
        assert_eq!(lookup("eu-west-1").map(|r| r.name), Some("Europe (Ireland)"));
        assert_eq!(lookup("cn-north-1").map(|r| r.partition), Some("aws-cn"));
        assert_eq!(lookup("moon-1"), None);
    }
}
