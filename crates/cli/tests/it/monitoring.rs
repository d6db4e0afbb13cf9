//! Implementation monitoring: reporting periods, "my updates", the report form with KPI actuals,
//! locked periods, R/A/G and the roll-up, on both databases.

use crate::harness;

use kotacerdas_domain::monitoring::Rag;
use kotacerdas_store::{monitoring, plan::programmes, region::opds, region::regions};
use reqwest::StatusCode;

async fn report(b: &harness::Browser, period: i64, pid: i64, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    let url = format!("{}/regions/99.01/monitoring/periods/{period}/programmes/{pid}?_csrf={}", b.base, b.csrf);
    let r = b.client.post(url).multipart(form).send().await.expect("post");
    (r.status(), r.text().await.unwrap_or_default())
}

crate::both!(
    async fn planners_report_their_year_and_the_roll_up_follows(app: TestApp) {
        let r = regions::by_code(&app.db, "99.01").await.expect("region");
        let periods = monitoring::periods(&app.db, r.id).await.expect("periods");
        let (p2025, p2026) = (
            periods.iter().find(|p| p.year == 2025).expect("2025"),
            periods.iter().find(|p| p.year == 2026).expect("2026"),
        );
        assert!(p2025.locked && !p2026.locked);
        let dinkes = opds::list(&app.db, r.id)
            .await
            .expect("opds")
            .into_iter()
            .find(|o| o.short_name == "Dinkes")
            .expect("Dinkes");
        let all = programmes::list(&app.db, r.id).await.expect("programmes");
        let mine = all
            .iter()
            .find(|p| {
                p.programme.opd_id == dinkes.id
                    && p.programme.start_year <= 2026
                    && p.programme.end_year >= 2026
                    && p.kpis.iter().any(|k| k.target(2026).is_some())
            })
            .expect("a Dinkes programme running in 2026 with a KPI target");
        let theirs = all.iter().find(|p| p.programme.opd_id != dinkes.id).expect("another OPD's programme");

        let planner = app.login("perencana.dinkes").await;
        let (s, html) = planner.get("/regions/99.01/monitoring/my").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains(&mine.programme.name) && !html.contains(&format!(">{}<", theirs.programme.name)));
        assert!(html.contains("belum diisi"), "the in-app reminder");
        let (s, _) = planner
            .get(&format!("/regions/99.01/monitoring/periods/{}/programmes/{}", p2026.id, theirs.programme.id))
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "only their own OPD's programmes");
        let (s, _) = planner.get("/regions/99.01/monitoring/periods").await;
        assert_eq!(s, StatusCode::FORBIDDEN, "periods are the region manager's");

        // Bad input: every error shown, nothing saved.
        let kpi = mine.kpis.iter().find(|k| k.target(2026).is_some()).expect("kpi");
        let field = format!("actual.{}", kpi.kpi.id);
        let (s, html) = report(
            &planner,
            p2026.id,
            mine.programme.id,
            &[("status", "maybe"), ("budget_realised", "-5"), (&field, "banyak")],
        )
        .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("banyak") && html.matches("error-message").count() >= 3, "{html}");
        let saved = monitoring::reports(&app.db, &[p2026.id]).await.expect("reports");
        assert!(!saved.contains_key(&(p2026.id, mine.programme.id)), "nothing saved");

        let before = monitoring::rollup(&app.db, r.id, 2026).await.expect("rollup");
        let target = kpi.target(2026).expect("target").replace('.', ",");
        let (s, _) = report(
            &planner,
            p2026.id,
            mine.programme.id,
            &[
                ("status", "on_track"),
                ("budget_realised", "1.500.000"),
                (&field, &target),
                ("narrative", "Sesuai rencana."),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let after = monitoring::rollup(&app.db, r.id, 2026).await.expect("rollup");
        let state = after.programmes.iter().find(|p| p.id == mine.programme.id).expect("state");
        assert_eq!(state.budget_realised, 1_500_000);
        assert_eq!(state.kpis.iter().find(|k| k.name == kpi.kpi.name).expect("kpi").rag, Rag::Green);
        assert!(state.progress_bp.expect("progress") > 0);
        let dim = mine.programme.element_code.split('-').next().expect("dimension");
        assert!(after.dimensions[dim] > before.dimensions.get(dim).copied().unwrap_or(0), "the dimension moved");
        assert!(after.region > before.region, "the region moved");
        let (s, html) = planner.get("/regions/99.01/monitoring?year=2026").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("Hijau") && html.contains("Rp 1.500.000"));
        // The same roll-up is public: no account needed.
        let citizen = app.anonymous();
        let (s, html) = citizen.get("/publik/99.01/pemantauan?year=2026").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("region-progress") && html.contains("Hijau") && !html.contains("/monitoring/periods"));
        assert_eq!(citizen.get("/publik/00.00/pemantauan").await.0, StatusCode::NOT_FOUND);

        // A locked period is read-only until the manager reopens it.
        let last2025 = all
            .iter()
            .find(|p| p.programme.opd_id == dinkes.id && p.programme.start_year <= 2025)
            .expect("2025 programme");
        let (s, html) = report(&planner, p2025.id, last2025.programme.id, &[("status", "done")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("sudah dikunci"));
        let admin = app.login("admin.sukamaju").await;
        let (s, _) =
            admin.post(&format!("/regions/99.01/monitoring/periods/{}/lock", p2025.id), &[("locked", "0")]).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (s, _) = report(&planner, p2025.id, last2025.programme.id, &[("status", "done")]).await;
        assert_eq!(s, StatusCode::SEE_OTHER);

        // Periods: a duplicate year and a missing date are refused with messages.
        let (s, html) = admin
            .post("/regions/99.01/monitoring/periods", &[("year", "2026"), ("quarter", ""), ("due_date", "")])
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("error-message"));
        let (s, _) = admin
            .post("/regions/99.01/monitoring/periods", &[("year", "2026"), ("quarter", ""), ("due_date", "2027-01-31")])
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "2026 already has a yearly period");
        let (s, _) = admin
            .post(
                "/regions/99.01/monitoring/periods",
                &[("year", "2027"), ("quarter", "1"), ("due_date", "2027-04-15")],
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        // Another region's period is not found from this region.
        let other = regions::by_code(&app.db, "99.72").await.expect("other");
        let theirs_period = monitoring::add_period(
            &app.db,
            &kotacerdas_store::Actor::system("t"),
            other.id,
            &kotacerdas_domain::monitoring::PeriodInput {
                year: "2025".into(),
                quarter: String::new(),
                due_date: "2026-01-31".into(),
            },
        )
        .await
        .expect("period");
        let (s, _) = admin
            .get(&format!("/regions/99.01/monitoring/periods/{}/programmes/{}", theirs_period.id, mine.programme.id))
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }
);

