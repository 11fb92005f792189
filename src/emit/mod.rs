//! Renderers: the policy written for the platforms that enforce it, one module per target.
//!
//! Takes the [`Policy`] (and the topology, for names and certificate subjects only);
//! returns [`Artifact`]s, or [`Unsupported`] when the policy asks for something the target
//! cannot express. Nothing is decided here: every rule comes from `policy`. [`write()`] puts
//! artifacts and a `manifest.json` into a directory atomically.

pub mod gateway;
pub mod netsecurity;
pub mod netsh;
pub mod nftables;
pub mod quote;
pub mod swanctl;
pub mod windows;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::policy::Policy;
use crate::topology::Topology;
use crate::traffic::TrafficMap;

/// A platform cordon writes policy for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// `netsh ipsec static` scripts for Windows Server 2003 / XP.
    Netsh,
    /// nftables rulesets for the zone firewalls.
    Nftables,
    /// PowerShell NetSecurity scripts that write a Group Policy object per host.
    Powershell,
    /// strongSwan swanctl.conf per host and client group.
    Swanctl,
}

impl Target {
    /// Every target, in output order.
    pub const ALL: [Target; 4] = [
        Target::Netsh,
        Target::Nftables,
        Target::Powershell,
        Target::Swanctl,
    ];

    /// The target's name, also its directory under `--out`.
    pub fn name(self) -> &'static str {
        match self {
            Target::Netsh => "netsh",
            Target::Nftables => "nftables",
            Target::Powershell => "powershell",
            Target::Swanctl => "swanctl",
        }
    }
}

/// One file to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    /// Path under the output directory, `/`-separated.
    pub path: String,
    /// The host, client group or firewall it is for.
    pub owner: String,
    /// The target that made it.
    pub target: Target,
    /// The text.
    pub contents: String,
}

/// Why a target cannot render the policy.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{target}: {what}")]
pub struct Unsupported {
    /// The target.
    pub target: &'static str,
    /// What it cannot express, and how to change the topology so it can.
    pub what: String,
}

/// What the emitters read: the policy, and the topology for names.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    /// The topology (names, subjects, zones).
    pub topology: &'a Topology,
    /// The traffic map, for the flow ids that comments cite.
    pub traffic: &'a TrafficMap,
    /// The policy to render.
    pub policy: &'a Policy,
    /// The hierarchy's name and source file, written into headers.
    pub source: &'a str,
    /// The IPsec stack of the site gateways (how their firewalls see decrypted packets).
    pub gateway_stack: gateway::GatewayStack,
}

/// Renders the policy for one target.
pub fn render(input: &Input<'_>, target: Target) -> Result<Vec<Artifact>, Unsupported> {
    match target {
        Target::Netsh => netsh::render(input),
        Target::Nftables => {
            Ok([nftables::render(input)?, gateway::render(input, target)?].concat())
        }
        Target::Powershell => netsecurity::render(input),
        Target::Swanctl => Ok([swanctl::render(input)?, gateway::render(input, target)?].concat()),
    }
}

/// The other ends of a rule's flows, seen from the rule set's owner, sorted, once each.
fn rule_peers(
    input: &Input<'_>,
    set: &crate::policy::RuleSet,
    rule: &crate::policy::IpsecRule,
) -> Vec<crate::traffic::Endpoint> {
    let mut peers: Vec<crate::traffic::Endpoint> = rule
        .flows
        .iter()
        .filter_map(|f| input.traffic.flows.get(f.0 as usize))
        .map(|f| if f.from == set.owner { f.to } else { f.from })
        .collect();
    peers.sort();
    peers.dedup();
    peers
}

/// The IKE version the owner of `set` negotiates with every peer of `rule`, from both
/// ends' platforms and `key_module` settings, as `mine` (the platform the file is for:
/// `netsh ipsec static` is IKEv1 only whatever the host runs). A rule no flow names
/// (subnet-wide, "any") meets the hierarchy's default platform.
fn rule_key_module(
    input: &Input<'_>,
    set: &crate::policy::RuleSet,
    rule: &crate::policy::IpsecRule,
    mine: crate::topology::Platform,
) -> Result<crate::platform::capability::Ike, String> {
    let t = input.topology;
    let setting = crate::traffic::endpoint_settings(t, set.owner)
        .map_or(crate::topology::KeyModule::Auto, |s| s.key_module);
    let mut peers: Vec<_> = rule_peers(input, set, rule)
        .into_iter()
        .map(|p| crate::traffic::endpoint_platform(t, p))
        .collect();
    if peers.is_empty() {
        peers.push((t.platform, crate::topology::KeyModule::Auto));
    }
    crate::platform::capability::key_module_toward(mine, setting, peers)
}

