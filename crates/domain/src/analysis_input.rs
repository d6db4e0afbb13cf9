//! The rules of stage 1's records as typed into the forms, sent to the API or read from the XLSX
//! inventory: problems, gap/SWOT items, regulations and institutions, apps and data sets, and the
//! profile's figures. Pure: what a record may refer to (the region's OPDs, its data sets) is
//! loaded by the caller and passed in.

use crate::analysis::{
    indicator, normalise_number, AppStatus, Frequency, Hosting, Link, ProblemKind, SwotKind, SEVERITY,
};
use crate::analysis::{RegulationKind, RegulationStatus};
use crate::data_yardstick::Topic;
use crate::framework::{self, PILLARS};
use crate::validate::Errors;
use serde::{Deserialize, Serialize};

/// An element of the framework by its code, or `None` when left empty.
fn optional_element(e: &mut Errors, raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let found = framework::element(raw).map(|el| el.code.to_string());
    if found.is_none() {
        e.add("element_code", "err-choice", None);
    }
    found
}

/// A problem or condition of the register as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProblemInput {
    pub element_code: String,
    pub opd_id: String,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub evidence_figure: String,
    pub evidence_source: String,
    pub evidence_year: String,
    pub severity: String,
    pub affected_citizens: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProblem {
    pub element_code: String,
    pub opd_id: Option<i64>,
    pub kind: ProblemKind,
    pub title: String,
    pub description: Option<String>,
    pub evidence_figure: Option<String>,
    pub evidence_source: Option<String>,
    pub evidence_year: Option<i32>,
    pub severity: i32,
    pub affected_citizens: Option<i64>,
}

impl ProblemInput {
    /// The OPD this input names, if it parses (for the caller's ownership check).
    pub fn opd(&self) -> Option<i64> {
        self.opd_id.trim().parse().ok()
    }

    /// `opds`: the ids of the region's OPDs.
    pub fn validate(&self, opds: &[i64]) -> Result<ValidProblem, Errors> {
        let mut e = Errors::new();
        let element = e.choice("element_code", &self.element_code, |s| framework::element(s).map(|el| el.code));
        let kind = e.choice("kind", &self.kind, ProblemKind::parse);
        let title = e.text("title", &self.title, 300);
        let description = e.optional_text("description", &self.description, 5000);
        let evidence_figure = e.optional_text("evidence_figure", &self.evidence_figure, 200);
        let evidence_source = e.optional_text("evidence_source", &self.evidence_source, 300);
        let evidence_year = match self.evidence_year.trim() {
            "" => None,
            raw => e.integer("evidence_year", raw, 2000, 2100).map(|y| y as i32),
        };
        let severity =
            e.choice("severity", &self.severity, |s| SEVERITY.iter().find(|x| x.0.to_string() == s).map(|x| x.0));
        let affected_citizens = match self.affected_citizens.trim() {
            "" => None,
            raw => e.integer("affected_citizens", raw, 0, 300_000_000),
        };
        let opd_id = e.optional_ref("opd_id", &self.opd_id, opds);
        e.into_result()?;
        Ok(ValidProblem {
            element_code: element.unwrap_or_default().to_string(),
            opd_id,
            kind: kind.unwrap_or(ProblemKind::Problem),
            title,
            description,
            evidence_figure,
            evidence_source,
            evidence_year,
            severity: severity.unwrap_or(3),
            affected_citizens,
        })
    }
}

/// A gap or SWOT item of a pillar (and optionally a dimension) as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SwotInput {
    pub pillar_code: String,
    pub dimension_code: String,
    pub kind: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSwot {
    pub pillar_code: &'static str,
    pub dimension_code: Option<&'static str>,
    pub kind: SwotKind,
    pub text: String,
}

impl SwotInput {
    pub fn validate(&self) -> Result<ValidSwot, Errors> {
        let mut e = Errors::new();
        let pillar = e.choice("pillar_code", &self.pillar_code, |s| {
            PILLARS.iter().find(|p| p.named.code == s).map(|p| p.named.code)
        });
        let kind = e.choice("kind", &self.kind, SwotKind::parse);
        let dimension_code = match self.dimension_code.trim() {
            "" => None,
            d => e.choice("dimension_code", d, |s| framework::dimension(s).map(|d| d.named.code)),
        };
        let text = e.text("text", &self.text, 1000);
        e.into_result()?;
        Ok(ValidSwot {
            pillar_code: pillar.unwrap_or_default(),
            dimension_code,
            kind: kind.unwrap_or(SwotKind::Gap),
            text,
        })
    }
}

