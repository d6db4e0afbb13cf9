//! The book's parts that come from outside the region's own plan: programmes shared with
//! neighbouring regions (BAB IV) and the citizen participation statistics (Annex E).

use crate::book_writer::Writer;
use crate::content::Block;
use crate::pdf::DocError;
use kotacerdas_domain::participation::ShareStatus;
use kotacerdas_store::DatabaseConnection;
use kotacerdas_store::{participation, plan::shares};

/// Shared programmes: this region's own ones with their partners, and the neighbours' ones this
/// region acknowledged. Nothing is printed when there are none.
pub(crate) async fn shared_programmes(
    w: &mut Writer,
    db: &DatabaseConnection,
    region_id: i64,
    own_ids: &[i64],
) -> Result<(), DocError> {
    let outgoing: Vec<_> = shares::of_programmes(db, own_ids)
        .await?
        .into_iter()
        .filter(|s| s.status() == ShareStatus::Acknowledged)
        .collect();
    let incoming = shares::acknowledged(db, region_id).await?;
    if outgoing.is_empty() && incoming.is_empty() {
        return Ok(());
    }
    w.heading(2, &w.t("doc-shared"));
    w.para(&w.t("doc-shared-lead"));
    let rows = outgoing
        .iter()
        .chain(&incoming)
        .map(|s| {
            vec![
                crate::book_chapters::programme_name(&s.programme),
                s.owner.name.clone(),
                s.partner.name.clone(),
                format!("{}–{}", s.programme.start_year, s.programme.end_year),
            ]
        })
        .collect();
    w.table(
        "(1fr, auto, auto, auto)",
        &["doc-col-programme", "doc-col-owner", "doc-col-partner", "doc-col-years"],
        rows,
    );
    Ok(())
}

/// Annex E: published citizen inputs per dimension — by kind, supports, answered, followed up.
pub(crate) async fn participation_annex(
    w: &mut Writer,
    db: &DatabaseConnection,
    region_id: i64,
) -> Result<(), DocError> {
    let lang = w.lang.clone();
    w.out.push(Block::Front(w.t("doc-annex-e")));
    let (dims, total) = participation::stats(db, region_id).await?;
    if total.total() == 0 {
        w.para(&w.t("doc-participation-none"));
        return Ok(());
    }
    w.para(&w.t("doc-participation-lead"));
    let row = |name: String, s: &kotacerdas_domain::participation::DimensionStats| {
        vec![
            name,
            s.aspirations.to_string(),
            s.problems.to_string(),
            s.proposals.to_string(),
            s.supports.to_string(),
            s.answered.to_string(),
            s.followed_up.to_string(),
        ]
    };
    let mut rows: Vec<Vec<String>> = dims
        .iter()
        .map(|s| {
            let name = kotacerdas_domain::framework::dimension(&s.dimension_code)
                .map(|d| d.named.name(&lang).to_string())
                .unwrap_or_default();
            row(name, s)
        })
        .collect();
    rows.push(row(w.t("doc-col-total"), &total));
    w.table(
        "(1fr, auto, auto, auto, auto, auto, auto)",
        &[
            "doc-col-dimension",
            "doc-col-aspirations",
            "doc-col-problems",
            "doc-col-proposals",
            "doc-col-supports",
            "doc-col-answered",
            "doc-col-followed-up",
        ],
        rows,
    );
    Ok(())
}
