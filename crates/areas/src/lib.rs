//! The official list of Indonesian areas: 38 provinces, 514 kabupaten/kota, 7,285 kecamatan and
//! 83,762 desa/kelurahan with their Kemendagri codes (`32`, `32.73`, `32.73.01`, `32.73.01.1001`),
//! from the npm package `idn-area-data` (data under the ODbL 1.0, see `data/README.md`).
//!
//! A crate of its own so the ~1 MB of embedded data and the gzip reader are compiled once and only
//! into what uses them; it is pure (no I/O), below `domain`. The files are parsed on first use,
//! once per process, and kept for its life.

mod search;

pub use search::{search_districts, search_provinces, search_regencies, search_villages, MAX_QUERY};

use std::io::Read;
use std::sync::OnceLock;

const PROVINCES: &str = include_str!("../data/provinces.csv");
const REGENCIES: &str = include_str!("../data/regencies.csv");
const DISTRICTS: &str = include_str!("../data/districts.csv");
const VILLAGES_GZ: &[u8] = include_bytes!("../data/villages.csv.gz");
const VERSION: &str = include_str!("../data/VERSION");

/// The version of `idn-area-data` the list comes from ("4.0.1").
pub fn version() -> &'static str {
    VERSION.trim()
}

/// The attribution the ODbL asks for, wherever the list is shown or served.
pub fn attribution() -> String {
    format!("idn-area-data {} © Fityan and contributors, Open Database License (ODbL) 1.0", version())
}

/// A provinsi: `code` "32", `name` "Jawa Barat" (the list names provinces without "Provinsi").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Province {
    pub code: &'static str,
    pub name: &'static str,
}

/// A kabupaten or kota: `code` "32.73", `name` "Kota Bandung".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Regency {
    pub code: &'static str,
    pub province_code: &'static str,
    pub name: &'static str,
}

/// A kecamatan: `code` "32.73.01", `name` "Sukasari".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct District {
    pub code: &'static str,
    pub regency_code: &'static str,
    pub name: &'static str,
}

/// A desa or kelurahan: `code` "32.73.01.1001", `name` "Sukarasa".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Village {
    pub code: &'static str,
    pub district_code: &'static str,
    pub name: &'static str,
}

/// A kabupaten or a kota, read from the official name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegencyKind {
    Kabupaten,
    Kota,
}

impl RegencyKind {
    /// The code the product stores for a region of this kind.
    pub fn as_str(self) -> &'static str {
        match self {
            RegencyKind::Kabupaten => "kabupaten",
            RegencyKind::Kota => "kota",
        }
    }
}

impl Regency {
    /// Kota or kabupaten: the official names start with their kind ("Kota Administrasi Jakarta
    /// Pusat" is a kota, "Kabupaten Administrasi Kepulauan Seribu" a kabupaten).
    pub fn kind(&self) -> RegencyKind {
        if self.name.starts_with("Kota ") {
            RegencyKind::Kota
        } else {
            RegencyKind::Kabupaten
        }
    }

    /// The name without its kind: "Kota Bandung" → "Bandung", "Kota Administrasi Jakarta Pusat"
    /// → "Jakarta Pusat".
    pub fn bare_name(&self) -> &'static str {
        search::bare(self.name)
    }

    pub fn province(&self) -> Option<&'static Province> {
        province(self.province_code)
    }
}

impl Village {
    /// Kemendagri numbers kelurahan 1xxx and desa 2xxx (a few 3xxx are desa too).
    pub fn is_kelurahan(&self) -> bool {
        self.code.rsplit('.').next().is_some_and(|n| n.starts_with('1'))
    }
}

struct Areas {
    provinces: Vec<Province>,
    regencies: Vec<Regency>,
    districts: Vec<District>,
    villages: Vec<Village>,
}

fn areas() -> &'static Areas {
    static AREAS: OnceLock<Areas> = OnceLock::new();
    AREAS.get_or_init(|| {
        let mut villages_text = String::new();
        flate2::read::GzDecoder::new(VILLAGES_GZ)
            .read_to_string(&mut villages_text)
            .expect("the embedded villages file is valid gzip (tested)");
        // Kept for the life of the process like the other embedded files, so every name is a
        // `&'static str` (one allocation, made once).
        let villages_text: &'static str = Box::leak(villages_text.into_boxed_str());
        let mut a = Areas {
            provinces: rows(PROVINCES).map(|f| Province { code: f[0], name: f[1] }).collect(),
            regencies: rows(REGENCIES).map(|f| Regency { code: f[0], province_code: f[1], name: f[2] }).collect(),
            districts: rows(DISTRICTS).map(|f| District { code: f[0], regency_code: f[1], name: f[2] }).collect(),
            villages: rows(villages_text).map(|f| Village { code: f[0], district_code: f[1], name: f[2] }).collect(),
        };
        // Sorted by code, so lookups are binary searches and the children of a code (whose codes
        // start with it) are one contiguous run.
        a.provinces.sort_by_key(|p| p.code);
        a.regencies.sort_by_key(|r| r.code);
        a.districts.sort_by_key(|d| d.code);
        a.villages.sort_by_key(|v| v.code);
        a
    })
}

/// The data rows of a CSV file (header skipped) as at least three fields (missing ones empty).
fn rows(text: &'static str) -> impl Iterator<Item = [&'static str; 3]> {
    text.lines().skip(1).filter(|l| !l.trim().is_empty()).map(|line| {
        let mut out = [""; 3];
        for (i, field) in fields(line).into_iter().take(3).enumerate() {
            out[i] = field;
        }
        out
    })
}

