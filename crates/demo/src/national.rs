//! A synthetic nation for benchmarks and for trying the national dashboard at real size:
//! the 38 provinces and 514 kabupaten/kota of the official list (real codes and names, made-up
//! data), 40 OPDs and 300 programmes each over ten years (yearly
//! targets and budgets, a KPI with yearly targets), readiness scores, stage progress, a year of
//! realisation (2025 reports with KPI actuals) and two evaluation rounds. Every plan counts as
//! approved by its council (one book version in status `approved`), so the whole nation is
//! open data (`/api/v1/national/programmes.csv` and the catalog).
//!
//! Rows are written in multi-row INSERTs with ids assigned here (the database must hold no
//! region yet), so a nation loads in well under a minute; no audit rows are written for it.

use kotacerdas_domain::account::{AssignmentInput, UserInput};
use kotacerdas_domain::framework::{DIMENSIONS, PILLARS};
use kotacerdas_store::accounts::users;
use kotacerdas_store::entity::{
    book_version, cohort, evaluation, evaluation_round, kpi_actual, opd, programme, programme_budget, programme_kpi,
    programme_kpi_target, programme_report, programme_year, readiness_score, region, reporting_period, stage,
};
use kotacerdas_store::{Actor, Result, StoreError};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    TransactionTrait,
};

pub const PROVINCES: usize = 38;
pub const KABKOTA: usize = 514;
pub const OPDS: usize = 40;
pub const PROGRAMMES: usize = 300;
const FIRST_YEAR: i32 = 2025;

