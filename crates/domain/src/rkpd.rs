//! The adopted RKPD/APBD as a region's planning system exports it, read into sub-activity rows.
//!
//! Exports are messy by nature: a title block above the table; headers over two or three rows
//! with merged cells ("Indikator Kinerja" over "Tolok Ukur" and "Target"); subtotal rows for
//! every urusan, bidang, program and kegiatan between the sub-activities; codes typed as text
//! (`'2.16.03.2.02.0001`) or with the OPD's unit code in front; money with id-ID thousands dots,
//! en-US commas, "Rp" and ",00". This module finds the header, proposes which column is which
//! (the region confirms once and the choice is kept as its profile), and reads every row into an
//! [`Item`] or a [`RowProblem`] naming the row — the caller applies all rows or none.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

code_enum!(Field "rkpd-field" {
    Code = "code",
    Name = "name",
    Opd = "opd",
    Indicator = "indicator",
    Target = "target",
    Pagu = "pagu",
});

impl Field {
    /// Words that name the column in exports (lower case; matched as substrings of the joined
    /// header text), strongest first.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Code => &["kode sub kegiatan", "kode rekening", "kode", "code"],
            Field::Name => &[
                "nama sub kegiatan",
                "sub kegiatan",
                "urusan/bidang",
                "program/kegiatan",
                "uraian",
                "nomenklatur",
                "nama",
                "name",
            ],
            Field::Opd => &["perangkat daerah", "skpd", "opd", "unit kerja", "dinas"],
            Field::Indicator => &["tolok ukur", "indikator", "indicator", "keluaran"],
            Field::Target => &["target", "volume", "satuan"],
            Field::Pagu => &["pagu", "anggaran", "jumlah (rp)", "nilai", "rp", "budget"],
        }
    }

    /// Whether the import is useless without the column.
    pub fn required(self) -> bool {
        matches!(self, Field::Code | Field::Name | Field::Pagu)
    }
}

/// Which column holds which field, by the column's header text (so a profile still fits when a
/// column moves) and, for the file at hand, by index.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Field code → the header text of its column (as [`Table::labels`] gives it).
    pub columns: BTreeMap<String, String>,
}

impl Profile {
    pub fn get(&self, f: Field) -> Option<&str> {
        self.columns.get(f.as_str()).map(String::as_str).filter(|s| !s.is_empty())
    }
}

/// A table as found in the file: where its header is and each column's header text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Rows (0-based) the header spans; data starts after the last.
    pub header: std::ops::RangeInclusive<usize>,
    /// One text per column: the header cells above each other joined by a space, a merged cell's
    /// text carried to the columns it spans.
    pub labels: Vec<String>,
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// How many fields a row's cells name, for spotting the header.
fn field_hits(cells: &[String]) -> usize {
    Field::ALL.iter().filter(|f| cells.iter().any(|c| f.synonyms().iter().any(|s| norm(c).contains(s)))).count()
}