/// The owners a target writes for: the hosts and client groups whose platform it
/// serves, in the topology's order.
fn served<'p>(
    input: &Input<'p>,
    serves: fn(crate::topology::Platform) -> bool,
) -> Vec<&'p crate::policy::RuleSet> {
    input
        .policy
        .hosts
        .iter()
        .chain(&input.policy.groups)
        .filter(|set| serves(crate::traffic::endpoint_platform(input.topology, set.owner).0))
        // Nothing to write for an owner outside IPsec.
        .filter(|set| {
            crate::traffic::endpoint_settings(input.topology, set.owner)
                .is_none_or(|s| s.runs_ipsec())
        })
        .collect()
}

/// One artifact per host and client group whose platform the target serves: `path`
/// names the file from the owner's name, `body` renders the owner's rules. Owners are
/// rendered on every core (the Windows targets prove each owner's rules on the way); the
/// artifacts keep the topology's order, and a refusal is the first owner's in that
/// order, whatever the thread count.
fn per_owner(
    input: &Input<'_>,
    target: Target,
    serves: fn(crate::topology::Platform) -> bool,
    path: impl Fn(&str) -> String + Sync,
    body: impl Fn(&crate::policy::RuleSet, &str) -> Result<String, Unsupported> + Sync,
) -> Result<Vec<Artifact>, Unsupported> {
    let rendered: Vec<Result<Artifact, Unsupported>> = served(input, serves)
        .into_par_iter()
        .map(|set| {
            let owner = crate::traffic::endpoint_name(input.topology, set.owner).to_string();
            Ok(Artifact {
                path: path(&quote::file_component(&owner)),
                contents: body(set, &owner)?,
                owner,
                target,
            })
        })
        .collect();
    rendered.into_iter().collect()
}

/// One entry of `manifest.json`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ManifestEntry {
    /// Path under the output directory.
    pub path: String,
    /// The target.
    pub target: &'static str,
    /// The host, client group or firewall it is for.
    pub owner: String,
    /// Hex SHA-256 of the contents.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: usize,
}

/// The manifest: every file written, sorted by path.
pub fn manifest(artifacts: &[Artifact]) -> Vec<ManifestEntry> {
    let mut entries: Vec<ManifestEntry> = artifacts
        .iter()
        .map(|a| ManifestEntry {
            path: a.path.clone(),
            target: a.target.name(),
            owner: a.owner.clone(),
            sha256: hex(&Sha256::digest(a.contents.as_bytes())),
            bytes: a.contents.len(),
        })
        .collect();
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    entries
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A file system operation failed.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// Where.
        path: PathBuf,
        /// The reason.
        source: std::io::Error,
    },
    /// An artifact path would leave the output directory.
    #[error("refusing to write outside the output directory: {0}")]
    Escape(String),
}

/// Writes the artifacts and `manifest.json` into `out`, replacing what was there, so that
/// `out` holds either the previous output or the complete new one: everything is written
/// into a sibling temporary directory first, then renamed into place.
pub fn write(out: &Path, artifacts: &[Artifact]) -> Result<(), WriteError> {
    let io = |action: &'static str, path: &Path| {
        let path = path.to_path_buf();
        move |source| WriteError::Io {
            action,
            path,
            source,
        }
    };
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io("create", parent))?;
    let staging = tempfile::Builder::new()
        .prefix(".cordon-out-")
        .tempdir_in(parent)
        .map_err(io("create a temporary directory in", parent))?;
    for a in artifacts {
        let rel = Path::new(&a.path);
        if a.path.is_empty()
            || rel.is_absolute()
            || rel
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            return Err(WriteError::Escape(a.path.clone()));
        }
        let file = staging.path().join(rel);
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(io("create", dir))?;
        }
        std::fs::write(&file, &a.contents).map_err(io("write", &file))?;
    }
    let manifest_path = staging.path().join("manifest.json");
    let mut text = serde_json::to_string_pretty(&manifest(artifacts)).unwrap_or_default();
    text.push('\n');
    let mut f = std::fs::File::create(&manifest_path).map_err(io("write", &manifest_path))?;
    f.write_all(text.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(io("write", &manifest_path))?;
    // Swap: the old output moves aside only once the new one is complete.
    let staged = staging.keep();
    let backup = parent.join(format!(
        ".cordon-old-{}",
        out.file_name().and_then(|n| n.to_str()).unwrap_or("out")
    ));
    let had_old = out.exists();
    if had_old {
        let _ = std::fs::remove_dir_all(&backup);
        std::fs::rename(out, &backup).map_err(io("move aside", out))?;
    }
    if let Err(e) = std::fs::rename(&staged, out) {
        if had_old {
            let _ = std::fs::rename(&backup, out);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return Err(io("move into place", out)(e));
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&backup);
    }
    Ok(())
}
