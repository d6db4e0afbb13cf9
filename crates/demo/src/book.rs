//! The demo region's book: stages 2–3 signed off first (the book waits for them), a cover logo,
//! its own forewords, and two frozen versions (the first reviewed by the expert, the second after
//! a budget change and a rewritten background, approved by the council: stage 4 follows) so the
//! workflow and the version comparison can be tried at once.

use kotacerdas_documents::DocError;
use kotacerdas_domain::access::{Assignment, Principal, Role};
use kotacerdas_domain::narrative::Section;
use kotacerdas_domain::programme_input::ProgrammeInput;
use kotacerdas_domain::stage::StageAction;
use kotacerdas_domain::versions::{Enactment, VersionAction};
use kotacerdas_store::book::Step;
use kotacerdas_store::files::Storage;
use kotacerdas_store::plan::programmes;
use kotacerdas_store::{book, region::regions, region::stages, Actor, DatabaseConnection};

const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="140" viewBox="0 0 120 140">
<path d="M60 4 L112 22 L112 70 C112 104 88 126 60 136 C32 126 8 104 8 70 L8 22 Z" fill="#0b5a8a" stroke="#d9a520" stroke-width="5"/>
<circle cx="60" cy="58" r="22" fill="#d9a520"/>
<path d="M24 96 L44 78 L60 92 L78 72 L96 96 Z" fill="#2e8b57"/>
<text x="60" y="122" font-family="DejaVu Sans" font-size="13" font-weight="bold" text-anchor="middle" fill="#ffffff">SUKAMAJU</text>
</svg>"##;

const FOREWORD: &str = "Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa atas tersusunnya Masterplan Smart City Kabupaten Sukamaju.\n\nMasterplan ini bukan sekadar dokumen teknologi. Ia adalah janji kami kepada warga: **layanan yang lebih cepat, data yang terbuka, dan keputusan yang berdasar bukti**. Tiga hal kami utamakan:\n\n- pelayanan publik yang dapat diakses dari desa mana pun;\n- satu data pembangunan yang dipakai bersama seluruh OPD;\n- ekonomi lokal yang tumbuh bersama UMKM digital.\n\nSaya mengajak seluruh perangkat daerah, Dewan Smart City, perguruan tinggi, dunia usaha, komunitas dan media untuk *bergerak bersama* melaksanakannya.";

/// The demo's "scan" of the signed regulation: a one-page PDF (`{year}`, `{date}` filled in).
const SCAN: &str = "#set page(paper: \"a4\")\n#set text(font: \"DejaVu Sans\")\n#align(center)[#text(14pt, weight: \"bold\")[PERATURAN DAERAH KABUPATEN SUKAMAJU \\ NOMOR 7 TAHUN {year}] \\ #v(1em) TENTANG \\ MASTERPLAN SMART CITY KABUPATEN SUKAMAJU TAHUN 2025–2034]\n#v(2em)\nDitetapkan di Sukamaju pada tanggal {date}.\n\nBUPATI SUKAMAJU,\n";

const BACKGROUND_V2: &str = "Kabupaten Sukamaju berpenduduk lebih dari 600 ribu jiwa yang tersebar di 41 desa dan kelurahan. Analisis strategis menunjukkan kesenjangan layanan antara pusat kabupaten dan desa, data yang tersebar di banyak OPD, serta pemanfaatan TIK yang belum merata.\n\nMasterplan Smart City Kabupaten Sukamaju 2025–2034 disusun untuk menjawab permasalahan tersebut secara bertahap dan selaras dengan RPJMD 2021–2026 serta RPJMD 2027–2031.";

fn who(region_id: i64, role: Role) -> Principal {
    Principal {
        user_id: 0,
        username: "demo".into(),
        display_name: "Demo".into(),
        assignments: vec![Assignment { role, region_id: Some(region_id), opd_id: None }],
    }
}

