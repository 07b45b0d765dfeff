//! Defender score cards.
