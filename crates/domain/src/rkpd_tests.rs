use super::*;

fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

/// The shape of a real SIPD-style export: a title block, a two-row header with a merged
/// "Indikator Kinerja", a numbering row, subtotal rows for urusan … kegiatan, codes as text.
fn messy() -> Vec<Vec<String>> {
    grid(&[
        &["RENCANA KERJA PEMERINTAH DAERAH KABUPATEN SUKAMAJU TAHUN 2026"],
        &["(Peraturan Bupati Nomor 31 Tahun 2025)"],
        &[],
        &[
            "Kode",
            "Urusan/Bidang Urusan/Program/Kegiatan/Sub Kegiatan",
            "Perangkat Daerah",
            "Indikator Kinerja",
            "",
            "Pagu Indikatif (Rp)",
        ],
        &["", "", "", "Tolok Ukur", "Target", ""],
        &["1", "2", "3", "4", "5", "6"],
        &["2", "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR", "", "", "", "4.250.000.000"],
        &["2.16", "URUSAN PEMERINTAHAN BIDANG KOMUNIKASI DAN INFORMATIKA", "", "", "", "4.250.000.000"],
        &[
            "2.16.03",
            "PROGRAM PENGELOLAAN APLIKASI INFORMATIKA",
            "Dinas Komunikasi dan Informatika",
            "",
            "",
            "4.250.000.000",
        ],
        &["'2.16.03.2.02", "Pengelolaan e-Government", "Dinas Komunikasi dan Informatika", "", "", "4.250.000.000"],
        &[
            "'2.16.03.2.02.0001",
            "Penatalaksanaan dan Pengawasan e-Government",
            "Dinas Komunikasi dan Informatika",
            "Naskah dinas bertanda tangan elektronik",
            "95 %",
            "Rp 1.250.000.000,00",
        ],
        &[
            "2.16.03.2.02.0002 ",
            "Pengembangan Pusat Data",
            "Dinas Komunikasi dan Informatika",
            "Aplikasi di pusat data",
            "60 %",
            "3,000,000,000",
        ],
        &["", "JUMLAH", "", "", "", "4.250.000.000"],
    ])
}

#[test]
fn finds_a_two_row_header_with_a_merged_cell() {
    let rows = messy();
    let t = find_table(&rows).unwrap();
    assert_eq!(t.header, 3..=5);
    assert_eq!(t.labels[3], "Indikator Kinerja Tolok Ukur");
    assert_eq!(t.labels[4], "Indikator Kinerja Target");
    let map = propose(&t, None);
    assert_eq!(map[&Field::Code], 0);
    assert_eq!(map[&Field::Name], 1);
    assert_eq!(map[&Field::Opd], 2);
    assert_eq!(map[&Field::Indicator], 3);
    assert_eq!(map[&Field::Target], 4);
    assert_eq!(map[&Field::Pagu], 5);
}

#[test]
fn reads_sub_activities_and_passes_over_subtotals() {
    let rows = messy();
    let t = find_table(&rows).unwrap();
    let p = parse(&rows, &t, &propose(&t, None));
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.depth, 6);
    assert_eq!(p.items.len(), 2);
    assert_eq!(p.items[0].code, "2.16.03.2.02.0001");
    assert_eq!(p.items[0].pagu, 1_250_000_000);
    assert_eq!(p.items[0].row, 11);
    assert_eq!(p.items[1].pagu, 3_000_000_000);
    assert_eq!(p.items[1].target, "60 %");
    assert_eq!(p.subtotals, 5);
}

