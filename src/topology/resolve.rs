//! Raw topology → validated [`Topology`]: resolves every name, checks addresses against
//! zones and each other, checks the site tree, merges IPsec overrides. Collects every
//! diagnostic it can find in one pass instead of stopping at the first.

use std::collections::{BTreeSet, HashMap};
use std::net::IpAddr;

use ipnet::IpNet;
use toml::Spanned;

use super::raw::{RawHost, RawIpsec, RawTopology};
use super::settings::{self, AuthMethod, IpsecSettings, NameLookup, Platform};
use super::{
    CaId, CaKind, CertificateAuthority, ClientGroup, Firewall, Gateway, GatewayId, Host,
    SecurityMode, Site, SiteId, SiteKind, Topology, Trust, WanLink, Zone, ZoneId,
};
use crate::catalog::{Catalog, RoleId, Scope};
use crate::diag::{Diagnostic, Diagnostics, Severity, suggest};
use crate::net::AddrSet;
use crate::source::{FileId, Span};

struct SettingNames<'a> {
    list: &'a [CertificateAuthority],
    catalog: &'a Catalog,
}

impl NameLookup for SettingNames<'_> {
    fn ca(&self, name: &str) -> Option<CaId> {
        self.list
            .iter()
            .position(|c| c.name == name)
            .and_then(|i| u32::try_from(i).ok())
            .map(CaId)
    }

    fn ca_names(&self) -> Vec<&str> {
        self.list.iter().map(|c| c.name.as_str()).collect()
    }

    fn row(&self, id: &str) -> Option<usize> {
        self.catalog.rows.iter().position(|r| r.id == id)
    }

    fn row_ids(&self) -> Vec<&str> {
        self.catalog.rows.iter().map(|r| r.id.as_str()).collect()
    }
}

/// A case-insensitive name table that reports duplicates.
struct Names {
    what: &'static str,
    by_key: HashMap<String, (u32, Span)>,
    names: Vec<String>,
}

impl Names {
    fn new(what: &'static str) -> Self {
        Names {
            what,
            by_key: HashMap::new(),
            names: Vec::new(),
        }
    }

    fn define(&mut self, name: &Spanned<String>, file: FileId, diags: &mut Vec<Diagnostic>) -> u32 {
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        let span = Span::new(file, name.span());
        let text = name.get_ref();
        if text.trim().is_empty() || text.chars().any(char::is_control) {
            diags.push(
                Diagnostic::error(
                    "bad-name",
                    format!(
                        "a {} name must be non-empty text without control characters",
                        self.what
                    ),
                    Some(span.clone()),
                )
                .help("use a printable name, e.g. the computer's NetBIOS or DNS name"),
            );
        }
        let key = text.to_lowercase();
        if let Some((_, first)) = self.by_key.get(&key) {
            diags.push(
                Diagnostic::error(
                    "duplicate-name",
                    format!("{} `{text}` is defined twice", self.what),
                    Some(span),
                )
                .label("second definition")
                .related(first.clone(), "first defined here")
                .help(format!(
                    "names are compared without case; give each {} its own name",
                    self.what
                )),
            );
        } else {
            self.by_key.insert(key, (id, span));
        }
        self.names.push(text.clone());
        id
    }

    fn lookup(
        &self,
        name: &Spanned<String>,
        file: FileId,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<u32> {
        match self.by_key.get(&name.get_ref().to_lowercase()) {
            Some((id, _)) => Some(*id),
            None => {
                diags.push(
                    Diagnostic::error(
                        match self.what {
                            "site" => "unknown-site",
                            "zone" => "unknown-zone",
                            _ => "unknown-name",
                        },
                        format!("there is no {} `{}`", self.what, name.get_ref()),
                        Some(Span::new(file, name.span())),
                    )
                    .help(suggest(
                        name.get_ref(),
                        self.what,
                        self.names.iter().map(String::as_str),
                    )),
                );
                None
            }
        }
    }
}

/// The zones as resolved: what the later phases look up in them.
struct Zoned {
    zones: Vec<Zone>,
    names: Names,
    /// Each zone's IPsec settings (the defaults with its overrides), by zone.
    settings: Vec<IpsecSettings>,
    /// The addresses no zone holds: the Internet.
    outside: AddrSet,
}

/// What the first phases resolved, which the hosts, client groups and gateways read.
#[derive(Clone, Copy)]
struct Resolved<'a> {
    file: FileId,
    catalog: &'a Catalog,
    lookup: &'a SettingNames<'a>,
    defaults: &'a IpsecSettings,
    platform: Platform,
    /// The hierarchy's forest, for hosts and groups that name none.
    forest: Option<&'a str>,
    site_names: &'a Names,
    zoned: &'a Zoned,
}

