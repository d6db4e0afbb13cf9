#![no_main]
// The region's own narrative text (a small Markdown-like syntax) as any user may type it, and the
// printable-text rule every printed text passes: parsing must never panic, and what the rule lets
// through holds no bidi embedding/override/isolate and no control character but the line feed.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for part in kotacerdas_domain::narrative::parse(text) {
        let _ = format!("{part:?}");
    }
    for line in text.lines().take(64) {
        let _ = kotacerdas_domain::narrative::spans(line);
    }
    let clean = kotacerdas_domain::printable::printable(text);
    assert!(!clean
        .chars()
        .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') || (c.is_control() && c != '\n')));
});
