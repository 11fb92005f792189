//! The emitted PowerShell, checked without Windows: tree-sitter-powershell parses every
//! script with no error, and a self-check reads each script back — every object is
//! defined once before it is used, every reference resolves, the IPsec rules match the
//! policy one for one, and every name comes back exactly as the topology wrote it.

use std::collections::{BTreeMap, BTreeSet};

use cordon::emit::netsecurity::{Gpo, object_prefix};
use cordon::emit::quote::file_component;
use cordon::policy::RuleAction;
use cordon::traffic;
use tree_sitter::{Node, Parser};

use crate::util::{Planned, cordon, emit_and_plan, root, stderr};

/// One command of a script: its name and its `-Parameter value...` pairs, values decoded.
#[derive(Debug)]
pub(crate) struct Command {
    pub(crate) name: String,
    pub(crate) params: BTreeMap<String, Vec<String>>,
    /// The variable an enclosing `$X = ...` assigns its result to.
    pub(crate) assigned_to: Option<String>,
}

pub(crate) fn parse(script: &str) -> (bool, Vec<Command>) {
    let mut p = Parser::new();
    p.set_language(&tree_sitter_powershell::LANGUAGE.into())
        .unwrap();
    let tree = p.parse(script, None).unwrap();
    let root = tree.root_node();
    let mut out = Vec::new();
    collect(root, script, &mut out, None);
    (root.has_error(), out)
}

fn collect(node: Node<'_>, src: &str, out: &mut Vec<Command>, assigned_to: Option<&str>) {
    if node.kind() == "command"
        && let Some(name) = node.child_by_field_name("command_name")
    {
        let mut params: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut current: Option<String> = None;
        if let Some(elements) = node.child_by_field_name("command_elements") {
            let mut cursor = elements.walk();
            for child in elements.named_children(&mut cursor) {
                match child.kind() {
                    "command_argument_sep" => {}
                    "command_parameter" => {
                        let p = child.utf8_text(src.as_bytes()).unwrap().to_string();
                        params.entry(p.clone()).or_default();
                        current = Some(p);
                    }
                    _ => {
                        if let Some(p) = &current {
                            let values = params.entry(p.clone()).or_default();
                            strings(child, src, values);
                        }
                    }
                }
            }
        }
        out.push(Command {
            name: name.utf8_text(src.as_bytes()).unwrap().to_string(),
            params,
            assigned_to: assigned_to.map(str::to_string),
        });
    }
    let target = (node.kind() == "assignment_expression")
        .then(|| node.child(0))
        .flatten()
        .and_then(|left| left.utf8_text(src.as_bytes()).ok())
        .map(str::trim);
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        collect(child, src, out, target.or(assigned_to));
    }
}

/// Decoded single-quoted strings (and bare tokens) under an argument node.
fn strings(node: Node<'_>, src: &str, out: &mut Vec<String>) {
    match node.kind() {
        "string_literal" => {
            let text = node.utf8_text(src.as_bytes()).unwrap();
            let inner = &text[text.char_indices().nth(1).unwrap().0
                ..text.len() - text.chars().last().unwrap().len_utf8()];
            let mut decoded = String::new();
            let mut chars = inner.chars().peekable();
            while let Some(c) = chars.next() {
                decoded.push(c);
                if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
                    chars.next();
                }
            }
            out.push(decoded);
        }
        "generic_token" | "variable" => {
            out.push(node.utf8_text(src.as_bytes()).unwrap().to_string())
        }
        _ => {
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                strings(child, src, out);
            }
        }
    }
}

fn one<'a>(c: &'a Command, p: &str) -> &'a str {
    let v = c
        .params
        .get(p)
        .unwrap_or_else(|| panic!("{} lacks {p}", c.name));
    assert_eq!(v.len(), 1, "{} {p} {v:?}", c.name);
    &v[0]
}

#[test]
fn emitted_scripts_parse_and_match_the_policy() {
    for example in [
        "examples/scenario-1b.toml",
        "examples/hierarchy.toml",
        "tests/fixtures/hostile-names.toml",
        "tests/fixtures/shared-gpo.toml",
    ] {
        let (_dir, out, planned) = emit_and_plan(example, "powershell");
        let topo = &planned.topology;
        for gpo in gpos(&planned) {
            let owner = traffic::endpoint_name(topo, gpo.set.owner);
            let path = out
                .join("powershell")
                .join(format!("{}.ps1", file_component(owner)));
            let script = std::fs::read_to_string(&path).unwrap();
            let (error, commands) = parse(&script);
            assert!(!error, "{} does not parse", path.display());
            self_check(&planned, owner, &gpo, &commands);
        }
    }
}

