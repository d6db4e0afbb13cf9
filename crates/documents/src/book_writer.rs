//! The writer of one edition of the book: the blocks it collects and the edition's wording of
//! numbers and catalogue text. The chapters (`book_chapters`, `book_participation`) write
//! through it; `book` gathers the data and calls them — so the chapters depend on this module,
//! not on `book`.

use crate::content::{Block, Col, Row};
use kotacerdas_domain::format;
use kotacerdas_domain::narrative::{self, default_text, Part, Section};
use kotacerdas_i18n::Lang;
use kotacerdas_store::plan::programmes::Programme;
use std::collections::BTreeMap;

/// Collects the blocks of one edition.
pub(crate) struct Writer {
    pub lang: String,
    /// The edition's language in the catalogue, for the book's fixed text.
    pub l: Lang,
    pub out: Vec<Block>,
    pub region: String,
    pub first: i32,
    pub last: i32,
    pub texts: BTreeMap<String, String>,
}

impl Writer {
    /// The edition's wording of a catalogue message (`documents.ftl`).
    pub fn t(&self, key: &str) -> String {
        self.l.t(key)
    }
    /// A catalogue message with text arguments.
    pub fn ta(&self, key: &str, args: &[(&'static str, &str)]) -> String {
        self.l.ta(key, args)
    }
    pub fn heading(&mut self, level: u8, text: &str) {
        self.out.push(Block::Heading(level, text.to_string()));
    }
    pub fn para(&mut self, text: &str) {
        self.out.push(Block::Para(text.to_string()));
    }
    /// A table whose header is given as catalogue keys.
    pub fn table(&mut self, columns: &str, header: &[&str], rows: Vec<Vec<String>>) {
        let header = header.iter().map(|key| self.t(key)).collect();
        self.table_text(columns, header, rows);
    }
    /// A table whose header is already text.
    pub fn table_text(&mut self, columns: &str, header: Vec<String>, rows: Vec<Vec<String>>) {
        self.out.push(Block::Table {
            columns: Col::parse(columns),
            header,
            rows: rows.into_iter().map(Row::Cells).collect(),
            small: false,
        });
    }
    /// A decimal the edition's way: "3,25" or "3.25".
    pub fn decimal(&self, v: f64) -> String {
        format::float(v, 2, &self.lang)
    }
    /// A whole number the edition's way: "1.666" or "1,666".
    pub fn number(&self, n: i64) -> String {
        format::number(n, &self.lang)
    }
    /// Whole rupiah the edition's way.
    pub fn money(&self, n: i64) -> String {
        format::money(n, &self.lang)
    }
    /// The region's text for a section in this edition, or the default.
    pub fn narrative(&mut self, section: Section) {
        let key = format!("{}:{}", section.as_str(), self.lang);
        let text = match self.texts.get(&key) {
            Some(t) => t.clone(),
            None => default_text(section, &self.lang, &self.region, self.first, self.last),
        };
        self.out.extend(blocks(&text));
    }
}

/// Narrative markup as book blocks (also used by the web preview's tests).
pub fn blocks(text: &str) -> Vec<Block> {
    narrative::parse(text)
        .into_iter()
        .map(|p| match p {
            Part::Para(spans) => Block::Rich(spans),
            Part::SubHeading(h) => Block::SubHeading(h),
            Part::Bullets(items) => Block::List { ordered: false, items },
            Part::Numbered(items) => Block::List { ordered: true, items },
        })
        .collect()
}

impl Writer {
    /// A stored decimal ("1666.7") written the edition's way ("1.666,7" / "1,666.7").
    pub fn decimal_text(&self, v: &str) -> String {
        format::decimal(v, &self.lang)
    }
}

/// Total of a programme's budget in a year (all sources).
pub(crate) fn year_total(p: &Programme, year: i32) -> i64 {
    p.budgets.iter().filter(|b| b.year == year).fold(0i64, |s, b| s.saturating_add(b.amount))
}
