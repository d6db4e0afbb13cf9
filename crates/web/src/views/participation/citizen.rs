//! What citizens do on the public portal without an account: read a consultation, send an input
//! (with an optional photo), support an input once, comment, and follow their input to its
//! answer. Anti-abuse: a honeypot field, size limits, and per-address rate limits (429).

use crate::auth::Ctx;
use crate::error::WebError;
use crate::limits::Action;
use crate::views::form::FormPage;
use crate::views::participation::portal::{input_card, InputCard};
use crate::views::Layout;
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use kotacerdas_domain::framework::{self, DIMENSIONS};
use kotacerdas_domain::participation::{self as domain, InputDraft, InputKind, Moderation};
use kotacerdas_store::entity::{consultation, region};
use kotacerdas_store::participation::{self, Sender};
use kotacerdas_store::region::regions;
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// Session keys: the inputs this browser sent (shown to it while pending) and its citizen token.
const MY_INPUTS: &str = "my_inputs";
const CITIZEN: &str = "citizen_token";

/// The honeypot: a field people never see (hidden by CSS and `aria-hidden`); bots fill it.
pub const HONEYPOT: &str = "website";

fn sender(ctx: &Ctx) -> Sender {
    Sender {
        user_id: ctx.principal.as_ref().map(|p| p.user_id),
        name: ctx.principal.as_ref().map(|p| p.display_name.clone()),
        hash: participation::sender_hash(&ctx.ip, chrono::Utc::now().date_naive()),
    }
}

async fn limit(state: &AppState, ctx: &Ctx, action: Action) -> Result<(), WebError> {
    crate::limits::check(&state.db, action, &ctx.ip)
        .await?
        .map_err(|wait| WebError::TooManyRequests { retry_after: wait as i64 })
}

async fn my_inputs(ctx: &Ctx) -> Vec<i64> {
    ctx.session.get::<Vec<i64>>(MY_INPUTS).await.ok().flatten().unwrap_or_default()
}

/// "u:<id>" for an account, else "c:<hash of this browser's random token>".
async fn supporter(ctx: &Ctx) -> Result<String, WebError> {
    if let Some(p) = &ctx.principal {
        return Ok(format!("u:{}", p.user_id));
    }
    let token = match ctx.session.get::<String>(CITIZEN).await.ok().flatten() {
        Some(t) => t,
        None => {
            let t = crate::auth::new_token();
            ctx.session.insert(CITIZEN, &t).await.map_err(|e| WebError::Internal(e.to_string()))?;
            t
        }
    };
    Ok(format!("c:{}", hex::encode(&Sha256::digest(token.as_bytes())[..16])))
}

// ---------------------------------------------------------------- a consultation

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    dimension: String,
}

#[derive(Template)]
#[template(path = "portal_consultation.html")]
struct ConsultationPage {
    l: Layout,
    region: region::Model,
    c: consultation::Model,
    dates: String,
    open: bool,
    topics: Vec<(String, String)>,
    form: InputDraft,
    kinds: Vec<(String, String)>,
    dimensions: Vec<(String, String)>,
    elements: Vec<(String, String)>,
    inputs: Vec<InputCard>,
    filter: String,
    honeypot: &'static str,
    max_title: usize,
    max_body: usize,
    /// The region's kecamatan and desa/kelurahan when it is in the official list (else the
    /// places are typed).
    places: Option<Places>,
}

/// A kecamatan's desa/kelurahan: (its code, its name, [(code, name)]).
type PlaceGroup = (String, String, Vec<(String, String)>);

/// The pickers of the input form: the kecamatan of the region, and its desa/kelurahan grouped by
/// kecamatan (one select that works without script; app.js narrows it to the kecamatan chosen).
struct Places {
    kecamatan: Vec<(String, String)>,
    /// (kecamatan code, kecamatan name, [(code, name)]).
    groups: Vec<PlaceGroup>,
    /// The codes chosen (from what was posted: a code or an official name).
    kecamatan_chosen: String,
    kelurahan_chosen: String,
}

