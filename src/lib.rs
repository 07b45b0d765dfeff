//! Microsoft Defender scores as embeddable cards.

pub mod model;
