//! `--static DIR`: files for every path outside the API and control API.

use std::path::{Component, Path, PathBuf};

use axum::body::Body;
use axum::http::header::{ALLOW, CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::Response;

/// The file served for a directory.
const INDEX: &str = "index.html";

/// The content type of a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript",
        "css" => "text/css",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

/// The file under `root` a request path names (percent-decoded, `/` and
/// directories meaning their `index.html`), or `None` if the path tries to
/// leave `root` or cannot name a file.
pub fn resolve(root: &Path, request_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(request_path)?;
    let mut file = root.to_path_buf();
    for segment in decoded.split('/') {
        if segment.is_empty() || segment == "." {
            continue;
        }
        let mut components = Path::new(segment).components();
        let single_normal =
            matches!(components.next(), Some(Component::Normal(_))) && components.next().is_none();
        if !single_normal || segment.contains(['\\', '\0', ':']) {
            return None;
        }
        file.push(segment);
    }
    if decoded.ends_with('/') || file.is_dir() {
        file.push(INDEX);
    }
    Some(file)
}

/// Decodes `%XX` escapes; `None` for a bad escape or text that is not UTF-8.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let hex = bytes.get(index + 1..index + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            decoded.push(byte);
            index += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

/// Answers a request for a static file under `root`, with `csp` as its
/// `Content-Security-Policy` if given.
pub async fn serve(
    root: &Path,
    csp: Option<&HeaderValue>,
    method: &Method,
    request_path: &str,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let Some(file) = resolve(root, request_path) else {
        return not_found();
    };
    match tokio::fs::read(&file).await {
        Ok(bytes) => {
            let mut response = Response::new(Body::from(bytes));
            let headers = response.headers_mut();
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type(&file)));
            headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            if let Some(policy) = csp {
                headers.insert(CONTENT_SECURITY_POLICY, policy.clone());
            }
            response
        }
        Err(_) => not_found(),
    }
}

/// 404 for a path the emulator has nothing for.
pub fn not_found() -> Response {
    plain(StatusCode::NOT_FOUND, "not found\n")
}

/// A short plain-text answer.
fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_follow_the_extension() {
        for (name, expected) in [
            ("a.wasm", "application/wasm"),
            ("a.js", "text/javascript"),
            ("a.MJS", "text/javascript"),
            ("a.css", "text/css"),
            ("a.json", "application/json"),
            ("index.html", "text/html; charset=utf-8"),
            ("a.svg", "image/svg+xml"),
            ("a.png", "image/png"),
            ("a.bin", "application/octet-stream"),
            ("README", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), expected, "{name}");
        }
    }

    #[test]
    fn paths_stay_inside_the_root() {
        let root = Path::new("/srv/site-that-does-not-exist");
        assert_eq!(resolve(root, "/"), Some(root.join("index.html")));
        assert_eq!(resolve(root, "/pkg/a.js"), Some(root.join("pkg/a.js")));
        assert_eq!(resolve(root, "/a%20b.txt"), Some(root.join("a b.txt")));
        for path in [
            "/../etc/passwd",
            "/pkg/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fx",
            "/a%5c..%5cx",
            "/%00",
            "/%zz",
            "/%ff",
        ] {
            assert_eq!(resolve(root, path), None, "{path}");
        }
    }
}
