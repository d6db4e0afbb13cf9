//! Roles and what each may do. The server asks these questions for every route; the pages only
//! hide what the server would refuse anyway.

use crate::stage::{self, StageAction, StageStatus};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    ProgrammeAdmin,
    Expert,
    Evaluator,
    RegionAdmin,
    OpdPlanner,
    CouncilMember,
}

impl Role {
    pub const ALL: [Role; 6] =
        [Role::ProgrammeAdmin, Role::Expert, Role::Evaluator, Role::RegionAdmin, Role::OpdPlanner, Role::CouncilMember];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::ProgrammeAdmin => "programme_admin",
            Role::Expert => "expert",
            Role::Evaluator => "evaluator",
            Role::RegionAdmin => "region_admin",
            Role::OpdPlanner => "opd_planner",
            Role::CouncilMember => "council_member",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether an assignment of this role must name a region (and, for planners, an OPD).
    pub fn needs_region(self) -> bool {
        !matches!(self, Role::ProgrammeAdmin)
    }

    pub fn needs_opd(self) -> bool {
        matches!(self, Role::OpdPlanner)
    }

    /// Roles bound to exactly one region per user (experts and evaluators may hold several).
    pub fn single_region(self) -> bool {
        matches!(self, Role::RegionAdmin | Role::OpdPlanner | Role::CouncilMember)
    }
}

/// One role held by a user, scoped to a region and, for planners, an OPD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub role: Role,
    pub region_id: Option<i64>,
    pub opd_id: Option<i64>,
}

/// The signed-in user as the rules see them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Principal {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub assignments: Vec<Assignment>,
}

impl Principal {
    fn has(&self, role: Role, region_id: i64) -> bool {
        self.assignments.iter().any(|a| a.role == role && a.region_id == Some(region_id))
    }

    pub fn is_programme_admin(&self) -> bool {
        self.assignments.iter().any(|a| a.role == Role::ProgrammeAdmin)
    }

    /// Regions this user may see; `None` means all of them.
    pub fn visible_regions(&self) -> Option<Vec<i64>> {
        if self.is_programme_admin() {
            return None;
        }
        let mut ids: Vec<i64> = self.assignments.iter().filter_map(|a| a.region_id).collect();
        ids.sort_unstable();
        ids.dedup();
        Some(ids)
    }

    pub fn can_view_region(&self, region_id: i64) -> bool {
        self.is_programme_admin() || self.assignments.iter().any(|a| a.region_id == Some(region_id))
    }

    /// Edit the region's own records: MoU, OPDs, council and team, stage schedule.
    pub fn can_manage_region(&self, region_id: i64) -> bool {
        self.is_programme_admin() || self.has(Role::RegionAdmin, region_id)
    }

    /// Edit items owned by one OPD (later: its apps, problems, programmes).
    pub fn can_edit_opd(&self, region_id: i64, opd_id: i64) -> bool {
        self.can_manage_region(region_id)
            || self
                .assignments
                .iter()
                .any(|a| a.role == Role::OpdPlanner && a.region_id == Some(region_id) && a.opd_id == Some(opd_id))
    }

    /// Add items owned by an OPD (problems, apps, data sets): the region's managers and its
    /// OPD planners (who may only name their own OPD, see [`Principal::can_edit_opd`]).
    pub fn can_contribute(&self, region_id: i64) -> bool {
        self.can_manage_region(region_id) || self.has(Role::OpdPlanner, region_id)
    }

    /// Edit an item that belongs to `opd` (or to no OPD, which only managers may touch).
    pub fn can_edit_item(&self, region_id: i64, opd: Option<i64>) -> bool {
        match opd {
            Some(o) => self.can_edit_opd(region_id, o),
            None => self.can_manage_region(region_id),
        }
    }

    /// The OPD a planner works for in this region (to preselect it in forms).
    pub fn planner_opd(&self, region_id: i64) -> Option<i64> {
        self.assignments
            .iter()
            .find(|a| a.role == Role::OpdPlanner && a.region_id == Some(region_id))
            .and_then(|a| a.opd_id)
    }

