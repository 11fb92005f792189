//! Every emitted Windows call held against the platforms' published references
//! (`reference/windows/`), and every emitted rule set held against Windows' own decision:
//! the PowerShell rules are read back from the script as Windows would store them and the
//! model must give the plan's action on every flow. Seeded mistakes must fail.

use std::collections::BTreeSet;
use std::net::IpAddr;

use cordon::net::{AddrSet, PortRange, PortSet, Protocol};
use cordon::platform::reference::{self, Call};
use cordon::platform::windows::{self, Family, WinRule};
use cordon::policy::RuleAction;
use cordon::traffic;
use ipnet::IpNet;
use proptest::prelude::*;

use crate::powershell::{Command, parse};
use crate::util::emit_and_plan;

const EXAMPLES: [&str; 6] = [
    "examples/scenario-1b.toml",
    "examples/scenario-1b-plain-clients.toml",
    "examples/hierarchy.toml",
    "tests/fixtures/hostile-names.toml",
    "tests/fixtures/ikev2-peer.toml",
    "tests/fixtures/shared-gpo.toml",
];

/// The calls of a script as the reference checker takes them (tree-sitter's parse).
fn calls(commands: &[Command]) -> Vec<Call> {
    commands
        .iter()
        .map(|c| Call {
            assigned_to: c.assigned_to.clone(),
            command: c.name.clone(),
            args: c
                .params
                .iter()
                .map(|(k, v)| (k.trim_start_matches('-').to_string(), v.clone()))
                .collect(),
        })
        .collect()
}

fn powershell_violations(script: &str) -> Vec<reference::Violation> {
    let (error, commands) = parse(script);
    assert!(!error, "the script does not parse");
    reference::netsecurity().check(&calls(&commands))
}

#[test]
fn every_emitted_powershell_call_is_in_the_reference() {
    for example in EXAMPLES {
        let (_dir, out, _) = emit_and_plan(example, "powershell");
        let mut n = 0;
        for e in std::fs::read_dir(out.join("powershell")).unwrap().flatten() {
            if e.path().extension().is_none_or(|x| x != "ps1") {
                continue;
            }
            let script = std::fs::read_to_string(e.path()).unwrap();
            let v = powershell_violations(&script);
            assert!(v.is_empty(), "{}: {v:#?}", e.path().display());
            every_change_is_behind_should_process(&script, &e.path().display().to_string());
            n += 1;
        }
        assert!(n > 0, "{example}: no script checked");
    }
}

/// `-WhatIf` must change nothing: every cmdlet that changes the GPO runs only when
/// `ShouldProcess` says so (the NetSecurity cmdlets do not inherit `$WhatIfPreference`,
/// and Save-NetGPO has no -WhatIf). Proposals are objects in memory and change nothing.
fn every_change_is_behind_should_process(script: &str, path: &str) {
    for line in script.lines() {
        let t = line.trim_start();
        let changes = ["New-Net", "Remove-Net", "Set-Net", "Save-NetGPO"]
            .iter()
            .any(|c| t.contains(c))
            && !t.starts_with('#')
            && !t.starts_with("(New-NetIPsec");
        if changes {
            assert!(
                t.starts_with("if ($PSCmdlet.ShouldProcess($PolicyStore, '"),
                "{path}: a change outside ShouldProcess: {t}"
            );
        }
    }
}

#[test]
fn every_emitted_netsh_command_is_in_the_reference() {
    // Not the hostile names (netsh refuses them by design) nor the IKEv2 peer (refused).
    for example in EXAMPLES.iter().take(3) {
        let (_dir, out, _) = emit_and_plan(example, "netsh");
        for e in std::fs::read_dir(out.join("netsh")).unwrap().flatten() {
            let script = std::fs::read_to_string(e.path()).unwrap();
            let calls = reference::netsh_calls(&script);
            assert!(calls.len() > 3, "{}", e.path().display());
            let v = reference::netsh().check(&calls);
            assert!(v.is_empty(), "{}: {v:#?}", e.path().display());
        }
    }
}

