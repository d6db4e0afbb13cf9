//! Public pages served like files. What an anonymous reader sees of the portal (the index, a
//! region's page, its public monitoring page) and a region's open-data files is the same for
//! every reader until the data changes, so the first answer after a change is kept as finished
//! bytes — plain, gzip and brotli — under the data version and the day, with a strong `ETag`
//! (a hash of the bytes). Later readers get those bytes without a session, a database query or a
//! template; a browser or proxy that already has them gets `304 Not Modified`.
//!
//! Only requests without a session cookie and without a bearer token are answered from here
//! (a signed-in reader's pages name them), and only `200` answers that set no cookie are kept.

use crate::AppState;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

/// Bytes kept at most (all three encodings of every entry): the server's memory stays small.
const BUDGET: usize = 24 * 1024 * 1024;
/// An answer larger than this is served as it comes, never kept.
const LARGEST: u64 = 4 * 1024 * 1024;
/// Longer addresses are not kept (a search query could otherwise fill the cache with junk).
const LONGEST_KEY: usize = 256;

/// Whether `path` is one of the pages and files kept here.
pub fn is_public(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("/publik") else {
        return match path.strip_prefix("/api/v1/regions/") {
            Some(rest) => rest.split_once('/').is_some_and(|(code, file)| {
                !code.is_empty()
                    && matches!(
                        file,
                        "programmes.csv"
                            | "programmes.json"
                            | "budgets.csv"
                            | "budgets.json"
                            | "kpis.csv"
                            | "kpis.json"
                            | "evaluations.csv"
                            | "evaluations.json"
                    )
            }),
            None => false,
        };
    };
    match rest.strip_prefix('/') {
        None => rest.is_empty(),
        Some(rest) => match rest.split_once('/') {
            None => !rest.is_empty(),
            Some((code, "pemantauan")) => !code.is_empty(),
            Some(_) => false,
        },
    }
}

struct Entry {
    version: i64,
    day: chrono::NaiveDate,
    etag: HeaderValue,
    headers: Vec<(header::HeaderName, HeaderValue)>,
    plain: Bytes,
    gzip: Bytes,
    brotli: Bytes,
    used: u64,
}

impl Entry {
    fn size(&self) -> usize {
        self.plain.len() + self.gzip.len() + self.brotli.len()
    }
}

#[derive(Default)]
pub struct PublicCache {
    entries: Mutex<(HashMap<String, Arc<Entry>>, usize)>,
    tick: std::sync::atomic::AtomicU64,
    /// One build per address at a time: a burst of readers after a change waits for the one
    /// build instead of rendering (and holding in memory) the same page thirty times.
    building: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl PublicCache {
    fn get(&self, key: &str, version: i64, day: chrono::NaiveDate) -> Option<Arc<Entry>> {
        let entries = self.entries.lock().ok()?;
        let e = entries.0.get(key)?;
        (e.version == version && e.day == day).then(|| e.clone())
    }

    fn put(&self, key: String, mut entry: Entry) -> Arc<Entry> {
        entry.used = self.tick.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let entry = Arc::new(entry);
        let Ok(mut guard) = self.entries.lock() else { return entry };
        let (map, bytes) = &mut *guard;
        if let Some(old) = map.remove(&key) {
            *bytes -= old.size();
        }
        // Entries of an older version are worth nothing any more; then drop the oldest.
        if *bytes + entry.size() > BUDGET {
            map.retain(|_, e| e.version == entry.version);
            *bytes = map.values().map(|e| e.size()).sum();
        }
        while *bytes + entry.size() > BUDGET {
            let Some(oldest) = map.iter().min_by_key(|(_, e)| e.used).map(|(k, _)| k.clone()) else { break };
            if let Some(e) = map.remove(&oldest) {
                *bytes -= e.size();
            }
        }
        if entry.size() <= BUDGET {
            *bytes += entry.size();
            map.insert(key, entry.clone());
        }
        entry
    }

    fn build_lock(&self, key: &str) -> Option<Arc<tokio::sync::Mutex<()>>> {
        let mut b = self.building.lock().ok()?;
        // Drop the locks nobody holds any more (only this map refers to them).
        if b.len() > 64 {
            b.retain(|_, l| Arc::strong_count(l) > 1);
        }
        Some(b.entry(key.to_string()).or_default().clone())
    }

    /// Bytes held now (for the metrics and the tests).
    pub fn bytes(&self) -> usize {
        self.entries.lock().map(|e| e.1).unwrap_or(0)
    }
}

fn anonymous(headers: &HeaderMap) -> bool {
    let session = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| c.trim_start().starts_with(crate::SESSION_COOKIE));
    !session && !headers.contains_key(header::AUTHORIZATION)
}

