//! Every route of the application in one table. The router is built from it, and the
//! authorization test reads the same table, so a route added without an expectation fails.

use crate::api::{self, resources as res};
use crate::views::{
    self, account, admin, audit, checks, codes, inventory, members, opds, plan, policies, problems, profile,
    programme_form, programme_import, programmes, quickwins, readiness, region, roadmap, sections, stages, swot,
};
use crate::AppState;
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
        r("GET", "/metrics", get(views::metrics)),
        r("GET", "/static/app.css", get(views::stylesheet)),
        r("GET", "/static/app.js", get(views::script)),
        r("GET", "/static/favicon.svg", get(views::favicon)),
        // session
        r("GET", "/", get(views::home)),
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
        r("GET", "/regions/{code}/book.pdf", get(roadmap::book_pdf)),
        r("GET", "/regions/{code}/book.docx", get(roadmap::book_docx)),
        r("GET", "/regions/{code}/checks", get(checks::page)),
        r("POST", "/regions/{code}/checks/limit", post(checks::set_limit)),
        r("GET", "/codes/permendagri90", get(codes::page)),
        r("GET", "/files/{id}", get(region::download)),
        // programme office
        r("GET", "/admin/regions/new", get(region::new_form)),
        r("POST", "/admin/regions/new", post(region::create)),
        r("GET", "/admin/cohorts", get(admin::cohorts)),
        r("GET", "/admin/cohorts/new", get(admin::cohort_new)),
        r("POST", "/admin/cohorts/new", post(admin::cohort_create)),
        r("GET", "/admin/cohorts/{id}/edit", get(admin::cohort_edit)),
        r("POST", "/admin/cohorts/{id}/edit", post(admin::cohort_update)),
        r("GET", "/admin/users", get(admin::users_list)),
        r("GET", "/admin/users/new", get(admin::user_new)),
        r("POST", "/admin/users/new", post(admin::user_create)),
        r("GET", "/admin/users/{id}", get(admin::user_show)),
        r("POST", "/admin/users/{id}/roles", post(admin::role_add)),
        r("POST", "/admin/users/{id}/roles/{aid}/delete", post(admin::role_remove)),
        r("POST", "/admin/users/{id}/disable", post(admin::user_disable)),
        r("POST", "/admin/users/{id}/password", post(admin::user_password)),
        r("GET", "/admin/programme", get(admin::programme_form)),
        r("POST", "/admin/programme", post(admin::programme_save)),
        r("GET", "/admin/audit", get(audit::national_log)),
        // JSON API
        r("GET", "/api/v1/openapi.json", get(api::openapi)),
        r("POST", "/api/v1/auth/token", post(api::token)),
        r("GET", "/api/v1/me", get(api::me)),
        r("GET", "/api/v1/framework", get(res::framework)),
        r("GET", "/api/v1/cohorts", get(res::list_cohorts)),
        r("POST", "/api/v1/cohorts", post(res::create_cohort)),
        r("GET", "/api/v1/users", get(res::list_users)),
        r("GET", "/api/v1/regions", get(res::list_regions)),
        r("POST", "/api/v1/regions", post(res::create_region)),
        r("GET", "/api/v1/regions/{code}", get(res::get_region)),
        r("GET", "/api/v1/regions/{code}/opds", get(res::list_opds)),
        r("POST", "/api/v1/regions/{code}/opds", post(res::create_opd)),
        r("GET", "/api/v1/regions/{code}/opds/{id}", get(res::get_opd)),
        r("GET", "/api/v1/regions/{code}/members", get(res::list_members)),
        r("POST", "/api/v1/regions/{code}/members", post(res::create_member)),
        r("GET", "/api/v1/regions/{code}/stages", get(res::list_stages)),
        r("POST", "/api/v1/regions/{code}/stages/{number}/actions", post(res::stage_action)),
        r("GET", "/api/v1/regions/{code}/mou", get(res::get_mou)),
        r("PUT", "/api/v1/regions/{code}/mou", put(res::put_mou)),
        r("GET", "/api/v1/regions/{code}/audit", get(res::region_audit)),
        r("GET", "/api/v1/regions/{code}/readiness", get(api::readiness::get_readiness)),
        r("GET", "/api/v1/regions/{code}/problems", get(api::analysis::list_problems)),
        r("GET", "/api/v1/regions/{code}/apps", get(api::analysis::list_apps)),
        r("GET", "/api/v1/regions/{code}/datasets", get(api::analysis::list_datasets)),
        r("GET", "/api/v1/regions/{code}/plan", get(api::plan::get_plan)),
        r("GET", "/api/v1/regions/{code}/programmes", get(api::plan::list_programmes)),
        r("GET", "/api/v1/regions/{code}/programmes.xlsx", get(api::plan::programmes_xlsx)),
        r("GET", "/api/v1/regions/{code}/checks", get(api::plan::checks)),
        r("GET", "/api/v1/regions/{code}/book.pdf", get(api::plan::book_pdf)),
        r("GET", "/api/v1/codes/permendagri90", get(api::plan::gov_codes)),
    ]
}

/// The router, built from [`table`]. Routes sharing a path are merged per method.
pub fn router() -> Router<AppState> {
    let mut merged: Vec<(&'static str, MethodRouter<AppState>)> = Vec::new();
    for def in table() {
        match merged.iter_mut().find(|(p, _)| *p == def.path) {
            Some((_, mr)) => *mr = std::mem::replace(mr, MethodRouter::new()).merge(def.handler),
            None => merged.push((def.path, def.handler)),
        }
    }
    let mut router = Router::new();
    for (path, mr) in merged {
        router = router.route(path, mr);
    }
    router.fallback(|| async { crate::error::WebError::NotFound })
}
