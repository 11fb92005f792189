//! How each enforcing platform decides, as code, and the platforms' published references
//! as data.
//!
//! `windows` models which Windows rule applies to a packet (no administrator order: the
//! more specific rule wins) and synthesizes Windows rules on which that decision equals the
//! plan's first match; `reference` holds every emitted call against the cmdlet and netsh
//! references kept in `reference/windows/`. Sits below `emit` (which renders what these
//! models accept) and knows nothing of any output format.

pub mod capability;
pub mod reference;
pub mod windows;
pub mod xfrm;
