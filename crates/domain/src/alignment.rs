//! Whether the masterplan reaches the yearly budget: each programme due in a year matched to the
//! sub-activities of the adopted RKPD/APBD, and what that funds.
//!
//! Matching, in order of trust:
//! 1. **Links a person made** (a manual link, or a suggestion confirmed) — kept by the item's
//!    code and name, so they hold across a re-import of the same list or its revision (APBD-P);
//!    a person's "not this one" is kept the same way and the pair is never proposed again.
//! 2. **The Permendagri 90 code**: an item whose code is the programme's code or under it. A
//!    code at program level (x.xx.xx) covers every sub-activity of that program, across OPDs, so
//!    there the item must also belong to the programme's OPD. An item two programmes could take
//!    goes to the one whose name is nearer, so its money is counted once.
//! 3. **Suggestions by name and OPD**, only proposed: shared words of the names, more when the
//!    OPD is the same; a person confirms or rejects them.
//!
//! An item belongs to at most one programme, so the region's funded money is never counted twice.

use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

code_enum!(LinkKind "alignment-link" {
    Manual = "manual",
    Confirmed = "confirmed",
    Rejected = "rejected",
});

code_enum!(Funding "alignment-funding" {
    Full = "full",
    Partial = "partial",
    Unfunded = "unfunded",
});

/// How an item came to a programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    Code,
    Manual,
    Confirmed,
}

/// The OPD an RKPD line names, among the region's OPDs `(id, name, short name)`: the same name
/// or short name (case and spacing aside), else the one whose short name is a word of the line's
/// OPD text ("DINAS KOMINFO" → Diskominfo is not guessed; "Diskominfo Kab. Sukamaju" is).
pub fn opd_of(text: &str, opds: &[(i64, String, String)]) -> Option<i64> {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    if t.is_empty() {
        return None;
    }
    let same = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase() == t;
    if let Some((id, ..)) = opds.iter().find(|(_, n, s)| same(n) || same(s)) {
        return Some(*id);
    }
    let words: Vec<&str> = t.split(|c: char| !c.is_alphanumeric()).collect();
    let mut hits = opds.iter().filter(|(_, _, s)| !s.is_empty() && words.contains(&s.to_lowercase().as_str()));
    match (hits.next(), hits.next()) {
        (Some((id, ..)), None) => Some(*id),
        _ => None,
    }
}

/// A programme as alignment sees it, in the year asked.
#[derive(Debug, Clone)]
pub struct Programme {
    pub id: i64,
    pub name: String,
    pub opd_id: i64,
    pub gov_code: Option<String>,
    pub dimension: String,
    /// The planned budget of the year, all sources.
    pub planned: i64,
}

/// An item of the adopted plan.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub opd_id: Option<i64>,
    pub indicator: String,
    pub pagu: i64,
}

/// The key that finds an item again in the next import: its code and its name, normalised.
pub fn item_key(code: &str, name: &str) -> String {
    format!("{}|{}", code.trim(), words(name).join(" "))
}

/// A stored decision about a (programme, item) pair.
#[derive(Debug, Clone)]
pub struct Link {
    pub programme_id: i64,
    pub item_key: String,
    pub kind: LinkKind,
}

const STOP: &[&str] = &[
    "dan",
    "yang",
    "untuk",
    "dengan",
    "pada",
    "dari",
    "serta",
    "atau",
    "di",
    "ke",
    "dalam",
    "kegiatan",
    "program",
    "sub",
    "penyediaan",
    "pengelolaan",
    "pelaksanaan",
    "penyelenggaraan",
    "daerah",
    "kabupaten",
    "kota",
    "the",
    "and",
    "of",
    "for",
];

/// The words of a name that carry meaning (lower case, no punctuation, no stop words).
pub fn words(name: &str) -> Vec<String> {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !STOP.contains(w))
        .map(str::to_string)
        .collect()
}

/// Likeness of two names 0..=100: shared words over the smaller set (a short RKPD name inside a
/// long programme name counts fully), plus 20 for the same OPD, at most 100.
pub fn likeness(programme: &str, item: &str, same_opd: bool) -> u32 {
    let a: HashSet<String> = words(programme).into_iter().collect();
    let b: HashSet<String> = words(item).into_iter().collect();
    likeness_of(&a, &b, same_opd)
}

fn likeness_of(a: &HashSet<String>, b: &HashSet<String>, same_opd: bool) -> u32 {
    let small = a.len().min(b.len());
    let base = (a.intersection(b).count() * 100).checked_div(small).unwrap_or(0) as u32;
    (base + if same_opd { 20 } else { 0 }).min(100)
}

