//! Any bytes through the topology loader and, when valid, the traffic map and policy.
//! Run: `cargo fuzz run topology -s none fuzz/corpus-seed` (see scripts/test).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = cordon::fuzz_topology(data);
});
