//! The benchmark's figures: targets with PASS/FAIL, the table printed at the
//! end, the same table in Markdown (for the README) and `report.json`.

use serde_json::{json, Value};

use super::load::SnapshotLoad;
use super::sizes::{kb, totals, with_separators, FileSize, Totals, PKG_GZIP_BUDGET};
use crate::Result;

/// `pkg/` may be at most this many times the bare Yew app, gzipped.
pub const FLOOR_RATIO_LIMIT: f64 = 1.4;
/// All cards ready within this many times the plain-JavaScript reference,
/// API on loopback.
pub const READY_RATIO_LIMIT: f64 = 1.5;
/// The same with a delay on every API answer (150 ms by default).
pub const LATENCY_READY_RATIO_LIMIT: f64 = 1.25;
/// Render cost (last response to last card painted) under this, in ms.
pub const RENDER_MS_LIMIT: f64 = 4.0;

/// Where the figures were taken.
#[derive(Debug, Clone)]
pub struct Machine {
    /// Logical CPUs.
    pub nproc: usize,
    /// `/proc/cpuinfo`'s first model name, if any.
    pub cpu: Option<String>,
}

/// Everything one `cargo xtask bench` run measured.
#[derive(Debug, Clone)]
pub struct Report {
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
    /// What `bench/snapshot-load.mjs` measured: nginx serving a published folder.
    pub snapshot_load: Value,
}

/// How a measured value is judged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    /// At most this.
    AtMost(f64),
    /// Strictly below this.
    Below(f64),
    /// Exactly this (counts).
    Exactly(f64),
}

impl Limit {
    /// Whether `value` meets the limit.
    pub fn met_by(self, value: f64) -> bool {
        match self {
            Limit::AtMost(limit) => value <= limit,
            Limit::Below(limit) => value < limit,
            Limit::Exactly(limit) => value == limit,
        }
    }

