//! The one integration-test binary: the CLI end to end, golden files, diagnostics for bad
//! input, properties of the policy, a fuzz smoke run, and the layering rule.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    missing_docs
)]

mod audit;
mod classify;
mod cli;
mod diagnostics;
mod drift;
mod explain;
mod golden;
mod lab;
mod lab_hosts;
mod layering;
mod netsh;
mod powershell;
mod properties;
mod real_tools;
mod reference;
mod report;
mod support {
    pub mod capture;
    pub mod classbench;
}
mod util;
mod verify;
mod zeek;
