//! What each platform's IPsec can negotiate, from `reference/platforms.toml`: the IKE
//! versions (key modules) it speaks, the authentication each takes, the algorithms its
//! proposals may use; and what two ends of a flow can agree on.
//!
//! Both the emitters (which IKE version to write) and verify (a pair of ends that cannot
//! agree) ask [`negotiate`], so they never disagree.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::topology::{
    AuthMethod, Cipher, DhGroup, EspProposal, IkeProposal, Integrity, KeyModule, Platform,
};

/// The reference file, as shipped.
pub const REFERENCE: &str = include_str!("../../reference/platforms.toml");

/// An IKE version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ike {
    /// IKEv1 (with AuthIP between Windows peers).
    V1,
    /// IKEv2.
    V2,
}

impl Ike {
    /// `IKEv1` or `IKEv2`.
    pub fn name(self) -> &'static str {
        match self {
            Ike::V1 => "IKEv1",
            Ike::V2 => "IKEv2",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReference {
    platform: Vec<RawCapability>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCapability {
    name: String,
    what: String,
    key_modules: Vec<String>,
    ikev1_authentication: Vec<String>,
    ikev2_authentication: Vec<String>,
    esp_ciphers: Vec<String>,
    ike_ciphers: Vec<String>,
    integrity: Vec<String>,
    dh_groups: Vec<String>,
    ipv6: bool,
    sources: Vec<String>,
}

/// What one platform can negotiate.
#[derive(Clone, Debug)]
pub struct Capability {
    /// The platform.
    pub platform: Platform,
    /// What the platform is, in words.
    pub what: String,
    /// The IKE versions it speaks.
    pub key_modules: Vec<Ike>,
    /// Whether it authenticates with certificates / Kerberos, per IKE version.
    auth: [(bool, bool); 2],
    esp_ciphers: Vec<Cipher>,
    ike_ciphers: Vec<Cipher>,
    integrity: Vec<Integrity>,
    dh_groups: Vec<DhGroup>,
    /// Whether its IPsec policy covers IPv6 traffic (Windows 2003/XP's does not: IPv6
    /// leaves such a host in the clear whatever the policy says).
    pub ipv6: bool,
    /// Where the facts come from.
    pub sources: Vec<String>,
}

/// Why the reference file is wrong (a test reads it; a shipped binary never fails here).
#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    /// Not TOML of the expected shape.
    #[error("reference/platforms.toml: {0}")]
    Toml(#[from] toml::de::Error),
    /// A word cordon does not know.
    #[error("reference/platforms.toml, platform `{platform}`: unknown {what} `{word}`")]
    Word {
        /// The platform entry.
        platform: String,
        /// Which list.
        what: &'static str,
        /// The word.
        word: String,
    },
    /// A platform of the model missing from the file, or a fact without a source.
    #[error("reference/platforms.toml: {0}")]
    Incomplete(String),
}

fn words<T: Copy + PartialEq>(
    list: &[String],
    table: &[(&'static str, T)],
    platform: &str,
    what: &'static str,
) -> Result<Vec<T>, ReferenceError> {
    list.iter()
        .map(|w| {
            table
                .iter()
                .find(|(k, _)| *k == w)
                .map(|(_, v)| *v)
                .ok_or_else(|| ReferenceError::Word {
                    platform: platform.to_string(),
                    what,
                    word: w.clone(),
                })
        })
        .collect()
}

/// Reads the reference text into one capability per platform, in `Platform::WORDS` order.
pub fn parse(text: &str) -> Result<Vec<Capability>, ReferenceError> {
    let raw: RawReference = toml::from_str(text)?;
    let ikes = [("ikev1", Ike::V1), ("ikev2", Ike::V2)];
    let methods = [("certificate", true), ("kerberos", false)];
    let mut out = Vec::new();
    for (word, platform) in Platform::WORDS {
        let Some(r) = raw.platform.iter().find(|p| p.name == word) else {
            return Err(ReferenceError::Incomplete(format!("no entry for `{word}`")));
        };
        if r.sources.is_empty() {
            return Err(ReferenceError::Incomplete(format!(
                "`{word}` gives no source"
            )));
        }
        let auth_of = |list: &[String]| -> Result<(bool, bool), ReferenceError> {
            let m = words(list, &methods, word, "authentication")?;
            Ok((m.contains(&true), m.contains(&false)))
        };
        out.push(Capability {
            platform,
            what: r.what.clone(),
            key_modules: words(&r.key_modules, &ikes, word, "key module")?,
            auth: [
                auth_of(&r.ikev1_authentication)?,
                auth_of(&r.ikev2_authentication)?,
            ],
            // The topology's own words for proposals (docs/topology.md).
            esp_ciphers: words(&r.esp_ciphers, &Cipher::WORDS, word, "cipher")?,
            ike_ciphers: words(&r.ike_ciphers, &Cipher::WORDS, word, "cipher")?,
            integrity: words(&r.integrity, &Integrity::WORDS, word, "integrity")?,
            dh_groups: words(&r.dh_groups, &DhGroup::WORDS, word, "DH group")?,
            ipv6: r.ipv6,
            sources: r.sources.clone(),
        });
    }
    Ok(out)
}

/// The capability of a platform, from the shipped reference.
pub fn of(platform: Platform) -> &'static Capability {
    static ALL: OnceLock<[Capability; 3]> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        // A test parses the shipped file; should a broken build ship a broken copy, every
        // platform can negotiate nothing, so that every check fails loudly.
        parse(REFERENCE)
            .ok()
            .and_then(|v| <[Capability; 3]>::try_from(v).ok())
            .unwrap_or_else(|| Platform::WORDS.map(|(_, p)| nothing(p)))
    });
    // `parse` returns the platforms in `Platform::WORDS` order, the enum's order.
    &all[platform as usize]
}

fn nothing(platform: Platform) -> Capability {
    Capability {
        platform,
        what: "unknown (reference/platforms.toml did not load)".into(),
        key_modules: Vec::new(),
        auth: [(false, false); 2],
        esp_ciphers: Vec::new(),
        ike_ciphers: Vec::new(),
        integrity: Vec::new(),
        dh_groups: Vec::new(),
        ipv6: false,
        sources: Vec::new(),
    }
}

impl Capability {
    /// Whether the platform authenticates with this method under this IKE version.
    pub fn authenticates(&self, ike: Ike, method: AuthMethod) -> bool {
        let (cert, kerberos) = self.auth[ike as usize];
        match method {
            AuthMethod::Certificate(_) => cert,
            AuthMethod::Kerberos => kerberos,
        }
    }

    /// Whether the platform can use this ESP proposal.
    pub fn supports_esp(&self, p: &EspProposal) -> bool {
        self.esp_ciphers.contains(&p.cipher)
            && p.integrity.is_none_or(|i| self.integrity.contains(&i))
    }

    /// Whether the platform can use this IKE proposal.
    pub fn supports_ike(&self, p: &IkeProposal) -> bool {
        self.ike_ciphers.contains(&p.cipher)
            && self.integrity.contains(&p.integrity)
            && self.dh_groups.contains(&p.group)
    }
}

/// One end of a negotiation: what it runs and what its rule offers.
#[derive(Clone, Copy, Debug)]
pub struct End<'a> {
    /// Its platform.
    pub platform: Platform,
    /// Its `key_module` setting.
    pub key_module: KeyModule,
    /// Its authentication methods, in order.
    pub auth: &'a [AuthMethod],
    /// Its ESP proposals.
    pub esp: &'a [EspProposal],
    /// Its IKE proposals.
    pub ike: &'a [IkeProposal],
}

/// What two ends settle on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Negotiated {
    /// The IKE version.
    pub ike: Ike,
    /// The first authentication method (the initiator's order) both can use with it.
    pub auth: AuthMethod,
}

