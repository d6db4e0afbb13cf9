//! A Bimtek workshop's papers, in Indonesian as the region files them: the invitation letter
//! (undangan) with its list of invitees, the signed attendance list (daftar hadir) with a
//! signature column per day, and the minutes (berita acara) with their signature blocks.

use crate::pdf::{pdf, s, DocError};
use kotacerdas_domain::format::date;
use kotacerdas_domain::workshop::{date_of, SpeakerRole, UnitKind, WorkshopMode};
use kotacerdas_store::entity::region;
use kotacerdas_store::workshops::Detail;
use std::collections::HashMap;
use std::fmt::Write;

/// What every paper of a workshop names besides the workshop itself.
pub struct Context<'a> {
    pub region: &'a region::Model,
    /// The stage's name ("Analisis Strategis").
    pub stage_name: &'a str,
    /// OPD names by id (for the actions' owners).
    pub opds: &'a HashMap<i64, String>,
    /// The chair of the region's Tim Pelaksana (name, position), when recorded.
    pub team_chair: Option<(String, String)>,
}

fn head(title: &str, subtitle: &str) -> String {
    format!(
        "#set document(title: {t})\n#set page(paper: \"a4\", margin: (x: 2cm, y: 2cm))\n\
         #set text(lang: \"id\", font: \"Libertinus Serif\", size: 11pt)\n#set par(justify: true)\n\
         #show table: set text(font: \"DejaVu Sans\", size: 8.5pt)\n\
         #align(center, text(font: \"DejaVu Sans\", weight: \"bold\", 13pt, {t}))\n\
         #align(center, text(font: \"DejaVu Sans\", 10pt, {st}))\n#line(length: 100%)\n",
        t = s(title),
        st = s(subtitle),
    )
}

fn period(d: &Detail) -> String {
    if d.w.starts_on == d.w.ends_on {
        date(d.w.starts_on, "id")
    } else {
        format!("{} – {}", date(d.w.starts_on, "id"), date(d.w.ends_on, "id"))
    }
}

fn place(d: &Detail) -> String {
    let mode = WorkshopMode::parse(&d.w.mode).map(|m| m.label("id")).unwrap_or_default();
    match &d.w.meeting_link {
        Some(link) if d.w.mode != WorkshopMode::InPerson.as_str() => format!("{} ({mode}; {link})", d.w.venue),
        _ => format!("{} ({mode})", d.w.venue),
    }
}

fn title_of(c: &Context<'_>, d: &Detail) -> String {
    format!("Bimbingan Teknis Masterplan Smart City Tahap {}: {}", d.stage, c.stage_name)
}

fn unit(i: &kotacerdas_store::entity::workshop_invitee::Model) -> String {
    let kind = UnitKind::parse(&i.unit_kind).map(|k| k.label("id")).unwrap_or_default();
    match &i.unit_name {
        Some(n) if !n.is_empty() => n.clone(),
        _ => kind.to_string(),
    }
}

fn signature(m: &mut String, role: &str, name: &str, position: &str) {
    let _ = write!(
        m,
        "[#align(center)[#{}\\ #v(1.8cm) #underline({})\\ #{}]],",
        s(role),
        s(if name.is_empty() { "...................................." } else { name }),
        s(position)
    );
}

