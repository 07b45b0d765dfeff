//! Browser tests of the widget through `mount()`, with `window.fetch` replaced by a stub
//! that answers with the documented bodies or with faults. Run by `wasm-pack test --headless`.
//!
//! One test binary (each costs a wasm link and a page in each browser) with a module for each
//! thing its tests prove. `page` is the stubbed page they share; `support` holds the readers
//! and waits shared with the other browser test binaries.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test_configure;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "../support/mod.rs"]
mod support;

mod page;

mod cache;
mod csv;
mod display;
mod element;
mod failures;
mod history;
mod layout;
mod lifecycle;
mod recommendations;
mod requests;
mod retry;
mod sharing;
mod token;