/// Find the header among the first 30 rows: the first row naming at least three fields; the rows
/// under it belong to the header while they are not data (no code-like or money-like cell in
/// them) — at most two more.
pub fn find_table(rows: &[Vec<String>]) -> Option<Table> {
    let start = rows.iter().take(30).position(|r| field_hits(r) >= 3)?;
    let mut end = start;
    while end + 1 < rows.len() && end < start + 2 {
        let next = &rows[end + 1];
        let data_like = next.iter().any(|c| normalise_code(c).is_some_and(|c| c.contains('.')) || money_like(c));
        // A row of column numbers ("1", "2", "3" …) under the header is part of it, too.
        let numbering = !next.is_empty()
            && next.iter().enumerate().all(|(i, c)| c.trim() == (i + 1).to_string() || c.trim().is_empty());
        if (data_like && !numbering) || next.iter().all(|c| c.trim().is_empty()) {
            break;
        }
        end += 1;
    }
    let width = rows[start..=end].iter().map(Vec::len).max().unwrap_or(0);
    let mut labels = vec![String::new(); width];
    for row in &rows[start..=end] {
        // Numbering rows add nothing to the labels.
        if row.iter().enumerate().all(|(i, c)| c.trim() == (i + 1).to_string() || c.trim().is_empty()) {
            continue;
        }
        let mut carried = String::new();
        for (i, label) in labels.iter_mut().enumerate() {
            let cell = row.get(i).map(|c| c.split_whitespace().collect::<Vec<_>>().join(" ")).unwrap_or_default();
            if !cell.is_empty() {
                carried = cell.clone();
            }
            // A merged cell holds its text in its first column only; the columns it spans have an
            // empty cell here and a text of their own in the row below. Carry this row's text
            // right only into such columns.
            let below_has_text = rows.get(end).is_some_and(|r| r.get(i).is_some_and(|c| !c.trim().is_empty()));
            let text = if cell.is_empty() && below_has_text && !std::ptr::eq(row, &rows[end]) {
                carried.clone()
            } else {
                cell
            };
            if !text.is_empty() {
                if !label.is_empty() {
                    label.push(' ');
                }
                label.push_str(&text);
            }
        }
    }
    Some(Table { header: start..=end, labels })
}

/// Propose a column for every field: the saved profile's header text where it is still in the
/// file, else the column whose header names the field with the strongest synonym. One column
/// serves one field.
pub fn propose(table: &Table, saved: Option<&Profile>) -> BTreeMap<Field, usize> {
    let mut out = BTreeMap::new();
    let mut taken = vec![false; table.labels.len()];
    if let Some(p) = saved {
        for f in Field::ALL {
            if let Some(text) = p.get(*f) {
                if let Some(i) = table.labels.iter().position(|l| norm(l) == norm(text)) {
                    if !taken[i] {
                        taken[i] = true;
                        out.insert(*f, i);
                    }
                }
            }
        }
    }
    // Fields in an order where the specific words come before the general ones ("kode" is in
    // "kode rekening" but a "nama sub kegiatan" column must not be taken as the code).
    for f in [Field::Code, Field::Pagu, Field::Opd, Field::Indicator, Field::Target, Field::Name] {
        if out.contains_key(&f) {
            continue;
        }
        'syn: for s in f.synonyms() {
            for (i, l) in table.labels.iter().enumerate() {
                if !taken[i] && norm(l).contains(s) {
                    // "Target" must not take a "pagu … target" column, nor "Name" the code column.
                    taken[i] = true;
                    out.insert(f, i);
                    break 'syn;
                }
            }
        }
    }
    out
}

/// A code as typed: the apostrophe Excel users put before text, spaces, a trailing dot, the
/// unit's own code in front ("2.16.2.20.0.00.01.0000 2.16.03.2.02.0001" keeps the last part).
/// `None` when the cell holds no code.
pub fn normalise_code(raw: &str) -> Option<String> {
    let t = raw.trim().trim_start_matches(['\'', '`', '‘', '’']).trim();
    let last = t.split_whitespace().last()?;
    let c = last.trim_end_matches('.');
    let ok = !c.is_empty()
        && c.split('.').all(|p| {
            !p.is_empty() && p.len() <= 5 && p.chars().all(|ch| ch.is_ascii_digit() || ch == 'X' || ch == 'x')
        })
        && c.chars().next().is_some_and(|ch| ch.is_ascii_digit());
    ok.then(|| c.to_uppercase())
}

/// The level of a Permendagri 90 code by its parts (1, 2, 3, 5 or 6; anything else as is).
pub fn code_depth(code: &str) -> usize {
    code.split('.').count()
}

fn money_like(c: &str) -> bool {
    let t = c.trim();
    t.len() >= 4 && parse_rupiah(t).is_ok_and(|v| v.is_some_and(|v| v >= 1000))
}

/// Why a money cell is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyProblem {
    NotANumber,
    Negative,
    Fraction,
    TooLarge,
}

