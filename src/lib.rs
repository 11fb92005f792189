//! cordon turns the layout of a Configuration Manager 2007 hierarchy into IPsec isolation
//! policies and firewall rules, following "Implementing IPsec in Configuration Manager
//! 2007" (the seed).
//!
//! ```text
//! topology file (TOML)          catalog (TOML, built in + user's own)
//!           \                    /
//!            v                  v
//!         topology ── validated, resolved; every item keeps its source span
//!            |
//!            v
//!         traffic ── every flow: from, to, protocol, ports, path, protection, provenance
//!            |
//!            v
//!         policy ── per host: ordered IPsec rules; per firewall: IKE, NAT-T, ESP, exempt flows
//!            |
//!            v
//!         report ── text tables and JSON          cli ── argv, stdout, exit codes
//! ```
//!
//! Each stage is a pure function of the one before it. Nothing downstream reaches back
//! upstream, and only `cli` prints.

pub mod source;
pub mod diag;
pub mod net;
pub mod catalog;
pub mod topology;
pub mod traffic;
pub mod policy;
pub mod report;
pub mod synth;
pub mod cli;
