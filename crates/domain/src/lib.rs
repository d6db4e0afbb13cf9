//! The kotacerdas domain: what a Smart City masterplan cycle is made of, independent of storage
//! and transport. Every rule that decides "may this happen?" lives here so that the web pages,
//! the JSON API and the CLI cannot disagree.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

/// A closed set of codes with Indonesian and English labels.
macro_rules! code_enum {
    ($name:ident { $($variant:ident = $code:literal / $id:literal / $en:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $code),+ } }
            pub fn parse(s: &str) -> Option<Self> { Self::ALL.iter().copied().find(|x| x.as_str() == s) }
            pub fn label(self, lang: &str) -> &'static str {
                match (self, lang) { $(($name::$variant, "en") => $en, ($name::$variant, _) => $id),+ }
            }
        }
    };
}

pub mod access;
pub mod account;
pub mod analysis;
pub mod analysis_input;
pub mod checks;
pub mod csv;
pub mod evaluation;
pub mod format;
pub mod framework;
pub mod govcode;
pub mod monitoring;
pub mod narrative;
pub mod national;
pub mod participation;
pub mod plan;
pub mod printable;
pub mod programme;
pub mod programme_input;
pub mod quickwin;
pub mod readiness;
pub mod redirect;
pub mod region;
pub mod stage;
pub mod validate;
pub mod versions;

pub use access::{Assignment, Principal, Role};
pub use stage::{StageAction, StageStatus};