/// Whole rupiah from what exports hold: "Rp 1.250.000.000,00", "1,250,000,000", "1250000000",
/// "1 250 000 000", "1.25E+9" (a number cell), "-" or empty (nothing). Dots and commas are
/// thousands separators when they group three digits; a last group of one or two digits after
/// a comma is cents (must be zero — the budget is in whole rupiah), after a dot likewise.
pub fn parse_rupiah(raw: &str) -> Result<Option<i64>, MoneyProblem> {
    let mut t: String = raw.trim().to_string();
    for p in ["Rp.", "Rp", "IDR", "rp"] {
        if let Some(rest) = t.strip_prefix(p) {
            t = rest.trim().to_string();
        }
    }
    let t: String = t.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    if t.is_empty() || t == "-" || t == "–" {
        return Ok(None);
    }
    if t.starts_with('-') || (t.starts_with('(') && t.ends_with(')')) {
        return Err(MoneyProblem::Negative);
    }
    if t.contains(['e', 'E']) {
        let v: f64 = t.parse().map_err(|_| MoneyProblem::NotANumber)?;
        if !v.is_finite() || v < 0.0 {
            return Err(MoneyProblem::NotANumber);
        }
        if v >= 1e15 {
            return Err(MoneyProblem::TooLarge);
        }
        if v.fract() != 0.0 {
            return Err(MoneyProblem::Fraction);
        }
        return Ok(Some(v as i64));
    }
    if !t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return Err(MoneyProblem::NotANumber);
    }
    // The last separator decides cents: one or two digits after it.
    let (whole, cents) = match t.rfind(['.', ',']) {
        Some(i) if (1..=2).contains(&(t.len() - i - 1)) => (&t[..i], &t[i + 1..]),
        _ => (t.as_str(), ""),
    };
    if cents.chars().any(|c| c != '0') {
        return Err(MoneyProblem::Fraction);
    }
    let groups: Vec<&str> = whole.split(['.', ',']).collect();
    if groups.iter().any(|g| g.is_empty() || !g.chars().all(|c| c.is_ascii_digit()))
        || groups.iter().skip(1).any(|g| g.len() != 3)
        || groups.first().is_some_and(|g| groups.len() > 1 && g.len() > 3)
    {
        return Err(MoneyProblem::NotANumber);
    }
    let digits: String = groups.concat();
    if digits.len() > 15 {
        return Err(MoneyProblem::TooLarge);
    }
    digits.parse::<i64>().map(Some).map_err(|_| MoneyProblem::NotANumber)
}

/// One sub-activity of the adopted plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The row in the file (1-based, as the spreadsheet shows it).
    pub row: usize,
    pub code: String,
    pub name: String,
    pub opd: String,
    pub indicator: String,
    pub target: String,
    pub pagu: i64,
}

/// A row that cannot be taken, with the field and the message key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    pub row: usize,
    pub field: Field,
    pub code: &'static str,
}

/// What a file gives with a mapping: the sub-activities, the rows refused, and how many rows were
/// passed over as subtotals (urusan … kegiatan) or blank.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub items: Vec<Item>,
    pub problems: Vec<RowProblem>,
    pub subtotals: usize,
    /// The file's deepest code level, the level taken as the sub-activity.
    pub depth: usize,
}

/// Longest text kept in a field (names in SIPD exports run to ~250 characters).
pub const MAX_TEXT: usize = 500;

