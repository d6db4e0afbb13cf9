//! The demo region's first year of implementation: the 2025 report (locked), with statuses,
//! realisation and KPI actuals spread around their targets, and the 2026 period open with only
//! Diskominfo's reports in, so other OPDs' planners see what is due.

use kotacerdas_domain::monitoring::ProgrammeStatus;
use kotacerdas_domain::monitoring::{PeriodInput, ReportInput};
use kotacerdas_store::monitoring;
use kotacerdas_store::{plan::programmes, region::opds, Actor, Result};

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

/// Two evaluation rounds: 2024 (before the masterplan, evaluator scores only) and 2025 (the
/// first year: self-assessment, a survey, the evaluator's scores beside the computed Outcome and
/// Impact suggestions — Impact departing with a reason —, Quick Win verdicts, findings).
pub(crate) async fn load_evaluations(
    db: &sea_orm::DatabaseConnection,
    admin: &Actor,
    evaluator: &Actor,
    region_id: i64,
) -> Result<()> {
    use kotacerdas_domain::evaluation::{
        Part, PartInput, ScoringInput, SelfAssessmentInput, SurveyInput, VerdictInput,
    };
    use kotacerdas_store::evaluation as ev;
    let r2024 = ev::create_round(db, admin, "2024", "Evaluasi Gerakan Menuju Smart City 2024").await?;
    let r2025 = ev::create_round(db, admin, "2025", "Evaluasi Gerakan Menuju Smart City 2025").await?;
    let parts = |scores: &[(Part, &str)], notes: &[(Part, &str)]| -> Vec<(Part, PartInput)> {
        scores
            .iter()
            .map(|(p, s)| {
                let note = notes.iter().find(|(q, _)| q == p).map(|(_, n)| n.to_string()).unwrap_or_default();
                (*p, PartInput { score: s.to_string(), note, reason: String::new() })
            })
            .collect()
    };
    let scores2024 = ScoringInput {
        parts: parts(
            &[
                (Part::Baseline, "2,8"),
                (Part::Output, "3,2"),
                (Part::Outcome, "1,5"),
                (Part::Impact, "3,0"),
                (Part::QuickWin, "3,0"),
            ],
            &[(Part::Outcome, "Masterplan belum ditetapkan; program kota cerdas masih rintisan OPD.")],
        ),
        verdicts: Vec::new(),
        strengths: "Komitmen pimpinan daerah kuat; Dewan Smart City sudah terbentuk.".into(),
        weaknesses: "Masterplan belum ditetapkan; data antar-OPD belum terintegrasi.".into(),
        recommendations: "Tetapkan masterplan dengan Perbup dan mulai Quick Win layanan kependudukan.".into(),
    };
    ev::save_scores(db, evaluator, &r2024, region_id, &scores2024).await?;
    ev::set_closed(db, admin, r2024.id, true).await?;

    let sheets = kotacerdas_store::plan::quickwins::sheets(db, region_id).await?;
    let selected: Vec<_> = sheets.values().filter(|s| s.selected).collect();
    let own = SelfAssessmentInput {
        parts: parts(
            &[(Part::Baseline, "3,5"), (Part::Output, "3,8"), (Part::Impact, "3,5"), (Part::QuickWin, "4,0")],
            &[(Part::Output, "Perbup masterplan, SK Dewan dan Tim Pelaksana, anggaran 2025 tersedia.")],
        ),
        // Most Quick Wins reached their target; one only part of the way.
        after: selected
            .iter()
            .enumerate()
            .map(|(i, s)| (s.programme_id, if i == 1 { s.metric_before.clone() } else { s.metric_target.clone() }))
            .collect(),
    };
    ev::save_self(db, admin, &r2025, region_id, &own, &std::collections::HashMap::new()).await?;
    let questions = ev::questions_of(db, r2025.id).await?;
    let mut tallies = SurveyInput::default();
    for (i, q) in questions.iter().enumerate() {
        let n = [12, 30 + i * 5, 120, 210 - i * 10, 90 + i * 8];
        tallies.counts.insert(q.id, n.map(|count| count.to_string()));
    }
    ev::save_survey(db, evaluator, &r2025, region_id, &tallies).await?;
    // The evaluator scores Outcome near the share of programmes executed (within the tolerance:
    // no reason needed) and Impact below the survey mean, saying why.
    let suggested = |part: Part, s: &ev::Summary| {
        s.parts.iter().find(|p| p.part == part).and_then(|p| p.suggestion).map(|g| g.score).unwrap_or(300)
    };
    let now = ev::summary(db, &r2025, region_id).await?;
    let outcome = kotacerdas_domain::evaluation::score_text((suggested(Part::Outcome, &now) + 25) / 50 * 50, "id");
    let impact = kotacerdas_domain::evaluation::score_text((suggested(Part::Impact, &now) - 80).max(0), "id");
    let mut evaluated = parts(
        &[
            (Part::Baseline, "3,4"),
            (Part::Output, "3,6"),
            (Part::Outcome, &outcome),
            (Part::Impact, &impact),
            (Part::QuickWin, "3,5"),
        ],
        &[(Part::Outcome, "Dibulatkan ke setengah poin terdekat dari porsi program terlaksana.")],
    );
    for (p, input) in evaluated.iter_mut() {
        if *p == Part::Impact {
            input.reason = "Responden survei baru dari 3 kecamatan perkotaan; warga perdesaan belum terwakili.".into();
        }
    }
    let scores = ScoringInput {
        parts: evaluated,
        verdicts: selected
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let verdict = if i == 1 { "partly" } else { "achieved" };
                (s.programme_id, VerdictInput { verdict: verdict.into(), note: String::new() })
            })
            .collect(),
        strengths: "Masterplan ditetapkan dan dilaksanakan; laporan OPD lengkap dan tepat waktu.\n\nQuick Win akta kelahiran memangkas waktu layanan dari 14 menjadi 2 hari.".into(),
        weaknesses: "Beberapa program dimensi Living dan Governance terlambat; realisasi anggaran belum merata.".into(),
        recommendations: "Percepat integrasi data kependudukan dan kesehatan; libatkan perguruan tinggi dalam evaluasi dampak.".into(),
    };
    ev::save_scores(db, evaluator, &r2025, region_id, &scores).await
}
