//! The rules of accounts and their role assignments as typed by the programme office (or by a
//! user for their own profile). Who may do what is [`crate::access`]'s; this is what a valid
//! account and a valid assignment look like.

use crate::access::Role;
use crate::validate::Errors;
use serde::{Deserialize, Serialize};

/// An account as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    pub email: String,
    #[serde(skip_serializing)]
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidUser {
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
}

impl UserInput {
    /// A new account: a free username (`taken`: whether an account already has the typed one),
    /// a name, an optional e-mail address and a long enough password.
    pub fn validate(&self, taken: bool) -> Result<ValidUser, Errors> {
        let mut e = Errors::new();
        let username = e.username("username", &self.username);
        let display_name = e.text("display_name", &self.display_name, 200);
        let email = e.optional_email("email", &self.email);
        e.password("password", &self.password);
        if taken && e.get("username").is_none() {
            e.add("username", "err-taken", None);
        }
        e.into_result()?;
        Ok(ValidUser { username, display_name, email })
    }

    /// A profile change: the name and the e-mail address only.
    pub fn validate_profile(&self) -> Result<(String, Option<String>), Errors> {
        let mut e = Errors::new();
        let display_name = e.text("display_name", &self.display_name, 200);
        let email = e.optional_email("email", &self.email);
        e.into_result()?;
        Ok((display_name, email))
    }
}

/// A new password: long enough, not absurdly long.
pub fn check_password(password: &str) -> Result<(), Errors> {
    let mut e = Errors::new();
    e.password("password", password);
    e.into_result()
}

/// A role assignment as typed: the role, and the region (by code) and OPD it needs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AssignmentInput {
    pub role: String,
    pub region_code: String,
    pub opd_id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidAssignment {
    pub role: Role,
    pub region_id: Option<i64>,
    pub opd_id: Option<i64>,
}

/// What an assignment is checked against, loaded by the caller.
#[derive(Debug, Clone, Default)]
pub struct AssignmentRefs {
    /// The id of the region with the typed code, if there is one.
    pub region_id: Option<i64>,
    /// The ids of that region's OPDs.
    pub opds: Vec<i64>,
    /// The user's assignments: (role, region, OPD).
    pub existing: Vec<(Role, Option<i64>, Option<i64>)>,
}

impl AssignmentInput {
    /// A known role; the region (and OPD) it needs; not held already; a role of a single region
    /// held for one region only.
    pub fn validate(&self, refs: &AssignmentRefs) -> Result<ValidAssignment, Errors> {
        let mut e = Errors::new();
        let role = e.choice("role", &self.role, Role::parse);
        let Some(role) = role else { return Err(e) };
        let blank = |s: &str| if s.trim().is_empty() { "err-required" } else { "err-choice" };
        let mut region_id = None;
        let mut opd_id = None;
        if role.needs_region() {
            region_id = refs.region_id;
            if region_id.is_none() {
                e.add("region_code", blank(&self.region_code), None);
            }
        }
        if role.needs_opd() {
            match (self.opd_id.trim().parse::<i64>(), region_id) {
                (Ok(o), Some(_)) if refs.opds.contains(&o) => opd_id = Some(o),
                _ => e.add("opd_id", blank(&self.opd_id), None),
            }
        }
        if e.is_empty() {
            let same_role: Vec<_> = refs.existing.iter().filter(|(r, _, _)| *r == role).collect();
            if same_role.iter().any(|(_, r, o)| *r == region_id && *o == opd_id) {
                e.add("role", "err-taken", None);
            } else if role.single_region() && !same_role.is_empty() {
                e.add("region_code", "err-single-region", None);
            }
        }
        e.into_result()?;
        Ok(ValidAssignment { role, region_id, opd_id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(e: Errors) -> Vec<(String, &'static str)> {
        e.0.into_iter().map(|x| (x.field, x.code)).collect()
    }

    #[test]
    fn accounts() {
        let u = UserInput {
            username: "admin.sukamaju".into(),
            display_name: "Admin".into(),
            email: "admin@sukamaju.go.id".into(),
            password: "panjang-sekali".into(),
        };
        assert_eq!(u.validate(false).expect("valid").username, "admin.sukamaju");
        assert_eq!(fields(u.validate(true).expect_err("taken")), [("username".into(), "err-taken")]);
        let bad = UserInput { username: "a b".into(), email: "nope".into(), password: "pendek".into(), ..u };
        assert_eq!(
            fields(bad.validate(true).expect_err("bad")),
            [
                ("username".into(), "err-username"),
                ("email".into(), "err-email"),
                ("password".into(), "err-password-short")
            ]
        );
        assert!(bad.validate_profile().is_err() && check_password("pendek").is_err());
    }

    #[test]
    fn assignments() {
        let roles: Vec<Role> =
            ["region_admin", "opd_planner", "programme_admin"].iter().filter_map(|r| Role::parse(r)).collect();
        assert_eq!(roles.len(), 3, "the roles named here exist");
        let a = |role: &str, region: &str, opd: &str| AssignmentInput {
            role: role.into(),
            region_code: region.into(),
            opd_id: opd.into(),
        };
        let refs = AssignmentRefs { region_id: Some(1), opds: vec![5], existing: vec![] };
        let v = a("opd_planner", "99.01", "5").validate(&refs).expect("valid");
        assert_eq!((v.region_id, v.opd_id), (Some(1), Some(5)));
        let unknown = AssignmentRefs { region_id: None, ..refs.clone() };
        assert_eq!(
            fields(a("opd_planner", "", "").validate(&unknown).expect_err("none")),
            [("region_code".into(), "err-required"), ("opd_id".into(), "err-required")]
        );
        let held = AssignmentRefs { existing: vec![(Role::OpdPlanner, Some(1), Some(5))], ..refs.clone() };
        assert_eq!(
            fields(a("opd_planner", "99.01", "5").validate(&held).expect_err("taken")),
            [("role".into(), "err-taken")]
        );
        assert_eq!(fields(a("nobody", "", "").validate(&refs).expect_err("role")), [("role".into(), "err-choice")]);
    }
}