/// The invitation letter: to every invitee, with the programme of the days.
pub fn invitation(c: &Context<'_>, d: &Detail) -> Result<Vec<u8>, DocError> {
    let mut m = head("Undangan", &c.region.name);
    let today = date(chrono::Utc::now().date_naive(), "id");
    let _ = writeln!(
        m,
        "#grid(columns: (auto, 1fr), gutter: 6pt, [Perihal], [: #{}], [Tanggal], [: #{}])\n#v(0.8em)\n\
         #par({})\n#v(0.4em)\n\
         #grid(columns: (auto, 1fr), gutter: 6pt, [Hari/tanggal], [: #{}], [Tempat], [: #{}], [Acara], [: #{}])\n#v(0.6em)",
        s(&format!("Undangan {}", title_of(c, d))),
        s(&today),
        s(&format!(
            "Dengan hormat, dalam rangka penyusunan Masterplan Smart City {}, kami mengundang Bapak/Ibu untuk \
             hadir pada kegiatan berikut.",
            c.region.name
        )),
        s(&period(d)),
        s(&place(d)),
        s(&title_of(c, d)),
    );
    if !d.agenda.is_empty() {
        m.push_str("#table(columns: (auto, auto, 1fr, auto), stroke: 0.4pt + luma(160), inset: 4pt,\n  table.header(strong[Hari], strong[Pukul], strong[Acara], strong[Narasumber]),\n");
        for a in &d.agenda {
            let _ = writeln!(
                m,
                "  {}, {}, {}, {},",
                s(&date(date_of(d.w.starts_on, a.day), "id")),
                s(&a.time),
                s(&a.title),
                s(a.speaker.as_deref().unwrap_or("–"))
            );
        }
        m.push_str(")\n");
    }
    m.push_str("#v(0.6em)\n#text(font: \"DejaVu Sans\", weight: \"bold\", \"Daftar undangan\")\n\n");
    m.push_str("#table(columns: (auto, 1fr, 1fr, 1fr), stroke: 0.4pt + luma(160), inset: 4pt,\n  table.header(strong[No.], strong[Nama], strong[Jabatan], strong[Unit]),\n");
    for (n, i) in d.invitees.iter().filter(|i| !i.walk_in).enumerate() {
        let _ =
            writeln!(m, "  [{}], {}, {}, {},", n + 1, s(&i.name), s(i.position.as_deref().unwrap_or("–")), s(&unit(i)));
    }
    m.push_str(")\n");
    let _ = writeln!(
        m,
        "#par({})\n#v(1.2em)\n#grid(columns: (1fr, 1fr), [], ",
        s("Atas perhatian dan kehadiran Bapak/Ibu, kami ucapkan terima kasih.")
    );
    let chair = c.team_chair.clone().unwrap_or_default();
    signature(&mut m, &format!("Ketua Tim Pelaksana Smart City {}", c.region.name), &chair.0, &chair.1);
    m.push_str(")\n");
    pdf(&m, Vec::new())
}

/// The signed attendance list: every invitee and walk-in, a signature column per day, and
/// the day's check-in time where one was recorded.
pub fn attendance(c: &Context<'_>, d: &Detail) -> Result<Vec<u8>, DocError> {
    let mut m = head("Daftar Hadir", &title_of(c, d));
    let _ = writeln!(
        m,
        "#grid(columns: (auto, 1fr), gutter: 6pt, [Tanggal], [: #{}], [Tempat], [: #{}])\n#v(0.6em)",
        s(&period(d)),
        s(&place(d))
    );
    let days = d.days();
    let cols = format!("(auto, 1.3fr, 1fr, 1fr{})", ", 1fr".repeat(days as usize));
    let _ = write!(
        m,
        "#table(columns: {cols}, stroke: 0.4pt + luma(160), inset: 4pt,\n  table.header(strong[No.], strong[Nama], strong[Jabatan], strong[Unit]"
    );
    for day in 1..=days {
        let _ = write!(
            m,
            ", strong({})",
            s(&format!("Tanda tangan hari {day} ({})", date(date_of(d.w.starts_on, day), "id")))
        );
    }
    m.push_str("),\n");
    let zone = c.region.zone();
    for (n, i) in d.invitees.iter().enumerate() {
        let _ =
            write!(m, "  [{}], {}, {}, {}", n + 1, s(&i.name), s(i.position.as_deref().unwrap_or("–")), s(&unit(i)));
        for day in 1..=days {
            let at = d.attendance.iter().find(|a| a.invitee_id == i.id && a.day == day);
            // A check-in recorded by the system is noted small; the signature space stays.
            let note = at
                .map(|a| {
                    let local = a.checked_at + chrono::Duration::hours(zone.offset_hours());
                    format!("hadir {} {}", local.format("%H:%M"), zone.as_str())
                })
                .unwrap_or_default();
            let _ = write!(m, ", [#v(0.9cm) #text(size: 6.5pt, {})]", s(&note));
        }
        m.push_str(",\n");
    }
    m.push_str(")\n");
    let _ = writeln!(
        m,
        "#v(0.6em)\n#par({})\n",
        s(&format!(
            "Jumlah undangan: {}; hadir sekurang-kurangnya satu hari: {}.",
            d.invited_count(),
            d.present_count()
        ))
    );
    pdf(&m, Vec::new())
}

