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
    /// Run a workshop (agenda, materials, attendance, minutes, actions): the region's managers
    /// and its assigned experts.
    RunWorkshop,
    /// Public, but only once the region's book is approved; the fixture has none: 404 for all.
    PublishedOnly,
    /// Open data of a region: anyone once the region's plan is approved by its council (the
    /// fixture approves OTHER's), else only those who can see the region (404 for the rest,
    /// signed in or not).
    Open,
    /// A workflow step whose precondition the fixture cannot meet: those `base` lets through
    /// reach the handler with a valid body and are refused on the data (409/422), never denied;
    /// everyone else is answered as under `base`.
    Unmet(&'static Rule),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Succeeded: 2xx, or a redirect that is not to the sign-in page (post/redirect/get).
    Allowed,
    /// Any answer but a denial or a server error.
    Answered,
    /// Reached the handler and refused on its data: 409 or 422 with our error page or JSON.
    Refused,
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
        ("GET", "/regions/{code}/editions", Read),
        ("GET", "/regions/{code}/editions/review", Manage),
        ("POST", "/regions/{code}/editions/review", Unmet(&Manage)),
        ("GET", "/regions/{code}/editions/earlier", Manage),
        ("POST", "/regions/{code}/editions/earlier", Unmet(&Manage)),
        ("GET", "/regions/{code}/kawasan", Read),
        // The fixture's regions are no kawasan: the programme office's member is refused (422).
        ("POST", "/regions/{code}/kawasan", Unmet(&AdminOnRegion)),
        ("GET", "/regions/{code}/decrees/{body}", Manage),
        ("POST", "/regions/{code}/decrees/{body}", Manage),
        ("GET", "/regions/{code}/stages/{number}", Read),
        ("POST", "/regions/{code}/stages/{number}/action", Decide),
        ("POST", "/regions/{code}/stages/{number}/comments", Comment),
        ("GET", "/regions/{code}/stages/{number}/schedule", Manage),
        ("POST", "/regions/{code}/stages/{number}/schedule", Manage),
        ("GET", "/regions/{code}/stages/{number}/workshops/new", Manage),
        ("POST", "/regions/{code}/stages/{number}/workshops/new", Manage),
        ("GET", "/regions/{code}/workshops/{id}", Read),
        ("GET", "/regions/{code}/workshops/{id}/edit", Manage),
        ("POST", "/regions/{code}/workshops/{id}/edit", Manage),
        ("POST", "/regions/{code}/workshops/{id}/speakers", Manage),
        ("POST", "/regions/{code}/workshops/{id}/agenda", RunWorkshop),
        ("POST", "/regions/{code}/workshops/{id}/materials", RunWorkshop),
        ("POST", "/regions/{code}/workshops/{id}/{what}/{rid}/delete", RunWorkshop),
        ("POST", "/regions/{code}/workshops/{id}/invitations", Manage),
        ("POST", "/regions/{code}/workshops/{id}/minutes", RunWorkshop),
        ("POST", "/regions/{code}/workshops/{id}/actions", RunWorkshop),
        ("POST", "/regions/{code}/workshop-actions/{id}/status", OwnItem),
        ("GET", "/regions/{code}/workshops/{id}/attendance", RunWorkshop),
        ("POST", "/regions/{code}/workshops/{id}/attendance", RunWorkshop),
        ("POST", "/regions/{code}/workshops/{id}/room", RunWorkshop),
        ("GET", "/regions/{code}/workshops/{id}/invitation.pdf", Read),
        ("GET", "/regions/{code}/workshops/{id}/attendance.pdf", Read),
        ("GET", "/regions/{code}/workshops/{id}/minutes.pdf", Read),
        ("GET", "/hadir/{token}", Public),
        ("POST", "/hadir/{token}", Public),
        ("GET", "/workshops/calendar", Admin),
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
        ("POST", "/regions/{code}/datasets/{id}/programmes", OwnItem),
        ("POST", "/regions/{code}/datasets/{id}/programmes/{pid}/delete", OwnItem),
        ("POST", "/regions/{code}/datasets/{id}/decisions", OwnItem),
        ("POST", "/regions/{code}/datasets/{id}/decisions/{did}/delete", OwnItem),
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
        ("GET", "/publik/{code}/edisi/{number}/buku.pdf", PublishedOnly),
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
        // Enacting needs a version the council approved. The fixture approves one only in
        // PUBLISHED (approving OWN's would make OWN's open data public and change the `Open`
        // cells), and never version {number}: managers send a valid enactment and get 409/422.
        ("POST", "/regions/{code}/book/versions/{number}/enact", Unmet(&Manage)),
        ("GET", "/regions/{code}/book/compare", Read),
        ("GET", "/regions/{code}/book/compare.xlsx", Read),
        ("GET", "/regions/{code}/checks", Read),
        ("POST", "/regions/{code}/checks/limit", Manage),
        ("GET", "/regions/{code}/alignment", Read),
        ("POST", "/regions/{code}/alignment/decide", OwnItem),
        ("POST", "/regions/{code}/alignment/links/{id}/delete", OwnItem),
        ("GET", "/regions/{code}/alignment/import", Manage),
        ("POST", "/regions/{code}/alignment/import", Manage),
        ("POST", "/regions/{code}/alignment/import/apply", Manage),
        ("GET", "/regions/{code}/renja.xlsx", Read),
        ("GET", "/regions/{code}/renja.csv", Read),
        ("GET", "/codes/permendagri90", Public),
        ("GET", "/tentang", Public),
        ("GET", "/files/{id}", Read),
        ("GET", "/admin/regions/new", Admin),
        ("POST", "/admin/regions/new", Admin),
        ("GET", "/admin/cohorts", Admin),
        ("GET", "/admin/cohorts/new", Admin),
        ("POST", "/admin/cohorts/new", Admin),
        ("GET", "/admin/cohorts/{id}", Admin),
        ("POST", "/admin/cohorts/{id}/candidates", Admin),
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
        ("GET", "/api/v1/me/tasks", User),
        ("GET", "/api/v1/framework", User),
        ("GET", "/api/v1/cohorts", User),
        ("POST", "/api/v1/cohorts", Admin),
        ("GET", "/api/v1/cohorts/{id}/candidates", Admin),
        ("POST", "/api/v1/cohorts/{id}/candidates", Admin),
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
        ("GET", "/api/v1/regions/{code}/workshops", Read),
        ("POST", "/api/v1/regions/{code}/stages/{number}/actions", Decide),
        ("GET", "/api/v1/regions/{code}/mou", Read),
        ("PUT", "/api/v1/regions/{code}/mou", Manage),
        ("GET", "/api/v1/regions/{code}/editions", Read),
        ("GET", "/api/v1/regions/{code}/alignment", Read),
        ("GET", "/api/v1/regions/{code}/renja.xlsx", Read),
        // The matrix sends a JSON body: no table in it, refused (422) for those allowed.
        ("POST", "/api/v1/regions/{code}/rkpd", Unmet(&Manage)),
        ("GET", "/api/v1/regions/{code}/alignment.csv", Open),
        ("GET", "/api/v1/regions/{code}/alignment.json", Open),
        ("POST", "/api/v1/regions/{code}/editions/review", Unmet(&Manage)),
        ("GET", "/api/v1/regions/{code}/decrees", Read),
        ("GET", "/api/v1/regions/{code}/kawasan-members", Read),
        ("POST", "/api/v1/regions/{code}/kawasan-members", Unmet(&AdminOnRegion)),
        ("PUT", "/api/v1/regions/{code}/decrees/{body}", Manage),
        ("GET", "/api/v1/regions/{code}/audit", Audit),
        ("GET", "/api/v1/regions/{code}/readiness", Read),
        ("GET", "/api/v1/regions/{code}/problems", Read),
        ("GET", "/api/v1/regions/{code}/apps", Read),
        ("GET", "/api/v1/regions/{code}/datasets", Read),
        ("GET", "/api/v1/regions/{code}/data-yardstick", Read),
        ("GET", "/api/v1/regions/{code}/plan", Read),
        ("GET", "/api/v1/regions/{code}/programmes", Read),
        ("PUT", "/api/v1/regions/{code}/programmes/{id}/also-serves", OwnItem),
        ("GET", "/api/v1/regions/{code}/programmes.xlsx", Read),
        ("GET", "/api/v1/regions/{code}/checks", Read),
        ("GET", "/api/v1/regions/{code}/book.pdf", Read),
        ("GET", "/api/v1/regions/{code}/book/versions", Read),
        ("GET", "/api/v1/regions/{code}/evaluations", Read),
        ("GET", "/api/v1/national/summary", Admin),
        ("GET", "/api/v1/regions/{code}/monitoring", Read),
        ("GET", "/api/v1/regions/{code}/book/versions/{a}/diff/{b}", Read),
        ("GET", "/api/v1/codes/permendagri90", Public),
        ("GET", "/api/v1/areas/provinces", Public),
        ("GET", "/api/v1/areas/regencies", Public),
        ("GET", "/api/v1/areas/districts", Public),
        ("GET", "/api/v1/areas/villages", Public),
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
    if let Rule::Unmet(base) = rule {
        return match expected(*base, role, region) {
            Allowed => Refused,
            other => other,
        };
    }
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
        Rule::RunWorkshop => may(&["region_admin", "expert"]),
        Rule::PublishedOnly => Hidden,
        Rule::Unmet(_) => unreachable!("answered above"),
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
    /// The Dinkes OPD (the demo planner's): the owner the bodies name.
    dinkes: HashMap<&'static str, i64>,
    /// (name, short name) of the OPD that is edited: an edit keeps them, imports find OPDs by
    /// their short name.
    opd_names: HashMap<&'static str, (String, String)>,
    /// The region record as stored (its edit changes the population only).
    region_input: HashMap<&'static str, kotacerdas_domain::region::RegionInput>,
    /// An RPJMD period (for a new RPJMD item) and its mission (for a new vision item).
    rpjmd_period: HashMap<&'static str, i64>,
    mission: HashMap<&'static str, i64>,
    /// A programme register upload: the export's headers and one new Dinkes programme.
    programme_xlsx: HashMap<&'static str, Vec<u8>>,
    cohort: i64,
    user: i64,
    assignment: i64,
    /// Per region: a workshop of stage 2 held today, one of its agenda items, an invitee (a
    /// Dinkes head), a follow-up action owned by Dinkes.
    workshop: HashMap<&'static str, i64>,
    agenda: HashMap<&'static str, i64>,
    invitee: HashMap<&'static str, i64>,
    action: HashMap<&'static str, i64>,
}

