//! Frozen versions of the masterplan book: the workflow from draft to enactment, the snapshot
//! a version keeps of the data, and the comparison of two snapshots.

use crate::access::{Principal, Role};
use crate::stage::StageStatus;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

code_enum!(VersionStatus "version-status" {
    Draft = "draft",
    Submitted = "submitted",
    Reviewed = "reviewed",
    Approved = "approved",
    Enacted = "enacted",
});

code_enum!(VersionAction "version-action" {
    Submit = "submit",
    Review = "review",
    Return = "return",
    Approve = "approve",
    Enact = "enact",
    Comment = "comment",
});

code_enum!(RegulationType "reg-type" {
    Perda = "perda",
    Perkada = "perkada",
    Keputusan = "keputusan",
});

impl RegulationType {
    /// The regulation's title for a region of `kind`: a Perkada of a kota is a "Peraturan Wali
    /// Kota" (Mayor Regulation), of a kabupaten a "Peraturan Bupati".
    pub fn title(self, kind: crate::region::RegionKind, lang: &str) -> String {
        let key = match self {
            RegulationType::Perda => "reg-title-perda".to_string(),
            other => format!("reg-title-{}-{}", other.as_str(), kind.as_str()),
        };
        kotacerdas_i18n::Lang::from_code(lang).t(&key)
    }

    /// The regulation as it is cited: "Peraturan Daerah Nomor 10 Tahun 2018" / "Regional
    /// Regulation (Perda) No. 10 of 2018", with its date when `dated`.
    pub fn citation(
        self,
        kind: crate::region::RegionKind,
        number: &str,
        date: chrono::NaiveDate,
        lang: &str,
        dated: bool,
    ) -> String {
        let (number, year) = regulation_number(number);
        let year = year.unwrap_or_else(|| chrono::Datelike::year(&date)).to_string();
        let title = self.title(kind, lang);
        let date = crate::format::date(date, lang);
        let key = if dated { "reg-citation-dated" } else { "reg-citation" };
        kotacerdas_i18n::Lang::from_code(lang)
            .ta(key, &[("title", &title), ("number", &number), ("year", &year), ("date", &date)])
    }
}

/// A regulation number as people type it — "10", "No. 10", "Nomor 10 Tahun 2018", "10/2018",
/// "10 Tahun 2018" — as (number, year if typed). Anything else is kept whole as the number.
pub fn regulation_number(raw: &str) -> (String, Option<i32>) {
    let t = raw.trim();
    // ASCII lowercasing keeps every byte offset, so the offsets found index the original.
    let lower = t.to_ascii_lowercase();
    let mut rest = t;
    for p in ["nomor", "no.", "no "] {
        if lower.starts_with(p) {
            rest = t.get(p.len()..).unwrap_or_default().trim_start();
            break;
        }
    }
    let split = |sep: &str| -> Option<(String, i32)> {
        let at = rest.to_ascii_lowercase().find(sep)?;
        let (n, y) = (rest.get(..at)?.trim(), rest.get(at + sep.len()..)?.trim());
        let year = y.parse::<i32>().ok().filter(|y| (1900..=2200).contains(y))?;
        (!n.is_empty()).then(|| (n.to_string(), year))
    };
    match split("tahun").or_else(|| split(" of ")).or_else(|| split("/")) {
        Some((n, y)) => (n, Some(y)),
        None if rest.is_empty() => (t.to_string(), None),
        None => (rest.to_string(), None),
    }
}

/// Why an action is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VersionError {
    #[error("not allowed for this role")]
    Forbidden,
    #[error("not possible in this status")]
    WrongStatus,
    #[error("a comment is required")]
    CommentRequired,
}

impl VersionError {
    /// Message key for the user interface.
    pub fn code(self) -> &'static str {
        match self {
            VersionError::Forbidden => "err-forbidden",
            VersionError::WrongStatus => "err-version-status",
            VersionError::CommentRequired => "err-comment-required",
        }
    }
}

fn has(p: &Principal, role: Role, region_id: i64) -> bool {
    p.assignments.iter().any(|a| a.role == role && a.region_id == Some(region_id))
}

