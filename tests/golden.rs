//! Golden files: the full JSON plan and the text outputs of both examples, byte for byte.

use crate::util::{assert_golden, cordon, root, stderr, stdout};

fn check(example: &str, name: &str, args: &[&str]) {
    let o = cordon(args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_golden(
        &root().join("tests/golden").join(example).join(name),
        &stdout(&o),
    );
}

#[test]
fn scenario_1b() {
    let f = "examples/scenario-1b.toml";
    check("scenario-1b", "plan.json", &["plan", f, "--format", "json"]);
    check("scenario-1b", "plan.txt", &["plan", f]);
    check("scenario-1b", "flows.txt", &["flows", f]);
    check(
        "scenario-1b",
        "policy-CM01.txt",
        &["policy", f, "--host", "CM01"],
    );
    check(
        "scenario-1b",
        "policy-internet-clients.txt",
        &["policy", f, "--host", "internet-clients"],
    );
}

#[test]
fn hierarchy() {
    let f = "examples/hierarchy.toml";
    check("hierarchy", "plan.json", &["plan", f, "--format", "json"]);
    check("hierarchy", "plan.txt", &["plan", f]);
    check(
        "hierarchy",
        "policy-LON-DC.txt",
        &["policy", f, "--host", "LON-DC"],
    );
}

/// Every emitted file of both examples, byte for byte, plus the manifest.
#[test]
fn emitted_files() {
    for (example, name) in [
        ("examples/scenario-1b.toml", "scenario-1b"),
        ("examples/hierarchy.toml", "hierarchy"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let o = cordon(&[
            "emit",
            example,
            "--target",
            "all",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let golden = root().join("tests/golden").join(name).join("emit");
        let mut stack = vec![out.clone()];
        let mut seen = Vec::new();
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p.strip_prefix(&out).unwrap().to_path_buf();
                    let target = golden.join(&rel);
                    if std::env::var_os("CORDON_BLESS").is_some() {
                        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                    }
                    assert_golden(&target, &std::fs::read_to_string(&p).unwrap());
                    seen.push(rel);
                }
            }
        }
        assert!(seen.iter().any(|p| p.ends_with("manifest.json")));
    }
}
