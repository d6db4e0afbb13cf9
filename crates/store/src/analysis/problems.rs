//! Stage 1 problem register: conditions and problems per element, with evidence, severity and
//! citizens affected.

use crate::audit::{self, Change};
use crate::entity::{opd, problem};
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::analysis::{ProblemKind, SEVERITY};
use kotacerdas_domain::framework;
use kotacerdas_domain::validate::Errors;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, TransactionTrait,
};
use serde::{Deserialize, Serialize};

pub async fn list<C: ConnectionTrait>(db: &C, region_id: i64) -> Result<Vec<problem::Model>> {
    Ok(problem::Entity::find()
        .filter(problem::Column::RegionId.eq(region_id))
        .order_by_asc(problem::Column::ElementCode)
        .order_by_desc(problem::Column::Severity)
        .order_by_asc(problem::Column::Id)
        .all(db)
        .await?)
}

pub async fn get<C: ConnectionTrait>(db: &C, region_id: i64, id: i64) -> Result<problem::Model> {
    problem::Entity::find_by_id(id)
        .filter(problem::Column::RegionId.eq(region_id))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ProblemInput {
    #[serde(default)]
    pub element_code: String,
    #[serde(default)]
    pub opd_id: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub evidence_figure: String,
    #[serde(default)]
    pub evidence_source: String,
    #[serde(default)]
    pub evidence_year: String,
    #[serde(default)]
    pub severity: String,
    #[serde(default)]
    pub affected_citizens: String,
}

impl ProblemInput {
    pub fn from_model(p: &problem::Model) -> ProblemInput {
        ProblemInput {
            element_code: p.element_code.clone(),
            opd_id: p.opd_id.map(|o| o.to_string()).unwrap_or_default(),
            kind: p.kind.clone(),
            title: p.title.clone(),
            description: p.description.clone().unwrap_or_default(),
            evidence_figure: p.evidence_figure.clone().unwrap_or_default(),
            evidence_source: p.evidence_source.clone().unwrap_or_default(),
            evidence_year: p.evidence_year.map(|y| y.to_string()).unwrap_or_default(),
            severity: p.severity.to_string(),
            affected_citizens: p.affected_citizens.map(|a| a.to_string()).unwrap_or_default(),
        }
    }

    /// The OPD this input names, if it parses (for the caller's ownership check).
    pub fn opd(&self) -> Option<i64> {
        self.opd_id.trim().parse().ok()
    }
}

/// Check an input and fill the active model; shared by create, update and import.
pub async fn fill<C: ConnectionTrait>(
    c: &C,
    region_id: i64,
    input: &ProblemInput,
    am: &mut problem::ActiveModel,
) -> Result<()> {
    let mut e = Errors::new();
    let element = e.choice("element_code", &input.element_code, |s| framework::element(s).map(|el| el.code));
    let kind = e.choice("kind", &input.kind, ProblemKind::parse);
    let title = e.text("title", &input.title, 300);
    let description = e.optional_text("description", &input.description, 5000);
    let figure = e.optional_text("evidence_figure", &input.evidence_figure, 200);
    let source = e.optional_text("evidence_source", &input.evidence_source, 300);
    let year = if input.evidence_year.trim().is_empty() {
        None
    } else {
        e.integer("evidence_year", &input.evidence_year, 2000, 2100)
    };
    let severity =
        e.choice("severity", &input.severity, |s| SEVERITY.iter().find(|x| x.0.to_string() == s).map(|x| x.0));
    let affected = if input.affected_citizens.trim().is_empty() {
        None
    } else {
        e.integer("affected_citizens", &input.affected_citizens, 0, 300_000_000)
    };
    let opd_id = match input.opd_id.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(id)
                if opd::Entity::find_by_id(id).filter(opd::Column::RegionId.eq(region_id)).one(c).await?.is_some() =>
            {
                Some(id)
            }
            _ => {
                e.add("opd_id", "err-choice", None);
                None
            }
        },
    };
    e.into_result()?;
    am.region_id = Set(region_id);
    am.element_code = Set(element.unwrap_or_default().to_string());
    am.opd_id = Set(opd_id);
    am.kind = Set(kind.map(|k| k.as_str()).unwrap_or("problem").to_string());
    am.title = Set(title);
    am.description = Set(description);
    am.evidence_figure = Set(figure);
    am.evidence_source = Set(source);
    am.evidence_year = Set(year.map(|y| y as i32));
    am.severity = Set(severity.unwrap_or(3));
    am.affected_citizens = Set(affected);
    am.updated_at = Set(chrono::Utc::now());
    Ok(())
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    input: &ProblemInput,
) -> Result<problem::Model> {
    let txn = db.begin().await?;
    let mut am = <problem::ActiveModel as Default>::default();
    fill(&txn, region_id, input, &mut am).await?;
    let m = am.insert(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "problem", m.id, "create"), None::<&()>, Some(&m)).await?;
    txn.commit().await?;
    Ok(m)
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    region_id: i64,
    id: i64,
    input: &ProblemInput,
) -> Result<problem::Model> {
    let txn = db.begin().await?;
    let before = get(&txn, region_id, id).await?;
    let mut am: problem::ActiveModel = before.clone().into();
    fill(&txn, region_id, input, &mut am).await?;
    let after = am.update(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "problem", id, "update"), Some(&before), Some(&after))
        .await?;
    txn.commit().await?;
    Ok(after)
}

pub async fn delete(db: &DatabaseConnection, actor: &Actor, region_id: i64, id: i64) -> Result<()> {
    let txn = db.begin().await?;
    let before = get(&txn, region_id, id).await?;
    crate::plan::programmes::unlink(&txn, crate::plan::programmes::link::PROBLEM, id).await?;
    before.clone().delete(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "problem", id, "delete"), Some(&before), None::<&()>)
        .await?;
    txn.commit().await?;
    Ok(())
}
