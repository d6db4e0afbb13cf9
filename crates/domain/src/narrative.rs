//! The book's editable narrative: one text per section and language, written in a small
//! Markdown-like syntax that both the PDF and the DOCX writers (and the web preview) understand.
//!
//! Syntax, chosen so a Bappeda writer can type it in a plain text box:
//! paragraphs are separated by a blank line; `- ` or `* ` starts a bullet, `1. ` a numbered
//! item; `### ` a sub-heading; `**bold**` and `*italic*` inside a line. Anything else is text.

use serde::{Deserialize, Serialize};

/// Longest text accepted for one section (characters).
pub const MAX_CHARS: usize = 20_000;

code_enum!(Section "book-section" {
    ForewordHead = "foreword_head",
    Preface = "preface",
    Background = "background",
    Purpose = "purpose",
    LegalBasis = "legal_basis",
    Analysis = "analysis",
    Vision = "vision",
    Programmes = "programmes",
    Roadmap = "roadmap",
    QuickWins = "quick_wins",
    Governance = "governance",
    Closing = "closing",
});

/// A piece of a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Span {
    Text(String),
    Bold(String),
    Italic(String),
}

/// A block of narrative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Part {
    Para(Vec<Span>),
    SubHeading(String),
    Bullets(Vec<Vec<Span>>),
    Numbered(Vec<Vec<Span>>),
}

/// Read the text into blocks. Never fails: unknown or unbalanced markup stays literal text.
pub fn parse(src: &str) -> Vec<Part> {
    let mut out = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let flush = |para: &mut Vec<String>, out: &mut Vec<Part>| {
        if !para.is_empty() {
            out.push(Part::Para(spans(&para.join(" "))));
            para.clear();
        }
    };
    for raw in src.lines() {
        let line = raw.trim();
        if line.is_empty() {
            flush(&mut para, &mut out);
            continue;
        }
        if let Some(h) = line.strip_prefix("### ").or_else(|| line.strip_prefix("## ")) {
            flush(&mut para, &mut out);
            out.push(Part::SubHeading(h.trim().to_string()));
        } else if let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            flush(&mut para, &mut out);
            match out.last_mut() {
                Some(Part::Bullets(items)) => items.push(spans(item.trim())),
                _ => out.push(Part::Bullets(vec![spans(item.trim())])),
            }
        } else if let Some(item) = numbered(line) {
            flush(&mut para, &mut out);
            match out.last_mut() {
                Some(Part::Numbered(items)) => items.push(spans(item)),
                _ => out.push(Part::Numbered(vec![spans(item)])),
            }
        } else {
            para.push(line.to_string());
        }
    }
    flush(&mut para, &mut out);
    out
}

/// "12. text" → "text".
fn numbered(line: &str) -> Option<&str> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    line[digits..].strip_prefix(". ").map(str::trim)
}

/// Split a line on `**…**` and `*…*`; an unclosed marker is kept as text.
pub fn spans(line: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = line;
    while !rest.is_empty() {
        let (marker, make): (&str, fn(String) -> Span) = if rest.starts_with("**") {
            ("**", Span::Bold)
        } else if rest.starts_with('*') {
            ("*", Span::Italic)
        } else {
            let next = rest.find('*').unwrap_or(rest.len());
            text.push_str(&rest[..next]);
            rest = &rest[next..];
            continue;
        };
        let body = &rest[marker.len()..];
        // As in Markdown, emphasis hugs its text: "2 * 3" stays arithmetic.
        let close = if body.starts_with(char::is_whitespace) {
            None
        } else {
            body.match_indices(marker).map(|(i, _)| i).find(|&i| i > 0 && !body[..i].ends_with(char::is_whitespace))
        };
        match close {
            Some(end) => {
                if !text.is_empty() {
                    out.push(Span::Text(std::mem::take(&mut text)));
                }
                out.push(make(body[..end].to_string()));
                rest = &body[end + marker.len()..];
            }
            _ => {
                text.push_str(marker);
                rest = body;
            }
        }
    }
    if !text.is_empty() {
        out.push(Span::Text(text));
    }
    out
}

