#![no_main]
//! The programme register import's reader: any bytes → rows of the three sheets it reads, or a
//! refusal. With the production limits: no panic, no allocation past the caps, and the rows kept
//! never exceed the row and column caps.
use kotacerdas_intake::xlsx::{read, XlsxLimits};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let limits = XlsxLimits::default();
    if let Ok(wb) = read(data, &["Program", "Target dan Anggaran", "IKU"], &limits) {
        for (_, rows) in &wb.sheets {
            assert!(rows.len() <= limits.max_rows as usize);
            assert!(rows.iter().all(|r| r.len() <= limits.max_columns as usize));
        }
    }
});