/// The check-in link of OWN's fixture workshop (today, day 1).
const CHECKIN_TOKEN: &str = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";

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
        dinkes: HashMap::new(),
        opd_names: HashMap::new(),
        region_input: HashMap::new(),
        rpjmd_period: HashMap::new(),
        mission: HashMap::new(),
        programme_xlsx: HashMap::new(),
        cohort: kotacerdas_store::region::cohorts::list(&app.db).await.expect("cohorts")[0].cohort.id,
        user: 0,
        assignment: 0,
        workshop: HashMap::new(),
        agenda: HashMap::new(),
        invitee: HashMap::new(),
        action: HashMap::new(),
    };
    for code in [OWN, OTHER] {
        let r = regions::by_code(&app.db, code).await.expect("region");
        let first = opds::list(&app.db, r.id).await.expect("opds").remove(0);
        f.opd.insert(code, first.id);
        f.opd_names.insert(code, (first.name, first.short_name));
        f.region_input.insert(code, kotacerdas_domain::region::RegionInput::from(&r));
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
        f.dinkes.insert(code, dinkes);
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
                ..Default::default()
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
            ..Default::default()
        };
        let mission = kotacerdas_store::plan::add_item(&app.db, &sys, r.id, &mission).await.expect("mission");
        f.rpjmd_period.insert(code, period.id);
        f.mission.insert(code, mission.id);
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
        f.programme_xlsx.insert(code, programme_upload(app, r.id).await);
        if code == OTHER {
            // Stage 2 waits for a decision in OTHER too, as it does in OWN (the demo's), so the
            // programme office can decide it there. OTHER is PUBLISHED: its stages 1–3 were
            // approved before its book was submitted, so stage 2 is reopened and submitted again.
            use kotacerdas_domain::stage::StageAction as A;
            for (n, a) in [(2, A::Reopen), (2, A::Submit)] {
                kotacerdas_store::region::stages::act(&app.db, &sys, r.id, n, a, "").await.expect("stage step");
            }
        }
    }
    participation_fixture(app, &storage, &mut f).await;
    workshop_fixture(app, &mut f).await;
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

