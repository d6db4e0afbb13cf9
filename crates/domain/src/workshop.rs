//! Bimtek workshops: each stage of the masterplan is worked through in a two-day workshop in the
//! region (opened by an official, with the ministry's experts speaking and the OPDs attending).
//! The rules here: what a workshop, a speaker, an agenda item, an invitation, a follow-up action
//! may hold; when a check-in link expires; which experts are booked twice on one day.

use crate::validate::Errors;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

code_enum!(WorkshopMode "workshop-mode" {
    InPerson = "in_person",
    Online = "online",
    Hybrid = "hybrid",
});

code_enum!(WorkshopStatus "workshop-status" {
    Planned = "planned",
    Held = "held",
    Cancelled = "cancelled",
});

code_enum!(SpeakerRole "speaker-role" {
    Expert = "expert",
    AssistantExpert = "assistant_expert",
    Other = "other",
});

code_enum!(UnitKind "unit-kind" {
    Opd = "opd",
    Perusda = "perusda",
    Kecamatan = "kecamatan",
    Desa = "desa",
    Council = "council",
    Team = "team",
    Other = "other",
});

code_enum!(ActionStatus "action-status" {
    Open = "open",
    Done = "done",
});

code_enum!(CheckinMethod "checkin-method" {
    Qr = "qr",
    Facilitator = "facilitator",
});

/// The longest workshop a form accepts (the programme's are two days; a few run three).
pub const MAX_DAYS: i64 = 5;
/// Limits of typed text: names and positions fit a signature line, notes a page.
pub const MAX_NAME: usize = 200;
pub const MAX_TEXT: usize = 10_000;
/// How many people one workshop may invite (a large kabupaten invites a few hundred).
pub const MAX_INVITEES: usize = 1_000;

/// A workshop as typed in its form.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkshopInput {
    pub starts_on: String,
    /// Empty: two days from the start.
    pub ends_on: String,
    pub venue: String,
    pub mode: String,
    pub meeting_link: String,
    pub opened_by_name: String,
    pub opened_by_position: String,
    pub closed_by_name: String,
    pub closed_by_position: String,
    pub status: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidWorkshop {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub venue: String,
    pub mode: WorkshopMode,
    pub meeting_link: Option<String>,
    pub opened_by_name: Option<String>,
    pub opened_by_position: Option<String>,
    pub closed_by_name: Option<String>,
    pub closed_by_position: Option<String>,
    pub status: WorkshopStatus,
    pub notes: Option<String>,
}

impl WorkshopInput {
    pub fn validate(&self) -> Result<ValidWorkshop, Errors> {
        let mut e = Errors::new();
        let starts_on = e.date("starts_on", &self.starts_on);
        let ends_on = e.optional_date("ends_on", &self.ends_on);
        let venue = e.text("venue", &self.venue, MAX_NAME);
        let mode = e.choice("mode", &self.mode, WorkshopMode::parse);
        let meeting_link = e.optional_url("meeting_link", &self.meeting_link, 500);
        let status = match self.status.trim() {
            "" => Some(WorkshopStatus::Planned),
            s => e.choice("status", s, WorkshopStatus::parse),
        };
        let opened_by_name = e.optional_text("opened_by_name", &self.opened_by_name, MAX_NAME);
        let opened_by_position = e.optional_text("opened_by_position", &self.opened_by_position, MAX_NAME);
        let closed_by_name = e.optional_text("closed_by_name", &self.closed_by_name, MAX_NAME);
        let closed_by_position = e.optional_text("closed_by_position", &self.closed_by_position, MAX_NAME);
        let notes = e.optional_text("notes", &self.notes, MAX_TEXT);
        let starts = starts_on.unwrap_or_default();
        // Two days by default, as the programme runs them.
        let ends = ends_on.unwrap_or(starts + chrono::Duration::days(1));
        if starts_on.is_some() && e.get("ends_on").is_none() {
            if ends < starts {
                e.add("ends_on", "err-workshop-ends-before", None);
            } else if (ends - starts).num_days() >= MAX_DAYS {
                e.add("ends_on", "err-workshop-too-long", Some(MAX_DAYS));
            }
        }
        // An online or semi-virtual workshop needs the link its people join by.
        if matches!(mode, Some(WorkshopMode::Online | WorkshopMode::Hybrid)) && meeting_link.is_none() {
            e.add("meeting_link", "err-required", None);
        }
        e.into_result()?;
        Ok(ValidWorkshop {
            starts_on: starts,
            ends_on: ends,
            venue,
            mode: mode.unwrap_or(WorkshopMode::InPerson),
            meeting_link,
            opened_by_name,
            opened_by_position,
            closed_by_name,
            closed_by_position,
            status: status.unwrap_or(WorkshopStatus::Planned),
            notes,
        })
    }
}

