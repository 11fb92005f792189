//! `cordon lab` on a real IKE stack: the hierarchy example's tunnel carries every flow
//! (and audits clean), the gateways fail closed with one charon stopped and the other
//! killed, on kernel-libipsec and on the kernel's own xfrm policies; a ruleset that does
//! not fail closed is caught leaking; and a seeded proposal mismatch fails the lab
//! exactly as `verify` predicts. Root, network namespaces, strongSwan, nftables and
//! tcpdump are needed; under `CI=true` their absence is a failure.

use serde_json::Value;

use cordon::emit::gateway::GatewayStack;
use cordon::lab::gateway::GatewayLabOptions;

use crate::real_tools::{can_unshare_net, have, have_strongswan};
use crate::util::{cordon, plan, root, stderr, stdout};

fn ready() -> bool {
    have_strongswan() && have("tcpdump") && have("nft") && can_unshare_net()
}

/// The namespaces a lab run named on stderr (`building the namespaces A, B and links`)
/// that still exist.
fn leftover_namespaces(stderr: &str) -> Vec<String> {
    let ours: Vec<&str> = stderr
        .lines()
        .find_map(|l| l.strip_prefix("lab: building the namespaces "))
        .and_then(|l| l.strip_suffix(" and links"))
        .map(|l| l.split(", ").collect())
        .unwrap_or_default();
    assert!(!ours.is_empty(), "the lab names its namespaces: {stderr}");
    let o = std::process::Command::new("ip")
        .args(["netns", "list"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| ours.contains(n))
        .map(str::to_string)
        .collect()
}

/// The probe lines of the lab's table.
fn probes(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.contains(" -> ") && !l.starts_with("flow "))
        .collect()
}

/// Runs the lab through the CLI; returns its table after checking it tore down.
fn lab_cli(args: &[&str]) -> (Option<i32>, String) {
    let o = cordon(args);
    let (text, err) = (stdout(&o), stderr(&o));
    let left = leftover_namespaces(&err);
    assert!(left.is_empty(), "torn down: {left:?}");
    (o.status.code(), format!("{text}\n{err}"))
}

#[test]
fn the_lab_proves_the_tunnel_and_fails_closed() {
    if !ready() {
        return;
    }
    let hierarchy = root().join("examples/hierarchy.toml").display().to_string();
    let (code, text) = lab_cli(&["lab", &hierarchy]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("lab passed"), "{text}");
    let probes = probes(&text);
    assert!(probes.len() >= 14, "{text}");
    for line in &probes {
        let negative = line.starts_with("a port no flow needs")
            || line.contains("charon stopped")
            || line.contains("charon killed");
        let want = if negative { "failed" } else { "connected" };
        assert!(
            line.contains(want) && !line.contains("UNEXPECTED"),
            "{line}"
        );
    }
    // Both ways of losing charon, each for a child that leaves through that gateway, and
    // a UDP flow whose connection was established through the tunnel before.
    assert!(text.contains("c03 before charon stops"), "{text}");
    assert!(text.contains("stopped, established connection"), "{text}");
    assert!(
        probes.iter().any(|l| l.contains("charon stopped")),
        "{text}"
    );
    assert!(probes.iter().any(|l| l.contains("charon killed")), "{text}");
    assert!(
        text.contains("[pass] LON-GW's charon stopped: its TUN device gone"),
        "{text}"
    );
    assert!(
        text.contains("[pass] BRN-GW's charon killed: its TUN device gone"),
        "{text}"
    );
    assert!(text.contains("esp-in-udp (ok-encrypted"), "{text}");
    assert!(
        text.contains("[pass] children established: 7 of 7 CHILD_SAs"),
        "{text}"
    );
    assert!(!text.contains("plaintext ("), "{text}");
}

