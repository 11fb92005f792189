//! Plan scaling benchmark: synthetic hierarchies of 1k, 10k and 50k hosts planned in one
//! process, each stage timed, peak memory per size (VmHWM, reset between sizes), and every
//! result reported as a ratio to the 1k-host baseline run in the same process, because the
//! machines are shared and noisy. Run with `cargo bench --bench plan` (add `-- quick` to
//! stop at 10k hosts).
#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs
)]

use std::time::{Duration, Instant};

use cordon::source::SourceMap;
use cordon::synth::{Params, generate};
use cordon::{policy, report, topology, traffic};

struct Run {
    hosts: usize,
    flows: usize,
    rules: usize,
    stages: [Duration; 4],
    peak_mib: f64,
}

fn peak_reset() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn run(sites: usize, hosts: usize, groups: usize) -> Run {
    let text = generate(Params {
        sites,
        hosts,
        client_groups: groups,
        seed: 7,
    })
    .unwrap();
    peak_reset();
    let t0 = Instant::now();
    let mut sources = SourceMap::new();
    let file = sources.add("synth.toml", text.clone());
    let topo = topology::load_text(file, &text, None, &mut sources).unwrap();
    let t1 = Instant::now();
    let map = traffic::build(&topo);
    let t2 = Instant::now();
    let pol = policy::build(&topo, &map);
    let t3 = Instant::now();
    let plan = report::Plan {
        topology: &topo,
        traffic: &map,
        policy: &pol,
        file_name: "synth.toml",
    };
    let summary = report::text::summary(&plan);
    let t4 = Instant::now();
    assert!(summary.contains("Traffic map"));
    Run {
        hosts,
        flows: map.flows.len(),
        rules: pol
            .hosts
            .iter()
            .chain(&pol.groups)
            .map(|s| s.rules.len())
            .sum::<usize>()
            + pol.firewalls.iter().map(|f| f.rules.len()).sum::<usize>(),
        stages: [t1 - t0, t2 - t1, t3 - t2, t4 - t3],
        peak_mib: peak_mib(),
    }
}

fn main() {
    let quick = std::env::args().any(|a| a == "quick");
    let mut sizes = vec![(50, 1_000, 500), (500, 10_000, 5_000)];
    if !quick {
        sizes.push((2_500, 50_000, 25_000));
    }
    // Warm up allocator and page cache once, then measure.
    let _ = run(10, 100, 50);
    let runs: Vec<Run> = sizes.iter().map(|&(s, h, g)| run(s, h, g)).collect();
    let base = &runs[0];
    let total = |r: &Run| r.stages.iter().sum::<Duration>().as_secs_f64();
    println!(
        "cordon plan scaling (synthetic hierarchies; ratios against the 1k-host run in this process)"
    );
    println!(
        "{:>7} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>10} {:>12}",
        "hosts",
        "flows",
        "rules",
        "load s",
        "traffic",
        "policy",
        "report",
        "total s",
        "peak MiB",
        "time ratio",
        "per-flow ratio"
    );
    for r in &runs {
        let ratio = total(r) / total(base);
        let per_flow = (total(r) / r.flows as f64) / (total(base) / base.flows as f64);
        println!(
            "{:>7} {:>9} {:>8} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>9.0} {:>10.2} {:>12.2}",
            r.hosts,
            r.flows,
            r.rules,
            r.stages[0].as_secs_f64(),
            r.stages[1].as_secs_f64(),
            r.stages[2].as_secs_f64(),
            r.stages[3].as_secs_f64(),
            total(r),
            r.peak_mib,
            ratio,
            per_flow
        );
    }
}
