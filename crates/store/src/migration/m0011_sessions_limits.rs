//! Hardening of sign-ins and public forms: sessions know their user (so a password change can end
//! them all), rate-limit hits are counted in the database (so every server behind a load balancer
//! sees the same counts), and one-time form tokens make a form posted twice create one record.

use super::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0011_sessions_limits"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Alias::new("sessions")).add_column(big_null("user_id")).to_owned()).await?;
        let tables = [
            table("rate_hits")
                .col(id())
                .col(string("action", 16))
                // A keyed hash of the client's address, never the address itself.
                .col(string("sender", 64))
                .col(ts("at"))
                .to_owned(),
            table("form_tokens")
                .col(string("token", 64).primary_key())
                // Where the first post with this token led (set once it succeeded).
                .col(string_null("location", 2048))
                .col(ts("created_at"))
                .to_owned(),
        ];
        for t in tables {
            m.create_table(t).await?;
        }
        for i in [
            index("ix_sessions_user", "sessions", &["user_id"], false),
            index("ix_rate_hits_key", "rate_hits", &["action", "sender", "at"], false),
            index("ix_rate_hits_at", "rate_hits", &["at"], false),
            index("ix_form_tokens_created", "form_tokens", &["created_at"], false),
        ] {
            m.create_index(i).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["form_tokens", "rate_hits"] {
            m.drop_table(Table::drop().table(Alias::new(t)).if_exists().to_owned()).await?;
        }
        m.drop_index(Index::drop().name("ix_sessions_user").table(Alias::new("sessions")).to_owned()).await?;
        m.alter_table(Table::alter().table(Alias::new("sessions")).drop_column(Alias::new("user_id")).to_owned()).await
    }
}
