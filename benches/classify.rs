//! First-match classification on the ClassBench filter sets in `../shared/data/classbench/`:
//! build time, memory, lookups per second of the decision tree and of a linear scan (the
//! baseline, same process), and agreement with the linear scan on every trace header.
//!
//! `cargo bench --bench classify`. `acl1_10k` has no trace in the shared data, so its
//! headers are drawn from its own rules (a point inside each rule, deterministic), as
//! ClassBench's trace generator does.
#![allow(clippy::print_stdout, clippy::unwrap_used, missing_docs)]

#[path = "../tests/support/classbench.rs"]
mod classbench;

use std::hint::black_box;
use std::time::Instant;

use cordon::classify::{Classifier, Header, Selector, linear_lookup};

fn synthetic_trace(rules: &[Selector], per_rule: usize) -> Vec<Header> {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut pick = |lo: u128, hi: u128| lo + u128::from(next()) % (hi - lo + 1);
    let mut out = Vec::new();
    for r in rules {
        for _ in 0..per_rule {
            out.push(Header {
                family: r.family,
                source: pick(r.source.first, r.source.last),
                destination: pick(r.destination.first, r.destination.last),
                protocol: pick(r.protocol.first.into(), r.protocol.last.into()) as u8,
                source_port: pick(r.source_ports.start().into(), r.source_ports.end().into())
                    as u16,
                destination_port: pick(
                    r.destination_ports.start().into(),
                    r.destination_ports.end().into(),
                ) as u16,
            });
        }
    }
    out
}

fn main() {
    let sets = [
        ("acl1_1k", Some("acl1_1k_trace")),
        ("fw1_1k", Some("fw1_1k_trace")),
        ("ipc1_1k", Some("ipc1_1k_trace")),
        ("acl1_10k", None),
        ("fw1_10k", Some("fw1_10k_trace")),
        ("ipc1_10k", Some("ipc1_10k_trace")),
    ];
    println!(
        "| set | rules | trees | headers | build ms | nodes | leaf entries | depth | largest leaf | memory KiB | tree Mlookups/s (best of 5) | median | linear Mlookups/s | speed-up | agree |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (set, trace) in sets {
        let rules = classbench::rules(set).unwrap();
        let headers: Vec<Header> = match trace {
            Some(t) => classbench::trace(t)
                .unwrap()
                .into_iter()
                .map(|(h, _)| h)
                .collect(),
            None => synthetic_trace(&rules, 10),
        };
        let t = Instant::now();
        let c = Classifier::new(&rules);
        let build = t.elapsed();
        let stats = c.stats();

        // The linear scan is the baseline; it also gives the expected answers.
        let t = Instant::now();
        let expected: Vec<Option<usize>> =
            headers.iter().map(|h| linear_lookup(&rules, h)).collect();
        let linear_rate = headers.len() as f64 / t.elapsed().as_secs_f64();

        let agree = headers
            .iter()
            .zip(&expected)
            .filter(|(h, e)| c.lookup(h) == **e)
            .count();

        // Five timed passes of at least 2 M lookups each: the machine is shared, so the
        // best pass is the rate and the median says how steady it was.
        let rounds = (2_000_000 / headers.len()).max(1);
        let mut rates: Vec<f64> = (0..5)
            .map(|_| {
                let t = Instant::now();
                let mut hits = 0usize;
                for _ in 0..rounds {
                    for h in &headers {
                        if let Some(i) = c.lookup(black_box(h)) {
                            hits = hits.wrapping_add(i);
                        }
                    }
                }
                black_box(hits);
                (rounds * headers.len()) as f64 / t.elapsed().as_secs_f64()
            })
            .collect();
        rates.sort_by(f64::total_cmp);
        let (tree_rate, tree_median) = (rates[4], rates[2]);
        println!(
            "| {set} | {} | {} | {} | {:.1} | {} | {} | {} | {} | {} | {:.2} | {:.2} | {:.3} | {:.0}× | {}/{} |",
            rules.len(),
            stats.trees,
            headers.len(),
            build.as_secs_f64() * 1e3,
            stats.nodes,
            stats.leaf_entries,
            stats.depth,
            stats.largest_leaf,
            stats.bytes / 1024,
            tree_rate / 1e6,
            tree_median / 1e6,
            linear_rate / 1e6,
            tree_rate / linear_rate,
            agree,
            headers.len()
        );
        assert_eq!(
            agree,
            headers.len(),
            "{set}: the tree disagrees with the scan"
        );
    }
}
