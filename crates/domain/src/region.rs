//! Kinds of region, council helices and bodies a person can belong to; the rules of a region's
//! own records (the region, its cohort, OPDs, council and team members, MoU).

use crate::framework;
use crate::validate::Errors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum!(RegionKind "region-kind" {
    Kota = "kota",
    Kabupaten = "kabupaten",
    Provinsi = "provinsi",
    // A planning unit spanning one or more kabupaten/kota (a tourism area, a new city area):
    // it has its own council, team, stages, plan and book; its members are other regions.
    Kawasan = "kawasan",
});

/// Whether `code` is a kawasan's code: `K.` and two digits ("K.01"). Kemendagri codes are
/// digits only, so the two schemes can never clash.
pub fn is_kawasan_code(code: &str) -> bool {
    code.strip_prefix("K.").is_some_and(|n| n.len() == 2 && n.chars().all(|c| c.is_ascii_digit()))
}

code_enum!(TimeZone "time-zone" {
    Wib = "WIB",
    Wita = "WITA",
    Wit = "WIT",
});

impl TimeZone {
    /// Hours ahead of UTC (Indonesia keeps no daylight saving time).
    pub fn offset_hours(self) -> i64 {
        match self {
            TimeZone::Wib => 7,
            TimeZone::Wita => 8,
            TimeZone::Wit => 9,
        }
    }

    /// The zone of a region by its Kemendagri code's province (its first two digits): Bali,
    /// Nusa Tenggara, Kalimantan Selatan/Timur/Utara and Sulawesi are WITA, Maluku and Papua WIT,
    /// the rest WIB.
    pub fn for_code(code: &str) -> TimeZone {
        const WITA: &[&str] = &["51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"];
        const WIT: &[&str] = &["81", "82", "91", "92", "93", "94", "95", "96", "97"];
        let province = code.trim().get(..2).unwrap_or_default();
        if WITA.contains(&province) {
            TimeZone::Wita
        } else if WIT.contains(&province) {
            TimeZone::Wit
        } else {
            TimeZone::Wib
        }
    }

    /// Today's date in this zone (a WIB region's day starts at 17:00 UTC the evening before).
    pub fn today(self) -> chrono::NaiveDate {
        (chrono::Utc::now() + chrono::Duration::hours(self.offset_hours())).date_naive()
    }

    /// A moment in this zone: "29 November 2026 17:41 WITA".
    pub fn datetime(self, at: chrono::DateTime<chrono::Utc>, lang: &str) -> String {
        let local = at + chrono::Duration::hours(self.offset_hours());
        format!("{} {} {}", crate::format::date(local.date_naive(), lang), local.format("%H:%M"), self.as_str())
    }
}

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

impl RegionKind {
    /// The region's name without its kind in front ("Kota Bandung" → "Bandung"), for titles
    /// that name the kind themselves ("Wali Kota Bandung").
    pub fn bare_name(self, name: &str) -> String {
        let prefixes: &[&str] = match self {
            RegionKind::Kota => &["Kota "],
            RegionKind::Kabupaten => &["Kabupaten ", "Kab. "],
            RegionKind::Provinsi => &["Provinsi ", "Prov. "],
            RegionKind::Kawasan => &["Kawasan "],
        };
        let trimmed = name.trim();
        prefixes
            .iter()
            .find_map(|p| trimmed.get(..p.len()).filter(|h| h.eq_ignore_ascii_case(p)).map(|_| &trimmed[p.len()..]))
            .unwrap_or(trimmed)
            .trim()
            .to_string()
    }

    /// The head of the region by title: "Wali Kota Bandung", "Bupati Sleman", "Gubernur Bali";
    /// "Mayor of Bandung", "Regent of Sleman", "Governor of Bali". A kawasan has no head of
    /// region of its own: its council's chair speaks for it ("Ketua Dewan Smart City Kawasan
    /// Danau Toba").
    pub fn head_of(self, name: &str, lang: &str) -> String {
        let key = format!("head-of-{}", self.as_str());
        kotacerdas_i18n::Lang::from_code(lang).ta(&key, &[("name", &self.bare_name(name))])
    }

