use super::*;
use std::collections::HashSet;

fn unique<'a>(codes: impl Iterator<Item = &'a str>) -> usize {
    let mut seen = HashSet::new();
    let mut n = 0;
    for c in codes {
        assert!(seen.insert(c), "duplicate code {c}");
        n += 1;
    }
    n
}

#[test]
fn counts_are_those_of_the_official_list() {
    // idn-area-data 4.0.1: 38 / 514 / 7,285 / 83,762. A refresh may move them a little, never
    // by much (a province is not created every year).
    let (p, r, d, v) = (provinces().len(), regencies().len(), districts().len(), villages().len());
    assert!((38..=40).contains(&p), "{p} provinces");
    assert!((500..=530).contains(&r), "{r} kabupaten/kota");
    assert!((7_000..=7_600).contains(&d), "{d} kecamatan");
    assert!((80_000..=86_000).contains(&v), "{v} desa/kelurahan");
    if version() == "4.0.1" {
        assert_eq!((p, r, d, v), (38, 514, 7_285, 83_762));
    }
}

#[test]
fn codes_are_unique_well_formed_and_under_an_existing_parent() {
    assert_eq!(unique(provinces().iter().map(|p| p.code)), provinces().len());
    assert_eq!(unique(regencies().iter().map(|p| p.code)), regencies().len());
    assert_eq!(unique(districts().iter().map(|p| p.code)), districts().len());
    assert_eq!(unique(villages().iter().map(|p| p.code)), villages().len());
    for p in provinces() {
        assert_eq!(canonical_code(p.code).as_deref(), Some(p.code));
        assert!(!p.name.is_empty());
    }
    for r in regencies() {
        assert_eq!(canonical_code(r.code).as_deref(), Some(r.code));
        assert!(r.code.starts_with(&format!("{}.", r.province_code)), "{}", r.code);
        assert!(province(r.province_code).is_some(), "{}", r.code);
        assert!(r.name.starts_with("Kabupaten ") || r.name.starts_with("Kota "), "{}", r.name);
    }
    for d in districts() {
        assert_eq!(canonical_code(d.code).as_deref(), Some(d.code));
        assert!(d.code.starts_with(&format!("{}.", d.regency_code)), "{}", d.code);
        assert!(regency(d.regency_code).is_some(), "{}", d.code);
        assert!(!d.name.is_empty(), "{}", d.code);
    }
    for v in villages() {
        assert_eq!(canonical_code(v.code).as_deref(), Some(v.code));
        assert!(v.code.starts_with(&format!("{}.", v.district_code)), "{}", v.code);
        assert!(!v.name.is_empty(), "{}", v.code);
    }
    // Every child found under its parent by the lookups the pages use.
    let under: usize = districts().iter().map(|d| villages_of(d.code).len()).sum();
    assert_eq!(under, villages().len());
    let under: usize = regencies().iter().map(|r| districts_of(r.code).len()).sum();
    assert_eq!(under, districts().len());
    let under: usize = provinces().iter().map(|p| regencies_of(p.code).len()).sum();
    assert_eq!(under, regencies().len());
}

#[test]
fn lookups_by_code_dotted_or_not() {
    assert_eq!(regency("32.73").map(|r| r.name), Some("Kota Bandung"));
    assert_eq!(regency("3273").map(|r| r.name), Some("Kota Bandung"));
    assert_eq!(regency(" 32.73 ").map(|r| r.kind()), Some(RegencyKind::Kota));
    assert_eq!(regency("32.04").map(|r| r.kind()), Some(RegencyKind::Kabupaten));
    assert_eq!(regency("31.71").map(|r| (r.kind(), r.bare_name())), Some((RegencyKind::Kota, "Jakarta Pusat")));
    assert_eq!(district("32.73.01").map(|d| d.name), Some("Sukasari"));
    assert_eq!(village("3273011001").map(|v| v.name), Some("Sukarasa"));
    assert!(village("32.73.01.1001").unwrap().is_kelurahan());
    assert_eq!(province("32").map(|p| p.name), Some("Jawa Barat"));
    assert_eq!(districts_of("3273").first().map(|d| d.code), Some("32.73.01"));
    let long = "9".repeat(500);
    for bad in ["", "99", "99.01", "32.7", "32..73", "x", "32.73.01.1001.1", "３２", long.as_str()] {
        assert!(regency(bad).is_none() && province(bad).is_none(), "{bad:?}");
        assert!(districts_of(bad).is_empty() && villages_of(bad).is_empty(), "{bad:?}");
    }
}

