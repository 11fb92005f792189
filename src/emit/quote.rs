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

/// A PowerShell single-quoted string literal. Inside one, only the quote characters are
/// special, and PowerShell counts the typographic single quotes (U+2018 to U+201B) as
/// quotes too: each is doubled. Nothing else is interpreted — no `$`, no backtick.
pub fn powershell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
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
    fn powershell_literals_double_every_kind_of_single_quote() {
        assert_eq!(powershell("CM01"), "'CM01'");
        assert_eq!(powershell("a' ; rm -rf /"), "'a'' ; rm -rf /'");
        assert_eq!(
            powershell("x\"; Remove-Item $env:x `n"),
            "'x\"; Remove-Item $env:x `n'"
        );
        assert_eq!(powershell("\u{2019}"), "'\u{2019}\u{2019}'");
    }

    #[test]
    fn comments_stay_on_one_line() {
        assert_eq!(comment("a\nb\rc"), "a b c");
    }
}
