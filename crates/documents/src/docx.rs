//! The same book as an editable DOCX: real heading styles (so Word and LibreOffice build a table
//! of contents), real tables, and the charts as PNG images rasterised from the shared SVGs.

use crate::content::{Block, Book, Col, Row, Span};
use crate::pdf::{contained, DocError};
use docx_rs::{
    AlignmentType, BreakType, Docx, Paragraph, Pic, Run, Style, StyleType, Table, TableCell, TableLayoutType,
    TableOfContents, TableRow, WidthType,
};
use kotacerdas_domain::printable::printable;
use std::sync::{Arc, OnceLock};

/// Fonts for the rasteriser: the same embedded fonts the PDF uses.
fn fontdb() -> Arc<resvg::usvg::fontdb::Database> {
    static DB: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        for data in typst_assets::fonts() {
            db.load_font_data(data.to_vec());
        }
        for data in crate::pdf::dejavu_sans() {
            db.load_font_data(data.to_vec());
        }
        db.set_sans_serif_family("DejaVu Sans");
        db.set_serif_family("Libertinus Serif");
        Arc::new(db)
    })
    .clone()
}

/// An SVG chart as PNG at twice its size (crisp when printed), with its pixel size.
pub fn png(svg: &str) -> Result<(Vec<u8>, u32, u32), DocError> {
    let opt = resvg::usvg::Options { fontdb: fontdb(), ..Default::default() };
    let tree = resvg::usvg::Tree::from_str(svg, &opt).map_err(|e| DocError::Typst(format!("svg: {e}")))?;
    let size = tree.size().to_int_size();
    let (w, h) = (size.width() * 2, size.height() * 2);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).ok_or_else(|| DocError::Typst("empty chart".into()))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(2.0, 2.0), &mut pixmap.as_mut());
    let bytes = pixmap.encode_png().map_err(|e| DocError::Typst(format!("png: {e}")))?;
    Ok((bytes, w, h))
}

/// A run of text: only printable characters (`kotacerdas_domain::printable`) go into the DOCX,
/// as a control character makes document.xml invalid XML that Word refuses to open.
fn run(t: impl AsRef<str>) -> Run {
    Run::new().add_text(printable(t.as_ref()))
}

fn text(t: &str) -> Paragraph {
    Paragraph::new().add_run(run(t))
}

fn bold(t: &str) -> Paragraph {
    Paragraph::new().add_run(run(t).bold())
}

/// A paragraph from narrative spans, keeping bold and italic.
fn rich(spans: &[Span]) -> Paragraph {
    spans.iter().fold(Paragraph::new(), |p, x| match x {
        Span::Text(t) => p.add_run(run(t)),
        Span::Bold(t) => p.add_run(run(t).bold()),
        Span::Italic(t) => p.add_run(run(t).italic()),
    })
}

const EMU_PER_CM: f32 = 360_000.0;

impl Book {
    /// The DOCX (docx-rs and the chart rasteriser; a panic inside them becomes an error).
    pub fn docx(&self) -> Result<Vec<u8>, DocError> {
        contained("docx", || self.write_docx())
    }

