//! Drift benchmark: the 10 000-host synthetic hierarchy (the verify bench's), with a state
//! folder that holds every host's kernel policies (`HOST.xfrm`, as `ip xfrm policy` prints
//! the plan's) and its swanctl.conf (as emitted), and every tenth host mutated (one
//! policy's priority moved, one proposal weakened), so that drift has findings to build.
//! `cordon verify` and `cordon drift --state` on the same file, each a whole process (load,
//! plan, check, write to /dev/null), best of three; the target is drift within 2x verify.
//! Run with `cargo bench --bench drift`.
#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs
)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use cordon::emit::{self, gateway::GatewayStack, quote::file_component};
use cordon::platform::xfrm;
use cordon::source::SourceMap;
use cordon::synth::{Params, generate};
use cordon::traffic::{Endpoint, endpoint_name};
use cordon::{policy, topology, traffic};

fn main() {
    // CORDON_BENCH_HOSTS scales the hierarchy down for profiling (sites and client groups
    // in the same proportion); the target is stated for 10 000.
    let hosts: usize = std::env::var("CORDON_BENCH_HOSTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let text = generate(Params::of_hosts(hosts)).unwrap();
    if let Ok(keep) = std::env::var("CORDON_BENCH_KEEP") {
        // For a profiler: the topology and the state folder, left in place.
        let keep = Path::new(&keep);
        std::fs::create_dir_all(keep.join("state")).unwrap();
        std::fs::write(keep.join("synth.toml"), &text).unwrap();
        write_state(&text, &keep.join("state"));
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("synth.toml");
    std::fs::write(&file, &text).unwrap();
    let state = dir.path().join("state");
    std::fs::create_dir(&state).unwrap();
    let t0 = Instant::now();
    let (hosts, bytes) = write_state(&text, &state);
    println!(
        "state folder: {hosts} hosts, {} files, {:.1} MB (written in {:.1} s, not timed)",
        hosts * 2,
        bytes as f64 / 1e6,
        t0.elapsed().as_secs_f64()
    );
    let run = |args: &[&str]| {
        let start = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_cordon"))
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        // Exit 1 is findings at or above the threshold; 2 would be bad input.
        assert!(matches!(status.code(), Some(0 | 1)), "{args:?}: {status}");
        start.elapsed().as_secs_f64()
    };
    let best = |args: &[&str]| (0..3).map(|_| run(args)).fold(f64::INFINITY, f64::min);
    let f = file.to_str().unwrap();
    let verify_s = best(&["verify", f]);
    let drift_s = best(&["drift", f, "--state", state.to_str().unwrap()]);
    println!(
        "end to end (whole processes, best of 3): cordon verify {verify_s:.3} s, cordon drift {drift_s:.3} s ({:.2}x verify; target <= 2x)",
        drift_s / verify_s
    );
}

/// Writes each host's state; returns how many hosts and bytes.
fn write_state(text: &str, state: &Path) -> (usize, usize) {
    let mut sources = SourceMap::new();
    let file = sources.add("synth.toml", text.to_string());
    let topo = topology::load_text(file, text, None, &mut sources).unwrap();
    let map = traffic::build(&topo);
    let pol = policy::build(&topo, &map);
    let input = emit::Input {
        topology: &topo,
        traffic: &map,
        policy: &pol,
        source: "synth.toml",
        gateway_stack: GatewayStack::Xfrm,
    };
    let (mut hosts, mut bytes) = (0, 0);
    for (i, set) in pol.hosts.iter().enumerate() {
        let Endpoint::Host(_) = set.owner else {
            continue;
        };
        let Some(Ok(conf)) = emit::swanctl::conf_of(&input, set.owner) else {
            continue;
        };
        let name = file_component(endpoint_name(&topo, set.owner));
        let mut policies: Vec<xfrm::Policy> =
            xfrm::planned(set).into_iter().map(|(_, p)| p).collect();
        let mut conf = conf;
        if i % 10 == 0 {
            if let Some(p) = policies.first_mut() {
                p.priority += 50;
            }
            conf = conf.replacen("esp_proposals = ", "esp_proposals = 3des-md5, ", 1);
        }
        let listing = xfrm::write_text(&policies);
        bytes += listing.len() + conf.len();
        std::fs::write(state.join(format!("{name}.xfrm")), listing).unwrap();
        std::fs::write(state.join(format!("{name}.swanctl.conf")), conf).unwrap();
        hosts += 1;
    }
    (hosts, bytes)
}
