//! Quoting for each output language: the one place where names from the topology become
//! text of another language, so that a name is always data and never code.

/// A name as one path component: ASCII letters, digits, `.`, `_` and `-` stay; every
/// other byte becomes `%XX`, so distinct names give distinct, portable file names and no
/// name can climb out of the output directory.
pub fn file_component(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' => out.push(char::from(b)),
            b'.' if !out.is_empty() => out.push('.'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Text for a `#` comment line (nftables, swanctl, shell): one line, nothing that could
/// end the comment. Topology names hold no control characters; this is the second guard.
pub fn comment(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_components_cannot_escape_or_collide() {
        assert_eq!(file_component("CM01"), "CM01");
        assert_eq!(file_component("../etc"), "%2E.%2Fetc");
        assert_eq!(file_component(".."), "%2E.");
        assert_eq!(file_component("a b"), "a%20b");
        assert_eq!(file_component("x\"; rm -rf /"), "x%22%3B%20rm%20-rf%20%2F");
        assert_eq!(file_component("fw.edge"), "fw.edge");
        assert_ne!(file_component("a/b"), file_component("a_b"));
        assert_eq!(file_component("é"), "%C3%A9");
    }

    #[test]
    fn comments_stay_on_one_line() {
        assert_eq!(comment("a\nb\rc"), "a b c");
    }
}
