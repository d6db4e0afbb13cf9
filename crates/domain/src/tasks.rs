//! Each role's inbox: from facts the store loaded about the user's regions, what waits for this
//! user, with the page where the action happens. Pure: no SQL, no HTTP; the start page, the
//! header's count and `GET /api/v1/me/tasks` all ask [`tasks`].
//!
//! The inbox follows the roles a user holds, not every right they have: the programme office may
//! decide any stage, but its inbox is the programme's schedule (regions behind plan), not the
//! review work of the experts of five hundred regions.

use crate::access::{Principal, Role};
use crate::format;
use crate::stage::StageStatus;
use crate::versions::VersionStatus;
use chrono::NaiveDate;
use kotacerdas_i18n::Lang;

code_enum!(TaskKind "task" {
    StageReview = "stage_review",
    VersionReview = "version_review",
    VersionApprove = "version_approve",
    ReportOverdue = "report_overdue",
    ReportDue = "report_due",
    CitizenAnswer = "citizen_answer",
    EvaluationOpen = "evaluation_open",
    Blocked = "blocked",
    BehindSchedule = "behind_schedule",
    WorkshopAction = "workshop_action",
});

/// A region the user can see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionFact {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// The cohort's name, for the programme office's grouping.
    pub cohort: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageFact {
    pub region_id: i64,
    pub number: i32,
    pub status: StageStatus,
    pub planned_end: Option<NaiveDate>,
}

/// A book version that may wait for someone: submitted, reviewed, returned to draft by a
/// reviewer, or whose build failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionFact {
    pub region_id: i64,
    pub number: i32,
    pub label: String,
    pub status: VersionStatus,
    /// A draft again because an expert or the council returned it.
    pub returned: bool,
    pub build_failed: bool,
}

/// An open (unlocked) reporting period and, per OPD, how many of its programmes running that
/// year have no report yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodFact {
    pub region_id: i64,
    pub year: i32,
    pub quarter: i32,
    pub due_date: NaiveDate,
    pub unreported: Vec<(i64, i64)>,
}

impl PeriodFact {
    fn missing(&self, opd: Option<i64>) -> i64 {
        self.unreported.iter().filter(|(o, _)| opd.is_none_or(|x| x == *o)).map(|(_, n)| n).sum()
    }
}

/// A published citizen input nobody has answered yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFact {
    pub region_id: i64,
    pub id: i64,
    pub title: String,
}

/// A region in an evaluation round that is still open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvaluationFact {
    pub region_id: i64,
    pub year: i32,
    /// Whether the index has been computed (the evaluator's scores are in).
    pub scored: bool,
}

/// An open follow-up action agreed at a workshop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionFact {
    pub region_id: i64,
    pub workshop_id: i64,
    pub text: String,
    /// The OPD that owns it (its planners see it), if any.
    pub opd_id: Option<i64>,
    pub due_on: Option<NaiveDate>,
}

/// What the store loaded for one user (only what [`needs`] asked for).
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub regions: Vec<RegionFact>,
    pub stages: Vec<StageFact>,
    pub versions: Vec<VersionFact>,
    pub periods: Vec<PeriodFact>,
    pub inputs: Vec<InputFact>,
    pub evaluations: Vec<EvaluationFact>,
    pub actions: Vec<ActionFact>,
}

/// Which facts to load, and for which regions (`None`: all of them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Needs {
    pub regions: Option<Vec<i64>>,
    pub stages: bool,
    pub versions: bool,
    pub periods: bool,
    pub inputs: bool,
    pub evaluations: bool,
    pub actions: bool,
}

