//! `/api/docs`: the JSON API as a page, read from the generated OpenAPI document (every path with
//! its method, summary, parameters and responses, grouped by tag), with no script and nothing
//! from elsewhere; the document itself stays at `/api/v1/openapi.json`.

use crate::auth::Ctx;
use crate::error::WebError;
use crate::views::{render_status, Layout};
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;
use utoipa::OpenApi;

pub struct Param {
    pub name: String,
    pub location: String,
    pub required: bool,
    pub description: String,
    pub schema: String,
}

pub struct Reply {
    pub status: String,
    pub description: String,
    pub content: String,
}

pub struct Operation {
    pub anchor: String,
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: String,
    pub bearer: bool,
    pub params: Vec<Param>,
    pub body: String,
    pub replies: Vec<Reply>,
}

pub struct Group {
    pub tag: String,
    pub description: String,
    pub operations: Vec<Operation>,
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().to_string()
}

/// A schema as a short name: `Region`, `[Region]`, `string`.
fn schema_name(s: &Value) -> String {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_string();
    }
    match s.get("type").and_then(Value::as_str) {
        Some("array") => format!("[{}]", s.get("items").map(schema_name).unwrap_or_default()),
        Some(t) => t.to_string(),
        None => String::new(),
    }
}

/// "text/csv", or "application/json: Region" when the content names a schema.
fn content(v: &Value) -> String {
    v.get("content")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(ct, c)| {
                    let s = c.get("schema").map(schema_name).unwrap_or_default();
                    if s.is_empty() {
                        ct.clone()
                    } else {
                        format!("{ct}: {s}")
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// The document's operations grouped by their first tag, tags in the document's order.
pub fn groups(doc: &Value) -> Vec<Group> {
    let mut groups: Vec<Group> = doc
        .get("tags")
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .map(|t| Group { tag: text(t, "name"), description: text(t, "description"), operations: Vec::new() })
                .collect()
        })
        .unwrap_or_default();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else { return groups };
    for (path, item) in paths {
        let Some(methods) = item.as_object() else { continue };
        for method in ["get", "post", "put", "patch", "delete"] {
            let Some(op) = methods.get(method) else { continue };
            let tag = op
                .get("tags")
                .and_then(Value::as_array)
                .and_then(|t| t.first())
                .and_then(Value::as_str)
                .unwrap_or("default")
                .to_string();
            let params = op
                .get("parameters")
                .and_then(Value::as_array)
                .map(|ps| {
                    ps.iter()
                        .map(|p| Param {
                            name: text(p, "name"),
                            location: text(p, "in"),
                            required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
                            description: text(p, "description"),
                            schema: p.get("schema").map(schema_name).unwrap_or_default(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let replies = op
                .get("responses")
                .and_then(Value::as_object)
                .map(|rs| {
                    rs.iter()
                        .map(|(status, r)| Reply {
                            status: status.clone(),
                            description: text(r, "description"),
                            content: content(r),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let operation = Operation {
                anchor: format!(
                    "{method}-{}",
                    path.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect::<String>()
                ),
                method: method.to_uppercase(),
                path: path.clone(),
                summary: text(op, "summary"),
                description: text(op, "description"),
                bearer: op.get("security").and_then(Value::as_array).is_some_and(|s| !s.is_empty()),
                params,
                body: op.get("requestBody").map(content).unwrap_or_default(),
                replies,
            };
            match groups.iter_mut().find(|g| g.tag == tag) {
                Some(g) => g.operations.push(operation),
                None => groups.push(Group { tag, description: String::new(), operations: vec![operation] }),
            }
        }
    }
    groups.retain(|g| !g.operations.is_empty());
    groups
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct DocsPage {
    l: Layout,
    title: String,
    version: String,
    description: String,
    groups: Vec<Group>,
    count: usize,
}

pub async fn page(ctx: Ctx) -> Result<Response, WebError> {
    let doc = serde_json::to_value(crate::api::ApiDoc::openapi()).map_err(|e| WebError::Internal(e.to_string()))?;
    let info = doc.get("info").cloned().unwrap_or_default();
    let groups = groups(&doc);
    let page = DocsPage {
        l: Layout::new(&ctx, "apidocs-title", "api"),
        title: text(&info, "title"),
        version: text(&info, "version"),
        description: text(&info, "description"),
        count: groups.iter().map(|g| g.operations.len()).sum(),
        groups,
    };
    render_status(StatusCode::OK, &page)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn every_path_of_the_document_is_listed() {
        let doc = serde_json::to_value(<crate::api::ApiDoc as utoipa::OpenApi>::openapi()).unwrap();
        let groups = super::groups(&doc);
        let listed: usize = groups.iter().map(|g| g.operations.len()).sum();
        let paths = doc["paths"].as_object().unwrap();
        let ops: usize = paths.values().map(|m| m.as_object().unwrap().len()).sum();
        assert_eq!(listed, ops);
        assert!(groups
            .iter()
            .any(|g| g.tag == "open-data"
                && g.operations.iter().any(|o| o.path == "/api/v1/regions/{code}/programmes.csv")));
    }
}
