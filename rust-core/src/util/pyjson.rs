//! JSON as Python's `json.dumps` writes it with its defaults, which is how the AWS CLI writes the
//! caches we share with it (login and IAM Identity Center alike): one line, `", "` and `": "`
//! separators, and `ensure_ascii=True`: everything outside printable ASCII escaped (`\u00e9`,
//! a surrogate pair beyond the BMP, `\n`-style short escapes where JSON has them).
//!
//! serde_json cannot be told to do either (its separators are `,`/`:` and it writes UTF-8), hence
//! this small writer.

use serde_json::{Map, Value};

/// `json.dumps(value)`; object members in the map's order.
pub fn dumps(v: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, v);
    out
}

/// An object of already rendered member values, in the order given.
pub fn object<'a>(members: impl IntoIterator<Item = (&'a str, String)>) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in members.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_string(&mut out, k);
        out.push_str(": ");
        out.push_str(&v);
    }
    out.push('}');
    out
}

/// `m`'s keys: those named in `order` first (in that order), then the others in the map's order.
pub fn ordered_keys<'a>(m: &'a Map<String, Value>, order: &[&'a str]) -> Vec<&'a str> {
    let mut keys: Vec<&str> = order.iter().copied().filter(|k| m.contains_key(*k)).collect();
    keys.extend(m.keys().map(String::as_str).filter(|k| !order.contains(k)));
    keys
}

/// An object with the members named in `order` first (the order the CLI builds its dicts in).
pub fn dumps_ordered(m: &Map<String, Value>, order: &[&str]) -> String {
    object(ordered_keys(m, order).into_iter().map(|k| (k, dumps(&m[k]))))
}

fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_string(out, s),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, x);
            }
            out.push(']');
        }
        Value::Object(m) => out.push_str(&dumps_ordered(m, &[])),
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            c => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Expected strings are what CPython 3 prints for `json.dumps` of the same value.
    #[test]
    fn matches_python() {
        assert_eq!(dumps(&json!("é\u{7f}\u{1}\"\\/\n😀")), r#""\u00e9\u007f\u0001\"\\/\n\ud83d\ude00""#);
        assert_eq!(dumps(&json!({"b": [1, null, true], "a": {}})), r#"{"a": {}, "b": [1, null, true]}"#);
        assert_eq!(dumps(&json!([])), "[]");
        let m = json!({"z": 1, "y": "x", "k": 2});
        assert_eq!(dumps_ordered(m.as_object().unwrap(), &["y", "missing"]), r#"{"y": "x", "k": 2, "z": 1}"#);
    }
}
