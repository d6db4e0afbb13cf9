#![no_main]
//! Region bundles (zip + manifest + rows) as the importer reads them, from arbitrary bytes:
//! nothing may panic, abort or allocate beyond the caps, and everything read stays within them.
use kotacerdas_intake::bundle::{Bundle, Limits, Tables};
use std::io::Cursor;

const MIB: u64 = 1024 * 1024;
const TABLES: Tables<'static> = Tables {
    known: &["regions", "audit_log", "users", "files", "opds", "programmes", "role_assignments"],
    required: &["regions"],
};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // The product's caps scaled down, so a run stays within the fuzzer's memory limit; the code
    // paths are the same.
    let limits = Limits {
        max_entries: 10_000,
        max_table_bytes: 8 * MIB,
        max_tables_bytes: 16 * MIB,
        max_table_rows: 20_000,
        max_rows: 50_000,
        max_file_bytes: 8 * MIB,
        max_total_bytes: 64 * MIB,
        ..Limits::default()
    };
    if let Ok(mut b) = Bundle::open(Cursor::new(data), TABLES, limits.clone()) {
        let ids: Vec<i64> = b.file_ids().collect();
        for id in ids {
            if let Ok(Some(bytes)) = b.file(id, None) {
                assert!(bytes.len() as u64 <= limits.max_file_bytes);
            }
        }
        let rows: usize = b.tables.values().map(Vec::len).sum();
        assert!(rows <= limits.max_rows);
        // A read may pass a cap by one buffer before it is stopped.
        assert!(b.inflated() <= limits.max_total_bytes + MIB);
    }
});
