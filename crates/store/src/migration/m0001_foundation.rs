//! The foundation: programme, cohorts, regions, MoU, stages, OPDs, members, users and roles,
//! sessions, tokens, login throttling, audit log, files, and the reference framework.

use super::cols::*;
use kotacerdas_domain::framework::{DIMENSIONS, PILLARS};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0001_foundation"
    }
}

fn migration_err(e: impl std::fmt::Display) -> DbErr {
    DbErr::Migration(e.to_string())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let tables = vec![
            table("programme")
                .col(id())
                .col(string("name", 200))
                .col(string("ministry_name", 200))
                .col(ts("updated_at"))
                .to_owned(),
            table("cohorts")
                .col(id())
                .col(int("year").unique_key())
                .col(string("name", 200))
                .col(text_null("notes"))
                .to_owned(),
            table("dimensions")
                .col(code_pk())
                .col(string("name_id", 200))
                .col(string("name_en", 200))
                .col(int("position"))
                .to_owned(),
            table("elements")
                .col(code_pk())
                .col(string("dimension_code", 16))
                .col(string("name_id", 200))
                .col(string("name_en", 200))
                .col(int("position"))
                .foreign_key(&mut fk("elements", "dimension_code", "dimensions", "code", false))
                .to_owned(),
            table("pillars")
                .col(code_pk())
                .col(string("name_id", 200))
                .col(string("name_en", 200))
                .col(int("position"))
                .to_owned(),
            table("pillar_items")
                .col(code_pk())
                .col(string("pillar_code", 16))
                .col(string("name_id", 200))
                .col(string("name_en", 200))
                .col(int("position"))
                .foreign_key(&mut fk("pillar_items", "pillar_code", "pillars", "code", false))
                .to_owned(),
            table("users")
                .col(id())
                .col(string("username", 40).unique_key())
                .col(string("display_name", 200))
                .col(string_null("email", 200))
                .col(text("password_hash"))
                .col(string("locale", 8))
                .col(boolean("disabled"))
                .col(ts("created_at"))
                .col(ts_null("last_login_at"))
                .to_owned(),
            table("files")
                .col(id())
                .col(string("key", 300).unique_key())
                .col(big_null("region_id"))
                .col(string("original_name", 300))
                .col(string("content_type", 200))
                .col(big("size"))
                .col(big_null("uploaded_by"))
                .col(ts("created_at"))
                .to_owned(),
            table("regions")
                .col(id())
                .col(string("code", 16).unique_key())
                .col(string("name", 200))
                .col(string("kind", 16))
                .col(string("province", 200))
                .col(big("population"))
                .col(big_null("cohort_id"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("regions", "cohort_id", "cohorts", "id", false))
                .to_owned(),
            table("mous")
                .col(id())
                .col(big("region_id").unique_key())
                .col(string("number", 200))
                .col(date("signed_on"))
                .col(big_null("file_id"))
                .col(text_null("notes"))
                .foreign_key(&mut fk("mous", "region_id", "regions", "id", true))
                .foreign_key(&mut fk("mous", "file_id", "files", "id", false))
                .to_owned(),
            table("stages")
                .col(id())
                .col(big("region_id"))
                .col(int("number"))
                .col(date_null("planned_start"))
                .col(date_null("planned_end"))
                .col(date_null("held_start"))
                .col(date_null("held_end"))
                .col(string("status", 16))
                .col(big_null("decided_by"))
                .col(ts_null("decided_at"))
                .foreign_key(&mut fk("stages", "region_id", "regions", "id", true))
                .foreign_key(&mut fk("stages", "decided_by", "users", "id", false))
                .to_owned(),
            table("stage_comments")
                .col(id())
                .col(big("stage_id"))
                .col(big("region_id"))
                .col(big("author_id"))
                .col(string("action", 16))
                .col(text("body"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("stage_comments", "stage_id", "stages", "id", true))
                .foreign_key(&mut fk("stage_comments", "author_id", "users", "id", false))
                .to_owned(),
            table("opds")
                .col(id())
                .col(big("region_id"))
                .col(string("name", 200))
                .col(string("short_name", 40))
                .col(string_null("code", 40))
                .foreign_key(&mut fk("opds", "region_id", "regions", "id", true))
                .to_owned(),
            table("members")
                .col(id())
                .col(big("region_id"))
                .col(string("body", 16))
                .col(string("name", 200))
                .col(string("position", 200))
                .col(string_null("institution", 200))
                .col(string_null("helix", 16))
                .col(string_null("dimension_code", 16))
                .col(big_null("opd_id"))
                .col(string("sk_number", 200))
                .col(date("sk_date"))
                .foreign_key(&mut fk("members", "region_id", "regions", "id", true))
                .foreign_key(&mut fk("members", "dimension_code", "dimensions", "code", false))
                .foreign_key(&mut fk("members", "opd_id", "opds", "id", false))
                .to_owned(),
            table("role_assignments")
                .col(id())
                .col(big("user_id"))
                .col(string("role", 32))
                .col(big_null("region_id"))
                .col(big_null("opd_id"))
                .foreign_key(&mut fk("role_assignments", "user_id", "users", "id", true))
                .foreign_key(&mut fk("role_assignments", "region_id", "regions", "id", true))
                .foreign_key(&mut fk("role_assignments", "opd_id", "opds", "id", true))
                .to_owned(),
            table("sessions").col(string("id", 128).primary_key()).col(text("data")).col(ts("expires_at")).to_owned(),
            table("api_tokens")
                .col(id())
                .col(big("user_id"))
                .col(string("token_hash", 64).unique_key())
                .col(ts("created_at"))
                .col(ts("expires_at"))
                .foreign_key(&mut fk("api_tokens", "user_id", "users", "id", true))
                .to_owned(),
            table("login_attempts")
                .col(id())
                .col(string("username", 200))
                .col(string("ip", 64))
                .col(boolean("success"))
                .col(ts("at"))
                .to_owned(),
            table("audit_log")
                .col(id())
                .col(ts("at"))
                .col(big_null("actor_id"))
                .col(string("actor_name", 200))
                .col(big_null("region_id"))
                .col(string("entity", 64))
                .col(string("entity_id", 64))
                .col(string("action", 32))
                .col(text_null("before"))
                .col(text_null("after"))
                .to_owned(),
        ];
        for t in tables {
            m.create_table(t).await?;
        }
        for i in [
            index("ux_stages_region_number", "stages", &["region_id", "number"], true),
            index("ux_opds_region_short", "opds", &["region_id", "short_name"], true),
            index("ix_members_region", "members", &["region_id", "body"], false),
            index("ix_regions_cohort", "regions", &["cohort_id"], false),
            index("ix_roles_user", "role_assignments", &["user_id"], false),
            index("ix_sessions_expiry", "sessions", &["expires_at"], false),
            index("ix_login_user", "login_attempts", &["username", "at"], false),
            index("ix_login_ip", "login_attempts", &["ip", "at"], false),
            index("ix_audit_region", "audit_log", &["region_id", "at"], false),
            index("ix_stage_comments_stage", "stage_comments", &["stage_id"], false),
        ] {
            m.create_index(i).await?;
        }
        seed_reference(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "audit_log",
            "login_attempts",
            "api_tokens",
            "sessions",
            "role_assignments",
            "members",
            "opds",
            "stage_comments",
            "stages",
            "mous",
            "regions",
            "files",
            "users",
            "pillar_items",
            "pillars",
            "elements",
            "dimensions",
            "cohorts",
            "programme",
        ] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}

/// The framework and the programme row ship with the schema: every database starts complete.
async fn seed_reference(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = m.get_connection();
    let builder = db.get_database_backend();
    let mut stmts = Vec::new();
    let mut dims = Query::insert();
    dims.into_table(Alias::new("dimensions")).columns(["code", "name_id", "name_en", "position"].map(Alias::new));
    let mut els = Query::insert();
    els.into_table(Alias::new("elements"))
        .columns(["code", "dimension_code", "name_id", "name_en", "position"].map(Alias::new));
    for (i, d) in DIMENSIONS.iter().enumerate() {
        dims.values([d.named.code.into(), d.named.name_id.into(), d.named.name_en.into(), (i as i32 + 1).into()])
            .map_err(migration_err)?;
        for (j, e) in d.elements.iter().enumerate() {
            els.values([e.code.into(), d.named.code.into(), e.name_id.into(), e.name_en.into(), (j as i32 + 1).into()])
                .map_err(migration_err)?;
        }
    }
    let mut pils = Query::insert();
    pils.into_table(Alias::new("pillars")).columns(["code", "name_id", "name_en", "position"].map(Alias::new));
    let mut items = Query::insert();
    items
        .into_table(Alias::new("pillar_items"))
        .columns(["code", "pillar_code", "name_id", "name_en", "position"].map(Alias::new));
    for (i, p) in PILLARS.iter().enumerate() {
        pils.values([p.named.code.into(), p.named.name_id.into(), p.named.name_en.into(), (i as i32 + 1).into()])
            .map_err(migration_err)?;
        for (j, it) in p.items.iter().enumerate() {
            items
                .values([
                    it.code.into(),
                    p.named.code.into(),
                    it.name_id.into(),
                    it.name_en.into(),
                    (j as i32 + 1).into(),
                ])
                .map_err(migration_err)?;
        }
    }
    let mut prog = Query::insert();
    prog.into_table(Alias::new("programme"))
        .columns(["name", "ministry_name", "updated_at"].map(Alias::new))
        .values([
            "Gerakan Menuju Smart City".into(),
            "Kementerian Komunikasi dan Digital".into(),
            chrono::Utc::now().into(),
        ])
        .map_err(migration_err)?;
    stmts.extend([dims, els, pils, items, prog]);
    for s in stmts {
        db.execute(builder.build(&s)).await?;
    }
    Ok(())
}
