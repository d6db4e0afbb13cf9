//! Stage 1 problem register: conditions and problems per element, with evidence, severity and
//! citizens affected.

use crate::audit::{self, Change};
use crate::entity::problem;
use crate::region::opds;
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::analysis_input::ProblemInput;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, TransactionTrait,
};

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

impl From<&problem::Model> for ProblemInput {
    fn from(p: &problem::Model) -> ProblemInput {
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
}

/// Check an input and fill the active model; shared by create, update and import.
pub async fn fill<C: ConnectionTrait>(
    c: &C,
    region_id: i64,
    input: &ProblemInput,
    am: &mut problem::ActiveModel,
) -> Result<()> {
    let v = input.validate(&opds::ids(c, region_id).await?)?;
    am.region_id = Set(region_id);
    am.element_code = Set(v.element_code);
    am.opd_id = Set(v.opd_id);
    am.kind = Set(v.kind.as_str().to_string());
    am.title = Set(v.title);
    am.description = Set(v.description);
    am.evidence_figure = Set(v.evidence_figure);
    am.evidence_source = Set(v.evidence_source);
    am.evidence_year = Set(v.evidence_year);
    am.severity = Set(v.severity);
    am.affected_citizens = Set(v.affected_citizens);
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
    crate::plan::programmes::unlink(&txn, kotacerdas_domain::programme::LinkKind::Problem, id).await?;
    before.clone().delete(&txn).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "problem", id, "delete"), Some(&before), None::<&()>)
        .await?;
    txn.commit().await?;
    Ok(())
}
