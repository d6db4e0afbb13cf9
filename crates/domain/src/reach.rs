//! A programme's reach: it belongs to one **primary** element of the framework (its budget is
//! counted there, once) and may name further elements it also serves — a digital public service
//! mall is governance, economy and society at once. Here: the rules for the further elements and
//! the counting rule of the roll-ups (programmes per dimension as primary and "also serving",
//! money on the primary dimension only).

use crate::framework::{self, DIMENSIONS};
use crate::validate::Errors;

/// The most further elements a programme may name: beyond this a programme claims everything and
/// the reach says nothing.
pub const MAX_FURTHER: usize = 6;

/// The field the further elements are reported on (form, API and XLSX alike).
pub const FIELD: &str = "also_serves";

/// Split a typed list of element codes ("ECO-WE; SOC-CO, LIV-HE") into its codes, trimmed and
/// upper-cased; blanks skipped. Commas, semicolons and line breaks separate.
pub fn split(raw: &str) -> Vec<String> {
    raw.split([',', ';', '\n', '\r']).map(|s| s.trim().to_ascii_uppercase()).filter(|s| !s.is_empty()).collect()
}

/// Check the further elements of a programme whose primary element is `primary` (when known):
/// each a known element of the framework, not the primary, named once, at most [`MAX_FURTHER`].
/// Returns the codes in framework order; errors go on [`FIELD`].
pub fn validate(e: &mut Errors, primary: Option<&str>, raw: &[String]) -> Vec<String> {
    let mut out: Vec<&'static str> = Vec::new();
    let mut bad = false;
    for r in raw.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match framework::element(r) {
            None => {
                if !bad {
                    e.add(FIELD, "err-reach-unknown", None);
                }
                bad = true;
            }
            Some(el) if Some(el.code) == primary => {
                e.add(FIELD, "err-reach-primary", None);
                bad = true;
            }
            Some(el) if out.contains(&el.code) => {
                e.add(FIELD, "err-reach-duplicate", None);
                bad = true;
            }
            Some(el) => out.push(el.code),
        }
    }
    if out.len() > MAX_FURTHER {
        e.add(FIELD, "err-reach-max", Some(MAX_FURTHER as i64));
    }
    out.sort_by_key(|c| position(c));
    out.into_iter().map(str::to_string).collect()
}

/// The element's place in the framework (dimension by dimension), for a stable order.
fn position(code: &str) -> usize {
    DIMENSIONS.iter().flat_map(|d| d.elements.iter()).position(|e| e.code == code).unwrap_or(usize::MAX)
}

/// The dimension an element belongs to.
pub fn dimension_of(element: &str) -> Option<&'static str> {
    DIMENSIONS.iter().find(|d| d.elements.iter().any(|e| e.code == element)).map(|d| d.named.code)
}

/// The further dimensions a programme serves: the dimensions of its further elements, without
/// its primary dimension, each once, in framework order.
pub fn further_dimensions(primary: &str, further: &[String]) -> Vec<&'static str> {
    let own = dimension_of(primary);
    DIMENSIONS
        .iter()
        .map(|d| d.named.code)
        .filter(|d| Some(*d) != own && further.iter().any(|f| dimension_of(f) == Some(*d)))
        .collect()
}

/// One programme as the roll-up sees it.
#[derive(Debug, Clone, Copy)]
pub struct Counted<'a> {
    pub primary: &'a str,
    pub further: &'a [String],
    pub budget: i64,
}

/// A dimension's figures: programmes whose primary element is in it, programmes of another
/// primary dimension that also serve it, and the budget of the primary ones only.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct DimensionReach {
    pub dimension: &'static str,
    pub primary: usize,
    pub also: usize,
    pub budget: i64,
}

impl DimensionReach {
    /// Every programme that serves the dimension, once.
    pub fn reach(&self) -> usize {
        self.primary + self.also
    }
}

/// The roll-up per dimension, in framework order (all six, zeros included). A programme is
/// counted once as primary in its primary dimension and at most once as "also" in each further
/// dimension; its money only ever goes to the primary one, so the budgets add up to the total.
pub fn roll_up(programmes: &[Counted]) -> Vec<DimensionReach> {
    let mut out: Vec<DimensionReach> =
        DIMENSIONS.iter().map(|d| DimensionReach { dimension: d.named.code, ..Default::default() }).collect();
    for p in programmes {
        if let Some(r) = dimension_of(p.primary).and_then(|d| out.iter_mut().find(|r| r.dimension == d)) {
            r.primary += 1;
            r.budget = r.budget.saturating_add(p.budget);
        }
        for d in further_dimensions(p.primary, p.further) {
            if let Some(r) = out.iter_mut().find(|r| r.dimension == d) {
                r.also += 1;
            }
        }
    }
    out
}

