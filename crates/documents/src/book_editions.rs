//! Annex F of a reviewed masterplan: the current edition against the one before it — which
//! programmes were kept, dropped and added, and the planned money per dimension.

use crate::book::Block;
use crate::book_writer::Writer;
use crate::pdf::DocError;
use kotacerdas_domain::framework;
use kotacerdas_domain::region::RegionKind;
use kotacerdas_domain::versions::RegulationType;
use kotacerdas_store::entity::region;
use kotacerdas_store::region::editions;
use kotacerdas_store::DatabaseConnection;

pub(crate) async fn editions_annex(w: &mut Writer, db: &DatabaseConnection, r: &region::Model) -> Result<(), DocError> {
    let Some((previous, c)) = editions::comparison(db, r).await? else { return Ok(()) };
    let lang = w.lang.clone();
    let before = previous.number.to_string();
    w.out.push(Block::Front(w.ta("doc-annex-f", &[("previous", &before)])));
    let kind = RegionKind::parse(&r.kind).unwrap_or(RegionKind::Kabupaten);
    let enacted = match (
        previous.regulation_type.as_deref().and_then(RegulationType::parse),
        &previous.regulation_number,
        previous.regulation_date,
    ) {
        (Some(t), Some(n), Some(d)) => t.citation(kind, n, d, &lang, false),
        _ => w.t("doc-edition-not-enacted"),
    };
    let lead = w.ta(
        "doc-edition-lead",
        &[
            ("current", &r.edition.to_string()),
            ("previous", &before),
            ("period", &format!("{}–{}", previous.period_start, previous.period_end)),
            ("enacted", &enacted),
            ("total", &(c.kept.len() + c.dropped.len()).to_string()),
            ("kept", &c.kept.len().to_string()),
            ("dropped", &c.dropped.len().to_string()),
            ("added", &c.added.len().to_string()),
        ],
    );
    w.para(&lead);
    let dimension =
        |code: &str| framework::dimension(code).map(|d| d.named.name(&lang).to_string()).unwrap_or_default();
    let rows = c
        .dimensions
        .iter()
        .map(|d| {
            vec![
                dimension(&d.dimension),
                format!("{} ({})", w.money(d.previous), d.previous_count),
                format!("{} ({})", w.money(d.current), d.current_count),
            ]
        })
        .collect();
    let now = r.edition.to_string();
    let header = vec![
        w.t("doc-col-dimension"),
        w.ta("doc-col-edition-budget", &[("n", &before)]),
        w.ta("doc-col-edition-budget", &[("n", &now)]),
    ];
    w.table_text("(1fr, auto, auto)", header, rows);

    let mut rows = Vec::new();
    for (was, is) in &c.kept {
        let name = if was.name == is.name { is.name.clone() } else { format!("{} ({})", is.name, was.name) };
        rows.push(vec![
            name,
            dimension(&is.dimension),
            w.t("doc-edition-kept"),
            w.money(was.budget),
            w.money(is.budget),
        ]);
    }
    for p in &c.dropped {
        rows.push(vec![
            p.name.clone(),
            dimension(&p.dimension),
            w.t("doc-edition-dropped"),
            w.money(p.budget),
            "–".into(),
        ]);
    }
    for p in &c.added {
        rows.push(vec![
            p.name.clone(),
            dimension(&p.dimension),
            w.t("doc-edition-added"),
            "–".into(),
            w.money(p.budget),
        ]);
    }
    let header = vec![
        w.t("doc-col-programme"),
        w.t("doc-col-dimension"),
        w.t("doc-col-edition-change"),
        w.ta("doc-col-edition-budget", &[("n", &before)]),
        w.ta("doc-col-edition-budget", &[("n", &now)]),
    ];
    w.table_text("(1fr, auto, auto, auto, auto)", header, rows);
    Ok(())
}
