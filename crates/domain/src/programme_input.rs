//! A programme as typed into the form, sent to the API or read from the XLSX template, and the
//! rules that turn it into the rows the register keeps. Pure: the region's reference data (its
//! OPDs, problems, apps, data sets, RPJMD items and the masterplan's start year) is loaded by the
//! caller and passed in as [`References`].

use crate::analysis::normalise_number;
use crate::framework;
use crate::govcode;
use crate::programme::{check_span, total, FundingSource, Horizon, KpiDirection, LinkKind};
use crate::region::Helix;
use crate::validate::Errors;
use std::collections::{BTreeMap, HashMap};

/// One KPI row as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KpiInput {
    pub name: String,
    pub unit: String,
    pub baseline: String,
    pub baseline_year: String,
    pub direction: String,
    /// year → target value as typed
    pub targets: BTreeMap<i32, String>,
}

#[derive(Debug, Clone, Default)]
pub struct ProgrammeInput {
    pub opd_id: String,
    pub element_code: String,
    /// Further elements the programme also serves besides its primary one (codes).
    pub also_serves: Vec<String>,
    pub name: String,
    pub brand_name: String,
    pub description: String,
    pub horizon: String,
    pub start_year: String,
    pub end_year: String,
    pub output: String,
    pub outcome: String,
    pub gov_code: String,
    /// year → target text
    pub targets: HashMap<i32, String>,
    /// (year, source) → amount as typed
    pub budgets: HashMap<(i32, String), String>,
    pub support_opds: Vec<String>,
    /// (helix, name)
    pub partners: Vec<(String, String)>,
    pub problems: Vec<String>,
    pub apps: Vec<String>,
    pub datasets: Vec<String>,
    pub rpjmd: Vec<String>,
    /// Neighbouring regions sharing the programme, comma or line separated.
    pub neighbours: String,
    pub kpis: Vec<KpiInput>,
}

/// The name of a per-year (and per-source) field: `target.2026`, `budget.2026.apbd`.
pub fn field(kind: &str, year: i32, source: Option<&str>) -> String {
    match source {
        Some(s) => format!("{kind}.{year}.{s}"),
        None => format!("{kind}.{year}"),
    }
}

/// What a programme of a region may refer to: the ids of the region's records of each kind, and
/// the masterplan's first year (when set).
#[derive(Debug, Clone, Default)]
pub struct References {
    pub opds: Vec<i64>,
    pub problems: Vec<i64>,
    pub apps: Vec<i64>,
    pub datasets: Vec<i64>,
    pub rpjmd_items: Vec<i64>,
    pub masterplan_start: Option<i32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidKpi {
    pub name: String,
    pub unit: String,
    pub baseline: Option<String>,
    pub baseline_year: Option<i32>,
    pub direction: KpiDirection,
    pub targets: Vec<(i32, String)>,
}

/// One link to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub kind: LinkKind,
    pub ref_id: Option<i64>,
    pub label: Option<String>,
    pub helix: Option<Helix>,
}

impl Link {
    fn to(kind: LinkKind, id: i64) -> Link {
        Link { kind, ref_id: Some(id), label: None, helix: None }
    }
}

/// A programme that passed every rule, ready to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidProgramme {
    pub opd_id: i64,
    pub element: String,
    /// Further elements served, in framework order ([`crate::reach`]).
    pub also_serves: Vec<String>,
    pub name: String,
    pub brand: Option<String>,
    pub description: String,
    pub horizon: Horizon,
    pub start: i32,
    pub end: i32,
    pub output: Option<String>,
    pub outcome: Option<String>,
    pub gov_code: Option<String>,
    /// (year, target), by year
    pub targets: Vec<(i32, String)>,
    pub budgets: Vec<(i32, FundingSource, i64)>,
    pub links: Vec<Link>,
    pub kpis: Vec<ValidKpi>,
}

/// The most neighbouring regions a programme may name, and the longest name.
pub const MAX_NEIGHBOURS: usize = 20;
const MAX_NEIGHBOUR_NAME: usize = 120;

/// Parse a list of ids and keep those in `existing` (once each); anything else is an error on
/// `field`.
fn ids(e: &mut Errors, field: &str, raw: &[String], existing: &[i64]) -> Vec<i64> {
    let mut out = Vec::new();
    for r in raw.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match r.parse::<i64>() {
            Ok(id) if existing.contains(&id) => {
                if !out.contains(&id) {
                    out.push(id)
                }
            }
            _ => e.add(field, "err-choice", None),
        }
    }
    out
}

