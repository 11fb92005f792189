//! Any bytes as one file of a drift state folder: `nft -j list ruleset`, `ip xfrm policy`,
//! a swanctl.conf, the Windows export. Run: `cargo fuzz run drift -s none
//! fuzz/corpus-seed/drift` (see scripts/test).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = cordon::fuzz_drift_state(data);
});
