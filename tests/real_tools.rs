//! The real consumers load what cordon emits. With `CI=true` a missing tool fails the
//! test; elsewhere the test says why it skipped.

use std::path::Path;
use std::process::Command;

use crate::util::{emit_into, root};

/// Whether `tool` can run; under CI its absence is a failure, not a skip.
pub fn have(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{tool} is missing; scripts/test installs it (CI=true forbids skipping)"
        );
        eprintln!("SKIPPED: {tool} is not installed (run scripts/test to install it)");
    }
    found
}

/// Whether this process may create network namespaces (root on Linux).
pub fn can_unshare_net() -> bool {
    let ok = Command::new("unshare")
        .args(["--net", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "cannot create a network namespace under CI"
        );
        eprintln!("SKIPPED: cannot create a network namespace here");
    }
    ok
}

/// Both examples, and a topology whose every name is an injection attempt.
const EXAMPLES: [&str; 4] = [
    "examples/scenario-1b.toml",
    "examples/scenario-1b-plain-clients.toml",
    "examples/hierarchy.toml",
    "tests/fixtures/hostile-names.toml",
];

/// Writes the targets these tests load (netsh refuses the hostile names by design, and
/// has its own test) into `dir/<target>/`.
fn emit_all(example: &str, dir: &Path) {
    for target in ["nftables", "swanctl"] {
        emit_into(example, target, &dir.join(target));
    }
}

#[test]
fn nft_accepts_every_emitted_ruleset() {
    if !have("nft") || !can_unshare_net() {
        return;
    }
    for example in EXAMPLES {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        emit_all(example, &out);
        let mut files: Vec<_> = std::fs::read_dir(out.join("nftables").join("nftables"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        // Site gateways' rulesets, when the topology has gateways.
        if let Ok(gateways) = std::fs::read_dir(out.join("nftables").join("gateways")) {
            files.extend(gateways.flatten().map(|e| e.path().join("cordon.nft")));
        }
        assert!(!files.is_empty());
        for f in files {
            // A fresh network namespace: checking never touches this machine's ruleset.
            let o = Command::new("unshare")
                .args(["--net", "nft", "-c", "-f"])
                .arg(&f)
                .output()
                .unwrap();
            assert!(
                o.status.success(),
                "nft rejects {}:\n{}",
                f.display(),
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
    let _ = root();
}

const CHARON: &str = "/usr/lib/ipsec/charon";

pub fn have_strongswan() -> bool {
    let found = Path::new(CHARON).exists();
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "strongSwan's charon is missing; scripts/test installs it (CI=true forbids skipping)"
        );
        eprintln!("SKIPPED: strongSwan's charon is not installed (run scripts/test to install it)");
    }
    found && have("swanctl") && have("pki")
}

/// Runs the charon harness on a directory of swanctl.conf files; returns (success, output).
fn charon_load(dir: &Path) -> (bool, String) {
    let o = Command::new("unshare")
        .args(["-m", "-n", "sh"])
        .arg(root().join("tests/tools/charon-load.sh"))
        .arg(dir)
        .output()
        .unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

#[test]
fn charon_loads_every_connection_of_every_emitted_swanctl_conf() {
    if !have_strongswan() || !can_unshare_net() {
        return;
    }
    for example in EXAMPLES {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        emit_all(example, &out);
        let files = std::fs::read_dir(out.join("swanctl").join("swanctl"))
            .unwrap()
            .count()
            + std::fs::read_dir(out.join("swanctl").join("gateways")).map_or(0, Iterator::count);
        assert!(files > 0);
        // Hosts' files and, when the topology has them, the gateways'.
        let (ok, log) = charon_load(&out.join("swanctl"));
        assert!(ok, "charon refused part of {example}:\n{log}");
        assert_eq!(
            log.lines().filter(|l| l.starts_with("OK ")).count(),
            files,
            "{log}"
        );
    }
    // The harness can fail: a proposal strongSwan does not know is refused.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(
        bad.join("swanctl.conf"),
        "connections {\n\tcordon-x {\n\t\tchildren {\n\t\t\tr {\n\t\t\t\tesp_proposals = no-such-cipher\n\t\t\t}\n\t\t}\n\t}\n}\n",
    )
    .unwrap();
    let (ok, log) = charon_load(&bad);
    assert!(!ok, "a broken file passed:\n{log}");
}
