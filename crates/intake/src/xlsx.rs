//! Uploaded XLSX workbooks → plain rows of text, with every limit checked before allocating.
//!
//! Why not calamine (0.30) directly: `Xlsx::worksheet_range` builds its grid with
//! `Range::from_sparse`, which allocates `(max_row - min_row + 1) × (max_col - min_col + 1)` cells
//! from the extreme cells found (`vec![T::default(); len]` in lib.rs) — one value in A1 and one in
//! XFD1048576 is 17 billion cells, 550 GB, and the process aborts. Its reference parser
//! (`get_row_and_optional_column`, `get_dimension`) also does unchecked `u32` arithmetic
//! (`pow *= 10`, `parts[1].0 - parts[0].0`), which panics in builds with overflow checks (tests,
//! fuzzing) and wraps silently in release; and it inflates every part with no cap. The importers
//! only need the text of a few sheets, so this module reads them itself, streaming, on quick-xml:
//!
//! 1. the zip is checked before the zip crate sizes anything (the end-of-directory record's entry
//!    count, no ZIP64), then entries are counted and each declared size capped;
//! 2. only the parts needed (workbook, its relationships, shared strings, the wanted sheets) are
//!    inflated, counting the bytes as they come with a hard cap per part and in total, and an
//!    inflation-ratio cap — declared sizes are never trusted;
//! 3. each sheet's `<dimension ref>` is checked against the row/column caps, and then every
//!    non-empty cell's own position too (the dimension can lie); a cell outside the caps refuses
//!    the file, so the grid kept is at most `max_rows × max_cols` strings.

use crate::IntakeError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

/// What an uploaded workbook may be. The defaults fit a region's programme register or inventory
/// many times over.
#[derive(Debug, Clone)]
pub struct XlsxLimits {
    /// Entries in the zip (a workbook written by Excel or LibreOffice has 10–30).
    pub max_entries: usize,
    /// Inflated bytes of one part.
    pub max_part_bytes: u64,
    /// Inflated bytes of all the parts read together.
    pub max_total_bytes: u64,
    /// Inflated ÷ compressed bytes of a part, checked once a part passes 1 MB. Spreadsheet XML
    /// compresses 10–30:1; a zip bomb thousands to one.
    pub max_ratio: u64,
    /// Rows of a sheet, the header included.
    pub max_rows: u32,
    /// Columns of a sheet.
    pub max_columns: u32,
}

impl Default for XlsxLimits {
    fn default() -> Self {
        XlsxLimits {
            max_entries: 500,
            max_part_bytes: 64 * 1024 * 1024,
            max_total_bytes: 128 * 1024 * 1024,
            max_ratio: 200,
            max_rows: 20_000,
            max_columns: 64,
        }
    }
}

/// One sheet's cells as text: `rows[i][j]` is row `i + 1`, column `j + 1` of the spreadsheet.
/// Rows are as long as their last non-empty cell; empty cells are empty strings.
pub type Rows = Vec<Vec<String>>;

/// The sheets that were asked for and found, by name.
#[derive(Debug, Default)]
pub struct Workbook {
    pub sheets: Vec<(String, Rows)>,
}

impl Workbook {
    pub fn sheet(&self, name: &str) -> Option<&Rows> {
        self.sheets.iter().find(|(n, _)| n == name).map(|(_, r)| r)
    }
}

fn damaged(what: impl std::fmt::Display) -> IntakeError {
    IntakeError::Damaged(what.to_string())
}

const MB: u64 = 1024 * 1024;

/// Read the sheets named in `wanted` (others are not even inflated).
pub fn read(bytes: &[u8], wanted: &[&str], limits: &XlsxLimits) -> Result<Workbook, IntakeError> {
    read_some(bytes, &|_, name| wanted.contains(&name), limits)
}

/// Read only the workbook's first sheet, whatever its name: a planning system's export names its
/// sheet as it likes ("Sheet1", "RKPD 2026", "Laporan"). `None` when the workbook has no sheet.
pub fn read_first(bytes: &[u8], limits: &XlsxLimits) -> Result<Option<(String, Rows)>, IntakeError> {
    let book = read_some(bytes, &|i, _| i == 0, limits)?;
    Ok(book.sheets.into_iter().next())
}