/// The GPOs the PowerShell target writes for a planned topology.
pub(crate) fn gpos(planned: &Planned) -> Vec<Gpo> {
    cordon::emit::netsecurity::gpos(&input(planned))
}

fn input(planned: &Planned) -> cordon::emit::Input<'_> {
    cordon::emit::Input {
        topology: &planned.topology,
        traffic: &planned.traffic,
        policy: &planned.policy,
        source: "",
        gateway_stack: Default::default(),
    }
}

fn self_check(planned: &Planned, owner: &str, gpo: &Gpo, commands: &[Command]) {
    let set = &gpo.set;
    let prefix = object_prefix(owner);
    let mut defined: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut rules: Vec<(String, &Command)> = Vec::new();
    for c in commands {
        let (kind, name_param) = match c.name.as_str() {
            "New-NetIPsecPhase1AuthSet" => ("auth", "-Name"),
            "New-NetIPsecMainModeCryptoSet" => ("mm", "-Name"),
            "New-NetIPsecQuickModeCryptoSet" => ("qm", "-Name"),
            "New-NetIPsecMainModeRule" => ("mmrule", "-Name"),
            "New-NetFirewallRule" => ("fw", "-Name"),
            "New-NetIPsecRule" => ("rule", "-IPsecRuleName"),
            _ => continue,
        };
        // References resolve to objects defined earlier.
        for (param, target) in [
            ("-Phase1AuthSet", "auth"),
            ("-MainModeCryptoSet", "mm"),
            ("-QuickModeCryptoSet", "qm"),
        ] {
            if c.params.contains_key(param) {
                let r = one(c, param);
                assert!(
                    defined.get(target).is_some_and(|s| s.contains(r)),
                    "{owner}: {} uses {param} {r} before it is defined",
                    c.name
                );
            }
        }
        let name = one(c, name_param).to_string();
        assert!(
            name.starts_with(&prefix),
            "{owner}: {name} lacks the owner prefix"
        );
        assert!(
            defined.entry(kind).or_default().insert(name.clone()),
            "{owner}: {name} defined twice"
        );
        // The display name round-trips the owner's name exactly: quoting kept it data.
        assert!(
            one(c, "-DisplayName").starts_with(&format!("cordon {owner}: ")),
            "{owner}: {:?}",
            c.params["-DisplayName"]
        );
        if kind == "rule" {
            rules.push((name, c));
        }
    }
    // One for one with the Windows model: each rule the model synthesized (and split by
    // key module) is written, with its action and key module, and a secured rule lists
    // single ports (Windows refuses ranges there).
    let expected = cordon::emit::windows::rules(
        &input(planned),
        set,
        &gpo.members,
        owner,
        cordon::emit::windows::POWERSHELL,
    )
    .unwrap();
    let names: Vec<String> = expected
        .iter()
        .map(|r| cordon::emit::windows::rule_name(&prefix, set, r))
        .collect();
    assert_eq!(
        rules.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(),
        names,
        "{owner}: the script's IPsec rules are not the model's"
    );
    for ((name, c), w) in rules.iter().zip(&expected) {
        let security = match w.action {
            RuleAction::Permit => "None",
            RuleAction::Require => "Require",
            RuleAction::Request => "Request",
            RuleAction::Block => "Block",
        };
        assert_eq!(one(c, "-InboundSecurity"), security, "{owner} {name}");
        assert_eq!(one(c, "-OutboundSecurity"), security, "{owner} {name}");
        if w.ikev2 {
            assert_eq!(one(c, "-KeyModule"), "IKEv2", "{owner} {name}");
            assert_eq!(
                one(c, "-Phase1AuthSet"),
                format!("{prefix}-auth-ikev2"),
                "{owner} {name}"
            );
        } else {
            assert!(!c.params.contains_key("-KeyModule"), "{owner} {name}");
        }
        if w.action != RuleAction::Permit {
            assert_eq!(one(c, "-Mode"), "Transport");
            for p in ["-LocalPort", "-RemotePort"] {
                for v in c.params.get(p).cloned().unwrap_or_default() {
                    assert!(
                        !v.contains('-'),
                        "{owner} {name}: {p} {v} is a range in a secured rule"
                    );
                }
            }
        }
    }
    assert!(
        commands.iter().any(|c| c.name == "Save-NetGPO"),
        "{owner}: changes are never saved"
    );
    assert_eq!(
        commands.iter().filter(|c| c.name == "Open-NetGPO").count(),
        1
    );
}

