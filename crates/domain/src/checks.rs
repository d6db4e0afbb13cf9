//! Plan checks: rules over a region's stage 2–3 data, each with a stable ID, a severity and a
//! message in Indonesian and English. The web page, the API and `kotacerdas check` all call
//! [`run`], so they always agree.

use crate::framework::DIMENSIONS;
use crate::programme::Horizon;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A rule: its ID never changes once published (tools and people refer to it).
#[derive(Debug, Serialize)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    #[serde(skip)]
    id_text: &'static str,
    #[serde(skip)]
    en_text: &'static str,
}

macro_rules! rules {
    ($($name:ident = $id:literal, $sev:ident, $idt:literal, $en:literal;)+) => {
        $(pub const $name: Rule = Rule { id: $id, severity: Severity::$sev, id_text: $idt, en_text: $en };)+
        /// Every rule, in ID order.
        pub const RULES: &[&Rule] = &[$(&$name),+];
    };
}

rules! {
    NO_MASTERPLAN = "PC001", Error, "Tahun awal masterplan belum ditetapkan.", "The masterplan's first year is not set.";
    PROBLEM_UNADDRESSED = "PC002", Warning, "Masalah «{s}» belum ditangani program mana pun.", "Problem “{s}” is not addressed by any programme.";
    ELEMENT_EMPTY = "PC003", Warning, "Elemen {s} belum memiliki program.", "Element {s} has no programme.";
    NO_KPI = "PC004", Error, "Program «{s}» belum memiliki IKU/KPI.", "Programme “{s}” has no KPI.";
    NO_OWNER = "PC005", Error, "Program «{s}» belum memiliki OPD penanggung jawab.", "Programme “{s}” has no lead OPD.";
    NO_BUDGET = "PC006", Error, "Program «{s}» belum memiliki anggaran.", "Programme “{s}” has no budget.";
    NO_TARGETS = "PC007", Error, "Program «{s}» tidak memiliki target untuk tahun {d}.", "Programme “{s}” has no target for {d}.";
    QUICK_WIN_LONG = "PC008", Error, "Quick Win «{s}» berjalan lebih dari 12 bulan ({d}).", "Quick Win “{s}” runs longer than 12 months ({d}).";
    APBD_SHARE = "PC009", Error, "Anggaran rencana tahun {s} ({d}) melebihi batas porsi APBD.", "The plan's budget for {s} ({d}) exceeds the allowed share of the APBD.";
    OUTSIDE_HORIZON = "PC010", Error, "Program «{s}»: tahun {d} di luar horizon atau masa masterplan.", "Programme “{s}”: years {d} fall outside its horizon or the masterplan.";
    KPI_TARGETS_MISSING = "PC011", Warning, "IKU «{s}» belum memiliki target untuk tahun {d}.", "KPI “{s}” has no target for {d}.";
    DUPLICATE_NAME = "PC012", Warning, "Nama program «{s}» dipakai oleh lebih dari satu OPD ({d}).", "Programme name “{s}” is used by more than one OPD ({d}).";
    NO_RPJMD_LINK = "PC013", Warning, "Program «{s}» belum dikaitkan dengan tujuan/sasaran RPJMD.", "Programme “{s}” is not linked to any RPJMD goal.";
    DIMENSION_NO_TEAM = "PC014", Warning, "Dimensi {s} belum memiliki anggota Tim Pelaksana.", "Dimension {s} has no Implementation Team member.";
    VISION_BEYOND_PLAN = "PC015", Warning, "Visi menyebut tahun {s}, di luar sepuluh tahun masterplan ({d}).", "The vision names the year {s}, beyond the masterplan's ten years ({d}).";
    RKPD_MISSING = "PC016", Warning, "Program «{s}» direncanakan tahun {d} tetapi tidak ada di RKPD yang ditetapkan.", "Programme “{s}” is planned for {d} but is not in the adopted RKPD.";
    RKPD_SHORT = "PC017", Warning, "Program «{s}» hanya terdanai {d} dari rencananya di RKPD.", "Programme “{s}” is funded for only {d} of its plan in the RKPD.";
}

