//! The Dewan Smart City and the Tim Pelaksana of a region.

use crate::access::{RegionManage, RegionView};
use crate::error::WebError;
use crate::views::form::FormPage;
use crate::views::{done, render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::framework::DIMENSIONS;
use kotacerdas_domain::region::MemberInput;
use kotacerdas_domain::region::{dimensions_without_team, Body, Helix, MemberRole};
use kotacerdas_store::entity::{member, region};
use kotacerdas_store::region::members;
use kotacerdas_store::region::opds;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "members.html")]
struct MembersPage {
    l: Layout,
    region: region::Model,
    /// ("dewan", members, its SK decree), ("tim", members, its SK decree)
    bodies: Vec<(&'static str, Vec<member::Model>, Option<super::decrees::DecreeRow>)>,
    opd_names: HashMap<i64, String>,
    can_manage: bool,
    /// Names of the dimensions no team member works on, joined ("" when every one has someone).
    uncovered: String,
}

pub async fn list(
    State(state): State<AppState>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let (dewan, tim): (Vec<_>, Vec<_>) =
        members::list(&state.db, r.id).await?.into_iter().partition(|m| m.body == Body::Dewan.as_str());
    let opd_names = opds::list(&state.db, r.id).await?.into_iter().map(|o| (o.id, o.short_name)).collect();
    let mut decrees = super::decrees::rows(&state.db, r.id).await?;
    let mut decree = |b: Body| decrees.iter().position(|d| d.decree.body == b.as_str()).map(|i| decrees.remove(i));
    let bodies = vec![("dewan", dewan, decree(Body::Dewan)), ("tim", tim, decree(Body::Tim))];
    let lang = ctx.lang.code();
    let uncovered = dimensions_without_team(bodies[1].1.iter().filter_map(|m| m.dimension_code.as_deref()))
        .into_iter()
        .filter_map(kotacerdas_domain::framework::dimension)
        .map(|d| d.named.name(lang))
        .collect::<Vec<_>>()
        .join(", ");
    let page = MembersPage {
        uncovered,
        l: Layout::new(&ctx, "members-title", "regions").region_crumbs(&r),
        can_manage: p.can_manage_region(r.id),
        region: r,
        bodies,
        opd_names,
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "member_form.html")]
struct MemberForm {
    l: Layout,
    region: region::Model,
    form: MemberInput,
    action: String,
    bodies: Vec<(String, String)>,
    roles: Vec<(String, String)>,
    helices: Vec<(String, String)>,
    dimensions: Vec<(String, String)>,
    opds: Vec<(String, String)>,
}

/// The member form; `id` is `None` for a new member.
async fn form_page(f: FormPage<'_, MemberInput>, id: Option<i64>) -> Result<Response, WebError> {
    let lang = f.ctx.lang.code();
    let (title, action) = match id {
        Some(id) => ("member-edit-title", f.url(&format!("members/{id}/edit"))),
        None => ("member-new-title", f.url("members/new")),
    };
    let l = f.layout(title).crumb(f.ctx.lang.t("members-title"), f.url("members"));
    let opds = opds::list(&f.state.db, f.region.id)
        .await?
        .into_iter()
        .map(|o| (o.id.to_string(), format!("{} — {}", o.short_name, o.name)))
        .collect();
    f.show(|region, form| MemberForm {
        bodies: Body::ALL.iter().map(|b| (b.as_str().to_string(), b.label(lang).to_string())).collect(),
        roles: MemberRole::ALL.iter().map(|r| (r.as_str().to_string(), r.label(lang).to_string())).collect(),
        helices: Helix::ALL.iter().map(|h| (h.as_str().to_string(), h.label(lang).to_string())).collect(),
        dimensions: DIMENSIONS.iter().map(|d| (d.named.code.to_string(), d.named.name(lang).to_string())).collect(),
        opds,
        l,
        region,
        form,
        action,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    let form = MemberInput { body: "dewan".into(), role: "member".into(), ..Default::default() };
    form_page(FormPage::new(&ctx, &state, r, form), None).await
}

pub async fn create(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(form): Form<MemberInput>,
) -> Result<Response, WebError> {
    let f = FormPage::new(&ctx, &state, r, form);
    let result = members::create(&state.db, &ctx.actor()?, f.region.id, &f.form).await;
    let back = f.url("members");
    f.outcome(result, "flash-saved", |_| back, |f| form_page(f, None)).await
}

pub async fn edit_form(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    let m = members::get(&state.db, r.id, id).await?;
    form_page(FormPage::new(&ctx, &state, r, MemberInput::from(&m)), Some(id)).await
}

pub async fn update(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(form): Form<MemberInput>,
) -> Result<Response, WebError> {
    let f = FormPage::new(&ctx, &state, r, form);
    let result = members::update(&state.db, &ctx.actor()?, f.region.id, id, &f.form).await;
    let back = f.url("members");
    f.outcome(result, "flash-saved", |_| back, |f| form_page(f, Some(id))).await
}

pub async fn delete(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    members::delete(&state.db, &ctx.actor()?, r.id, id).await?;
    done(&ctx, "flash-deleted", &format!("/regions/{}/members", r.code)).await
}