    fn describe(self, unit: &str) -> String {
        let (sign, limit) = match self {
            Limit::AtMost(limit) => ("<=", limit),
            Limit::Below(limit) => ("<", limit),
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
    /// `x`, `ms`, `bytes` or `calls`.
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

/// The rows of each series of cold loads: name, figure, and whether the
/// widget/reference ratio goes with it.
const TIMINGS: [(&str, &str, bool); 5] = [
    ("all cards ready", "allReady", true),
    ("first card ready", "firstReady", true),
    ("render: last response to next frame", "render", false),
    (
        "  last response to last card in the DOM",
        "renderDom",
        false,
    ),
    (
        "  last body read to last card in the DOM",
        "renderBody",
        false,
    ),
];

/// A series of cold loads in the browser figures.
#[derive(Debug, Clone, PartialEq)]
pub struct ColdSeries {
    /// Where its figures are, e.g. `/cold/unthrottled`.
    pointer: &'static str,
    /// What follows a row's name, e.g. `, 4x CPU`.
    label: String,
    /// The name of its all-cards-ready target.
    target: &'static str,
    /// The most all cards ready may take, as a ratio to the reference.
    ready_ratio_limit: f64,
}

impl ColdSeries {
    /// The series the browser run measured: always the two on loopback (CPU
    /// at full speed, then 4x throttled), and the one with every API answer
    /// delayed unless it was left out (`--latency-ms 0`).
    pub fn measured(browser: &Value) -> Vec<ColdSeries> {
        let mut series = vec![
            ColdSeries {
                pointer: "/cold/unthrottled",
                label: String::new(),
                target: "all cards ready / plain-JS reference (medians)",
                ready_ratio_limit: READY_RATIO_LIMIT,
            },
            ColdSeries {
                pointer: "/cold/throttled",
                label: ", 4x CPU".to_string(),
                target: "same, 4x CPU throttling",
                ready_ratio_limit: READY_RATIO_LIMIT,
            },
        ];
        if let Some(ms) = browser
            .pointer("/cold/latency/apiLatencyMs")
            .and_then(Value::as_f64)
        {
            series.push(ColdSeries {
                pointer: "/cold/latency",
                label: format!(", API +{ms} ms"),
                target: "same, each API answer delayed (--latency-ms)",
                ready_ratio_limit: LATENCY_READY_RATIO_LIMIT,
            });
        }
        series
    }
}

/// `1.23x`, `12.3 ms`, `102,400 bytes`, `3 calls`.
fn show(value: f64, unit: &str) -> String {
    match unit {
        "x" => format!("{value:.2}x"),
        "ms" => format!("{value:.1} ms"),
        "bytes" => format!("{} bytes", with_separators(value.max(0.0) as u64)),
        _ => format!("{value} {unit}"),
    }
}

/// A number in the browser figures, or why the benchmark cannot go on.
pub fn number(browser: &Value, pointer: &str) -> Result<f64> {
    browser
        .pointer(pointer)
        .and_then(Value::as_f64)
        .ok_or_else(|| format!("the browser run measured no {pointer}"))
}

/// `median [p25-p75]` of a stats object at `pointer`, in ms.
fn spread(browser: &Value, pointer: &str) -> Result<String> {
    let median = number(browser, &format!("{pointer}/median"))?;
    let p25 = number(browser, &format!("{pointer}/p25"))?;
    let p75 = number(browser, &format!("{pointer}/p75"))?;
    Ok(format!("{median:.1} [{p25:.1}-{p75:.1}]"))
}

/// The medians of the stats objects `<prefix>/<name>`, in ms, `a / b / c`.
fn medians<const N: usize>(browser: &Value, prefix: &str, names: [&str; N]) -> Result<String> {
    let values = names
        .iter()
        .map(|name| number(browser, &format!("{prefix}/{name}/median")).map(|v| format!("{v:.1}")))
        .collect::<Result<Vec<_>>>()?;
    Ok(values.join(" / "))
}

impl Report {
    /// The targets, each with its measured value.
    pub fn targets(&self) -> Result<Vec<Target>> {
        let pkg = totals(&self.pkg);
        let floor = totals(&self.floor);
        let b = &self.browser;
        let mut targets = vec![
            Target {
                what: "pkg/ wasm + JS + CSS, gzip -9",
                value: pkg.gzip as f64,
                unit: "bytes",
                limit: Limit::AtMost(PKG_GZIP_BUDGET as f64),
            },
            Target {
                what: "pkg/ / bare Yew floor, gzip -9",
                value: pkg.gzip as f64 / floor.gzip.max(1) as f64,
                unit: "x",
                limit: Limit::AtMost(FLOOR_RATIO_LIMIT),
            },
        ];
        for series in ColdSeries::measured(b) {
            targets.push(Target {
                what: series.target,
                value: number(b, &format!("{}/ratio/allReady", series.pointer))?,
                unit: "x",
                limit: Limit::AtMost(series.ready_ratio_limit),
            });
        }
        targets.extend([
            Target {
                what: "render: last API body read to last card in the DOM (median)",
                value: number(b, "/cold/unthrottled/widget/renderBody/median")?,
                unit: "ms",
                limit: Limit::Below(RENDER_MS_LIMIT),
            },
            Target {
                what: "API calls per page view, 1 widget",
                value: number(b, "/calls/oneWidget")?,
                unit: "calls",
                limit: Limit::Exactly(3.0),
            },
            Target {
                what: "API calls per page view, 5 widgets",
                value: number(b, "/calls/fiveWidgets")?,
                unit: "calls",
                limit: Limit::Exactly(3.0),
            },
            Target {
                what: "API calls on a reload within the cache TTL",
                value: number(b, "/calls/reload")?,
                unit: "calls",
                limit: Limit::Exactly(0.0),
            },
        ]);
        targets.extend(self.load()?.targets());
        Ok(targets)
    }

    /// The snapshot load's figures, checked.
    fn load(&self) -> Result<SnapshotLoad> {
        SnapshotLoad::from_json(&self.snapshot_load)
    }

    /// API calls per page view in delegated mode, 1 widget, as measured in the browser.
    fn delegated_calls_per_view(&self) -> Result<u64> {
        Ok(number(&self.browser, "/calls/oneWidget")?.round().max(0.0) as u64)
    }

    /// The table printed at the end of the run.
    pub fn table(&self) -> Result<String> {
        let b = &self.browser;
        let loads = number(b, "/cold/unthrottled/loads")?;
        let mut t = String::new();
        let mut line = |text: String| {
            t.push_str(&text);
            t.push('\n');
        };
        line(format!(
            "defender-score-cards benchmark, {} ({} CPUs{}, Chromium {})",
            self.date,
            self.machine.nproc,
            self.machine
                .cpu
                .as_ref()
                .map(|cpu| format!(", {cpu}"))
                .unwrap_or_default(),
            b.pointer("/chromium")
                .and_then(Value::as_str)
                .unwrap_or("?")
        ));
        line(String::new());
        line(format!(
            "{:<44} {:>11} {:>11} {:>11}",
            "Size (bytes)", "raw", "gzip -9", "brotli 11"
        ));
        let size_row = |name: &str, t: Totals| {
            format!(
                "{:<44} {:>11} {:>11} {:>11}",
                name,
                with_separators(t.raw),
                with_separators(t.gzip),
                with_separators(t.brotli)
            )
        };
        for (label, files) in [
            ("pkg/", &self.pkg),
            ("dist/", &self.dist),
            ("floor (bare Yew)", &self.floor),
        ] {
            for file in files.iter() {
                line(size_row(
                    &format!("  {label} {}", short_name(&file.name)),
                    totals(std::slice::from_ref(file)),
                ));
            }
            line(size_row(&format!("{label} total"), totals(files)));
        }
        let (pkg, floor) = (totals(&self.pkg), totals(&self.floor));
        line(format!(
            "{:<44} {:>11} {:>11} {:>11}",
            "pkg/ / floor",
            format!("{:.2}x", pkg.raw as f64 / floor.raw.max(1) as f64),
            format!("{:.2}x", pkg.gzip as f64 / floor.gzip.max(1) as f64),
            format!("{:.2}x", pkg.brotli as f64 / floor.brotli.max(1) as f64)
        ));
        line(String::new());
        line(format!(
            "Cold page loads, {loads} of each page per setting, alternating; ms from navigation start, median [p25-p75]"
        ));
        line(format!(
            "{:<54} {:>20} {:>20} {:>7}",
            "", "widget", "plain-JS reference", "ratio"
        ));
        for series in ColdSeries::measured(b) {
            for (name, key, with_ratio) in TIMINGS {
                let c = series.pointer;
                let mut row = format!(
                    "{:<54} {:>20} {:>20}",
                    format!("{name}{}", series.label),
                    spread(b, &format!("{c}/widget/{key}"))?,
                    spread(b, &format!("{c}/reference/{key}"))?,
                );
                if with_ratio {
                    let ratio = number(b, &format!("{c}/ratio/{key}"))?;
                    row.push_str(&format!(" {:>7}", format!("{ratio:.2}x")));
                }
                line(row);
            }
        }
        const CARDS: [&str; 3] = ["exposure", "device", "groups"];
        line(format!(
            "{:<44} {:>20} {:>20}",
            "each response to its card ready (exp/dev/grp)",
            medians(b, "/cold/unthrottled/widget/responseToCard", CARDS)?,
            medians(b, "/cold/unthrottled/reference/responseToCard", CARDS)?
        ));
        line(format!(
            "{:<44} {:>20}",
            "widget marks dsc:init / first-card / all-cards",
            medians(
                b,
                "/cold/unthrottled/widget/marks",
                ["init", "firstCard", "allCards"]
            )?
        ));
        line(String::new());
        line(format!(
            "API calls: 1 widget {}, 5 widgets {}, reload (same tab) {}; {} refreshes made {} calls",
            number(b, "/calls/oneWidget")?,
            number(b, "/calls/fiveWidgets")?,
            number(b, "/calls/reload")?,
            number(b, "/memory/widget/refreshes")?,
            number(b, "/memory/widget/refreshCalls")?
        ));
        line(String::new());
        line(format!(
            "{:<44} {:>12} {:>22}",
            "Memory (after a full GC)", "after load", "after 1,000 refreshes"
        ));
        for (page, label) in [("widget", "widget"), ("reference", "plain-JS reference")] {
            line(format!(
                "{:<44} {:>12} {:>22}",
                format!("{label}: JS heap used"),
                kb(number(b, &format!("/memory/{page}/afterLoad/jsHeapUsed"))? as u64),
                kb(number(b, &format!("/memory/{page}/afterRefreshes/jsHeapUsed"))? as u64)
            ));
        }
        line(format!(
            "{:<44} {:>12} {:>22}",
            "widget: wasm memory",
            kb(number(b, "/memory/widget/afterLoad/wasmMemory")? as u64),
            kb(number(b, "/memory/widget/afterRefreshes/wasmMemory")? as u64)
        ));
        line(format!(
            "{:<44} {:>12} {:>22}",
            "one refresh, widget / reference (ms)",
            format!("{:.2}", number(b, "/memory/widget/msPerRefresh")?),
            format!("{:.2}", number(b, "/memory/reference/msPerRefresh")?)
        ));
        line(String::new());
        for load_line in self.load()?.table(self.delegated_calls_per_view()?) {
            line(load_line);
        }
        line(String::new());
        line("Targets".to_string());
        for target in self.targets()? {
            line(format!(
                "  {:<4}  {:<52} {:>16}  (target {})",
                if target.pass() { "PASS" } else { "FAIL" },
                target.what,
                show(target.value, target.unit),
                target.limit.describe(target.unit)
            ));
        }
        Ok(t)
    }

    /// The README's tables: the widget beside its floors, then snapshot mode under load.
    pub fn markdown(&self) -> Result<String> {
        let b = &self.browser;
        let (pkg, floor) = (totals(&self.pkg), totals(&self.floor));
        let dist = totals(&self.dist);
        let mut rows = vec![
            "| measure | widget | floor | ratio | target |".to_string(),
            "| --- | ---: | ---: | ---: | --- |".to_string(),
            format!(
                "| pkg/ wasm + JS + CSS, gzip -9 | {} | {} | {:.2}x | <= {}, <= {FLOOR_RATIO_LIMIT}x |",
                kb(pkg.gzip),
                kb(floor.gzip),
                pkg.gzip as f64 / floor.gzip.max(1) as f64,
                kb(PKG_GZIP_BUDGET)
            ),
            format!(
                "| pkg/ brotli 11 (raw) | {} ({}) | {} ({}) | {:.2}x | |",
                kb(pkg.brotli),
                kb(pkg.raw),
                kb(floor.brotli),
                kb(floor.raw),
                pkg.brotli as f64 / floor.brotli.max(1) as f64
            ),
            format!(
                "| dist/ gzip -9 / brotli 11 (raw) | {} / {} ({}) | | | |",
                kb(dist.gzip),
                kb(dist.brotli),
                kb(dist.raw)
            ),
        ];
        for series in ColdSeries::measured(b) {
            let (c, label) = (series.pointer, &series.label);
            let ready_target = format!("<= {}x ", series.ready_ratio_limit);
            for (name, key, target) in [
                ("all cards ready", "allReady", ready_target.as_str()),
                ("first card ready", "firstReady", ""),
            ] {
                rows.push(format!(
                    "| {name}{label}, ms | {} | {} | {:.2}x | {target}|",
                    spread(b, &format!("{c}/widget/{key}"))?,
                    spread(b, &format!("{c}/reference/{key}"))?,
                    number(b, &format!("{c}/ratio/{key}"))?,
                ));
            }
        }
        let render_target = format!("< {RENDER_MS_LIMIT} ms ");
        for (name, key, target) in [
            (
                "last API body read to last card in the DOM",
                "renderBody",
                render_target.as_str(),
            ),
            ("last response to next frame", "render", ""),
            ("last response to last card in the DOM", "renderDom", ""),
        ] {
            rows.push(format!(
                "| render: {name}, ms | {} | {} | | {target}|",
                spread(b, &format!("/cold/unthrottled/widget/{key}"))?,
                spread(b, &format!("/cold/unthrottled/reference/{key}"))?,
            ));
        }
        rows.push(format!(
            "| API calls: 1 widget / 5 widgets / reload | {} / {} / {} | 3 / - / - | | 3 / 3 / 0 |",
            number(b, "/calls/oneWidget")?,
            number(b, "/calls/fiveWidgets")?,
            number(b, "/calls/reload")?
        ));
        rows.push(format!(
            "| JS heap after load / 1,000 refreshes | {} / {} | {} / {} | | |",
            kb(number(b, "/memory/widget/afterLoad/jsHeapUsed")? as u64),
            kb(number(b, "/memory/widget/afterRefreshes/jsHeapUsed")? as u64),
            kb(number(b, "/memory/reference/afterLoad/jsHeapUsed")? as u64),
            kb(number(b, "/memory/reference/afterRefreshes/jsHeapUsed")? as u64)
        ));
        rows.push(format!(
            "| wasm memory after load / 1,000 refreshes | {} / {} | | | |",
            kb(number(b, "/memory/widget/afterLoad/wasmMemory")? as u64),
            kb(number(b, "/memory/widget/afterRefreshes/wasmMemory")? as u64)
        ));
        let load = self.load()?.markdown(self.delegated_calls_per_view()?);
        Ok(rows.join("\n") + "\n\n" + &load)
    }

    /// `report.json`: every figure, the machine, and the targets.
    pub fn to_json(&self) -> Result<Value> {
        let files = |files: &[FileSize]| -> Value {
            let total = totals(files);
            json!({
                "files": files.iter().map(|f| json!({
                    "name": f.name, "raw": f.raw, "gzip": f.gzip, "brotli": f.brotli,
                })).collect::<Vec<_>>(),
                "total": { "raw": total.raw, "gzip": total.gzip, "brotli": total.brotli },
            })
        };
        let (pkg, floor) = (totals(&self.pkg), totals(&self.floor));
        let targets: Vec<Value> = self
            .targets()?
            .iter()
            .map(|t| {
                json!({
                    "what": t.what,
                    "value": t.value,
                    "unit": t.unit,
                    "limit": t.limit.describe(t.unit),
                    "pass": t.pass(),
                })
            })
            .collect();
        Ok(json!({
            "date": self.date,
            "seconds": self.seconds,
            "machine": {
                "nproc": self.machine.nproc,
                "cpu": self.machine.cpu,
                "chromium": self.browser.pointer("/chromium"),
            },
            "sizes": {
                "pkg": files(&self.pkg),
                "dist": files(&self.dist),
                "floor": files(&self.floor),
                "pkgToFloor": {
                    "raw": pkg.raw as f64 / floor.raw.max(1) as f64,
                    "gzip": pkg.gzip as f64 / floor.gzip.max(1) as f64,
                    "brotli": pkg.brotli as f64 / floor.brotli.max(1) as f64,
                },
                "pkgGzipBudget": PKG_GZIP_BUDGET,
            },
            "browser": self.browser,
            "snapshotLoad": self.load()?.to_json(&self.snapshot_load, self.delegated_calls_per_view()?),
            "targets": targets,
        }))
    }
}

/// A file name for the table: wasm-bindgen's hashed snippet folders shortened,
/// `snippets/defender-score-cards-a4730f897d68c1db/inline0.js` to `snippets/…/inline0.js`.
pub fn short_name(name: &str) -> String {
    match name
        .strip_prefix("snippets/")
        .and_then(|rest| rest.split_once('/'))
    {
        Some((_, file)) => format!("snippets/…/{file}"),
        None => name.to_string(),
    }
}

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
    }

    #[test]
    fn shortens_snippet_folders() {
        assert_eq!(
            short_name("snippets/defender-score-cards-a4730f897d68c1db/inline0.js"),
            "snippets/…/inline0.js"
        );
        assert_eq!(
            short_name("snippets/x-1/web/standalone.js"),
            "snippets/…/web/standalone.js"
        );
        assert_eq!(
            short_name("defender_score_cards.js"),
            "defender_score_cards.js"
        );
    }

    #[test]
    fn dates() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        assert_eq!(utc_date(1_795_392_000), "2026-11-23");
    }

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