/// The fields of one CSV line: plain, or quoted with `""` for a quote (RFC 4180). An unescaped
/// quoted name ("Lubuk Pakam I,II") is a slice of the line; one with a doubled quote
/// ("Ra""as") is unescaped once and kept (a handful in the whole list).
fn fields(line: &'static str) -> Vec<&'static str> {
    let mut out = Vec::with_capacity(3);
    let mut rest = line;
    loop {
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut end = 0;
            let bytes = quoted.as_bytes();
            let mut doubled = false;
            while end < bytes.len() {
                if bytes[end] == b'"' {
                    if bytes.get(end + 1) == Some(&b'"') {
                        doubled = true;
                        end += 2;
                        continue;
                    }
                    break;
                }
                end += 1;
            }
            let raw = &quoted[..end.min(quoted.len())];
            out.push(if doubled { &*Box::leak(raw.replace("\"\"", "\"").into_boxed_str()) } else { raw });
            rest = quoted.get(end + 1..).unwrap_or("");
            match rest.strip_prefix(',') {
                Some(r) => rest = r,
                None => return out,
            }
        } else {
            match rest.split_once(',') {
                Some((f, r)) => {
                    out.push(f);
                    rest = r;
                }
                None => {
                    out.push(rest);
                    return out;
                }
            }
        }
    }
}

pub fn provinces() -> &'static [Province] {
    &areas().provinces
}
pub fn regencies() -> &'static [Regency] {
    &areas().regencies
}
pub fn districts() -> &'static [District] {
    &areas().districts
}
pub fn villages() -> &'static [Village] {
    &areas().villages
}

fn find<T>(list: &'static [T], code: &str, key: impl Fn(&T) -> &'static str) -> Option<&'static T> {
    let code = canonical_code(code)?;
    list.binary_search_by(|x| key(x).cmp(code.as_str())).ok().map(|i| &list[i])
}

/// The run of `list` (sorted by code) whose parent is `parent`.
fn children<T>(list: &'static [T], parent: &str, key: impl Fn(&T) -> &'static str) -> &'static [T] {
    let Some(parent) = canonical_code(parent) else { return &[] };
    let start = list.partition_point(|x| key(x) < parent.as_str());
    let len = list[start..].partition_point(|x| key(x) == parent.as_str());
    &list[start..start + len]
}

pub fn province(code: &str) -> Option<&'static Province> {
    find(provinces(), code, |p| p.code)
}
pub fn regency(code: &str) -> Option<&'static Regency> {
    find(regencies(), code, |r| r.code)
}
pub fn district(code: &str) -> Option<&'static District> {
    find(districts(), code, |d| d.code)
}
pub fn village(code: &str) -> Option<&'static Village> {
    find(villages(), code, |v| v.code)
}

/// The kabupaten/kota of a province, in code order (an unknown or malformed code: none).
pub fn regencies_of(province_code: &str) -> &'static [Regency] {
    children(regencies(), province_code, |r| r.province_code)
}
/// The kecamatan of a kabupaten/kota.
pub fn districts_of(regency_code: &str) -> &'static [District] {
    children(districts(), regency_code, |d| d.regency_code)
}
/// The desa/kelurahan of a kecamatan.
pub fn villages_of(district_code: &str) -> &'static [Village] {
    children(villages(), district_code, |v| v.district_code)
}

/// A code in the dotted form, from dotted or undotted input: "3273" and " 32.73 " → "32.73",
/// "3273011001" → "32.73.01.1001". `None` for anything else (the segments are 2, 2, 2 and 4
/// digits: a province, a kabupaten/kota, a kecamatan, a desa/kelurahan).
pub fn canonical_code(input: &str) -> Option<String> {
    const WIDTHS: [usize; 4] = [2, 2, 2, 4];
    let s = input.trim();
    if s.is_empty() || s.len() > 16 {
        return None;
    }
    if s.contains('.') {
        let parts: Vec<&str> = s.split('.').collect();
        let ok = parts.len() <= 4
            && parts.iter().zip(WIDTHS).all(|(p, w)| p.len() == w && p.bytes().all(|b| b.is_ascii_digit()));
        return ok.then(|| s.to_string());
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut out = String::new();
    let mut rest = s;
    for w in WIDTHS {
        if rest.is_empty() {
            break;
        }
        if rest.len() < w {
            return None;
        }
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(&rest[..w]);
        rest = &rest[w..];
    }
    rest.is_empty().then_some(out)
}

/// The level of a region code the product keeps (a province or a kabupaten/kota) found in the
/// list, with the official kind, name and province: what the region form fills and checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficialRegion {
    pub code: &'static str,
    /// The official name: "Kota Bandung", "Kabupaten Sleman", "Provinsi Jawa Barat".
    pub name: String,
    /// "provinsi", "kabupaten" or "kota".
    pub kind: &'static str,
    /// The province's name: "Jawa Barat".
    pub province: &'static str,
}

/// The official region with this code (province or kabupaten/kota), if it is in the list.
pub fn official_region(code: &str) -> Option<OfficialRegion> {
    if let Some(p) = province(code) {
        return Some(OfficialRegion {
            code: p.code,
            name: format!("Provinsi {}", p.name),
            kind: "provinsi",
            province: p.name,
        });
    }
    let r = regency(code)?;
    Some(OfficialRegion {
        code: r.code,
        name: r.name.to_string(),
        kind: r.kind().as_str(),
        province: r.province().map(|p| p.name).unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests;
