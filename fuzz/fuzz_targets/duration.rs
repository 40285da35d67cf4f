//! Fuzzes `chipshop::fuzzing::duration` (see its docs, and docs/fuzzing.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| chipshop::fuzzing::duration(data));
