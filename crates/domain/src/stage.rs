//! The Bimtek stage workflow: not started → in progress → submitted → approved, or returned
//! with comments and submitted again.

use crate::validate::Errors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageStatus {
    NotStarted,
    InProgress,
    Submitted,
    Approved,
    Returned,
}

impl StageStatus {
    pub const ALL: [StageStatus; 5] = [
        StageStatus::NotStarted,
        StageStatus::InProgress,
        StageStatus::Submitted,
        StageStatus::Approved,
        StageStatus::Returned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StageStatus::NotStarted => "not_started",
            StageStatus::InProgress => "in_progress",
            StageStatus::Submitted => "submitted",
            StageStatus::Approved => "approved",
            StageStatus::Returned => "returned",
        }
    }

    pub fn parse(s: &str) -> Option<StageStatus> {
        StageStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Weight of the status in a region's progress bar (0..=100 per stage).
    pub fn progress(self) -> u32 {
        match self {
            StageStatus::NotStarted => 0,
            StageStatus::InProgress | StageStatus::Returned => 40,
            StageStatus::Submitted => 75,
            StageStatus::Approved => 100,
        }
    }
}

/// A region's progress, 0..=100: the mean of its stages' weights. Stage 4 follows the book's
/// versions (`versions::stage4_after`), so this reflects the book's state too.
pub fn overall_progress(stages: &[StageStatus]) -> u32 {
    match stages.len() {
        0 => 0,
        n => stages.iter().map(|s| s.progress()).sum::<u32>() / n as u32,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageAction {
    Start,
    Submit,
    Approve,
    Return,
    Reopen,
}

impl StageAction {
    pub const ALL: [StageAction; 5] =
        [StageAction::Start, StageAction::Submit, StageAction::Approve, StageAction::Return, StageAction::Reopen];

    pub fn as_str(self) -> &'static str {
        match self {
            StageAction::Start => "start",
            StageAction::Submit => "submit",
            StageAction::Approve => "approve",
            StageAction::Return => "return",
            StageAction::Reopen => "reopen",
        }
    }

    pub fn parse(s: &str) -> Option<StageAction> {
        StageAction::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Who may take this action: region side (admin) or reviewer side (expert).
    pub fn by_reviewer(self) -> bool {
        matches!(self, StageAction::Approve | StageAction::Return | StageAction::Reopen)
    }
}

/// Why a transition is refused; the web layer translates the code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StageError {
    #[error("stage-err-transition")]
    NotAllowed { from: StageStatus, action: StageAction },
    #[error("stage-err-previous")]
    PreviousNotApproved,
    #[error("stage-err-comment-required")]
    CommentRequired,
    /// Stage 1 waits for the MoU and the SK decrees (a programme setting); the first missing.
    #[error("stage-err-needs")]
    Missing(crate::cohort::Prerequisite),
}

impl StageError {
    pub fn code(&self) -> &'static str {
        match self {
            StageError::NotAllowed { .. } => "stage-err-transition",
            StageError::PreviousNotApproved => "stage-err-previous",
            StageError::CommentRequired => "stage-err-comment-required",
            StageError::Missing(crate::cohort::Prerequisite::Mou) => "stage-err-needs-mou",
            StageError::Missing(crate::cohort::Prerequisite::DewanDecree) => "stage-err-needs-sk-dewan",
            StageError::Missing(crate::cohort::Prerequisite::TimDecree) => "stage-err-needs-sk-tim",
        }
    }
}

/// Decide the next status. `previous_approved` tells whether the stage before this one (if any)
/// is approved: a stage is submitted for review only once the one before it is signed off.
pub fn transition(
    from: StageStatus,
    action: StageAction,
    previous_approved: bool,
    comment: &str,
) -> Result<StageStatus, StageError> {
    use StageAction as A;
    use StageStatus as S;
    let next = match (from, action) {
        (S::NotStarted, A::Start) => S::InProgress,
        (S::InProgress | S::Returned, A::Submit) => {
            if !previous_approved {
                return Err(StageError::PreviousNotApproved);
            }
            S::Submitted
        }
        (S::Submitted, A::Approve) => S::Approved,
        (S::Submitted, A::Return) => {
            if comment.trim().is_empty() {
                return Err(StageError::CommentRequired);
            }
            S::Returned
        }
        (S::Approved, A::Reopen) => S::InProgress,
        _ => return Err(StageError::NotAllowed { from, action }),
    };
    Ok(next)
}

/// The longest comment on a stage.
pub const MAX_COMMENT: usize = 5000;

