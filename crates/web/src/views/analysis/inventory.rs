//! Stage 1 application and data inventory, with the programme's criterion in plain sight: per
//! dimension, how many apps produce data that another app actually uses.

use crate::access::{ensure, RegionContribute, RegionManage, RegionView};
use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::form::FormPage;
use crate::views::{done, render_status, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use kotacerdas_domain::analysis::{usefulness, AppStatus, Frequency, Hosting, Link};
use kotacerdas_domain::analysis_input::{AppInput, DatasetInput};
use kotacerdas_domain::data_yardstick::{self, DecisionInput, Topic};
use kotacerdas_domain::format::{date, number};
use kotacerdas_domain::framework::DIMENSIONS;
use kotacerdas_domain::monitoring::percent_text;
use kotacerdas_store::analysis::data_uses;
use kotacerdas_store::analysis::inventory;
use kotacerdas_store::analysis::inventory_xlsx::{self, RowError};
use kotacerdas_store::entity::{app, dataset, region};
use kotacerdas_store::{region::opds, StoreError};
use std::collections::HashMap;

/// A data set as its row of the inventory shows it.
struct DatasetRow {
    d: dataset::Model,
    /// Apps that use it.
    users: usize,
    topic: &'static str,
    last_updated: String,
    current: bool,
    programmes: usize,
    decisions: usize,
}

impl DatasetRow {
    fn used(&self) -> bool {
        self.programmes + self.decisions > 0
    }
}

#[derive(Template)]
#[template(path = "inventory.html")]
struct InventoryPage {
    l: Layout,
    region: region::Model,
    apps: Vec<(app::Model, usize, usize, bool)>,
    datasets: Vec<DatasetRow>,
    /// The yardstick at the top: (label key, share text, "n / total"), then per dimension
    /// (code, name, data sets, current, authoritative, used).
    shares: Vec<(&'static str, String, String)>,
    yard_dims: Vec<(String, String, u32, u32, u32, u32)>,
    /// (dimension code, name, apps, apps producing used data)
    useful: Vec<(&'static str, &'static str, usize, usize)>,
    opd_names: HashMap<i64, String>,
    can_add: bool,
    can_import: bool,
    editable_apps: Vec<i64>,
    editable_sets: Vec<i64>,
    import_errors: Vec<(String, usize, String, String)>,
    thread: crate::views::book::sections::Thread,
}

async fn page(
    ctx: &Ctx,
    state: &AppState,
    r: region::Model,
    import_errors: Vec<RowError>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let p = ctx.user()?;
    let lang = ctx.lang.code();
    let apps = inventory::apps(&state.db, r.id).await?;
    let facts = data_uses::facts(&state.db, r.id).await?;
    let sets: Vec<dataset::Model> = facts.iter().map(|(d, _)| d.clone()).collect();
    let links = inventory::links(&state.db, r.id).await?;
    let today = r.zone().today();
    let yard = data_yardstick::figures(&facts.iter().map(|(_, f)| f.clone()).collect::<Vec<_>>(), today);
    let prog_uses = data_uses::programme_uses(&state.db, r.id).await?;
    let decisions = data_uses::decisions(&state.db, r.id).await?;
    let t = yard.total;
    let share = |key: &'static str, n: u32| {
        (
            key,
            t.share_bp(n).map(|bp| percent_text(bp, lang)).unwrap_or_else(|| "–".into()),
            format!("{} / {}", number(i64::from(n), lang), number(i64::from(t.datasets), lang)),
        )
    };
    let shares = vec![
        share("yard-current", t.current),
        share("yard-authoritative", t.authoritative),
        share("yard-used", t.used),
        share("yard-real", t.real),
    ];
    let yard_dims = yard
        .by_dimension
        .iter()
        .filter(|(code, c)| !code.is_empty() || c.datasets > 0)
        .map(|(code, c)| {
            let name = DIMENSIONS
                .iter()
                .find(|d| d.named.code == code)
                .map(|d| d.named.name(lang).to_string())
                .unwrap_or_else(|| ctx.lang.t("yard-no-dimension"));
            (code.clone(), name, c.datasets, c.current, c.authoritative, c.used)
        })
        .collect();
    let dims: Vec<(i64, Option<&str>)> =
        apps.iter().map(|a| (a.id, a.element_code.as_deref().and_then(|e| e.split('-').next()))).collect();
    let u = usefulness(&dims, &links);
    let useful_app = |id: i64| {
        links.iter().any(|(a, ds, l)| {
            *a == id
                && *l == Link::Produces
                && links.iter().any(|(b, d2, l2)| *b != id && d2 == ds && *l2 == Link::Uses)
        })
    };
    let page = InventoryPage {
        l: Layout::new(ctx, "inventory-title", "regions").region_crumbs(&r),
        editable_apps: apps.iter().filter(|a| p.can_edit_opd(r.id, a.opd_id)).map(|a| a.id).collect(),
        editable_sets: sets.iter().filter(|d| p.can_edit_opd(r.id, d.opd_id)).map(|d| d.id).collect(),
        apps: apps
            .iter()
            .map(|a| {
                let count = |l: Link| links.iter().filter(|(x, _, k)| *x == a.id && *k == l).count();
                (a.clone(), count(Link::Produces), count(Link::Uses), useful_app(a.id))
            })
            .collect(),
        datasets: facts
            .iter()
            .map(|(d, f)| DatasetRow {
                users: links.iter().filter(|(_, ds, k)| *ds == d.id && *k == Link::Uses).count(),
                topic: f.topic.label(lang),
                last_updated: d.last_updated.map(|x| date(x, lang)).unwrap_or_else(|| "–".into()),
                current: data_yardstick::is_current(f.frequency, f.last_updated, today),
                programmes: prog_uses.iter().filter(|u| u.dataset_id == d.id).count(),
                decisions: decisions.iter().filter(|u| u.dataset_id == d.id).count(),
                d: d.clone(),
            })
            .collect(),
        shares,
        yard_dims,
        useful: DIMENSIONS
            .iter()
            .map(|d| {
                let x = u.get(&Some(d.named.code.to_string())).cloned().unwrap_or_default();
                (d.named.code, d.named.name(lang), x.apps, x.producing_used_data)
            })
            .collect(),
        opd_names: opds::list(&state.db, r.id).await?.into_iter().map(|o| (o.id, o.short_name)).collect(),
        can_add: p.can_contribute(r.id),
        thread: crate::views::book::sections::thread(
            ctx,
            state,
            r.id,
            &r.code,
            kotacerdas_domain::analysis::Section::Inventory,
        )
        .await?,
        can_import: p.can_manage_region(r.id),
        import_errors: import_errors
            .iter()
            .map(|e| {
                let msg = match e.arg {
                    Some(n) => ctx.lang.tn(e.code, n),
                    None => ctx.lang.t(e.code),
                };
                (e.sheet.clone(), e.row, e.field.clone(), msg)
            })
            .collect(),
        region: r,
    };
    render_status(status, &page)
}

pub async fn show(
    State(state): State<AppState>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    page(&ctx, &state, r, Vec::new(), StatusCode::OK).await
}

pub async fn export(
    State(state): State<AppState>,
    RegionView { region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let bytes = inventory_xlsx::export_xlsx(&state.db, r.id).await?;
    let name = format!("inventaris-{}.xlsx", r.code);
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response())
}

/// Import an XLSX (multipart; CSRF token in the query string). Region managers only: a file
/// spans every OPD.
pub async fn import(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    let mut data = None;
    while let Some(field) = mp.next_field().await.map_err(|_| WebError::BadRequest("error-bad-form"))? {
        if field.name() == Some("file") {
            data = Some(field.bytes().await.map_err(|_| WebError::BadRequest("error-too-large"))?);
        }
    }
    let no_file =
        || RowError { sheet: String::new(), row: 0, field: "file".into(), code: "err-import-file", arg: None };
    let Some(data) = data.filter(|d| !d.is_empty()) else {
        return page(&ctx, &state, r, vec![no_file()], StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    match inventory_xlsx::import_xlsx(&state.db, &ctx.actor()?, r.id, data).await {
        Ok(report) if report.errors.is_empty() => {
            ctx.session
                .insert(
                    crate::auth::FLASH,
                    ctx.lang.tv("flash-imported", &format!("{} / {}", report.datasets, report.apps)),
                )
                .await
                .map_err(|e| WebError::Internal(e.to_string()))?;
            Ok(axum::response::Redirect::to(&format!("/regions/{}/inventory", r.code)).into_response())
        }
        Ok(report) => page(&ctx, &state, r, report.errors, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(StoreError::Invalid(_)) => page(&ctx, &state, r, vec![no_file()], StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(e) => Err(e.into()),
    }
}

fn element_options(lang: &str) -> Vec<(String, String)> {
    DIMENSIONS
        .iter()
        .flat_map(|d| d.elements.iter().map(move |e| (e.code.to_string(), format!("{} — {}", e.code, e.name(lang)))))
        .collect()
}

#[derive(Template)]
#[template(path = "app_form.html")]
struct AppForm {
    l: Layout,
    region: region::Model,
    form: AppInput,
    action: String,
    opds: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    hostings: Vec<(String, String)>,
    elements: Vec<(String, String)>,
    datasets: Vec<(String, String)>,
    /// ("produces", chosen ids), ("uses", chosen ids)
    link_sets: Vec<(&'static str, Vec<String>)>,
}

#[derive(Template)]
#[template(path = "dataset_form.html")]
struct DatasetForm {
    l: Layout,
    region: region::Model,
    form: DatasetInput,
    action: String,
    opds: Vec<(String, String)>,
    frequencies: Vec<(String, String)>,
    elements: Vec<(String, String)>,
    topics: Vec<(String, String)>,
    /// The uses of a stored data set (none on the new-data-set form).
    uses: Option<super::data_uses::Uses>,
    /// The region's programmes not linked yet, as select options.
    programme_choices: Vec<(String, String)>,
}

async fn opd_choices(ctx: &Ctx, state: &AppState, region_id: i64) -> Result<Vec<(String, String)>, WebError> {
    let p = ctx.user()?;
    Ok(opds::list(&state.db, region_id)
        .await?
        .into_iter()
        .filter(|o| p.can_edit_opd(region_id, o.id))
        .map(|o| (o.id.to_string(), format!("{} — {}", o.short_name, o.name)))
        .collect())
}

/// The frame of the app and data set forms: under the inventory.
fn layout<F>(f: &FormPage<'_, F>, title: &str) -> Layout {
    f.layout(title).crumb(f.ctx.lang.t("inventory-title"), f.url("inventory"))
}

/// The app form; `id` is `None` for a new app.
async fn app_page(f: FormPage<'_, AppInput>, id: Option<i64>) -> Result<Response, WebError> {
    let lang = f.ctx.lang.code();
    let (title, action) = match id {
        Some(id) => ("app-edit-title", f.url(&format!("apps/{id}/edit"))),
        None => ("app-new-title", f.url("apps/new")),
    };
    let l = layout(&f, title);
    let opds = opd_choices(f.ctx, f.state, f.region.id).await?;
    let datasets =
        inventory::datasets(&f.state.db, f.region.id).await?.into_iter().map(|d| (d.id.to_string(), d.name)).collect();
    f.show(|region, form| AppForm {
        l,
        opds,
        statuses: AppStatus::ALL.iter().map(|s| (s.as_str().to_string(), s.label(lang).to_string())).collect(),
        hostings: Hosting::ALL.iter().map(|s| (s.as_str().to_string(), s.label(lang).to_string())).collect(),
        elements: element_options(lang),
        datasets,
        link_sets: vec![("produces", form.produces.clone()), ("uses", form.uses.clone())],
        region,
        form,
        action,
    })
}

/// The data set form; `id` is `None` for a new data set.
async fn dataset_page(f: FormPage<'_, DatasetInput>, id: Option<i64>) -> Result<Response, WebError> {
    dataset_page_with(f, id, DecisionInput::default()).await
}

/// The data set form with its uses below (for a stored one); `decision`: the decision as typed
/// when its form was refused.
pub(super) async fn dataset_page_with(
    f: FormPage<'_, DatasetInput>,
    id: Option<i64>,
    decision: DecisionInput,
) -> Result<Response, WebError> {
    let lang = f.ctx.lang.code();
    let mut uses = match id {
        Some(id) => Some(super::data_uses::uses(f.ctx, f.state, &f.region, id, decision).await?),
        None => None,
    };
    let programme_choices = uses.as_mut().map(|u| std::mem::take(&mut u.choices)).unwrap_or_default();
    let (title, action) = match id {
        Some(id) => ("dataset-edit-title", f.url(&format!("datasets/{id}/edit"))),
        None => ("dataset-new-title", f.url("datasets/new")),
    };
    let l = layout(&f, title);
    let opds = opd_choices(f.ctx, f.state, f.region.id).await?;
    f.show(|region, form| DatasetForm {
        l,
        opds,
        frequencies: Frequency::ALL.iter().map(|s| (s.as_str().to_string(), s.label(lang).to_string())).collect(),
        elements: element_options(lang),
        topics: Topic::ALL.iter().map(|s| (s.as_str().to_string(), s.label(lang).to_string())).collect(),
        uses,
        programme_choices,
        region,
        form,
        action,
    })
}

/// Read the app form: repeated `produces` / `uses` checkboxes become lists.
fn app_input(fields: Vec<(String, String)>) -> AppInput {
    let mut a = AppInput::default();
    for (k, v) in fields {
        match k.as_str() {
            "name" => a.name = v,
            "opd_id" => a.opd_id = v,
            "purpose" => a.purpose = v,
            "users" => a.users = v,
            "status" => a.status = v,
            "hosting" => a.hosting = v,
            "integrations" => a.integrations = v,
            "element_code" => a.element_code = v,
            "produces" => a.produces.push(v),
            "uses" => a.uses.push(v),
            _ => {}
        }
    }
    a
}

fn owner(raw: &str) -> Option<i64> {
    raw.trim().parse().ok()
}

pub async fn app_new(
    State(state): State<AppState>,
    RegionContribute { ctx, user: p, region: r, .. }: RegionContribute,
) -> Result<Response, WebError> {
    let form = AppInput {
        status: "active".into(),
        hosting: "pdd".into(),
        opd_id: p.planner_opd(r.id).map(|o| o.to_string()).unwrap_or_default(),
        ..Default::default()
    };
    app_page(FormPage::new(&ctx, &state, r, form), None).await
}

pub async fn app_edit(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let a = inventory::get_app(&state.db, r.id, id).await?;
    ensure(p.can_edit_opd(r.id, a.opd_id))?;
    let links = inventory::links(&state.db, r.id).await?;
    let of = |l: Link| links.iter().filter(|(x, _, k)| *x == id && *k == l).map(|(_, d, _)| d.to_string()).collect();
    let form = AppInput {
        name: a.name.clone(),
        opd_id: a.opd_id.to_string(),
        purpose: a.purpose.clone(),
        users: a.users.clone(),
        status: a.status.clone(),
        hosting: a.hosting.clone(),
        integrations: a.integrations.clone().unwrap_or_default(),
        element_code: a.element_code.clone().unwrap_or_default(),
        produces: of(Link::Produces),
        uses: of(Link::Uses),
    };
    app_page(FormPage::new(&ctx, &state, r, form), Some(id)).await
}

/// Create (`id` None) or update an app, checking OPD ownership of the old and new owner.
async fn app_save(
    state: AppState,
    RegionContribute { ctx, user: p, region: r, .. }: RegionContribute,
    id: Option<i64>,
    fields: Vec<(String, String)>,
) -> Result<Response, WebError> {
    let form = app_input(fields);
    if let Some(id) = id {
        ensure(p.can_edit_opd(r.id, inventory::get_app(&state.db, r.id, id).await?.opd_id))?;
    }
    ensure(p.may_name_owner(r.id, owner(&form.opd_id)))?;
    let result = inventory::save_app(&state.db, &ctx.actor()?, r.id, id, &form).await;
    let f = FormPage::new(&ctx, &state, r, form);
    let back = f.url("inventory");
    f.outcome(result, "flash-saved", |_| back, |f| app_page(f, id)).await
}

pub async fn app_create(
    State(state): State<AppState>,
    region: RegionContribute,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    app_save(state, region, None, f).await
}

pub async fn app_update(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    region: RegionContribute,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    app_save(state, region, Some(id), f).await
}

pub async fn app_delete(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let a = inventory::get_app(&state.db, r.id, id).await?;
    ensure(p.can_edit_opd(r.id, a.opd_id))?;
    inventory::delete_app(&state.db, &ctx.actor()?, r.id, id).await?;
    done(&ctx, "flash-deleted", &format!("/regions/{}/inventory", r.code)).await
}

pub async fn dataset_new(
    State(state): State<AppState>,
    RegionContribute { ctx, user: p, region: r, .. }: RegionContribute,
) -> Result<Response, WebError> {
    let form = DatasetInput {
        frequency: "monthly".into(),
        topic: "other".into(),
        opd_id: p.planner_opd(r.id).map(|o| o.to_string()).unwrap_or_default(),
        ..Default::default()
    };
    dataset_page(FormPage::new(&ctx, &state, r, form), None).await
}

pub async fn dataset_edit(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let d = inventory::get_dataset(&state.db, r.id, id).await?;
    ensure(p.can_edit_opd(r.id, d.opd_id))?;
    dataset_page(FormPage::new(&ctx, &state, r, DatasetInput::from(&d)), Some(id)).await
}

async fn dataset_save(
    state: AppState,
    RegionContribute { ctx, user: p, region: r, .. }: RegionContribute,
    id: Option<i64>,
    form: DatasetInput,
) -> Result<Response, WebError> {
    if let Some(id) = id {
        ensure(p.can_edit_opd(r.id, inventory::get_dataset(&state.db, r.id, id).await?.opd_id))?;
    }
    ensure(p.may_name_owner(r.id, owner(&form.opd_id)))?;
    let result = inventory::save_dataset(&state.db, &ctx.actor()?, r.id, id, &form).await;
    let f = FormPage::new(&ctx, &state, r, form);
    let back = f.url("inventory");
    f.outcome(result, "flash-saved", |_| back, |f| dataset_page(f, id)).await
}

pub async fn dataset_create(
    State(state): State<AppState>,
    region: RegionContribute,
    Form(f): Form<DatasetInput>,
) -> Result<Response, WebError> {
    dataset_save(state, region, None, f).await
}

pub async fn dataset_update(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    region: RegionContribute,
    Form(f): Form<DatasetInput>,
) -> Result<Response, WebError> {
    dataset_save(state, region, Some(id), f).await
}

pub async fn dataset_delete(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    RegionView { ctx, user: p, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    let d = inventory::get_dataset(&state.db, r.id, id).await?;
    ensure(p.can_edit_opd(r.id, d.opd_id))?;
    inventory::delete_dataset(&state.db, &ctx.actor()?, r.id, id).await?;
    done(&ctx, "flash-deleted", &format!("/regions/{}/inventory", r.code)).await
}
