//! Kinds of region, council helices and bodies a person can belong to.

code_enum!(RegionKind "region-kind" {
    Kota = "kota",
    Kabupaten = "kabupaten",
    Provinsi = "provinsi",
});

code_enum!(Helix "helix" {
    Government = "government",
    Business = "business",
    Academia = "academia",
    Community = "community",
    Media = "media",
});

code_enum!(Body "body" {
    Dewan = "dewan",
    Tim = "tim",
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
