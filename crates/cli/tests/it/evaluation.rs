//! The yearly evaluation: roles (evaluators only their regions, the region its self-assessment,
//! the programme office the rubric), the Outcome and Impact suggestions computed from programme
//! statuses and the survey beside the evaluator's scores (a departing score needs a reason), the
//! index from the round's weights, final or provisional with its formula, survey tallies, closed
//! rounds, the letter and the API.

use crate::harness;

use kotacerdas_domain::evaluation::{index, score_from_bp, score_text, share_bp, Basis, Part, PartScore};
use kotacerdas_domain::format::hundredths;
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

        // Outcome is suggested: the share of programmes executed in 2025, as a 0–5 score.
        let roll = monitoring::rollup(&app.db, r.id, 2025).await.expect("rollup");
        let (done, due) = roll.executed.values().fold((0, 0), |(a, b), (x, y)| (a + x, b + y));
        let before = summary(&app, 2025).await;
        let outcome = before.parts.iter().find(|p| p.part == Part::Outcome).expect("outcome");
        assert_eq!(outcome.suggestion.map(|g| g.score), share_bp(done, due).map(score_from_bp));
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

        // The survey suggests Impact: 10 answers of 4 and 10 of 2 → 3,00; the score stays the
        // evaluator's (left empty above).
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
        assert_eq!((impact.suggestion.map(|g| g.score), impact.score), (Some(300), None));

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

