//! The catalog: which role talks to which, on what protocol and ports, along which of the
//! seed's paths, and between which hosts (`scope`). Data, not code.
//!
//! Takes the built-in `configmgr-2007` file (embedded in the binary) and an optional user
//! overlay that adds rows, replaces rows by `id`, or disables rows; returns a validated
//! [`Catalog`] or every problem found as diagnostics. Knows nothing of any topology.

pub mod raw;

use std::collections::HashMap;

use toml::Spanned;

use crate::diag::{Diagnostic, Diagnostics, suggest};
use crate::net::{PortRange, Protocol};
use crate::source::{FileId, SourceMap, Span};
use raw::{RawCatalog, RawFlow};

/// The name of the built-in catalog.
pub const BUILTIN_NAME: &str = "configmgr-2007";

/// The text of the built-in catalog, copied from `shared/reference/cm2007-ports.toml`.
pub const BUILTIN_TEXT: &str = include_str!("../../catalog/configmgr-2007.toml");

/// What every Windows domain member does with its domain controllers (KB 832017),
/// composed with the product catalog by default.
pub const DOMAIN_TEXT: &str = include_str!("../../catalog/windows-domain.toml");

/// Its name in diagnostics.
pub const DOMAIN_FILE: &str = "catalog/windows-domain.toml (built in)";

/// The file name diagnostics show for the built-in catalog.
pub const BUILTIN_FILE: &str = "catalog/configmgr-2007.toml (built in)";

/// One of the seed's communication paths, plus the two the catalog adds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Path {
    /// Clients (and admin consoles) to the site systems that serve them.
    ClientToSiteSystem,
    /// Directory, name and Internet services the hierarchy depends on.
    Infrastructure,
    /// Intel AMT out-of-band management, never under IPsec.
    OutOfBand,
    /// Site server to the site systems of its site.
    SiteServerToSiteSystem,
    /// Parent and child sites.
    SiteToSite,
}

impl Path {
    /// Every path, in the order the seed names them, then the catalog's own.
    pub const ALL: [Path; 5] = [
        Path::SiteToSite,
        Path::SiteServerToSiteSystem,
        Path::ClientToSiteSystem,
        Path::Infrastructure,
        Path::OutOfBand,
    ];

    /// The catalog's name for the path.
    pub fn name(self) -> &'static str {
        match self {
            Path::ClientToSiteSystem => "client_to_site_system",
            Path::Infrastructure => "infrastructure",
            Path::OutOfBand => "out_of_band",
            Path::SiteServerToSiteSystem => "site_server_to_site_system",
            Path::SiteToSite => "site_to_site",
        }
    }

    /// The path with this catalog name.
    pub fn from_name(name: &str) -> Option<Path> {
        Path::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// Which hosts of the row's two roles are paired into flows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Any two hosts of the roles, found by locality (see `traffic`).
    Any,
    /// A client and the site systems of its assigned site.
    AssignedSite,
    /// A host and a host outside the organisation (role `internet`).
    External,
    /// One instance serves the whole hierarchy.
    Hierarchy,
    /// Hosts in a parent site and its child site.
    ParentChild,
    /// Both hosts in one site.
    SameSite,
}

impl Scope {
    const ALL: [Scope; 6] = [
        Scope::Any,
        Scope::AssignedSite,
        Scope::External,
        Scope::Hierarchy,
        Scope::ParentChild,
        Scope::SameSite,
    ];

    /// The catalog's name for the scope.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Any => "any",
            Scope::AssignedSite => "assigned_site",
            Scope::External => "external",
            Scope::Hierarchy => "hierarchy",
            Scope::ParentChild => "parent_child",
            Scope::SameSite => "same_site",
        }
    }
}

/// Site security mode in which a row applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ModeFilter {
    /// Both modes.
    Any,
    /// Only sites in mixed mode (HTTP to MP, DP, SMP).
    Mixed,
    /// Only sites in native mode (HTTPS).
    Native,
}

/// A role, by its index in [`Catalog::roles`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RoleId(pub u16);

/// A role hosts can hold.
#[derive(Clone, Debug)]
pub struct Role {
    /// The catalog name, e.g. `management_point`.
    pub name: String,
    /// What the role is.
    pub description: String,
    /// A more general role this one also counts as.
    pub is_a: Option<RoleId>,
}

