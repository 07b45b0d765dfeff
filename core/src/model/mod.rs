//! The pure core: API response models, validation, bands, clouds and errors.
//!
//! Nothing here touches the browser, so all of it is tested with plain `cargo test`.

pub mod cache;
pub mod cloud;
pub mod error;
pub mod events;
pub mod given;
pub mod history;
pub mod json;
pub mod numbers;
pub mod options;
pub mod paging;
pub mod problem;
pub mod raw;
pub mod reading;
pub mod refresh;
pub mod response;
pub mod retry;
pub mod scores;
pub mod snapshot;
pub mod stored;
pub mod time;

pub use cloud::{ApiBase, Cloud, OriginCheck, Region};
pub use error::{ErrorKind, ODataErrorBody, Problem, ScoreError};
pub use reading::{CardData, Fresh, Reading};
pub use scores::{
    CardKind, DeviceGroupScore, DeviceGroupScores, DeviceSecureScore, Direction, ExposureBand,
    ExposureScore,
};
pub use time::Timestamp;