#[test]
fn quoted_names_are_read_whole() {
    assert!(villages().iter().any(|v| v.name == "Lubuk Pakam I,II"));
    assert!(districts().iter().any(|d| d.name == "Ra\"as"));
}

#[test]
fn canonical_codes() {
    assert_eq!(canonical_code("32").as_deref(), Some("32"));
    assert_eq!(canonical_code("3273").as_deref(), Some("32.73"));
    assert_eq!(canonical_code("327301").as_deref(), Some("32.73.01"));
    assert_eq!(canonical_code("3273011001").as_deref(), Some("32.73.01.1001"));
    for bad in ["327", "32730", "32.73.1", "3.273", "32-73", "", "  ", "32.73.01.1001.01"] {
        assert_eq!(canonical_code(bad), None, "{bad:?}");
    }
}

#[test]
fn official_regions_carry_name_kind_and_province() {
    let r = official_region("3273").unwrap();
    assert_eq!((r.code, r.name.as_str(), r.kind, r.province), ("32.73", "Kota Bandung", "kota", "Jawa Barat"));
    let p = official_region("32").unwrap();
    assert_eq!((p.name.as_str(), p.kind, p.province), ("Provinsi Jawa Barat", "provinsi", "Jawa Barat"));
    assert_eq!(official_region("99.01"), None);
    assert_eq!(official_region("32.73.01"), None, "a kecamatan is not a region of the programme");
}

#[test]
fn search_by_name_with_or_without_kind() {
    let names = |q: &str| search_regencies(q, 10).iter().map(|r| r.name).collect::<Vec<_>>();
    assert_eq!(names("kota bandung"), vec!["Kota Bandung"]);
    assert_eq!(names("Kota Bandung")[0], "Kota Bandung");
    assert_eq!(names("Kab. Bandung")[0], "Kabupaten Bandung");
    assert_eq!(names("kabupaten bandung")[0], "Kabupaten Bandung");
    assert!(names("Kab. Bandung").contains(&"Kabupaten Bandung Barat"));
    assert!(!names("Kab. Bandung").contains(&"Kota Bandung"));
    let both = names("BANDUNG");
    assert!(both.contains(&"Kota Bandung") && both.contains(&"Kabupaten Bandung"), "{both:?}");
    assert_eq!(names("3273"), vec!["Kota Bandung"]);
    assert_eq!(names("32.73"), vec!["Kota Bandung"]);
    assert!(names("327").len() > 1);
    assert_eq!(names("jakarta pusat"), vec!["Kota Administrasi Jakarta Pusat"]);
    assert_eq!(search_provinces("prov. jawa barat", 5)[0].code, "32");
    assert_eq!(search_regencies("", 7).len(), 7);
    assert_eq!(
        search_regencies("kota", 200).len(),
        regencies().iter().filter(|r| r.kind() == RegencyKind::Kota).count()
    );
}

#[test]
fn hostile_queries_find_nothing_and_never_panic() {
    for q in ["zzzzqqq", "'; drop table", "💥", "\u{0}", "ß", "İstanbul", "Ra\"as", "..", "\u{202e}kota"] {
        let _ = search_regencies(q, 10);
        let _ = search_districts("35.29", q, 10);
    }
    assert!(search_regencies(&"a".repeat(MAX_QUERY + 1), 10).is_empty());
    assert!(search_regencies("zzzzqqq", 10).is_empty());
    assert_eq!(search_districts("35.29", "ra\"as", 5).first().map(|d| d.name), Some("Ra\"as"));
    assert!(search_districts("no", "", 5).is_empty());
}

#[test]
fn children_scoped_and_filtered() {
    let all = search_districts("32.73", "", 100);
    assert_eq!(all.len(), districts_of("32.73").len());
    assert!(all.len() > 20);
    assert_eq!(search_districts("3273", "sukasari", 5)[0].code, "32.73.01");
    let v = search_villages("32.73.01", "", 100);
    assert!(v.iter().all(|v| v.district_code == "32.73.01") && !v.is_empty());
    assert_eq!(search_villages("32.73.01", "geger", 5)[0].name, "Gegerkalong");
}