/// A comment that travels with a workflow action: optional (the workflow decides when it is
/// required), at most [`MAX_COMMENT`] characters.
pub fn action_comment(comment: &str) -> Result<String, Errors> {
    let mut e = Errors::new();
    let c = e.optional_text("comment", comment, MAX_COMMENT).unwrap_or_default();
    e.into_result().map(|_| c)
}

/// A plain comment on a stage: required, at most [`MAX_COMMENT`] characters.
pub fn comment(body: &str) -> Result<String, Errors> {
    let mut e = Errors::new();
    let c = e.text("comment", body, MAX_COMMENT);
    e.into_result().map(|_| c)
}

/// A stage's schedule as typed: planned and held dates, each optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ScheduleInput {
    pub planned_start: String,
    pub planned_end: String,
    pub held_start: String,
    pub held_end: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub held_start: Option<NaiveDate>,
    pub held_end: Option<NaiveDate>,
}

impl ScheduleInput {
    /// Dates as ISO dates; an end never before its start.
    pub fn validate(&self) -> Result<Schedule, Errors> {
        let mut e = Errors::new();
        let s = Schedule {
            planned_start: e.optional_date("planned_start", &self.planned_start),
            planned_end: e.optional_date("planned_end", &self.planned_end),
            held_start: e.optional_date("held_start", &self.held_start),
            held_end: e.optional_date("held_end", &self.held_end),
        };
        for (start, end, field) in
            [(s.planned_start, s.planned_end, "planned_end"), (s.held_start, s.held_end, "held_end")]
        {
            if let (Some(a), Some(b)) = (start, end) {
                if b < a {
                    e.add(field, "err-date-order", None);
                }
            }
        }
        e.into_result().map(|_| s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn happy_path_and_return() {
        let s = transition(StageStatus::NotStarted, StageAction::Start, true, "").unwrap_or(StageStatus::NotStarted);
        assert_eq!(s, StageStatus::InProgress);
        assert_eq!(transition(s, StageAction::Submit, true, ""), Ok(StageStatus::Submitted));
        assert_eq!(
            transition(StageStatus::Submitted, StageAction::Return, true, "  "),
            Err(StageError::CommentRequired)
        );
        assert_eq!(
            transition(StageStatus::Submitted, StageAction::Return, true, "lengkapi SWOT"),
            Ok(StageStatus::Returned)
        );
        assert_eq!(
            transition(StageStatus::Returned, StageAction::Submit, false, ""),
            Err(StageError::PreviousNotApproved)
        );
    }

    #[test]
    fn progress_is_the_mean_of_the_stages() {
        use StageStatus as S;
        assert_eq!(overall_progress(&[]), 0);
        assert_eq!(overall_progress(&[S::NotStarted; 4]), 0);
        assert_eq!(overall_progress(&[S::Approved, S::Approved, S::Approved, S::Submitted]), 93);
        assert_eq!(overall_progress(&[S::Approved; 4]), 100);
    }

    fn status() -> impl Strategy<Value = StageStatus> {
        prop::sample::select(StageStatus::ALL.to_vec())
    }
    fn action() -> impl Strategy<Value = StageAction> {
        prop::sample::select(StageAction::ALL.to_vec())
    }

    proptest! {
        /// Only a reviewer action can reach "approved", and only from "submitted".
        #[test]
        fn approval_only_from_submitted(from in status(), a in action(), prev in any::<bool>()) {
            if let Ok(StageStatus::Approved) = transition(from, a, prev, "x") {
                prop_assert_eq!(from, StageStatus::Submitted);
                prop_assert!(a.by_reviewer());
            }
        }

        #[test]
        fn codes_round_trip(s in status(), a in action()) {
            prop_assert_eq!(StageStatus::parse(s.as_str()), Some(s));
            prop_assert_eq!(StageAction::parse(a.as_str()), Some(a));
        }
    }

    #[test]
    fn schedules_and_comments() {
        let s = ScheduleInput {
            planned_start: "2025-03-01".into(),
            planned_end: "2025-02-01".into(),
            held_start: "2025-03-01".into(),
            held_end: "kemarin".into(),
        };
        let e = s.validate().expect_err("bad");
        let codes: Vec<_> = e.0.iter().map(|x| (x.field.as_str(), x.code)).collect();
        assert_eq!(codes, [("held_end", "err-date"), ("planned_end", "err-date-order")]);
        assert!(ScheduleInput::default().validate().is_ok(), "every date is optional");
        assert_eq!(action_comment("  "), Ok(String::new()));
        assert_eq!(comment(" Lanjut "), Ok("Lanjut".into()));
        assert!(comment("").is_err() && action_comment(&"x".repeat(MAX_COMMENT + 1)).is_err());
    }
}
