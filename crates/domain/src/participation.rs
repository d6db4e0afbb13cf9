//! Citizen participation: what a citizen may send, when a consultation takes input, how an input
//! moves through moderation, what its public status says, and the statistics per dimension the
//! book's annex prints. Also the state of a programme shared with a neighbouring region.

use crate::framework;
use crate::validate::Errors;
use chrono::NaiveDate;

code_enum!(InputKind "input-kind" {
    Aspiration = "aspiration",
    Problem = "problem",
    Proposal = "proposal",
});

code_enum!(Moderation "participation" {
    Pending = "pending",
    Published = "published",
    Hidden = "hidden",
});

code_enum!(ShareStatus "share-status" {
    Pending = "pending",
    Acknowledged = "acknowledged",
    Declined = "declined",
});

/// Size limits for citizen text: generous for a phone, small enough to keep floods cheap.
pub const MAX_TITLE: usize = 150;
pub const MAX_BODY: usize = 2_000;
pub const MAX_COMMENT: usize = 1_000;
pub const MAX_NAME: usize = 80;
pub const MAX_PLACE: usize = 80;
pub const MAX_ANSWER: usize = 4_000;
pub const MAX_REASON: usize = 500;

/// A citizen's input as typed.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct InputDraft {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub dimension_code: String,
    #[serde(default)]
    pub element_code: String,
    #[serde(default)]
    pub kecamatan: String,
    #[serde(default)]
    pub kelurahan: String,
    #[serde(default)]
    pub author_name: String,
}

/// The checked input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedInput {
    pub kind: InputKind,
    pub title: String,
    pub body: String,
    pub dimension_code: &'static str,
    pub element_code: Option<&'static str>,
    pub kecamatan: Option<String>,
    pub kelurahan: Option<String>,
    /// "Warga" when left empty: a name is never required.
    pub author_name: String,
}

/// Check a draft against the consultation's topics (empty = every dimension) and the places of
/// the region with code `region` (see [`place`]).
pub fn check_input(d: &InputDraft, topics: &[&str], region: &str) -> Result<CheckedInput, Errors> {
    let mut e = Errors::new();
    let kind = e.choice("kind", &d.kind, InputKind::parse);
    let title = e.text("title", &d.title, MAX_TITLE);
    let body = e.text("body", &d.body, MAX_BODY);
    let dimension = e.choice("dimension_code", &d.dimension_code, |s| {
        framework::dimension(s).map(|x| x.named.code).filter(|c| topics.is_empty() || topics.contains(c))
    });
    let element = match d.element_code.trim() {
        "" => None,
        s => match (framework::element(s), dimension) {
            (Some(el), Some(dim)) if element_in(dim, el.code) => Some(el.code),
            _ => {
                e.add("element_code", "err-choice", None);
                None
            }
        },
    };
    let (kecamatan, kelurahan) = place(&mut e, region, &d.kecamatan, &d.kelurahan);
    let name = e.optional_text("author_name", &d.author_name, MAX_NAME);
    e.into_result()?;
    Ok(CheckedInput {
        kind: kind.unwrap_or(InputKind::Aspiration),
        title,
        body,
        dimension_code: dimension.unwrap_or_default(),
        element_code: element,
        kecamatan,
        kelurahan,
        author_name: name.unwrap_or_else(|| "Warga".into()),
    })
}

/// The kecamatan and desa/kelurahan of an input. In a kabupaten/kota of the official list both
/// are picked from its own (sent as the code the form's lists carry, or as the official name in
/// any case) and kept by their official names; a desa/kelurahan must lie in the kecamatan chosen,
/// and names its kecamatan when none was. Elsewhere (a province, a demo region `99…`) they are
/// free text.
pub fn place(e: &mut Errors, region: &str, kecamatan: &str, kelurahan: &str) -> (Option<String>, Option<String>) {
    use kotacerdas_areas as areas;
    let districts = match areas::regency(region) {
        Some(r) if !crate::region::is_synthetic(region) => areas::districts_of(r.code),
        _ => {
            return (
                e.optional_text("kecamatan", kecamatan, MAX_PLACE),
                e.optional_text("kelurahan", kelurahan, MAX_PLACE),
            )
        }
    };
    let same = |code: &str, name: &str, typed: &str| {
        let t = typed.trim();
        areas::canonical_code(t).is_some_and(|c| c == code) || name.eq_ignore_ascii_case(t)
    };
    let district = match kecamatan.trim() {
        "" => None,
        k => match districts.iter().find(|d| same(d.code, d.name, k)) {
            Some(d) => Some(d),
            None => {
                e.add("kecamatan", "err-place-kecamatan", None);
                return (None, None);
            }
        },
    };
    let village = match kelurahan.trim() {
        "" => None,
        v => {
            let within = |d: &areas::District| areas::villages_of(d.code).iter().find(|x| same(x.code, x.name, v));
            let found = match district {
                Some(d) => within(d),
                None => districts.iter().find_map(within),
            };
            if found.is_none() {
                e.add("kelurahan", "err-place-kelurahan", None);
            }
            found
        }
    };
    let district = district.or_else(|| village.and_then(|v| areas::district(v.district_code)));
    (district.map(|d| d.name.to_string()), village.map(|v| v.name.to_string()))
}

