//! The user's topology, validated: sites, zones, firewalls, hosts, client groups,
//! certificate authorities and IPsec settings, with typed ids and the span each item was
//! defined at.
//!
//! Takes a topology file (or the built-in Scenario 1b) and the catalog it names; returns a
//! [`Topology`] in which every name resolves, or all the diagnostics found. After
//! [`load`] succeeds, no later stage needs to re-check names, addresses or the site tree.

pub mod raw;
mod resolve;
pub mod settings;

use std::net::IpAddr;
use std::path::{Path as FsPath, PathBuf};

use ipnet::IpNet;

use crate::catalog::{self, Catalog, RoleId};
use crate::diag::Diagnostics;
use crate::net::{AddrSet, PortRange};
use crate::source::{FileId, SourceMap, Span};
pub use settings::{
    Action, AuthMethod, Cipher, DcPolicy, Design, DhGroup, EspProposal, IcmpPolicy, IkeProposal,
    Integrity, IpsecSettings, KeyModule, Origins, Platform, RpcDynamic,
};

/// The text of the built-in topology: the seed's Internet-based Scenario 1b.
pub const BUILTIN_SCENARIO: &str = include_str!("../../examples/scenario-1b.toml");

/// The file name diagnostics show for the built-in topology.
pub const BUILTIN_SCENARIO_FILE: &str = "examples/scenario-1b.toml (built in)";

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);
        impl $name {
            /// The index into the topology's list.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

typed_id!(
    /// A site, by its index in [`Topology::sites`].
    SiteId
);
typed_id!(
    /// A zone, by its index in [`Topology::zones`].
    ZoneId
);
typed_id!(
    /// A host, by its index in [`Topology::hosts`].
    HostId
);
typed_id!(
    /// A client group, by its index in [`Topology::client_groups`].
    GroupId
);
typed_id!(
    /// A firewall, by its index in [`Topology::firewalls`].
    FirewallId
);
typed_id!(
    /// A certificate authority, by its index in [`Topology::certificate_authorities`].
    CaId
);
typed_id!(
    /// A site gateway, by its index in [`Topology::gateways`].
    GatewayId
);

/// Site security mode (decides the HTTP or HTTPS rows of the catalog).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SecurityMode {
    /// Clients use HTTP to MP, DP and SMP.
    Mixed,
    /// Clients use HTTPS with PKI certificates.
    Native,
}

impl SecurityMode {
    /// The topology file's name for the mode.
    pub fn name(self) -> &'static str {
        match self {
            SecurityMode::Mixed => "mixed",
            SecurityMode::Native => "native",
        }
    }
}

/// What a site is in the hierarchy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SiteKind {
    /// The top primary site.
    Central,
    /// A primary site (has a site database).
    Primary,
    /// A secondary site (no database; always has a parent primary).
    Secondary,
}

impl SiteKind {
    /// The topology file's name for the kind.
    pub fn name(self) -> &'static str {
        match self {
            SiteKind::Central => "central",
            SiteKind::Primary => "primary",
            SiteKind::Secondary => "secondary",
        }
    }
}

/// How far a zone is trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Trust {
    /// The Internet: addresses nobody here controls.
    Internet,
    /// The internal network.
    Intranet,
    /// The perimeter network (DMZ).
    Perimeter,
}

impl Trust {
    /// The topology file's name for the trust level.
    pub fn name(self) -> &'static str {
        match self {
            Trust::Internet => "internet",
            Trust::Intranet => "intranet",
            Trust::Perimeter => "perimeter",
        }
    }
}

/// A certificate authority whose certificates authenticate IKE.
#[derive(Clone, Debug)]
pub struct CertificateAuthority {
    /// The name other items use.
    pub name: String,
    /// The CA certificate's subject (what Windows and strongSwan match on).
    pub subject: String,
    /// Whether the CA issues only IPsec certificates (the seed's advice).
    pub dedicated: bool,
    /// Whether the CA is a root or an intermediate (Windows names the issuer type).
    pub kind: CaKind,
    /// Where it is defined.
    pub span: Span,
}

/// Where a certificate authority stands in its chain.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CaKind {
    /// A self-signed root.
    #[default]
    Root,
    /// An intermediate (issuing) CA below a root.
    Intermediate,
}

