//! `--static DIR`: files for every path outside the API and control API,
//! served by `tower-http`'s `ServeDir` (directories mean their
//! `index.html`; no path leaves `DIR`; ranges and conditional requests),
//! with the emulator's headers added as layers; with `--gzip`, compressed
//! as docs/hosting.md's nginx block does (`gzip_static`, then `gzip_types`).

use std::convert::Infallible;
use std::path::Path;

use axum::extract::Request;
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, VARY,
};
use axum::http::{Extensions, HeaderMap, HeaderValue, StatusCode, Version};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower::service_fn;
use tower::util::{MapResponseLayer, ServiceExt};
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The content types `--gzip` compresses: docs/hosting.md's `gzip_types`, plus
/// HTML, which nginx always compresses.
const GZIP_TYPES: [&str; 7] = [
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/wasm",
    "application/json",
    "image/svg+xml",
];
/// nginx's default `gzip_min_length`: smaller files are sent as they are.
const GZIP_MIN_LENGTH: u16 = 20;

/// The site under `root`: `GET` and `HEAD` only (else 405), 404 for what
/// is not there, `Cache-Control: no-cache` on every file, and `csp` as the
/// `Content-Security-Policy` when given. With `gzip`, a client that accepts
/// gzip gets a file's `.gz` beside it when there is one, else the
/// [`GZIP_TYPES`] compressed on the fly, with `Vary: Accept-Encoding`.
pub fn site(root: &Path, csp: Option<HeaderValue>, gzip: bool) -> Router {
    let mut files = ServeDir::new(root).append_index_html_on_directories(true);
    if gzip {
        files = files.precompressed_gzip();
    }
    let files = files.fallback(service_fn(|_: Request| async {
        Ok::<_, Infallible>(not_found())
    }));
    let site = Router::new()
        .fallback_service(files)
        .layer(MapResponseLayer::new(web_content_type))
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            CONTENT_SECURITY_POLICY,
            csp,
        ));
    if !gzip {
        return site;
    }
    site.layer(MapResponseLayer::new(vary_on_encoding)).layer(
        CompressionLayer::new()
            .gzip(true)
            .compress_when(SizeAbove::new(GZIP_MIN_LENGTH).and(compressible)),
    )
}

/// Whether a response's content type is one of [`GZIP_TYPES`] (parameters ignored).
fn compressible(_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions) -> bool {
    let Some(value) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim();
    GZIP_TYPES
        .iter()
        .any(|wanted| essence.eq_ignore_ascii_case(wanted))
}

/// `Vary: Accept-Encoding` on every compressible file, the precompressed
/// ones included (the compression layer adds it only to what it compresses).
fn vary_on_encoding(mut response: Response) -> Response {
    let status = response.status();
    let version = response.version();
    if compressible(status, version, response.headers(), response.extensions()) {
        response
            .headers_mut()
            .insert(VARY, HeaderValue::from_name(ACCEPT_ENCODING));
    }
    response
}

/// Answers `request` from `site`. A path with an encoded NUL names no
/// file: 404 (the file system would refuse it with an error).
pub async fn serve(site: &Router, request: Request) -> Response {
    if request.uri().path().to_ascii_lowercase().contains("%00") {
        return not_found();
    }
    match site.clone().oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// The content types browsers expect for the site: HTML as UTF-8, and
/// JavaScript modules (`.mjs` too) as `text/javascript`.
fn web_content_type(mut response: Response) -> Response {
    let wanted = match response
        .headers()
        .get(CONTENT_TYPE)
        .map(HeaderValue::as_bytes)
    {
        Some(b"text/html") => "text/html; charset=utf-8",
        Some(b"application/javascript") => "text/javascript",
        _ => return response,
    };
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(wanted));
    response
}

