//! The pure core: API response models, validation, bands, clouds and errors.
//!
//! Nothing here touches the browser, so all of it is tested with plain `cargo test`.

pub mod cloud;
pub mod error;
pub mod loose;
pub mod scores;
pub mod time;

pub use cloud::{ApiBase, Cloud, OriginCheck, Region};
pub use error::{ErrorKind, Problem, ScoreError};
pub use scores::{
    CardKind, DeviceGroupScore, DeviceGroupScores, DeviceSecureScore, Direction, ExposureBand,
    ExposureScore,
};
pub use time::Timestamp;
