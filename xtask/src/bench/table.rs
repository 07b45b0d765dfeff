//! The report as the table printed at the end of the run: every file's size, every timing
//! of every series, a viewer's views, layout shift, calls, memory, Lighthouse, the snapshot
//! load, and the targets with PASS or FAIL.

use super::browser::{CardTimes, ColdSeries, Memory, Timing};
use super::lighthouse::{Audit, LighthouseFigures};
use super::load_table::load_rows;
use super::report::Report;
use super::sizes::{kb, totals, with_separators, FileSize, Totals};
use super::targets::show;
use super::views::{ViewTimes, Views};

/// The table, one line per row.
pub fn render(report: &Report) -> String {
    let sections = [
        header(report),
        size_rows(report),
        cold_load_rows(report),
        view_rows(report),
        layout_shift_rows(report),
        calls_and_memory_rows(report),
        report
            .lighthouse
            .as_ref()
            .map(lighthouse_rows)
            .unwrap_or_default(),
        load_rows(&report.load),
        target_rows(report),
    ];
    let mut lines = Vec::new();
    for section in sections.into_iter().filter(|section| !section.is_empty()) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(section);
    }
    lines.into_iter().map(|line| line + "\n").collect()
}

fn header(report: &Report) -> Vec<String> {
    let machine = &report.measured.machine;
    vec![format!(
        "defender-score-cards benchmark, {} ({} CPUs{}, Chromium {})",
        report.measured.date,
        machine.nproc,
        machine
            .cpu
            .as_ref()
            .map(|cpu| format!(", {cpu}"))
            .unwrap_or_default(),
        report.browser.chromium
    )]
}

/// Every file's size and each set's total, then `pkg/` against the floor.
fn size_rows(report: &Report) -> Vec<String> {
    let row = |name: &str, t: Totals| {
        format!(
            "{:<44} {:>11} {:>11} {:>11}",
            name,
            with_separators(t.raw),
            with_separators(t.gzip),
            with_separators(t.brotli)
        )
    };
    let mut lines = vec![format!(
        "{:<44} {:>11} {:>11} {:>11}",
        "Size (bytes)", "raw", "gzip -9", "brotli 11"
    )];
    let measured = &report.measured;
    let sets: [(&str, &[FileSize], Totals); 3] = [
        ("pkg/", &measured.pkg, report.sizes.pkg),
        ("dist/", &measured.dist, report.sizes.dist),
        ("floor (bare Yew)", &measured.floor, report.sizes.floor),
    ];
    for (label, files, total) in sets {
        for file in files {
            let name = format!("  {label} {}", short_name(&file.name));
            lines.push(row(&name, totals(std::slice::from_ref(file))));
        }
        lines.push(row(&format!("{label} total"), total));
    }
    let ratio = report.sizes.pkg_to_floor;
    lines.push(format!(
        "{:<44} {:>11} {:>11} {:>11}",
        "pkg/ / floor",
        format!("{:.2}x", ratio.raw),
        format!("{:.2}x", ratio.gzip),
        format!("{:.2}x", ratio.brotli)
    ));
    lines
}

/// The timings of every series, then the unthrottled series' per-card times and marks.
fn cold_load_rows(report: &Report) -> Vec<String> {
    let browser = &report.browser;
    let mut lines = vec![
        format!(
            "Cold page loads, {} of each page per setting, alternating; ms from navigation start, median [p25-p75]",
            browser.loads
        ),
        format!(
            "{:<54} {:>20} {:>20} {:>7}",
            "", "widget", "plain-JS reference", "ratio"
        ),
    ];
    for series in &browser.series {
        lines.extend(series_rows(series));
    }
    let cards = |c: CardTimes| format!("{:.1} / {:.1} / {:.1}", c.exposure, c.device, c.groups);
    lines.push(format!(
        "{:<44} {:>20} {:>20}",
        "each response to its card ready (exp/dev/grp)",
        cards(browser.widget_cards),
        cards(browser.reference_cards)
    ));
    let marks = browser.marks;
    lines.push(format!(
        "{:<44} {:>20}",
        "widget marks dsc:init / first-card / all-cards",
        format!(
            "{:.1} / {:.1} / {:.1}",
            marks.init, marks.first_card, marks.all_cards
        )
    ));
    lines
}

