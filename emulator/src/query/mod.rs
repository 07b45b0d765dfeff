//! The OData query options of `/api/recommendations` (`$filter`, `$top`,
//! `$skip`) read into a [`Listing`], and the page of items it selects with
//! the `@odata.nextLink` to the rest.
//!
//! [`filter`] reads `$filter` (tokens from [`lexer`]); this module reads the
//! query string, checks `$top` and `$skip`, and pages.

pub mod filter;
pub mod lexer;

use axum::http::HeaderValue;
use reqwest::Url;

use filter::{FieldValues, Filter};

/// The largest `$top` the API accepts.
pub const MAX_TOP: usize = 10_000;

/// What a collection request asks for, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    /// `$filter`, parsed (empty: every item).
    pub filter: Filter,
    /// `$filter` as given (decoded), carried into the next link.
    pub filter_text: Option<String>,
    /// `$top`: at most this many items in all pages together.
    pub top: Option<usize>,
    /// `$skip`: matching items left out before the first one served.
    pub skip: usize,
    /// At most this many items per answer (`--page-size`).
    pub page_size: usize,
    /// Where the next link points: `http://HOST/PATH` of the request, or
    /// the path alone when the request named no usable host.
    pub link_base: String,
}

/// One answer's items and the link to the next page, if more are left.
#[derive(Debug)]
pub struct Page<'a, T> {
    /// The items served.
    pub items: Vec<&'a T>,
    /// `@odata.nextLink`, when more matching items are left within `$top`.
    pub next_link: Option<String>,
}

impl Listing {
    /// Every item, `page_size` at a time, links pointing at `link_base`.
    pub fn everything(page_size: usize, link_base: String) -> Listing {
        Listing {
            filter: Filter::default(),
            filter_text: None,
            top: None,
            skip: 0,
            page_size,
            link_base,
        }
    }

    /// Reads the raw query string of a request; `Err` says what is wrong,
    /// for a 400. Option names are matched ignoring case; parameters
    /// without `$` are ignored, as the service does.
    pub fn parse(
        query: Option<&str>,
        page_size: usize,
        link_base: String,
    ) -> Result<Listing, String> {
        let mut listing = Listing::everything(page_size, link_base);
        let mut seen: Vec<String> = Vec::new();
        for (name, value) in query_pairs(query.unwrap_or("")) {
            let option = name.to_ascii_lowercase();
            if !option.starts_with('$') {
                continue;
            }
            if seen.contains(&option) {
                return Err(format!(
                    "Query option '{option}' was specified more than once, but it must be specified at most once."
                ));
            }
            seen.push(option.clone());
            match option.as_str() {
                "$filter" => {
                    listing.filter = Filter::parse(&value)?;
                    listing.filter_text = Some(value);
                }
                "$top" => listing.top = Some(top(&value)?),
                "$skip" => listing.skip = count("$skip", &value)?,
                "$orderby" | "$select" | "$expand" | "$count" | "$search" | "$apply"
                | "$format" | "$skiptoken" | "$compute" => {
                    return Err(format!(
                        "The query option '{option}' is not supported by this resource: use $filter, $top and $skip."
                    ))
                }
                _ => {
                    return Err(format!(
                        "The query parameter '{name}' is not supported."
                    ))
                }
            }
        }
        Ok(listing)
    }

    /// The items of `all` this request gets, and the link to the next page.
    pub fn page<'a, T: FieldValues>(&self, all: &'a [T]) -> Page<'a, T> {
        let matching: Vec<&T> = all
            .iter()
            .filter(|item| self.filter.matches(*item))
            .collect();
        let start = self.skip.min(matching.len());
        let wanted = (matching.len() - start).min(self.top.unwrap_or(usize::MAX));
        let served = wanted.min(self.page_size);
        let next_link = (served < wanted).then(|| self.next_link(served));
        Page {
            items: matching.into_iter().skip(start).take(served).collect(),
            next_link,
        }
    }

    /// The link to the items after the `served` ones: the same `$filter`,
    /// `$top` less what was served, `$skip` advanced.
    fn next_link(&self, served: usize) -> String {
        let mut options = Vec::new();
        if let Some(filter) = &self.filter_text {
            options.push(format!("$filter={}", percent_encode(filter)));
        }
        if let Some(top) = self.top {
            options.push(format!("$top={}", top - served));
        }
        options.push(format!("$skip={}", self.skip + served));
        format!("{}?{}", self.link_base, options.join("&"))
    }
}

/// Where next links point for a request to `path` with this `Host`:
/// `http://HOST/PATH`, or `PATH` alone without a usable host.
pub fn link_base(host: Option<&HeaderValue>, path: &str) -> String {
    let host = host.and_then(|value| value.to_str().ok()).filter(|host| {
        !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
    });
    match host {
        Some(host) => format!("http://{host}{path}"),
        None => path.to_string(),
    }
}

/// The query string's `name=value` pairs, percent-decoded (`+` is a space).
fn query_pairs(query: &str) -> Vec<(String, String)> {
    let Ok(url) = Url::parse(&format!("http://query.invalid/?{query}")) else {
        return Vec::new();
    };
    url.query_pairs()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

/// `$top`: a whole number from 0 to [`MAX_TOP`].
fn top(value: &str) -> Result<usize, String> {
    let top = count("$top", value)?;
    if top > MAX_TOP {
        return Err(format!(
            "The limit of '{MAX_TOP}' for Top query has been exceeded. The value from the incoming request is '{value}'."
        ));
    }
    Ok(top)
}

/// `$top` or `$skip`: a whole number, 0 or more (too many digits for a
/// `usize` count as the largest one).
fn count(option: &str, value: &str) -> Result<usize, String> {
    let digits = !value.is_empty() && value.chars().all(|c| c.is_ascii_digit());
    match value.parse::<usize>() {
        Ok(count) if digits => Ok(count),
        Err(_) if digits => Ok(usize::MAX),
        _ => Err(format!(
            "Invalid value '{value}' for {option} query option found. The {option} query option requires a non-negative integer value."
        )),
    }
}

/// `text` percent-encoded for a query value: everything but unreserved
/// characters (`A-Z a-z 0-9 - . _ ~`) as `%XX` of its UTF-8 bytes.
fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests;
