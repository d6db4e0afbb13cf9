//! Stage 1 regional profile: figures by year, each with unit and source.

use crate::audit::{self, Change};
use crate::entity::profile_figure;
use crate::{Actor, Result};
use kotacerdas_domain::analysis::{indicator, normalise_number};
use kotacerdas_domain::validate::Errors;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, TransactionTrait,
};
use serde::Deserialize;
use std::collections::HashMap;

pub async fn list<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<profile_figure::Model>> {
    Ok(profile_figure::Entity::find()
        .filter(profile_figure::Column::RegionId.eq(region_id))
        .order_by_asc(profile_figure::Column::Indicator)
        .order_by_asc(profile_figure::Column::Year)
        .all(db)
        .await?)
}

/// One cell of the profile table. An empty value removes the figure.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FigureInput {
    pub indicator: String,
    /// The name of a region's own indicator (standard ones are named by the framework).
    pub label: String,
    pub unit: String,
    pub year: i32,
    pub value: String,
    pub source: String,
}

pub fn field(kind: &str, indicator: &str, year: i32) -> String {
    format!("{kind}.{indicator}.{year}")
}

/// Save the table in one transaction: all cells valid or nothing saved; one audit entry per change.
pub async fn save(db: &DatabaseConnection, actor: &Actor, region_id: i64, cells: &[FigureInput]) -> Result<usize> {
    let mut e = Errors::new();
    let mut valid = Vec::new();
    for c in cells {
        let f = field("value", &c.indicator, c.year);
        let std = indicator(&c.indicator);
        let custom = c.indicator.starts_with("own-");
        if (std.is_none() && !custom) || !(2000..=2100).contains(&c.year) {
            e.add(&f, "err-choice", None);
            continue;
        }
        let source = e.optional_text(&field("source", &c.indicator, c.year), &c.source, 300);
        if c.value.trim().is_empty() {
            valid.push((c, None, source));
            continue;
        }
        match normalise_number(&c.value, std.is_some_and(|s| s.whole)) {
            Some(v) => valid.push((c, Some(v), source)),
            None => e.add(&f, if std.is_some_and(|s| s.whole) { "err-number" } else { "err-decimal" }, None),
        }
    }
    e.into_result()?;
    let txn = db.begin().await?;
    let mut existing: HashMap<(String, i32), profile_figure::Model> =
        list(&txn, region_id).await?.into_iter().map(|f| ((f.indicator.clone(), f.year), f)).collect();
    let mut changed = 0;
    for (c, value, source) in valid {
        let unit = indicator(&c.indicator)
            .map(|i| i.unit.to_string())
            .unwrap_or_else(|| c.unit.trim().chars().take(40).collect());
        let label = (!c.label.trim().is_empty()).then(|| c.label.trim().chars().take(200).collect::<String>());
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
                    label: Set(label),
                    unit: Set(unit),
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

/// A code for a region's own indicator, from its name.
pub fn own_code(label: &str) -> String {
    let slug: String = label.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let slug: Vec<&str> = slug.split('-').filter(|s| !s.is_empty()).collect();
    format!("own-{}", slug.join("-").chars().take(30).collect::<String>())
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
