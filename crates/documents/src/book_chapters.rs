//! The data-heavy chapters of the book: BAB II strategic analysis, BAB IV programmes, BAB V
//! roadmap, and the annexes.

use crate::book_writer::{year_total, Writer};
use crate::content::{Block, Col, Row};
use crate::pdf::DocError;
use kotacerdas_charts::{Heatmap, Radar, Series, Trend};
use kotacerdas_domain::analysis::{self, indicator, AppStatus, RegulationKind, RegulationStatus, SwotKind};
use kotacerdas_domain::data_yardstick::Counts;
use kotacerdas_domain::format;
use kotacerdas_domain::framework::{element, DIMENSIONS, PILLARS};
use kotacerdas_domain::monitoring::percent_text;
use kotacerdas_domain::narrative::Section;
use kotacerdas_domain::programme::Horizon;
use kotacerdas_domain::readiness::{self, Score};
use kotacerdas_store::entity::region;
use kotacerdas_store::plan::programmes::Programme;
use kotacerdas_store::DatabaseConnection;
use kotacerdas_store::{
    analysis::data_uses, analysis::inventory, analysis::policies, analysis::problems, analysis::profile,
    analysis::swot, plan::programme_xlsx,
};
use std::collections::HashMap;

fn dimension_of(code: &str) -> &str {
    code.split('-').next().unwrap_or_default()
}

/// BAB II: profile, readiness (table, radar, heatmap), SWOT, problems, inventory.
pub(crate) async fn analysis(w: &mut Writer, db: &DatabaseConnection, r: &region::Model) -> Result<(), DocError> {
    let lang = w.lang.clone();
    w.heading(1, &w.t("doc-ch2"));
    w.narrative(Section::Analysis);
    w.heading(2, analysis::Section::Profile.label(&lang));
    let figures = profile::list(db, r.id).await?;
    let latest = |f: &&kotacerdas_store::entity::profile_figure::Model| {
        f.year == figures.iter().filter(|g| g.indicator == f.indicator).map(|g| g.year).max().unwrap_or(f.year)
    };
    let rows = figures
        .iter()
        .filter(latest)
        .map(|f| {
            let name = indicator(&f.indicator)
                .map(|i| if lang == "en" { i.name_en } else { i.name_id }.to_string())
                .or_else(|| f.label.clone())
                .unwrap_or_else(|| f.indicator.clone());
            let value = w.decimal_text(&f.value);
            vec![name, value, f.unit.clone(), f.year.to_string()]
        })
        .collect();
    w.table("(1fr, auto, auto, auto)", &["doc-col-indicator", "doc-col-value", "doc-col-unit", "doc-col-year"], rows);

    w.heading(2, &w.t("doc-readiness"));
    let scores = kotacerdas_store::analysis::readiness::list(db, r.id).await?;
    let ix = readiness::compute(
        &scores
            .iter()
            .map(|x| Score { item_code: &x.item_code, dimension_code: &x.dimension_code, score: x.score })
            .collect::<Vec<_>>(),
    );
    let dash = || "–".to_string();
    let mut rows = Vec::new();
    for (p, pillar) in PILLARS.iter().enumerate() {
        let mut row = vec![pillar.named.name(&lang).to_string()];
        row.extend(ix.cells[p].iter().map(|v| v.map(|v| w.decimal(v)).unwrap_or_else(dash)));
        row.push(ix.pillars[p].map(|v| w.decimal(v)).unwrap_or_else(dash));
        rows.push(row);
    }
    let mut header = vec![w.t("doc-col-pillar")];
    header.extend(DIMENSIONS.iter().map(|d| d.named.code.to_string()));
    header.push(w.t("doc-col-index"));
    w.table_text("(1fr, auto, auto, auto, auto, auto, auto, auto)", header, rows);
    let overall = ix.overall.map(|v| w.decimal(v)).unwrap_or_else(dash);
    let line = w.ta("doc-readiness-overall", &[("index", &overall)]);
    w.para(&line);
    let radar = Radar {
        title: &w.t("doc-radar-title"),
        axes: DIMENSIONS.iter().map(|d| d.named.name(&lang)).collect(),
        series: PILLARS
            .iter()
            .enumerate()
            .map(|(p, pillar)| Series { name: pillar.named.name(&lang), values: ix.cells[p].to_vec() })
            .collect(),
        max: 5.0,
    }
    .svg();
    let caption = w.t("doc-radar-caption");
    w.out.push(Block::Figure { svg: radar, caption, width_cm: 11.0 });
    let heat = Heatmap {
        title: &w.t("doc-heatmap-title"),
        rows: PILLARS.iter().map(|p| p.named.name(&lang)).collect(),
        columns: DIMENSIONS.iter().map(|d| d.named.code).collect(),
        values: ix.cells.iter().map(|r| r.to_vec()).collect(),
        min: 1.0,
        max: 5.0,
        decimal_comma: lang != "en",
    }
    .svg();
    let caption = w.t("doc-heatmap-caption");
    w.out.push(Block::Figure { svg: heat, caption, width_cm: 14.0 });

    w.heading(2, &w.t("doc-swot"));
    let items = swot::list(db, r.id).await?;
    for pillar in PILLARS.iter() {
        let mine: Vec<_> = items.iter().filter(|i| i.pillar_code == pillar.named.code).collect();
        if mine.is_empty() {
            continue;
        }
        let rows = SwotKind::ALL
            .iter()
            .filter_map(|k| {
                let texts: Vec<String> = mine.iter().filter(|i| i.kind == k.as_str()).map(|i| i.text.clone()).collect();
                (!texts.is_empty()).then(|| vec![k.label(&lang).to_string(), texts.join("; ")])
            })
            .collect();
        let header = vec![w.ta("doc-swot-pillar", &[("pillar", pillar.named.name(&lang))]), w.t("doc-col-findings")];
        w.table_text("(auto, 1fr)", header, rows);
    }

    w.heading(2, &w.t("doc-problems"));
    let list = problems::list(db, r.id).await?;
    let rows = list
        .iter()
        .filter(|p| p.kind == "problem")
        .map(|p| {
            let el = element(&p.element_code).map(|e| e.name(&lang)).unwrap_or_default();
            vec![
                format!("{} {el}", p.element_code),
                p.title.clone(),
                p.evidence_figure.clone().unwrap_or_default(),
                p.severity.to_string(),
            ]
        })
        .collect();
    w.table(
        "(auto, 1fr, auto, auto)",
        &["doc-col-element", "doc-col-problem", "doc-col-evidence", "doc-col-severity"],
        rows,
    );

    w.heading(2, &w.t("doc-inventory"));
    inventory_yardstick(w, db, r.id).await?;
    Ok(())
}

