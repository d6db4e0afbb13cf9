//! The demo region's Bimtek workshops: one held workshop per approved stage (speakers, agenda,
//! the invitation list, two days of attendance, minutes with follow-up actions) and one planned
//! workshop for the stage still open. A neighbour's workshop books the same expert on the same
//! day as that planned one, so the programme office's calendar shows a clash.

use kotacerdas_domain::stage::StageStatus;
use kotacerdas_domain::workshop::{
    ActionInput, ActionStatus, AgendaInput, CheckinMethod, InviteeInput, MinutesInput, SpeakerInput, WorkshopInput,
};
use kotacerdas_store::region::{opds, regions, stages};
use kotacerdas_store::workshops::{self, attendance, minutes};
use kotacerdas_store::{Actor, Result};
use sea_orm::DatabaseConnection;

fn s(v: &str) -> String {
    v.to_string()
}

/// The ministry's speakers besides the region's assigned expert (an account): three experts and
/// an assistant.
const SPEAKERS: [(&str, &str, &str); 4] = [
    ("Dr. Ir. Hendra Gunawan, M.T.", "Tenaga Ahli Smart City", "expert"),
    ("Ir. Sri Mulyani Rahayu, M.Kom.", "Tenaga Ahli Tata Kelola", "expert"),
    ("Andi Pratama, S.T., M.Sc.", "Tenaga Ahli Infrastruktur Digital", "expert"),
    ("Rizky Maulana, S.Kom.", "Asisten Tenaga Ahli", "assistant_expert"),
];

fn agenda(stage: i32) -> Vec<(i32, &'static str, String, &'static str)> {
    let topic = match stage {
        1 => "Analisis strategis: profil daerah, kesiapan tiga pilar, SWOT",
        2 => "Visi, misi, strategi dan peta jalan smart city",
        3 => "Program OPD sepuluh tahun dan kandidat Quick Win",
        _ => "Reviu bab demi bab buku masterplan",
    };
    vec![
        (1, "08:30", s("Registrasi peserta"), ""),
        (1, "09:00", s("Pembukaan dan arahan"), "Sekretaris Daerah"),
        (1, "09:45", s(topic), "Dr. Ir. Hendra Gunawan, M.T."),
        (1, "13:00", s("Diskusi kelompok per dimensi"), "Ir. Sri Mulyani Rahayu, M.Kom."),
        (2, "08:30", s("Pendampingan pengisian per OPD"), "Andi Pratama, S.T., M.Sc."),
        (2, "13:00", s("Pleno hasil dan rencana tindak lanjut"), "Dr. Ir. Bambang Hartono"),
        (2, "15:30", s("Penutupan"), "Asisten Daerah I"),
    ]
}

async fn programme(
    db: &DatabaseConnection,
    who: &Actor,
    region_id: i64,
    workshop_id: i64,
    stage: i32,
    expert_id: i64,
) -> Result<()> {
    let expert = SpeakerInput { user_id: expert_id.to_string(), role: s("expert"), ..Default::default() };
    workshops::add_speaker(db, who, region_id, workshop_id, &expert).await?;
    for (name, position, role) in SPEAKERS {
        let sp = SpeakerInput { user_id: String::new(), name: s(name), position: s(position), role: s(role) };
        workshops::add_speaker(db, who, region_id, workshop_id, &sp).await?;
    }
    for (day, time, title, speaker) in agenda(stage) {
        let a = AgendaInput { day: day.to_string(), time: s(time), title, speaker: s(speaker) };
        workshops::add_agenda(db, who, region_id, workshop_id, &a).await?;
    }
    Ok(())
}

fn input(stage: i32, starts: chrono::NaiveDate, held: bool) -> WorkshopInput {
    WorkshopInput {
        starts_on: starts.to_string(),
        venue: s(if stage == 1 { "Ruang Adipura, Kantor Bupati Sukamaju" } else { "Balai Kartini Sukamaju" }),
        mode: s(if stage == 1 { "in_person" } else { "hybrid" }),
        meeting_link: if stage == 1 { String::new() } else { s("https://zoom.us/j/1234567890") },
        opened_by_name: s("Drs. H. Mulyadi, M.Si."),
        opened_by_position: s("Sekretaris Daerah Kabupaten Sukamaju"),
        closed_by_name: s("Ir. Dewi Anggraini"),
        closed_by_position: s("Asisten Perekonomian dan Pembangunan"),
        status: s(if held { "held" } else { "planned" }),
        ..Default::default()
    }
}

