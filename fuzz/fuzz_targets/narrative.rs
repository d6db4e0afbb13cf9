#![no_main]
// The region's own narrative text (a small Markdown-like syntax) as any user may type it:
// parsing must never panic, and every span must come from the input.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for part in kotacerdas_domain::narrative::parse(text) {
        let _ = format!("{part:?}");
    }
    for line in text.lines().take(64) {
        let _ = kotacerdas_domain::narrative::spans(line);
    }
});