/// BAB II's inventory: the programme judges a region by its real data, not by its number of
/// apps, so the table counts per dimension the data sets and how many are current,
/// authoritative (Satu Data Indonesia) and used by a programme or a decision; the apps are a
/// last, secondary column.
async fn inventory_yardstick(w: &mut Writer, db: &DatabaseConnection, region_id: i64) -> Result<(), DocError> {
    let lang = w.lang.clone();
    let apps = inventory::apps(db, region_id).await?;
    let f = data_uses::yardstick(db, region_id).await?;
    let cells = |w: &Writer, label: String, c: &Counts, apps: usize| {
        vec![
            label,
            w.number(i64::from(c.datasets)),
            w.number(i64::from(c.current)),
            w.number(i64::from(c.authoritative)),
            w.number(i64::from(c.used)),
            w.number(apps as i64),
        ]
    };
    let mut rows: Vec<Vec<String>> = f
        .by_dimension
        .iter()
        .filter(|(code, c)| !code.is_empty() || c.datasets > 0)
        .map(|(code, c)| {
            let label = match DIMENSIONS.iter().find(|d| d.named.code == code) {
                Some(d) => format!("{code} {}", d.named.name(&lang)),
                None => w.t("doc-yard-no-dimension"),
            };
            let in_dim = |e: &Option<String>| e.as_deref().map(dimension_of).unwrap_or_default() == code;
            cells(w, label, c, apps.iter().filter(|a| in_dim(&a.element_code)).count())
        })
        .collect();
    rows.push(cells(w, w.t("doc-col-total"), &f.total, apps.len()));
    w.table(
        "(1fr, auto, auto, auto, auto, auto)",
        &[
            "doc-col-dimension",
            "doc-col-datasets",
            "doc-yard-current",
            "doc-yard-authoritative",
            "doc-yard-used",
            "doc-col-apps",
        ],
        rows,
    );
    let t = f.total;
    let pct = |n: u32| t.share_bp(n).map(|bp| percent_text(bp, &lang)).unwrap_or_else(|| "–".into());
    let line = w.ta(
        "doc-yard-summary",
        &[
            ("datasets", &w.number(i64::from(t.datasets))),
            ("current", &pct(t.current)),
            ("authoritative", &pct(t.authoritative)),
            ("used", &pct(t.used)),
            ("real", &pct(t.real)),
        ],
    );
    w.para(&line);
    let rules = w.t("doc-yard-rules");
    w.para(&rules);
    let line = w.ta(
        "doc-inventory-summary",
        &[("apps", &w.number(apps.len() as i64)), ("datasets", &w.number(i64::from(t.datasets)))],
    );
    w.para(&line);
    Ok(())
}