impl Rule {
    pub fn text(&self, lang: &str) -> &'static str {
        if lang == "en" {
            self.en_text
        } else {
            self.id_text
        }
    }
}

/// What a finding is about, so a page can link to where it is fixed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Subject {
    Plan,
    Programme(i64),
    Problem(i64),
    Element(String),
    Year(i32),
    /// A Smart City dimension (code): fixed on the council and team page.
    Dimension(String),
    /// The smart city vision.
    Vision,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub subject: Subject,
    /// The name shown in the message (programme, problem, element, year).
    pub name: String,
    /// Extra detail (years, OPDs, amounts).
    pub detail: String,
}

impl Finding {
    fn new(rule: &'static Rule, subject: Subject, name: impl Into<String>, detail: impl Into<String>) -> Finding {
        Finding { rule: rule.id, severity: rule.severity, subject, name: name.into(), detail: detail.into() }
    }

    pub fn message(&self, lang: &str) -> String {
        let text = RULES.iter().find(|r| r.id == self.rule).map(|r| r.text(lang)).unwrap_or_default();
        text.replace("{s}", &self.name).replace("{d}", &self.detail)
    }
}

#[derive(Debug, Clone, Default)]
pub struct KpiFacts {
    pub name: String,
    pub target_years: Vec<i32>,
}

#[derive(Debug, Clone)]
pub struct ProgrammeFacts {
    pub id: i64,
    pub name: String,
    pub element_code: String,
    /// Further elements it also serves (`crate::reach`): such an element is not empty.
    pub also_serves: Vec<String>,
    /// The lead OPD's short name, if it still exists.
    pub lead_opd: Option<String>,
    pub horizon: Horizon,
    pub start_year: i32,
    pub end_year: i32,
    pub target_years: Vec<i32>,
    /// (year, amount) over all funding sources.
    pub budgets: Vec<(i32, i64)>,
    pub kpis: Vec<KpiFacts>,
    pub problem_ids: Vec<i64>,
    pub rpjmd_linked: bool,
}

#[derive(Debug, Clone, Default)]
pub struct PlanFacts {
    pub masterplan_start: Option<i32>,
    pub programmes: Vec<ProgrammeFacts>,
    /// (id, title) of the stage-1 problems.
    pub problems: Vec<(i64, String)>,
    /// APBD per year from the profile.
    pub apbd: Vec<(i32, i64)>,
    /// The largest share of a year's APBD the plan may take, in basis points.
    pub apbd_share_limit_bp: i64,
    /// How amounts are written in messages (e.g. "Rp 1.250.000").
    pub format_money: Option<fn(i64) -> String>,
    /// The dimension codes the Tim Pelaksana's members work on.
    pub team_dimensions: Vec<String>,
    /// The smart city vision ("" before the masterplan is set).
    pub vision: String,
    /// The latest year with an adopted RKPD imported, and its alignment.
    pub rkpd: Option<RkpdFacts>,
}

/// A year's alignment as the checks read it.
#[derive(Debug, Clone, Default)]
pub struct RkpdFacts {
    pub year: i32,
    /// (programme id, name, planned, RKPD pagu) of the programmes due that year.
    pub programmes: Vec<(i64, String, i64, i64)>,
}

/// Below this share of its planned money in the RKPD a funded programme is reported (PC017).
pub const RKPD_SHORT_BP: i64 = 5_000;

/// The default limit of a year's plan budget: 10% of that year's APBD.
pub const DEFAULT_APBD_SHARE_LIMIT_BP: i64 = 1_000;

fn years_text(years: &[i32]) -> String {
    years.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")
}

