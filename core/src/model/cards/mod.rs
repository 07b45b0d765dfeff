//! The cards and what they show: their kinds, scores and readings, numbers and times as
//! text, and the events sent about them.
//!
//! - [`scores`]: the cards' kinds and typed scores, and what their numbers mean.
//! - [`reading`]: what a card holds: nothing yet, a fresh reading, or an error.
//! - [`recommendations`]: the security recommendations that lower the exposure most.
//! - [`numbers`]: numbers as text the way JavaScript writes them.
//! - [`time`]: the widget's one calendar: the API's timestamps and their arithmetic.
//! - [`events`]: the details of the events the widget dispatches on its host.

pub mod events;
pub mod numbers;
pub mod reading;
pub mod recommendations;
pub mod scores;
pub mod time;
