#![no_main]
//! The inventory import's reader: any bytes → rows of its two sheets, or a refusal. With the
//! production limits: no panic, no allocation past the caps, rows within the row/column caps.
use kotacerdas_intake::xlsx::{read, XlsxLimits};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let limits = XlsxLimits::default();
    if let Ok(wb) = read(data, &["Data", "Aplikasi"], &limits) {
        for (_, rows) in &wb.sheets {
            assert!(rows.len() <= limits.max_rows as usize);
            assert!(rows.iter().all(|r| r.len() <= limits.max_columns as usize));
        }
    }
});