    fn write_docx(&self) -> Result<Vec<u8>, DocError> {
        let mut doc = Docx::new()
            .add_style(Style::new("Heading1", StyleType::Paragraph).name("Heading 1").bold().size(32))
            .add_style(Style::new("Heading2", StyleType::Paragraph).name("Heading 2").bold().size(26))
            .add_style(Style::new("Caption", StyleType::Paragraph).name("Caption").italic().size(18));
        let [a, b, c, d] = &self.cover;
        // The logo as decoded by `logo_png` (never docx-rs's own decoder: it panics on a file that
        // only starts like a PNG); one that does not decode is left off the cover.
        if let Some((png, w, h)) = self.logo.as_deref().and_then(logo_png) {
            let pic = Pic::new_with_dimensions(png, w, h);
            let height = (3.5 * EMU_PER_CM) as u32;
            let width = (height as u64 * w as u64 / h.max(1) as u64) as u32;
            doc = doc.add_paragraph(
                Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_image(pic.size(width, height))),
            );
        }
        for (line, size) in [(a, 28), (b, 48), (c, 36), (d, 24)] {
            doc = doc.add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(line).size(size).bold()));
        }
        if let Some(e) = &self.enactment {
            doc = doc
                .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(&e.cover).size(22).italic()));
        }
        doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
        doc = doc
            .add_table_of_contents(TableOfContents::new().heading_styles_range(1, 2).alias(self.label("doc-contents")));
        let mut chapter = 0;
        for block in &self.blocks {
            doc = match block {
                Block::Heading(1, t) => {
                    chapter += 1;
                    doc.add_paragraph(Paragraph::new().style("Heading1").page_break_before(true).add_run(run(format!(
                        "{}{} {}",
                        self.label("doc-chapter-prefix"),
                        roman(chapter),
                        t.to_uppercase()
                    ))))
                }
                Block::Front(t) => doc.add_paragraph(
                    Paragraph::new().style("Heading1").page_break_before(true).add_run(run(t.to_uppercase())),
                ),
                Block::SubHeading(t) => doc.add_paragraph(bold(t)),
                Block::Rich(spans) => doc.add_paragraph(rich(spans).align(AlignmentType::Both)),
                Block::List { ordered, items } => {
                    let mut d = doc;
                    for (i, item) in items.iter().enumerate() {
                        let marker = if *ordered { format!("{}. ", i + 1) } else { "• ".to_string() };
                        let mut spans = vec![Span::Text(marker)];
                        spans.extend(item.iter().cloned());
                        d = d.add_paragraph(rich(&spans).indent(
                            Some(567),
                            Some(docx_rs::SpecialIndentType::Hanging(283)),
                            None,
                            None,
                        ));
                    }
                    d
                }
                Block::Heading(_, t) => doc.add_paragraph(Paragraph::new().style("Heading2").add_run(run(t))),
                Block::Para(t) => doc.add_paragraph(text(t).align(AlignmentType::Both)),
                Block::Quote(t) => {
                    doc.add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(t).italic().size(26)))
                }
                Block::Title(t) => {
                    doc.add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(t).bold().size(28)))
                }
                Block::Table { columns, header, rows, small } => {
                    let widths = column_widths(columns, header, rows);
                    let size = if *small { 14 } else { 17 };
                    let cell = |t: &str, i: usize, bold: bool| {
                        let mut run = run(t).size(size);
                        if bold {
                            run = run.bold();
                        }
                        TableCell::new()
                            .width(widths.get(i).copied().unwrap_or(1000), WidthType::Dxa)
                            .add_paragraph(Paragraph::new().add_run(run))
                    };
                    let full: usize = widths.iter().sum();
                    let span = |t: &str, bold: bool, size: usize| {
                        let mut run = run(t).size(size);
                        if bold {
                            run = run.bold();
                        }
                        TableRow::new(vec![TableCell::new()
                            .grid_span(columns.len())
                            .width(full, WidthType::Dxa)
                            .add_paragraph(Paragraph::new().add_run(run))])
                    };
                    let mut trs =
                        vec![TableRow::new(header.iter().enumerate().map(|(i, h)| cell(h, i, true)).collect())];
                    for r in rows {
                        trs.push(match r {
                            Row::Cells(cells) => {
                                TableRow::new(cells.iter().enumerate().map(|(i, c)| cell(c, i, false)).collect())
                            }
                            Row::Span(t) => span(t, true, size),
                            Row::Note(t) => span(t, false, 14),
                        });
                    }
                    let table = Table::new(trs)
                        .set_grid(widths.clone())
                        .layout(TableLayoutType::Fixed)
                        .width(full, WidthType::Dxa);
                    doc.add_table(table).add_paragraph(Paragraph::new())
                }
                Block::Figure { svg, caption, width_cm } => {
                    let (bytes, w, h) = png(svg)?;
                    let width = (width_cm * EMU_PER_CM) as u32;
                    let height = (width as u64 * h as u64 / w.max(1) as u64) as u32;
                    doc.add_paragraph(
                        Paragraph::new()
                            .align(AlignmentType::Center)
                            .add_run(Run::new().add_image(Pic::new_with_dimensions(bytes, w, h).size(width, height))),
                    )
                    .add_paragraph(Paragraph::new().style("Caption").align(AlignmentType::Center).add_run(run(caption)))
                }
                Block::Signatures(people) => {
                    let mut d = doc;
                    for who in people {
                        d = d
                            .add_paragraph(text(who))
                            .add_paragraph(Paragraph::new())
                            .add_paragraph(Paragraph::new())
                            .add_paragraph(text("(______________________________)"));
                    }
                    d
                }
                Block::PageBreak => doc.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page))),
                Block::Enactment(spot) => match &self.enactment {
                    Some(e) => doc.add_paragraph(Paragraph::new().add_run(run(e.at(*spot)).bold())),
                    None => doc,
                },
            };
        }
        let mut out = std::io::Cursor::new(Vec::new());
        doc.build().pack(&mut out).map_err(|e| DocError::Typst(format!("docx: {e}")))?;
        Ok(out.into_inner())
    }
}

/// A logo (PNG or JPEG) decoded within limits and written as PNG, with its pixel size; `None`
/// when it does not decode (a stored file that is broken, or not the picture it claims to be).
pub fn logo_png(bytes: &[u8]) -> Option<(Vec<u8>, u32, u32)> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format().ok()?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(8_000);
    limits.max_image_height = Some(8_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let img = reader.decode().ok()?;
    let mut png = std::io::Cursor::new(Vec::new());
    img.write_to(&mut png, image::ImageFormat::Png).ok()?;
    Some((png.into_inner(), img.width(), img.height()))
}

/// Text width of an A4 page with the book's margins, in twentieths of a point.
const PAGE_TWIPS: usize = 9_400;

/// Fixed column widths (twips) so Word and LibreOffice lay tables out as the PDF does: "auto"
/// columns as wide as their longest entry (within limits), "fr" columns share the rest.
fn column_widths(columns: &[Col], header: &[String], rows: &[Row]) -> Vec<usize> {
    let longest = |i: usize| {
        let cells = rows.iter().filter_map(|r| match r {
            Row::Cells(c) => c.get(i),
            _ => None,
        });
        header.get(i).into_iter().chain(cells).map(|t| t.chars().count()).max().unwrap_or(4)
    };
    let mut widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| match c {
            Col::Auto => (longest(i) * 95 + 180).clamp(500, 2_600),
            Col::Fr => 0,
        })
        .collect();
    let fixed: usize = widths.iter().sum();
    let shares = columns.iter().filter(|c| **c == Col::Fr).count();
    if let Some(each) = PAGE_TWIPS.saturating_sub(fixed).checked_div(shares) {
        let each = each.max(1_800);
        for (w, c) in widths.iter_mut().zip(columns) {
            if *c == Col::Fr {
                *w = each;
            }
        }
    }
    let total: usize = widths.iter().sum();
    if total > PAGE_TWIPS {
        for w in widths.iter_mut() {
            *w = *w * PAGE_TWIPS / total;
        }
    }
    widths
}

fn roman(n: usize) -> &'static str {
    ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"].get(n).copied().unwrap_or("X")
}
