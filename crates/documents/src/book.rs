//! The masterplan book, generated from the region's data as typst markup: cover, contents,
//! BAB I–VII and the commitment sheet. Every value from the data enters as a typst string
//! literal ([`s`]), so no text typed by a user can become markup.

use crate::pdf::DocError;
use kotacerdas_charts::{Radar, Series};
use kotacerdas_domain::format::{rupiah, thousands};
use kotacerdas_domain::framework::{DIMENSIONS, PILLARS};
use kotacerdas_domain::programme::Horizon;
use kotacerdas_domain::readiness::{self, Score};
use kotacerdas_store::entity::region;
use kotacerdas_store::programmes::Programme;
use kotacerdas_store::DatabaseConnection;
use kotacerdas_store::{inventory, members, opds, plan, problems, profile, programme_xlsx, programmes, quickwins};
use std::collections::HashMap;

pub use crate::content::{Block, Book, Col, Row};

fn decimal(v: f64) -> String {
    format!("{v:.2}").replace('.', ",")
}

fn table(out: &mut Vec<Block>, columns: &str, header: &[&str], rows: &[Vec<String>]) {
    out.push(Block::Table {
        columns: Col::parse(columns),
        header: header.iter().map(|h| h.to_string()).collect(),
        rows: rows.iter().cloned().map(Row::Cells).collect(),
        small: false,
    });
}

fn para(out: &mut Vec<Block>, text: &str) {
    out.push(Block::Para(text.to_string()));
}

fn heading(out: &mut Vec<Block>, level: u8, text: &str) {
    out.push(Block::Heading(level, text.to_string()));
}