/// Add the book parts of the demo to the freshly loaded demo region 99.01.
pub async fn load(db: &DatabaseConnection, storage: &Storage) -> Result<(), DocError> {
    let r = regions::by_code(db, "99.01").await?;
    let admin = Actor::system("demo: admin.sukamaju");
    let (png, _, _) = kotacerdas_documents::docx::png(LOGO)?;
    let logo = storage.upload(db, &admin, Some(r.id), "logo-sukamaju.png", png.into()).await?;
    book::set_logo(db, &admin, &r, Some(logo.id)).await?;
    crate::intake::decree_files(db, storage, r.id).await?;
    let r = regions::by_code(db, "99.01").await?;
    book::save_text(db, &admin, r.id, Section::ForewordHead, "id", FOREWORD).await?;

    // A book goes to review only once stages 1–3 are signed off: the expert approves stage 2,
    // the region works through stage 3, and stage 4 (the book) begins. Stage 4 then follows the
    // versions below, so the region page shows the book's real state.
    let expert = Actor::system("demo: ahli");
    let stage_steps = [
        (2, StageAction::Approve, &expert, "Visi dan peta jalan selaras dengan RPJMD."),
        (3, StageAction::Start, &admin, ""),
        (3, StageAction::Submit, &admin, "Program OPD sepuluh tahun lengkap dengan IKU dan anggaran."),
        (3, StageAction::Approve, &expert, "Program, Quick Win dan anggaran disetujui."),
        (4, StageAction::Start, &admin, "Penyusunan buku masterplan."),
    ];
    for (number, action, who, comment) in stage_steps {
        stages::act(db, who, r.id, number, action, comment).await?;
    }

    let v1 = book::freeze(db, &admin, &r, "Draf Bimtek 4").await?;
    kotacerdas_documents::publish::build_version(db.clone(), storage.clone(), admin.clone(), r.clone(), v1.id).await;
    book::act(db, &admin, &who(r.id, Role::RegionAdmin), r.id, v1.number, Step::new(VersionAction::Submit, "")).await?;
    let comment = "Target IKU tahun 2029 untuk beberapa program belum diisi; anggaran Pusat Data tahun 2027 perlu dinaikkan sesuai kajian.";
    book::act(db, &expert, &who(r.id, Role::Expert), r.id, v1.number, Step::new(VersionAction::Review, comment))
        .await?;

    // The region answers the review: more budget for one programme, a rewritten background.
    if let Some(p) = programmes::list(db, r.id).await?.into_iter().find(|p| p.programme.name.starts_with("Pusat data"))
    {
        let mut input = ProgrammeInput::from(&p);
        if let Some(cell) = input.budgets.iter_mut().find(|((y, _), _)| *y == 2027).map(|(_, v)| v) {
            let amount: i64 = cell.replace('.', "").parse().unwrap_or(0);
            *cell = (amount + 750_000_000).to_string();
        }
        programmes::save(db, &admin, r.id, Some(p.programme.id), &input).await?;
    }
    book::save_text(db, &admin, r.id, Section::Background, "id", BACKGROUND_V2).await?;
    let v2 = book::freeze(db, &admin, &r, "Draf setelah telaah ahli").await?;
    kotacerdas_documents::publish::build_version(db.clone(), storage.clone(), admin.clone(), r.clone(), v2.id).await;
    // Version 2 goes the whole way to the council's approval: the public portal shows it.
    book::act(db, &admin, &who(r.id, Role::RegionAdmin), r.id, v2.number, Step::new(VersionAction::Submit, "")).await?;
    let ok = "Catatan telaah sudah ditindaklanjuti.";
    book::act(db, &expert, &who(r.id, Role::Expert), r.id, v2.number, Step::new(VersionAction::Review, ok)).await?;
    let council = Actor::system("demo: dewan.sukamaju");
    book::act(db, &council, &who(r.id, Role::CouncilMember), r.id, v2.number, Step::new(VersionAction::Approve, ""))
        .await?;
    // And it is enacted as a Perda: the signed regulation's scan is stored, and the version's
    // files are typeset again with the regulation on the cover, in BAB I and the commitment sheet.
    // Enacted the day the demo is loaded, so the history reads in order.
    let today = chrono::Utc::now().date_naive();
    let year = chrono::Datelike::year(&today).to_string();
    let markup = SCAN.replace("{year}", &year).replace("{date}", &kotacerdas_domain::format::date(today, "id"));
    let scan = kotacerdas_documents::pdf::pdf(&markup, Vec::new())?;
    let name = format!("perda-7-{year}-sukamaju.pdf");
    let scan = storage.upload(db, &admin, Some(r.id), &name, scan.into()).await?;
    let enactment = Enactment {
        regulation_type: "perda".into(),
        number: "7".into(),
        date: today.to_string(),
        scan_file_id: Some(scan.id),
    };
    let step = Step { action: VersionAction::Enact, comment: "", enactment: Some(&enactment) };
    let v2 = book::act(db, &admin, &who(r.id, Role::RegionAdmin), r.id, v2.number, step).await?;
    kotacerdas_documents::publish::enact_version(db.clone(), storage.clone(), admin.clone(), r.clone(), v2.id).await;
    // Stages 2–4 are signed off now: each gets its held workshop with attendance and minutes.
    crate::workshops::complete(db, &admin, &expert, r.id).await?;
    Ok(())
}
