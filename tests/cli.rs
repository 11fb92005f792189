//! The commands a user types, through the real binary.

use crate::util::{cordon, stderr, stdout};

#[test]
fn no_arguments_plans_the_builtin_scenario_1b() {
    let o = cordon(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Scenario 1b"), "{out}");
    assert!(out.contains("examples/scenario-1b.toml (built in)"));
    assert!(out.contains("require-any-to-subnet") || out.contains("any<->subnet"));
    assert_eq!(out, stdout(&cordon(&["plan"])), "`cordon` is `cordon plan`");
}

#[test]
fn plan_json_follows_the_contract() {
    let o = cordon(&["plan", "examples/hierarchy.toml", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["schema"], "cordon.plan/1");
    let flows = doc["flows"].as_array().unwrap();
    assert!(!flows.is_empty());
    for f in flows {
        for key in [
            "id",
            "from",
            "to",
            "protocol",
            "ports",
            "service",
            "path",
            "protection",
            "catalog_row",
        ] {
            assert!(f.get(key).is_some(), "flow lacks {key}: {f}");
        }
        assert!(matches!(
            f["protection"].as_str(),
            Some("encrypt" | "exempt")
        ));
    }
    let ids: std::collections::BTreeSet<&str> =
        flows.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), flows.len(), "flow ids are unique");
    for h in doc["hosts"]
        .as_array()
        .unwrap()
        .iter()
        .chain(doc["client_groups"].as_array().unwrap())
    {
        for key in ["name", "zone", "site", "roles", "rules"] {
            assert!(h.get(key).is_some(), "host lacks {key}");
        }
        for r in h["rules"].as_array().unwrap() {
            for key in [
                "name",
                "local",
                "remote",
                "protocol",
                "local_ports",
                "remote_ports",
                "action",
                "auth",
                "proposals",
            ] {
                assert!(r.get(key).is_some(), "rule lacks {key}");
            }
            for id in r["flows"].as_array().unwrap() {
                assert!(
                    ids.contains(id.as_str().unwrap()),
                    "rule cites unknown flow {id}"
                );
            }
        }
    }
    assert_eq!(doc["firewalls"].as_array().unwrap().len(), 4);
    // The seed: out-of-band AMT traffic is never put under IPsec.
    for f in flows.iter().filter(|f| f["path"] == "out_of_band") {
        assert_eq!(f["protection"], "exempt", "{f}");
    }
}