/// The facts this user's inbox is made of: nothing is loaded that no role of theirs uses.
pub fn needs(p: &Principal) -> Needs {
    let has = |r: Role| p.assignments.iter().any(|a| a.role == r);
    let office = p.is_programme_admin();
    Needs {
        regions: p.visible_regions(),
        stages: office || has(Role::Expert) || has(Role::RegionAdmin),
        versions: has(Role::Expert) || has(Role::CouncilMember) || has(Role::RegionAdmin),
        periods: has(Role::OpdPlanner) || has(Role::RegionAdmin),
        inputs: has(Role::OpdPlanner),
        evaluations: has(Role::Evaluator),
        actions: has(Role::RegionAdmin) || has(Role::OpdPlanner),
    }
}

/// Why something in a region is stuck (the region manager's inbox).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Stage(i32),
    Version {
        number: i32,
        label: String,
    },
    BuildFailed {
        number: i32,
        label: String,
    },
    VersionReturned {
        number: i32,
        label: String,
    },
    Reports {
        year: i32,
        quarter: i32,
        missing: i64,
    },
    Input(String),
    Evaluation {
        year: i32,
        scored: bool,
    },
    /// A workshop's follow-up action (its text).
    Action(String),
}

/// One thing waiting for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub kind: TaskKind,
    pub region_code: String,
    pub region_name: String,
    pub cohort: Option<String>,
    pub subject: Subject,
    /// The page where the action happens.
    pub url: String,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
}

impl Task {
    /// The task in one line, in `lang` (the pages and the API say the same).
    pub fn title(&self, lang: Lang) -> String {
        let code = lang.code();
        let region = self.region_name.as_str();
        // As the monitoring pages name periods: "2026", "2026 Triwulan 2", "2026 Q2".
        let period = |year: i32, quarter: i32| match (quarter, lang) {
            (0, _) => year.to_string(),
            (q, Lang::En) => format!("{year} Q{q}"),
            (q, Lang::Id) => format!("{year} Triwulan {q}"),
        };
        match (&self.subject, self.kind) {
            (Subject::Stage(n), TaskKind::Blocked) => {
                lang.ta("task-stage-returned", &[("stage", stage_name(*n, code)), ("region", region)])
            }
            (Subject::Stage(n), TaskKind::BehindSchedule) => {
                lang.ta("task-stage-behind", &[("stage", stage_name(*n, code)), ("region", region)])
            }
            (Subject::Stage(n), _) => {
                lang.ta("task-stage-review", &[("stage", stage_name(*n, code)), ("region", region)])
            }
            (Subject::Version { number, label }, kind) => {
                let key = if kind == TaskKind::VersionApprove { "task-version-approve" } else { "task-version-review" };
                lang.ta(key, &[("number", number.to_string().as_str()), ("label", label.as_str()), ("region", region)])
            }
            (Subject::VersionReturned { number, label }, _) => {
                let number = number.to_string();
                lang.ta(
                    "task-version-returned",
                    &[("number", number.as_str()), ("label", label.as_str()), ("region", region)],
                )
            }
            (Subject::BuildFailed { number, label }, _) => {
                let number = number.to_string();
                lang.ta(
                    "task-build-failed",
                    &[("number", number.as_str()), ("label", label.as_str()), ("region", region)],
                )
            }
            (Subject::Reports { year, quarter, missing }, _) => {
                let key = if self.kind == TaskKind::Blocked { "task-reports-blocked" } else { "task-reports" };
                let n = match lang {
                    Lang::Id => format::thousands(*missing),
                    Lang::En => format::thousands(*missing).replace('.', ","),
                };
                let period = period(*year, *quarter);
                lang.ta(key, &[("n", n.as_str()), ("period", period.as_str()), ("region", region)])
            }
            (Subject::Input(title), _) => {
                lang.ta("task-citizen-answer", &[("title", title.as_str()), ("region", region)])
            }
            (Subject::Action(text), _) => {
                lang.ta("task-workshop-action", &[("text", text.as_str()), ("region", region)])
            }
            (Subject::Evaluation { year, scored }, _) => {
                let key = if *scored { "task-evaluation-scored" } else { "task-evaluation-open" };
                lang.ta(key, &[("year", year.to_string().as_str()), ("region", region)])
            }
        }
    }
}