#[test]
fn a_saved_profile_follows_its_columns_when_they_move() {
    let rows =
        grid(&[&["Nama", "Pagu", "Kode", "SKPD", "Keterangan"], &["A", "1.000", "1.01.02.2.01.0001", "Dinas", "x"]]);
    let t = find_table(&rows).unwrap();
    let saved = Profile {
        columns: [("name", "Nama"), ("pagu", "Pagu"), ("code", "Kode"), ("opd", "SKPD"), ("indicator", "Keterangan")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
    };
    let map = propose(&t, Some(&saved));
    assert_eq!(map[&Field::Indicator], 4);
    assert_eq!(profile_of(&t, &map), saved);
}

#[test]
fn bad_rows_are_named() {
    let rows = grid(&[
        &["Kode", "Nama Sub Kegiatan", "Perangkat Daerah", "Pagu"],
        &["1.02.02.2.01.0001", "Ok", "Dinkes", "1.000.000"],
        &["abc", "Kode rusak", "Dinkes", "1.000"],
        &["1.02.02.2.01.0003", "Negatif", "Dinkes", "-5.000"],
        &["1.02.02.2.01.0004", "Sen", "Dinkes", "1.000,50"],
        &["1.02.02.2.01.0005", "", "Dinkes", "1.000"],
        &["", "Tanpa kode", "Dinkes", "1.000"],
        &["1.02.02.2.01.0006", "Huruf", "Dinkes", "sejuta"],
    ]);
    let t = find_table(&rows).unwrap();
    let p = parse(&rows, &t, &propose(&t, None));
    let got: Vec<(usize, &str)> = p.problems.iter().map(|x| (x.row, x.code)).collect();
    assert_eq!(
        got,
        vec![
            (3, "err-rkpd-code"),
            (4, "err-rkpd-negative"),
            (5, "err-rkpd-fraction"),
            (6, "err-required"),
            (7, "err-rkpd-code-missing"),
            (8, "err-rkpd-money"),
        ]
    );
    assert_eq!(p.items.len(), 1);
}

#[test]
fn missing_required_columns_stop_the_file() {
    let rows = grid(&[&["Kode", "Nama", "Perangkat Daerah", "Indikator"], &["1.01", "x", "y", "z"]]);
    let t = find_table(&rows).unwrap();
    let p = parse(&rows, &t, &propose(&t, None));
    assert_eq!(p.problems[0].code, "err-rkpd-column-missing");
    assert_eq!(p.problems[0].field, Field::Pagu);
    let mut map = propose(&t, None);
    map.insert(Field::Pagu, 9);
    assert_eq!(check_mapping(&t, &map), Err((Field::Pagu, "err-rkpd-column-unknown")));
    map.insert(Field::Pagu, 0);
    assert_eq!(check_mapping(&t, &map), Err((Field::Pagu, "err-rkpd-column-twice")));
}

#[test]
fn money_in_every_dialect() {
    for (raw, want) in [
        ("Rp 1.250.000.000,00", Some(1_250_000_000)),
        ("1,250,000,000", Some(1_250_000_000)),
        ("1250000000", Some(1_250_000_000)),
        ("1 250 000 000", Some(1_250_000_000)),
        ("1.25E+9", Some(1_250_000_000)),
        ("Rp. 500.000", Some(500_000)),
        ("1.000.000.00", Some(1_000_000)),
        ("-", None),
        ("", None),
        ("0", Some(0)),
    ] {
        assert_eq!(parse_rupiah(raw), Ok(want), "{raw}");
    }
    assert_eq!(parse_rupiah("1.5"), Err(MoneyProblem::Fraction));
    assert_eq!(parse_rupiah("(1.000)"), Err(MoneyProblem::Negative));
    assert_eq!(parse_rupiah("12.34.567"), Err(MoneyProblem::NotANumber));
    assert_eq!(parse_rupiah("9999999999999999"), Err(MoneyProblem::TooLarge));
    assert_eq!(parse_rupiah("1e300"), Err(MoneyProblem::TooLarge));
    assert_eq!(parse_rupiah("NaN"), Err(MoneyProblem::NotANumber));
}

#[test]
fn codes_as_people_type_them() {
    assert_eq!(normalise_code("'2.16.03.2.02.0001").as_deref(), Some("2.16.03.2.02.0001"));
    assert_eq!(normalise_code(" 2.16.03. ").as_deref(), Some("2.16.03"));
    assert_eq!(normalise_code("2.16.2.20.0.00.01.0000 2.16.03.2.02.0001").as_deref(), Some("2.16.03.2.02.0001"));
    assert_eq!(normalise_code("X.XX.01").as_deref(), None);
    assert_eq!(normalise_code("1.X.01").as_deref(), Some("1.X.01"));
    assert_eq!(normalise_code("JUMLAH"), None);
    assert_eq!(normalise_code(""), None);
}

proptest::proptest! {
    #[test]
    fn never_panics_on_any_grid(cells in proptest::collection::vec(proptest::collection::vec(".{0,12}", 0..8), 0..12)) {
        if let Some(t) = find_table(&cells) {
            let map = propose(&t, None);
            let _ = parse(&cells, &t, &map);
        }
        for r in &cells { for c in r { let _ = parse_rupiah(c); let _ = normalise_code(c); } }
    }
}