impl Resolved<'_> {
    /// The IPsec settings of what lies in `zone` (a host, client group or gateway): its
    /// zone's (the defaults where the zone is unknown), with its own overrides, if it has
    /// any, merged over them.
    fn settings_of(
        &self,
        zone: Option<ZoneId>,
        own: Option<&Spanned<RawIpsec>>,
        diags: &mut Vec<Diagnostic>,
    ) -> IpsecSettings {
        let base = zone
            .and_then(|z| self.zoned.settings.get(z.index()))
            .unwrap_or(self.defaults);
        match own {
            Some(o) => settings::apply(base, o.get_ref(), self.file, self.lookup, diags),
            None => base.clone(),
        }
    }

    /// The forest a host or client group names, or else the hierarchy's.
    fn forest_of(&self, own: Option<&Spanned<String>>) -> Option<String> {
        own.map(|f| f.get_ref().clone())
            .or_else(|| self.forest.map(str::to_string))
    }

    /// The platform a host or client group names, or else the hierarchy's.
    fn platform_of(&self, own: &Option<Spanned<String>>, diags: &mut Vec<Diagnostic>) -> Platform {
        settings::platform(own, self.platform, self.file, diags)
    }
}

/// Resolves a raw topology phase by phase (certificate authorities and defaults, sites,
/// zones, firewalls, hosts, client groups, gateways and WAN links), each later phase
/// reading what the earlier ones resolved, and every problem collected on the way.
pub(super) fn resolve(
    raw: RawTopology,
    file: FileId,
    catalog: Catalog,
) -> Result<Topology, Diagnostics> {
    let mut diags: Vec<Diagnostic> = Vec::new();
    let span = |r: std::ops::Range<usize>| Span::new(file, r);
    let hierarchy = &raw.hierarchy.get_ref();

    let default_mode = match &hierarchy.security_mode {
        Some(m) => mode(m, file, &mut diags).unwrap_or(SecurityMode::Mixed),
        None => SecurityMode::Mixed,
    };
    let cas = certificate_authorities(&raw, file, &mut diags);
    let lookup = SettingNames {
        list: &cas,
        catalog: &catalog,
    };
    let mut builtin = IpsecSettings::builtin();
    if cas.len() == 1 {
        // One CA: certificate authentication from it, as the seed recommends.
        builtin.authentication = vec![AuthMethod::Certificate(CaId(0))];
    }
    let defaults = settings::apply(&builtin, &raw.ipsec, file, &lookup, &mut diags);
    let default_platform =
        settings::platform(&hierarchy.platform, Platform::Windows, file, &mut diags);
    let (sites, site_names) = sites(&raw, default_mode, file, &mut diags);
    let zoned = zones(&raw, &defaults, &lookup, file, &mut diags);
    let firewalls = firewalls(&raw, &zoned.names, file, &mut diags);

    let scope = Resolved {
        file,
        catalog: &catalog,
        lookup: &lookup,
        defaults: &defaults,
        platform: default_platform,
        forest: hierarchy.forest.as_ref().map(|f| f.get_ref().as_str()),
        site_names: &site_names,
        zoned: &zoned,
    };
    // Hosts and client groups share one name space: flows name either.
    let mut endpoint_names = Names::new("host or client group");
    // Every address of a host or gateway, where it was first given.
    let mut addresses: HashMap<IpAddr, Span> = HashMap::new();
    let hosts = hosts(
        &raw,
        &scope,
        &mut endpoint_names,
        &mut addresses,
        &mut diags,
    );
    let client_groups = client_groups(&raw, &scope, &mut endpoint_names, &mut diags);
    let (gateways, wan_links) = gateways(&raw, &scope, &mut addresses, &mut diags);

    if hosts.is_empty() {
        diags.push(
            Diagnostic::error(
                "no-hosts",
                "the topology has no hosts",
                Some(span(hierarchy.name.span())),
            )
            .help("add [[host]] tables for the site servers and site systems"),
        );
    }

    let mut diags = Diagnostics(diags);
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    debug_assert!(diags.0.iter().all(|d| d.severity != Severity::Error));
    Ok(Topology {
        name: hierarchy.name.get_ref().clone(),
        file,
        catalog,
        forest: hierarchy.forest.as_ref().map(|f| f.get_ref().clone()),
        platform: default_platform,
        defaults,
        certificate_authorities: cas,
        sites,
        zones: zoned.zones,
        firewalls,
        hosts,
        client_groups,
        gateways,
        wan_links,
        outside: zoned.outside,
    })
}

