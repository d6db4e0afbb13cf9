//! The Permendagri 90 nomenclature (urusan → bidang → program → kegiatan → sub-kegiatan) that
//! every regional budget line carries. The list ships inside the binary and names its version,
//! so a plan records which edition its codes come from.

/// The edition of the shipped list.
pub const VERSION: &str = "Permendagri 90/2019 · Kepmendagri 900.1.15.5-1317/2023 (kotacerdas 2023.1)";

const DATA: &str = include_str!("../data/permendagri90.tsv");

code_enum!(CodeLevel "code-level" {
    Urusan = "urusan",
    Bidang = "bidang",
    Program = "program",
    Kegiatan = "kegiatan",
    SubKegiatan = "sub_kegiatan",
});

/// One entry of the code list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct GovCode {
    pub code: &'static str,
    pub name: &'static str,
    pub level: CodeLevel,
}

/// The level follows from the code's shape: 1 / 1.01 / 1.01.02 / 2.16.03.2.02 / 2.16.03.2.02.0001.
fn level(code: &str) -> Option<CodeLevel> {
    match code.split('.').count() {
        1 => Some(CodeLevel::Urusan),
        2 => Some(CodeLevel::Bidang),
        3 => Some(CodeLevel::Program),
        5 => Some(CodeLevel::Kegiatan),
        6 => Some(CodeLevel::SubKegiatan),
        _ => None,
    }
}

/// Every code in list order (lines that are not `code<TAB>name` are skipped).
pub fn all() -> impl Iterator<Item = GovCode> {
    DATA.lines().filter(|l| !l.starts_with('#')).filter_map(|l| {
        let (code, name) = l.split_once('\t')?;
        Some(GovCode { code, name: name.trim(), level: level(code)? })
    })
}

/// Look a code up; the input may be what the picker shows ("2.16.03 — Program …").
pub fn find(input: &str) -> Option<GovCode> {
    let code = input.split_whitespace().next()?;
    all().find(|c| c.code == code)
}

/// Codes whose number or name contains every word of the query, case-insensitively.
pub fn search(query: &str, limit: usize) -> Vec<GovCode> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    all()
        .filter(|c| {
            let hay = format!("{} {}", c.code, c.name.to_lowercase());
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .take(limit)
        .collect()
}

/// The chain above a code (urusan, bidang, program…) for display, outermost first.
pub fn ancestors(code: &str) -> Vec<GovCode> {
    let parts: Vec<&str> = code.split('.').collect();
    (1..parts.len()).filter_map(|n| find(&parts[..n].join("."))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_parses_with_every_level() {
        let codes: Vec<GovCode> = all().collect();
        assert!(codes.len() > 100);
        for l in CodeLevel::ALL {
            assert!(codes.iter().any(|c| c.level == *l), "{l:?}");
        }
        let mut seen = std::collections::HashSet::new();
        assert!(codes.iter().all(|c| seen.insert(c.code)), "codes are unique");
        // Every code's parent is in the list too.
        for c in &codes {
            assert_eq!(
                ancestors(c.code).len(),
                c.code.split('.').count()
                    - 1
                    - usize::from(c.level == CodeLevel::Kegiatan || c.level == CodeLevel::SubKegiatan),
                "{}",
                c.code
            );
        }
    }

    #[test]
    fn find_and_search() {
        assert_eq!(
            find("2.16.03 — Program Pengelolaan Aplikasi Informatika").map(|c| c.level),
            Some(CodeLevel::Program)
        );
        assert!(find("9.99").is_none());
        assert!(find("").is_none());
        let hits = search("kota cerdas", 10);
        assert_eq!(hits.first().map(|c| c.code), Some("2.16.03.2.02.0012"));
        assert!(search("2.16.03", 50).iter().all(|c| c.code.starts_with("2.16.03")));
    }
}
