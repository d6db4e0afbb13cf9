//! The programme office's calendar: every region's workshops of a year by ISO week, each
//! expert's load (workshop days) and the clashes (an expert booked at two workshops on one day).

use crate::access::Admin;
use crate::error::WebError;
use crate::views::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use kotacerdas_domain::workshop::{self as rules, Booking};
use kotacerdas_store::workshops::{self, CalendarEntry};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct YearQuery {
    year: Option<i32>,
}

/// One row of the calendar: a workshop with its dates written out and whether it clashes.
pub struct Entry {
    pub e: CalendarEntry,
    pub dates: String,
    pub clash: bool,
}

#[derive(Template)]
#[template(path = "workshop_calendar.html")]
struct CalendarPage {
    l: Layout,
    year: i32,
    /// (ISO week, its workshops).
    weeks: Vec<(u32, Vec<Entry>)>,
    load: Vec<(String, usize)>,
    /// (expert, date text, the workshops' region names).
    clashes: Vec<(String, String, String)>,
}

pub async fn page(
    State(state): State<AppState>,
    Query(q): Query<YearQuery>,
    Admin { ctx, .. }: Admin,
) -> Result<Response, WebError> {
    let this_year = chrono::Datelike::year(&chrono::Utc::now());
    let year = q.year.unwrap_or(this_year).clamp(2015, 2100);
    let all = workshops::calendar(&state.db, year).await?;
    let mut bookings = Vec::new();
    for e in &all {
        for day in 1..=rules::days(e.w.starts_on, e.w.ends_on) {
            for x in &e.experts {
                bookings.push(Booking {
                    expert: x.clone(),
                    date: rules::date_of(e.w.starts_on, day),
                    workshop_id: e.w.id,
                });
            }
        }
    }
    let clashes = rules::clashes(&bookings);
    let l = Layout::new(&ctx, "calendar-title", "calendar");
    let name_of = |id: i64| {
        all.iter().find(|e| e.w.id == id).map(|e| format!("{} ({})", e.region_name, e.region_code)).unwrap_or_default()
    };
    let clash_rows = clashes
        .iter()
        .map(|c| {
            (c.expert.clone(), l.date(&c.date), c.workshops.iter().map(|w| name_of(*w)).collect::<Vec<_>>().join(", "))
        })
        .collect();
    let mut weeks: BTreeMap<u32, Vec<Entry>> = BTreeMap::new();
    for e in all {
        // A workshop starting in the last ISO week of the previous year is listed as week 1's.
        let (wy, week) = rules::iso_week(e.w.starts_on);
        let week = if wy < year { 0 } else { week };
        let clash = clashes.iter().any(|c| c.workshops.contains(&e.w.id));
        let dates = format!("{} – {}", l.date(&e.w.starts_on), l.date(&e.w.ends_on));
        weeks.entry(week).or_default().push(Entry { e, dates, clash });
    }
    render(&CalendarPage {
        load: rules::load(&bookings),
        clashes: clash_rows,
        weeks: weeks.into_iter().collect(),
        year,
        l,
    })
}
