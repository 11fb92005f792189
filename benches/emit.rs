//! Emit benchmark: the 10k-host synthetic hierarchy rendered for every target, in one
//! process. Reports time, files, bytes and rules per target, the time for 10 000 rules of
//! one target, and two ratios: against planning the same hierarchy in this process (the
//! baseline), and against Aerleon's published 5.1 s (nftables) and 5.5 s (windows_ipsec)
//! for 10 000 terms on this kind of machine (the figures; Aerleon is not run here).
//! Run with `cargo bench --bench emit`.
#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs
)]

use std::time::Instant;

use cordon::emit::{self, Target};
use cordon::platform::windows::{self, PortForm};
use cordon::source::SourceMap;
use cordon::synth::{Params, generate};
use cordon::{policy, topology, traffic};
use rayon::prelude::*;

fn main() {
    let text = generate(Params::of_hosts(10_000)).unwrap();
    // Every target must be able to render it: certificates (strongSwan has no Kerberos),
    // require (strongSwan has no fall-back), a 3DES proposal last (netsh).
    let text: String = text
        .lines()
        .map(|l| {
            if l.starts_with("rpc_dynamic =") {
                // Windows takes no port range in a secured rule: RPC restricted, as on hosts.
                "rpc_dynamic = \"5000-5200\"".to_string()
            } else if l.starts_with("action =") {
                "action = \"require\"".to_string()
            } else if l.starts_with("authentication =") {
                "authentication = [\"certificate:ipsec-ca\"]".to_string()
            } else if l.starts_with("proposals =") {
                "proposals = [\"aes256gcm16\", \"3des-sha1\"]\nike_proposals = [\"aes256-sha256-ecp384\", \"3des-sha1-modp2048\"]".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let t0 = Instant::now();
    let mut sources = SourceMap::new();
    let file = sources.add("synth.toml", text.clone());
    let topo = topology::load_text(file, &text, None, &mut sources).unwrap();
    let map = traffic::build(&topo);
    let pol = policy::build(&topo, &map);
    let plan_s = t0.elapsed().as_secs_f64();
    let input = emit::Input {
        topology: &topo,
        traffic: &map,
        policy: &pol,
        source: "synthetic 10k",
        gateway_stack: emit::gateway::GatewayStack::default(),
    };
    let host_rules: usize = pol
        .hosts
        .iter()
        .chain(&pol.groups)
        .map(|s| s.rules.len())
        .sum();
    let fw_rules: usize = pol.firewalls.iter().map(|f| f.rules.len()).sum();
    println!(
        "cordon emit, 10 000 hosts / 5 000 client groups / 500 sites (plan in this process: {plan_s:.3} s)"
    );
    // The Windows model alone (diagnosis), as the emitters run it: every owner's rules
    // synthesized and held against the plan, on every core, beside the plan's own time.
    for (name, form) in [
        ("powershell", PortForm::RangesInPermitOnly),
        ("netsh", PortForm::SinglePorts),
    ] {
        let t0 = Instant::now();
        let refused = pol
            .hosts
            .par_iter()
            .chain(pol.groups.par_iter())
            .filter(|set| match windows::synthesize(set, form) {
                Ok(rules) => windows::check(&topo, &map, set, &rules).is_err(),
                Err(_) => true,
            })
            .count();
        let model_s = t0.elapsed().as_secs_f64();
        println!(
            "windows model for {name}: {model_s:.3} s = {:.2} x plan ({refused} owners refused)",
            model_s / plan_s
        );
    }
    println!(
        "{:>10} {:>8} {:>11} {:>9} {:>9} {:>16} {:>14} {:>16}",
        "target",
        "files",
        "MB",
        "rules",
        "time s",
        "s per 10k rules",
        "vs plan time",
        "vs Aerleon 10k"
    );
    let mut total = 0.0;
    for target in Target::ALL {
        let start = Instant::now();
        let artifacts = emit::render(&input, target).unwrap();
        let manifest = emit::manifest(&artifacts);
        let secs = start.elapsed().as_secs_f64();
        total += secs;
        let bytes: usize = artifacts.iter().map(|a| a.contents.len()).sum();
        let rules = if target == Target::Nftables {
            fw_rules
        } else {
            host_rules
        };
        let per_10k = secs / rules as f64 * 10_000.0;
        let aerleon = if target == Target::Nftables { 5.1 } else { 5.5 };
        println!(
            "{:>10} {:>8} {:>11.1} {:>9} {:>9.3} {:>16.3} {:>14.2} {:>15.0}x",
            target.name(),
            manifest.len(),
            bytes as f64 / 1e6,
            rules,
            secs,
            per_10k,
            secs / plan_s,
            aerleon / per_10k
        );
    }
    println!(
        "all targets: {total:.3} s (rendering and sha256 of every file; writing to disk not included)"
    );
}
