//! The masterplan book, generated from the region's data in Indonesian or English: cover with
//! the region's logo, forewords, contents, BAB I–VII, the commitment sheet and annexes. The
//! narrative per section is the region's own text (or a default), the rest comes from the data.
//! Every value enters the markup as a typst string literal, so user text never becomes markup.

use crate::pdf::DocError;
use crate::{book_chapters, book_participation};
use kotacerdas_domain::format::date;
use kotacerdas_domain::narrative::Section;
use kotacerdas_domain::region::{Body, MemberRole, RegionKind};
use kotacerdas_i18n::Lang;
use kotacerdas_intake::image::{self, ImageLimits, Purpose};
use kotacerdas_store::entity::region;
use kotacerdas_store::files::{self, Storage};
use kotacerdas_store::DatabaseConnection;
use kotacerdas_store::{book, plan, plan::programme_xlsx, plan::programmes, plan::quickwins, region::members};
use std::collections::HashMap;

pub use crate::book_writer::blocks;
use crate::book_writer::Writer;
pub use crate::content::{Block, Book, Col, Enactment, Row, Spot};

/// The region's logo, if one was uploaded and can still be read. It is decoded and encoded
/// afresh here too: a logo stored before uploads were checked (a PNG header followed by
/// garbage) must not break the book, so one that does not decode is left out and logged.
async fn logo(db: &DatabaseConnection, storage: &Storage, r: &region::Model) -> Option<Vec<u8>> {
    let file = files::get(db, r.logo_file_id?).await.ok()?;
    let bytes = match storage.read(&file.key).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::warn!(region = %r.code, error = %e, "book: logo unreadable, cover without it");
            return None;
        }
    };
    // Not through the heavy pool's queue: the book being built is already the heavy job, and a
    // busy answer here would silently freeze a version without its logo.
    let clean =
        tokio::task::spawn_blocking(move || image::reencode(&bytes, Purpose::Logo, &ImageLimits::default())).await;
    match clean {
        Ok(Ok(c)) => Some(c.bytes),
        Ok(Err(e)) => {
            tracing::warn!(region = %r.code, error = %e, "book: logo does not decode, cover without it");
            None
        }
        Err(e) => {
            tracing::warn!(region = %r.code, error = %e, "book: logo check failed, cover without it");
            None
        }
    }
}

/// Gather the region's data and write one edition (`lang` "id" or "en").
pub async fn build(
    db: &DatabaseConnection,
    storage: &Storage,
    r: &region::Model,
    lang: &str,
) -> Result<Book, DocError> {
    let mut book = contents(db, r, lang).await?;
    book.logo = logo(db, storage, r).await;
    Ok(book)
}

/// The enactment as an edition of the book states it: on the cover, at the end of BAB I's legal
/// basis and above the commitment sheet's signatures.
pub fn enactment(
    r: &region::Model,
    v: &kotacerdas_store::entity::book_version::Model,
    lang: &str,
) -> Option<Enactment> {
    use kotacerdas_domain::versions::RegulationType;
    let kind = RegionKind::parse(&r.kind).unwrap_or(RegionKind::Kabupaten);
    let t = RegulationType::parse(v.regulation_type.as_deref()?)?;
    let (number, date) = (v.regulation_number.as_deref()?, v.regulation_date?);
    let l = Lang::from_code(lang);
    let cited = t.citation(kind, number, date, lang, false);
    let dated = t.citation(kind, number, date, lang, true);
    Some(Enactment {
        cover: l.ta("doc-enacted-cover", &[("regulation", &cited)]),
        legal_basis: l.ta("doc-enacted-legal-basis", &[("regulation", &dated), ("region", &r.name)]),
        commitment: l.ta("doc-enacted-commitment", &[("regulation", &dated)]),
    })
}

