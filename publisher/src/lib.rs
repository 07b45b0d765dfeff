//! `defender-score-publisher`: reads the Defender score API on a schedule with an application
//! token, checks every answer with the widget's own rules (`defender-score-core`), and writes
//! the snapshot folder that the widget's snapshot mode reads (`docs/snapshot-format.md`).

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod api;
pub mod config;
mod failure;
pub mod folder;
pub mod http;
mod previous;
pub mod publish;
pub mod run;
pub mod secret;
pub mod signin;
