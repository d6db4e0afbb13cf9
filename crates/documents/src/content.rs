//! The book as format-neutral blocks. The same blocks are written as typst (PDF) and as DOCX, so
//! both formats always carry the same content.

use crate::pdf::{pdf, pdf_pages, s, DocError};
pub use kotacerdas_domain::narrative::Span;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Col {
    /// As wide as the content.
    Auto,
    /// Takes the remaining width (shared by all such columns).
    Fr,
}

impl Col {
    /// Read a typst-like column list: "(auto, 1fr, auto)".
    pub fn parse(spec: &str) -> Vec<Col> {
        spec.trim_matches(|c| c == '(' || c == ')')
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(|c| if c.ends_with("fr") { Col::Fr } else { Col::Auto })
            .collect()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Row {
    Cells(Vec<String>),
    /// One cell across the whole table (a programme's name above its details).
    Span(String),
    /// A plain full-width row under a programme (its yearly targets).
    Note(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Block {
    /// Level 1 is a chapter ("BAB I") and starts a new page.
    Heading(u8, String),
    /// A chapter-like heading without a number (forewords, annexes); starts a new page.
    Front(String),
    /// A small unnumbered heading inside a section (from the narrative's `### `).
    SubHeading(String),
    Para(String),
    /// A paragraph with bold and italic pieces (from the narrative).
    Rich(Vec<Span>),
    List {
        ordered: bool,
        items: Vec<Vec<Span>>,
    },
    /// A centred, emphasised line (the vision).
    Quote(String),
    /// A centred, bold title without a number.
    Title(String),
    Table {
        columns: Vec<Col>,
        header: Vec<String>,
        rows: Vec<Row>,
        small: bool,
    },
    Figure {
        svg: String,
        caption: String,
        width_cm: f32,
    },
    /// Signature blocks, two per row.
    Signatures(Vec<String>),
    PageBreak,
    /// Where the regulation that enacted the masterplan is stated once it is enacted (BAB I's
    /// legal basis, the commitment sheet); nothing while the version is a draft or approved.
    Enactment(Spot),
}

/// The places of the book that state its enactment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Spot {
    LegalBasis,
    Commitment,
}

/// The regulation that enacted the masterplan, as each place of the book states it (already in
/// the edition's language).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enactment {
    /// Under the title on the cover: "Ditetapkan dengan Peraturan Daerah … Nomor 10 Tahun 2018".
    pub cover: String,
    /// The paragraph closing BAB I's legal basis.
    pub legal_basis: String,
    /// The line above the commitment sheet's signatures.
    pub commitment: String,
}

impl Enactment {
    pub fn at(&self, spot: Spot) -> &str {
        match spot {
            Spot::LegalBasis => &self.legal_basis,
            Spot::Commitment => &self.commitment,
        }
    }
}

/// A generated book. It is kept (as JSON) with each frozen version, so that the enacted version's
/// files are typeset from the very text that was approved, with the regulation added.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Book {
    pub title: String,
    pub author: String,
    /// "id" or "en": hyphenation, figure captions and the fixed labels below.
    pub lang: String,
    /// Cover lines, top to bottom.
    pub cover: [String; 4],
    /// The region's logo (PNG or JPEG) for the cover.
    pub logo: Option<Vec<u8>>,
    pub blocks: Vec<Block>,
    /// Set on the enacted version's files only.
    #[serde(default)]
    pub enactment: Option<Enactment>,
}

impl Book {
    /// The edition's wording of a catalogue message (`documents.ftl`).
    pub fn label(&self, key: &str) -> String {
        kotacerdas_i18n::Lang::from_code(&self.lang).t(key)
    }
}

/// Characters of the book that no embedded font can draw, so they would print as empty boxes:
/// where (the section's heading), the text they are in (its start) and which characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uncovered {
    pub section: String,
    pub excerpt: String,
    pub chars: Vec<char>,
}

impl Book {
    /// Every text of the book with characters the embedded fonts do not cover, each text once.
    pub fn uncovered(&self) -> Vec<Uncovered> {
        self.uncovered_by(crate::pdf::covered)
    }

