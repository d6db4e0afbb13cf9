//! Bimtek stages 2–3, the plan: the masterplan's ten years, the RPJMD/RPD periods they fall
//! in, and the smart city vision, missions, goals and strategies linked to them.

use crate::framework;
use crate::validate::Errors;
use serde::{Deserialize, Serialize};

code_enum!(PeriodKind "period-kind" {
    Rpjmd = "rpjmd",
    Rpd = "rpd",
});

code_enum!(RpjmdLevel "level" {
    Mission = "mission",
    Goal = "goal",
    Target = "target",
});

code_enum!(VisionLevel "vision-level" {
    Mission = "mission",
    Goal = "goal",
    Strategy = "strategy",
});

/// A masterplan runs ten years.
pub const MASTERPLAN_YEARS: i32 = 10;

/// A plan period, as the mapping sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub id: i64,
    pub start: i32,
    pub end: i32,
}

/// For each masterplan year, the plan period it falls in (`None`: no period covers it yet,
/// typically the years after the current RPJMD). Periods must not overlap; when they do, the
/// earliest-starting one wins, and [`overlaps`] reports it.
pub fn map_years(start_year: i32, periods: &[Period]) -> Vec<(i32, Option<i64>)> {
    let mut sorted = periods.to_vec();
    sorted.sort_by_key(|p| (p.start, p.id));
    (start_year..start_year + MASTERPLAN_YEARS)
        .map(|y| (y, sorted.iter().find(|p| p.start <= y && y <= p.end).map(|p| p.id)))
        .collect()
}

/// Pairs of periods that share a year.
pub fn overlaps(periods: &[Period]) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    for (i, a) in periods.iter().enumerate() {
        for b in &periods[i + 1..] {
            if a.start <= b.end && b.start <= a.end {
                out.push((a.id, b.id));
            }
        }
    }
    out
}

/// An RPJMD/RPD period as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PeriodInput {
    pub kind: String,
    pub start_year: String,
    pub end_year: String,
    pub vision: String,
    pub regulation: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPeriod {
    pub kind: PeriodKind,
    pub start_year: i32,
    pub end_year: i32,
    pub vision: String,
    pub regulation: Option<String>,
}

impl PeriodInput {
    /// A period runs at most five years after its start and overlaps none of the region's
    /// `existing` periods (start, end).
    pub fn validate(&self, existing: &[(i32, i32)]) -> Result<ValidPeriod, Errors> {
        let mut e = Errors::new();
        let kind = e.choice("kind", &self.kind, PeriodKind::parse);
        let start = e.integer("start_year", &self.start_year, 2000, 2100).map(|v| v as i32);
        let end = e.integer("end_year", &self.end_year, 2000, 2100).map(|v| v as i32);
        let vision = e.text("vision", &self.vision, 2000);
        let regulation = e.optional_text("regulation", &self.regulation, 200);
        if let (Some(s), Some(en)) = (start, end) {
            if en < s || en - s > 5 {
                e.add("end_year", "err-period-length", None);
            }
            if existing.iter().any(|(a, b)| *a <= en && s <= *b) {
                e.add("start_year", "err-period-overlap", None);
            }
        }
        e.into_result()?;
        Ok(ValidPeriod {
            kind: kind.unwrap_or(PeriodKind::Rpjmd),
            start_year: start.unwrap_or_default(),
            end_year: end.unwrap_or_default(),
            vision,
            regulation,
        })
    }
}

/// A reference that must be given and be one of `existing`.
fn required_ref(e: &mut Errors, field: &str, raw: &str, existing: &[i64]) -> Option<i64> {
    let id = raw.trim().parse::<i64>().ok().filter(|id| existing.contains(id));
    if id.is_none() {
        e.add(field, if raw.trim().is_empty() { "err-required" } else { "err-choice" }, None);
    }
    id
}

/// How a period is named wherever one of its items is picked or printed: "RPJMD 2021–2026".
pub fn period_label(kind: &str, start: i32, end: i32) -> String {
    format!("{} {start}–{end}", kind.to_uppercase())
}

/// An RPJMD item named with its period ("RPJMD 2021–2026 · M1"): two periods may both have an M1.
pub fn item_label(period: &str, code: &str) -> String {
    if period.is_empty() {
        code.to_string()
    } else {
        format!("{period} · {code}")
    }
}

impl RpjmdLevel {
    /// The level an item of this level sits under: a goal under a mission, a target under a goal.
    pub fn parent(self) -> Option<RpjmdLevel> {
        match self {
            RpjmdLevel::Mission => None,
            RpjmdLevel::Goal => Some(RpjmdLevel::Mission),
            RpjmdLevel::Target => Some(RpjmdLevel::Goal),
        }
    }
}

