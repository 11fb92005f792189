//! Synthetic hierarchies for benchmarks and property tests: a topology file of any size
//! that `plan` accepts, the same text for the same parameters.
//!
//! Layout: a central site, primaries under it (one for every five sites), secondaries
//! under the primaries. Each site has its own intranet zone, a /20 carved from 10.0.0.0/8:
//! servers in its first half, client groups as /27s in its second half. Each secondary
//! site sits behind a branch firewall joining its zone to its parent's. The `seed` varies
//! roles, security modes and IPsec choices so that property tests see many shapes.

use std::fmt::Write as _;

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// Number of sites (at least 1, at most 4096).
    pub sites: usize,
    /// Number of hosts (at least 3 per site for the site server, DC and MP).
    pub hosts: usize,
    /// Number of client groups (at most 64 per site).
    pub client_groups: usize,
    /// Varies the details.
    pub seed: u64,
}

impl Params {
    /// The benchmarks' hierarchy of `hosts` hosts: a site per 20 hosts, a client group
    /// per 2 (10 000 hosts: 500 sites, 5 000 groups), seed 7.
    pub fn of_hosts(hosts: usize) -> Self {
        Params {
            sites: (hosts / 20).max(2),
            hosts,
            client_groups: hosts / 2,
            seed: 7,
        }
    }
}

/// Why parameters cannot be generated.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParamsError {
    /// Out of the range the address plan holds.
    #[error("{0}")]
    OutOfRange(String),
}

/// splitmix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let n = items.len().max(1) as u64;
        items.get((self.next() % n) as usize).copied().unwrap_or("")
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Generates a topology file.
pub fn generate(p: Params) -> Result<String, ParamsError> {
    check(&p)?;
    let mut rng = Rng(p.seed);
    let mut out = String::with_capacity(p.hosts * 160 + p.client_groups * 140 + p.sites * 200);
    // The phases draw from one stream of choices in this order: the same seed, the same
    // file.
    write_hierarchy(&mut out, &mut rng, &p);
    let primaries =
        (p.sites.div_ceil(5)).clamp(usize::from(p.sites > 1), p.sites.saturating_sub(1).max(1));
    let parents = write_sites(&mut out, &mut rng, p.sites, primaries);
    write_zones(&mut out, p.sites);
    write_firewalls(&mut out, &mut rng, &parents, primaries);
    write_hosts(&mut out, &mut rng, &p, primaries);
    write_client_groups(&mut out, &mut rng, &p);
    Ok(out)
}

/// Refuses sizes the generated file could not hold (or no hierarchy has).
fn check(p: &Params) -> Result<(), ParamsError> {
    if p.sites == 0 || p.sites > 4096 {
        return Err(ParamsError::OutOfRange(
            "--sites must be between 1 and 4096".into(),
        ));
    }
    if p.hosts < 3 * p.sites {
        return Err(ParamsError::OutOfRange(format!(
            "--hosts must be at least 3 per site ({} for {} sites)",
            3 * p.sites,
            p.sites
        )));
    }
    if p.hosts.div_ceil(p.sites) > 2000 {
        return Err(ParamsError::OutOfRange(
            "at most 2000 hosts per site".into(),
        ));
    }
    if p.client_groups.div_ceil(p.sites) > 64 {
        return Err(ParamsError::OutOfRange(
            "at most 64 client groups per site".into(),
        ));
    }
    Ok(())
}

/// The site code of site `i`.
fn code(i: usize) -> String {
    format!("S{i:03X}")
}

