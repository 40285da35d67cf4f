//! Fuzzes `chipshop::fuzzing::redis_session` (see its docs, and docs/fuzzing.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| chipshop::fuzzing::redis_session(data));