/// An RPJMD item as the outline sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutlineItem {
    pub id: i64,
    pub period_id: i64,
    pub level: RpjmdLevel,
    pub parent_id: Option<i64>,
}

/// The items (given in code order) as a tree read top-down: each mission followed by its goals,
/// each goal by its targets. An item without a known parent (entered before parents existed)
/// keeps its place among the top-level items; a cycle cannot arise (a parent is one level up).
pub fn outline(items: &[OutlineItem]) -> Vec<i64> {
    let known = |id: Option<i64>| id.filter(|p| items.iter().any(|i| i.id == *p));
    let mut out = Vec::with_capacity(items.len());
    fn visit(id: i64, items: &[OutlineItem], out: &mut Vec<i64>, depth: usize) {
        if out.contains(&id) || depth > 3 {
            return;
        }
        out.push(id);
        for child in items.iter().filter(|i| i.parent_id == Some(id)) {
            visit(child.id, items, out, depth + 1);
        }
    }
    for root in items.iter().filter(|i| known(i.parent_id).is_none()) {
        visit(root.id, items, &mut out, 0);
    }
    out
}

/// An RPJMD mission, goal or target as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemInput {
    pub period_id: String,
    pub level: String,
    pub code: String,
    pub text: String,
    /// A goal's mission or a target's goal; empty for a mission.
    pub parent_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidItem {
    pub period_id: i64,
    pub level: RpjmdLevel,
    pub code: String,
    pub text: String,
    pub parent_id: Option<i64>,
}

impl ItemInput {
    /// `periods`: the ids of the region's periods; `items`: its RPJMD items. A goal sits under a
    /// mission and a target under a goal, of the same period; a mission under nothing.
    pub fn validate(&self, periods: &[i64], items: &[OutlineItem]) -> Result<ValidItem, Errors> {
        let mut e = Errors::new();
        let period_id = required_ref(&mut e, "period_id", &self.period_id, periods);
        let level = e.choice("level", &self.level, RpjmdLevel::parse);
        let code = e.text("code", &self.code, 40);
        let text = e.text("text", &self.text, 2000);
        let raw = self.parent_id.trim();
        let parent_id = match level.map(RpjmdLevel::parent) {
            Some(None) if !raw.is_empty() => {
                e.add("parent_id", "err-parent-level", None);
                None
            }
            Some(Some(wanted)) => {
                let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
                let id = required_ref(&mut e, "parent_id", raw, &ids);
                let parent = id.and_then(|id| items.iter().find(|i| i.id == id));
                // Against a period that is itself wrong, only the period is reported.
                if parent.is_some_and(|p| p.level != wanted || period_id.is_some_and(|id| id != p.period_id)) {
                    e.add("parent_id", "err-parent-level", None);
                }
                id
            }
            _ => None,
        };
        e.into_result()?;
        Ok(ValidItem {
            period_id: period_id.unwrap_or_default(),
            level: level.unwrap_or(RpjmdLevel::Mission),
            code,
            text,
            parent_id,
        })
    }
}

/// The year a vision aims at: the latest year (2000–2100) written in it as a number of its own,
/// as in "Sukamaju Cerdas 2034".
pub fn vision_year(vision: &str) -> Option<i32> {
    vision
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<i32>().ok())
        .filter(|y| (2000..=2100).contains(y))
        .max()
}

/// The vision's year when it lies beyond the masterplan's ten years from `start_year`.
pub fn vision_beyond_plan(vision: &str, start_year: i32) -> Option<i32> {
    vision_year(vision).filter(|y| *y > start_year + MASTERPLAN_YEARS - 1)
}

/// The masterplan's start year and smart city vision as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MasterplanInput {
    pub start_year: String,
    pub vision: String,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidMasterplan {
    pub start_year: i32,
    pub vision: String,
    pub explanation: Option<String>,
}

impl MasterplanInput {
    pub fn validate(&self) -> Result<ValidMasterplan, Errors> {
        let mut e = Errors::new();
        let start = e.integer("start_year", &self.start_year, 2015, 2100);
        let vision = e.text("vision", &self.vision, 1000);
        let explanation = e.optional_text("explanation", &self.explanation, 5000);
        e.into_result()?;
        Ok(ValidMasterplan { start_year: start.unwrap_or_default() as i32, vision, explanation })
    }
}

/// A smart city mission, goal or strategy as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VisionItemInput {
    pub level: String,
    pub code: String,
    pub text: String,
    pub dimension_code: String,
    pub element_code: String,
    pub plan_item_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidVisionItem {
    pub level: VisionLevel,
    pub code: String,
    pub text: String,
    pub dimension_code: Option<&'static str>,
    pub element_code: Option<&'static str>,
    pub plan_item_id: i64,
}

