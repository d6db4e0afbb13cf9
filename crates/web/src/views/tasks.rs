//! The start page: what waits for the signed-in user, grouped by kind, each with a link to the
//! page where the action happens (see [`kotacerdas_domain::tasks`]).

use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::{render, Layout};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use kotacerdas_domain::format;
use kotacerdas_domain::tasks::{self, Task, TaskKind};
use kotacerdas_domain::Role;

/// One line of the inbox, ready to show.
pub struct Row {
    pub title: String,
    pub url: String,
    pub due: Option<String>,
    pub overdue: bool,
    /// A heading before this row: the cohort, where the programme office's list changes cohort.
    pub heading: Option<String>,
}

pub struct Group {
    pub kind: &'static str,
    pub label: &'static str,
    pub rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "tasks.html")]
struct TasksPage {
    l: Layout,
    groups: Vec<Group>,
    /// Links to the user's usual places: (label, href, id).
    shortcuts: Vec<(String, String, &'static str)>,
}

fn rows(list: &[&Task], ctx: &Ctx, by_cohort: bool) -> Vec<Row> {
    let lang = ctx.lang;
    let mut last: Option<Option<&str>> = None;
    list.iter()
        .map(|t| {
            let cohort = t.cohort.as_deref();
            let heading = (by_cohort && last != Some(cohort))
                .then(|| cohort.map(str::to_string).unwrap_or_else(|| lang.t("tasks-cohort-none")));
            last = Some(cohort);
            Row {
                title: t.title(lang),
                url: t.url.clone(),
                due: t.due.map(|d| format::date(d, lang.code())),
                overdue: t.overdue,
                heading,
            }
        })
        .collect()
}

/// `/`: the signed-in user's inbox, with shortcuts to their region (or the regions) below.
pub async fn home(ctx: Ctx, State(state): State<AppState>) -> Result<Response, WebError> {
    let p = ctx.user()?;
    let list = crate::tasks::inbox(&state, p).await?;
    let groups = tasks::grouped(&list)
        .into_iter()
        .map(|(kind, items)| Group {
            kind: kind.as_str(),
            label: kind.label(ctx.lang.code()),
            rows: rows(&items, &ctx, kind == TaskKind::BehindSchedule),
        })
        .collect();
    let mut shortcuts = Vec::new();
    match p.home_region() {
        Some(rid) => {
            let r = kotacerdas_store::region::regions::by_id(&state.read, rid).await?;
            shortcuts.push((r.name.clone(), format!("/regions/{}", r.code), "shortcut-region"));
            if p.assignments.iter().any(|a| a.role == Role::OpdPlanner) {
                shortcuts.push((
                    ctx.lang.t("my-updates-title"),
                    format!("/regions/{}/monitoring/my", r.code),
                    "shortcut-my",
                ));
            }
        }
        None => shortcuts.push((ctx.lang.t("nav-regions"), "/regions".into(), "shortcut-regions")),
    }
    let mut l = Layout::new(&ctx, "tasks-title", "tasks");
    // The page's own list is fresher than the count the request started with.
    l.tasks = Some(list.len());
    render(&TasksPage { l, groups, shortcuts })
}
