//! Just enough XML for STS replies: the text of the first element with a given name.
//!
//! STS replies are small, flat and machine-written; a full parser would add a crate for
//! nothing. Namespaced or prefixed tags (`<sts:Arn>`) are matched by local name.

/// Decodes the five predefined entities and numeric character references.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let Some(end) = after.find(';') else {
            out.push_str(after);
            return out;
        };
        let entity = &after[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") || e.starts_with("#X") => {
                u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32)
            }
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The unescaped text of the first element named `name` (local name), if any.
pub fn element_text(doc: &str, name: &str) -> Option<String> {
    let mut pos = 0;
    while let Some(off) = doc[pos..].find('<') {
        let start = pos + off + 1;
        let tag_end = start + doc[start..].find('>')?;
        let tag = &doc[start..tag_end];
        pos = tag_end + 1;
        if tag.starts_with('/') || tag.starts_with('?') || tag.starts_with('!') || tag.ends_with('/') {
            continue;
        }
        let tag_name = tag.split_whitespace().next().unwrap_or("");
        let local = tag_name.rsplit(':').next().unwrap_or(tag_name);
        if local == name {
            let close = format!("</{tag_name}>");
            let end = pos + doc[pos..].find(&close)?;
            return Some(unescape(doc[pos..end].trim()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_elements() {
        let doc = r#"<?xml version="1.0"?><GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult><Arn>arn:aws:iam::1:user/a&amp;b</Arn><UserId>AIDA</UserId><Account>123</Account></GetCallerIdentityResult>
  <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>"#;
        assert_eq!(element_text(doc, "Arn").as_deref(), Some("arn:aws:iam::1:user/a&b"));
        assert_eq!(element_text(doc, "RequestId").as_deref(), Some("r-1"));
        assert_eq!(element_text(doc, "Missing"), None);
        assert_eq!(element_text("<a:Code>X</a:Code>", "Code").as_deref(), Some("X"));
        assert_eq!(unescape("&lt;&#65;&#x42;&bogus;&"), "<AB&bogus;&");
    }
}
