//! Picking a region from the official list of areas on the region form: a plain GET search
//! (`?cari=bandung`) lists the matching provinces and kabupaten/kota as links, and following one
//! (`?kode=32.73`) fills the form with the official code, name, kind and province. Works without
//! JavaScript; the domain then holds an official code to its official name and kind.

use kotacerdas_domain::region::RegionInput;
use serde::Deserialize;

/// Matches shown at most (provinces first, then kabupaten/kota).
const SHOWN: usize = 25;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PickQuery {
    /// What was typed in the search field.
    pub cari: String,
    /// The code of the area picked from the matches.
    pub kode: String,
}

/// One match: code, official name, province.
pub struct PickRow {
    pub code: String,
    pub name: String,
    pub province: String,
}

/// The search's state on the form.
pub struct Picker {
    /// The page the search and the links go to (the form's own page).
    pub action: String,
    pub query: String,
    pub searched: bool,
    pub matches: Vec<PickRow>,
    /// "idn-area-data 4.0.1 © …, ODbL 1.0".
    pub attribution: String,
}

impl Picker {
    pub fn new(action: &str, q: &PickQuery) -> Picker {
        let query = q.cari.trim().to_string();
        let mut matches: Vec<PickRow> = Vec::new();
        if !query.is_empty() {
            matches.extend(kotacerdas_areas::search_provinces(&query, 5).into_iter().map(|p| PickRow {
                code: p.code.into(),
                name: format!("Provinsi {}", p.name),
                province: p.name.into(),
            }));
            matches.extend(kotacerdas_areas::search_regencies(&query, SHOWN).into_iter().map(|r| PickRow {
                code: r.code.into(),
                name: r.name.into(),
                province: r.province().map(|p| p.name).unwrap_or_default().into(),
            }));
            matches.truncate(SHOWN);
        }
        Picker {
            action: action.to_string(),
            searched: !query.is_empty(),
            query: query.chars().take(kotacerdas_areas::MAX_QUERY).collect(),
            matches,
            attribution: kotacerdas_areas::attribution(),
        }
    }
}

/// The form filled with the picked area's official code, name, kind and province (the other
/// fields as they were); an unknown code leaves it as it was.
pub fn prefill(mut form: RegionInput, kode: &str) -> RegionInput {
    if let Some(o) = kotacerdas_areas::official_region(kode) {
        form.code = o.code.to_string();
        form.name = o.name;
        form.kind = o.kind.to_string();
        form.province = o.province.to_string();
    }
    form
}