/// One series' timings: widget, reference and, for the two ready times, their ratio.
fn series_rows(series: &ColdSeries) -> Vec<String> {
    let timings: [(&str, Timing, Option<f64>); 5] = [
        (
            "all cards ready",
            |p| p.all_ready,
            Some(series.all_ready_ratio),
        ),
        (
            "first card ready",
            |p| p.first_ready,
            Some(series.first_ready_ratio),
        ),
        ("render: last response to next frame", |p| p.render, None),
        (
            "  last response to last card in the DOM",
            |p| p.render_dom,
            None,
        ),
        (
            "  last body read to last card in the DOM",
            |p| p.render_body,
            None,
        ),
    ];
    timings
        .into_iter()
        .map(|(name, timing, ratio)| {
            let mut row = format!(
                "{:<54} {:>20} {:>20}",
                format!("{name}{}", series.label),
                timing(&series.widget).to_string(),
                timing(&series.reference).to_string(),
            );
            if let Some(ratio) = ratio {
                row.push_str(&format!(" {:>7}", format!("{ratio:.2}x")));
            }
            row
        })
        .collect()
}

/// A viewer's views at each API latency: first view, reload, returning viewer (with and
/// without the wasm preload), all cards ready.
fn view_rows(report: &Report) -> Vec<String> {
    let mut lines = vec![
        "A viewer's views, all cards ready; ms from navigation start, median [p25-p75]".to_string(),
        format!(
            "{:<54} {:>20} {:>20} {:>7}",
            "", "widget", "plain-JS reference", "ratio"
        ),
    ];
    for views in &report.browser.views {
        lines.extend(views_of(views));
    }
    lines
}

fn views_of(views: &Views) -> Vec<String> {
    let row = |name: &str, times: ViewTimes| {
        format!(
            "{:<54} {:>20} {:>20} {:>7}",
            format!("{name}{}", views.label),
            times.widget.to_string(),
            times.reference.to_string(),
            format!("{:.2}x", times.ratio)
        )
    };
    vec![
        row("first view (new context)", views.first),
        row("reload, same tab", views.reload),
        row("returning viewer (cache off)", views.returning),
        format!(
            "{:<54} {:>20} {:>20} {:>7}",
            format!("  same, widget without its wasm preload{}", views.label),
            views.returning_no_preload.to_string(),
            "",
            format!("{:.2}x", views.returning_no_preload_ratio)
        ),
    ]
}

/// Each page's layout shift at each width.
fn layout_shift_rows(report: &Report) -> Vec<String> {
    let mut lines = vec![
        "Layout shift, navigation to all cards ready (heading, cards, paragraph); median [p25-p75], max"
            .to_string(),
        format!("{:<30} {:>31} {:>31}", "", "widget", "plain-JS reference"),
    ];
    for shift in &report.browser.layout_shift {
        lines.push(format!(
            "{:<30} {:>31} {:>31}",
            shift.label,
            shift.widget.to_string(),
            shift.reference.to_string()
        ));
    }
    lines
}

/// Lighthouse's scores and vitals for each preset, then what kept a score from 100.
fn lighthouse_rows(lighthouse: &LighthouseFigures) -> Vec<String> {
    let row = |preset: &str, a: &Audit| {
        format!(
            "{:<12} {:>11} {:>13} {:>14} {:>9} {:>7} {:>7} {:>11}",
            preset,
            format!("{:.0}", a.performance),
            format!("{:.0}", a.accessibility),
            format!("{:.0}", a.best_practices),
            with_separators(a.lcp_ms.round().max(0.0) as u64),
            format!("{:.3}", a.cls),
            with_separators(a.tbt_ms.round().max(0.0) as u64),
            kb(a.transfer_bytes.max(0.0) as u64),
        )
    };
    let shortfalls = |a: &Audit| {
        if a.shortfalls.is_empty() {
            "none".to_string()
        } else {
            a.shortfalls.join(", ")
        }
    };
    vec![
        format!(
            "Lighthouse {} on the standalone page (cargo xtask serve), the median of {} run(s) per preset",
            lighthouse.version, lighthouse.runs
        ),
        format!(
            "{:<12} {:>11} {:>13} {:>14} {:>9} {:>7} {:>7} {:>11}",
            "", "performance", "accessibility", "best practices", "LCP ms", "CLS", "TBT ms", "transfer"
        ),
        row("mobile", &lighthouse.mobile),
        row("desktop", &lighthouse.desktop),
        format!(
            "Short of full marks (accessibility, best practices): mobile {}; desktop {}",
            shortfalls(&lighthouse.mobile),
            shortfalls(&lighthouse.desktop)
        ),
    ]
}

