//! The official list of Indonesian areas (Kemendagri codes, from idn-area-data, ODbL 1.0):
//! provinces, kabupaten/kota by name or code, the kecamatan of a kabupaten/kota and the
//! desa/kelurahan of a kecamatan. Public open data like the Permendagri 90 codes: no token, the
//! same answer for everyone, so caches may keep it for a day (the list only changes with a new
//! release of the product) and revalidate it by its ETag.

use crate::error::{ApiError, ApiErrorBody, WebError};
use axum::extract::Query;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kotacerdas_areas as areas;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Most items one search answers.
pub const MAX_SEARCH: u32 = 100;
/// Most children one list answers (the largest kecamatan has about 110 desa/kelurahan).
pub const MAX_CHILDREN: u32 = 1000;

#[derive(Serialize, ToSchema)]
pub struct ProvinceDto {
    /// Kemendagri code, e.g. `32`.
    pub code: String,
    /// e.g. `Jawa Barat`.
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct RegencyDto {
    /// Kemendagri code, e.g. `32.73`.
    pub code: String,
    /// The official name with its kind, e.g. `Kota Bandung`.
    pub name: String,
    /// `kabupaten` or `kota`.
    pub kind: String,
    pub province_code: String,
    pub province_name: String,
}

#[derive(Serialize, ToSchema)]
pub struct DistrictDto {
    /// Kemendagri code, e.g. `32.73.01`.
    pub code: String,
    /// The kecamatan's name, e.g. `Sukasari`.
    pub name: String,
    pub regency_code: String,
}

#[derive(Serialize, ToSchema)]
pub struct VillageDto {
    /// Kemendagri code, e.g. `32.73.01.1001`.
    pub code: String,
    pub name: String,
    /// `kelurahan` or `desa`.
    pub kind: String,
    pub district_code: String,
}

/// A list of areas with the attribution of the data they come from (one type per kind of area,
/// so the document names each).
macro_rules! area_list {
    ($name:ident, $item:ty) => {
        #[derive(Serialize, ToSchema)]
        pub struct $name {
            pub items: Vec<$item>,
            /// How many items.
            pub count: usize,
            /// The data and its version: `idn-area-data 4.0.1`.
            pub source: String,
            /// The data's licence (SPDX): `ODbL-1.0`.
            pub licence: String,
        }

        impl From<Vec<$item>> for $name {
            fn from(items: Vec<$item>) -> Self {
                $name {
                    count: items.len(),
                    items,
                    source: format!("idn-area-data {}", areas::version()),
                    licence: "ODbL-1.0".into(),
                }
            }
        }
    };
}
area_list!(ProvinceList, ProvinceDto);
area_list!(RegencyList, RegencyDto);
area_list!(DistrictList, DistrictDto);
area_list!(VillageList, VillageDto);

#[derive(Debug, Deserialize, IntoParams)]
pub struct ProvinceParams {
    /// A name in any case, with or without `Provinsi` in front, or a code. Empty: all of them.
    #[param(max_length = 100)]
    #[serde(default)]
    pub q: String,
    /// At most this many items (default 100).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct SearchParams {
    /// A name in any case, with or without `Kab.`, `Kabupaten`, `Kota` or `Provinsi` in front,
    /// or a code (dotted or not, or its beginning). Empty: the first items in code order.
    #[param(max_length = 100)]
    #[serde(default)]
    pub q: String,
    /// Only the kabupaten/kota of this province (code).
    #[param(pattern = r"^[0-9]{2}$")]
    #[serde(default)]
    pub province: Option<String>,
    /// At most this many items (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct DistrictParams {
    /// The kabupaten/kota code, dotted (`32.73`) or not (`3273`).
    #[param(pattern = r"^([0-9]{2}\.[0-9]{2}|[0-9]{4})$")]
    pub regency: String,
    /// Only the kecamatan whose name contains these words.
    #[param(max_length = 100)]
    #[serde(default)]
    pub q: String,
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct VillageParams {
    /// The kecamatan code, dotted (`32.73.01`) or not (`327301`).
    #[param(pattern = r"^([0-9]{2}\.[0-9]{2}\.[0-9]{2}|[0-9]{6})$")]
    pub district: String,
    /// Only the desa/kelurahan whose name contains these words.
    #[param(max_length = 100)]
    #[serde(default)]
    pub q: String,
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
}

/// The limit asked for, within 1..=max; a query within its length.
fn bounds(q: &str, limit: Option<u32>, default: u32, max: u32) -> Result<usize, ApiError> {
    if q.chars().count() > areas::MAX_QUERY {
        return Err(ApiError(WebError::BadRequest("error-area-query")));
    }
    match limit.unwrap_or(default) {
        n if (1..=max).contains(&n) => Ok(n as usize),
        _ => Err(ApiError(WebError::BadRequest("error-area-limit"))),
    }
}

/// A parent code of the expected depth, dotted; malformed (spaces included: the document's
/// pattern has none) is a 400, unknown a 404.
fn parent(code: &str, depth: usize, exists: impl Fn(&str) -> bool) -> Result<String, ApiError> {
    let c = Some(code)
        .filter(|c| *c == c.trim())
        .and_then(areas::canonical_code)
        .filter(|c| c.split('.').count() == depth)
        .ok_or(ApiError(WebError::BadRequest("error-area-code")))?;
    if exists(&c) {
        Ok(c)
    } else {
        Err(ApiError(WebError::NotFound))
    }
}

/// The list as JSON that caches may keep for a day, with an ETag from the data's version and
/// the question; a client that has it gets a 304.
fn cacheable<L: Serialize>(headers: &HeaderMap, key: &str, list: L) -> Response {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (areas::version(), key).hash(&mut h);
    let etag = format!("\"areas-{}-{:016x}\"", areas::version(), h.finish());
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().trim_start_matches("W/") == etag));
    let mut resp = if fresh { StatusCode::NOT_MODIFIED.into_response() } else { Json(list).into_response() };
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    resp
}