    pub fn can_comment_stage(&self, region_id: i64) -> bool {
        self.is_programme_admin()
            || self.has(Role::RegionAdmin, region_id)
            || self.has(Role::Expert, region_id)
            || self.has(Role::CouncilMember, region_id)
    }

    /// Approve or return a submitted stage: the assigned experts (and the programme office).
    pub fn can_decide_stage(&self, region_id: i64) -> bool {
        self.is_programme_admin() || self.has(Role::Expert, region_id)
    }

    /// Score a region in the yearly evaluation: the evaluators assigned to it (and the
    /// programme office).
    pub fn can_evaluate(&self, region_id: i64) -> bool {
        self.is_programme_admin() || self.has(Role::Evaluator, region_id)
    }

    /// Run a workshop's programme: its agenda, materials, attendance and minutes. The region's
    /// managers and the experts assigned to it (who speak there).
    pub fn can_run_workshop(&self, region_id: i64) -> bool {
        self.can_manage_region(region_id) || self.has(Role::Expert, region_id)
    }

    /// Mark a workshop's follow-up action done: the region's managers, or the planner of the
    /// OPD that owns it.
    pub fn can_close_action(&self, region_id: i64, owner_opd: Option<i64>) -> bool {
        self.can_edit_item(region_id, owner_opd)
    }

    pub fn can_view_audit(&self, region_id: i64) -> bool {
        self.can_manage_region(region_id) || self.has(Role::Expert, region_id)
    }

    /// The programme-wide records: cohorts, regions, users, role assignments.
    pub fn can_administer(&self) -> bool {
        self.is_programme_admin()
    }

    /// The main region of a region-bound user, for their landing page.
    pub fn home_region(&self) -> Option<i64> {
        if self.is_programme_admin() {
            return None;
        }
        let ids = self.visible_regions().unwrap_or_default();
        if ids.len() == 1 {
            ids.first().copied()
        } else {
            None
        }
    }

    pub fn roles(&self) -> Vec<Role> {
        let mut r: Vec<Role> = self.assignments.iter().map(|a| a.role).collect();
        r.dedup();
        r
    }

    /// Enter a region's survey tallies in the yearly evaluation: its managers or its evaluators.
    pub fn can_enter_survey(&self, region_id: i64) -> bool {
        self.can_manage_region(region_id) || self.can_evaluate(region_id)
    }

    /// Take a stage action: the region side (its managers) starts and submits, the reviewers
    /// (see [`Principal::can_decide_stage`]) approve, return and reopen.
    pub fn can_take_stage_action(&self, region_id: i64, action: StageAction) -> bool {
        if action.by_reviewer() {
            self.can_decide_stage(region_id)
        } else {
            self.can_manage_region(region_id)
        }
    }

    /// The stage actions to offer this user on a stage in `status`, in the order shown: those
    /// the workflow allows from there and this user may take.
    pub fn stage_actions(&self, region_id: i64, status: StageStatus) -> Vec<StageAction> {
        StageAction::ALL
            .into_iter()
            // Offered whatever the previous stage or the comment: those are checked on submit.
            .filter(|a| stage::transition(status, *a, true, "-").is_ok())
            .filter(|a| self.can_take_stage_action(region_id, *a))
            .collect()
    }

    /// The OPD a contributor's bulk work (an import) is limited to: `None` for the region's
    /// managers (every OPD), a planner's own OPD otherwise.
    pub fn opd_scope(&self, region_id: i64) -> Option<i64> {
        if self.can_manage_region(region_id) {
            None
        } else {
            self.planner_opd(region_id)
        }
    }

    /// Whether a form may name `opd` as an item's owner: an OPD this user may edit, or none
    /// (which validation or [`Principal::must_name_owner`] then judges).
    pub fn may_name_owner(&self, region_id: i64, opd: Option<i64>) -> bool {
        opd.is_none_or(|o| self.can_edit_opd(region_id, o))
    }

    /// Items without an OPD are the managers' own: everyone else must name their OPD.
    pub fn must_name_owner(&self, region_id: i64) -> bool {
        !self.can_manage_region(region_id)
    }

