//! Roles and what each may do. The server asks these questions for every route; the pages only
//! hide what the server would refuse anyway.

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