/// BAB IV: programmes per dimension (with yearly targets), the budget matrix and its trend.
pub(crate) fn programmes(w: &mut Writer, all: &[Programme], opd_name: &HashMap<i64, String>, years: &[i32]) {
    let lang = w.lang.clone();
    w.heading(1, &w.t("doc-ch4"));
    w.narrative(Section::Programmes);
    for d in DIMENSIONS.iter() {
        let mine: Vec<&Programme> =
            all.iter().filter(|p| dimension_of(&p.programme.element_code) == d.named.code).collect();
        w.heading(2, &format!("{} · {}", d.named.code, d.named.name(&lang)));
        // The reach: programmes of another dimension serving this one are named, never costed here.
        let also: Vec<&Programme> = all.iter().filter(|p| p.further_dimensions().contains(&d.named.code)).collect();
        w.para(&kotacerdas_domain::reach::summary(&lang, mine.len(), also.len()));
        // The name (with its local brand) gets a full-width row so it is never broken across
        // cells; the KPIs follow as their own table below.
        let mut rows = Vec::new();
        for p in &mine {
            let x = &p.programme;
            rows.push(Row::Span(programme_name(x)));
            let further = p.further_dimensions();
            rows.push(Row::Cells(vec![
                if further.is_empty() {
                    x.element_code.clone()
                } else {
                    format!("{} (+{})", x.element_code, further.join(", "))
                },
                p.kpis.first().map(|k| format!("{} ({})", k.kpi.name, k.kpi.unit)).unwrap_or_else(|| "–".into()),
                opd_name.get(&x.opd_id).cloned().unwrap_or_default(),
                format!("{}–{}", x.start_year, x.end_year),
                w.money(p.total_budget()),
            ]));
        }
        let header = ["doc-col-element", "doc-col-kpi", "doc-col-opd", "doc-col-years", "doc-col-budget"];
        w.out.push(Block::Table {
            columns: Col::parse("(auto, 1fr, auto, auto, auto)"),
            header: header.iter().map(|key| w.t(key)).collect(),
            rows,
            small: false,
        });
        if !also.is_empty() {
            let names: Vec<String> = also
                .iter()
                .map(|p| format!("{} ({})", programme_name(&p.programme), p.programme.element_code))
                .collect();
            let line = w.ta("doc-reach-also", &[("programmes", &names.join("; "))]);
            w.para(&line);
        }
        kpi_targets(w, &mine, years);
    }
    reach_table(w, all);
    w.heading(2, &w.t("doc-budget-matrix"));
    let [(_, dims), ..] = programme_xlsx::matrices(all, opd_name, years);
    let rows: Vec<Vec<String>> = dims
        .rows
        .iter()
        .map(|(k, cells, total)| {
            let mut row = vec![k.clone()];
            row.extend(cells.iter().map(|v| w.number(*v / 1_000_000)));
            row.push(w.number(*total / 1_000_000));
            row
        })
        .collect();
    let mut header: Vec<String> = vec![w.t("doc-col-dimension-million")];
    header.extend(years.iter().map(|y| y.to_string()));
    header.push(w.t("doc-col-total"));
    w.out.push(Block::Table {
        columns: vec![Col::Auto; header.len()],
        header,
        rows: rows.into_iter().map(Row::Cells).collect(),
        small: true,
    });
    let line = w.ta("doc-budget-total", &[("total", &w.money(dims.total))]);
    w.para(&line);
    let points = years
        .iter()
        .map(|y| (*y, all.iter().map(|p| year_total(p, *y)).fold(0i64, |s, v| s.saturating_add(v)) as f64 / 1e9))
        .collect();
    let unit = w.t("doc-unit-billion-rupiah");
    let svg = Trend { title: &w.t("doc-trend-title"), points, decimal_comma: lang != "en", unit: &unit }.svg();
    let caption = w.t("doc-trend-caption");
    w.out.push(Block::Figure { svg, caption, width_cm: 13.0 });
}

