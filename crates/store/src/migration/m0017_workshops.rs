//! Bimtek workshops: each stage is worked through in a two-day workshop in the region. Its
//! speakers, agenda, materials, the invitation list with each day's attendance, the check-in
//! links shown in the room, the minutes and the follow-up actions agreed there.

use super::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0017_workshops"
    }
}

const TABLES: [&str; 8] = [
    "workshops",
    "workshop_speakers",
    "workshop_agenda",
    "workshop_materials",
    "workshop_invitees",
    "workshop_attendance",
    "workshop_checkins",
    "workshop_actions",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let tables = [
            table("workshops")
                .col(id())
                .col(big("region_id"))
                // The stage row (not its number), so a new masterplan edition's stages get theirs.
                .col(big("stage_id"))
                .col(date("starts_on"))
                .col(date("ends_on"))
                .col(string("venue", 200))
                // in_person | online | hybrid (semi-virtual)
                .col(string("mode", 16))
                .col(string_null("meeting_link", 500))
                .col(string_null("opened_by_name", 200))
                .col(string_null("opened_by_position", 200))
                .col(string_null("closed_by_name", 200))
                .col(string_null("closed_by_position", 200))
                // planned | held | cancelled
                .col(string("status", 16))
                .col(text_null("notes"))
                // The minutes (berita acara / notulen).
                .col(text_null("minutes_summary"))
                .col(text_null("minutes_decisions"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("workshops", "region_id", "regions", "id", true))
                .foreign_key(&mut fk("workshops", "stage_id", "stages", "id", true))
                .to_owned(),
            table("workshop_speakers")
                .col(id())
                .col(big("workshop_id"))
                .col(big("region_id"))
                // The programme's account (an expert), when the speaker has one.
                .col(big_null("user_id"))
                .col(string("name", 200))
                .col(string_null("position", 200))
                // expert | assistant_expert | other
                .col(string("role", 24))
                .foreign_key(&mut fk("workshop_speakers", "workshop_id", "workshops", "id", true))
                .foreign_key(&mut fk("workshop_speakers", "user_id", "users", "id", false))
                .to_owned(),
            table("workshop_agenda")
                .col(id())
                .col(big("workshop_id"))
                .col(big("region_id"))
                .col(int("day"))
                // "09:00"
                .col(string("time", 5))
                .col(string("title", 500))
                .col(string_null("speaker", 200))
                .foreign_key(&mut fk("workshop_agenda", "workshop_id", "workshops", "id", true))
                .to_owned(),
            table("workshop_materials")
                .col(id())
                .col(big("workshop_id"))
                .col(big("region_id"))
                .col(big("file_id"))
                .col(string("title", 200))
                .col(big_null("uploaded_by"))
                .col(ts("uploaded_at"))
                .foreign_key(&mut fk("workshop_materials", "workshop_id", "workshops", "id", true))
                .foreign_key(&mut fk("workshop_materials", "file_id", "files", "id", false))
                .to_owned(),
            table("workshop_invitees")
                .col(id())
                .col(big("workshop_id"))
                .col(big("region_id"))
                .col(string("name", 200))
                .col(string_null("position", 200))
                // opd | perusda | kecamatan | desa | council | team | other
                .col(string("unit_kind", 16))
                .col(string_null("unit_name", 200))
                .col(big_null("opd_id"))
                // Registered at the door rather than invited.
                .col(boolean("walk_in"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("workshop_invitees", "workshop_id", "workshops", "id", true))
                .foreign_key(&mut fk("workshop_invitees", "opd_id", "opds", "id", false))
                .to_owned(),
            table("workshop_attendance")
                .col(id())
                .col(big("workshop_id"))
                .col(big("region_id"))
                .col(big("invitee_id"))
                .col(int("day"))
                // qr | facilitator
                .col(string("method", 16))
                .col(ts("checked_at"))
                .foreign_key(&mut fk("workshop_attendance", "invitee_id", "workshop_invitees", "id", true))
                .foreign_key(&mut fk("workshop_attendance", "workshop_id", "workshops", "id", true))
                .to_owned(),
            table("workshop_checkins")
                .col(id())
                .col(big("workshop_id"))
                .col(big("region_id"))
                .col(int("day"))
                // SHA-256 of the link's random token: a copy of the database opens no room.
                .col(string("token_hash", 64))
                .col(ts("expires_at"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("workshop_checkins", "workshop_id", "workshops", "id", true))
                .to_owned(),
            table("workshop_actions")
                .col(id())
                .col(big("workshop_id"))
                .col(big("region_id"))
                .col(text("text"))
                .col(big_null("opd_id"))
                .col(date_null("due_on"))
                // open | done
                .col(string("status", 16))
                .col(ts_null("done_at"))
                .foreign_key(&mut fk("workshop_actions", "workshop_id", "workshops", "id", true))
                .foreign_key(&mut fk("workshop_actions", "opd_id", "opds", "id", false))
                .to_owned(),
        ];
        for t in tables {
            m.create_table(t).await?;
        }
        for i in [
            index("ix_workshops_region", "workshops", &["region_id", "stage_id"], false),
            index("ix_workshops_starts", "workshops", &["starts_on"], false),
            index("ix_workshop_speakers_ws", "workshop_speakers", &["workshop_id"], false),
            index("ix_workshop_agenda_ws", "workshop_agenda", &["workshop_id"], false),
            index("ix_workshop_materials_ws", "workshop_materials", &["workshop_id"], false),
            index("ix_workshop_invitees_ws", "workshop_invitees", &["workshop_id"], false),
            // One check-in per person per day, whoever ticks it.
            index("ux_workshop_attendance", "workshop_attendance", &["invitee_id", "day"], true),
            index("ix_workshop_attendance_ws", "workshop_attendance", &["workshop_id"], false),
            index("ux_workshop_checkins_token", "workshop_checkins", &["token_hash"], true),
            index("ix_workshop_actions_region", "workshop_actions", &["region_id", "status"], false),
        ] {
            m.create_index(i).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in TABLES.iter().rev() {
            m.drop_table(Table::drop().table(Alias::new(*t)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