fn calls_and_memory_rows(report: &Report) -> Vec<String> {
    let b = &report.browser;
    let row = |name: &str, after_load: String, after_refreshes: String| {
        format!("{name:<44} {after_load:>12} {after_refreshes:>22}")
    };
    let heap = |m: Memory| {
        (
            kb(m.js_heap_after_load as u64),
            kb(m.js_heap_after_refreshes as u64),
        )
    };
    let (widget_load, widget_refreshes) = heap(b.widget_memory);
    let (reference_load, reference_refreshes) = heap(b.reference_memory);
    vec![
        format!(
            "API calls: 1 widget {}, 5 widgets {}, reload (same tab) {}; {} refreshes made {} calls",
            b.calls.one_widget, b.calls.five_widgets, b.calls.reload, b.refreshes, b.refresh_calls
        ),
        String::new(),
        row(
            "Memory (after a full GC)",
            "after load".into(),
            "after 1,000 refreshes".into(),
        ),
        row("widget: JS heap used", widget_load, widget_refreshes),
        row(
            "plain-JS reference: JS heap used",
            reference_load,
            reference_refreshes,
        ),
        row(
            "widget: wasm memory",
            kb(b.wasm_after_load as u64),
            kb(b.wasm_after_refreshes as u64),
        ),
        row(
            "one refresh, widget / reference (ms)",
            format!("{:.2}", b.widget_memory.ms_per_refresh),
            format!("{:.2}", b.reference_memory.ms_per_refresh),
        ),
    ]
}

fn target_rows(report: &Report) -> Vec<String> {
    let mut lines = vec!["Targets".to_string()];
    for target in &report.targets {
        lines.push(format!(
            "  {:<4}  {:<52} {:>16}  (target {})",
            if target.pass() { "PASS" } else { "FAIL" },
            target.what,
            show(target.value, target.unit),
            target.limit.describe(target.unit)
        ));
    }
    lines
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::load::TITLE;
    use crate::bench::report::tests::report;

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
    fn the_latency_series_has_its_rows() {
        let table = render(&report(true));
        assert!(
            table.contains("all cards ready, API +150 ms") && table.contains("1.30x"),
            "{table}"
        );
    }

    #[test]
    fn without_the_latency_series_its_rows_are_left_out() {
        let table = render(&report(false));
        assert!(!table.contains("API +"), "{table}");
    }

    #[test]
    fn the_views_layout_shift_and_lighthouse_have_their_rows() {
        let table = render(&report(true));
        for expected in [
            "reload, same tab, API +150 ms",
            "0.40x",
            "returning viewer (cache off), API +150 ms",
            "  same, widget without its wasm preload, API +150 ms",
            "320 px, API +150 ms",
            "0.018 [0.012-0.020], max 0.025",
            "Lighthouse 13.5.0",
            "mobile                87           100             96     3,618   0.099      43",
            "mobile errors-in-console; desktop errors-in-console",
            "FAIL  Lighthouse performance, mobile preset",
            "PASS  reload in the same tab / reference, API delayed",
        ] {
            assert!(table.contains(expected), "{expected:?} not in\n{table}");
        }
    }

    #[test]
    fn without_lighthouse_its_section_is_left_out() {
        let table = render(&crate::bench::report::tests::report_with(
            true,
            serde_json::Value::Null,
        ));
        assert!(!table.contains("Lighthouse"), "{table}");
        assert!(!table.contains("\n\n\n"), "{table}");
    }

    #[test]
    fn the_snapshot_load_has_its_section_before_the_targets() {
        let table = render(&report(false));
        let section = table.find(TITLE);
        let targets = table.find("Targets");
        assert!(section.is_some() && section < targets, "{table}");
        assert!(
            table.contains("PASS  snapshot load: API calls, publish + all views"),
            "{table}"
        );
    }
}
