//! The pure core of defender-score-cards: what the Defender API's answers mean and how they are
//! checked, the clouds and their hosts, options, refresh and retry rules, the kept history and
//! every text a user sees.
//!
//! Nothing here touches a browser, a network or a file, so all of it is tested with plain
//! `cargo test`, and every program of the workspace that reads scores (the widget, the
//! publisher) checks them with the same rules.

#![forbid(unsafe_code)]

pub mod i18n;
pub mod model;