/// The certificate authorities, each name once.
fn certificate_authorities(
    raw: &RawTopology,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Vec<CertificateAuthority> {
    let span = |r: std::ops::Range<usize>| Span::new(file, r);
    let mut ca_names = Names::new("certificate authority");
    let mut cas = Vec::new();
    for ca in &raw.certificate_authority {
        ca_names.define(&ca.name, file, diags);
        if ca.subject.get_ref().trim().is_empty() {
            diags.push(
                Diagnostic::error(
                    "bad-ca",
                    "a certificate authority needs the subject of its certificate",
                    Some(span(ca.subject.span())),
                )
                .help("e.g. subject = \"CN=Contoso ConfigMgr IPsec CA, O=Contoso\""),
            );
        }
        let kind = match &ca.kind {
            None => CaKind::Root,
            Some(k) => CaKind::ALL
                .into_iter()
                .find(|kind| kind.name() == k.get_ref())
                .unwrap_or_else(|| {
                    diags.push(
                        Diagnostic::error(
                            "bad-ca",
                            format!("`{}` is not a kind of certificate authority", k.get_ref()),
                            Some(span(k.span())),
                        )
                        .help("write kind = \"root\" or kind = \"intermediate\""),
                    );
                    CaKind::Root
                }),
        };
        cas.push(CertificateAuthority {
            name: ca.name.get_ref().clone(),
            subject: ca.subject.get_ref().clone(),
            dedicated: ca.dedicated,
            kind,
            span: span(ca.name.span()),
        });
    }
    cas
}

/// The sites, each code once, in a tree.
fn sites(
    raw: &RawTopology,
    default_mode: SecurityMode,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Site>, Names) {
    let span = |r: std::ops::Range<usize>| Span::new(file, r);
    let mut site_names = Names::new("site");
    for s in &raw.site {
        site_names.define(&s.code, file, diags);
    }
    let mut sites = Vec::new();
    for s in &raw.site {
        let kind = match s.kind.get_ref().as_str() {
            "central" => SiteKind::Central,
            "primary" => SiteKind::Primary,
            "secondary" => SiteKind::Secondary,
            other => {
                diags.push(
                    Diagnostic::error(
                        "bad-value",
                        format!("`{other}` is not a site kind"),
                        Some(span(s.kind.span())),
                    )
                    .help(suggest(
                        other,
                        "site kind",
                        ["central", "primary", "secondary"],
                    )),
                );
                SiteKind::Primary
            }
        };
        let parent = s
            .parent
            .as_ref()
            .and_then(|p| site_names.lookup(p, file, diags))
            .map(SiteId);
        let security_mode = match &s.security_mode {
            Some(m) => mode(m, file, diags).unwrap_or(default_mode),
            None => default_mode,
        };
        sites.push(Site {
            code: s.code.get_ref().clone(),
            kind,
            parent,
            security_mode,
            span: span(s.code.span()),
        });
    }
    check_site_tree(&sites, raw, file, diags);

    (sites, site_names)
}

/// The zones, their subnets apart, with each zone's IPsec settings and the addresses no
/// zone holds (the Internet).
fn zones(
    raw: &RawTopology,
    defaults: &IpsecSettings,
    lookup: &SettingNames<'_>,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Zoned {
    let span = |r: std::ops::Range<usize>| Span::new(file, r);
    let mut zone_names = Names::new("zone");
    let mut zones = Vec::new();
    let mut zone_overrides = Vec::new();
    for z in &raw.zone {
        zone_names.define(&z.name, file, diags);
        let trust = match z.trust.get_ref().as_str() {
            "intranet" => Trust::Intranet,
            "perimeter" => Trust::Perimeter,
            "internet" => Trust::Internet,
            other => {
                diags.push(
                    Diagnostic::error(
                        "bad-value",
                        format!("`{other}` is not a trust level"),
                        Some(span(z.trust.span())),
                    )
                    .help(suggest(
                        other,
                        "trust level",
                        ["intranet", "perimeter", "internet"],
                    )),
                );
                Trust::Intranet
            }
        };
        let mut subnets = Vec::new();
        for s in &z.subnets {
            if let Some(net) = cidr(s, file, diags) {
                subnets.push(net);
            }
        }
        if z.subnets.is_empty() && trust != Trust::Internet {
            diags.push(
                Diagnostic::error("empty-zone", format!("zone `{}` has no subnets", z.name.get_ref()), Some(span(z.name.span())))
                    .help("list its subnets, e.g. subnets = [\"10.1.0.0/16\", \"fd00:1::/48\"]; only an internet zone may leave them out"),
            );
        }
        zone_overrides.push(z.ipsec.as_ref());
        zones.push(Zone {
            name: z.name.get_ref().clone(),
            trust,
            subnets,
            span: span(z.name.span()),
        });
    }
    check_zone_overlaps(&zones, raw, file, diags);
    let outside =
        AddrSet::from_prefixes(zones.iter().flat_map(|z| z.subnets.iter().copied())).complement();
    let zone_settings: Vec<IpsecSettings> = zone_overrides
        .iter()
        .map(|o| match o {
            Some(o) => settings::apply(defaults, o.get_ref(), file, lookup, diags),
            None => defaults.clone(),
        })
        .collect();

    Zoned {
        zones,
        names: zone_names,
        settings: zone_settings,
        outside,
    }
}

/// The firewalls, each joining zones that exist.
fn firewalls(
    raw: &RawTopology,
    zone_names: &Names,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Firewall> {
    let span = |r: std::ops::Range<usize>| Span::new(file, r);
    let mut fw_names = Names::new("firewall");
    let mut firewalls = Vec::new();
    for f in &raw.firewall {
        fw_names.define(&f.name, file, diags);
        let mut joins = Vec::new();
        for z in f.joins.get_ref() {
            if let Some(id) = zone_names.lookup(z, file, diags) {
                if joins.contains(&ZoneId(id)) {
                    diags.push(
                        Diagnostic::error(
                            "duplicate-name",
                            format!("firewall joins zone `{}` twice", z.get_ref()),
                            Some(span(z.span())),
                        )
                        .help("list each zone once"),
                    );
                } else {
                    joins.push(ZoneId(id));
                }
            }
        }
        if f.joins.get_ref().len() < 2 {
            diags.push(
                Diagnostic::error(
                    "firewall-joins",
                    "a firewall must join at least two zones",
                    Some(span(f.joins.span())),
                )
                .help("list the zones on each side, e.g. joins = [\"intranet\", \"perimeter\"]"),
            );
        }
        let rules_of_record = f
            .rules
            .iter()
            .filter_map(|r| record_rule(r, file, diags))
            .collect();
        firewalls.push(Firewall {
            name: f.name.get_ref().clone(),
            joins,
            nat: f.nat,
            rules_of_record,
            span: span(f.name.span()),
        });
    }
    firewalls
}

/// The hosts: each name and address once, every address in the host's zone, their roles
/// expanded through the catalog, their IPsec settings merged over their zone's.
fn hosts(
    raw: &RawTopology,
    scope: &Resolved<'_>,
    endpoint_names: &mut Names,
    addresses: &mut HashMap<IpAddr, Span>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Host> {
    let Resolved {
        file,
        catalog,
        site_names,
        zoned,
        ..
    } = *scope;
    let (zones, zone_names) = (&zoned.zones, &zoned.names);
    let span = |r: std::ops::Range<usize>| Span::new(file, r);
    let site_bound = site_bound_roles(catalog);
    let role_names = catalog.role_names();
    let special = catalog.well_known;

    let mut hosts = Vec::new();
    for h in &raw.host {
        endpoint_names.define(&h.name, file, diags);
        let zone = zone_names.lookup(&h.zone, file, diags).map(ZoneId);
        let site = h
            .site
            .as_ref()
            .and_then(|s| site_names.lookup(s, file, diags))
            .map(SiteId);
        let addrs = host_addresses(
            h,
            zone.map(|z| (z, zones.as_slice())),
            addresses,
            file,
            diags,
        );
        let declared = roles(&h.roles, catalog, &role_names, file, diags);
        // A stand-in for an outside service is no host of the hierarchy: it needs none of
        // the infrastructure every host needs.
        let mut extra = if declared.contains(&special.internet) {
            Vec::new()
        } else {
            vec![special.any_host]
        };
        if h.client_agent {
            extra.push(special.client);
        }
        if h.domain_controller {
            extra.push(special.domain_controller);
        }
        if h.oob_managed {
            extra.push(special.amt_computer);
        }
        let all = expand(catalog, declared.iter().copied().chain(extra));
        if site.is_none()
            && h.site.is_none()
            && let Some(r) = all.iter().find(|r| site_bound.contains(r))
        {
            diags.push(
                Diagnostic::error(
                    "missing-site",
                    format!("host `{}` has role `{}` but no site", h.name.get_ref(), catalog.role_name(*r)),
                    Some(span(h.name.span())),
                )
                .help("add site = \"CODE\": the catalog pairs this role with hosts of the same, parent or assigned site"),
            );
        }
        if all.contains(&special.internet) && all.len() > 1 {
            diags.push(
                Diagnostic::error(
                    "internet-role",
                    format!("host `{}` mixes role `internet` with roles of the hierarchy", h.name.get_ref()),
                    Some(span(h.name.span())),
                )
                .help("a host with role `internet` stands for a service outside the organisation; give it no other role"),
            );
        }
        let mut listen = Vec::new();
        for p in &h.listen {
            match p.get_ref().to_range() {
                Ok(r) => listen.push(r),
                Err(e) => diags.push(
                    Diagnostic::error("bad-port", e.to_string(), Some(span(p.span())))
                        .help("write a port as 8530, or a range as \"8530-8531\""),
                ),
            }
        }
        let ipsec = scope.settings_of(zone, h.ipsec.as_ref(), diags);
        hosts.push(Host {
            name: h.name.get_ref().clone(),
            addresses: addrs,
            zone: zone.unwrap_or(ZoneId(0)),
            site,
            declared_roles: declared,
            roles: all,
            client_agent: h.client_agent,
            domain_controller: h.domain_controller,
            oob_managed: h.oob_managed,
            forest: scope.forest_of(h.forest.as_ref()),
            listen,
            exclude_rows: exclude_rows(&h.exclude_rows, catalog, file, diags),
            ipsec,
            platform: scope.platform_of(&h.platform, diags),
            span: span(h.name.span()),
        });
    }
    for h in &mut hosts {
        if h.roles.contains(&special.domain_controller) {
            h.domain_controller = true;
        }
    }

    hosts
}

/// A host's addresses: each an address, none given twice in the topology (`addresses`
/// holds where each was first given), each in the host's zone (`zone`, with the zones).
fn host_addresses(
    h: &RawHost,
    zone: Option<(ZoneId, &[Zone])>,
    addresses: &mut HashMap<IpAddr, Span>,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Vec<IpAddr> {
    let span = |r: std::ops::Range<usize>| Span::new(file, r);
    let mut addrs = Vec::new();
    if h.addresses.get_ref().is_empty() {
        diags.push(
            Diagnostic::error(
                "no-address",
                format!("host `{}` has no address", h.name.get_ref()),
                Some(span(h.addresses.span())),
            )
            .help("list its IPv4 and IPv6 addresses, e.g. addresses = [\"10.1.0.10\"]"),
        );
    }
    for a in h.addresses.get_ref() {
        let Ok(addr) = a.get_ref().trim().parse::<IpAddr>() else {
            diags.push(
                Diagnostic::error(
                    "bad-address",
                    format!("`{}` is not an IP address", a.get_ref()),
                    Some(span(a.span())),
                )
                .help(if a.get_ref().contains('/') {
                    "a host lists single addresses; subnets belong to zones and client groups"
                } else {
                    "write an IPv4 or IPv6 address, e.g. \"10.1.0.10\" or \"fd00:1::10\""
                }),
            );
            continue;
        };
        claim_address(
            addresses,
            addr,
            span(a.span()),
            "every host needs its own addresses",
            diags,
        );
        if let Some((z, zones)) = zone {
            check_in_zone(addr, z, zones, &span(a.span()), diags);
        }
        addrs.push(addr);
    }
    addrs
}

/// The client groups: each name once (beside the hosts'), their subnets in their zone
/// (`any`: the Internet), their roles and IPsec settings as for hosts.
fn client_groups(
    raw: &RawTopology,
    scope: &Resolved<'_>,
    endpoint_names: &mut Names,
    diags: &mut Vec<Diagnostic>,
) -> Vec<ClientGroup> {
    let Resolved {
        file,
        catalog,
        site_names,
        zoned,
        ..
    } = *scope;
    let (zones, zone_names) = (&zoned.zones, &zoned.names);
    let span = |r: std::ops::Range<usize>| Span::new(file, r);
    let role_names = catalog.role_names();
    let special = catalog.well_known;
    let mut client_groups = Vec::new();
    for g in &raw.client_group {
        endpoint_names.define(&g.name, file, diags);
        let site = site_names.lookup(&g.site, file, diags).map(SiteId);
        let zone = zone_names.lookup(&g.zone, file, diags).map(ZoneId);
        let mut nets = Vec::new();
        let mut any = false;
        if g.subnets.get_ref().is_empty() {
            diags.push(
                Diagnostic::error(
                    "no-address",
                    format!("client group `{}` has no subnets", g.name.get_ref()),
                    Some(span(g.subnets.span())),
                )
                .help("list its subnets, or subnets = [\"any\"] for Internet-based clients"),
            );
        }
        for s in g.subnets.get_ref() {
            if s.get_ref() == "any" {
                any = true;
                continue;
            }
            if let Some(net) = cidr(s, file, diags) {
                if let Some(z) = zone {
                    check_in_zone(net.network(), z, zones, &span(s.span()), diags);
                }
                nets.push(net);
            }
        }
        let subnets = if any {
            zoned.outside.union(&AddrSet::from_prefixes(nets))
        } else {
            AddrSet::from_prefixes(nets)
        };
        let declared = match &g.roles {
            Some(r) => roles(r, catalog, &role_names, file, diags),
            None => vec![special.client],
        };
        let mut extra = vec![special.any_host];
        if g.oob_managed {
            extra.push(special.amt_computer);
        }
        let all = expand(catalog, declared.into_iter().chain(extra));
        let trust = zone.and_then(|z| zones.get(z.index())).map(|z| z.trust);
        let ipsec = scope.settings_of(zone, g.ipsec.as_ref(), diags);
        client_groups.push(ClientGroup {
            name: g.name.get_ref().clone(),
            site: site.unwrap_or(SiteId(0)),
            zone: zone.unwrap_or(ZoneId(0)),
            subnets,
            roles: all,
            oob_managed: g.oob_managed,
            behind_nat: g.behind_nat.unwrap_or(trust == Some(Trust::Internet)),
            forest: scope.forest_of(g.forest.as_ref()),
            exclude_rows: exclude_rows(&g.exclude_rows, catalog, file, diags),
            ipsec,
            platform: scope.platform_of(&g.platform, diags),
            span: span(g.name.span()),
        });
    }
    client_groups
}

/// The gateways (their addresses apart from every host's) and the WAN links between
/// gateways of two sites.
fn gateways(
    raw: &RawTopology,
    scope: &Resolved<'_>,
    addresses: &mut HashMap<IpAddr, Span>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Gateway>, Vec<WanLink>) {
    let Resolved {
        file,
        site_names,
        zoned,
        ..
    } = *scope;
    let (zones, zone_names) = (&zoned.zones, &zoned.names);
    let span = |r: std::ops::Range<usize>| Span::new(file, r);
    let mut gw_names = Names::new("gateway");
    let mut gateways = Vec::new();
    let address = |a: &Spanned<String>, diags: &mut Vec<Diagnostic>| -> Option<IpAddr> {
        let parsed = a.get_ref().trim().parse::<IpAddr>().ok();
        if parsed.is_none() {
            diags.push(
                Diagnostic::error(
                    "bad-address",
                    format!("`{}` is not an IP address", a.get_ref()),
                    Some(span(a.span())),
                )
                .help("write an IPv4 or IPv6 address, e.g. \"10.1.0.1\" or \"198.51.100.1\""),
            );
        }
        parsed
    };
    for g in &raw.gateway {
        gw_names.define(&g.name, file, diags);
        let site = site_names.lookup(&g.site, file, diags).map(SiteId);
        let zone = zone_names.lookup(&g.zone, file, diags).map(ZoneId);
        let inside = address(&g.inside, diags);
        let wan = address(&g.wan, diags);
        for (a, raw_a) in [(inside, &g.inside), (wan, &g.wan)] {
            let Some(addr) = a else { continue };
            claim_address(
                addresses,
                addr,
                span(raw_a.span()),
                "every host and gateway needs its own addresses",
                diags,
            );
        }
        if let (Some(addr), Some(z)) = (inside, zone) {
            check_in_zone(addr, z, zones, &span(g.inside.span()), diags);
        }
        if let (Some(site), Some(zone), Some(inside), Some(wan)) = (site, zone, inside, wan) {
            gateways.push(Gateway {
                name: g.name.get_ref().clone(),
                site,
                zone,
                inside,
                wan,
                ipsec: scope.settings_of(Some(zone), None, diags),
                span: span(g.name.span()),
            });
        }
    }
    let mut wan_links = Vec::new();
    for l in &raw.wan_link {
        let ids: Vec<GatewayId> = l
            .gateways
            .get_ref()
            .iter()
            .filter_map(|g| gw_names.lookup(g, file, diags).map(GatewayId))
            .collect();
        if l.gateways.get_ref().len() != 2 {
            diags.push(
                Diagnostic::error(
                    "wan-link-ends",
                    "a WAN link joins exactly two gateways",
                    Some(span(l.gateways.span())),
                )
                .help("name the gateway at each end, e.g. gateways = [\"CEN-GW\", \"NYC-GW\"]"),
            );
            continue;
        }
        if let [a, b] = ids[..] {
            let same_site = gateways
                .get(a.index())
                .zip(gateways.get(b.index()))
                .is_some_and(|(x, y)| x.site == y.site);
            if a == b || same_site {
                diags.push(
                    Diagnostic::error(
                        "wan-link-ends",
                        "a WAN link joins the gateways of two different sites",
                        Some(span(l.gateways.span())),
                    )
                    .help("name one gateway of each site the link joins"),
                );
            } else {
                wan_links.push(WanLink {
                    gateways: [a, b],
                    span: span(l.gateways.span()),
                });
            }
        }
    }
    (gateways, wan_links)
}

fn mode(m: &Spanned<String>, file: FileId, diags: &mut Vec<Diagnostic>) -> Option<SecurityMode> {
    match m.get_ref().as_str() {
        "mixed" => Some(SecurityMode::Mixed),
        "native" => Some(SecurityMode::Native),
        other => {
            diags.push(
                Diagnostic::error(
                    "bad-value",
                    format!("`{other}` is not a site security mode"),
                    Some(Span::new(file, m.span())),
                )
                .help(suggest(other, "security mode", ["mixed", "native"])),
            );
            None
        }
    }
}

/// One of a firewall's rules of record, or `None` (with a diagnostic) when it is wrong.
fn record_rule(
    raw: &Spanned<crate::topology::raw::RawFirewallRule>,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Option<crate::topology::RecordRule> {
    use crate::net::{AddrSet, PortRange, PortSet, Protocol};
    let r = raw.get_ref();
    let at = |s: std::ops::Range<usize>| Span::new(file, s);
    let before = diags.len();
    let allow = match r.action.get_ref().as_str() {
        "allow" => true,
        "deny" => false,
        other => {
            diags.push(
                Diagnostic::error(
                    "bad-value",
                    format!("unknown firewall action `{other}`"),
                    Some(at(r.action.span())),
                )
                .help("use \"allow\" or \"deny\""),
            );
            false
        }
    };
    let protocol = match r.protocol.get_ref().as_str() {
        "tcp" => Protocol::Tcp,
        "udp" => Protocol::Udp,
        "icmp" => Protocol::Icmp,
        "esp" => Protocol::Esp,
        "any" => Protocol::Any,
        other => {
            diags.push(
                Diagnostic::error(
                    "bad-protocol",
                    format!("unknown protocol `{other}`"),
                    Some(at(r.protocol.span())),
                )
                .help("use tcp, udp, icmp, esp or any"),
            );
            Protocol::Any
        }
    };
    let ports = match &r.ports {
        None if protocol.has_ports() => PortSet::any(),
        None => PortSet::none(),
        Some(p) if !protocol.has_ports() => {
            diags.push(
                Diagnostic::error(
                    "bad-value",
                    format!("protocol `{}` has no ports", r.protocol.get_ref()),
                    Some(at(p.span())),
                )
                .help("leave `ports` out, or use tcp or udp"),
            );
            PortSet::none()
        }
        Some(p) => {
            let parsed: Result<Vec<PortRange>, _> = p
                .get_ref()
                .split(',')
                .map(|x| x.trim().parse::<PortRange>())
                .collect();
            match parsed {
                Ok(ranges) => PortSet::from_ranges(ranges),
                Err(e) => {
                    diags.push(
                        Diagnostic::error("bad-ports", format!("`{}`: {e}", p.get_ref()), Some(at(p.span())))
                            .help("ports and ranges separated by commas, e.g. \"500, 4500\" or \"1024-65535\""),
                    );
                    PortSet::none()
                }
            }
        }
    };
    let addrs =
        |side: &Option<Spanned<Vec<Spanned<String>>>>, diags: &mut Vec<Diagnostic>| match side {
            None => AddrSet::any(),
            Some(list) if list.get_ref().iter().any(|s| s.get_ref() == "any") => AddrSet::any(),
            Some(list) => {
                AddrSet::from_prefixes(list.get_ref().iter().filter_map(|s| cidr(s, file, diags)))
            }
        };
    let source = addrs(&r.source, diags);
    let destination = addrs(&r.destination, diags);
    let before_cordon = match r
        .position
        .as_ref()
        .map(|p| (p.get_ref().as_str(), p.span()))
    {
        None | Some(("before", _)) => true,
        Some(("after", _)) => false,
        Some((other, s)) => {
            diags.push(
                Diagnostic::error("bad-value", format!("unknown position `{other}`"), Some(at(s)))
                    .help("use \"before\" (the default: the firewall evaluates it ahead of cordon's rules) or \"after\""),
            );
            true
        }
    };
    (diags.len() == before).then(|| crate::topology::RecordRule {
        allow,
        protocol,
        ports,
        source,
        destination,
        before: before_cordon,
        span: at(raw.span()),
    })
}

fn cidr(s: &Spanned<String>, file: FileId, diags: &mut Vec<Diagnostic>) -> Option<IpNet> {
    let text = s.get_ref().trim();
    let span = Span::new(file, s.span());
    match text.parse::<IpNet>() {
        Ok(net) if net.trunc() != net => {
            diags.push(
                Diagnostic::error(
                    "bad-cidr",
                    format!("`{text}` has host bits set"),
                    Some(span),
                )
                .help(format!("did you mean `{}`?", net.trunc())),
            );
            None
        }
        Ok(net) => Some(net),
        Err(_) => {
            diags.push(
                Diagnostic::error(
                    "bad-cidr",
                    format!("`{text}` is not a subnet in CIDR notation"),
                    Some(span),
                )
                .help(if text.parse::<IpAddr>().is_ok() {
                    "add the prefix length, e.g. \"10.1.0.0/16\""
                } else {
                    "write a subnet as \"10.1.0.0/16\" or \"fd00:1::/48\""
                }),
            );
            None
        }
    }
}

/// Notes that `addr`, written at `at`, is taken; an address taken before is an error that
/// points at both places (`help` says who needs their own).
fn claim_address(
    addresses: &mut HashMap<IpAddr, Span>,
    addr: IpAddr,
    at: Span,
    help: &'static str,
    diags: &mut Vec<Diagnostic>,
) {
    match addresses.get(&addr) {
        Some(first) => diags.push(
            Diagnostic::error(
                "duplicate-address",
                format!("address {addr} is used twice"),
                Some(at),
            )
            .related(first.clone(), "first used here")
            .help(help),
        ),
        None => {
            addresses.insert(addr, at);
        }
    }
}

fn check_in_zone(
    addr: IpAddr,
    zone: ZoneId,
    zones: &[Zone],
    span: &Span,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(z) = zones.get(zone.index()) else {
        return;
    };
    if z.subnets.iter().any(|n| n.contains(&addr)) {
        return;
    }
    let owner = zones
        .iter()
        .find(|o| o.subnets.iter().any(|n| n.contains(&addr)));
    if z.subnets.is_empty() && owner.is_none() {
        return; // An Internet zone without subnets holds every address no other zone holds.
    }
    let mut d = Diagnostic::error(
        "address-outside-zone",
        format!("{addr} is not in a subnet of zone `{}`", z.name),
        Some(span.clone()),
    )
    .related(z.span.clone(), "zone defined here");
    d = match owner {
        Some(o) => d.help(format!(
            "{addr} lies in zone `{}`: set zone = \"{}\", or fix the address",
            o.name, o.name
        )),
        None => d.help(format!(
            "add its subnet to zone `{}` (subnets: {}), or fix the address",
            z.name,
            if z.subnets.is_empty() {
                "none".to_string()
            } else {
                z.subnets
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        )),
    };
    diags.push(d);
}

fn check_zone_overlaps(
    zones: &[Zone],
    raw: &RawTopology,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) {
    let mut all: Vec<(IpNet, usize, Span)> = Vec::new();
    for (zi, z) in raw.zone.iter().enumerate() {
        for s in &z.subnets {
            if let Ok(net) = s.get_ref().trim().parse::<IpNet>() {
                all.push((net.trunc(), zi, Span::new(file, s.span())));
            }
        }
    }
    for (i, (a, za, sa)) in all.iter().enumerate() {
        for (b, zb, sb) in all.iter().skip(i + 1) {
            if za != zb && (a.contains(b) || b.contains(a)) {
                let (na, nb) = (
                    zones.get(*za).map_or("?", |z| z.name.as_str()),
                    zones.get(*zb).map_or("?", |z| z.name.as_str()),
                );
                diags.push(
                    Diagnostic::error("overlapping-zones", format!("subnet {b} of zone `{nb}` overlaps {a} of zone `{na}`"), Some(sb.clone()))
                        .related(sa.clone(), format!("{a} in zone `{na}`"))
                        .help("every address must belong to one zone; split the subnets so they do not overlap"),
                );
            }
        }
    }
}

fn check_site_tree(sites: &[Site], raw: &RawTopology, file: FileId, diags: &mut Vec<Diagnostic>) {
    let mut centrals = Vec::new();
    for (i, (s, r)) in sites.iter().zip(&raw.site).enumerate() {
        let here = Span::new(file, r.code.span());
        match (s.kind, s.parent) {
            (SiteKind::Central, Some(_)) => diags.push(
                Diagnostic::error("central-parent", format!("central site `{}` has a parent", s.code), Some(here.clone()))
                    .help("the central site is the top of the hierarchy: remove parent, or make the site a primary"),
            ),
            (SiteKind::Central, None) => centrals.push(here.clone()),
            (SiteKind::Secondary, None) if r.parent.is_none() => diags.push(
                Diagnostic::error("secondary-without-parent", format!("secondary site `{}` has no parent", s.code), Some(here.clone()))
                    .help("a secondary site reports to a primary site: add parent = \"CODE\""),
            ),
            _ => {}
        }
        if let Some(p) = s.parent.and_then(|p| sites.get(p.index()))
            && p.kind == SiteKind::Secondary
        {
            diags.push(
                Diagnostic::error(
                    "secondary-parent",
                    format!(
                        "site `{}` has the secondary site `{}` as parent",
                        s.code, p.code
                    ),
                    Some(here.clone()),
                )
                .related(p.span.clone(), "secondary site defined here")
                .help("only central and primary sites can have child sites"),
            );
        }
        // Walk up; a cycle returns to this site within `sites.len()` steps.
        let mut cur = s.parent;
        let mut steps = 0;
        while let Some(p) = cur {
            if p.index() == i {
                diags.push(
                    Diagnostic::error(
                        "site-cycle",
                        format!("site `{}` is its own ancestor", s.code),
                        Some(here.clone()),
                    )
                    .help("parent links must form a tree: break the cycle by changing one parent"),
                );
                break;
            }
            steps += 1;
            if steps > sites.len() {
                break;
            }
            cur = sites.get(p.index()).and_then(|x| x.parent);
        }
    }
    if let [_, rest @ ..] = centrals.as_slice() {
        for extra in rest {
            diags.push(
                Diagnostic::error(
                    "two-centrals",
                    "a hierarchy has one central site",
                    Some(extra.clone()),
                )
                .help("make this site a primary with the central site as its parent"),
            );
        }
    }
}

fn roles(
    list: &[Spanned<String>],
    catalog: &Catalog,
    names: &[&str],
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Vec<RoleId> {
    let mut out = Vec::new();
    for r in list {
        match catalog.role(r.get_ref()) {
            Some(id) if out.contains(&id) => diags.push(
                Diagnostic::error(
                    "duplicate-role",
                    format!("role `{}` is listed twice", r.get_ref()),
                    Some(Span::new(file, r.span())),
                )
                .help("list each role once"),
            ),
            Some(id) => out.push(id),
            None => diags.push(
                Diagnostic::error(
                    "unknown-role",
                    format!("unknown role `{}`", r.get_ref()),
                    Some(Span::new(file, r.span())),
                )
                .label(format!("not a role of catalog `{}`", catalog.name))
                .help(suggest(r.get_ref(), "role", names.iter().copied())),
            ),
        }
    }
    out
}

fn expand(catalog: &Catalog, roles: impl IntoIterator<Item = RoleId>) -> Vec<RoleId> {
    let set: BTreeSet<RoleId> = roles
        .into_iter()
        .flat_map(|r| catalog.with_ancestors(r))
        .collect();
    set.into_iter().collect()
}

/// Roles that only make sense inside a site: some row pairs them by site.
fn site_bound_roles(catalog: &Catalog) -> BTreeSet<RoleId> {
    catalog
        .rows
        .iter()
        .filter(|r| {
            matches!(
                r.scope,
                Scope::SameSite | Scope::ParentChild | Scope::AssignedSite
            )
        })
        .flat_map(|r| [r.from, r.to])
        .filter(|r| catalog.role_name(*r) != "any_host")
        .collect()
}

fn exclude_rows(
    list: &[Spanned<String>],
    catalog: &Catalog,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let mut out = Vec::new();
    for id in list {
        match catalog.rows.iter().position(|r| &r.id == id.get_ref()) {
            Some(i) => out.push(i),
            None => diags.push(
                Diagnostic::error(
                    "unknown-row",
                    format!("there is no catalog row `{}`", id.get_ref()),
                    Some(Span::new(file, id.span())),
                )
                .help(suggest(
                    id.get_ref(),
                    "catalog row",
                    catalog.rows.iter().map(|r| r.id.as_str()),
                )),
            ),
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}