    /// Browser figures as `bench/run.mjs` writes them, every series alike.
    fn figures(latency: bool) -> Value {
        let spread = json!({ "median": 100.0, "p25": 90.0, "p75": 110.0 });
        let page = json!({
            "allReady": spread, "firstReady": spread, "render": spread,
            "renderDom": spread, "renderBody": { "median": 2.0, "p25": 1.0, "p75": 3.0 },
            "responseToCard": { "exposure": spread, "device": spread, "groups": spread },
            "marks": { "init": spread, "firstCard": spread, "allCards": spread },
        });
        let series = |ratio: f64| {
            json!({
                "loads": 3, "widget": page, "reference": page,
                "ratio": { "allReady": ratio, "firstReady": 1.0 },
            })
        };
        let memory = json!({
            "afterLoad": { "jsHeapUsed": 1e6, "wasmMemory": 2e6 },
            "afterRefreshes": { "jsHeapUsed": 1e6, "wasmMemory": 2e6 },
            "refreshes": 1000, "refreshCalls": 3000, "msPerRefresh": 1.0,
        });
        let mut latency_series = series(1.3);
        latency_series["apiLatencyMs"] = json!(150);
        json!({
            "chromium": "1",
            "cold": {
                "unthrottled": series(1.2),
                "throttled": series(1.4),
                "latency": if latency { latency_series } else { Value::Null },
            },
            "calls": { "oneWidget": 3, "fiveWidgets": 3, "reload": 0 },
            "memory": { "widget": memory, "reference": memory },
        })
    }

