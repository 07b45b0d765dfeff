//! A minimal HTTP/1.1 GET client for `http://` URLs, enough to read an
//! identity provider's discovery document and JWKS (e.g. the test identity
//! provider on loopback). There is no TLS client: `https://` is refused
//! with a clear message.

use std::fmt;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The largest answer read (headers and body), 4 MiB: a JWKS is a few KiB.
const MAX_RESPONSE_BYTES: usize = 4 << 20;

/// An `http://host[:port][/path][?query]` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpUrl {
    text: String,
    authority: String,
    host: String,
    port: u16,
    path_and_query: String,
}

impl HttpUrl {
    /// Parses `text`; says why when it is not a usable `http://` URL.
    pub fn parse(text: &str) -> Result<HttpUrl, String> {
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("https://") {
            return Err(format!(
                "{text:?} is https, which the emulator cannot fetch (it has no TLS client); \
                 use the http:// address of a local identity provider such as oauth2-mock-server"
            ));
        }
        if !lower.starts_with("http://") {
            return Err(format!(
                "{text:?} is not an http:// URL such as http://127.0.0.1:8081/jwks"
            ));
        }
        let rest = &text["http://".len()..];
        let rest = rest.split('#').next().unwrap_or_default();
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(authority_end);
        if authority.contains('@') {
            return Err(format!("{text:?}: user names in URLs are not supported"));
        }
        let (host, port) = split_host_port(authority)
            .ok_or_else(|| format!("{text:?} has no valid host[:port]"))?;
        let path_and_query = if path.is_empty() {
            "/".to_string()
        } else if path.starts_with('?') {
            format!("/{path}")
        } else {
            path.to_string()
        };
        if path_and_query
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(format!("{text:?} contains whitespace"));
        }
        Ok(HttpUrl {
            text: text.to_string(),
            authority: authority.to_string(),
            host,
            port,
            path_and_query,
        })
    }

    /// The URL as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The host name or address (IPv6 without brackets).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The port (80 when the URL names none).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The path and query, at least `/`.
    pub fn path_and_query(&self) -> &str {
        &self.path_and_query
    }
}

impl fmt::Display for HttpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// `host[:port]` or `[v6]:port`; port 80 by default.
fn split_host_port(authority: &str) -> Option<(String, u16)> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        let port = match after {
            "" => None,
            other => Some(other.strip_prefix(':')?),
        };
        (host, port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '[' || c == ']') {
        return None;
    }
    let port = match port {
        None => 80,
        Some(text) => text.parse().ok().filter(|&port| port != 0)?,
    };
    Some((host.to_string(), port))
}

/// Why a GET failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// No answer (refused, reset, timed out): worth trying again later.
    Unreachable(String),
    /// An answer, but not a 200 with a readable body.
    BadAnswer(String),
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Unreachable(message) | FetchError::BadAnswer(message) => {
                f.write_str(message)
            }
        }
    }
}

/// GETs `url` and returns the body of a 200 answer, all within `timeout`.
/// Redirects are not followed.
pub async fn get(url: &HttpUrl, timeout: Duration) -> Result<Vec<u8>, FetchError> {
    match tokio::time::timeout(timeout, get_unbounded(url)).await {
        Ok(result) => result,
        Err(_) => Err(FetchError::Unreachable(format!(
            "GET {url}: no answer within {:.1} s",
            timeout.as_secs_f64()
        ))),
    }
}

async fn get_unbounded(url: &HttpUrl) -> Result<Vec<u8>, FetchError> {
    let unreachable = |e: std::io::Error| FetchError::Unreachable(format!("GET {url}: {e}"));
    let mut stream = TcpStream::connect((url.host(), url.port()))
        .await
        .map_err(unreachable)?;
    let request = format!(
        "GET {} HTTP/1.1\r\nHost: {}\r\nAccept: application/json\r\nUser-Agent: defender-api-emulator\r\nConnection: close\r\n\r\n",
        url.path_and_query, url.authority
    );
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(unreachable)?;
    let mut raw = Vec::new();
    let mut limited = (&mut stream).take(MAX_RESPONSE_BYTES as u64 + 1);
    limited.read_to_end(&mut raw).await.map_err(unreachable)?;
    if raw.len() > MAX_RESPONSE_BYTES {
        return Err(FetchError::BadAnswer(format!(
            "GET {url}: the answer is larger than {MAX_RESPONSE_BYTES} bytes"
        )));
    }
    parse_response(&raw).map_err(|why| match why {
        ResponseError::Status(status) if status >= 500 => {
            FetchError::Unreachable(format!("GET {url}: HTTP status {status}"))
        }
        ResponseError::Status(status) => {
            FetchError::BadAnswer(format!("GET {url}: HTTP status {status} (expected 200)"))
        }
        ResponseError::Empty => FetchError::Unreachable(format!("GET {url}: empty answer")),
        ResponseError::Malformed(why) => {
            FetchError::BadAnswer(format!("GET {url}: malformed HTTP answer ({why})"))
        }
    })
}