/// The reach per dimension: programmes primary there, programmes of another dimension that also
/// serve it, and the budget — of the primary programmes only, so the column adds up to the plan.
fn reach_table(w: &mut Writer, all: &[Programme]) {
    let lang = w.lang.clone();
    w.heading(2, &w.t("doc-reach-title"));
    let counted: Vec<kotacerdas_domain::reach::Counted> = all
        .iter()
        .map(|p| kotacerdas_domain::reach::Counted {
            primary: &p.programme.element_code,
            further: &p.also_serves,
            budget: p.total_budget(),
        })
        .collect();
    let rows = kotacerdas_domain::reach::roll_up(&counted)
        .iter()
        .map(|r| {
            let name =
                kotacerdas_domain::framework::dimension(r.dimension).map(|d| d.named.name(&lang)).unwrap_or_default();
            vec![
                format!("{} · {name}", r.dimension),
                w.number(r.primary as i64),
                if r.also == 0 { "–".into() } else { format!("+{}", w.number(r.also as i64)) },
                w.money(r.budget),
            ]
        })
        .collect();
    w.table(
        "(1fr, auto, auto, auto)",
        &["doc-col-dimension", "doc-reach-col-primary", "doc-reach-col-also", "doc-reach-col-budget"],
        rows,
    );
    w.para(&w.t("doc-reach-note"));
}

/// A programme as the book names it: its official name, and its local brand after it when it
/// has one ("Layanan Kependudukan Daring — «Dukcapil Online»"), because regions and citizens
/// know flagships and Quick Wins by their brands.
pub fn programme_name(x: &kotacerdas_store::entity::programme::Model) -> String {
    x.named()
}

/// The KPIs of a dimension's programmes as one table: programme and KPI, unit, baseline, then one
/// column per year of the plan with the KPI's target (a dash where none is set). Programmes
/// without a KPI but with yearly text targets list those under the table.
fn kpi_targets(w: &mut Writer, mine: &[&Programme], years: &[i32]) {
    let with_kpis: Vec<&&Programme> = mine.iter().filter(|p| !p.kpis.is_empty()).collect();
    if !with_kpis.is_empty() {
        let mut header = vec![w.t("doc-col-kpi"), w.t("doc-col-unit"), w.t("doc-col-baseline")];
        header.extend(years.iter().map(|y| y.to_string()));
        let mut rows = Vec::new();
        for p in with_kpis {
            rows.push(Row::Span(programme_name(&p.programme)));
            for k in &p.kpis {
                let baseline = match (&k.kpi.baseline, k.kpi.baseline_year) {
                    (Some(b), Some(y)) => format!("{} ({y})", w.decimal_text(b)),
                    (Some(b), None) => w.decimal_text(b),
                    _ => "–".into(),
                };
                let mut row = vec![k.kpi.name.clone(), k.kpi.unit.clone(), baseline];
                row.extend(years.iter().map(|y| k.target(*y).map(|v| w.decimal_text(v)).unwrap_or_else(|| "–".into())));
                rows.push(Row::Cells(row));
            }
        }
        let mut columns = vec![Col::Fr, Col::Auto, Col::Auto];
        columns.extend(years.iter().map(|_| Col::Auto));
        w.out.push(Block::SubHeading(w.t("doc-kpi-targets")));
        w.out.push(Block::Table { columns, header, rows, small: true });
    }
    for p in mine.iter().filter(|p| p.kpis.is_empty() && !p.targets.is_empty()) {
        let mut targets: Vec<String> = p.targets.iter().map(|t| format!("{}: {}", t.year, t.target)).collect();
        targets.sort();
        let line =
            w.ta("doc-targets-of", &[("programme", &programme_name(&p.programme)), ("targets", &targets.join(" · "))]);
        w.para(&line);
    }
}

/// BAB V: programmes per horizon and the Gantt per dimension.
pub(crate) async fn roadmap(
    w: &mut Writer,
    db: &DatabaseConnection,
    region_id: i64,
    all: &[Programme],
) -> Result<(), DocError> {
    let lang = w.lang.clone();
    w.heading(1, &w.t("doc-ch5"));
    w.narrative(Section::Roadmap);
    let rows = Horizon::ALL
        .iter()
        .map(|h| {
            let n = all.iter().filter(|p| p.programme.horizon == h.as_str()).count();
            vec![h.label(&lang).to_string(), w.number(n as i64)]
        })
        .collect();
    w.table("(1fr, auto)", &["doc-col-horizon", "doc-col-programme-count"], rows);
    for (title, svg) in crate::roadmap::gantts(db, region_id, &lang).await? {
        let caption = w.ta("doc-gantt-caption", &[("dimension", &title)]);
        w.out.push(Block::Figure { svg, caption, width_cm: 16.5 });
    }
    Ok(())
}