/// Who may take `action`: the region's managers submit and enact, the assigned experts review
/// (the programme office may act for them), the region's council approves (nobody may approve
/// on the council's behalf), and experts or council may return a version with a reason.
pub fn may(p: &Principal, region_id: i64, action: VersionAction) -> bool {
    let expert = p.can_decide_stage(region_id);
    let council = has(p, Role::CouncilMember, region_id);
    match action {
        VersionAction::Submit | VersionAction::Enact => p.can_manage_region(region_id),
        VersionAction::Review => expert,
        VersionAction::Approve => council,
        VersionAction::Return => expert || council,
        VersionAction::Comment => p.can_comment_stage(region_id),
    }
}

/// The status after `action`, or why not.
pub fn transition(
    p: &Principal,
    region_id: i64,
    status: VersionStatus,
    action: VersionAction,
    comment: &str,
) -> Result<VersionStatus, VersionError> {
    use VersionAction as A;
    use VersionStatus as S;
    if !may(p, region_id, action) {
        return Err(VersionError::Forbidden);
    }
    let needs_comment = matches!(action, A::Return | A::Comment);
    if needs_comment && comment.trim().is_empty() {
        return Err(VersionError::CommentRequired);
    }
    match (status, action) {
        (s, A::Comment) => Ok(s),
        (S::Draft, A::Submit) => Ok(S::Submitted),
        (S::Submitted, A::Review) => Ok(S::Reviewed),
        (S::Reviewed, A::Approve) => Ok(S::Approved),
        (S::Approved, A::Enact) => Ok(S::Enacted),
        (S::Submitted | S::Reviewed, A::Return) => Ok(S::Draft),
        _ => Err(VersionError::WrongStatus),
    }
}

/// What a version keeps of the data, enough to compare two versions without the live tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub region: String,
    pub vision: String,
    /// Narrative per `section:lang` as the book printed it (the region's text or the default).
    pub texts: BTreeMap<String, String>,
    pub programmes: Vec<SnapProgramme>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapProgramme {
    pub id: i64,
    pub name: String,
    pub opd: String,
    pub element: String,
    pub dimension: String,
    pub horizon: String,
    pub start_year: i32,
    pub end_year: i32,
    /// Total budget per year, whole rupiah.
    pub budgets: BTreeMap<i32, i64>,
    /// The programme's target text per year.
    pub targets: BTreeMap<i32, String>,
    pub kpis: Vec<SnapKpi>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapKpi {
    pub name: String,
    pub unit: String,
    pub targets: BTreeMap<i32, String>,
}

/// One field of a programme that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgrammeChange {
    pub id: i64,
    pub name: String,
    pub dimension: String,
    pub fields: Vec<FieldChange>,
}

/// A target (the programme's own or a KPI's) that differs in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetChange {
    pub programme: String,
    pub dimension: String,
    /// "" for the programme's own target, else the KPI's name.
    pub kpi: String,
    pub year: i32,
    pub before: String,
    pub after: String,
}

/// One line of a text comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Line {
    Same(String),
    Removed(String),
    Added(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextChange {
    /// `section:lang`.
    pub key: String,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    pub added: Vec<SnapProgramme>,
    pub removed: Vec<SnapProgramme>,
    pub changed: Vec<ProgrammeChange>,
    /// Budget change (after − before) per dimension and year; only non-zero cells.
    pub budget: BTreeMap<String, BTreeMap<i32, i64>>,
    pub budget_total: i64,
    pub targets: Vec<TargetChange>,
    /// Number of changed targets per dimension and year.
    pub target_counts: BTreeMap<String, BTreeMap<i32, u32>>,
    pub texts: Vec<TextChange>,
    pub vision: Option<(String, String)>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.budget.is_empty()
            && self.targets.is_empty()
            && self.texts.is_empty()
            && self.vision.is_none()
    }

    /// Every year that appears in the budget or target deltas, in order.
    pub fn years(&self) -> Vec<i32> {
        let set: BTreeSet<i32> = self
            .budget
            .values()
            .flat_map(|m| m.keys())
            .chain(self.target_counts.values().flat_map(|m| m.keys()))
            .copied()
            .collect();
        set.into_iter().collect()
    }
}