/// Per region: a workshop of stage 2 starting today with an agenda item, an invited Dinkes
/// head and an action owned by Dinkes; OWN's has a check-in link for today.
async fn workshop_fixture(app: &TestApp, f: &mut Fixture) {
    use kotacerdas_domain::workshop as w;
    use kotacerdas_store::workshops::{self, attendance, minutes};
    let sys = Actor::system("test");
    for code in [OWN, OTHER] {
        let r = regions::by_code(&app.db, code).await.expect("region");
        // Today where the region is: its check-in link is valid until the end of that day.
        let today = r.zone().today().to_string();
        let input = w::WorkshopInput {
            starts_on: today.clone(),
            venue: "Aula Uji".into(),
            mode: "in_person".into(),
            ..Default::default()
        };
        let ws = workshops::create(&app.db, &sys, r.id, 2, &input).await.expect("workshop");
        let a = w::AgendaInput { day: "1".into(), time: "09:00".into(), title: "Uji".into(), speaker: String::new() };
        f.agenda.insert(code, workshops::add_agenda(&app.db, &sys, r.id, ws.id, &a).await.expect("agenda").id);
        let i = w::InviteeInput {
            name: "Kepala Dinkes Uji".into(),
            opd_id: f.dinkes[code].to_string(),
            ..Default::default()
        };
        f.invitee.insert(code, attendance::invite(&app.db, &sys, r.id, ws.id, &i).await.expect("invitee").id);
        let act = w::ActionInput { text: "Uji".into(), opd_id: f.dinkes[code].to_string(), due_on: String::new() };
        f.action.insert(code, minutes::add_action(&app.db, &sys, r.id, ws.id, &act).await.expect("action").id);
        if code == OWN {
            attendance::issue_token(&app.db, &sys, &r, ws.id, 1, CHECKIN_TOKEN).await.expect("check-in link");
        }
        f.workshop.insert(code, ws.id);
    }
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
        // An adopted RKPD of 2030 with two Dinkes sub-activities; the first linked by hand to the
        // Dinkes programme (to undo), the second free (to link).
        let csv = "Kode;Nama Sub Kegiatan;Perangkat Daerah;Pagu\n\
                   1.02.02.2.01.0001;Uji satu;Dinas Kesehatan;1.000.000\n\
                   1.02.02.2.01.0002;Uji dua;Dinas Kesehatan;2.000.000\n";
        let reading = kotacerdas_store::alignment::import::read(csv.as_bytes().to_vec().into(), None, None)
            .await
            .expect("pool")
            .expect("readable");
        let imp = kotacerdas_store::alignment::import::apply(&app.db, &sys, r.id, 2030, "RKPD", "uji.csv", &reading)
            .await
            .expect("rkpd");
        let items = kotacerdas_store::alignment::items_of(&app.db, imp.id).await.expect("items");
        let kind = kotacerdas_domain::alignment::LinkKind::Manual;
        let link =
            kotacerdas_store::alignment::decide(&app.db, &sys, r.id, pid, items[0].id, kind).await.expect("link");
        f.items.insert((code, "alignment", "delete"), link.id);
        f.items.insert((code, "rkpd", "free"), items[1].id);
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
    crate::harness::approve_stages(&app.db, region_id).await;
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
    let id = if path.contains("/workshops/{id}") {
        f.workshop[code]
    } else if path.contains("/workshop-actions/{id}") {
        f.action[code]
    } else if path.contains("/quick-wins/{id}") {
        // Quick Win sheets and scores belong to a programme (the Dinkes one, never deleted).
        f.items[&(code, "programmes", "edit")]
    } else if let Some(kind) = item {
        // A data set's uses are removed from the data set kept for editing (the other one is
        // deleted by an earlier cell).
        let uses = path.contains("/datasets/{id}/programmes") || path.contains("/datasets/{id}/decisions");
        f.items[&(code, kind, if path.ends_with("/delete") && !uses { "delete" } else { "edit" })]
    } else if path.contains("/konsultasi/{id}") || path.contains("/consultations/{id}") {
        f.items[&(code, "consultations", "edit")]
    } else if path.contains("/masukan/{id}") || path.contains("/inputs/{id}") {
        f.items[&(code, "inputs", "edit")]
    } else if path.contains("/comments/{id}/moderate") {
        f.items[&(code, "comments", "edit")]
    } else if path.contains("/participation/links/{id}") {
        f.items[&(code, "links", "delete")]
    } else if path.contains("/alignment/links/{id}") {
        f.items[&(code, "alignment", "delete")]
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
    } else if path.starts_with("/admin/cohorts/{id}") || path.starts_with("/api/v1/cohorts/{id}") {
        f.cohort
    } else {
        f.user
    };
    // Comparing takes the two version numbers in the query.
    let query = if path.contains("/book/compare") {
        "?a=1&b=2"
    } else if path.ends_with("/areas/districts") {
        "?regency=32.73"
    } else if path.ends_with("/areas/villages") {
        "?district=327301"
    } else {
        ""
    };
    let path = path
        .replace("{what}/{rid}", &format!("agenda/{}", f.agenda[code]))
        .replace("{token}", CHECKIN_TOKEN)
        .replace("{code}", code)
        .replace("{number}", "2")
        .replace("{section}", if path.contains("/book/texts/") { "background" } else { "profile" })
        .replace("{year}", "2025")
        .replace("{a}", "1")
        .replace("{b}", "2")
        .replace("{what}", "vision")
        .replace("{body}", "dewan")
        .replace("{id}", &id.to_string())
        .replace("{aid}", &f.assignment.to_string())
        .replace("{did}", "1")
        .replace("{pid}", &f.items[&(code, "programmes", "edit")].to_string());
    format!("{path}{query}")
}