/// One row of the catalog: a connection between two roles.
#[derive(Clone, Debug)]
pub struct CatalogRow {
    /// Stable id, cited by every flow it produces.
    pub id: String,
    /// The role that opens the connection.
    pub from: RoleId,
    /// The role that accepts it.
    pub to: RoleId,
    /// The protocol.
    pub protocol: Protocol,
    /// Destination ports; with `alternatives`, exactly one of them is used.
    pub ports: Vec<PortRange>,
    /// Whether `ports` lists mutually exclusive defaults.
    pub alternatives: bool,
    /// Whether `ports` is an RPC dynamic range (replaced by the host's RPC setting).
    pub rpc_dynamic: bool,
    /// Application protocol, e.g. `SMB`.
    pub service: String,
    /// The communication path.
    pub path: Path,
    /// Which hosts are paired.
    pub scope: Scope,
    /// Either end may open the connection.
    pub bidirectional: bool,
    /// The site security mode in which the row applies.
    pub mode: ModeFilter,
    /// Why IPsec cannot protect the flow, when it cannot.
    pub exempt: Option<String>,
    /// Whether a readable source confirms the row.
    pub certain: bool,
    /// Short facts about the row.
    pub note: String,
    /// Where the row is defined.
    pub span: Span,
}

/// Roles cordon gives meaning to beyond the catalog rows. They are built-in roles, and an
/// overlay can add or redefine roles but never remove one, so every catalog has them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WellKnown {
    /// Every host and client group (infrastructure rows every computer needs).
    pub any_host: RoleId,
    /// The Configuration Manager client (client groups, and hosts with the agent).
    pub client: RoleId,
    /// A domain controller.
    pub domain_controller: RoleId,
    /// The Intel AMT controller of an out-of-band managed computer.
    pub amt_computer: RoleId,
    /// A service outside the organisation.
    pub internet: RoleId,
    /// A Windows Mobile device client.
    pub mobile_device_client: RoleId,
}

/// A validated catalog: roles and rows, in file order (overlay rows replace in place or
/// are appended).
#[derive(Clone, Debug)]
pub struct Catalog {
    /// The catalog's name.
    pub name: String,
    /// Every role.
    pub roles: Vec<Role>,
    role_index: HashMap<String, RoleId>,
    /// Every row.
    pub rows: Vec<CatalogRow>,
    /// The roles cordon itself gives meaning to.
    pub well_known: WellKnown,
}

impl Catalog {
    /// The role with this name.
    pub fn role(&self, name: &str) -> Option<RoleId> {
        self.role_index.get(name).copied()
    }

    /// The name of a role.
    pub fn role_name(&self, id: RoleId) -> &str {
        self.roles
            .get(usize::from(id.0))
            .map_or("?", |r| r.name.as_str())
    }

    /// Every role name, sorted, for suggestions.
    pub fn role_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.roles.iter().map(|r| r.name.as_str()).collect();
        names.sort_unstable();
        names
    }

    /// The role and every role it counts as, following `is_a`.
    pub fn with_ancestors(&self, id: RoleId) -> Vec<RoleId> {
        let mut out = vec![id];
        let mut cur = id;
        while let Some(parent) = self.roles.get(usize::from(cur.0)).and_then(|r| r.is_a) {
            if out.contains(&parent) {
                break;
            }
            out.push(parent);
            cur = parent;
        }
        out
    }
}

/// Loads the built-in catalog, then the overlay (a file id already in `sources`), if any.
pub fn load(sources: &mut SourceMap, overlay: Option<FileId>) -> Result<Catalog, Diagnostics> {
    let builtin = sources.add(BUILTIN_FILE, BUILTIN_TEXT);
    let domain = sources.add(DOMAIN_FILE, DOMAIN_TEXT);
    let mut diags = Vec::new();
    let base = parse(sources, builtin, &mut diags);
    let members = parse(sources, domain, &mut diags);
    let over = overlay.and_then(|id| parse(sources, id, &mut diags).map(|raw| (id, raw)));
    let mut diags = Diagnostics(diags);
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    let Some(base) = base else {
        return Err(diags);
    };
    let mut builder = Builder::default();
    builder.add(builtin, base, false);
    // Composed as an overlay: rows added, the product catalog's name kept.
    if let Some(raw) = members {
        builder.add(domain, raw, true);
    }
    if let Some((id, raw)) = over {
        builder.add(id, raw, true);
    }
    builder.finish()
}

fn parse(sources: &SourceMap, id: FileId, diags: &mut Vec<Diagnostic>) -> Option<RawCatalog> {
    let text = sources.file(id).map_or("", |f| f.text.as_str());
    match toml::from_str::<RawCatalog>(text) {
        Ok(raw) => Some(raw),
        Err(e) => {
            diags.push(crate::toml_input::toml_error(&e, id));
            None
        }
    }
}