crate::both!(
    async fn editing_a_programme_keeps_its_reported_kpi_actuals(app: TestApp) {
        // KPIs keep their ids across an edit: the actuals of the reports stay with them.
        let r = regions::by_code(&app.db, "99.01").await.expect("region");
        let periods = monitoring::periods(&app.db, r.id).await.expect("periods");
        let ids: Vec<i64> = periods.iter().map(|p| p.id).collect();
        let before = monitoring::reports(&app.db, &ids).await.expect("reports");
        let ((period, pid), rep) =
            before.iter().find(|(_, rep)| !rep.actuals.is_empty()).expect("a demo report with KPI actuals");
        let p = programmes::get(&app.db, r.id, *pid).await.expect("programme");
        let mut input = kotacerdas_domain::programme_input::ProgrammeInput::from(&p);
        input.description.push_str(" (diperbarui)");
        // The KPIs reordered: each keeps its own actuals, matched by name.
        input.kpis.reverse();
        let actor = kotacerdas_store::Actor::user(1, "program");
        programmes::save(&app.db, &actor, r.id, Some(*pid), &input).await.expect("edit");
        let after = monitoring::reports(&app.db, &ids).await.expect("reports");
        assert_eq!(after[&(*period, *pid)].actuals, rep.actuals, "the reported actuals survive the edit");
        let kpis_after = programmes::get(&app.db, r.id, *pid).await.expect("programme").kpis;
        let ids_before: std::collections::BTreeSet<i64> = p.kpis.iter().map(|k| k.kpi.id).collect();
        let ids_after: std::collections::BTreeSet<i64> = kpis_after.iter().map(|k| k.kpi.id).collect();
        assert_eq!(ids_before, ids_after);
        // And the report page still shows them.
        let planner = app.login("admin.sukamaju").await;
        let (s, _) = planner.get(&format!("/regions/99.01/monitoring/periods/{period}/programmes/{pid}")).await;
        assert_eq!(s, StatusCode::OK);
    }
);
