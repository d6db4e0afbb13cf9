//! The yearly evaluation: rounds with their part weights and survey questions (the programme
//! office's), each region's evaluation (self-assessment, evaluators' scores, survey tallies,
//! Quick Win before/after verdicts, findings) and its summary with the 0–5 index.

use crate::audit::{self, Change};
use crate::entity::{
    evaluation, evaluation_round, evaluation_score, evaluation_weight, qw_evaluation, survey_question, survey_tally,
};
use crate::{monitoring, Actor, Result, StoreError};
use kotacerdas_domain::evaluation::{
    check_round_open, dimension_index, index, score_from_bp, share_bp, survey_score, validate_round,
    validate_round_settings, validate_scoring, validate_self_assessment, validate_survey, Part, PartScore,
    RoundSettings, RoundSettingsInput, ScoringInput, SelfAssessmentInput, SurveyInput, ValidAssessment, ValidQuickWin,
    Verdict, DEFAULT_WEIGHTS, MAX_SCORE,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, TransactionTrait,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

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

/// One part of the summary: weight, the region's own score, the score that counts and where it
/// comes from ("evaluator", "computed" from programme statuses, "survey").
#[derive(Debug, Clone, Serialize)]
pub struct PartRow {
    pub part: Part,
    pub weight: i32,
    pub self_score: Option<i64>,
    pub self_note: String,
    pub score: Option<i64>,
    pub note: String,
    pub source: &'static str,
    pub evidence_file_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QwRow {
    pub programme_id: i64,
    pub name: String,
    pub metric: String,
    pub unit: String,
    pub before: String,
    pub target: String,
    pub after: String,
    pub verdict: Option<Verdict>,
    pub note: String,
    pub evidence_file_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub round: evaluation_round::Model,
    pub evaluation: evaluation::Model,
    pub parts: Vec<PartRow>,
    pub index: Option<i64>,
    /// Per dimension: (executed, due, Outcome score, dimension index).
    pub dimensions: BTreeMap<String, (u32, u32, Option<i64>, Option<i64>)>,
    pub questions: Vec<(survey_question::Model, [i32; 5])>,
    pub quick_wins: Vec<QwRow>,
}

/// Everything the evaluation page, the letter and the API show, with the index computed now.
pub async fn summary<C: ConnectionTrait>(db: &C, round: &evaluation_round::Model, region_id: i64) -> Result<Summary> {
    // Reading never writes: a region not evaluated yet gets an empty record (id 0) here, and
    // the row is created by the first save.
    let ev = evaluation::Entity::find()
        .filter(evaluation::Column::RoundId.eq(round.id))
        .filter(evaluation::Column::RegionId.eq(region_id))
        .one(db)
        .await?
        .unwrap_or_else(|| evaluation::Model {
            id: 0,
            round_id: round.id,
            region_id,
            strengths: String::new(),
            weaknesses: String::new(),
            recommendations: String::new(),
            index_score: None,
            letter_file_id: None,
            updated_at: chrono::Utc::now(),
        });
    let w = weights(db, round.id).await?;
    let scores: HashMap<String, evaluation_score::Model> = evaluation_score::Entity::find()
        .filter(evaluation_score::Column::EvaluationId.eq(ev.id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.part.clone(), s))
        .collect();
    let roll = monitoring::rollup(db, region_id, round.year).await?;
    let (done, due) = roll.executed.values().fold((0, 0), |(a, b), (x, y)| (a + x, b + y));
    let outcome = share_bp(done, due).map(score_from_bp);
    let questions = questions_of(db, round.id).await?;
    let tallies: HashMap<i64, survey_tally::Model> = survey_tally::Entity::find()
        .filter(survey_tally::Column::EvaluationId.eq(ev.id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.question_id, t))
        .collect();
    let mut answers: Vec<i32> = Vec::new();
    let questions: Vec<(survey_question::Model, [i32; 5])> = questions
        .into_iter()
        .map(|q| {
            let n = tallies.get(&q.id).map(|t| [t.n1, t.n2, t.n3, t.n4, t.n5]).unwrap_or([0; 5]);
            for (level, count) in n.iter().enumerate() {
                answers.extend(std::iter::repeat_n(level as i32 + 1, (*count).max(0) as usize));
            }
            (q, n)
        })
        .collect();
    let survey = survey_score(&answers);
    let parts: Vec<PartRow> = w
        .iter()
        .map(|(part, weight)| {
            let s = scores.get(part.as_str());
            let (score, source) = match part {
                Part::Outcome => (outcome, "computed"),
                Part::Impact if survey.is_some() => (survey, "survey"),
                _ => (s.and_then(|s| s.score), "evaluator"),
            };
            PartRow {
                part: *part,
                weight: *weight,
                self_score: s.and_then(|s| s.self_score),
                self_note: s.map(|s| s.self_note.clone()).unwrap_or_default(),
                score,
                note: s.map(|s| s.note.clone()).unwrap_or_default(),
                source,
                evidence_file_id: s.and_then(|s| s.evidence_file_id),
            }
        })
        .collect();
    let ps: Vec<PartScore> =
        parts.iter().map(|p| PartScore { part: p.part, weight: p.weight, score: p.score }).collect();
    let dimensions = roll
        .executed
        .iter()
        .map(|(d, (x, y))| {
            let o = share_bp(*x, *y).map(score_from_bp);
            (d.clone(), (*x, *y, o, dimension_index(&ps, o)))
        })
        .collect();
    let qw = qw_evaluation::Entity::find().filter(qw_evaluation::Column::EvaluationId.eq(ev.id)).all(db).await?;
    let qw: HashMap<i64, qw_evaluation::Model> = qw.into_iter().map(|q| (q.programme_id, q)).collect();
    let names: HashMap<i64, String> = crate::plan::programmes::list(db, region_id)
        .await?
        .into_iter()
        .map(|p| (p.programme.id, p.programme.named()))
        .collect();
    let mut quick_wins: Vec<QwRow> = crate::plan::quickwins::sheets(db, region_id)
        .await?
        .into_values()
        .filter(|s| s.selected)
        .map(|s| {
            let e = qw.get(&s.programme_id);
            QwRow {
                programme_id: s.programme_id,
                name: names.get(&s.programme_id).cloned().unwrap_or_default(),
                metric: s.metric_name,
                unit: s.metric_unit,
                before: s.metric_before,
                target: s.metric_target,
                after: e.map(|e| e.metric_after.clone()).unwrap_or_default(),
                verdict: e.and_then(|e| Verdict::parse(&e.verdict)),
                note: e.map(|e| e.note.clone()).unwrap_or_default(),
                evidence_file_id: e.and_then(|e| e.evidence_file_id),
            }
        })
        .collect();
    quick_wins.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Summary { index: index(&ps), round: round.clone(), evaluation: ev, parts, dimensions, questions, quick_wins })
}

async fn store_index<C: ConnectionTrait>(db: &C, round: &evaluation_round::Model, region_id: i64) -> Result<()> {
    let s = summary(db, round, region_id).await?;
    let mut m = s.evaluation.into_active_model();
    m.index_score = Set(s.index);
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

/// Save the evaluator's scores and notes per part, Quick Win verdicts and findings.
pub async fn save_scores(
    db: &DatabaseConnection,
    actor: &Actor,
    round: &evaluation_round::Model,
    region_id: i64,
    input: &ScoringInput,
) -> Result<()> {
    check_round_open(round.closed)?;
    let v = validate_scoring(input)?;
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

/// The stored index of every region evaluated in a round (region id → index).
pub async fn indices<C: ConnectionTrait>(db: &C, round_id: i64) -> Result<HashMap<i64, Option<i64>>> {
    Ok(evaluation::Entity::find()
        .filter(evaluation::Column::RoundId.eq(round_id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.region_id, e.index_score))
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
