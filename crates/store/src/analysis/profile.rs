//! Stage 1 regional profile: figures by year, each with unit and source.

use crate::audit::{self, Change};
use crate::entity::profile_figure;
use crate::{Actor, Result};
use kotacerdas_domain::analysis_input::{validate_figures, FigureInput};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, TransactionTrait,
};
use std::collections::HashMap;

pub async fn list<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<profile_figure::Model>> {
    Ok(profile_figure::Entity::find()
        .filter(profile_figure::Column::RegionId.eq(region_id))
        .order_by_asc(profile_figure::Column::Indicator)
        .order_by_asc(profile_figure::Column::Year)
        .all(db)
        .await?)
}

/// Save the table in one transaction: all cells valid or nothing saved; one audit entry per change.
pub async fn save(db: &DatabaseConnection, actor: &Actor, region_id: i64, cells: &[FigureInput]) -> Result<usize> {
    let valid = validate_figures(cells)?;
    let txn = db.begin().await?;
    let mut existing: HashMap<(String, i32), profile_figure::Model> =
        list(&txn, region_id).await?.into_iter().map(|f| ((f.indicator.clone(), f.year), f)).collect();
    let mut changed = 0;
    for c in valid {
        let (value, source) = (c.value, c.source);
        match (existing.remove(&(c.indicator.clone(), c.year)), value) {
            (None, None) => {}
            (Some(b), None) => {
                b.clone().delete(&txn).await?;
                audit::record(
                    &txn,
                    actor,
                    Change::new(Some(region_id), "profile_figure", b.id, "delete"),
                    Some(&b),
                    None::<&()>,
                )
                .await?;
                changed += 1;
            }
            (Some(b), Some(v)) => {
                if b.value == v && b.source == source {
                    continue;
                }
                let mut am: profile_figure::ActiveModel = b.clone().into();
                am.value = Set(v);
                am.source = Set(source);
                am.updated_at = Set(chrono::Utc::now());
                let after = am.update(&txn).await?;
                audit::record(
                    &txn,
                    actor,
                    Change::new(Some(region_id), "profile_figure", after.id, "update"),
                    Some(&b),
                    Some(&after),
                )
                .await?;
                changed += 1;
            }
            (None, Some(v)) => {
                let after = profile_figure::ActiveModel {
                    region_id: Set(region_id),
                    indicator: Set(c.indicator.clone()),
                    label: Set(c.label),
                    unit: Set(c.unit),
                    year: Set(c.year),
                    value: Set(v),
                    source: Set(source),
                    updated_at: Set(chrono::Utc::now()),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                audit::record(
                    &txn,
                    actor,
                    Change::new(Some(region_id), "profile_figure", after.id, "create"),
                    None::<&()>,
                    Some(&after),
                )
                .await?;
                changed += 1;
            }
        }
    }
    txn.commit().await?;
    Ok(changed)
}

/// How complete a region's stage 1 is, for the "check before you submit" list.
#[derive(Debug, Clone, Default)]
pub struct Stage1Summary {
    pub readiness_scored: usize,
    pub elements_with_problems: usize,
    pub apps: usize,
    pub datasets: usize,
    pub pillars_with_swot: usize,
    pub profile_figures: usize,
    pub regulations: usize,
}

pub async fn stage1_summary(db: &DatabaseConnection, region_id: i64) -> Result<Stage1Summary> {
    use std::collections::HashSet;
    let problems = crate::analysis::problems::list(db, region_id).await?;
    let swot = crate::analysis::swot::list(db, region_id).await?;
    Ok(Stage1Summary {
        readiness_scored: crate::analysis::readiness::list(db, region_id).await?.len(),
        elements_with_problems: problems.iter().map(|p| p.element_code.as_str()).collect::<HashSet<_>>().len(),
        apps: crate::analysis::inventory::apps(db, region_id).await?.len(),
        datasets: crate::analysis::inventory::datasets(db, region_id).await?.len(),
        pillars_with_swot: swot.iter().map(|s| s.pillar_code.as_str()).collect::<HashSet<_>>().len(),
        profile_figures: list(db, region_id)
            .await?
            .iter()
            .map(|f| f.indicator.as_str().to_owned())
            .collect::<HashSet<_>>()
            .len(),
        regulations: crate::analysis::policies::regulations(db, region_id).await?.len(),
    })
}