impl CaKind {
    /// Every kind, in the order the help names them.
    pub const ALL: [CaKind; 2] = [CaKind::Root, CaKind::Intermediate];

    /// The name used in topology files and outputs.
    pub fn name(self) -> &'static str {
        match self {
            CaKind::Root => "root",
            CaKind::Intermediate => "intermediate",
        }
    }
}

/// A Configuration Manager site.
#[derive(Clone, Debug)]
pub struct Site {
    /// The three-character site code.
    pub code: String,
    /// Central, primary or secondary.
    pub kind: SiteKind,
    /// The parent site.
    pub parent: Option<SiteId>,
    /// The site's security mode.
    pub security_mode: SecurityMode,
    /// Where it is defined.
    pub span: Span,
}

/// A network zone.
#[derive(Clone, Debug)]
pub struct Zone {
    /// The name.
    pub name: String,
    /// How far it is trusted.
    pub trust: Trust,
    /// Its subnets; empty for an Internet zone means "every address outside the others".
    pub subnets: Vec<IpNet>,
    /// Where it is defined.
    pub span: Span,
}

/// A firewall between zones.
#[derive(Clone, Debug)]
pub struct Firewall {
    /// The name.
    pub name: String,
    /// The zones it joins (at least two).
    pub joins: Vec<ZoneId>,
    /// Whether it translates addresses (then IPsec needs NAT-T on UDP 4500).
    pub nat: bool,
    /// The rules its administrator already has, in their order.
    pub rules_of_record: Vec<RecordRule>,
    /// Where it is defined.
    pub span: Span,
}

/// A rule a firewall already has, which cordon does not write but must reckon with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordRule {
    /// Whether it passes (`true`) or drops what it matches.
    pub allow: bool,
    /// The protocol (`Any` for every protocol).
    pub protocol: crate::net::Protocol,
    /// Destination ports (any when left out; empty for protocols without ports).
    pub ports: crate::net::PortSet,
    /// Source addresses (any when left out).
    pub source: crate::net::AddrSet,
    /// Destination addresses (any when left out).
    pub destination: crate::net::AddrSet,
    /// Whether the firewall evaluates it before cordon's rules (else after them).
    pub before: bool,
    /// Where it is written.
    pub span: Span,
}

/// A computer of the hierarchy with a fixed address.
#[derive(Clone, Debug)]
pub struct Host {
    /// The name.
    pub name: String,
    /// Its addresses.
    pub addresses: Vec<IpAddr>,
    /// Its zone.
    pub zone: ZoneId,
    /// Its site, when it holds site roles.
    pub site: Option<SiteId>,
    /// The roles as written, in order.
    pub declared_roles: Vec<RoleId>,
    /// Every role it counts as: the declared ones, their `is_a` parents, `client` for the
    /// client agent, `domain_controller`, `amt_computer` for AMT, and `any_host`; sorted.
    pub roles: Vec<RoleId>,
    /// Whether it runs the Configuration Manager client agent.
    pub client_agent: bool,
    /// Whether it is a domain controller.
    pub domain_controller: bool,
    /// Whether it has an Intel AMT controller managed out of band.
    pub oob_managed: bool,
    /// Its Active Directory forest.
    pub forest: Option<String>,
    /// Ports it listens on where the catalog offers alternatives (WSUS 80 or 8530).
    pub listen: Vec<PortRange>,
    /// Catalog rows (indices into `catalog.rows`) this host takes no part in.
    pub exclude_rows: Vec<usize>,
    /// Its effective IPsec settings (defaults, then zone, then host overrides).
    pub ipsec: IpsecSettings,
    /// What it runs (`platform`, else the hierarchy's).
    pub platform: Platform,
    /// Where it is defined.
    pub span: Span,
}

impl Host {
    /// Whether it is a domain controller on the exemption list (its own
    /// `domain_controllers = "exempt"`): every member passes all traffic with it in the
    /// clear.
    pub fn on_exemption_list(&self) -> bool {
        self.domain_controller && self.ipsec.domain_controllers == DcPolicy::Exempt
    }
}