/// Run every rule; findings come sorted by severity, then rule ID.
pub fn run(f: &PlanFacts) -> Vec<Finding> {
    let mut out = Vec::new();
    let money = |v: i64| f.format_money.map(|m| m(v)).unwrap_or_else(|| v.to_string());
    if f.masterplan_start.is_none() {
        out.push(Finding::new(&NO_MASTERPLAN, Subject::Plan, "", ""));
    }
    for (id, title) in &f.problems {
        if !f.programmes.iter().any(|p| p.problem_ids.contains(id)) {
            out.push(Finding::new(&PROBLEM_UNADDRESSED, Subject::Problem(*id), title.clone(), ""));
        }
    }
    for code in crate::region::dimensions_without_team(f.team_dimensions.iter().map(String::as_str)) {
        out.push(Finding::new(&DIMENSION_NO_TEAM, Subject::Dimension(code.into()), code, ""));
    }
    if let Some(start) = f.masterplan_start {
        if let Some(year) = crate::plan::vision_beyond_plan(&f.vision, start) {
            let span = format!("{start}–{}", start + crate::plan::MASTERPLAN_YEARS - 1);
            out.push(Finding::new(&VISION_BEYOND_PLAN, Subject::Vision, year.to_string(), span));
        }
    }
    for e in DIMENSIONS.iter().flat_map(|d| d.elements.iter()) {
        // An element served by a programme of another element (its reach) has a programme; its
        // money stays with the programme's primary element.
        if !f.programmes.iter().any(|p| p.element_code == e.code || p.also_serves.iter().any(|x| x == e.code)) {
            out.push(Finding::new(&ELEMENT_EMPTY, Subject::Element(e.code.into()), e.code, ""));
        }
    }
    for p in &f.programmes {
        let subject = || Subject::Programme(p.id);
        let span: Vec<i32> = (p.start_year..=p.end_year).collect();
        if p.kpis.is_empty() {
            out.push(Finding::new(&NO_KPI, subject(), p.name.clone(), ""));
        }
        if p.lead_opd.is_none() {
            out.push(Finding::new(&NO_OWNER, subject(), p.name.clone(), ""));
        }
        if p.budgets.iter().all(|b| b.1 <= 0) {
            out.push(Finding::new(&NO_BUDGET, subject(), p.name.clone(), ""));
        }
        let missing: Vec<i32> = span.iter().copied().filter(|y| !p.target_years.contains(y)).collect();
        if !missing.is_empty() {
            out.push(Finding::new(&NO_TARGETS, subject(), p.name.clone(), years_text(&missing)));
        }
        if p.horizon == Horizon::QuickWin && p.end_year > p.start_year {
            out.push(Finding::new(
                &QUICK_WIN_LONG,
                subject(),
                p.name.clone(),
                format!("{}–{}", p.start_year, p.end_year),
            ));
        }
        let outside: Vec<i32> = match f.masterplan_start {
            Some(s) => {
                let last = s + crate::plan::MASTERPLAN_YEARS - 1;
                let horizon_last = p.start_year + p.horizon.max_years() - 1;
                span.iter().copied().filter(|y| *y < s || *y > last || *y > horizon_last).collect()
            }
            None => Vec::new(),
        };
        // A long Quick Win is already PC008; do not report it twice.
        if !outside.is_empty() && p.horizon != Horizon::QuickWin {
            out.push(Finding::new(&OUTSIDE_HORIZON, subject(), p.name.clone(), years_text(&outside)));
        }
        for k in &p.kpis {
            let missing: Vec<i32> = span.iter().copied().filter(|y| !k.target_years.contains(y)).collect();
            if !missing.is_empty() {
                out.push(Finding::new(&KPI_TARGETS_MISSING, subject(), k.name.clone(), years_text(&missing)));
            }
        }
        if !p.rpjmd_linked {
            out.push(Finding::new(&NO_RPJMD_LINK, subject(), p.name.clone(), ""));
        }
    }
    // Duplicate names across OPDs: reported once per name, on its first programme.
    let key = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let mut reported: Vec<String> = Vec::new();
    for p in &f.programmes {
        let k = key(&p.name);
        if reported.contains(&k) {
            continue;
        }
        let mut opds: Vec<String> =
            f.programmes.iter().filter(|q| key(&q.name) == k).filter_map(|q| q.lead_opd.clone()).collect();
        opds.sort();
        opds.dedup();
        if opds.len() > 1 {
            reported.push(k);
            out.push(Finding::new(&DUPLICATE_NAME, Subject::Programme(p.id), p.name.clone(), opds.join(", ")));
        }
    }
    for (year, apbd) in &f.apbd {
        let planned = f
            .programmes
            .iter()
            .flat_map(|p| p.budgets.iter())
            .filter(|b| b.0 == *year)
            .fold(0i64, |a, b| a.saturating_add(b.1));
        let limit = i128::from(*apbd) * i128::from(f.apbd_share_limit_bp) / 10_000;
        if *apbd > 0 && i128::from(planned) > limit {
            out.push(Finding::new(&APBD_SHARE, Subject::Year(*year), year.to_string(), money(planned)));
        }
    }
    if let Some(r) = &f.rkpd {
        for (id, name, planned, pagu) in &r.programmes {
            if *pagu == 0 {
                out.push(Finding::new(&RKPD_MISSING, Subject::Programme(*id), name.clone(), r.year.to_string()));
            } else if *planned > 0 && i128::from(*pagu) * 10_000 < i128::from(*planned) * i128::from(RKPD_SHORT_BP) {
                let bp = (i128::from(*pagu) * 10_000 / i128::from(*planned)) as i64;
                let share = format!("{} %", crate::format::hundredths(bp, "id"));
                out.push(Finding::new(&RKPD_SHORT, Subject::Programme(*id), name.clone(), share));
            }
        }
    }
    out.sort_by(|a, b| a.severity.cmp(&b.severity).then(a.rule.cmp(b.rule)));
    out
}

