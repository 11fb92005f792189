//! IPsec settings: the hierarchy's defaults and the zone, host and client-group overrides
//! merged over them, parsed from the words the topology file uses.

use toml::Spanned;

use super::CaId;
use super::raw::RawIpsec;
use crate::diag::{Diagnostic, suggest};
use crate::net::{PortRange, PortSet};
use crate::source::{FileId, Span};

/// How the protect rules are shaped (the seed's Scenario 1b, or one rule per peer group).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Design {
    /// "Any <-> subnet": one filter from any address to the host's subnet.
    AnyToSubnet,
    /// Filters per peer addresses, protocol and ports, from the traffic map.
    HostToHost,
}

/// The filter action of a protect rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// Negotiate security, fall back to the clear when the peer does not answer.
    Request,
    /// "Do not allow unsecured communication".
    Require,
}

/// An IKE authentication method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AuthMethod {
    /// A computer certificate issued by this CA.
    Certificate(CaId),
    /// Kerberos v5 (both ends in trusting domains).
    Kerberos,
}

/// Whether ICMP is carried outside IPsec.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IcmpPolicy {
    /// ICMP is permitted in the clear (diagnostics keep working).
    Exempt,
    /// ICMP is protected like everything else.
    Protect,
}

/// How traffic with domain controllers is treated (the seed points to the DC caveats).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DcPolicy {
    /// Traffic with domain controllers is permitted in the clear.
    Exempt,
    /// Domain controllers negotiate IPsec like every other host.
    Protect,
}

/// The RPC dynamic port range of a host (the destination of "RPC dynamic" rows).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RpcDynamic {
    /// The catalog's OS defaults: 1025-5000 and 49152-65535.
    OsDefault,
    /// A restricted range (rpccfg or the RPC\Internet registry key).
    Restricted(PortSet),
}

/// A symmetric cipher.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cipher {
    /// AES-128 in CBC mode.
    Aes128Cbc,
    /// AES-128 in GCM mode with a 16-byte ICV.
    Aes128Gcm,
    /// AES-256 in CBC mode.
    Aes256Cbc,
    /// AES-256 in GCM mode with a 16-byte ICV.
    Aes256Gcm,
    /// Single DES (broken).
    Des,
    /// Triple DES (the seed's 2008 recommendation; weak today).
    TripleDes,
}

impl Cipher {
    /// The words of the topology file (and of `reference/platforms.toml`).
    pub const WORDS: [(&'static str, Cipher); 6] = [
        ("aes128", Cipher::Aes128Cbc),
        ("aes128gcm16", Cipher::Aes128Gcm),
        ("aes256", Cipher::Aes256Cbc),
        ("aes256gcm16", Cipher::Aes256Gcm),
        ("des", Cipher::Des),
        ("3des", Cipher::TripleDes),
    ];

    /// The strongSwan keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            Cipher::Aes128Cbc => "aes128",
            Cipher::Aes128Gcm => "aes128gcm16",
            Cipher::Aes256Cbc => "aes256",
            Cipher::Aes256Gcm => "aes256gcm16",
            Cipher::Des => "des",
            Cipher::TripleDes => "3des",
        }
    }

    /// Relative strength, weakest first: DES, 3DES, AES-128 CBC, AES-128 GCM, AES-256
    /// CBC, AES-256 GCM.
    pub fn strength(self) -> u8 {
        match self {
            Cipher::Des => 0,
            Cipher::TripleDes => 1,
            Cipher::Aes128Cbc => 2,
            Cipher::Aes128Gcm => 3,
            Cipher::Aes256Cbc => 4,
            Cipher::Aes256Gcm => 5,
        }
    }

    /// Whether the cipher authenticates by itself (no separate integrity algorithm).
    pub fn is_aead(self) -> bool {
        match self {
            Cipher::Aes128Gcm | Cipher::Aes256Gcm => true,
            Cipher::Aes128Cbc | Cipher::Aes256Cbc | Cipher::Des | Cipher::TripleDes => false,
        }
    }
}

/// An integrity (hash) algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Integrity {
    /// MD5 (broken).
    Md5,
    /// SHA-1 (weak).
    Sha1,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
}

impl Integrity {
    /// The words of the topology file (and of `reference/platforms.toml`).
    pub const WORDS: [(&'static str, Integrity); 4] = [
        ("md5", Integrity::Md5),
        ("sha1", Integrity::Sha1),
        ("sha256", Integrity::Sha256),
        ("sha384", Integrity::Sha384),
    ];

    /// The strongSwan keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            Integrity::Md5 => "md5",
            Integrity::Sha1 => "sha1",
            Integrity::Sha256 => "sha256",
            Integrity::Sha384 => "sha384",
        }
    }
}