/// Managed computers that share a site, a zone and subnets.
#[derive(Clone, Debug)]
pub struct ClientGroup {
    /// The name.
    pub name: String,
    /// The assigned site.
    pub site: SiteId,
    /// Its zone.
    pub zone: ZoneId,
    /// Its addresses; for Internet-based clients (`["any"]`), every address outside the
    /// zones' subnets.
    pub subnets: AddrSet,
    /// Every role its members count as (like [`Host::roles`]).
    pub roles: Vec<RoleId>,
    /// Whether members have AMT controllers managed out of band.
    pub oob_managed: bool,
    /// Whether members sit behind a NAT (then IPsec needs NAT-T).
    pub behind_nat: bool,
    /// The members' Active Directory forest.
    pub forest: Option<String>,
    /// Catalog rows (indices into `catalog.rows`) the members take no part in.
    pub exclude_rows: Vec<usize>,
    /// Effective IPsec settings.
    pub ipsec: IpsecSettings,
    /// What its computers run (`platform`, else the hierarchy's).
    pub platform: Platform,
    /// Where it is defined.
    pub span: Span,
}

/// An IPsec gateway of a site: it tunnels the site's traffic to other sites across a WAN
/// link, in tunnel mode, instead of (or on top of) host-to-host IPsec.
#[derive(Clone, Debug)]
pub struct Gateway {
    /// The name.
    pub name: String,
    /// The site whose traffic it carries.
    pub site: SiteId,
    /// The zone its inside address is in.
    pub zone: ZoneId,
    /// Its address in the site's network.
    pub inside: IpAddr,
    /// Its address on the WAN (IKE and ESP go between WAN addresses).
    pub wan: IpAddr,
    /// Its effective IPsec settings (the defaults, then its zone's).
    pub ipsec: IpsecSettings,
    /// Where it is defined.
    pub span: Span,
}

/// A WAN link between two sites' gateways.
#[derive(Clone, Debug)]
pub struct WanLink {
    /// The two gateways, in the order written.
    pub gateways: [GatewayId; 2],
    /// Where it is defined.
    pub span: Span,
}

/// A validated topology.
#[derive(Clone, Debug)]
pub struct Topology {
    /// The hierarchy's name.
    pub name: String,
    /// The file it came from.
    pub file: FileId,
    /// The catalog (built in plus overlay).
    pub catalog: Catalog,
    /// The hierarchy's Active Directory forest.
    pub forest: Option<String>,
    /// What hosts and client groups run unless they say (`[hierarchy] platform`).
    pub platform: Platform,
    /// The IPsec defaults, before zone and host overrides.
    pub defaults: IpsecSettings,
    /// Certificate authorities.
    pub certificate_authorities: Vec<CertificateAuthority>,
    /// Sites, in file order.
    pub sites: Vec<Site>,
    /// Zones, in file order.
    pub zones: Vec<Zone>,
    /// Firewalls, in file order.
    pub firewalls: Vec<Firewall>,
    /// Hosts, in file order.
    pub hosts: Vec<Host>,
    /// Client groups, in file order.
    pub client_groups: Vec<ClientGroup>,
    /// Site gateways, in file order.
    pub gateways: Vec<Gateway>,
    /// WAN links between gateways, in file order.
    pub wan_links: Vec<WanLink>,
    /// Every address outside the zones' subnets: the Internet, and what an Internet
    /// client group's `["any"]` stands for. A filter toward "any" would also match the
    /// hierarchy's own hosts and shadow their protect rules.
    pub outside: AddrSet,
}

impl Topology {
    /// A site by id.
    pub fn site(&self, id: SiteId) -> &Site {
        // Ids are only made by `resolve` from indices of this list.
        &self.sites[id.index()]
    }

    /// A zone by id.
    pub fn zone(&self, id: ZoneId) -> &Zone {
        &self.zones[id.index()]
    }

    /// A gateway by id.
    pub fn gateway(&self, id: GatewayId) -> &Gateway {
        // Ids are only made by `resolve` from indices of this list.
        &self.gateways[id.index()]
    }

    /// A host by id.
    pub fn host(&self, id: HostId) -> &Host {
        &self.hosts[id.index()]
    }

    /// A client group by id.
    pub fn group(&self, id: GroupId) -> &ClientGroup {
        &self.client_groups[id.index()]
    }

