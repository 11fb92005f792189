//! `cordon lab` on a real IKE stack: the hierarchy example's tunnel carries every flow
//! (and audits clean), and a seeded proposal mismatch fails the lab exactly as `verify`
//! predicts. Root, network namespaces, strongSwan, nftables and tcpdump are needed; under
//! `CI=true` their absence is a failure.

use serde_json::Value;

use crate::real_tools::{can_unshare_net, have, have_strongswan};
use crate::util::{cordon, root, stderr, stdout};

fn leftover_namespaces() -> Vec<String> {
    let o = std::process::Command::new("ip")
        .args(["netns", "list"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        // The gateway lab's own (`cordon<pid>-g0`, `-s0`); host labs of other tests
        // (`cordon<pid>x<run>-h0`, `-sw`) may be running beside it.
        .filter(|l| l.starts_with("cordon") && !l.contains('x'))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_lab_proves_the_tunnel_and_meets_the_predicted_failure() {
    if !have_strongswan() || !have("tcpdump") || !have("nft") || !can_unshare_net() {
        return;
    }
    // Both runs in one test: two labs at once would race for the same link names.
    let hierarchy = root().join("examples/hierarchy.toml").display().to_string();
    let o = cordon(&["lab", &hierarchy]);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{text}\n{}", stderr(&o));
    assert!(text.contains("lab passed"), "{text}");
    let probes: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(" -> ") && !l.starts_with("flow "))
        .collect();
    assert!(probes.len() >= 10, "{text}");
    for line in &probes {
        let negative = line.starts_with("a port no flow needs") || line.contains("charon stopped");
        let want = if negative { "failed" } else { "connected" };
        assert!(
            line.contains(want) && !line.contains("UNEXPECTED"),
            "{line}"
        );
    }
    assert!(text.contains("esp-in-udp (ok-encrypted"), "{text}");
    assert!(
        text.contains("[pass] children established: 4 of 4 CHILD_SAs"),
        "{text}"
    );
    assert!(
        leftover_namespaces().is_empty(),
        "torn down: {:?}",
        leftover_namespaces()
    );

    // The seeded mistake: verify predicts it, and the lab meets it.
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
    let o = cordon(&["lab", &mismatch]);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{text}\n{}", stderr(&o));
    assert!(
        text.contains("[FAIL] children established: 0 of 4 CHILD_SAs"),
        "{text}"
    );
    assert!(text.contains("ike-without-esp"), "{text}");
    assert!(
        !text.contains("plaintext ("),
        "nothing in the clear: {text}"
    );
    assert!(
        leftover_namespaces().is_empty(),
        "torn down: {:?}",
        leftover_namespaces()
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