fn element_in(dimension: &str, element: &str) -> bool {
    framework::dimension(dimension).is_some_and(|d| d.elements.iter().any(|e| e.code == element))
}

/// Topics stored as "GOV,LIV" → the dimension codes, ignoring unknown ones.
pub fn topics(stored: &str) -> Vec<&'static str> {
    stored.split(',').filter_map(|s| framework::dimension(s.trim()).map(|d| d.named.code)).collect()
}

/// Whether a consultation open from `opens` to `closes` (both inclusive) takes input on `today`.
pub fn is_open(opens: NaiveDate, closes: NaiveDate, today: NaiveDate) -> bool {
    opens <= today && today <= closes
}

/// What the public sees of an input's progress, from its answers and links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicStatus {
    /// Published, nobody has answered yet.
    Awaiting,
    /// An OPD answered officially.
    Answered,
    /// Followed up by these programmes (names), answered or not.
    FollowedUp(Vec<String>),
}

impl PublicStatus {
    pub fn of(answers: usize, programmes: Vec<String>) -> PublicStatus {
        if !programmes.is_empty() {
            PublicStatus::FollowedUp(programmes)
        } else if answers > 0 {
            PublicStatus::Answered
        } else {
            PublicStatus::Awaiting
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            PublicStatus::Awaiting => "awaiting",
            PublicStatus::Answered => "answered",
            PublicStatus::FollowedUp(_) => "followed",
        }
    }

    pub fn label(&self, lang: &str) -> String {
        match (self, lang) {
            (PublicStatus::Awaiting, "en") => "Awaiting an answer".into(),
            (PublicStatus::Awaiting, _) => "Menunggu jawaban".into(),
            (PublicStatus::Answered, "en") => "Answered".into(),
            (PublicStatus::Answered, _) => "Sudah dijawab".into(),
            (PublicStatus::FollowedUp(p), "en") => format!("Followed up by programme {}", p.join(", ")),
            (PublicStatus::FollowedUp(p), _) => format!("Ditindaklanjuti melalui program {}", p.join(", ")),
        }
    }
}

/// One dimension's participation figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DimensionStats {
    pub dimension_code: String,
    pub aspirations: i64,
    pub problems: i64,
    pub proposals: i64,
    pub supports: i64,
    pub answered: i64,
    pub followed_up: i64,
}

impl DimensionStats {
    pub fn total(&self) -> i64 {
        self.aspirations + self.problems + self.proposals
    }
}

/// One published input as the statistics need it.
pub struct StatRow<'a> {
    pub dimension_code: &'a str,
    pub kind: &'a str,
    pub supports: i64,
    pub answered: bool,
    pub followed_up: bool,
}

/// Figures per dimension in the framework's order (every dimension, zeros included) and the total.
pub fn stats<'a>(rows: impl IntoIterator<Item = StatRow<'a>>) -> (Vec<DimensionStats>, DimensionStats) {
    let mut out: Vec<DimensionStats> = framework::DIMENSIONS
        .iter()
        .map(|d| DimensionStats { dimension_code: d.named.code.to_string(), ..Default::default() })
        .collect();
    let mut total = DimensionStats { dimension_code: String::new(), ..Default::default() };
    for r in rows {
        for s in out.iter_mut().filter(|s| s.dimension_code == r.dimension_code).chain(std::iter::once(&mut total)) {
            match InputKind::parse(r.kind) {
                Some(InputKind::Aspiration) => s.aspirations += 1,
                Some(InputKind::Problem) => s.problems += 1,
                Some(InputKind::Proposal) => s.proposals += 1,
                None => {}
            }
            s.supports += r.supports;
            s.answered += i64::from(r.answered);
            s.followed_up += i64::from(r.followed_up);
        }
    }
    (out, total)
}

