//! `kotacerdas`: one binary for the web app, the JSON API and the command line.

mod bundle;
mod config;
mod remind;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use config::{LogFormat, Settings};
use kotacerdas_domain::account::{AssignmentInput, UserInput};
use kotacerdas_store::{accounts::users, db, Actor, StoreError};
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "kotacerdas", version, about = "Smart City masterplan platform (Gerakan Menuju Smart City)")]
struct Cli {
    /// Configuration file (default: ./kotacerdas.toml when present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Database: sqlite://PATH or postgres://… (overrides KOTACERDAS_DATABASE_URL and the file).
    #[arg(long, global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (pages, API, metrics).
    Serve {
        /// Address to listen on (default 127.0.0.1:8080).
        #[arg(long)]
        bind: Option<String>,
        /// Load the demo region when the database is empty and print the demo accounts.
        #[arg(long)]
        demo: bool,
    },
    /// Bring the database schema up to date.
    Migrate,
    /// Load the demo data (regions, accounts, the Sukamaju masterplan and its book versions)
    /// into an empty database, without serving.
    Demo {
        /// Instead: a synthetic nation (38 provinces, 514 kabupaten/kota, 300 programmes each)
        /// for benchmarks and the national dashboard at full size.
        #[arg(long)]
        national: bool,
    },
    /// E-mail OPD planners whose reports are due within a week or overdue (needs the smtp
    /// setting; `--dry-run` lists them). `serve` does the same every hour when smtp is set.
    Remind {
        #[arg(long)]
        dry_run: bool,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
    /// Copy a SQLite database to FILE while it is in use (for PostgreSQL, explains pg_dump).
    Backup { file: PathBuf },
    /// Carry one region (all its data and files) to another server and back, e.g. for a
    /// workshop on a laptop without internet.
    Bundle {
        #[command(subcommand)]
        action: BundleCommand,
    },
    /// Run the plan checks of a region; exits with status 1 when any error-level finding exists.
    Check {
        /// Region code, e.g. 99.01.
        #[arg(long)]
        region: String,
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
        /// Language of the messages: id or en.
        #[arg(long, default_value = "id")]
        lang: String,
    },
    /// Generate a region's masterplan book (PDF or DOCX, Indonesian or English) from its data.
    Book {
        /// Region code, e.g. 99.01.
        #[arg(long)]
        region: String,
        #[arg(long, value_enum, default_value = "pdf")]
        format: BookFormat,
        /// Edition: id (Indonesian) or en (English).
        #[arg(long, default_value = "id", value_parser = ["id", "en"])]
        lang: String,
        /// Where to write the file.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum BundleCommand {
    /// Write the region's data and stored files to one file.
    Export {
        /// Region code, e.g. 99.01.
        #[arg(long)]
        region: String,
        /// The bundle to write (a zip file).
        #[arg(long)]
        out: PathBuf,
    },
    /// Bring a bundle in: a new region is added; an existing one is replaced (after a backup
    /// bundle is written next to FILE) when this server has not changed it since the bundle was
    /// made from it. All or nothing. Exit status 1 when refused because of conflicts.
    Import {
        file: PathBuf,
        /// Check everything and report what would happen; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Replace the region even though this server changed it (the backup is still written).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum BookFormat {
    Pdf,
    Docx,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account; the password is read from the terminal or standard input.
    Add {
        username: String,
        /// Full name shown in the UI.
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        email: String,
        /// Role to grant: programme_admin, expert, evaluator, region_admin, opd_planner, council_member.
        #[arg(long)]
        role: Option<String>,
        /// Region code for region-bound roles, e.g. 99.01.
        #[arg(long, default_value = "")]
        region: String,
        /// OPD id for opd_planner.
        #[arg(long, default_value = "")]
        opd: String,
    },
    /// Set a new password (read from the terminal or standard input).
    Passwd { username: String },
    /// List accounts with their roles.
    List,
    /// Disable an account (or enable it again with --enable).
    Disable {
        username: String,
        #[arg(long)]
        enable: bool,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            // Distinct from `check`'s "the plan has errors" (1).
            std::process::ExitCode::from(2)
        }
    }
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn,tower_sessions=warn")
    });
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

async fn run(cli: Cli) -> Result<std::process::ExitCode> {
    use std::process::ExitCode;
    let mut settings = Settings::load(cli.config.as_deref(), &|k| std::env::var(k).ok())?;
    if let Some(url) = cli.database_url {
        if db::Backend::from_url(&url).is_none() {
            bail!("setting database_url (--database-url): {url:?} must start with sqlite:// or postgres://");
        }
        settings.database_url = url;
    }
    let cwd = std::env::current_dir().context("reading the working directory")?;
    let storage_warning = settings.resolve_storage(&cwd, &|k| std::env::var(k).ok())?;
    init_logging(settings.log_format);
    if let Some(w) = storage_warning {
        tracing::warn!("{w}");
    }
    match cli.command {
        Command::Serve { bind, demo } => {
            if let Some(b) = bind {
                settings.bind = b.parse().map_err(|_| {
                    anyhow::anyhow!("setting bind (--bind): {b:?} is not an address like 127.0.0.1:8080")
                })?;
            }
            serve(settings, demo).await.map(|_| ExitCode::SUCCESS)
        }
        Command::Demo { national: true } => {
            let conn = db::open(&settings.database_url).await.context("opening the database")?;
            let started = std::time::Instant::now();
            let c = kotacerdas_demo::national::load(&conn).await?;
            println!(
                "national data set loaded in {:.1} s: {} regions, {} OPDs, {} programmes, {} yearly budgets, {} KPI targets, {} reports, {} RKPD sub-activities; sign in as program / {}",
                started.elapsed().as_secs_f64(),
                c.regions,
                c.opds,
                c.programmes,
                c.budgets,
                c.kpi_targets,
                c.reports,
                c.rkpd_items,
                kotacerdas_demo::PASSWORD
            );
            conn.close().await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo { national: false } => {
            let conn = db::open(&settings.database_url).await.context("opening the database")?;
            let storage = kotacerdas_store::files::Storage::from_config(&settings.storage)?;
            if kotacerdas_demo::load_if_empty(&conn).await? {
                kotacerdas_demo::book::load(&conn, &storage).await?;
                println!("demo data loaded");
            } else {
                println!("the database already holds regions; nothing loaded");
            }
            conn.close().await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Remind { dry_run } => {
            let conn = db::open(&settings.database_url).await.context("opening the database")?;
            if settings.smtp.is_none() && !dry_run {
                bail!("setting smtp is not set (KOTACERDAS_SMTP or smtp in kotacerdas.toml); use --dry-run to list the reminders");
            }
            let sent = remind::run(&conn, settings.smtp.as_deref(), &settings.smtp_from, &settings.public_url, dry_run)
                .await?;
            if !dry_run {
                println!("{sent} reminders sent");
            }
            conn.close().await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            let conn = db::connect(&settings.database_url).await?;
            let pending = db::pending(&conn).await?;
            db::migrate(&conn).await?;
            if pending.is_empty() {
                println!("database is up to date");
            } else {
                for m in pending {
                    println!("applied {m}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::User { action } => user(settings, action).await.map(|_| ExitCode::SUCCESS),
        Command::Backup { file } => backup(settings, file).await.map(|_| ExitCode::SUCCESS),
        Command::Bundle { action } => bundle::run(&settings.database_url, &settings.storage, action).await,
        Command::Check { region, format, lang } => check(settings, &region, format, &lang).await,
        Command::Book { region, format, lang, out } => {
            let conn = db::connect(&settings.database_url).await?;
            let r = match kotacerdas_store::region::regions::by_code(&conn, &region).await {
                Ok(r) => r,
                Err(StoreError::NotFound) => bail!("no region with code {region}"),
                Err(e) => return Err(e.into()),
            };
            let started = std::time::Instant::now();
            let storage = kotacerdas_store::files::Storage::from_config(&settings.storage)?;
            let book = kotacerdas_documents::book::build(&conn, &storage, &r, &lang).await?;
            let bytes = match format {
                BookFormat::Pdf => book.pdf()?,
                BookFormat::Docx => book.docx()?,
            };
            std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
            println!("{} written ({} bytes, {} ms)", out.display(), bytes.len(), started.elapsed().as_millis());
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn serve(settings: Settings, demo_mode: bool) -> Result<()> {
    let conn = db::open_sized(&settings.database_url, settings.database_pool).await.context("opening the database")?;
    let storage = kotacerdas_store::files::Storage::from_config(&settings.storage)?;
    if demo_mode {
        if kotacerdas_demo::load_if_empty(&conn).await? {
            // The book's demo (logo, forewords, two frozen versions) needs the file storage.
            kotacerdas_demo::book::load(&conn, &storage).await?;
            tracing::info!("demo data loaded");
        }
        for (role, username) in kotacerdas_demo::ACCOUNTS {
            println!("demo login: {role} {username} {}", kotacerdas_demo::PASSWORD);
        }
    }
    let web = kotacerdas_web::WebSettings {
        secure_cookies: settings.secure_cookies,
        session_idle: std::time::Duration::from_secs(settings.session_idle_minutes * 60),
        trust_proxy: settings.trust_proxy,
        public_url: settings.public_url_set.then(|| settings.public_url.clone()),
        metrics_token: settings.metrics_token.clone(),
    };
    if let Some(smtp) = settings.smtp.clone() {
        // Hourly: each planner hears at most once a day per period (recorded in the database, so
        // several servers do not multiply the e-mails by much: at worst one each per day).
        let (db, from, url) = (conn.clone(), settings.smtp_from.clone(), settings.public_url.clone());
        kotacerdas_web::safety::every("e-mail reminders", std::time::Duration::from_secs(3600), move || {
            let (db, smtp, from, url) = (db.clone(), smtp.clone(), from.clone(), url.clone());
            async move {
                match remind::run(&db, Some(&smtp), &from, &url, false).await {
                    Ok(n) if n > 0 => tracing::info!(sent = n, "reminders e-mailed"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "reminders failed"),
                }
            }
        });
    }
    let listener = tokio::net::TcpListener::bind(settings.bind)
        .await
        .with_context(|| format!("listening on {}", settings.bind))?;
    let addr = listener.local_addr()?;
    println!("kotacerdas listening on http://{addr}");
    tracing::info!(%addr, storage = %storage.description, "serving");
    let read = db::read_pool(&settings.database_url, &conn).await.context("opening the read pool")?;
    let state = kotacerdas_web::AppState::new(conn.clone(), storage, web).with_read_pool(read.clone());
    kotacerdas_web::serve(state, listener).await?;
    read.close().await?;
    // Close the pool so SQLite checkpoints its WAL and leaves one tidy file.
    conn.close().await?;
    Ok(())
}

/// A password from the terminal (not echoed) or the first line of standard input.
fn read_password(prompt: &str) -> Result<String> {
    if std::io::stdin().is_terminal() {
        let p = rpassword::prompt_password(prompt)?;
        let again = rpassword::prompt_password("Ulangi / repeat: ")?;
        if p != again {
            bail!("the two passwords differ");
        }
        Ok(p)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

/// Show a store validation error as "field: message" lines.
fn explain(e: StoreError) -> anyhow::Error {
    match e {
        StoreError::Invalid(errors) => {
            let lines: Vec<String> = errors
                .0
                .iter()
                .map(|f| {
                    format!("{}: {}", f.field, kotacerdas_web::views::field_message(kotacerdas_web::i18n::Lang::En, f))
                })
                .collect();
            anyhow::anyhow!("{}", lines.join("; "))
        }
        StoreError::NotFound => anyhow::anyhow!("no such user"),
        other => other.into(),
    }
}

async fn user(settings: Settings, action: UserCommand) -> Result<()> {
    let conn = db::open(&settings.database_url).await?;
    let cli = Actor::system("cli");
    match action {
        UserCommand::Add { username, name, email, role, region, opd } => {
            let password = read_password("Kata sandi / password: ")?;
            let u = users::create(&conn, &cli, &UserInput { username, display_name: name, email, password })
                .await
                .map_err(explain)?;
            if let Some(role) = role {
                users::add_assignment(&conn, &cli, u.id, &AssignmentInput { role, region_code: region, opd_id: opd })
                    .await
                    .map_err(explain)?;
            }
            println!("created user {} (id {})", u.username, u.id);
        }
        UserCommand::Passwd { username } => {
            let u = users::by_username(&conn, &username).await.map_err(explain)?;
            let password = read_password("Kata sandi baru / new password: ")?;
            users::set_password(&conn, &cli, u.id, &password, None).await.map_err(explain)?;
            println!("password changed for {username}");
        }
        UserCommand::List => {
            println!("{:<24} {:<36} {:<8} roles", "username", "name", "status");
            for row in users::list(&conn).await? {
                let roles: Vec<String> = row
                    .assignments
                    .iter()
                    .map(|a| {
                        format!("{}{}", a.role, a.region_code.as_ref().map(|c| format!("@{c}")).unwrap_or_default())
                    })
                    .collect();
                let status = if row.user.disabled { "disabled" } else { "active" };
                println!("{:<24} {:<36} {:<8} {}", row.user.username, row.user.display_name, status, roles.join(", "));
            }
        }
        UserCommand::Disable { username, enable } => {
            let u = users::by_username(&conn, &username).await.map_err(explain)?;
            users::set_disabled(&conn, &cli, u.id, !enable).await?;
            println!("{username} {}", if enable { "enabled" } else { "disabled" });
        }
    }
    Ok(())
}

async fn backup(settings: Settings, file: PathBuf) -> Result<()> {
    match db::Backend::from_url(&settings.database_url) {
        Some(db::Backend::Postgres) => {
            println!("PostgreSQL databases are backed up with pg_dump, for example:");
            println!("  pg_dump --format=custom --file={} \"{}\"", file.display(), settings.database_url);
            println!("and restored with: pg_restore --clean --dbname=\"…\" {}", file.display());
            Ok(())
        }
        _ => {
            let conn = db::connect(&settings.database_url).await?;
            let target = file.to_str().context("the backup path must be valid UTF-8")?;
            db::backup_sqlite(&conn, target).await?;
            if !db::integrity_ok(&db::connect(&format!("sqlite://{target}")).await?).await? {
                bail!("the copy at {target} failed its integrity check");
            }
            println!("backup written to {target} (integrity check passed)");
            Ok(())
        }
    }
}

/// Print a region's plan-check findings; status 1 when any is an error.
async fn check(settings: Settings, code: &str, format: CheckFormat, lang: &str) -> Result<std::process::ExitCode> {
    let conn = db::connect(&settings.database_url).await?;
    let region = match kotacerdas_store::region::regions::by_code(&conn, code).await {
        Ok(r) => r,
        Err(StoreError::NotFound) => bail!("no region with code {code}"),
        Err(e) => return Err(e.into()),
    };
    let findings = kotacerdas_store::plan::checks::run(&conn, region.id).await?;
    let dto = kotacerdas_web::api::plan::checks_dto(&findings, lang);
    match format {
        CheckFormat::Json => println!("{}", serde_json::to_string_pretty(&dto)?),
        CheckFormat::Text => {
            for f in &dto.findings {
                println!("{} {:<7} {}", f.rule, f.severity, f.message);
            }
            println!("{}: {} error(s), {} warning(s)", region.name, dto.errors, dto.warnings);
        }
    }
    Ok(if dto.errors > 0 { std::process::ExitCode::from(1) } else { std::process::ExitCode::SUCCESS })
}
