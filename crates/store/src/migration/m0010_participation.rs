//! Citizen participation and neighbour collaboration: consultations a region opens, citizens'
//! inputs (moderated), their supports and comments, the OPDs' official answers and the links
//! from an input to the problems and programmes that follow it up; programmes shared with
//! neighbouring regions, owned by one and acknowledged by the others.

use super::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0010_participation"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let tables = [
            table("consultations")
                .col(id())
                .col(big("region_id"))
                .col(string("title", 200))
                .col(text("description"))
                // Dimension codes the consultation asks about, comma separated (empty = all).
                .col(string("topics", 200))
                .col(date("opens_on"))
                .col(date("closes_on"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("consultations", "region_id", "regions", "id", true))
                .to_owned(),
            table("citizen_inputs")
                .col(id())
                .col(big("consultation_id"))
                .col(big("region_id"))
                .col(string("kind", 16))
                .col(string("title", 200))
                .col(text("body"))
                .col(string("dimension_code", 16))
                .col(string_null("element_code", 16))
                .col(string_null("kecamatan", 100))
                .col(string_null("kelurahan", 100))
                .col(string("author_name", 100))
                .col(big_null("user_id"))
                // A keyed hash of the sender's address: enough to spot a flood, not to find a person.
                .col(string("sender_hash", 64))
                .col(big_null("photo_file_id"))
                // pending → published | hidden
                .col(string("status", 16))
                .col(text_null("moderation_reason"))
                .col(ts_null("moderated_at"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("citizen_inputs", "consultation_id", "consultations", "id", true))
                .foreign_key(&mut fk("citizen_inputs", "region_id", "regions", "id", true))
                .to_owned(),
            table("input_supports")
                .col(id())
                .col(big("input_id"))
                // "u:<user id>" for an account, "c:<hash>" for a browser's citizen token.
                .col(string("supporter", 80))
                .col(ts("created_at"))
                .foreign_key(&mut fk("input_supports", "input_id", "citizen_inputs", "id", true))
                .to_owned(),
            table("input_comments")
                .col(id())
                .col(big("input_id"))
                .col(string("author_name", 100))
                .col(big_null("user_id"))
                .col(text("body"))
                .col(string("sender_hash", 64))
                .col(string("status", 16))
                .col(text_null("moderation_reason"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("input_comments", "input_id", "citizen_inputs", "id", true))
                .to_owned(),
            table("input_answers")
                .col(id())
                .col(big("input_id"))
                .col(big("opd_id"))
                .col(text("body"))
                .col(big_null("answered_by"))
                .col(string("answered_by_name", 200))
                .col(ts("answered_at"))
                .foreign_key(&mut fk("input_answers", "input_id", "citizen_inputs", "id", true))
                .foreign_key(&mut fk("input_answers", "opd_id", "opds", "id", true))
                .to_owned(),
            table("input_links")
                .col(id())
                .col(big("input_id"))
                // "problem" or "programme"
                .col(string("kind", 16))
                .col(big("ref_id"))
                .foreign_key(&mut fk("input_links", "input_id", "citizen_inputs", "id", true))
                .to_owned(),
            table("programme_shares")
                .col(id())
                .col(big("programme_id"))
                .col(big("region_id"))
                // pending → acknowledged | declined
                .col(string("status", 16))
                .col(text_null("note"))
                .col(big_null("decided_by"))
                .col(ts_null("decided_at"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("programme_shares", "programme_id", "programmes", "id", true))
                .foreign_key(&mut fk("programme_shares", "region_id", "regions", "id", true))
                .to_owned(),
        ];
        for t in tables {
            m.create_table(t).await?;
        }
        for i in [
            index("ix_consultations_region", "consultations", &["region_id"], false),
            index("ix_citizen_inputs_region", "citizen_inputs", &["region_id", "status"], false),
            index("ix_citizen_inputs_consultation", "citizen_inputs", &["consultation_id"], false),
            index("ux_input_supports", "input_supports", &["input_id", "supporter"], true),
            index("ix_input_comments_input", "input_comments", &["input_id"], false),
            index("ix_input_answers_input", "input_answers", &["input_id"], false),
            index("ux_input_links", "input_links", &["input_id", "kind", "ref_id"], true),
            index("ux_programme_shares", "programme_shares", &["programme_id", "region_id"], true),
            index("ix_programme_shares_region", "programme_shares", &["region_id"], false),
        ] {
            m.create_index(i).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "programme_shares",
            "input_links",
            "input_answers",
            "input_comments",
            "input_supports",
            "citizen_inputs",
            "consultations",
        ] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