#[test]
fn seeded_mistakes_fail_the_reference_check() {
    let (_dir, out, _) = emit_and_plan("examples/hierarchy.toml", "powershell");
    let script = std::fs::read_to_string(out.join("powershell/LON-SS.ps1")).unwrap();
    assert!(powershell_violations(&script).is_empty());
    let secured = script
        .lines()
        .find(|l| l.contains("-InboundSecurity Require") && l.contains("'5000', '5001'"))
        .expect("a secured rule with listed ports");
    for (what, from, to, rule) in [
        (
            "a range in a secured rule",
            "'5000', '5001'",
            "'5000-5001'",
            "ipsec-rule-port-range-needs-do-not-secure",
        ),
        (
            "a value the enumeration does not hold",
            "-InboundSecurity Require",
            "-InboundSecurity Demand",
            "value-not-accepted",
        ),
        (
            "a parameter the cmdlet does not have",
            "-Mode Transport",
            "-Mode Transport -Priority 1",
            "unknown-parameter",
        ),
    ] {
        let broken = script.replacen(secured, &secured.replacen(from, to, 1), 1);
        let v = powershell_violations(&broken);
        assert!(
            v.iter().any(|v| v.rule == rule),
            "{what}: expected {rule}, got {v:#?}"
        );
    }
    for (what, from, to, rule) in [
        (
            "Save-NetGPO -WhatIf",
            "Save-NetGPO -GPOSession $Gpo",
            "Save-NetGPO -GPOSession $Gpo -WhatIf",
            "save-has-no-whatif",
        ),
        (
            "GCM in main mode",
            "New-NetIPsecMainModeCryptoProposal -Encryption AES256",
            "New-NetIPsecMainModeCryptoProposal -Encryption AESGCM256",
            "main-mode-no-gcm",
        ),
        (
            "the issuer least significant first",
            "-Authority 'O=Contoso, CN=Contoso ConfigMgr IPsec CA'",
            "-Authority 'CN=Contoso ConfigMgr IPsec CA, O=Contoso'",
            "authority-as-issuer",
        ),
    ] {
        assert!(script.contains(from), "{what}: {from} not in the script");
        let v = powershell_violations(&script.replacen(from, to, 1));
        assert!(
            v.iter().any(|v| v.rule == rule),
            "{what}: expected {rule}, got {v:#?}"
        );
    }
    // IKEv2 rules point at their own certificate-only set; pointed at the set that
    // offers Kerberos, the reference check follows the chain and fails them.
    let (_dir3, out3, _) = emit_and_plan("tests/fixtures/ikev2-peer.toml", "powershell");
    let script = std::fs::read_to_string(out3.join("powershell/CEN-SS.ps1")).unwrap();
    assert!(script.contains("-Kerberos"), "the main set offers Kerberos");
    assert!(powershell_violations(&script).is_empty());
    let broken = script.replace(
        "-KeyModule IKEv2 -Phase1AuthSet 'cordon-CEN-SS-auth-ikev2'",
        "-KeyModule IKEv2 -Phase1AuthSet 'cordon-CEN-SS-auth'",
    );
    assert_ne!(broken, script);
    let v = powershell_violations(&broken);
    assert!(
        v.iter().any(|v| v.rule == "ikev2-certificate-only"),
        "{v:#?}"
    );
    let (_dir2, out2, _) = emit_and_plan("examples/hierarchy.toml", "netsh");
    let netsh = std::fs::read_to_string(out2.join("netsh/LON-SS.cmd")).unwrap();
    let broken = netsh.replacen("srcport=0 dstport=445", "srcport=0 dstport=5000-5100", 1);
    assert_ne!(broken, netsh);
    let v = reference::netsh().check(&reference::netsh_calls(&broken));
    assert!(v.iter().any(|v| v.rule == "netsh-filter-ports"), "{v:#?}");
}