#[test]
fn the_kernel_stack_holds_every_flow_and_fails_closed() {
    if !ready() {
        return;
    }
    let hierarchy = root().join("examples/hierarchy.toml").display().to_string();
    let (code, text) = lab_cli(&["lab", &hierarchy, "--gateway-stack", "xfrm"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("the kernel's IPsec"), "{text}");
    let probes = probes(&text);
    assert!(
        probes
            .iter()
            .filter(|l| l.contains("held by its trap"))
            .count()
            == 7,
        "{text}"
    );
    for line in &probes {
        assert!(
            line.contains("failed") && !line.contains("UNEXPECTED"),
            "{line}"
        );
    }
    for check in [
        "[pass] trap policies in the kernel",
        "[pass] LON-GW's charon stopped: its policies removed",
        "[pass] BRN-GW's charon killed: its policies left in the kernel",
        "[pass] nothing in the clear on the WAN",
        "[pass] the traps made charon negotiate",
    ] {
        assert!(text.contains(check), "{check}: {text}");
    }
}

/// The ruleset cordon wrote before gateways failed closed: no drop above the conntrack
/// accept, and the way out toward the tunnel not tied to it.
fn without_fail_closed(_gateway: &str, text: &str) -> String {
    text.lines()
        .filter(|l| !l.contains("fail closed"))
        .map(|l| {
            l.replace("oifname \"ipsec0\" ", "")
                .replace("rt ipsec exists ", "")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_gateway_that_does_not_fail_closed_is_caught_leaking() {
    if !ready() {
        return;
    }
    for stack in [GatewayStack::Libipsec, GatewayStack::Xfrm] {
        let p = plan("examples/hierarchy.toml");
        let options = GatewayLabOptions {
            stack,
            edit_nft: Some(&without_fail_closed),
            collect_state: None,
        };
        let report = cordon::lab::run_lab(
            &p.topology,
            &p.traffic,
            &p.policy,
            std::path::Path::new(env!("CARGO_BIN_EXE_cordon")),
            &options,
            &mut |_| {},
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let text = report.text();
        assert!(!report.passed(), "{stack:?}: {text}");
        assert!(
            text.contains("[FAIL] nothing in the clear on the WAN"),
            "{stack:?}: {text}"
        );
        // What went out in the clear is the flow whose gateway lost its charon.
        assert!(
            report
                .wan
                .iter()
                .any(|(d, v, _, _)| v.code() == "violation-plaintext" && d.contains("10.30.0.10")),
            "{stack:?}: {text}"
        );
    }
}

#[test]
fn the_lab_meets_the_mismatch_verify_predicts() {
    if !ready() {
        return;
    }
    let mismatch = root()
        .join("tests/fixtures/lab-mismatch.toml")
        .display()
        .to_string();
    let v: Value =
        serde_json::from_str(&stdout(&cordon(&["verify", &mismatch, "--format", "json"]))).unwrap();
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"tunnel-no-common-proposal"), "{codes:?}");
    let (code, text) = lab_cli(&["lab", &mismatch]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("[FAIL] children established: 0 of 3 CHILD_SAs"),
        "{text}"
    );
    assert!(text.contains("ike-without-esp"), "{text}");
    assert!(
        !text.contains("plaintext ("),
        "nothing in the clear: {text}"
    );
}

#[test]
fn a_topology_without_gateways_has_nothing_for_the_lab() {
    let o = cordon(&["lab"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no WAN link carries a flow"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn explain_and_plan_show_the_tunnel() {
    let hierarchy = root().join("examples/hierarchy.toml").display().to_string();
    let args = |file: &str| {
        stdout(&cordon(&[
            "explain", file, "--from", "LON-SS", "--to", "BRN-SS", "--port", "445",
        ]))
    };
    let text = args(&hierarchy);
    assert!(
        text.contains("gateway LON-GW <-> BRN-GW: tunnel (c01)"),
        "{text}"
    );
    assert!(text.contains("verdict: encrypted"), "{text}");
    let mismatch = root()
        .join("tests/fixtures/lab-mismatch.toml")
        .display()
        .to_string();
    let text = args(&mismatch);
    assert!(
        text.contains("verdict: negotiation-fails - the tunnel between gateways LON-GW and BRN-GW"),
        "{text}"
    );
    let plan: Value =
        serde_json::from_str(&stdout(&cordon(&["plan", &hierarchy, "--format", "json"]))).unwrap();
    let tunnel = &plan["tunnels"][0];
    assert_eq!(tunnel["gateways"][0]["name"], "LON-GW");
    assert_eq!(tunnel["children"][0]["mode"], "tunnel");
    assert_eq!(tunnel["children"][0]["source"], "10.30.0.10");
}