    /// The title alone: Wali Kota / Bupati / Gubernur (Mayor / Regent / Governor).
    pub fn head_title(self, lang: &str) -> String {
        kotacerdas_i18n::Lang::from_code(lang).t(&format!("head-title-{}", self.as_str()))
    }

    /// The head of region's regulation for this kind: Perwal, Perbup or Pergub — the default
    /// where a form asks for one.
    pub fn head_regulation(self) -> crate::analysis::RegulationKind {
        use crate::analysis::RegulationKind as K;
        match self {
            RegionKind::Kota => K::Perwal,
            RegionKind::Kabupaten => K::Perbup,
            RegionKind::Provinsi => K::Pergub,
            // Enacted jointly by the heads of its member regions.
            RegionKind::Kawasan => K::Sk,
        }
    }
}

// In the order pages and the book list a body's members (the SK decrees list them so).
code_enum!(MemberRole "member-role" {
    Chair = "chair",
    ViceChair = "vice_chair",
    Secretary = "secretary",
    Steering = "steering",
    Member = "member",
});

impl MemberRole {
    /// Where a member of this role is listed: chairs first, plain members last.
    pub fn rank(code: &str) -> usize {
        Self::ALL.iter().position(|r| r.as_str() == code).unwrap_or(Self::ALL.len())
    }

    /// A team member works on one dimension; those who lead or steer the whole team (often the
    /// heads of Diskominfo and Bappeda) may have none.
    pub fn needs_dimension(self) -> bool {
        self == MemberRole::Member
    }
}

/// The Smart City dimensions no member of the Tim Pelaksana works on (`team`: the dimension
/// codes of the team's members), in the framework's order.
pub fn dimensions_without_team<'a>(team: impl IntoIterator<Item = &'a str> + Clone) -> Vec<&'static str> {
    framework::DIMENSIONS
        .iter()
        .map(|d| d.named.code)
        .filter(|code| !team.clone().into_iter().any(|t| t == *code))
        .collect()
}

/// Whether a region of kind `member` may join a kawasan (`kawasan`: the kind of the unit it
/// joins; `itself`: the two are the same region). Only kabupaten and kota join, and only a
/// kawasan takes members.
pub fn kawasan_member(kawasan: RegionKind, member: RegionKind, itself: bool) -> Result<(), Errors> {
    if kawasan != RegionKind::Kawasan || itself || !matches!(member, RegionKind::Kabupaten | RegionKind::Kota) {
        return Err(Errors::one("region_id", "err-kawasan-member"));
    }
    Ok(())
}

/// Population class of the Indeks Kota Cerdas Indonesia.
pub fn population_class(population: i64) -> &'static str {
    match population {
        p if p > 1_000_000 => "> 1 juta",
        p if p > 500_000 => "0,5–1 juta",
        p if p > 100_000 => "0,1–0,5 juta",
        _ => "≤ 0,1 juta",
    }
}

/// A region as typed by the programme office.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RegionInput {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub province: String,
    pub population: String,
    pub cohort_id: String,
    /// WIB, WITA or WIT; empty: the zone of the code's province.
    pub time_zone: String,
    /// "true" (or a ticked box, "on") when the region had a masterplan before.
    pub has_masterplan: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRegion {
    pub code: String,
    pub name: String,
    pub kind: RegionKind,
    pub province: String,
    pub population: i64,
    pub cohort_id: Option<i64>,
    pub time_zone: TimeZone,
    pub has_masterplan: bool,
}