    /// A firewall by id.
    pub fn firewall(&self, id: FirewallId) -> &Firewall {
        &self.firewalls[id.index()]
    }

    /// A certificate authority by id.
    pub fn ca(&self, id: CaId) -> &CertificateAuthority {
        &self.certificate_authorities[id.index()]
    }

    /// The host with this name (names are unique, compared without case).
    pub fn host_named(&self, name: &str) -> Option<HostId> {
        self.hosts
            .iter()
            .position(|h| h.name.eq_ignore_ascii_case(name))
            .and_then(|i| u32::try_from(i).ok())
            .map(HostId)
    }

    /// The site and its ancestors, nearest first.
    pub fn site_chain(&self, id: SiteId) -> Vec<SiteId> {
        let mut chain = vec![id];
        let mut cur = id;
        // The site tree is acyclic after resolve; the bound is a second guarantee.
        while let Some(parent) = self.site(cur).parent {
            if chain.len() > self.sites.len() {
                break;
            }
            chain.push(parent);
            cur = parent;
        }
        chain
    }
}

/// Why a topology could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The reason.
        source: std::io::Error,
    },
    /// The input has problems; render them with the source map.
    #[error("{0}")]
    Invalid(Diagnostics),
}

/// Loads a topology file, or the built-in Scenario 1b when `path` is `None`, with the
/// catalog it names. Every file read is added to `sources`.
pub fn load(path: Option<&FsPath>, sources: &mut SourceMap) -> Result<Topology, LoadError> {
    let (file, base_dir) = match path {
        Some(p) => {
            let text = read(p)?;
            let id = sources.add(p.display().to_string(), text);
            (id, p.parent().map(FsPath::to_path_buf))
        }
        None => (sources.add(BUILTIN_SCENARIO_FILE, BUILTIN_SCENARIO), None),
    };
    let text = sources.file(file).map_or(String::new(), |f| f.text.clone());
    load_text(file, &text, base_dir.as_deref(), sources)
}

/// Loads a topology from text already in `sources` (used by `load`, tests and fuzzing).
pub fn load_text(
    file: FileId,
    text: &str,
    base_dir: Option<&FsPath>,
    sources: &mut SourceMap,
) -> Result<Topology, LoadError> {
    let raw: raw::RawTopology = toml::from_str(text).map_err(|e| {
        LoadError::Invalid(Diagnostics(vec![crate::toml_input::toml_error(&e, file)]))
    })?;
    let overlay = match &raw.hierarchy.get_ref().catalog_overlay {
        Some(name) => {
            let rel = FsPath::new(name.get_ref());
            let full = match base_dir {
                Some(dir) if rel.is_relative() => dir.join(rel),
                _ => rel.to_path_buf(),
            };
            let text = read(&full)?;
            Some(sources.add(full.display().to_string(), text))
        }
        None => None,
    };
    if let Some(name) = &raw.hierarchy.get_ref().catalog
        && name.get_ref() != catalog::BUILTIN_NAME
    {
        let d = crate::diag::Diagnostic::error(
            "unknown-catalog",
            format!("there is no built-in catalog `{}`", name.get_ref()),
            Some(Span::new(file, name.span())),
        )
        .help(format!(
            "use catalog = \"{}\", and add or override rows with catalog_overlay = \"FILE\"",
            catalog::BUILTIN_NAME
        ));
        return Err(LoadError::Invalid(Diagnostics(vec![d])));
    }
    let catalog = catalog::load(sources, overlay).map_err(LoadError::Invalid)?;
    resolve::resolve(raw, file, catalog).map_err(LoadError::Invalid)
}

/// The largest input file cordon reads; a topology is text a person writes.
const MAX_INPUT: u64 = 64 << 20;

fn read(path: &FsPath) -> Result<String, LoadError> {
    let fail = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(fail)?;
    // A device or FIFO (e.g. /dev/zero) would never end; a huge file is not a topology.
    if !meta.is_file() || meta.len() > MAX_INPUT {
        return Err(fail(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("not a regular file of at most {} MiB", MAX_INPUT >> 20),
        )));
    }
    std::fs::read_to_string(path).map_err(fail)
}
