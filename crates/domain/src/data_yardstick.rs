//! The "real data, not the number of apps" yardstick. The Gerakan Menuju Smart City programme
//! judges a region not by how many apps it has but by its real data: data sets that describe
//! citizens' conditions, are kept up to date, are the official data of Satu Data Indonesia, and
//! actually inform the region's programmes and decisions. Pure: the caller loads the facts.

use crate::analysis::Frequency;
use crate::validate::Errors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

// What a data set describes. Close to the sectors of Satu Data Indonesia's portals, kept short
// so a region can classify every data set without a manual.
code_enum!(Topic "data-topic" {
    Population = "population",
    Welfare = "welfare",
    Health = "health",
    Education = "education",
    Economy = "economy",
    Environment = "environment",
    Infrastructure = "infrastructure",
    Governance = "governance",
    Other = "other",
});

/// The longest a data set may go without an update and still count as current, in days: the
/// period of its frequency plus a grace for collecting, checking and publishing it.
/// - real-time and daily: a day, plus 6 days' grace — a feed that stalls over a long weekend is
///   still the region's live data; one silent for more than a week is not;
/// - monthly: 31 days plus 30 (a month's recap is usually published during the next month);
/// - quarterly: 92 days plus 45 (the quarterly reports of OPDs are due about six weeks after);
/// - yearly: 366 days plus 180 (yearly statistics such as "Dalam Angka" appear in the first
///   half of the next year);
/// - ad hoc (surveys, one-off collections, "once"): there is no schedule to be late against,
///   so it counts as current for two years after its last update — two yearly planning
///   cycles (RKPD); older than that, no decision of this cycle should rest on it unchecked.
pub fn max_age_days(f: Frequency) -> i64 {
    match f {
        Frequency::Realtime | Frequency::Daily => 1 + 6,
        Frequency::Monthly => 31 + 30,
        Frequency::Quarterly => 92 + 45,
        Frequency::Yearly => 366 + 180,
        Frequency::AdHoc => 730,
    }
}

/// A data set is current when it was updated within its frequency's window before `today`.
/// Never updated (no date) is not current. A date after `today` (a clock in another zone)
/// counts as current: the form refuses future dates, so it can only be off by a day.
pub fn is_current(f: Frequency, last_updated: Option<NaiveDate>, today: NaiveDate) -> bool {
    last_updated.is_some_and(|d| (today - d).num_days() <= max_age_days(f))
}

/// What the yardstick needs to know of one data set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// The dimension of its element (`GOV`, …), `None` when it has no element.
    pub dimension: Option<String>,
    pub topic: Topic,
    pub frequency: Frequency,
    pub last_updated: Option<NaiveDate>,
    pub authoritative: bool,
    /// Used by at least one programme or one recorded decision. Apps that read the data do not
    /// count: an app reading a table is plumbing the OPD declares about itself; the programme's
    /// criterion is data that informs what the region decides and does for its citizens, and
    /// a programme or a dated decision is the evidence of that.
    pub used: bool,
}

/// Counts of one group of data sets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub datasets: u32,
    pub current: u32,
    pub authoritative: u32,
    pub used: u32,
    /// Current, authoritative and used at once: real data in the programme's sense.
    pub real: u32,
}

impl Counts {
    pub fn add(&mut self, f: &Facts, today: NaiveDate) {
        let current = is_current(f.frequency, f.last_updated, today);
        self.datasets += 1;
        self.current += u32::from(current);
        self.authoritative += u32::from(f.authoritative);
        self.used += u32::from(f.used);
        self.real += u32::from(current && f.authoritative && f.used);
    }

    /// `n` of the data sets as a share 0..1; `None` without data sets (no share, not 0).
    pub fn share(&self, n: u32) -> Option<f64> {
        (self.datasets > 0).then(|| f64::from(n) / f64::from(self.datasets))
    }

    /// `n` of the data sets in basis points (83,33 % = 8 333), rounded half up.
    pub fn share_bp(&self, n: u32) -> Option<i64> {
        crate::evaluation::share_bp(n, self.datasets)
    }
}

