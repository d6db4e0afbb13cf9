//! Cohorts run in tracks (issue 17): the yearly kabupaten/kota intakes, tourism and new-city
//! areas, regions without a masterplan, and reviews of an existing one. Several cohorts share a
//! year; each may cap its members by a quota. Candidate regions are screened and decided before
//! their MoU; the council's and team's SK decrees are recorded with their documents.

use crate::validate::Errors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum!(Track "track" {
    Regular = "regular",
    TourismArea = "tourism_area",
    NewCityArea = "new_city_area",
    NoMasterplan = "no_masterplan",
    Review = "review",
});

code_enum!(Decision "decision" {
    Pending = "pending",
    Accepted = "accepted",
    Rejected = "rejected",
    Waitlisted = "waitlisted",
});

/// The largest quota a cohort may declare (the biggest intake so far took 50 regions).
pub const MAX_QUOTA: i64 = 1000;

/// A cohort as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CohortInput {
    pub year: String,
    pub name: String,
    pub notes: String,
    /// A [`Track`] code; empty: regular.
    pub track: String,
    /// Empty: no limit.
    pub quota: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCohort {
    pub year: i32,
    pub name: String,
    pub notes: Option<String>,
    pub track: Track,
    pub quota: Option<i32>,
}

impl CohortInput {
    /// `taken`: (year, name) of the other cohorts — a year holds several cohorts, by name;
    /// `members`: how many regions the cohort holds now (a quota cannot go below it).
    pub fn validate(&self, taken: &[(i32, &str)], members: i64) -> Result<ValidCohort, Errors> {
        let mut e = Errors::new();
        let year = e.integer("year", &self.year, 2015, 2100).map(|y| y as i32);
        let name = e.text("name", &self.name, 200);
        let notes = e.optional_text("notes", &self.notes, 2000);
        let track = match self.track.trim() {
            "" => Some(Track::Regular),
            t => e.choice("track", t, Track::parse),
        };
        let quota = match self.quota.trim() {
            "" => None,
            q => e.integer("quota", q, 1, MAX_QUOTA).map(|q| q as i32),
        };
        if let Some(q) = quota {
            if i64::from(q) < members {
                e.add("quota", "err-quota-below-members", Some(members));
            }
        }
        e.into_result()?;
        let year = year.unwrap_or_default();
        if taken.iter().any(|(y, n)| *y == year && n.trim().eq_ignore_ascii_case(&name)) {
            return Err(Errors::one("name", "err-taken"));
        }
        Ok(ValidCohort { year, name, notes, track: track.unwrap_or(Track::Regular), quota })
    }
}

/// Whether one more region fits a cohort holding `members` regions under `quota`; the error
/// names the field that tried (`cohort_id` on the region form, `decision` on a candidacy) and
/// carries the quota for the message.
pub fn room_for_one(quota: Option<i32>, members: i64, field: &str) -> Result<(), Errors> {
    match quota {
        Some(q) if members >= i64::from(q) => {
            let mut e = Errors::new();
            e.add(field, "err-cohort-full", Some(i64::from(q)));
            Err(e)
        }
        _ => Ok(()),
    }
}

/// The highest screening score.
pub const MAX_SCORE: i64 = 100;

/// A region's candidacy for a cohort as typed: readiness screening and the decision.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CandidateInput {
    pub region_id: String,
    /// Readiness screening score 0–100; empty while not screened.
    pub score: String,
    pub notes: String,
    /// A [`Decision`] code; empty: pending.
    pub decision: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCandidate {
    pub region_id: i64,
    pub score: Option<i32>,
    pub notes: Option<String>,
    pub decision: Decision,
}

impl CandidateInput {
    /// `regions`: the ids of the regions that may be candidates. A decision other than pending
    /// needs a score: nobody is accepted or turned away unscreened.
    pub fn validate(&self, regions: &[i64]) -> Result<ValidCandidate, Errors> {
        let mut e = Errors::new();
        let region_id = e.optional_ref("region_id", &self.region_id, regions);
        if self.region_id.trim().is_empty() {
            e.add("region_id", "err-required", None);
        }
        let score = match self.score.trim() {
            "" => None,
            s => e.integer("score", s, 0, MAX_SCORE).map(|s| s as i32),
        };
        let notes = e.optional_text("notes", &self.notes, 2000);
        let decision = match self.decision.trim() {
            "" => Some(Decision::Pending),
            d => e.choice("decision", d, Decision::parse),
        };
        if decision.is_some_and(|d| d != Decision::Pending) && score.is_none() && self.score.trim().is_empty() {
            e.add("score", "err-score-before-decision", None);
        }
        e.into_result()?;
        Ok(ValidCandidate {
            region_id: region_id.unwrap_or_default(),
            score,
            notes,
            decision: decision.unwrap_or(Decision::Pending),
        })
    }
}

