//! The benchmark's report, built once: [`Measured`] is what a run measured, as it came;
//! [`Report`] reads it once into the figures, ratios and targets that the terminal's table
//! (`table.rs`), report.md (`markdown.rs`) and report.json (`json.rs`) show.

use serde_json::Value;

use super::browser::BrowserFigures;
use super::lighthouse::LighthouseFigures;
use super::load::{LoadFigures, SnapshotLoad};
use super::sizes::{totals, FileSize, Totals, PKG_GZIP_BUDGET};
use super::targets::{Limit, Target, FLOOR_RATIO_LIMIT, RENDER_MS_LIMIT};
use super::targets::{LAYOUT_SHIFT_LIMIT, RELOAD_RATIO_LIMIT, RETURNING_RATIO_LIMIT};
use crate::Result;

/// Where the figures were taken.
#[derive(Debug, Clone, PartialEq)]
pub struct Machine {
    /// Logical CPUs.
    pub nproc: usize,
    /// `/proc/cpuinfo`'s first model name, if any.
    pub cpu: Option<String>,
}

/// Everything one `cargo xtask bench` run measured, as it came.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// UTC date of the run, `YYYY-MM-DD`.
    pub date: String,
    /// Where it ran.
    pub machine: Machine,
    /// How long the whole run took, in seconds.
    pub seconds: f64,
    /// The shipped `pkg/` files (wasm, JS, CSS).
    pub pkg: Vec<FileSize>,
    /// Every file of `dist/`.
    pub dist: Vec<FileSize>,
    /// The bare Yew app's shipped files.
    pub floor: Vec<FileSize>,
    /// What `bench/run.mjs` measured in Chromium.
    pub browser: Value,
    /// What `bench/lighthouse.mjs` measured, null when Lighthouse was left out.
    pub lighthouse: Value,
    /// What `bench/snapshot-load.mjs` measured: nginx serving a published folder.
    pub snapshot_load: Value,
}

/// One set of files against another, raw, gzip -9 and brotli 11.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ratios {
    /// Bytes on disk.
    pub raw: f64,
    /// gzip -9.
    pub gzip: f64,
    /// brotli 11.
    pub brotli: f64,
}

impl Ratios {
    fn of(a: Totals, b: Totals) -> Ratios {
        Ratios {
            raw: a.raw as f64 / b.raw.max(1) as f64,
            gzip: a.gzip as f64 / b.gzip.max(1) as f64,
            brotli: a.brotli as f64 / b.brotli.max(1) as f64,
        }
    }
}

/// The sizes' totals, and `pkg/` against the bare Yew app.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SizeFigures {
    /// `pkg/`'s shipped files.
    pub pkg: Totals,
    /// `dist/`.
    pub dist: Totals,
    /// The bare Yew app's shipped files.
    pub floor: Totals,
    /// `pkg/` / the bare Yew app.
    pub pkg_to_floor: Ratios,
}

/// What the report says, worked out once from what was measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// What was measured.
    pub measured: Measured,
    /// The sizes' totals and ratios.
    pub sizes: SizeFigures,
    /// The browser run's figures.
    pub browser: BrowserFigures,
    /// Lighthouse's audits, if it ran.
    pub lighthouse: Option<LighthouseFigures>,
    /// The snapshot-load section.
    pub load: LoadFigures,
    /// The targets, each with its measured value.
    pub targets: Vec<Target>,
}

impl Report {
    /// Reads `measured` once; fails naming any figure a run script did not write.
    pub fn new(measured: Measured) -> Result<Report> {
        let (pkg, floor) = (totals(&measured.pkg), totals(&measured.floor));
        let sizes = SizeFigures {
            pkg,
            dist: totals(&measured.dist),
            floor,
            pkg_to_floor: Ratios::of(pkg, floor),
        };
        let browser = BrowserFigures::read(&measured.browser)?;
        let lighthouse = LighthouseFigures::read(&measured.lighthouse)?;
        let calls_per_view = browser.calls.one_widget.round().max(0.0) as u64;
        let load = LoadFigures::new(
            SnapshotLoad::from_json(&measured.snapshot_load)?,
            calls_per_view,
        );
        let targets = targets(&sizes, &browser, lighthouse.as_ref(), &load);
        Ok(Report {
            measured,
            sizes,
            browser,
            lighthouse,
            load,
            targets,
        })
    }
}

