//! The yearly evaluation: rounds with their part weights and survey questions (the programme
//! office's), each region's evaluation (self-assessment, evaluators' scores, survey tallies,
//! Quick Win before/after verdicts, findings) and its summary with the 0–5 index.

use crate::audit::{self, Change};
use crate::entity::{
    evaluation, evaluation_round, evaluation_score, evaluation_weight, qw_evaluation, survey_question, survey_tally,
};
use crate::{Actor, Result, StoreError};
use kotacerdas_domain::evaluation::{
    check_round_open, validate_round, validate_round_settings, validate_scoring, validate_self_assessment,
    validate_survey, Part, RoundSettings, RoundSettingsInput, ScoringInput, SelfAssessmentInput, SurveyInput,
    ValidAssessment, ValidQuickWin, DEFAULT_WEIGHTS, MAX_SCORE,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, TransactionTrait,
};
use serde::Serialize;
use std::collections::HashMap;

mod summary;
pub use summary::{summary, PartRow, QwRow, Summary};

pub const DEFAULT_QUESTIONS: [&str; 5] = [
    "Layanan publik daring memudahkan urusan saya",
    "Informasi pemerintah daerah mudah ditemukan dan dipercaya",
    "Aduan saya ditanggapi dengan cepat",
    "Program kota cerdas meningkatkan kualitas hidup keluarga saya",
    "Saya dilibatkan dalam perencanaan pembangunan daerah",
];

pub async fn rounds<C: ConnectionTrait>(db: &C) -> Result<Vec<evaluation_round::Model>> {
    Ok(evaluation_round::Entity::find().order_by_desc(evaluation_round::Column::Year).all(db).await?)
}