/// The number of days a workshop runs (1 for a one-day workshop).
pub fn days(starts_on: NaiveDate, ends_on: NaiveDate) -> i32 {
    ((ends_on - starts_on).num_days().clamp(0, MAX_DAYS) + 1) as i32
}

/// The date of day `day` (1-based) of a workshop.
pub fn date_of(starts_on: NaiveDate, day: i32) -> NaiveDate {
    starts_on + chrono::Duration::days(i64::from(day.max(1)) - 1)
}

/// A speaker as typed: an account of the programme (an expert) or a name.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SpeakerInput {
    pub user_id: String,
    pub name: String,
    pub position: String,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSpeaker {
    pub user_id: Option<i64>,
    pub name: String,
    pub position: Option<String>,
    pub role: SpeakerRole,
}

impl SpeakerInput {
    /// `experts`: (user id, display name) of the accounts that may be chosen. A chosen account
    /// gives its name when none is typed.
    pub fn validate(&self, experts: &[(i64, String)]) -> Result<ValidSpeaker, Errors> {
        let mut e = Errors::new();
        let ids: Vec<i64> = experts.iter().map(|x| x.0).collect();
        let user_id = e.optional_ref("user_id", &self.user_id, &ids);
        let role = e.choice("role", &self.role, SpeakerRole::parse);
        let position = e.optional_text("position", &self.position, MAX_NAME);
        let name = match (self.name.trim(), user_id) {
            ("", Some(id)) => experts.iter().find(|x| x.0 == id).map(|x| x.1.clone()).unwrap_or_default(),
            ("", None) if e.get("user_id").is_none() => {
                e.add("name", "err-required", None);
                String::new()
            }
            (n, _) => e.text("name", n, MAX_NAME),
        };
        e.into_result()?;
        Ok(ValidSpeaker { user_id, name, position, role: role.unwrap_or(SpeakerRole::Other) })
    }
}

/// An agenda item as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AgendaInput {
    pub day: String,
    /// "09:00" (or "09.00", as Indonesian agendas write it).
    pub time: String,
    pub title: String,
    pub speaker: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAgenda {
    pub day: i32,
    pub time: String,
    pub title: String,
    pub speaker: Option<String>,
}

impl AgendaInput {
    pub fn validate(&self, days: i32) -> Result<ValidAgenda, Errors> {
        let mut e = Errors::new();
        let day = e.integer("day", &self.day, 1, i64::from(days.max(1))).map(|d| d as i32);
        let time = self.time.trim().replace('.', ":");
        let ok = chrono::NaiveTime::parse_from_str(&time, "%H:%M").is_ok() && time.len() == 5;
        if time.is_empty() {
            e.add("time", "err-required", None);
        } else if !ok {
            e.add("time", "err-time", None);
        }
        let title = e.text("title", &self.title, 500);
        let speaker = e.optional_text("speaker", &self.speaker, MAX_NAME);
        e.into_result()?;
        Ok(ValidAgenda { day: day.unwrap_or(1), time, title, speaker })
    }
}

