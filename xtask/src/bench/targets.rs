//! The benchmark's targets: the limits each measure is held to, and whether it meets them.

use super::sizes::with_separators;

/// `pkg/` may be at most this many times the bare Yew app, gzipped.
pub const FLOOR_RATIO_LIMIT: f64 = 1.4;
/// All cards ready within this many times the plain-JavaScript reference,
/// API on loopback.
pub const READY_RATIO_LIMIT: f64 = 1.5;
/// The same with a delay on every API answer (150 ms by default).
pub const LATENCY_READY_RATIO_LIMIT: f64 = 1.15;
/// A reload of the same tab (the widget's reading cache answers), API answers delayed.
pub const RELOAD_RATIO_LIMIT: f64 = 0.5;
/// A returning viewer whose readings expired (HTTP cache warm), API answers delayed.
pub const RETURNING_RATIO_LIMIT: f64 = 1.05;
/// Layout shift from navigation to all cards ready, the most of any load.
pub const LAYOUT_SHIFT_LIMIT: f64 = 0.0;
/// Lighthouse's performance score with its mobile preset, at least.
pub const LIGHTHOUSE_MOBILE_PERFORMANCE_MIN: f64 = 90.0;
/// Lighthouse's accessibility and best-practices scores, each preset, at least.
pub const LIGHTHOUSE_SCORE_MIN: f64 = 100.0;
/// Render cost (last response to last card painted) under this, in ms.
pub const RENDER_MS_LIMIT: f64 = 4.0;

/// How a measured value is judged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    /// At most this.
    AtMost(f64),
    /// Strictly below this.
    Below(f64),
    /// At least this.
    AtLeast(f64),
    /// Exactly this (counts).
    Exactly(f64),
}

impl Limit {
    /// Whether `value` meets the limit.
    pub fn met_by(self, value: f64) -> bool {
        match self {
            Limit::AtMost(limit) => value <= limit,
            Limit::Below(limit) => value < limit,
            Limit::AtLeast(limit) => value >= limit,
            Limit::Exactly(limit) => value == limit,
        }
    }

    /// `<= 1.40x`, `< 4.0 ms`, `= 0 calls`.
    pub fn describe(self, unit: &str) -> String {
        let (sign, limit) = match self {
            Limit::AtMost(limit) => ("<=", limit),
            Limit::Below(limit) => ("<", limit),
            Limit::AtLeast(limit) => (">=", limit),
            Limit::Exactly(limit) => ("=", limit),
        };
        format!("{sign} {}", show(limit, unit))
    }
}

/// One target of the issue, measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// What is measured.
    pub what: &'static str,
    /// The measured value.
    pub value: f64,
    /// `x`, `ms`, `bytes`, `shift` (a layout shift score), `points` (a Lighthouse score) or
    /// `calls`.
    pub unit: &'static str,
    /// What it must be.
    pub limit: Limit,
}

impl Target {
    /// Whether the measured value meets the target.
    pub fn pass(&self) -> bool {
        self.limit.met_by(self.value)
    }
}

/// `1.23x`, `12.3 ms`, `102,400 bytes`, `0.123`, `90/100`, `3 calls`.
pub fn show(value: f64, unit: &str) -> String {
    match unit {
        "x" => format!("{value:.2}x"),
        "shift" => format!("{value:.3}"),
        "points" => format!("{value:.0}/100"),
        "ms" => format!("{value:.1} ms"),
        "bytes" => format!("{} bytes", with_separators(value.max(0.0) as u64)),
        _ => format!("{value} {unit}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits() {
        assert!(Limit::AtMost(1.3).met_by(1.3));
        assert!(!Limit::AtMost(1.3).met_by(1.31));
        assert!(Limit::Below(4.0).met_by(3.99));
        assert!(!Limit::Below(4.0).met_by(4.0));
        assert!(Limit::Exactly(3.0).met_by(3.0));
        assert!(!Limit::Exactly(0.0).met_by(3.0));
        assert_eq!(Limit::AtMost(1.4).describe("x"), "<= 1.40x");
        assert_eq!(
            Limit::AtMost(102_400.0).describe("bytes"),
            "<= 102,400 bytes"
        );
        assert_eq!(Limit::Exactly(0.0).describe("calls"), "= 0 calls");
        assert!(Limit::AtLeast(90.0).met_by(90.0));
        assert!(!Limit::AtLeast(90.0).met_by(89.0));
        assert_eq!(Limit::AtLeast(90.0).describe("points"), ">= 90/100");
        assert_eq!(Limit::AtMost(0.0).describe("shift"), "<= 0.000");
    }
}
