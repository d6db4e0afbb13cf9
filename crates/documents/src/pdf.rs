//! Typst as a library: a world that holds one generated source, the SVG charts it refers to,
//! and the fonts shipped inside the binary (typst-assets). Nothing is read from disk or the
//! network at run time.

use std::collections::HashMap;
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

/// Fonts are parsed once per process.
fn fonts() -> &'static (Vec<Font>, LazyHash<FontBook>) {
    static FONTS: OnceLock<(Vec<Font>, LazyHash<FontBook>)> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> =
            typst_assets::fonts().chain(dejavu_sans()).flat_map(|data| Font::iter(Bytes::new(data))).collect();
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        (fonts, book)
    })
}

/// The sans face for headings, tables and charts (Libertinus Serif, from typst-assets, sets
/// the body). Both cover Indonesian and the rupiah, en dash and arrow signs the book uses.
pub fn dejavu_sans() -> impl Iterator<Item = &'static [u8]> {
    [dejavu::sans::regular(), dejavu::sans::bold(), dejavu::sans::oblique(), dejavu::sans::bold_oblique()].into_iter()
}

struct BookWorld {
    library: LazyHash<Library>,
    main: Source,
    files: HashMap<FileId, Bytes>,
}

impl World for BookWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().1
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.get(&id).cloned().ok_or_else(|| FileError::NotFound(id.vpath().as_rootless_path().into()))
    }
    fn font(&self, index: usize) -> Option<Font> {
        fonts().0.get(index).cloned()
    }
    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        let now = chrono::Utc::now().date_naive();
        use chrono::Datelike;
        Datetime::from_ymd(now.year(), now.month() as u8, now.day() as u8)
    }
}

/// Why a document could not be produced (a bug in the generated markup, not user input).
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error("typst: {0}")]
    Typst(String),
    #[error("store: {0}")]
    Store(#[from] kotacerdas_store::StoreError),
}

/// Compile typst markup with its attached files (name → bytes, e.g. "radar.svg") to a PDF.
pub fn pdf(markup: &str, files: Vec<(String, Vec<u8>)>) -> Result<Vec<u8>, DocError> {
    pdf_pages(markup, files).map(|(bytes, _)| bytes)
}

/// The PDF and its number of pages.
pub fn pdf_pages(markup: &str, files: Vec<(String, Vec<u8>)>) -> Result<(Vec<u8>, usize), DocError> {
    let id = |name: &str| FileId::new(None, VirtualPath::new(name));
    let world = BookWorld {
        library: LazyHash::new(Library::default()),
        main: Source::new(id("main.typ"), markup.to_string()),
        files: files.into_iter().map(|(name, bytes)| (id(&name), Bytes::new(bytes))).collect(),
    };
    let messages = |errs: &[typst::diag::SourceDiagnostic]| {
        errs.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; ")
    };
    let doc: PagedDocument = typst::compile(&world).output.map_err(|e| DocError::Typst(messages(&e)))?;
    let pages = doc.pages.len();
    let bytes = typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default()).map_err(|e| DocError::Typst(messages(&e)))?;
    Ok((bytes, pages))
}

/// A typst string literal: everything the data holds stays text, never markup.
pub fn s(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_a_page_with_an_svg_and_hostile_text() {
        let markup = format!(
            "= Judul\n#text({})\n#image(\"c.svg\", width: 4cm)\n",
            s("Rp 1.000 #hapus *tebal* \"kutip\" \\ $x$")
        );
        let svg =
            kotacerdas_charts::Trend { title: "t", points: vec![(2020, 1.0), (2021, 2.0)], decimal_comma: true }.svg();
        let out = pdf(&markup, vec![("c.svg".into(), svg.into_bytes())]).expect("pdf");
        assert!(out.starts_with(b"%PDF-"));
        assert!(pdf("#image(\"missing.svg\")", vec![]).is_err());
    }
}
