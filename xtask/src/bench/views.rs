//! A viewer's views as `bench/run.mjs` measured them (a first view, a reload of the same tab, a
//! returning viewer's), each beside the plain-JavaScript reference, and the layout shift of
//! both pages at each viewport width.

use std::fmt;

use serde_json::Value;

use super::browser::{median, number, Spread};
use crate::Result;

/// Layout shift sums over a series' loads: the spread and the largest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shift {
    /// Median and quartiles.
    pub spread: Spread,
    /// The largest of any load.
    pub max: f64,
}

impl Shift {
    /// The stats object at `pointer`.
    fn read(browser: &Value, pointer: &str) -> Result<Shift> {
        Ok(Shift {
            spread: Spread::read(browser, pointer)?,
            max: number(browser, &format!("{pointer}/max"))?,
        })
    }
}

impl fmt::Display for Shift {
    /// `0.018 [0.013-0.022], max 0.025`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.spread;
        write!(
            f,
            "{:.3} [{:.3}-{:.3}], max {:.3}",
            s.median, s.p25, s.p75, self.max
        )
    }
}

/// One view of both pages: all cards ready, ms from navigation start, and the ratio.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewTimes {
    /// The widget.
    pub widget: Spread,
    /// The plain-JavaScript reference.
    pub reference: Spread,
    /// Widget / reference (medians).
    pub ratio: f64,
}

impl ViewTimes {
    /// The pair at `pointer` (with `widget`, `reference` and `ratio/allReady` under it).
    fn read(browser: &Value, pointer: &str) -> Result<ViewTimes> {
        Ok(ViewTimes {
            widget: Spread::read(browser, &format!("{pointer}/widget/allReady"))?,
            reference: Spread::read(browser, &format!("{pointer}/reference/allReady"))?,
            ratio: number(browser, &format!("{pointer}/ratio/allReady"))?,
        })
    }
}

/// A viewer's views at one API latency: a cold first view, a reload of the same tab, and a
/// returning viewer's (readings expired, HTTP cache and compiled wasm warm).
#[derive(Debug, Clone, PartialEq)]
pub struct Views {
    /// What follows a row's name: empty on loopback, `, API +150 ms`.
    pub label: String,
    /// Whether the API answers were delayed (the series the targets hold).
    pub delayed: bool,
    /// The first view, a new context.
    pub first: ViewTimes,
    /// A reload of the same tab.
    pub reload: ViewTimes,
    /// API requests the widget's reload made (median).
    pub reload_requests: f64,
    /// A returning viewer: the widget with `cache: "off"`, in a profile that showed it before.
    pub returning: ViewTimes,
    /// The same without the widget's wasm preload.
    pub returning_no_preload: Spread,
    /// Its ratio to the reference's returning view.
    pub returning_no_preload_ratio: f64,
}

impl Views {
    /// The views of the series at `pointer` (`/cold/unthrottled`, `/cold/latency`).
    fn read(browser: &Value, pointer: &str, label: String, delayed: bool) -> Result<Views> {
        Ok(Views {
            label,
            delayed,
            first: ViewTimes::read(browser, pointer)?,
            reload: ViewTimes::read(browser, &format!("{pointer}/reload"))?,
            reload_requests: median(browser, &format!("{pointer}/reload/widget/apiRequests"))?,
            returning: ViewTimes::read(browser, &format!("{pointer}/returning"))?,
            returning_no_preload: Spread::read(
                browser,
                &format!("{pointer}/returning/widgetNoWasmPreload/allReady"),
            )?,
            returning_no_preload_ratio: number(
                browser,
                &format!("{pointer}/returning/ratioNoWasmPreload/allReady"),
            )?,
        })
    }

    /// On loopback, then with the API answers delayed unless that series was left out.
    pub(super) fn read_all(browser: &Value) -> Result<Vec<Views>> {
        let mut views = vec![Views::read(
            browser,
            "/cold/unthrottled",
            String::new(),
            false,
        )?];
        if let Some(ms) = latency_ms(browser) {
            views.push(Views::read(
                browser,
                "/cold/latency",
                format!(", API +{ms} ms"),
                true,
            )?);
        }
        Ok(views)
    }
}

/// Layout shift from navigation to all cards ready, both pages, at one viewport width.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutShift {
    /// `1,200 px, API +150 ms`.
    pub label: String,
    /// The widget's page.
    pub widget: Shift,
    /// The reference page.
    pub reference: Shift,
}

impl LayoutShift {
    fn read(browser: &Value, pointer: &str) -> Result<LayoutShift> {
        let width = number(browser, &format!("{pointer}/viewport/width"))?;
        let latency = browser
            .pointer(&format!("{pointer}/apiLatencyMs"))
            .and_then(Value::as_f64)
            .filter(|ms| *ms > 0.0)
            .map_or_else(|| ", loopback".to_string(), |ms| format!(", API +{ms} ms"));
        Ok(LayoutShift {
            label: format!(
                "{} px{latency}",
                super::sizes::with_separators(width.max(0.0) as u64)
            ),
            widget: Shift::read(browser, &format!("{pointer}/widget/layoutShift"))?,
            reference: Shift::read(browser, &format!("{pointer}/reference/layoutShift"))?,
        })
    }

    /// 1,200 px (the latency series, else loopback's), then 320 px.
    pub(super) fn read_all(browser: &Value) -> Result<Vec<LayoutShift>> {
        let wide = if latency_ms(browser).is_some() {
            "/cold/latency"
        } else {
            "/cold/unthrottled"
        };
        Ok(vec![
            LayoutShift::read(browser, wide)?,
            LayoutShift::read(browser, "/cold/narrow")?,
        ])
    }
}

/// The latency series' API delay, if it was measured.
pub(super) fn latency_ms(browser: &Value) -> Option<f64> {
    browser
        .pointer("/cold/latency/apiLatencyMs")
        .and_then(Value::as_f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_shifts_show_three_decimals_and_the_largest() {
        let shift = Shift {
            spread: Spread {
                median: 0.0176,
                p25: 0.0,
                p75: 0.02,
            },
            max: 0.4799,
        };
        assert_eq!(shift.to_string(), "0.018 [0.000-0.020], max 0.480");
    }
}