/// The IPsec rules of a script as Windows would store them.
fn read_back(commands: &[Command], prefix: &str) -> Vec<WinRule> {
    let addrs = |c: &Command, p: &str, family: Option<Family>| -> AddrSet {
        match c.params.get(p) {
            None => match family {
                None => AddrSet::any(),
                Some(Family::V4) => AddrSet::from_prefixes(["0.0.0.0/0".parse::<IpNet>().unwrap()]),
                Some(Family::V6) => AddrSet::from_prefixes(["::/0".parse::<IpNet>().unwrap()]),
            },
            Some(v) => AddrSet::from_prefixes(v.iter().map(|s| {
                s.parse::<IpNet>()
                    .unwrap_or_else(|_| IpNet::from(s.parse::<IpAddr>().unwrap()))
            })),
        }
    };
    let ports = |c: &Command, p: &str, has: bool| -> PortSet {
        if !has {
            return PortSet::none();
        }
        match c.params.get(p) {
            None => PortSet::any(),
            Some(v) => PortSet::from_ranges(v.iter().map(|s| match s.split_once('-') {
                Some((a, b)) => PortRange::new(a.parse().unwrap(), b.parse().unwrap()).unwrap(),
                None => PortRange::single(s.parse().unwrap()),
            })),
        }
    };
    commands
        .iter()
        .filter(|c| c.name == "New-NetIPsecRule")
        .map(|c| {
            let name = &c.params["-IPsecRuleName"][0];
            let number: usize = name[prefix.len() + 2..prefix.len() + 4].parse().unwrap();
            let (protocol, family) = match c.params.get("-Protocol").map(|v| v[0].as_str()) {
                None => (Protocol::Any, None),
                Some("TCP") => (Protocol::Tcp, None),
                Some("UDP") => (Protocol::Udp, None),
                Some("50") => (Protocol::Esp, None),
                Some("ICMPv4") => (Protocol::Icmp, Some(Family::V4)),
                Some("ICMPv6") => (Protocol::Icmp, Some(Family::V6)),
                Some(other) => panic!("protocol {other}"),
            };
            let action = match c.params["-InboundSecurity"][0].as_str() {
                "None" => RuleAction::Permit,
                "Require" => RuleAction::Require,
                "Request" => RuleAction::Request,
                other => panic!("security {other}"),
            };
            WinRule {
                plan_rule: number - 1,
                over: None,
                part: 0,
                family,
                local: addrs(c, "-LocalAddress", family),
                remote: addrs(c, "-RemoteAddress", family),
                protocol,
                local_ports: ports(c, "-LocalPort", protocol.has_ports()),
                remote_ports: ports(c, "-RemotePort", protocol.has_ports()),
                action,
                // Single ports are single to Windows, however a set merges them.
                listed: ["-LocalPort", "-RemotePort"].iter().all(|p| {
                    c.params
                        .get(*p)
                        .is_none_or(|v| v.iter().all(|x| !x.contains('-')))
                }) && protocol.has_ports(),
                ikev2: c
                    .params
                    .get("-KeyModule")
                    .is_some_and(|v| v.iter().any(|x| x == "IKEv2")),
            }
        })
        .collect()
}

#[test]
fn windows_decides_every_flow_as_the_plan_on_the_rules_read_back() {
    for example in EXAMPLES {
        let (_dir, out, planned) = emit_and_plan(example, "powershell");
        let topo = &planned.topology;
        for gpo in crate::powershell::gpos(&planned) {
            let set = &gpo.set;
            let owner = traffic::endpoint_name(topo, set.owner);
            let prefix = cordon::emit::netsecurity::object_prefix(owner);
            let path = out.join("powershell").join(format!(
                "{}.ps1",
                cordon::emit::quote::file_component(owner)
            ));
            let (_, commands) = parse(&std::fs::read_to_string(&path).unwrap());
            let rules = read_back(&commands, &prefix);
            // On every host the GPO applies to.
            for member in &gpo.members {
                let on_member = cordon::policy::RuleSet {
                    owner: *member,
                    ..set.clone()
                };
                if let Err(m) = windows::check(topo, &planned.traffic, &on_member, &rules) {
                    panic!("{owner}: Windows decides otherwise than the plan: {m:#?}");
                }
            }
        }
    }
}