/// Why two ends cannot negotiate, given their platforms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gap {
    /// No IKE version both speak and both allow (`key_module`).
    KeyModule(String),
    /// An IKE version in common, but no authentication method both can use with it.
    Authentication(String),
    /// No ESP or no IKE proposal that both offer and both platforms support.
    Proposal(String),
}

fn allowed(setting: KeyModule, ike: Ike) -> bool {
    match setting {
        KeyModule::Auto => true,
        KeyModule::IkeV1 => ike == Ike::V1,
        KeyModule::IkeV2 => ike == Ike::V2,
    }
}

/// The IKE versions to try, best first: IKEv2 between two Linux ends; IKEv1 wherever a
/// Windows end takes part, since its Default key module negotiates IKEv1 with Kerberos
/// and certificates alike and needs no `-KeyModule` of its own.
fn preference(a: Platform, b: Platform) -> [Ike; 2] {
    if a.is_windows() || b.is_windows() {
        [Ike::V1, Ike::V2]
    } else {
        [Ike::V2, Ike::V1]
    }
}

/// What the initiator `a` and the responder `b` settle on, or why they cannot.
pub fn negotiate(a: End<'_>, b: End<'_>) -> Result<Negotiated, Gap> {
    let (ca, cb) = (of(a.platform), of(b.platform));
    let versions: Vec<Ike> = preference(a.platform, b.platform)
        .into_iter()
        .filter(|v| {
            ca.key_modules.contains(v)
                && cb.key_modules.contains(v)
                && allowed(a.key_module, *v)
                && allowed(b.key_module, *v)
        })
        .collect();
    if versions.is_empty() {
        let speaks = |c: &Capability, k: KeyModule| {
            let list: Vec<&str> = c
                .key_modules
                .iter()
                .filter(|v| allowed(k, **v))
                .map(|v| v.name())
                .collect();
            if list.is_empty() {
                "nothing".to_string()
            } else {
                list.join(" or ")
            }
        };
        return Err(Gap::KeyModule(format!(
            "{} speaks {} here, {} speaks {}",
            a.platform.name(),
            speaks(ca, a.key_module),
            b.platform.name(),
            speaks(cb, b.key_module)
        )));
    }
    let mut found = None;
    for v in &versions {
        let common =
            a.auth.iter().copied().find(|m| {
                b.auth.contains(m) && ca.authenticates(*v, *m) && cb.authenticates(*v, *m)
            });
        if let Some(auth) = common {
            found = Some(Negotiated { ike: *v, auth });
            break;
        }
    }
    let Some(negotiated) = found else {
        let names: Vec<&str> = versions.iter().map(|v| v.name()).collect();
        return Err(Gap::Authentication(format!(
            "with {} a {} end and a {} end share no method both can use ({} authenticates only with certificates there)",
            names.join(" or "),
            a.platform.name(),
            b.platform.name(),
            if !ca.authenticates(versions[0], AuthMethod::Kerberos) {
                a.platform.name()
            } else {
                b.platform.name()
            }
        )));
    };
    let esp = a
        .esp
        .iter()
        .any(|p| b.esp.contains(p) && ca.supports_esp(p) && cb.supports_esp(p));
    let ike = a
        .ike
        .iter()
        .any(|p| b.ike.contains(p) && ca.supports_ike(p) && cb.supports_ike(p));
    if !esp || !ike {
        return Err(Gap::Proposal(format!(
            "no {} proposal that both offer is supported by both {} and {}",
            if esp { "IKE" } else { "ESP" },
            a.platform.name(),
            b.platform.name()
        )));
    }
    Ok(negotiated)
}

