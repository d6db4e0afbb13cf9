//! Gather a region's stage 2–3 data into the facts the plan-check rules read, and keep the
//! region's APBD-share limit.

use crate::audit::{self, Change};
use crate::entity::masterplan;
use crate::plan::programmes;
use crate::{analysis::problems, analysis::profile, plan, region::members, Actor, Result, StoreError};
use kotacerdas_domain::checks::{
    self, Finding, KpiFacts, PlanFacts, ProgrammeFacts, RkpdFacts, DEFAULT_APBD_SHARE_LIMIT_BP,
};
use kotacerdas_domain::format::rupiah;
use kotacerdas_domain::programme::Horizon;
use kotacerdas_domain::programme::LinkKind;
use kotacerdas_domain::region::Body;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, TransactionTrait};
use std::collections::HashMap;

/// The facts of one region (a fixed number of queries, however big the plan).
pub async fn facts<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<PlanFacts> {
    let mp = plan::masterplan(db, region_id).await?;
    let opd_names: HashMap<i64, String> =
        crate::region::kawasan::plan_opds(db, region_id).await?.into_iter().map(|o| (o.id, o.short_name)).collect();
    let programmes = programmes::list(db, region_id)
        .await?
        .into_iter()
        .map(|p| {
            let r = &p.programme;
            ProgrammeFacts {
                id: r.id,
                name: r.name.clone(),
                element_code: r.element_code.clone(),
                also_serves: p.also_serves.clone(),
                lead_opd: opd_names.get(&r.opd_id).cloned(),
                horizon: Horizon::parse(&r.horizon).unwrap_or(Horizon::Medium),
                start_year: r.start_year,
                end_year: r.end_year,
                target_years: p.targets.iter().filter(|t| !t.target.trim().is_empty()).map(|t| t.year).collect(),
                budgets: p.budgets.iter().map(|b| (b.year, b.amount)).collect(),
                kpis: p
                    .kpis
                    .iter()
                    .map(|k| KpiFacts {
                        name: k.kpi.name.clone(),
                        target_years: k.targets.iter().map(|t| t.year).collect(),
                    })
                    .collect(),
                problem_ids: p.link_ids(LinkKind::Problem),
                rpjmd_linked: !p.link_ids(LinkKind::Rpjmd).is_empty(),
            }
        })
        .collect();
    let apbd = profile::list(db, region_id)
        .await?
        .into_iter()
        .filter(|f| f.indicator == "apbd_total")
        .filter_map(|f| Some((f.year, f.value.parse::<i64>().ok()?)))
        .collect();
    Ok(PlanFacts {
        masterplan_start: mp.as_ref().map(|m| m.start_year),
        apbd_share_limit_bp: limit_bp(mp.as_ref()),
        programmes,
        // Conditions describe the region; only problems need a programme.
        problems: problems::list(db, region_id)
            .await?
            .into_iter()
            .filter(|p| p.kind == "problem")
            .map(|p| (p.id, p.title))
            .collect(),
        apbd,
        format_money: Some(rupiah),
        team_dimensions: members::list(db, region_id)
            .await?
            .into_iter()
            .filter(|m| m.body == Body::Tim.as_str())
            .filter_map(|m| m.dimension_code)
            .collect(),
        vision: mp.as_ref().map(|m| m.vision.clone()).unwrap_or_default(),
        rkpd: rkpd_facts(db, region_id).await?,
    })
}

/// The latest imported RKPD year and its alignment, for PC016/PC017.
async fn rkpd_facts<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Option<RkpdFacts>> {
    let Some(year) = crate::alignment::years(db, region_id).await?.first().copied() else {
        return Ok(None);
    };
    let y = crate::alignment::year(db, region_id, year).await?;
    Ok(Some(RkpdFacts {
        year,
        programmes: y
            .programmes
            .iter()
            .zip(y.alignment.rows.iter())
            .map(|(p, r)| (r.programme_id, p.programme.name.clone(), r.planned, r.pagu))
            .collect(),
    }))
}

pub fn limit_bp(mp: Option<&masterplan::Model>) -> i64 {
    mp.and_then(|m| m.apbd_share_limit_bp).map(i64::from).unwrap_or(DEFAULT_APBD_SHARE_LIMIT_BP)
}

/// Run the plan checks for a region.
pub async fn run<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<Finding>> {
    Ok(checks::run(&facts(db, region_id).await?))
}

/// Set the largest share of a year's APBD the plan may take, typed as a percentage ("12,5").
pub async fn set_limit(db: &DatabaseConnection, actor: &Actor, region_id: i64, percent: &str) -> Result<()> {
    let bp = checks::parse_share_limit(percent)?;
    let txn = db.begin().await?;
    let before = plan::masterplan(&txn, region_id)
        .await?
        .ok_or_else(|| StoreError::field("apbd_share_limit", "err-no-masterplan"))?;
    let mut am: masterplan::ActiveModel = before.clone().into();
    am.apbd_share_limit_bp = Set(Some(bp));
    let after = am.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "masterplan", after.id, "update"),
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