/// The text a new region starts from, with `{region}`, `{first}` and `{last}` filled in.
pub fn default_text(section: Section, lang: &str, region: &str, first: i32, last: i32) -> String {
    let en = lang == "en";
    let t = match section {
        Section::ForewordHead if en => "With this masterplan, {region} sets out how technology and innovation will serve its citizens from {first} to {last}. I invite every agency, the council and all partners of the penta helix to carry it out together.",
        Section::ForewordHead => "Dengan masterplan ini {region} menetapkan bagaimana teknologi dan inovasi melayani warganya dari {first} sampai {last}. Saya mengajak seluruh perangkat daerah, Dewan Smart City dan mitra pentahelix untuk melaksanakannya bersama.",
        Section::Preface if en => "This document was prepared by the Implementation Team with guidance from the *Gerakan Menuju Smart City* programme. It is generated directly from the data of the strategic analysis, the vision, the agency programmes, budgets and Quick Wins, so the book and the plan never drift apart.",
        Section::Preface => "Dokumen ini disusun oleh Tim Pelaksana dengan pendampingan *Gerakan Menuju Smart City*. Isinya dihasilkan langsung dari data analisis strategis, visi, program OPD, anggaran dan Quick Win, sehingga buku dan rencana tidak pernah berbeda.",
        Section::Background if en => "The Smart City Masterplan of {region} is a ten-year plan ({first}–{last}) aligned with the regional medium-term development plan (RPJMD/RPD). It answers the problems found in the strategic analysis with programmes of the regional agencies and their partners.",
        Section::Background => "Masterplan Smart City {region} adalah rencana sepuluh tahun ({first}–{last}) yang selaras dengan RPJMD/RPD daerah. Masterplan menjawab permasalahan yang ditemukan dalam analisis strategis melalui program perangkat daerah beserta mitranya.",
        Section::Purpose if en => "The masterplan is the shared reference for the regional government, the Smart City Council and penta-helix partners to:\n\n- plan smart-city programmes across the six dimensions;\n- align them with the RPJMD/RPD and the regional budget;\n- implement, monitor and evaluate them every year.",
        Section::Purpose => "Masterplan menjadi acuan bersama pemerintah daerah, Dewan Smart City dan mitra pentahelix untuk:\n\n- merencanakan program kota cerdas pada enam dimensi;\n- menyelaraskannya dengan RPJMD/RPD dan APBD;\n- melaksanakan, memantau dan mengevaluasinya setiap tahun.",
        Section::LegalBasis if en => "1. Law No. 25 of 2004 on the National Development Planning System;\n2. Law No. 23 of 2014 on Regional Government;\n3. Law No. 27 of 2022 on Personal Data Protection;\n4. Presidential Regulation No. 95 of 2018 on Electronic-Based Government Systems (SPBE);\n5. Presidential Regulation No. 39 of 2019 on One Data Indonesia;\n6. Minister of Home Affairs Regulation No. 86 of 2017 on regional development planning;\n7. Minister of Home Affairs Regulation No. 90 of 2019 on the classification and codification of regional planning and finance.",
        Section::LegalBasis => "1. Undang-Undang Nomor 25 Tahun 2004 tentang Sistem Perencanaan Pembangunan Nasional;\n2. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;\n3. Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi;\n4. Peraturan Presiden Nomor 95 Tahun 2018 tentang Sistem Pemerintahan Berbasis Elektronik;\n5. Peraturan Presiden Nomor 39 Tahun 2019 tentang Satu Data Indonesia;\n6. Peraturan Menteri Dalam Negeri Nomor 86 Tahun 2017 tentang tata cara perencanaan pembangunan daerah;\n7. Peraturan Menteri Dalam Negeri Nomor 90 Tahun 2019 tentang klasifikasi, kodefikasi dan nomenklatur perencanaan pembangunan dan keuangan daerah.",
        Section::Analysis if en => "This chapter describes the region's profile, its readiness on the three pillars (structure, infrastructure, superstructure) across the six dimensions, its strengths, weaknesses, opportunities and threats, the problems per element, and the inventory of applications and data.",
        Section::Analysis => "Bab ini menguraikan profil daerah, kesiapan pada tiga pilar (struktur, infrastruktur, suprastruktur) di enam dimensi, kekuatan, kelemahan, peluang dan ancaman, permasalahan per elemen, serta inventaris aplikasi dan data.",
        Section::Vision if en => "The smart-city vision translates the RPJMD/RPD vision into missions, goals and strategies for each dimension.",
        Section::Vision => "Visi kota cerdas menerjemahkan visi RPJMD/RPD ke dalam misi, tujuan dan strategi untuk setiap dimensi.",
        Section::Programmes if en => "The programmes below are grouped by dimension and element. Each has a lead agency, years, key performance indicators and a budget by funding source in whole rupiah.",
        Section::Programmes => "Program berikut dikelompokkan per dimensi dan elemen. Setiap program memiliki OPD pengampu, tahun pelaksanaan, indikator kinerja utama dan anggaran per sumber dana dalam rupiah.",
        Section::Roadmap if en => "The roadmap arranges the programmes over ten years in short, medium and long horizons, against the RPJMD/RPD periods.",
        Section::Roadmap => "Peta jalan menyusun program selama sepuluh tahun dalam horizon jangka pendek, menengah dan panjang, terhadap periode RPJMD/RPD.",
        Section::QuickWins if en => "Quick Wins are programmes completed within one budget year that give citizens a visible benefit early.",
        Section::QuickWins => "Quick Win adalah program yang selesai dalam satu tahun anggaran dan memberi manfaat yang segera dirasakan warga.",
        Section::Governance if en => "Implementation is reported by each agency every year (budget realisation, KPI actuals, status) and evaluated by the ministry on the Baseline, Output, Outcome, Impact and Quick Win components.",
        Section::Governance => "Pelaksanaan dilaporkan setiap OPD setiap tahun (realisasi anggaran, capaian IKU, status) dan dievaluasi kementerian pada komponen Baseline, Output, Outcome, Impact dan Quick Win.",
        Section::Closing if en => "This masterplan is a living document: it is reviewed at mid-term and whenever the RPJMD/RPD changes.",
        Section::Closing => "Masterplan ini adalah dokumen hidup: ditinjau pada pertengahan periode dan setiap kali RPJMD/RPD berubah.",
    };
    t.replace("{region}", region).replace("{first}", &first.to_string()).replace("{last}", &last.to_string())
}