/// The SK decree forming a body (council or team), as typed; the document comes as an upload.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DecreeInput {
    /// A `region::Body` code.
    pub body: String,
    pub number: String,
    pub issued_on: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDecree {
    pub body: crate::region::Body,
    pub number: String,
    pub issued_on: NaiveDate,
    pub notes: Option<String>,
}

impl DecreeInput {
    pub fn validate(&self) -> Result<ValidDecree, Errors> {
        let mut e = Errors::new();
        let body = e.choice("body", &self.body, crate::region::Body::parse);
        let number = e.text("number", &self.number, 200);
        let issued_on = e.date("issued_on", &self.issued_on);
        let notes = e.optional_text("notes", &self.notes, 2000);
        e.into_result()?;
        Ok(ValidDecree {
            body: body.unwrap_or(crate::region::Body::Dewan),
            number,
            issued_on: issued_on.unwrap_or_default(),
            notes,
        })
    }
}

/// What stage 1 still waits for, when the programme requires the MoU and both SK decrees
/// before it starts (`needed`: the programme setting). Empty: it may start.
pub fn stage1_missing(needed: bool, mou: bool, dewan: bool, tim: bool) -> Vec<Prerequisite> {
    if !needed {
        return Vec::new();
    }
    [(mou, Prerequisite::Mou), (dewan, Prerequisite::DewanDecree), (tim, Prerequisite::TimDecree)]
        .into_iter()
        .filter(|(there, _)| !there)
        .map(|(_, p)| p)
        .collect()
}

/// A record stage 1 may wait for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prerequisite {
    Mou,
    DewanDecree,
    TimDecree,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(e: &Errors) -> Vec<(&str, &'static str)> {
        e.0.iter().map(|x| (x.field.as_str(), x.code)).collect()
    }

    #[test]
    fn a_year_holds_several_cohorts_by_name_and_track() {
        let c = CohortInput {
            year: "2021".into(),
            name: "Kawasan Pariwisata 2021".into(),
            track: "tourism_area".into(),
            quota: "5".into(),
            ..Default::default()
        };
        let v = c.validate(&[(2021, "Angkatan 2021")], 0).expect("valid");
        assert_eq!((v.track, v.quota), (Track::TourismArea, Some(5)));
        assert_eq!(
            codes(&c.validate(&[(2021, "kawasan pariwisata 2021")], 0).expect_err("taken")),
            [("name", "err-taken")]
        );
        assert_eq!(codes(&c.validate(&[], 6).expect_err("below")), [("quota", "err-quota-below-members")]);
        let plain = CohortInput { track: String::new(), quota: String::new(), ..c.clone() };
        assert_eq!(plain.validate(&[], 9).expect("plain").quota, None);
        let bad = CohortInput { track: "space".into(), quota: "0".into(), ..c };
        assert_eq!(codes(&bad.validate(&[], 0).expect_err("bad")), [("track", "err-choice"), ("quota", "err-min")]);
    }

    #[test]
    fn a_full_cohort_takes_no_one_more() {
        assert!(room_for_one(None, 500, "cohort_id").is_ok());
        assert!(room_for_one(Some(3), 2, "cohort_id").is_ok());
        let e = room_for_one(Some(3), 3, "cohort_id").expect_err("full");
        assert_eq!((e.0[0].code, e.0[0].arg), ("err-cohort-full", Some(3)));
    }

    #[test]
    fn candidates_are_screened_before_a_decision() {
        let c = CandidateInput { region_id: "4".into(), decision: "accepted".into(), ..Default::default() };
        assert_eq!(codes(&c.validate(&[4]).expect_err("no score")), [("score", "err-score-before-decision")]);
        let c = CandidateInput { score: "78".into(), ..c };
        assert_eq!(c.validate(&[4]).expect("valid").decision, Decision::Accepted);
        let bad = CandidateInput { region_id: String::new(), score: "101".into(), ..c };
        assert_eq!(codes(&bad.validate(&[4]).expect_err("bad")), [("region_id", "err-required"), ("score", "err-max")]);
    }

    #[test]
    fn stage_one_waits_for_what_is_missing_only_when_the_programme_says_so() {
        assert!(stage1_missing(false, false, false, false).is_empty());
        assert_eq!(stage1_missing(true, true, false, true), [Prerequisite::DewanDecree]);
        assert_eq!(stage1_missing(true, false, true, false), [Prerequisite::Mou, Prerequisite::TimDecree]);
        assert!(stage1_missing(true, true, true, true).is_empty());
    }

    #[test]
    fn a_decree_names_its_body() {
        let e = DecreeInput::default().validate().expect_err("empty");
        assert_eq!(codes(&e), [("body", "err-required"), ("number", "err-required"), ("issued_on", "err-required")]);
    }
}