impl Places {
    fn of(region_code: &str, form: &InputDraft) -> Option<Places> {
        use kotacerdas_areas as areas;
        if kotacerdas_domain::region::is_synthetic(region_code) {
            return None;
        }
        let districts = areas::districts_of(areas::regency(region_code)?.code);
        let same = |code: &str, name: &str, typed: &str| {
            let t = typed.trim();
            !t.is_empty() && (code == t || name.eq_ignore_ascii_case(t))
        };
        let kecamatan_chosen = districts
            .iter()
            .find(|d| same(d.code, d.name, &form.kecamatan))
            .map(|d| d.code.to_string())
            .unwrap_or_default();
        let groups: Vec<PlaceGroup> = districts
            .iter()
            .map(|d| {
                let villages =
                    areas::villages_of(d.code).iter().map(|v| (v.code.to_string(), v.name.to_string())).collect();
                (d.code.to_string(), d.name.to_string(), villages)
            })
            .collect();
        let kelurahan_chosen = groups
            .iter()
            .filter(|g| kecamatan_chosen.is_empty() || g.0 == kecamatan_chosen)
            .flat_map(|g| g.2.iter())
            .find(|(code, name)| same(code.as_str(), name.as_str(), &form.kelurahan))
            .map(|v| v.0.clone())
            .unwrap_or_default();
        Some(Places {
            kecamatan: districts.iter().map(|d| (d.code.to_string(), d.name.to_string())).collect(),
            groups,
            kecamatan_chosen,
            kelurahan_chosen,
        })
    }
}

/// A consultation's public page (its inputs filtered by `filter`) with the input form.
async fn consultation_page(
    f: FormPage<'_, InputDraft>,
    c: consultation::Model,
    filter: String,
) -> Result<Response, WebError> {
    let (ctx, state, r) = (f.ctx, f.state, &f.region);
    let lang = ctx.lang.code();
    let topics = domain::topics(&c.topics);
    let allowed = |code: &str| topics.is_empty() || topics.contains(&code);
    let which = participation::Filter {
        published_only: true,
        consultation_id: Some(c.id),
        dimension: framework::dimension(&filter).map(|d| d.named.code.to_string()),
        ..Default::default()
    };
    let inputs = participation::list(&state.db, r.id, &which).await?.iter().map(|v| input_card(v, lang)).collect();
    // The input form: an anonymous visitor needs the token as a cookie too.
    ctx.offer_form_token();
    let l = Layout::new(ctx, "portal-title", "portal")
        .titled(c.title.clone())
        .crumb(ctx.lang.t("portal-title"), "/publik")
        .crumb(r.name.clone(), format!("/publik/{}", r.code))
        .zoned(r)
        .with_errors(f.errors.clone());
    f.show(|region, form| ConsultationPage {
        places: Places::of(&region.code, &form),
        l,
        dates: format!(
            "{} – {}",
            kotacerdas_domain::format::date(c.opens_on, lang),
            kotacerdas_domain::format::date(c.closes_on, lang)
        ),
        open: domain::is_open(c.opens_on, c.closes_on, chrono::Utc::now().date_naive()),
        topics: DIMENSIONS
            .iter()
            .filter(|d| !topics.is_empty() && allowed(d.named.code))
            .map(|d| (d.named.code.to_string(), d.named.name(lang).to_string()))
            .collect(),
        kinds: InputKind::ALL.iter().map(|k| (k.as_str().to_string(), k.label(lang).to_string())).collect(),
        dimensions: DIMENSIONS
            .iter()
            .filter(|d| allowed(d.named.code))
            .map(|d| (d.named.code.to_string(), d.named.name(lang).to_string()))
            .collect(),
        elements: DIMENSIONS
            .iter()
            .filter(|d| allowed(d.named.code))
            .flat_map(|d| {
                d.elements.iter().map(move |e| (e.code.to_string(), format!("{} — {}", d.named.code, e.name(lang))))
            })
            .collect(),
        inputs,
        filter,
        honeypot: HONEYPOT,
        max_title: domain::MAX_TITLE,
        max_body: domain::MAX_BODY,
        form,
        region,
        c,
    })
}

