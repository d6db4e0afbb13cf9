//! The one catalogue of user-facing text: Indonesian first, English too.
//!
//! Messages live in `locales/{id,en}/*.ftl` and are compiled into the binary:
//! - `main.ftl`: the web pages;
//! - `labels.ftl`: the labels of the domain's coded values (`code_enum!`), keys `{area}-{code}`;
//! - `documents.ftl`: the printed masterplan book (PDF and DOCX).
//!
//! `domain`, `documents` and `web` all look text up here, so every text is written once per
//! language and the test below keeps the two languages in step. Numbers and dates are formatted
//! by the caller (`kotacerdas_domain::format`) and passed in as text.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use std::borrow::Cow;
use std::collections::HashMap;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "id",
        // No Unicode isolation marks around arguments: they show up in plain-text contexts.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The two languages. The discriminant is the language's index in [`Lang::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Id = 0,
    En = 1,
}

impl Lang {
    /// Indonesian first.
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    /// A language from what a person or a browser asked for ("en", "en-GB", "EN"); Indonesian
    /// otherwise.
    pub fn parse(s: &str) -> Lang {
        if s.trim().to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Id
        }
    }

    /// A language from a stored or internal code: exactly "en" is English, anything else
    /// Indonesian.
    pub fn from_code(code: &str) -> Lang {
        if code == "en" {
            Lang::En
        } else {
            Lang::Id
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    fn ident(self) -> LanguageIdentifier {
        match self {
            Lang::Id => fluent_templates::langid!("id"),
            Lang::En => fluent_templates::langid!("en"),
        }
    }

    /// A message without arguments.
    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(&self.ident(), key)
    }

    /// A message with one numeric argument `$n` (for plural selection).
    pub fn tn(self, key: &str, n: i64) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert(Cow::Borrowed("n"), FluentValue::from(n));
        LOCALES.lookup_complete(&self.ident(), key, Some(&args))
    }

    /// A message with one text argument `$v`.
    pub fn tv(self, key: &str, v: &str) -> String {
        self.ta(key, &[("v", v)])
    }

    /// A message with named text arguments, already formatted by the caller.
    pub fn ta(self, key: &str, args: &[(&'static str, &str)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> =
            args.iter().map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.to_string()))).collect();
        LOCALES.lookup_complete(&self.ident(), key, Some(&args))
    }

    /// Whether a key exists (in this language or, failing that, in Indonesian).
    pub fn has(self, key: &str) -> bool {
        LOCALES.try_lookup(&self.ident(), key).is_some()
    }

    /// Whether this very language has the key as a message without arguments (no fallback to
    /// Indonesian): what the test of the domain's labels asks.
    pub fn defines(self, key: &str) -> bool {
        LOCALES.lookup_single_language::<String>(&self.ident(), key, None).is_ok()
    }
}

#[cfg(test)]
mod tests;