impl RegionInput {
    /// `cohorts`: the ids of the cohorts; `taken`: the codes of the other regions.
    pub fn validate(&self, cohorts: &[i64], taken: &[&str]) -> Result<ValidRegion, Errors> {
        let mut e = Errors::new();
        // A kawasan's code is of its own scheme; every other kind's is Kemendagri's.
        let code = if RegionKind::parse(self.kind.trim()) == Some(RegionKind::Kawasan) {
            let c = self.code.trim().to_string();
            if c.is_empty() {
                e.add("code", "err-required", None);
            } else if !is_kawasan_code(&c) {
                e.add("code", "err-kawasan-code", None);
            }
            c
        } else {
            e.region_code("code", &self.code)
        };
        let name = e.text("name", &self.name, 200);
        let kind = e.choice("kind", &self.kind, RegionKind::parse);
        let province = e.text("province", &self.province, 200);
        let population = e.integer("population", &self.population, 0, 100_000_000);
        let cohort_id = e.optional_ref("cohort_id", &self.cohort_id, cohorts);
        let time_zone = match self.time_zone.trim() {
            "" => Some(TimeZone::for_code(&code)),
            z => e.choice("time_zone", z, TimeZone::parse),
        };
        e.unique("code", code.as_str(), taken);
        if e.get("code").is_none() {
            official_match(&mut e, &code, &name, kind, &province);
        }
        e.into_result()?;
        Ok(ValidRegion {
            code,
            name,
            kind: kind.unwrap_or(RegionKind::Kabupaten),
            province,
            population: population.unwrap_or_default(),
            cohort_id,
            time_zone: time_zone.unwrap_or(TimeZone::Wib),
            has_masterplan: matches!(self.has_masterplan.trim(), "true" | "on" | "1"),
        })
    }
}

// Cohorts (tracks, quotas, selection, SK decrees) have their own module.
pub use crate::cohort::{CohortInput, ValidCohort};
/// Codes starting with this are demo and test regions, outside the official list.
pub const SYNTHETIC_PREFIX: &str = "99";

/// Whether a region code is a demo/test one (`99`, `99.xx`), kept out of the official list.
pub fn is_synthetic(code: &str) -> bool {
    code.trim().get(..2) == Some(SYNTHETIC_PREFIX)
}

/// A region is picked from the official list: its code must be there (or be a demo code `99…`)
/// and then its name, kind and province are the official ones. Names compare without case or
/// extra spaces; a province may be named with or without "Provinsi".
fn official_match(e: &mut Errors, code: &str, name: &str, kind: Option<RegionKind>, province: &str) {
    // Demo codes and a kawasan's own codes (`K.01`) are outside the official list.
    if is_synthetic(code) || is_kawasan_code(code) {
        return;
    }
    let Some(o) = kotacerdas_areas::official_region(code) else {
        e.add("code", "err-region-unofficial", None);
        return;
    };
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let bare_province = |s: &str| {
        let n = norm(s);
        n.strip_prefix("provinsi ").map(str::to_string).unwrap_or(n)
    };
    let name_ok =
        if o.kind == "provinsi" { bare_province(name) == bare_province(&o.name) } else { norm(name) == norm(&o.name) };
    if !name.trim().is_empty() && !name_ok {
        e.add("name", "err-region-official-name", None);
    }
    if kind.is_some_and(|k| k.as_str() != o.kind) {
        e.add("kind", "err-region-official-kind", None);
    }
    if !province.trim().is_empty() && bare_province(province) != bare_province(o.province) {
        e.add("province", "err-region-official-province", None);
    }
}

/// An OPD (perangkat daerah) as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OpdInput {
    pub name: String,
    pub short_name: String,
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidOpd {
    pub name: String,
    pub short_name: String,
    pub code: Option<String>,
}

impl OpdInput {
    /// `taken`: the short names of the region's other OPDs.
    pub fn validate(&self, taken: &[&str]) -> Result<ValidOpd, Errors> {
        let mut e = Errors::new();
        let name = e.text("name", &self.name, 200);
        let short_name = e.text("short_name", &self.short_name, 40);
        let code = e.optional_text("code", &self.code, 40);
        e.unique("short_name", short_name.as_str(), taken);
        e.into_result()?;
        Ok(ValidOpd { name, short_name, code })
    }
}

/// A member of the Dewan Smart City or the Tim Pelaksana as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberInput {
    pub body: String,
    pub name: String,
    pub position: String,
    pub institution: String,
    pub helix: String,
    pub dimension_code: String,
    pub opd_id: String,
    pub sk_number: String,
    pub sk_date: String,
    /// A [`MemberRole`] code; empty means a plain member.
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidMember {
    pub body: Body,
    pub role: MemberRole,
    pub name: String,
    pub position: String,
    pub institution: Option<String>,
    /// The council's members name a helix …
    pub helix: Option<Helix>,
    /// … the team's a dimension.
    pub dimension_code: Option<String>,
    pub opd_id: Option<i64>,
    pub sk_number: String,
    pub sk_date: NaiveDate,
}

