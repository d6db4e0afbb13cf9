//! The yearly evaluation's result letter (PDF): parts with weights, the evaluator's scores beside
//! the computed suggestions, the achievement index with its formula in actual numbers (and
//! "provisional" with the missing parts named while a weighted part is unscored), the index per
//! dimension, strengths, weaknesses and recommendations.

use crate::pdf::{pdf, s, DocError};
use kotacerdas_domain::evaluation::{score_text, Basis, Suggestion};
use kotacerdas_domain::format::{date, hundredths, thousands};
use kotacerdas_i18n::Lang;
use kotacerdas_store::entity::region;
use kotacerdas_store::evaluation::Summary;
use std::fmt::Write;

fn score(v: Option<i64>) -> String {
    v.map(|v| score_text(v, "id")).unwrap_or_else(|| "–".into())
}

/// A suggestion with its arithmetic, e.g. "Saran: 3,40 = 68,00 % × 5 (17 dari 25 program
/// terlaksana)"; shared by the page and the letter so both say the same.
pub fn suggestion_text(lang: Lang, g: &Suggestion) -> String {
    let code = lang.code();
    let score = score_text(g.score, code);
    // Counts grouped the id-ID way (8.710); English pages keep plain digits.
    let n = |v: i64| if code == "en" { v.to_string() } else { thousands(v) };
    match g.basis {
        Basis::Executed { done, due, share_bp } => lang.ta(
            "evaluation-suggest-outcome",
            &[
                ("score", &score),
                ("share", &hundredths(share_bp, code)),
                ("done", &n(done.into())),
                ("due", &n(due.into())),
            ],
        ),
        Basis::Survey { answers, sum } => {
            lang.ta("evaluation-suggest-impact", &[("score", &score), ("sum", &n(sum)), ("n", &n(answers.into()))])
        }
        Basis::Funded { funded, due, share_bp } => lang.ta(
            "evaluation-suggest-output",
            &[
                ("score", &score),
                ("share", &hundredths(share_bp, code)),
                ("funded", &n(funded.into())),
                ("due", &n(due.into())),
            ],
        ),
    }
}

