//! SARIF 2.1.0 for code review tools: one run, the tool's rules (every finding code, with
//! its title and default level), and one result per finding pointing into the topology
//! file. Plain serde structs with fixed field order, so the output is deterministic.

use serde::Serialize;

use super::Plan;
use crate::source::SourceMap;
use crate::verify::{Code, Finding, Severity};

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

/// Builds the SARIF log for the findings of one plan.
pub fn log(_plan: &Plan<'_>, findings: &[Finding], sources: &SourceMap) -> Log {
    let rules = Code::ALL
        .iter()
        .map(|c| Rule {
            id: c.name(),
            short_description: Text {
                text: c.title().to_string(),
            },
            default_configuration: Configuration {
                level: level(c.severity()),
            },
        })
        .collect();
    let results = findings
        .iter()
        .map(|f| {
            let locations = f
                .span
                .as_ref()
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
                rule_id: f.code.name(),
                rule_index: Code::ALL.iter().position(|c| *c == f.code).unwrap_or(0),
                level: level(f.severity()),
                message: Text {
                    text: format!("{} Fix: {}", f.message, f.fix),
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
                    rules,
                },
            },
            results,
        }],
    }
}