/// The invitation list: OPD heads, council, team, and the others a Bimtek brings in.
async fn invite_all(db: &DatabaseConnection, who: &Actor, region_id: i64, workshop_id: i64) -> Result<()> {
    for g in [attendance::Group::OpdHeads, attendance::Group::Council, attendance::Group::Team] {
        attendance::invite_group(db, who, region_id, workshop_id, g, "Kepala").await?;
    }
    for (name, position, kind, unit) in [
        ("Ir. Bayu Nugroho", "Direktur Utama", "perusda", "PDAM Tirta Sukamaju"),
        ("Hj. Lina Marlina, S.Sos.", "Kasubbag Program", "other", "Bagian Perencanaan Setda"),
        ("Slamet Riyadi, S.IP.", "Camat", "kecamatan", "Kecamatan Sukamaju Kota"),
        ("Sutrisno", "Kepala Desa", "desa", "Desa Mekarsari"),
    ] {
        let i = InviteeInput {
            name: s(name),
            position: s(position),
            unit_kind: s(kind),
            unit_name: s(unit),
            opd_id: String::new(),
        };
        attendance::invite(db, who, region_id, workshop_id, &i).await?;
    }
    Ok(())
}

/// A follow-up action: text, owner OPD's short name, due in days from today, done.
type Action = (&'static str, &'static str, i64, bool);

/// What each stage's workshop concluded (summary, decisions) and its follow-up actions.
fn minutes_of(stage: i32) -> (&'static str, &'static str, Vec<Action>) {
    match stage {
        1 => (
            "Bimtek tahap 1 membahas profil daerah, penilaian kesiapan tiga pilar (struktur, infrastruktur, \
             suprastruktur) dan SWOT per dimensi. Tenaga ahli menilai data kependudukan sudah memadai; data \
             kapasitas fiskal dan inventaris aplikasi OPD perlu dilengkapi.",
            "1. Setiap OPD melengkapi inventaris aplikasi dan data paling lambat dua minggu setelah bimtek.\n\
             2. Bappeda menyelaraskan masalah per dimensi dengan RPJMD.\n\
             3. Diskominfo menjadi sekretariat penyusunan masterplan.",
            vec![
                ("Lengkapi inventaris aplikasi dan set data OPD", "Diskominfo", -10, true),
                ("Lengkapi data layanan kesehatan per puskesmas untuk profil daerah", "Dinkes", -3, false),
                ("Selaraskan daftar masalah per dimensi dengan RPJMD", "Bappeda", 21, false),
            ],
        ),
        2 => (
            "Bimtek tahap 2 merumuskan visi smart city, misi dan strategi per dimensi serta peta jalan sepuluh \
             tahun; kandidat Quick Win dinilai bersama tim pelaksana.",
            "1. Visi \"Sukamaju Cerdas, Melayani dan Berdaya Saing\" disepakati.\n\
             2. Lima kandidat Quick Win dilanjutkan ke lembar Quick Win.",
            vec![("Susun lembar Quick Win akta kelahiran terbit dua hari", "Disdukcapil", -30, true)],
        ),
        3 => (
            "Bimtek tahap 3 mendampingi OPD menyusun program sepuluh tahun dengan IKU, target tahunan dan \
             anggaran per sumber dana, selaras dengan RPJMD.",
            "1. Setiap program memiliki paling sedikit satu IKU dengan target tahunan.\n\
             2. Anggaran program tidak melebihi batas porsi APBD yang disepakati.",
            vec![("Lengkapi kode Permendagri 90 untuk program OPD", "Bappeda", -20, true)],
        ),
        _ => (
            "Bimtek tahap 4 mereviu buku masterplan bab demi bab bersama Dewan Smart City sebelum diajukan.",
            "1. Buku diajukan kepada tenaga ahli setelah catatan reviu diperbaiki.\n\
             2. Sekretariat menyiapkan rancangan peraturan penetapan.",
            vec![("Siapkan rancangan peraturan penetapan masterplan", "Bappeda", -5, true)],
        ),
    }
}