/// A regulation as typed (its document, if any, is uploaded beside it).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RegulationInput {
    pub kind: String,
    pub number: String,
    pub year: String,
    pub title: String,
    pub status: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRegulation {
    pub kind: RegulationKind,
    pub number: String,
    pub year: i32,
    pub title: String,
    pub status: RegulationStatus,
    pub url: Option<String>,
}

impl RegulationInput {
    pub fn validate(&self) -> Result<ValidRegulation, Errors> {
        let mut e = Errors::new();
        let kind = e.choice("kind", &self.kind, RegulationKind::parse);
        let number = e.text("number", &self.number, 100);
        let year = e.integer("year", &self.year, 1945, 2100);
        let title = e.text("title", &self.title, 500);
        let status = e.choice("status", &self.status, RegulationStatus::parse);
        let url = e.optional_url("url", &self.url, 500);
        e.into_result()?;
        Ok(ValidRegulation {
            kind: kind.unwrap_or(RegulationKind::Other),
            number,
            year: year.unwrap_or_default() as i32,
            title,
            status: status.unwrap_or(RegulationStatus::InForce),
            url,
        })
    }
}

/// An institution (agency, forum, unit) as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InstitutionInput {
    pub name: String,
    #[serde(rename = "institution_kind")]
    pub kind: String,
    pub legal_basis: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidInstitution {
    pub name: String,
    pub kind: String,
    pub legal_basis: Option<String>,
    pub description: Option<String>,
}

impl InstitutionInput {
    pub fn validate(&self) -> Result<ValidInstitution, Errors> {
        let mut e = Errors::new();
        let name = e.text("name", &self.name, 200);
        let kind = e.text("institution_kind", &self.kind, 100);
        let legal_basis = e.optional_text("legal_basis", &self.legal_basis, 300);
        let description = e.optional_text("description", &self.description, 2000);
        e.into_result()?;
        Ok(ValidInstitution { name, kind, legal_basis, description })
    }
}

/// The region's OPDs as an inventory row may name them: by id (the forms) or by short name
/// (the XLSX import).
pub type OpdNames<'a> = [(i64, &'a str)];

fn opd_of(e: &mut Errors, raw: &str, opds: &OpdNames) -> Option<i64> {
    let raw = raw.trim();
    if raw.is_empty() {
        e.add("opd_id", "err-required", None);
        return None;
    }
    let found = match raw.parse::<i64>() {
        Ok(id) => opds.iter().find(|(o, _)| *o == id),
        Err(_) => opds.iter().find(|(_, short)| *short == raw),
    };
    if found.is_none() {
        e.add("opd_id", "err-choice", None);
    }
    found.map(|(id, _)| *id)
}

/// "ya"/"yes"/"true"/"1"/"on"/"y" and their opposites; anything else is no answer.
fn yes(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "ya" | "yes" | "true" | "1" | "on" | "y" => Some(true),
        "" | "tidak" | "no" | "false" | "0" | "off" | "n" => Some(false),
        _ => None,
    }
}

/// An application of the inventory as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AppInput {
    pub name: String,
    pub opd_id: String,
    pub purpose: String,
    pub users: String,
    pub status: String,
    pub hosting: String,
    pub integrations: String,
    pub element_code: String,
    /// Data set ids this app produces / uses.
    pub produces: Vec<String>,
    pub uses: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidApp {
    pub name: String,
    pub opd_id: i64,
    pub purpose: String,
    pub users: String,
    pub status: AppStatus,
    pub hosting: Hosting,
    pub integrations: Option<String>,
    pub element_code: Option<String>,
    /// (data set id, produces or uses)
    pub links: Vec<(i64, Link)>,
}

