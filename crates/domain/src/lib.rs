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
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
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
pub mod account;
pub mod alignment;
pub mod analysis;
pub mod analysis_input;
pub mod checks;
pub mod cohort;
pub mod csv;
pub mod data_yardstick;
pub mod edition;
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
pub mod reach;
pub mod readiness;
pub mod redirect;
pub mod region;
pub mod rkpd;
pub mod stage;
pub mod tasks;
pub mod validate;
pub mod versions;
pub mod workshop;

pub use access::{Assignment, Principal, Role};
pub use stage::{StageAction, StageStatus};

/// Every coded value of the domain as (type, code, label key), for the checks that a list of
/// labels is complete and that no raw code reaches a page, a document or an export untranslated.
pub fn coded_values() -> Vec<(&'static str, &'static str, &'static str)> {
    macro_rules! all {
        ($($t:ty),+ $(,)?) => {{
            let mut v = Vec::new();
            $(for x in <$t>::ALL {
                v.push((stringify!($t), x.as_str(), x.label_key()));
            })+
            v
        }};
    }
    all![
        crate::analysis::ProblemKind,
        crate::alignment::Funding,
        crate::alignment::LinkKind,
        crate::rkpd::Field,
        crate::cohort::Track,
        crate::cohort::Decision,
        crate::analysis::AppStatus,
        crate::analysis::Hosting,
        crate::analysis::Frequency,
        crate::data_yardstick::Topic,
        crate::analysis::SwotKind,
        crate::analysis::RegulationKind,
        crate::analysis::RegulationStatus,
        crate::analysis::Section,
        crate::evaluation::Verdict,
        crate::evaluation::Part,
        crate::govcode::CodeLevel,
        crate::monitoring::ProgrammeStatus,
        crate::monitoring::Rag,
        crate::narrative::Section,
        crate::participation::InputKind,
        crate::participation::Moderation,
        crate::participation::ShareStatus,
        crate::plan::PeriodKind,
        crate::plan::RpjmdLevel,
        crate::plan::VisionLevel,
        crate::programme::Horizon,
        crate::programme::FundingSource,
        crate::programme::KpiDirection,
        crate::region::RegionKind,
        crate::region::Helix,
        crate::region::Body,
        crate::region::MemberRole,
        crate::region::TimeZone,
        crate::versions::VersionStatus,
        crate::versions::VersionAction,
        crate::workshop::WorkshopMode,
        crate::workshop::WorkshopStatus,
        crate::workshop::SpeakerRole,
        crate::workshop::UnitKind,
        crate::workshop::ActionStatus,
        crate::workshop::CheckinMethod,
        crate::versions::RegulationType,
        crate::tasks::TaskKind,
    ]
}

#[cfg(test)]
mod tests {
    use kotacerdas_i18n::Lang;
    use std::path::Path;

    /// Every `code_enum!` of the crate with its label keys.
    fn label_keys() -> Vec<(&'static str, Vec<&'static str>)> {
        let mut out: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
        for (name, _, key) in crate::coded_values() {
            match out.last_mut() {
                Some((last, keys)) if *last == name => keys.push(key),
                _ => out.push((name, vec![key])),
            }
        }
        out
    }

    /// How many `code_enum!` invocations (at the start of a line) the sources hold, so that the
    /// list above cannot fall behind.
    fn declared(dir: &Path) -> usize {
        let needle = concat!("\ncode_enum", "!(");
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| match p.is_dir() {
                true => declared(&p),
                false => std::fs::read_to_string(&p).map(|s| s.matches(needle).count()).unwrap_or_default(),
            })
            .sum()
    }

    /// Every variant of every coded value has its label in both languages of the catalogue, and
    /// the catalogue's `labels.ftl` holds nothing else.
    #[test]
    fn every_coded_value_has_a_label_in_both_languages() {
        let all = label_keys();
        assert_eq!(
            all.len(),
            declared(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))),
            "list every code_enum!"
        );
        let mut missing = Vec::new();
        for (name, keys) in &all {
            for key in keys {
                for lang in Lang::ALL {
                    if !lang.defines(key) {
                        missing.push(format!("{name}: {key} ({})", lang.code()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "labels missing from the catalogue: {missing:?}");
        let ours: std::collections::BTreeSet<&str> = all.iter().flat_map(|(_, k)| k.iter().copied()).collect();
        for lang in Lang::ALL {
            let file = format!("{}/../i18n/locales/{}/labels.ftl", env!("CARGO_MANIFEST_DIR"), lang.code());
            let text = std::fs::read_to_string(file).unwrap();
            let stray: Vec<&str> = text
                .lines()
                .filter_map(|l| l.split_once(" = ").map(|(k, _)| k))
                .filter(|k| !k.starts_with('#') && !ours.contains(k))
                .collect();
            assert!(stray.is_empty(), "{}: labels.ftl keys of no coded value: {stray:?}", lang.code());
        }
        assert_eq!(crate::monitoring::Rag::NoData.label("en"), "No data");
        assert_eq!(crate::programme::Horizon::QuickWin.label("id"), "Quick Win (≤ 12 bulan)");
    }
}