#[derive(Default)]
struct Builder {
    name: String,
    roles: Vec<Role>,
    role_index: HashMap<String, RoleId>,
    role_parents: Vec<Option<Spanned<String>>>,
    role_files: Vec<FileId>,
    rows: Vec<(FileId, RawFlow)>,
    row_index: HashMap<String, usize>,
    disabled: Vec<(FileId, Spanned<String>)>,
    diags: Vec<Diagnostic>,
}

impl Builder {
    fn add(&mut self, file: FileId, raw: RawCatalog, overlay: bool) {
        if let Some(name) = &raw.catalog {
            if !overlay {
                self.name = name.get_ref().clone();
            }
        } else if !overlay {
            self.name = BUILTIN_NAME.to_string();
        }
        if let Some(v) = &raw.schema_version
            && *v.get_ref() != 1
        {
            self.diags.push(
                Diagnostic::error(
                    "catalog-schema",
                    format!("catalog schema version {} is not supported", v.get_ref()),
                    Some(Span::new(file, v.span())),
                )
                .help("this cordon reads catalog schema_version = 1"),
            );
        }
        for role in raw.role {
            let name = role.name.get_ref().clone();
            if let Some(&id) = self.role_index.get(&name) {
                // An overlay may redefine a role's description or parent.
                if let Some(r) = self.roles.get_mut(usize::from(id.0)) {
                    r.description = role.description;
                }
                if let Some(slot) = self.role_parents.get_mut(usize::from(id.0)) {
                    *slot = role.is_a;
                }
                continue;
            }
            let id = RoleId(u16::try_from(self.roles.len()).unwrap_or(u16::MAX));
            self.role_index.insert(name.clone(), id);
            self.roles.push(Role {
                name,
                description: role.description,
                is_a: None,
            });
            self.role_parents.push(role.is_a);
            self.role_files.push(file);
        }
        for name in raw.disable {
            self.disabled.push((file, name));
        }
        for flow in raw.flow {
            let id = flow.id.get_ref().clone();
            match self.row_index.get(&id) {
                Some(&i) if overlay && self.rows.get(i).is_some_and(|(f, _)| *f != file) => {
                    if let Some(slot) = self.rows.get_mut(i) {
                        *slot = (file, flow);
                    }
                }
                Some(&i) => {
                    let first = self.rows.get(i).map(|(f, r)| Span::new(*f, r.id.span()));
                    let mut d = Diagnostic::error(
                        "duplicate-row",
                        format!("catalog row `{id}` is defined twice"),
                        Some(Span::new(file, flow.id.span())),
                    )
                    .label("second definition")
                    .help("give the row a new id, or remove one of the two");
                    if let Some(first) = first {
                        d = d.related(first, "first defined here");
                    }
                    self.diags.push(d);
                }
                None => {
                    self.row_index.insert(id, self.rows.len());
                    self.rows.push((file, flow));
                }
            }
        }
    }

    fn finish(mut self) -> Result<Catalog, Diagnostics> {
        let names: Vec<String> = self.roles.iter().map(|r| r.name.clone()).collect();
        let mut sorted_names: Vec<&str> = names.iter().map(String::as_str).collect();
        sorted_names.sort_unstable();
        for (i, parent) in self.role_parents.iter().enumerate() {
            let Some(parent) = parent else { continue };
            let Some(&file) = self.role_files.get(i) else {
                continue;
            };
            match self.role_index.get(parent.get_ref()) {
                Some(&p) => {
                    if let Some(r) = self.roles.get_mut(i) {
                        r.is_a = Some(p);
                    }
                }
                None => self.diags.push(unknown_role(parent, file, &sorted_names)),
            }
        }
        let mut disabled = std::collections::BTreeSet::new();
        for (file, name) in &self.disabled {
            if self.row_index.contains_key(name.get_ref()) {
                disabled.insert(name.get_ref().clone());
            } else {
                let ids: Vec<&str> = self.row_index.keys().map(String::as_str).collect();
                self.diags.push(
                    Diagnostic::error(
                        "unknown-row",
                        format!("there is no catalog row `{}` to disable", name.get_ref()),
                        Some(Span::new(*file, name.span())),
                    )
                    .help(suggest(name.get_ref(), "catalog row", ids)),
                );
            }
        }
        let raw_rows = std::mem::take(&mut self.rows);
        let mut rows = Vec::with_capacity(raw_rows.len());
        for (file, raw) in &raw_rows {
            if disabled.contains(raw.id.get_ref()) {
                continue;
            }
            if let Some(row) = self.row(*file, raw, &sorted_names) {
                rows.push(row);
            }
        }
        let id = |name: &str| {
            self.role_index
                .get(name)
                .copied()
                .unwrap_or(RoleId(u16::MAX))
        };
        let well_known = WellKnown {
            any_host: id("any_host"),
            client: id("client"),
            domain_controller: id("domain_controller"),
            amt_computer: id("amt_computer"),
            internet: id("internet"),
            mobile_device_client: id("mobile_device_client"),
        };
        let mut diags = Diagnostics(std::mem::take(&mut self.diags));
        if diags.has_errors() {
            diags.sort();
            return Err(diags);
        }
        Ok(Catalog {
            name: self.name,
            roles: self.roles,
            role_index: self.role_index,
            rows,
            well_known,
        })
    }

