//! Stage 4, the masterplan book: its page (downloads, narrative, logo, versions), the narrative
//! editor with a preview, and the cover logo upload.

use crate::access::{RegionManage, RegionView};
use crate::error::WebError;
use crate::views::form::FormPage;
use crate::views::{done, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::Response;
use axum::Form;
use kotacerdas_domain::narrative::{self, default_text, Part, Section, Span};
use kotacerdas_domain::validate::Errors;
use kotacerdas_domain::versions::VersionStatus;
use kotacerdas_store::entity::{book_version, region, stored_file};
use kotacerdas_store::files::Purpose;
use kotacerdas_store::{book, files, plan::programme_xlsx, plan::programmes};
use std::collections::HashMap;

/// The most a logo may weigh; it is printed 3.5 cm high.
pub const MAX_LOGO_BYTES: usize = 2 * 1024 * 1024;

pub struct SectionRow {
    pub key: &'static str,
    pub name: String,
    /// Per language ("id", "en"): the region wrote its own text.
    pub own: Vec<(&'static str, bool)>,
}

pub struct VersionRow {
    pub v: book_version::Model,
    pub status: String,
    pub created: String,
}

/// Text the book's fonts cannot draw, as the book page lists it.
pub struct UncoveredRow {
    pub lang: &'static str,
    pub section: String,
    pub excerpt: String,
    /// "ꦕ U+A995, ꦶ U+A9B6"
    pub chars: String,
}

/// The book's texts, both editions, with characters no embedded font covers (so they are never
/// boxed silently). Building the editions reads the data only; the check runs off the async
/// workers as it loads the fonts the first time.
async fn uncovered(state: &AppState, r: &region::Model) -> Result<Vec<UncoveredRow>, WebError> {
    let mut books = Vec::new();
    for lang in kotacerdas_domain::narrative::LANGS {
        let b = kotacerdas_documents::book::contents(&state.db, r, lang)
            .await
            .map_err(|e| WebError::Internal(e.to_string()))?;
        books.push((lang, b));
    }
    let rows = tokio::task::spawn_blocking(move || {
        books
            .iter()
            .flat_map(|(lang, b)| b.uncovered().into_iter().map(move |u| (*lang, u)))
            .take(50)
            .map(|(lang, u)| UncoveredRow {
                lang,
                section: u.section,
                excerpt: u.excerpt,
                chars: u.chars.iter().map(|c| format!("{c} U+{:04X}", *c as u32)).collect::<Vec<_>>().join(", "),
            })
            .collect()
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(rows)
}

#[derive(Template)]
#[template(path = "book.html")]
struct BookPage {
    l: Layout,
    region: region::Model,
    uncovered: Vec<UncoveredRow>,
    sections: Vec<SectionRow>,
    logo: Option<stored_file::Model>,
    versions: Vec<VersionRow>,
    can_manage: bool,
    label: String,
    /// Why no version can be submitted yet ("" when stages 1–3 are approved).
    submit_blocked: String,
}

/// The first and last masterplan years, for the default texts.
pub async fn years(state: &AppState, region_id: i64) -> Result<(i32, i32), WebError> {
    let all = programmes::list(&state.db, region_id).await?;
    let years = programme_xlsx::years(&state.db, region_id, &all).await?;
    Ok((years.first().copied().unwrap_or_default(), years.last().copied().unwrap_or_default()))
}

/// The book's page; the form's value is the label of the version being frozen.
pub(crate) async fn render_page(f: FormPage<'_, String>) -> Result<Response, WebError> {
    let (ctx, state, r) = (f.ctx, f.state, &f.region);
    let texts = book::texts(&state.db, r.id).await?;
    let lang = ctx.lang.code();
    let sections = Section::ALL
        .iter()
        .map(|s| SectionRow {
            key: s.as_str(),
            name: s.label(lang).to_string(),
            own: kotacerdas_domain::narrative::LANGS
                .iter()
                .map(|l| (*l, texts.contains_key(&format!("{}:{l}", s.as_str()))))
                .collect(),
        })
        .collect();
    let logo = match r.logo_file_id {
        Some(id) => files::get(&state.db, id).await.ok(),
        None => None,
    };
    let versions = book::list(&state.db, r.id)
        .await?
        .into_iter()
        .map(|v| VersionRow {
            status: VersionStatus::parse(&v.status).map(|s| s.label(lang)).unwrap_or("?").to_string(),
            created: kotacerdas_domain::format::date(v.created_at.date_naive(), lang),
            v,
        })
        .collect();
    let uncovered = uncovered(state, r).await?;
    let can_manage = ctx.user()?.can_manage_region(r.id);
    let l = f.layout("book-title");
    let submit_blocked = super::versions::submit_blocked(ctx, state, r.id).await?;
    f.show(|region, label| BookPage {
        uncovered,
        l,
        can_manage,
        sections,
        logo,
        versions,
        label,
        region,
        submit_blocked,
    })
}

pub async fn page(
    State(state): State<AppState>,
    RegionView { ctx, region: r, .. }: RegionView,
) -> Result<Response, WebError> {
    render_page(FormPage::new(&ctx, &state, r, String::new())).await
}

/// A preview block: kind ("p", "h", "ul", "ol") and its lines of (style, text) pieces.
pub struct PreviewBlock {
    pub kind: &'static str,
    pub lines: Vec<Vec<(&'static str, String)>>,
}

fn pieces(spans: &[Span]) -> Vec<(&'static str, String)> {
    spans
        .iter()
        .map(|s| match s {
            Span::Text(t) => ("", t.clone()),
            Span::Bold(t) => ("b", t.clone()),
            Span::Italic(t) => ("i", t.clone()),
        })
        .collect()
}

/// The narrative as the book will show it (the template escapes every piece).
pub fn preview(text: &str) -> Vec<PreviewBlock> {
    narrative::parse(text)
        .into_iter()
        .map(|p| match p {
            Part::Para(s) => PreviewBlock { kind: "p", lines: vec![pieces(&s)] },
            Part::SubHeading(h) => PreviewBlock { kind: "h", lines: vec![vec![("", h)]] },
            Part::Bullets(items) => PreviewBlock { kind: "ul", lines: items.iter().map(|i| pieces(i)).collect() },
            Part::Numbered(items) => PreviewBlock { kind: "ol", lines: items.iter().map(|i| pieces(i)).collect() },
        })
        .collect()
}

#[derive(Template)]
#[template(path = "book_text.html")]
struct TextForm {
    l: Layout,
    region: region::Model,
    section: &'static str,
    section_name: String,
    lang: &'static str,
    body: String,
    own: bool,
    preview: Option<Vec<PreviewBlock>>,
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct EditionQuery {
    #[serde(default)]
    lang: String,
}

fn edition(lang: &str) -> &'static str {
    if lang == "en" {
        "en"
    } else {
        "id"
    }
}

/// Which text of the book a narrative form edits.
#[derive(Clone, Copy)]
struct Text {
    section: Section,
    lang: &'static str,
    /// The region wrote its own (else the form shows the default).
    own: bool,
}

/// The narrative editor with the preview of what is in it (the form's value is the text).
async fn text_form(f: FormPage<'_, String>, t: Text) -> Result<Response, WebError> {
    let l = f
        .layout("book-text-title")
        .titled(format!("{} · {}", t.section.label(f.ctx.lang.code()), t.lang.to_uppercase()))
        .crumb(f.ctx.lang.t("book-title"), f.url("book"));
    let shown = preview(&f.form);
    f.show(|region, body| TextForm {
        l,
        section: t.section.as_str(),
        section_name: t.section.label(t.lang).to_string(),
        lang: t.lang,
        body,
        own: t.own,
        preview: Some(shown),
        region,
    })
}

pub async fn text_edit(
    State(state): State<AppState>,
    Path((_, key)): Path<(String, String)>,
    Query(q): Query<EditionQuery>,
    RegionManage { ctx, region: r, .. }: RegionManage,
) -> Result<Response, WebError> {
    let section = Section::parse(&key).ok_or(WebError::NotFound)?;
    let lang = edition(&q.lang);
    let own = book::texts(&state.db, r.id).await?.remove(&format!("{}:{lang}", section.as_str()));
    let (first, last) = years(&state, r.id).await?;
    let t = Text { section, lang, own: own.is_some() };
    let body = own.unwrap_or_else(|| default_text(section, lang, &r.name, first, last));
    text_form(FormPage::new(&ctx, &state, r, body), t).await
}

/// Save a section's text, or (with `preview`) show how it will read without saving.
/// A text equal to the default is not stored, so later improvements to the default reach it.
pub async fn text_save(
    State(state): State<AppState>,
    Path((_, key)): Path<(String, String)>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    Form(fields): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let section = Section::parse(&key).ok_or(WebError::NotFound)?;
    let lang = edition(fields.get("lang").map(String::as_str).unwrap_or("id"));
    let body = fields.get("narrative").cloned().unwrap_or_default();
    let own = book::texts(&state.db, r.id).await?.contains_key(&format!("{}:{lang}", section.as_str()));
    let t = Text { section, lang, own };
    if fields.contains_key("preview") {
        return text_form(FormPage::new(&ctx, &state, r, body), t).await;
    }
    let (first, last) = years(&state, r.id).await?;
    let reset = fields.contains_key("reset") || body.trim() == default_text(section, lang, &r.name, first, last).trim();
    let to_save = if reset { "" } else { body.as_str() };
    let result = book::save_text(&state.db, &ctx.actor()?, r.id, section, lang, to_save).await;
    let f = FormPage::new(&ctx, &state, r, body);
    let back = f.url("book#texts");
    f.outcome(result, "flash-saved", |_| back, |f| text_form(f, t)).await
}

/// The cover logo: a PNG or JPEG up to 2 MB (multipart, CSRF token in the query), or `remove`.
pub async fn logo_save(
    State(state): State<AppState>,
    RegionManage { ctx, region: r, .. }: RegionManage,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    let mut upload: Option<(String, bytes::Bytes)> = None;
    let mut remove = false;
    while let Some(field) = mp.next_field().await.map_err(|_| WebError::BadRequest("error-bad-form"))? {
        match field.name().unwrap_or_default() {
            "logo" => {
                let name = field.file_name().unwrap_or_default().to_string();
                let data = field.bytes().await.map_err(|_| WebError::BadRequest("error-too-large"))?;
                if !data.is_empty() {
                    upload = Some((name, data));
                }
            }
            "remove" => remove = true,
            _ => {}
        }
    }
    let actor = ctx.actor()?;
    let mut errors = Errors::new();
    let file_id = match upload {
        _ if remove => None,
        None => {
            errors.add("logo", "err-required", None);
            None
        }
        Some((_, data)) if data.len() > MAX_LOGO_BYTES => {
            errors.add("logo", "err-logo-large", None);
            None
        }
        Some((_, data)) if !(data.starts_with(&[0x89, b'P', b'N', b'G']) || data.starts_with(&[0xFF, 0xD8, 0xFF])) => {
            errors.add("logo", "err-logo-type", None);
            None
        }
        // Decoded and stored afresh as PNG: a file that only starts like an image is refused
        // here instead of breaking the book's PDF and DOCX later.
        Some((name, data)) => match files::clean_image(data, Purpose::Logo).await? {
            Err(e) => {
                errors.add("logo", e.code(), e.arg());
                None
            }
            Ok(clean) => Some(state.storage.upload_image(&state.db, &actor, Some(r.id), &name, clean).await?.id),
        },
    };
    if !errors.is_empty() {
        return render_page(FormPage::new(&ctx, &state, r, String::new()).with_errors(errors)).await;
    }
    book::set_logo(&state.db, &actor, &r, file_id).await?;
    done(&ctx, "flash-saved", &format!("/regions/{}/book", r.code)).await
}
