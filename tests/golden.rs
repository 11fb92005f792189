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
