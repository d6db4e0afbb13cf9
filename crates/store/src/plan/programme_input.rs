//! A programme as typed into the form or read from the XLSX template, and its validation into
//! the rows that [`crate::plan::programmes::save`] writes.

use crate::entity::{app, dataset, opd, plan_item, problem};
use crate::plan::programmes::{link, Programme};
use crate::Result;
use kotacerdas_domain::analysis::normalise_number;
use kotacerdas_domain::framework;
use kotacerdas_domain::govcode;
use kotacerdas_domain::programme::{check_span, total, FundingSource, Horizon, KpiDirection};
use kotacerdas_domain::region::Helix;
use kotacerdas_domain::validate::Errors;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
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

impl ProgrammeInput {
    pub fn from_programme(p: &Programme) -> ProgrammeInput {
        let r = &p.programme;
        let ids = |kind: &str| p.link_ids(kind).iter().map(i64::to_string).collect();
        ProgrammeInput {
            opd_id: r.opd_id.to_string(),
            element_code: r.element_code.clone(),
            name: r.name.clone(),
            brand_name: r.brand_name.clone().unwrap_or_default(),
            description: r.description.clone(),
            horizon: r.horizon.clone(),
            start_year: r.start_year.to_string(),
            end_year: r.end_year.to_string(),
            output: r.output.clone().unwrap_or_default(),
            outcome: r.outcome.clone().unwrap_or_default(),
            gov_code: r.gov_code.clone().unwrap_or_default(),
            targets: p.targets.iter().map(|t| (t.year, t.target.clone())).collect(),
            budgets: p.budgets.iter().map(|b| ((b.year, b.source.clone()), b.amount.to_string())).collect(),
            support_opds: ids(link::SUPPORT_OPD),
            partners: p.partners(),
            problems: ids(link::PROBLEM),
            apps: ids(link::APP),
            datasets: ids(link::DATASET),
            rpjmd: ids(link::RPJMD),
            neighbours: p.neighbours().join(", "),
            kpis: p
                .kpis
                .iter()
                .map(|k| KpiInput {
                    name: k.kpi.name.clone(),
                    unit: k.kpi.unit.clone(),
                    baseline: k.kpi.baseline.clone().unwrap_or_default(),
                    baseline_year: k.kpi.baseline_year.map(|y| y.to_string()).unwrap_or_default(),
                    direction: k.kpi.direction.clone(),
                    targets: k.targets.iter().map(|t| (t.year, t.value.clone())).collect(),
                })
                .collect(),
        }
    }
}

pub fn field(kind: &str, year: i32, source: Option<&str>) -> String {
    match source {
        Some(s) => format!("{kind}.{year}.{s}"),
        None => format!("{kind}.{year}"),
    }
}

pub(crate) struct ValidKpi {
    pub name: String,
    pub unit: String,
    pub baseline: Option<String>,
    pub baseline_year: Option<i32>,
    pub direction: KpiDirection,
    pub targets: Vec<(i32, String)>,
}

