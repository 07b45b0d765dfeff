//! The Defender API's answers: how a card's request is made and what an answer means.
//!
//! - [`json`]: parsed JSON read permissively, each member kept as what it was.
//! - [`raw`]: every body as it arrives, and its validation into typed scores.
//! - [`problem`]: why something read from outside was refused, in words.
//! - [`error`]: the one error a card shows, from the status and the OData error body.
//! - [`response`]: the checks on an answer's headers before its body is read.
//! - [`paging`]: which `@odata.nextLink` to follow and when to stop.
//! - [`reader`]: one card's read as a protocol: the requests, and what each answer means.

pub mod error;
pub mod json;
pub mod paging;
pub mod problem;
pub mod raw;
pub mod reader;
pub mod response;
