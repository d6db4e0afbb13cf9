//! Every route of the application in one table. The router is built from it, and the
//! authorization test reads the same table, so a route added without an expectation fails.

use crate::api::{self, opendata as od};
use crate::views::accounts::{account, users};
use crate::views::analysis::{inventory, policies, problems, profile, readiness, swot};
use crate::views::book::{document, page as book, sections, versions as book_versions};
use crate::views::national::{dashboard as national, settings};
use crate::views::participation::{citizen, portal, staff as participation};
use crate::views::plan::{
    checks, codes, programme_form, programme_import, programmes, quickwins, roadmap, rpjmd as plan, shares,
};
use crate::views::region::{cohorts, members, opds, regions as region, stages};
use crate::views::{self, apidocs, audit, evaluation, monitoring};
use crate::AppState;
use axum::response::IntoResponse;
use axum::routing::{get, post, put, MethodRouter};
use axum::Router;

/// One route: method, path template, handler.
pub struct RouteDef {
    pub method: &'static str,
    pub path: &'static str,
    pub handler: MethodRouter<AppState>,
}

fn r(method: &'static str, path: &'static str, handler: MethodRouter<AppState>) -> RouteDef {
    RouteDef { method, path, handler }
}

pub fn table() -> Vec<RouteDef> {
    vec![
        // infrastructure and assets
        r("GET", "/healthz", get(views::healthz)),
        r("GET", "/metrics", get(crate::metrics::endpoint)),
        r("GET", "/static/app.css", get(views::stylesheet)),
        r("GET", "/static/app.js", get(views::script)),
        r("GET", "/static/favicon.svg", get(views::favicon)),
        // session
        r("GET", "/", get(views::tasks::home)),
        r("GET", "/login", get(account::login_form)),
        r("POST", "/login", post(account::login)),
        r("POST", "/logout", post(account::logout)),
        r("POST", "/lang", post(account::switch_lang)),
        r("GET", "/account", get(account::account)),
        r("POST", "/account", post(account::account_save)),
        r("POST", "/account/password", post(account::password_change)),
        // regions
        r("GET", "/regions", get(region::overview)),
        r("GET", "/regions/{code}", get(region::workspace)),
        r("GET", "/regions/{code}/edit", get(region::edit_form)),
        r("POST", "/regions/{code}/edit", post(region::update)),
        r("GET", "/regions/{code}/mou", get(region::mou_form)),
        r("POST", "/regions/{code}/mou", post(region::mou_save)),
        r("GET", "/regions/{code}/stages/{number}", get(stages::show)),
        r("POST", "/regions/{code}/stages/{number}/action", post(stages::act)),
        r("POST", "/regions/{code}/stages/{number}/comments", post(stages::comment)),
        r("GET", "/regions/{code}/stages/{number}/schedule", get(stages::schedule_form)),
        r("POST", "/regions/{code}/stages/{number}/schedule", post(stages::schedule_save)),
        r("GET", "/regions/{code}/opds", get(opds::list)),
        r("GET", "/regions/{code}/opds/new", get(opds::new_form)),
        r("POST", "/regions/{code}/opds/new", post(opds::create)),
        r("GET", "/regions/{code}/opds/{id}/edit", get(opds::edit_form)),
        r("POST", "/regions/{code}/opds/{id}/edit", post(opds::update)),
        r("POST", "/regions/{code}/opds/{id}/delete", post(opds::delete)),
        r("GET", "/regions/{code}/members", get(members::list)),
        r("GET", "/regions/{code}/members/new", get(members::new_form)),
        r("POST", "/regions/{code}/members/new", post(members::create)),
        r("GET", "/regions/{code}/members/{id}/edit", get(members::edit_form)),
        r("POST", "/regions/{code}/members/{id}/edit", post(members::update)),
        r("POST", "/regions/{code}/members/{id}/delete", post(members::delete)),
        r("GET", "/regions/{code}/audit", get(audit::region_log)),
        r("GET", "/regions/{code}/readiness", get(readiness::show)),
        r("POST", "/regions/{code}/readiness", post(readiness::save)),
        r("POST", "/regions/{code}/readiness/evidence", post(readiness::upload_evidence)),
        r("GET", "/regions/{code}/profile", get(profile::show)),
        r("POST", "/regions/{code}/profile", post(profile::save)),
        r("POST", "/regions/{code}/profile/own", post(profile::add_own)),
        r("GET", "/regions/{code}/swot", get(swot::show)),
        r("POST", "/regions/{code}/swot", post(swot::add)),
        r("POST", "/regions/{code}/swot/{id}/delete", post(swot::delete)),
        r("GET", "/regions/{code}/policies", get(policies::show)),
        r("POST", "/regions/{code}/regulations", post(policies::add_regulation)),
        r("POST", "/regions/{code}/regulations/{id}/delete", post(policies::delete_regulation)),
        r("POST", "/regions/{code}/institutions", post(policies::add_institution)),
        r("POST", "/regions/{code}/institutions/{id}/delete", post(policies::delete_institution)),
        r("POST", "/regions/{code}/sections/{section}/comments", post(sections::comment)),
        r("GET", "/regions/{code}/problems", get(problems::list)),
        r("GET", "/regions/{code}/problems/new", get(problems::new_form)),
        r("POST", "/regions/{code}/problems/new", post(problems::create)),
        r("GET", "/regions/{code}/problems/{id}/edit", get(problems::edit_form)),
        r("POST", "/regions/{code}/problems/{id}/edit", post(problems::update)),
        r("POST", "/regions/{code}/problems/{id}/delete", post(problems::delete)),
        r("GET", "/regions/{code}/inventory", get(inventory::show)),
        r("GET", "/regions/{code}/inventory.xlsx", get(inventory::export)),
        r("POST", "/regions/{code}/inventory/import", post(inventory::import)),
        r("GET", "/regions/{code}/apps/new", get(inventory::app_new)),
        r("POST", "/regions/{code}/apps/new", post(inventory::app_create)),
        r("GET", "/regions/{code}/apps/{id}/edit", get(inventory::app_edit)),
        r("POST", "/regions/{code}/apps/{id}/edit", post(inventory::app_update)),
        r("POST", "/regions/{code}/apps/{id}/delete", post(inventory::app_delete)),
        r("GET", "/regions/{code}/datasets/new", get(inventory::dataset_new)),
        r("POST", "/regions/{code}/datasets/new", post(inventory::dataset_create)),
        r("GET", "/regions/{code}/datasets/{id}/edit", get(inventory::dataset_edit)),
        r("POST", "/regions/{code}/datasets/{id}/edit", post(inventory::dataset_update)),
        r("POST", "/regions/{code}/datasets/{id}/delete", post(inventory::dataset_delete)),
        r("GET", "/regions/{code}/rpjmd", get(plan::rpjmd)),
        r("POST", "/regions/{code}/rpjmd/periods", post(plan::add_period)),
        r("POST", "/regions/{code}/rpjmd/items", post(plan::add_item)),
        r("GET", "/regions/{code}/vision", get(plan::vision)),
        r("POST", "/regions/{code}/vision", post(plan::save_masterplan)),
        r("POST", "/regions/{code}/vision/items", post(plan::add_vision_item)),
        r("POST", "/regions/{code}/plan/{what}/{id}/delete", post(plan::delete)),
        r("GET", "/regions/{code}/programmes", get(programmes::list)),
        r("GET", "/regions/{code}/budget", get(programmes::budget)),
        r("GET", "/regions/{code}/programmes/new", get(programme_form::new_form)),
        r("POST", "/regions/{code}/programmes/new", post(programme_form::create)),
        r("GET", "/regions/{code}/programmes/{id}", get(programmes::show)),
        r("GET", "/regions/{code}/programmes/{id}/edit", get(programme_form::edit_form)),
        r("POST", "/regions/{code}/programmes/{id}/edit", post(programme_form::update)),
        r("POST", "/regions/{code}/programmes/{id}/delete", post(programme_form::delete)),
        r("GET", "/regions/{code}/programmes/export", get(programme_import::export)),
        r("GET", "/regions/{code}/programmes/import", get(programme_import::form)),
        r("POST", "/regions/{code}/programmes/import", post(programme_import::dry_run)),
        r("POST", "/regions/{code}/programmes/import/apply", post(programme_import::apply)),
        r("GET", "/regions/{code}/quick-wins", get(quickwins::page)),
        r("POST", "/regions/{code}/quick-wins/criteria", post(quickwins::save_criteria)),
        r("POST", "/regions/{code}/quick-wins/{id}/scores", post(quickwins::save_scores)),
        r("GET", "/regions/{code}/quick-wins/{id}", get(quickwins::sheet)),
        r("GET", "/regions/{code}/quick-wins/{id}/edit", get(quickwins::edit_sheet)),
        r("POST", "/regions/{code}/quick-wins/{id}/edit", post(quickwins::save_sheet)),
        r("GET", "/regions/{code}/roadmap", get(roadmap::page)),
        r("GET", "/regions/{code}/book.pdf", get(document::book_pdf)),
        r("GET", "/regions/{code}/book.docx", get(document::book_docx)),
        r("GET", "/regions/{code}/book", get(book::page)),
        r("GET", "/regions/{code}/monitoring", get(monitoring::page)),
        r("GET", "/publik/{code}/pemantauan", get(monitoring::public)),
        // public portal and citizen participation (no account)
        r("GET", "/publik", get(portal::index)),
        r("GET", "/publik/{code}", get(portal::region_page)),
        r("GET", "/publik/{code}/buku.pdf", get(portal::book_pdf)),
        r("GET", "/publik/{code}/konsultasi", get(citizen::current)),
        r("GET", "/publik/{code}/konsultasi/{id}", get(citizen::consultation)),
        r("POST", "/publik/{code}/konsultasi/{id}", post(citizen::submit)),
        r("GET", "/publik/{code}/masukan/{id}", get(citizen::input)),
        r("GET", "/publik/{code}/masukan/{id}/foto", get(citizen::photo)),
        r("POST", "/publik/{code}/masukan/{id}/dukung", post(citizen::support)),
        r("POST", "/publik/{code}/masukan/{id}/komentar", post(citizen::comment)),
        // the region's side of participation, and shared programmes
        r("GET", "/regions/{code}/participation", get(participation::overview)),
        r("POST", "/regions/{code}/participation/consultations", post(participation::create_consultation)),
        r("POST", "/regions/{code}/participation/consultations/{id}/close", post(participation::close_consultation)),
        r("POST", "/regions/{code}/participation/inputs/{id}/moderate", post(participation::moderate_input)),
        r("POST", "/regions/{code}/participation/comments/{id}/moderate", post(participation::moderate_comment)),
        r("GET", "/regions/{code}/participation/inputs/{id}", get(participation::input)),
        r("POST", "/regions/{code}/participation/inputs/{id}/answer", post(participation::answer)),
        r("POST", "/regions/{code}/participation/inputs/{id}/links", post(participation::add_link)),
        r("POST", "/regions/{code}/participation/links/{id}/delete", post(participation::remove_link)),
        r("POST", "/regions/{code}/programmes/{id}/shares", post(shares::invite)),
        r("POST", "/regions/{code}/shares/{id}/decide", post(shares::decide)),
        r("POST", "/regions/{code}/shares/{id}/withdraw", post(shares::withdraw)),
        r("GET", "/national", get(national::page)),
        r("GET", "/national.csv", get(national::csv)),
        r("GET", "/national.xlsx", get(national::xlsx)),
        r("GET", "/evaluations", get(evaluation::rounds)),
        r("POST", "/evaluations", post(evaluation::create_round)),
        r("GET", "/evaluations/{year}", get(evaluation::round)),
        r("POST", "/evaluations/{year}/config", post(evaluation::configure)),
        r("GET", "/regions/{code}/evaluations", get(evaluation::history)),
        r("GET", "/regions/{code}/evaluations/{year}", get(evaluation::show)),
        r("POST", "/regions/{code}/evaluations/{year}/self", post(evaluation::save_self)),
        r("POST", "/regions/{code}/evaluations/{year}/scores", post(evaluation::save_scores)),
        r("POST", "/regions/{code}/evaluations/{year}/survey", post(evaluation::save_survey)),
        r("GET", "/regions/{code}/evaluations/{year}/letter.pdf", get(evaluation::letter)),
        r("GET", "/regions/{code}/monitoring/my", get(monitoring::my)),
        r("GET", "/regions/{code}/monitoring/periods", get(monitoring::periods)),
        r("POST", "/regions/{code}/monitoring/periods", post(monitoring::add_period)),
        r("POST", "/regions/{code}/monitoring/periods/{id}/lock", post(monitoring::lock)),
        r("GET", "/regions/{code}/monitoring/periods/{id}/programmes/{pid}", get(monitoring::report_form)),
        r("POST", "/regions/{code}/monitoring/periods/{id}/programmes/{pid}", post(monitoring::report_save)),
        r("GET", "/regions/{code}/book/texts/{section}", get(book::text_edit)),
        r("POST", "/regions/{code}/book/texts/{section}", post(book::text_save)),
        r("POST", "/regions/{code}/book/logo", post(book::logo_save)),
        r("POST", "/regions/{code}/book/versions", post(book_versions::freeze)),
        r("GET", "/regions/{code}/book/versions/{number}", get(book_versions::show)),
        r("POST", "/regions/{code}/book/versions/{number}/action", post(book_versions::act)),
        r("POST", "/regions/{code}/book/versions/{number}/enact", post(book_versions::enact)),
        r("GET", "/regions/{code}/book/compare", get(book_versions::compare)),
        r("GET", "/regions/{code}/book/compare.xlsx", get(book_versions::compare_xlsx)),
        r("GET", "/regions/{code}/checks", get(checks::page)),
        r("POST", "/regions/{code}/checks/limit", post(checks::set_limit)),
        r("GET", "/codes/permendagri90", get(codes::page)),
        r("GET", "/files/{id}", get(region::download)),
        // programme office
        r("GET", "/admin/regions/new", get(region::new_form)),
        r("POST", "/admin/regions/new", post(region::create)),
        r("GET", "/admin/cohorts", get(cohorts::cohorts)),
        r("GET", "/admin/cohorts/new", get(cohorts::cohort_new)),
        r("POST", "/admin/cohorts/new", post(cohorts::cohort_create)),
        r("GET", "/admin/cohorts/{id}/edit", get(cohorts::cohort_edit)),
        r("POST", "/admin/cohorts/{id}/edit", post(cohorts::cohort_update)),
        r("GET", "/admin/users", get(users::users_list)),
        r("GET", "/admin/users/new", get(users::user_new)),
        r("POST", "/admin/users/new", post(users::user_create)),
        r("GET", "/admin/users/{id}", get(users::user_show)),
        r("POST", "/admin/users/{id}/roles", post(users::role_add)),
        r("POST", "/admin/users/{id}/roles/{aid}/delete", post(users::role_remove)),
        r("POST", "/admin/users/{id}/disable", post(users::user_disable)),
        r("POST", "/admin/users/{id}/password", post(users::user_password)),
        r("GET", "/admin/programme", get(settings::programme_form)),
        r("POST", "/admin/programme", post(settings::programme_save)),
        r("GET", "/admin/audit", get(audit::national_log)),
        // JSON API
        r("GET", "/api/v1/openapi.json", get(api::openapi)),
        r("POST", "/api/v1/auth/token", post(api::token)),
        r("GET", "/api/v1/me", get(api::me)),
        r("GET", "/api/v1/me/tasks", get(api::tasks::my_tasks)),
        r("GET", "/api/v1/framework", get(api::framework::framework)),
        r("GET", "/api/v1/cohorts", get(api::region::cohorts::list_cohorts)),
        r("POST", "/api/v1/cohorts", post(api::region::cohorts::create_cohort)),
        r("GET", "/api/v1/users", get(api::accounts::list_users)),
        r("GET", "/api/v1/regions", get(api::region::regions::list_regions)),
        r("POST", "/api/v1/regions", post(api::region::regions::create_region)),
        r("GET", "/api/v1/regions/{code}", get(api::region::regions::get_region)),
        r("GET", "/api/v1/regions/{code}/opds", get(api::region::opds::list_opds)),
        r("POST", "/api/v1/regions/{code}/opds", post(api::region::opds::create_opd)),
        r("GET", "/api/v1/regions/{code}/opds/{id}", get(api::region::opds::get_opd)),
        r("GET", "/api/v1/regions/{code}/members", get(api::region::members::list_members)),
        r("POST", "/api/v1/regions/{code}/members", post(api::region::members::create_member)),
        r("GET", "/api/v1/regions/{code}/stages", get(api::region::stages::list_stages)),
        r("POST", "/api/v1/regions/{code}/stages/{number}/actions", post(api::region::stages::stage_action)),
        r("GET", "/api/v1/regions/{code}/mou", get(api::region::mou::get_mou)),
        r("PUT", "/api/v1/regions/{code}/mou", put(api::region::mou::put_mou)),
        r("GET", "/api/v1/regions/{code}/audit", get(api::audit::region_audit)),
        r("GET", "/api/v1/regions/{code}/readiness", get(api::analysis::readiness::get_readiness)),
        r("GET", "/api/v1/regions/{code}/problems", get(api::analysis::list_problems)),
        r("GET", "/api/v1/regions/{code}/apps", get(api::analysis::list_apps)),
        r("GET", "/api/v1/regions/{code}/datasets", get(api::analysis::list_datasets)),
        r("GET", "/api/v1/regions/{code}/plan", get(api::plan::get_plan)),
        r("GET", "/api/v1/regions/{code}/programmes", get(api::plan::list_programmes)),
        r("GET", "/api/v1/regions/{code}/programmes.xlsx", get(api::plan::programmes_xlsx)),
        r("GET", "/api/v1/regions/{code}/checks", get(api::plan::checks)),
        r("GET", "/api/v1/regions/{code}/book.pdf", get(api::book::book_pdf)),
        r("GET", "/api/v1/regions/{code}/book/versions", get(api::book::book_versions)),
        r("GET", "/api/v1/regions/{code}/evaluations", get(api::evaluation::evaluations)),
        r("GET", "/api/v1/national/summary", get(api::national::national)),
        r("GET", "/api/v1/regions/{code}/monitoring", get(api::monitoring::rollup)),
        r("GET", "/api/v1/regions/{code}/book/versions/{a}/diff/{b}", get(api::book::book_diff)),
        r("GET", "/api/v1/codes/permendagri90", get(api::plan::gov_codes)),
        r("GET", "/api/v1/areas/provinces", get(api::areas::provinces)),
        r("GET", "/api/v1/areas/regencies", get(api::areas::regencies)),
        r("GET", "/api/v1/areas/districts", get(api::areas::districts)),
        r("GET", "/api/v1/areas/villages", get(api::areas::villages)),
        r("GET", "/api/v1/regions/{code}/participation", get(api::participation::inputs)),
        // open data: public once the region's plan is approved (api/opendata.rs)
        r("GET", "/api/v1/regions/{code}/programmes.csv", get(od::programmes_csv)),
        r("GET", "/api/v1/regions/{code}/programmes.json", get(od::programmes_json)),
        r("GET", "/api/v1/regions/{code}/budgets.csv", get(od::budgets_csv)),
        r("GET", "/api/v1/regions/{code}/budgets.json", get(od::budgets_json)),
        r("GET", "/api/v1/regions/{code}/kpis.csv", get(od::kpis_csv)),
        r("GET", "/api/v1/regions/{code}/kpis.json", get(od::kpis_json)),
        r("GET", "/api/v1/regions/{code}/evaluations.csv", get(od::evaluations_csv)),
        r("GET", "/api/v1/regions/{code}/evaluations.json", get(od::evaluations_json)),
        r("GET", "/api/v1/national/programmes.csv", get(od::national_programmes_csv)),
        r("GET", "/api/v1/national/programmes.json", get(od::national_programmes_json)),
        r("GET", "/api/v1/national/budgets.csv", get(od::national_budgets_csv)),
        r("GET", "/api/v1/national/budgets.json", get(od::national_budgets_json)),
        r("GET", "/api/v1/national/kpis.csv", get(od::national_kpis_csv)),
        r("GET", "/api/v1/national/kpis.json", get(od::national_kpis_json)),
        r("GET", "/api/v1/catalog.jsonld", get(od::catalog)),
        r("GET", "/api/docs", get(apidocs::page)),
        r("GET", "/tentang", get(views::about::page)),
    ]
}

/// The router, built from [`table`]. Routes sharing a path are merged per method.
pub fn router() -> Router<AppState> {
    let mut merged: Vec<(&'static str, MethodRouter<AppState>)> = Vec::new();
    for def in table() {
        match merged.iter_mut().find(|(p, _)| *p == def.path) {
            Some((_, mr)) => *mr = std::mem::take(mr).merge(def.handler),
            None => merged.push((def.path, def.handler)),
        }
    }
    let mut router = Router::new();
    for (path, mr) in merged {
        router = router.route(path, mr);
    }
    router.fallback(|uri: axum::http::Uri| async move {
        // Under /api/ a client expects JSON even for an address that does not exist.
        if uri.path().starts_with("/api/") {
            crate::error::ApiError(crate::error::WebError::NotFound).into_response()
        } else {
            crate::error::WebError::NotFound.into_response()
        }
    })
}