impl MemberInput {
    /// `opds`: the ids of the region's OPDs.
    pub fn validate(&self, opds: &[i64]) -> Result<ValidMember, Errors> {
        let mut e = Errors::new();
        let body = e.choice("body", &self.body, Body::parse);
        let name = e.text("name", &self.name, 200);
        let position = e.text("position", &self.position, 200);
        let institution = e.optional_text("institution", &self.institution, 200);
        let sk_number = e.text("sk_number", &self.sk_number, 200);
        let sk_date = e.date("sk_date", &self.sk_date);
        let role = match self.role.trim() {
            "" => Some(MemberRole::Member),
            r => e.choice("role", r, MemberRole::parse),
        };
        let helix = match body {
            Some(Body::Dewan) => e.choice("helix", &self.helix, Helix::parse),
            _ => None,
        };
        let dimension = |s: &str| framework::dimension(s).map(|d| d.named.code);
        let dimension_code = match body {
            // The chair, secretary and steering members may span every dimension.
            Some(Body::Tim)
                if !role.is_some_and(MemberRole::needs_dimension) && self.dimension_code.trim().is_empty() =>
            {
                None
            }
            Some(Body::Tim) => e.choice("dimension_code", &self.dimension_code, dimension).map(str::to_string),
            _ => None,
        };
        let opd_id = e.optional_ref("opd_id", &self.opd_id, opds);
        e.into_result()?;
        Ok(ValidMember {
            body: body.unwrap_or(Body::Dewan),
            role: role.unwrap_or(MemberRole::Member),
            name,
            position,
            institution,
            helix,
            dimension_code,
            opd_id,
            sk_number,
            sk_date: sk_date.unwrap_or_default(),
        })
    }
}

/// The MoU a region signs with the ministry, as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MouInput {
    pub number: String,
    pub signed_on: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidMou {
    pub number: String,
    pub signed_on: NaiveDate,
    pub notes: Option<String>,
}