/// Owned form fields from literal pairs.
fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// The part of a region route after `/regions/{code}` (other routes whole).
fn route_tail(template: &str) -> &str {
    template.strip_prefix("/regions/{code}").unwrap_or(template)
}

/// A valid body for a form route in region `code`: what an allowed caller sends to succeed.
/// Within one role the cells run in table order, OWN before OTHER, so a body keeps what later
/// cells need (an edited OPD keeps its short name, a moderated input stays published, the
/// monitoring period stays open) and new records get names no other cell uses.
async fn form_for(app: &TestApp, template: &str, code: &'static str, f: &Fixture) -> Vec<(String, String)> {
    let dinkes = f.dinkes[code].to_string();
    let member = || {
        fields(&[
            ("body", "dewan"),
            ("name", "Anggota Uji Otorisasi"),
            ("position", "Ketua Forum"),
            ("institution", "Forum Warga"),
            ("helix", "community"),
            ("dimension_code", ""),
            ("opd_id", ""),
            ("sk_number", "9/SK/2024"),
            ("sk_date", "2024-05-02"),
        ])
    };
    let problem = |title: &str| {
        let mut v = fields(&[("element_code", "LIV-HE"), ("kind", "problem"), ("severity", "3"), ("title", title)]);
        v.push(("opd_id".into(), dinkes.clone()));
        v
    };
    let app_form = |name: &str| {
        let mut v = fields(&[
            ("name", name),
            ("purpose", "Layanan antrean puskesmas"),
            ("users", "Warga"),
            ("status", "active"),
            ("hosting", "pdd"),
        ]);
        v.push(("opd_id".into(), dinkes.clone()));
        v
    };
    let dataset = |name: &str| {
        let mut v = fields(&[("name", name), ("frequency", "monthly"), ("open", "ya"), ("element_code", "LIV-HE")]);
        v.push(("opd_id".into(), dinkes.clone()));
        v
    };
    let programme = |name: &str| {
        let mut v = fields(&[
            ("element_code", "LIV-HE"),
            ("name", name),
            ("description", "Program uji otorisasi"),
            ("horizon", "short"),
            ("start_year", "2030"),
            ("end_year", "2030"),
            ("target.2030", "Seluruh puskesmas terlayani"),
        ]);
        v.push(("opd_id".into(), dinkes.clone()));
        v
    };
    let criteria = kotacerdas_domain::quickwin::DEFAULT_CRITERIA;
    match route_tail(template) {
        "/login" => fields(&[("username", "tidak-ada"), ("password", "salah-sekali")]),
        "/lang" => fields(&[("lang", "id"), ("back", "/")]),
        "/account" => fields(&[("display_name", "Pengguna Uji Otorisasi"), ("email", "uji@contoh.go.id")]),
        "/account/password" => fields(&[("current", kotacerdas_demo::PASSWORD), ("password", "kata-sandi-baru-uji")]),
        // The region record as stored (the paths use its code), with a new population.
        "/edit" => {
            let r = &f.region_input[code];
            fields(&[
                ("code", r.code.as_str()),
                ("name", r.name.as_str()),
                ("kind", r.kind.as_str()),
                ("province", r.province.as_str()),
                ("population", "123456"),
                ("cohort_id", r.cohort_id.as_str()),
            ])
        }
        // Stage 2 is submitted in both regions (the fixture): a reviewer approves it.
        "/stages/{number}/action" => fields(&[("action", "approve"), ("comment", "Disetujui dalam uji otorisasi.")]),
        "/stages/{number}/comments" | "/sections/{section}/comments" => fields(&[("comment", "Catatan uji otorisasi")]),
        "/book/versions/{number}/action" => fields(&[("action", "comment"), ("comment", "Catatan uji otorisasi")]),
        "/stages/{number}/schedule" => fields(&[
            ("planned_start", "2024-06-10"),
            ("planned_end", "2024-06-11"),
            ("held_start", ""),
            ("held_end", ""),
        ]),
        "/stages/{number}/workshops/new" | "/workshops/{id}/edit" => {
            let today = kotacerdas_domain::region::TimeZone::Wita.today().to_string();
            vec![
                ("starts_on".into(), today),
                ("venue".into(), "Aula Uji Otorisasi".into()),
                ("mode".into(), "in_person".into()),
                ("status".into(), "planned".into()),
            ]
        }
        "/workshops/{id}/speakers" => fields(&[("name", "Narasumber Uji"), ("role", "other")]),
        "/workshops/{id}/agenda" => fields(&[("day", "1"), ("time", "10:00"), ("title", "Acara uji otorisasi")]),
        "/workshops/{id}/invitations" => fields(&[("name", "Undangan Uji"), ("unit_kind", "other")]),
        "/workshops/{id}/minutes" => fields(&[("summary", "Ringkasan uji"), ("decisions", "")]),
        "/workshops/{id}/actions" => fields(&[("text", "Tindak lanjut uji otorisasi")]),
        "/workshop-actions/{id}/status" => fields(&[("status", "done")]),
        "/workshops/{id}/attendance" => {
            vec![("day".into(), "1".into()), ("invitee".into(), f.invitee[code].to_string())]
        }
        "/workshops/{id}/room" => fields(&[("day", "1")]),
        "/hadir/{token}" => fields(&[("name", "Peserta Uji Otorisasi"), ("unit_kind", "other")]),
        "/opds/new" => fields(&[("name", "Dinas Uji Otorisasi"), ("short_name", "UJI"), ("code", "")]),
        "/opds/{id}/edit" => {
            let (name, short) = &f.opd_names[code];
            fields(&[("name", name.as_str()), ("short_name", short.as_str()), ("code", "UJI.1")])
        }
        "/members/new" | "/members/{id}/edit" => member(),
        "/readiness" => fields(&[("score.INF-TIK.GOV", "3"), ("note.INF-TIK.GOV", "Jaringan fiber sebagian")]),
        "/profile" => fields(&[("value.ipm.2025", "72,9"), ("source.ipm", "BPS 2026")]),
        "/profile/own" => {
            fields(&[("label", "Jumlah UMKM daring"), ("unit", "unit"), ("year", "2025"), ("value", "7.140")])
        }
        "/swot" => fields(&[("pillar_code", "STR"), ("kind", "strength"), ("dimension_code", ""), ("text", "Uji")]),
        "/institutions" => fields(&[("name", "Tim Uji Otorisasi"), ("institution_kind", "Tim koordinasi")]),
        "/problems/new" => problem("Masalah baru uji"),
        "/problems/{id}/edit" => problem("Masalah uji 1"),
        "/apps/new" => app_form("Aplikasi baru uji"),
        "/apps/{id}/edit" => app_form("Aplikasi uji 1"),
        "/datasets/new" => dataset("Data baru uji"),
        "/datasets/{id}/edit" => dataset("Data uji 1"),
        "/datasets/{id}/programmes" => {
            vec![("programme_id".into(), f.items[&(code, "programmes", "edit")].to_string())]
        }
        "/datasets/{id}/decisions" => {
            fields(&[("decided_on", "2024-05-02"), ("description", "Keputusan uji otorisasi")])
        }
        "/rpjmd/periods" => fields(&[
            ("kind", "rpjmd"),
            ("start_year", "2050"),
            ("end_year", "2054"),
            ("vision", "Visi uji otorisasi"),
            ("regulation", ""),
        ]),
        "/rpjmd/items" => {
            let mut v = fields(&[("level", "mission"), ("code", "MB"), ("text", "Misi uji otorisasi")]);
            v.push(("period_id".into(), f.rpjmd_period[code].to_string()));
            v
        }
        // The demo's start year: the programmes' years stay within the masterplan.
        "/vision" => fields(&[("start_year", "2025"), ("vision", "Visi cerdas uji"), ("explanation", "")]),
        "/vision/items" => {
            let mut v = fields(&[("level", "mission"), ("code", "VB"), ("text", "Misi cerdas uji")]);
            v.push(("plan_item_id".into(), f.mission[code].to_string()));
            v
        }
        "/programmes/new" => programme("Program baru uji"),
        "/programmes/{id}/edit" => programme("Program uji 1"),
        "/quick-wins/criteria" => criteria
            .iter()
            .enumerate()
            .flat_map(|(i, (c, name, _, w))| {
                [
                    (format!("criterion.{i}.code"), c.to_string()),
                    (format!("criterion.{i}.name"), name.to_string()),
                    (format!("criterion.{i}.weight"), w.to_string()),
                ]
            })
            .collect(),
        "/quick-wins/{id}/scores" => criteria.iter().map(|(c, ..)| (format!("score.{c}"), "4".to_string())).collect(),
        "/quick-wins/{id}/edit" => fields(&[
            ("selected", "on"),
            ("problem", "Antrean panjang"),
            ("solution", "Antrean daring"),
            ("owner", "Dinkes"),
            ("beneficiaries", "Pasien puskesmas"),
            ("start_date", "2030-02-01"),
            ("months", "6"),
            ("metric_name", "Waktu tunggu"),
            ("metric_unit", "menit"),
            ("metric_before", "90"),
            ("metric_target", "30"),
        ]),
        "/participation/consultations" => {
            let today = chrono::Utc::now().date_naive();
            vec![
                ("title".into(), "Konsultasi uji otorisasi".into()),
                ("opens_on".into(), today.to_string()),
                ("closes_on".into(), (today + chrono::Duration::days(30)).to_string()),
            ]
        }
        // Published (not hidden): the answer and link cells need a published input.
        "/participation/inputs/{id}/moderate" | "/participation/comments/{id}/moderate" => {
            fields(&[("decision", "publish"), ("reason", "")])
        }
        "/participation/inputs/{id}/answer" => {
            let mut v = fields(&[("answer", "Sudah dijadwalkan tahun depan.")]);
            v.push(("opd_id".into(), dinkes.clone()));
            v
        }
        "/participation/inputs/{id}/links" => {
            vec![("kind".into(), "problem".into()), ("ref_id".into(), f.items[&(code, "problems", "edit")].to_string())]
        }
        // A neighbour the programme is not shared with yet.
        "/programmes/{id}/shares" => fields(&[("partner", if code == OWN { "99.02" } else { "99.71" })]),
        "/shares/{id}/decide" => fields(&[("decision", "acknowledge"), ("note", "")]),
        "/alignment/decide" => vec![
            ("year".into(), "2030".into()),
            ("programme_id".into(), f.items[&(code, "programmes", "edit")].to_string()),
            ("item_id".into(), f.items[&(code, "rkpd", "free")].to_string()),
            ("kind".into(), "manual".into()),
        ],
        "/alignment/links/{id}/delete" => fields(&[("year", "2030")]),
        "/alignment/import/apply" => {
            fields(&[("action", "check"), ("col_code", "0"), ("col_name", "1"), ("col_opd", "2"), ("col_pagu", "3")])
        }
        "/evaluations/{year}/scores" => fields(&[
            ("score.baseline", "3"),
            ("score.output", "4"),
            ("score.impact", "3,5"),
            // Valid however far 3,5 stands from the region's survey mean (the suggestion).
            ("reason.impact", "Survei belum mewakili warga perdesaan"),
            ("score.quick_win", "4"),
            ("note.output", "Perda terbit"),
            ("strengths", "Data terpadu"),
            ("weaknesses", ""),
            ("recommendations", "Perluas layanan"),
        ]),
        "/evaluations/{year}/survey" => survey_questions(app)
            .await
            .into_iter()
            .flat_map(|q| (1..=5).map(move |level| (format!("n.{}.{level}", q.id), (level * 2).to_string())))
            .collect(),
        "/monitoring/periods" => fields(&[("year", "2031"), ("quarter", ""), ("due_date", "2032-01-31")]),
        // Kept open: the report cell after it reports in this period.
        "/monitoring/periods/{id}/lock" => fields(&[("locked", "0")]),
        "/book/texts/{section}" => fields(&[("lang", "id"), ("narrative", "Latar belakang uji otorisasi.")]),
        "/book/versions" => fields(&[("version_label", "Versi uji otorisasi")]),
        "/checks/limit" => fields(&[("apbd_share_limit", "5")]),
        "/publik/{code}/masukan/{id}/komentar" => fields(&[("name", "Warga Uji"), ("comment", "Setuju sekali")]),
        "/evaluations" => fields(&[("year", "2031"), ("round_title", "Evaluasi uji 2031")]),
        "/evaluations/{year}/config" => {
            let mut v: Vec<(String, String)> = kotacerdas_domain::evaluation::DEFAULT_WEIGHTS
                .iter()
                .map(|(p, w)| (format!("weight.{}", p.as_str()), w.to_string()))
                .collect();
            // The round's questions as they are (matched by position, so tallies keep theirs).
            let questions: Vec<String> = survey_questions(app).await.into_iter().map(|q| q.text).collect();
            v.push(("questions".into(), questions.join("\n")));
            v
        }
        "/admin/regions/new" => fields(&[
            ("code", "99.80"),
            ("name", "Kota Uji Baru"),
            ("kind", "kota"),
            ("province", "Nusantara Jaya"),
            ("population", "50000"),
            ("cohort_id", ""),
        ]),
        "/admin/cohorts/new" => fields(&[("year", "2031"), ("name", "Angkatan uji 2031"), ("notes", "")]),
        "/admin/cohorts/{id}/edit" => fields(&[("year", "2032"), ("name", "Angkatan uji 2032"), ("notes", "")]),
        "/kawasan" => {
            let r = regions::by_code(&app.db, OTHER).await.expect("region");
            fields(&[("region_id", &r.id.to_string())])
        }
        "/admin/cohorts/{id}/candidates" => {
            let r = regions::by_code(&app.db, OTHER).await.expect("region");
            fields(&[("region_id", &r.id.to_string()), ("score", "60"), ("decision", "pending"), ("notes", "")])
        }
        "/admin/users/new" => fields(&[
            ("username", "pengguna.uji"),
            ("display_name", "Pengguna Uji"),
            ("email", ""),
            ("password", "kata-sandi-pengguna-uji"),
        ]),
        "/admin/users/{id}/roles" => fields(&[("role", "expert"), ("region_code", OTHER), ("opd_id", "")]),
        "/admin/users/{id}/disable" => fields(&[("disabled", "true")]),
        "/admin/users/{id}/password" => fields(&[("password", "kata-sandi-reset-uji")]),
        "/admin/programme" => {
            fields(&[("name", "Gerakan Menuju Smart City"), ("ministry_name", "Kementerian Komunikasi dan Digital")])
        }
        // Deletions, closing, withdrawing, supporting, applying an import and signing out carry
        // no fields.
        _ => Vec::new(),
    }
}