/// One person invited (or registered at the door).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InviteeInput {
    pub name: String,
    pub position: String,
    pub unit_kind: String,
    pub unit_name: String,
    pub opd_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidInvitee {
    pub name: String,
    pub position: Option<String>,
    pub unit_kind: UnitKind,
    pub unit_name: Option<String>,
    pub opd_id: Option<i64>,
}

impl InviteeInput {
    /// `opds`: the ids of the region's OPDs. An OPD row names its OPD; a walk-in says only who
    /// they are and where from.
    pub fn validate(&self, opds: &[i64]) -> Result<ValidInvitee, Errors> {
        let mut e = Errors::new();
        let name = e.text("name", &self.name, MAX_NAME);
        let position = e.optional_text("position", &self.position, MAX_NAME);
        let unit_kind = match self.unit_kind.trim() {
            "" => Some(UnitKind::Other),
            k => e.choice("unit_kind", k, UnitKind::parse),
        };
        let unit_name = e.optional_text("unit_name", &self.unit_name, MAX_NAME);
        let opd_id = e.optional_ref("opd_id", &self.opd_id, opds);
        e.into_result()?;
        let unit_kind = if opd_id.is_some() { UnitKind::Opd } else { unit_kind.unwrap_or(UnitKind::Other) };
        Ok(ValidInvitee { name, position, unit_kind, unit_name, opd_id })
    }
}

/// The minutes (berita acara) of a workshop.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MinutesInput {
    pub summary: String,
    pub decisions: String,
}

impl MinutesInput {
    pub fn validate(&self) -> Result<(Option<String>, Option<String>), Errors> {
        let mut e = Errors::new();
        let s = e.optional_text("summary", &self.summary, MAX_TEXT);
        let d = e.optional_text("decisions", &self.decisions, MAX_TEXT);
        e.into_result()?;
        Ok((s, d))
    }
}

/// A follow-up action agreed at a workshop.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActionInput {
    pub text: String,
    pub opd_id: String,
    pub due_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAction {
    pub text: String,
    pub opd_id: Option<i64>,
    pub due_on: Option<NaiveDate>,
}

impl ActionInput {
    pub fn validate(&self, opds: &[i64]) -> Result<ValidAction, Errors> {
        let mut e = Errors::new();
        let text = e.text("text", &self.text, 2000);
        let opd_id = e.optional_ref("opd_id", &self.opd_id, opds);
        let due_on = e.optional_date("due_on", &self.due_on);
        e.into_result()?;
        Ok(ValidAction { text, opd_id, due_on })
    }
}

/// When a check-in link for `day` (a date in the region's zone, `offset_hours` ahead of UTC)
/// stops working: the end of that day where the workshop is held, as a UTC moment.
pub fn checkin_expiry(day: NaiveDate, offset_hours: i64) -> chrono::DateTime<chrono::Utc> {
    let next_midnight = (day + chrono::Duration::days(1)).and_hms_opt(0, 0, 0).unwrap_or_default();
    chrono::DateTime::from_naive_utc_and_offset(next_midnight - chrono::Duration::hours(offset_hours), chrono::Utc)
}

/// One day of a workshop on which a named expert is booked (for the programme office's calendar).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    pub expert: String,
    pub date: NaiveDate,
    pub workshop_id: i64,
}

/// An expert booked at two (or more) workshops on one day: (expert, date, the workshops' ids).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    pub expert: String,
    pub date: NaiveDate,
    pub workshops: Vec<i64>,
}

/// The clashes among `bookings`, by date then expert.
pub fn clashes(bookings: &[Booking]) -> Vec<Clash> {
    let mut by: std::collections::BTreeMap<(NaiveDate, &str), Vec<i64>> = std::collections::BTreeMap::new();
    for b in bookings {
        let v = by.entry((b.date, b.expert.as_str())).or_default();
        if !v.contains(&b.workshop_id) {
            v.push(b.workshop_id);
        }
    }
    by.into_iter()
        .filter(|(_, ws)| ws.len() > 1)
        .map(|((date, expert), workshops)| Clash { expert: expert.to_string(), date, workshops })
        .collect()
}

