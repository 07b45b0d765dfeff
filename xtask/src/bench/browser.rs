//! What `bench/run.mjs` measured in Chromium, read once from its JSON into the figures the
//! report shows: the series of cold loads (widget beside the plain-JavaScript reference),
//! a viewer's views and their layout shift ([`super::views`]), API calls per page view, and
//! memory.

use std::fmt;

use serde_json::Value;

use super::targets::{LATENCY_READY_RATIO_LIMIT, READY_RATIO_LIMIT};
use super::views::{latency_ms, LayoutShift, Views};
use crate::Result;

/// A number in the browser figures, or why the benchmark cannot go on.
pub fn number(browser: &Value, pointer: &str) -> Result<f64> {
    browser
        .pointer(pointer)
        .and_then(Value::as_f64)
        .ok_or_else(|| format!("the browser run measured no {pointer}"))
}

/// The median of the stats object at `pointer`.
pub(super) fn median(browser: &Value, pointer: &str) -> Result<f64> {
    number(browser, &format!("{pointer}/median"))
}

/// How one measure spread over the loads, in ms; shown as `median [p25-p75]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// The median.
    pub median: f64,
    /// The 25th percentile.
    pub p25: f64,
    /// The 75th percentile.
    pub p75: f64,
}

impl Spread {
    /// The stats object at `pointer`.
    pub(super) fn read(browser: &Value, pointer: &str) -> Result<Spread> {
        Ok(Spread {
            median: median(browser, pointer)?,
            p25: number(browser, &format!("{pointer}/p25"))?,
            p75: number(browser, &format!("{pointer}/p75"))?,
        })
    }
}

impl fmt::Display for Spread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.1} [{:.1}-{:.1}]", self.median, self.p25, self.p75)
    }
}

/// One page's timings in a series of cold loads, ms from navigation start.
#[derive(Debug, Clone, PartialEq)]
pub struct PageTimings {
    /// All cards ready.
    pub all_ready: Spread,
    /// The first card ready.
    pub first_ready: Spread,
    /// Render: the last API response to the next frame.
    pub render: Spread,
    /// The last API response to the last card in the DOM.
    pub render_dom: Spread,
    /// The last API body read to the last card in the DOM.
    pub render_body: Spread,
}

/// One timing of a page, for rows that show the same timing of both pages.
pub type Timing = fn(&PageTimings) -> Spread;

impl PageTimings {
    /// The page's timings under `pointer`, e.g. `/cold/unthrottled/widget`.
    fn read(browser: &Value, pointer: &str) -> Result<PageTimings> {
        let spread = |key: &str| Spread::read(browser, &format!("{pointer}/{key}"));
        Ok(PageTimings {
            all_ready: spread("allReady")?,
            first_ready: spread("firstReady")?,
            render: spread("render")?,
            render_dom: spread("renderDom")?,
            render_body: spread("renderBody")?,
        })
    }
}

/// A series of cold loads: its setting, both pages' timings and the widget/reference ratios.
#[derive(Debug, Clone, PartialEq)]
pub struct ColdSeries {
    /// What follows a row's name, e.g. `, 4x CPU`.
    pub label: String,
    /// The name of its all-cards-ready target.
    pub target: &'static str,
    /// The most all cards ready may take, as a ratio to the reference.
    pub ready_ratio_limit: f64,
    /// The widget's page.
    pub widget: PageTimings,
    /// The plain-JavaScript reference page.
    pub reference: PageTimings,
    /// Widget / reference, all cards ready (medians).
    pub all_ready_ratio: f64,
    /// Widget / reference, first card ready (medians).
    pub first_ready_ratio: f64,
}

impl ColdSeries {
    /// The series the browser run measured: always the two on loopback (CPU
    /// at full speed, then 4x throttled), and the one with every API answer
    /// delayed unless it was left out (`--latency-ms 0`).
    fn read_all(browser: &Value) -> Result<Vec<ColdSeries>> {
        let mut series = vec![
            ColdSeries::read(
                browser,
                "/cold/unthrottled",
                String::new(),
                "all cards ready / plain-JS reference (medians)",
                READY_RATIO_LIMIT,
            )?,
            ColdSeries::read(
                browser,
                "/cold/throttled",
                ", 4x CPU".to_string(),
                "same, 4x CPU throttling",
                READY_RATIO_LIMIT,
            )?,
        ];
        if let Some(ms) = latency_ms(browser) {
            series.push(ColdSeries::read(
                browser,
                "/cold/latency",
                format!(", API +{ms} ms"),
                "same, each API answer delayed (--latency-ms)",
                LATENCY_READY_RATIO_LIMIT,
            )?);
        }
        Ok(series)
    }

