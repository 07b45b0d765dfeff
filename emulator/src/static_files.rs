//! `--static DIR`: files for every path outside the API and control API,
//! served by `tower-http`'s `ServeDir` (directories mean their
//! `index.html`; no path leaves `DIR`; ranges and conditional requests),
//! with the emulator's headers added as layers.

use std::convert::Infallible;
use std::path::Path;

use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower::service_fn;
use tower::util::{MapResponseLayer, ServiceExt};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The site under `root`: `GET` and `HEAD` only (else 405), 404 for what
/// is not there, `Cache-Control: no-cache` on every file, and `csp` as the
/// `Content-Security-Policy` when given.
pub fn site(root: &Path, csp: Option<HeaderValue>) -> Router {
    let files = ServeDir::new(root)
        .append_index_html_on_directories(true)
        .fallback(service_fn(|_: Request| async {
            Ok::<_, Infallible>(not_found())
        }));
    Router::new()
        .fallback_service(files)
        .layer(MapResponseLayer::new(web_content_type))
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            CONTENT_SECURITY_POLICY,
            csp,
        ))
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
            )
        }
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
}
