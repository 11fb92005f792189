//! `cordon report` in a real browser (Debian's chromium, headless): the diagram holds one
//! node per host and client group and one edge per pair of ends and path, filtering and
//! sorting the flow matrix work, and the page logs no error. Also the Markdown report and
//! `cordon diff`.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::real_tools::have;
use crate::util::{cordon, root, stderr, stdout};

/// What the page reports about itself once a script has exercised it (appended to a copy
/// of the report: the shipped page has no test code).
const PROBE: &str = r#"
<script>
(function () {
  var r = { errors: window.__errors || [] };
  r.hosts = document.querySelectorAll('.node.host').length;
  r.groups = document.querySelectorAll('.node.group').length;
  r.internet = document.querySelectorAll('.node.internet').length;
  r.folds = document.querySelectorAll('.node.fold').length;
  r.edges = Array.prototype.map.call(document.querySelectorAll('.edge'), function (e) {
    return [e.getAttribute('data-a'), e.getAttribute('data-b'), e.getAttribute('data-path')];
  });
  var rows = document.querySelectorAll('#flow-table tbody tr');
  var visible = function () {
    return Array.prototype.filter.call(rows, function (x) { return x.style.display !== 'none'; }).length;
  };
  r.rows = rows.length;
  var filter = document.getElementById('flow-filter');
  filter.value = 'site_to_site encrypt';
  filter.dispatchEvent(new Event('input'));
  r.filtered = visible();
  r.count_text = document.getElementById('flow-count').textContent;
  filter.value = '';
  filter.dispatchEvent(new Event('input'));
  r.unfiltered = visible();
  var th = document.querySelector('#flow-table thead th');
  th.click(); th.click();
  var first = document.querySelector('#flow-table tbody tr').cells[0].textContent;
  r.sorted_desc_first = first;
  var node = document.querySelector('.node.host');
  node.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  r.clicked = node.getAttribute('data-name');
  r.lit = document.querySelectorAll('.edge:not(.dim)').length;
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
})();
</script>
"#;

const CATCH_ERRORS: &str = "<script>window.__errors = []; window.addEventListener('error', function (e) { window.__errors.push(String(e.message)); });</script>";

fn chromium(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .args(args)
        .output()
        .unwrap()
}

fn flows(topology: &str) -> Vec<Value> {
    let o = cordon(&["flows", topology, "--format", "json"]);
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    doc["flows"].as_array().unwrap().clone()
}

