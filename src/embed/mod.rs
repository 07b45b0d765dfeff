//! Embedding: `mount()`, its handle, the shared stylesheet and the `<defender-score-cards>` element.
//!
//! Top down, each part using only those below it: `element` → `mount` → `clicks` → `refresh`
//! and `snapshot` → `widget` (the state) → `events`, `options` → `intl`; `style` on its own.
//! One circle is kept on purpose: a snapshot refresh schedules its retry by calling `refresh`
//! again, as a refresh schedules the next one.

/// The cards' buttons: refresh a card, sign in, download the history.
mod clicks;
/// `<defender-score-cards>`: the custom element, forwarding its lifecycle to `mount()`.
pub mod element;
/// The events on the host element (`defender-scores:loaded`, `defender-scores:error`).
mod events;
/// `Intl` formatters for numbers, dates and relative times, and locale tags.
pub mod intl;
/// `mount()` and its handle (`refresh`, `update`, `unmount`); a widget started on its host.
pub mod mount;
/// The `mount()` options read from JS and checked by the core.
pub mod options;
/// A refresh from start to finish, its retries, and the auto refresh timer.
mod refresh;
/// A refresh in snapshot mode: the folder read once for every card.
mod snapshot;
/// The widget's stylesheet, adopted by every shadow root.
pub mod style;
/// One mounted widget's state and the cards' views it renders.
pub mod widget;