fn read_some(bytes: &[u8], wanted: &dyn Fn(usize, &str) -> bool, limits: &XlsxLimits) -> Result<Workbook, IntakeError> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(IntakeError::NotXlsx);
    }
    check_end_record(bytes, limits)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    if zip.len() > limits.max_entries {
        return Err(IntakeError::TooManyParts(limits.max_entries));
    }
    let mut names = HashSet::new();
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(damaged)?;
        if f.size() > limits.max_part_bytes {
            return Err(IntakeError::TooLarge(limits.max_part_bytes / MB));
        }
        declared = declared.saturating_add(f.size());
        // Two parts of one name: which one a reader takes is up to the reader; refuse instead.
        if !names.insert(f.name().to_string()) {
            return Err(damaged(format!("two parts named {:?}", f.name())));
        }
    }
    if declared > limits.max_total_bytes {
        return Err(IntakeError::TooLarge(limits.max_total_bytes / MB));
    }
    let mut budget = Budget { left: limits.max_total_bytes, limits };

    let workbook = budget.inflate(&mut zip, "xl/workbook.xml")?.ok_or_else(|| damaged("no xl/workbook.xml"))?;
    let rels = budget.inflate(&mut zip, "xl/_rels/workbook.xml.rels")?.unwrap_or_default();
    let targets = relationships(&rels)?;
    let sheets = sheet_list(&workbook)?;
    let shared_path = targets
        .values()
        .find(|(kind, _)| kind.ends_with("/sharedStrings"))
        .map(|(_, path)| path.clone())
        .unwrap_or_else(|| "xl/sharedStrings.xml".to_string());
    let strings = match budget.inflate(&mut zip, &shared_path)? {
        Some(xml) => shared_strings(&xml)?,
        None => Vec::new(),
    };
    let mut out = Workbook::default();
    for (i, (name, rel)) in sheets.into_iter().enumerate() {
        if !wanted(i, &name) || out.sheet(&name).is_some() {
            continue;
        }
        let Some((_, path)) = targets.get(&rel) else {
            return Err(damaged(format!("sheet {name:?} has no part")));
        };
        let xml = budget.inflate(&mut zip, path)?.ok_or_else(|| damaged(format!("sheet {name:?}: no {path}")))?;
        let rows = sheet_rows(&xml, &strings, &name, limits)?;
        out.sheets.push((name, rows));
    }
    Ok(out)
}

/// Look at the end-of-central-directory record(s) before the zip crate does: it reserves room
/// for the entry count declared there, and a ZIP64 record can declare billions. A workbook never
/// needs ZIP64 (it is for archives over 4 GB or 65,535 entries).
fn check_end_record(bytes: &[u8], limits: &XlsxLimits) -> Result<(), IntakeError> {
    // The record is 22 bytes plus a comment of at most 65,535 bytes, at the end of the file.
    let from = bytes.len().saturating_sub(22 + 65_535);
    let tail = &bytes[from..];
    let mut found = false;
    for (i, w) in tail.windows(4).enumerate() {
        if w == b"PK\x05\x06" {
            let rec = &tail[i..];
            let (Some(this_disk), Some(total)) = (le16(rec, 8), le16(rec, 10)) else {
                continue;
            };
            found = true;
            // A ZIP64 locator sits right before the record.
            let zip64 = i >= 20 && tail.get(i - 20..i - 16) == Some(b"PK\x06\x07".as_slice());
            if this_disk == 0xFFFF || total == 0xFFFF || zip64 {
                return Err(damaged("ZIP64 archive"));
            }
            if usize::from(total.max(this_disk)) > limits.max_entries {
                return Err(IntakeError::TooManyParts(limits.max_entries));
            }
        }
    }
    if found {
        Ok(())
    } else {
        Err(damaged("no end of central directory (cut short?)"))
    }
}

fn le16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

struct Budget<'a> {
    left: u64,
    limits: &'a XlsxLimits,
}