impl AppInput {
    /// `opds`: the region's OPDs; `datasets`: the ids of its data sets.
    pub fn validate(&self, opds: &OpdNames, datasets: &[i64]) -> Result<ValidApp, Errors> {
        let mut e = Errors::new();
        let name = e.text("name", &self.name, 200);
        let opd_id = opd_of(&mut e, &self.opd_id, opds);
        let purpose = e.text("purpose", &self.purpose, 2000);
        let users = e.text("users", &self.users, 300);
        let status = e.choice("status", &self.status, AppStatus::parse);
        let hosting = e.choice("hosting", &self.hosting, Hosting::parse);
        let integrations = e.optional_text("integrations", &self.integrations, 2000);
        let element_code = optional_element(&mut e, &self.element_code);
        let mut links = Vec::new();
        for (field, list, link) in [("produces", &self.produces, Link::Produces), ("uses", &self.uses, Link::Uses)] {
            for raw in list.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
                match raw.parse::<i64>() {
                    Ok(id) if datasets.contains(&id) => links.push((id, link)),
                    _ => e.add(field, "err-choice", None),
                }
            }
        }
        e.into_result()?;
        Ok(ValidApp {
            name,
            opd_id: opd_id.unwrap_or_default(),
            purpose,
            users,
            status: status.unwrap_or(AppStatus::Active),
            hosting: hosting.unwrap_or(Hosting::Agency),
            integrations,
            element_code,
            links,
        })
    }
}

/// A data set of the inventory as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DatasetInput {
    pub name: String,
    pub opd_id: String,
    pub frequency: String,
    /// "ya"/"yes"/"true"/"1"/"on" for open data.
    pub open: String,
    pub element_code: String,
    /// What it describes: a [`Topic`] code or its Indonesian name.
    pub topic: String,
    /// The walidata or producer that keeps it (the producing OPD is `opd_id`).
    pub steward: String,
    /// "ya"/"yes"/… when it is official data of Satu Data Indonesia, held by the walidata.
    pub authoritative: String,
    /// `YYYY-MM-DD`, empty when unknown.
    pub last_updated: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDataset {
    pub name: String,
    pub opd_id: i64,
    pub frequency: Frequency,
    pub open: bool,
    pub element_code: Option<String>,
    pub topic: Topic,
    pub steward: Option<String>,
    pub authoritative: bool,
    pub last_updated: Option<chrono::NaiveDate>,
}

impl DatasetInput {
    /// `opds`: the region's OPDs; `today`: the region's day (a last update may not be later).
    /// The frequency and the topic may be their code or their Indonesian name; an empty topic
    /// is "other".
    pub fn validate(&self, opds: &OpdNames, today: chrono::NaiveDate) -> Result<ValidDataset, Errors> {
        let mut e = Errors::new();
        let name = e.text("name", &self.name, 200);
        let opd_id = opd_of(&mut e, &self.opd_id, opds);
        let frequency = e.choice("frequency", &self.frequency, |s| {
            Frequency::parse(s)
                .or_else(|| Frequency::ALL.iter().copied().find(|f| f.label("id").eq_ignore_ascii_case(s)))
        });
        let open = yes(&self.open);
        if open.is_none() {
            e.add("open", "err-choice", None);
        }
        let element_code = optional_element(&mut e, &self.element_code);
        let topic = match self.topic.trim() {
            "" => Some(Topic::Other),
            raw => e.choice("topic", raw, |s| {
                Topic::parse(s).or_else(|| Topic::ALL.iter().copied().find(|t| t.label("id").eq_ignore_ascii_case(s)))
            }),
        };
        let steward = e.optional_text("steward", &self.steward, 200);
        let authoritative = yes(&self.authoritative);
        if authoritative.is_none() {
            e.add("authoritative", "err-choice", None);
        }
        let last_updated = crate::data_yardstick::last_updated(&mut e, &self.last_updated, today);
        e.into_result()?;
        Ok(ValidDataset {
            name,
            opd_id: opd_id.unwrap_or_default(),
            frequency: frequency.unwrap_or(Frequency::AdHoc),
            open: open.unwrap_or(false),
            element_code,
            topic: topic.unwrap_or(Topic::Other),
            steward,
            authoritative: authoritative.unwrap_or(false),
            last_updated,
        })
    }
}

/// One cell of the profile table. An empty value removes the figure.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FigureInput {
    pub indicator: String,
    /// The name of a region's own indicator (standard ones are named by the framework).
    pub label: String,
    pub unit: String,
    pub year: i32,
    pub value: String,
    pub source: String,
}