#[test]
fn flows_filter_by_host_path_and_uncertainty() {
    let o = cordon(&[
        "flows",
        "examples/hierarchy.toml",
        "--host",
        "brn-ss",
        "--path",
        "site_to_site",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let flows = doc["flows"].as_array().unwrap();
    assert!(!flows.is_empty());
    assert!(
        flows
            .iter()
            .all(|f| f["path"] == "site_to_site" && (f["from"] == "BRN-SS" || f["to"] == "BRN-SS"))
    );
    let o = cordon(&[
        "flows",
        "examples/hierarchy.toml",
        "--uncertain",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        doc["flows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["certain"] == false)
    );
}

#[test]
fn policy_shows_the_rules_in_the_seeds_vocabulary() {
    let o = cordon(&["policy", "--host", "IBMP01"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("IP filter list"));
    assert!(out.contains("do not allow unsecured communication"));
    assert!(out.contains("certificate from CN=Configuration Manager IPsec CA"));
    // An IPv6 address before a port is bracketed: `fd00:172:10::10:443` is an address.
    assert!(
        out.contains("[172.16.10.10,fd00:172:10::10]:443 <->"),
        "{out}"
    );
    assert!(!out.contains("fd00:172:10::10:443"), "{out}");
    let o = cordon(&[
        "explain",
        "--from",
        "198.51.100.7",
        "--to",
        "fd00:172:10::10",
        "--port",
        "443",
    ]);
    assert!(
        stdout(&o).starts_with("explain: tcp 198.51.100.7 -> [fd00:172:10::10]:443\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn unknown_host_is_a_usage_error_with_a_suggestion() {
    let o = cordon(&["policy", "--host", "IBMP1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `IBMP01`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn missing_file_is_an_error_not_a_panic() {
    let o = cordon(&["plan", "no/such/file.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read no/such/file.toml"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn output_is_byte_identical_across_runs() {
    for args in [
        &["plan", "examples/hierarchy.toml", "--format", "json"][..],
        &["flows", "examples/scenario-1b.toml"][..],
        &[
            "synth",
            "--sites",
            "9",
            "--hosts",
            "60",
            "--client-groups",
            "20",
            "--seed",
            "3",
        ][..],
    ] {
        let a = cordon(args);
        let b = cordon(args);
        assert!(a.status.success());
        assert_eq!(a.stdout, b.stdout, "{args:?}");
    }
}

#[test]
fn synth_writes_a_topology_that_plans() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("synth.toml");
    let file_s = file.to_str().unwrap();
    let o = cordon(&[
        "synth",
        "--sites",
        "12",
        "--hosts",
        "120",
        "--client-groups",
        "40",
        "-o",
        file_s,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = cordon(&["plan", file_s]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("120 hosts, 40 client groups"));
    let o = cordon(&["synth", "--sites", "0"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_catalog_overlay_adds_replaces_and_disables_rows() {
    let o = cordon(&[
        "flows",
        "tests/fixtures/overlay-site.toml",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let flows = doc["flows"].as_array().unwrap();
    let row = |id: &str| {
        flows
            .iter()
            .filter(|f| f["catalog_row"] == id)
            .collect::<Vec<_>>()
    };
    assert!(row("s2s-pptp").is_empty(), "disabled row still used");
    assert!(
        !row("s2s-smb").is_empty(),
        "parent and child site servers talk SMB"
    );
    assert!(row("ss-db-sql").is_empty(), "no same-site database in PRI");
    let backup = row("backup-pull");
    // Both site servers are near (own site and its parent); PRI-SS is the backup server
    // itself, and a host never makes a flow to itself.
    assert_eq!(backup.len(), 1, "{backup:?}");
    assert_eq!(backup[0]["to"], "CEN-SS");
    assert!(
        backup
            .iter()
            .all(|f| f["ports"] == serde_json::json!(["10000-10010"]))
    );
}

#[test]
fn nat_on_a_route_moves_every_firewall_of_it_to_udp_4500() {
    let o = cordon(&["plan", "examples/hierarchy.toml", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let flows = doc["flows"].as_array().unwrap();
    // Branch to datacenter crosses fw-branch (NAT) and fw-dc-london.
    let crossing: Vec<_> = flows
        .iter()
        .filter(|f| {
            f["protection"] == "encrypt"
                && f["firewalls"] == serde_json::json!(["fw-branch", "fw-dc-london"])
        })
        .collect();
    assert!(!crossing.is_empty());
    assert!(crossing.iter().all(|f| f["nat_traversal"] == true));
    let fw = |name: &str| {
        doc["firewalls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap()
            .clone()
    };
    for name in ["fw-branch", "fw-dc-london"] {
        let rules = fw(name)["rules"].as_array().unwrap().clone();
        let nat_t: Vec<_> = rules.iter().filter(|r| r["kind"] == "nat-t").collect();
        assert!(
            nat_t
                .iter()
                .all(|r| r["protocol"] == "udp" && r["ports"] == serde_json::json!(["4500"]))
        );
        let id = crossing[0]["id"].as_str().unwrap();
        assert!(
            nat_t
                .iter()
                .any(|r| r["flows"].as_array().unwrap().iter().any(|f| f == id)),
            "{name} lacks NAT-T for {id}"
        );
        assert!(
            rules
                .iter()
                .filter(|r| r["kind"] == "esp")
                .all(|r| !r["flows"].as_array().unwrap().iter().any(|f| f == id))
        );
    }
    // fw-branch has no ESP rule at all: everything through it is behind NAT.
    assert!(
        fw("fw-branch")["rules"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["kind"] != "esp")
    );
}

#[test]
fn emit_replaces_the_output_whole_and_fails_without_touching_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let out_s = out.to_str().unwrap();
    let o = cordon(&[
        "emit",
        "examples/hierarchy.toml",
        "--target",
        "nftables",
        "--out",
        out_s,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    let entries: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    for e in entries.as_array().unwrap() {
        let bytes = std::fs::read(out.join(e["path"].as_str().unwrap())).unwrap();
        assert_eq!(e["bytes"].as_u64().unwrap() as usize, bytes.len());
        assert_eq!(e["sha256"].as_str().unwrap().len(), 64);
    }
    // A stale file from an older run disappears: the directory is replaced, not merged.
    std::fs::write(out.join("stale.txt"), "old").unwrap();
    let o = cordon(&[
        "emit",
        "examples/hierarchy.toml",
        "--target",
        "nftables",
        "--out",
        out_s,
    ]);
    assert!(o.status.success());
    assert!(!out.join("stale.txt").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("manifest.json")).unwrap(),
        manifest,
        "same input, same bytes"
    );
    // Bad input: exit 2, and the previous output is still there, unchanged.
    let o = cordon(&[
        "emit",
        "tests/diagnostics/unknown-role.toml",
        "--target",
        "nftables",
        "--out",
        out_s,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(out.join("manifest.json")).unwrap(),
        manifest
    );
    // An output path that cannot be a directory: a clear error, exit 2.
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let o = cordon(&[
        "emit",
        "examples/hierarchy.toml",
        "--target",
        "nftables",
        "--out",
        file.join("sub").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("error:"), "{}", stderr(&o));
    // No temporary directories are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".cordon"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_host_that_takes_no_part_gets_no_files_and_its_peers_meet_an_outage() {
    let text = std::fs::read_to_string(crate::util::root().join("examples/hierarchy.toml"))
        .unwrap()
        .replacen(
            "roles = [\"software_update_point\"]",
            "roles = [\"software_update_point\"]\nipsec = { takes_part = false }",
            1,
        );
    assert!(text.contains("ipsec = { takes_part = false }"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("outsider.toml");
    std::fs::write(&file, &text).unwrap();
    let out = dir.path().join("out");
    let o = cordon(&[
        "emit",
        file.to_str().unwrap(),
        "--target",
        "all",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = cordon(&["verify", file.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let outage: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "negotiation-outage")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(!outage.is_empty(), "{v}");
    // The host that takes no part is the one named, and it has no file of its own.
    let name = outage[0]
        .split('`')
        .find(|n| n.ends_with("-SUP"))
        .expect("the update point is named")
        .to_string();
    assert!(!out.join(format!("powershell/{name}.ps1")).exists());
    assert!(!out.join(format!("swanctl/{name}")).exists());
    assert!(!out.join(format!("netsh/{name}.cmd")).exists());
}
