//! Cross-origin access: which origins may read API answers, and the
//! headers that say so. The control API allows every origin.

use axum::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS, ORIGIN,
    VARY,
};
use axum::http::{HeaderMap, HeaderValue};

/// Response headers a page may read from an API answer.
const EXPOSED_HEADERS: &str = "Retry-After, Content-Type, Content-Length";

/// The origins `--allow-origin` admitted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowedOrigins {
    any: bool,
    exact: Vec<String>,
}

impl AllowedOrigins {
    /// From the `--allow-origin` values; `*` admits every origin.
    pub fn new(origins: &[String]) -> AllowedOrigins {
        AllowedOrigins {
            any: origins.iter().any(|origin| origin == "*"),
            exact: origins.iter().filter(|o| *o != "*").cloned().collect(),
        }
    }

    /// The request's `Origin` header if it is admitted.
    pub fn admitted<'a>(&self, request: &'a HeaderMap) -> Option<&'a HeaderValue> {
        let origin = request.get(ORIGIN)?;
        let text = origin.to_str().ok()?;
        (self.any || self.exact.iter().any(|allowed| allowed == text)).then_some(origin)
    }
}

/// The `Origin` header of a request as text, for the call log.
pub fn origin_text(request: &HeaderMap) -> Option<String> {
    request
        .get(ORIGIN)
        .and_then(|origin| origin.to_str().ok())
        .map(str::to_string)
}

/// Marks an API answer readable by `origin`.
pub fn allow_api_origin(response: &mut HeaderMap, origin: &HeaderValue) {
    response.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    response.insert(
        ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSED_HEADERS),
    );
}

/// Says that an API answer depends on the `Origin` header.
pub fn vary_on_origin(response: &mut HeaderMap) {
    response.insert(VARY, HeaderValue::from_static("Origin"));
}

/// The headers of a successful API preflight.
pub fn api_preflight(response: &mut HeaderMap, origin: &HeaderValue) {
    allow_api_origin(response, origin);
    response.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, OPTIONS"),
    );
    response.insert(
        ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Authorization, Content-Type"),
    );
    response.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
}

/// Makes a control API answer readable from any origin.
pub fn allow_any_origin(response: &mut HeaderMap) {
    response.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
}

/// The headers of a control API preflight: any origin, the control
/// methods, and whatever request headers the browser asked for.
pub fn control_preflight(response: &mut HeaderMap, request: &HeaderMap) {
    allow_any_origin(response);
    response.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, PUT, DELETE, OPTIONS"),
    );
    let asked = request
        .get(ACCESS_CONTROL_REQUEST_HEADERS)
        .cloned()
        .unwrap_or(HeaderValue::from_static("Content-Type"));
    response.insert(ACCESS_CONTROL_ALLOW_HEADERS, asked);
    response.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request_from(origin: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Ok(value) = HeaderValue::from_str(origin) {
            headers.insert(ORIGIN, value);
        }
        headers
    }

    #[test]
    fn only_listed_origins_are_admitted_exactly() {
        let allowed = AllowedOrigins::new(&["http://localhost:3000".into()]);
        assert!(allowed
            .admitted(&request_from("http://localhost:3000"))
            .is_some());
        assert!(allowed
            .admitted(&request_from("http://localhost:3001"))
            .is_none());
        assert!(allowed
            .admitted(&request_from("http://LOCALHOST:3000"))
            .is_none());
        assert!(allowed.admitted(&HeaderMap::new()).is_none());
    }

    #[test]
    fn a_star_admits_every_origin_and_echoes_it() {
        let allowed = AllowedOrigins::new(&["*".into()]);
        let request = request_from("https://example.test");
        assert_eq!(
            allowed.admitted(&request).and_then(|o| o.to_str().ok()),
            Some("https://example.test")
        );
    }

    #[test]
    fn no_flag_admits_no_origin() {
        let allowed = AllowedOrigins::default();
        assert!(allowed
            .admitted(&request_from("http://localhost"))
            .is_none());
    }
}