/// True when any finding is an error (the CLI exits non-zero, the stage cannot be submitted clean).
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// The largest share of a year's APBD the plan may take, typed as a percentage ("12,5"), in
/// basis points: at most two decimals, above 0 and at most 100 %.
pub fn parse_share_limit(raw: &str) -> Result<i32, crate::validate::Errors> {
    percent_bp(raw).ok_or_else(|| crate::validate::Errors::one("apbd_share_limit", "err-percent"))
}

fn percent_bp(raw: &str) -> Option<i32> {
    let v = crate::analysis::normalise_number(raw, false)?;
    let (int, frac) = v.split_once('.').unwrap_or((v.as_str(), ""));
    if frac.len() > 2 || int.starts_with('-') {
        return None;
    }
    let bp = int.parse::<i32>().ok()?.checked_mul(100)? + format!("{frac:0<2}").parse::<i32>().ok()?;
    (1..=10_000).contains(&bp).then_some(bp)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plan with no findings: one complete programme per element, every problem addressed.
    fn clean() -> PlanFacts {
        let years: Vec<i32> = (2025..=2027).collect();
        let programmes = DIMENSIONS
            .iter()
            .flat_map(|d| d.elements.iter())
            .enumerate()
            .map(|(i, e)| ProgrammeFacts {
                id: i as i64 + 1,
                name: format!("Program {}", e.code),
                element_code: e.code.into(),
                also_serves: Vec::new(),
                lead_opd: Some(format!("OPD{}", i % 3)),
                horizon: Horizon::Short,
                start_year: 2025,
                end_year: 2027,
                target_years: years.clone(),
                budgets: years.iter().map(|y| (*y, 1_000_000)).collect(),
                kpis: vec![KpiFacts { name: format!("IKU {}", e.code), target_years: years.clone() }],
                problem_ids: vec![i as i64 + 100],
                rpjmd_linked: true,
            })
            .collect();
        PlanFacts {
            masterplan_start: Some(2025),
            programmes,
            problems: vec![(100, "Antrean layanan".into())],
            apbd: vec![(2025, 1_000_000_000)],
            apbd_share_limit_bp: DEFAULT_APBD_SHARE_LIMIT_BP,
            format_money: None,
            team_dimensions: DIMENSIONS.iter().map(|d| d.named.code.to_string()).collect(),
            vision: "Sukamaju Cerdas 2034".into(),
            rkpd: None,
        }
    }

    #[test]
    fn programmes_missing_or_short_in_the_rkpd_are_warned() {
        let mut f = clean();
        f.rkpd = Some(RkpdFacts {
            year: 2026,
            programmes: vec![(1, "A".into(), 1_000, 0), (2, "B".into(), 1_000, 400), (3, "C".into(), 1_000, 500)],
        });
        let found: Vec<_> = run(&f).into_iter().map(|x| (x.rule, x.message("id"))).collect();
        assert_eq!(
            found,
            vec![
                ("PC016", "Program «A» direncanakan tahun 2026 tetapi tidak ada di RKPD yang ditetapkan.".to_string()),
                ("PC017", "Program «B» hanya terdanai 40,00 % dari rencananya di RKPD.".to_string()),
            ]
        );
    }

    fn rules_of(f: &PlanFacts) -> Vec<&'static str> {
        run(f).into_iter().map(|x| x.rule).collect()
    }

    #[test]
    fn an_element_served_through_a_programme_s_reach_is_not_empty() {
        let mut f = clean();
        f.programmes.retain(|p| p.element_code != "SOC-CO");
        assert!(rules_of(&f).contains(&"PC003"));
        f.programmes[0].also_serves = vec!["SOC-CO".into()];
        assert!(!rules_of(&f).contains(&"PC003"), "{:?}", run(&f));
    }

    #[test]
    fn a_clean_plan_has_no_findings() {
        assert!(run(&clean()).is_empty(), "{:?}", run(&clean()));
    }

    #[test]
    fn a_dimension_without_team_and_a_vision_beyond_the_plan_are_warned() {
        let mut f = clean();
        f.team_dimensions.retain(|d| d != "ENV");
        f.vision = "Sukamaju Emas 2045".into();
        let found = run(&f);
        let ours: Vec<_> = found.iter().map(|x| (x.rule, x.subject.clone(), x.message("id"))).collect();
        assert_eq!(
            ours,
            [
                ("PC014", Subject::Dimension("ENV".into()), "Dimensi ENV belum memiliki anggota Tim Pelaksana.".into()),
                (
                    "PC015",
                    Subject::Vision,
                    "Visi menyebut tahun 2045, di luar sepuluh tahun masterplan (2025–2034).".into()
                ),
            ]
        );
        assert!(found.iter().all(|x| x.severity == Severity::Warning));
    }

    #[test]
    fn rule_ids_are_unique_and_stable() {
        let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        assert_eq!(ids, (1..=17).map(|i| format!("PC{i:03}")).collect::<Vec<_>>());
        for r in RULES {
            assert!(!r.text("id").is_empty() && !r.text("en").is_empty() && r.text("id") != r.text("en"));
        }
    }

    #[test]
    fn pc001_no_masterplan() {
        let mut f = clean();
        f.masterplan_start = None;
        assert_eq!(rules_of(&f), ["PC001"]);
        assert!(has_errors(&run(&f)));
    }

    #[test]
    fn pc002_problem_without_programme() {
        let mut f = clean();
        f.problems.push((7, "Banjir".into()));
        let r = run(&f);
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].rule, &r[0].subject), ("PC002", &Subject::Problem(7)));
        assert_eq!(r[0].message("id"), "Masalah «Banjir» belum ditangani program mana pun.");
        assert!(!has_errors(&r));
    }

    #[test]
    fn pc003_element_without_programme() {
        let mut f = clean();
        f.programmes.retain(|p| p.element_code != "BRA-CA");
        f.problems.clear();
        let r = run(&f);
        assert_eq!(rules_of(&f), ["PC003"]);
        assert_eq!(r[0].subject, Subject::Element("BRA-CA".into()));
    }

    #[test]
    fn pc004_programme_without_kpi() {
        let mut f = clean();
        f.programmes[0].kpis.clear();
        assert_eq!(rules_of(&f), ["PC004"]);
    }

    #[test]
    fn pc005_programme_without_owner() {
        let mut f = clean();
        f.programmes[0].lead_opd = None;
        assert_eq!(rules_of(&f), ["PC005"]);
    }

    #[test]
    fn pc006_programme_without_budget() {
        let mut f = clean();
        f.programmes[0].budgets.clear();
        assert_eq!(rules_of(&f), ["PC006"]);
    }

    #[test]
    fn pc007_missing_yearly_targets() {
        let mut f = clean();
        f.programmes[0].target_years = vec![2025];
        let r = run(&f);
        assert_eq!(rules_of(&f), ["PC007"]);
        assert_eq!(r[0].detail, "2026, 2027");
        assert_eq!(r[0].message("en"), "Programme “Program GOV-PS” has no target for 2026, 2027.");
    }

    #[test]
    fn pc008_quick_win_longer_than_a_year() {
        let mut f = clean();
        f.programmes[0].horizon = Horizon::QuickWin;
        assert_eq!(rules_of(&f), ["PC008"]);
    }

    #[test]
    fn pc009_yearly_total_above_apbd_share() {
        let mut f = clean();
        f.apbd = vec![(2025, 100_000_000)];
        f.format_money = Some(|v| format!("Rp{v}"));
        let r = run(&f);
        assert_eq!(rules_of(&f), ["PC009"]);
        assert_eq!((r[0].subject.clone(), r[0].detail.as_str()), (Subject::Year(2025), "Rp18000000"));
        f.apbd_share_limit_bp = 2_000;
        assert!(run(&f).is_empty(), "18% is within a 20% limit");
    }

    #[test]
    fn pc010_years_outside_horizon_or_masterplan() {
        let mut f = clean();
        f.programmes[0].end_year = 2029;
        f.programmes[0].target_years = (2025..=2029).collect();
        f.programmes[0].kpis[0].target_years = (2025..=2029).collect();
        let r = run(&f);
        assert_eq!(rules_of(&f), ["PC010"]);
        assert_eq!(r[0].detail, "2028, 2029", "short term is three years");
        let mut g = clean();
        g.masterplan_start = Some(2026);
        assert!(rules_of(&g).iter().all(|r| *r == "PC010"));
    }

    #[test]
    fn pc011_kpi_targets_missing() {
        let mut f = clean();
        f.programmes[0].kpis[0].target_years = vec![2025, 2027];
        assert_eq!(rules_of(&f), ["PC011"]);
        assert_eq!(run(&f)[0].detail, "2026");
    }

    #[test]
    fn pc012_duplicate_names_across_opds() {
        let mut f = clean();
        f.programmes[1].name = " program  gov-ps".into();
        let r = run(&f);
        assert_eq!(rules_of(&f), ["PC012"]);
        assert_eq!(r[0].detail, "OPD0, OPD1");
        // The same name twice in one OPD is not this rule's business.
        f.programmes[1].lead_opd = Some("OPD0".into());
        assert!(run(&f).is_empty());
    }

    #[test]
    fn pc013_programme_without_rpjmd_link() {
        let mut f = clean();
        f.programmes[3].rpjmd_linked = false;
        assert_eq!(rules_of(&f), ["PC013"]);
    }

    #[test]
    fn errors_sort_before_warnings() {
        let mut f = clean();
        f.programmes[0].rpjmd_linked = false;
        f.programmes[1].kpis.clear();
        let sev: Vec<Severity> = run(&f).iter().map(|x| x.severity).collect();
        assert_eq!(sev, [Severity::Error, Severity::Warning]);
    }

    #[test]
    fn percentages_to_basis_points() {
        assert_eq!(parse_share_limit("12,5"), Ok(1250));
        assert_eq!(parse_share_limit("10"), Ok(1000));
        assert_eq!(parse_share_limit("0,01"), Ok(1));
        assert_eq!(parse_share_limit("100"), Ok(10_000));
        for bad in ["0", "100,01", "1,234", "-3", "abc", ""] {
            assert!(parse_share_limit(bad).is_err(), "{bad}");
        }
    }
}