/// Deterministic pseudo-random numbers (a 64-bit LCG), so every run builds the same nation.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// Insert rows in chunks small enough for SQLite's bound-variable limit.
async fn bulk<C, A>(db: &C, rows: Vec<A>) -> Result<()>
where
    C: ConnectionTrait,
    A: ActiveModelTrait + Send,
    <A::Entity as EntityTrait>::Model: sea_orm::IntoActiveModel<A>,
{
    let mut it = rows.into_iter().peekable();
    while it.peek().is_some() {
        let chunk: Vec<A> = it.by_ref().take(1_000).collect();
        <A::Entity as EntityTrait>::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

/// What was created, for the command's report.
#[derive(Debug, Default)]
pub struct Counts {
    pub regions: usize,
    pub opds: usize,
    pub programmes: usize,
    pub budgets: usize,
    pub kpi_targets: usize,
    pub reports: usize,
    pub rkpd_items: usize,
}

/// The first year's adopted RKPD of every eighth region (the bench region 11.01 among them):
/// two thirds of its programmes due that year funded by code, a third of those only partly,
/// the rest absent, and 1,000 sub-activities of other work — the size of a kabupaten's RKPD.
async fn rkpd<C: ConnectionTrait>(
    db: &C,
    regions: &[(i64, String, String, &str, String)],
    due: &std::collections::HashMap<i64, Vec<(usize, i64)>>,
    rng: &mut Rng,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize> {
    use kotacerdas_store::entity::{rkpd_import, rkpd_item};
    let mut imports = Vec::new();
    let mut items = Vec::new();
    let mut item_id = 0i64;
    for (n, (rid, code, ..)) in regions.iter().enumerate() {
        if n % 8 != 0 && code != "11.01" {
            continue;
        }
        let mut total = 0i64;
        let mut count = 0;
        let mut push = |code: String, name: String, pagu: i64| {
            item_id += 1;
            count += 1;
            total += pagu;
            items.push(rkpd_item::ActiveModel {
                id: Set(item_id),
                import_id: Set(*rid),
                region_id: Set(*rid),
                row: Set(count + 6),
                code: Set(code),
                name: Set(name),
                opd_name: Set("Diskominfo".into()),
                indicator: Set("Capaian layanan".into()),
                target: Set("50 %".into()),
                pagu: Set(pagu),
            });
        };
        for (i, amount) in due.get(rid).map(Vec::as_slice).unwrap_or_default() {
            match rng.next(3) {
                0 => {}
                1 => push(format!("2.16.03.2.02.{:04}", i + 1), format!("Sub kegiatan program {}", i + 1), amount / 2),
                _ => push(format!("2.16.03.2.02.{:04}", i + 1), format!("Sub kegiatan program {}", i + 1), *amount),
            }
        }
        for k in 0..1_000 {
            let name = if k % 50 == 0 {
                "Pengembangan aplikasi layanan digital"
            } else {
                "Pembangunan dan pemeliharaan sarana"
            };
            push(format!("1.03.10.2.01.{:04}", k + 1), format!("{name} {k}"), (10 + rng.next(900) as i64) * 1_000_000);
        }
        imports.push(rkpd_import::ActiveModel {
            id: Set(*rid),
            region_id: Set(*rid),
            year: Set(FIRST_YEAR),
            revision: Set(1),
            label: Set(format!("RKPD {FIRST_YEAR}")),
            file_name: Set("rkpd-sintesis.csv".into()),
            items: Set(count),
            subtotal_rows: Set(0),
            total_pagu: Set(total),
            imported_by: Set(None),
            imported_at: Set(now),
        });
    }
    let n = items.len();
    bulk(db, imports).await?;
    bulk(db, items).await?;
    Ok(n)
}

const OPD_NAMES: [&str; 10] =
    ["Bappeda", "Diskominfo", "Dinkes", "Disdik", "Dishub", "DLH", "Disdukcapil", "BPKAD", "Dinsos", "DPMPTSP"];

/// The size of a synthetic nation.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub provinces: usize,
    pub kabkota: usize,
    pub opds: usize,
    pub programmes: usize,
}

/// Indonesia: 38 provinces, 514 kabupaten/kota.
pub const NATION: Size = Size { provinces: PROVINCES, kabkota: KABKOTA, opds: OPDS, programmes: PROGRAMMES };

pub async fn load(db: &DatabaseConnection) -> Result<Counts> {
    load_sized(db, NATION).await
}

/// A nation of the given size (tests use a small one).
pub async fn load_sized(db: &DatabaseConnection, size: Size) -> Result<Counts> {
    let Size { provinces, kabkota, opds: opds_per_region, programmes: programmes_per_region } = size;
    if region::Entity::find().count(db).await? > 0 {
        return Err(StoreError::Config("the national data set needs a database without regions".into()));
    }
    let sys = Actor::system("demo --national");
    // One account to look at it with: the programme office.
    let u = users::create(
        db,
        &sys,
        &UserInput {
            username: "program".into(),
            display_name: "Direktorat Tata Kelola (nasional)".into(),
            email: "program@contoh.go.id".into(),
            password: crate::PASSWORD.into(),
        },
    )
    .await?;
    users::add_assignment(db, &sys, u.id, &AssignmentInput { role: "programme_admin".into(), ..Default::default() })
        .await?;

    let mut rng = Rng(20_251_123);
    let mut c = Counts::default();
    let now = chrono::Utc::now();
    let txn = db.begin().await?;
    let cohorts: Vec<cohort::ActiveModel> = (0..8)
        .map(|i| cohort::ActiveModel {
            id: Set(i + 1),
            year: Set(2017 + i as i32),
            name: Set(format!("Angkatan {}", 2017 + i)),
            notes: Set(None),
            track: Set("regular".into()),
            quota: Set(None),
        })
        .collect();
    bulk(&txn, cohorts).await?;

    // Regions: each province of the official list followed by its kabupaten/kota, with their
    // real codes, names and kinds (at full size every one of them; a smaller nation takes the
    // first provinces and each one's first kabupaten/kota, as many as it has at most).
    let mut regions = Vec::new();
    let mut id = 0i64;
    let provinces = provinces.min(kotacerdas_areas::provinces().len());
    let chosen = &kotacerdas_areas::provinces()[..provinces];
    let all = chosen.iter().map(|p| kotacerdas_areas::regencies_of(p.code).len()).sum::<usize>();
    for (p, province) in chosen.iter().enumerate() {
        let share = if kabkota >= all {
            usize::MAX
        } else {
            kabkota / provinces.max(1) + usize::from(p < kabkota % provinces.max(1))
        };
        id += 1;
        regions.push((
            id,
            province.code.to_string(),
            format!("Provinsi {}", province.name),
            "provinsi",
            province.name.to_string(),
        ));
        for r in kotacerdas_areas::regencies_of(province.code).iter().take(share) {
            id += 1;
            regions.push((id, r.code.to_string(), r.name.to_string(), r.kind().as_str(), province.name.to_string()));
        }
    }
    let populations: Vec<i64> = regions
        .iter()
        .map(|r| match r.3 {
            "provinsi" => 1_500_000 + rng.next(20_000_000) as i64,
            _ => match rng.next(10) {
                0 => 1_000_001 + rng.next(2_500_000) as i64,
                1..=3 => 500_001 + rng.next(500_000) as i64,
                4..=8 => 100_001 + rng.next(400_000) as i64,
                _ => 30_000 + rng.next(70_000) as i64,
            },
        })
        .collect();
    bulk(
        &txn,
        regions
            .iter()
            .zip(&populations)
            .map(|((id, code, name, kind, province), pop)| region::ActiveModel {
                id: Set(*id),
                code: Set(code.clone()),
                name: Set(name.clone()),
                kind: Set(kind.to_string()),
                province: Set(province.clone()),
                population: Set(*pop),
                cohort_id: Set(Some((*id % 8) + 1)),
                created_at: Set(now),
                logo_file_id: Set(None),
                edition: Set(1),
                time_zone: Set(kotacerdas_domain::region::TimeZone::for_code(code).as_str().to_string()),
                has_masterplan: Set(false),
            })
            .collect(),
    )
    .await?;
    c.regions = regions.len();

    let mut stages = Vec::new();
    let mut scores = Vec::new();
    let mut opds = Vec::new();
    for (rid, ..) in &regions {
        let done = rng.next(5) as i32; // stages approved
        for n in 1..=4 {
            let status = if n <= done {
                "approved"
            } else if n == done + 1 {
                "in_progress"
            } else {
                "not_started"
            };
            stages.push(stage::ActiveModel {
                region_id: Set(*rid),
                number: Set(n),
                status: Set(status.into()),
                ..Default::default()
            });
        }
        for pillar in PILLARS.iter() {
            for item in pillar.items.iter() {
                for d in DIMENSIONS.iter() {
                    scores.push(readiness_score::ActiveModel {
                        region_id: Set(*rid),
                        item_code: Set(item.code.into()),
                        dimension_code: Set(d.named.code.into()),
                        score: Set(1 + rng.next(5) as i32),
                        note: Set(None),
                        evidence_url: Set(None),
                        evidence_file_id: Set(None),
                        updated_at: Set(now),
                        updated_by: Set(None),
                        ..Default::default()
                    });
                }
            }
        }
        for o in 0..opds_per_region {
            let base = OPD_NAMES[o % OPD_NAMES.len()];
            let short =
                if o < OPD_NAMES.len() { base.to_string() } else { format!("{base}-{}", o / OPD_NAMES.len() + 1) };
            opds.push(opd::ActiveModel {
                id: Set((*rid - 1) * opds_per_region as i64 + o as i64 + 1),
                region_id: Set(*rid),
                name: Set(format!("Perangkat Daerah {short}")),
                short_name: Set(short),
                code: Set(None),
            });
        }
    }
    c.opds = opds.len();
    bulk(&txn, stages).await?;
    bulk(&txn, scores).await?;
    bulk(&txn, opds).await?;

    // Programmes, yearly targets and budgets, one KPI with yearly targets; 2025 reports.
    let elements: Vec<&str> = DIMENSIONS.iter().flat_map(|d| d.elements.iter().map(|e| e.code)).collect();
    let (mut programmes, mut years, mut budgets, mut kpis, mut targets) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut periods, mut reports, mut actuals) = (Vec::new(), Vec::new(), Vec::new());
    let mut pid = 0i64;
    // Programmes with money in the first year, per region: (index, APBD rupiah).
    let mut due_first: std::collections::HashMap<i64, Vec<(usize, i64)>> = std::collections::HashMap::new();
    for (rid, ..) in &regions {
        periods.push(reporting_period::ActiveModel {
            id: Set(*rid),
            region_id: Set(*rid),
            year: Set(FIRST_YEAR),
            quarter: Set(0),
            due_date: Set(chrono::NaiveDate::from_ymd_opt(FIRST_YEAR + 1, 1, 31).unwrap_or_default()),
            locked: Set(false),
            created_at: Set(now),
        });
        for i in 0..programmes_per_region {
            pid += 1;
            let start = FIRST_YEAR + rng.next(8) as i32;
            let end = (start + rng.next(5) as i32).min(FIRST_YEAR + 9);
            let horizon = match end - start {
                0 => "quick_win",
                1..=2 => "short",
                3..=4 => "medium",
                _ => "long",
            };
            programmes.push(programme::ActiveModel {
                id: Set(pid),
                region_id: Set(*rid),
                opd_id: Set((*rid - 1) * opds_per_region as i64 + (i % opds_per_region) as i64 + 1),
                element_code: Set(elements[i % elements.len()].into()),
                name: Set(format!("Program sintesis {} nomor {}", elements[i % elements.len()], i + 1)),
                brand_name: Set(None),
                description: Set("Program data sintesis untuk uji skala nasional.".into()),
                horizon: Set(horizon.into()),
                start_year: Set(start),
                end_year: Set(end),
                output: Set(None),
                outcome: Set(None),
                updated_at: Set(now),
                // A sub-activity code of its own, so the yearly RKPD below matches by code.
                gov_code: Set(Some(format!("2.16.03.2.02.{:04}", i + 1))),
            });
            kpis.push(programme_kpi::ActiveModel {
                id: Set(pid),
                programme_id: Set(pid),
                position: Set(0),
                name: Set("Capaian layanan".into()),
                unit: Set("%".into()),
                baseline: Set(Some("20".into())),
                baseline_year: Set(Some(FIRST_YEAR - 1)),
                direction: Set("up".into()),
            });
            for (k, y) in (start..=end).enumerate() {
                let target = 30 + 10 * k as i64;
                years.push(programme_year::ActiveModel {
                    programme_id: Set(pid),
                    year: Set(y),
                    target: Set(format!("{target} % layanan")),
                    ..Default::default()
                });
                targets.push(programme_kpi_target::ActiveModel {
                    kpi_id: Set(pid),
                    year: Set(y),
                    value: Set(target.to_string()),
                    ..Default::default()
                });
                let amount = (50 + rng.next(2_000) as i64) * 1_000_000;
                if y == FIRST_YEAR {
                    due_first.entry(*rid).or_default().push((i, amount));
                }
                budgets.push(programme_budget::ActiveModel {
                    programme_id: Set(pid),
                    year: Set(y),
                    source: Set("apbd".into()),
                    amount: Set(amount),
                    ..Default::default()
                });
                if rng.next(4) == 0 {
                    budgets.push(programme_budget::ActiveModel {
                        programme_id: Set(pid),
                        year: Set(y),
                        source: Set("apbn_dak".into()),
                        amount: Set(amount / 2),
                        ..Default::default()
                    });
                }
                if y == FIRST_YEAR {
                    let status = ["not_started", "on_track", "on_track", "on_track", "at_risk", "late", "done"]
                        [rng.next(7) as usize];
                    reports.push(programme_report::ActiveModel {
                        id: Set(pid),
                        period_id: Set(*rid),
                        programme_id: Set(pid),
                        status: Set(status.into()),
                        budget_realised: Set(amount * (70 + rng.next(31) as i64) / 100),
                        narrative: Set(String::new()),
                        evidence_file_id: Set(None),
                        updated_by: Set(None),
                        updated_at: Set(now),
                    });
                    actuals.push(kpi_actual::ActiveModel {
                        report_id: Set(pid),
                        kpi_id: Set(pid),
                        value: Set((target * (60 + rng.next(50) as i64) / 100).to_string()),
                        ..Default::default()
                    });
                }
            }
        }
    }
    c.programmes = programmes.len();
    c.budgets = budgets.len();
    c.kpi_targets = targets.len();
    c.reports = reports.len();
    bulk(&txn, programmes).await?;
    bulk(&txn, years).await?;
    bulk(&txn, budgets).await?;
    bulk(&txn, kpis).await?;
    bulk(&txn, targets).await?;
    bulk(&txn, periods).await?;
    bulk(&txn, reports).await?;
    bulk(&txn, actuals).await?;
    c.rkpd_items = rkpd(&txn, &regions, &due_first, &mut rng, now).await?;

    // Two evaluation rounds with an index per region (the trend on the dashboard).
    for (i, year) in [2024, 2025].iter().enumerate() {
        evaluation_round::ActiveModel {
            id: Set(i as i64 + 1),
            year: Set(*year),
            title: Set(format!("Evaluasi Gerakan Menuju Smart City {year}")),
            closed: Set(i == 0),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let evals = regions
            .iter()
            .map(|(rid, ..)| evaluation::ActiveModel {
                round_id: Set(i as i64 + 1),
                region_id: Set(*rid),
                strengths: Set(String::new()),
                weaknesses: Set(String::new()),
                recommendations: Set(String::new()),
                index_score: Set(Some(150 + rng.next(300) as i64)),
                // The closed round is final; in the open one every fifth region awaits a part.
                index_final: Set(i == 0 || rid % 5 != 0),
                letter_file_id: Set(None),
                updated_at: Set(now),
                ..Default::default()
            })
            .collect();
        bulk(&txn, evals).await?;
    }
    // Each plan approved by its council: one version with a minimal snapshot and no files.
    let versions = regions
        .iter()
        .map(|(rid, _, name, ..)| {
            let snap = kotacerdas_domain::versions::Snapshot { region: name.clone(), ..Default::default() };
            let json = serde_json::to_string(&snap).map_err(|e| StoreError::Storage(e.to_string()))?;
            Ok(book_version::ActiveModel {
                id: Set(*rid),
                region_id: Set(*rid),
                number: Set(1),
                label: Set("Masterplan disetujui Dewan Smart City".into()),
                status: Set(kotacerdas_domain::versions::VersionStatus::Approved.as_str().into()),
                snapshot: Set(json),
                build_state: Set("done".into()),
                build_error: Set(None),
                pages: Set(None),
                source_file_id: Set(None),
                pdf_file_id: Set(None),
                docx_file_id: Set(None),
                pdf_en_file_id: Set(None),
                regulation_type: Set(None),
                regulation_number: Set(None),
                regulation_date: Set(None),
                scan_file_id: Set(None),
                edition: Set(1),
                created_by: Set(None),
                created_at: Set(now),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    bulk(&txn, versions).await?;
    // PostgreSQL's sequences do not see ids given explicitly; move them past the rows.
    if txn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        for t in [
            "cohorts",
            "regions",
            "opds",
            "programmes",
            "programme_kpis",
            "reporting_periods",
            "programme_reports",
            "evaluation_rounds",
            "book_versions",
            "rkpd_imports",
            "rkpd_items",
        ] {
            txn.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}))"
            ))
            .await?;
        }
    }
    txn.commit().await?;
    // Fresh statistics, so the query planner knows the tables' new sizes at once.
    db.execute_unprepared("ANALYZE").await?;
    Ok(c)
}