impl Budget<'_> {
    /// Inflate one part into memory, counting bytes as they come (the declared size may lie).
    fn inflate(
        &mut self,
        zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
        name: &str,
    ) -> Result<Option<Vec<u8>>, IntakeError> {
        let mut f = match zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(damaged(e)),
        };
        let compressed = f.compressed_size().max(1);
        let cap = self.limits.max_part_bytes.min(self.left);
        // Reserve what is declared, but never more than the cap: the rest grows as it comes.
        let mut out = Vec::with_capacity(f.size().min(cap) as usize);
        let mut chunk = [0u8; 64 * 1024];
        loop {
            let n = f.read(&mut chunk).map_err(|e| damaged(format!("{name}: {e}")))?;
            if n == 0 {
                break;
            }
            let len = out.len() as u64 + n as u64;
            if len > cap {
                let limit = if cap == self.left { self.limits.max_total_bytes } else { self.limits.max_part_bytes };
                return Err(IntakeError::TooLarge(limit / MB));
            }
            if len > MB && len / compressed > self.limits.max_ratio {
                return Err(IntakeError::Ratio(self.limits.max_ratio));
            }
            out.extend_from_slice(&chunk[..n]);
        }
        self.left -= out.len() as u64;
        Ok(Some(out))
    }
}

fn xml(bytes: &[u8]) -> Reader<&[u8]> {
    let mut r = Reader::from_reader(bytes);
    let c = r.config_mut();
    // `<v/>` as start + end, so one code path handles both.
    c.expand_empty_elements = true;
    // Mismatched end tags are the writer's problem, not a reason to lose the data; and checking
    // them keeps a stack of open names.
    c.check_end_names = false;
    r
}

fn attr(e: &BytesStart, local: &[u8]) -> Result<Option<String>, IntakeError> {
    for a in e.attributes() {
        let a = a.map_err(damaged)?;
        if a.key.local_name().as_ref() == local {
            // By hand rather than `unescape_value`, which disappears when another crate turns
            // on quick-xml's `encoding` feature (calamine does, in the same build).
            let raw = std::str::from_utf8(&a.value).map_err(damaged)?;
            return Ok(Some(quick_xml::escape::unescape(raw).map_err(damaged)?.into_owned()));
        }
    }
    Ok(None)
}

