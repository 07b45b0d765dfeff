//! What the widget keeps between page views: readings in the cache and the trend's history.
//!
//! - [`cache`]: the reading cache's rules: where readings are kept, their keys, their age.
//! - [`stored`]: a reading as storage holds it, checked when it comes back.
//! - [`history`]: the trend's kept readings, when one is added, the trend and the CSV.

pub mod cache;
pub mod history;
pub mod stored;
