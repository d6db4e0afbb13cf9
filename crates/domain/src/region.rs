//! Kinds of region, council helices and bodies a person can belong to.

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
