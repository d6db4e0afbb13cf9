//! Finding areas by what someone types: a name in any case, with or without its kind in front
//! ("Kab. Bandung", "kabupaten bandung", "KOTA bandung"), or a code, dotted or not ("32.73",
//! "3273", "327").

use crate::{District, Province, Regency, RegencyKind, Village};

/// Longest query, in characters, that is searched; a longer one finds nothing (callers answer
/// it as a bad request before searching).
pub const MAX_QUERY: usize = 100;

/// Words that name a kind rather than a place. `Some(kind)` filters kabupaten/kota.
const KIND_WORDS: &[(&str, Option<RegencyKind>)] = &[
    ("kabupaten", Some(RegencyKind::Kabupaten)),
    ("kab", Some(RegencyKind::Kabupaten)),
    ("kota", Some(RegencyKind::Kota)),
    ("kotamadya", Some(RegencyKind::Kota)),
    ("administrasi", None),
    ("adm", None),
    ("provinsi", None),
    ("prov", None),
    ("kecamatan", None),
    ("kec", None),
    ("desa", None),
    ("kelurahan", None),
    ("kel", None),
];

/// The official name without its kind: "Kota Administrasi Jakarta Pusat" → "Jakarta Pusat".
pub(crate) fn bare(name: &'static str) -> &'static str {
    let mut s = name;
    for prefix in ["Kabupaten ", "Kota ", "Administrasi "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest;
        }
    }
    s
}

/// Lower case, every run of characters that are not letters or digits one space ("Kab." →
/// "kab", "Ra'as" → "ra as").
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// A query taken apart: the place words, a kind it asked for, or the digits of a code.
struct Query {
    words: Vec<String>,
    kind: Option<RegencyKind>,
    digits: Option<String>,
}

impl Query {
    /// `None`: a query too long to be a place (nothing matches).
    fn parse(q: &str) -> Option<Query> {
        if q.chars().count() > MAX_QUERY {
            return None;
        }
        let t = q.trim();
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return Some(Query { words: vec![], kind: None, digits: Some(t.replace('.', "")) });
        }
        let mut kind = None;
        let mut place = Vec::new();
        for w in words(t) {
            match KIND_WORDS.iter().find(|(k, _)| *k == w) {
                // Only the leading words are a kind: "Kota Baru" is a kabupaten's name too.
                Some((_, k)) if place.is_empty() => kind = k.or(kind),
                _ => place.push(w),
            }
        }
        Some(Query { words: place, kind, digits: None })
    }

    /// How well an entry matches (lower is better), or `None`.
    fn rank(&self, code: &str, name: &str, kind: Option<RegencyKind>) -> Option<u8> {
        if let Some(d) = &self.digits {
            return code.replace('.', "").starts_with(d.as_str()).then_some(0);
        }
        if self.kind.is_some() && kind.is_some() && self.kind != kind {
            return None;
        }
        let hay = words(name).join(" ");
        if !self.words.iter().all(|w| hay.contains(w.as_str())) {
            return None;
        }
        let q = self.words.join(" ");
        Some(if hay == q {
            0
        } else if hay.starts_with(&q) {
            1
        } else {
            2
        })
    }
}

/// The best `limit` matches of `items` (in code order) for `q`, best first, ties in code order.
/// An empty query lists the first `limit`.
fn best<T: Copy>(
    items: &'static [T],
    q: &str,
    limit: usize,
    key: impl Fn(&T) -> (&'static str, &'static str, Option<RegencyKind>),
) -> Vec<T> {
    let Some(query) = Query::parse(q) else { return vec![] };
    let mut hits: Vec<(u8, usize)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, x)| {
            let (code, name, kind) = key(x);
            query.rank(code, name, kind).map(|r| (r, i))
        })
        .collect();
    hits.sort_unstable();
    hits.into_iter().take(limit).map(|(_, i)| items[i]).collect()
}

/// Provinces by name ("jawa barat", "Prov. Bali") or code.
pub fn search_provinces(q: &str, limit: usize) -> Vec<Province> {
    best(crate::provinces(), q, limit, |p| (p.code, p.name, None))
}

/// Kabupaten/kota by name ("Kab. Bandung", "kota bandung", "bandung") or code ("3273").
pub fn search_regencies(q: &str, limit: usize) -> Vec<Regency> {
    best(crate::regencies(), q, limit, |r| (r.code, bare(r.name), Some(r.kind())))
}

/// The kecamatan of a kabupaten/kota matching `q` (empty: all of them, up to `limit`).
pub fn search_districts(regency_code: &str, q: &str, limit: usize) -> Vec<District> {
    best(crate::districts_of(regency_code), q, limit, |d| (d.code, d.name, None))
}

/// The desa/kelurahan of a kecamatan matching `q` (empty: all of them, up to `limit`).
pub fn search_villages(district_code: &str, q: &str, limit: usize) -> Vec<Village> {
    best(crate::villages_of(district_code), q, limit, |v| (v.code, v.name, None))
}