/// The form field of one profile cell: `value.population.2024`.
pub fn figure_field(kind: &str, indicator: &str, year: i32) -> String {
    format!("{kind}.{indicator}.{year}")
}

/// A code for a region's own indicator, from its name.
pub fn own_code(label: &str) -> String {
    let slug: String = label.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let slug: Vec<&str> = slug.split('-').filter(|s| !s.is_empty()).collect();
    format!("own-{}", slug.join("-").chars().take(30).collect::<String>())
}

/// A profile cell that passed the rules; `value` `None` removes the figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidFigure {
    pub indicator: String,
    pub year: i32,
    pub value: Option<String>,
    pub source: Option<String>,
    /// The standard indicator's unit, or the region's own (at most 40 characters).
    pub unit: String,
    /// The name of the region's own indicator (at most 200 characters).
    pub label: Option<String>,
}

/// The profile table: a standard or own (`own-…`) indicator, a year within 2000–2100, a number
/// (whole for counts and rupiah), a source of at most 300 characters. All cells or none.
pub fn validate_figures(cells: &[FigureInput]) -> Result<Vec<ValidFigure>, Errors> {
    let mut e = Errors::new();
    let mut valid = Vec::new();
    for c in cells {
        let f = figure_field("value", &c.indicator, c.year);
        let std = indicator(&c.indicator);
        let custom = c.indicator.starts_with("own-");
        if (std.is_none() && !custom) || !(2000..=2100).contains(&c.year) {
            e.add(&f, "err-choice", None);
            continue;
        }
        let source = e.optional_text(&figure_field("source", &c.indicator, c.year), &c.source, 300);
        let value = match c.value.trim() {
            "" => None,
            _ => match normalise_number(&c.value, std.is_some_and(|s| s.whole)) {
                Some(v) => Some(v),
                None => {
                    e.add(&f, if std.is_some_and(|s| s.whole) { "err-number" } else { "err-decimal" }, None);
                    continue;
                }
            },
        };
        valid.push(ValidFigure {
            indicator: c.indicator.clone(),
            year: c.year,
            value,
            source,
            unit: std.map(|i| i.unit.to_string()).unwrap_or_else(|| c.unit.trim().chars().take(40).collect()),
            label: (!c.label.trim().is_empty()).then(|| c.label.trim().chars().take(200).collect()),
        });
    }
    e.into_result()?;
    Ok(valid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(e: &Errors) -> Vec<(&str, &'static str)> {
        e.0.iter().map(|x| (x.field.as_str(), x.code)).collect()
    }

    fn element() -> String {
        framework::DIMENSIONS[0].elements[0].code.to_string()
    }

    #[test]
    fn problems_rank_by_a_known_severity_and_a_region_opd() {
        let p = ProblemInput {
            element_code: element(),
            kind: "problem".into(),
            title: "Data kependudukan tersebar".into(),
            severity: "4".into(),
            evidence_year: " ".into(),
            affected_citizens: "12.000".into(),
            opd_id: "3".into(),
            ..Default::default()
        };
        let v = p.validate(&[3]).expect("valid");
        assert_eq!((v.severity, v.affected_citizens, v.opd_id, v.evidence_year), (4, Some(12_000), Some(3), None));
        assert_eq!(p.opd(), Some(3));
        let bad = ProblemInput { severity: "6".into(), evidence_year: "1999".into(), ..p };
        assert_eq!(
            codes(&bad.validate(&[4]).expect_err("bad")),
            [("evidence_year", "err-min"), ("severity", "err-choice"), ("opd_id", "err-choice")]
        );
    }

    #[test]
    fn swot_items_name_a_pillar_and_maybe_a_dimension() {
        let s = SwotInput {
            pillar_code: PILLARS[0].named.code.into(),
            dimension_code: String::new(),
            kind: "strength".into(),
            text: "SDM TIK cukup".into(),
        };
        assert_eq!(s.validate().expect("valid").dimension_code, None);
        let bad = SwotInput { dimension_code: "XYZ".into(), kind: "hope".into(), ..s };
        assert_eq!(
            codes(&bad.validate().expect_err("bad")),
            [("kind", "err-choice"), ("dimension_code", "err-choice")]
        );
    }

    #[test]
    fn regulations_and_institutions() {
        let r = RegulationInput {
            kind: "perbup".into(),
            number: "12".into(),
            year: "2024".into(),
            title: "Masterplan Smart City".into(),
            status: "in_force".into(),
            url: "ftp://jdih.example".into(),
        };
        assert_eq!(codes(&r.validate().expect_err("url")), [("url", "err-url")]);
        let r = RegulationInput { url: "https://jdih.example/12".into(), ..r };
        assert_eq!(r.validate().expect("valid").kind, RegulationKind::Perbup);
        let i = InstitutionInput { name: "Dewan TIK".into(), ..Default::default() };
        assert_eq!(codes(&i.validate().expect_err("kind")), [("institution_kind", "err-required")]);
    }

    #[test]
    fn inventory_rows_name_their_opd_by_id_or_short_name() {
        let opds = [(1, "DISKOMINFO"), (2, "DINKES")];
        let d = DatasetInput {
            name: "Data faskes".into(),
            opd_id: "DINKES".into(),
            frequency: "Bulanan".into(),
            open: "ya".into(),
            topic: "Kesehatan".into(),
            authoritative: "ya".into(),
            last_updated: "2026-12-01".into(),
            ..Default::default()
        };
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
        let v = d.validate(&opds, today).expect("valid");
        assert_eq!((v.opd_id, v.frequency, v.open), (2, Frequency::Monthly, true));
        assert_eq!((v.topic, v.authoritative, v.steward), (Topic::Health, true, None));
        let bad = DatasetInput {
            opd_id: "DISHUB".into(),
            open: "mungkin".into(),
            element_code: "X".into(),
            topic: "astrologi".into(),
            authoritative: "mungkin".into(),
            last_updated: "2026-12-31".into(),
            steward: "s".repeat(201),
            ..d
        };
        assert_eq!(
            codes(&bad.validate(&opds, today).expect_err("bad")),
            [
                ("opd_id", "err-choice"),
                ("open", "err-choice"),
                ("element_code", "err-choice"),
                ("topic", "err-choice"),
                ("steward", "err-too-long"),
                ("authoritative", "err-choice"),
                ("last_updated", "err-date-future"),
            ]
        );
        let a = AppInput {
            name: "SIMPUS".into(),
            opd_id: "2".into(),
            purpose: "Rekam medis".into(),
            users: "Puskesmas".into(),
            status: "active".into(),
            hosting: "pdd".into(),
            produces: vec!["10".into(), " ".into()],
            uses: vec!["11".into()],
            ..Default::default()
        };
        assert_eq!(a.validate(&opds, &[10, 11]).expect("valid").links, [(10, Link::Produces), (11, Link::Uses)]);
        assert_eq!(codes(&a.validate(&opds, &[10]).expect_err("bad")), [("uses", "err-choice")]);
        let none = AppInput { opd_id: String::new(), ..a };
        assert_eq!(codes(&none.validate(&opds, &[10, 11]).expect_err("opd")), [("opd_id", "err-required")]);
    }

    #[test]
    fn profile_cells() {
        let cell = |indicator: &str, year: i32, value: &str| FigureInput {
            indicator: indicator.into(),
            year,
            value: value.into(),
            unit: "unit yang sangat panjang sekali lebih dari empat puluh huruf".into(),
            ..Default::default()
        };
        let v = validate_figures(&[
            cell("population", 2024, "612.000"),
            cell("own-wifi", 2024, ""),
            cell("ipm", 2023, "72,35"),
        ])
        .expect("valid");
        assert_eq!(v[0].value.as_deref(), Some("612000"));
        assert_eq!(v[0].unit, "jiwa");
        assert_eq!((v[1].value.clone(), v[1].unit.chars().count()), (None, 40));
        assert_eq!(v[2].value.as_deref(), Some("72.35"));
        let e = validate_figures(&[cell("population", 2024, "1,5"), cell("ipm", 1999, "1"), cell("wifi", 2024, "1")])
            .expect_err("bad");
        assert_eq!(
            codes(&e),
            [
                ("value.population.2024", "err-number"),
                ("value.ipm.1999", "err-choice"),
                ("value.wifi.2024", "err-choice")
            ]
        );
        assert_eq!(own_code("Titik Wi-Fi publik!"), "own-titik-wi-fi-publik");
    }
}
