//! The report as one self-contained HTML page: an SVG diagram laid out here (zones as
//! lanes ordered by trust, hosts grouped by site, one edge per pair of ends and path,
//! coloured by protection), the flow matrix (sortable and filterable in the page), the
//! findings linked to the hosts and flows they concern, the audit when captures were
//! read, and every host's rules in the seed's vocabulary. No network access, no external
//! script: it opens from disk.
//!
//! The layout is a fixed swim-lane layout rather than a general graph layout: lanes and
//! rows follow the topology's order, so the same input gives the same bytes, and a
//! hierarchy of hundreds of hosts stays legible because hosts that share a zone, a site
//! and roles fold into one node (listed when clicked) beyond [`FOLD_ABOVE`] nodes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::audit::{Audit, Verdict};
use crate::catalog::Path;
use crate::topology::Trust;
use crate::traffic::{self, Endpoint, FlowId, Protection};
use crate::verify::Finding;

use super::Plan;
use super::text::{action_text, auth_text, filter_text, owner_facts};

/// The flow matrix lists at most this many flows: beyond, a browser slows to a crawl
/// and the JSON output is the better tool.
pub const MAX_FLOW_ROWS: usize = 20_000;

/// Rule tables for at most this many hosts and client groups, for the same reason.
pub const MAX_RULE_OWNERS: usize = 500;

/// Beyond this many diagram nodes, hosts with the same zone, site and roles fold into one.
pub const FOLD_ABOVE: usize = 60;

const NODE_W: i64 = 200;
const NODE_H: i64 = 46;
const LANE_W: i64 = 260;
const LANE_PAD: i64 = 30;
const ROW_GAP: i64 = 18;
const SITE_GAP: i64 = 34;
const TOP: i64 = 60;

/// HTML-escapes text for element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// How an edge of the diagram is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum EdgeState {
    // Ordered by what an edge shows when its flows differ: the worst wins.
    Exempt,
    Encrypted,
    /// A finding concerns one of its flows.
    Broken,
    /// The audit saw one of its flows in the clear where encryption is required.
    Plaintext,
}

impl EdgeState {
    fn class(self) -> &'static str {
        match self {
            EdgeState::Encrypted => "encrypted",
            EdgeState::Exempt => "exempt",
            EdgeState::Broken => "broken",
            EdgeState::Plaintext => "plaintext",
        }
    }
}

/// A node of the diagram: one host, one client group, the Internet, or a fold of hosts.
struct Node {
    members: Vec<Endpoint>,
    label: String,
    detail: String,
    lane: usize,
    x: i64,
    y: i64,
}

/// Everything the page shows.
pub struct Page<'a> {
    /// The plan.
    pub plan: Plan<'a>,
    /// Verify's findings.
    pub findings: &'a [Finding],
    /// The audit, when captures were read.
    pub audit: Option<&'a Audit>,
    /// The capture files, as given.
    pub captures: &'a [String],
}

fn endpoint_roles(p: &Plan<'_>, e: Endpoint) -> String {
    let t = p.topology;
    let roles: Vec<&str> = match e {
        Endpoint::Host(h) => t
            .host(h)
            .declared_roles
            .iter()
            .map(|r| t.catalog.role_name(*r))
            .collect(),
        Endpoint::Group(_) => vec!["client group"],
        Endpoint::Internet => vec!["outside every zone"],
    };
    roles.join(", ")
}

fn lanes(p: &Plan<'_>) -> Vec<(String, Trust)> {
    let mut zones: Vec<(usize, &crate::topology::Zone)> =
        p.topology.zones.iter().enumerate().collect();
    let rank = |t: Trust| match t {
        Trust::Intranet => 0,
        Trust::Perimeter => 1,
        Trust::Internet => 2,
    };
    zones.sort_by_key(|(i, z)| (rank(z.trust), *i));
    let mut out: Vec<(String, Trust)> = zones
        .iter()
        .map(|(_, z)| (z.name.clone(), z.trust))
        .collect();
    if !out.iter().any(|(_, t)| *t == Trust::Internet) {
        out.push(("internet".to_string(), Trust::Internet));
    }
    out
}

