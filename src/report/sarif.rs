//! SARIF 2.1.0 for code review tools: one run, the tool's rules (every finding code, with
//! its title and default level), and one result per finding pointing into the topology
//! file. Plain serde structs with fixed field order, so the output is deterministic.

use serde::Serialize;

use super::findings::Reported;
use crate::source::SourceMap;
use crate::verify::Severity;

/// The SARIF document.
#[derive(Serialize)]
pub struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
struct Run {
    tool: Tool,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Text,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: Artifact,
    region: Region,
}

#[derive(Serialize)]
struct Artifact {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// One rule of the tool: a finding code, its title and default severity.
pub type RuleInfo = (&'static str, &'static str, Severity);

/// The rules of `verify`.
pub fn verify_rules() -> Vec<RuleInfo> {
    crate::verify::Code::ALL
        .iter()
        .map(|c| (c.name(), c.title(), c.severity()))
        .collect()
}

/// The rules of `drift`.
pub fn drift_rules() -> Vec<RuleInfo> {
    crate::drift::Code::ALL
        .iter()
        .map(|c| (c.name(), c.title(), c.severity()))
        .collect()
}

/// Builds the SARIF log for findings, with the tool's rules (every code it can report).
pub fn log<F: Reported>(rules: &[RuleInfo], findings: &[F], sources: &SourceMap) -> Log {
    let rule_index = |name: &str| rules.iter().position(|(n, ..)| *n == name).unwrap_or(0);
    let rules_out = rules
        .iter()
        .map(|(id, title, severity)| Rule {
            id,
            short_description: Text {
                text: title.to_string(),
            },
            default_configuration: Configuration {
                level: level(*severity),
            },
        })
        .collect();
    let results = findings
        .iter()
        .map(|f| {
            let locations = f
                .span()
                .and_then(|span| {
                    let file = sources.file(span.file)?;
                    let (line, column) = sources.line_col(span);
                    Some(Location {
                        physical_location: PhysicalLocation {
                            artifact_location: Artifact {
                                uri: file.name.clone(),
                            },
                            region: Region {
                                start_line: line,
                                start_column: column,
                            },
                        },
                    })
                })
                .into_iter()
                .collect();
            SarifResult {
                rule_id: f.code_name(),
                rule_index: rule_index(f.code_name()),
                level: level(f.severity()),
                message: Text {
                    text: format!("{} Fix: {}", f.message(), f.fix()),
                },
                locations,
            }
        })
        .collect();
    Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "cordon",
                    version: env!("CARGO_PKG_VERSION"),
                    rules: rules_out,
                },
            },
            results,
        }],
    }
}