    /// Whether a region is listed on an evaluation round's page: the regions this user
    /// evaluates, and those they can see once they have an index.
    pub fn lists_in_round(&self, region_id: i64, has_index: bool) -> bool {
        self.can_evaluate(region_id) || (has_index && self.can_view_region(region_id))
    }

    /// Whether this user may do `right` in the region, assuming they can see it.
    pub fn may(&self, right: Right, region_id: i64) -> bool {
        match right {
            Right::View => self.can_view_region(region_id),
            Right::Manage => self.can_manage_region(region_id),
            Right::Contribute => self.can_contribute(region_id),
            Right::Administer => self.can_administer(),
            Right::Comment => self.can_comment_stage(region_id),
            Right::Decide => self.can_decide_stage(region_id),
            Right::Audit => self.can_view_audit(region_id),
            Right::Evaluate => self.can_evaluate(region_id),
            Right::EnterSurvey => self.can_enter_survey(region_id),
        }
    }

    /// The answer to a request for `right` in a region: a region this user has no business with
    /// is hidden (its existence is not revealed), one they see but may not act on is denied.
    pub fn access(&self, region_id: i64, right: Right) -> Access {
        if !self.can_view_region(region_id) {
            Access::Hidden
        } else if self.may(right, region_id) {
            Access::Granted
        } else {
            Access::Denied
        }
    }
}

/// What a request asks to do with one region (the web layer's extractors name one each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Right {
    /// Read the region's pages and data.
    View,
    /// Edit the region's own records ([`Principal::can_manage_region`]).
    Manage,
    /// Add OPD-owned items ([`Principal::can_contribute`]).
    Contribute,
    /// Programme-office work on a region (its record itself).
    Administer,
    /// Comment on stages and sections.
    Comment,
    /// Approve or return stages.
    Decide,
    /// Read the region's audit log.
    Audit,
    /// Score the region in the yearly evaluation.
    Evaluate,
    /// Enter survey tallies in the yearly evaluation.
    EnterSurvey,
}

impl Right {
    pub const ALL: [Right; 9] = [
        Right::View,
        Right::Manage,
        Right::Contribute,
        Right::Administer,
        Right::Comment,
        Right::Decide,
        Right::Audit,
        Right::Evaluate,
        Right::EnterSurvey,
    ];
}

/// The answer to a request for a [`Right`]: the web layer says 404, 403 or goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Not this user's region: answered as if it did not exist.
    Hidden,
    /// A region they see, but not theirs to act on.
    Denied,
    Granted,
}

/// A role row carried by a region bundle, in the bundle's own ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BundleRoleRow<'a> {
    pub role: &'a str,
    pub region_id: Option<i64>,
    pub opd_id: Option<i64>,
}

