//! One card's read of the API as a protocol without I/O: the request to make, and what each
//! answer means (the next page, the card's data, a new token, or an error with its retry
//! advice). The widget (gloo-net) and the publisher (reqwest) only carry bytes between the
//! network and [`CardReader`].
//!
//! A driver's loop, for any card:
//!
//! 1. send `GET reader.url()` with [`CardReader::headers`] (the token goes only to
//!    [`CardReader::token_origin`], which every URL of the reader is on);
//! 2. describe the answer's status and headers as a [`Head`];
//! 3. read the body if [`Head::body_limit`] says so, at most that many bytes, parse it as JSON
//!    and hand it over as a [`Body`];
//! 4. [`CardReader::answer`] says what comes next: [`Step::Next`] (another page),
//!    [`Step::RenewToken`] (the same request with a new token, once after a 401),
//!    [`Step::Done`] with the card's data, or the error the card shows.
//!
//! Snapshot mode's files take steps 2 and 3 and [`check_answer`] alone.

use super::error::{ErrorKind, ODataErrorBody, ScoreError};
use super::json::AnObject;
use super::paging::{GroupPages, RecommendationPages};
use super::problem::Problem;
use super::raw::recommendations::{RawRecommendationBody, RawRecommendationPage};
use super::raw::{RawBody, RawGroupPage, RawScore};
use super::response::{check_headers, MAX_BODY_BYTES};
use crate::model::cards::reading::CardData;
use crate::model::cards::recommendations::MAX_TOP;
use crate::model::cards::scores::CardKind;
use crate::model::cloud::ApiBase;
use serde::de::DeserializeOwned;

/// The `Accept` header of every request: the API answers JSON.
pub const ACCEPT_JSON: &str = "application/json";

/// A body parsed as JSON by the driver (the browser's `JSON.parse` result, a
/// `serde_json::Value`), which the core reads into its own `Deserialize` types.
pub trait Json {
    /// Reads the value as `T`; a value that is not a `T` is [`Problem::Shape`] in the
    /// deserializer's words.
    fn decode<T: DeserializeOwned>(self) -> Result<T, Problem>;
}

/// An answer's status and the headers the reader looks at (names case-insensitive, values as
/// the driver's HTTP stack gives them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Head {
    /// The HTTP status, 0 when the driver's stack hides it (an opaque redirect).
    pub status: u16,
    /// Whether the answer is a redirect, which the reader never follows.
    pub redirected: bool,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// `Content-Length`.
    pub content_length: Option<String>,
    /// `Retry-After`.
    pub retry_after: Option<String>,
}

impl Head {
    /// An answer with `status` and no headers yet; add them with [`Head::header`].
    pub fn new(status: u16) -> Head {
        Head {
            status,
            ..Head::default()
        }
    }

    /// The headers [`Head::header`] keeps: a driver looks these up and passes them on.
    pub const HEADERS: [&'static str; 3] = ["content-type", "content-length", "retry-after"];

    /// Sets the header `name` (one of [`Head::HEADERS`], any case) to `value`; others are
    /// ignored.
    pub fn header(mut self, name: &str, value: Option<String>) -> Head {
        let slot = match name.to_ascii_lowercase().as_str() {
            "content-type" => &mut self.content_type,
            "content-length" => &mut self.content_length,
            "retry-after" => &mut self.retry_after,
            _ => return self,
        };
        *slot = value;
        self
    }

    /// Whether the body is worth reading and at most how many bytes: an answer that is no
    /// redirect, says it is JSON and does not announce more than [`MAX_BODY_BYTES`]. A body
    /// longer than the limit is [`Body::TooLarge`], whatever it announced.
    pub fn body_limit(&self) -> Option<u64> {
        let headers_fit =
            check_headers(self.content_type.as_deref(), self.content_length.as_deref());
        (!self.redirected && headers_fit.is_ok()).then_some(MAX_BODY_BYTES)
    }
}

/// What the driver made of an answer's body.
#[derive(Debug)]
pub enum Body<V> {
    /// Not read: [`Head::body_limit`] said it was not worth it.
    NotRead,
    /// Longer than [`Head::body_limit`].
    TooLarge,
    /// Reading it failed (the connection dropped, the request timed out): the network error.
    Broken(ScoreError),
    /// Read, but the text is not JSON.
    NotJson,
    /// Read and parsed.
    Json(V),
}

/// What a status and body mean, for any GET the widget makes: the parsed body of a `200`
/// that is JSON within the size limit, or the error the card shows. The error body of any
/// other status is believed only for its strings, and only when it is small JSON.
pub fn check_answer<V: Json>(head: &Head, body: Body<V>) -> Result<V, ScoreError> {
    let status = head.status;
    let invalid = |problem| ScoreError::invalid(status, problem);
    if head.redirected {
        return Err(invalid(Problem::Redirected));
    }
    if status != 200 {
        let error_body = match body {
            Body::Json(json) => json.decode().ok().and_then(ODataErrorBody::read),
            _ => None,
        };
        return Err(ScoreError::from_status(
            status,
            error_body.as_ref(),
            head.retry_after.as_deref(),
        ));
    }
    check_headers(head.content_type.as_deref(), head.content_length.as_deref()).map_err(invalid)?;
    match body {
        Body::Json(json) => Ok(json),
        Body::NotJson => Err(invalid(Problem::NotJson)),
        Body::TooLarge | Body::NotRead => Err(invalid(Problem::TooLarge {
            limit: MAX_BODY_BYTES,
        })),
        Body::Broken(error) => Err(error),
    }
}

/// What an answer means for the card, when it is not an error.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Read [`CardReader::url`] next: the following page.
    Next,
    /// Send the same request again with a new token (the API said 401 once).
    RenewToken,
    /// The card's reading, every page read and checked.
    Done(CardData),
}

