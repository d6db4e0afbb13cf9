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

/// Check a draft against the consultation's topics (empty = every dimension).
pub fn check_input(d: &InputDraft, topics: &[&str]) -> Result<CheckedInput, Errors> {
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
    let kecamatan = e.optional_text("kecamatan", &d.kecamatan, MAX_PLACE);
    let kelurahan = e.optional_text("kelurahan", &d.kelurahan, MAX_PLACE);
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
    fn a_plain_draft_passes_and_gets_a_default_name() {
        let c = check_input(&draft(), &[]).unwrap();
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
        let e = check_input(&d, &[]).unwrap_err();
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
        assert_eq!(check_input(&d, &[]).unwrap().element_code, Some(liv));
        d.element_code = gov.into();
        assert!(check_input(&d, &[]).unwrap_err().get("element_code").is_some());
        d.element_code.clear();
        assert!(check_input(&d, &["GOV"]).unwrap_err().get("dimension_code").is_some());
        assert!(check_input(&d, &["GOV", "LIV"]).is_ok());
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
}