/// The languages the book is written in.
pub const LANGS: [&str; 2] = ["id", "en"];

/// A section's own text in one language: at most [`MAX_CHARS`], line ends as `\n`; empty means
/// "back to the default text" (`None`).
pub fn check_text(lang: &str, body: &str) -> Result<Option<String>, crate::validate::Errors> {
    if !LANGS.contains(&lang) {
        return Err(crate::validate::Errors::one("lang", "err-invalid"));
    }
    let mut e = crate::validate::Errors::new();
    let body = e.optional_text("narrative", &body.replace("\r\n", "\n"), MAX_CHARS);
    e.into_result()?;
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_and_emphasis() {
        let parts = parse("Satu **tebal** dan *miring*.\nsambungan\n\n- a\n* b\n\n1. x\n2. y\n### Sub\nakhir");
        assert_eq!(
            parts[0],
            Part::Para(vec![
                Span::Text("Satu ".into()),
                Span::Bold("tebal".into()),
                Span::Text(" dan ".into()),
                Span::Italic("miring".into()),
                Span::Text(". sambungan".into()),
            ])
        );
        assert_eq!(parts[1], Part::Bullets(vec![vec![Span::Text("a".into())], vec![Span::Text("b".into())]]));
        assert_eq!(parts[2], Part::Numbered(vec![vec![Span::Text("x".into())], vec![Span::Text("y".into())]]));
        assert_eq!(parts[3], Part::SubHeading("Sub".into()));
        assert_eq!(parts[4], Part::Para(vec![Span::Text("akhir".into())]));
    }

    #[test]
    fn unbalanced_markers_stay_text() {
        assert_eq!(spans("2 * 3 = 6 and **open"), vec![Span::Text("2 * 3 = 6 and **open".into())]);
        assert_eq!(spans("#set page() <b>"), vec![Span::Text("#set page() <b>".into())]);
    }

    #[test]
    fn defaults_fill_placeholders_in_both_languages() {
        for s in Section::ALL {
            for lang in ["id", "en"] {
                let t = default_text(*s, lang, "Kabupaten X", 2025, 2034);
                assert!(!t.contains('{'), "{s:?} {lang}");
                assert!(!parse(&t).is_empty());
            }
        }
        assert!(default_text(Section::Background, "id", "Kabupaten X", 2025, 2034).contains("2025–2034"));
    }

    proptest::proptest! {
        #[test]
        fn never_loses_letters(src in "[a-z *\\-\\n1.#]{0,80}") {
            // Every letter typed appears in the parsed output (markup only removes markers).
            let letters = |s: &str| s.chars().filter(char::is_ascii_lowercase).count();
            let text: String = parse(&src).iter().map(|p| match p {
                Part::Para(s) => flat(s),
                Part::SubHeading(h) => h.clone(),
                Part::Bullets(i) | Part::Numbered(i) => i.iter().map(|s| flat(s)).collect(),
            }).collect();
            proptest::prop_assert_eq!(letters(&src), letters(&text));
        }
    }

    fn flat(s: &[Span]) -> String {
        s.iter()
            .map(|x| match x {
                Span::Text(t) | Span::Bold(t) | Span::Italic(t) => t.as_str(),
            })
            .collect()
    }

    #[test]
    fn own_texts() {
        assert_eq!(check_text("en", "Line\r\nnext"), Ok(Some("Line\nnext".into())));
        assert_eq!(check_text("id", "  "), Ok(None));
        assert_eq!(check_text("fr", "x").expect_err("lang").0[0].field, "lang");
        assert!(check_text("id", &"x".repeat(MAX_CHARS + 1)).is_err());
    }
}