fn stage_name(n: i32, lang: &str) -> &'static str {
    crate::framework::STAGES.get((n as usize).saturating_sub(1)).map(|s| s.name(lang)).unwrap_or_default()
}

/// What waits for `p` on `today`, in inbox order: by kind, then overdue first, then by due date
/// and region.
pub fn tasks(p: &Principal, facts: &Facts, today: NaiveDate) -> Vec<Task> {
    let mut out = Vec::new();
    let role_in = |role: Role, region: i64| p.assignments.iter().any(|a| a.role == role && a.region_id == Some(region));
    let planner_opds = |region: i64| -> Vec<i64> {
        p.assignments
            .iter()
            .filter(|a| a.role == Role::OpdPlanner && a.region_id == Some(region))
            .filter_map(|a| a.opd_id)
            .collect()
    };
    for r in &facts.regions {
        let task = |kind: TaskKind, subject: Subject, url: String, due: Option<NaiveDate>| Task {
            kind,
            region_code: r.code.clone(),
            region_name: r.name.clone(),
            cohort: r.cohort.clone(),
            subject,
            overdue: due.is_some_and(|d| d < today),
            url: format!("/regions/{}{url}", r.code),
            due,
        };
        let rid = r.id;
        let stages = move || facts.stages.iter().filter(move |s| s.region_id == rid);
        let versions = move || facts.versions.iter().filter(move |v| v.region_id == rid);
        let periods = move || facts.periods.iter().filter(move |x| x.region_id == rid);
        let version = |v: &VersionFact| Subject::Version { number: v.number, label: v.label.clone() };
        let version_url = |v: &VersionFact| format!("/book/versions/{}", v.number);
        if role_in(Role::Expert, r.id) {
            for s in stages().filter(|s| s.status == StageStatus::Submitted) {
                out.push(task(TaskKind::StageReview, Subject::Stage(s.number), format!("/stages/{}", s.number), None));
            }
            for v in versions().filter(|v| v.status == VersionStatus::Submitted) {
                out.push(task(TaskKind::VersionReview, version(v), version_url(v), None));
            }
        }
        if role_in(Role::CouncilMember, r.id) {
            for v in versions().filter(|v| v.status == VersionStatus::Reviewed) {
                out.push(task(TaskKind::VersionApprove, version(v), version_url(v), None));
            }
        }
        let opds = planner_opds(r.id);
        if !opds.is_empty() {
            for per in periods() {
                let missing: i64 = opds.iter().map(|o| per.missing(Some(*o))).sum();
                if missing > 0 {
                    let kind = if per.due_date < today { TaskKind::ReportOverdue } else { TaskKind::ReportDue };
                    let subject = Subject::Reports { year: per.year, quarter: per.quarter, missing };
                    out.push(task(kind, subject, "/monitoring/my".into(), Some(per.due_date)));
                }
            }
            for i in facts.inputs.iter().filter(|i| i.region_id == r.id) {
                let url = format!("/participation/inputs/{}", i.id);
                out.push(task(TaskKind::CitizenAnswer, Subject::Input(i.title.clone()), url, None));
            }
        }
        // Follow-up actions of the workshops: all of them for the region's managers, their
        // own OPD's for planners.
        let manager = role_in(Role::RegionAdmin, r.id);
        for a in facts.actions.iter().filter(|a| a.region_id == r.id) {
            if manager || a.opd_id.is_some_and(|o| opds.contains(&o)) {
                let url = format!("/workshops/{}#actions", a.workshop_id);
                out.push(task(TaskKind::WorkshopAction, Subject::Action(a.text.clone()), url, a.due_on));
            }
        }
        if role_in(Role::Evaluator, r.id) {
            for e in facts.evaluations.iter().filter(|e| e.region_id == r.id) {
                let subject = Subject::Evaluation { year: e.year, scored: e.scored };
                out.push(task(TaskKind::EvaluationOpen, subject, format!("/evaluations/{}", e.year), None));
            }
        }
        if role_in(Role::RegionAdmin, r.id) {
            for s in stages().filter(|s| s.status == StageStatus::Returned) {
                out.push(task(TaskKind::Blocked, Subject::Stage(s.number), format!("/stages/{}", s.number), None));
            }
            for v in versions().filter(|v| v.returned) {
                let subject = Subject::VersionReturned { number: v.number, label: v.label.clone() };
                out.push(task(TaskKind::Blocked, subject, version_url(v), None));
            }
            for v in versions().filter(|v| v.build_failed) {
                let subject = Subject::BuildFailed { number: v.number, label: v.label.clone() };
                out.push(task(TaskKind::Blocked, subject, version_url(v), None));
            }
            for per in periods().filter(|x| x.due_date < today) {
                let missing = per.missing(None);
                if missing > 0 {
                    let subject = Subject::Reports { year: per.year, quarter: per.quarter, missing };
                    out.push(task(TaskKind::Blocked, subject, "/monitoring/my".into(), Some(per.due_date)));
                }
            }
        }
        if p.is_programme_admin() {
            // The first stage whose planned end has passed unapproved: the region's delay.
            let mut late: Vec<&StageFact> = stages()
                .filter(|s| s.status != StageStatus::Approved && s.planned_end.is_some_and(|d| d < today))
                .collect();
            late.sort_by_key(|s| s.number);
            if let Some(s) = late.first() {
                let url = format!("/stages/{}", s.number);
                out.push(task(TaskKind::BehindSchedule, Subject::Stage(s.number), url, s.planned_end));
            }
        }
    }
    let rank = |k: TaskKind| TaskKind::ALL.iter().position(|x| *x == k).unwrap_or(usize::MAX);
    out.sort_by(|a, b| {
        (rank(a.kind), &a.cohort, !a.overdue, a.due, &a.region_code, &a.url).cmp(&(
            rank(b.kind),
            &b.cohort,
            !b.overdue,
            b.due,
            &b.region_code,
            &b.url,
        ))
    });
    out
}