/// Annexes: yearly budget per programme, the app and data inventories, the regulations.
pub(crate) async fn annexes(
    w: &mut Writer,
    db: &DatabaseConnection,
    region_id: i64,
    all: &[Programme],
    opd_name: &HashMap<i64, String>,
    years: &[i32],
) -> Result<(), DocError> {
    let lang = w.lang.clone();
    w.out.push(Block::Front(w.t("doc-annex-a")));
    let mut header = vec![w.t("doc-col-programme")];
    header.extend(years.iter().map(|y| y.to_string()));
    let rows = all
        .iter()
        .map(|p| {
            let mut row = vec![programme_name(&p.programme)];
            row.extend(years.iter().map(|y| match year_total(p, *y) {
                0 => "–".to_string(),
                v => w.number(v / 1_000_000),
            }));
            Row::Cells(row)
        })
        .collect();
    let mut columns = vec![Col::Fr];
    columns.extend(years.iter().map(|_| Col::Auto));
    w.out.push(Block::Table { columns, header, rows, small: true });

    w.out.push(Block::Front(w.t("doc-annex-b")));
    let rows = inventory::apps(db, region_id)
        .await?
        .iter()
        .map(|a| {
            vec![
                a.name.clone(),
                opd_name.get(&a.opd_id).cloned().unwrap_or_default(),
                a.element_code.clone().unwrap_or_default(),
                AppStatus::parse(&a.status).map(|s| s.label(&lang).to_string()).unwrap_or_else(|| a.status.clone()),
            ]
        })
        .collect();
    w.table("(1fr, auto, auto, auto)", &["doc-col-app", "doc-col-opd", "doc-col-element", "doc-col-status"], rows);

    w.out.push(Block::Front(w.t("doc-annex-c")));
    annex_datasets(w, db, region_id, opd_name).await?;

    w.out.push(Block::Front(w.t("doc-annex-d")));
    let rows = policies::regulations(db, region_id)
        .await?
        .iter()
        .map(|g| {
            let kind = RegulationKind::parse(&g.kind).map(|k| k.label(&lang).to_string()).unwrap_or_default();
            let status = RegulationStatus::parse(&g.status).map(|k| k.label(&lang).to_string()).unwrap_or_default();
            let number = w.ta("doc-regulation-number", &[("number", &g.number), ("year", &g.year.to_string())]);
            vec![format!("{kind} {number}"), g.title.clone(), status]
        })
        .collect();
    w.table("(auto, 1fr, auto)", &["doc-col-number", "doc-col-subject", "doc-col-status"], rows);
    Ok(())
}

/// Annex C: every data set with what makes it real data — topic, steward, frequency and last
/// update, whether it is official (Satu Data Indonesia) and open, and the programmes and
/// decisions that use it.
async fn annex_datasets(
    w: &mut Writer,
    db: &DatabaseConnection,
    region_id: i64,
    opd_name: &HashMap<i64, String>,
) -> Result<(), DocError> {
    let lang = w.lang.clone();
    let progs = data_uses::programme_uses(db, region_id).await?;
    let decisions = data_uses::decisions(db, region_id).await?;
    let rows = data_uses::facts(db, region_id)
        .await?
        .iter()
        .map(|(s, f)| {
            let opd = opd_name.get(&s.opd_id).cloned().unwrap_or_default();
            let keeper = match &s.steward {
                Some(st) => format!("{opd} · {st}"),
                None => opd,
            };
            let updated = s.last_updated.map(|d| format::date(d, &lang)).unwrap_or_else(|| "–".into());
            let official = w.t(if s.authoritative { "doc-yes" } else { "doc-no" });
            let access = w.t(if s.open { "doc-open" } else { "doc-closed" });
            let mut uses: Vec<String> =
                progs.iter().filter(|u| u.dataset_id == s.id).map(|u| u.programme.clone()).collect();
            uses.extend(
                decisions
                    .iter()
                    .filter(|d| d.dataset_id == s.id)
                    .map(|d| format!("{} ({})", d.description, format::date(d.decided_on, &lang))),
            );
            Row::Cells(vec![
                s.name.clone(),
                keeper,
                f.topic.label(&lang).to_string(),
                format!("{} · {updated}", f.frequency.label(&lang)),
                format!("{official} · {access}"),
                if uses.is_empty() { "–".into() } else { uses.join("; ") },
            ])
        })
        .collect();
    let header =
        ["doc-col-dataset", "doc-col-steward", "doc-col-topic", "doc-col-updated", "doc-col-official", "doc-col-uses"];
    w.out.push(Block::Table {
        // Equal shares: auto columns would take the width from the names and uses.
        columns: Col::parse("(1fr, 1fr, 1fr, 1fr, 1fr, 1fr)"),
        header: header.iter().map(|key| w.t(key)).collect(),
        rows,
        small: true,
    });
    Ok(())
}