/// Which role rows a region bundle may carry. A bundle is a file that anyone can write, so it
/// may only grant what the region itself is about: roles scoped to a region (every role but the
/// programme office's), and only in the bundle's own region (`bundle_region`, its id in the
/// bundle). Planners name an OPD, the others none. Returns the role, or why the row is refused.
pub fn bundle_role(row: BundleRoleRow<'_>, bundle_region: i64) -> Result<Role, String> {
    let role = Role::parse(row.role).ok_or_else(|| format!("unknown role {:?}", row.role))?;
    if !role.needs_region() {
        return Err(format!(
            "the role {} is programme-wide; a region bundle can only grant roles in its region",
            row.role
        ));
    }
    match row.region_id {
        Some(r) if r == bundle_region => {}
        Some(r) => {
            return Err(format!(
                "the role {} is for region id {r}, not the bundle's region (id {bundle_region})",
                row.role
            ))
        }
        None => return Err(format!("the role {} names no region", row.role)),
    }
    match (role.needs_opd(), row.opd_id) {
        (true, None) => Err(format!("the role {} names no OPD", row.role)),
        (false, Some(_)) => Err(format!("the role {} cannot name an OPD", row.role)),
        _ => Ok(role),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(role: Role, region: Option<i64>, opd: Option<i64>) -> Principal {
        Principal {
            user_id: 1,
            username: "u".into(),
            display_name: "U".into(),
            assignments: vec![Assignment { role, region_id: region, opd_id: opd }],
        }
    }

    #[test]
    fn regions_are_isolated() {
        let admin = p(Role::RegionAdmin, Some(1), None);
        assert!(admin.can_manage_region(1));
        assert!(!admin.can_view_region(2));
        assert!(!admin.can_decide_stage(1));
        let planner = p(Role::OpdPlanner, Some(1), Some(7));
        assert!(planner.can_edit_opd(1, 7));
        assert!(!planner.can_edit_opd(1, 8));
        assert!(!planner.can_manage_region(1));
        let expert = p(Role::Expert, Some(1), None);
        assert!(expert.can_decide_stage(1) && !expert.can_decide_stage(2));
        let council = p(Role::CouncilMember, Some(1), None);
        assert!(council.can_comment_stage(1) && !council.can_manage_region(1));
        let evaluator = p(Role::Evaluator, Some(1), None);
        assert!(evaluator.can_view_region(1) && !evaluator.can_comment_stage(1));
        let pa = p(Role::ProgrammeAdmin, None, None);
        assert!(pa.can_manage_region(42) && pa.visible_regions().is_none());
    }

    /// Every role × own/other region × right, written from the rules as the programme states
    /// them (the same table the authorization test walks over HTTP).
    #[test]
    fn access_answers_hidden_denied_or_granted() {
        use Access::*;
        let granted = |role: Role, right: Right| -> bool {
            match right {
                Right::View => true,
                Right::Manage => role == Role::RegionAdmin,
                Right::Contribute => matches!(role, Role::RegionAdmin | Role::OpdPlanner),
                Right::Administer => false,
                Right::Comment => matches!(role, Role::RegionAdmin | Role::Expert | Role::CouncilMember),
                Right::Decide => role == Role::Expert,
                Right::Audit => matches!(role, Role::RegionAdmin | Role::Expert),
                Right::Evaluate => role == Role::Evaluator,
                Right::EnterSurvey => matches!(role, Role::RegionAdmin | Role::Evaluator),
            }
        };
        for role in Role::ALL.into_iter().filter(|r| r.needs_region()) {
            let user = p(role, Some(1), role.needs_opd().then_some(7));
            for right in Right::ALL {
                let own = if granted(role, right) { Granted } else { Denied };
                assert_eq!(user.access(1, right), own, "{role:?} {right:?} own region");
                assert_eq!(user.access(2, right), Hidden, "{role:?} {right:?} other region");
            }
        }
        let office = p(Role::ProgrammeAdmin, None, None);
        for right in Right::ALL {
            assert_eq!(office.access(1, right), Granted, "programme office {right:?}");
        }
        let nobody = Principal::default();
        assert!(Right::ALL.iter().all(|r| nobody.access(1, *r) == Hidden));
    }

    #[test]
    fn stage_actions_split_between_region_and_reviewers() {
        use StageAction as A;
        use StageStatus as S;
        let admin = p(Role::RegionAdmin, Some(1), None);
        let expert = p(Role::Expert, Some(1), None);
        let council = p(Role::CouncilMember, Some(1), None);
        let office = p(Role::ProgrammeAdmin, None, None);
        for a in StageAction::ALL {
            assert_eq!(admin.can_take_stage_action(1, a), !a.by_reviewer(), "{a:?}");
            assert_eq!(expert.can_take_stage_action(1, a), a.by_reviewer(), "{a:?}");
            assert!(!council.can_take_stage_action(1, a));
            assert!(office.can_take_stage_action(1, a));
            assert!(!admin.can_take_stage_action(2, a) && !expert.can_take_stage_action(2, a));
        }
        assert_eq!(admin.stage_actions(1, S::NotStarted), vec![A::Start]);
        assert_eq!(admin.stage_actions(1, S::InProgress), vec![A::Submit]);
        assert_eq!(admin.stage_actions(1, S::Returned), vec![A::Submit]);
        assert_eq!(admin.stage_actions(1, S::Submitted), vec![]);
        assert_eq!(expert.stage_actions(1, S::Submitted), vec![A::Approve, A::Return]);
        assert_eq!(expert.stage_actions(1, S::Approved), vec![A::Reopen]);
        assert_eq!(expert.stage_actions(1, S::NotStarted), vec![]);
        assert_eq!(office.stage_actions(1, S::Submitted), vec![A::Approve, A::Return]);
        assert!(S::ALL.iter().all(|s| council.stage_actions(1, *s).is_empty()));
    }

    #[test]
    fn owners_and_scopes_of_opd_items() {
        let admin = p(Role::RegionAdmin, Some(1), None);
        let planner = p(Role::OpdPlanner, Some(1), Some(7));
        assert_eq!(admin.opd_scope(1), None);
        assert_eq!(planner.opd_scope(1), Some(7));
        assert!(admin.may_name_owner(1, Some(8)) && admin.may_name_owner(1, None));
        assert!(planner.may_name_owner(1, Some(7)) && planner.may_name_owner(1, None));
        assert!(!planner.may_name_owner(1, Some(8)) && !planner.may_name_owner(2, Some(7)));
        assert!(!admin.must_name_owner(1) && planner.must_name_owner(1));
        assert!(planner.can_edit_item(1, Some(7)) && !planner.can_edit_item(1, None));
    }

    /// The web layer answers enactment with its "manage" extractor: the two rules must agree.
    #[test]
    fn enacting_a_version_is_managing_the_region() {
        use crate::versions::{may, VersionAction};
        for role in Role::ALL {
            let user = p(role, Some(1), role.needs_opd().then_some(7));
            for region in [1, 2] {
                assert_eq!(may(&user, region, VersionAction::Enact), user.can_manage_region(region), "{role:?}");
            }
        }
    }

    #[test]
    fn evaluation_rights() {
        let evaluator = p(Role::Evaluator, Some(1), None);
        let admin = p(Role::RegionAdmin, Some(1), None);
        let expert = p(Role::Expert, Some(1), None);
        assert!(evaluator.can_enter_survey(1) && admin.can_enter_survey(1) && !expert.can_enter_survey(1));
        assert!(!evaluator.can_enter_survey(2));
        assert!(evaluator.lists_in_round(1, false));
        assert!(!admin.lists_in_round(1, false) && admin.lists_in_round(1, true));
        assert!(!admin.lists_in_round(2, true) && !evaluator.lists_in_round(2, true));
        assert!(p(Role::ProgrammeAdmin, None, None).lists_in_round(5, false));
    }

    #[test]
    fn role_codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn bundles_grant_only_roles_in_their_own_region() {
        let row = |role, region_id, opd_id| BundleRoleRow { role, region_id, opd_id };
        assert_eq!(bundle_role(row("region_admin", Some(7), None), 7), Ok(Role::RegionAdmin));
        assert_eq!(bundle_role(row("opd_planner", Some(7), Some(3)), 7), Ok(Role::OpdPlanner));
        assert_eq!(bundle_role(row("council_member", Some(7), None), 7), Ok(Role::CouncilMember));
        assert_eq!(bundle_role(row("expert", Some(7), None), 7), Ok(Role::Expert));
        assert_eq!(bundle_role(row("evaluator", Some(7), None), 7), Ok(Role::Evaluator));
        let refused = |r: BundleRoleRow<'_>, needle: &str| {
            let e = bundle_role(r, 7).unwrap_err();
            assert!(e.contains(needle), "{e}");
        };
        refused(row("programme_admin", None, None), "programme-wide");
        refused(row("programme_admin", Some(7), None), "programme-wide");
        refused(row("root", Some(7), None), "unknown role \"root\"");
        refused(row("", Some(7), None), "unknown role");
        refused(row("region_admin", Some(8), None), "not the bundle's region");
        refused(row("region_admin", None, None), "names no region");
        refused(row("opd_planner", Some(7), None), "names no OPD");
        refused(row("expert", Some(7), Some(3)), "cannot name an OPD");
    }
}