fn check_example(example: &str, shot: &str) {
    let dir = tempfile::tempdir().unwrap();
    let topology = root().join(example).display().to_string();
    let html = dir.path().join("report.html");
    let o = cordon(&["report", &topology, "-o", &html.display().to_string()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(!page.contains("<script src"), "no external script");
    assert!(!page.contains("<link"), "no external stylesheet");

    // Screenshot of the page as a person opens it.
    let png = dir.path().join(shot);
    let o = chromium(
        &[
            "--window-size=1400,1000",
            &format!("--screenshot={}", png.display()),
            &format!("file://{}", html.display()),
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&png).unwrap();
    assert!(
        bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000,
        "{shot}: a real picture"
    );

    // The probe: a copy of the page with the test script appended.
    let probed = page
        .replacen("<body>", &format!("<body>{CATCH_ERRORS}"), 1)
        .replace("</body>", &format!("{PROBE}</body>"));
    let probe_html = dir.path().join("probe.html");
    std::fs::write(&probe_html, probed).unwrap();
    let o = chromium(
        &[
            "--virtual-time-budget=5000",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            &format!("file://{}", probe_html.display()),
        ],
        dir.path(),
    );
    let dom = String::from_utf8_lossy(&o.stdout);
    let log = String::from_utf8_lossy(&o.stderr);
    let json = dom
        .split("<pre id=\"probe\">")
        .nth(1)
        .and_then(|s| s.split("</pre>").next())
        .unwrap_or_else(|| panic!("{example}: no probe result; stderr: {log}"))
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    let r: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(r["errors"], Value::Array(vec![]), "{example}: page errors");
    for line in log.lines() {
        assert!(
            !(line.contains("CONSOLE") && (line.contains("Error") || line.contains("Uncaught"))),
            "{example}: console error: {line}"
        );
    }

    let flows = flows(&topology);
    let hosts: BTreeSet<&str> = flows
        .iter()
        .flat_map(|f| [f["from"].as_str().unwrap(), f["to"].as_str().unwrap()])
        .collect();
    let plan: Value =
        serde_json::from_str(&stdout(&cordon(&["plan", &topology, "--format", "json"]))).unwrap();
    let n_hosts = plan["summary"]["hosts"].as_u64().unwrap() as usize;
    let n_groups = plan["summary"]["client_groups"].as_u64().unwrap() as usize;
    assert_eq!(
        r["hosts"].as_u64().unwrap() as usize,
        n_hosts,
        "{example}: one node per host"
    );
    assert_eq!(
        r["groups"].as_u64().unwrap() as usize,
        n_groups,
        "{example}: one node per group"
    );
    assert_eq!(
        r["internet"],
        u64::from(hosts.contains("internet")),
        "{example}"
    );
    assert_eq!(r["folds"], 0, "{example}: small enough to show every host");
    // One edge per pair of ends and path.
    let want: BTreeSet<(String, String, String)> = flows
        .iter()
        .map(|f| {
            let (a, b) = (f["from"].as_str().unwrap(), f["to"].as_str().unwrap());
            let (a, b) = if a <= b { (a, b) } else { (b, a) };
            (
                a.to_string(),
                b.to_string(),
                f["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let got: Vec<(String, String, String)> = r["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let (a, b) = (e[0].as_str().unwrap(), e[1].as_str().unwrap());
            let (a, b) = if a <= b { (a, b) } else { (b, a) };
            (
                a.to_string(),
                b.to_string(),
                e[2].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(got.len(), want.len(), "{example}: no duplicate edges");
    assert_eq!(
        got.into_iter().collect::<BTreeSet<_>>(),
        want,
        "{example}: edges"
    );
    // Filtering: the rows left are exactly the encrypted site-to-site flows.
    let expect = flows
        .iter()
        .filter(|f| f["path"] == "site_to_site" && f["protection"] == "encrypt")
        .count();
    assert_eq!(
        r["rows"].as_u64().unwrap() as usize,
        flows.len(),
        "{example}"
    );
    assert_eq!(
        r["filtered"].as_u64().unwrap() as usize,
        expect,
        "{example}: filter"
    );
    assert_eq!(
        r["unfiltered"].as_u64().unwrap() as usize,
        flows.len(),
        "{example}"
    );
    assert_eq!(
        r["count_text"],
        format!("{expect} of {} flows", flows.len())
    );
    // Sorting descending by flow id puts the greatest id first.
    let max = flows
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .max()
        .unwrap();
    assert_eq!(
        r["sorted_desc_first"].as_str().unwrap().to_lowercase(),
        max.to_lowercase()
    );
    // Clicking a host lights only its edges.
    let clicked = r["clicked"].as_str().unwrap();
    let touching = want
        .iter()
        .filter(|(a, b, _)| a == clicked || b == clicked)
        .count();
    assert_eq!(
        r["lit"].as_u64().unwrap() as usize,
        touching,
        "{example}: {clicked}"
    );
}

#[test]
fn both_examples_render_in_a_real_browser() {
    if !have("chromium") {
        return;
    }
    check_example("examples/scenario-1b.toml", "report-scenario-1b.png");
    check_example("examples/hierarchy.toml", "report-hierarchy.png");
}

#[test]
fn reports_repeat_byte_for_byte_and_show_the_audit() {
    let fixture = root()
        .join("tests/fixtures/audit-captures.toml")
        .display()
        .to_string();
    let smb = root()
        .join("tests/data/pcaps/zeek-smb2.pcap")
        .display()
        .to_string();
    let html = |_: ()| stdout(&cordon(&["report", &fixture, "--capture", &smb]));
    let a = html(());
    assert_eq!(a, html(()), "deterministic");
    assert!(a.contains("id=\"audit\""));
    assert!(a.contains("violation-plaintext"));
    // The violating flow's edge is drawn as plaintext.
    assert!(a.contains(r#"class="edge plaintext" data-path="site_server_to_site_system" data-a="CM01" data-b="DP01""#), "plaintext edge");
    let md = stdout(&cordon(&[
        "report",
        &fixture,
        "--capture",
        &smb,
        "--format",
        "markdown",
    ]));
    assert!(md.starts_with("# Audit fixture"));
    assert!(md.contains("| violation-plaintext | tcp |"));
    assert!(md.contains("## Rules per host and client group"));
    // Hostile names are escaped.
    let hostile = root()
        .join("tests/fixtures/hostile-names.toml")
        .display()
        .to_string();
    let page = stdout(&cordon(&["report", &hostile]));
    assert!(
        !page.contains("<script>alert"),
        "names are data, not markup"
    );
}

#[test]
fn diff_shows_what_a_change_does() {
    let dir = tempfile::tempdir().unwrap();
    let old = root().join("examples/scenario-1b.toml");
    let text = std::fs::read_to_string(&old).unwrap();
    // The change: "Do not allow unsecured communication" becomes "request".
    let changed = text.replacen("\naction = \"require\"", "\naction = \"request\"", 1);
    assert_ne!(changed, text);
    let new = dir.path().join("new.toml");
    std::fs::write(&new, &changed).unwrap();
    let (o, n) = (old.display().to_string(), new.display().to_string());
    let same = stdout(&cordon(&["diff", &o, &o]));
    assert!(
        same.contains("No change to flows, rules or findings."),
        "{same}"
    );
    let j: Value =
        serde_json::from_str(&stdout(&cordon(&["diff", &o, &n, "--format", "json"]))).unwrap();
    assert_eq!(j["schema"], "cordon.diff/1");
    assert_eq!(j["flows"]["added"], Value::Array(vec![]));
    let rules = j["rules"].as_object().unwrap();
    assert!(!rules.is_empty(), "the proposals of protect rules changed");
    for (_, c) in rules {
        assert_eq!(
            c["added"].as_array().unwrap().len(),
            c["removed"].as_array().unwrap().len()
        );
    }
    let introduced = j["findings"]["introduced"].as_array().unwrap();
    assert!(
        introduced
            .iter()
            .any(|f| f.as_str().unwrap().starts_with("error[silent-plaintext]")),
        "{introduced:?}"
    );
    let md = stdout(&cordon(&["diff", &o, &n, "--format", "markdown"]));
    assert!(md.starts_with("## cordon diff:"), "{md}");
    assert!(md.contains("| host and client group rules |"), "{md}");
}

#[test]
fn five_hundred_hosts_fold_into_nodes_that_keep_every_host() {
    let dir = tempfile::tempdir().unwrap();
    let topo = dir.path().join("big.toml");
    let o = cordon(&[
        "synth",
        "--sites",
        "10",
        "--hosts",
        "500",
        "--client-groups",
        "40",
        "-o",
        &topo.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = stdout(&cordon(&["report", &topo.display().to_string()]));
    let mut members = 0;
    let mut folds = 0;
    for node in page.split("<g class=\"node ").skip(1) {
        let kind = node.split('"').next().unwrap();
        let list = node
            .split("data-members=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        if kind == "host" || kind == "fold" {
            members += list.split(',').count();
        }
        folds += usize::from(kind == "fold");
    }
    assert_eq!(members, 500, "every host is in exactly one node");
    assert!(folds > 0 && folds < 100, "{folds} folded nodes");
}