fn fields(a: &SnapProgramme, b: &SnapProgramme) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut cmp = |field: &'static str, x: String, y: String| {
        if x != y {
            out.push(FieldChange { field, before: x, after: y });
        }
    };
    cmp("name", a.name.clone(), b.name.clone());
    cmp("opd", a.opd.clone(), b.opd.clone());
    cmp("element", a.element.clone(), b.element.clone());
    cmp("horizon", a.horizon.clone(), b.horizon.clone());
    cmp("years", format!("{}–{}", a.start_year, a.end_year), format!("{}–{}", b.start_year, b.end_year));
    let sum = |p: &SnapProgramme| p.budgets.values().fold(0i64, |s, v| s.saturating_add(*v));
    cmp("budget", sum(a).to_string(), sum(b).to_string());
    let kpis = |p: &SnapProgramme| p.kpis.iter().map(|k| format!("{} ({})", k.name, k.unit)).collect::<Vec<_>>();
    cmp("kpis", kpis(a).join("; "), kpis(b).join("; "));
    out
}

/// Compare two snapshots. Programmes are matched by their id, which survives renames.
pub fn diff(a: &Snapshot, b: &Snapshot) -> Diff {
    let mut d = Diff::default();
    let before: BTreeMap<i64, &SnapProgramme> = a.programmes.iter().map(|p| (p.id, p)).collect();
    let after: BTreeMap<i64, &SnapProgramme> = b.programmes.iter().map(|p| (p.id, p)).collect();
    let empty = SnapProgramme::default();
    let mut add_budget = |dim: &str, budgets: &BTreeMap<i32, i64>, sign: i64| {
        for (y, v) in budgets {
            let cell = d.budget.entry(dim.to_string()).or_default().entry(*y).or_insert(0);
            *cell = cell.saturating_add(sign.saturating_mul(*v));
        }
    };
    for p in &a.programmes {
        add_budget(&p.dimension, &p.budgets, -1);
    }
    for p in &b.programmes {
        add_budget(&p.dimension, &p.budgets, 1);
    }
    for m in d.budget.values_mut() {
        m.retain(|_, v| *v != 0);
    }
    d.budget.retain(|_, m| !m.is_empty());
    d.budget_total = d.budget.values().flat_map(|m| m.values()).fold(0i64, |s, v| s.saturating_add(*v));

    for (id, p) in &after {
        match before.get(id) {
            None => d.added.push((*p).clone()),
            Some(old) => {
                let f = fields(old, p);
                if !f.is_empty() {
                    d.changed.push(ProgrammeChange {
                        id: *id,
                        name: p.name.clone(),
                        dimension: p.dimension.clone(),
                        fields: f,
                    });
                }
            }
        }
    }
    d.removed = before.iter().filter(|(id, _)| !after.contains_key(id)).map(|(_, p)| (*p).clone()).collect();

    // Targets: every programme present in either version, year by year.
    let ids: BTreeSet<i64> = before.keys().chain(after.keys()).copied().collect();
    for id in ids {
        let old = before.get(&id).copied().unwrap_or(&empty);
        let new = after.get(&id).copied().unwrap_or(&empty);
        let shown = if new.name.is_empty() { old } else { new };
        let mut push = |kpi: &str, x: &BTreeMap<i32, String>, y: &BTreeMap<i32, String>| {
            let years: BTreeSet<i32> = x.keys().chain(y.keys()).copied().collect();
            for year in years {
                let (bx, by) = (x.get(&year).cloned().unwrap_or_default(), y.get(&year).cloned().unwrap_or_default());
                if bx != by {
                    *d.target_counts.entry(shown.dimension.clone()).or_default().entry(year).or_insert(0) += 1;
                    d.targets.push(TargetChange {
                        programme: shown.name.clone(),
                        dimension: shown.dimension.clone(),
                        kpi: kpi.to_string(),
                        year,
                        before: bx,
                        after: by,
                    });
                }
            }
        };
        push("", &old.targets, &new.targets);
        let none = BTreeMap::new();
        let names: BTreeSet<&str> = old.kpis.iter().chain(new.kpis.iter()).map(|k| k.name.as_str()).collect();
        for name in names {
            let x = old.kpis.iter().find(|k| k.name == name).map(|k| &k.targets).unwrap_or(&none);
            let y = new.kpis.iter().find(|k| k.name == name).map(|k| &k.targets).unwrap_or(&none);
            push(name, x, y);
        }
    }

    let keys: BTreeSet<&String> = a.texts.keys().chain(b.texts.keys()).collect();
    for key in keys {
        let (x, y) =
            (a.texts.get(key).map(String::as_str).unwrap_or(""), b.texts.get(key).map(String::as_str).unwrap_or(""));
        if x != y {
            d.texts.push(TextChange { key: key.clone(), lines: lines(x, y) });
        }
    }
    if a.vision != b.vision {
        d.vision = Some((a.vision.clone(), b.vision.clone()));
    }
    d
}

