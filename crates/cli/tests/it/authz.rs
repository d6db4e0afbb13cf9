//! The authorization matrix: every route of the router × every role × (own region, other
//! region) → the expected outcome. The route list comes from `routes::table()`, so a route added
//! without an entry here fails the test. Expectations are written from the rules as the issue
//! states them, not derived from the product's own permission code.

use crate::harness;

use crate::harness::{csrf_in, TestApp};
use kotacerdas_store::{
    accounts::users, analysis::inventory, files::Storage, region::members, region::mou, region::opds, region::regions,
    Actor,
};
use reqwest::StatusCode;
use std::collections::{BTreeSet, HashMap};

/// Who may do what, as the issue describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Anyone, signed in or not (health, assets, login form, OpenAPI).
    Public,
    /// Signing in and out: open to anyone; a wrong password (401) or the way back to the login
    /// form (303) is the normal answer, not a denial.
    Session,
    /// Any signed-in user.
    User,
    /// The programme office only.
    Admin,
    /// Anyone who can see the region (its assigned users, the programme office).
    Read,
    /// Region admin of the region, or the programme office.
    Manage,
    /// Programme office only, on a region it can see (edit the region record itself).
    AdminOnRegion,
    /// Comment on a stage: programme office, region admin, expert, council member.
    Comment,
    /// Approve or return a stage: programme office, assigned expert.
    Decide,
    /// The region's audit log: programme office, region admin, expert.
    Audit,
    /// Add OPD-owned items (problems, apps, data sets): managers and the region's OPD planners.
    Contribute,
    /// Change an item owned by the planner's OPD: managers and that OPD's planner.
    OwnItem,
    /// Score a region in the yearly evaluation: its assigned evaluators.
    Evaluate,
    /// Survey tallies: the region's managers or its evaluators.
    ManageOrEvaluate,
    /// Public, but only once the region's book is approved; the fixture has none: 404 for all.
    PublishedOnly,
    /// Open data of a region: anyone once the region's plan is approved by its council (the
    /// fixture approves OTHER's), else only those who can see the region (404 for the rest,
    /// signed in or not).
    Open,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Allowed,
    /// Any answer but a denial or a server error.
    Answered,
    Forbidden,
    Hidden,
    Login,
}

const ROLES: [(&str, Option<&str>); 7] = [
    ("anonymous", None),
    ("programme_admin", Some("program")),
    ("expert", Some("ahli")),
    ("evaluator", Some("penilai")),
    ("region_admin", Some("admin.sukamaju")),
    ("opd_planner", Some("perencana.dinkes")),
    ("council_member", Some("dewan.sukamaju")),
];
const OWN: &str = "99.01";
/// A region no region-bound demo user (not even the expert) is assigned to.
const OTHER: &str = "99.72";
/// The region whose plan the fixture has the council approve (its open data is public).
const PUBLISHED: &str = OTHER;