/// Gather the region's data and write the book (Indonesian edition).
pub async fn build(db: &DatabaseConnection, r: &region::Model) -> Result<Book, DocError> {
    let mp = plan::masterplan(db, r.id).await?;
    let all = programmes::list(db, r.id).await?;
    let years = programme_xlsx::years(db, r.id, &all).await?;
    let (first, last) = (years.first().copied().unwrap_or_default(), years.last().copied().unwrap_or_default());
    let opd_list = opds::list(db, r.id).await?;
    let opd_name: HashMap<i64, String> = opd_list.iter().map(|o| (o.id, o.short_name.clone())).collect();
    let mut m: Vec<Block> = Vec::new();
    let title = format!("Masterplan Smart City {} {first}–{last}", r.name);
    let cover = [
        "MASTERPLAN SMART CITY".to_string(),
        r.name.to_uppercase(),
        format!("{first}–{last}"),
        "Gerakan Menuju Smart City".to_string(),
    ];

    // BAB I
    heading(&mut m, 1, "Pendahuluan");
    heading(&mut m, 2, "Latar belakang");
    para(
        &mut m,
        &format!(
            "Masterplan Smart City {} disusun dalam Gerakan Menuju Smart City sebagai rencana sepuluh tahun \
             ({first}–{last}) yang selaras dengan RPJMD/RPD daerah. Dokumen ini dihasilkan langsung dari data \
             analisis strategis, visi, program OPD, anggaran dan Quick Win yang disusun Tim Pelaksana.",
            r.name
        ),
    );
    heading(&mut m, 2, "Maksud dan tujuan");
    para(&mut m, "Menjadi acuan bersama pemerintah daerah, Dewan Smart City dan mitra pentahelix dalam merencanakan, melaksanakan dan mengevaluasi program kota cerdas.");

    // BAB II
    heading(&mut m, 1, "Analisis Strategis");
    heading(&mut m, 2, "Profil daerah");
    let figures = profile::list(db, r.id).await?;
    let rows: Vec<Vec<String>> = figures
        .iter()
        .filter(|f| {
            f.year == figures.iter().filter(|g| g.indicator == f.indicator).map(|g| g.year).max().unwrap_or(f.year)
        })
        .map(|f| {
            let name = kotacerdas_domain::analysis::indicator(&f.indicator)
                .map(|i| i.name_id.to_string())
                .or_else(|| f.label.clone())
                .unwrap_or_else(|| f.indicator.clone());
            let value = f.value.parse::<i64>().map(thousands).unwrap_or_else(|_| f.value.replace('.', ","));
            vec![name, value, f.unit.clone(), f.year.to_string()]
        })
        .collect();
    table(&mut m, "(1fr, auto, auto, auto)", &["Indikator", "Nilai", "Satuan", "Tahun"], &rows);

    heading(&mut m, 2, "Kesiapan daerah");
    let scores = kotacerdas_store::readiness::list(db, r.id).await?;
    let ix = readiness::compute(
        &scores
            .iter()
            .map(|x| Score { item_code: &x.item_code, dimension_code: &x.dimension_code, score: x.score })
            .collect::<Vec<_>>(),
    );
    let mut rows = Vec::new();
    for (p, pillar) in PILLARS.iter().enumerate() {
        let mut row = vec![pillar.named.name("id").to_string()];
        row.extend(ix.cells[p].iter().map(|v| v.map(decimal).unwrap_or_else(|| "–".into())));
        row.push(ix.pillars[p].map(decimal).unwrap_or_else(|| "–".into()));
        rows.push(row);
    }
    let mut header = vec!["Pilar"];
    header.extend(DIMENSIONS.iter().map(|d| d.named.code));
    header.push("Indeks");
    table(&mut m, "(1fr, auto, auto, auto, auto, auto, auto, auto)", &header, &rows);
    para(
        &mut m,
        &format!("Indeks kesiapan keseluruhan: {} dari 5.", ix.overall.map(decimal).unwrap_or_else(|| "–".into())),
    );
    let radar = Radar {
        title: "Radar kesiapan",
        axes: DIMENSIONS.iter().map(|d| d.named.name("id")).collect(),
        series: PILLARS
            .iter()
            .enumerate()
            .map(|(p, pillar)| Series { name: pillar.named.name("id"), values: ix.cells[p].to_vec() })
            .collect(),
        max: 5.0,
    }
    .svg();
    m.push(Block::Figure { svg: radar, caption: "Radar kesiapan per pilar dan dimensi".into(), width_cm: 11.0 });

    heading(&mut m, 2, "Permasalahan per elemen");
    let problem_list = problems::list(db, r.id).await?;
    let rows: Vec<Vec<String>> = problem_list
        .iter()
        .filter(|p| p.kind == "problem")
        .map(|p| {
            vec![
                p.element_code.clone(),
                p.title.clone(),
                p.evidence_figure.clone().unwrap_or_default(),
                p.severity.to_string(),
            ]
        })
        .collect();
    table(&mut m, "(auto, 1fr, auto, auto)", &["Elemen", "Permasalahan", "Data", "Bobot"], &rows);
    let (apps, sets) = (inventory::apps(db, r.id).await?.len(), inventory::datasets(db, r.id).await?.len());
    para(&mut m, &format!("Inventaris: {apps} aplikasi dan {sets} set data tercatat."));

    // BAB III
    heading(&mut m, 1, "Visi, Misi, Tujuan dan Strategi");
    if let Some(mp) = &mp {
        m.push(Block::Quote(format!("“{}”", mp.vision)));
        if let Some(e) = &mp.explanation {
            para(&mut m, e);
        }
    }
    let items = plan::items(db, r.id).await?;
    let rows: Vec<Vec<String>> = plan::vision_items(db, r.id)
        .await?
        .iter()
        .map(|v| {
            let linked = v.plan_item_id.and_then(|id| items.iter().find(|i| i.id == id));
            vec![
                v.code.clone(),
                v.text.clone(),
                v.dimension_code.clone().unwrap_or_default(),
                linked.map(|i| format!("{} {}", i.code, i.text)).unwrap_or_else(|| "–".into()),
            ]
        })
        .collect();
    table(
        &mut m,
        "(auto, 1fr, auto, 1fr)",
        &["Kode", "Misi/tujuan/strategi", "Dimensi", "Selaras dengan RPJMD"],
        &rows,
    );

    // BAB IV
    heading(&mut m, 1, "Program");
    for d in DIMENSIONS.iter() {
        let mine: Vec<&Programme> = all.iter().filter(|p| p.programme.element_code.starts_with(d.named.code)).collect();
        heading(&mut m, 2, &format!("{} · {}", d.named.code, d.named.name("id")));
        // The name gets a full-width row so it is never broken across cells.
        // The name gets a full-width row so it is never broken across cells.
        let mut rows = Vec::new();
        for p in &mine {
            let x = &p.programme;
            rows.push(Row::Span(x.name.clone()));
            rows.push(Row::Cells(vec![
                x.element_code.clone(),
                p.kpis.first().map(|k| format!("{} ({})", k.kpi.name, k.kpi.unit)).unwrap_or_else(|| "–".into()),
                opd_name.get(&x.opd_id).cloned().unwrap_or_default(),
                format!("{}–{}", x.start_year, x.end_year),
                rupiah(p.total_budget()),
            ]));
        }
        m.push(Block::Table {
            columns: Col::parse("(auto, 1fr, auto, auto, auto)"),
            header: ["Elemen", "IKU", "OPD", "Tahun", "Anggaran"].iter().map(|h| h.to_string()).collect(),
            rows,
            small: false,
        });
    }
    heading(&mut m, 2, "Matriks anggaran");
    let [(_, dims), ..] = programme_xlsx::matrices(&all, &opd_name, &years);
    let rows: Vec<Vec<String>> = dims
        .rows
        .iter()
        .map(|(k, cells, total)| {
            let mut row = vec![k.clone()];
            row.extend(cells.iter().map(|v| thousands(*v / 1_000_000)));
            row.push(thousands(*total / 1_000_000));
            row
        })
        .collect();
    let mut header: Vec<String> = vec!["Dimensi (juta Rp)".into()];
    header.extend(years.iter().map(|y| y.to_string()));
    header.push("Jumlah".into());
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    m.push(Block::Table {
        columns: vec![Col::Auto; header.len()],
        header: header.iter().map(|h| h.to_string()).collect(),
        rows: rows.into_iter().map(Row::Cells).collect(),
        small: true,
    });
    para(&mut m, &format!("Total anggaran masterplan: {}.", rupiah(dims.total)));

    // BAB V
    heading(&mut m, 1, "Peta Jalan");
    let horizons: Vec<Vec<String>> = Horizon::ALL
        .iter()
        .map(|h| {
            let n = all.iter().filter(|p| p.programme.horizon == h.as_str()).count();
            vec![h.label("id").to_string(), n.to_string()]
        })
        .collect();
    table(&mut m, "(1fr, auto)", &["Horizon", "Jumlah program"], &horizons);
    for (title, svg) in crate::roadmap::gantts(db, r.id, "id").await? {
        m.push(Block::Figure { svg, caption: format!("Peta jalan {title}"), width_cm: 16.5 });
    }

    // BAB VI
    heading(&mut m, 1, "Quick Win");
    let sheets = quickwins::sheets(db, r.id).await?;
    for p in all.iter().filter(|p| sheets.get(&p.programme.id).is_some_and(|q| q.selected)) {
        let Some(q) = sheets.get(&p.programme.id) else { continue };
        heading(&mut m, 2, &p.programme.name);
        let rows = vec![
            vec!["Permasalahan".to_string(), q.problem.clone()],
            vec!["Solusi".into(), q.solution.clone()],
            vec!["Penanggung jawab".into(), q.owner.clone()],
            vec!["Penerima manfaat".into(), q.beneficiaries.clone()],
            vec![
                "Jadwal".into(),
                format!("{} bulan sejak {}", q.months, kotacerdas_domain::format::date(q.start_date, "id")),
            ],
            vec!["Anggaran".into(), rupiah(p.total_budget())],
            vec![
                "Manfaat bagi warga".into(),
                format!(
                    "{}: {} → {} {}",
                    q.metric_name,
                    q.metric_before.replace('.', ","),
                    q.metric_target.replace('.', ","),
                    q.metric_unit
                ),
            ],
        ];
        table(&mut m, "(auto, 1fr)", &["Butir", "Isi"], &rows);
    }

    // BAB VII
    heading(&mut m, 1, "Tata Kelola dan Monev");
    let people = members::list(db, r.id).await?;
    for (body, title) in [("dewan", "Dewan Smart City"), ("tim", "Tim Pelaksana")] {
        heading(&mut m, 2, title);
        let rows: Vec<Vec<String>> = people
            .iter()
            .filter(|x| x.body == body)
            .map(|x| vec![x.name.clone(), x.position.clone(), x.institution.clone().unwrap_or_default()])
            .collect();
        table(&mut m, "(1fr, 1fr, 1fr)", &["Nama", "Jabatan", "Instansi"], &rows);
    }
    para(&mut m, "Pelaksanaan dipantau setiap tahun melalui laporan realisasi OPD dan dievaluasi kementerian pada komponen Baseline, Output, Outcome, Impact dan Quick Win.");

    // Commitment sheet: the head of region and every OPD head sign.
    m.push(Block::PageBreak);
    m.push(Block::Title("LEMBAR KOMITMEN".into()));
    para(
        &mut m,
        &format!(
            "Kami berkomitmen melaksanakan Masterplan Smart City {} {first}–{last} sesuai peran masing-masing.",
            r.name
        ),
    );
    m.push(Block::Signatures(
        std::iter::once(format!("Kepala Daerah {}", r.name))
            .chain(opd_list.iter().map(|o| format!("Kepala {}", o.name)))
            .collect(),
    ));
    Ok(Book { title, author: r.name.clone(), cover, blocks: m })
}
