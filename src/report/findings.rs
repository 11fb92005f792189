//! Findings of `verify` and `drift` as text (rustc style, pointing into the topology or
//! state file) and JSON.
//!
//! JSON contract (`cordon.verify/1`, `cordon.drift/1`):
//! `{ "schema", "summary": { "error", "warning", "note" }, "findings": [ { "code",
//! "severity", "message", "file", "line", "column", "fix", "flows": [ids] } ] }`; drift's
//! findings also name their `owner`.

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::Plan;
use crate::diag::{self, Diagnostic, Diagnostics};
use crate::source::{SourceMap, Span};
use crate::traffic::FlowId;
use crate::verify::Severity;

/// A finding as the renderers read it: `verify`'s and `drift`'s alike.
pub trait Reported {
    /// The code's kebab-case name.
    fn code_name(&self) -> &'static str;
    /// Its severity.
    fn severity(&self) -> Severity;
    /// What is wrong.
    fn message(&self) -> &str;
    /// Where.
    fn span(&self) -> Option<&Span>;
    /// The fix.
    fn fix(&self) -> &str;
    /// The flows it concerns.
    fn flows(&self) -> &[FlowId];
    /// The host, firewall or gateway it is about, where the command names one.
    fn owner(&self) -> Option<&str> {
        None
    }
}

/// The shared part of the two finding types' `Reported`: the fields have the same names.
macro_rules! reported_fields {
    () => {
        fn code_name(&self) -> &'static str {
            self.code.name()
        }
        fn severity(&self) -> Severity {
            self.code.severity()
        }
        fn message(&self) -> &str {
            &self.message
        }
        fn span(&self) -> Option<&Span> {
            self.span.as_ref()
        }
        fn fix(&self) -> &str {
            &self.fix
        }
        fn flows(&self) -> &[FlowId] {
            &self.flows
        }
    };
}

impl Reported for crate::verify::Finding {
    reported_fields!();
}

impl Reported for crate::drift::Finding {
    reported_fields!();
    fn owner(&self) -> Option<&str> {
        Some(&self.owner)
    }
}

/// Findings as rustc-style diagnostics, then a one-line summary naming the command.
pub fn text<F: Reported>(
    command: &str,
    findings: &[F],
    sources: &SourceMap,
    styled: bool,
) -> String {
    let diags = Diagnostics(
        findings
            .iter()
            .map(|f| Diagnostic {
                code: f.code_name(),
                severity: match f.severity() {
                    Severity::Error => diag::Severity::Error,
                    Severity::Warning => diag::Severity::Warning,
                    Severity::Note => diag::Severity::Note,
                },
                message: f.message().to_string(),
                span: f.span().cloned(),
                label: String::new(),
                related: Vec::new(),
                help: Some(f.fix().to_string()),
            })
            .collect(),
    );
    let mut out = diag::render(&diags, sources, styled);
    out.push_str(&summary_line(command, findings));
    out.push('\n');
    out
}

/// `verify: 2 errors, 1 warning, 3 notes`.
fn summary_line<F: Reported>(command: &str, findings: &[F]) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity() == s).count();
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    format!(
        "{command}: {}, {}, {}",
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        plural(count(Severity::Note), "note")
    )
}

/// The JSON document, with its schema name (`cordon.verify/1`, `cordon.drift/1`).
pub fn json<F: Reported>(
    schema: &str,
    plan: &Plan<'_>,
    findings: &[F],
    sources: &SourceMap,
    out: &mut dyn std::io::Write,
) -> serde_json::Result<()> {
    serde_json::to_writer_pretty(
        &mut *out,
        &Doc {
            schema,
            plan,
            findings,
            sources,
        },
    )?;
    let _ = out.write_all(b"\n");
    Ok(())
}

struct Doc<'a, F> {
    schema: &'a str,
    plan: &'a Plan<'a>,
    findings: &'a [F],
    sources: &'a SourceMap,
}

impl<F: Reported> Serialize for Doc<'_, F> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let count = |sev: Severity| self.findings.iter().filter(|f| f.severity() == sev).count();
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("schema", self.schema)?;
        m.serialize_entry(
            "summary",
            &serde_json::json!({ "error": count(Severity::Error), "warning": count(Severity::Warning), "note": count(Severity::Note) }),
        )?;
        let items: Vec<serde_json::Value> = self
            .findings
            .iter()
            .map(|f| {
                let (file, line, column) = match f.span() {
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
                    .flows()
                    .iter()
                    .filter_map(|id| self.plan.traffic.flows.get(id.0 as usize))
                    .map(|fl| self.plan.traffic.flow_id(self.plan.topology, fl))
                    .collect();
                let mut item = serde_json::json!({
                    "code": f.code_name(),
                    "severity": f.severity().name(),
                    "message": f.message(),
                    "file": file,
                    "line": line,
                    "column": column,
                    "fix": f.fix(),
                    "flows": flows,
                });
                if let (Some(owner), Some(map)) = (f.owner(), item.as_object_mut()) {
                    map.insert("owner".into(), owner.into());
                }
                item
            })
            .collect();
        m.serialize_entry("findings", &items)?;
        m.end()
    }
}