pub async fn serve(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let keep = matches!(*req.method(), Method::GET | Method::HEAD)
        && is_public(req.uri().path())
        && anonymous(req.headers())
        && req.uri().path_and_query().is_some_and(|p| p.as_str().len() <= LONGEST_KEY);
    let (Some(version), true) = (state.live.data(), keep) else {
        return next.run(req).await;
    };
    let key = req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default();
    let day = chrono::Utc::now().date_naive();
    let head = req.method() == Method::HEAD;
    let wants = Encoding::choose(req.headers());
    let known = req.headers().get(header::IF_NONE_MATCH).cloned();
    let entry = match state.public.get(&key, version, day) {
        Some(e) => e,
        // The router answers HEAD without a body: only a GET can fill the cache.
        None if head => return next.run(req).await,
        None => {
            let lock = state.public.build_lock(&key);
            let _one = match &lock {
                Some(l) => Some(l.lock().await),
                None => None,
            };
            if let Some(e) = state.public.get(&key, version, day) {
                return answer(&e, wants, known.as_ref(), head);
            }
            let resp = next.run(req).await;
            match keepable(resp).await {
                Ok((headers, plain)) => match build(headers.clone(), plain.clone(), version, day).await {
                    Some(entry) => state.public.put(key, entry),
                    None => {
                        let mut resp = Response::new(Body::from(plain));
                        resp.headers_mut().extend(headers);
                        return resp;
                    }
                },
                Err(resp) => return resp,
            }
        }
    };
    answer(&entry, wants, known.as_ref(), head)
}

/// The answer's kept headers and body, when it may be kept; else the answer itself. A streamed
/// body (a region's open-data file) is gathered chunk by chunk; past [`LARGEST`] it is handed on
/// as it comes, the chunks already read first.
async fn keepable(resp: Response) -> Result<(Vec<(header::HeaderName, HeaderValue)>, Bytes), Response> {
    use futures::StreamExt;
    let too_large = resp.body().size_hint().exact().is_some_and(|n| n > LARGEST);
    if resp.status() != StatusCode::OK
        || resp.headers().contains_key(header::SET_COOKIE)
        || resp.headers().contains_key(header::CONTENT_ENCODING)
        || too_large
    {
        return Err(resp);
    }
    let (parts, body) = resp.into_parts();
    let kept = [header::CONTENT_TYPE, header::CONTENT_DISPOSITION, header::CONTENT_LANGUAGE]
        .into_iter()
        .filter_map(|h| parts.headers.get(&h).map(|v| (h, v.clone())))
        .collect();
    let mut stream = body.into_data_stream();
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut total = 0u64;
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
        };
        total += chunk.len() as u64;
        chunks.push(chunk);
        if total > LARGEST {
            let read = futures::stream::iter(chunks.into_iter().map(Ok::<_, axum::Error>));
            return Err(Response::from_parts(parts, Body::from_stream(read.chain(stream).fuse())));
        }
    }
    Ok((kept, Bytes::from(chunks.concat())))
}