/// The expectation table: one entry per route of the router.
fn table() -> Vec<(&'static str, &'static str, Rule)> {
    use Rule::*;
    vec![
        ("GET", "/healthz", Public),
        ("GET", "/metrics", Public),
        ("GET", "/static/app.css", Public),
        ("GET", "/static/app.js", Public),
        ("GET", "/static/favicon.svg", Public),
        ("GET", "/", User),
        ("GET", "/login", Public),
        ("POST", "/login", Session),
        ("POST", "/logout", Session),
        ("POST", "/lang", Public),
        ("GET", "/account", User),
        ("POST", "/account", User),
        ("POST", "/account/password", User),
        ("GET", "/regions", User),
        ("GET", "/regions/{code}", Read),
        ("GET", "/regions/{code}/edit", AdminOnRegion),
        ("POST", "/regions/{code}/edit", AdminOnRegion),
        ("GET", "/regions/{code}/mou", Manage),
        ("POST", "/regions/{code}/mou", Manage),
        ("GET", "/regions/{code}/stages/{number}", Read),
        ("POST", "/regions/{code}/stages/{number}/action", Decide),
        ("POST", "/regions/{code}/stages/{number}/comments", Comment),
        ("GET", "/regions/{code}/stages/{number}/schedule", Manage),
        ("POST", "/regions/{code}/stages/{number}/schedule", Manage),
        ("GET", "/regions/{code}/opds", Read),
        ("GET", "/regions/{code}/opds/new", Manage),
        ("POST", "/regions/{code}/opds/new", Manage),
        ("GET", "/regions/{code}/opds/{id}/edit", Manage),
        ("POST", "/regions/{code}/opds/{id}/edit", Manage),
        ("POST", "/regions/{code}/opds/{id}/delete", Manage),
        ("GET", "/regions/{code}/members", Read),
        ("GET", "/regions/{code}/members/new", Manage),
        ("POST", "/regions/{code}/members/new", Manage),
        ("GET", "/regions/{code}/members/{id}/edit", Manage),
        ("POST", "/regions/{code}/members/{id}/edit", Manage),
        ("POST", "/regions/{code}/members/{id}/delete", Manage),
        ("GET", "/regions/{code}/audit", Audit),
        ("GET", "/regions/{code}/readiness", Read),
        ("POST", "/regions/{code}/readiness", Manage),
        ("POST", "/regions/{code}/readiness/evidence", Manage),
        ("GET", "/regions/{code}/profile", Read),
        ("POST", "/regions/{code}/profile", Manage),
        ("POST", "/regions/{code}/profile/own", Manage),
        ("GET", "/regions/{code}/swot", Read),
        ("POST", "/regions/{code}/swot", Manage),
        ("POST", "/regions/{code}/swot/{id}/delete", Manage),
        ("GET", "/regions/{code}/policies", Read),
        ("POST", "/regions/{code}/regulations", Manage),
        ("POST", "/regions/{code}/regulations/{id}/delete", Manage),
        ("POST", "/regions/{code}/institutions", Manage),
        ("POST", "/regions/{code}/institutions/{id}/delete", Manage),
        ("POST", "/regions/{code}/sections/{section}/comments", Comment),
        ("GET", "/regions/{code}/problems", Read),
        ("GET", "/regions/{code}/problems/new", Contribute),
        ("POST", "/regions/{code}/problems/new", Contribute),
        ("GET", "/regions/{code}/problems/{id}/edit", OwnItem),
        ("POST", "/regions/{code}/problems/{id}/edit", OwnItem),
        ("POST", "/regions/{code}/problems/{id}/delete", OwnItem),
        ("GET", "/regions/{code}/inventory", Read),
        ("GET", "/regions/{code}/inventory.xlsx", Read),
        ("POST", "/regions/{code}/inventory/import", Manage),
        ("GET", "/regions/{code}/apps/new", Contribute),
        ("POST", "/regions/{code}/apps/new", Contribute),
        ("GET", "/regions/{code}/apps/{id}/edit", OwnItem),
        ("POST", "/regions/{code}/apps/{id}/edit", OwnItem),
        ("POST", "/regions/{code}/apps/{id}/delete", OwnItem),
        ("GET", "/regions/{code}/datasets/new", Contribute),
        ("POST", "/regions/{code}/datasets/new", Contribute),
        ("GET", "/regions/{code}/datasets/{id}/edit", OwnItem),
        ("POST", "/regions/{code}/datasets/{id}/edit", OwnItem),
        ("POST", "/regions/{code}/datasets/{id}/delete", OwnItem),
        ("GET", "/regions/{code}/rpjmd", Read),
        ("POST", "/regions/{code}/rpjmd/periods", Manage),
        ("POST", "/regions/{code}/rpjmd/items", Manage),
        ("GET", "/regions/{code}/vision", Read),
        ("POST", "/regions/{code}/vision", Manage),
        ("POST", "/regions/{code}/vision/items", Manage),
        ("POST", "/regions/{code}/plan/{what}/{id}/delete", Manage),
        ("GET", "/regions/{code}/programmes", Read),
        ("GET", "/regions/{code}/budget", Read),
        ("GET", "/regions/{code}/programmes/new", Contribute),
        ("POST", "/regions/{code}/programmes/new", Contribute),
        ("GET", "/regions/{code}/programmes/{id}/edit", OwnItem),
        ("POST", "/regions/{code}/programmes/{id}/edit", OwnItem),
        ("POST", "/regions/{code}/programmes/{id}/delete", OwnItem),
        ("GET", "/regions/{code}/programmes/{id}", Read),
        ("GET", "/regions/{code}/programmes/export", Read),
        ("GET", "/regions/{code}/programmes/import", Contribute),
        ("POST", "/regions/{code}/programmes/import", Contribute),
        ("POST", "/regions/{code}/programmes/import/apply", Contribute),
        ("GET", "/regions/{code}/quick-wins", Read),
        ("POST", "/regions/{code}/quick-wins/criteria", Manage),
        ("POST", "/regions/{code}/quick-wins/{id}/scores", Contribute),
        ("GET", "/regions/{code}/quick-wins/{id}", Read),
        ("GET", "/regions/{code}/quick-wins/{id}/edit", OwnItem),
        ("POST", "/regions/{code}/quick-wins/{id}/edit", OwnItem),
        ("GET", "/regions/{code}/roadmap", Read),
        ("GET", "/regions/{code}/book.pdf", Read),
        ("GET", "/regions/{code}/book.docx", Read),
        ("GET", "/regions/{code}/book", Read),
        ("GET", "/regions/{code}/monitoring", Read),
        ("GET", "/publik/{code}/pemantauan", Public),
        ("GET", "/publik", Public),
        ("GET", "/publik/{code}", Public),
        ("GET", "/publik/{code}/buku.pdf", PublishedOnly),
        ("GET", "/publik/{code}/konsultasi", Public),
        ("GET", "/publik/{code}/konsultasi/{id}", Public),
        ("POST", "/publik/{code}/konsultasi/{id}", Public),
        ("GET", "/publik/{code}/masukan/{id}", Public),
        ("GET", "/publik/{code}/masukan/{id}/foto", Public),
        ("POST", "/publik/{code}/masukan/{id}/dukung", Public),
        ("POST", "/publik/{code}/masukan/{id}/komentar", Public),
        ("GET", "/regions/{code}/participation", Read),
        ("POST", "/regions/{code}/participation/consultations", Manage),
        ("POST", "/regions/{code}/participation/consultations/{id}/close", Manage),
        ("POST", "/regions/{code}/participation/inputs/{id}/moderate", Manage),
        ("POST", "/regions/{code}/participation/comments/{id}/moderate", Manage),
        ("GET", "/regions/{code}/participation/inputs/{id}", Read),
        ("POST", "/regions/{code}/participation/inputs/{id}/answer", Contribute),
        ("POST", "/regions/{code}/participation/inputs/{id}/links", Contribute),
        ("POST", "/regions/{code}/participation/links/{id}/delete", Manage),
        ("POST", "/regions/{code}/programmes/{id}/shares", Manage),
        ("POST", "/regions/{code}/shares/{id}/decide", Manage),
        ("POST", "/regions/{code}/shares/{id}/withdraw", Manage),
        ("GET", "/national", Admin),
        ("GET", "/national.csv", Admin),
        ("GET", "/national.xlsx", Admin),
        ("GET", "/evaluations", User),
        ("POST", "/evaluations", Admin),
        ("GET", "/evaluations/{year}", User),
        ("POST", "/evaluations/{year}/config", Admin),
        ("GET", "/regions/{code}/evaluations", Read),
        ("GET", "/regions/{code}/evaluations/{year}", Read),
        ("POST", "/regions/{code}/evaluations/{year}/self", Manage),
        ("POST", "/regions/{code}/evaluations/{year}/scores", Evaluate),
        ("POST", "/regions/{code}/evaluations/{year}/survey", ManageOrEvaluate),
        ("GET", "/regions/{code}/evaluations/{year}/letter.pdf", Read),
        ("GET", "/regions/{code}/monitoring/my", Contribute),
        ("GET", "/regions/{code}/monitoring/periods", Manage),
        ("POST", "/regions/{code}/monitoring/periods", Manage),
        ("POST", "/regions/{code}/monitoring/periods/{id}/lock", Manage),
        ("GET", "/regions/{code}/monitoring/periods/{id}/programmes/{pid}", OwnItem),
        ("POST", "/regions/{code}/monitoring/periods/{id}/programmes/{pid}", OwnItem),
        ("GET", "/regions/{code}/book/texts/{section}", Manage),
        ("POST", "/regions/{code}/book/texts/{section}", Manage),
        ("POST", "/regions/{code}/book/logo", Manage),
        ("POST", "/regions/{code}/book/versions", Manage),
        ("GET", "/regions/{code}/book/versions/{number}", Read),
        // The table posts a comment; each workflow step's roles are tested in book_versions.rs.
        ("POST", "/regions/{code}/book/versions/{number}/action", Comment),
        ("POST", "/regions/{code}/book/versions/{number}/enact", Manage),
        ("GET", "/regions/{code}/book/compare", Read),
        ("GET", "/regions/{code}/book/compare.xlsx", Read),
        ("GET", "/regions/{code}/checks", Read),
        ("POST", "/regions/{code}/checks/limit", Manage),
        ("GET", "/codes/permendagri90", Public),
        ("GET", "/files/{id}", Read),
        ("GET", "/admin/regions/new", Admin),
        ("POST", "/admin/regions/new", Admin),
        ("GET", "/admin/cohorts", Admin),
        ("GET", "/admin/cohorts/new", Admin),
        ("POST", "/admin/cohorts/new", Admin),
        ("GET", "/admin/cohorts/{id}/edit", Admin),
        ("POST", "/admin/cohorts/{id}/edit", Admin),
        ("GET", "/admin/users", Admin),
        ("GET", "/admin/users/new", Admin),
        ("POST", "/admin/users/new", Admin),
        ("GET", "/admin/users/{id}", Admin),
        ("POST", "/admin/users/{id}/roles", Admin),
        ("POST", "/admin/users/{id}/roles/{aid}/delete", Admin),
        ("POST", "/admin/users/{id}/disable", Admin),
        ("POST", "/admin/users/{id}/password", Admin),
        ("GET", "/admin/programme", Admin),
        ("POST", "/admin/programme", Admin),
        ("GET", "/admin/audit", Admin),
        ("GET", "/api/v1/openapi.json", Public),
        ("POST", "/api/v1/auth/token", Public),
        ("GET", "/api/v1/me", User),
        ("GET", "/api/v1/framework", User),
        ("GET", "/api/v1/cohorts", User),
        ("POST", "/api/v1/cohorts", Admin),
        ("GET", "/api/v1/users", Admin),
        ("GET", "/api/v1/regions", User),
        ("POST", "/api/v1/regions", Admin),
        ("GET", "/api/v1/regions/{code}", Read),
        ("GET", "/api/v1/regions/{code}/opds", Read),
        ("POST", "/api/v1/regions/{code}/opds", Manage),
        ("GET", "/api/v1/regions/{code}/opds/{id}", Read),
        ("GET", "/api/v1/regions/{code}/members", Read),
        ("POST", "/api/v1/regions/{code}/members", Manage),
        ("GET", "/api/v1/regions/{code}/stages", Read),
        ("POST", "/api/v1/regions/{code}/stages/{number}/actions", Decide),
        ("GET", "/api/v1/regions/{code}/mou", Read),
        ("PUT", "/api/v1/regions/{code}/mou", Manage),
        ("GET", "/api/v1/regions/{code}/audit", Audit),
        ("GET", "/api/v1/regions/{code}/readiness", Read),
        ("GET", "/api/v1/regions/{code}/problems", Read),
        ("GET", "/api/v1/regions/{code}/apps", Read),
        ("GET", "/api/v1/regions/{code}/datasets", Read),
        ("GET", "/api/v1/regions/{code}/plan", Read),
        ("GET", "/api/v1/regions/{code}/programmes", Read),
        ("GET", "/api/v1/regions/{code}/programmes.xlsx", Read),
        ("GET", "/api/v1/regions/{code}/checks", Read),
        ("GET", "/api/v1/regions/{code}/book.pdf", Read),
        ("GET", "/api/v1/regions/{code}/book/versions", Read),
        ("GET", "/api/v1/regions/{code}/evaluations", Read),
        ("GET", "/api/v1/national/summary", Admin),
        ("GET", "/api/v1/regions/{code}/monitoring", Read),
        ("GET", "/api/v1/regions/{code}/book/versions/{a}/diff/{b}", Read),
        ("GET", "/api/v1/codes/permendagri90", Public),
        ("GET", "/api/v1/regions/{code}/participation", Public),
        ("GET", "/api/v1/regions/{code}/programmes.csv", Open),
        ("GET", "/api/v1/regions/{code}/programmes.json", Open),
        ("GET", "/api/v1/regions/{code}/budgets.csv", Open),
        ("GET", "/api/v1/regions/{code}/budgets.json", Open),
        ("GET", "/api/v1/regions/{code}/kpis.csv", Open),
        ("GET", "/api/v1/regions/{code}/kpis.json", Open),
        ("GET", "/api/v1/regions/{code}/evaluations.csv", Open),
        ("GET", "/api/v1/regions/{code}/evaluations.json", Open),
        ("GET", "/api/v1/national/programmes.csv", Public),
        ("GET", "/api/v1/national/programmes.json", Public),
        ("GET", "/api/v1/national/budgets.csv", Public),
        ("GET", "/api/v1/national/budgets.json", Public),
        ("GET", "/api/v1/national/kpis.csv", Public),
        ("GET", "/api/v1/national/kpis.json", Public),
        ("GET", "/api/v1/catalog.jsonld", Public),
        ("GET", "/api/docs", Public),
    ]
}

