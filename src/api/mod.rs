//! The browser side of talking to the API: tokens, one fetch helper, one function per card.

pub mod cache;
pub mod client;
pub mod decode;
pub mod history;
pub mod in_flight;
pub mod shared;
pub mod task;
pub mod token;

pub use client::fetch_card;
pub use token::{TokenRound, TokenSource};