/// A suggestion is proposed at this likeness or more.
pub const SUGGEST_AT: u32 = 50;

/// Whether an item names smart-city work: the Kominfo, statistics and cryptography affairs
/// (2.16, 2.20, 2.21) or digital words in its name.
pub fn is_smart_city(code: &str, name: &str) -> bool {
    const WORDS: &[&str] = &[
        "digital",
        "aplikasi",
        "sistem informasi",
        "elektronik",
        "e-gov",
        "spbe",
        "online",
        "daring",
        "smart",
        "cerdas",
        "tik",
        "teknologi informasi",
        "jaringan",
        "internet",
        "cctv",
        "command center",
        "satu data",
        "pusat data",
        "website",
        "portal",
        "siber",
        "wifi",
    ];
    let n = format!(" {} ", name.to_lowercase());
    ["2.16.", "2.20.", "2.21."].iter().any(|p| code.starts_with(p))
        || WORDS.iter().any(|w| n.contains(&format!(" {w}")) || n.contains(&format!("-{w}")))
}

/// One programme's alignment.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub programme_id: i64,
    pub planned: i64,
    pub pagu: i64,
    pub funded: bool,
    pub funding: Funding,
    /// Basis points of the planned budget the pagu covers (capped at 10,000); `None` with no plan.
    pub share_bp: Option<i64>,
    /// Some matched item carries a performance indicator.
    pub indicator: bool,
    pub items: Vec<(i64, MatchedBy)>,
    /// Proposed items: (item id, likeness).
    pub suggestions: Vec<(i64, u32)>,
}

/// Totals of a group (OPD, dimension, region).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub due: u32,
    pub funded: u32,
    pub full: u32,
    pub planned: i64,
    pub pagu: i64,
    /// Σ min(pagu, planned): money of the plan the budget covers, over-funding of one programme
    /// not hiding another's gap.
    pub covered: i64,
}

impl Totals {
    fn add(&mut self, r: &Row) {
        self.due += 1;
        self.funded += u32::from(r.funded);
        self.full += u32::from(r.funding == Funding::Full);
        self.planned += r.planned;
        self.pagu += r.pagu;
        self.covered += r.pagu.min(r.planned);
    }
    /// Share of programmes funded, 0..=1 (0 when none is due).
    pub fn share_funded(&self) -> f64 {
        if self.due == 0 {
            0.0
        } else {
            f64::from(self.funded) / f64::from(self.due)
        }
    }
    /// Basis points of the planned money covered.
    pub fn covered_bp(&self) -> Option<i64> {
        (self.planned > 0).then(|| (self.covered as i128 * 10_000 / self.planned as i128) as i64)
    }
}

/// The year's alignment.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Alignment {
    pub rows: Vec<Row>,
    /// Items that name smart-city work but belong to no programme.
    pub unmatched_smart: Vec<i64>,
    /// Items belonging to no programme.
    pub unmatched: u32,
    pub region: Totals,
    pub by_opd: BTreeMap<i64, Totals>,
    pub by_dimension: BTreeMap<String, Totals>,
    /// Links a person made whose item is not in this list any more (renamed or dropped).
    pub stale_links: u32,
}

fn funding(planned: i64, pagu: i64) -> Funding {
    if pagu == 0 {
        Funding::Unfunded
    } else if pagu >= planned {
        Funding::Full
    } else {
        Funding::Partial
    }
}

fn code_covers(gov: &str, item: &str) -> bool {
    item == gov || item.strip_prefix(gov).is_some_and(|rest| rest.starts_with('.'))
}

/// Match and add up. `programmes` are those due in the year (the caller decides "due").
pub fn align(programmes: &[Programme], items: &[Item], links: &[Link]) -> Alignment {
    align_with(programmes, items, links, true)
}