fn sees(role: &str, region: &str) -> bool {
    match role {
        "programme_admin" => true,
        "anonymous" => false,
        _ => region == OWN,
    }
}

fn expected(rule: Rule, role: &str, region: Option<&str>) -> Expect {
    use Expect::*;
    if rule == Rule::Public {
        return Allowed;
    }
    if rule == Rule::PublishedOnly {
        return Hidden;
    }
    if rule == Rule::Session {
        return Answered;
    }
    if rule == Rule::Open {
        return match region {
            Some(r) if r != PUBLISHED && !sees(role, r) => Hidden,
            _ => Allowed,
        };
    }
    if role == "anonymous" {
        return Login;
    }
    let admin = role == "programme_admin";
    let may = |roles: &[&str]| if admin || roles.contains(&role) { Allowed } else { Forbidden };
    let Some(region) = region else {
        return match rule {
            Rule::Admin => may(&[]),
            _ => Allowed,
        };
    };
    if !sees(role, region) {
        return Hidden;
    }
    match rule {
        Rule::Read | Rule::User | Rule::Public | Rule::Open => Allowed,
        Rule::Session => Answered,
        Rule::Admin | Rule::AdminOnRegion => may(&[]),
        Rule::Manage => may(&["region_admin"]),
        Rule::Comment => may(&["region_admin", "expert", "council_member"]),
        Rule::Decide => may(&["expert"]),
        Rule::Audit => may(&["region_admin", "expert"]),
        Rule::Contribute | Rule::OwnItem => may(&["region_admin", "opd_planner"]),
        Rule::Evaluate => may(&["evaluator"]),
        Rule::ManageOrEvaluate => may(&["region_admin", "evaluator"]),
        Rule::PublishedOnly => Hidden,
    }
}

