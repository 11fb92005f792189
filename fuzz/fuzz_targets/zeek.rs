//! Any bytes as a Zeek conn.log: the TSV header and records, the JSON form, gzip.
//! Run: `cargo fuzz run zeek -s none fuzz/corpus-seed/zeek` (see scripts/test).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = cordon::fuzz_zeek(data);
});