/// Workshop days per expert, most first (then by name).
pub fn load(bookings: &[Booking]) -> Vec<(String, usize)> {
    let mut days: std::collections::BTreeMap<&str, std::collections::BTreeSet<(NaiveDate, i64)>> =
        std::collections::BTreeMap::new();
    for b in bookings {
        days.entry(b.expert.as_str()).or_default().insert((b.date, b.workshop_id));
    }
    let mut v: Vec<(String, usize)> = days.into_iter().map(|(k, d)| (k.to_string(), d.len())).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// The ISO week of a date: (ISO year, week number).
pub fn iso_week(d: NaiveDate) -> (i32, u32) {
    let w = d.iso_week();
    (w.year(), w.week())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_workshop_runs_two_days_by_default_and_needs_a_link_online() {
        let w = WorkshopInput {
            starts_on: "2026-03-10".into(),
            venue: "Balai Kartini".into(),
            mode: "in_person".into(),
            ..Default::default()
        };
        let v = w.validate().unwrap();
        assert_eq!(v.ends_on, d("2026-03-11"));
        assert_eq!(days(v.starts_on, v.ends_on), 2);
        let online = WorkshopInput { mode: "hybrid".into(), ..w.clone() };
        assert!(online.validate().unwrap_err().get("meeting_link").is_some());
        let back = WorkshopInput { ends_on: "2026-03-09".into(), ..w.clone() };
        assert_eq!(back.validate().unwrap_err().get("ends_on").unwrap().code, "err-workshop-ends-before");
        let long = WorkshopInput { ends_on: "2026-03-30".into(), ..w };
        assert!(long.validate().is_err());
    }

    #[test]
    fn a_check_in_link_expires_at_the_end_of_the_day_where_the_workshop_is() {
        // WITA (UTC+8): the end of 10 March is 16:00 UTC on 10 March.
        let at = checkin_expiry(d("2026-03-10"), 8);
        assert_eq!(at.to_rfc3339(), "2026-03-10T16:00:00+00:00");
    }

    #[test]
    fn an_expert_at_two_workshops_on_one_day_is_a_clash() {
        let b = |e: &str, day: &str, w: i64| Booking { expert: e.into(), date: d(day), workshop_id: w };
        let all = vec![
            b("Dr. Ahli", "2026-03-10", 1),
            b("Dr. Ahli", "2026-03-11", 1),
            b("Dr. Ahli", "2026-03-11", 2),
            b("Ir. Lain", "2026-03-11", 2),
            b("Ir. Lain", "2026-03-11", 2),
        ];
        let c = clashes(&all);
        assert_eq!(c, vec![Clash { expert: "Dr. Ahli".into(), date: d("2026-03-11"), workshops: vec![1, 2] }]);
        assert_eq!(load(&all), vec![("Dr. Ahli".to_string(), 3), ("Ir. Lain".to_string(), 1)]);
    }

    #[test]
    fn agenda_times_accept_the_indonesian_dot() {
        let a = AgendaInput { day: "2".into(), time: "09.30".into(), title: "Pembukaan".into(), speaker: "".into() };
        assert_eq!(a.validate(2).unwrap().time, "09:30");
        let bad = AgendaInput { day: "3".into(), time: "25:00".into(), ..a };
        let e = bad.validate(2).unwrap_err();
        assert!(e.get("day").is_some() && e.get("time").is_some());
    }

    #[test]
    fn a_speaker_is_an_account_or_a_name() {
        let experts = vec![(5, "Dr. Budi".to_string())];
        let s = SpeakerInput { user_id: "5".into(), role: "expert".into(), ..Default::default() };
        assert_eq!(s.validate(&experts).unwrap().name, "Dr. Budi");
        let none = SpeakerInput { role: "other".into(), ..Default::default() };
        assert!(none.validate(&experts).unwrap_err().get("name").is_some());
        let stranger = SpeakerInput { user_id: "9".into(), role: "expert".into(), ..Default::default() };
        assert!(stranger.validate(&experts).is_err());
    }
}