/// Why [`parse_response`] gave no body.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ResponseError {
    /// The connection closed without a byte.
    Empty,
    /// A status other than 200.
    Status(u16),
    /// Not HTTP/1.x as expected.
    Malformed(&'static str),
}

/// The body of a complete HTTP/1.x 200 answer (`Content-Length`, chunked,
/// or up to the end of the connection).
fn parse_response(raw: &[u8]) -> Result<Vec<u8>, ResponseError> {
    if raw.is_empty() {
        return Err(ResponseError::Empty);
    }
    let head_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or(ResponseError::Malformed("no end of headers"))?;
    let head = std::str::from_utf8(&raw[..head_end])
        .map_err(|_| ResponseError::Malformed("headers are not UTF-8"))?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or_default();
    if !version.starts_with("HTTP/1.") {
        return Err(ResponseError::Malformed("no HTTP/1.x status line"));
    }
    let status: u16 = parts
        .next()
        .and_then(|code| code.parse().ok())
        .ok_or(ResponseError::Malformed("no status code"))?;
    if status != 200 {
        return Err(ResponseError::Status(status));
    }
    let mut chunked = false;
    let mut length = None;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let (name, value) = (name.trim(), value.trim());
        if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = value.to_ascii_lowercase().contains("chunked");
        } else if name.eq_ignore_ascii_case("content-length") {
            length = Some(
                value
                    .parse::<usize>()
                    .map_err(|_| ResponseError::Malformed("bad Content-Length"))?,
            );
        }
    }
    let rest = &raw[head_end + 4..];
    if chunked {
        dechunk(rest)
    } else if let Some(length) = length {
        rest.get(..length)
            .map(<[u8]>::to_vec)
            .ok_or(ResponseError::Malformed("body shorter than Content-Length"))
    } else {
        Ok(rest.to_vec())
    }
}

/// Joins the chunks of a chunked body.
fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, ResponseError> {
    let mut body = Vec::new();
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or(ResponseError::Malformed("unterminated chunk size"))?;
        let size_text = std::str::from_utf8(&rest[..line_end])
            .map_err(|_| ResponseError::Malformed("bad chunk size"))?;
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| ResponseError::Malformed("bad chunk size"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        let chunk = rest
            .get(..size)
            .ok_or(ResponseError::Malformed("truncated chunk"))?;
        body.extend_from_slice(chunk);
        rest = rest.get(size + 2..).unwrap_or_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> HttpUrl {
        match HttpUrl::parse(text) {
            Ok(url) => url,
            Err(e) => panic!("{text}: {e}"),
        }
    }

    #[test]
    fn http_urls_split_into_host_port_and_path() {
        let jwks = url("http://127.0.0.1:8081/jwks");
        assert_eq!(
            (jwks.host(), jwks.port(), jwks.path_and_query()),
            ("127.0.0.1", 8081, "/jwks")
        );
        let bare = url("HTTP://localhost");
        assert_eq!(
            (bare.host(), bare.port(), bare.path_and_query()),
            ("localhost", 80, "/")
        );
        let v6 = url("http://[::1]:9000/a/b?x=1#frag");
        assert_eq!(
            (v6.host(), v6.port(), v6.path_and_query()),
            ("::1", 9000, "/a/b?x=1")
        );
        assert_eq!(url("http://h:1?q").path_and_query(), "/?q");
    }

    #[test]
    fn https_and_other_urls_are_refused_with_a_reason() {
        let https = HttpUrl::parse("https://login.microsoftonline.com/common/discovery/keys");
        assert!(https.err().unwrap_or_default().contains("TLS"));
        for bad in [
            "ftp://x/",
            "127.0.0.1:8081",
            "http://",
            "http://:80/",
            "http://h:0/",
            "http://h:99999/",
            "http://u@h/",
            "http://[::1/",
            "http://h/a b",
        ] {
            assert!(HttpUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn answers_are_read_by_length_by_chunks_or_to_the_end() {
        assert_eq!(
            parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}extra"),
            Ok(b"{}".to_vec())
        );
        assert_eq!(
            parse_response(
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"a\r\n3;x=y\r\n\":1\r\n1\r\n}\r\n0\r\n\r\n"
            ),
            Ok(b"{\"a\":1}".to_vec())
        );
        assert_eq!(
            parse_response(b"HTTP/1.0 200 OK\r\n\r\n[1]"),
            Ok(b"[1]".to_vec())
        );
    }

    #[test]
    fn other_statuses_and_broken_answers_give_no_body() {
        assert_eq!(
            parse_response(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"),
            Err(ResponseError::Status(404))
        );
        assert_eq!(parse_response(b""), Err(ResponseError::Empty));
        assert!(parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{}").is_err());
        assert!(parse_response(b"SSH-2.0-OpenSSH\r\n\r\n").is_err());
        assert!(
            parse_response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").is_err()
        );
    }
}