/// The targets: sizes, each series' all-cards-ready ratio, the reload's and the
/// returning viewer's with the API answers delayed, layout shift, render cost, API calls,
/// Lighthouse's scores, then the snapshot load's.
fn targets(
    sizes: &SizeFigures,
    browser: &BrowserFigures,
    lighthouse: Option<&LighthouseFigures>,
    load: &LoadFigures,
) -> Vec<Target> {
    let mut targets = vec![
        Target {
            what: "pkg/ wasm + JS + CSS, gzip -9",
            value: sizes.pkg.gzip as f64,
            unit: "bytes",
            limit: Limit::AtMost(PKG_GZIP_BUDGET as f64),
        },
        Target {
            what: "pkg/ / bare Yew floor, gzip -9",
            value: sizes.pkg_to_floor.gzip,
            unit: "x",
            limit: Limit::AtMost(FLOOR_RATIO_LIMIT),
        },
    ];
    targets.extend(browser.series.iter().map(|series| Target {
        what: series.target,
        value: series.all_ready_ratio,
        unit: "x",
        limit: Limit::AtMost(series.ready_ratio_limit),
    }));
    for views in browser.views.iter().filter(|views| views.delayed) {
        targets.extend([
            Target {
                what: "reload in the same tab / reference, API delayed",
                value: views.reload.ratio,
                unit: "x",
                limit: Limit::AtMost(RELOAD_RATIO_LIMIT),
            },
            Target {
                what: "returning viewer, cache off / reference, API delayed",
                value: views.returning.ratio,
                unit: "x",
                limit: Limit::AtMost(RETURNING_RATIO_LIMIT),
            },
        ]);
    }
    targets.extend(
        browser
            .layout_shift
            .iter()
            .zip(LAYOUT_SHIFT_TARGETS)
            .map(|(shift, what)| Target {
                what,
                value: shift.widget.max,
                unit: "shift",
                limit: Limit::AtMost(LAYOUT_SHIFT_LIMIT),
            }),
    );
    let calls = &browser.calls;
    targets.extend([
        Target {
            what: "render: last API body read to last card in the DOM (median)",
            value: browser.unthrottled().widget.render_body.median,
            unit: "ms",
            limit: Limit::Below(RENDER_MS_LIMIT),
        },
        Target {
            what: "API calls per page view, 1 widget",
            value: calls.one_widget,
            unit: "calls",
            limit: Limit::Exactly(3.0),
        },
        Target {
            what: "API calls per page view, 5 widgets",
            value: calls.five_widgets,
            unit: "calls",
            limit: Limit::Exactly(3.0),
        },
        Target {
            what: "API calls on a reload within the cache TTL",
            value: calls.reload,
            unit: "calls",
            limit: Limit::Exactly(0.0),
        },
    ]);
    targets.extend(
        lighthouse
            .map(LighthouseFigures::targets)
            .unwrap_or_default(),
    );
    targets.extend(load.measured.targets());
    targets
}

/// The layout shift targets' names, in the order `BrowserFigures::layout_shift` has them.
const LAYOUT_SHIFT_TARGETS: [&str; 2] = [
    "layout shift, 1,200 px (the most of any load)",
    "layout shift, 320 px (the most of any load)",
];