/// The file's comment, `[hierarchy]`, `[ipsec]` and the certificate authority.
fn write_hierarchy(out: &mut String, rng: &mut Rng, p: &Params) {
    let _ = writeln!(
        out,
        "# Synthetic hierarchy: cordon synth --sites {} --hosts {} --client-groups {} --seed {}",
        p.sites, p.hosts, p.client_groups, p.seed
    );
    let _ = writeln!(
        out,
        "[hierarchy]\nname = \"synthetic {} sites\"\ncatalog = \"configmgr-2007\"",
        p.sites
    );
    let _ = writeln!(
        out,
        "security_mode = \"{}\"\nforest = \"synth.example\"\n",
        rng.pick(&["mixed", "native"])
    );
    // Each IPsec key with the raw TOML values the seed may pick from.
    let ipsec: [(&str, &[&str]); 8] = [
        ("design", &["\"any_to_subnet\"", "\"host_to_host\""]),
        (
            "action",
            &["\"require\"", "\"require\"", "\"require\"", "\"request\""],
        ),
        (
            "authentication",
            &[
                "[\"certificate:ipsec-ca\"]",
                "[\"certificate:ipsec-ca\", \"kerberos\"]",
                "[\"kerberos\"]",
            ],
        ),
        (
            "proposals",
            &[
                "[\"aes256gcm16\"]",
                "[\"aes128gcm16\", \"aes256-sha256\"]",
                "[\"3des-sha1\"]",
            ],
        ),
        ("icmp", &["\"exempt\"", "\"protect\""]),
        ("domain_controllers", &["\"exempt\"", "\"protect\""]),
        ("rpc_dynamic", &["\"os_default\"", "\"5000-5200\""]),
        ("client_agent_permits", &["true", "true", "false"]),
    ];
    let _ = writeln!(out, "[ipsec]");
    for (key, values) in ipsec {
        let _ = writeln!(out, "{key} = {}", rng.pick(values));
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "[[certificate_authority]]\nname = \"ipsec-ca\"\nsubject = \"CN=Synthetic IPsec CA\"\n"
    );
}

/// The sites: a central site, `primaries` primaries under it, secondaries spread over
/// the primaries. Returns each site's parent.
fn write_sites(
    out: &mut String,
    rng: &mut Rng,
    sites: usize,
    primaries: usize,
) -> Vec<Option<usize>> {
    let mut parents = vec![None; sites];
    for i in 0..sites {
        let (kind, parent) = if i == 0 {
            ("central", None)
        } else if i <= primaries {
            ("primary", Some(0))
        } else {
            ("secondary", Some(1 + (i % primaries.max(1))))
        };
        if let Some(slot) = parents.get_mut(i) {
            *slot = parent;
        }
        let _ = writeln!(out, "[[site]]\ncode = \"{}\"\nkind = \"{kind}\"", code(i));
        if let Some(par) = parent {
            let _ = writeln!(out, "parent = \"{}\"", code(par));
        }
        if rng.chance(30) {
            let _ = writeln!(
                out,
                "security_mode = \"{}\"",
                rng.pick(&["mixed", "native"])
            );
        }
        let _ = writeln!(out);
    }
    parents
}

/// One intranet zone per site, its /20.
fn write_zones(out: &mut String, sites: usize) {
    for i in 0..sites {
        let (a, b) = block(i);
        let _ = writeln!(
            out,
            "[[zone]]\nname = \"z-{}\"\ntrust = \"intranet\"\nsubnets = [\"10.{a}.{b}.0/20\"]\n",
            code(i)
        );
    }
}

/// A firewall between each secondary site's zone and its parent's.
fn write_firewalls(out: &mut String, rng: &mut Rng, parents: &[Option<usize>], primaries: usize) {
    for (i, parent) in parents.iter().enumerate() {
        if let Some(par) = parent
            && i > primaries
        {
            let _ = writeln!(
                out,
                "[[firewall]]\nname = \"fw-{}\"\njoins = [\"z-{}\", \"z-{}\"]\nnat = {}\n",
                code(i),
                code(i),
                code(*par),
                rng.chance(20)
            );
        }
    }
}

/// The roles hosts beyond each site's three take, in turn.
const EXTRA_ROLES: [&str; 7] = [
    "distribution_point",
    "state_migration_point",
    "pxe_service_point",
    "reporting_point",
    "file_server",
    "software_update_point",
    "fallback_status_point",
];

