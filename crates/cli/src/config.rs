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
    pub storage: String,
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
        let storage = pick("storage", fs.storage).map(|(v, _)| v).unwrap_or_else(|| "kotacerdas-files".to_string());
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
        Ok(Settings {
            metrics_token,
            database_url,
            bind,
            storage,
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
}
