#![no_main]
// Placeholder: filled in by the work on this parser (issue 13).
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = data;
});