impl MouInput {
    pub fn validate(&self) -> Result<ValidMou, Errors> {
        let mut e = Errors::new();
        let number = e.text("number", &self.number, 200);
        let signed_on = e.date("signed_on", &self.signed_on);
        let notes = e.optional_text("notes", &self.notes, 2000);
        e.into_result()?;
        Ok(ValidMou { number, signed_on: signed_on.unwrap_or_default(), notes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_head_of_region_has_the_title_of_its_kind() {
        assert_eq!(RegionKind::Kota.head_of("Kota Bandung", "id"), "Wali Kota Bandung");
        assert_eq!(RegionKind::Kabupaten.head_of("Kabupaten Sleman", "id"), "Bupati Sleman");
        assert_eq!(RegionKind::Kabupaten.head_of("kab. Sleman", "id"), "Bupati Sleman");
        assert_eq!(RegionKind::Provinsi.head_of("Provinsi Bali", "en"), "Governor of Bali");
        assert_eq!(RegionKind::Kota.head_of("Kota Bandung", "en"), "Mayor of Bandung");
        assert_eq!(RegionKind::Kabupaten.head_of("Sleman", "en"), "Regent of Sleman");
        assert_eq!(RegionKind::Kota.bare_name("Kotabaru"), "Kotabaru");
        assert_eq!(RegionKind::Kota.head_regulation().as_str(), "perwal");
    }

    #[test]
    fn a_kawasan_has_its_own_code_scheme_and_its_council_chair_as_head() {
        assert!(is_kawasan_code("K.01") && !is_kawasan_code("K.1") && !is_kawasan_code("99.01"));
        let input = RegionInput {
            code: "K.01".into(),
            name: "Kawasan Danau Sukamaju".into(),
            kind: "kawasan".into(),
            province: "Nusantara Jaya".into(),
            population: "0".into(),
            ..Default::default()
        };
        let v = input.validate(&[], &[]).expect("valid");
        assert_eq!((v.kind, v.time_zone), (RegionKind::Kawasan, TimeZone::Wib));
        let bad = RegionInput { code: "99.09".into(), ..input.clone() };
        assert_eq!(codes(&bad.validate(&[], &[]).expect_err("kemendagri code")), [("code", "err-kawasan-code")]);
        let bad = RegionInput { kind: "kota".into(), ..input };
        assert_eq!(codes(&bad.validate(&[], &[]).expect_err("kawasan code")), [("code", "err-region-code")]);
        assert_eq!(
            RegionKind::Kawasan.head_of("Kawasan Danau Toba", "id"),
            "Ketua Dewan Smart City Kawasan Danau Toba"
        );
        assert!(!RegionKind::Kawasan.head_of("Kawasan Danau Toba", "en").contains("Regent"));
        assert_eq!(RegionKind::Kawasan.head_regulation().as_str(), "sk");
        assert!(kawasan_member(RegionKind::Kawasan, RegionKind::Kota, false).is_ok());
        assert!(kawasan_member(RegionKind::Kawasan, RegionKind::Kawasan, false).is_err());
        assert!(kawasan_member(RegionKind::Kawasan, RegionKind::Provinsi, false).is_err());
        assert!(kawasan_member(RegionKind::Kota, RegionKind::Kota, false).is_err());
    }

    #[test]
    fn times_are_shown_in_the_region_zone() {
        assert_eq!(TimeZone::for_code("51.71"), TimeZone::Wita);
        assert_eq!(TimeZone::for_code("94.71"), TimeZone::Wit);
        assert_eq!(TimeZone::for_code("32.73"), TimeZone::Wib);
        assert_eq!(TimeZone::for_code("6"), TimeZone::Wib);
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-29T10:39:00Z").unwrap().with_timezone(&chrono::Utc);
        assert_eq!(TimeZone::Wib.datetime(at, "id"), "29 November 2026 17:39 WIB");
        assert_eq!(TimeZone::Wit.datetime(at, "en"), "29 November 2026 19:39 WIT");
        assert_eq!(TimeZone::Wita.datetime(at + chrono::Duration::hours(14), "id"), "30 November 2026 08:39 WITA");
    }

    fn codes(e: &Errors) -> Vec<(&str, &'static str)> {
        e.0.iter().map(|x| (x.field.as_str(), x.code)).collect()
    }

    #[test]
    fn regions_have_a_free_code_and_a_known_cohort() {
        let input = RegionInput {
            code: "99.01".into(),
            name: "Kabupaten Sukamaju".into(),
            kind: "kabupaten".into(),
            province: "Jawa Barat".into(),
            population: "612.000".into(),
            cohort_id: "3".into(),
            time_zone: String::new(),
            has_masterplan: String::new(),
        };
        let v = input.validate(&[3], &["99.02"]).expect("valid");
        assert_eq!((v.kind, v.population, v.cohort_id), (RegionKind::Kabupaten, 612_000, Some(3)));
        let e = input.validate(&[4], &["99.01"]).expect_err("taken");
        assert_eq!(codes(&e), [("cohort_id", "err-choice"), ("code", "err-taken")]);
        let bad = RegionInput { code: "9901".into(), ..input };
        assert_eq!(codes(&bad.validate(&[3], &["9901"]).expect_err("code")), [("code", "err-region-code")]);
    }

    #[test]
    fn official_codes_carry_their_official_name_kind_and_province() {
        let input = RegionInput {
            code: "32.73".into(),
            name: "kota  bandung".into(),
            kind: "kota".into(),
            province: "Provinsi Jawa Barat".into(),
            population: "2500000".into(),
            ..Default::default()
        };
        let v = input.validate(&[], &[]).expect("official");
        assert_eq!((v.code.as_str(), v.kind, v.time_zone), ("32.73", RegionKind::Kota, TimeZone::Wib));
        let wrong = RegionInput {
            name: "Kota Sukamaju".into(),
            kind: "kabupaten".into(),
            province: "Bali".into(),
            ..input.clone()
        };
        assert_eq!(
            codes(&wrong.validate(&[], &[]).expect_err("not official")),
            [
                ("name", "err-region-official-name"),
                ("kind", "err-region-official-kind"),
                ("province", "err-region-official-province")
            ]
        );
        let province = RegionInput {
            code: "51".into(),
            name: "Bali".into(),
            kind: "provinsi".into(),
            province: "Bali".into(),
            ..input.clone()
        };
        assert!(province.validate(&[], &[]).is_ok(), "a province named with or without 'Provinsi'");
        let unknown = RegionInput { code: "32.99".into(), ..input.clone() };
        assert_eq!(codes(&unknown.validate(&[], &[]).expect_err("unknown")), [("code", "err-region-unofficial")]);
        let demo = RegionInput { code: "99.44".into(), name: "Kota Fiksi".into(), ..input };
        assert!(demo.validate(&[], &[]).is_ok(), "demo codes 99… are free");
    }

    #[test]
    fn opd_short_names_are_unique_in_the_region() {
        let o = OpdInput { name: "Dinas Kesehatan".into(), short_name: "DINKES".into(), code: String::new() };
        assert_eq!(o.validate(&["DKP"]).expect("valid").code, None);
        assert_eq!(codes(&o.validate(&["DINKES"]).expect_err("taken")), [("short_name", "err-taken")]);
    }

    #[test]
    fn members_name_a_helix_or_a_dimension_by_body() {
        let dewan = MemberInput {
            body: "dewan".into(),
            name: "Ir. Siti".into(),
            position: "Ketua".into(),
            helix: "academia".into(),
            dimension_code: "nonsense".into(),
            sk_number: "SK 1/2025".into(),
            sk_date: "2025-01-15".into(),
            ..Default::default()
        };
        let v = dewan.validate(&[]).expect("valid");
        assert_eq!((v.helix, v.dimension_code), (Some(Helix::Academia), None), "a council member has no dimension");
        let tim = MemberInput { body: "tim".into(), helix: String::new(), opd_id: "5".into(), ..dewan.clone() };
        let e = tim.validate(&[6]).expect_err("bad");
        assert_eq!(codes(&e), [("dimension_code", "err-choice"), ("opd_id", "err-choice")]);
        let tim = MemberInput { dimension_code: framework::DIMENSIONS[0].named.code.into(), ..tim };
        assert_eq!(tim.validate(&[5]).expect("valid").opd_id, Some(5));
    }

    #[test]
    fn team_chairs_secretaries_and_steering_need_no_dimension() {
        let chair = MemberInput {
            body: "tim".into(),
            role: "chair".into(),
            name: "Kepala Diskominfo".into(),
            position: "Ketua".into(),
            sk_number: "SK 2/2025".into(),
            sk_date: "2025-01-15".into(),
            ..Default::default()
        };
        for role in ["chair", "vice_chair", "secretary", "steering"] {
            let v = MemberInput { role: role.into(), ..chair.clone() }.validate(&[]).expect(role);
            assert_eq!((v.role.as_str(), v.dimension_code), (role, None));
        }
        let with = MemberInput { dimension_code: "GOV".into(), ..chair.clone() }.validate(&[]).expect("with");
        assert_eq!(with.dimension_code.as_deref(), Some("GOV"), "a chair may still name one");
        let bad = MemberInput { dimension_code: "XYZ".into(), ..chair.clone() };
        assert_eq!(codes(&bad.validate(&[]).expect_err("bad")), [("dimension_code", "err-choice")]);
        let member = MemberInput { role: String::new(), ..chair.clone() };
        assert_eq!(codes(&member.validate(&[]).expect_err("member")), [("dimension_code", "err-required")]);
        let odd = MemberInput { role: "boss".into(), ..chair };
        assert_eq!(codes(&odd.validate(&[]).expect_err("role")), [("role", "err-choice")]);
        assert!(MemberRole::rank("chair") < MemberRole::rank("secretary"));
        assert!(MemberRole::rank("steering") < MemberRole::rank("member"));
    }

    #[test]
    fn dimensions_without_a_team_member_are_named() {
        assert_eq!(dimensions_without_team(["GOV", "ECO", "GOV"]), ["BRA", "LIV", "SOC", "ENV"]);
        assert!(dimensions_without_team(["GOV", "BRA", "ECO", "LIV", "SOC", "ENV"]).is_empty());
    }

    #[test]
    fn a_mou_needs_a_number_and_a_date() {
        let e = MouInput::default().validate().expect_err("empty");
        assert_eq!(codes(&e), [("number", "err-required"), ("signed_on", "err-required")]);
    }
}