    fn report(browser: Value) -> Report {
        let file = FileSize {
            name: "a_bg.wasm".into(),
            raw: 300_000,
            gzip: 100_000,
            brotli: Some(90_000),
        };
        Report {
            date: "2026-12-01".into(),
            machine: Machine {
                nproc: 2,
                cpu: None,
            },
            seconds: 1.0,
            pkg: vec![file.clone()],
            dist: vec![file.clone()],
            floor: vec![file],
            browser,
            snapshot_load: crate::bench::load::tests::figures(),
        }
    }

    #[test]
    fn the_latency_series_has_its_rows_and_its_own_target() {
        let report = report(figures(true));
        let table = report.table().unwrap_or_else(|e| panic!("{e}"));
        assert!(
            table.contains("all cards ready, API +150 ms") && table.contains("1.30x"),
            "{table}"
        );
        let targets = report.targets().unwrap_or_else(|e| panic!("{e}"));
        let ratios: Vec<(f64, Limit, bool)> = targets
            .iter()
            .filter(|t| t.unit == "x" && t.what != "pkg/ / bare Yew floor, gzip -9")
            .map(|t| (t.value, t.limit, t.pass()))
            .collect();
        assert_eq!(
            ratios,
            [
                (1.2, Limit::AtMost(1.5), true),
                (1.4, Limit::AtMost(1.5), true),
                (1.3, Limit::AtMost(1.25), false),
            ]
        );
        let markdown = report.markdown().unwrap_or_else(|e| panic!("{e}"));
        assert!(
            markdown.contains("| all cards ready, API +150 ms, ms |")
                && markdown.contains("| 1.30x | <= 1.25x |"),
            "{markdown}"
        );
    }