/// The letter's words on one line each way (typst breaks lines anywhere in a paragraph).
async fn letter_words(b: &harness::Browser, year: i32) -> String {
    let resp =
        b.client.get(format!("{}/regions/99.01/evaluations/{year}/letter.pdf", b.base)).send().await.expect("letter");
    assert_eq!(resp.status(), StatusCode::OK);
    let dir = harness::temp_dir("letter");
    let file = dir.join("letter.pdf");
    std::fs::write(&file, resp.bytes().await.expect("bytes")).expect("write");
    let out = Command::new("pdftotext").args([file.to_str().expect("path"), "-"]).output().expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

crate::both!(
    async fn the_evaluator_scores_every_part_beside_the_suggestions_and_the_index_says_if_it_is_final(app: TestApp) {
        let evaluator = app.login("penilai").await;
        let api = app.api(&app.token("penilai").await);
        let url = "/regions/99.01/evaluations/2025";
        let first = summary(&app, 2025).await;
        let suggestion = |s: &evaluation::Summary, part: Part| {
            s.parts.iter().find(|p| p.part == part).and_then(|p| p.suggestion).expect("a suggestion")
        };
        let (outcome, impact) = (suggestion(&first, Part::Outcome), suggestion(&first, Part::Impact));
        let Basis::Executed { done, due, share_bp } = outcome.basis else { panic!("outcome from programmes") };
        assert_eq!(outcome.score, score_from_bp(share_bp));

        // The form shows each suggestion with its arithmetic beside the score input.
        let (s, html) = evaluator.get(url).await;
        assert_eq!(s, StatusCode::OK);
        let arithmetic = format!(
            "Saran: {} = {} % × 5 ({done} dari {due} program terlaksana)",
            score_text(outcome.score, "id"),
            hundredths(share_bp, "id")
        );
        assert!(html.contains(&arithmetic), "{arithmetic}");
        assert!(html.contains("name=\"score.outcome\"") && html.contains("name=\"reason.outcome\""));
        assert!(html.contains("id=\"suggestion-impact\""));

        // A score more than 0,50 from the suggestion needs a reason; within it, none.
        let away = score_text(if outcome.score >= 150 { outcome.score - 150 } else { outcome.score + 150 }, "id");
        let (s, html) = evaluator
            .post(
                &format!("{url}/scores"),
                &[("score.baseline", "4"), ("score.output", "3"), ("score.outcome", &away), ("score.quick_win", "3")],
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("berbeda lebih dari 0,50 dari saran"));
        assert_eq!(summary(&app, 2025).await.index, first.index, "nothing saved");
        let reason = "Program terlaksana tetapi layanan belum terpakai warga";
        let partial = [
            ("score.baseline", "4"),
            ("score.output", "3"),
            ("score.outcome", away.as_str()),
            ("reason.outcome", reason),
            ("score.impact", ""),
            ("score.quick_win", "3"),
        ];
        let (s, _) = evaluator.post(&format!("{url}/scores"), &partial).await;
        assert_eq!(s, StatusCode::SEE_OTHER);

        // Impact unscored: the index is provisional, Impact is named, the formula shows the
        // parts that were scored.
        let p = summary(&app, 2025).await;
        assert!(p.status.provisional() && !p.evaluation.index_final);
        assert_eq!(p.status.missing, vec![Part::Impact]);
        let o = p.parts.iter().find(|x| x.part == Part::Outcome).expect("outcome");
        assert_eq!((o.departs, o.reason.as_str()), (true, reason));
        let formula = p.status.formula("id").expect("formula");
        assert!(formula.starts_with("(10 × 4,00 + 20 × 3,00 + 30 × ") && formula.contains(") ÷ 70 = "), "{formula}");
        let (_, html) = evaluator.get(url).await;
        assert!(html.contains("id=\"index-provisional\"") && !html.contains("id=\"index-final\""));
        assert!(html.contains(&format!("komponen {} belum dinilai", Part::Impact.label("id"))));
        assert!(html.contains(&formula) && html.contains(reason));
        let words = letter_words(&evaluator, 2025).await;
        assert!(words.contains("(sementara)") && words.contains(&formula) && words.contains(reason), "{words}");
        let (_, list) = api.get("/api/v1/regions/99.01/evaluations").await;
        let e = list.as_array().expect("list").iter().find(|e| e["year"] == 2025).cloned().expect("2025");
        assert_eq!(
            (e["provisional"].as_bool(), e["missing_parts"].clone()),
            (Some(true), serde_json::json!(["impact"]))
        );
        let parts = e["parts"].as_array().expect("parts");
        let api_outcome = parts.iter().find(|x| x["part"] == "outcome").expect("outcome");
        assert_eq!(api_outcome["suggestion"]["score"].as_f64(), Some(outcome.score as f64 / 100.0));
        assert_eq!(api_outcome["suggestion"]["executed"].as_u64(), Some(done as u64));
        assert_eq!((api_outcome["reason"].as_str(), api_outcome["departs"].as_bool()), (Some(reason), Some(true)));
        let api_impact = parts.iter().find(|x| x["part"] == "impact").expect("impact");
        assert_eq!(api_impact["suggestion"]["answers"].as_u64().map(|n| n > 0), Some(true));
        assert!(api_impact["score"].is_null());
        let (_, round) = evaluator.get("/evaluations/2025").await;
        assert!(round.contains("Sementara"), "the round's list marks the provisional index");

        // Every weighted part scored: final; the published figure is the formula's, two decimals.
        // (Impact at its suggestion, so no reason is needed there.)
        let impact_score = score_text(impact.score, "id");
        let mut all = partial.to_vec();
        all[4] = ("score.impact", impact_score.as_str());
        let (s, _) = evaluator.post(&format!("{url}/scores"), &all).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let f = summary(&app, 2025).await;
        assert!(!f.status.provisional() && f.evaluation.index_final);
        assert_eq!(f.evaluation.index_score, f.index);
        let formula = f.status.formula("id").expect("formula");
        let ix = score_text(f.index.expect("index"), "id");
        assert!(formula.contains(") ÷ 100 = ") && formula.ends_with(&ix), "{formula}");
        let (_, html) = evaluator.get(url).await;
        assert!(html.contains("id=\"index-final\"") && html.contains(&formula));
        let words = letter_words(&evaluator, 2025).await;
        assert!(!words.contains("sementara") && words.contains(&formula), "{words}");
        let (_, list) = api.get("/api/v1/regions/99.01/evaluations").await;
        let e = list.as_array().expect("list").iter().find(|e| e["year"] == 2025).cloned().expect("2025");
        assert_eq!(e["provisional"].as_bool(), Some(false));
        assert_eq!(e["index"].as_f64(), f.index.map(|v| v as f64 / 100.0));
        assert!(e["formula"].as_str().expect("formula").contains(" ÷ 100 = "));
    }
);
