//! Verify benchmark: the 10k-host synthetic hierarchy verified in one process (ratio to
//! planning it, the baseline), and the conflict check on one host with 10 000 rules to
//! distinct peers plus a catch-all (ratio to 1 000 rules: the sweep keeps it n·log n).
//! End to end: `cordon plan` and `cordon verify` on the same file, each a whole process
//! (load, plan, check, write to /dev/null), best of three; the target is verify under
//! 1.5x plan. Run with `cargo bench --bench verify`.
#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs
)]

use std::process::{Command, Stdio};
use std::time::Instant;

use cordon::net::AddrSet;
use cordon::source::SourceMap;
use cordon::synth::{Params, generate};
use cordon::verify::{self, conflict};
use cordon::{policy, topology, traffic};

fn main() {
    let text = generate(Params::of_hosts(10_000)).unwrap();
    let t0 = Instant::now();
    let mut sources = SourceMap::new();
    let file = sources.add("synth.toml", text.clone());
    let topo = topology::load_text(file, &text, None, &mut sources).unwrap();
    let map = traffic::build(&topo);
    let pol = policy::build(&topo, &map);
    let plan_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let findings = verify::verify(&verify::Ctx {
        topology: &topo,
        traffic: &map,
        policy: &pol,
    });
    let verify_s = t1.elapsed().as_secs_f64();
    println!(
        "10 000 hosts, {} flows: plan {plan_s:.3} s, verify {verify_s:.3} s ({:.2}x plan), {} findings",
        map.flows.len(),
        verify_s / plan_s,
        findings.len()
    );

    end_to_end(&text);

    let template = pol
        .hosts
        .iter()
        .flat_map(|s| s.rules.iter())
        .find(|r| r.mode.is_some())
        .unwrap()
        .clone();
    let host_rules = |n: u32| {
        let mut rules: Vec<_> = (0..n)
            .map(|i| {
                let mut r = template.clone();
                r.remote =
                    AddrSet::from_addrs([std::net::IpAddr::V4((0x0A00_0000 + i * 4).into())]);
                r
            })
            .collect();
        let mut all = template.clone();
        all.remote = AddrSet::any();
        rules.push(all);
        rules
    };
    let time = |n: u32| {
        let rules = host_rules(n);
        let start = Instant::now();
        let found = conflict::conflicts(&rules).len();
        (start.elapsed().as_secs_f64(), found)
    };
    let (small, _) = time(1_000);
    let (big, found) = time(10_000);
    println!(
        "one host, 10 001 rules: conflicts in {big:.4} s ({found} pairs reported); 1 001 rules: {small:.4} s; ratio {:.1}x for 10x rules",
        big / small
    );
}

/// The commands a user runs, as whole processes, on the same topology file.
fn end_to_end(text: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("synth.toml");
    std::fs::write(&file, text).unwrap();
    let run = |command: &str| {
        let start = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_cordon"))
            .arg(command)
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        // verify exits 1 on findings at or above the threshold; 2 is bad input.
        assert!(matches!(status.code(), Some(0 | 1)), "{command}: {status}");
        start.elapsed().as_secs_f64()
    };
    let best = |command: &str| (0..3).map(|_| run(command)).fold(f64::INFINITY, f64::min);
    let plan_s = best("plan");
    let verify_s = best("verify");
    println!(
        "end to end (whole processes, best of 3): cordon plan {plan_s:.3} s, cordon verify {verify_s:.3} s ({:.2}x plan; target < 1.5x)",
        verify_s / plan_s
    );
}