/// The IKE version a file for a `mine` end writes toward peers of these platforms, for
/// the emitters: the one [`negotiate`] settles on with every peer, ignoring proposals
/// and authentication (verify reports those). `None` when the peers need different
/// versions or one cannot be reached at all.
pub fn key_module_toward(
    mine: Platform,
    setting: KeyModule,
    peers: impl IntoIterator<Item = (Platform, KeyModule)>,
) -> Result<Ike, String> {
    let mut chosen: Option<Ike> = None;
    for (platform, peer_setting) in peers {
        let ca = of(mine);
        let cb = of(platform);
        let v = preference(mine, platform)
            .into_iter()
            .find(|v| {
                ca.key_modules.contains(v)
                    && cb.key_modules.contains(v)
                    && allowed(setting, *v)
                    && allowed(peer_setting, *v)
            })
            .ok_or_else(|| {
                format!(
                    "no IKE version that a {} end (key_module = {}) and a {} peer (key_module = {}) both speak",
                    mine.name(),
                    setting.name(),
                    platform.name(),
                    peer_setting.name()
                )
            })?;
        match chosen {
            Some(c) if c != v => {
                return Err(format!("its peers need both {} and {}", c.name(), v.name()));
            }
            _ => chosen = Some(v),
        }
    }
    chosen.ok_or_else(|| "no peers".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topology::CaId;

    #[test]
    fn the_shipped_reference_loads_with_a_source_for_every_platform() {
        let all = parse(REFERENCE).unwrap();
        assert_eq!(all.len(), Platform::WORDS.len());
        assert!(all.iter().all(|c| !c.sources.is_empty()));
    }

    fn end<'a>(platform: Platform, key_module: KeyModule, auth: &'a [AuthMethod]) -> End<'a> {
        const ESP: &[EspProposal] = &[
            EspProposal {
                cipher: Cipher::Aes256Gcm,
                integrity: None,
            },
            EspProposal {
                cipher: Cipher::TripleDes,
                integrity: Some(Integrity::Sha1),
            },
        ];
        const IKE: &[IkeProposal] = &[
            IkeProposal {
                cipher: Cipher::Aes256Cbc,
                integrity: Integrity::Sha256,
                group: DhGroup::Ecp384,
            },
            IkeProposal {
                cipher: Cipher::TripleDes,
                integrity: Integrity::Sha1,
                group: DhGroup::Modp2048,
            },
        ];
        End {
            platform,
            key_module,
            auth,
            esp: ESP,
            ike: IKE,
        }
    }

    #[test]
    fn key_modules_follow_the_platforms() {
        let cert = [AuthMethod::Certificate(CaId(0))];
        let both = [AuthMethod::Kerberos, AuthMethod::Certificate(CaId(0))];
        let n = |a, b| negotiate(a, b).map(|n| n.ike);
        let auto = KeyModule::Auto;
        assert_eq!(
            n(
                end(Platform::Linux, auto, &cert),
                end(Platform::Linux, auto, &cert)
            ),
            Ok(Ike::V2)
        );
        assert_eq!(
            n(
                end(Platform::Linux, auto, &cert),
                end(Platform::Windows, auto, &cert)
            ),
            Ok(Ike::V1)
        );
        // Kerberos first between Windows peers: IKEv1/AuthIP, Kerberos kept.
        assert_eq!(
            negotiate(
                end(Platform::Windows, auto, &both),
                end(Platform::Windows2003, auto, &both)
            )
            .map(|n| n.auth),
            Ok(AuthMethod::Kerberos)
        );
        // Never Kerberos over IKEv2.
        assert!(matches!(
            negotiate(
                end(Platform::Windows, KeyModule::IkeV2, &[AuthMethod::Kerberos]),
                end(Platform::Windows, auto, &[AuthMethod::Kerberos])
            ),
            Err(Gap::Authentication(_))
        ));
        assert!(matches!(
            negotiate(
                end(Platform::Linux, KeyModule::IkeV2, &cert),
                end(Platform::Windows2003, auto, &cert)
            ),
            Err(Gap::KeyModule(_))
        ));
        assert!(matches!(
            negotiate(
                end(Platform::Linux, auto, &[AuthMethod::Kerberos]),
                end(Platform::Windows, auto, &[AuthMethod::Kerberos])
            ),
            Err(Gap::Authentication(_))
        ));
    }

    #[test]
    fn windows_2003_needs_a_3des_proposal() {
        let cert = [AuthMethod::Certificate(CaId(0))];
        let mut a = end(Platform::Windows, KeyModule::Auto, &cert);
        let b = end(Platform::Windows2003, KeyModule::Auto, &cert);
        assert!(negotiate(a, b).is_ok());
        a.esp = &a.esp[..1];
        assert!(matches!(negotiate(a, b), Err(Gap::Proposal(_))));
    }
}