/// The day itself: everyone on day 1 but the last OPD's head (absent from the stage, which the
/// expert sees on the sign-off page), a few leave before day 2, one walk-in; then the minutes.
async fn hold(
    db: &DatabaseConnection,
    who: &Actor,
    expert_actor: &Actor,
    region_id: i64,
    w: &kotacerdas_store::entity::workshop::Model,
    stage: i32,
) -> Result<()> {
    let all_opds = opds::list(db, region_id).await?;
    let today = chrono::Utc::now().date_naive();
    let d = workshops::detail(db, region_id, w.id).await?;
    let absent_opd = all_opds.last().map(|o| o.id);
    for (n, i) in d.invitees.iter().enumerate() {
        if i.opd_id.is_some() && i.opd_id == absent_opd && i.unit_kind == "opd" {
            continue;
        }
        attendance::check_in(db, who, w, i.id, 1, CheckinMethod::Qr).await?;
        if n % 4 != 3 {
            attendance::check_in(db, expert_actor, w, i.id, 2, CheckinMethod::Facilitator).await?;
        }
    }
    let walk = InviteeInput {
        name: s("Fajar Hidayat"),
        position: s("Staf Bidang Aplikasi Informatika"),
        unit_kind: s("opd"),
        unit_name: s("Dinas Komunikasi dan Informatika"),
        opd_id: String::new(),
    };
    attendance::walk_in(db, &Actor::system("check-in (QR)"), w, 1, &walk).await?;
    let (summary, decisions, actions) = minutes_of(stage);
    let m = MinutesInput { summary: s(summary), decisions: s(decisions) };
    minutes::save_minutes(db, expert_actor, region_id, w.id, &m).await?;
    let opd = |short: &str| all_opds.iter().find(|o| o.short_name == short).map(|o| o.id.to_string());
    for (text, owner, days, done) in actions {
        let due_on = (today + chrono::Duration::days(days)).to_string();
        let a = ActionInput { text: s(text), opd_id: opd(owner).unwrap_or_default(), due_on };
        let a = minutes::add_action(db, who, region_id, w.id, &a).await?;
        if done {
            minutes::set_status(db, who, region_id, a.id, ActionStatus::Done).await?;
        }
    }
    Ok(())
}

/// The Sukamaju workshops. `expert` is the region's assigned expert (the demo's "ahli").
pub async fn load(db: &DatabaseConnection, who: &Actor, expert: (&Actor, i64), region_id: i64) -> Result<()> {
    let (expert_actor, expert_id) = expert;
    let today = chrono::Utc::now().date_naive();
    let mut planned_on = None;
    for st in stages::list(db, region_id).await? {
        let approved = st.status == StageStatus::Approved.as_str();
        if !approved && planned_on.is_some() {
            continue;
        }
        let starts = if approved {
            st.held_start.or(st.planned_start).unwrap_or(today)
        } else {
            // The first stage still open: its workshop is in two weeks.
            today + chrono::Duration::days(14)
        };
        let w = workshops::create(db, who, region_id, st.number, &input(st.number, starts, approved)).await?;
        programme(db, who, region_id, w.id, st.number, expert_id).await?;
        invite_all(db, who, region_id, w.id).await?;
        if !approved {
            planned_on = Some(w.starts_on);
            continue;
        }
        hold(db, who, expert_actor, region_id, &w, st.number).await?;
    }
    // A neighbour's workshop books the same expert on the planned workshop's first day.
    if let Some(day) = planned_on {
        let neighbour = regions::by_code(db, "99.02").await?;
        let status: Vec<_> = stages::list(db, neighbour.id).await?;
        let number = status.iter().find(|s| s.status != StageStatus::Approved.as_str()).map(|s| s.number).unwrap_or(4);
        let input = WorkshopInput {
            starts_on: day.to_string(),
            venue: s("Aula Bappeda"),
            mode: s("in_person"),
            status: s("planned"),
            ..Default::default()
        };
        let w = workshops::create(db, who, neighbour.id, number, &input).await?;
        let sp = SpeakerInput {
            user_id: String::new(),
            name: s("Dr. Ir. Bambang Hartono"),
            role: s("expert"),
            ..Default::default()
        };
        workshops::add_speaker(db, who, neighbour.id, w.id, &sp).await?;
    }
    Ok(())
}

/// After the book part of the demo has signed off stages 2–4: each approved stage gets its
/// held workshop (the planned one is held on the stage's dates, a missing one is added), so the
/// demo region has one held workshop per approved stage with attendance and minutes.
pub async fn complete(db: &DatabaseConnection, who: &Actor, expert_actor: &Actor, region_id: i64) -> Result<()> {
    let expert_id = workshops::experts(db, region_id).await?.first().map(|(id, _)| *id);
    for st in stages::list(db, region_id).await? {
        if st.status != StageStatus::Approved.as_str() {
            continue;
        }
        let existing = workshops::of_stage(db, region_id, st.id).await?;
        if existing.iter().any(|w| w.status == "held") {
            continue;
        }
        let starts = st.held_start.or(st.planned_start).unwrap_or_else(|| chrono::Utc::now().date_naive());
        let w = match existing.first() {
            Some(planned) => workshops::update(db, who, region_id, planned.id, &input(st.number, starts, true)).await?,
            None => {
                let w = workshops::create(db, who, region_id, st.number, &input(st.number, starts, true)).await?;
                if let Some(id) = expert_id {
                    programme(db, who, region_id, w.id, st.number, id).await?;
                }
                invite_all(db, who, region_id, w.id).await?;
                w
            }
        };
        hold(db, who, expert_actor, region_id, &w, st.number).await?;
    }
    Ok(())
}
