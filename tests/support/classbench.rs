//! ClassBench filter sets and traces (`../shared/data/classbench/`, see its README):
//! parsed into cordon's classifier selectors and headers. Shared by the classifier test
//! and its benchmark.

use std::path::{Path, PathBuf};

use cordon::classify::{AddrRange, Family, Header, ProtocolRange, Selector};
use cordon::net::PortRange;

/// Where the ClassBench files are: the tests use the 1k sets copied into `tests/data`
/// (so that they run from a clone alone); the benchmark also needs the 10k sets, which
/// stay in the team's shared data (`CORDON_CLASSBENCH` points elsewhere).
pub fn dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    match std::env::var_os("CORDON_CLASSBENCH") {
        Some(d) => PathBuf::from(d),
        None if root.join("../shared/data/classbench/fw1_10k").exists() => {
            root.join("../shared/data/classbench")
        }
        None => root.join("tests/data/classbench"),
    }
}

fn prefix(field: &str) -> Result<AddrRange, String> {
    let net: ipnet::Ipv4Net = field.parse().map_err(|e| format!("{field}: {e}"))?;
    Ok(AddrRange {
        first: u128::from(u32::from(net.network())),
        last: u128::from(u32::from(net.broadcast())),
    })
}

fn ports(field: &str) -> Result<PortRange, String> {
    let (lo, hi) = field
        .split_once(':')
        .ok_or_else(|| format!("port range {field:?}"))?;
    let lo: u16 = lo.trim().parse().map_err(|e| format!("{field}: {e}"))?;
    let hi: u16 = hi.trim().parse().map_err(|e| format!("{field}: {e}"))?;
    PortRange::new(lo, hi).ok_or_else(|| format!("port range {field:?} runs backwards"))
}

fn protocol(field: &str) -> Result<ProtocolRange, String> {
    let (value, mask) = field
        .split_once('/')
        .ok_or_else(|| format!("protocol {field:?}"))?;
    let hex = |s: &str| u8::from_str_radix(s.trim_start_matches("0x"), 16);
    let value = hex(value).map_err(|e| format!("{field}: {e}"))?;
    match hex(mask).map_err(|e| format!("{field}: {e}"))? {
        0xFF => Ok(ProtocolRange::exactly(value)),
        0x00 => Ok(ProtocolRange::ANY),
        m => Err(format!(
            "protocol mask {m:#x} is neither exact nor wildcard"
        )),
    }
}

/// The rules of a filter set, in priority order.
pub fn rules(name: &str) -> Result<Vec<Selector>, String> {
    let text = std::fs::read_to_string(dir().join(name)).map_err(|e| format!("{name}: {e}"))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, line)| {
            let f: Vec<&str> = line.trim_start_matches('@').split('\t').collect();
            if f.len() < 5 {
                return Err(format!("{name}:{}: {} fields", n + 1, f.len()));
            }
            Ok(Selector {
                family: Family::V4,
                source: prefix(f[0])?,
                destination: prefix(f[1])?,
                source_ports: ports(f[2])?,
                destination_ports: ports(f[3])?,
                protocol: protocol(f[4])?,
            })
            .map_err(|e: String| format!("{name}:{}: {e}", n + 1))
        })
        .collect()
}

/// The headers of a trace, each with the rule it was generated from (an upper bound on
/// its first match).
pub fn trace(name: &str) -> Result<Vec<(Header, usize)>, String> {
    let text = std::fs::read_to_string(dir().join(name)).map_err(|e| format!("{name}: {e}"))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, line)| {
            let f: Vec<u64> = line
                .split_whitespace()
                .map(|x| x.parse::<u64>())
                .collect::<Result<_, _>>()
                .map_err(|e| format!("{name}:{}: {e}", n + 1))?;
            if f.len() < 7 {
                return Err(format!("{name}:{}: {} fields", n + 1, f.len()));
            }
            let small = |v: u64, what: &str| {
                u16::try_from(v).map_err(|_| format!("{name}:{}: {what} {v}", n + 1))
            };
            Ok((
                Header {
                    family: Family::V4,
                    source: u128::from(f[0]),
                    destination: u128::from(f[1]),
                    source_port: small(f[2], "source port")?,
                    destination_port: small(f[3], "destination port")?,
                    protocol: u8::try_from(f[4])
                        .map_err(|_| format!("{name}:{}: protocol {}", n + 1, f[4]))?,
                },
                f[6] as usize,
            ))
        })
        .collect()
}