/// Ids the paths need, per region, created fresh in each app.
struct Fixture {
    opd: HashMap<&'static str, i64>,
    opd_to_delete: HashMap<&'static str, i64>,
    member: HashMap<&'static str, i64>,
    member_to_delete: HashMap<&'static str, i64>,
    file: HashMap<&'static str, i64>,
    /// A reporting period per region (the monitoring routes).
    period: HashMap<&'static str, i64>,
    /// Items owned by the Dinkes OPD (the demo planner's), to edit and to delete.
    items: HashMap<(&'static str, &'static str, &'static str), i64>,
    cohort: i64,
    user: i64,
    assignment: i64,
}

async fn fixture(app: &TestApp) -> Fixture {
    let sys = Actor::system("test");
    let storage = Storage::from_config(app.storage_dir.to_str().expect("path")).expect("storage");
    let mut f = Fixture {
        opd: HashMap::new(),
        opd_to_delete: HashMap::new(),
        member: HashMap::new(),
        member_to_delete: HashMap::new(),
        file: HashMap::new(),
        period: HashMap::new(),
        items: HashMap::new(),
        cohort: kotacerdas_store::region::cohorts::list(&app.db).await.expect("cohorts")[0].cohort.id,
        user: 0,
        assignment: 0,
    };
    for code in [OWN, OTHER] {
        let r = regions::by_code(&app.db, code).await.expect("region");
        f.opd.insert(code, opds::list(&app.db, r.id).await.expect("opds")[0].id);
        let victim = kotacerdas_domain::region::OpdInput {
            name: "Unit yang akan dihapus".into(),
            short_name: "HAPUS".into(),
            code: String::new(),
        };
        f.opd_to_delete.insert(code, opds::create(&app.db, &sys, r.id, &victim).await.expect("opd").id);
        let all = members::list(&app.db, r.id).await.expect("members");
        f.member.insert(code, all[0].id);
        f.member_to_delete.insert(code, all[all.len() - 1].id);
        let pdf = bytes::Bytes::from_static(b"%PDF-1.4\n%%EOF\n");
        let file = storage.upload(&app.db, &sys, Some(r.id), "mou.pdf", pdf).await.expect("upload");
        let input = kotacerdas_domain::region::MouInput {
            number: "1/NK/2024".into(),
            signed_on: "2024-03-04".into(),
            notes: String::new(),
        };
        mou::save(&app.db, &sys, r.id, &input, Some(file.id)).await.expect("mou");
        f.file.insert(code, file.id);
        let period = kotacerdas_domain::monitoring::PeriodInput {
            year: "2030".into(),
            quarter: String::new(),
            due_date: "2031-01-31".into(),
        };
        f.period.insert(
            code,
            kotacerdas_store::monitoring::add_period(&app.db, &sys, r.id, &period).await.expect("period").id,
        );
        // Two frozen book versions (files not generated: workflow steps answer 422, not denials).
        for label in ["Versi uji 1", "Versi uji 2"] {
            kotacerdas_store::book::freeze(&app.db, &sys, &r, label).await.expect("freeze");
        }
        if code == PUBLISHED {
            approve_first_version(app, r.id).await;
        }
        let dinkes = opds::list(&app.db, r.id)
            .await
            .expect("opds")
            .into_iter()
            .find(|o| o.short_name == "Dinkes")
            .expect("Dinkes")
            .id;
        for (kind, n) in [("edit", 1), ("delete", 2)] {
            let problem = kotacerdas_domain::analysis_input::ProblemInput {
                element_code: "LIV-HE".into(),
                opd_id: dinkes.to_string(),
                kind: "problem".into(),
                title: format!("Masalah uji {n}"),
                severity: "3".into(),
                ..Default::default()
            };
            let p = kotacerdas_store::analysis::problems::create(&app.db, &sys, r.id, &problem).await.expect("problem");
            f.items.insert((code, "problems", kind), p.id);
            let ds = kotacerdas_domain::analysis_input::DatasetInput {
                name: format!("Data uji {n}"),
                opd_id: dinkes.to_string(),
                frequency: "monthly".into(),
                open: "ya".into(),
                element_code: String::new(),
            };
            let d = inventory::save_dataset(&app.db, &sys, r.id, None, &ds).await.expect("dataset");
            f.items.insert((code, "datasets", kind), d.id);
            let a = kotacerdas_domain::analysis_input::AppInput {
                name: format!("Aplikasi uji {n}"),
                opd_id: dinkes.to_string(),
                purpose: "Uji".into(),
                users: "Uji".into(),
                status: "active".into(),
                hosting: "pdd".into(),
                ..Default::default()
            };
            let a = inventory::save_app(&app.db, &sys, r.id, None, &a).await.expect("app");
            f.items.insert((code, "apps", kind), a.id);
            let mut prog = kotacerdas_domain::programme_input::ProgrammeInput {
                opd_id: dinkes.to_string(),
                element_code: "LIV-HE".into(),
                name: format!("Program uji {n}"),
                description: "Uji".into(),
                horizon: "short".into(),
                start_year: "2030".into(),
                end_year: "2030".into(),
                ..Default::default()
            };
            prog.targets.insert(2030, "Uji".into());
            let prog =
                kotacerdas_store::plan::programmes::save(&app.db, &sys, r.id, None, &prog).await.expect("programme");
            f.items.insert((code, "programmes", kind), prog.id);
        }
        let sw = kotacerdas_domain::analysis_input::SwotInput {
            pillar_code: "STR".into(),
            kind: "strength".into(),
            text: "Uji".into(),
            ..Default::default()
        };
        f.items.insert(
            (code, "swot", "delete"),
            kotacerdas_store::analysis::swot::add(&app.db, &sys, r.id, &sw).await.expect("swot").id,
        );
        let reg = kotacerdas_domain::analysis_input::RegulationInput {
            kind: "sk".into(),
            number: "1".into(),
            year: "2024".into(),
            title: "Uji".into(),
            status: "in_force".into(),
            url: String::new(),
        };
        let reg = kotacerdas_store::analysis::policies::add_regulation(&app.db, &sys, r.id, &reg, None)
            .await
            .expect("regulation");
        f.items.insert((code, "regulations", "delete"), reg.id);
        let inst = kotacerdas_domain::analysis_input::InstitutionInput {
            name: "Uji".into(),
            kind: "Uji".into(),
            ..Default::default()
        };
        let inst = kotacerdas_store::analysis::policies::add_institution(&app.db, &sys, r.id, &inst)
            .await
            .expect("institution");
        f.items.insert((code, "institutions", "delete"), inst.id);
        // A vision item to delete needs an RPJMD period and mission of its own.
        let period = kotacerdas_domain::plan::PeriodInput {
            kind: "rpjmd".into(),
            start_year: "2040".into(),
            end_year: "2044".into(),
            vision: "Uji".into(),
            regulation: String::new(),
        };
        let period = kotacerdas_store::plan::add_period(&app.db, &sys, r.id, &period).await.expect("period");
        let mission = kotacerdas_domain::plan::ItemInput {
            period_id: period.id.to_string(),
            level: "mission".into(),
            code: "MX".into(),
            text: "Uji".into(),
        };
        let mission = kotacerdas_store::plan::add_item(&app.db, &sys, r.id, &mission).await.expect("mission");
        let v = kotacerdas_domain::plan::VisionItemInput {
            level: "mission".into(),
            code: "VX".into(),
            text: "Uji".into(),
            plan_item_id: mission.id.to_string(),
            ..Default::default()
        };
        f.items.insert(
            (code, "plan", "delete"),
            kotacerdas_store::plan::add_vision_item(&app.db, &sys, r.id, &v).await.expect("vision").id,
        );
    }
    participation_fixture(app, &storage, &mut f).await;
    let target = kotacerdas_domain::account::UserInput {
        username: "sasaran".into(),
        display_name: "Pengguna Sasaran".into(),
        email: String::new(),
        password: "kata-sandi-sasaran".into(),
    };
    f.user = users::create(&app.db, &sys, &target).await.expect("user").id;
    let a = kotacerdas_domain::account::AssignmentInput {
        role: "council_member".into(),
        region_code: OWN.into(),
        opd_id: String::new(),
    };
    f.assignment = users::add_assignment(&app.db, &sys, f.user, &a).await.expect("assignment").id;
    f
}

/// Per region: an open consultation, a published input with a photo, a pending comment, a link;
/// and one programme of each region shared with the other (to acknowledge and to withdraw).
async fn participation_fixture(app: &TestApp, storage: &Storage, f: &mut Fixture) {
    use kotacerdas_domain::participation::ConsultationInput;
    use kotacerdas_store::participation::{self as part, Photo, Sender};
    let sys = Actor::system("test");
    let today = chrono::Utc::now().date_naive();
    for code in [OWN, OTHER] {
        let r = regions::by_code(&app.db, code).await.expect("region");
        let c = ConsultationInput {
            title: "Uji".into(),
            opens_on: (today - chrono::Duration::days(1)).to_string(),
            closes_on: (today + chrono::Duration::days(9)).to_string(),
            ..Default::default()
        };
        let c = part::create_consultation(&app.db, &sys, r.id, &c).await.expect("consultation");
        let sender = Sender { user_id: None, name: None, hash: "uji".into() };
        let draft = kotacerdas_domain::participation::InputDraft {
            kind: "proposal".into(),
            title: "Uji".into(),
            body: "Uji".into(),
            dimension_code: "GOV".into(),
            ..Default::default()
        };
        let photo = Photo { storage, name: "foto.png".into(), data: bytes::Bytes::from(tiny_png()) };
        let i = part::submit(&app.db, r.id, c.id, &draft, &sender, Some(photo)).await.expect("input");
        part::moderate_input(&app.db, &sys, r.id, i.id, true, "").await.expect("publish");
        let cm = part::comment(&app.db, r.id, i.id, &sender, "", "Uji").await.expect("comment");
        let pid = f.items[&(code, "programmes", "edit")];
        let l = part::add_link(&app.db, &sys, r.id, i.id, part::link::PROGRAMME, &pid.to_string()).await.expect("link");
        f.items.insert((code, "consultations", "edit"), c.id);
        f.items.insert((code, "inputs", "edit"), i.id);
        f.items.insert((code, "comments", "edit"), cm.id);
        f.items.insert((code, "links", "delete"), l.id);
    }
    for (owner, partner) in [(OWN, OTHER), (OTHER, OWN)] {
        let o = regions::by_code(&app.db, owner).await.expect("region");
        let pid = f.items[&(owner, "programmes", "edit")];
        let s = kotacerdas_store::plan::shares::invite(&app.db, &sys, o.id, pid, partner).await.expect("share");
        f.items.insert((owner, "shares", "withdraw"), s.id);
        f.items.insert((partner, "shares", "decide"), s.id);
    }
}

/// The council approves version 1 of the region's book (built, submitted, reviewed first), as
/// the workflow does: the region's open data becomes public.
async fn approve_first_version(app: &TestApp, region_id: i64) {
    use kotacerdas_domain::access::{Assignment, Principal, Role};
    use kotacerdas_domain::versions::VersionAction;
    use kotacerdas_store::book::{self, Step};
    let v = book::get(&app.db, region_id, 1).await.expect("version 1");
    book::set_build(&app.db, v.id, "done", None).await.expect("built");
    let who = |role| Principal {
        user_id: 0,
        username: "uji".into(),
        display_name: "Uji".into(),
        assignments: vec![Assignment { role, region_id: Some(region_id), opd_id: None }],
    };
    let sys = kotacerdas_store::Actor::system("authz test");
    for (role, action) in [
        (Role::RegionAdmin, VersionAction::Submit),
        (Role::Expert, VersionAction::Review),
        (Role::CouncilMember, VersionAction::Approve),
    ] {
        book::act(&app.db, &sys, &who(role), region_id, 1, Step::new(action, "")).await.expect("workflow step");
    }
}

fn concrete(path: &str, region: Option<&'static str>, f: &Fixture) -> String {
    let code = region.unwrap_or(OWN);
    let item = ["problems", "apps", "datasets", "swot", "regulations", "institutions", "plan", "programmes"]
        .into_iter()
        .find(|k| path.contains(&format!("/{k}/{{id}}")) || path.contains(&format!("/{k}/{{what}}/{{id}}")));
    let id = if path.contains("/quick-wins/{id}") {
        // Quick Win sheets and scores belong to a programme (the Dinkes one, never deleted).
        f.items[&(code, "programmes", "edit")]
    } else if let Some(kind) = item {
        f.items[&(code, kind, if path.ends_with("/delete") { "delete" } else { "edit" })]
    } else if path.contains("/konsultasi/{id}") || path.contains("/consultations/{id}") {
        f.items[&(code, "consultations", "edit")]
    } else if path.contains("/masukan/{id}") || path.contains("/inputs/{id}") {
        f.items[&(code, "inputs", "edit")]
    } else if path.contains("/comments/{id}/moderate") {
        f.items[&(code, "comments", "edit")]
    } else if path.contains("/participation/links/{id}") {
        f.items[&(code, "links", "delete")]
    } else if path.contains("/shares/{id}/decide") {
        f.items[&(code, "shares", "decide")]
    } else if path.contains("/shares/{id}/withdraw") {
        f.items[&(code, "shares", "withdraw")]
    } else if path.contains("/monitoring/periods/{id}") {
        f.period[code]
    } else if path.starts_with("/files/") {
        f.file[code]
    } else if path.contains("/opds/{id}/delete") {
        f.opd_to_delete[code]
    } else if path.contains("/opds/{id}") {
        f.opd[code]
    } else if path.contains("/members/{id}/delete") {
        f.member_to_delete[code]
    } else if path.contains("/members/{id}") {
        f.member[code]
    } else if path.starts_with("/admin/cohorts/{id}") {
        f.cohort
    } else {
        f.user
    };
    path.replace("{code}", code)
        .replace("{number}", "2")
        .replace("{section}", if path.contains("/book/texts/") { "background" } else { "profile" })
        .replace("{year}", "2025")
        .replace("{a}", "1")
        .replace("{b}", "2")
        .replace("{what}", "vision")
        .replace("{id}", &id.to_string())
        .replace("{aid}", &f.assignment.to_string())
        .replace("{pid}", &f.items[&(code, "programmes", "edit")].to_string())
}

/// A body that is well-formed for the route, so authorised callers get past validation or
/// receive a 4xx about the data, never an authorization answer.
fn form_for(path: &str) -> Vec<(&'static str, &'static str)> {
    if path.contains("/book/versions/") && path.ends_with("/action") {
        vec![("action", "comment"), ("comment", "Catatan uji otorisasi")]
    } else if path.ends_with("/action") {
        vec![("action", "approve"), ("comment", "")]
    } else if path.ends_with("/comments") {
        vec![("comment", "Catatan uji otorisasi")]
    } else if path == "/lang" {
        vec![("lang", "id"), ("back", "/")]
    } else if path == "/login" {
        vec![("username", "tidak-ada"), ("password", "salah-sekali")]
    } else {
        vec![]
    }
}

struct Caller {
    role: &'static str,
    browser: harness::Browser,
    token: Option<String>,
}

async fn call(app: &TestApp, c: &Caller, method: &str, path: &str, template: &str) -> (StatusCode, Option<String>) {
    let url = format!("{}{path}", app.base);
    let client = &c.browser.client;
    let resp = if template.starts_with("/api/") {
        let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = reqwest::Client::new().request(m, &url);
        if let Some(t) = &c.token {
            req = req.bearer_auth(t);
        }
        if method != "GET" {
            let body = if template.ends_with("/actions") {
                serde_json::json!({"action": "approve"})
            } else {
                serde_json::json!({})
            };
            req = req.json(&body);
        }
        req.send().await.expect("api call")
    } else if method == "GET" {
        client.get(&url).send().await.expect("GET")
    } else if ["/mou", "/import", "/evidence", "/regulations", "/logo", "/enact", "/programmes/{pid}", "/self"]
        .iter()
        .any(|e| template.ends_with(e))
    {
        let form = reqwest::multipart::Form::new().text("number", "").text("signed_on", "");
        client.post(format!("{url}?_csrf={}", c.browser.csrf)).multipart(form).send().await.expect("multipart")
    } else {
        let mut fields = vec![("_csrf", c.browser.csrf.as_str())];
        fields.extend(form_for(template));
        client.post(&url).form(&fields).send().await.expect("POST")
    };
    let location = resp.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string);
    (resp.status(), location)
}

