//! The Python runtime the code cells run in (Pyodide), served from this origin: the core
//! files the web build copies under `/pyodide/{version}/`, with the precompressed body the
//! browser accepts and immutable caching (the version is in the path), and the package
//! wheels an admin drops into `PYODIDE_PACKAGES_DIR`, under `/pyodide/packages/`.

use std::path::{Path, PathBuf};

use actix_files::NamedFile;
use actix_web::{
    HttpRequest, HttpResponse,
    http::header::{self, ContentEncoding},
    web,
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{error::ApiError, state::AppState};

/// The npm `pyodide` release the web build copies; bump both together.
pub const VERSION: &str = "314.0.8";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Wheels may be replaced by an admin under the same name: cached for a day, revalidated.
const PACKAGES_CACHE: &str = "public, max-age=86400";

/// Mounts the runtime's files; call before the SPA's catch-all.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/pyodide/packages/{file}", web::get().to(package)).route("/pyodide/{version}/{file}", web::get().to(core_file));
}

/// A file name with no path in it.
fn plain_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-+".contains(&b))
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, e)| e) {
        Some("wasm") => "application/wasm",
        Some("mjs" | "js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("zip" | "whl") => "application/zip",
        Some("tar" | "gz" | "bz2") => "application/octet-stream",
        _ => "application/octet-stream",
    }
}

async fn is_file(path: &Path) -> bool {
    tokio::fs::metadata(path).await.is_ok_and(|m| m.is_file())
}

/// The precompressed sibling the request accepts (`.br`, then `.gz`), or the file itself.
async fn pick(dir: &Path, name: &str, accept: &str) -> Option<(PathBuf, Option<ContentEncoding>)> {
    let accepts = |coding: &str| accept.split(',').any(|a| a.split(';').next().is_some_and(|c| c.trim() == coding));
    for (coding, ext, encoding) in [("br", "br", ContentEncoding::Brotli), ("gzip", "gz", ContentEncoding::Gzip)] {
        let candidate = dir.join(format!("{name}.{ext}"));
        if accepts(coding) && is_file(&candidate).await {
            return Some((candidate, Some(encoding)));
        }
    }
    let raw = dir.join(name);
    is_file(&raw).await.then_some((raw, None))
}

async fn send(req: &HttpRequest, dir: &Path, name: &str, cache: &'static str) -> Result<HttpResponse, ApiError> {
    let accept = req.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let Some((path, encoding)) = pick(dir, name, &accept).await else { return Err(ApiError::NotFound("file")) };
    let file = NamedFile::open_async(&path).await.map_err(|e| ApiError::Internal(e.into()))?;
    let file = file.set_content_type(content_type(name).parse().map_err(|e: actix_web::mime::FromStrError| ApiError::Internal(e.into()))?);
    // Identity for the raw file keeps the compression middleware off a 9 MB binary.
    let file = file.set_content_encoding(encoding.unwrap_or(ContentEncoding::Identity));
    let mut res = file.into_response(req);
    res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static(cache));
    res.headers_mut().insert(header::VARY, header::HeaderValue::from_static("Accept-Encoding"));
    Ok(res)
}

async fn core_file(st: web::Data<AppState>, req: HttpRequest, path: web::Path<(String, String)>) -> Result<HttpResponse, ApiError> {
    let (version, name) = path.into_inner();
    if version != VERSION || !plain_name(&name) || name.ends_with(".br") || name.ends_with(".gz") {
        return Err(ApiError::NotFound("file"));
    }
    send(&req, &st.settings.web_dist.join("pyodide").join(VERSION), &name, IMMUTABLE).await
}

async fn package(st: web::Data<AppState>, req: HttpRequest, name: web::Path<String>) -> Result<HttpResponse, ApiError> {
    if !plain_name(&name) {
        return Err(ApiError::NotFound("file"));
    }
    send(&req, &st.settings.pyodide.packages_dir, &name, PACKAGES_CACHE).await
}

/// Where the code cells get their runtime and packages.
#[derive(Debug, Serialize, ToSchema)]
pub struct PyodideInfo {
    /// The runtime's files (`pyodide.mjs`, the WebAssembly, the standard library).
    pub index_url: String,
    /// Where packages beyond the standard library load from: `PYODIDE_PACKAGES_URL`, or this
    /// site's `/pyodide/packages/` when an admin has put wheels in `PYODIDE_PACKAGES_DIR`;
    /// `null` when there are none (cells then say which package is missing).
    pub packages_url: Option<String>,
    /// Whether pages are cross-origin isolated (`CROSS_ORIGIN_ISOLATION=on`), so a running
    /// cell can be interrupted in place instead of restarting Python.
    pub cross_origin_isolated: bool,
}

pub async fn info(st: &AppState) -> PyodideInfo {
    let settings = &st.settings.pyodide;
    let local = match tokio::fs::read_dir(&settings.packages_dir).await {
        Ok(mut entries) => entries.next_entry().await.is_ok_and(|e| e.is_some()),
        Err(_) => false,
    };
    PyodideInfo {
        index_url: format!("/pyodide/{VERSION}/"),
        packages_url: settings.packages_url.clone().or_else(|| local.then(|| "/pyodide/packages/".to_string())),
        cross_origin_isolated: st.settings.http.cross_origin_isolation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_are_served() {
        assert!(plain_name("pyodide.asm.wasm"));
        assert!(plain_name("numpy-2.2.5-cp313-cp313-pyodide_2025_0_wasm32.whl"));
        assert!(!plain_name("../secret"));
        assert!(!plain_name(".env"));
        assert!(!plain_name("a/b"));
    }

    #[tokio::test]
    async fn the_accepted_precompressed_body_is_chosen() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.wasm"), b"raw").unwrap();
        std::fs::write(dir.path().join("x.wasm.br"), b"br").unwrap();
        std::fs::write(dir.path().join("x.wasm.gz"), b"gz").unwrap();
        assert_eq!(pick(dir.path(), "x.wasm", "gzip, deflate, br").await.map(|p| p.1), Some(Some(ContentEncoding::Brotli)));
        assert_eq!(pick(dir.path(), "x.wasm", "gzip;q=1.0").await.map(|p| p.1), Some(Some(ContentEncoding::Gzip)));
        assert_eq!(pick(dir.path(), "x.wasm", "").await.map(|p| p.1), Some(None));
        assert!(pick(dir.path(), "y.wasm", "br").await.is_none());
    }
}