/// `xl/_rels/workbook.xml.rels`: relationship id → (type, part path in the zip).
fn relationships(bytes: &[u8]) -> Result<HashMap<String, (String, String)>, IntakeError> {
    let mut out = HashMap::new();
    let mut r = xml(bytes);
    loop {
        match r.read_event().map_err(damaged)? {
            Event::Start(e) if e.local_name().as_ref() == b"Relationship" => {
                let (Some(id), Some(target)) = (attr(&e, b"Id")?, attr(&e, b"Target")?) else {
                    continue;
                };
                let kind = attr(&e, b"Type")?.unwrap_or_default();
                // Targets are relative to xl/ or absolute within the package.
                let path = match target.strip_prefix('/') {
                    Some(abs) => abs.to_string(),
                    None => format!("xl/{target}"),
                };
                out.insert(id, (kind, path));
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// `xl/workbook.xml`: the sheets in order, as (name, relationship id).
fn sheet_list(bytes: &[u8]) -> Result<Vec<(String, String)>, IntakeError> {
    let mut out = Vec::new();
    let mut r = xml(bytes);
    loop {
        match r.read_event().map_err(damaged)? {
            Event::Start(e) if e.local_name().as_ref() == b"sheet" => {
                if let (Some(name), Some(id)) = (attr(&e, b"name")?, attr(&e, b"id")?) {
                    out.push((name, id));
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The text of a `<t>` run: entities unescaped, CDATA as is.
fn text_of(ev: &Event) -> Result<Option<String>, IntakeError> {
    Ok(match ev {
        Event::Text(t) => Some(t.unescape().map_err(damaged)?.into_owned()),
        Event::CData(c) => Some(String::from_utf8_lossy(c).into_owned()),
        _ => None,
    })
}

/// `xl/sharedStrings.xml`: each `<si>`'s text (plain or rich runs; phonetic hints left out).
fn shared_strings(bytes: &[u8]) -> Result<Vec<String>, IntakeError> {
    let mut out = Vec::new();
    let mut r = xml(bytes);
    let (mut in_si, mut in_t, mut in_rph) = (false, false, false);
    let mut cur = String::new();
    loop {
        let ev = r.read_event().map_err(damaged)?;
        match &ev {
            Event::Start(e) => match e.local_name().as_ref() {
                b"si" => {
                    in_si = true;
                    cur.clear();
                }
                b"t" => in_t = true,
                b"rPh" => in_rph = true,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"si" => {
                    in_si = false;
                    out.push(std::mem::take(&mut cur));
                }
                b"t" => in_t = false,
                b"rPh" => in_rph = false,
                _ => {}
            },
            Event::Eof => return Ok(out),
            _ => {
                if in_si && in_t && !in_rph {
                    if let Some(t) = text_of(&ev)? {
                        cur.push_str(&t);
                    }
                }
            }
        }
    }
}

/// "B12" → (11, 1), zero-based; saturating, so an absurd reference is merely far away.
fn cell_ref(s: &[u8]) -> Option<(u64, u64)> {
    let letters = s.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let (col, row) = s.split_at(letters);
    // Absolute references ($B$12) appear in some writers' dimensions.
    let row = row.strip_prefix(b"$").unwrap_or(row);
    if row.is_empty() || !row.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut c: u64 = 0;
    for ch in col.iter().filter(|c| **c != b'$') {
        c = c.saturating_mul(26).saturating_add(u64::from(ch.to_ascii_uppercase() - b'A') + 1);
    }
    let mut r: u64 = 0;
    for d in row {
        r = r.saturating_mul(10).saturating_add(u64::from(d - b'0'));
    }
    Some((r.checked_sub(1)?, c.checked_sub(1)?))
}

fn row_number(s: &[u8]) -> Option<u64> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut r: u64 = 0;
    for d in s {
        r = r.saturating_mul(10).saturating_add(u64::from(d - b'0'));
    }
    r.checked_sub(1)
}

fn check_position(row: u64, col: u64, sheet: &str, limits: &XlsxLimits) -> Result<(), IntakeError> {
    if row >= u64::from(limits.max_rows) {
        return Err(IntakeError::TooManyRows { sheet: sheet.to_string(), max: limits.max_rows });
    }
    if col >= u64::from(limits.max_columns) {
        return Err(IntakeError::TooManyColumns { sheet: sheet.to_string(), max: limits.max_columns });
    }
    Ok(())
}

/// A cell's value as the user sees it (numbers without a trailing ".0", booleans as words).
fn display(kind: &str, raw: String, strings: &[String]) -> Result<String, IntakeError> {
    Ok(match kind {
        "s" => {
            let i: usize = raw.trim().parse().map_err(|_| damaged("bad shared string index"))?;
            strings.get(i).cloned().ok_or_else(|| damaged("shared string index out of range"))?
        }
        "b" => (if raw.trim() == "1" { "true" } else { "false" }).to_string(),
        "n" | "" => match raw.trim().parse::<f64>() {
            Ok(v) if v.is_finite() => v.to_string(),
            _ => raw,
        },
        // inlineStr, str (a formula's text), e (an error such as #DIV/0!), d (ISO date).
        _ => raw,
    })
}

/// One worksheet part → its rows.
fn sheet_rows(bytes: &[u8], strings: &[String], sheet: &str, limits: &XlsxLimits) -> Result<Rows, IntakeError> {
    let mut rows: Rows = Vec::new();
    let mut r = xml(bytes);
    let (mut row, mut col): (u64, u64) = (0, 0);
    // The cell being read: position, type, value text, and whether we are inside <v> or <is><t>.
    let mut cell: Option<(u64, u64, String)> = None;
    let mut value = String::new();
    let (mut in_v, mut in_t, mut in_rph) = (false, false, false);
    loop {
        let ev = r.read_event().map_err(damaged)?;
        match &ev {
            Event::Start(e) => match e.local_name().as_ref() {
                b"dimension" => {
                    if let Some(d) = attr(e, b"ref")? {
                        for part in d.split(':') {
                            let (dr, dc) = cell_ref(part.as_bytes()).ok_or_else(|| damaged("bad dimension"))?;
                            check_position(dr, dc, sheet, limits)?;
                        }
                    }
                }
                b"row" => {
                    if let Some(n) = attr(e, b"r")? {
                        row = row_number(n.as_bytes()).ok_or_else(|| damaged("bad row number"))?;
                    }
                    col = 0;
                }
                b"c" => {
                    let (cr, cc) = match attr(e, b"r")? {
                        Some(a) => cell_ref(a.as_bytes()).ok_or_else(|| damaged("bad cell reference"))?,
                        None => (row, col),
                    };
                    cell = Some((cr, cc, attr(e, b"t")?.unwrap_or_default()));
                    value.clear();
                }
                b"v" => in_v = cell.is_some(),
                b"t" => in_t = cell.is_some(),
                b"rPh" => in_rph = true,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"row" => {
                    row = row.saturating_add(1);
                    col = 0;
                }
                b"c" => {
                    if let Some((cr, cc, kind)) = cell.take() {
                        col = cc.saturating_add(1);
                        let text = display(&kind, std::mem::take(&mut value), strings)?;
                        if !text.is_empty() {
                            check_position(cr, cc, sheet, limits)?;
                            // Both below the caps (u32), so these fit a usize.
                            let (ri, ci) = (cr as usize, cc as usize);
                            if rows.len() <= ri {
                                rows.resize_with(ri + 1, Vec::new);
                            }
                            if let Some(line) = rows.get_mut(ri) {
                                if line.len() <= ci {
                                    line.resize_with(ci + 1, String::new);
                                }
                                if let Some(slot) = line.get_mut(ci) {
                                    *slot = text;
                                }
                            }
                        }
                    }
                    in_v = false;
                    in_t = false;
                }
                b"v" => in_v = false,
                b"t" => in_t = false,
                b"rPh" => in_rph = false,
                b"sheetData" => return Ok(rows),
                _ => {}
            },
            Event::Eof => return Ok(rows),
            _ => {
                if (in_v || (in_t && !in_rph)) && cell.is_some() {
                    if let Some(t) = text_of(&ev)? {
                        value.push_str(&t);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use std::io::Write;

    fn workbook(cells: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet().set_name("Data").unwrap();
        for (r, c, v) in cells {
            match v.parse::<f64>() {
                Ok(n) => ws.write_number(*r, *c, n).unwrap(),
                Err(_) => ws.write_string(*r, *c, *v).unwrap(),
            };
        }
        wb.add_worksheet().set_name("Other").unwrap();
        wb.save_to_buffer().unwrap()
    }

    /// A hand-made package: the given parts, deflated.
    fn package(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in parts {
            z.start_file(*name, o).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap().into_inner()
    }

    const WB: &[u8] =
        br#"<workbook xmlns:r="x"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    const RELS: &[u8] = br#"<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

    fn sheet(data: &str) -> Vec<u8> {
        package(&[
            ("xl/workbook.xml", WB),
            ("xl/_rels/workbook.xml.rels", RELS),
            ("xl/worksheets/sheet1.xml", format!("<worksheet><sheetData>{data}</sheetData></worksheet>").as_bytes()),
        ])
    }

    #[test]
    fn reads_a_written_workbook() {
        let bytes = workbook(&[(0, 0, "nama"), (0, 1, "tahun"), (1, 0, "Satu & dua"), (1, 1, "2024"), (3, 2, "x")]);
        let wb = read(&bytes, &["Data"], &XlsxLimits::default()).unwrap();
        let rows = wb.sheet("Data").unwrap();
        assert_eq!(rows[0], vec!["nama", "tahun"]);
        assert_eq!(rows[1], vec!["Satu & dua", "2024"]);
        assert!(rows[2].is_empty());
        assert_eq!(rows[3], vec!["", "", "x"]);
        assert!(wb.sheet("Other").is_none(), "only the sheets asked for");
    }

    #[test]
    fn a_far_cell_is_refused_without_allocating() {
        // The finding: one cell at XFD1048576 (calamine: a 550 GB grid).
        let bytes = workbook(&[(0, 0, "a"), (1_048_575, 16_383, "far")]);
        let e = read(&bytes, &["Data"], &XlsxLimits::default()).unwrap_err();
        assert!(matches!(e, IntakeError::TooManyRows { max: 20_000, .. }), "{e:?}");
        // The same cell with a truthful small dimension is still caught by its own position.
        let lying = sheet(r#"<c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="XFD1"><v>1</v></c>"#);
        let e = read(&lying, &["Data"], &XlsxLimits::default()).unwrap_err();
        assert!(matches!(e, IntakeError::TooManyColumns { max: 64, .. }), "{e:?}");
    }

    #[test]
    fn rows_past_the_cap_are_refused() {
        let cells: Vec<(u32, u16, &str)> = (0..30).map(|r| (r, 0, "x")).collect();
        let limits = XlsxLimits { max_rows: 20, ..Default::default() };
        assert!(matches!(read(&workbook(&cells), &["Data"], &limits), Err(IntakeError::TooManyRows { .. })));
        // Empty styled cells far away do not count.
        let ok = sheet(r#"<row r="1"><c r="A1"><v>5</v></c></row><row r="900000"><c r="ZZ900000" s="1"/></row>"#);
        assert_eq!(read(&ok, &["Data"], &XlsxLimits::default()).unwrap().sheet("Data").unwrap()[0], vec!["5"]);
    }

    #[test]
    fn absurd_references_do_not_overflow() {
        for r in ["A99999999999999999999999", "ZZZZZZZZZZZZZZZ1", "$A$1", "A0", "1", "A"] {
            let b = sheet(&format!(r#"<c r="{r}"><v>1</v></c>"#));
            let _ = read(&b, &["Data"], &XlsxLimits::default());
        }
        let b = sheet(r#"<row r="4294967296"><c><v>1</v></c></row>"#);
        assert!(read(&b, &["Data"], &XlsxLimits::default()).is_err());
    }

    #[test]
    fn bombs_and_junk_are_refused() {
        let big = vec![b' '; 20 * 1024 * 1024];
        let bomb = package(&[
            ("xl/workbook.xml", WB),
            ("xl/_rels/workbook.xml.rels", RELS),
            ("xl/worksheets/sheet1.xml", &big),
        ]);
        let limits = XlsxLimits { max_part_bytes: 8 * MB, max_ratio: u64::MAX, ..Default::default() };
        assert!(matches!(read(&bomb, &["Data"], &limits), Err(IntakeError::TooLarge(8))));
        assert!(matches!(read(&bomb, &["Data"], &XlsxLimits::default()), Err(IntakeError::Ratio(200))));
        assert_eq!(read(b"hello", &["Data"], &XlsxLimits::default()).unwrap_err(), IntakeError::NotXlsx);
        let good = workbook(&[(0, 0, "a")]);
        for cut in [30, good.len() / 2, good.len() - 10] {
            assert!(matches!(read(&good[..cut], &["Data"], &XlsxLimits::default()), Err(IntakeError::Damaged(_))));
        }
        let many: Vec<(String, Vec<u8>)> = (0..600).map(|i| (format!("p{i}"), vec![])).collect();
        let parts: Vec<(&str, &[u8])> = many.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
        assert_eq!(
            read(&package(&parts), &["Data"], &XlsxLimits::default()).unwrap_err(),
            IntakeError::TooManyParts(500)
        );
    }

    #[test]
    fn shared_and_inline_strings_and_types() {
        let b = package(&[
            ("xl/workbook.xml", WB),
            ("xl/_rels/workbook.xml.rels", br#"<Relationships><Relationship Id="rId1" Target="/xl/worksheets/s.xml"/><Relationship Id="rId9" Type="a/sharedStrings" Target="strings.xml"/></Relationships>"#),
            ("xl/strings.xml", b"<sst><si><t>plain</t></si><si><r><t>ri</t></r><r><t>ch</t></r><rPh><t>no</t></rPh></si></sst>"),
            ("xl/worksheets/s.xml", br#"<worksheet><dimension ref="A1:E1"/><sheetData><row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="b"><v>1</v></c><c><v>1.50</v></c><c t="inlineStr"><is><t>in&amp;line</t></is></c></row></sheetData></worksheet>"#),
        ]);
        let wb = read(&b, &["Data"], &XlsxLimits::default()).unwrap();
        assert_eq!(wb.sheet("Data").unwrap()[0], vec!["plain", "rich", "true", "1.5", "in&line"]);
        let bad = sheet(r#"<c t="s"><v>7</v></c>"#);
        assert!(matches!(read(&bad, &["Data"], &XlsxLimits::default()), Err(IntakeError::Damaged(_))));
    }
}