/// Check a programme against the rules of the register and the region's reference data.
pub fn validate(input: &ProgrammeInput, refs: &References) -> Result<ValidProgramme, Errors> {
    let mut e = Errors::new();
    let name = e.text("name", &input.name, 300);
    let brand = e.optional_text("brand_name", &input.brand_name, 200);
    let description = e.text("description", &input.description, 5000);
    let element = e.choice("element_code", &input.element_code, |s| framework::element(s).map(|x| x.code.to_string()));
    let also_serves = crate::reach::validate(&mut e, element.as_deref(), &input.also_serves);
    let horizon = e.choice("horizon", &input.horizon, Horizon::parse);
    let start = e.integer("start_year", &input.start_year, 2015, 2100).map(|v| v as i32);
    let end = e.integer("end_year", &input.end_year, 2015, 2100).map(|v| v as i32);
    let output = e.optional_text("output", &input.output, 2000);
    let outcome = e.optional_text("outcome", &input.outcome, 2000);
    let gov_code = match input.gov_code.trim() {
        "" => None,
        raw => match govcode::find(raw) {
            Some(c) => Some(c.code.to_string()),
            None => {
                e.add("gov_code", "err-choice", None);
                None
            }
        },
    };
    let opd_id = input.opd_id.trim().parse::<i64>().ok().filter(|id| refs.opds.contains(id));
    if opd_id.is_none() {
        e.add("opd_id", if input.opd_id.trim().is_empty() { "err-required" } else { "err-choice" }, None);
    }
    if let (Some(h), Some(s), Some(en)) = (horizon, start, end) {
        if let Err(err) = check_span(h, s, en, refs.masterplan_start.unwrap_or(s)) {
            e.add("end_year", err.code(), None);
        }
    }
    let in_span = |y: i32| start.zip(end).is_some_and(|(s, en)| s <= y && y <= en);
    let mut targets = Vec::new();
    for (year, text) in &input.targets {
        let f = field("target", *year, None);
        if let Some(t) = e.optional_text(&f, text, 500) {
            if in_span(*year) {
                targets.push((*year, t));
            } else {
                e.add(&f, "err-outside-span", None);
            }
        }
    }
    let mut budgets = Vec::new();
    for ((year, source), raw) in &input.budgets {
        let f = field("budget", *year, Some(source));
        if raw.trim().is_empty() {
            continue;
        }
        let Some(src) = FundingSource::parse(source) else {
            e.add(&f, "err-choice", None);
            continue;
        };
        match e.rupiah(&f, raw) {
            None | Some(0) => {}
            Some(v) if in_span(*year) => budgets.push((*year, src, v)),
            Some(_) => e.add(&f, "err-outside-span", None),
        }
    }
    if total(budgets.iter().map(|b| b.2)).is_none() {
        e.add("budget", "err-max", Some(i64::MAX));
    }

    // Links: each must point at something of this region.
    let mut links = Vec::new();
    let support = ids(&mut e, "support_opds", &input.support_opds, &refs.opds);
    links.extend(support.into_iter().filter(|id| Some(*id) != opd_id).map(|id| Link::to(LinkKind::SupportOpd, id)));
    for (i, (helix, partner)) in input.partners.iter().enumerate() {
        if partner.trim().is_empty() {
            continue;
        }
        let f = format!("partner.{i}");
        let label = e.text(&f, partner, 300);
        if let Some(h) = e.choice(&format!("{f}.helix"), helix, Helix::parse) {
            links.push(Link { kind: LinkKind::Partner, ref_id: None, label: Some(label), helix: Some(h) });
        }
    }
    for (kind, f, raw, existing) in [
        (LinkKind::Problem, "problems", &input.problems, &refs.problems),
        (LinkKind::App, "apps", &input.apps, &refs.apps),
        (LinkKind::Dataset, "datasets", &input.datasets, &refs.datasets),
        (LinkKind::Rpjmd, "rpjmd", &input.rpjmd, &refs.rpjmd_items),
    ] {
        links.extend(ids(&mut e, f, raw, existing).into_iter().map(|id| Link::to(kind, id)));
    }
    let neighbours: Vec<&str> =
        input.neighbours.split([',', '\n', ';']).map(str::trim).filter(|s| !s.is_empty()).collect();
    if neighbours.len() > MAX_NEIGHBOURS || neighbours.iter().any(|n| n.chars().count() > MAX_NEIGHBOUR_NAME) {
        e.add("neighbours", "err-neighbours", Some(MAX_NEIGHBOURS as i64));
    }
    links.extend(neighbours.iter().map(|n| Link {
        kind: LinkKind::Neighbour,
        ref_id: None,
        label: Some(n.to_string()),
        helix: None,
    }));

    let mut kpis = Vec::new();
    for (i, k) in input.kpis.iter().enumerate() {
        if let Some(kpi) = kpi(&mut e, i, k, in_span) {
            kpis.push(kpi);
        }
    }
    e.into_result()?;
    targets.sort();
    Ok(ValidProgramme {
        opd_id: opd_id.unwrap_or_default(),
        element: element.unwrap_or_default(),
        also_serves,
        name,
        brand,
        description,
        horizon: horizon.unwrap_or(Horizon::Medium),
        start: start.unwrap_or_default(),
        end: end.unwrap_or_default(),
        output,
        outcome,
        gov_code,
        targets,
        budgets,
        links,
        kpis,
    })
}

