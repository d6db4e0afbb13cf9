//! The kotacerdas domain: what a Smart City masterplan cycle is made of, independent of storage
//! and transport. Every rule that decides "may this happen?" lives here so that the web pages,
//! the JSON API and the CLI cannot disagree.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

/// A closed set of codes, each with a label in Indonesian and English. The labels live in the
/// one catalogue (`kotacerdas-i18n`, `locales/*/labels.ftl`) under the key `{area}-{code}`:
/// `code_enum!(Rag "rag" { Green = "green", … })` labels `Rag::Green` with `rag-green`.
macro_rules! code_enum {
    ($name:ident $area:literal { $($variant:ident = $code:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $code),+ } }
            pub fn parse(s: &str) -> Option<Self> { Self::ALL.iter().copied().find(|x| x.as_str() == s) }
            /// The catalogue key of the label.
            pub fn label_key(self) -> &'static str {
                match self { $($name::$variant => concat!($area, "-", $code)),+ }
            }
            /// The label in `lang` ("en" English, anything else Indonesian), looked up in the
            /// catalogue once per language and kept.
            pub fn label(self, lang: &str) -> &'static str {
                static LABELS: std::sync::OnceLock<[Vec<String>; 2]> = std::sync::OnceLock::new();
                let labels = LABELS.get_or_init(|| {
                    kotacerdas_i18n::Lang::ALL.map(|l| Self::ALL.iter().map(|v| l.t(v.label_key())).collect())
                });
                let lang = kotacerdas_i18n::Lang::from_code(lang);
                labels[lang as usize].get(self as usize).map(String::as_str).unwrap_or_default()
            }
        }
    };
}

pub mod access;
pub mod analysis;
pub mod checks;
pub mod csv;
pub mod evaluation;
pub mod format;
pub mod framework;
pub mod govcode;
pub mod monitoring;
pub mod narrative;
pub mod participation;
pub mod plan;
pub mod printable;
pub mod programme;
pub mod quickwin;
pub mod readiness;
pub mod redirect;
pub mod region;
pub mod stage;
pub mod validate;
pub mod versions;

pub use access::{Assignment, Principal, Role};
pub use stage::{StageAction, StageStatus};
