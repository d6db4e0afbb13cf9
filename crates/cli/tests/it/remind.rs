//! E-mail reminders: `kotacerdas remind` talks SMTP to a real TCP peer (a minimal SMTP server in
//! this test), writes to the planner whose reports are overdue, and does not repeat itself the
//! same day.

use crate::harness;

use std::process::Command;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// A minimal SMTP server that accepts everything and keeps the envelopes and messages.
async fn smtp_peer() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let log = log.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 test ESMTP\r\n").await;
                let mut in_data = false;
                let mut message = String::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            log.lock().expect("log").push(std::mem::take(&mut message));
                            let _ = write.write_all(b"250 OK queued\r\n").await;
                        } else {
                            message.push_str(&line);
                            message.push('\n');
                        }
                        continue;
                    }
                    let verb = line.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250-test\r\n250 8BITMIME\r\n",
                        "DATA" => {
                            in_data = true;
                            b"354 go ahead\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            break;
                        }
                        _ => {
                            log.lock().expect("log").push(line.clone());
                            b"250 OK\r\n"
                        }
                    };
                    let _ = write.write_all(reply).await;
                }
            });
        }
    });
    (port, seen)
}

/// Run `kotacerdas remind` off the async runtime (the SMTP peer lives on it).
async fn remind(app: &harness::TestApp, smtp: &str, extra: &[&str]) -> (bool, String) {
    let url = app.database_url.clone();
    let smtp = smtp.to_string();
    let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let mut args = vec!["--database-url".to_string(), url, "remind".into()];
        args.extend(extra);
        let out = Command::new(env!("CARGO_BIN_EXE_kotacerdas"))
            .args(&args)
            .env("KOTACERDAS_SMTP", smtp)
            .env("KOTACERDAS_SMTP_FROM", "Sekretariat Smart City <smartcity@contoh.go.id>")
            .output()
            .expect("run remind");
        (
            out.status.success(),
            format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
        )
    })
    .await
    .expect("join")
}

crate::both!(
    async fn overdue_planners_get_one_email_a_day(app: TestApp) {
        let (port, seen) = smtp_peer().await;
        let smtp = format!("smtp://127.0.0.1:{port}");
        let (ok, out) = remind(&app, &smtp, &["--dry-run"]).await;
        assert!(ok && out.contains("perencana.dinkes@contoh.go.id"), "{out}");
        assert!(seen.lock().expect("log").is_empty(), "a dry run sends nothing");
        let (ok, out) = remind(&app, &smtp, &[]).await;
        assert!(ok && out.contains("1 reminders sent"), "{out}");
        let log = seen.lock().expect("log").clone();
        assert!(log.iter().any(|l| l.contains("RCPT TO:<perencana.dinkes@contoh.go.id>")), "{log:?}");
        let message = log.iter().find(|l| l.contains("Subject:")).expect("a message");
        assert!(message.contains("Subject: Pengingat laporan pelaksanaan Kabupaten Sukamaju (2026)"), "{message}");
        // Once a day per planner and period.
        let (ok, out) = remind(&app, &smtp, &[]).await;
        assert!(ok && out.contains("0 reminders sent"), "{out}");
        // A wrong setting is named, not a crash.
        let (ok, out) = remind(&app, "mail.example.go.id", &[]).await;
        assert!(!ok && out.contains("setting smtp"), "{out}");
    }
);