/// The yardstick of a region: in total, per dimension (the six, in framework order, then the
/// data sets without an element) and per topic.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    pub total: Counts,
    /// (dimension code or "" for none, counts), every dimension listed even when empty.
    pub by_dimension: Vec<(String, Counts)>,
    /// (topic, counts), every topic listed.
    pub by_topic: Vec<(Topic, Counts)>,
}

pub fn figures(sets: &[Facts], today: NaiveDate) -> Figures {
    let mut by_dimension: Vec<(String, Counts)> =
        crate::framework::DIMENSIONS.iter().map(|d| (d.named.code.to_string(), Counts::default())).collect();
    by_dimension.push((String::new(), Counts::default()));
    let mut by_topic: Vec<(Topic, Counts)> = Topic::ALL.iter().map(|t| (*t, Counts::default())).collect();
    let mut total = Counts::default();
    for f in sets {
        total.add(f, today);
        let dim = f.dimension.as_deref().unwrap_or_default();
        // An unknown dimension code falls in the "none" row rather than disappearing.
        let i = by_dimension.iter().position(|(d, _)| d == dim).unwrap_or(by_dimension.len() - 1);
        by_dimension[i].1.add(f, today);
        if let Some(t) = by_topic.iter_mut().find(|(t, _)| *t == f.topic) {
            t.1.add(f, today);
        }
    }
    Figures { total, by_dimension, by_topic }
}

/// A decision or policy that used a data set, as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionInput {
    pub decided_on: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDecision {
    pub decided_on: NaiveDate,
    pub description: String,
}

impl DecisionInput {
    /// A short description (at most 500 characters) and a date from 2000 up to `today` (the
    /// region's day): a decision recorded as having used the data has been taken.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidDecision, Errors> {
        let mut e = Errors::new();
        let description = e.text("description", &self.description, 500);
        let decided_on = e.date("decided_on", &self.decided_on);
        if decided_on.is_some_and(|d| d > today) {
            e.add("decided_on", "err-date-future", None);
        }
        e.into_result()?;
        Ok(ValidDecision { decided_on: decided_on.unwrap_or(today), description })
    }
}

/// A programme that uses a data set: one of the region's own programmes. `programmes`: the
/// ids of the region's programmes.
pub fn programme_use(raw: &str, programmes: &[i64]) -> Result<i64, Errors> {
    let mut e = Errors::new();
    let id = match raw.trim() {
        "" => {
            e.add("programme_id", "err-required", None);
            None
        }
        v => e.optional_ref("programme_id", v, programmes),
    };
    e.into_result()?;
    id.ok_or_else(|| Errors::one("programme_id", "err-choice"))
}

