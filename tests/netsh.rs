//! The emitted netsh scripts, read back: every object is created once, before anything
//! refers to it, and the rules match the policy one for one.

use std::collections::BTreeSet;

use cordon::emit::quote::file_component;
use cordon::traffic;

use crate::util::{cordon, emit_and_plan, stderr};

/// `key="value"` and `key=value` pairs of one netsh line.
fn args(line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].rsplit(' ').next().unwrap_or("").to_string();
        let after = &rest[eq + 1..];
        let (value, next) = if let Some(stripped) = after.strip_prefix('"') {
            let end = stripped.find('"').expect("unterminated quote");
            (stripped[..end].to_string(), &stripped[end + 1..])
        } else {
            let end = after.find(' ').unwrap_or(after.len());
            (after[..end].to_string(), &after[end..])
        };
        out.push((key, value));
        rest = next;
    }
    out
}

fn get<'a>(a: &'a [(String, String)], k: &str) -> &'a str {
    &a.iter()
        .find(|(key, _)| key == k)
        .unwrap_or_else(|| panic!("no {k} in {a:?}"))
        .1
}

#[test]
fn emitted_netsh_defines_before_use_and_matches_the_policy() {
    for example in ["examples/scenario-1b.toml", "examples/hierarchy.toml"] {
        let (_dir, out, planned) = emit_and_plan(example, "netsh");
        let (topo, pol) = (&planned.topology, &planned.policy);
        for set in pol.hosts.iter().chain(&pol.groups) {
            let owner = traffic::endpoint_name(topo, set.owner);
            let script = std::fs::read_to_string(
                out.join("netsh")
                    .join(format!("{}.cmd", file_component(owner))),
            )
            .unwrap();
            let (mut policies, mut lists, mut actions, mut rules) = (
                BTreeSet::new(),
                BTreeSet::new(),
                BTreeSet::new(),
                BTreeSet::new(),
            );
            let mut filters_per_list = std::collections::BTreeMap::<String, usize>::new();
            for line in script
                .lines()
                .filter(|l| l.starts_with("netsh ipsec static add "))
            {
                let a = args(line);
                let what = line.split_whitespace().nth(4).unwrap();
                match what {
                    "policy" => assert!(
                        policies.insert(get(&a, "name").to_string()),
                        "{owner}: policy twice"
                    ),
                    "filterlist" => assert!(
                        lists.insert(get(&a, "name").to_string()),
                        "{owner}: filter list twice"
                    ),
                    "filteraction" => assert!(
                        actions.insert(get(&a, "name").to_string()),
                        "{owner}: filter action twice"
                    ),
                    "filter" => {
                        let list = get(&a, "filterlist");
                        assert!(
                            lists.contains(list),
                            "{owner}: filter before its list {list}"
                        );
                        assert_eq!(get(&a, "mirrored"), "yes");
                        *filters_per_list.entry(list.to_string()).or_default() += 1;
                    }
                    "rule" => {
                        assert!(
                            policies.contains(get(&a, "policy")),
                            "{owner}: rule before its policy"
                        );
                        assert!(
                            lists.contains(get(&a, "filterlist")),
                            "{owner}: rule names an unknown filter list"
                        );
                        assert!(
                            actions.contains(get(&a, "filteraction")),
                            "{owner}: rule names an unknown filter action"
                        );
                        assert!(
                            rules.insert(get(&a, "name").to_string()),
                            "{owner}: rule twice"
                        );
                        let action = get(&a, "filteraction");
                        if action.ends_with("-require") {
                            // "Do not allow unsecured communication" means what it says.
                            let fa = script
                                .lines()
                                .find(|l| {
                                    l.contains("add filteraction")
                                        && l.contains(&format!("name=\"{action}\""))
                                })
                                .unwrap();
                            assert!(fa.contains("inpass=no") && fa.contains("soft=no"), "{fa}");
                        }
                    }
                    other => panic!("{owner}: unexpected object {other}"),
                }
            }
            assert!(
                filters_per_list.len() == lists.len(),
                "{owner}: an empty filter list"
            );
            let ipv4_rules = set
                .rules
                .iter()
                .filter(|r| {
                    r.local
                        .prefixes()
                        .iter()
                        .chain(r.remote.prefixes())
                        .any(|p| p.addr().is_ipv4())
                        || r.local.is_any()
                        || r.remote.is_any()
                })
                .count();
            assert_eq!(
                rules.len(),
                ipv4_rules,
                "{owner}: rules do not match the policy one for one"
            );
        }
    }
}

#[test]
fn a_name_netsh_cannot_hold_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = cordon(&[
        "emit",
        "tests/fixtures/hostile-names.toml",
        "--target",
        "netsh",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("holds a `\"`, which a netsh argument cannot"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("nothing was written"), "{}", stderr(&o));
    assert!(!out.exists());
}