pub async fn consultation(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    let r = regions::by_code(&state.db, &code).await?;
    let c = participation::consultation(&state.db, r.id, id).await?;
    let form = InputDraft { kind: "aspiration".into(), ..Default::default() };
    consultation_page(FormPage::new(&ctx, &state, r, form), c, q.dimension).await
}

/// A citizen's input: multipart (the optional photo). The honeypot answers like a success and
/// stores nothing; a flood from one address gets 429.
pub async fn submit(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
    mp: Multipart,
) -> Result<Response, WebError> {
    let r = regions::by_code(&state.db, &code).await?;
    let c = participation::consultation(&state.db, r.id, id).await?;
    let (fields, photo) = crate::views::read_multipart(mp, "photo").await?;
    let back = format!("/publik/{}/konsultasi/{}", r.code, c.id);
    if fields.get(HONEYPOT).is_some_and(|v| !v.trim().is_empty()) {
        tracing::info!(ip = %ctx.ip, "honeypot filled: input dropped");
        return crate::views::done(&ctx, "flash-input-received", &back).await;
    }
    limit(&state, &ctx, Action::Input).await?;
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let form = InputDraft {
        kind: get("kind"),
        title: get("title"),
        body: get("body"),
        dimension_code: get("dimension_code"),
        element_code: get("element_code"),
        kecamatan: get("kecamatan"),
        kelurahan: get("kelurahan"),
        author_name: get("author_name"),
    };
    let photo = photo.map(|(name, data)| participation::Photo { storage: &state.storage, name, data });
    let result = participation::submit(&state.db, r.id, c.id, &form, &sender(&ctx), photo).await;
    if let Ok(m) = &result {
        let mut mine = my_inputs(&ctx).await;
        mine.push(m.id);
        let keep = mine.len().saturating_sub(50);
        mine.drain(..keep);
        ctx.session.insert(MY_INPUTS, mine).await.map_err(|e| WebError::Internal(e.to_string()))?;
    }
    let inputs = format!("/publik/{}/masukan", r.code);
    let f = FormPage::new(&ctx, &state, r, form);
    let again = |f| consultation_page(f, c, String::new());
    f.outcome(result, "flash-input-received", |m| format!("{inputs}/{}", m.id), again).await
}

// ---------------------------------------------------------------- an input

#[derive(Template)]
#[template(path = "portal_input.html")]
struct InputPage {
    l: Layout,
    region: region::Model,
    v: participation::InputView,
    card: InputCard,
    pending: bool,
    hidden: bool,
    comments: Vec<(String, String, String)>,
    answers: Vec<(String, String, String)>,
    programmes: Vec<String>,
    comment_name: String,
    comment: String,
    honeypot: &'static str,
}

