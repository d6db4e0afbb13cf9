//! Kinds of region, council helices and bodies a person can belong to.

use serde::{Deserialize, Serialize};

macro_rules! code_enum {
    ($name:ident { $($variant:ident = $code:literal / $id:literal / $en:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

code_enum!(RegionKind {
    Kota = "kota" / "Kota" / "City",
    Kabupaten = "kabupaten" / "Kabupaten" / "Regency",
    Provinsi = "provinsi" / "Provinsi" / "Province",
});

code_enum!(Helix {
    Government = "government" / "Pemerintah" / "Government",
    Business = "business" / "Bisnis" / "Business",
    Academia = "academia" / "Akademisi" / "Academia",
    Community = "community" / "Komunitas" / "Community",
    Media = "media" / "Media" / "Media",
});

code_enum!(Body {
    Dewan = "dewan" / "Dewan Smart City" / "Smart City Council",
    Tim = "tim" / "Tim Pelaksana" / "Implementation Team",
});

/// Population class of the Indeks Kota Cerdas Indonesia.
pub fn population_class(population: i64) -> &'static str {
    match population {
        p if p > 1_000_000 => "> 1 juta",
        p if p > 500_000 => "0,5–1 juta",
        p if p > 100_000 => "0,1–0,5 juta",
        _ => "≤ 0,1 juta",
    }
}