    fn read(
        browser: &Value,
        pointer: &str,
        label: String,
        target: &'static str,
        ready_ratio_limit: f64,
    ) -> Result<ColdSeries> {
        Ok(ColdSeries {
            label,
            target,
            ready_ratio_limit,
            widget: PageTimings::read(browser, &format!("{pointer}/widget"))?,
            reference: PageTimings::read(browser, &format!("{pointer}/reference"))?,
            all_ready_ratio: number(browser, &format!("{pointer}/ratio/allReady"))?,
            first_ready_ratio: number(browser, &format!("{pointer}/ratio/firstReady"))?,
        })
    }
}

/// Medians, in ms, of each API response to its card ready.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CardTimes {
    /// The exposure score card.
    pub exposure: f64,
    /// The device secure score card.
    pub device: f64,
    /// The device groups card.
    pub groups: f64,
}

impl CardTimes {
    fn read(browser: &Value, pointer: &str) -> Result<CardTimes> {
        Ok(CardTimes {
            exposure: median(browser, &format!("{pointer}/exposure"))?,
            device: median(browser, &format!("{pointer}/device"))?,
            groups: median(browser, &format!("{pointer}/groups"))?,
        })
    }
}

/// Medians, in ms from navigation start, of the widget's performance marks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Marks {
    /// `dsc:init`.
    pub init: f64,
    /// `dsc:first-card`.
    pub first_card: f64,
    /// `dsc:all-cards`.
    pub all_cards: f64,
}

/// API calls per page view.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calls {
    /// One widget on the page.
    pub one_widget: f64,
    /// Five widgets on the page.
    pub five_widgets: f64,
    /// A reload in the same tab, within the cache's lifetime.
    pub reload: f64,
}

/// One page's memory, after a full GC.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Memory {
    /// JS heap used after the load, bytes.
    pub js_heap_after_load: f64,
    /// JS heap used after the refreshes, bytes.
    pub js_heap_after_refreshes: f64,
    /// The time one refresh took, ms.
    pub ms_per_refresh: f64,
}

impl Memory {
    fn read(browser: &Value, page: &str) -> Result<Memory> {
        let memory = |key: &str| number(browser, &format!("/memory/{page}/{key}"));
        Ok(Memory {
            js_heap_after_load: memory("afterLoad/jsHeapUsed")?,
            js_heap_after_refreshes: memory("afterRefreshes/jsHeapUsed")?,
            ms_per_refresh: memory("msPerRefresh")?,
        })
    }
}

/// Everything the report shows of the browser run.
#[derive(Debug, Clone, PartialEq)]
pub struct BrowserFigures {
    /// Chromium's version, `?` if the run did not say.
    pub chromium: String,
    /// Cold loads of each page per setting.
    pub loads: f64,
    /// The series of cold loads.
    pub series: Vec<ColdSeries>,
    /// A viewer's views, on loopback and with the API answers delayed.
    pub views: Vec<Views>,
    /// Layout shift at 1,200 and at 320 px.
    pub layout_shift: Vec<LayoutShift>,
    /// Each response to its card ready, widget, unthrottled.
    pub widget_cards: CardTimes,
    /// The same for the reference page.
    pub reference_cards: CardTimes,
    /// The widget's marks, unthrottled.
    pub marks: Marks,
    /// API calls per page view.
    pub calls: Calls,
    /// Refreshes in the memory run.
    pub refreshes: f64,
    /// API calls those refreshes made.
    pub refresh_calls: f64,
    /// The widget's memory.
    pub widget_memory: Memory,
    /// The reference page's memory.
    pub reference_memory: Memory,
    /// The widget's wasm memory after the load, bytes.
    pub wasm_after_load: f64,
    /// The widget's wasm memory after the refreshes, bytes.
    pub wasm_after_refreshes: f64,
}