impl VisionItemInput {
    /// Each links to one of the region's RPJMD missions or goals (`rpjmd`: id and level of its
    /// items; a target is too fine to link to); an element must belong to the dimension named.
    pub fn validate(&self, rpjmd: &[(i64, RpjmdLevel)]) -> Result<ValidVisionItem, Errors> {
        let mut e = Errors::new();
        let level = e.choice("level", &self.level, VisionLevel::parse);
        let code = e.text("code", &self.code, 40);
        let text = e.text("text", &self.text, 2000);
        let dimension_code = match self.dimension_code.trim() {
            "" => None,
            d => e.choice("dimension_code", d, |s| framework::dimension(s).map(|d| d.named.code)),
        };
        let element_code = match self.element_code.trim() {
            "" => None,
            el => e.choice("element_code", el, |s| framework::element(s).map(|x| x.code)),
        };
        if let (Some(d), Some(el)) = (dimension_code, element_code) {
            if !el.starts_with(d) {
                e.add("element_code", "err-element-dimension", None);
            }
        }
        let ids: Vec<i64> = rpjmd.iter().map(|(id, _)| *id).collect();
        let plan_item_id = required_ref(&mut e, "plan_item_id", &self.plan_item_id, &ids);
        if plan_item_id.is_some_and(|id| rpjmd.contains(&(id, RpjmdLevel::Target))) {
            e.add("plan_item_id", "err-link-level", None);
        }
        e.into_result()?;
        Ok(ValidVisionItem {
            level: level.unwrap_or(VisionLevel::Mission),
            code,
            text,
            dimension_code,
            element_code,
            plan_item_id: plan_item_id.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn codes(e: &Errors) -> Vec<(&str, &'static str)> {
        e.0.iter().map(|x| (x.field.as_str(), x.code)).collect()
    }

    #[test]
    fn periods_run_at_most_five_years_and_never_overlap() {
        let p = PeriodInput {
            kind: "rpjmd".into(),
            start_year: "2027".into(),
            end_year: "2031".into(),
            vision: "Sukamaju maju".into(),
            regulation: String::new(),
        };
        assert_eq!(p.validate(&[(2021, 2026)]).expect("valid").end_year, 2031);
        assert_eq!(codes(&p.validate(&[(2021, 2027)]).expect_err("overlap")), [("start_year", "err-period-overlap")]);
        let long = PeriodInput { end_year: "2033".into(), ..p };
        assert_eq!(codes(&long.validate(&[]).expect_err("long")), [("end_year", "err-period-length")]);
    }

    fn item(id: i64, period_id: i64, level: RpjmdLevel, parent_id: Option<i64>) -> OutlineItem {
        OutlineItem { id, period_id, level, parent_id }
    }

    #[test]
    fn items_belong_to_a_period_of_the_region() {
        let existing = [item(1, 4, RpjmdLevel::Mission, None)];
        let i = ItemInput {
            period_id: "4".into(),
            level: "goal".into(),
            code: "T1".into(),
            text: "Tujuan".into(),
            parent_id: "1".into(),
        };
        assert_eq!(i.validate(&[4], &existing).expect("valid").level, RpjmdLevel::Goal);
        assert_eq!(codes(&i.validate(&[5], &existing).expect_err("other")), [("period_id", "err-choice")]);
        let none = ItemInput { period_id: " ".into(), ..i };
        assert_eq!(codes(&none.validate(&[5], &existing).expect_err("none")), [("period_id", "err-required")]);
        assert!(
            codes(&MasterplanInput::default().validate().expect_err("empty")).contains(&("start_year", "err-required"))
        );
    }

    #[test]
    fn goals_sit_under_missions_and_targets_under_goals_of_the_same_period() {
        let existing = [
            item(1, 4, RpjmdLevel::Mission, None),
            item(2, 4, RpjmdLevel::Goal, Some(1)),
            item(3, 5, RpjmdLevel::Mission, None),
        ];
        let input = |level: &str, parent: &str| ItemInput {
            period_id: "4".into(),
            level: level.into(),
            code: "X".into(),
            text: "Uraian".into(),
            parent_id: parent.into(),
        };
        assert_eq!(input("target", "2").validate(&[4, 5], &existing).expect("target").parent_id, Some(2));
        assert_eq!(input("mission", "").validate(&[4, 5], &existing).expect("mission").parent_id, None);
        for (level, parent, code) in [
            ("goal", "", "err-required"),
            ("goal", "2", "err-parent-level"),
            ("goal", "3", "err-parent-level"),
            ("target", "1", "err-parent-level"),
            ("target", "99", "err-choice"),
            ("mission", "1", "err-parent-level"),
        ] {
            let e = input(level, parent).validate(&[4, 5], &existing).expect_err(level);
            assert_eq!(codes(&e), [("parent_id", code)], "{level} under {parent:?}");
        }
    }

    #[test]
    fn the_outline_reads_mission_goal_target() {
        // Code order would put the target of goal 4 before goal 4's sibling mission's goals.
        let items = [
            item(1, 1, RpjmdLevel::Mission, None),
            item(2, 1, RpjmdLevel::Mission, None),
            item(3, 1, RpjmdLevel::Target, Some(5)),
            item(4, 1, RpjmdLevel::Goal, Some(2)),
            item(5, 1, RpjmdLevel::Goal, Some(1)),
            item(6, 1, RpjmdLevel::Goal, None),
            item(7, 1, RpjmdLevel::Target, Some(99)),
        ];
        assert_eq!(outline(&items), [1, 5, 3, 2, 4, 6, 7]);
    }

    #[test]
    fn a_vision_aiming_beyond_the_ten_years_is_flagged() {
        assert_eq!(vision_year("Sukamaju Cerdas 2034: melayani"), Some(2034));
        assert_eq!(vision_year("Visi 2030 menuju 2045"), Some(2045));
        assert_eq!(vision_year("Kota 12345 tanpa tahun"), None);
        assert_eq!(vision_beyond_plan("Sukamaju Cerdas 2034", 2025), None, "2034 is the tenth year");
        assert_eq!(vision_beyond_plan("Sukamaju Emas 2045", 2025), Some(2045));
        assert_eq!(vision_beyond_plan("Tanpa tahun", 2025), None);
    }

    #[test]
    fn labels_name_the_period() {
        let p = period_label("rpjmd", 2018, 2023);
        assert_eq!(item_label(&p, "M1"), "RPJMD 2018–2023 · M1");
        assert_eq!(item_label("", "M1"), "M1");
    }

    #[test]
    fn vision_items_link_to_an_rpjmd_mission_or_goal() {
        let d = framework::DIMENSIONS[0];
        let other = framework::DIMENSIONS[1];
        let v = VisionItemInput {
            level: "mission".into(),
            code: "M1".into(),
            text: "Layanan prima".into(),
            dimension_code: d.named.code.into(),
            element_code: d.elements[0].code.into(),
            plan_item_id: "7".into(),
        };
        let rpjmd = [(7, RpjmdLevel::Goal), (8, RpjmdLevel::Target)];
        assert_eq!(v.validate(&rpjmd).expect("valid").plan_item_id, 7);
        let bad = VisionItemInput { element_code: other.elements[0].code.into(), plan_item_id: "8".into(), ..v };
        assert_eq!(
            codes(&bad.validate(&rpjmd).expect_err("bad")),
            [("element_code", "err-element-dimension"), ("plan_item_id", "err-link-level")]
        );
    }

    #[test]
    fn a_ten_year_plan_spans_two_periods() {
        let p = [Period { id: 1, start: 2021, end: 2026 }, Period { id: 2, start: 2027, end: 2031 }];
        let m = map_years(2025, &p);
        assert_eq!(m.len(), 10);
        assert_eq!(m[0], (2025, Some(1)));
        assert_eq!(m[1], (2026, Some(1)));
        assert_eq!(m[2], (2027, Some(2)));
        assert_eq!(m[7], (2032, None), "after the known periods");
        assert!(overlaps(&p).is_empty());
        assert_eq!(
            overlaps(&[Period { id: 1, start: 2021, end: 2026 }, Period { id: 2, start: 2026, end: 2030 }]),
            [(1, 2)]
        );
    }

    proptest! {
        #[test]
        fn every_year_once_and_within_its_period(start in 2015i32..2040, a in 2010i32..2040, len_a in 0i32..6, len_b in 0i32..6) {
            let p = [Period { id: 1, start: a, end: a + len_a }, Period { id: 2, start: a + len_a + 1, end: a + len_a + 1 + len_b }];
            let m = map_years(start, &p);
            prop_assert_eq!(m.len(), MASTERPLAN_YEARS as usize);
            for (i, (y, id)) in m.iter().enumerate() {
                prop_assert_eq!(*y, start + i as i32);
                if let Some(id) = id {
                    let period = p.iter().find(|x| x.id == *id).unwrap();
                    prop_assert!(period.start <= *y && *y <= period.end);
                } else {
                    prop_assert!(p.iter().all(|x| *y < x.start || *y > x.end));
                }
            }
        }
    }
}
