//! E-mail reminders to OPD planners whose reports are due within a week or overdue, when SMTP is
//! configured (`smtp = "smtps://user:password@mail.example.go.id"`). The same reminders show in
//! the app on "my updates"; e-mail is the nudge for those who do not look.

use anyhow::{Context, Result};
use kotacerdas_store::monitoring::{self, Reminder};
use kotacerdas_store::DatabaseConnection;
use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

fn body(r: &Reminder, base_url: &str) -> String {
    let period = if r.quarter == 0 { r.year.to_string() } else { format!("{} triwulan {}", r.year, r.quarter) };
    let mut s = format!(
        "Yth. {},\n\nLaporan pelaksanaan {} periode {} jatuh tempo {}. Program berikut belum dilaporkan:\n\n",
        r.name,
        r.region,
        period,
        kotacerdas_domain::format::date(r.due_date, "id")
    );
    for p in &r.programmes {
        s.push_str(&format!("- {p}\n"));
    }
    s.push_str(&format!("\nIsi laporan di {base_url}/regions/{}/monitoring/my\n\n— kotacerdas\n", r.region_code));
    s
}

/// Send what is owed today; returns how many went out. `dry_run` lists them without sending.
pub async fn run(
    db: &DatabaseConnection,
    smtp: Option<&str>,
    from: &str,
    base_url: &str,
    dry_run: bool,
) -> Result<usize> {
    let today = chrono::Utc::now().date_naive();
    let owed = monitoring::due_reminders(db, today).await?;
    if dry_run || smtp.is_none() {
        for r in &owed {
            println!("{} <{}>: {} · {} programmes due {}", r.name, r.email, r.region, r.programmes.len(), r.due_date);
        }
        return Ok(0);
    }
    let url = smtp.unwrap_or_default();
    let mailer = AsyncSmtpTransport::<Tokio1Executor>::from_url(url).context("setting smtp")?.build();
    let from: Mailbox = from.parse().context("setting smtp_from")?;
    let mut sent = 0;
    for r in &owed {
        let Ok(to) = r.email.parse::<Mailbox>() else {
            tracing::warn!(email = %r.email, "reminder: address not usable");
            continue;
        };
        let msg = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(format!("Pengingat laporan pelaksanaan {} ({})", r.region, r.year))
            .header(ContentType::TEXT_PLAIN)
            .body(body(r, base_url))?;
        match mailer.send(msg).await {
            Ok(_) => {
                monitoring::mark_reminded(db, r, today).await?;
                sent += 1;
            }
            // One bad address or a hiccup must not stop the others; the next run tries again.
            Err(e) => tracing::warn!(email = %r.email, error = %e, "reminder not sent"),
        }
    }
    Ok(sent)
}