/// A link row to write: (kind, ref id, label, helix).
pub(crate) type LinkRow = (&'static str, Option<i64>, Option<String>, Option<Helix>);

pub(crate) struct Valid {
    pub opd_id: i64,
    pub element: String,
    pub name: String,
    pub brand: Option<String>,
    pub description: String,
    pub horizon: Horizon,
    pub start: i32,
    pub end: i32,
    pub output: Option<String>,
    pub outcome: Option<String>,
    pub gov_code: Option<String>,
    pub targets: Vec<(i32, String)>,
    pub budgets: Vec<(i32, FundingSource, i64)>,
    pub links: Vec<LinkRow>,
    pub kpis: Vec<ValidKpi>,
}

/// Parse a list of ids and keep those that exist in the region; anything else is an error on
/// `field`. `existing` holds the region's ids of that kind.
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

pub(crate) async fn validate<C: ConnectionTrait>(c: &C, region_id: i64, input: &ProgrammeInput) -> Result<Valid> {
    let mut e = Errors::new();
    let name = e.text("name", &input.name, 300);
    let brand = e.optional_text("brand_name", &input.brand_name, 200);
    let description = e.text("description", &input.description, 5000);
    let element = e.choice("element_code", &input.element_code, |s| framework::element(s).map(|x| x.code.to_string()));
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
    let region_opds: Vec<i64> =
        opd::Entity::find().filter(opd::Column::RegionId.eq(region_id)).all(c).await?.iter().map(|o| o.id).collect();
    let opd_id = input.opd_id.trim().parse::<i64>().ok().filter(|id| region_opds.contains(id));
    if opd_id.is_none() {
        e.add("opd_id", if input.opd_id.trim().is_empty() { "err-required" } else { "err-choice" }, None);
    }
    let masterplan_start = crate::plan::masterplan(c, region_id).await?.map(|m| m.start_year);
    if let (Some(h), Some(s), Some(en)) = (horizon, start, end) {
        if let Err(err) = check_span(h, s, en, masterplan_start.unwrap_or(s)) {
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
    let support = ids(&mut e, "support_opds", &input.support_opds, &region_opds);
    links.extend(
        support.into_iter().filter(|id| Some(*id) != opd_id).map(|id| (link::SUPPORT_OPD, Some(id), None, None)),
    );
    for (i, (helix, partner)) in input.partners.iter().enumerate() {
        if partner.trim().is_empty() {
            continue;
        }
        let f = format!("partner.{i}");
        let label = e.text(&f, partner, 300);
        if let Some(h) = e.choice(&format!("{f}.helix"), helix, Helix::parse) {
            links.push((link::PARTNER, None, Some(label), Some(h)));
        }
    }
    let problems = problem::Entity::find()
        .filter(problem::Column::RegionId.eq(region_id))
        .all(c)
        .await?
        .iter()
        .map(|x| x.id)
        .collect::<Vec<_>>();
    let apps = app::Entity::find()
        .filter(app::Column::RegionId.eq(region_id))
        .all(c)
        .await?
        .iter()
        .map(|x| x.id)
        .collect::<Vec<_>>();
    let datasets = dataset::Entity::find()
        .filter(dataset::Column::RegionId.eq(region_id))
        .all(c)
        .await?
        .iter()
        .map(|x| x.id)
        .collect::<Vec<_>>();
    let rpjmd = plan_item::Entity::find()
        .filter(plan_item::Column::RegionId.eq(region_id))
        .all(c)
        .await?
        .iter()
        .map(|x| x.id)
        .collect::<Vec<_>>();
    for (kind, f, raw, existing) in [
        (link::PROBLEM, "problems", &input.problems, &problems),
        (link::APP, "apps", &input.apps, &apps),
        (link::DATASET, "datasets", &input.datasets, &datasets),
        (link::RPJMD, "rpjmd", &input.rpjmd, &rpjmd),
    ] {
        links.extend(ids(&mut e, f, raw, existing).into_iter().map(|id| (kind, Some(id), None, None)));
    }
    let neighbours: Vec<&str> =
        input.neighbours.split([',', '\n', ';']).map(str::trim).filter(|s| !s.is_empty()).collect();
    if neighbours.len() > 20 || neighbours.iter().any(|n| n.chars().count() > 120) {
        e.add("neighbours", "err-neighbours", Some(20));
    }
    links.extend(neighbours.iter().map(|n| (link::NEIGHBOUR, None, Some(n.to_string()), None)));

    let mut kpis = Vec::new();
    for (i, k) in input.kpis.iter().enumerate() {
        let blank = k.name.trim().is_empty()
            && k.unit.trim().is_empty()
            && k.baseline.trim().is_empty()
            && k.targets.values().all(|v| v.trim().is_empty());
        if blank {
            continue;
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
        kpis.push(ValidKpi {
            name,
            unit,
            baseline,
            baseline_year,
            direction: direction.unwrap_or(KpiDirection::Up),
            targets,
        });
    }
    e.into_result()?;
    targets.sort();
    Ok(Valid {
        opd_id: opd_id.unwrap_or_default(),
        element: element.unwrap_or_default(),
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