#[test]
fn a_widened_exemption_is_caught_by_the_decision_check() {
    // The old netsh emitter widened a ranged exemption to every port: a filter as
    // specific as the require rule after it, with the opposite action.
    let (_dir, _out, planned) = emit_and_plan("examples/hierarchy.toml", "powershell");
    let (topo, pol) = (&planned.topology, &planned.policy);
    let set = pol
        .hosts
        .iter()
        .find(|s| traffic::endpoint_name(topo, s.owner) == "NYC-SS")
        .unwrap();
    let mut rules = windows::synthesize(set, windows::PortForm::RangesInPermitOnly).unwrap();
    assert!(windows::check(topo, &planned.traffic, set, &rules).is_ok());
    // Widen a ranged exemption and a secured rule to every port of the same peers: the two
    // filters become equally specific with opposite actions.
    let e = rules
        .iter()
        .position(|r| r.action == RuleAction::Permit && r.protocol == Protocol::Tcp)
        .unwrap();
    let r = rules
        .iter()
        .position(|r| r.action == RuleAction::Require && r.protocol == Protocol::Tcp)
        .unwrap();
    let remote = rules[e].remote.clone();
    for i in [e, r] {
        rules[i].remote_ports = PortSet::any();
        rules[i].local_ports = PortSet::any();
        rules[i].remote = remote.clone();
    }
    let m = windows::check(topo, &planned.traffic, set, &rules).unwrap_err();
    assert_ne!(m.windows_action, Some(m.plan_action), "{m:#?}");
}

