//! A region's evaluation in one round as every reader shows it (page, letter, API, open data):
//! each part's evaluator score beside its computed suggestion, and the index with whether it is
//! final and how it was computed.

use crate::entity::{evaluation, evaluation_round, evaluation_score, qw_evaluation, survey_question, survey_tally};
use crate::{monitoring, Result};
use kotacerdas_domain::evaluation::{
    departs, dimension_index, impact_suggestion, index_status, outcome_suggestion, output_suggestion, score_from_bp,
    share_bp, IndexStatus, Part, PartScore, Suggestion, Verdict,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One part of the summary: weight, the region's own score, the evaluator's score (the one that
/// counts), and for Outcome and Impact the computed suggestion with its arithmetic. `source` is
/// "evaluator" (kept for readers of the older "computed"/"survey" sources: since the ministry's
/// evaluators score every part, the score is always theirs).
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
    pub suggestion: Option<Suggestion>,
    /// The evaluator's reason for departing from the suggestion.
    pub reason: String,
    /// The score differs from the suggestion by more than the tolerance.
    pub departs: bool,
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
    /// The index as published (hundredths): `status.value`.
    pub index: Option<i64>,
    /// Final or provisional, the missing parts, and the terms of the formula.
    pub status: IndexStatus,
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
            index_final: false,
            letter_file_id: None,
            updated_at: chrono::Utc::now(),
        });
    let w = super::weights(db, round.id).await?;
    let scores: HashMap<String, evaluation_score::Model> = evaluation_score::Entity::find()
        .filter(evaluation_score::Column::EvaluationId.eq(ev.id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.part.clone(), s))
        .collect();
    let roll = monitoring::rollup(db, region_id, round.year).await?;
    let (done, due) = roll.executed.values().fold((0, 0), |(a, b), (x, y)| (a + x, b + y));
    let questions = super::questions_of(db, round.id).await?;
    let tallies: HashMap<i64, survey_tally::Model> = survey_tally::Entity::find()
        .filter(survey_tally::Column::EvaluationId.eq(ev.id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.question_id, t))
        .collect();
    let questions: Vec<(survey_question::Model, [i32; 5])> = questions
        .into_iter()
        .map(|q| {
            let n = tallies.get(&q.id).map(|t| [t.n1, t.n2, t.n3, t.n4, t.n5]).unwrap_or([0; 5]);
            (q, n)
        })
        .collect();
    let counts: Vec<[i32; 5]> = questions.iter().map(|(_, n)| *n).collect();
    let (outcome, impact) = (outcome_suggestion(done, due), impact_suggestion(&counts));
    // Output: the round's year against the adopted RKPD, when one was imported for that year.
    let aligned = crate::alignment::year(db, region_id, round.year).await?;
    let output = match aligned.import {
        Some(_) => output_suggestion(aligned.alignment.region.funded, aligned.alignment.region.due),
        None => None,
    };
    let parts: Vec<PartRow> = w
        .iter()
        .map(|(part, weight)| {
            let s = scores.get(part.as_str());
            let score = s.and_then(|s| s.score);
            let suggestion = match part {
                Part::Outcome => outcome,
                Part::Impact => impact,
                Part::Output => output,
                _ => None,
            };
            PartRow {
                part: *part,
                weight: *weight,
                self_score: s.and_then(|s| s.self_score),
                self_note: s.map(|s| s.self_note.clone()).unwrap_or_default(),
                score,
                note: s.map(|s| s.note.clone()).unwrap_or_default(),
                source: "evaluator",
                evidence_file_id: s.and_then(|s| s.evidence_file_id),
                suggestion,
                reason: s.map(|s| s.reason.clone()).unwrap_or_default(),
                departs: departs(score, suggestion.map(|g| g.score)),
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
    let status = index_status(&ps);
    Ok(Summary {
        index: status.value,
        status,
        round: round.clone(),
        evaluation: ev,
        parts,
        dimensions,
        questions,
        quick_wins,
    })
}