/// The letter in Indonesian, as the ministry sends it.
pub fn letter(r: &region::Model, sm: &Summary, office: &str) -> Result<Vec<u8>, DocError> {
    let mut m = String::new();
    let today = date(chrono::Utc::now().date_naive(), "id");
    let _ = write!(
        m,
        "#set document(title: {title})\n#set page(paper: \"a4\", margin: (x: 2.4cm, y: 2.2cm))\n\
         #set text(lang: \"id\", font: \"Libertinus Serif\", size: 11pt)\n#set par(justify: true)\n\
         #show table: set text(font: \"DejaVu Sans\", size: 9pt)\n\
         #align(center, text(font: \"DejaVu Sans\", weight: \"bold\", 13pt, {office}))\n#line(length: 100%)\n\
         #grid(columns: (auto, 1fr), gutter: 6pt, [Perihal], [: #{subject}], [Kepada], [: #{to}], [Tanggal], [: #{today}])\n#v(1em)\n",
        title = s(&format!("Hasil Evaluasi {} {}", sm.round.title, r.name)),
        office = s(office),
        subject = s(&format!("Hasil {} — {}", sm.round.title, r.name)),
        to = s(&format!("Kepala Daerah {}", r.name)),
        today = s(&today),
    );
    let missing: Vec<&str> = sm.status.missing.iter().map(|p| p.label("id")).collect();
    let provisional = sm.status.provisional();
    let figure = if provisional { format!("{} (sementara)", score(sm.index)) } else { score(sm.index) };
    let _ = writeln!(
        m,
        "#par({})\n",
        s(&format!(
            "Berdasarkan penilaian mandiri, data pelaksanaan program masterplan, survei warga dan penilaian evaluator, \
             indeks capaian {} pada {} adalah {} dari 5.",
            r.name, sm.round.title, figure
        ))
    );
    if provisional {
        let why = if missing.is_empty() {
            "Indeks ini sementara: belum ada komponen yang dinilai.".to_string()
        } else {
            format!(
                "Indeks ini sementara: komponen {} belum dinilai, sehingga indeks dihitung hanya atas komponen \
                 yang sudah dinilai.",
                missing.join(", ")
            )
        };
        let _ = writeln!(m, "#par(strong({}))\n", s(&why));
    }
    let lang = Lang::Id;
    m.push_str("#table(columns: (auto, auto, auto, 1fr), stroke: 0.4pt + luma(160), inset: 5pt,\n  table.header(strong[Komponen], strong[Bobot], strong[Nilai evaluator (0–5)], strong[Saran dari data dan alasan]),\n");
    for p in &sm.parts {
        let mut basis = p.suggestion.map(|g| suggestion_text(lang, &g)).unwrap_or_else(|| "–".into());
        if !p.reason.is_empty() {
            basis = format!("{basis}. Alasan evaluator: {}", p.reason);
        }
        let _ = writeln!(
            m,
            "  {}, {}, {}, {},",
            s(p.part.label("id")),
            s(&format!("{} %", p.weight)),
            s(&score(p.score)),
            s(&basis)
        );
    }
    let _ = writeln!(m, "  strong[Indeks capaian], [], strong({}), [],\n)\n", s(&figure));
    if let Some(f) = sm.status.formula("id") {
        let _ = writeln!(
            m,
            "#par({})\n",
            s(&format!(
                "Rumus: Σ (bobot × nilai) ÷ Σ bobot = {f}, dibulatkan dua desimal{}.",
                if provisional { ", atas komponen yang sudah dinilai" } else { "" }
            ))
        );
    }
    m.push_str("#v(0.6em)\n#table(columns: (auto, auto, auto, auto), stroke: 0.4pt + luma(160), inset: 5pt,\n  table.header(strong[Dimensi], strong[Program terlaksana], strong[Outcome], strong[Indeks]),\n");
    for (d, (done, due, o, ix)) in &sm.dimensions {
        let _ = writeln!(m, "  {}, {}, {}, {},", s(d), s(&format!("{done} / {due}")), s(&score(*o)), s(&score(*ix)));
    }
    m.push_str(")\n");
    for (title, text) in [
        ("Kekuatan", &sm.evaluation.strengths),
        ("Kelemahan", &sm.evaluation.weaknesses),
        ("Rekomendasi", &sm.evaluation.recommendations),
    ] {
        let _ = writeln!(m, "#v(0.4em)\n#text(font: \"DejaVu Sans\", weight: \"bold\", {})\n", s(title));
        let body = if text.trim().is_empty() { "–" } else { text.as_str() };
        for para in body.split("\n\n") {
            let _ = writeln!(m, "#par({})\n", s(para.trim()));
        }
    }
    if !sm.quick_wins.is_empty() {
        m.push_str("#v(0.4em)\n#text(font: \"DejaVu Sans\", weight: \"bold\", \"Quick Win\")\n\n#table(columns: (1fr, auto, auto), stroke: 0.4pt + luma(160), inset: 5pt,\n  table.header(strong[Quick Win], strong[Sebelum → sesudah], strong[Penilaian]),\n");
        for q in &sm.quick_wins {
            let change = format!(
                "{} → {} {}",
                kotacerdas_domain::format::decimal(&q.before, "id"),
                if q.after.is_empty() { "–".into() } else { kotacerdas_domain::format::decimal(&q.after, "id") },
                q.unit
            );
            let _ = writeln!(
                m,
                "  {}, {}, {},",
                s(&q.name),
                s(&change),
                s(q.verdict.map(|v| v.label("id")).unwrap_or("–"))
            );
        }
        m.push_str(")\n");
    }
    let _ = writeln!(m, "#v(2em)\n#align(right)[{}\\ #v(1.6cm) #line(length: 5cm)]", s(office));
    pdf(&m, Vec::new())
}
