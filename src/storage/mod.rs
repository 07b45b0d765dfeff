//! What the browser keeps between page views: readings in `sessionStorage`/`localStorage`,
//! and the trend's records.

/// The reading cache: storage as the `cache` option says, with a page-wide map in memory.
pub mod cache;
/// The trend's kept records in `localStorage`, and the CSV download.
pub mod history;
