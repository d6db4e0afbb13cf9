//! Settings: built-in defaults, then `kotacerdas.toml` (if present), then environment variables,
//! then command-line flags. A bad value stops start-up with a message naming the setting.

use anyhow::{anyhow, bail, Context, Result};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::Path;

#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: String,
    pub bind: SocketAddr,
    /// Where uploaded files are: the `storage` setting, else (see [`Settings::resolve_storage`])
    /// beside the SQLite file or in the user's data directory.
    pub storage: String,
    /// The `storage` setting when one is given (a relative path in the file is taken relative
    /// to the file, not to wherever the command runs).
    storage_setting: Option<String>,
    pub secure_cookies: bool,
    pub session_idle_minutes: u64,
    pub trust_proxy: bool,
    pub log_format: LogFormat,
    /// `smtp://` or `smtps://` URL of the mail server; reminders go out by e-mail only when set.
    pub smtp: Option<String>,
    pub smtp_from: String,
    /// The address people reach the server at, for links in e-mails.
    pub public_url: String,
    /// Whether `public_url` was set (not the default from `bind`): the open-data catalog then
    /// uses it for its links, else the request's `Host`.
    pub public_url_set: bool,
    /// A bearer token that opens `/metrics` from anywhere; without one only loopback may read it.
    pub metrics_token: Option<String>,
    /// PostgreSQL connections this server holds (SQLite: one writer and a read pool by cores).
    pub database_pool: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// The file's shape; every key optional, unknown keys refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    database_url: Option<String>,
    bind: Option<String>,
    storage: Option<String>,
    secure_cookies: Option<bool>,
    session_idle_minutes: Option<u64>,
    trust_proxy: Option<bool>,
    log_format: Option<String>,
    smtp: Option<String>,
    smtp_from: Option<String>,
    public_url: Option<String>,
    metrics_token: Option<String>,
    database_pool: Option<u32>,
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://kotacerdas.db";

impl Settings {
    /// Load from `file` (if it exists; an explicitly named file must exist) and the environment.
    pub fn load(file: Option<&Path>, env: &dyn Fn(&str) -> Option<String>) -> Result<Settings> {
        let (path, must_exist) = match file {
            Some(p) => (p.to_path_buf(), true),
            None => (Path::new("kotacerdas.toml").to_path_buf(), false),
        };
        let fs: FileSettings = if path.exists() {
            let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            toml::from_str(&text).map_err(|e| anyhow!("{}: {}", path.display(), e.message()))?
        } else if must_exist {
            bail!("configuration file {} does not exist", path.display());
        } else {
            FileSettings::default()
        };
        let pick = |name: &str, from_file: Option<String>| -> Option<(String, String)> {
            let var = format!("KOTACERDAS_{}", name.to_uppercase());
            match env(&var) {
                Some(v) => Some((v, var)),
                None => from_file.map(|v| (v, format!("{name} in {}", path.display()))),
            }
        };
        let database_url = match pick("database_url", fs.database_url) {
            Some((v, src)) => {
                if kotacerdas_store::db::Backend::from_url(&v).is_none() {
                    bail!("setting database_url ({src}): {v:?} must start with sqlite:// or postgres://");
                }
                v
            }
            None => DEFAULT_DATABASE_URL.to_string(),
        };
        let bind = match pick("bind", fs.bind) {
            Some((v, src)) => {
                v.parse().map_err(|_| anyhow!("setting bind ({src}): {v:?} is not an address like 127.0.0.1:8080"))?
            }
            None => SocketAddr::from(([127, 0, 0, 1], 8080)),
        };
        let from_env = env("KOTACERDAS_STORAGE").is_some();
        let storage_setting = pick("storage", fs.storage).map(|(v, _)| {
            let relative = !v.contains("://") && Path::new(&v).is_relative();
            match path.parent() {
                Some(dir) if relative && !from_env => dir.join(&v).to_string_lossy().into_owned(),
                _ => v,
            }
        });
        let bool_setting = |name: &str, from_file: Option<bool>| -> Result<bool> {
            match pick(name, from_file.map(|b| b.to_string())) {
                Some((v, src)) => match v.trim().to_ascii_lowercase().as_str() {
                    "1" | "true" | "yes" | "on" => Ok(true),
                    "0" | "false" | "no" | "off" => Ok(false),
                    _ => bail!("setting {name} ({src}): {v:?} is not true or false"),
                },
                None => Ok(false),
            }
        };
        let secure_cookies = bool_setting("secure_cookies", fs.secure_cookies)?;
        let trust_proxy = bool_setting("trust_proxy", fs.trust_proxy)?;
        let session_idle_minutes = match pick("session_idle_minutes", fs.session_idle_minutes.map(|m| m.to_string())) {
            Some((v, src)) => match v.trim().parse::<u64>() {
                Ok(m) if (5..=10_080).contains(&m) => m,
                _ => bail!(
                    "setting session_idle_minutes ({src}): {v:?} must be a whole number of minutes from 5 to 10080"
                ),
            },
            None => 480,
        };
        let log_format = match pick("log_format", fs.log_format) {
            Some((v, src)) => match v.as_str() {
                "text" => LogFormat::Text,
                "json" => LogFormat::Json,
                _ => bail!("setting log_format ({src}): {v:?} must be text or json"),
            },
            None => LogFormat::Text,
        };
        let smtp = match pick("smtp", fs.smtp) {
            Some((v, src)) if !v.starts_with("smtp://") && !v.starts_with("smtps://") => {
                bail!("setting smtp ({src}): {v:?} must start with smtp:// or smtps://")
            }
            Some((v, _)) if v.trim().is_empty() => None,
            other => other.map(|(v, _)| v),
        };
        let smtp_from =
            pick("smtp_from", fs.smtp_from).map(|(v, _)| v).unwrap_or_else(|| "kotacerdas <noreply@localhost>".into());
        let public_url = pick("public_url", fs.public_url).map(|(v, _)| v.trim_end_matches('/').to_string());
        let public_url_set = public_url.is_some();
        let public_url = public_url.unwrap_or_else(|| format!("http://{bind}"));
        let metrics_token = match pick("metrics_token", fs.metrics_token) {
            Some((v, src)) if v.trim().len() < 16 => {
                bail!("setting metrics_token ({src}): use at least 16 characters (a random string)")
            }
            other => other.map(|(v, _)| v.trim().to_string()),
        };
        let database_pool = match pick("database_pool", fs.database_pool.map(|n| n.to_string())) {
            Some((v, src)) => match v.trim().parse::<u32>() {
                Ok(n) if (1..=500).contains(&n) => n,
                _ => bail!("setting database_pool ({src}): {v:?} must be a whole number of connections from 1 to 500"),
            },
            None => kotacerdas_store::db::DEFAULT_POOL,
        };
        Ok(Settings {
            metrics_token,
            database_pool,
            database_url,
            bind,
            storage: String::new(),
            storage_setting,
            secure_cookies,
            session_idle_minutes,
            trust_proxy,
            log_format,
            smtp,
            smtp_from,
            public_url,
            public_url_set,
        })
    }
}