/// The minutes (berita acara): the workshop, its speakers, summary, decisions, follow-up actions
/// and the signature blocks of the official who opened it, the lead expert and the team's chair.
pub fn minutes(c: &Context<'_>, d: &Detail) -> Result<Vec<u8>, DocError> {
    let mut m = head("Berita Acara", &title_of(c, d));
    let opened = match (&d.w.opened_by_name, &d.w.opened_by_position) {
        (Some(n), Some(p)) => format!("{n}, {p}"),
        (Some(n), None) => n.clone(),
        (None, Some(p)) => p.clone(),
        (None, None) => "–".into(),
    };
    let _ = writeln!(
        m,
        "#grid(columns: (auto, 1fr), gutter: 6pt, [Tanggal], [: #{}], [Tempat], [: #{}], [Dibuka oleh], [: #{}], [Peserta], [: #{}])\n#v(0.6em)",
        s(&period(d)),
        s(&place(d)),
        s(&opened),
        s(&format!("{} orang hadir dari {} undangan", d.present_count(), d.invited_count())),
    );
    if !d.speakers.is_empty() {
        m.push_str("#text(font: \"DejaVu Sans\", weight: \"bold\", \"Narasumber\")\n\n");
        for sp in &d.speakers {
            let role = SpeakerRole::parse(&sp.role).map(|r| r.label("id")).unwrap_or_default();
            let _ = writeln!(m, "- #{}", s(&format!("{} — {role}", sp.name)));
        }
        m.push('\n');
    }
    for (title, text) in
        [("Ringkasan", d.w.minutes_summary.as_deref()), ("Keputusan dan kesepakatan", d.w.minutes_decisions.as_deref())]
    {
        let _ = writeln!(m, "#text(font: \"DejaVu Sans\", weight: \"bold\", {})\n", s(title));
        let body = text.filter(|t| !t.trim().is_empty()).unwrap_or("–");
        for para in body.split("\n\n") {
            let _ = writeln!(m, "#par({})\n", s(para.trim()));
        }
    }
    if !d.actions.is_empty() {
        m.push_str("#text(font: \"DejaVu Sans\", weight: \"bold\", \"Tindak lanjut\")\n\n#table(columns: (auto, 1fr, auto, auto, auto), stroke: 0.4pt + luma(160), inset: 4pt,\n  table.header(strong[No.], strong[Tindak lanjut], strong[Penanggung jawab], strong[Tenggat], strong[Status]),\n");
        for (n, a) in d.actions.iter().enumerate() {
            let owner = a.opd_id.and_then(|o| c.opds.get(&o)).map(String::as_str).unwrap_or("–");
            let due = a.due_on.map(|x| date(x, "id")).unwrap_or_else(|| "–".into());
            let status =
                kotacerdas_domain::workshop::ActionStatus::parse(&a.status).map(|x| x.label("id")).unwrap_or("");
            let _ = writeln!(m, "  [{}], {}, {}, {}, {},", n + 1, s(&a.text), s(owner), s(&due), s(status));
        }
        m.push_str(")\n");
    }
    let _ = writeln!(
        m,
        "#v(1em)\n#par({})\n#v(0.8em)\n#grid(columns: (1fr, 1fr, 1fr), gutter: 8pt, ",
        s(&format!(
            "Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya. {}, {}.",
            c.region.name,
            date(d.w.ends_on, "id")
        ))
    );
    signature(
        &mut m,
        "Pejabat yang membuka",
        d.w.opened_by_name.as_deref().unwrap_or_default(),
        d.w.opened_by_position.as_deref().unwrap_or_default(),
    );
    let expert = d.speakers.iter().find(|x| x.role == SpeakerRole::Expert.as_str());
    signature(
        &mut m,
        "Tenaga Ahli",
        expert.map(|x| x.name.as_str()).unwrap_or_default(),
        expert.and_then(|x| x.position.as_deref()).unwrap_or("Narasumber Kementerian"),
    );
    let chair = c.team_chair.clone().unwrap_or_default();
    signature(&mut m, "Ketua Tim Pelaksana", &chair.0, &chair.1);
    m.push_str(")\n");
    pdf(&m, Vec::new())
}
