//! `cordon verify`: every finding code a topology can produce is triggered by a failing
//! topology and absent from its fixed version; the documentation lists exactly the codes;
//! both examples have no errors.

use std::path::Path;

use cordon::verify::Code;

use crate::util::{cordon, root, stderr};

const BASE: &str = r#"[hierarchy]
name = "verify"
security_mode = "native"
forest = "a.example"

[ipsec]
design = "host_to_host"
action = "require"
authentication = ["certificate:ca"]
proposals = ["aes256gcm16"]
ike_proposals = ["aes256-sha256-ecp384"]

[[certificate_authority]]
name = "ca"
subject = "CN=ca"
dedicated = true

[[certificate_authority]]
name = "ca2"
subject = "CN=ca2"
dedicated = true

[[site]]
code = "PRI"
kind = "primary"

[[zone]]
name = "lan"
trust = "intranet"
subnets = ["10.0.0.0/16"]

[[zone]]
name = "dmz"
trust = "perimeter"
subnets = ["172.16.0.0/24"]

[[firewall]]
name = "fw"
joins = ["lan", "dmz"]

[[host]]
name = "SS"
addresses = ["10.0.0.10"]
zone = "lan"
site = "PRI"
roles = ["site_server", "site_database_server", "provider"]

[[host]]
name = "MP"
addresses = ["172.16.0.10"]
zone = "dmz"
site = "PRI"
roles = ["management_point"]
"#;

/// Runs verify on `text` (with an optional catalog overlay); returns the codes found.
fn codes(text: &str, overlay: Option<&str>) -> Vec<String> {
    findings(text, overlay)
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

/// Runs verify on `text`; returns the findings as JSON.
fn findings(text: &str, overlay: Option<&str>) -> Vec<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("site.toml");
    std::fs::write(&file, text).unwrap();
    if let Some(o) = overlay {
        std::fs::write(dir.path().join("overlay.toml"), o).unwrap();
    }
    let o = cordon(&["verify", file.to_str().unwrap(), "--format", "json"]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    doc["findings"].as_array().unwrap().clone()
}

#[test]
fn no_common_proposal_says_which_negotiation_fails_and_what_each_end_offers() {
    let text = with(&[(
        MP_ROLES,
        "roles = [\"management_point\"]\nipsec = { proposals = [\"aes128gcm16\"] }",
    )]);
    let all = findings(&text, None);
    let f = all
        .iter()
        .find(|f| f["code"] == "no-common-proposal")
        .unwrap();
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains("no ESP (quick mode) proposal"),
        "{message}"
    );
    assert!(!message.contains("no IKE"), "{message}");
    assert!(message.contains("`MP` offers aes128gcm16"), "{message}");
    assert!(message.contains("`SS` offers aes256gcm16"), "{message}");
    // Every such finding points at a line that set one of the offers: the MP's override
    // or the `[ipsec]` defaults the site server keeps, never a host's name.
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let offers = [
        line_of("ipsec = { proposals = [\"aes128gcm16\"] }"),
        line_of("proposals = [\"aes256gcm16\"]"),
    ];
    for f in all.iter().filter(|f| f["code"] == "no-common-proposal") {
        let line = f["line"].as_u64().unwrap() as usize;
        assert!(offers.contains(&line), "{f}");
    }
}

fn with(edits: &[(&str, &str)]) -> String {
    let mut t = BASE.to_string();
    for (old, new) in edits {
        assert!(t.contains(old), "base lacks {old}");
        t = t.replacen(old, new, 1);
    }
    t
}