    fn row(&mut self, file: FileId, raw: &RawFlow, roles: &[&str]) -> Option<CatalogRow> {
        let span = |s: std::ops::Range<usize>| Span::new(file, s);
        let before = self.diags.len();
        let from = self.role_index.get(raw.from.get_ref()).copied();
        if from.is_none() {
            self.diags.push(unknown_role(&raw.from, file, roles));
        }
        let to = self.role_index.get(raw.to.get_ref()).copied();
        if to.is_none() {
            self.diags.push(unknown_role(&raw.to, file, roles));
        }
        let protocol = match raw.protocol.get_ref().as_str() {
            "tcp" => Some(Protocol::Tcp),
            "udp" => Some(Protocol::Udp),
            "icmp" => Some(Protocol::Icmp),
            other => {
                self.diags.push(
                    Diagnostic::error(
                        "bad-protocol",
                        format!("unknown protocol `{other}`"),
                        Some(span(raw.protocol.span())),
                    )
                    .help(suggest(other, "protocol", ["tcp", "udp", "icmp"])),
                );
                None
            }
        };
        let mut ports = Vec::new();
        for p in raw.ports.get_ref() {
            match p.get_ref().to_range() {
                Ok(r) => ports.push(r),
                Err(e) => self.diags.push(
                    Diagnostic::error("bad-port", e.to_string(), Some(span(p.span())))
                        .help("write a port as 445, or a range as \"49152-65535\""),
                ),
            }
        }
        if let Some(proto) = protocol {
            if proto.has_ports() && raw.ports.get_ref().is_empty() {
                self.diags.push(
                    Diagnostic::error(
                        "missing-ports",
                        format!("a {proto} row needs at least one port"),
                        Some(span(raw.ports.span())),
                    )
                    .help("list the destination ports, e.g. ports = [445]"),
                );
            } else if !proto.has_ports() && !raw.ports.get_ref().is_empty() {
                self.diags.push(
                    Diagnostic::error(
                        "unexpected-ports",
                        format!("{proto} has no ports"),
                        Some(span(raw.ports.span())),
                    )
                    .help("use ports = [] and list the ICMP types in icmp_types"),
                );
            }
        }
        let path = Path::from_name(raw.path.get_ref());
        if path.is_none() {
            let names = Path::ALL.map(Path::name);
            self.diags.push(
                Diagnostic::error(
                    "bad-path",
                    format!("unknown path `{}`", raw.path.get_ref()),
                    Some(span(raw.path.span())),
                )
                .help(suggest(raw.path.get_ref(), "path", names)),
            );
        }
        let scope = Scope::ALL
            .into_iter()
            .find(|s| s.name() == raw.scope.get_ref());
        if scope.is_none() {
            self.diags.push(
                Diagnostic::error(
                    "bad-scope",
                    format!("unknown scope `{}`", raw.scope.get_ref()),
                    Some(span(raw.scope.span())),
                )
                .help(suggest(
                    raw.scope.get_ref(),
                    "scope",
                    Scope::ALL.map(Scope::name),
                )),
            );
        }
        let mode = match raw.mode.as_ref().map(|m| m.get_ref().as_str()) {
            None | Some("any") => Some(ModeFilter::Any),
            Some("mixed") => Some(ModeFilter::Mixed),
            Some("native") => Some(ModeFilter::Native),
            Some(other) => {
                self.diags.push(
                    Diagnostic::error(
                        "bad-mode",
                        format!("unknown site mode `{other}`"),
                        raw.mode.as_ref().map(|m| span(m.span())),
                    )
                    .help(suggest(other, "mode", ["any", "mixed", "native"])),
                );
                None
            }
        };
        let exempt = match &raw.ipsec {
            None => None,
            Some(v) if v.get_ref() == "exempt" => Some(
                raw.ipsec_reason
                    .clone()
                    .unwrap_or_else(|| "the catalog marks this flow exempt from IPsec".to_string()),
            ),
            Some(v) => {
                self.diags.push(
                    Diagnostic::error(
                        "bad-ipsec",
                        format!("unknown ipsec value `{}`", v.get_ref()),
                        Some(span(v.span())),
                    )
                    .help("the only value is ipsec = \"exempt\"; leave it out for flows IPsec can protect"),
                );
                None
            }
        };
        if self.diags.len() > before {
            return None;
        }
        Some(CatalogRow {
            id: raw.id.get_ref().clone(),
            from: from?,
            to: to?,
            protocol: protocol?,
            ports,
            alternatives: raw.alternatives,
            rpc_dynamic: raw.dynamic && raw.service == "RPC dynamic",
            service: raw.service.clone(),
            path: path?,
            scope: scope?,
            bidirectional: raw.bidirectional,
            mode: mode?,
            exempt,
            certain: raw.certain.unwrap_or(true),
            note: raw.note.clone(),
            span: span(raw.id.span()),
        })
    }
}

