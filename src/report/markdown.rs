//! The report as Markdown, for a change review: the summary, flows by path and
//! protection, findings, the audit's verdicts, and every host's rules.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::traffic::{self, Protection};

use super::html::Page;
use super::text::{action_text, auth_text, filter_text};

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The Markdown report.
pub fn report(page: &Page<'_>) -> String {
    let p = &page.plan;
    let t = p.topology;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", cell(&t.name));
    let _ = writeln!(
        out,
        "`{}` · catalog {} · {} sites, {} hosts, {} client groups, {} firewalls · {} flows · {} findings\n",
        p.file_name,
        t.catalog.name,
        t.sites.len(),
        t.hosts.len(),
        t.client_groups.len(),
        t.firewalls.len(),
        p.traffic.flows.len(),
        page.findings.len()
    );
    let mut by_path: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for f in &p.traffic.flows {
        let e = by_path.entry(f.path.name()).or_default();
        if f.protection == Protection::Encrypt {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    let _ = writeln!(
        out,
        "## Flows by path\n\n| path | encrypted | exempt |\n|---|---|---|"
    );
    for (path, (e, x)) in by_path {
        let _ = writeln!(out, "| {path} | {e} | {x} |");
    }
    let _ = writeln!(out, "\n## Findings\n");
    if page.findings.is_empty() {
        let _ = writeln!(out, "None.");
    }
    for f in page.findings {
        let _ = writeln!(
            out,
            "- **{}[{}]** {} — fix: {}",
            f.severity().name(),
            f.code.name(),
            cell(&f.message),
            cell(&f.fix)
        );
    }
    if let Some(audit) = page.audit {
        let _ = writeln!(
            out,
            "\n## Audit\n\n{} packets, {} conversations.\n\n| verdict | protocol | a | b | flow | packets | bytes |\n|---|---|---|---|---|---|---|",
            audit.read.packets,
            audit.conversations.len()
        );
        for c in &audit.conversations {
            let flow = c
                .flow
                .and_then(|f| p.traffic.flows.get(f.0 as usize))
                .map_or("-".to_string(), |f| p.traffic.flow_id(t, f));
            let end = |i: usize| {
                let (ip, port) = c.end(i);
                std::net::SocketAddr::new(ip, port).to_string()
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                c.verdict.code(),
                crate::audit::protocol_name(c.key.family, c.key.protocol),
                end(0),
                end(1),
                cell(&flow),
                c.stats.total_packets(),
                c.stats.total_bytes()
            );
        }
    }
    let _ = writeln!(
        out,
        "\n## Rules per host and client group (first match wins)"
    );
    for set in p.policy.hosts.iter().chain(&p.policy.groups) {
        let _ = writeln!(
            out,
            "\n### {}\n\n| # | IP filter list | filter action | authentication methods |\n|---|---|---|---|",
            cell(traffic::endpoint_name(t, set.owner))
        );
        for (i, r) in set.rules.iter().enumerate() {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                i + 1,
                cell(&filter_text(p, r)),
                cell(&action_text(r)),
                cell(
                    &r.auth
                        .iter()
                        .map(|a| auth_text(p, *a))
                        .collect::<Vec<_>>()
                        .join("; then ")
                )
            );
        }
    }
    out
}