/// `YYYY-MM-DD` of a Unix time, in UTC.
pub fn utc_date(unix_seconds: u64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    i64::try_from(unix_seconds)
        .ok()
        .and_then(|seconds| time::OffsetDateTime::from_unix_timestamp(seconds).ok())
        .and_then(|time| time.date().format(format).ok())
        .unwrap_or_else(|| "1970-01-01".to_string())
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dates() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        assert_eq!(utc_date(1_795_392_000), "2026-11-23");
    }

    /// Browser figures as `bench/run.mjs` writes them, every series alike.
    pub fn browser_json(latency: bool) -> Value {
        let spread = json!({ "median": 100.0, "p25": 90.0, "p75": 110.0 });
        let page = json!({
            "allReady": spread, "firstReady": spread, "render": spread,
            "renderDom": spread, "renderBody": { "median": 2.0, "p25": 1.0, "p75": 3.0 },
            "responseToCard": { "exposure": spread, "device": spread, "groups": spread },
            "marks": { "init": spread, "firstCard": spread, "allCards": spread },
            "apiRequests": { "median": 0.0, "p25": 0.0, "p75": 0.0 },
            "layoutShift": { "median": 0.018, "p25": 0.012, "p75": 0.02, "max": 0.025 },
        });
        let pair = |ratio: f64| json!({ "widget": page, "reference": page, "ratio": { "allReady": ratio, "firstReady": 1.0 } });
        let series = |ratio: f64| {
            json!({
                "loads": 3, "viewport": { "width": 1200, "height": 800 },
                "widget": page, "reference": page,
                "ratio": { "allReady": ratio, "firstReady": 1.0 },
            })
        };
        let with_views = |ratio: f64, reload: f64, returning: f64| {
            let mut views = series(ratio);
            views["reload"] = pair(reload);
            views["returning"] = pair(returning);
            views["returning"]["widgetNoWasmPreload"] = page.clone();
            views["returning"]["ratioNoWasmPreload"] = json!({ "allReady": 0.9 });
            views
        };
        let memory = json!({
            "afterLoad": { "jsHeapUsed": 1e6, "wasmMemory": 2e6 },
            "afterRefreshes": { "jsHeapUsed": 1e6, "wasmMemory": 2e6 },
            "refreshes": 1000, "refreshCalls": 3000, "msPerRefresh": 1.0,
        });
        let mut latency_series = with_views(1.3, 0.4, 1.1);
        latency_series["apiLatencyMs"] = json!(150);
        let mut narrow = series(1.0);
        narrow["viewport"] = json!({ "width": 320, "height": 640 });
        narrow["apiLatencyMs"] = json!(if latency { 150 } else { 0 });
        json!({
            "chromium": "1",
            "cold": {
                "unthrottled": with_views(1.2, 0.8, 1.0),
                "throttled": series(1.4),
                "latency": if latency { latency_series } else { Value::Null },
                "narrow": narrow,
            },
            "calls": { "oneWidget": 3, "fiveWidgets": 3, "reload": 0 },
            "memory": { "widget": memory, "reference": memory },
        })
    }

    /// A report on those browser figures (with or without the latency series), one file per
    /// size, Lighthouse's figures and `bench/snapshot-load.mjs`'s figures.
    pub fn report(latency: bool) -> Report {
        report_with(latency, crate::bench::lighthouse::tests::lighthouse_json())
    }

    /// The same with `lighthouse` as Lighthouse's figures (null: left out).
    pub fn report_with(latency: bool, lighthouse: Value) -> Report {
        let file = FileSize {
            name: "a_bg.wasm".into(),
            raw: 300_000,
            gzip: 100_000,
            brotli: Some(90_000),
        };
        Report::new(Measured {
            date: "2026-12-01".into(),
            machine: Machine {
                nproc: 2,
                cpu: None,
            },
            seconds: 1.0,
            pkg: vec![file.clone()],
            dist: vec![file.clone()],
            floor: vec![file],
            browser: browser_json(latency),
            lighthouse,
            snapshot_load: crate::bench::load::tests::figures(),
        })
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_latency_series_has_its_own_target() {
        let report = report(true);
        let ratios: Vec<(f64, Limit, bool)> = report
            .targets
            .iter()
            .filter(|t| t.unit == "x" && t.what != "pkg/ / bare Yew floor, gzip -9")
            .map(|t| (t.value, t.limit, t.pass()))
            .collect();
        assert_eq!(
            ratios,
            [
                (1.2, Limit::AtMost(1.5), true),
                (1.4, Limit::AtMost(1.5), true),
                (1.3, Limit::AtMost(1.15), false),
                (0.4, Limit::AtMost(0.5), true),
                (1.1, Limit::AtMost(1.05), false),
            ]
        );
    }

    #[test]
    fn reload_and_returning_targets_hold_the_delayed_series_only() {
        let report = report(false);
        assert!(report
            .targets
            .iter()
            .all(|t| !t.what.starts_with("reload") && !t.what.starts_with("returning")));
    }

    #[test]
    fn layout_shift_targets_take_the_widget_s_largest_shift_at_both_widths() {
        let report = report(true);
        let shifts: Vec<(&str, f64, bool)> = report
            .targets
            .iter()
            .filter(|t| t.unit == "shift")
            .map(|t| (t.what, t.value, t.pass()))
            .collect();
        assert_eq!(
            shifts,
            [
                (LAYOUT_SHIFT_TARGETS[0], 0.025, false),
                (LAYOUT_SHIFT_TARGETS[1], 0.025, false),
            ]
        );
    }

    #[test]
    fn lighthouse_targets_are_left_out_without_lighthouse() {
        let with = report(true);
        let without = report_with(true, Value::Null);
        let lighthouse = |r: &Report| r.targets.iter().filter(|t| t.unit == "points").count();
        assert_eq!((lighthouse(&with), lighthouse(&without)), (5, 0));
    }

    #[test]
    fn without_the_latency_series_its_target_is_left_out() {
        let report = report(false);
        assert!(report
            .targets
            .iter()
            .all(|t| !t.what.contains("--latency-ms")));
    }

    #[test]
    fn the_snapshot_load_s_targets_come_last() {
        let report = report(false);
        let last = report.targets.last().map(|t| t.what);
        assert_eq!(
            last,
            Some("snapshot load: repeat-view requests answered 304")
        );
        assert_eq!(report.load.calls_per_view, 3);
    }
}
