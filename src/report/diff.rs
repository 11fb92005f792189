//! A [`Diff`] for people (text, or Markdown for a change review) and for tools (JSON).

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::diff::{Changes, Diff};

fn section(out: &mut String, markdown: bool, title: &str, c: &Changes, added: &str, removed: &str) {
    if c.is_empty() {
        return;
    }
    if markdown {
        let _ = writeln!(out, "\n### {title}\n");
        for l in &c.removed {
            let _ = writeln!(out, "- **{removed}** `{l}`");
        }
        for l in &c.added {
            let _ = writeln!(out, "- **{added}** `{l}`");
        }
    } else {
        let _ = writeln!(out, "\n{title}:");
        for l in &c.removed {
            let _ = writeln!(out, "  - {l}");
        }
        for l in &c.added {
            let _ = writeln!(out, "  + {l}");
        }
    }
}

/// Text (`markdown = false`) or Markdown.
pub fn text(d: &Diff, markdown: bool) -> String {
    let mut out = String::new();
    if markdown {
        let _ = writeln!(out, "## cordon diff: `{}` → `{}`\n", d.old, d.new);
        let _ = writeln!(out, "| what | added | removed |\n|---|---|---|");
    } else {
        let _ = writeln!(out, "cordon diff: {} -> {}", d.old, d.new);
    }
    let rules = |m: &std::collections::BTreeMap<String, Changes>| {
        m.values()
            .fold((0, 0), |(a, r), c| (a + c.added.len(), r + c.removed.len()))
    };
    let (ra, rr) = rules(&d.rules);
    let (fa, fr) = rules(&d.firewall_rules);
    let counts = [
        ("flows", d.flows.added.len(), d.flows.removed.len()),
        ("host and client group rules", ra, rr),
        ("firewall rules", fa, fr),
        (
            "findings (removed = fixed)",
            d.findings.added.len(),
            d.findings.removed.len(),
        ),
    ];
    for (what, a, r) in counts {
        if markdown {
            let _ = writeln!(out, "| {what} | {a} | {r} |");
        } else {
            let _ = writeln!(out, "{what}: +{a} -{r}");
        }
    }
    if d.is_empty() {
        let _ = writeln!(out, "\nNo change to flows, rules or findings.");
        return out;
    }
    section(
        &mut out,
        markdown,
        "Findings",
        &d.findings,
        "introduced",
        "fixed",
    );
    section(&mut out, markdown, "Flows", &d.flows, "added", "removed");
    for (owner, c) in &d.rules {
        section(
            &mut out,
            markdown,
            &format!("Rules of {owner}"),
            c,
            "added",
            "removed",
        );
    }
    for (fw, c) in &d.firewall_rules {
        section(
            &mut out,
            markdown,
            &format!("Firewall {fw}"),
            c,
            "added",
            "removed",
        );
    }
    out
}

fn changes(c: &Changes) -> Value {
    json!({ "added": c.added, "removed": c.removed })
}

/// The `cordon.diff/1` document.
pub fn json(d: &Diff) -> Value {
    json!({
        "schema": "cordon.diff/1",
        "old": d.old,
        "new": d.new,
        "flows": changes(&d.flows),
        "rules": d.rules.iter().map(|(k, c)| (k.clone(), changes(c))).collect::<serde_json::Map<_, _>>(),
        "firewall_rules": d.firewall_rules.iter().map(|(k, c)| (k.clone(), changes(c))).collect::<serde_json::Map<_, _>>(),
        "findings": { "introduced": d.findings.added, "fixed": d.findings.removed },
    })
}