/// The diagram's nodes and, for each endpoint, its node.
fn nodes(p: &Plan<'_>) -> (Vec<Node>, BTreeMap<Endpoint, usize>) {
    let t = p.topology;
    let lanes = lanes(p);
    let lane_of_zone = |z: crate::topology::ZoneId| {
        let name = &t.zone(z).name;
        lanes.iter().position(|(n, _)| n == name).unwrap_or(0)
    };
    let internet_lane = lanes
        .iter()
        .position(|(_, tr)| *tr == Trust::Internet)
        .unwrap_or(lanes.len().saturating_sub(1));
    let uses_internet = p
        .traffic
        .flows
        .iter()
        .any(|f| f.from == Endpoint::Internet || f.to == Endpoint::Internet);
    let total = t.hosts.len() + t.client_groups.len() + usize::from(uses_internet);
    let fold = total > FOLD_ABOVE;
    // (lane, site name, fold key) -> members, in topology order.
    let mut groups: BTreeMap<(usize, String, String, usize), Vec<Endpoint>> = BTreeMap::new();
    for (i, h) in t.hosts.iter().enumerate() {
        let e = Endpoint::Host(crate::topology::HostId(i as u32));
        let site = h.site.map_or(String::new(), |s| t.site(s).code.clone());
        let roles = endpoint_roles(p, e);
        let key = if fold { roles } else { h.name.clone() };
        // Unfolded, the index keeps topology order; folded, the first member's does.
        let order = if fold { 0 } else { i };
        groups
            .entry((lane_of_zone(h.zone), site, key, order))
            .or_default()
            .push(e);
    }
    for (i, g) in t.client_groups.iter().enumerate() {
        let e = Endpoint::Group(crate::topology::GroupId(i as u32));
        let site = t.site(g.site).code.clone();
        groups
            .entry((
                lane_of_zone(g.zone),
                site,
                format!("~group {}", g.name),
                t.hosts.len() + i,
            ))
            .or_default()
            .push(e);
    }
    if uses_internet {
        groups
            .entry((internet_lane, String::new(), "~internet".into(), usize::MAX))
            .or_default()
            .push(Endpoint::Internet);
    }
    // Rows per lane: sites in order of first appearance, members in topology order.
    // Sites keep the topology's order (site-less hosts last), so a site's nodes stay
    // together under one label.
    let site_rank = |code: &str| {
        t.sites
            .iter()
            .position(|s| s.code == code)
            .unwrap_or(t.sites.len())
    };
    let mut per_lane: BTreeMap<usize, Vec<(String, Vec<Endpoint>)>> = BTreeMap::new();
    let mut ordered: Vec<(usize, String, Vec<Endpoint>)> = groups
        .into_iter()
        .map(|((lane, site, _, _), members)| (lane, site, members))
        .collect();
    ordered.sort_by_key(|(lane, site, members)| (*lane, site_rank(site), first_index(t, members)));
    for (lane, site, members) in ordered {
        per_lane.entry(lane).or_default().push((site, members));
    }
    let mut nodes = Vec::new();
    let mut index = BTreeMap::new();
    for (lane, entries) in per_lane {
        let mut y = TOP;
        let mut last_site: Option<String> = None;
        for (site, members) in entries {
            if last_site.as_ref() != Some(&site) {
                if last_site.is_some() {
                    y += SITE_GAP - ROW_GAP;
                }
                y += 18; // the site's label
                last_site = Some(site.clone());
            }
            let first = members[0];
            let (label, detail) = if members.len() > 1 {
                (
                    format!("{} × {}", members.len(), endpoint_roles(p, first)),
                    format!(
                        "site {site}: {}",
                        members
                            .iter()
                            .map(|m| traffic::endpoint_name(t, *m))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            } else {
                (
                    traffic::endpoint_name(t, first).to_string(),
                    endpoint_roles(p, first),
                )
            };
            for m in &members {
                index.insert(*m, nodes.len());
            }
            nodes.push(Node {
                members,
                label,
                detail,
                lane,
                x: LANE_PAD + lane as i64 * LANE_W,
                y,
            });
            y += NODE_H + ROW_GAP;
        }
    }
    (nodes, index)
}

fn first_index(t: &crate::topology::Topology, members: &[Endpoint]) -> usize {
    match members.first() {
        Some(Endpoint::Host(h)) => h.index(),
        Some(Endpoint::Group(g)) => t.hosts.len() + g.index(),
        _ => usize::MAX,
    }
}

fn path_dash(p: Path) -> &'static str {
    match p {
        Path::SiteToSite => "",
        Path::SiteServerToSiteSystem => "",
        Path::ClientToSiteSystem => "7 4",
        Path::Infrastructure => "2 4",
        Path::OutOfBand => "9 3 2 3",
    }
}

fn path_width(p: Path) -> f64 {
    match p {
        Path::SiteToSite => 3.0,
        _ => 1.6,
    }
}

/// The edges: (lower node, higher node, path) → state and flows.
fn edges(
    page: &Page<'_>,
    index: &BTreeMap<Endpoint, usize>,
) -> BTreeMap<(usize, usize, Path), (EdgeState, Vec<FlowId>)> {
    let p = &page.plan;
    // Errors only: a warning (3DES offered) or a note does not break the flow.
    let broken: BTreeSet<FlowId> = page
        .findings
        .iter()
        .filter(|f| f.severity() == crate::verify::Severity::Error)
        .flat_map(|f| f.flows.iter().copied())
        .collect();
    let plaintext: BTreeSet<FlowId> = page
        .audit
        .map(|a| {
            a.conversations
                .iter()
                .filter(|c| c.verdict == Verdict::ViolationPlaintext)
                .filter_map(|c| c.flow)
                .collect()
        })
        .unwrap_or_default();
    let mut out: BTreeMap<(usize, usize, Path), (EdgeState, Vec<FlowId>)> = BTreeMap::new();
    for (i, f) in p.traffic.flows.iter().enumerate() {
        let id = FlowId(i as u32);
        let (Some(&a), Some(&b)) = (index.get(&f.from), index.get(&f.to)) else {
            continue;
        };
        let state = if plaintext.contains(&id) {
            EdgeState::Plaintext
        } else if broken.contains(&id) {
            EdgeState::Broken
        } else if f.protection == Protection::Encrypt {
            EdgeState::Encrypted
        } else {
            EdgeState::Exempt
        };
        let e = out
            .entry((a.min(b), a.max(b), f.path))
            .or_insert((EdgeState::Exempt, Vec::new()));
        e.0 = e.0.max(state);
        e.1.push(id);
    }
    out
}

fn svg(page: &Page<'_>, out: &mut String) {
    let p = &page.plan;
    let lanes = lanes(p);
    let (nodes, index) = nodes(p);
    let edges = edges(page, &index);
    let height = nodes.iter().map(|n| n.y + NODE_H).max().unwrap_or(TOP) + 40;
    let width = LANE_PAD * 2 + lanes.len() as i64 * LANE_W;
    let _ = writeln!(
        out,
        r#"<svg id="diagram-svg" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="hierarchy diagram">"#
    );
    for (i, (name, trust)) in lanes.iter().enumerate() {
        let x = LANE_PAD / 2 + i as i64 * LANE_W;
        let trust = trust.name();
        let _ = writeln!(
            out,
            r#"<g class="zone trust-{trust}" data-zone="{}"><rect x="{x}" y="10" width="{}" height="{}" rx="10"/><text x="{}" y="34" class="zone-label">{} ({trust})</text></g>"#,
            esc(name),
            LANE_W - 10,
            height - 20,
            x + 12,
            esc(name)
        );
    }
    // Site labels: above the first node of each site run.
    let mut seen: BTreeSet<(usize, String)> = BTreeSet::new();
    for n in &nodes {
        let site = match n.members.first() {
            Some(Endpoint::Host(h)) => p
                .topology
                .host(*h)
                .site
                .map(|s| p.topology.site(s).code.clone()),
            Some(Endpoint::Group(g)) => {
                Some(p.topology.site(p.topology.group(*g).site).code.clone())
            }
            _ => None,
        };
        if let Some(site) = site
            && seen.insert((n.lane, site.clone()))
        {
            let _ = writeln!(
                out,
                r#"<text class="site-label" x="{}" y="{}">site {}</text>"#,
                n.x,
                n.y - 5,
                esc(&site)
            );
        }
    }
    let _ = writeln!(out, r#"<g class="edges">"#);
    for ((a, b, path), (state, flows)) in &edges {
        let (na, nb) = (&nodes[*a], &nodes[*b]);
        // Separate the paths between the same two nodes.
        let k = match path {
            Path::SiteToSite => 0,
            Path::SiteServerToSiteSystem => 1,
            Path::ClientToSiteSystem => 2,
            Path::Infrastructure => 3,
            Path::OutOfBand => 4,
        };
        let (left, right) = if na.x <= nb.x { (na, nb) } else { (nb, na) };
        let d = if a == b {
            let (x, y) = (na.x + NODE_W, na.y + NODE_H / 2);
            format!("M{x},{} c 40,-10 40,20 0,10", y - 5)
        } else if na.lane == nb.lane {
            // Inside a lane: out of the right edges, around the nodes between them.
            let (x, y1, y2) = (
                na.x + NODE_W,
                na.y + NODE_H / 2 + 4 * k - 8,
                nb.y + NODE_H / 2 + 4 * k - 8,
            );
            let reach = 14 + 5 * k + (y2 - y1).abs() / 12;
            format!("M{x},{y1} C{},{y1} {},{y2} {x},{y2}", x + reach, x + reach)
        } else {
            // Across lanes: from the right edge of the left node to the left edge of the right one.
            let (x1, y1) = (left.x + NODE_W, left.y + NODE_H / 2 + 4 * k - 8);
            let (x2, y2) = (right.x, right.y + NODE_H / 2 + 4 * k - 8);
            let mid = (x1 + x2) / 2;
            format!("M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}")
        };
        let dash = path_dash(*path);
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(r#" stroke-dasharray="{dash}""#)
        };
        let ends = |n: &Node| {
            n.members
                .iter()
                .map(|m| traffic::endpoint_name(p.topology, *m))
                .collect::<Vec<_>>()
                .join(",")
        };
        let _ = writeln!(
            out,
            r#"<path class="edge {}" data-path="{}" data-a="{}" data-b="{}" data-flows="{}" d="{d}" stroke-width="{}"{dash}><title>{} — {}: {} ({} flows)</title></path>"#,
            state.class(),
            path.name(),
            esc(&ends(na)),
            esc(&ends(nb)),
            flows.len(),
            path_width(*path),
            esc(&na.label),
            esc(&nb.label),
            path.name(),
            flows.len()
        );
    }
    let _ = writeln!(out, "</g>");
    let _ = writeln!(out, r#"<g class="nodes">"#);
    for n in &nodes {
        let kind = match n.members.first() {
            Some(Endpoint::Host(_)) if n.members.len() > 1 => "fold",
            Some(Endpoint::Host(_)) => "host",
            Some(Endpoint::Group(_)) => "group",
            _ => "internet",
        };
        let names: Vec<&str> = n
            .members
            .iter()
            .map(|m| traffic::endpoint_name(p.topology, *m))
            .collect();
        let anchor = match n.members.first() {
            Some(Endpoint::Host(h)) if n.members.len() == 1 => format!("#host-{}", h.index()),
            Some(Endpoint::Group(g)) => format!("#group-{}", g.index()),
            _ => String::new(),
        };
        let label: String = n.label.chars().take(26).collect();
        let detail: String = n.detail.chars().take(34).collect();
        let _ = writeln!(
            out,
            r#"<g class="node {kind}" data-name="{}" data-members="{}" data-href="{}" tabindex="0"><rect x="{}" y="{}" width="{NODE_W}" height="{NODE_H}" rx="6"/><text x="{}" y="{}" class="node-label">{}</text><text x="{}" y="{}" class="node-roles">{}</text><title>{}: {}</title></g>"#,
            esc(names.first().copied().unwrap_or("")),
            esc(&names.join(",")),
            esc(&anchor),
            n.x,
            n.y,
            n.x + 8,
            n.y + 19,
            esc(&label),
            n.x + 8,
            n.y + 36,
            esc(&detail),
            esc(&n.label),
            esc(&n.detail)
        );
    }
    let _ = writeln!(out, "</g></svg>");
}

const STYLE: &str = r#"
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d2330; background: #fafbfc; }
header { padding: 16px 24px; background: #1d2330; color: #fff; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header nav a { color: #9cc4ff; margin-right: 16px; }
section { padding: 8px 24px 24px; }
h2 { border-bottom: 1px solid #d5dae1; padding-bottom: 4px; }
.legend span { display: inline-block; margin-right: 18px; }
.legend i { display: inline-block; width: 28px; height: 0; border-top: 3px solid; vertical-align: middle; margin-right: 6px; }
#diagram-wrap { overflow: auto; border: 1px solid #d5dae1; background: #fff; }
.zone rect { fill: #f3f6fa; stroke: #c9d2de; }
.zone.trust-perimeter rect { fill: #fff7e8; stroke: #e8c98a; }
.zone.trust-internet rect { fill: #fdf0f0; stroke: #e0b4b4; }
.zone-label { font-weight: 600; fill: #4a5568; }
.site-label { font-size: 11px; fill: #718096; }
.node rect { fill: #fff; stroke: #4a5568; }
.node.group rect { fill: #eef6ff; stroke: #3b6db3; }
.node.internet rect { fill: #fff0f0; stroke: #b33b3b; }
.node.fold rect { fill: #f4f0ff; stroke: #6b4fb3; stroke-dasharray: 4 2; }
.node { cursor: pointer; }
.node-label { font-weight: 600; font-size: 13px; }
.node-roles { font-size: 11px; fill: #4a5568; }
.edge { fill: none; opacity: .75; }
.edge.encrypted, .legend .encrypted { stroke: #2f855a; border-color: #2f855a; }
.edge.exempt, .legend .exempt { stroke: #8a94a6; border-color: #8a94a6; }
.edge.broken, .legend .broken { stroke: #dd6b20; border-color: #dd6b20; }
.edge.plaintext, .legend .plaintext { stroke: #c53030; border-color: #c53030; }
.edge.dim { opacity: .08; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { border-bottom: 1px solid #e2e8f0; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #edf2f7; cursor: pointer; position: sticky; top: 0; }
th.sorted-asc::after { content: " ▲"; } th.sorted-desc::after { content: " ▼"; }
#flow-filter { width: 320px; padding: 4px 8px; margin: 0 8px 8px 0; }
.sev-error { color: #c53030; } .sev-warning { color: #b7791f; } .sev-note { color: #4a5568; }
.finding { margin-bottom: 10px; } .finding code { font-weight: 600; }
.verdict-violation-plaintext, .verdict-ike-without-esp { color: #c53030; font-weight: 600; }
.verdict-unexpected { color: #b7791f; }
#group-members { margin-top: 6px; font-size: 13px; }
.host { margin-bottom: 18px; }
:target { background: #fffbdd; }
"#;

const SCRIPT: &str = r#"
(function () {
  var table = document.getElementById('flow-table');
  var filter = document.getElementById('flow-filter');
  var count = document.getElementById('flow-count');
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  function shown() {
    var n = 0;
    rows.forEach(function (r) { if (r.style.display !== 'none') { n++; } });
    count.textContent = n + ' of ' + rows.length + ' flows';
  }
  filter.addEventListener('input', function () {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    rows.forEach(function (r) {
      var text = r.textContent.toLowerCase();
      r.style.display = words.every(function (w) { return text.indexOf(w) >= 0; }) ? '' : 'none';
    });
    shown();
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    th.addEventListener('click', function () {
      var asc = !th.classList.contains('sorted-asc');
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.classList.remove('sorted-asc', 'sorted-desc'); });
      th.classList.add(asc ? 'sorted-asc' : 'sorted-desc');
      rows.sort(function (a, b) {
        var x = a.cells[col].textContent, y = b.cells[col].textContent;
        var c = x.localeCompare(y, undefined, { numeric: true });
        return asc ? c : -c;
      });
      rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
    });
  });
  var members = document.getElementById('group-members');
  Array.prototype.forEach.call(document.querySelectorAll('.node'), function (node) {
    node.addEventListener('click', function () {
      var names = node.getAttribute('data-members').split(',');
      Array.prototype.forEach.call(document.querySelectorAll('.edge'), function (e) {
        var ends = (e.getAttribute('data-a') + ',' + e.getAttribute('data-b')).split(',');
        var touches = names.some(function (n) { return ends.indexOf(n) >= 0; });
        e.classList.toggle('dim', !touches);
      });
      members.textContent = node.classList.contains('fold')
        ? 'Folded hosts: ' + names.join(', ')
        : 'Showing the edges of ' + names.join(', ') + '.';
      var href = node.getAttribute('data-href');
      if (href && !node.classList.contains('fold')) { members.innerHTML += ' <a href="' + href + '">Rules</a>'; }
    });
  });
  shown();
})();
"#;

/// The page.
pub fn page(page: &Page<'_>) -> String {
    let p = &page.plan;
    let t = p.topology;
    let mut out = String::new();
    let encrypt = p
        .traffic
        .flows
        .iter()
        .filter(|f| f.protection == Protection::Encrypt)
        .count();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>cordon report: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        esc(&t.name)
    );
    let _ = writeln!(
        out,
        "<header><h1>{}</h1><div>{} · catalog {} · {} hosts, {} client groups, {} flows ({} encrypted, {} exempt), {} findings</div><nav><a href=\"#diagram\">Diagram</a><a href=\"#flows\">Flows</a><a href=\"#findings\">Findings</a>{}<a href=\"#hosts\">Hosts</a></nav></header>",
        esc(&t.name),
        esc(p.file_name),
        esc(&t.catalog.name),
        t.hosts.len(),
        t.client_groups.len(),
        p.traffic.flows.len(),
        encrypt,
        p.traffic.flows.len() - encrypt,
        page.findings.len(),
        if page.audit.is_some() {
            "<a href=\"#audit\">Audit</a>"
        } else {
            ""
        }
    );
    out.push_str("<section id=\"diagram\"><h2>Diagram</h2>\n<p class=\"legend\"><span><i class=\"encrypted\"></i>encrypted</span><span><i class=\"exempt\"></i>exempt (in the clear by design)</span><span><i class=\"broken\"></i>concerned by a finding</span><span><i class=\"plaintext\"></i>seen in the clear by the audit</span> · solid thick: site to site; solid: site server to site system; dashed: client to site system; dotted: infrastructure; dash-dot: out of band. Click a node to show only its edges.</p>\n<div id=\"diagram-wrap\">\n");
    svg(page, &mut out);
    out.push_str("</div><div id=\"group-members\"></div></section>\n");

    flows_section(p, &mut out);
    findings_section(page, &mut out);
    if let Some(audit) = page.audit {
        audit_section(page, audit, &mut out);
    }

    hosts_section(p, &mut out);
    let _ = writeln!(out, "<script>{SCRIPT}</script>\n</body>\n</html>");
    out
}

/// The flow matrix: a row per flow (the first [`MAX_FLOW_ROWS`]), filtered in the page.
fn flows_section(p: &Plan<'_>, out: &mut String) {
    let t = p.topology;
    let _ = writeln!(
        out,
        "<section id=\"flows\"><h2>Flows</h2><input id=\"flow-filter\" type=\"search\" placeholder=\"filter: words that every row shown must contain\" aria-label=\"filter flows\"><span id=\"flow-count\"></span>\n<table id=\"flow-table\"><thead><tr><th>flow</th><th>from</th><th>to</th><th>protocol</th><th>ports</th><th>path</th><th>protection</th><th>catalog row</th></tr></thead><tbody>"
    );
    for (i, f) in p.traffic.flows.iter().enumerate().take(MAX_FLOW_ROWS) {
        let protection = match f.protection {
            Protection::Encrypt => "encrypt".to_string(),
            Protection::Exempt(r) => format!("exempt ({})", r.code()),
        };
        let _ = writeln!(
            out,
            "<tr id=\"flow-{i}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&p.traffic.flow_id(t, f)),
            esc(traffic::endpoint_name(t, f.from)),
            esc(traffic::endpoint_name(t, f.to)),
            f.protocol,
            esc(&p.traffic.ports(f).to_string()),
            f.path.name(),
            protection,
            esc(&traffic::row(t, f).id)
        );
    }
    out.push_str("</tbody></table>");
    if p.traffic.flows.len() > MAX_FLOW_ROWS {
        let _ = write!(
            out,
            "<p>The first {MAX_FLOW_ROWS} of {} flows; every flow is in <code>cordon flows FILE --format json</code>.</p>",
            p.traffic.flows.len()
        );
    }
    out.push_str("</section>\n");
}

/// The findings, each with links to its hosts and flows.
fn findings_section(page: &Page<'_>, out: &mut String) {
    let p = &page.plan;
    let t = p.topology;
    let _ = writeln!(
        out,
        "<section id=\"findings\"><h2>Findings ({})</h2>",
        page.findings.len()
    );
    if page.findings.is_empty() {
        out.push_str("<p>No findings.</p>");
    }
    for (i, f) in page.findings.iter().enumerate() {
        let mut hosts: BTreeSet<Endpoint> = BTreeSet::new();
        for id in &f.flows {
            if let Some(fl) = p.traffic.flows.get(id.0 as usize) {
                hosts.insert(fl.from);
                hosts.insert(fl.to);
            }
        }
        let links: Vec<String> = hosts
            .iter()
            .filter_map(|e| match e {
                Endpoint::Host(h) => Some(format!(
                    "<a href=\"#host-{}\">{}</a>",
                    h.index(),
                    esc(&t.host(*h).name)
                )),
                Endpoint::Group(g) => Some(format!(
                    "<a href=\"#group-{}\">{}</a>",
                    g.index(),
                    esc(&t.group(*g).name)
                )),
                Endpoint::Internet => None,
            })
            .collect();
        let flows: Vec<String> = f
            .flows
            .iter()
            .take(12)
            .filter_map(|id| {
                p.traffic.flows.get(id.0 as usize).map(|fl| {
                    format!(
                        "<a href=\"#flow-{}\">{}</a>",
                        id.0,
                        esc(&p.traffic.flow_id(t, fl))
                    )
                })
            })
            .collect();
        let more = f.flows.len().saturating_sub(12);
        let _ = writeln!(
            out,
            "<div class=\"finding sev-{sev}\" id=\"finding-{i}\"><code>{sev}[{}]</code> {}<br><span class=\"fix\">fix: {}</span>{}{}</div>",
            f.code.name(),
            esc(&f.message),
            esc(&f.fix),
            if links.is_empty() {
                String::new()
            } else {
                format!("<br>hosts: {}", links.join(", "))
            },
            if flows.is_empty() {
                String::new()
            } else {
                format!(
                    "<br>flows: {}{}",
                    flows.join(", "),
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                )
            },
            sev = f.severity().name()
        );
    }
    out.push_str("</section>\n");
}

/// Per host and client group: the rules, in order (the first [`MAX_RULE_OWNERS`]).
fn hosts_section(p: &Plan<'_>, out: &mut String) {
    let t = p.topology;
    out.push_str("<section id=\"hosts\"><h2>Hosts and client groups: IPsec rules in order (first match wins)</h2>\n");
    let owners = p.policy.hosts.len() + p.policy.groups.len();
    if owners > MAX_RULE_OWNERS {
        let _ = write!(
            out,
            "<p>The first {MAX_RULE_OWNERS} of {owners} hosts and client groups; each one's rules are in <code>cordon policy FILE --host NAME</code>.</p>"
        );
    }
    for set in p
        .policy
        .hosts
        .iter()
        .chain(&p.policy.groups)
        .take(MAX_RULE_OWNERS)
    {
        let id = match set.owner {
            Endpoint::Host(h) => format!("host-{}", h.index()),
            Endpoint::Group(g) => format!("group-{}", g.index()),
            Endpoint::Internet => continue,
        };
        let (zone, site, roles) = owner_facts(p, set.owner);
        let _ = writeln!(
            out,
            "<div class=\"host\" id=\"{id}\"><h3>{}</h3><p>zone {}, site {}, roles {}</p><table><thead><tr><th>#</th><th>rule</th><th>IP filter list (local ↔ remote, mirrored)</th><th>filter action</th><th>authentication methods</th><th>proposals</th></tr></thead><tbody>",
            esc(traffic::endpoint_name(t, set.owner)),
            esc(&zone),
            esc(&site),
            esc(&roles)
        );
        for (i, r) in set.rules.iter().enumerate() {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                i + 1,
                esc(&r.name),
                esc(&filter_text(p, r)),
                esc(&action_text(r)),
                esc(&r
                    .auth
                    .iter()
                    .map(|a| auth_text(p, *a))
                    .collect::<Vec<_>>()
                    .join("; then ")),
                esc(&r
                    .proposals
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "))
            );
        }
        out.push_str("</tbody></table></div>\n");
    }
    out.push_str("</section>\n");
}

fn audit_section(page: &Page<'_>, audit: &Audit, out: &mut String) {
    let p = &page.plan;
    let t = p.topology;
    let _ = writeln!(
        out,
        "<section id=\"audit\"><h2>Audit</h2><p>{} packets in {} capture(s): {}; {} conversations.</p><table id=\"audit-table\"><thead><tr><th>verdict</th><th>protocol</th><th>a</th><th>b</th><th>flow</th><th>packets</th><th>bytes</th><th>first</th><th>reason</th></tr></thead><tbody>",
        audit.read.packets,
        page.captures.len(),
        esc(&page.captures.join(", ")),
        audit.conversations.len()
    );
    for c in &audit.conversations {
        let end = |i: usize| {
            let (ip, port) = c.end(i);
            format!(
                "{}{}",
                super::audit::end_owner(t, c, i),
                std::net::SocketAddr::new(ip, port)
            )
        };
        let flow = c
            .flow
            .and_then(|f| p.traffic.flows.get(f.0 as usize).map(|fl| (f, fl)))
            .map_or("-".to_string(), |(f, fl)| {
                format!(
                    "<a href=\"#flow-{}\">{}</a>",
                    f.0,
                    esc(&p.traffic.flow_id(t, fl))
                )
            });
        let _ = writeln!(
            out,
            "<tr><td class=\"verdict-{v}\">{v}</td><td>{}</td><td>{}</td><td>{}</td><td>{flow}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            crate::audit::protocol_name(c.key.family, c.key.protocol),
            esc(&end(0)),
            esc(&end(1)),
            c.stats.total_packets(),
            c.stats.total_bytes(),
            super::audit::timestamp(c.stats.first_ns),
            esc(&c.reason_text(t, p.traffic)),
            v = c.verdict.code()
        );
    }
    out.push_str("</tbody></table></section>\n");
}