/// A consultation as the region opens it.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ConsultationInput {
    pub title: String,
    pub description: String,
    /// Dimension codes; empty = all six.
    pub topics: Vec<String>,
    pub opens_on: String,
    pub closes_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidConsultation {
    pub title: String,
    pub description: String,
    /// Known dimension codes, each once.
    pub topics: Vec<&'static str>,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
}

impl ConsultationInput {
    /// A title, dates in order, known dimensions as topics.
    pub fn validate(&self) -> Result<ValidConsultation, Errors> {
        let mut e = Errors::new();
        let title = e.text("title", &self.title, 200);
        let description = e.optional_text("description", &self.description, 4000).unwrap_or_default();
        let opens = e.date("opens_on", &self.opens_on);
        let closes = e.date("closes_on", &self.closes_on);
        if let (Some(o), Some(c)) = (opens, closes) {
            if c < o {
                e.add("closes_on", "err-closes-before-opens", None);
            }
        }
        let mut topics = Vec::new();
        for t in &self.topics {
            match framework::dimension(t.trim()) {
                Some(d) if !topics.contains(&d.named.code) => topics.push(d.named.code),
                Some(_) => {}
                None => e.add("topics", "err-choice", None),
            }
        }
        e.into_result()?;
        Ok(ValidConsultation {
            title,
            description,
            topics,
            opens_on: opens.unwrap_or_default(),
            closes_on: closes.unwrap_or_default(),
        })
    }
}

/// A citizen's comment: its text, and the name given (if any).
pub fn check_comment(body: &str, author_name: &str) -> Result<(String, Option<String>), Errors> {
    let mut e = Errors::new();
    let body = e.text("comment", body, MAX_COMMENT);
    let name = e.optional_text("comment_name", author_name, MAX_NAME);
    e.into_result()?;
    Ok((body, name))
}

/// A moderation decision: publish, or hide with a reason (required then).
pub fn decide(publish: bool, reason: &str) -> Result<(Moderation, Option<String>), Errors> {
    let mut e = Errors::new();
    let reason = e.optional_text("reason", reason, MAX_REASON);
    if !publish && reason.is_none() {
        e.add("reason", "err-required", None);
    }
    e.into_result()?;
    Ok((if publish { Moderation::Published } else { Moderation::Hidden }, reason))
}

/// An OPD's official answer: its text and the answering OPD, one of the region's (`opds`).
pub fn check_answer(body: &str, opd_id: &str, opds: &[i64]) -> Result<(String, i64), Errors> {
    let mut e = Errors::new();
    let body = e.text("answer", body, MAX_ANSWER);
    let opd = opd_id.trim().parse::<i64>().ok().filter(|id| opds.contains(id));
    if opd.is_none() {
        e.add("opd_id", "err-choice", None);
    }
    e.into_result()?;
    Ok((body, opd.unwrap_or_default()))
}

/// What an input's follow-up link points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputLinkKind {
    Problem,
    Programme,
}

impl InputLinkKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            InputLinkKind::Problem => "problem",
            InputLinkKind::Programme => "programme",
        }
    }
    pub fn parse(s: &str) -> Option<InputLinkKind> {
        [InputLinkKind::Problem, InputLinkKind::Programme].into_iter().find(|k| k.as_str() == s)
    }
}

/// A follow-up link as typed: a known kind and the id of one of the region's records of that
/// kind (`existing`, loaded by the caller for the kind).
pub fn check_link(ref_id: &str, existing: &[i64]) -> Result<i64, Errors> {
    ref_id
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| existing.contains(id))
        .ok_or_else(|| Errors::one("ref_id", "err-choice"))
}

/// The note of a share decision.
pub fn share_note(note: &str) -> Result<Option<String>, Errors> {
    let mut e = Errors::new();
    let note = e.optional_text("note", note, MAX_REASON);
    e.into_result()?;
    Ok(note)
}

/// A consultation takes input only while it is open.
pub fn check_open(opens: NaiveDate, closes: NaiveDate, today: NaiveDate) -> Result<(), Errors> {
    if !is_open(opens, closes, today) {
        return Err(Errors::one("consultation", "err-consultation-closed"));
    }
    Ok(())
}

