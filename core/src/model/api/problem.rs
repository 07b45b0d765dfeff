//! Why a response (or anything else read from outside) was refused, in words that name the
//! field and what was wrong.

use crate::model::cards::numbers::number_text;

/// Why a response was not accepted as a score; `describe` names what was wrong.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The body is not JSON (HTML, truncated, `NaN` spelled out, empty).
    NotJson,
    /// The body is JSON but not of the documented shape (deserializer's words).
    Shape(String),
    /// The content type is not JSON.
    ContentType(String),
    /// The body is larger than the widget accepts.
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The API answered with a redirect, which the widget does not follow.
    Redirected,
    /// A status the API never documents for these calls (1xx, 3xx, 2xx other than 200).
    UnexpectedStatus(u16),
    /// A success status carrying an OData error body.
    ErrorBody {
        /// The error `code`, if any.
        code: Option<String>,
    },
    /// A required field is absent or `null`.
    Missing(String),
    /// A field has the wrong JSON type.
    WrongType {
        /// The field's path, e.g. `value[2].score`.
        field: String,
        /// What was expected.
        expected: &'static str,
        /// What arrived ("a string", "null", ...).
        found: &'static str,
    },
    /// A number that is not finite (an overflowing literal such as `1e400`).
    NotFinite(String),
    /// A number outside its documented range.
    OutOfRange {
        /// The field's path.
        field: String,
        /// The value that arrived.
        value: f64,
        /// The accepted range, in words.
        range: &'static str,
    },
    /// A `time` that is not a valid ISO 8601 timestamp.
    BadTime(String),
    /// `@odata.nextLink` is not a URL on the API's own origin.
    ForeignNextLink,
    /// `@odata.nextLink` points at a page already read.
    NextLinkLoop,
    /// More pages of device groups than the widget follows.
    TooManyPages(usize),
    /// More device groups than the widget shows.
    TooManyGroups(usize),
    /// More pages of recommendations than the widget follows.
    TooManyRecommendationPages(usize),
    /// More recommendations than the widget reads.
    TooManyRecommendations(usize),
    /// A snapshot folder's file of another format or version than this reader's (written
    /// by another version of the publisher, or not a snapshot file at all).
    OtherFormat {
        /// The file, e.g. `snapshot.json`.
        file: &'static str,
        /// The format this reader reads, e.g. `defender-score-snapshot`.
        format: &'static str,
        /// The version this reader reads.
        version: u32,
    },
    /// A text longer than the reader accepts.
    TooLong {
        /// The field's path.
        field: String,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A time further ahead of the reader's clock than it accepts (5 minutes).
    Ahead(String),
    /// Something a file holds once appears more than once.
    Duplicate(String),
    /// `history.json` names another tenant than `snapshot.json`.
    OtherTenant,
}

impl Problem {
    /// A technical description in English, for the event `message` and the card's detail line.
    pub fn describe(&self) -> String {
        match self {
            Problem::NotJson => "the body is not valid JSON".into(),
            Problem::Shape(why) => format!("the body is not the documented shape: {why}"),
            Problem::ContentType(ct) => format!("expected JSON, got content type \"{ct}\""),
            Problem::TooLarge { limit } => format!("the body is larger than {limit} bytes"),
            Problem::Redirected => "the API answered with a redirect".into(),
            Problem::UnexpectedStatus(s) => format!("unexpected HTTP status {s}"),
            Problem::ErrorBody { code } => format!(
                "a success status with an error body ({})",
                code.as_deref().unwrap_or("no code")
            ),
            Problem::Missing(field) => format!("{field} is missing"),
            Problem::WrongType {
                field,
                expected,
                found,
            } => format!("{field} should be {expected} but is {found}"),
            Problem::NotFinite(field) => format!("{field} is not a finite number"),
            // Numbers as JavaScript writes them ("100.01", "1e+300"): no float formatting.
            Problem::OutOfRange {
                field,
                value,
                range,
            } => format!("{field} is {}, outside {range}", number_text(*value)),
            Problem::BadTime(field) => format!("{field} is not a valid timestamp"),
            Problem::ForeignNextLink => {
                "@odata.nextLink does not point at the API's own origin".into()
            }
            Problem::NextLinkLoop => "@odata.nextLink points at a page already read".into(),
            Problem::TooManyPages(n) => format!("more than {n} pages of device groups"),
            Problem::TooManyGroups(n) => format!("more than {n} device groups"),
            Problem::TooManyRecommendationPages(n) => {
                format!("more than {n} pages of recommendations")
            }
            Problem::TooManyRecommendations(n) => format!("more than {n} recommendations"),
            Problem::OtherFormat {
                file,
                format,
                version,
            } => format!(
                "{file} is not {format} version {version}: the folder was written by another \
                 version of the publisher"
            ),
            Problem::TooLong { field, limit } => format!("{field} is longer than {limit} bytes"),
            Problem::Ahead(field) => {
                format!("{field} is more than 5 minutes ahead of this device's clock")
            }
            Problem::Duplicate(what) => format!("{what} appears more than once"),
            Problem::OtherTenant => "history.json is for another tenant than snapshot.json".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_reads_as_before() {
        let cases = [
            (Problem::NotJson, "the body is not valid JSON"),
            (
                Problem::Shape("x".into()),
                "the body is not the documented shape: x",
            ),
            (
                Problem::ContentType("text/html".into()),
                "expected JSON, got content type \"text/html\"",
            ),
            (
                Problem::TooLarge { limit: 4194304 },
                "the body is larger than 4194304 bytes",
            ),
            (Problem::UnexpectedStatus(302), "unexpected HTTP status 302"),
            (
                Problem::ErrorBody { code: None },
                "a success status with an error body (no code)",
            ),
            (
                Problem::ErrorBody {
                    code: Some("X".into()),
                },
                "a success status with an error body (X)",
            ),
            (Problem::Missing("time".into()), "time is missing"),
            (
                Problem::WrongType {
                    field: "score".into(),
                    expected: "a number",
                    found: "a string",
                },
                "score should be a number but is a string",
            ),
            (
                Problem::NotFinite("score".into()),
                "score is not a finite number",
            ),
            (
                Problem::OutOfRange {
                    field: "score".into(),
                    value: 100.01,
                    range: "0 to 100",
                },
                "score is 100.01, outside 0 to 100",
            ),
            (
                Problem::BadTime("time".into()),
                "time is not a valid timestamp",
            ),
            (
                Problem::TooManyPages(50),
                "more than 50 pages of device groups",
            ),
            (
                Problem::TooManyRecommendationPages(50),
                "more than 50 pages of recommendations",
            ),
            (
                Problem::TooManyRecommendations(10000),
                "more than 10000 recommendations",
            ),
            (
                Problem::TooManyGroups(20000),
                "more than 20000 device groups",
            ),
            (
                Problem::OtherFormat {
                    file: "snapshot.json",
                    format: "defender-score-snapshot",
                    version: 1,
                },
                "snapshot.json is not defender-score-snapshot version 1: the folder was \
                 written by another version of the publisher",
            ),
            (
                Problem::TooLong {
                    field: "tenant".into(),
                    limit: 256,
                },
                "tenant is longer than 256 bytes",
            ),
            (
                Problem::Ahead("publishedAt".into()),
                "publishedAt is more than 5 minutes ahead of this device's clock",
            ),
            (
                Problem::Duplicate("the groups reading".into()),
                "the groups reading appears more than once",
            ),
            (
                Problem::OtherTenant,
                "history.json is for another tenant than snapshot.json",
            ),
        ];
        for (problem, text) in cases {
            assert_eq!(problem.describe(), text);
        }
    }
}
