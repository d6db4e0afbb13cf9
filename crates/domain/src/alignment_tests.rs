use super::*;

fn prog(id: i64, name: &str, opd: i64, code: Option<&str>, dim: &str, planned: i64) -> Programme {
    Programme { id, name: name.into(), opd_id: opd, gov_code: code.map(Into::into), dimension: dim.into(), planned }
}

fn item(id: i64, code: &str, name: &str, opd: Option<i64>, pagu: i64) -> Item {
    Item { id, code: code.into(), name: name.into(), opd_id: opd, indicator: "x".into(), pagu }
}

#[test]
fn code_then_links_then_suggestions() {
    let ps = vec![
        prog(1, "Tanda tangan elektronik naskah dinas", 10, Some("2.16.03.2.02.0001"), "GOV", 300),
        prog(2, "Perencanaan berbasis satu data", 20, Some("5.01.02"), "GOV", 700),
        prog(3, "Musrenbang daring", 20, Some("5.01.02"), "GOV", 400),
        prog(4, "Promosi destinasi wisata", 30, None, "BRA", 800),
        prog(5, "Kurasi produk lokal", 40, None, "ECO", 350),
    ];
    let items = vec![
        item(100, "2.16.03.2.02.0001", "Penatalaksanaan e-Government", Some(10), 300),
        item(101, "5.01.02.2.01.0003", "Koordinasi perencanaan satu data", Some(20), 350),
        item(102, "5.01.02.2.01.0004", "Musrenbang daring kecamatan", Some(20), 400),
        // Program-level code but another OPD: not taken by code.
        item(103, "5.01.02.2.01.0005", "Perencanaan kecamatan", Some(99), 50),
        item(104, "3.26.03.2.01.0001", "Promosi destinasi pariwisata unggulan", Some(30), 600),
        item(105, "2.16.02.2.01.0001", "Pengembangan aplikasi layanan", Some(10), 90),
    ];
    let links = vec![Link {
        programme_id: 4,
        item_key: item_key("3.26.03.2.01.0001", "Promosi destinasi pariwisata unggulan"),
        kind: LinkKind::Confirmed,
    }];
    let a = align(&ps, &items, &links);
    let row = |id| a.rows.iter().find(|r| r.programme_id == id).unwrap();
    assert_eq!(row(1).funding, Funding::Full);
    assert_eq!(row(1).items, vec![(100, MatchedBy::Code)]);
    // Two programmes share a program-level code: each item goes to the nearer name, once.
    assert_eq!(row(2).items, vec![(101, MatchedBy::Code)]);
    assert_eq!(row(3).items, vec![(102, MatchedBy::Code)]);
    assert_eq!(row(2).funding, Funding::Partial);
    assert_eq!(row(2).share_bp, Some(5000));
    assert_eq!(row(4).items, vec![(104, MatchedBy::Confirmed)]);
    assert_eq!(row(5).funding, Funding::Unfunded);
    assert!(!row(5).funded);
    assert_eq!(a.region.due, 5);
    assert_eq!(a.region.funded, 4);
    assert!((a.region.share_funded() - 0.8).abs() < 1e-9);
    assert_eq!(a.region.planned, 2550);
    assert_eq!(a.region.pagu, 300 + 350 + 400 + 600);
    assert_eq!(a.region.covered, 300 + 350 + 400 + 600);
    assert_eq!(a.unmatched, 2);
    assert_eq!(a.unmatched_smart, vec![105]);
    assert_eq!(a.by_dimension["GOV"].due, 3);
    assert_eq!(a.by_opd[&20].pagu, 750);
    assert_eq!(output_score(&a.region), Some(400));
}

#[test]
fn rejected_pairs_are_not_proposed_and_stale_links_are_counted() {
    let ps = vec![prog(1, "Promosi destinasi wisata", 30, None, "BRA", 800)];
    let items = vec![item(7, "3.26.03.2.01.0001", "Promosi destinasi wisata unggulan", Some(30), 600)];
    let a = align(&ps, &items, &[]);
    assert_eq!(a.rows[0].suggestions, vec![(7, 100)]);
    let rej = Link {
        programme_id: 1,
        item_key: item_key("3.26.03.2.01.0001", "Promosi  destinasi wisata UNGGULAN"),
        kind: LinkKind::Rejected,
    };
    let gone = Link { programme_id: 1, item_key: item_key("9.99", "hilang"), kind: LinkKind::Manual };
    let a = align(&ps, &items, &[rej, gone]);
    assert!(a.rows[0].suggestions.is_empty());
    assert_eq!(a.stale_links, 1);
}

#[test]
fn an_item_held_by_a_programme_not_due_is_not_free() {
    let ps = vec![prog(1, "Aplikasi layanan", 10, Some("2.16.02"), "GOV", 100)];
    let items = vec![item(7, "2.16.02.2.01.0001", "Aplikasi layanan", Some(10), 60)];
    let held =
        Link { programme_id: 99, item_key: item_key("2.16.02.2.01.0001", "Aplikasi layanan"), kind: LinkKind::Manual };
    let a = align(&ps, &items, &[held]);
    assert_eq!(a.rows[0].pagu, 0);
    assert_eq!(a.unmatched, 0);
}

#[test]
fn names_and_smart_city_words() {
    assert_eq!(likeness("Mal pelayanan publik digital", "Pelayanan publik digital terpadu", false), 75);
    assert_eq!(likeness("A", "B", true), 20);
    assert!(is_smart_city("1.02.02.2.01.0001", "Pengembangan aplikasi e-Puskesmas"));
    assert!(is_smart_city("2.16.03.2.02.0001", "Apa saja"));
    assert!(!is_smart_city("1.03.10.2.01.0001", "Pembangunan jalan desa"));
    assert_eq!(output_score(&Totals::default()), None);
}

#[test]
fn opd_names_as_exports_write_them() {
    let opds = vec![
        (1, "Dinas Komunikasi dan Informatika".to_string(), "Diskominfo".to_string()),
        (2, "Dinas Kesehatan".into(), "Dinkes".into()),
    ];
    assert_eq!(opd_of("DINAS  KOMUNIKASI DAN INFORMATIKA", &opds), Some(1));
    assert_eq!(opd_of("dinkes", &opds), Some(2));
    assert_eq!(opd_of("Dinkes Kab. Sukamaju", &opds), Some(2));
    assert_eq!(opd_of("Badan Pendapatan Daerah", &opds), None);
    assert_eq!(opd_of("", &opds), None);
}