impl BrowserFigures {
    /// Reads `bench/run.mjs`'s figures, or says which one is missing.
    pub fn read(browser: &Value) -> Result<BrowserFigures> {
        let marks = "/cold/unthrottled/widget/marks";
        Ok(BrowserFigures {
            chromium: browser
                .pointer("/chromium")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string(),
            loads: number(browser, "/cold/unthrottled/loads")?,
            series: ColdSeries::read_all(browser)?,
            views: Views::read_all(browser)?,
            layout_shift: LayoutShift::read_all(browser)?,
            widget_cards: CardTimes::read(browser, "/cold/unthrottled/widget/responseToCard")?,
            reference_cards: CardTimes::read(
                browser,
                "/cold/unthrottled/reference/responseToCard",
            )?,
            marks: Marks {
                init: median(browser, &format!("{marks}/init"))?,
                first_card: median(browser, &format!("{marks}/firstCard"))?,
                all_cards: median(browser, &format!("{marks}/allCards"))?,
            },
            calls: Calls {
                one_widget: number(browser, "/calls/oneWidget")?,
                five_widgets: number(browser, "/calls/fiveWidgets")?,
                reload: number(browser, "/calls/reload")?,
            },
            refreshes: number(browser, "/memory/widget/refreshes")?,
            refresh_calls: number(browser, "/memory/widget/refreshCalls")?,
            widget_memory: Memory::read(browser, "widget")?,
            reference_memory: Memory::read(browser, "reference")?,
            wasm_after_load: number(browser, "/memory/widget/afterLoad/wasmMemory")?,
            wasm_after_refreshes: number(browser, "/memory/widget/afterRefreshes/wasmMemory")?,
        })
    }

    /// The unthrottled series, the one render costs and per-card times come from.
    pub fn unthrottled(&self) -> &ColdSeries {
        &self.series[0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_numbers_from_the_browser_figures() {
        let figures = json!({ "cold": { "unthrottled": { "ratio": { "allReady": 1.25 } } } });
        assert_eq!(
            number(&figures, "/cold/unthrottled/ratio/allReady"),
            Ok(1.25)
        );
        let missing = number(&figures, "/calls/reload").unwrap_err();
        assert!(missing.contains("/calls/reload"), "{missing}");
    }

    #[test]
    fn a_missing_figure_is_refused_naming_it() {
        let mut figures = crate::bench::report::tests::browser_json(true);
        figures["cold"]["throttled"]["reference"]
            .as_object_mut()
            .map(|page| page.remove("renderDom"));
        let error = BrowserFigures::read(&figures).unwrap_err();
        assert!(
            error.contains("/cold/throttled/reference/renderDom/median"),
            "{error}"
        );
    }

    #[test]
    fn spreads_show_the_median_and_the_quartiles() {
        let spread = Spread {
            median: 100.0,
            p25: 90.04,
            p75: 110.06,
        };
        assert_eq!(spread.to_string(), "100.0 [90.0-110.1]");
    }

    #[test]
    fn the_views_are_read_on_loopback_and_with_latency() {
        let figures = BrowserFigures::read(&crate::bench::report::tests::browser_json(true))
            .unwrap_or_else(|e| panic!("{e}"));
        let labels: Vec<(&str, bool)> = figures
            .views
            .iter()
            .map(|v| (v.label.as_str(), v.delayed))
            .collect();
        assert_eq!(labels, [("", false), (", API +150 ms", true)]);
        assert_eq!(figures.views[1].reload.ratio, 0.4);
        let widths: Vec<&str> = figures
            .layout_shift
            .iter()
            .map(|l| l.label.as_str())
            .collect();
        assert_eq!(widths, ["1,200 px, API +150 ms", "320 px, API +150 ms"]);
    }

    #[test]
    fn without_latency_the_views_and_shifts_come_from_loopback() {
        let figures = BrowserFigures::read(&crate::bench::report::tests::browser_json(false))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(figures.views.len(), 1);
        assert_eq!(figures.layout_shift[0].label, "1,200 px, loopback");
        assert_eq!(figures.layout_shift[1].label, "320 px, loopback");
    }
}