/// Compress once (off the async workers) and hash the plain bytes for the ETag.
async fn build(
    headers: Vec<(header::HeaderName, HeaderValue)>,
    plain: Bytes,
    version: i64,
    day: chrono::NaiveDate,
) -> Option<Entry> {
    tokio::task::spawn_blocking(move || {
        let digest = Sha256::digest(&plain);
        let etag = HeaderValue::from_str(&format!("\"{}\"", hex::encode(&digest[..12]))).ok()?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&plain).ok()?;
        let gzip = Bytes::from(gz.finish().ok()?);
        let mut br = Vec::new();
        let params = brotli::enc::BrotliEncoderParams { quality: 9, lgwin: 22, ..Default::default() };
        brotli::BrotliCompress(&mut &plain[..], &mut br, &params).ok()?;
        Some(Entry { version, day, etag, headers, plain, gzip, brotli: Bytes::from(br), used: 0 })
    })
    .await
    .ok()
    .flatten()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Encoding {
    Brotli,
    Gzip,
    Plain,
}

impl Encoding {
    /// The best encoding the client accepts (`q=0` refuses one).
    fn choose(headers: &HeaderMap) -> Encoding {
        let mut best = Encoding::Plain;
        for value in headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()) {
            for item in value.split(',') {
                let mut parts = item.split(';');
                let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
                let refused = parts.any(|p| {
                    p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()).is_some_and(|q| q <= 0.0)
                });
                if refused {
                    continue;
                }
                match name.as_str() {
                    "br" => best = Encoding::Brotli,
                    "gzip" | "x-gzip" if best == Encoding::Plain => best = Encoding::Gzip,
                    _ => {}
                }
            }
        }
        best
    }
}

/// Whether an `If-None-Match` header names this ETag (weak comparison, as RFC 9110 asks).
fn matches(known: &HeaderValue, etag: &HeaderValue) -> bool {
    let Ok(known) = known.to_str() else { return false };
    let Ok(etag) = etag.to_str() else { return false };
    known.trim() == "*" || known.split(',').any(|t| t.trim().trim_start_matches("W/") == etag)
}

fn answer(entry: &Entry, wants: Encoding, known: Option<&HeaderValue>, head: bool) -> Response {
    let mut resp = if known.is_some_and(|k| matches(k, &entry.etag)) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let (body, coding) = match wants {
            Encoding::Brotli => (entry.brotli.clone(), Some("br")),
            Encoding::Gzip => (entry.gzip.clone(), Some("gzip")),
            Encoding::Plain => (entry.plain.clone(), None),
        };
        let len = body.len();
        let mut r = if head { Response::new(Body::empty()) } else { Response::new(Body::from(body)) };
        for (name, value) in &entry.headers {
            r.headers_mut().insert(name.clone(), value.clone());
        }
        if let Some(c) = coding {
            r.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static(c));
        }
        r.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(len));
        r
    };
    let h = resp.headers_mut();
    h.insert(header::ETAG, entry.etag.clone());
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    // Any cache may keep it, and must ask again (cheaply, with the ETag) before reusing it.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, no-cache"));
    resp
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn which_addresses_are_public() {
        for p in ["/publik", "/publik/11.01", "/publik/11.01/pemantauan", "/api/v1/regions/11.01/kpis.csv"] {
            assert!(is_public(p), "{p}");
        }
        for p in [
            "/publikasi",
            "/publik/",
            "/publik/11.01/konsultasi",
            "/publik/11.01/buku.pdf",
            "/api/v1/regions/11.01/participation",
            "/api/v1/regions//kpis.csv",
            "/api/v1/national/kpis.csv",
            "/regions/11.01",
        ] {
            assert!(!is_public(p), "{p}");
        }
    }

    #[test]
    fn encodings_follow_accept_encoding() {
        let h = |v: &str| {
            let mut m = HeaderMap::new();
            m.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
            m
        };
        assert_eq!(Encoding::choose(&h("gzip, deflate, br")), Encoding::Brotli);
        assert_eq!(Encoding::choose(&h("br;q=0, gzip")), Encoding::Gzip);
        assert_eq!(Encoding::choose(&h("identity")), Encoding::Plain);
        assert_eq!(Encoding::choose(&HeaderMap::new()), Encoding::Plain);
        let tag = HeaderValue::from_static("\"abc\"");
        assert!(matches(&HeaderValue::from_static("\"x\", W/\"abc\""), &tag));
        assert!(!matches(&HeaderValue::from_static("\"abcd\""), &tag));
    }
}