/// Line-by-line comparison (longest common subsequence), as a reviewer reads a redline.
pub fn lines(a: &str, b: &str) -> Vec<Line> {
    let x: Vec<&str> = a.lines().collect();
    let y: Vec<&str> = b.lines().collect();
    let (n, m) = (x.len(), y.len());
    // Texts are capped at a few hundred lines, so the quadratic table stays small.
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if x[i] == y[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && x[i] == y[j] {
            out.push(Line::Same(x[i].to_string()));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(Line::Removed(x[i].to_string()));
            i += 1;
        } else {
            out.push(Line::Added(y[j].to_string()));
            j += 1;
        }
    }
    out
}

/// The label a version is frozen under.
pub fn check_label(label: &str) -> Result<String, crate::validate::Errors> {
    let mut e = crate::validate::Errors::new();
    let label = e.text("version_label", label, 200);
    e.into_result().map(|_| label)
}

/// The enactment record that comes with the `enact` action, as typed.
#[derive(Debug, Default, Clone)]
pub struct Enactment {
    pub regulation_type: String,
    pub number: String,
    pub date: String,
    /// The stored scan of the signed regulation.
    pub scan_file_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidEnactment {
    pub regulation_type: RegulationType,
    pub number: String,
    pub date: chrono::NaiveDate,
    pub scan_file_id: i64,
}

impl Enactment {
    /// A known regulation type, its number and date, and the scan: all required.
    pub fn validate(&self) -> Result<ValidEnactment, crate::validate::Errors> {
        let mut e = crate::validate::Errors::new();
        let kind = e.choice("regulation_type", &self.regulation_type, RegulationType::parse);
        let number = e.text("regulation_number", &self.number, 100);
        let date = e.date("regulation_date", &self.date);
        if self.scan_file_id.is_none() {
            e.add("scan", "err-required", None);
        }
        e.into_result()?;
        Ok(ValidEnactment {
            regulation_type: kind.unwrap_or(RegulationType::Perda),
            number,
            date: date.unwrap_or_default(),
            scan_file_id: self.scan_file_id.unwrap_or_default(),
        })
    }
}

/// A version is decided on its generated book, so every step but a comment waits until the
/// book is built.
pub fn check_built(action: VersionAction, built: bool) -> Result<(), crate::validate::Errors> {
    if action != VersionAction::Comment && !built {
        return Err(crate::validate::Errors::one("action", "err-version-building"));
    }
    Ok(())
}

/// The Bimtek stages whose work the book gathers: analysis (1), vision and roadmap (2), the
/// programmes (3). A book goes to review only once all three are signed off, so the stages and
/// the book never tell two stories (issue 16: a book enacted while every stage said "not started").
pub const STAGES_BEFORE_BOOK: [i32; 3] = [1, 2, 3];

/// The stages among 1–3 not yet approved (`stages`: the region's stage statuses by number).
pub fn stages_missing(stages: &[(i32, StageStatus)]) -> Vec<i32> {
    let approved = |n: i32| stages.iter().any(|(m, s)| *m == n && *s == StageStatus::Approved);
    STAGES_BEFORE_BOOK.into_iter().filter(|n| !approved(*n)).collect()
}

/// A version is submitted only when stages 1–3 are approved; other steps do not look.
pub fn check_stages(action: VersionAction, stages: &[(i32, StageStatus)]) -> Result<(), crate::validate::Errors> {
    if action == VersionAction::Submit && !stages_missing(stages).is_empty() {
        return Err(crate::validate::Errors::one("action", "err-version-stages"));
    }
    Ok(())
}

/// Stage 4 (the book) follows its versions: submitted with a version, returned with it, approved
/// when the council approves one. `None`: it stays as it is.
pub fn stage4_after(action: VersionAction, stage4: StageStatus) -> Option<StageStatus> {
    let next = match action {
        VersionAction::Submit if stage4 != StageStatus::Approved => StageStatus::Submitted,
        VersionAction::Return if stage4 == StageStatus::Submitted => StageStatus::Returned,
        VersionAction::Approve => StageStatus::Approved,
        _ => return None,
    };
    (next != stage4).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regulations_are_cited_in_the_edition_language() {
        use crate::region::RegionKind;
        assert_eq!(regulation_number("Nomor 10 Tahun 2018"), ("10".into(), Some(2018)));
        assert_eq!(regulation_number("10 Tahun 2018"), ("10".into(), Some(2018)));
        assert_eq!(regulation_number("No. 7/2019"), ("7".into(), Some(2019)));
        assert_eq!(regulation_number("12"), ("12".into(), None));
        assert_eq!(regulation_number("ẞ Tahun 2018"), ("ẞ".into(), Some(2018)));
        assert_eq!(regulation_number("Nomor"), ("Nomor".into(), None));
        assert_eq!(regulation_number("188.45/12/KEP"), ("188.45/12/KEP".into(), None));
        let d = chrono::NaiveDate::from_ymd_opt(2018, 12, 20).unwrap();
        assert_eq!(
            RegulationType::Perda.citation(RegionKind::Kota, "10 Tahun 2018", d, "en", false),
            "Regional Regulation (Perda) No. 10 of 2018"
        );
        assert_eq!(
            RegulationType::Perkada.citation(RegionKind::Kabupaten, "3", d, "id", true),
            "Peraturan Bupati Nomor 3 Tahun 2018 tanggal 20 Desember 2018"
        );
        assert_eq!(RegulationType::Perkada.title(RegionKind::Kota, "en"), "Mayor Regulation (Perwal)");
    }

    proptest::proptest! {
        #[test]
        fn any_typed_number_is_read_without_panicking(raw in "\\PC{0,40}") {
            let (n, _) = regulation_number(&raw);
            proptest::prop_assert!(n.len() <= raw.len());
        }
    }
    use crate::access::Assignment;

    fn who(role: Role) -> Principal {
        Principal {
            user_id: 1,
            username: "u".into(),
            display_name: "U".into(),
            assignments: vec![Assignment { role, region_id: Some(7), opd_id: None }],
        }
    }

    #[test]
    fn workflow_roles_and_order() {
        use VersionAction as A;
        use VersionStatus as S;
        let (admin, expert, council) = (who(Role::RegionAdmin), who(Role::Expert), who(Role::CouncilMember));
        assert_eq!(transition(&admin, 7, S::Draft, A::Submit, ""), Ok(S::Submitted));
        assert_eq!(transition(&council, 7, S::Submitted, A::Approve, ""), Err(VersionError::WrongStatus));
        assert_eq!(transition(&expert, 7, S::Submitted, A::Review, "ok"), Ok(S::Reviewed));
        assert_eq!(transition(&admin, 7, S::Reviewed, A::Approve, ""), Err(VersionError::Forbidden));
        assert_eq!(transition(&expert, 7, S::Reviewed, A::Approve, ""), Err(VersionError::Forbidden));
        assert_eq!(transition(&council, 7, S::Reviewed, A::Return, " "), Err(VersionError::CommentRequired));
        assert_eq!(transition(&council, 7, S::Reviewed, A::Approve, ""), Ok(S::Approved));
        assert_eq!(transition(&council, 7, S::Approved, A::Enact, ""), Err(VersionError::Forbidden));
        assert_eq!(transition(&admin, 7, S::Approved, A::Enact, ""), Ok(S::Enacted));
        assert_eq!(transition(&expert, 7, S::Enacted, A::Return, "x"), Err(VersionError::WrongStatus));
        assert_eq!(transition(&expert, 8, S::Submitted, A::Review, ""), Err(VersionError::Forbidden));
        assert_eq!(transition(&who(Role::OpdPlanner), 7, S::Draft, A::Submit, ""), Err(VersionError::Forbidden));
    }

    fn prog(id: i64, name: &str, dim: &str, budgets: &[(i32, i64)], target: &str) -> SnapProgramme {
        SnapProgramme {
            id,
            name: name.into(),
            opd: "Diskominfo".into(),
            element: format!("{dim}1"),
            dimension: dim.into(),
            horizon: "short".into(),
            start_year: 2025,
            end_year: 2027,
            budgets: budgets.iter().copied().collect(),
            targets: [(2025, target.to_string())].into_iter().collect(),
            kpis: vec![SnapKpi {
                name: "Layanan daring".into(),
                unit: "%".into(),
                targets: [(2025, "50".to_string())].into_iter().collect(),
            }],
        }
    }

    #[test]
    fn diff_with_known_changes() {
        let a = Snapshot {
            region: "X".into(),
            vision: "Cerdas".into(),
            texts: [("background:id".to_string(), "satu\ndua\ntiga".to_string())].into_iter().collect(),
            programmes: vec![
                prog(1, "A", "GOV", &[(2025, 100), (2026, 100)], "t"),
                prog(2, "B", "ECO", &[(2025, 50)], "t"),
            ],
        };
        let mut b = a.clone();
        b.programmes.remove(1); // B removed
        b.programmes[0].budgets.insert(2026, 160); // A: +60 in 2026
        b.programmes[0].kpis[0].targets.insert(2025, "60".into());
        b.programmes.push(prog(3, "C", "GOV", &[(2027, 10)], "baru"));
        b.texts.insert("background:id".into(), "satu\nDUA\ntiga".into());
        let d = diff(&a, &b);
        assert_eq!(d.added.iter().map(|p| p.id).collect::<Vec<_>>(), vec![3]);
        assert_eq!(d.removed.iter().map(|p| p.id).collect::<Vec<_>>(), vec![2]);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(
            d.changed[0].fields,
            vec![FieldChange { field: "budget", before: "200".into(), after: "260".into() }]
        );
        assert_eq!(d.budget["GOV"], [(2026, 60), (2027, 10)].into_iter().collect());
        assert_eq!(d.budget["ECO"], [(2025, -50)].into_iter().collect());
        assert_eq!(d.budget_total, 20);
        // A's KPI target 50 → 60; B's and C's targets disappear/appear.
        assert!(d.targets.iter().any(|t| t.programme == "A" && t.kpi == "Layanan daring" && t.after == "60"));
        assert_eq!(d.target_counts["GOV"][&2025], 3); // A's KPI, C's target, C's KPI
        assert_eq!(d.target_counts["ECO"][&2025], 2); // B's target and KPI
        assert_eq!(
            d.texts[0].lines,
            vec![
                Line::Same("satu".into()),
                Line::Removed("dua".into()),
                Line::Added("DUA".into()),
                Line::Same("tiga".into())
            ]
        );
        assert!(d.vision.is_none());
        assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn labels_and_enactments() {
        assert_eq!(check_label(" Draf 1 "), Ok("Draf 1".into()));
        assert!(check_label("").is_err());
        let e = Enactment {
            regulation_type: "perkada".into(),
            number: "7".into(),
            date: "2025-06-01".into(),
            scan_file_id: None,
        };
        let fields: Vec<_> = e.validate().expect_err("scan").0.into_iter().map(|x| x.field).collect();
        assert_eq!(fields, ["scan"]);
        let ok = Enactment { scan_file_id: Some(3), ..e };
        assert_eq!(ok.validate().expect("valid").scan_file_id, 3);
    }

    #[test]
    fn a_book_is_submitted_after_stages_one_to_three_and_stage_four_follows_it() {
        use StageStatus as S;
        let mut stages = vec![(1, S::Approved), (2, S::Submitted), (3, S::NotStarted), (4, S::NotStarted)];
        assert_eq!(stages_missing(&stages), [2, 3]);
        let e = check_stages(VersionAction::Submit, &stages).expect_err("refused");
        assert_eq!(e.0[0].code, "err-version-stages");
        assert!(check_stages(VersionAction::Review, &stages).is_ok(), "only submitting looks");
        stages[1].1 = S::Approved;
        stages[2].1 = S::Approved;
        assert!(check_stages(VersionAction::Submit, &stages).is_ok());
        assert_eq!(stage4_after(VersionAction::Submit, S::InProgress), Some(S::Submitted));
        assert_eq!(stage4_after(VersionAction::Return, S::Submitted), Some(S::Returned));
        assert_eq!(stage4_after(VersionAction::Approve, S::Submitted), Some(S::Approved));
        assert_eq!(stage4_after(VersionAction::Submit, S::Approved), None, "a later draft keeps the sign-off");
        assert_eq!(stage4_after(VersionAction::Enact, S::Approved), None);
    }

    #[test]
    fn decisions_wait_for_the_book() {
        assert!(check_built(VersionAction::Comment, false).is_ok());
        assert!(check_built(VersionAction::Submit, false).is_err());
        assert!(check_built(VersionAction::Submit, true).is_ok());
    }
}