/// One KPI row; a row left wholly blank is skipped (`None`).
fn kpi(e: &mut Errors, i: usize, k: &KpiInput, in_span: impl Fn(i32) -> bool) -> Option<ValidKpi> {
    let blank = k.name.trim().is_empty()
        && k.unit.trim().is_empty()
        && k.baseline.trim().is_empty()
        && k.targets.values().all(|v| v.trim().is_empty());
    if blank {
        return None;
    }
    let f = |x: &str| format!("kpi.{i}.{x}");
    let name = e.text(&f("name"), &k.name, 300);
    let unit = e.text(&f("unit"), &k.unit, 60);
    let baseline = match k.baseline.trim() {
        "" => None,
        raw => {
            let v = normalise_number(raw, false);
            if v.is_none() {
                e.add(&f("baseline"), "err-decimal", None);
            }
            v
        }
    };
    let baseline_year = match k.baseline_year.trim() {
        "" => None,
        raw => e.integer(&f("baseline_year"), raw, 2000, 2100).map(|v| v as i32),
    };
    let direction = if k.direction.trim().is_empty() {
        Some(KpiDirection::Up)
    } else {
        e.choice(&f("direction"), &k.direction, KpiDirection::parse)
    };
    let mut targets = Vec::new();
    for (year, raw) in &k.targets {
        let tf = format!("kpi.{i}.t.{year}");
        match raw.trim() {
            "" => {}
            raw => match normalise_number(raw, false) {
                Some(v) if in_span(*year) => targets.push((*year, v)),
                Some(_) => e.add(&tf, "err-outside-span", None),
                None => e.add(&tf, "err-decimal", None),
            },
        }
    }
    Some(ValidKpi { name, unit, baseline, baseline_year, direction: direction.unwrap_or(KpiDirection::Up), targets })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs() -> References {
        References {
            opds: vec![1, 2],
            problems: vec![10],
            apps: vec![20],
            datasets: vec![30],
            rpjmd_items: vec![40],
            masterplan_start: Some(2025),
        }
    }

    fn input() -> ProgrammeInput {
        ProgrammeInput {
            opd_id: "1".into(),
            element_code: framework::DIMENSIONS[0].elements[0].code.into(),
            name: "Satu Data".into(),
            description: "Portal data terpadu".into(),
            horizon: "medium".into(),
            start_year: "2026".into(),
            end_year: "2028".into(),
            ..Default::default()
        }
    }

    fn codes(e: &Errors, field: &str) -> Vec<&'static str> {
        e.0.iter().filter(|x| x.field == field).map(|x| x.code).collect()
    }

    #[test]
    fn a_complete_programme_passes_with_its_links_typed() {
        let mut i = input();
        i.support_opds = vec!["2".into(), "1".into(), "2".into()];
        i.problems = vec!["10".into()];
        i.rpjmd = vec!["40".into()];
        i.partners = vec![("academia".into(), "Universitas Sukamaju".into()), ("".into(), " ".into())];
        i.neighbours = "Kota Lama; Kabupaten Baru\n".into();
        i.targets = HashMap::from([(2027, "Portal daring".into()), (2026, "Kajian".into())]);
        i.budgets = HashMap::from([((2026, "apbd".into()), "1.500.000".into()), ((2027, "csr".into()), "0".into())]);
        let v = validate(&i, &refs()).expect("valid");
        assert_eq!(v.opd_id, 1);
        assert_eq!(v.targets, vec![(2026, "Kajian".into()), (2027, "Portal daring".into())]);
        assert_eq!(v.budgets, vec![(2026, FundingSource::Apbd, 1_500_000)], "a zero cell is no budget");
        let kinds: Vec<LinkKind> = v.links.iter().map(|l| l.kind).collect();
        assert_eq!(
            kinds,
            [
                LinkKind::SupportOpd,
                LinkKind::Partner,
                LinkKind::Problem,
                LinkKind::Rpjmd,
                LinkKind::Neighbour,
                LinkKind::Neighbour
            ],
            "the owning OPD is no supporting OPD, a repeated id counts once, a blank partner is skipped"
        );
        assert_eq!(v.links[1].helix, Some(Helix::Academia));
    }

    #[test]
    fn references_must_belong_to_the_region() {
        let mut i = input();
        i.opd_id = "9".into();
        i.apps = vec!["21".into()];
        i.datasets = vec!["x".into()];
        let e = validate(&i, &refs()).expect_err("invalid");
        assert_eq!(codes(&e, "opd_id"), ["err-choice"]);
        assert_eq!(codes(&e, "apps"), ["err-choice"]);
        assert_eq!(codes(&e, "datasets"), ["err-choice"]);
        i.opd_id = " ".into();
        assert_eq!(codes(&validate(&i, &refs()).expect_err("invalid"), "opd_id"), ["err-required"]);
    }

    #[test]
    fn years_fit_the_span_and_the_masterplan() {
        let mut i = input();
        i.start_year = "2024".into();
        assert_eq!(codes(&validate(&i, &refs()).expect_err("before"), "end_year"), ["err-outside-masterplan"]);
        let mut i = input();
        i.targets = HashMap::from([(2030, "Nanti".into())]);
        i.budgets = HashMap::from([((2030, "apbd".into()), "5".into()), ((2026, "bank".into()), "5".into())]);
        let e = validate(&i, &refs()).expect_err("outside");
        assert_eq!(codes(&e, "target.2030"), ["err-outside-span"]);
        assert_eq!(codes(&e, "budget.2030.apbd"), ["err-outside-span"]);
        assert_eq!(codes(&e, "budget.2026.bank"), ["err-choice"]);
        // Without a masterplan the programme's own start counts.
        let mut i = input();
        i.start_year = "2040".into();
        i.end_year = "2041".into();
        assert!(validate(&i, &References { masterplan_start: None, ..refs() }).is_ok());
    }

    #[test]
    fn kpis_blank_rows_skipped_numbers_checked() {
        let mut i = input();
        i.kpis = vec![
            KpiInput::default(),
            KpiInput {
                name: "Dataset terbuka".into(),
                unit: "dataset".into(),
                baseline: "1,5".into(),
                direction: "sideways".into(),
                targets: BTreeMap::from([(2027, "abc".into()), (2031, "3".into())]),
                ..Default::default()
            },
        ];
        let e = validate(&i, &refs()).expect_err("invalid");
        assert_eq!(codes(&e, "kpi.1.direction"), ["err-choice"]);
        assert_eq!(codes(&e, "kpi.1.t.2027"), ["err-decimal"]);
        assert_eq!(codes(&e, "kpi.1.t.2031"), ["err-outside-span"]);
        assert!(codes(&e, "kpi.0.name").is_empty(), "a blank row is no KPI");
        i.kpis[1].direction = String::new();
        i.kpis[1].targets = BTreeMap::from([(2027, "2,5".into())]);
        let v = validate(&i, &refs()).expect("valid");
        assert_eq!(v.kpis.len(), 1);
        assert_eq!(v.kpis[0].direction, KpiDirection::Up);
    }

    #[test]
    fn further_elements_are_checked_against_the_primary() {
        let mut i = input();
        i.also_serves = vec!["SOC-CO".into(), "ECO-WE".into()];
        assert_eq!(validate(&i, &refs()).expect("valid").also_serves, ["ECO-WE", "SOC-CO"]);
        i.also_serves = vec![i.element_code.clone()];
        assert_eq!(codes(&validate(&i, &refs()).expect_err("primary"), "also_serves"), ["err-reach-primary"]);
    }

    #[test]
    fn too_many_neighbours() {
        let mut i = input();
        i.neighbours = (0..=MAX_NEIGHBOURS).map(|n| format!("Kota {n}")).collect::<Vec<_>>().join(",");
        assert_eq!(codes(&validate(&i, &refs()).expect_err("many"), "neighbours"), ["err-neighbours"]);
    }
}