    #[test]
    fn the_snapshot_load_has_its_section_targets_and_json() {
        let report = report(figures(false));
        let table = report.table().unwrap_or_else(|e| panic!("{e}"));
        let section = table.find(crate::bench::load::TITLE);
        let targets = table.find("Targets");
        assert!(section.is_some() && section < targets, "{table}");
        assert!(
            table.contains("PASS  snapshot load: API calls, publish + all views"),
            "{table}"
        );
        let markdown = report.markdown().unwrap_or_else(|e| panic!("{e}"));
        assert!(
            markdown.contains("| first views: 200, full bodies | 10,000 |"),
            "{markdown}"
        );
        let json = report.to_json().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(json["snapshotLoad"]["callsPerDay"], 288);
        assert_eq!(json["snapshotLoad"]["delegatedCeiling"]["callsPerView"], 3);
    }

    #[test]
    fn without_the_latency_series_its_rows_and_target_are_left_out() {
        let report = report(figures(false));
        let table = report.table().unwrap_or_else(|e| panic!("{e}"));
        assert!(!table.contains("API +"), "{table}");
        let targets = report.targets().unwrap_or_else(|e| panic!("{e}"));
        assert!(targets.iter().all(|t| !t.what.contains("--latency-ms")));
        assert!(report.to_json().is_ok());
    }
}
