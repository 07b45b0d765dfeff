//! Microsoft Defender scores as embeddable cards.

pub mod components;
pub mod i18n;
pub mod model;