/// The inbox grouped by kind, in [`TaskKind::ALL`] order, empty kinds left out.
pub fn grouped(tasks: &[Task]) -> Vec<(TaskKind, Vec<&Task>)> {
    TaskKind::ALL
        .iter()
        .map(|k| (*k, tasks.iter().filter(|t| t.kind == *k).collect::<Vec<_>>()))
        .filter(|(_, list)| !list.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Assignment;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn user(list: &[(Role, Option<i64>, Option<i64>)]) -> Principal {
        Principal {
            user_id: 1,
            username: "u".into(),
            display_name: "U".into(),
            assignments: list
                .iter()
                .map(|(role, r, o)| Assignment { role: *role, region_id: *r, opd_id: *o })
                .collect(),
        }
    }

    /// Two regions: 1 (Sukamaju, cohort A) with something for every role, 2 (Lain, cohort B)
    /// with the same, so each role's inbox shows that other regions stay out of it.
    fn facts() -> Facts {
        let region = |id: i64, code: &str, cohort: &str| RegionFact {
            id,
            code: code.into(),
            name: format!("Wilayah {code}"),
            cohort: Some(cohort.into()),
        };
        let mut f = Facts { regions: vec![region(1, "99.01", "A"), region(2, "99.02", "B")], ..Default::default() };
        for r in [1, 2] {
            let stage =
                |number, status, end: &str| StageFact { region_id: r, number, status, planned_end: Some(day(end)) };
            f.stages.extend([
                stage(1, StageStatus::Approved, "2025-01-01"),
                stage(2, StageStatus::Submitted, "2025-03-01"),
                stage(3, StageStatus::Returned, "2025-05-01"),
                stage(4, StageStatus::NotStarted, "2027-01-01"),
            ]);
            let version = |number, status, returned, build_failed| VersionFact {
                region_id: r,
                number,
                label: format!("V{number}"),
                status,
                returned,
                build_failed,
            };
            f.versions.extend([
                version(1, VersionStatus::Reviewed, false, false),
                version(2, VersionStatus::Submitted, false, false),
                version(3, VersionStatus::Draft, false, true),
                version(4, VersionStatus::Draft, true, false),
            ]);
            f.periods.push(PeriodFact {
                region_id: r,
                year: 2026,
                quarter: 0,
                due_date: day("2026-11-15"),
                unreported: vec![(7, 3), (8, 2)],
            });
            f.periods.push(PeriodFact {
                region_id: r,
                year: 2027,
                quarter: 1,
                due_date: day("2027-04-15"),
                unreported: vec![(8, 1)],
            });
            f.inputs.push(InputFact { region_id: r, id: 10 + r, title: "Jalan rusak".into() });
            f.evaluations.push(EvaluationFact { region_id: r, year: 2026, scored: false });
        }
        f
    }

    fn inbox(p: &Principal) -> Vec<(TaskKind, String, String, bool)> {
        tasks(p, &facts(), day("2026-12-07"))
            .into_iter()
            .map(|t| (t.kind, t.region_code.clone(), t.url.clone(), t.overdue))
            .collect()
    }

    fn one(kind: TaskKind, url: &str, overdue: bool) -> (TaskKind, String, String, bool) {
        (kind, "99.01".into(), url.into(), overdue)
    }

    #[test]
    fn the_expert_reviews_submitted_stages_and_versions_of_their_regions() {
        let expert = user(&[(Role::Expert, Some(1), None)]);
        assert_eq!(
            inbox(&expert),
            vec![
                one(TaskKind::StageReview, "/regions/99.01/stages/2", false),
                one(TaskKind::VersionReview, "/regions/99.01/book/versions/2", false),
            ]
        );
    }

    #[test]
    fn workshop_actions_wait_for_the_manager_and_the_owner_opds_planner() {
        let mut f = facts();
        let action = |region_id, opd_id, due: &str| ActionFact {
            region_id,
            workshop_id: 5,
            text: "Lengkapi data".into(),
            opd_id,
            due_on: Some(day(due)),
        };
        f.actions =
            vec![action(1, Some(8), "2026-12-01"), action(1, Some(9), "2027-01-01"), action(2, Some(8), "2026-12-01")];
        let kinds = |p: &Principal| -> Vec<(String, bool)> {
            tasks(p, &f, day("2026-12-07"))
                .into_iter()
                .filter(|t| t.kind == TaskKind::WorkshopAction)
                .map(|t| (t.url, t.overdue))
                .collect()
        };
        let planner = user(&[(Role::OpdPlanner, Some(1), Some(8))]);
        assert_eq!(kinds(&planner), vec![("/regions/99.01/workshops/5#actions".to_string(), true)]);
        let admin = user(&[(Role::RegionAdmin, Some(1), None)]);
        assert_eq!(kinds(&admin).len(), 2, "both of the region's actions, not the other region's");
        let expert = user(&[(Role::Expert, Some(1), None)]);
        assert!(kinds(&expert).is_empty());
        assert!(needs(&planner).actions && needs(&admin).actions && !needs(&expert).actions);
    }

    #[test]
    fn the_council_approves_reviewed_versions() {
        let council = user(&[(Role::CouncilMember, Some(1), None)]);
        assert_eq!(inbox(&council), vec![one(TaskKind::VersionApprove, "/regions/99.01/book/versions/1", false)]);
    }

    #[test]
    fn the_planner_owes_their_own_opds_reports_and_answers_to_citizens() {
        let planner = user(&[(Role::OpdPlanner, Some(1), Some(8))]);
        assert_eq!(
            inbox(&planner),
            vec![
                one(TaskKind::ReportOverdue, "/regions/99.01/monitoring/my", true),
                one(TaskKind::ReportDue, "/regions/99.01/monitoring/my", false),
                one(TaskKind::CitizenAnswer, "/regions/99.01/participation/inputs/11", false),
            ]
        );
        let all = tasks(&planner, &facts(), day("2026-12-07"));
        assert_eq!(all[0].subject, Subject::Reports { year: 2026, quarter: 0, missing: 2 }, "OPD 8's two only");
        assert_eq!(all[0].due, Some(day("2026-11-15")));
        // An OPD with everything reported has no report task.
        let done = user(&[(Role::OpdPlanner, Some(1), Some(9))]);
        assert_eq!(inbox(&done), vec![one(TaskKind::CitizenAnswer, "/regions/99.01/participation/inputs/11", false)]);
    }

    #[test]
    fn the_evaluator_has_the_open_rounds_of_their_regions() {
        let evaluator = user(&[(Role::Evaluator, Some(1), None)]);
        assert_eq!(inbox(&evaluator), vec![one(TaskKind::EvaluationOpen, "/regions/99.01/evaluations/2026", false)]);
    }

    #[test]
    fn the_region_manager_sees_what_is_blocked_in_their_region() {
        let admin = user(&[(Role::RegionAdmin, Some(1), None)]);
        let got = tasks(&admin, &facts(), day("2026-12-07"));
        let subjects: Vec<&Subject> = got.iter().map(|t| &t.subject).collect();
        assert!(got.iter().all(|t| t.kind == TaskKind::Blocked && t.region_code == "99.01"));
        assert_eq!(
            subjects,
            vec![
                &Subject::Reports { year: 2026, quarter: 0, missing: 5 },
                &Subject::BuildFailed { number: 3, label: "V3".into() },
                &Subject::VersionReturned { number: 4, label: "V4".into() },
                &Subject::Stage(3),
            ],
            "overdue first; reports not yet due are not blocking"
        );
    }

    #[test]
    fn the_programme_office_sees_regions_behind_schedule_per_cohort() {
        let office = user(&[(Role::ProgrammeAdmin, None, None)]);
        let got = tasks(&office, &facts(), day("2026-12-07"));
        assert_eq!(got.len(), 2, "one per region: its first late stage");
        assert_eq!((got[0].cohort.as_deref(), got[0].url.as_str()), (Some("A"), "/regions/99.01/stages/2"));
        assert_eq!((got[1].cohort.as_deref(), got[1].url.as_str()), (Some("B"), "/regions/99.02/stages/2"));
        assert!(got.iter().all(|t| t.kind == TaskKind::BehindSchedule && t.overdue));
        assert_eq!(needs(&office).regions, None);
        assert!(!needs(&office).versions, "the office's inbox loads no versions");
    }

    #[test]
    fn no_role_no_task_and_titles_read_in_both_languages() {
        assert!(tasks(&Principal::default(), &facts(), day("2026-12-07")).is_empty());
        let planner = user(&[(Role::OpdPlanner, Some(1), Some(7))]);
        let got = tasks(&planner, &facts(), day("2026-12-07"));
        let id = got[0].title(Lang::Id);
        let en = got[0].title(Lang::En);
        assert!(id.contains('3') && id.contains("2026") && id.contains("Wilayah 99.01"), "{id}");
        assert_ne!(id, en);
        let expert = user(&[(Role::Expert, Some(1), None)]);
        let t = &tasks(&expert, &facts(), day("2026-12-07"))[0];
        assert!(t.title(Lang::Id).contains("Wilayah 99.01"), "{}", t.title(Lang::Id));
        let grouped = grouped(&got);
        assert_eq!(
            grouped.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            vec![TaskKind::ReportOverdue, TaskKind::CitizenAnswer]
        );
    }
}