/// What a card has read so far: one score (nothing to keep between pages), or the pages of
/// a collection.
enum Pages {
    Score,
    Groups(GroupPages),
    Recommendations(RecommendationPages),
}

/// One card's read, from its first request to its data: the pages read so far, the URL to
/// read next, and whether its token was renewed already.
pub struct CardReader {
    kind: CardKind,
    base: ApiBase,
    url: String,
    pages: Pages,
    renewed: bool,
}

impl CardReader {
    /// Starts reading `kind`'s endpoint on `base`.
    pub fn new(kind: CardKind, base: &ApiBase) -> CardReader {
        let url = base.url(kind.path());
        let pages = match kind {
            CardKind::Exposure | CardKind::Device => Pages::Score,
            CardKind::Groups => Pages::Groups(GroupPages::new(base, url.clone())),
            CardKind::Recommendations => {
                Pages::Recommendations(RecommendationPages::new(base, url.clone()))
            }
        };
        CardReader {
            kind,
            base: base.clone(),
            url,
            pages,
            renewed: false,
        }
    }

    /// The URL to GET now: the endpoint, then each `@odata.nextLink` accepted.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The only origin the bearer token may be sent to: the API base's. Every URL the reader
    /// gives is on it (a next link elsewhere is refused before it is requested).
    pub fn token_origin(&self) -> &str {
        self.base.origin()
    }

    /// The request's headers with `token`: JSON accepted, the bearer token.
    pub fn headers(&self, token: &str) -> [(&'static str, String); 2] {
        [
            ("Accept", ACCEPT_JSON.to_owned()),
            ("Authorization", format!("Bearer {token}")),
        ]
    }

    /// What the answer to [`CardReader::url`] means: the next step, or the error to show. A
    /// first 401 asks for a new token; a second one, on the same request, is the error.
    pub fn answer<V: Json>(&mut self, head: &Head, body: Body<V>) -> Result<Step, ScoreError> {
        let json = match check_answer(head, body) {
            Err(e) if e.kind == ErrorKind::Unauthorized && e.status == 401 && !self.renewed => {
                self.renewed = true;
                return Ok(Step::RenewToken);
            }
            other => other?,
        };
        let invalid = |problem| ScoreError::invalid(head.status, problem);
        let next = match &mut self.pages {
            Pages::Score => {
                let body: AnObject<RawBody> = json.decode().map_err(invalid)?;
                let raw = RawScore::from_body(body).map_err(invalid)?;
                let data = match self.kind {
                    CardKind::Exposure => raw.into_exposure().map(CardData::Exposure),
                    _ => raw.into_device().map(CardData::Device),
                };
                return data.map(Step::Done).map_err(invalid);
            }
            Pages::Groups(pages) => {
                let body: AnObject<RawBody> = json.decode().map_err(invalid)?;
                let page = RawGroupPage::from_body(body).map_err(invalid)?;
                match pages.add(page).map_err(invalid)? {
                    Some(link) => link,
                    None => return Ok(Step::Done(CardData::Groups(pages.finish()))),
                }
            }
            Pages::Recommendations(pages) => {
                // Its own body type: the score bodies' decoder stays as small as it was.
                let body: AnObject<RawRecommendationBody> = json.decode().map_err(invalid)?;
                let page = RawRecommendationPage::from_body(body).map_err(invalid)?;
                match pages.add(page).map_err(invalid)? {
                    Some(link) => link,
                    // The reading keeps the most any card shows; each card shows its own
                    // `recommendationsTop` of them.
                    None => {
                        let data = CardData::Recommendations(pages.finish(MAX_TOP));
                        return Ok(Step::Done(data));
                    }
                }
            }
        };
        self.url = next;
        self.renewed = false;
        Ok(Step::Next)
    }
}

#[cfg(test)]
mod tests;