fn matches(expect: Expect, api: bool, status: StatusCode, location: Option<&str>) -> bool {
    let to_login = status == StatusCode::SEE_OTHER && location.is_some_and(|l| l.starts_with("/login"));
    match expect {
        Expect::Allowed => status.as_u16() < 500 && !matches!(status.as_u16(), 401 | 403 | 404) && !to_login,
        Expect::Answered => status.as_u16() < 500 && !matches!(status.as_u16(), 403 | 404),
        Expect::Forbidden => status == StatusCode::FORBIDDEN,
        Expect::Hidden => status == StatusCode::NOT_FOUND,
        Expect::Login if api => status == StatusCode::UNAUTHORIZED,
        Expect::Login => to_login,
    }
}

async fn run_matrix(backend: harness::Backend) {
    // The table must cover exactly the router's routes.
    let routes: BTreeSet<(String, String)> =
        kotacerdas_web::routes::table().iter().map(|r| (r.method.to_string(), r.path.to_string())).collect();
    let listed: BTreeSet<(String, String)> = table().iter().map(|(m, p, _)| (m.to_string(), p.to_string())).collect();
    let missing: Vec<_> = routes.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&routes).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "routes without an expectation: {missing:?}; expectations without a route: {stale:?}"
    );

    let mut failures = Vec::new();
    let mut cells = 0;
    for (role, username) in ROLES {
        // A fresh server per role, so one role's changes cannot affect another's expectations.
        let app = TestApp::spawn(backend).await;
        let f = fixture(&app).await;
        let mut browser = app.anonymous();
        let token = match username {
            Some(u) => {
                browser = app.login(u).await;
                Some(app.token(u).await)
            }
            None => {
                let (_, html) = browser.get("/login").await;
                browser.csrf = csrf_in(&html).expect("csrf");
                None
            }
        };
        let caller = Caller { role, browser, token };
        // Signing out last: it ends the session the other cells use.
        let mut rows = table();
        rows.sort_by_key(|(m, p, _)| (*m == "POST" && *p == "/logout", 0));
        for (method, template, rule) in rows {
            let scoped = template.contains("{code}") || template.starts_with("/files/");
            let regions: Vec<Option<&'static str>> = if scoped { vec![Some(OWN), Some(OTHER)] } else { vec![None] };
            for region in regions {
                let path = concrete(template, region, &f);
                let exp = expected(rule, caller.role, region);
                let (status, location) = call(&app, &caller, method, &path, template).await;
                cells += 1;
                if !matches(exp, template.starts_with("/api/"), status, location.as_deref()) {
                    failures.push(format!(
                        "{method} {template} as {role} on {}: expected {exp:?}, got {status} {}",
                        region.map(|r| if r == OWN { "own region" } else { "other region" }).unwrap_or("-"),
                        location.unwrap_or_default()
                    ));
                }
            }
        }
    }
    println!("{backend:?}: {cells} cells checked");
    assert!(failures.is_empty(), "{} of {cells} cells wrong:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn matrix_sqlite() {
    run_matrix(harness::Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn matrix_postgres() {
    run_matrix(harness::Backend::Postgres).await;
}

/// A tiny real PNG (uploads are decoded, so a PNG header alone no longer passes).
fn tiny_png() -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::new_rgb8(4, 4).write_with_encoder(image::codecs::png::PngEncoder::new(&mut out)).expect("png");
    out
}
