//! strongSwan's `swanctl.conf`, read back: the settings syntax of strongswan.conf(5)
//! (`name { ... }` sections, `key = value` lines, `#` comments, double-quoted values),
//! flattened to key paths (`connections` `web` `children` `r01-web` `esp_proposals`) with
//! the place of each value, so two files compare key by key.
//!
//! `include` and section references (`name : base { }`) are refused with a located error:
//! the file a drift check reads must be the whole configuration, not a piece of it.

use std::collections::BTreeMap;
use std::ops::Range;

/// One value, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    /// The value as charon reads it (quotes removed, surrounding blanks trimmed).
    pub text: String,
    /// Byte range of its `key = value` line.
    pub span: Range<usize>,
}

/// A swanctl.conf as key paths. Sections appear as keys too (with an empty value), so a
/// section without settings still exists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Conf {
    /// Every key path, sorted.
    pub keys: BTreeMap<Vec<String>, Value>,
}

/// Why a file cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{what}")]
pub struct ReadError {
    /// Where.
    pub span: Range<usize>,
    /// What is wrong.
    pub what: String,
}

/// How deep sections may nest (swanctl.conf itself needs five: connections, a connection,
/// children, a child, and nothing below).
const MAX_DEPTH: usize = 32;

/// Reads a swanctl.conf.
pub fn read(text: &str) -> Result<Conf, ReadError> {
    let mut conf = Conf::default();
    // Open sections: (key path, where the section opened).
    let mut open: Vec<(Vec<String>, Range<usize>)> = Vec::new();
    let mut pending: Option<(String, Range<usize>)> = None;
    let mut at = 0;
    let bytes = text.as_bytes();
    let fail = |span: Range<usize>, what: &str| ReadError {
        span,
        what: what.to_string(),
    };
    while at < bytes.len() {
        let c = bytes[at];
        if c.is_ascii_whitespace() {
            at += 1;
            continue;
        }
        if c == b'#' {
            at = line_end(text, at);
            continue;
        }
        if c == b'}' {
            if pending.is_some() {
                return Err(fail(at..at + 1, "a name without `{` or `=` before `}`"));
            }
            if open.pop().is_none() {
                return Err(fail(at..at + 1, "`}` closes no section"));
            }
            at += 1;
            continue;
        }
        if c == b'{' {
            let Some((name, span)) = pending.take() else {
                return Err(fail(at..at + 1, "`{` without a section name"));
            };
            if open.len() >= MAX_DEPTH {
                return Err(fail(
                    span,
                    "sections nest deeper than any swanctl.conf does (32 levels)",
                ));
            }
            let path = key_path(&open, &name);
            conf.keys.entry(path.clone()).or_insert(Value {
                text: String::new(),
                span: span.clone(),
            });
            open.push((path, span));
            at += 1;
            continue;
        }
        if c == b'=' {
            let Some((name, span)) = pending.take() else {
                return Err(fail(at..at + 1, "`=` without a key"));
            };
            let (value, end) = value(text, at + 1).map_err(|what| fail(span.clone(), &what))?;
            let path = key_path(&open, &name);
            conf.keys.insert(
                path,
                Value {
                    text: value,
                    span: span.start..end,
                },
            );
            at = end;
            continue;
        }
        // A name: up to blanks or a special character.
        let start = at;
        while at < bytes.len() && !b" \t\r\n{}=#".contains(&bytes[at]) {
            at += 1;
        }
        let name = &text[start..at];
        if pending.is_some() {
            let span = pending.as_ref().map_or(start..at, |(_, s)| s.start..at);
            return Err(if name == ":" || name.starts_with(':') {
                fail(
                    span,
                    "a section that references another (`name : base`); write the section out whole",
                )
            } else {
                fail(span, "two names in a row; expected `=` or `{` after a name")
            });
        }
        if name == "include" && open.is_empty() {
            return Err(fail(
                start..line_end(text, start),
                "`include`: give cordon the whole configuration in one file (swanctl --load-all reads it that way too)",
            ));
        }
        pending = Some((name.to_string(), start..at));
    }
    if let Some((_, span)) = pending {
        return Err(fail(
            span,
            "a name without `{` or `=` at the end of the file",
        ));
    }
    if let Some((_, span)) = open.pop() {
        return Err(fail(span, "this section is never closed with `}`"));
    }
    Ok(conf)
}

fn key_path(open: &[(Vec<String>, Range<usize>)], name: &str) -> Vec<String> {
    let mut path = open.last().map(|(p, _)| p.clone()).unwrap_or_default();
    path.push(name.to_string());
    path
}

fn line_end(text: &str, from: usize) -> usize {
    text[from..].find('\n').map_or(text.len(), |i| from + i)
}

/// A value after `=`: a double-quoted string (which may span lines, with `\"` and `\\`
/// escapes), or the rest of the line up to a comment. Returns it and where it ends.
fn value(text: &str, from: usize) -> Result<(String, usize), String> {
    let rest = &text[from..];
    let lead = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let start = from + lead;
    if text[start..].starts_with('"') {
        let mut out = String::new();
        let mut chars = text[start + 1..].char_indices();
        while let Some((i, ch)) = chars.next() {
            match ch {
                '"' => return Ok((out, start + 1 + i + 1)),
                '\\' => match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, 't')) => out.push('\t'),
                    Some((_, other)) => out.push(other),
                    None => break,
                },
                other => out.push(other),
            }
        }
        return Err("a quoted value is never closed with `\"`".into());
    }
    let end = line_end(text, start);
    let line = &text[start..end];
    let cut = line.find('#').unwrap_or(line.len());
    Ok((line[..cut].trim().to_string(), end))
}

/// A list value (`a, b, c`) as its items.
pub fn items(value: &str) -> Vec<String> {
    item_iter(value).map(str::to_string).collect()
}

/// The items of a list value, borrowed from it.
pub fn item_iter(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_keys_quotes_and_comments() {
        let text = "connections {\n\tweb { # the web\n\t\tproposals = aes256-sha256-ecp384 , aes128-sha256-modp2048 # two\n\t\tlocal {\n\t\t\tid = \"CN=a \\\"b\\\"\"\n\t\t}\n\t}\n}\n";
        let conf = read(text).unwrap();
        let keys: Vec<String> = conf.keys.keys().map(|k| k.join(".")).collect();
        assert_eq!(
            keys,
            [
                "connections",
                "connections.web",
                "connections.web.local",
                "connections.web.local.id",
                "connections.web.proposals"
            ]
        );
        let key = |k: &str| k.split('.').map(str::to_string).collect::<Vec<_>>();
        let p = &conf.keys[&key("connections.web.proposals")];
        assert_eq!(
            items(&p.text),
            ["aes256-sha256-ecp384", "aes128-sha256-modp2048"]
        );
        assert!(text[p.span.clone()].starts_with("proposals ="));
        assert_eq!(
            conf.keys[&key("connections.web.local.id")].text,
            "CN=a \"b\""
        );
    }

    #[test]
    fn broken_files_are_located_errors() {
        for (text, what) in [
            ("connections {\n web {\n", "never closed"),
            ("}\n", "closes no section"),
            ("include /etc/swanctl/conf.d/*.conf\n", "include"),
            (
                "connections {\n web : base {\n }\n}\n",
                "references another",
            ),
            ("a = \"open\n", "never closed"),
            ("connections web {\n}\n", "two names"),
        ] {
            let e = read(text).unwrap_err();
            assert!(e.what.contains(what), "{text:?}: {e}");
            assert!(e.span.end <= text.len());
        }
    }
}