/// A Diffie-Hellman group for IKE (main mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DhGroup {
    /// ECP 256 (group 19).
    Ecp256,
    /// ECP 384 (group 20).
    Ecp384,
    /// MODP 1024 (group 2, weak).
    Modp1024,
    /// MODP 2048 (group 14).
    Modp2048,
}

impl DhGroup {
    /// The words of the topology file (and of `reference/platforms.toml`).
    pub const WORDS: [(&'static str, DhGroup); 4] = [
        ("ecp256", DhGroup::Ecp256),
        ("ecp384", DhGroup::Ecp384),
        ("modp1024", DhGroup::Modp1024),
        ("modp2048", DhGroup::Modp2048),
    ];

    /// The strongSwan keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            DhGroup::Ecp256 => "ecp256",
            DhGroup::Ecp384 => "ecp384",
            DhGroup::Modp1024 => "modp1024",
            DhGroup::Modp2048 => "modp2048",
        }
    }
}

/// An ESP (quick mode) proposal, written `aes256gcm16` or `aes256-sha256`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EspProposal {
    /// Encryption.
    pub cipher: Cipher,
    /// Integrity; `None` for AEAD ciphers.
    pub integrity: Option<Integrity>,
}

impl std::fmt::Display for EspProposal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.integrity {
            Some(i) => write!(f, "{}-{}", self.cipher.keyword(), i.keyword()),
            None => f.write_str(self.cipher.keyword()),
        }
    }
}

/// An IKE (main mode) proposal, written `aes256-sha256-ecp384`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IkeProposal {
    /// Encryption.
    pub cipher: Cipher,
    /// Integrity and PRF.
    pub integrity: Integrity,
    /// Key exchange.
    pub group: DhGroup,
}

impl std::fmt::Display for IkeProposal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}-{}-{}",
            self.cipher.keyword(),
            self.integrity.keyword(),
            self.group.keyword()
        )
    }
}

/// Which IKE version a protect rule is negotiated with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyModule {
    /// The emitters choose one both ends' platforms speak (IKEv2 between Linux hosts,
    /// IKEv1 where a Windows end takes part).
    Auto,
    /// IKEv1 (Windows 2003/XP speak nothing else).
    IkeV1,
    /// IKEv2 (certificates only on Windows; not on Windows 2003/XP).
    IkeV2,
}

impl KeyModule {
    /// The words of the topology file.
    pub const WORDS: [(&'static str, KeyModule); 3] = [
        ("auto", KeyModule::Auto),
        ("ikev1", KeyModule::IkeV1),
        ("ikev2", KeyModule::IkeV2),
    ];

    /// The word of the topology file.
    pub fn name(self) -> &'static str {
        Self::WORDS
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("auto", |(w, _)| w)
    }
}

/// What a host or the computers of a client group run, as far as IPsec is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Platform {
    /// Windows Server 2003 / XP: the IPsec Policy Agent, IKEv1 only (netsh ipsec static).
    Windows2003,
    /// Windows Vista / Server 2008 and later (Windows Firewall with Advanced Security).
    Windows,
    /// Linux with strongSwan.
    Linux,
}

impl Platform {
    /// The words of the topology file.
    pub const WORDS: [(&'static str, Platform); 3] = [
        ("windows-2003", Platform::Windows2003),
        ("windows", Platform::Windows),
        ("linux", Platform::Linux),
    ];

    /// The word of the topology file.
    pub fn name(self) -> &'static str {
        Self::WORDS
            .iter()
            .find(|(_, p)| *p == self)
            .map_or("windows", |(w, _)| w)
    }

    /// Whether it is one of the Windows platforms.
    pub fn is_windows(self) -> bool {
        matches!(self, Platform::Windows2003 | Platform::Windows)
    }
}

