//! The pure core's models and rules, grouped by concept. Nothing here touches the browser,
//! so all of it is tested with plain `cargo test`.
//!
//! - [`api`]: the Defender API's answers: requests, bodies, checks, errors, paging.
//! - [`cards`]: the cards' kinds, scores, readings, numbers, times and events.
//! - [`options`]: the `mount()` options as given, checked and completed.
//! - [`refresh`]: when cards are read, answered from the cache, and tried again.
//! - [`storage`]: the reading cache and the trend's history kept in the browser.
//! - [`snapshot`]: the publisher's snapshot folder, written and read.
//! - [`cloud`]: clouds, regions, their API hosts, token scopes, portals and origins.

pub mod api;
pub mod cards;
pub mod cloud;
pub mod options;
pub mod refresh;
pub mod snapshot;
pub mod storage;

pub use api::error::{ErrorKind, ODataErrorBody, Problem, ScoreError};
pub use cards::reading::{CardData, Fresh, Reading};
pub use cards::scores::{
    CardKind, DeviceGroupScore, DeviceGroupScores, DeviceSecureScore, Direction, ExposureBand,
    ExposureScore,
};
pub use cards::time::Timestamp;
pub use cloud::{ApiBase, Cloud, OriginCheck, Region};
