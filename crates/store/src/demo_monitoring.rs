//! The demo region's first year of implementation: the 2025 report (locked), with statuses,
//! realisation and KPI actuals spread around their targets, and the 2026 period open with only
//! Diskominfo's reports in, so other OPDs' planners see what is due.

use crate::monitoring::{self, PeriodInput, ReportInput};
use crate::{opds, programmes, Actor, Result};
use kotacerdas_domain::monitoring::ProgrammeStatus;

/// Deterministic spread from a programme id: 0..n.
fn spread(id: i64, n: i64) -> i64 {
    (id.wrapping_mul(7919) + 13).rem_euclid(n)
}

pub(crate) async fn load(db: &sea_orm::DatabaseConnection, who: &Actor, region_id: i64) -> Result<()> {
    let y2025 = PeriodInput { year: "2025".into(), quarter: String::new(), due_date: "2026-01-31".into() };
    let p2025 = monitoring::add_period(db, who, region_id, &y2025).await?;
    let y2026 = PeriodInput { year: "2026".into(), quarter: String::new(), due_date: "2026-11-15".into() };
    let p2026 = monitoring::add_period(db, who, region_id, &y2026).await?;
    let kominfo = opds::list(db, region_id).await?.into_iter().find(|o| o.short_name == "Diskominfo").map(|o| o.id);
    for p in programmes::list(db, region_id).await? {
        let x = &p.programme;
        for (period, year) in [(&p2025, 2025), (&p2026, 2026)] {
            if x.start_year > year || (year == 2026 && Some(x.opd_id) != kominfo) {
                continue;
            }
            let s = spread(x.id + year as i64, 20);
            let status = match s {
                _ if x.end_year <= year => ProgrammeStatus::Done,
                0 => ProgrammeStatus::NotStarted,
                1 | 2 => ProgrammeStatus::Late,
                3..=5 => ProgrammeStatus::AtRisk,
                _ => ProgrammeStatus::OnTrack,
            };
            // Actual as a share of the target: 60 %–115 %, reversed for "lower is better".
            let factor = 0.60 + spread(x.id * 3 + year as i64, 12) as f64 * 0.05;
            let actuals = p
                .kpis
                .iter()
                .filter_map(|k| {
                    let target: f64 = k.target(year)?.parse().ok()?;
                    let v = if k.kpi.direction == "down" { target / factor } else { target * factor };
                    Some((k.kpi.id, format!("{:.1}", v).trim_end_matches(".0").replace('.', ",")))
                })
                .collect();
            let realised = p.year_budget(year) * (80 + spread(x.id, 21)) / 100;
            let input = ReportInput {
                status: status.as_str().into(),
                budget_realised: realised.to_string(),
                narrative: match status {
                    ProgrammeStatus::Late => "Pengadaan mundur satu triwulan karena revisi DPA.".into(),
                    ProgrammeStatus::AtRisk => {
                        "Integrasi data antar-OPD belum selesai; perlu dukungan Diskominfo.".into()
                    }
                    ProgrammeStatus::NotStarted => "Menunggu alokasi anggaran perubahan.".into(),
                    _ => String::new(),
                },
                actuals,
            };
            monitoring::save_report(db, who, region_id, period.id, &p, &input, None).await?;
        }
    }
    monitoring::set_locked(db, who, region_id, p2025.id, true).await
}
