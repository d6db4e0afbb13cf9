//! The command line: migrate, user management, backup and configuration errors, run as a real
//! process on a fresh SQLite file (and on PostgreSQL where the command applies to it).

use crate::harness::{fresh_database, temp_dir, Backend};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn kotacerdas(dir: &Path, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kotacerdas"));
    cmd.current_dir(dir).args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run kotacerdas");
    if let Some(input) = stdin {
        child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    }
    child.wait_with_output().expect("wait")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

async fn user_commands_on(backend: Backend) {
    let dir = temp_dir("cli");
    let url = fresh_database(backend).await;
    let db = ["--database-url", url.as_str()];
    let run = |args: &[&str], stdin: Option<&str>| {
        let all: Vec<&str> = db.iter().copied().chain(args.iter().copied()).collect();
        kotacerdas(&dir, &all, stdin, &[])
    };
    let o = run(&["migrate"], None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("applied m0001_foundation"), "{}", text(&o));
    assert!(text(&run(&["migrate"], None)).contains("up to date"));

    let o = run(
        &["user", "add", "budi", "--name", "Budi Santoso", "--role", "programme_admin"],
        Some("rahasia-sekali-123\n"),
    );
    assert!(o.status.success(), "{}", text(&o));
    // A weak password is refused with the rule, and nothing is created.
    let o = run(&["user", "add", "ani", "--name", "Ani"], Some("pendek\n"));
    assert!(!o.status.success());
    assert!(text(&o).contains("at least 10 characters"), "{}", text(&o));
    // A role that needs a region, without one.
    let o = run(&["user", "add", "citra", "--name", "Citra", "--role", "region_admin"], Some("rahasia-sekali-123\n"));
    assert!(!o.status.success());
    assert!(text(&o).contains("region_code"), "{}", text(&o));

    let list = text(&run(&["user", "list"], None));
    assert!(list.contains("budi") && list.contains("programme_admin") && !list.contains("\nani "), "{list}");

    assert!(run(&["user", "passwd", "budi"], Some("kata-sandi-baru-456\n")).status.success());
    let conn = kotacerdas_store::db::connect(&url).await.expect("connect");
    let budi = kotacerdas_store::accounts::users::by_username(&conn, "budi").await.expect("budi");
    assert!(kotacerdas_store::accounts::users::verify_password(&budi.password_hash, "kata-sandi-baru-456"));

    assert!(run(&["user", "disable", "budi"], None).status.success());
    assert!(text(&run(&["user", "list"], None)).contains("disabled"));
    assert!(!run(&["user", "disable", "nobody"], None).status.success());

    // Every CLI change is audited too.
    let (rows, _) = kotacerdas_store::audit::list(&conn, &Default::default()).await.expect("audit");
    let actions: Vec<&str> = rows.iter().filter(|r| r.actor_name == "cli").map(|r| r.action.as_str()).collect();
    for a in ["create", "password", "disable"] {
        assert!(actions.contains(&a), "{actions:?}");
    }
}

#[tokio::test]
async fn user_commands_sqlite() {
    user_commands_on(Backend::Sqlite).await;
}

#[tokio::test]
async fn user_commands_postgres() {
    user_commands_on(Backend::Postgres).await;
}

#[tokio::test]
async fn backup_makes_a_consistent_copy() {
    let dir = temp_dir("backup");
    let url = format!("sqlite://{}/live.db", dir.display());
    let o = kotacerdas(
        &dir,
        &["--database-url", &url, "user", "add", "budi", "--name", "Budi"],
        Some("rahasia-sekali-123\n"),
        &[],
    );
    assert!(o.status.success(), "{}", text(&o));
    let target = dir.join("copy.db");
    let o = kotacerdas(&dir, &["--database-url", &url, "backup", target.to_str().expect("utf-8")], None, &[]);
    assert!(o.status.success(), "{}", text(&o));
    let copy = kotacerdas_store::db::connect(&format!("sqlite://{}", target.display())).await.expect("open copy");
    assert!(kotacerdas_store::db::integrity_ok(&copy).await.expect("check"));
    assert!(kotacerdas_store::accounts::users::by_username(&copy, "budi").await.is_ok());
    // Never overwrite an existing file.
    let o = kotacerdas(&dir, &["--database-url", &url, "backup", target.to_str().expect("utf-8")], None, &[]);
    assert!(!o.status.success() && text(&o).contains("exists already"), "{}", text(&o));
    // PostgreSQL: explain pg_dump.
    let o =
        kotacerdas(&dir, &["--database-url", "postgres://postgres@127.0.0.1:5432/x", "backup", "x.dump"], None, &[]);
    assert!(o.status.success() && text(&o).contains("pg_dump"), "{}", text(&o));
}

#[test]
fn bad_settings_stop_start_up_naming_the_setting() {
    let dir = temp_dir("config");
    let o = kotacerdas(&dir, &["serve"], None, &[("KOTACERDAS_BIND", "not-an-address")]);
    assert!(!o.status.success());
    assert!(text(&o).contains("setting bind (KOTACERDAS_BIND)"), "{}", text(&o));
    std::fs::write(dir.join("kotacerdas.toml"), "session_idle_minutes = 0\n").expect("write");
    let o = kotacerdas(&dir, &["serve"], None, &[]);
    assert!(!o.status.success());
    assert!(text(&o).contains("session_idle_minutes"), "{}", text(&o));
    std::fs::write(dir.join("kotacerdas.toml"), "databse_url = \"sqlite://x.db\"\n").expect("write");
    let o = kotacerdas(&dir, &["migrate"], None, &[]);
    assert!(!o.status.success() && text(&o).contains("databse_url"), "{}", text(&o));
    let o = kotacerdas(&dir, &["--database-url", "mysql://x", "migrate"], None, &[]);
    assert!(!o.status.success() && text(&o).contains("database_url"), "{}", text(&o));
}