/// The old default upload directory, relative to the working directory. Kept only to find the
/// files of installations made before the default moved beside the database.
pub const LEGACY_STORAGE: &str = "kotacerdas-files";

impl Settings {
    /// Settle `storage` once `database_url` is final. Without a `storage` setting the files are
    /// beside the SQLite file (`/srv/kc.db` → `/srv/kc-files`), or for PostgreSQL in
    /// `$XDG_DATA_HOME/kotacerdas/files` (`~/.local/share/kotacerdas/files`) — absolute either
    /// way, so every command finds them wherever it runs. An installation from before keeps its
    /// files in `kotacerdas-files` under the directory the server was started in: when that
    /// folder holds files and the new place does not exist, it is used; the returned warning
    /// says so and how to move it.
    pub fn resolve_storage(&mut self, cwd: &Path, env: &dyn Fn(&str) -> Option<String>) -> Result<Option<String>> {
        if let Some(s) = &self.storage_setting {
            self.storage = s.clone();
            return Ok(None);
        }
        let sqlite = kotacerdas_store::db::sqlite_path(&self.database_url)
            .filter(|p| !p.is_empty() && !p.starts_with(':'))
            .map(|p| cwd.join(p));
        let default = match &sqlite {
            Some(db) => {
                let stem =
                    db.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "kotacerdas".into());
                db.parent().unwrap_or(cwd).join(format!("{stem}-files"))
            }
            None => {
                let data = env("XDG_DATA_HOME")
                    .filter(|d| Path::new(d).is_absolute())
                    .map(std::path::PathBuf::from)
                    .or_else(|| env("HOME").map(|h| Path::new(&h).join(".local/share")));
                // No home (a bare service account): no default; opening the storage then says to
                // set it, and commands without files still run.
                match data {
                    Some(d) => d.join("kotacerdas").join("files"),
                    None => {
                        self.storage = String::new();
                        return Ok(None);
                    }
                }
            }
        };
        let mut legacy = vec![cwd.join(LEGACY_STORAGE)];
        if let Some(dir) = sqlite.as_ref().and_then(|db| db.parent()) {
            legacy.insert(0, dir.join(LEGACY_STORAGE));
        }
        let holds_files = |d: &Path| std::fs::read_dir(d).is_ok_and(|mut entries| entries.next().is_some());
        let old = legacy.into_iter().find(|l| *l != default && holds_files(l));
        let (chosen, warning) = match old {
            Some(old) if !default.exists() => {
                let warning = format!(
                    "uploaded files are read from {}, the old default folder (relative to where kotacerdas was \
                     started); the default is now {}. Move the folder there, or set storage = \"{}\" in \
                     kotacerdas.toml (or KOTACERDAS_STORAGE), to silence this warning",
                    old.display(),
                    default.display(),
                    old.display()
                );
                (old, Some(warning))
            }
            _ => (default, None),
        };
        self.storage = chosen.to_string_lossy().into_owned();
        Ok(warning)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(vars: &[(&str, &str)]) -> Result<Settings> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Settings::load(None, &|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_and_overrides() {
        let s = load(&[]).unwrap();
        assert_eq!(s.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(s.bind.to_string(), "127.0.0.1:8080");
        let s = load(&[("KOTACERDAS_BIND", "0.0.0.0:9000"), ("KOTACERDAS_SECURE_COOKIES", "yes")]).unwrap();
        assert_eq!(s.bind.port(), 9000);
        assert!(s.secure_cookies);
    }

    #[test]
    fn bad_values_name_the_setting() {
        let e = load(&[("KOTACERDAS_BIND", "localhost")]).unwrap_err().to_string();
        assert!(e.contains("bind") && e.contains("KOTACERDAS_BIND"), "{e}");
        let e = load(&[("KOTACERDAS_DATABASE_URL", "mysql://x")]).unwrap_err().to_string();
        assert!(e.contains("database_url"), "{e}");
        let e = load(&[("KOTACERDAS_SESSION_IDLE_MINUTES", "0")]).unwrap_err().to_string();
        assert!(e.contains("session_idle_minutes"), "{e}");
    }

    #[test]
    fn unknown_file_keys_are_refused() {
        let dir = std::env::temp_dir().join(format!("kc-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("kotacerdas.toml");
        std::fs::write(&f, "bnid = \"127.0.0.1:1\"\n").unwrap();
        let e = Settings::load(Some(&f), &|_| None).unwrap_err().to_string();
        assert!(e.contains("bnid"), "{e}");
        std::fs::write(&f, "bind = \"127.0.0.1:8181\"\n").unwrap();
        assert_eq!(Settings::load(Some(&f), &|_| None).unwrap().bind.port(), 8181);
    }

    #[test]
    fn files_default_beside_the_database_and_old_folders_are_kept() {
        let root = std::env::temp_dir().join(format!("kc-storage-{}", std::process::id()));
        let (srv, elsewhere) = (root.join("srv"), root.join("home"));
        std::fs::create_dir_all(&srv).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        let no_env = |_: &str| None;
        let mut s = load(&[]).unwrap();
        s.database_url = format!("sqlite://{}/kc.db", srv.display());
        assert_eq!(s.resolve_storage(&elsewhere, &no_env).unwrap(), None);
        assert_eq!(Path::new(&s.storage), srv.join("kc-files"));
        // A relative database path is relative to the working directory, and so are its files.
        s.database_url = "sqlite://kotacerdas.db?mode=rwc".into();
        s.resolve_storage(&srv, &no_env).unwrap();
        assert_eq!(Path::new(&s.storage), srv.join("kotacerdas-files"));
        // PostgreSQL: the user's data directory, or a clear error.
        s.database_url = "postgres://localhost/kc".into();
        s.resolve_storage(&elsewhere, &|k| (k == "HOME").then(|| "/home/kc".to_string())).unwrap();
        assert_eq!(s.storage, "/home/kc/.local/share/kotacerdas/files");
        s.resolve_storage(&elsewhere, &|k| (k == "XDG_DATA_HOME").then(|| "/data".to_string())).unwrap();
        assert_eq!(s.storage, "/data/kotacerdas/files");
        assert_eq!(s.resolve_storage(&elsewhere, &no_env).unwrap(), None);
        assert_eq!(s.storage, "");
        // An old installation: files in ./kotacerdas-files where the server ran, none at the new place.
        std::fs::create_dir_all(srv.join("kotacerdas-files/uploads")).unwrap();
        s.database_url = format!("sqlite://{}/kc.db", srv.display());
        let w = s.resolve_storage(&srv, &no_env).unwrap().expect("a warning");
        assert_eq!(Path::new(&s.storage), srv.join("kotacerdas-files"));
        assert!(w.contains("old default folder") && w.contains("kc-files"), "{w}");
        // Found beside the database from elsewhere too.
        s.resolve_storage(&elsewhere, &no_env).unwrap().expect("a warning");
        assert_eq!(Path::new(&s.storage), srv.join("kotacerdas-files"));
        // An empty old folder (left behind by an old command) is not taken; the new place, once
        // it exists, wins.
        std::fs::create_dir_all(elsewhere.join("kotacerdas-files")).unwrap();
        std::fs::create_dir_all(srv.join("kc-files")).unwrap();
        assert_eq!(s.resolve_storage(&elsewhere, &no_env).unwrap(), None);
        assert_eq!(Path::new(&s.storage), srv.join("kc-files"));
        // A setting always wins; a relative one in the file is relative to the file.
        let f = srv.join("kotacerdas.toml");
        std::fs::write(&f, "storage = \"uploads\"\n").unwrap();
        let mut s = Settings::load(Some(&f), &no_env).unwrap();
        assert_eq!(s.resolve_storage(&elsewhere, &no_env).unwrap(), None);
        assert_eq!(Path::new(&s.storage), srv.join("uploads"));
        let _ = std::fs::remove_dir_all(&root);
    }
}
