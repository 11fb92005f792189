//! Any bytes as a capture file: the pcap/pcapng reader, the packet parser, the
//! conversation table and the classification against the built-in topology.
//! Run: `cargo fuzz run capture -s none fuzz/corpus-seed/capture` (see scripts/test).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = cordon::fuzz_capture(data);
});
