//! The book as format-neutral blocks. The same blocks are written as typst (PDF) and as DOCX, so
//! both formats always carry the same content.

use crate::pdf::{pdf, s, DocError};
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

#[derive(Debug, Clone)]
pub enum Row {
    Cells(Vec<String>),
    /// One cell across the whole table (a programme's name above its details).
    Span(String),
}

#[derive(Debug, Clone)]
pub enum Block {
    /// Level 1 is a chapter ("BAB I") and starts a new page.
    Heading(u8, String),
    Para(String),
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
}

/// A generated book.
pub struct Book {
    pub title: String,
    pub author: String,
    /// Cover lines, top to bottom.
    pub cover: [String; 4],
    pub blocks: Vec<Block>,
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
             #set text(lang: \"id\", font: \"Libertinus Serif\", size: 10.5pt)\n\
             #set par(justify: true)\n\
             #show table: set par(justify: false)\n\
             #show table: set text(size: 9pt)\n\
             #set heading(numbering: (..n) => if n.pos().len() == 1 {{ \"BAB \" + numbering(\"I\", ..n) + \" \" }} else {{ numbering(\"1.1\", ..n) + \" \" }})\n\
             #show heading.where(level: 1): it => {{ pagebreak(weak: true); align(center, text(14pt, upper(it))); v(0.8em) }}\n\n",
            s(&self.title),
            s(&self.author)
        );
        let [a, b, c, d] = &self.cover;
        let _ = write!(
            m,
            "#page(numbering: none)[#align(center + horizon)[#text(13pt, {})\\ #v(1em) #text(24pt, weight: \"bold\", {})\\ #v(0.6em) #text(18pt, {})\\ #v(2em) #text(12pt, {})]]\n\n",
            s(a),
            s(b),
            s(c),
            s(d)
        );
        m.push_str("#outline(title: \"Daftar Isi\", depth: 2)\n\n");
        for block in &self.blocks {
            match block {
                Block::Heading(level, text) => {
                    let _ = writeln!(m, "#heading(level: {level}, {})\n", s(text));
                }
                Block::Para(text) => {
                    let _ = writeln!(m, "#par({})\n", s(text));
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
            }
        }
        (m, files)
    }

    pub fn pdf(&self) -> Result<Vec<u8>, DocError> {
        let (markup, files) = self.typst();
        pdf(&markup, files)
    }
}