const MP_ROLES: &str = "roles = [\"management_point\"]";
/// The management point on Windows Server 2003.
const MP_ON_2003: (&str, &str) = (
    MP_ROLES,
    "roles = [\"management_point\"]\nplatform = \"windows-2003\"",
);
/// 3DES offered last, as a fallback for Windows Server 2003 peers.
const THREE_DES_LAST: [(&str, &str); 2] = [
    (
        "proposals = [\"aes256gcm16\"]",
        "proposals = [\"aes256gcm16\", \"3des-sha1\"]",
    ),
    (
        "ike_proposals = [\"aes256-sha256-ecp384\"]",
        "ike_proposals = [\"aes256-sha256-ecp384\", \"3des-sha1-modp2048\"]",
    ),
];
/// IPv6 on the LAN and on the site server.
const LAN_V6: (&str, &str) = (
    "subnets = [\"10.0.0.0/16\"]",
    "subnets = [\"10.0.0.0/16\", \"fd00::/64\"]",
);
const SS_V6: (&str, &str) = (
    "addresses = [\"10.0.0.10\"]",
    "addresses = [\"10.0.0.10\", \"fd00::10\"]",
);
const SS_ROLES: &str = "roles = [\"site_server\", \"site_database_server\", \"provider\"]";

#[test]
fn each_code_has_a_failing_and_a_fixed_topology() {
    let overlay_clear = "[[flow]]\nid = \"ss-mp-smb\"\nfrom = \"site_server\"\nto = \"management_point\"\nprotocol = \"tcp\"\nports = [445]\nservice = \"SMB\"\npath = \"site_server_to_site_system\"\nscope = \"same_site\"\nipsec = \"exempt\"\nipsec_reason = \"test\"\n";
    let cases: Vec<(Code, String, String, Option<&str>)> = vec![
        (
            Code::RequireRequest,
            with(&[(
                MP_ROLES,
                "roles = [\"management_point\"]\nipsec = { action = \"request\" }",
            )]),
            BASE.to_string(),
            None,
        ),
        (
            Code::SilentPlaintext,
            with(&[("action = \"require\"", "action = \"request\"")]),
            BASE.to_string(),
            None,
        ),
        (
            Code::NoCommonProposal,
            with(&[(
                MP_ROLES,
                "roles = [\"management_point\"]\nipsec = { proposals = [\"aes128gcm16\"] }",
            )]),
            BASE.to_string(),
            None,
        ),
        (
            Code::PlatformNoKeyModule,
            with(&[
                (
                    MP_ROLES,
                    "roles = [\"management_point\"]\nplatform = \"windows-2003\"",
                ),
                (
                    SS_ROLES,
                    "roles = [\"site_server\", \"site_database_server\", \"provider\"]\nipsec = { key_module = \"ikev2\" }",
                ),
            ]),
            BASE.to_string(),
            None,
        ),
        (
            Code::PlatformNoAuthentication,
            with(&[
                (
                    "authentication = [\"certificate:ca\"]",
                    "authentication = [\"kerberos\"]",
                ),
                (
                    MP_ROLES,
                    "roles = [\"management_point\"]\nplatform = \"linux\"",
                ),
            ]),
            with(&[(
                "authentication = [\"certificate:ca\"]",
                "authentication = [\"kerberos\"]",
            )]),
            None,
        ),
        (
            Code::PlatformNoProposal,
            with(&[(
                MP_ROLES,
                "roles = [\"management_point\"]\nplatform = \"windows-2003\"",
            )]),
            with(&[MP_ON_2003, THREE_DES_LAST[0], THREE_DES_LAST[1]]),
            None,
        ),
        (
            // The firewall's administrator already denies IKE between the zones.
            Code::FirewallDropsIke,
            with(&[(
                "joins = [\"lan\", \"dmz\"]",
                "joins = [\"lan\", \"dmz\"]\nrules = [{ action = \"deny\", protocol = \"udp\", ports = \"500\" }]",
            )]),
            // The fix: the deny after cordon's rules (IKE passes first).
            with(&[(
                "joins = [\"lan\", \"dmz\"]",
                "joins = [\"lan\", \"dmz\"]\nrules = [{ action = \"deny\", protocol = \"udp\", ports = \"500\", position = \"after\" }]",
            )]),
            None,
        ),
        (
            Code::FirewallDropsEsp,
            with(&[(
                "joins = [\"lan\", \"dmz\"]",
                "joins = [\"lan\", \"dmz\"]\nrules = [{ action = \"deny\", protocol = \"esp\" }]",
            )]),
            BASE.to_string(),
            None,
        ),
        (
            // A NAT firewall that denies UDP 4500: NAT-T cannot pass.
            Code::NatWithoutNatTraversal,
            with(&[(
                "joins = [\"lan\", \"dmz\"]",
                "joins = [\"lan\", \"dmz\"]\nnat = true\nrules = [{ action = \"deny\", protocol = \"udp\", ports = \"4500\" }]",
            )]),
            with(&[(
                "joins = [\"lan\", \"dmz\"]",
                "joins = [\"lan\", \"dmz\"]\nnat = true",
            )]),
            None,
        ),
        (
            // Kerberos to the domain controller, exempt by design, denied by a rule of
            // record.
            Code::FirewallDropsExemptFlow,
            with(&[
                (
                    "joins = [\"lan\", \"dmz\"]",
                    "joins = [\"lan\", \"dmz\"]\nrules = [{ action = \"deny\", protocol = \"tcp\", ports = \"88\", destination = [\"10.0.0.5/32\"] }]",
                ),
                (
                    "[[host]]\nname = \"SS\"",
                    "[[host]]\nname = \"DC\"\naddresses = [\"10.0.0.5\"]\nzone = \"lan\"\nroles = [\"dns_server\"]\ndomain_controller = true\n\n[[host]]\nname = \"SS\"",
                ),
            ]),
            with(&[(
                "[[host]]\nname = \"SS\"",
                "[[host]]\nname = \"DC\"\naddresses = [\"10.0.0.5\"]\nzone = \"lan\"\nroles = [\"dns_server\"]\ndomain_controller = true\n\n[[host]]\nname = \"SS\"",
            )]),
            None,
        ),
        (
            // A management point outside IPsec: the site server requires, it sends clear.
            Code::NegotiationOutage,
            with(&[(
                MP_ROLES,
                "roles = [\"management_point\"]\nipsec = { takes_part = false }",
            )]),
            BASE.to_string(),
            None,
        ),
        (
            // Kerberos with no domain controller to ask for a ticket.
            Code::KerberosWithoutKdc,
            with(&[(
                "authentication = [\"certificate:ca\"]",
                "authentication = [\"kerberos\"]",
            )]),
            with(&[
                (
                    "authentication = [\"certificate:ca\"]",
                    "authentication = [\"kerberos\"]",
                ),
                (
                    "[[host]]\nname = \"SS\"",
                    "[[host]]\nname = \"DC\"\naddresses = [\"10.0.0.5\"]\nzone = \"lan\"\nroles = [\"dns_server\"]\ndomain_controller = true\n\n[[host]]\nname = \"SS\"",
                ),
            ]),
            None,
        ),
        (
            // 3DES as the only proposal is what protects the flows; offered last it is
            // a fallback only.
            Code::WeakTransformAgreed,
            with(&[
                (
                    "proposals = [\"aes256gcm16\"]",
                    "proposals = [\"3des-sha1\"]",
                ),
                (
                    "ike_proposals = [\"aes256-sha256-ecp384\"]",
                    "ike_proposals = [\"3des-sha1-modp2048\"]",
                ),
            ]),
            with(&[THREE_DES_LAST[0], THREE_DES_LAST[1]]),
            None,
        ),
        (
            // Internet-based clients at a mixed-mode site: not managed at all.
            Code::InternetClientsMixedMode,
            with(&[
                ("security_mode = \"native\"", "security_mode = \"mixed\""),
                (
                    "[[firewall]]",
                    "[[zone]]\nname = \"internet\"\ntrust = \"internet\"\n\n[[client_group]]\nname = \"roaming\"\nsite = \"PRI\"\nzone = \"internet\"\nsubnets = [\"any\"]\n\n[[firewall]]",
                ),
            ]),
            with(&[(
                "[[firewall]]",
                "[[zone]]\nname = \"internet\"\ntrust = \"internet\"\n\n[[client_group]]\nname = \"roaming\"\nsite = \"PRI\"\nzone = \"internet\"\nsubnets = [\"any\"]\n\n[[firewall]]",
            )]),
            None,
        ),
        (
            // Windows 2003 with IPv6 on both ends: the IPv6 half goes in the clear.
            Code::PlatformNoIpv6,
            with(&[
                MP_ON_2003,
                THREE_DES_LAST[0],
                THREE_DES_LAST[1],
                LAN_V6,
                (
                    "subnets = [\"172.16.0.0/24\"]",
                    "subnets = [\"172.16.0.0/24\", \"fd01::/64\"]",
                ),
                SS_V6,
                (
                    "addresses = [\"172.16.0.10\"]",
                    "addresses = [\"172.16.0.10\", \"fd01::10\"]",
                ),
            ]),
            // The fix: the Windows 2003 end without IPv6.
            with(&[
                MP_ON_2003,
                THREE_DES_LAST[0],
                THREE_DES_LAST[1],
                LAN_V6,
                SS_V6,
            ]),
            None,
        ),
        (
            Code::NoCommonAuthentication,
            with(&[(
                MP_ROLES,
                "roles = [\"management_point\"]\nipsec = { authentication = [\"certificate:ca2\"] }",
            )]),
            BASE.to_string(),
            None,
        ),
        (
            Code::KerberosAcrossForests,
            with(&[
                (
                    "authentication = [\"certificate:ca\"]",
                    "authentication = [\"kerberos\"]",
                ),
                (
                    MP_ROLES,
                    "roles = [\"management_point\"]\nforest = \"b.example\"",
                ),
            ]),
            with(&[(
                "authentication = [\"certificate:ca\"]",
                "authentication = [\"kerberos\"]",
            )]),
            None,
        ),
        (
            Code::WeakCryptography,
            with(&[(
                "proposals = [\"aes256gcm16\"]",
                "proposals = [\"3des-sha1\"]",
            )]),
            BASE.to_string(),
            None,
        ),
        (
            Code::KerberosInPerimeter,
            with(&[(
                "authentication = [\"certificate:ca\"]",
                "authentication = [\"kerberos\"]",
            )]),
            BASE.to_string(),
            None,
        ),
        (
            Code::CaNotDedicated,
            with(&[(
                "subject = \"CN=ca\"\ndedicated = true",
                "subject = \"CN=ca\"\ndedicated = false",
            )]),
            BASE.to_string(),
            None,
        ),
        (
            Code::SiteRolesOnDomainController,
            with(&[(
                SS_ROLES,
                "roles = [\"site_server\", \"site_database_server\", \"provider\"]\ndomain_controller = true",
            )]),
            BASE.to_string(),
            None,
        ),
        (
            Code::ClientAgentWithoutPermits,
            with(&[(
                SS_ROLES,
                "roles = [\"site_server\", \"site_database_server\", \"provider\"]\nclient_agent = true\nipsec = { client_agent_permits = false }",
            )]),
            with(&[(
                SS_ROLES,
                "roles = [\"site_server\", \"site_database_server\", \"provider\"]\nclient_agent = true",
            )]),
            None,
        ),
        (
            Code::SensitivePathInClear,
            with(&[(
                "forest = \"a.example\"",
                "forest = \"a.example\"\ncatalog_overlay = \"overlay.toml\"",
            )]),
            BASE.to_string(),
            Some(overlay_clear),
        ),
        (
            Code::MixedModeClientPath,
            with(&[
                ("security_mode = \"native\"", "security_mode = \"mixed\""),
                (
                    MP_ROLES,
                    "roles = [\"management_point\"]\n\n[[client_group]]\nname = \"c\"\nsite = \"PRI\"\nzone = \"lan\"\nsubnets = [\"10.0.128.0/24\"]",
                ),
            ]),
            with(&[(
                MP_ROLES,
                "roles = [\"management_point\"]\n\n[[client_group]]\nname = \"c\"\nsite = \"PRI\"\nzone = \"lan\"\nsubnets = [\"10.0.128.0/24\"]",
            )]),
            None,
        ),
    ];
    for (code, failing, fixed, overlay) in &cases {
        let found = codes(failing, *overlay);
        assert!(
            found.iter().any(|c| c == code.name()),
            "{} not triggered; found {found:?}",
            code.name()
        );
        let after = codes(fixed, None);
        assert!(
            !after.iter().any(|c| c == code.name()),
            "{} still there after the fix: {after:?}",
            code.name()
        );
    }
    // The base topology is clean of errors and warnings.
    let base = codes(BASE, None);
    assert!(
        base.iter().all(|c| Code::ALL
            .iter()
            .any(|k| k.name() == c && k.severity() == cordon::verify::Severity::Note)),
        "{base:?}"
    );
}

