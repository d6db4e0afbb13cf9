//! Typst as a library: a world that holds one generated source, the SVG charts it refers to,
//! and the fonts shipped inside the binary (typst-assets). Nothing is read from disk or the
//! network at run time.

use kotacerdas_domain::printable::printable;
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

/// The standard library, built once: it is the same for every document, and a per-compile copy
/// would be hashed and memoized anew each time.
fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

/// Whether some embedded font has a glyph for `c` (typst falls back across all of them).
pub fn covered(c: char) -> bool {
    let (fonts, book) = fonts();
    (0..fonts.len()).any(|i| book.info(i).is_some_and(|info| info.coverage.contains(c as u32)))
}

struct BookWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
}

impl World for BookWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
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
    /// A writer library panicked (caught; see `contained`).
    #[error("document writer failed: {0}")]
    Panic(String),
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
        main: Source::new(id("main.typ"), markup.to_string()),
        files: files.into_iter().map(|(name, bytes)| (id(&name), Bytes::new(bytes))).collect(),
    };
    let out = contained("typst", || compile(&world));
    // Typst memoizes layout and text shaping in a process-wide cache (comemo) that it never
    // empties by itself: each book adds hundreds of MB and a server grew by 2.4 GB in 50 books.
    // Everything it holds was for this document, so drop it now. The comemo dependency is pinned
    // to the version typst links, otherwise this would clear another, empty cache.
    comemo::evict(0);
    out
}

fn compile(world: &BookWorld) -> Result<(Vec<u8>, usize), DocError> {
    let messages = |errs: &[typst::diag::SourceDiagnostic]| {
        errs.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; ")
    };
    let doc: PagedDocument = typst::compile(world).output.map_err(|e| DocError::Typst(messages(&e)))?;
    let pages = doc.pages.len();
    let bytes = typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default()).map_err(|e| DocError::Typst(messages(&e)))?;
    Ok((bytes, pages))
}

/// Run a document writer (typst, docx-rs, resvg), turning a panic inside it into an error. The
/// text reaching them is already cleaned ([`s`], `printable`); this is the last line, so that a
/// defect still unknown in a library costs one document, never the server or a frozen version.
pub(crate) fn contained<T>(what: &str, f: impl FnOnce() -> Result<T, DocError>) -> Result<T, DocError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(out) => out,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            tracing::error!(writer = what, panic = %msg, "document writer panicked");
            Err(DocError::Panic(format!("{what}: {msg}")))
        }
    }
}

/// A typst string literal: everything the data holds stays text, never markup, and only the
/// characters that may be printed (`kotacerdas_domain::printable`) reach the typesetter.
pub fn s(text: &str) -> String {
    let text = printable(text);
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
        let svg = kotacerdas_charts::Trend {
            title: "t",
            points: vec![(2020, 1.0), (2021, 2.0)],
            decimal_comma: true,
            unit: "",
        }
        .svg();
        let out = pdf(&markup, vec![("c.svg".into(), svg.into_bytes())]).expect("pdf");
        assert!(out.starts_with(b"%PDF-"));
        assert!(pdf("#image(\"missing.svg\")", vec![]).is_err());
    }
}