/// One edition's text, without the cover logo (what the book page checks for characters the
/// fonts cannot draw).
pub async fn contents(db: &DatabaseConnection, r: &region::Model, lang: &str) -> Result<Book, DocError> {
    let lang = if lang == "en" { "en" } else { "id" };
    let all = programmes::list(db, r.id).await?;
    let years = programme_xlsx::years(db, r.id, &all).await?;
    let (first, last) = (years.first().copied().unwrap_or_default(), years.last().copied().unwrap_or_default());
    let opd_list = kotacerdas_store::region::kawasan::plan_opds(db, r.id).await?;
    let opd_name: HashMap<i64, String> = opd_list.iter().map(|o| (o.id, o.short_name.clone())).collect();
    let mut w = Writer {
        lang: lang.to_string(),
        l: Lang::from_code(lang),
        out: Vec::new(),
        region: r.name.clone(),
        first,
        last,
        texts: book::texts(db, r.id).await?,
    };
    let title = format!("Masterplan Smart City {} {first}–{last}", r.name);
    let cover = [
        "MASTERPLAN SMART CITY".to_string(),
        r.name.to_uppercase(),
        format!("{first}–{last}"),
        w.t("doc-cover-movement"),
    ];

    // Forewords
    w.out.push(Block::Front(Section::ForewordHead.label(lang).to_string()));
    w.narrative(Section::ForewordHead);
    let kind = RegionKind::parse(&r.kind).unwrap_or(RegionKind::Kabupaten);
    let head_of_region = kind.head_of(&r.name, lang);
    w.out.push(Block::Signatures(vec![head_of_region.clone()]));
    w.out.push(Block::Front(Section::Preface.label(lang).to_string()));
    w.narrative(Section::Preface);
    w.out.push(Block::Signatures(vec![w.t("doc-sign-team")]));

    // BAB I
    w.heading(1, &w.t("doc-ch1"));
    for s in [Section::Background, Section::Purpose, Section::LegalBasis] {
        w.heading(2, s.label(lang));
        w.narrative(s);
    }
    w.out.push(Block::Enactment(Spot::LegalBasis));

    // BAB II
    book_chapters::analysis(&mut w, db, r).await?;

    // BAB III
    w.heading(1, &w.t("doc-ch3"));
    w.narrative(Section::Vision);
    if let Some(mp) = plan::masterplan(db, r.id).await? {
        w.heading(2, &w.t("doc-vision"));
        w.out.push(Block::Quote(format!("“{}”", mp.vision)));
        if let Some(e) = &mp.explanation {
            w.para(e);
        }
    }
    let items = plan::items(db, r.id).await?;
    let periods = plan::periods(db, r.id).await?;
    if !periods.is_empty() {
        w.heading(2, &w.t("doc-periods"));
        let rows = periods
            .iter()
            .map(|p| vec![p.kind.to_uppercase(), format!("{}–{}", p.start_year, p.end_year), p.vision.clone()])
            .collect();
        w.table("(auto, auto, 1fr)", &["doc-col-plan", "doc-col-period", "doc-col-vision"], rows);
    }
    w.heading(2, &w.t("doc-missions"));
    let labels = plan::item_labels(&periods, &items);
    let rows = plan::vision_items(db, r.id)
        .await?
        .iter()
        .map(|v| {
            let linked = v.plan_item_id.and_then(|id| items.iter().find(|i| i.id == id));
            vec![
                v.code.clone(),
                v.text.clone(),
                v.dimension_code.clone().unwrap_or_default(),
                // Two periods may both have an "M1": the period says which.
                linked
                    .map(|i| format!("{} {}", labels.get(&i.id).map(String::as_str).unwrap_or(&i.code), i.text))
                    .unwrap_or_else(|| "–".into()),
            ]
        })
        .collect();
    w.table("(auto, 1fr, auto, 1fr)", &["doc-col-code", "doc-col-mission", "doc-col-dimension", "doc-col-rpjmd"], rows);

    // BAB IV and V
    book_chapters::programmes(&mut w, &all, &opd_name, &years);
    let own_ids: Vec<i64> = all.iter().map(|p| p.programme.id).collect();
    book_participation::shared_programmes(&mut w, db, r.id, &own_ids).await?;
    book_chapters::roadmap(&mut w, db, r.id, &all).await?;

    // BAB VI
    w.heading(1, &w.t("doc-ch6"));
    w.narrative(Section::QuickWins);
    let sheets = quickwins::sheets(db, r.id).await?;
    for p in all.iter().filter(|p| sheets.get(&p.programme.id).is_some_and(|q| q.selected)) {
        let Some(q) = sheets.get(&p.programme.id) else { continue };
        w.heading(2, &book_chapters::programme_name(&p.programme));
        let before_after = format!(
            "{}: {} → {} {}",
            q.metric_name,
            w.decimal_text(&q.metric_before),
            w.decimal_text(&q.metric_target),
            q.metric_unit
        );
        let end = kotacerdas_domain::quickwin::end_date(q.start_date, q.months);
        let schedule = w.ta(
            "doc-qw-months",
            &[
                ("months", &q.months.to_string()),
                ("start", &date(q.start_date, lang)),
                ("end", &date(end, lang)),
                ("year", &q.start_date.format("%Y").to_string()),
            ],
        );
        let rows = vec![
            vec![w.t("doc-qw-problem"), q.problem.clone()],
            vec![w.t("doc-qw-solution"), q.solution.clone()],
            vec![w.t("doc-qw-owner"), q.owner.clone()],
            vec![w.t("doc-qw-beneficiaries"), q.beneficiaries.clone()],
            vec![w.t("doc-qw-schedule"), schedule],
            vec![w.t("doc-qw-budget"), w.money(p.total_budget())],
            vec![w.t("doc-qw-benefit"), before_after],
        ];
        w.table("(auto, 1fr)", &["doc-col-item", "doc-col-content"], rows);
    }

    // BAB VII
    w.heading(1, &w.t("doc-ch7"));
    let people = members::list(db, r.id).await?;
    for body in Body::ALL {
        w.heading(2, body.label(lang));
        let rows = people
            .iter()
            .filter(|x| x.body == body.as_str())
            // `members::list` gives the SK's order: chair, vice chair, secretary, steering, members.
            .map(|x| {
                let role = MemberRole::parse(&x.role).unwrap_or(MemberRole::Member).label(lang).to_string();
                vec![role, x.name.clone(), x.position.clone(), x.institution.clone().unwrap_or_default()]
            })
            .collect();
        w.table(
            "(auto, 1fr, 1fr, 1fr)",
            &["doc-col-role", "doc-col-name", "doc-col-position", "doc-col-institution"],
            rows,
        );
    }
    w.heading(2, Section::Governance.label(lang));
    w.narrative(Section::Governance);
    w.heading(2, Section::Closing.label(lang));
    w.narrative(Section::Closing);

    // Commitment sheet: the head of region and every OPD head sign.
    w.out.push(Block::Front(w.t("doc-commitment")));
    let pledge = w.ta(
        "doc-commitment-pledge",
        &[("region", &r.name), ("first", &first.to_string()), ("last", &last.to_string())],
    );
    w.para(&pledge);
    w.out.push(Block::Enactment(Spot::Commitment));
    let head = |name: &str| w.ta("doc-sign-head-of", &[("name", name)]);
    let signatures = std::iter::once(head_of_region).chain(opd_list.iter().map(|o| head(&o.name))).collect();
    w.out.push(Block::Signatures(signatures));

    book_chapters::annexes(&mut w, db, r.id, &all, &opd_name, &years).await?;
    book_participation::participation_annex(&mut w, db, r.id).await?;
    crate::book_editions::editions_annex(&mut w, db, r).await?;
    Ok(Book {
        title,
        author: r.name.clone(),
        lang: lang.to_string(),
        cover,
        logo: None,
        blocks: w.out,
        enactment: None,
    })
}