/// The hosts: three per site (site server, domain controller, management point), the
/// rest spread round-robin over the sites with the [`EXTRA_ROLES`].
fn write_hosts(out: &mut String, rng: &mut Rng, p: &Params, primaries: usize) {
    let mut hosts = Hosts {
        next_address: vec![10; p.sites],
    };
    for i in 0..p.sites {
        let is_secondary = i > primaries;
        let server_roles: &[&str] = match (i, is_secondary) {
            (0, _) => &[
                "site_server",
                "provider",
                "site_database_server",
                "server_locator_point",
            ],
            (_, true) => &["secondary_site_server"],
            (_, false) => &["site_server", "provider", "site_database_server"],
        };
        let site_hosts = [
            (format!("SS-{}", code(i)), server_roles, false, true),
            (format!("DC-{}", code(i)), &["dns_server"][..], true, false),
            (
                format!("MP-{}", code(i)),
                &["management_point"][..],
                false,
                true,
            ),
        ];
        for (name, roles, domain_controller, site_bound) in site_hosts {
            hosts.write(
                out,
                rng,
                &Host {
                    site: i,
                    name,
                    roles,
                    domain_controller,
                    site_bound,
                },
            );
        }
    }
    for n in 0..p.hosts - 3 * p.sites {
        let site = n % p.sites;
        let role = EXTRA_ROLES
            .get((n / p.sites + site) % EXTRA_ROLES.len())
            .copied()
            .unwrap_or("distribution_point");
        hosts.write(
            out,
            rng,
            &Host {
                site,
                name: format!("H{n:05}-{}", code(site)),
                roles: &[role],
                domain_controller: false,
                site_bound: role != "file_server",
            },
        );
    }
}

/// A host to write.
struct Host<'a> {
    site: usize,
    name: String,
    roles: &'a [&'a str],
    domain_controller: bool,
    /// Whether the host serves its site (a file server serves no site).
    site_bound: bool,
}

/// Writes hosts, each at the next free address of its site's /20.
struct Hosts {
    next_address: Vec<u32>,
}

impl Hosts {
    fn write(&mut self, out: &mut String, rng: &mut Rng, host: &Host<'_>) {
        let site = host.site;
        let (a, b) = block(site);
        let off = self.next_address.get(site).copied().unwrap_or(10);
        if let Some(o) = self.next_address.get_mut(site) {
            *o += 1;
        }
        let addr = format!("10.{a}.{}.{}", b + (off / 256) as u8, off % 256);
        let roles = host
            .roles
            .iter()
            .map(|r| format!("\"{r}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "[[host]]\nname = \"{}\"\naddresses = [\"{addr}\"]\nzone = \"z-{}\"",
            host.name,
            code(site)
        );
        if host.site_bound {
            let _ = writeln!(out, "site = \"{}\"", code(site));
        }
        let _ = writeln!(out, "roles = [{roles}]");
        if host.domain_controller {
            let _ = writeln!(out, "domain_controller = true");
        }
        if host.site_bound && rng.chance(25) {
            let _ = writeln!(out, "client_agent = true");
        }
        let _ = writeln!(out);
    }
}

/// The client groups, spread round-robin over the sites, each a /27 of its site's /20.
fn write_client_groups(out: &mut String, rng: &mut Rng, p: &Params) {
    for n in 0..p.client_groups {
        let site = n % p.sites;
        let k = n / p.sites;
        let (a, b) = block(site);
        let third = b + 8 + (k / 8) as u8;
        let fourth = (k % 8) * 32;
        let _ = writeln!(
            out,
            "[[client_group]]\nname = \"clients-{n:05}\"\nsite = \"{}\"\nzone = \"z-{}\"\nsubnets = [\"10.{a}.{third}.{fourth}/27\"]",
            code(site),
            code(site)
        );
        if rng.chance(20) {
            let _ = writeln!(out, "oob_managed = true");
        }
        let _ = writeln!(out);
    }
}

/// The second and third octets of site `i`'s /20 in 10.0.0.0/8.
fn block(i: usize) -> (u8, u8) {
    let n = i as u32 * 16;
    ((n / 256) as u8, (n % 256) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_out_of_range_are_refused() {
        let p = |sites, hosts, client_groups| Params {
            sites,
            hosts,
            client_groups,
            seed: 0,
        };
        assert!(generate(p(0, 10, 0)).is_err());
        assert!(generate(p(10, 20, 0)).is_err());
        assert!(generate(p(1, 3, 65)).is_err());
        assert!(generate(p(2, 6, 4)).is_ok());
    }

    #[test]
    fn same_parameters_same_text() {
        let p = Params {
            sites: 7,
            hosts: 40,
            client_groups: 20,
            seed: 42,
        };
        assert_eq!(generate(p), generate(p));
        assert_ne!(generate(p), generate(Params { seed: 43, ..p }));
    }
}