/// The survey questions of the evaluation round the paths name ({year} = 2025).
async fn survey_questions(app: &TestApp) -> Vec<kotacerdas_store::entity::survey_question::Model> {
    let round = kotacerdas_store::evaluation::round(&app.db, 2025).await.expect("round 2025");
    kotacerdas_store::evaluation::questions_of(&app.db, round.id).await.expect("questions")
}

/// The routes whose forms are multipart (they carry files); their CSRF token goes in the query.
const MULTIPART: [&str; 13] = [
    "/alignment/import",
    "/workshops/{id}/materials",
    "/mou",
    "/decrees/{body}",
    "/readiness/evidence",
    "/regulations",
    "/inventory/import",
    "/programmes/import",
    "/book/logo",
    "/book/versions/{number}/enact",
    "/monitoring/periods/{id}/programmes/{pid}",
    "/evaluations/{year}/self",
    "/publik/{code}/konsultasi/{id}",
];

const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";

/// A valid multipart body for a route of [`MULTIPART`] in region `code`.
fn multipart_for(template: &str, code: &'static str, f: &Fixture) -> reqwest::multipart::Form {
    use reqwest::multipart::{Form, Part};
    let text =
        |pairs: &[(&str, &str)]| pairs.iter().fold(Form::new(), |form, (k, v)| form.text(k.to_string(), v.to_string()));
    let file = |data: Vec<u8>, name: &str| Part::bytes(data).file_name(name.to_string());
    match route_tail(template) {
        "/mou" => text(&[("number", "2/NK/2024"), ("signed_on", "2024-03-04"), ("notes", "Perpanjangan")]),
        "/decrees/{body}" => text(&[("number", "188/5/2024"), ("issued_on", "2024-03-05"), ("notes", "")])
            .part("file", file(PDF.to_vec(), "sk-dewan.pdf")),
        // The fixture scores no cell; the readiness cell before this one scores INF-TIK.GOV.
        "/readiness/evidence" => text(&[("cell", "INF-TIK.GOV")]).part("file", file(PDF.to_vec(), "bukti.pdf")),
        "/regulations" => text(&[
            ("kind", "perda"),
            ("number", "5"),
            ("year", "2024"),
            ("title", "Penyelenggaraan Kota Cerdas"),
            ("status", "in_force"),
            ("url", ""),
        ]),
        "/inventory/import" => Form::new().part("file", file(inventory_upload(), "inventaris.xlsx")),
        "/alignment/import" => text(&[("year", "2030"), ("label", "RKPD")]).part(
            "file",
            file(
                b"Kode;Nama Sub Kegiatan;Perangkat Daerah;Pagu\n1.02.02.2.01.0009;Uji;Dinas Kesehatan;5.000\n".to_vec(),
                "rkpd.csv",
            ),
        ),
        "/programmes/import" => Form::new().part("file", file(f.programme_xlsx[code].clone(), "program.xlsx")),
        "/book/logo" => Form::new().part("logo", file(tiny_png(), "logo.png")),
        "/book/versions/{number}/enact" => text(&[
            ("regulation_type", "perda"),
            ("regulation_number", "3 Tahun 2025"),
            ("regulation_date", "2025-06-01"),
        ])
        .part("scan", file(PDF.to_vec(), "perda.pdf")),
        "/monitoring/periods/{id}/programmes/{pid}" => {
            text(&[("status", "on_track"), ("budget_realised", "1.000.000"), ("narrative", "Berjalan sesuai rencana")])
        }
        "/evaluations/{year}/self" => text(&[
            ("score.baseline", "3"),
            ("score.output", "4"),
            ("score.impact", "3,5"),
            ("score.quick_win", "4"),
            ("note.output", "Perda terbit"),
        ]),
        "/workshops/{id}/materials" => text(&[("title", "Materi uji")]).part("file", file(PDF.to_vec(), "materi.pdf")),
        "/publik/{code}/konsultasi/{id}" => text(&[
            ("kind", "proposal"),
            ("title", "Taman baca digital"),
            ("body", "Mohon taman baca dengan wifi di tiap kelurahan."),
            ("dimension_code", "GOV"),
        ]),
        other => panic!("no multipart body for {other}"),
    }
}

