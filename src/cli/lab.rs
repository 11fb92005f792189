//! `cordon lab`: the emitted policy on real daemons and the real kernel, the gateways'
//! tunnel or (with `--hosts`) the hosts' own policies; a failed check makes the exit
//! status 1.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::output::write_out;
use super::{Failure, GatewayStackArg, Loaded};

/// Which lab, as the command line asks for it.
pub(super) struct Options {
    pub(super) gateway_stack: GatewayStackArg,
    /// The hosts' lab rather than the gateways'.
    pub(super) hosts: bool,
    /// With `hosts`: only these (every host when empty).
    pub(super) host: Vec<String>,
    /// Write the deployed state here and stop before the packets.
    pub(super) collect_state: Option<PathBuf>,
}

pub(super) fn run(
    file: Option<PathBuf>,
    options: Options,
    out: &mut dyn Write,
) -> Result<ExitCode, Failure> {
    let loaded = Loaded::new(file)?;
    let exe = std::env::current_exe().map_err(|e| Failure::Message(e.to_string()))?;
    let mut progress = |m: &str| eprintln!("lab: {m}");
    let failed = |e: crate::lab::LabError| {
        Failure::Message(format!("lab: {e}; everything it created was removed"))
    };
    let (text, passed) = if options.hosts {
        let options = crate::lab::hosts::HostLabOptions {
            hosts: options.host,
            collect_state: options.collect_state,
            ..Default::default()
        };
        let report = crate::lab::hosts::run_host_lab(
            &loaded.topology,
            &loaded.traffic,
            &loaded.policy,
            &exe,
            &options,
            &mut progress,
        )
        .map_err(failed)?;
        (report.text(), report.passed())
    } else {
        let options = crate::lab::gateway::GatewayLabOptions {
            stack: options.gateway_stack.stack(),
            edit_nft: None,
            collect_state: options.collect_state,
        };
        let report = crate::lab::run_lab(
            &loaded.topology,
            &loaded.traffic,
            &loaded.policy,
            &exe,
            &options,
            &mut progress,
        )
        .map_err(failed)?;
        (report.text(), report.passed())
    };
    write_out(out, text.as_bytes())?;
    if !passed {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