/// 404 for a path the emulator has nothing for, in plain text.
pub fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::Method;

    /// A site in a fresh directory beside a file outside it; removed when
    /// dropped.
    struct Files(std::path::PathBuf);

    impl Files {
        fn new(name: &str) -> Files {
            let root =
                std::env::temp_dir().join(format!("emulator-static-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&root);
            let site = root.join("site");
            let made = std::fs::create_dir_all(site.join("pkg"))
                .and_then(|()| std::fs::write(root.join("secret.txt"), "outside"))
                .and_then(|()| std::fs::write(site.join("index.html"), "<p>home</p>"))
                .and_then(|()| std::fs::write(site.join("pkg/a.js"), "1"))
                .and_then(|()| std::fs::write(site.join("pkg/a.MJS"), "2"))
                .and_then(|()| std::fs::write(site.join("a b.txt"), "spaced"))
                .and_then(|()| std::fs::write(site.join("README"), "plain"));
            assert!(made.is_ok(), "{made:?}");
            Files(root)
        }

        fn site(&self) -> Router {
            site(
                &self.0.join("site"),
                Some(HeaderValue::from_static("default-src 'self'")),
                false,
            )
        }

        /// The site as `--gzip` serves it, with a module whose `.gz` lies beside it
        /// (its text differs, so a test sees which one was sent) and a JSON file without.
        fn gzip_site(&self) -> Router {
            let site_dir = self.0.join("site");
            let made = std::fs::write(site_dir.join("app.js"), MODULE)
                .and_then(|()| std::fs::write(site_dir.join("app.js.gz"), gzip(PRECOMPRESSED)))
                .and_then(|()| std::fs::write(site_dir.join("config.json"), CONFIG))
                .and_then(|()| std::fs::write(site_dir.join("notes.txt"), CONFIG));
            assert!(made.is_ok(), "{made:?}");
            site(&site_dir, None, true)
        }
    }

    const MODULE: &str = "export const answer = 42; // the module, long enough to be compressed";
    const PRECOMPRESSED: &str = "export const answer = 42; // its precompressed copy";
    const CONFIG: &str = "{ \"demo\": true, \"note\": \"long enough to be worth compressing\" }";

    fn gzip(text: &str) -> Vec<u8> {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let written = encoder.write_all(text.as_bytes());
        assert!(written.is_ok(), "{written:?}");
        encoder.finish().unwrap_or_default()
    }

    fn gunzip(bytes: &[u8]) -> String {
        use std::io::Read;
        let mut text = String::new();
        let read = flate2::read::GzDecoder::new(bytes).read_to_string(&mut text);
        assert!(read.is_ok(), "{read:?}");
        text
    }

    async fn get_accepting(site: &Router, path: &str, encoding: Option<&str>) -> Response {
        let mut request = Request::builder().uri(path);
        if let Some(encoding) = encoding {
            request = request.header("accept-encoding", encoding);
        }
        match request.body(Body::empty()) {
            Ok(request) => serve(site, request).await,
            Err(e) => panic!("{path}: {e}"),
        }
    }

    async fn body(response: Response) -> Vec<u8> {
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await;
        bytes.map(|b| b.to_vec()).unwrap_or_default()
    }

    impl Drop for Files {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    async fn get(site: &Router, method: Method, path: &str) -> Response {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .body(Body::empty());
        match request {
            Ok(request) => serve(site, request).await,
            Err(e) => panic!("{path}: {e}"),
        }
    }

    fn header<'a>(response: &'a Response, name: &str) -> Option<&'a str> {
        response.headers().get(name).and_then(|v| v.to_str().ok())
    }

    #[tokio::test]
    async fn content_types_follow_the_extension() {
        let files = Files::new("types");
        let site = files.site();
        for (path, expected) in [
            ("/", "text/html; charset=utf-8"),
            ("/pkg/a.js", "text/javascript"),
            ("/pkg/a.MJS", "text/javascript"),
            ("/a%20b.txt", "text/plain"),
            ("/README", "application/octet-stream"),
        ] {
            let response = get(&site, Method::GET, path).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(header(&response, "content-type"), Some(expected), "{path}");
            assert_eq!(
                header(&response, "cache-control"),
                Some("no-cache"),
                "{path}"
            );
            assert_eq!(
                header(&response, "content-security-policy"),
                Some("default-src 'self'"),
                "{path}"
            );
        }
    }

    #[tokio::test]
    async fn paths_stay_inside_the_root() {
        let files = Files::new("inside");
        let site = files.site();
        for path in [
            "/../secret.txt",
            "/pkg/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/pkg%5c..%5c..%5csecret.txt",
            "/%00",
            "/index.html%00.js",
            "/%zz",
            "/%ff",
        ] {
            let response = get(&site, Method::GET, path).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        }
    }

    #[tokio::test]
    async fn only_get_and_head_are_answered() {
        let files = Files::new("methods");
        let site = files.site();
        assert_eq!(get(&site, Method::HEAD, "/").await.status(), StatusCode::OK);
        let post = get(&site, Method::POST, "/").await;
        assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert!(header(&post, "allow").is_some_and(|allow| allow.contains("GET")));
    }

    #[tokio::test]
    async fn gzip_sends_the_precompressed_file_beside_one() {
        let files = Files::new("gzip-static");
        let site = files.gzip_site();
        let response = get_accepting(&site, "/app.js", Some("gzip, deflate, br")).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, "content-encoding"), Some("gzip"));
        assert_eq!(header(&response, "content-type"), Some("text/javascript"));
        assert_eq!(header(&response, "vary"), Some("accept-encoding"));
        assert_eq!(header(&response, "cache-control"), Some("no-cache"));
        assert_eq!(gunzip(&body(response).await), PRECOMPRESSED);
    }

    #[tokio::test]
    async fn gzip_compresses_the_listed_types_on_the_fly() {
        let files = Files::new("gzip-fly");
        let site = files.gzip_site();
        let response = get_accepting(&site, "/config.json", Some("gzip")).await;
        assert_eq!(header(&response, "content-encoding"), Some("gzip"));
        assert_eq!(header(&response, "content-type"), Some("application/json"));
        assert_eq!(header(&response, "vary"), Some("accept-encoding"));
        assert_eq!(gunzip(&body(response).await), CONFIG);
    }

    #[tokio::test]
    async fn gzip_leaves_other_types_and_other_clients_alone() {
        let files = Files::new("gzip-plain");
        let site = files.gzip_site();
        let text = get_accepting(&site, "/notes.txt", Some("gzip")).await;
        assert_eq!(header(&text, "content-encoding"), None);
        assert_eq!(body(text).await, CONFIG.as_bytes());
        let identity = get_accepting(&site, "/app.js", None).await;
        assert_eq!(header(&identity, "content-encoding"), None);
        assert_eq!(header(&identity, "vary"), Some("accept-encoding"));
        assert_eq!(body(identity).await, MODULE.as_bytes());
    }

    #[tokio::test]
    async fn without_gzip_nothing_is_compressed() {
        let files = Files::new("gzip-off");
        let _ = files.gzip_site();
        let site = files.site();
        for path in ["/app.js", "/config.json"] {
            let response = get_accepting(&site, path, Some("gzip")).await;
            assert_eq!(header(&response, "content-encoding"), None, "{path}");
            assert_eq!(header(&response, "vary"), None, "{path}");
        }
    }
}
