//! `cordon explain`: each verdict on a real packet, and the JSON form.

use crate::util::{cordon, stderr};

fn explain(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["explain"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let o = cordon(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn a_site_server_to_its_management_point_is_encrypted_through_the_firewall() {
    let t = explain(&["--from", "CM01", "--to", "IBMP01", "--port", "445"]);
    assert_eq!(t["verdict"], "encrypted");
    assert!(
        t["flows"][0]
            .as_str()
            .unwrap()
            .starts_with("ss-mp-smb:CM01->IBMP01")
    );
    let hops = t["hops"].as_array().unwrap();
    assert_eq!(hops.len(), 3);
    assert_eq!(hops[0]["kind"], "from");
    assert_eq!(hops[0]["action"], "require");
    assert_eq!(hops[1]["name"], "fw-internal");
    assert_eq!(hops[1]["action"], "pass");
    assert!(
        hops[1]["detail"].as_str().unwrap().contains("esp"),
        "ESP, no NAT inside: {}",
        hops[1]["detail"]
    );
    assert!(t["reason"].as_str().unwrap().contains("aes256gcm16"));
}

#[test]
fn internet_clients_cross_the_nat_edge_with_nat_t() {
    let t = explain(&[
        "--from",
        "internet-clients",
        "--to",
        "IBMP01",
        "--port",
        "443",
    ]);
    assert_eq!(t["verdict"], "encrypted");
    assert!(
        t["hops"][1]["detail"].as_str().unwrap().contains("nat-t"),
        "{}",
        t["hops"][1]
    );
}

#[test]
fn directory_traffic_to_the_dc_is_plaintext_allowed() {
    let t = explain(&["--from", "IBMP01", "--to", "10.10.1.5", "--port", "88"]);
    assert_eq!(t["verdict"], "plaintext-allowed");
    assert!(
        t["flows"][0]
            .as_str()
            .unwrap()
            .contains("exempt: domain-controller")
    );
}

#[test]
fn a_packet_no_flow_wants_is_blocked() {
    let t = explain(&[
        "--from",
        "internet-clients",
        "--to",
        "SQL01",
        "--port",
        "1433",
    ]);
    assert_eq!(t["verdict"], "blocked");
    assert!(t["flows"].as_array().unwrap().is_empty());
}

#[test]
fn mismatched_proposals_fail_negotiation() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("site.toml");
    let text = std::fs::read_to_string(crate::util::root().join("examples/scenario-1b.toml"))
        .unwrap()
        .replacen(
            "exclude_rows = [\"mp-db-sql\"]",
            "exclude_rows = [\"mp-db-sql\"]\nipsec = { proposals = [\"aes128gcm16\"] }",
            1,
        );
    std::fs::write(&file, text).unwrap();
    let t = explain(&[
        file.to_str().unwrap(),
        "--from",
        "CM01",
        "--to",
        "IBMP01",
        "--port",
        "445",
    ]);
    assert_eq!(t["verdict"], "negotiation-fails");
    assert!(t["reason"].as_str().unwrap().contains("proposal"));
}

#[test]
fn unknown_ends_are_usage_errors() {
    let o = cordon(&[
        "explain", "--from", "CM1", "--to", "IBMP01", "--port", "445",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `CM01`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn kerberos_without_a_kdc_path_fails_negotiation() {
    // Scenario 1b with Kerberos as the only method: Internet clients reach no domain
    // controller, so they can never get a ticket.
    let text = std::fs::read_to_string(crate::util::root().join("examples/scenario-1b.toml"))
        .unwrap()
        .replace(
            "authentication = [\"certificate:configmgr-ipsec-ca\"]",
            "authentication = [\"kerberos\"]",
        );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kerberos.toml");
    std::fs::write(&file, text).unwrap();
    let o = cordon(&[
        "explain",
        file.to_str().unwrap(),
        "--from",
        "198.51.100.7",
        "--to",
        "IBMP01",
        "--port",
        "443",
    ]);
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        out.contains("verdict: negotiation-fails")
            && out.contains("`internet-clients` has no path to a domain controller"),
        "{out}{}",
        stderr(&o)
    );
    let o = cordon(&["verify", file.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("error[kerberos-without-kdc]"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn a_packet_no_flow_wants_says_so_in_text_and_json() {
    // Any holder of a certificate from the CA reaches SMB on the Internet-facing MP: the
    // policy encrypts it, but nothing in the hierarchy needs it.
    let text = |from: &str| {
        let o = cordon(&["explain", "--from", from, "--to", "IBMP01", "--port", "445"]);
        String::from_utf8_lossy(&o.stdout).to_string()
    };
    let t = text("198.51.100.7");
    assert!(
        t.contains("verdict: encrypted (not in the traffic map: no flow needs this packet"),
        "{t}"
    );
    let needed = text("CM01");
    assert!(!needed.contains("not in the traffic map"), "{needed}");
    let v = explain(&["--from", "198.51.100.7", "--to", "IBMP01", "--port", "445"]);
    assert_eq!(v["in_traffic_map"], false);
    assert_eq!(v["verdict"], "encrypted");
    let v = explain(&["--from", "CM01", "--to", "IBMP01", "--port", "445"]);
    assert_eq!(v["in_traffic_map"], true);
}

#[test]
fn group_policy_to_the_dc_follows_domain_controllers() {
    // SMB for Group Policy and SYSVOL, and time, come from the windows-domain catalog.
    let t = explain(&["--from", "CM01", "--to", "DC01", "--port", "445"]);
    assert_eq!(t["verdict"], "plaintext-allowed", "{t}");
    assert_eq!(t["in_traffic_map"], true, "{t}");
    let t = explain(&[
        "--from",
        "CM01",
        "--to",
        "DC01",
        "--protocol",
        "udp",
        "--port",
        "123",
    ]);
    assert_eq!(t["verdict"], "plaintext-allowed", "{t}");
    let text = std::fs::read_to_string(crate::util::root().join("examples/scenario-1b.toml"))
        .unwrap()
        .replace(
            "domain_controllers = \"exempt\"",
            "domain_controllers = \"protect\"",
        );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("protect.toml");
    std::fs::write(&file, text).unwrap();
    let o = cordon(&[
        "explain",
        file.to_str().unwrap(),
        "--from",
        "CM01",
        "--to",
        "DC01",
        "--port",
        "445",
    ]);
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(out.contains("verdict: encrypted - "), "{out}");
}