/// Read the rows under the header with the mapping. The rows at the deepest code level present
/// (sub-kegiatan, normally) are the items; shallower coded rows are the export's subtotals.
/// Missing required columns is one problem on row 0.
pub fn parse(rows: &[Vec<String>], table: &Table, map: &BTreeMap<Field, usize>) -> Parsed {
    let mut out = Parsed::default();
    let missing: Vec<Field> = Field::ALL.iter().copied().filter(|f| f.required() && !map.contains_key(f)).collect();
    if let Some(f) = missing.first() {
        out.problems.push(RowProblem { row: 0, field: *f, code: "err-rkpd-column-missing" });
        return out;
    }
    let cell = |r: &Vec<String>, f: Field| -> String {
        map.get(&f)
            .and_then(|i| r.get(*i))
            .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    };
    let data = || rows.iter().enumerate().skip(table.header.end() + 1);
    out.depth =
        data().filter_map(|(_, r)| normalise_code(&cell(r, Field::Code))).map(|c| code_depth(&c)).max().unwrap_or(0);
    for (i, r) in data() {
        let row = i + 1;
        let raw_code = cell(r, Field::Code);
        let name = cell(r, Field::Name);
        let raw_pagu = cell(r, Field::Pagu);
        if raw_code.is_empty() && name.is_empty() {
            if !raw_pagu.is_empty() {
                out.subtotals += 1; // a grand total line
            }
            continue;
        }
        // A heading without code or money (the OPD's name above its rows, in some exports).
        if raw_code.is_empty() && raw_pagu.is_empty() {
            out.subtotals += 1;
            continue;
        }
        let lowered = norm(&name);
        if raw_code.is_empty()
            && (lowered.starts_with("jumlah") || lowered.starts_with("total") || lowered.starts_with("sub total"))
        {
            out.subtotals += 1;
            continue;
        }
        let problem = |field, code| RowProblem { row, field, code };
        let Some(code) = normalise_code(&raw_code) else {
            out.problems.push(problem(
                Field::Code,
                if raw_code.is_empty() { "err-rkpd-code-missing" } else { "err-rkpd-code" },
            ));
            continue;
        };
        if code_depth(&code) < out.depth {
            out.subtotals += 1;
            continue;
        }
        let mut bad = false;
        if name.is_empty() {
            out.problems.push(problem(Field::Name, "err-required"));
            bad = true;
        }
        for f in [Field::Name, Field::Opd, Field::Indicator, Field::Target] {
            if cell(r, f).chars().count() > MAX_TEXT {
                out.problems.push(problem(f, "err-rkpd-too-long"));
                bad = true;
            }
        }
        let pagu = match parse_rupiah(&raw_pagu) {
            Ok(v) => v.unwrap_or(0),
            Err(p) => {
                out.problems.push(problem(
                    Field::Pagu,
                    match p {
                        MoneyProblem::NotANumber => "err-rkpd-money",
                        MoneyProblem::Negative => "err-rkpd-negative",
                        MoneyProblem::Fraction => "err-rkpd-fraction",
                        MoneyProblem::TooLarge => "err-rkpd-too-large",
                    },
                ));
                bad = true;
                0
            }
        };
        if bad {
            continue;
        }
        out.items.push(Item {
            row,
            code,
            name,
            opd: cell(r, Field::Opd),
            indicator: cell(r, Field::Indicator),
            target: cell(r, Field::Target),
            pagu,
        });
    }
    out
}

/// Check a mapping sent from the form: each field's column within the table, no column twice.
pub fn check_mapping(table: &Table, chosen: &BTreeMap<Field, usize>) -> Result<(), (Field, &'static str)> {
    let mut seen = std::collections::HashSet::new();
    for (f, i) in chosen {
        if *i >= table.labels.len() {
            return Err((*f, "err-rkpd-column-unknown"));
        }
        if !seen.insert(*i) {
            return Err((*f, "err-rkpd-column-twice"));
        }
    }
    match Field::ALL.iter().find(|f| f.required() && !chosen.contains_key(f)) {
        Some(f) => Err((*f, "err-rkpd-column-missing")),
        None => Ok(()),
    }
}

/// The profile to keep: each mapped field's header text.
pub fn profile_of(table: &Table, chosen: &BTreeMap<Field, usize>) -> Profile {
    Profile {
        columns: chosen
            .iter()
            .filter_map(|(f, i)| table.labels.get(*i).map(|l| (f.as_str().to_string(), l.clone())))
            .collect(),
    }
}

#[cfg(test)]
#[path = "rkpd_tests.rs"]
mod tests;
