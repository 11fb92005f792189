//! The real consumers load what cordon emits. With `CI=true` a missing tool fails the
//! test; elsewhere the test says why it skipped.

use std::path::Path;
use std::process::Command;

use crate::util::{cordon, root, stderr};

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
fn can_unshare_net() -> bool {
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

fn emit_all(example: &str, dir: &Path) {
    let o = cordon(&[
        "emit",
        example,
        "--target",
        "all",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn nft_accepts_every_emitted_ruleset() {
    if !have("nft") || !can_unshare_net() {
        return;
    }
    for example in ["examples/scenario-1b.toml", "examples/hierarchy.toml"] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        emit_all(example, &out);
        let files: Vec<_> = std::fs::read_dir(out.join("nftables"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
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