/// Inviting a neighbour to share a programme: `partner` is the id of the region with the typed
/// code (if any), `shared` whether the programme is shared with it already.
pub fn check_invite(owner: i64, partner: Option<i64>, shared: bool) -> Result<i64, Errors> {
    match partner {
        None => Err(Errors::one("partner", "err-region-unknown")),
        Some(p) if p == owner => Err(Errors::one("partner", "err-share-self")),
        Some(_) if shared => Err(Errors::one("partner", "err-share-exists")),
        Some(p) => Ok(p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> InputDraft {
        InputDraft {
            kind: "proposal".into(),
            title: "Lampu jalan di Jl. Merdeka".into(),
            body: "Sudah tiga bulan padam.".into(),
            dimension_code: "LIV".into(),
            ..Default::default()
        }
    }

    #[test]
    fn places_come_from_the_official_list_of_the_region() {
        let with = |k: &str, v: &str| InputDraft { kecamatan: k.into(), kelurahan: v.into(), ..draft() };
        let ok = |k: &str, v: &str| {
            let c = check_input(&with(k, v), &[], "32.73").expect("valid place");
            (c.kecamatan, c.kelurahan)
        };
        let s = |x: &str| Some(x.to_string());
        // By the codes the lists carry, or by the official name in any case.
        assert_eq!(ok("32.73.01", "32.73.01.1002"), (s("Sukasari"), s("Gegerkalong")));
        assert_eq!(ok("sukasari", "GEGERKALONG"), (s("Sukasari"), s("Gegerkalong")));
        assert_eq!(ok("", "32.73.01.1002"), (s("Sukasari"), s("Gegerkalong")), "the kecamatan follows the kelurahan");
        assert_eq!(ok("32.73.01", ""), (s("Sukasari"), None));
        assert_eq!(ok("", ""), (None, None));
        let codes = |k: &str, v: &str| {
            check_input(&with(k, v), &[], "32.73")
                .unwrap_err()
                .0
                .iter()
                .map(|e| (e.field.clone(), e.code))
                .collect::<Vec<_>>()
        };
        assert_eq!(codes("Kecamatan Fiksi", ""), [("kecamatan".to_string(), "err-place-kecamatan")]);
        // Sukasari's kelurahan is not in another kecamatan of the city, nor in another city.
        assert_eq!(codes("32.73.02", "32.73.01.1002"), [("kelurahan".to_string(), "err-place-kelurahan")]);
        assert!(check_input(&with("32.04.01", ""), &[], "32.73").is_err(), "a kecamatan of Kabupaten Bandung");
        // A demo region or a province: free text, as typed.
        let demo = check_input(&with("Kec. Sukamaju", "Desa Mekar"), &[], "99.01").unwrap();
        assert_eq!((demo.kecamatan, demo.kelurahan), (s("Kec. Sukamaju"), s("Desa Mekar")));
        assert!(check_input(&with("Kecamatan Mana Saja", ""), &[], "32").is_ok());
    }

    #[test]
    fn a_plain_draft_passes_and_gets_a_default_name() {
        let c = check_input(&draft(), &[], "99.01").unwrap();
        assert_eq!(c.kind, InputKind::Proposal);
        assert_eq!(c.author_name, "Warga");
        assert_eq!(c.element_code, None);
    }

    #[test]
    fn every_bad_field_is_reported() {
        let d = InputDraft {
            kind: "spam".into(),
            title: "".into(),
            body: "x".repeat(MAX_BODY + 1),
            dimension_code: "NOPE".into(),
            author_name: "n".repeat(MAX_NAME + 1),
            ..Default::default()
        };
        let e = check_input(&d, &[], "99.01").unwrap_err();
        for f in ["kind", "title", "body", "dimension_code", "author_name"] {
            assert!(e.get(f).is_some(), "{f}");
        }
    }

    #[test]
    fn the_element_must_belong_to_the_dimension_and_topics_limit_dimensions() {
        let liv = framework::dimension("LIV").unwrap().elements[0].code;
        let gov = framework::dimension("GOV").unwrap().elements[0].code;
        let mut d = draft();
        d.element_code = liv.into();
        assert_eq!(check_input(&d, &[], "99.01").unwrap().element_code, Some(liv));
        d.element_code = gov.into();
        assert!(check_input(&d, &[], "99.01").unwrap_err().get("element_code").is_some());
        d.element_code.clear();
        assert!(check_input(&d, &["GOV"], "99.01").unwrap_err().get("dimension_code").is_some());
        assert!(check_input(&d, &["GOV", "LIV"], "99.01").is_ok());
    }

    #[test]
    fn open_dates_are_inclusive() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(is_open(d("2026-11-01"), d("2026-11-30"), d("2026-11-30")));
        assert!(!is_open(d("2026-11-01"), d("2026-11-30"), d("2026-12-01")));
    }

    #[test]
    fn public_status_prefers_the_follow_up() {
        assert_eq!(PublicStatus::of(0, vec![]), PublicStatus::Awaiting);
        assert_eq!(PublicStatus::of(1, vec![]).label("id"), "Sudah dijawab");
        assert_eq!(
            PublicStatus::of(1, vec!["Sukamaju Sehat".into()]).label("id"),
            "Ditindaklanjuti melalui program Sukamaju Sehat"
        );
    }

    #[test]
    fn stats_count_per_dimension_and_in_total() {
        let rows = [
            StatRow { dimension_code: "LIV", kind: "problem", supports: 3, answered: true, followed_up: true },
            StatRow { dimension_code: "LIV", kind: "proposal", supports: 1, answered: false, followed_up: false },
            StatRow { dimension_code: "GOV", kind: "aspiration", supports: 0, answered: true, followed_up: false },
        ];
        let (dims, total) = stats(rows);
        assert_eq!(dims.len(), framework::DIMENSIONS.len());
        let liv = dims.iter().find(|s| s.dimension_code == "LIV").unwrap();
        assert_eq!((liv.problems, liv.proposals, liv.supports, liv.answered, liv.followed_up), (1, 1, 4, 1, 1));
        assert_eq!((total.total(), total.supports, total.answered), (3, 4, 2));
    }

    #[test]
    fn consultations_comments_and_moderation() {
        let d = framework::DIMENSIONS[0].named.code;
        let c = ConsultationInput {
            title: "Musrenbang digital".into(),
            description: String::new(),
            topics: vec![d.into(), d.into(), " ".into()],
            opens_on: "2025-03-10".into(),
            closes_on: "2025-03-01".into(),
        };
        let codes: Vec<_> = c.validate().expect_err("bad").0.into_iter().map(|x| (x.field, x.code)).collect();
        assert_eq!(codes, [("closes_on".to_string(), "err-closes-before-opens"), ("topics".to_string(), "err-choice")]);
        let ok = ConsultationInput { closes_on: "2025-04-10".into(), topics: vec![d.into(), d.into()], ..c };
        assert_eq!(ok.validate().expect("valid").topics, [d], "each topic once");
        assert_eq!(check_comment(" Setuju ", ""), Ok(("Setuju".into(), None)));
        assert_eq!(decide(false, " ").expect_err("reason").0[0].field, "reason");
        assert_eq!(decide(true, ""), Ok((Moderation::Published, None)));
        assert_eq!(check_answer("Sudah dianggarkan", "4", &[4]), Ok(("Sudah dianggarkan".into(), 4)));
        assert_eq!(check_answer("Sudah", "5", &[4]).expect_err("opd").0[0].field, "opd_id");
        assert_eq!(InputLinkKind::parse("programme"), Some(InputLinkKind::Programme));
        assert_eq!(check_link(" 7 ", &[7]), Ok(7));
        assert!(check_link("8", &[7]).is_err() && check_link("x", &[7]).is_err());
        assert!(share_note(&"x".repeat(MAX_REASON + 1)).is_err());
    }

    #[test]
    fn open_consultations_and_invitations() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert!(check_open(d("2025-03-01"), d("2025-03-31"), d("2025-03-31")).is_ok());
        assert!(check_open(d("2025-03-01"), d("2025-03-31"), d("2025-04-01")).is_err());
        assert_eq!(check_invite(1, Some(2), false), Ok(2));
        let code = |r: Result<i64, Errors>| r.expect_err("refused").0[0].code;
        assert_eq!(code(check_invite(1, Some(1), false)), "err-share-self");
        assert_eq!(code(check_invite(1, None, false)), "err-region-unknown");
        assert_eq!(code(check_invite(1, Some(2), true)), "err-share-exists");
    }
}
