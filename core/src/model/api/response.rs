//! Checks on a raw HTTP answer before its body is read as a score.

use crate::model::api::problem::Problem;

/// Largest body the widget reads (the real answers are well under 1 KB per group).
pub const MAX_BODY_BYTES: u64 = 4 * 1024 * 1024;

/// Whether a `Content-Type` is JSON: `application/json` or a `+json` type, any parameters.
pub fn is_json(content_type: &str) -> bool {
    let media = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"))
}

/// Refuses a 200 answer whose headers already show it is not a score: wrong type or too large.
pub fn check_headers(
    content_type: Option<&str>,
    content_length: Option<&str>,
) -> Result<(), Problem> {
    match content_type {
        Some(ct) if is_json(ct) => {}
        Some(ct) => {
            let shown: String = ct.chars().take(80).collect();
            return Err(Problem::ContentType(shown));
        }
        None => return Err(Problem::ContentType("none".into())),
    }
    if let Some(len) = content_length.and_then(|l| l.trim().parse::<u64>().ok()) {
        if len > MAX_BODY_BYTES {
            return Err(Problem::TooLarge {
                limit: MAX_BODY_BYTES,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_apis_odata_content_type_is_json() {
        assert!(is_json(
            "application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8"
        ));
        assert!(is_json("Application/JSON"));
        assert!(is_json("application/problem+json"));
    }

    #[test]
    fn html_text_and_missing_content_types_are_refused() {
        for ct in [
            "text/html; charset=utf-8",
            "text/plain",
            "application/jsonp",
            "json",
            "",
        ] {
            assert!(!is_json(ct), "{ct}");
            assert!(matches!(
                check_headers(Some(ct), None),
                Err(Problem::ContentType(_))
            ));
        }
        assert_eq!(
            check_headers(None, None),
            Err(Problem::ContentType("none".into()))
        );
    }

    #[test]
    fn declared_huge_bodies_are_refused_before_reading() {
        let json = Some("application/json");
        assert!(check_headers(json, Some("1024")).is_ok());
        assert!(check_headers(json, Some("garbage")).is_ok());
        assert_eq!(
            check_headers(json, Some("10485760")),
            Err(Problem::TooLarge {
                limit: MAX_BODY_BYTES
            })
        );
    }
}