/// The last update of a data set: optional, not after `today`.
pub fn last_updated(e: &mut Errors, raw: &str, today: NaiveDate) -> Option<NaiveDate> {
    let d = e.optional_date("last_updated", raw);
    if d.is_some_and(|d| d > today) {
        e.add("last_updated", "err-date-future", None);
        return None;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn facts(dim: Option<&str>, freq: Frequency, last: Option<&str>, auth: bool, used: bool) -> Facts {
        Facts {
            dimension: dim.map(str::to_string),
            topic: Topic::Health,
            frequency: freq,
            last_updated: last.map(day),
            authoritative: auth,
            used,
        }
    }

    #[test]
    fn current_follows_the_frequency_window_and_its_grace() {
        let today = day("2026-12-07");
        assert!(is_current(Frequency::Daily, Some(day("2026-11-30")), today));
        assert!(!is_current(Frequency::Daily, Some(day("2026-11-29")), today));
        assert!(is_current(Frequency::Monthly, Some(day("2026-10-07")), today));
        assert!(!is_current(Frequency::Monthly, Some(day("2026-10-06")), today));
        assert!(is_current(Frequency::Yearly, Some(day("2025-06-10")), today));
        assert!(!is_current(Frequency::Yearly, Some(day("2025-06-01")), today));
        assert!(is_current(Frequency::AdHoc, Some(day("2024-12-08")), today));
        assert!(!is_current(Frequency::AdHoc, Some(day("2024-12-06")), today));
        assert!(!is_current(Frequency::Realtime, None, today));
        // A day ahead (another zone's today) is still current.
        assert!(is_current(Frequency::Daily, Some(day("2026-12-08")), today));
    }

    #[test]
    fn every_frequency_has_a_window_longer_than_its_period() {
        for f in Frequency::ALL {
            assert!(max_age_days(*f) > 1, "{f:?}");
        }
        assert!(max_age_days(Frequency::Yearly) > 366);
    }

    #[test]
    fn figures_count_per_dimension_and_topic_and_shares() {
        let today = day("2026-12-07");
        let sets = [
            facts(Some("LIV"), Frequency::Monthly, Some("2026-11-30"), true, true),
            facts(Some("LIV"), Frequency::Monthly, Some("2025-01-01"), true, false),
            facts(Some("GOV"), Frequency::Yearly, None, false, true),
            facts(None, Frequency::AdHoc, Some("2026-01-01"), false, false),
            facts(Some("XXX"), Frequency::AdHoc, Some("2026-01-01"), false, false),
        ];
        let f = figures(&sets, today);
        assert_eq!(f.total, Counts { datasets: 5, current: 3, authoritative: 2, used: 2, real: 1 });
        assert_eq!(f.total.share(f.total.used), Some(0.4));
        assert_eq!(f.total.share_bp(f.total.real), Some(2_000));
        let liv = &f.by_dimension.iter().find(|(d, _)| d == "LIV").expect("LIV").1;
        assert_eq!(*liv, Counts { datasets: 2, current: 1, authoritative: 2, used: 1, real: 1 });
        assert_eq!(f.by_dimension.len(), 7);
        assert_eq!(f.by_dimension[6].1.datasets, 2, "no element and unknown codes go to the last row");
        assert_eq!(f.by_topic.iter().find(|(t, _)| *t == Topic::Health).map(|x| x.1.datasets), Some(5));
        assert_eq!(Counts::default().share(0), None, "no data sets is no share, not 0");
    }

    #[test]
    fn decisions_need_a_past_date_and_a_short_description() {
        let today = day("2026-12-07");
        let ok = DecisionInput { decided_on: "2026-12-07".into(), description: " SK penetapan lokasi ".into() };
        assert_eq!(ok.validate(today).map(|v| v.description), Ok("SK penetapan lokasi".into()));
        let future = DecisionInput { decided_on: "2026-12-08".into(), description: "x".into() };
        assert!(future.validate(today).is_err_and(|e| e.get("decided_on").is_some()));
        let long = DecisionInput { decided_on: "2026-01-01".into(), description: "a".repeat(501) };
        assert!(long.validate(today).is_err_and(|e| e.get("description").is_some()));
        let junk = DecisionInput { decided_on: "kemarin".into(), description: String::new() };
        let e = junk.validate(today).expect_err("junk");
        assert!(e.get("decided_on").is_some() && e.get("description").is_some());
    }

    #[test]
    fn a_programme_use_names_one_of_the_regions_programmes() {
        assert_eq!(programme_use("7", &[3, 7]), Ok(7));
        assert!(programme_use("8", &[3, 7]).is_err());
        assert!(programme_use("", &[3, 7]).is_err());
        assert!(programme_use("'; drop", &[3, 7]).is_err());
    }

    #[test]
    fn last_updated_may_be_empty_but_not_ahead() {
        let today = day("2026-12-07");
        let mut e = Errors::new();
        assert_eq!(last_updated(&mut e, "", today), None);
        assert_eq!(last_updated(&mut e, "2026-12-07", today), Some(today));
        assert!(e.is_empty());
        assert_eq!(last_updated(&mut e, "2027-01-01", today), None);
        assert!(e.get("last_updated").is_some());
    }
}
