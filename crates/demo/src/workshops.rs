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

/// The Sukamaju workshops. `expert` is the region's assigned expert (the demo's "ahli").
pub async fn load(db: &DatabaseConnection, who: &Actor, expert: (&Actor, i64), region_id: i64) -> Result<()> {
    let (expert_actor, expert_id) = expert;
    let all_opds = opds::list(db, region_id).await?;
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
        let input = WorkshopInput {
            starts_on: starts.to_string(),
            venue: s(if st.number == 1 { "Ruang Adipura, Kantor Bupati Sukamaju" } else { "Balai Kartini Sukamaju" }),
            mode: s(if st.number == 1 { "in_person" } else { "hybrid" }),
            meeting_link: if st.number == 1 { String::new() } else { s("https://zoom.us/j/1234567890") },
            opened_by_name: s("Drs. H. Mulyadi, M.Si."),
            opened_by_position: s("Sekretaris Daerah Kabupaten Sukamaju"),
            closed_by_name: s("Ir. Dewi Anggraini"),
            closed_by_position: s("Asisten Perekonomian dan Pembangunan"),
            status: s(if approved { "held" } else { "planned" }),
            ..Default::default()
        };
        let w = workshops::create(db, who, region_id, st.number, &input).await?;
        programme(db, who, region_id, w.id, st.number, expert_id).await?;
        for g in [attendance::Group::OpdHeads, attendance::Group::Council, attendance::Group::Team] {
            attendance::invite_group(db, who, region_id, w.id, g, "Kepala").await?;
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
            attendance::invite(db, who, region_id, w.id, &i).await?;
        }
        if !approved {
            planned_on = Some(w.starts_on);
            continue;
        }
        // Attendance: everyone on day 1 but the last OPD's head (absent from the stage, which
        // the expert sees on the sign-off page); a few leave before day 2; one walk-in.
        let d = workshops::detail(db, region_id, w.id).await?;
        let absent_opd = all_opds.last().map(|o| o.id);
        for (n, i) in d.invitees.iter().enumerate() {
            if i.opd_id.is_some() && i.opd_id == absent_opd && i.unit_kind == "opd" {
                continue;
            }
            attendance::check_in(db, who, &w, i.id, 1, CheckinMethod::Qr).await?;
            if n % 4 != 3 {
                attendance::check_in(db, expert_actor, &w, i.id, 2, CheckinMethod::Facilitator).await?;
            }
        }
        let walk = InviteeInput {
            name: s("Fajar Hidayat"),
            position: s("Staf Bidang Aplikasi Informatika"),
            unit_kind: s("opd"),
            unit_name: s("Dinas Komunikasi dan Informatika"),
            opd_id: String::new(),
        };
        attendance::walk_in(db, &Actor::system("check-in (QR)"), &w, 1, &walk).await?;
        let m = MinutesInput {
            summary: s(
                "Bimtek tahap 1 membahas profil daerah, penilaian kesiapan tiga pilar (struktur, infrastruktur, \
                 suprastruktur) dan SWOT per dimensi. Tenaga ahli menilai data kependudukan sudah memadai; data \
                 kapasitas fiskal dan inventaris aplikasi OPD perlu dilengkapi.",
            ),
            decisions: s(
                "1. Setiap OPD melengkapi inventaris aplikasi dan data paling lambat dua minggu setelah bimtek.\n\
                 2. Bappeda menyelaraskan masalah per dimensi dengan RPJMD.\n\
                 3. Diskominfo menjadi sekretariat penyusunan masterplan.",
            ),
        };
        minutes::save_minutes(db, expert_actor, region_id, w.id, &m).await?;
        let opd = |short: &str| all_opds.iter().find(|o| o.short_name == short).map(|o| o.id.to_string());
        let due = |days: i64| (today + chrono::Duration::days(days)).to_string();
        for (text, owner, due_on, done) in [
            ("Lengkapi inventaris aplikasi dan set data OPD", opd("Diskominfo"), due(-10), true),
            ("Lengkapi data layanan kesehatan per puskesmas untuk profil daerah", opd("Dinkes"), due(-3), false),
            ("Selaraskan daftar masalah per dimensi dengan RPJMD", opd("Bappeda"), due(21), false),
        ] {
            let a = ActionInput { text: s(text), opd_id: owner.unwrap_or_default(), due_on: due_on.clone() };
            let a = minutes::add_action(db, who, region_id, w.id, &a).await?;
            if done {
                minutes::set_status(db, who, region_id, a.id, ActionStatus::Done).await?;
            }
        }
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