pub async fn round<C: ConnectionTrait>(db: &C, year: i32) -> Result<evaluation_round::Model> {
    evaluation_round::Entity::find()
        .filter(evaluation_round::Column::Year.eq(year))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

/// A new round with the default weights and survey questions.
pub async fn create_round(
    db: &DatabaseConnection,
    actor: &Actor,
    year: &str,
    title: &str,
) -> Result<evaluation_round::Model> {
    let txn = db.begin().await?;
    let taken: Vec<i32> = rounds(&txn).await?.iter().map(|r| r.year).collect();
    let (year, title) = validate_round(year, title, &taken)?;
    let r = evaluation_round::ActiveModel {
        year: Set(year),
        title: Set(title),
        closed: Set(false),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| crate::unique_as_field(e, "year"))?;
    for (part, w) in DEFAULT_WEIGHTS {
        evaluation_weight::ActiveModel {
            round_id: Set(r.id),
            part: Set(part.as_str().into()),
            weight: Set(w),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    for (i, q) in DEFAULT_QUESTIONS.iter().enumerate() {
        survey_question::ActiveModel {
            round_id: Set(r.id),
            position: Set(i as i32),
            text: Set(q.to_string()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(&txn, actor, Change::new(None, "evaluation_round", r.id, "create"), None::<&()>, Some(&r)).await?;
    txn.commit().await?;
    Ok(r)
}

pub async fn weights<C: ConnectionTrait>(db: &C, round_id: i64) -> Result<Vec<(Part, i32)>> {
    let stored: HashMap<String, i32> = evaluation_weight::Entity::find()
        .filter(evaluation_weight::Column::RoundId.eq(round_id))
        .all(db)
        .await?
        .into_iter()
        .map(|w| (w.part, w.weight))
        .collect();
    Ok(Part::ALL.iter().map(|p| (*p, stored.get(p.as_str()).copied().unwrap_or(0))).collect())
}

/// Set a round's weights (percent, whole numbers summing to 100) and survey questions (one per line).
pub async fn configure_round(
    db: &DatabaseConnection,
    actor: &Actor,
    round_id: i64,
    input: &RoundSettingsInput,
) -> Result<()> {
    let RoundSettings { weights: parsed, questions: lines } = validate_round_settings(input)?;
    let txn = db.begin().await?;
    let before = weights(&txn, round_id).await?;
    evaluation_weight::Entity::delete_many().filter(evaluation_weight::Column::RoundId.eq(round_id)).exec(&txn).await?;
    for (p, w) in &parsed {
        evaluation_weight::ActiveModel {
            round_id: Set(round_id),
            part: Set(p.as_str().into()),
            weight: Set(*w),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    // Questions are matched by position so tallies already entered stay with their question.
    let old = questions_of(&txn, round_id).await?;
    for (i, text) in lines.iter().enumerate() {
        match old.get(i) {
            Some(q) if &q.text == text => {}
            Some(q) => {
                let mut m = q.clone().into_active_model();
                m.text = Set(text.clone());
                m.update(&txn).await?;
            }
            None => {
                survey_question::ActiveModel {
                    round_id: Set(round_id),
                    position: Set(i as i32),
                    text: Set(text.clone()),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
        }
    }
    for q in old.iter().skip(lines.len()) {
        survey_question::Entity::delete_by_id(q.id).exec(&txn).await?;
    }
    audit::record(
        &txn,
        actor,
        Change::new(None, "evaluation_round", round_id, "configure"),
        Some(&before),
        Some(&(parsed, lines)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn questions_of<C: ConnectionTrait>(db: &C, round_id: i64) -> Result<Vec<survey_question::Model>> {
    Ok(survey_question::Entity::find()
        .filter(survey_question::Column::RoundId.eq(round_id))
        .order_by_asc(survey_question::Column::Position)
        .all(db)
        .await?)
}

/// The region's evaluation in a round, created empty on first save.
pub async fn evaluation_for<C: ConnectionTrait>(db: &C, round_id: i64, region_id: i64) -> Result<evaluation::Model> {
    if let Some(e) = evaluation::Entity::find()
        .filter(evaluation::Column::RoundId.eq(round_id))
        .filter(evaluation::Column::RegionId.eq(region_id))
        .one(db)
        .await?
    {
        return Ok(e);
    }
    evaluation::ActiveModel {
        round_id: Set(round_id),
        region_id: Set(region_id),
        strengths: Set(String::new()),
        weaknesses: Set(String::new()),
        recommendations: Set(String::new()),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    // Two first saves at the same instant: the loser is asked to try again, not shown a 500.
    .map_err(|e| crate::unique_as_field(e, "round"))
}

async fn store_index<C: ConnectionTrait>(db: &C, round: &evaluation_round::Model, region_id: i64) -> Result<()> {
    let s = summary(db, round, region_id).await?;
    let mut m = s.evaluation.into_active_model();
    m.index_score = Set(s.index);
    m.index_final = Set(!s.status.provisional());
    m.updated_at = Set(chrono::Utc::now());
    m.update(db).await?;
    Ok(())
}

/// Save the region's self-assessment: scores, notes and evidence per part, and the value after
/// of each selected Quick Win (`evidence` by part code or `qw.PROGRAMME`).
pub async fn save_self(
    db: &DatabaseConnection,
    actor: &Actor,
    round: &evaluation_round::Model,
    region_id: i64,
    input: &SelfAssessmentInput,
    evidence: &HashMap<String, i64>,
) -> Result<()> {
    check_round_open(round.closed)?;
    let v = validate_self_assessment(input)?;
    save(db, actor, round, region_id, v, evidence, input).await
}

/// Save the evaluator's scores, notes and reasons per part, Quick Win verdicts and findings. A
/// score departing from its part's computed suggestion (as computed now) needs a reason.
pub async fn save_scores(
    db: &DatabaseConnection,
    actor: &Actor,
    round: &evaluation_round::Model,
    region_id: i64,
    input: &ScoringInput,
) -> Result<()> {
    check_round_open(round.closed)?;
    let suggestions: Vec<(Part, i64)> = summary(db, round, region_id)
        .await?
        .parts
        .iter()
        .filter_map(|p| p.suggestion.map(|g| (p.part, g.score)))
        .collect();
    let v = validate_scoring(input, &suggestions)?;
    save(db, actor, round, region_id, v, &HashMap::new(), input).await
}

/// Write a checked assessment: the region's own columns for a self-assessment (the findings are
/// `None` there), the evaluator's otherwise; audited with the input as typed.
async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    round: &evaluation_round::Model,
    region_id: i64,
    v: ValidAssessment,
    evidence: &HashMap<String, i64>,
    typed: &impl Serialize,
) -> Result<()> {
    let by_region = v.findings.is_none();
    let verb = if by_region { "self_assessment" } else { "score" };
    let txn = db.begin().await?;
    let ev = evaluation_for(&txn, round.id, region_id).await?;
    let selected: Vec<i64> = crate::plan::quickwins::sheets(&txn, region_id)
        .await?
        .into_values()
        .filter(|s| s.selected)
        .map(|s| s.programme_id)
        .collect();
    for p in &v.parts {
        let (part, score, note) = (&p.part, &p.score, &p.note);
        let old = evaluation_score::Entity::find()
            .filter(evaluation_score::Column::EvaluationId.eq(ev.id))
            .filter(evaluation_score::Column::Part.eq(part.as_str()))
            .one(&txn)
            .await?;
        let file = evidence.get(part.as_str()).copied();
        let mut m = match old {
            Some(o) => o.into_active_model(),
            None => evaluation_score::ActiveModel {
                evaluation_id: Set(ev.id),
                part: Set(part.as_str().into()),
                self_note: Set(String::new()),
                note: Set(String::new()),
                reason: Set(String::new()),
                ..Default::default()
            },
        };
        if by_region {
            m.self_score = Set(*score);
            m.self_note = Set(note.clone());
            if file.is_some() {
                m.evidence_file_id = Set(file);
            }
        } else {
            m.score = Set(*score);
            m.note = Set(note.clone());
            m.reason = Set(p.reason.clone());
        }
        m.save(&txn).await?;
    }
    for qw in v.quick_wins {
        let pid = qw.programme_id();
        if !selected.contains(&pid) {
            continue;
        }
        let old = qw_evaluation::Entity::find()
            .filter(qw_evaluation::Column::EvaluationId.eq(ev.id))
            .filter(qw_evaluation::Column::ProgrammeId.eq(pid))
            .one(&txn)
            .await?;
        let mut m = match old {
            Some(o) => o.into_active_model(),
            None => qw_evaluation::ActiveModel {
                evaluation_id: Set(ev.id),
                programme_id: Set(pid),
                metric_after: Set(String::new()),
                verdict: Set(String::new()),
                note: Set(String::new()),
                ..Default::default()
            },
        };
        match qw {
            ValidQuickWin::After { value, .. } => {
                m.metric_after = Set(value);
                if let Some(file) = evidence.get(&format!("qw.{pid}")) {
                    m.evidence_file_id = Set(Some(*file));
                }
            }
            ValidQuickWin::Verdict { verdict, note, .. } => {
                m.verdict = Set(verdict.map(|v| v.as_str().to_string()).unwrap_or_default());
                m.note = Set(note);
            }
        }
        m.save(&txn).await?;
    }
    if let Some(f) = v.findings {
        let mut m = ev.clone().into_active_model();
        m.strengths = Set(f.strengths);
        m.weaknesses = Set(f.weaknesses);
        m.recommendations = Set(f.recommendations);
        m.update(&txn).await?;
    }
    store_index(&txn, round, region_id).await?;
    let after = evaluation_for(&txn, round.id, region_id).await?;
    audit::record(
        &txn,
        actor,
        Change::new(Some(region_id), "evaluation", ev.id, verb),
        Some(&ev),
        Some(&(after, typed)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Survey answers as counts per level 1–5 for each of the round's questions.
pub async fn save_survey(
    db: &DatabaseConnection,
    actor: &Actor,
    round: &evaluation_round::Model,
    region_id: i64,
    input: &SurveyInput,
) -> Result<()> {
    check_round_open(round.closed)?;
    let questions: Vec<i64> = questions_of(db, round.id).await?.iter().map(|q| q.id).collect();
    let rows = validate_survey(&questions, input)?;
    let txn = db.begin().await?;
    let ev = evaluation_for(&txn, round.id, region_id).await?;
    survey_tally::Entity::delete_many().filter(survey_tally::Column::EvaluationId.eq(ev.id)).exec(&txn).await?;
    for (qid, n) in &rows {
        survey_tally::ActiveModel {
            evaluation_id: Set(ev.id),
            question_id: Set(*qid),
            n1: Set(n[0]),
            n2: Set(n[1]),
            n3: Set(n[2]),
            n4: Set(n[3]),
            n5: Set(n[4]),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    store_index(&txn, round, region_id).await?;
    audit::record(&txn, actor, Change::new(Some(region_id), "evaluation", ev.id, "survey"), None::<&()>, Some(&rows))
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The stored index of every region evaluated in a round (region id → index, final).
pub async fn indices<C: ConnectionTrait>(db: &C, round_id: i64) -> Result<HashMap<i64, (Option<i64>, bool)>> {
    Ok(evaluation::Entity::find()
        .filter(evaluation::Column::RoundId.eq(round_id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.region_id, (e.index_score, e.index_final)))
        .collect())
}

/// Every stored evaluation of a region with its round, oldest first (for history and trend).
pub async fn history<C: ConnectionTrait>(
    db: &C,
    region_id: i64,
) -> Result<Vec<(evaluation_round::Model, evaluation::Model)>> {
    let evs = evaluation::Entity::find().filter(evaluation::Column::RegionId.eq(region_id)).all(db).await?;
    let rounds: HashMap<i64, evaluation_round::Model> = rounds(db).await?.into_iter().map(|r| (r.id, r)).collect();
    let mut out: Vec<_> = evs.into_iter().filter_map(|e| rounds.get(&e.round_id).cloned().map(|r| (r, e))).collect();
    out.sort_by_key(|(r, _)| r.year);
    Ok(out)
}

/// Close or reopen a round (a closed round is read-only).
pub async fn set_closed(db: &DatabaseConnection, actor: &Actor, round_id: i64, closed: bool) -> Result<()> {
    let Some(old) = evaluation_round::Entity::find_by_id(round_id).one(db).await? else {
        return Err(StoreError::NotFound);
    };
    let txn = db.begin().await?;
    let mut m = old.clone().into_active_model();
    m.closed = Set(closed);
    let new = m.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Change::new(None, "evaluation_round", round_id, if closed { "close" } else { "reopen" }),
        Some(&old),
        Some(&new),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The highest score, for forms.
pub const MAX: i64 = MAX_SCORE;