/// An input's public page with the comment form (its value: the name and the comment typed).
async fn input_page(f: FormPage<'_, (String, String)>, id: i64) -> Result<Response, WebError> {
    let (ctx, state, r) = (f.ctx, f.state, &f.region);
    let lang = ctx.lang.code();
    // The public sees published inputs; the sender also sees theirs while it waits.
    let v = participation::view(&state.db, r.id, id, false).await?;
    let mine = my_inputs(ctx).await.contains(&id);
    let staff = ctx.principal.as_ref().is_some_and(|p| p.can_view_region(r.id));
    if v.input.status != Moderation::Published.as_str() && !mine && !staff {
        return Err(WebError::NotFound);
    }
    // Support and comment forms: an anonymous visitor needs the token as a cookie too.
    ctx.offer_form_token();
    let l = Layout::new(ctx, "portal-title", "portal")
        .titled(v.input.title.clone())
        .crumb(ctx.lang.t("portal-title"), "/publik")
        .crumb(r.name.clone(), format!("/publik/{}", r.code))
        .zoned(r)
        .with_errors(f.errors.clone());
    let fmt = |d: &chrono::DateTime<chrono::Utc>| l.datetime(d);
    let comments =
        v.published_comments().map(|c| (c.author_name.clone(), fmt(&c.created_at), c.body.clone())).collect();
    let answers = v.answers.iter().map(|(a, opd)| (opd.clone(), fmt(&a.answered_at), a.body.clone())).collect();
    f.show(|region, (comment_name, comment)| InputPage {
        card: input_card(&v, lang),
        pending: v.input.status == Moderation::Pending.as_str(),
        hidden: v.input.status == Moderation::Hidden.as_str(),
        comments,
        answers,
        programmes: v.links.iter().filter(|l| l.1 == participation::link::PROGRAMME).map(|l| l.3.clone()).collect(),
        comment_name,
        comment,
        honeypot: HONEYPOT,
        l,
        v,
        region,
    })
}

pub async fn input(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let r = regions::by_code(&state.db, &code).await?;
    input_page(FormPage::new(&ctx, &state, r, (String::new(), String::new())), id).await
}

pub async fn support(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let r = regions::by_code(&state.db, &code).await?;
    limit(&state, &ctx, Action::Support).await?;
    let who = supporter(&ctx).await?;
    let added = participation::support(&state.db, r.id, id, &who, &sender(&ctx)).await?;
    let key = if added { "flash-supported" } else { "flash-already-supported" };
    crate::views::done(&ctx, key, &format!("/publik/{}/masukan/{}", r.code, id)).await
}

#[derive(Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    website: String,
}

pub async fn comment(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
    Form(f): Form<CommentForm>,
) -> Result<Response, WebError> {
    let r = regions::by_code(&state.db, &code).await?;
    let back = format!("/publik/{}/masukan/{}", r.code, id);
    if !f.website.trim().is_empty() {
        return crate::views::done(&ctx, "flash-comment-received", &back).await;
    }
    limit(&state, &ctx, Action::Comment).await?;
    let result = participation::comment(&state.db, r.id, id, &sender(&ctx), &f.name, &f.comment).await;
    let page = FormPage::new(&ctx, &state, r, (f.name, f.comment));
    page.outcome(result, "flash-comment-received", |_| back, |page| input_page(page, id)).await
}

/// A published input's photo (or the sender's / the region's while pending).
pub async fn photo(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let r = regions::by_code(&state.db, &code).await?;
    let i = participation::input(&state.db, r.id, id).await?;
    let staff = ctx.principal.as_ref().is_some_and(|p| p.can_view_region(r.id));
    if i.status != Moderation::Published.as_str() && !staff && !my_inputs(&ctx).await.contains(&id) {
        return Err(WebError::NotFound);
    }
    let file_id = i.photo_file_id.ok_or(WebError::NotFound)?;
    let f = kotacerdas_store::files::get(&state.db, file_id).await?;
    let data = state.storage.read(&f.key).await?;
    // Served with its sniffed type and nosniff, never as HTML.
    Ok((
        [
            (header::CONTENT_TYPE, f.content_type),
            (header::CONTENT_DISPOSITION, "inline".to_string()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        data,
    )
        .into_response())
}

/// `/publik/{code}/konsultasi`: the newest open consultation, else the region's portal.
pub async fn current(State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, WebError> {
    let r = regions::by_code(&state.db, &code).await?;
    let today = chrono::Utc::now().date_naive();
    let open = participation::consultations(&state.db, r.id)
        .await?
        .into_iter()
        .find(|c| domain::is_open(c.opens_on, c.closes_on, today));
    let to = match open {
        Some(c) => format!("/publik/{}/konsultasi/{}", r.code, c.id),
        None => format!("/publik/{}#konsultasi", r.code),
    };
    Ok(Redirect::to(&to).into_response())
}