fn unknown_role(name: &Spanned<String>, file: FileId, roles: &[&str]) -> Diagnostic {
    Diagnostic::error(
        "unknown-role",
        format!("unknown role `{}`", name.get_ref()),
        Some(Span::new(file, name.span())),
    )
    .label("not a role of the catalog")
    .help(suggest(name.get_ref(), "role", roles.iter().copied()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn rows_by_id(catalog: &Catalog) -> BTreeMap<&str, &CatalogRow> {
        catalog.rows.iter().map(|r| (r.id.as_str(), r)).collect()
    }

    #[test]
    fn builtin_catalog_loads_all_168_rows_and_33_roles() {
        let mut sources = SourceMap::new();
        let cat = load(&mut sources, None).unwrap();
        assert_eq!(cat.name, "configmgr-2007");
        // 168 product rows and the 8 of every domain member (windows-domain).
        assert_eq!(cat.rows.len(), 168 + 8);
        assert_eq!(cat.roles.len(), 33);
        let rows = rows_by_id(&cat);
        let dyn_row = rows["ss-mp-rpc-dyn"];
        assert!(dyn_row.rpc_dynamic && dyn_row.bidirectional);
        assert_eq!(dyn_row.path, Path::SiteServerToSiteSystem);
        assert!(rows["oobsp-amt-tls"].exempt.is_some());
        assert_eq!(rows.values().filter(|r| r.exempt.is_some()).count(), 17);
        assert_eq!(rows.values().filter(|r| !r.certain).count(), 63);
        let secondary = cat.role("secondary_site_server").unwrap();
        let names: Vec<&str> = cat
            .with_ancestors(secondary)
            .into_iter()
            .map(|r| cat.role_name(r))
            .collect();
        assert_eq!(names, ["secondary_site_server", "site_server"]);
    }

    #[test]
    fn overlay_replaces_adds_and_disables_rows() {
        let mut sources = SourceMap::new();
        let overlay = sources.add(
            "mine.toml",
            r#"disable = ["s2s-pptp"]
[[flow]]
id = "ss-db-sql"
from = "site_server"
to = "site_database_server"
protocol = "tcp"
ports = [14330]
service = "SQL over TCP"
path = "site_server_to_site_system"
scope = "same_site"

[[flow]]
id = "local-backup"
from = "site_server"
to = "file_server"
protocol = "tcp"
ports = ["10000-10010"]
service = "Backup agent"
path = "infrastructure"
scope = "any"
"#,
        );
        let cat = load(&mut sources, Some(overlay)).unwrap();
        let rows = rows_by_id(&cat);
        assert_eq!(cat.rows.len(), 168 + 8);
        assert!(!rows.contains_key("s2s-pptp"));
        assert_eq!(rows["ss-db-sql"].ports, vec![PortRange::single(14330)]);
        assert_eq!(
            rows["local-backup"].ports,
            vec![PortRange::new(10000, 10010).unwrap()]
        );
    }

    #[test]
    fn overlay_errors_point_into_the_overlay() {
        let mut sources = SourceMap::new();
        let overlay = sources.add(
            "mine.toml",
            "[[flow]]\nid = \"x\"\nfrom = \"site_sever\"\nto = \"client\"\nprotocol = \"tcp\"\nports = [\"99999\"]\nservice = \"x\"\npath = \"infrastructure\"\nscope = \"any\"\n",
        );
        let err = load(&mut sources, Some(overlay)).unwrap_err();
        let codes: Vec<&str> = err.0.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["unknown-role", "bad-port"]);
        assert_eq!(
            err.0[0].help.as_deref(),
            Some("did you mean `site_server`?")
        );
        assert_eq!(
            sources.locate(err.0[0].span.as_ref().unwrap()),
            "mine.toml:3:8"
        );
    }
}