/// [`align`], with or without the name suggestions (the national figures need only the sums,
/// and the suggestions are the costly part: every programme against every free item).
pub fn align_with(programmes: &[Programme], items: &[Item], links: &[Link], suggest: bool) -> Alignment {
    let keys: Vec<String> = items.iter().map(|i| item_key(&i.code, &i.name)).collect();
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        by_key.entry(k.as_str()).or_default().push(i);
    }
    let rejected: HashSet<(i64, &str)> =
        links.iter().filter(|l| l.kind == LinkKind::Rejected).map(|l| (l.programme_id, l.item_key.as_str())).collect();
    // item index → (programme id, how)
    let mut owner: HashMap<usize, (i64, MatchedBy)> = HashMap::new();
    let mut stale = 0;
    for l in links.iter().filter(|l| l.kind != LinkKind::Rejected) {
        let Some(found) = by_key.get(l.item_key.as_str()) else {
            stale += 1;
            continue;
        };
        let how = if l.kind == LinkKind::Manual { MatchedBy::Manual } else { MatchedBy::Confirmed };
        for i in found {
            // A link to a programme not due this year still holds the item (its money is not
            // this year's plan, but it is not free for another programme either).
            owner.entry(*i).or_insert((l.programme_id, how));
        }
    }
    for (i, item) in items.iter().enumerate() {
        if owner.contains_key(&i) {
            continue;
        }
        let best = programmes
            .iter()
            .filter(|p| !rejected.contains(&(p.id, keys[i].as_str())))
            .filter(|p| {
                p.gov_code.as_deref().is_some_and(|g| {
                    code_covers(g, &item.code) && (g.split('.').count() > 3 || item.opd_id == Some(p.opd_id))
                })
            })
            .max_by_key(|p| (likeness(&p.name, &item.name, item.opd_id == Some(p.opd_id)), std::cmp::Reverse(p.id)));
        if let Some(p) = best {
            owner.insert(i, (p.id, MatchedBy::Code));
        }
    }
    let mut rows: Vec<Row> = programmes
        .iter()
        .map(|p| Row {
            programme_id: p.id,
            planned: p.planned,
            pagu: 0,
            funded: false,
            funding: Funding::Unfunded,
            share_bp: None,
            indicator: false,
            items: Vec::new(),
            suggestions: Vec::new(),
        })
        .collect();
    let at: HashMap<i64, usize> = programmes.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    let mut idx: Vec<(&usize, &(i64, MatchedBy))> = owner.iter().collect();
    idx.sort();
    for (i, (pid, how)) in idx {
        if let Some(r) = at.get(pid).map(|n| &mut rows[*n]) {
            r.pagu += items[*i].pagu;
            r.indicator |= !items[*i].indicator.trim().is_empty();
            r.items.push((items[*i].id, *how));
        }
    }
    // Suggestions for programmes not fully funded, among items no one holds; each name's words
    // are taken once.
    let free: Vec<(usize, HashSet<String>)> = if suggest {
        (0..items.len())
            .filter(|i| !owner.contains_key(i))
            .map(|i| (i, words(&items[i].name).into_iter().collect()))
            .collect()
    } else {
        Vec::new()
    };
    for (n, p) in programmes.iter().enumerate() {
        if !suggest || (rows[n].pagu >= p.planned && rows[n].pagu > 0) {
            continue;
        }
        let pw: HashSet<String> = words(&p.name).into_iter().collect();
        let mut s: Vec<(i64, u32)> = free
            .iter()
            .filter(|(i, _)| !rejected.contains(&(p.id, keys[*i].as_str())))
            .map(|(i, w)| (items[*i].id, likeness_of(&pw, w, items[*i].opd_id == Some(p.opd_id))))
            .filter(|(_, l)| *l >= SUGGEST_AT)
            .collect();
        s.sort_by_key(|(id, l)| (std::cmp::Reverse(*l), *id));
        s.truncate(3);
        rows[n].suggestions = s;
    }
    let mut out = Alignment { stale_links: stale, ..Default::default() };
    for (n, p) in programmes.iter().enumerate() {
        let r = &mut rows[n];
        r.funded = r.pagu > 0;
        r.funding = funding(r.planned, r.pagu);
        r.share_bp = (r.planned > 0).then(|| (r.pagu.min(r.planned) as i128 * 10_000 / r.planned as i128) as i64);
        out.region.add(r);
        out.by_opd.entry(p.opd_id).or_default().add(r);
        out.by_dimension.entry(p.dimension.clone()).or_default().add(r);
    }
    for (i, it) in items.iter().enumerate() {
        if !owner.contains_key(&i) {
            out.unmatched += 1;
            if is_smart_city(&it.code, &it.name) {
                out.unmatched_smart.push(it.id);
            }
        }
    }
    out.rows = rows;
    out
}

/// Score 0–500 (hundredths of the 0–5 scale) offered for the evaluation's Output part: the share
/// of the year's programmes with money in the adopted plan, on the 0–5 scale.
pub fn output_score(t: &Totals) -> Option<i64> {
    (t.due > 0).then(|| (i64::from(t.funded) * 500 * 2 + i64::from(t.due)) / (i64::from(t.due) * 2))
}

#[cfg(test)]
#[path = "alignment_tests.rs"]
mod tests;