#[test]
fn the_self_check_catches_a_broken_script() {
    let (error, _) = parse("New-NetIPsecRule -DisplayName 'unterminated\n");
    assert!(error, "an unterminated string parses");
    let (error, commands) = parse("New-NetIPsecRule -IPsecRuleName 'a''b' -DisplayName 'x'\n");
    assert!(!error);
    assert_eq!(one(&commands[0], "-IPsecRuleName"), "a'b");
}

#[test]
fn a_peer_that_insists_on_ikev2_gets_windows_rules_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let file = root()
        .join("tests/fixtures/ikev2-peer.toml")
        .display()
        .to_string();
    let (_out_dir, out, planned) = emit_and_plan(&file, "powershell");
    let topo = &planned.topology;
    // Linux: no Group Policy object, its policy is its swanctl.conf.
    assert!(!out.join("powershell/CEN-SQL.ps1").exists());
    let mut ikev2_rules = 0;
    for gpo in gpos(&planned) {
        let owner = traffic::endpoint_name(topo, gpo.set.owner);
        assert_ne!(owner, "CEN-SQL");
        let path = out
            .join("powershell")
            .join(format!("{}.ps1", file_component(owner)));
        let script = std::fs::read_to_string(&path).unwrap();
        let (error, commands) = parse(&script);
        assert!(!error, "{owner} does not parse");
        self_check(&planned, owner, &gpo, &commands);
        for c in commands.iter().filter(|c| c.name == "New-NetIPsecRule") {
            if c.params.contains_key("-KeyModule") {
                ikev2_rules += 1;
                // Only toward the Linux server, never Kerberos.
                assert_eq!(c.params["-RemoteAddress"], ["10.20.0.11"], "{owner}");
            }
        }
        let v2_auth = script
            .lines()
            .skip_while(|l| !l.starts_with("$AuthProposalsIkev2 = @("))
            .take_while(|l| *l != ")")
            .collect::<Vec<_>>();
        assert!(
            v2_auth.iter().all(|l| !l.contains("-Kerberos")),
            "{owner}: {v2_auth:?}"
        );
    }
    assert!(ikev2_rules >= 4, "{ikev2_rules}");
    // netsh speaks IKEv1 only: it refuses the hosts that would need IKEv2, and says why.
    let o = cordon(&[
        "emit",
        &file,
        "--target",
        "netsh",
        "--out",
        dir.path().join("netsh").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("speaks IKEv1 only"), "{}", stderr(&o));
    assert!(!dir.path().join("netsh").exists());
}

#[test]
fn hosts_with_the_same_policy_share_one_gpo() {
    let file = root()
        .join("tests/fixtures/shared-gpo.toml")
        .display()
        .to_string();
    let (_dir, out, planned) = emit_and_plan(&file, "powershell");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("powershell/gpos.json")).unwrap())
            .unwrap();
    let entries = manifest.as_array().unwrap();
    let shared = entries
        .iter()
        .find(|e| e["gpo"] == "cordon-NYC-DP")
        .unwrap();
    assert_eq!(shared["members"], serde_json::json!(["NYC-DP", "NYC-DP2"]));
    assert_eq!(
        shared["addresses"],
        serde_json::json!(["10.20.1.12", "10.20.1.13"])
    );
    assert!(!out.join("powershell/NYC-DP2.ps1").exists());
    // Every Windows host is a member of exactly one GPO.
    let members: Vec<&str> = entries
        .iter()
        .flat_map(|e| e["members"].as_array().unwrap())
        .map(|m| m.as_str().unwrap())
        .collect();
    let topo = &planned.topology;
    for set in planned.policy.hosts.iter().filter(|s| {
        traffic::endpoint_platform(topo, s.owner).0 == cordon::topology::Platform::Windows
    }) {
        let name = traffic::endpoint_name(topo, set.owner);
        assert_eq!(members.iter().filter(|m| **m == name).count(), 1, "{name}");
    }
    // The shared script says whom it is for, and its rules hold both hosts' addresses.
    let script = std::fs::read_to_string(out.join("powershell/NYC-DP.ps1")).unwrap();
    assert!(
        script.contains("IPsec policy of NYC-DP, NYC-DP2"),
        "{script}"
    );
    assert!(
        script.contains("-LocalAddress @('10.20.1.12/31')"),
        "{script}"
    );
}