#[test]
fn uncertain_rows_are_noted_and_disappear_when_the_overlay_disables_them() {
    assert!(
        codes(BASE, None)
            .iter()
            .any(|c| c == "uncertain-catalog-rows")
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("site.toml");
    std::fs::write(&file, BASE).unwrap();
    let o = cordon(&[
        "flows",
        file.to_str().unwrap(),
        "--uncertain",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut rows: Vec<String> = doc["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("\"{}\"", f["catalog_row"].as_str().unwrap()))
        .collect();
    rows.sort();
    rows.dedup();
    let overlay = format!("disable = [{}]\n", rows.join(", "));
    let fixed = BASE.replacen(
        "forest = \"a.example\"",
        "forest = \"a.example\"\ncatalog_overlay = \"overlay.toml\"",
        1,
    );
    assert!(
        !codes(&fixed, Some(&overlay))
            .iter()
            .any(|c| c == "uncertain-catalog-rows")
    );
}

#[test]
fn examples_have_no_errors_and_exit_codes_follow_the_threshold() {
    for example in [
        "examples/scenario-1b.toml",
        "examples/scenario-1b-plain-clients.toml",
        "examples/hierarchy.toml",
    ] {
        let o = cordon(&["verify", example]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stdout)
        );
        let o = cordon(&["verify", example, "--deny", "warnings"]);
        assert_eq!(
            o.status.code(),
            Some(1),
            "the examples keep justified warnings"
        );
    }
    let o = cordon(&["verify", "tests/diagnostics/unknown-role.toml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_findings_doc_lists_exactly_the_codes() {
    let doc = std::fs::read_to_string(root().join("docs/findings.md")).unwrap();
    let listed: Vec<&str> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(listed, codes, "docs/findings.md and verify::Code disagree");
    for c in Code::ALL {
        assert!(
            doc.contains(&format!("| `{}` | {} |", c.name(), c.severity().name())),
            "{} severity",
            c.name()
        );
    }
    let _ = Path::new("");
}

#[test]
fn sarif_output_is_sarif_2_1_0_with_a_rule_per_code() {
    let o = cordon(&["verify", "examples/hierarchy.toml", "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let log: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "cordon");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), Code::ALL.len());
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[i]["id"], r["ruleId"],
            "ruleIndex points at the result's rule"
        );
        assert!(matches!(
            r["level"].as_str(),
            Some("error" | "warning" | "note")
        ));
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        if let Some(locs) = r.get("locations") {
            let region = &locs[0]["physicalLocation"]["region"];
            assert!(
                region["startLine"].as_u64().unwrap() >= 1
                    && region["startColumn"].as_u64().unwrap() >= 1
            );
            assert_eq!(
                locs[0]["physicalLocation"]["artifactLocation"]["uri"],
                "examples/hierarchy.toml"
            );
        }
    }
    assert_eq!(
        cordon(&["verify", "examples/hierarchy.toml", "--format", "sarif"]).stdout,
        o.stdout,
        "deterministic"
    );
}

#[test]
fn an_overlay_exemption_that_catches_encrypted_flows_is_named_where_it_is_written() {
    let text = with(&[(
        "forest = \"a.example\"",
        "forest = \"a.example\"\ncatalog_overlay = \"overlay.toml\"",
    )]);
    // The user's row exempts 400-500, which holds SMB (445) between the same two hosts.
    let overlay = "[[flow]]\nid = \"mp-ss-backup\"\nfrom = \"management_point\"\nto = \"site_server\"\nprotocol = \"tcp\"\nports = [\"400-500\"]\nservice = \"Backup agent\"\npath = \"site_server_to_site_system\"\nscope = \"same_site\"\nipsec = \"exempt\"\nipsec_reason = \"the backup agent cannot negotiate IPsec\"\n";
    let all = findings(&text, Some(overlay));
    let smb: Vec<&serde_json::Value> = all
        .iter()
        .filter(|f| f["code"] == "silent-plaintext")
        .filter(|f| f["message"].as_str().unwrap().starts_with("ss-mp-smb:"))
        .collect();
    assert!(!smb.is_empty(), "{all:?}");
    for f in smb {
        let message = f["message"].as_str().unwrap();
        assert!(message.contains("catalog row `mp-ss-backup`"), "{message}");
        assert!(f["file"].as_str().unwrap().ends_with("overlay.toml"), "{f}");
        assert_eq!(f["line"], 2, "the row's id line: {f}");
    }
}

#[test]
fn site_roles_on_a_domain_controller_on_the_exemption_list_are_an_error_at_the_line_that_put_it_there()
 {
    // The hierarchy as shipped protects LON-DC, which hosts a management point and a
    // distribution point. Without its override it is on the exemption list: all of its
    // traffic, its site roles' included, goes in the clear.
    let shipped = std::fs::read_to_string(root().join("examples/hierarchy.toml")).unwrap();
    let override_line = "ipsec = { domain_controllers = \"protect\" }\n";
    assert!(shipped.contains(override_line));
    let exempt = shipped.replacen(override_line, "", 1);
    let all = findings(&exempt, None);
    let clear: Vec<&serde_json::Value> = all
        .iter()
        .filter(|f| f["code"] == "sensitive-path-in-clear")
        .collect();
    assert!(!clear.is_empty(), "{all:?}");
    let dc_line = exempt
        .lines()
        .position(|l| l.starts_with("domain_controllers = \"exempt\""))
        .unwrap()
        + 1;
    for f in &clear {
        assert!(f["message"].as_str().unwrap().contains("LON-DC"), "{f}");
        assert_eq!(f["line"], dc_line, "{f}");
        assert!(
            f["fix"]
                .as_str()
                .unwrap()
                .contains("domain_controllers = \"protect\""),
            "{f}"
        );
    }
    assert!(
        !codes(&shipped, None)
            .iter()
            .any(|c| c == "sensitive-path-in-clear")
    );
}

#[test]
fn an_exempt_domain_controller_is_exempt_for_every_port_a_protected_one_for_none() {
    let dc = (
        "[[host]]\nname = \"SS\"",
        "[[host]]\nname = \"DC\"\naddresses = [\"10.0.0.5\"]\nzone = \"lan\"\nroles = [\"dns_server\"]\ndomain_controller = true\n\n[[host]]\nname = \"SS\"",
    );
    let explain = |text: &str, port: &str| -> serde_json::Value {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("site.toml");
        std::fs::write(&file, text).unwrap();
        let o = cordon(&[
            "explain",
            file.to_str().unwrap(),
            "--from",
            "SS",
            "--to",
            "DC",
            "--port",
            port,
            "--format",
            "json",
        ]);
        serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", stderr(&o)))
    };
    let exempt = with(&[dc]);
    for port in ["445", "8080"] {
        let v = explain(&exempt, port);
        assert_eq!(v["verdict"], "plaintext-allowed", "{port}: {v}");
    }
    let protected = with(&[
        dc,
        (
            "domain_controller = true",
            "domain_controller = true\nipsec = { domain_controllers = \"protect\" }",
        ),
    ]);
    assert_eq!(explain(&protected, "445")["verdict"], "encrypted");
}

/// A client group that takes no part in IPsec (`takes_part = false`), with `extra` written
/// beside it.
fn kiosks(extra: &str) -> String {
    format!(
        "{BASE}\n[[client_group]]\nname = \"kiosks\"\nsite = \"PRI\"\nzone = \"lan\"\nsubnets = [\"10.0.128.0/24\"]\nipsec = {{ takes_part = false{extra} }}\n"
    )
}

#[test]
fn one_that_takes_no_part_can_still_initiate_given_flows_under_ipsec() {
    let outage_to_mp = |all: &[serde_json::Value]| {
        all.iter().any(|f| {
            f["code"] == "negotiation-outage"
                && f["message"]
                    .as_str()
                    .unwrap()
                    .starts_with("cl-mp-https:kiosks->MP")
        })
    };
    // Outside IPsec altogether: the management point requires it, the kiosks send clear.
    assert!(outage_to_mp(&findings(&kiosks(""), None)));
    // Initiating HTTPS to the MP under IPsec: that flow negotiates; the flows the kiosks
    // do not initiate under IPsec (the site server's client push, SMB to the site server)
    // are still outages, and say so.
    // RPC restricted, so that the site server's rules fit Windows' single ports.
    let text = kiosks(", initiates = [\"cl-mp-https\"]").replace(
        "action = \"require\"",
        "action = \"require\"\nrpc_dynamic = \"5000-5100\"",
    );
    let all = findings(&text, None);
    assert!(!outage_to_mp(&all), "{all:?}");
    assert!(
        all.iter().any(|f| f["code"] == "negotiation-outage"
            && f["message"]
                .as_str()
                .unwrap()
                .starts_with("ss-cl-push-smb:SS->kiosks")),
        "{all:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("site.toml");
    std::fs::write(&file, &text).unwrap();
    let file = file.to_str().unwrap();
    // Its rules are exactly the initiated flow's: no exemption list, no ICMP permit.
    let o = cordon(&["policy", file, "--host", "kiosks", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules = doc["rules"].as_array().unwrap_or_else(|| panic!("{doc}"));
    let names: Vec<&str> = rules.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["require-out-tcp-443"], "{doc}");
    let o = cordon(&[
        "explain", file, "--from", "kiosks", "--to", "MP", "--port", "443", "--format", "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["verdict"], "encrypted", "{v}");
    // Written for the platform like any participant.
    let out = dir.path().join("ps");
    let o = cordon(&[
        "emit",
        file,
        "--target",
        "powershell",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("powershell/kiosks.ps1").exists());
}

#[test]
fn initiates_names_catalog_rows_and_needs_takes_part_false() {
    let check = |text: &str, code: &str, needle: &str| {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("site.toml");
        std::fs::write(&file, text).unwrap();
        let o = cordon(&["verify", file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(code), "{err}");
        let line = text.lines().position(|l| l.contains(needle)).unwrap() + 1;
        assert!(err.contains(&format!("site.toml:{line}:")), "{err}");
    };
    check(
        &kiosks(", initiates = [\"cl-mp-htps\"]"),
        "unknown-row",
        "cl-mp-htps",
    );
    check(
        &kiosks(", initiates = [\"cl-mp-https\"]")
            .replace("takes_part = false", "takes_part = true"),
        "initiates-while-taking-part",
        "initiates",
    );
}
