//! Indonesian first, English too. Message texts live in `locales/{id,en}/main.ftl`.

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

/// The two languages of the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Lang {
        if s.trim().to_ascii_lowercase().starts_with("en") {
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

    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(&self.ident(), key)
    }

    /// A message with one numeric argument `$n`.
    pub fn tn(self, key: &str, n: i64) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert(Cow::Borrowed("n"), FluentValue::from(n));
        LOCALES.lookup_complete(&self.ident(), key, Some(&args))
    }

    /// A message with one text argument `$v`.
    pub fn tv(self, key: &str, v: &str) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert(Cow::Borrowed("v"), FluentValue::from(v.to_string()));
        LOCALES.lookup_complete(&self.ident(), key, Some(&args))
    }

    /// Whether a key exists in this language (used by the test that both files are complete).
    pub fn has(self, key: &str) -> bool {
        LOCALES.try_lookup(&self.ident(), key).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    /// fluent-templates refuses a bundle with a repeated key at the first lookup (a panic in
    /// production); catch it here, and keep both languages' key sets equal.
    #[test]
    fn keys_are_unique_and_in_both_languages() {
        let keys = |src: &str| -> Vec<String> {
            src.lines()
                .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
                .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_string()))
                .collect()
        };
        let id = keys(include_str!("../locales/id/main.ftl"));
        let en = keys(include_str!("../locales/en/main.ftl"));
        for (name, list) in [("id", &id), ("en", &en)] {
            let mut seen = std::collections::HashSet::new();
            let dups: Vec<&String> = list.iter().filter(|k| !seen.insert(*k)).collect();
            assert!(dups.is_empty(), "{name}: repeated keys {dups:?}");
        }
        let (a, b): (std::collections::BTreeSet<_>, std::collections::BTreeSet<_>) =
            (id.iter().collect(), en.iter().collect());
        assert_eq!(a.difference(&b).collect::<Vec<_>>(), Vec::<&&String>::new(), "only in id");
        assert_eq!(b.difference(&a).collect::<Vec<_>>(), Vec::<&&String>::new(), "only in en");
        assert_eq!(Lang::Id.t("book-title"), "Buku masterplan");
    }
}