/// Provinces by name or code.
#[utoipa::path(get, path = "/api/v1/areas/provinces", tag = "framework", params(ProvinceParams),
    responses((status = 200, body = ProvinceList), (status = 304, description = "Not modified (ETag)"), (status = 400, body = ApiErrorBody)))]
pub async fn provinces(headers: HeaderMap, Query(p): Query<ProvinceParams>) -> Result<Response, ApiError> {
    let limit = bounds(&p.q, p.limit, MAX_SEARCH, MAX_SEARCH)?;
    let items: Vec<ProvinceDto> = areas::search_provinces(&p.q, limit)
        .into_iter()
        .map(|x| ProvinceDto { code: x.code.into(), name: x.name.into() })
        .collect();
    Ok(cacheable(&headers, &format!("p|{}|{limit}", p.q), ProvinceList::from(items)))
}

/// Official kabupaten/kota by name ("Kab. Bandung", "kota bandung", "bandung") or code ("3273",
/// "32.73"), best matches first.
#[utoipa::path(get, path = "/api/v1/areas/regencies", tag = "framework", params(SearchParams),
    responses((status = 200, body = RegencyList), (status = 304, description = "Not modified (ETag)"), (status = 400, body = ApiErrorBody),
        (status = 404, description = "No province with that code", body = ApiErrorBody)))]
pub async fn regencies(headers: HeaderMap, Query(p): Query<SearchParams>) -> Result<Response, ApiError> {
    let limit = bounds(&p.q, p.limit, 20, MAX_SEARCH)?;
    let province = match p.province.as_deref() {
        Some(code) => Some(parent(code, 1, |c| areas::province(c).is_some())?),
        None => None,
    };
    let found = match &province {
        // Within a province every match counts, then the limit.
        Some(pc) => areas::search_regencies(&p.q, usize::MAX)
            .into_iter()
            .filter(|r| r.province_code == pc)
            .take(limit)
            .collect(),
        None => areas::search_regencies(&p.q, limit),
    };
    let items: Vec<RegencyDto> = found.into_iter().map(regency_dto).collect();
    Ok(cacheable(&headers, &format!("r|{}|{province:?}|{limit}", p.q), RegencyList::from(items)))
}

pub fn regency_dto(r: areas::Regency) -> RegencyDto {
    RegencyDto {
        code: r.code.into(),
        name: r.name.into(),
        kind: r.kind().as_str().into(),
        province_code: r.province_code.into(),
        province_name: r.province().map(|p| p.name).unwrap_or_default().into(),
    }
}

/// The kecamatan of a kabupaten/kota, in code order.
#[utoipa::path(get, path = "/api/v1/areas/districts", tag = "framework", params(DistrictParams),
    responses((status = 200, body = DistrictList), (status = 304, description = "Not modified (ETag)"), (status = 400, body = ApiErrorBody),
        (status = 404, description = "No kabupaten/kota with that code", body = ApiErrorBody)))]
pub async fn districts(headers: HeaderMap, Query(p): Query<DistrictParams>) -> Result<Response, ApiError> {
    let limit = bounds(&p.q, p.limit, MAX_CHILDREN, MAX_CHILDREN)?;
    let regency = parent(&p.regency, 2, |c| areas::regency(c).is_some())?;
    let items: Vec<DistrictDto> = areas::search_districts(&regency, &p.q, limit)
        .into_iter()
        .map(|d| DistrictDto { code: d.code.into(), name: d.name.into(), regency_code: d.regency_code.into() })
        .collect();
    Ok(cacheable(&headers, &format!("d|{regency}|{}|{limit}", p.q), DistrictList::from(items)))
}

/// The desa/kelurahan of a kecamatan, in code order.
#[utoipa::path(get, path = "/api/v1/areas/villages", tag = "framework", params(VillageParams),
    responses((status = 200, body = VillageList), (status = 304, description = "Not modified (ETag)"), (status = 400, body = ApiErrorBody),
        (status = 404, description = "No kecamatan with that code", body = ApiErrorBody)))]
pub async fn villages(headers: HeaderMap, Query(p): Query<VillageParams>) -> Result<Response, ApiError> {
    let limit = bounds(&p.q, p.limit, MAX_CHILDREN, MAX_CHILDREN)?;
    let district = parent(&p.district, 3, |c| areas::district(c).is_some())?;
    let items: Vec<VillageDto> = areas::search_villages(&district, &p.q, limit)
        .into_iter()
        .map(|v| VillageDto {
            code: v.code.into(),
            name: v.name.into(),
            kind: if v.is_kelurahan() { "kelurahan" } else { "desa" }.into(),
            district_code: v.district_code.into(),
        })
        .collect();
    Ok(cacheable(&headers, &format!("v|{district}|{}|{limit}", p.q), VillageList::from(items)))
}
