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
    let mut rng = Rng(p.seed);
    let mut out = String::with_capacity(p.hosts * 160 + p.client_groups * 140 + p.sites * 200);
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

    let primaries =
        (p.sites.div_ceil(5)).clamp(usize::from(p.sites > 1), p.sites.saturating_sub(1).max(1));
    let code = |i: usize| format!("S{i:03X}");
    let mut parents = vec![None; p.sites];
    for i in 0..p.sites {
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
    for i in 0..p.sites {
        let (a, b) = block(i);
        let _ = writeln!(
            out,
            "[[zone]]\nname = \"z-{}\"\ntrust = \"intranet\"\nsubnets = [\"10.{a}.{b}.0/20\"]\n",
            code(i)
        );
    }
    for i in 0..p.sites {
        if let Some(Some(par)) = parents.get(i)
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
    // Hosts: three mandatory per site, the rest spread round-robin.
    let per_site_extra = p.hosts - 3 * p.sites;
    let extras = [
        "distribution_point",
        "state_migration_point",
        "pxe_service_point",
        "reporting_point",
        "file_server",
        "software_update_point",
        "fallback_status_point",
    ];
    let mut offsets = vec![10u32; p.sites];
    let mut emit_host = |out: &mut String,
                         rng: &mut Rng,
                         site: usize,
                         name: String,
                         roles: &[&str],
                         dc: bool,
                         site_bound: bool| {
        let (a, b) = block(site);
        let off = offsets.get(site).copied().unwrap_or(10);
        if let Some(o) = offsets.get_mut(site) {
            *o += 1;
        }
        let addr = format!("10.{a}.{}.{}", b + (off / 256) as u8, off % 256);
        let roles = roles
            .iter()
            .map(|r| format!("\"{r}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "[[host]]\nname = \"{name}\"\naddresses = [\"{addr}\"]\nzone = \"z-{}\"",
            code(site)
        );
        if site_bound {
            let _ = writeln!(out, "site = \"{}\"", code(site));
        }
        let _ = writeln!(out, "roles = [{roles}]");
        if dc {
            let _ = writeln!(out, "domain_controller = true");
        }
        if site_bound && rng.chance(25) {
            let _ = writeln!(out, "client_agent = true");
        }
        let _ = writeln!(out);
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
        emit_host(
            &mut out,
            &mut rng,
            i,
            format!("SS-{}", code(i)),
            server_roles,
            false,
            true,
        );
        emit_host(
            &mut out,
            &mut rng,
            i,
            format!("DC-{}", code(i)),
            &["dns_server"],
            true,
            false,
        );
        emit_host(
            &mut out,
            &mut rng,
            i,
            format!("MP-{}", code(i)),
            &["management_point"],
            false,
            true,
        );
    }
    for n in 0..per_site_extra {
        let site = n % p.sites;
        let role = extras
            .get((n / p.sites + site) % extras.len())
            .copied()
            .unwrap_or("distribution_point");
        let site_bound = role != "file_server";
        emit_host(
            &mut out,
            &mut rng,
            site,
            format!("H{n:05}-{}", code(site)),
            &[role],
            false,
            site_bound,
        );
    }
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
    Ok(out)
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