/// "12 program · +3 lintas dimensi" (the "+…" part only when some programme of another
/// dimension serves this one), in `lang` ("en" English, else Indonesian).
pub fn summary(lang: &str, primary: usize, also: usize) -> String {
    let l = kotacerdas_i18n::Lang::from_code(lang);
    let head = l.tn("reach-primary", primary as i64);
    if also == 0 {
        head
    } else {
        format!("{head} · {}", l.tn("reach-also", also as i64))
    }
}

/// The names of the further dimensions, "Smart Economy, Smart Society", in `lang`.
pub fn dimension_names(lang: &str, dims: &[&str]) -> String {
    dims.iter().filter_map(|d| framework::dimension(d)).map(|d| d.named.name(lang)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(raw: &[&str], primary: &str) -> Result<Vec<String>, Vec<&'static str>> {
        let mut e = Errors::new();
        let raw: Vec<String> = raw.iter().map(|s| s.to_string()).collect();
        let out = validate(&mut e, Some(primary), &raw);
        if e.is_empty() {
            Ok(out)
        } else {
            Err(e.0.iter().map(|x| x.code).collect())
        }
    }

    #[test]
    fn further_elements_known_not_primary_once_and_few() {
        assert_eq!(v(&["SOC-CO", " ECO-WE ", ""], "GOV-PS"), Ok(vec!["ECO-WE".to_string(), "SOC-CO".to_string()]));
        assert_eq!(v(&["ECO.1"], "GOV-PS"), Err(vec!["err-reach-unknown"]));
        assert_eq!(v(&["<script>", "'; DROP TABLE x"], "GOV-PS"), Err(vec!["err-reach-unknown"]));
        assert_eq!(v(&["GOV-PS"], "GOV-PS"), Err(vec!["err-reach-primary"]));
        assert_eq!(v(&["ECO-WE", "ECO-WE"], "GOV-PS"), Err(vec!["err-reach-duplicate"]));
        assert_eq!(
            v(&["BRA-TO", "BRA-BU", "BRA-CA", "ECO-IN", "ECO-WE", "ECO-TR", "LIV-HE"], "GOV-PS"),
            Err(vec!["err-reach-max"])
        );
        // Another element of the primary's own dimension is allowed (it adds no dimension).
        assert_eq!(v(&["GOV-BM"], "GOV-PS"), Ok(vec!["GOV-BM".to_string()]));
    }

    #[test]
    fn the_summary_names_the_cross_dimension_programmes_only_when_there_are_some() {
        assert_eq!(summary("id", 12, 3), "12 program · +3 lintas dimensi");
        assert_eq!(summary("id", 4, 0), "4 program");
        assert_eq!(summary("en", 1, 1), "1 programme · +1 cross-dimension");
        assert_eq!(dimension_names("id", &["ECO", "SOC"]), "Smart Economy, Smart Society");
    }

    #[test]
    fn split_reads_commas_semicolons_and_lines() {
        assert_eq!(split(" eco-we; SOC-CO,\nliv-he ,, "), ["ECO-WE", "SOC-CO", "LIV-HE"]);
        assert!(split(" ; ").is_empty());
    }

    #[test]
    fn further_dimensions_skip_the_primary_and_repeat_none() {
        let f: Vec<String> = ["SOC-CO", "ECO-WE", "ECO-TR", "GOV-BM"].iter().map(|s| s.to_string()).collect();
        assert_eq!(further_dimensions("GOV-PS", &f), ["ECO", "SOC"]);
        assert!(further_dimensions("GOV-PS", &[]).is_empty());
    }

    #[test]
    fn money_only_on_the_primary_and_each_programme_once_per_dimension() {
        let mall: Vec<String> = ["ECO-WE", "ECO-TR", "SOC-CO"].iter().map(|s| s.to_string()).collect();
        let none: Vec<String> = Vec::new();
        let same: Vec<String> = vec!["LIV-MO".into()];
        let p = [
            Counted { primary: "GOV-PS", further: &mall, budget: 1_000 },
            Counted { primary: "ECO-IN", further: &none, budget: 200 },
            Counted { primary: "LIV-HE", further: &same, budget: 30 },
        ];
        let r = roll_up(&p);
        assert_eq!(r.len(), 6);
        let get = |d: &str| r.iter().find(|x| x.dimension == d).cloned().unwrap_or_default();
        assert_eq!((get("GOV").primary, get("GOV").also, get("GOV").budget), (1, 0, 1_000));
        assert_eq!(
            (get("ECO").primary, get("ECO").also, get("ECO").budget),
            (1, 1, 200),
            "ECO twice in the mall: once"
        );
        assert_eq!((get("SOC").primary, get("SOC").also, get("SOC").budget), (0, 1, 0));
        assert_eq!((get("LIV").primary, get("LIV").also), (1, 0), "a further element of its own dimension adds none");
        assert_eq!(r.iter().map(|x| x.budget).sum::<i64>(), 1_230, "the budgets add up to the total");
        assert_eq!(r.iter().map(|x| x.primary).sum::<usize>(), 3, "each programme once as primary");
        assert_eq!(get("ECO").reach(), 2);
    }
}
