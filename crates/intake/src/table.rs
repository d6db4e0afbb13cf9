//! An uploaded table — XLSX or CSV, as a regional planning system exports it — as plain rows of
//! text, with the same caps as [`crate::xlsx`]: rows and columns are checked while reading, so a
//! file never makes a grid larger than `max_rows × max_columns` strings.
//!
//! CSV from Indonesian offices comes in every dialect: Excel in an id-ID locale writes `;`
//! (the comma is the decimal mark), other tools `,` or tabs; a UTF-8 byte-order mark is common;
//! older exports are Windows-1252. The delimiter is the one of `;`, `,`, tab that occurs most in
//! the first lines outside quotes; text that is not UTF-8 is read as Windows-1252 (every byte is
//! a character there, so nothing is refused for its encoding).

use crate::xlsx::{self, Rows, XlsxLimits};
use crate::IntakeError;

/// The sheet name given to a CSV file's one table (error messages name it).
pub const CSV_SHEET: &str = "CSV";

/// Read the first sheet of an XLSX workbook or a CSV file (told apart by the zip signature).
/// Returns the sheet's name and its rows.
pub fn read(bytes: &[u8], limits: &XlsxLimits) -> Result<(String, Rows), IntakeError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return xlsx::read_first(bytes, limits)?
            .ok_or_else(|| IntakeError::Damaged("the workbook has no sheet".into()));
    }
    // A NUL byte never occurs in a text export: this is some other binary (an old .xls, a PDF).
    if bytes.contains(&0) || bytes.is_empty() {
        return Err(IntakeError::NotTable);
    }
    Ok((CSV_SHEET.to_string(), csv(&text(bytes), limits)?))
}

fn text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

/// Windows-1252 → char. The 0x80–0x9F block differs from Latin-1 (curly quotes, €, dashes).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// The delimiter used most outside quotes in the first 20 lines.
fn delimiter(s: &str) -> char {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    let mut lines = 0;
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => {
                lines += 1;
                if lines >= 20 {
                    break;
                }
            }
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [';', ',', '\t'][best]
}

/// RFC 4180 with the dialects above: quoted fields may hold the delimiter, doubled quotes and
/// line breaks; CRLF, LF and lone CR end a record. Trailing empty cells are dropped, as in
/// [`xlsx::read`].
fn csv(s: &str, limits: &XlsxLimits) -> Result<Rows, IntakeError> {
    let delim = delimiter(s);
    let too_many_rows = || IntakeError::TooManyRows { sheet: CSV_SHEET.into(), max: limits.max_rows };
    let too_many_cols = || IntakeError::TooManyColumns { sheet: CSV_SHEET.into(), max: limits.max_columns };
    let mut rows: Rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    let finish_row = |row: &mut Vec<String>, rows: &mut Rows| -> Result<(), IntakeError> {
        while row.last().is_some_and(|c| c.trim().is_empty()) {
            row.pop();
        }
        if rows.len() >= limits.max_rows as usize {
            return Err(too_many_rows());
        }
        rows.push(std::mem::take(row));
        Ok(())
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                row.push(std::mem::take(&mut field));
                if row.len() > limits.max_columns as usize
                    && row.iter().skip(limits.max_columns as usize).any(|f| !f.trim().is_empty())
                {
                    return Err(too_many_cols());
                }
                finish_row(&mut row, &mut rows)?;
            }
            c if c == delim => {
                row.push(std::mem::take(&mut field));
                if row.len() > limits.max_columns as usize && !row.last().is_some_and(|f| f.trim().is_empty()) {
                    return Err(too_many_cols());
                }
                // A row of thousands of empty cells is still a row of thousands of cells.
                if row.len() > 4 * limits.max_columns as usize {
                    return Err(too_many_cols());
                }
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        if row.len() > limits.max_columns as usize
            && row.iter().skip(limits.max_columns as usize).any(|f| !f.trim().is_empty())
        {
            return Err(too_many_cols());
        }
        finish_row(&mut row, &mut rows)?;
    }
    // Drop blank lines at the end (a file ending in empty records).
    while rows.last().is_some_and(|r| r.is_empty()) {
        rows.pop();
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn rows(s: &str) -> Rows {
        read(s.as_bytes(), &XlsxLimits::default()).unwrap().1
    }

    #[test]
    fn semicolons_quotes_and_line_breaks() {
        let r = rows("\u{feff}Kode;Nama;Pagu\r\n'2.16.03.2.02.0001;\"Layanan; \"\"TTE\"\"\nbaris dua\";1.250.000\r\n");
        assert_eq!(r[0], vec!["Kode", "Nama", "Pagu"]);
        assert_eq!(r[1], vec!["'2.16.03.2.02.0001", "Layanan; \"TTE\"\nbaris dua", "1.250.000"]);
        assert_eq!(r.len(), 2);
    }

    #[test]
    fn commas_tabs_and_windows_1252() {
        assert_eq!(rows("a,b,c\n1,2,3")[1], vec!["1", "2", "3"]);
        assert_eq!(rows("a\tb\n1\t2\n")[1], vec!["1", "2"]);
        let r = read(b"Nama;Pagu\nDinas \x93Kominfo\x94 caf\xe9;5\n", &XlsxLimits::default()).unwrap().1;
        assert_eq!(r[1][0], "Dinas “Kominfo” café");
    }

    #[test]
    fn limits_hold_before_growing() {
        let limits = XlsxLimits { max_rows: 3, max_columns: 2, ..Default::default() };
        assert!(matches!(read(b"a\nb\nc\nd\n", &limits), Err(IntakeError::TooManyRows { .. })));
        assert!(matches!(read(b"a;b;c\n", &limits), Err(IntakeError::TooManyColumns { .. })));
        assert!(matches!(read(&vec![b';'; 100_000], &limits), Err(IntakeError::TooManyColumns { .. })));
        // Trailing empty cells beyond the cap are not data.
        assert_eq!(read(b"a;b;;\n", &limits).unwrap().1[0], vec!["a", "b"]);
        assert!(matches!(read(b"\x00\x01binary", &limits), Err(IntakeError::NotTable)));
        assert!(matches!(read(b"", &limits), Err(IntakeError::NotTable)));
    }
}
