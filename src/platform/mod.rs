//! How each enforcing platform decides, as code, and the platforms' published references
//! as data.
//!
//! `windows` models which Windows rule applies to a packet (no administrator order: the
//! more specific rule wins) and synthesizes Windows rules on which that decision equals the
//! plan's first match; `reference` holds every emitted call against the cmdlet and netsh
//! references kept in `reference/windows/`; `xfrm` models the Linux kernel's policies and
//! reads them back (netlink, `ip xfrm policy`); `nftables` reads `nft -j list ruleset`
//! and runs a packet through its chains; `swanctl` reads a swanctl.conf back;
//! `windows_state` reads cordon's Windows export. Sits below `emit` (which renders what
//! these models accept) and `drift` (which asks them about deployed state).

pub mod capability;
mod json;
pub mod nftables;
pub mod reference;
pub mod swanctl;
pub mod windows;
pub mod windows_state;
pub mod xfrm;