#[test]
fn the_model_orders_only_what_every_weighting_orders() {
    let rule = |remote: &str, ports: Option<u16>, action| WinRule {
        plan_rule: 0,
        over: None,
        part: 0,
        family: None,
        local: AddrSet::from_prefixes(["10.0.0.1/32".parse::<IpNet>().unwrap()]),
        remote: AddrSet::from_prefixes([remote.parse::<IpNet>().unwrap()]),
        protocol: Protocol::Tcp,
        local_ports: PortSet::any(),
        remote_ports: ports.map_or_else(PortSet::any, |p| {
            PortSet::from_ranges([PortRange::single(p)])
        }),
        action,
        listed: false,
        ikev2: false,
    };
    let packet = cordon::policy::Packet {
        local: "10.0.0.1".parse().unwrap(),
        remote: "10.1.0.5".parse().unwrap(),
        protocol: Protocol::Tcp,
        local_port: 50000,
        remote_port: 445,
    };
    // A host and a port beat a subnet and any port: every weighting agrees.
    let rules = [
        rule("10.1.0.0/16", None, RuleAction::Require),
        rule("10.1.0.5/32", Some(445), RuleAction::Permit),
    ];
    assert!(
        matches!(windows::decide(&rules, &packet), windows::Decision::Rule(r) if r.action == RuleAction::Permit)
    );
    // A host with any port against a subnet with port 445: which is more specific is a
    // weight Windows does not document — a tie.
    let rules = [
        rule("10.1.0.0/16", Some(445), RuleAction::Require),
        rule("10.1.0.5/32", None, RuleAction::Permit),
    ];
    assert!(matches!(
        windows::decide(&rules, &packet),
        windows::Decision::Tie(..)
    ));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Random synthetic hierarchies: whatever the PowerShell and netsh emitters write is in
    /// the reference, and on random packets inside the rules Windows decides as the plan.
    #[test]
    fn synthetic_hierarchies_are_written_within_the_reference(seed in 0u64..10_000) {
        let text = cordon::synth::generate(cordon::synth::Params {
            sites: 3,
            hosts: 12,
            client_groups: 3,
            seed,
        })
        .unwrap()
        .replace("rpc_dynamic = \"os_default\"", "rpc_dynamic = \"5000-5200\"");
        let mut sources = cordon::source::SourceMap::new();
        let file = sources.add("synth.toml", text.clone());
        let topo = cordon::topology::load_text(file, &text, None, &mut sources).unwrap();
        let map = traffic::build(&topo);
        let pol = cordon::policy::build(&topo, &map);
        let input = cordon::emit::Input {
            topology: &topo,
            traffic: &map,
            policy: &pol,
            source: "synthetic",
            gateway_stack: cordon::emit::gateway::GatewayStack::default(),
        };
        match cordon::emit::render(&input, cordon::emit::Target::Powershell) {
            Ok(artifacts) => {
                for a in artifacts.iter().filter(|a| a.path.ends_with(".ps1")) {
                    let v = powershell_violations(&a.contents);
                    prop_assert!(v.is_empty(), "{}: {v:#?}", a.path);
                }
            }
            // A refusal must say why in the model's words, never be a silent gap.
            Err(e) => prop_assert!(e.what.contains("Windows"), "{e}"),
        }
        if let Ok(artifacts) = cordon::emit::render(&input, cordon::emit::Target::Netsh) {
            for a in &artifacts {
                let v = reference::netsh().check(&reference::netsh_calls(&a.contents));
                prop_assert!(v.is_empty(), "{}: {v:#?}", a.path);
            }
        }
        // Random packets between the rules' own corners: the model and the plan agree
        // wherever the emitter accepted the rule set.
        let mut rng = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        let mut next = || { rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407); rng >> 33 };
        for set in pol.hosts.iter().chain(&pol.groups) {
            let Ok(rules) = windows::synthesize(set, windows::PortForm::RangesInPermitOnly) else { continue };
            if windows::check(&topo, &map, set, &rules).is_err() { continue; }
            let addrs: BTreeSet<IpAddr> = set.rules.iter()
                .flat_map(|r| r.local.prefixes().iter().chain(r.remote.prefixes()).copied())
                .flat_map(|p| [p.network(), p.broadcast()])
                .collect();
            let addrs: Vec<IpAddr> = addrs.into_iter().collect();
            let ports: Vec<u16> = set.rules.iter()
                .flat_map(|r| r.local_ports.ranges().iter().chain(r.remote_ports.ranges()).copied())
                .flat_map(|r| [r.start(), r.end()])
                .chain([50_000])
                .collect();
            for _ in 0..200 {
                let pick = |n: u64, len: usize| (n as usize) % len.max(1);
                let local = addrs[pick(next(), addrs.len())];
                let remote = addrs[pick(next(), addrs.len())];
                if local.is_ipv4() != remote.is_ipv4() { continue; }
                let protocol = [Protocol::Tcp, Protocol::Udp, Protocol::Icmp][pick(next(), 3)];
                let (lp, rp) = if protocol.has_ports() { (ports[pick(next(), ports.len())], ports[pick(next(), ports.len())]) } else { (0, 0) };
                let packet = cordon::policy::Packet { local, remote, protocol, local_port: lp, remote_port: rp };
                let plan = set.lookup(&packet).map_or(RuleAction::Permit, |(_, r)| r.action);
                let win = match windows::decide(&rules, &packet) {
                    windows::Decision::NoRule => Some(RuleAction::Permit),
                    windows::Decision::Rule(r) => Some(r.action),
                    windows::Decision::Tie(..) => None,
                };
                prop_assert_eq!(win, Some(plan), "{:?}", packet);
            }
        }
    }
}