/// Reads a platform word (`platform = "linux"`), with a located error naming the choices.
pub(super) fn platform(
    raw: &Option<Spanned<String>>,
    default: Platform,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Platform {
    let mut value = default;
    choose(&mut value, raw, &Platform::WORDS, "platform", file, diags);
    value
}

/// Where the settings that findings point at were last written (a zone's or host's
/// override, or `[ipsec]`): `None` for cordon's built-in value. Where a value was written
/// is not what the settings mean, so origins never make two settings differ.
#[derive(Clone, Debug, Default)]
pub struct Origins {
    /// `action`.
    pub action: Option<Span>,
    /// `authentication`.
    pub authentication: Option<Span>,
    /// `proposals`.
    pub proposals: Option<Span>,
    /// `ike_proposals`.
    pub ike_proposals: Option<Span>,
    /// `client_agent_permits`.
    pub client_agent_permits: Option<Span>,
    /// `domain_controllers`.
    pub domain_controllers: Option<Span>,
}

impl PartialEq for Origins {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Origins {}

impl std::hash::Hash for Origins {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

/// The IPsec settings in force for one host or client group.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IpsecSettings {
    /// Rule shape.
    pub design: Design,
    /// Require or request.
    pub action: Action,
    /// Authentication methods, in order of preference.
    pub authentication: Vec<AuthMethod>,
    /// ESP proposals, in order of preference.
    pub proposals: Vec<EspProposal>,
    /// IKE proposals, in order of preference.
    pub ike_proposals: Vec<IkeProposal>,
    /// ICMP in the clear or not.
    pub icmp: IcmpPolicy,
    /// Domain controller traffic in the clear or not.
    pub domain_controllers: DcPolicy,
    /// RPC dynamic range.
    pub rpc_dynamic: RpcDynamic,
    /// Whether site systems with the client agent permit its HTTP/HTTPS/ICMP (the seed).
    pub client_agent_permits: bool,
    /// Whether Windows hosts also get inbound firewall rules that admit the encrypted flows
    /// of the traffic map only when they arrive encrypted (the seed's "limit access").
    pub encrypted_inbound_only: bool,
    /// The IKE version of protect rules.
    pub key_module: KeyModule,
    /// Whether the host or client group runs the hierarchy's IPsec policy at all. One
    /// that does not (an appliance, a workgroup machine, a client outside the domain)
    /// gets no rules and no emitted files; its peers' rules still decide what it meets.
    pub takes_part: bool,
    /// The catalog rows (by index) whose flows one that takes no part still protects when
    /// it initiates them (an appliance that negotiates IPsec toward the management point
    /// but accepts nothing under IPsec); sorted.
    pub initiates: Vec<usize>,
    /// Whether it serves hosts and clients that take no part in IPsec: their flows to
    /// and from it travel in the clear on exactly their ports (the seed's alternative
    /// where inbound sessions must arrive unencrypted).
    pub serves_outsiders: bool,
    /// Where the values findings point at come from.
    pub origins: Origins,
}

impl IpsecSettings {
    /// cordon's defaults: the seed's Scenario 1b design with today's cryptography.
    /// `authentication` is filled in by the caller (it needs the topology's CAs).
    pub fn builtin() -> Self {
        IpsecSettings {
            design: Design::AnyToSubnet,
            action: Action::Require,
            authentication: vec![AuthMethod::Kerberos],
            proposals: vec![EspProposal {
                cipher: Cipher::Aes256Gcm,
                integrity: None,
            }],
            ike_proposals: vec![IkeProposal {
                cipher: Cipher::Aes256Cbc,
                integrity: Integrity::Sha256,
                group: DhGroup::Ecp384,
            }],
            icmp: IcmpPolicy::Exempt,
            domain_controllers: DcPolicy::Exempt,
            rpc_dynamic: RpcDynamic::OsDefault,
            client_agent_permits: true,
            encrypted_inbound_only: true,
            key_module: KeyModule::Auto,
            takes_part: true,
            initiates: Vec::new(),
            serves_outsiders: false,
            origins: Origins::default(),
        }
    }
}

impl IpsecSettings {
    /// Whether it has IPsec rules of its own: it takes part, or initiates some flows
    /// under IPsec.
    pub fn runs_ipsec(&self) -> bool {
        self.takes_part || !self.initiates.is_empty()
    }

    /// Whether one that takes no part still protects the flows of this catalog row when
    /// it initiates them.
    pub fn initiates_row(&self, row: usize) -> bool {
        self.initiates.binary_search(&row).is_ok()
    }
}

/// Looks up the names settings refer to: certificate authorities (`certificate:NAME`)
/// and catalog rows (`initiates`).
pub trait NameLookup {
    /// The CA with this name.
    fn ca(&self, name: &str) -> Option<CaId>;
    /// Every CA name.
    fn ca_names(&self) -> Vec<&str>;
    /// The catalog row with this id, by index.
    fn row(&self, id: &str) -> Option<usize>;
    /// Every catalog row id.
    fn row_ids(&self) -> Vec<&str>;
}

/// Applies the fields set in `raw` over `base`, collecting diagnostics for bad values.
pub fn apply(
    base: &IpsecSettings,
    raw: &RawIpsec,
    file: FileId,
    cas: &dyn NameLookup,
    diags: &mut Vec<Diagnostic>,
) -> IpsecSettings {
    let mut s = base.clone();
    record_origins(raw, file, &mut s.origins);
    choose(
        &mut s.design,
        &raw.design,
        &[
            ("any_to_subnet", Design::AnyToSubnet),
            ("host_to_host", Design::HostToHost),
        ],
        "design",
        file,
        diags,
    );
    choose(
        &mut s.action,
        &raw.action,
        &[("request", Action::Request), ("require", Action::Require)],
        "action",
        file,
        diags,
    );
    choose(
        &mut s.icmp,
        &raw.icmp,
        &[
            ("exempt", IcmpPolicy::Exempt),
            ("protect", IcmpPolicy::Protect),
        ],
        "icmp",
        file,
        diags,
    );
    choose(
        &mut s.key_module,
        &raw.key_module,
        &KeyModule::WORDS,
        "key_module",
        file,
        diags,
    );
    choose(
        &mut s.domain_controllers,
        &raw.domain_controllers,
        &[("exempt", DcPolicy::Exempt), ("protect", DcPolicy::Protect)],
        "domain_controllers",
        file,
        diags,
    );
    if let Some(v) = &raw.encrypted_inbound_only {
        s.encrypted_inbound_only = *v.get_ref();
    }
    if let Some(v) = &raw.client_agent_permits {
        s.client_agent_permits = *v.get_ref();
    }
    if let Some(v) = &raw.takes_part {
        s.takes_part = *v.get_ref();
    }
    if let Some(v) = &raw.serves_outsiders {
        s.serves_outsiders = *v.get_ref();
    }
    if let Some(list) = &raw.initiates {
        s.initiates = initiates(list, s.takes_part, file, cas, diags);
    }
    if let Some(r) = raw
        .rpc_dynamic
        .as_ref()
        .and_then(|v| rpc_dynamic(v, file, diags))
    {
        s.rpc_dynamic = r;
    }
    if let Some(list) = &raw.authentication {
        let methods = authentication(list, file, cas, diags);
        if !methods.is_empty() {
            s.authentication = methods;
        }
    }
    if let Some(list) = &raw.proposals {
        let parsed = proposals(
            list,
            file,
            diags,
            parse_esp,
            "proposals",
            "aes256gcm16, aes128gcm16, aes256-sha256, 3des-sha1",
        );
        if !parsed.is_empty() {
            s.proposals = parsed;
        }
    }
    if let Some(list) = &raw.ike_proposals {
        let parsed = proposals(
            list,
            file,
            diags,
            parse_ike,
            "ike_proposals",
            "aes256-sha256-ecp384, aes128-sha256-modp2048, 3des-sha1-modp1024",
        );
        if !parsed.is_empty() {
            s.ike_proposals = parsed;
        }
    }
    s
}

/// Where each field that `raw` sets was set, for diagnostics that point at the setting.
fn record_origins(raw: &RawIpsec, file: FileId, origins: &mut Origins) {
    let origin = |r: Option<std::ops::Range<usize>>, slot: &mut Option<Span>| {
        if let Some(r) = r {
            *slot = Some(Span::new(file, r));
        }
    };
    origin(raw.action.as_ref().map(|v| v.span()), &mut origins.action);
    origin(
        raw.authentication.as_ref().map(|v| v.span()),
        &mut origins.authentication,
    );
    origin(
        raw.proposals.as_ref().map(|v| v.span()),
        &mut origins.proposals,
    );
    origin(
        raw.ike_proposals.as_ref().map(|v| v.span()),
        &mut origins.ike_proposals,
    );
    origin(
        raw.client_agent_permits.as_ref().map(|v| v.span()),
        &mut origins.client_agent_permits,
    );
    origin(
        raw.domain_controllers.as_ref().map(|v| v.span()),
        &mut origins.domain_controllers,
    );
}

/// The catalog rows `initiates` lists (one that takes no part in IPsec still protects
/// them as their initiator), each known, sorted, once.
fn initiates(
    list: &Spanned<Vec<Spanned<String>>>,
    takes_part: bool,
    file: FileId,
    cas: &dyn NameLookup,
    diags: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let span = |r: std::ops::Range<usize>| Span::new(file, r);
    let mut rows = Vec::new();
    for id in list.get_ref() {
        match cas.row(id.get_ref()) {
            Some(i) => rows.push(i),
            None => diags.push(
                Diagnostic::error(
                    "unknown-row",
                    format!("there is no catalog row `{}`", id.get_ref()),
                    Some(span(id.span())),
                )
                .help(suggest(id.get_ref(), "catalog row", cas.row_ids())),
            ),
        }
    }
    rows.sort_unstable();
    rows.dedup();
    if takes_part {
        diags.push(
            Diagnostic::error(
                "initiates-while-taking-part",
                "`initiates` lists the flows that one which takes no part in IPsec still protects as their initiator, but this one takes part".to_string(),
                Some(span(list.span())),
            )
            .help("add takes_part = false beside it, or remove initiates: one that takes part protects every flow"),
        );
    }
    rows
}

/// The RPC dynamic port range `rpc_dynamic` gives (`os_default`, or ranges above 1023);
/// `None` after a diagnostic.
fn rpc_dynamic(
    v: &Spanned<String>,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Option<RpcDynamic> {
    let text = v.get_ref().trim();
    if text == "os_default" {
        return Some(RpcDynamic::OsDefault);
    }
    let parsed: Result<Vec<PortRange>, _> = text.split(',').map(str::parse).collect();
    let (message, help) = match parsed {
        Ok(ranges) if ranges.iter().all(|r| r.start() > 1023) => {
            return Some(RpcDynamic::Restricted(PortSet::from_ranges(ranges)));
        }
        Ok(_) => (
            "an RPC dynamic range must lie above 1023".to_string(),
            "Windows allocates RPC dynamic ports above 1024, e.g. rpc_dynamic = \"5000-5100\"",
        ),
        Err(e) => (
            e.to_string(),
            "write rpc_dynamic = \"os_default\" or a range such as \"5000-5100\"",
        ),
    };
    diags.push(
        Diagnostic::error("bad-rpc-range", message, Some(Span::new(file, v.span()))).help(help),
    );
    None
}

/// The authentication methods `authentication` lists, in order, each once; empty after
/// diagnostics.
fn authentication(
    list: &Spanned<Vec<Spanned<String>>>,
    file: FileId,
    cas: &dyn NameLookup,
    diags: &mut Vec<Diagnostic>,
) -> Vec<AuthMethod> {
    let span = |r: std::ops::Range<usize>| Span::new(file, r);
    let mut methods = Vec::new();
    for item in list.get_ref() {
        let text = item.get_ref().trim();
        let (method, arg) = match text.split_once(':') {
            Some((m, a)) => (m.trim(), Some(a.trim())),
            None => (text, None),
        };
        match (method, arg) {
            ("kerberos", None) => methods.push(AuthMethod::Kerberos),
            ("certificate", Some(name)) => match cas.ca(name) {
                Some(id) => methods.push(AuthMethod::Certificate(id)),
                None => diags.push(
                    Diagnostic::error(
                        "unknown-ca",
                        format!("there is no certificate authority `{name}`"),
                        Some(span(item.span())),
                    )
                    .help(if cas.ca_names().is_empty() {
                        "define it in a [[certificate_authority]] table with name and subject"
                            .to_string()
                    } else {
                        suggest(name, "certificate authority", cas.ca_names())
                    }),
                ),
            },
            ("certificate", None) => {
                let names = cas.ca_names();
                match names.as_slice() {
                    [only] => {
                        if let Some(id) = cas.ca(only) {
                            methods.push(AuthMethod::Certificate(id));
                        }
                    }
                    _ => diags.push(
                        Diagnostic::error(
                            "ambiguous-ca",
                            "certificate authentication must name its certificate authority",
                            Some(span(item.span())),
                        )
                        .help("write \"certificate:NAME\" with the name of a [[certificate_authority]]"),
                    ),
                }
            }
            _ => diags.push(
                Diagnostic::error(
                    "bad-authentication",
                    format!("unknown authentication method `{text}`"),
                    Some(span(item.span())),
                )
                .help("use \"certificate:CA-NAME\" or \"kerberos\""),
            ),
        }
    }
    if methods.is_empty() && list.get_ref().is_empty() {
        diags.push(
            Diagnostic::error(
                "no-authentication",
                "authentication needs at least one method",
                Some(span(list.span())),
            )
            .help("e.g. authentication = [\"certificate:ipsec-ca\"]"),
        );
    }
    let mut seen = Vec::new();
    methods.retain(|m| {
        let new = !seen.contains(m);
        seen.push(*m);
        new
    });
    methods
}

/// Sets `slot` from the word in `raw`, when there is one and it is known.
fn choose<T: Copy>(
    slot: &mut T,
    raw: &Option<Spanned<String>>,
    words: &[(&'static str, T)],
    what: &str,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) {
    if let Some(v) = raw
        && let Some(value) = pick(v, words, what, file, diags)
    {
        *slot = value;
    }
}

fn pick<T: Copy>(
    v: &Spanned<String>,
    words: &[(&'static str, T)],
    what: &str,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let text = v.get_ref().as_str();
    if let Some((_, value)) = words.iter().find(|(w, _)| *w == text) {
        return Some(*value);
    }
    diags.push(
        Diagnostic::error(
            "bad-value",
            format!("`{text}` is not a value of `{what}`"),
            Some(Span::new(file, v.span())),
        )
        .help(suggest(text, what, words.iter().map(|(w, _)| *w))),
    );
    None
}

fn proposals<T>(
    list: &Spanned<Vec<Spanned<String>>>,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
    parse: fn(&str) -> Option<T>,
    what: &str,
    examples: &str,
) -> Vec<T> {
    if list.get_ref().is_empty() {
        diags.push(
            Diagnostic::error(
                "no-proposals",
                format!("`{what}` needs at least one proposal"),
                Some(Span::new(file, list.span())),
            )
            .help(format!("e.g. {examples}")),
        );
    }
    let mut out = Vec::new();
    for item in list.get_ref() {
        match parse(item.get_ref().trim()) {
            Some(p) => out.push(p),
            None => diags.push(
                Diagnostic::error(
                    "bad-proposal",
                    format!("`{}` is not a proposal cordon knows", item.get_ref()),
                    Some(Span::new(file, item.span())),
                )
                .help(format!(
                    "write proposals the strongSwan way, e.g. {examples}"
                )),
            ),
        }
    }
    out
}

fn word<T: Copy>(words: &[(&str, T)], w: &str) -> Option<T> {
    words.iter().find(|(k, _)| *k == w).map(|(_, v)| *v)
}

/// Parses an ESP proposal: an AEAD cipher alone, or a cipher and an integrity algorithm.
pub fn parse_esp(text: &str) -> Option<EspProposal> {
    let mut parts = text.split('-');
    let cipher = word(&Cipher::WORDS, parts.next()?)?;
    let integrity = parts.next().map(|w| word(&Integrity::WORDS, w));
    if parts.next().is_some() {
        return None;
    }
    match (cipher.is_aead(), integrity) {
        (true, None) => Some(EspProposal {
            cipher,
            integrity: None,
        }),
        (false, Some(Some(i))) => Some(EspProposal {
            cipher,
            integrity: Some(i),
        }),
        _ => None,
    }
}

/// Parses an IKE proposal: cipher, integrity, Diffie-Hellman group.
pub fn parse_ike(text: &str) -> Option<IkeProposal> {
    let mut parts = text.split('-');
    let cipher = word(&Cipher::WORDS, parts.next()?)?;
    let integrity = word(&Integrity::WORDS, parts.next()?)?;
    let group = word(&DhGroup::WORDS, parts.next()?)?;
    if parts.next().is_some() || cipher.is_aead() {
        return None;
    }
    Some(IkeProposal {
        cipher,
        integrity,
        group,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proposals_parse_in_strongswan_words() {
        assert_eq!(
            parse_esp("aes256gcm16").map(|p| p.to_string()).as_deref(),
            Some("aes256gcm16")
        );
        assert_eq!(
            parse_esp("3des-sha1").map(|p| p.to_string()).as_deref(),
            Some("3des-sha1")
        );
        assert_eq!(
            parse_esp("3des"),
            None,
            "a CBC cipher needs an integrity algorithm"
        );
        assert_eq!(parse_esp("aes256gcm16-sha256"), None);
        assert_eq!(
            parse_ike("aes256-sha256-ecp384")
                .map(|p| p.to_string())
                .as_deref(),
            Some("aes256-sha256-ecp384")
        );
        assert_eq!(parse_ike("aes256gcm16-sha256-ecp384"), None);
        assert_eq!(parse_ike("aes256-sha256"), None);
    }
}
