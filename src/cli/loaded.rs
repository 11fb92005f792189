//! The topology a command reads, loaded once with everything derived from it, and the
//! names a user types on the command line (a host, a client group, an address) found in
//! it.

use std::path::PathBuf;

use super::Failure;
use crate::diag;
use crate::policy::{self, Policy};
use crate::report::Plan;
use crate::source::SourceMap;
use crate::topology::{self, LoadError, Topology};
use crate::traffic::{self, Endpoint, TrafficMap};

/// A topology and its traffic map: what a command that needs no policy reads.
pub(super) struct Mapped {
    pub(super) sources: SourceMap,
    pub(super) topology: Topology,
    pub(super) traffic: TrafficMap,
    pub(super) file_name: String,
}

impl Mapped {
    pub(super) fn new(file: Option<PathBuf>) -> Result<Self, Failure> {
        let mut sources = SourceMap::new();
        let topology = match topology::load(file.as_deref(), &mut sources) {
            Ok(t) => t,
            Err(LoadError::Invalid(d)) => return Err(Failure::Input(sources, d)),
            Err(e @ LoadError::Io { .. }) => return Err(Failure::Message(e.to_string())),
        };
        let traffic = traffic::build(&topology);
        let file_name = sources
            .file(topology.file)
            .map_or_else(String::new, |f| f.name.clone());
        Ok(Mapped {
            sources,
            topology,
            traffic,
            file_name,
        })
    }
}

/// A topology with everything derived from it.
pub(super) struct Loaded {
    pub(super) map: Mapped,
    pub(super) policy: Policy,
}

impl std::ops::Deref for Loaded {
    type Target = Mapped;

    fn deref(&self) -> &Mapped {
        &self.map
    }
}

impl Loaded {
    pub(super) fn new(file: Option<PathBuf>) -> Result<Self, Failure> {
        let map = Mapped::new(file)?;
        let policy = policy::build(&map.topology, &map.traffic);
        Ok(Loaded { map, policy })
    }

    pub(super) fn side(&self) -> crate::diff::Side<'_> {
        crate::diff::Side {
            file_name: &self.file_name,
            topology: &self.topology,
            traffic: &self.traffic,
            policy: &self.policy,
        }
    }

    /// The plan checked before rollout: verify's findings.
    pub(super) fn verify(&self) -> Vec<crate::verify::Finding> {
        crate::verify::verify(&crate::verify::Ctx {
            topology: &self.topology,
            traffic: &self.traffic,
            policy: &self.policy,
        })
    }

    pub(super) fn plan(&self) -> Plan<'_> {
        Plan {
            topology: &self.topology,
            traffic: &self.traffic,
            policy: &self.policy,
            file_name: &self.file_name,
        }
    }

    /// A packet end given as a host, a client group or an IP address.
    pub(super) fn locate(&self, what: &str) -> Result<(Endpoint, std::net::IpAddr), Failure> {
        let t = &self.topology;
        if let Ok(addr) = what.parse::<std::net::IpAddr>() {
            if let Some(i) = t.hosts.iter().position(|h| h.addresses.contains(&addr)) {
                return Ok((Endpoint::Host(crate::topology::HostId(i as u32)), addr));
            }
            if let Some(i) = t
                .client_groups
                .iter()
                .position(|g| g.subnets.contains(addr))
            {
                return Ok((Endpoint::Group(crate::topology::GroupId(i as u32)), addr));
            }
            if t.outside.contains(addr) {
                return Ok((Endpoint::Internet, addr));
            }
            return Err(Failure::Message(format!(
                "{addr} belongs to no host, client group or the Internet of {}",
                self.file_name
            )));
        }
        let e = self.endpoint(what)?;
        traffic::representative_addr(t, e)
            .map(|a| (e, a))
            .ok_or_else(|| Failure::Message(format!("`{what}` has no address")))
    }

    pub(super) fn endpoint(&self, name: &str) -> Result<Endpoint, Failure> {
        let t = &self.topology;
        if let Some(h) = t.host_named(name) {
            return Ok(Endpoint::Host(h));
        }
        if let Some(i) = t
            .client_groups
            .iter()
            .position(|g| g.name.eq_ignore_ascii_case(name))
        {
            return Ok(Endpoint::Group(crate::topology::GroupId(i as u32)));
        }
        let names = t
            .hosts
            .iter()
            .map(|h| h.name.as_str())
            .chain(t.client_groups.iter().map(|g| g.name.as_str()));
        Err(Failure::Message(format!(
            "there is no host or client group `{name}` in {}; {}",
            self.file_name,
            diag::suggest(name, "host", names)
        )))
    }
}