    /// As [`Book::uncovered`] for a given coverage (a pure function of the book's text).
    pub fn uncovered_by(&self, covers: impl Fn(char) -> bool + Copy) -> Vec<Uncovered> {
        let mut out: Vec<Uncovered> = Vec::new();
        let mut section = self.label("doc-cover");
        let mut check = |section: &str, text: &str| {
            let chars = kotacerdas_domain::printable::uncovered(text, covers);
            if chars.is_empty() {
                return;
            }
            let excerpt: String = text.chars().take(60).collect();
            if !out.iter().any(|u| u.section == section && u.excerpt == excerpt) {
                out.push(Uncovered { section: section.to_string(), excerpt, chars });
            }
        };
        for t in self.cover.iter().chain([&self.title]) {
            check(&section, t);
        }
        if let Some(e) = &self.enactment {
            for t in [&e.cover, &e.legal_basis, &e.commitment] {
                check(&section, t);
            }
        }
        let spans = |x: &[Span]| {
            x.iter()
                .map(|s| match s {
                    Span::Text(t) | Span::Bold(t) | Span::Italic(t) => t.as_str(),
                })
                .collect::<String>()
        };
        for block in &self.blocks {
            match block {
                Block::Heading(_, t) | Block::Front(t) => {
                    section = t.clone();
                    check(&section, t);
                }
                Block::SubHeading(t) | Block::Para(t) | Block::Quote(t) | Block::Title(t) => check(&section, t),
                Block::Rich(x) => check(&section, &spans(x)),
                Block::List { items, .. } => items.iter().for_each(|i| check(&section, &spans(i))),
                Block::Table { header, rows, .. } => {
                    for t in header {
                        check(&section, t);
                    }
                    for r in rows {
                        match r {
                            Row::Cells(cells) => cells.iter().for_each(|t| check(&section, t)),
                            Row::Span(t) | Row::Note(t) => check(&section, t),
                        }
                    }
                }
                Block::Figure { caption, .. } => check(&section, caption),
                Block::Signatures(people) => people.iter().for_each(|t| check(&section, t)),
                Block::PageBreak | Block::Enactment(_) => {}
            }
        }
        out
    }
}