/// An inventory workbook with one new Dinkes data set and no apps.
fn inventory_upload() -> Vec<u8> {
    use kotacerdas_store::analysis::inventory_xlsx::{APP_COLUMNS, APP_SHEET, DATA_COLUMNS, DATA_SHEET};
    write_book(&[
        (DATA_SHEET, vec![DATA_COLUMNS.to_vec(), vec!["Data impor uji", "Dinkes", "monthly", "ya", "LIV-HE"]]),
        (APP_SHEET, vec![APP_COLUMNS.to_vec()]),
    ])
}

/// A programme register upload for the region: the headers of its export's three sheets and one
/// new Dinkes programme (an OPD planner may import their own OPD's rows only).
async fn programme_upload(app: &TestApp, region_id: i64) -> Vec<u8> {
    use calamine::Reader;
    use kotacerdas_store::plan::programme_xlsx::{self, KPI_SHEET, PROGRAMME_SHEET, YEAR_SHEET};
    let export = programme_xlsx::export_xlsx(&app.db, region_id).await.expect("export");
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(export)).expect("the export is a workbook");
    let mut header = |sheet: &str| -> Vec<String> {
        let range = wb.worksheet_range(sheet).expect("sheet");
        range.rows().next().expect("header row").iter().map(|c| c.to_string()).collect()
    };
    let (programme, years, kpis) = (header(PROGRAMME_SHEET), header(YEAR_SHEET), header(KPI_SHEET));
    let row: Vec<String> = programme
        .iter()
        .map(|h| match h.as_str() {
            "opd" => "Dinkes",
            "elemen" => "LIV-HE",
            "nama" => "Program impor uji",
            "deskripsi" => "Program dari unggahan uji otorisasi",
            "horizon" => "short",
            "tahun_mulai" | "tahun_selesai" => "2030",
            _ => "",
        })
        .map(str::to_string)
        .collect();
    fn refs(r: &[String]) -> Vec<&str> {
        r.iter().map(String::as_str).collect()
    }
    write_book(&[
        (PROGRAMME_SHEET, vec![refs(&programme), refs(&row)]),
        (YEAR_SHEET, vec![refs(&years)]),
        (KPI_SHEET, vec![refs(&kpis)]),
    ])
}

