//! `cordon emit`: the policy written for the platforms that enforce it, into a folder
//! replaced whole (the old content stays when anything fails).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::output::write_out;
use super::{Failure, GatewayStackArg, Loaded, TargetArg};
use crate::emit;

pub(super) fn run(
    file: Option<PathBuf>,
    target: TargetArg,
    dir: &Path,
    gateway_stack: GatewayStackArg,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let loaded = Loaded::new(file)?;
    let source = format!("{} ({})", loaded.topology.name, loaded.file_name);
    let input = emit::Input {
        topology: &loaded.topology,
        traffic: &loaded.traffic,
        policy: &loaded.policy,
        source: &source,
        gateway_stack: gateway_stack.stack(),
    };
    let mut artifacts = Vec::new();
    for t in target.targets() {
        artifacts.extend(
            emit::render(&input, t)
                .map_err(|e| Failure::Message(format!("{e}; nothing was written")))?,
        );
    }
    emit::write(dir, &artifacts)
        .map_err(|e| Failure::Message(format!("{e}; the previous output is untouched")))?;
    summary(out, dir, &artifacts)
}

fn summary(out: &mut dyn Write, dir: &Path, artifacts: &[emit::Artifact]) -> Result<(), Failure> {
    let mut text = String::new();
    for t in emit::Target::ALL {
        let n = artifacts.iter().filter(|a| a.target == t).count();
        if n > 0 {
            let bytes: usize = artifacts
                .iter()
                .filter(|a| a.target == t)
                .map(|a| a.contents.len())
                .sum();
            text.push_str(&format!("{}: {n} files, {bytes} bytes\n", t.name()));
        }
    }
    text.push_str(&format!(
        "wrote {} files and manifest.json to {}\n",
        artifacts.len(),
        dir.display()
    ));
    write_out(out, text.as_bytes())
}
