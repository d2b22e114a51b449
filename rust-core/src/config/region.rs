//! The region a call uses when no `-Region` is given, found the same way by every operation:
//! `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`.

use super::Profile;
use crate::os::Env;

/// A region and where it was found (for `-Verbose` and messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfiguredRegion {
    pub name: String,
    pub source: String,
}

/// The configured region, or `None` when neither the environment nor the profile sets one.
pub fn configured_region(env: &dyn Env, profile_name: &str, profile: Option<&Profile>) -> Option<ConfiguredRegion> {
    let found = |name: String, source: String| Some(ConfiguredRegion { name, source });
    if let Some(r) = env.var_nonempty("AWS_REGION") {
        return found(r, "AWS_REGION".into());
    }
    if let Some(r) = env.var_nonempty("AWS_DEFAULT_REGION") {
        return found(r, "AWS_DEFAULT_REGION".into());
    }
    let r = profile?.get("region").map(str::trim).filter(|r| !r.is_empty())?;
    found(r.to_string(), format!("profile '{profile_name}'"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ProfileSet;
    use crate::os::MapEnv;

    #[test]
    fn environment_then_profile() {
        let set = ProfileSet::parse(Some("[profile p]\nregion = eu-west-1\n"), None).unwrap();
        let p = set.profile("p");
        let env = |pairs: &[(&str, &str)]| MapEnv::from_pairs(pairs.iter().copied());
        let name = |e: &MapEnv| configured_region(e, "p", p).map(|r| (r.name, r.source));
        assert_eq!(name(&env(&[])), Some(("eu-west-1".into(), "profile 'p'".into())));
        assert_eq!(
            name(&env(&[("AWS_DEFAULT_REGION", "us-west-2")])),
            Some(("us-west-2".into(), "AWS_DEFAULT_REGION".into()))
        );
        assert_eq!(
            name(&env(&[("AWS_DEFAULT_REGION", "us-west-2"), ("AWS_REGION", " ap-south-1 ")])),
            Some(("ap-south-1".into(), "AWS_REGION".into()))
        );
        assert_eq!(name(&env(&[("AWS_REGION", "  ")])), Some(("eu-west-1".into(), "profile 'p'".into())));
        assert_eq!(configured_region(&env(&[]), "q", None), None);
    }
}