/// A workbook of text cells: (sheet, rows).
fn write_book(sheets: &[(&str, Vec<Vec<&str>>)]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet().set_name(*name).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r as u32, c as u16, *v).expect("cell");
            }
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

/// A valid JSON body for an API route that takes one, in region `code`, from `username`.
fn json_for(template: &str, username: Option<&str>) -> serde_json::Value {
    use serde_json::json;
    match template {
        "/api/v1/auth/token" => {
            json!({"username": username.unwrap_or("program"), "password": kotacerdas_demo::PASSWORD})
        }
        "/api/v1/cohorts" => json!({"year": "2033", "name": "Angkatan uji API", "notes": ""}),
        "/api/v1/regions" => json!({
            "code": "99.81", "name": "Kota Uji API", "kind": "kota", "province": "Nusantara Jaya",
            "population": "60000", "cohort_id": ""
        }),
        "/api/v1/regions/{code}/opds" => json!({"name": "Dinas Uji API", "short_name": "UJIAPI", "code": ""}),
        "/api/v1/regions/{code}/members" => json!({
            "body": "tim", "name": "Anggota Tim API", "position": "Sekretaris", "institution": "",
            "helix": "", "dimension_code": "GOV", "opd_id": "", "sk_number": "10/SK/2024", "sk_date": "2024-05-03"
        }),
        // The page's reviewer approved stage 2 a few cells before; the API's reopens it.
        "/api/v1/regions/{code}/stages/{number}/actions" => json!({"action": "reopen", "comment": ""}),
        "/api/v1/regions/{code}/mou" => json!({"number": "3/NK/2024", "signed_on": "2024-03-04", "notes": ""}),
        "/api/v1/regions/{code}/editions/review" => json!({"reason": "Tinjauan lima tahun", "start_year": "2030"}),
        // Not a table: the import reads the body as a file and refuses it (422).
        "/api/v1/regions/{code}/rkpd" => json!({"bukan": "tabel"}),
        "/api/v1/regions/{code}/decrees/{body}" => json!({"number": "188/6/2024", "issued_on": "2024-03-06"}),
        // The first demo region, screened and left pending (its cohort stays as it is).
        "/api/v1/cohorts/{id}/candidates" => json!({"region_id": 1, "score": 55, "decision": "pending"}),
        "/api/v1/regions/{code}/kawasan-members" => json!({"region_id": 1}),
        // The fixture's programme is LIV-HE: a further element of another dimension.
        "/api/v1/regions/{code}/programmes/{id}/also-serves" => json!({"also_serves": ["SOC-CO"]}),
        other => panic!("no JSON body for {other}"),
    }
}

