//! Findings of `verify` as text (rustc style, pointing into the topology file) and JSON.
//!
//! JSON contract (`cordon.verify/1`):
//! `{ "schema", "summary": { "error", "warning", "note" }, "findings": [ { "code",
//! "severity", "message", "file", "line", "column", "fix", "flows": [ids] } ] }`.

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::Plan;
use crate::diag::{self, Diagnostic, Diagnostics};
use crate::source::SourceMap;
use crate::verify::{Finding, Severity};

/// Findings as rustc-style diagnostics, then a one-line summary.
pub fn text(findings: &[Finding], sources: &SourceMap, styled: bool) -> String {
    let diags = Diagnostics(
        findings
            .iter()
            .map(|f| Diagnostic {
                code: f.code.name(),
                severity: match f.severity() {
                    Severity::Error => diag::Severity::Error,
                    Severity::Warning => diag::Severity::Warning,
                    Severity::Note => diag::Severity::Note,
                },
                message: f.message.clone(),
                span: f.span.clone(),
                label: String::new(),
                related: Vec::new(),
                help: Some(f.fix.clone()),
            })
            .collect(),
    );
    let mut out = diag::render(&diags, sources, styled);
    out.push_str(&summary_line(findings));
    out.push('\n');
    out
}

/// `verify: 2 errors, 1 warning, 3 notes`.
fn summary_line(findings: &[Finding]) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity() == s).count();
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    format!(
        "verify: {}, {}, {}",
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        plural(count(Severity::Note), "note")
    )
}

/// The JSON document.
pub fn json(
    plan: &Plan<'_>,
    findings: &[Finding],
    sources: &SourceMap,
    out: &mut dyn std::io::Write,
) -> serde_json::Result<()> {
    serde_json::to_writer_pretty(
        &mut *out,
        &Doc {
            plan,
            findings,
            sources,
        },
    )?;
    let _ = out.write_all(b"\n");
    Ok(())
}

struct Doc<'a> {
    plan: &'a Plan<'a>,
    findings: &'a [Finding],
    sources: &'a SourceMap,
}

impl Serialize for Doc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let count = |sev: Severity| self.findings.iter().filter(|f| f.severity() == sev).count();
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("schema", "cordon.verify/1")?;
        m.serialize_entry(
            "summary",
            &serde_json::json!({ "error": count(Severity::Error), "warning": count(Severity::Warning), "note": count(Severity::Note) }),
        )?;
        let items: Vec<serde_json::Value> = self
            .findings
            .iter()
            .map(|f| {
                let (file, line, column) = match &f.span {
                    Some(span) => {
                        let (l, c) = self.sources.line_col(span);
                        (
                            self.sources.file(span.file).map(|x| x.name.clone()),
                            Some(l),
                            Some(c),
                        )
                    }
                    None => (None, None, None),
                };
                let flows: Vec<String> = f
                    .flows
                    .iter()
                    .filter_map(|id| self.plan.traffic.flows.get(id.0 as usize))
                    .map(|fl| self.plan.traffic.flow_id(self.plan.topology, fl))
                    .collect();
                serde_json::json!({
                    "code": f.code.name(),
                    "severity": f.severity().name(),
                    "message": f.message,
                    "file": file,
                    "line": line,
                    "column": column,
                    "fix": f.fix,
                    "flows": flows,
                })
            })
            .collect();
        m.serialize_entry("findings", &items)?;
        m.end()
    }
}
