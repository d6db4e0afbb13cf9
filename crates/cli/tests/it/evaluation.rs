//! The yearly evaluation: roles (evaluators only their regions, the region its self-assessment,
//! the programme office the rubric), the Outcome computed from programme statuses, the index
//! from the round's weights, survey tallies, closed rounds, the letter and the API.

use crate::harness;

use kotacerdas_domain::evaluation::{index, score_from_bp, share_bp, Part, PartScore};
use kotacerdas_store::{evaluation, monitoring, region::regions};
use reqwest::StatusCode;
use std::process::Command;

async fn summary(app: &harness::TestApp, year: i32) -> evaluation::Summary {
    let r = regions::by_code(&app.db, "99.01").await.expect("region");
    let round = evaluation::round(&app.db, year).await.expect("round");
    evaluation::summary(&app.db, &round, r.id).await.expect("summary")
}

fn recomputed(s: &evaluation::Summary) -> Option<i64> {
    index(&s.parts.iter().map(|p| PartScore { part: p.part, weight: p.weight, score: p.score }).collect::<Vec<_>>())
}

crate::both!(
    async fn evaluators_score_their_regions_and_the_index_follows_the_rubric(app: TestApp) {
        let r = regions::by_code(&app.db, "99.01").await.expect("region");
        let evaluator = app.login("penilai").await;
        let admin = app.login("admin.sukamaju").await;
        let planner = app.login("perencana.dinkes").await;
        let office = app.login("program").await;

        let (s, html) = evaluator.get("/regions/99.01/evaluations/2025").await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("evaluation-index") && html.contains("scores-save"));
        let (s, _) = evaluator.get("/regions/99.72/evaluations/2025").await;
        assert_eq!(s, StatusCode::NOT_FOUND, "an evaluator sees only the regions assigned to them");
        for who in [&admin, &planner] {
            let (s, _) = who.post("/regions/99.01/evaluations/2025/scores", &[("score.output", "5")]).await;
            assert_eq!(s, StatusCode::FORBIDDEN);
        }
        let form = reqwest::multipart::Form::new().text("score.output", "5");
        let resp = evaluator
            .client
            .post(format!("{}/regions/99.01/evaluations/2025/self?_csrf={}", evaluator.base, evaluator.csrf))
            .multipart(form)
            .send()
            .await
            .expect("post");
        assert_eq!(resp.status(), StatusCode::FORBIDDEN, "the self-assessment is the region's");

        // Outcome is computed: the share of programmes executed in 2025, as a 0–5 score.
        let roll = monitoring::rollup(&app.db, r.id, 2025).await.expect("rollup");
        let (done, due) = roll.executed.values().fold((0, 0), |(a, b), (x, y)| (a + x, b + y));
        let before = summary(&app, 2025).await;
        let outcome = before.parts.iter().find(|p| p.part == Part::Outcome).expect("outcome");
        assert_eq!(outcome.score, share_bp(done, due).map(score_from_bp));
        assert_eq!(before.index, recomputed(&before));

        // A bad score is refused with its message; nothing changes.
        let (s, html) = evaluator
            .post("/regions/99.01/evaluations/2025/scores", &[("score.output", "7"), ("strengths", "x")])
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("antara 0 dan 5"));
        assert_eq!(summary(&app, 2025).await.index, before.index);
        let (s, _) = evaluator
            .post(
                "/regions/99.01/evaluations/2025/scores",
                &[
                    ("score.baseline", "4"),
                    ("score.output", "4,5"),
                    ("score.quick_win", "2"),
                    ("recommendations", "Perluas QRIS."),
                ],
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let after = summary(&app, 2025).await;
        assert_eq!(after.parts.iter().find(|p| p.part == Part::Output).and_then(|p| p.score), Some(450));
        assert_eq!(after.index, recomputed(&after));
        assert_eq!(after.evaluation.index_score, after.index, "the stored index is current");

        // The survey decides Impact: 10 answers of 4 and 10 of 2 → 3,00.
        let q = &after.questions[0].0;
        let mut fields: Vec<(String, String)> = after
            .questions
            .iter()
            .flat_map(|(q, _)| (1..=5).map(move |l| (format!("n.{}.{l}", q.id), "0".to_string())))
            .collect();
        for (k, v) in fields.iter_mut() {
            if *k == format!("n.{}.4", q.id) || *k == format!("n.{}.2", q.id) {
                *v = "10".into();
            }
        }
        let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let (s, _) = admin.post("/regions/99.01/evaluations/2025/survey", &refs).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let with_survey = summary(&app, 2025).await;
        let impact = with_survey.parts.iter().find(|p| p.part == Part::Impact).expect("impact");
        assert_eq!((impact.score, impact.source), (Some(300), "survey"));

        // Weights are data: only the programme office edits them, and they must add up to 100.
        let (s, _) = admin.post("/evaluations/2025/config", &[("weight.impact", "20")]).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let weights = |impact: &'static str, qw: &'static str| {
            vec![
                ("weight.baseline", "10"),
                ("weight.output", "20"),
                ("weight.outcome", "30"),
                ("weight.impact", impact),
                ("weight.quick_win", qw),
                ("questions", "Satu\nDua"),
            ]
        };
        let (s, html) = office.post("/evaluations/2025/config", &weights("20", "10")).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("harus 100"));
        let (s, _) = office.post("/evaluations/2025/config", &weights("20", "20")).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let reweighted = summary(&app, 2025).await;
        assert_eq!(reweighted.parts.iter().find(|p| p.part == Part::QuickWin).map(|p| p.weight), Some(20));
        assert_eq!(reweighted.questions.len(), 2);
        assert_eq!(reweighted.index, recomputed(&reweighted));
        assert_ne!(reweighted.index, with_survey.index, "the new weights change the index");

        // A closed round is read-only.
        let (s, html) = evaluator.post("/regions/99.01/evaluations/2024/scores", &[("score.output", "4")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("sudah ditutup"));
        let (s, _) = planner.post("/evaluations", &[("year", "2026"), ("round_title", "Evaluasi 2026")]).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = office.post("/evaluations", &[("year", "2025"), ("round_title", "Lagi")]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "one round per year");

        // The letter and the API carry the same index.
        let text = reweighted.index.map(|v| kotacerdas_domain::evaluation::score_text(v, "id")).expect("index");
        let resp = evaluator
            .client
            .get(format!("{}/regions/99.01/evaluations/2025/letter.pdf", evaluator.base))
            .send()
            .await
            .expect("letter");
        assert_eq!(resp.headers()["content-type"], "application/pdf");
        let dir = harness::temp_dir("letter");
        let file = dir.join("letter.pdf");
        std::fs::write(&file, resp.bytes().await.expect("bytes")).expect("write");
        let out = Command::new("pdftotext").args([file.to_str().expect("path"), "-"]).output().expect("pdftotext");
        let words = String::from_utf8_lossy(&out.stdout);
        assert!(
            words.contains("Indeks capaian") && words.contains(&text) && words.contains("Perluas QRIS."),
            "{words}"
        );
        let api = app.api(&app.token("penilai").await);
        let (s, list) = api.get("/api/v1/regions/99.01/evaluations").await;
        assert_eq!(s, StatusCode::OK);
        let list = list.as_array().expect("list");
        assert_eq!(list.iter().map(|e| e["year"].as_i64().expect("year")).collect::<Vec<_>>(), vec![2024, 2025]);
        assert_eq!(list[1]["index"].as_f64(), reweighted.index.map(|v| v as f64 / 100.0));
        let (s, _) = api.get("/api/v1/regions/99.72/evaluations").await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }
);