/// Spans as typst content: each piece a string literal, emphasis by function call.
fn rich(spans: &[Span]) -> String {
    if spans.is_empty() {
        return "[]".into();
    }
    spans
        .iter()
        .map(|x| match x {
            Span::Text(t) => s(t),
            Span::Bold(t) => format!("strong({})", s(t)),
            Span::Italic(t) => format!("emph({})", s(t)),
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Picture format by its first bytes (the logo is checked on upload; this only names it).
pub fn image_ext(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "jpg"
    } else {
        "png"
    }
}

impl Book {
    /// The book as typst markup plus the chart files it refers to.
    pub fn typst(&self) -> (String, Vec<(String, Vec<u8>)>) {
        let mut m = String::new();
        let mut files = Vec::new();
        let _ = write!(
            m,
            "#set document(title: {}, author: {})\n\
             #set page(paper: \"a4\", margin: (x: 2.2cm, y: 2.4cm), numbering: \"1\")\n\
             #set text(lang: {}, font: \"Libertinus Serif\", size: 10.5pt)\n\
             #set par(justify: true)\n\
             #show heading: set text(font: \"DejaVu Sans\")\n\
             #show table: set par(justify: false)\n\
             #show table: set text(font: \"DejaVu Sans\", size: 8pt)\n\
             #show figure.caption: set text(size: 9pt)\n\
             #set figure(supplement: {})\n\
             #set heading(numbering: (..n) => if n.pos().len() == 1 {{ {} + numbering(\"I\", ..n) + \" \" }} else {{ numbering(\"1.1\", ..n) + \" \" }})\n\
             #show heading.where(level: 1): it => {{ pagebreak(weak: true); align(center, text(14pt, upper(it))); v(0.8em) }}\n\n",
            s(&self.title),
            s(&self.author),
            s(&self.lang),
            s(&self.label("doc-figure")),
            s(&self.label("doc-chapter-prefix"))
        );
        let [a, b, c, d] = &self.cover;
        let logo = match &self.logo {
            Some(bytes) => {
                let name = format!("logo.{}", image_ext(bytes));
                let out = format!("#image({}, height: 3.5cm) #v(1.5em)\n", s(&name));
                files.push((name, bytes.clone()));
                out
            }
            None => String::new(),
        };
        let enacted = match &self.enactment {
            Some(e) => format!("\\ #v(1.5em) #text(11pt, style: \"italic\", {})", s(&e.cover)),
            None => String::new(),
        };
        let _ = write!(
            m,
            "#page(numbering: none)[#set text(font: \"DejaVu Sans\")\n#align(center + horizon)[{logo}#text(13pt, {})\\ #v(1em) #text(24pt, weight: \"bold\", {})\\ #v(0.6em) #text(18pt, {})\\ #v(2em) #text(12pt, {}){enacted}]]\n\n",
            s(a),
            s(b),
            s(c),
            s(d)
        );
        let _ = writeln!(m, "#outline(title: {}, depth: 2)\n", s(&self.label("doc-contents")));
        for block in &self.blocks {
            match block {
                Block::Heading(level, text) => {
                    let _ = writeln!(m, "#heading(level: {level}, {})\n", s(text));
                }
                Block::Front(text) => {
                    let _ = writeln!(m, "#heading(level: 1, numbering: none, {})\n", s(text));
                }
                Block::SubHeading(text) => {
                    let _ = writeln!(
                        m,
                        "#block(above: 1em, below: 0.6em, text(font: \"DejaVu Sans\", weight: \"bold\", {}))\n",
                        s(text)
                    );
                }
                Block::Para(text) => {
                    let _ = writeln!(m, "#par({})\n", s(text));
                }
                Block::Rich(spans) => {
                    let _ = writeln!(m, "#par({})\n", rich(spans));
                }
                Block::List { ordered, items } => {
                    let f = if *ordered { "enum" } else { "list" };
                    let _ = writeln!(
                        m,
                        "#{f}({})\n",
                        items.iter().map(|i| format!("[#({})]", rich(i))).collect::<Vec<_>>().join(", ")
                    );
                }
                Block::Quote(text) => {
                    let _ = writeln!(m, "#align(center, text(13pt, style: \"italic\", {}))\n", s(text));
                }
                Block::Title(text) => {
                    let _ = writeln!(m, "#align(center, text(14pt, weight: \"bold\", {}))\n", s(text));
                }
                Block::Table { columns, header, rows, small } => {
                    let cols: Vec<&str> = columns.iter().map(|c| if *c == Col::Fr { "1fr" } else { "auto" }).collect();
                    if *small {
                        m.push_str("#[#set text(size: 7.5pt)\n");
                    }
                    let _ = write!(
                        m,
                        "#table(columns: ({}), stroke: 0.4pt + luma(160), inset: 4pt,\n  table.header(",
                        cols.join(", ")
                    );
                    for h in header {
                        let _ = write!(m, "strong({}), ", s(h));
                    }
                    m.push_str("),\n");
                    for r in rows {
                        match r {
                            Row::Cells(cells) => {
                                let _ = writeln!(m, "  {},", cells.iter().map(|c| s(c)).collect::<Vec<_>>().join(", "));
                            }
                            Row::Span(text) => {
                                let _ = writeln!(
                                    m,
                                    "  table.cell(colspan: {}, fill: luma(240), strong({})),",
                                    columns.len(),
                                    s(text)
                                );
                            }
                            Row::Note(text) => {
                                let _ = writeln!(
                                    m,
                                    "  table.cell(colspan: {}, text(size: 7.5pt, {})),",
                                    columns.len(),
                                    s(text)
                                );
                            }
                        }
                    }
                    m.push_str(")\n");
                    if *small {
                        m.push_str("]\n");
                    }
                    m.push('\n');
                }
                Block::Figure { svg, caption, width_cm } => {
                    let name = format!("figure-{}.svg", files.len());
                    let _ = writeln!(m, "#figure(image({}, width: {width_cm}cm), caption: {})\n", s(&name), s(caption));
                    files.push((name, svg.clone().into_bytes()));
                }
                Block::Signatures(people) => {
                    m.push_str("#grid(columns: (1fr, 1fr), row-gutter: 2.2cm, column-gutter: 1cm,\n");
                    for who in people {
                        let _ = writeln!(m, "  [#text({}) \\ #v(1.6cm) #line(length: 6cm)],", s(who));
                    }
                    m.push_str(")\n\n");
                }
                Block::PageBreak => m.push_str("#pagebreak()\n"),
                Block::Enactment(spot) => {
                    if let Some(e) = &self.enactment {
                        let _ = writeln!(m, "#par(strong({}))\n", s(e.at(*spot)));
                    }
                }
            }
        }
        (m, files)
    }

    pub fn pdf(&self) -> Result<Vec<u8>, DocError> {
        let (markup, files) = self.typst();
        pdf(&markup, files)
    }

    /// The PDF with its page count.
    pub fn pdf_pages(&self) -> Result<(Vec<u8>, usize), DocError> {
        let (markup, files) = self.typst();
        pdf_pages(&markup, files)
    }
}