struct Caller {
    role: &'static str,
    username: Option<&'static str>,
    browser: harness::Browser,
    token: Option<String>,
}

async fn call(
    app: &TestApp,
    c: &Caller,
    f: &Fixture,
    method: &str,
    path: &str,
    template: &str,
    code: &'static str,
) -> (StatusCode, Option<String>, String) {
    let url = format!("{}{path}", app.base);
    let client = &c.browser.client;
    let csrf = &c.browser.csrf;
    let resp = if template.starts_with("/api/") {
        let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = reqwest::Client::new().request(m, &url);
        if let Some(t) = &c.token {
            req = req.bearer_auth(t);
        }
        if method != "GET" {
            req = req.json(&json_for(template, c.username));
        }
        req.send().await.expect("api call")
    } else if method == "GET" {
        client.get(&url).send().await.expect("GET")
    } else if MULTIPART.iter().any(|e| route_tail(template) == *e) {
        let form = multipart_for(template, code, f);
        client.post(format!("{url}?_csrf={csrf}")).multipart(form).send().await.expect("multipart")
    } else {
        if let Some(import) = path.strip_suffix("/apply").filter(|_| template.ends_with("/programmes/import/apply")) {
            // Applying takes the file of this session's last dry run in the region: upload it
            // first (refused alike for those who may not import).
            let form = multipart_for("/regions/{code}/programmes/import", code, f);
            client.post(format!("{}{import}?_csrf={csrf}", app.base)).multipart(form).send().await.expect("dry run");
        }
        let mut all = vec![("_csrf".to_string(), csrf.clone())];
        all.extend(form_for(app, template, code, f).await);
        client.post(&url).form(&all).send().await.expect("POST")
    };
    let location = resp.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string);
    let status = resp.status();
    (status, location, resp.text().await.unwrap_or_default())
}

/// What an answer says about why it was refused, for the failure report: a page's error
/// summary or heading, a JSON body, shortened.
fn why(body: &str) -> String {
    let html = body.find("class=\"error-summary\"").or_else(|| body.find("<h1")).map(|i| &body[i..]);
    let text = match html {
        Some(h) => {
            let end = h.find("</ul>").or_else(|| h.find("</h1>")).unwrap_or(h.len());
            let mut out = String::new();
            let mut in_tag = false;
            for ch in h[..end].chars() {
                match ch {
                    '<' => in_tag = true,
                    '>' => {
                        in_tag = false;
                        out.push(' ');
                    }
                    c if !in_tag => out.push(c),
                    _ => {}
                }
            }
            out.split_whitespace().collect::<Vec<_>>().join(" ")
        }
        None if body.starts_with('{') => body.to_string(),
        None => String::new(),
    };
    text.chars().take(300).collect()
}

fn matches(expect: Expect, api: bool, status: StatusCode, location: Option<&str>) -> bool {
    let to_login = status == StatusCode::SEE_OTHER && location.is_some_and(|l| l.starts_with("/login"));
    match expect {
        Expect::Allowed => status.is_success() || (status.is_redirection() && !to_login && !api),
        Expect::Answered => status.as_u16() < 500 && !matches!(status.as_u16(), 403 | 404),
        Expect::Refused => matches!(status.as_u16(), 409 | 422),
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
        let caller = Caller { role, username, browser, token };
        // A new password ends the account's API tokens, and signing out ends the session the
        // other cells use: both come last.
        let mut rows = table();
        rows.sort_by_key(|(m, p, _)| match (*m, *p) {
            ("POST", "/account/password") => 1,
            ("POST", "/logout") => 2,
            _ => 0,
        });
        for (method, template, rule) in rows {
            let scoped = template.contains("{code}") || template.starts_with("/files/");
            let regions: Vec<Option<&'static str>> = if scoped { vec![Some(OWN), Some(OTHER)] } else { vec![None] };
            for region in regions {
                let path = concrete(template, region, &f);
                let exp = expected(rule, caller.role, region);
                let (status, location, body) =
                    call(&app, &caller, &f, method, &path, template, region.unwrap_or(OWN)).await;
                cells += 1;
                if !matches(exp, template.starts_with("/api/"), status, location.as_deref()) {
                    failures.push(format!(
                        "{method} {template} as {role} on {}: expected {exp:?}, got {status} {} {}",
                        region.map(|r| if r == OWN { "own region" } else { "other region" }).unwrap_or("-"),
                        location.unwrap_or_default(),
                        why(&body)
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
