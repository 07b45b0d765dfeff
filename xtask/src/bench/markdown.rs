//! The report as report.md, docs/performance.md's tables: the widget beside its floors (sizes, the
//! ready times of every series and of a viewer's views, layout shift, render cost, calls,
//! memory), Lighthouse's audits, then snapshot mode under load.

use super::browser::Timing;
use super::lighthouse::{Audit, LighthouseFigures};
use super::load::CALLS_PER_PUBLISH;
use super::load::{LoadFigures, LoadRun, DELEGATED_CACHE_MINUTES, PUBLISH_EVERY_MINUTES, TITLE};
use super::report::Report;
use super::sizes::{kb, with_separators, PKG_GZIP_BUDGET};
use super::targets::{FLOOR_RATIO_LIMIT, RENDER_MS_LIMIT};
use super::targets::{LIGHTHOUSE_MOBILE_PERFORMANCE_MIN, LIGHTHOUSE_SCORE_MIN};
use super::targets::{RELOAD_RATIO_LIMIT, RETURNING_RATIO_LIMIT};
use super::views::ViewTimes;

/// The tables, a blank line between them.
pub fn render(report: &Report) -> String {
    let mut rows = vec![
        "| measure | widget | floor | ratio | target |".to_string(),
        "| --- | ---: | ---: | ---: | --- |".to_string(),
    ];
    rows.extend(size_rows(report));
    rows.extend(ready_rows(report));
    rows.extend(view_rows(report));
    rows.extend(layout_shift_rows(report));
    rows.extend(render_rows(report));
    rows.extend(calls_and_memory_rows(report));
    let lighthouse = report
        .lighthouse
        .as_ref()
        .map(|l| lighthouse_section(l) + "\n")
        .unwrap_or_default();
    rows.join("\n") + "\n\n" + &lighthouse + &load_section(&report.load)
}

/// The reload and the returning viewer at each latency, their targets where the API answers
/// were delayed.
fn view_rows(report: &Report) -> Vec<String> {
    let mut rows = Vec::new();
    for views in &report.browser.views {
        let target = |limit: f64| {
            if views.delayed {
                format!("<= {limit}x ")
            } else {
                String::new()
            }
        };
        let row = |name: &str, times: ViewTimes, target: String| {
            format!(
                "| {name}{}, ms | {} | {} | {:.2}x | {target}|",
                views.label, times.widget, times.reference, times.ratio
            )
        };
        rows.push(row(
            "reload in the same tab (reading cache)",
            views.reload,
            target(RELOAD_RATIO_LIMIT),
        ));
        rows.push(row(
            "returning viewer, readings expired (`cache: \"off\"`)",
            views.returning,
            target(RETURNING_RATIO_LIMIT),
        ));
        rows.push(format!(
            "| returning viewer, widget without its wasm preload{}, ms | {} | {} | {:.2}x | |",
            views.label,
            views.returning_no_preload,
            views.returning.reference,
            views.returning_no_preload_ratio
        ));
    }
    rows
}

/// Each width's layout shift, both pages; the target is the widget's largest.
fn layout_shift_rows(report: &Report) -> Vec<String> {
    report
        .browser
        .layout_shift
        .iter()
        .map(|shift| {
            format!(
                "| layout shift to all cards ready, {} | {} | {} | | 0 (max) |",
                shift.label, shift.widget, shift.reference
            )
        })
        .collect()
}

/// Lighthouse's scores and vitals, each preset, with the targets and what fell short.
fn lighthouse_section(lighthouse: &LighthouseFigures) -> String {
    let row = |preset: &str, a: &Audit| {
        format!(
            "| {preset} | {:.0} | {:.0} | {:.0} | {} ms | {:.3} | {} ms | {} |",
            a.performance,
            a.accessibility,
            a.best_practices,
            with_separators(a.lcp_ms.round().max(0.0) as u64),
            a.cls,
            with_separators(a.tbt_ms.round().max(0.0) as u64),
            kb(a.transfer_bytes.max(0.0) as u64),
        )
    };
    let shortfalls = |a: &Audit| {
        if a.shortfalls.is_empty() {
            "none".to_string()
        } else {
            a.shortfalls
                .iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    [
        format!(
            "**Lighthouse {}** on the standalone page (`cargo xtask serve`), the median of {} run(s) per preset by performance score",
            lighthouse.version, lighthouse.runs
        ),
        String::new(),
        "| preset | performance | accessibility | best practices | LCP | CLS | TBT | transfer |".to_string(),
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |".to_string(),
        row("mobile", &lighthouse.mobile),
        row("desktop", &lighthouse.desktop),
        format!(
            "| target | >= {LIGHTHOUSE_MOBILE_PERFORMANCE_MIN} (mobile) | {LIGHTHOUSE_SCORE_MIN} | {LIGHTHOUSE_SCORE_MIN} | | | | |"
        ),
        String::new(),
        format!(
            "Short of full marks in accessibility and best practices: mobile {}; desktop {}.",
            shortfalls(&lighthouse.mobile),
            shortfalls(&lighthouse.desktop)
        ),
    ]
    .join("\n")
        + "\n"
}

fn size_rows(report: &Report) -> Vec<String> {
    let sizes = &report.sizes;
    let (pkg, floor, dist) = (sizes.pkg, sizes.floor, sizes.dist);
    vec![
        format!(
            "| pkg/ wasm + JS + CSS, gzip -9 | {} | {} | {:.2}x | <= {}, <= {FLOOR_RATIO_LIMIT}x |",
            kb(pkg.gzip),
            kb(floor.gzip),
            sizes.pkg_to_floor.gzip,
            kb(PKG_GZIP_BUDGET)
        ),
        format!(
            "| pkg/ brotli 11 (raw) | {} ({}) | {} ({}) | {:.2}x | |",
            kb(pkg.brotli),
            kb(pkg.raw),
            kb(floor.brotli),
            kb(floor.raw),
            sizes.pkg_to_floor.brotli
        ),
        format!(
            "| dist/ gzip -9 / brotli 11 (raw) | {} / {} ({}) | | | |",
            kb(dist.gzip),
            kb(dist.brotli),
            kb(dist.raw)
        ),
    ]
}

/// All cards and the first card ready, in every series, with the ratio and its target.
fn ready_rows(report: &Report) -> Vec<String> {
    let mut rows = Vec::new();
    for series in &report.browser.series {
        let ready_target = format!("<= {}x ", series.ready_ratio_limit);
        let timings: [(&str, Timing, f64, &str); 2] = [
            (
                "all cards ready",
                |p| p.all_ready,
                series.all_ready_ratio,
                &ready_target,
            ),
            (
                "first card ready",
                |p| p.first_ready,
                series.first_ready_ratio,
                "",
            ),
        ];
        for (name, timing, ratio, target) in timings {
            rows.push(format!(
                "| {name}{}, ms | {} | {} | {ratio:.2}x | {target}|",
                series.label,
                timing(&series.widget),
                timing(&series.reference),
            ));
        }
    }
    rows
}

/// The render costs, unthrottled, the first with its target.
fn render_rows(report: &Report) -> Vec<String> {
    let series = report.browser.unthrottled();
    let render_target = format!("< {RENDER_MS_LIMIT} ms ");
    let timings: [(&str, Timing, &str); 3] = [
        (
            "last API body read to last card in the DOM",
            |p| p.render_body,
            &render_target,
        ),
        ("last response to next frame", |p| p.render, ""),
        (
            "last response to last card in the DOM",
            |p| p.render_dom,
            "",
        ),
    ];
    timings
        .into_iter()
        .map(|(name, timing, target)| {
            format!(
                "| render: {name}, ms | {} | {} | | {target}|",
                timing(&series.widget),
                timing(&series.reference),
            )
        })
        .collect()
}

fn calls_and_memory_rows(report: &Report) -> Vec<String> {
    let b = &report.browser;
    let (widget, reference) = (b.widget_memory, b.reference_memory);
    vec![
        format!(
            "| API calls: 1 widget / 5 widgets / reload | {} / {} / {} | 3 / - / - | | 3 / 3 / 0 |",
            b.calls.one_widget, b.calls.five_widgets, b.calls.reload
        ),
        format!(
            "| JS heap after load / 1,000 refreshes | {} / {} | {} / {} | | |",
            kb(widget.js_heap_after_load as u64),
            kb(widget.js_heap_after_refreshes as u64),
            kb(reference.js_heap_after_load as u64),
            kb(reference.js_heap_after_refreshes as u64)
        ),
        format!(
            "| wasm memory after load / 1,000 refreshes | {} / {} | | | |",
            kb(b.wasm_after_load as u64),
            kb(b.wasm_after_refreshes as u64)
        ),
    ]
}

/// The snapshot load: a heading, the two runs, then the calls and the delegated ceiling.
fn load_section(load: &LoadFigures) -> String {
    let measured = &load.measured;
    let mut rows = vec![
        format!("**{TITLE}**, {} connections", measured.connections),
        String::new(),
        "| page views (2 requests each) | views | views/s | p50 / p99 ms | errors | bytes/view |"
            .to_string(),
        "| --- | ---: | ---: | ---: | ---: | ---: |".to_string(),
        load_run_row("first views: 200, full bodies", &measured.first),
        load_run_row("repeat views: If-None-Match, 304", &measured.repeat),
        String::new(),
        "| API calls | value | target |".to_string(),
        "| --- | ---: | --- |".to_string(),
        format!(
            "| by the one publish / during {} views | {} / {} | {} / 0 |",
            with_separators(measured.total_views),
            measured.api.publisher_calls,
            measured.api.calls_during_load,
            CALLS_PER_PUBLISH
        ),
        format!(
            "| a day, publishing every {PUBLISH_EVERY_MINUTES} minutes ({} publishes) | {} | |",
            load.publishes_per_day,
            with_separators(load.calls_per_day)
        ),
    ];
    if let Some(ceiling) = load.ceiling {
        let calls_per_view = load.calls_per_view;
        rows.push(format!(
            "| delegated mode's ceiling, every view a new viewer ({calls_per_view} calls each) | {} views/min, {} views/hour | |",
            ceiling.views_per_minute,
            with_separators(ceiling.views_per_hour)
        ));
        rows.push(format!(
            "| delegated mode's ceiling, viewers keeping the page open ({DELEGATED_CACHE_MINUTES}-minute cache) | {} viewers | |",
            ceiling.open_viewers
        ));
    }
    rows.join("\n") + "\n"
}

fn load_run_row(name: &str, run: &LoadRun) -> String {
    format!(
        "| {name} | {} | {} | {:.2} / {:.2} | {} | {} |",
        with_separators(run.views),
        with_separators(run.views_per_second.round() as u64),
        run.latency_ms.p50,
        run.latency_ms.p99,
        run.errors,
        with_separators(run.bytes_per_view.round() as u64),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::load::tests::load;
    use crate::bench::report::tests::report;

    #[test]
    fn the_latency_series_has_its_rows_and_its_target() {
        let markdown = render(&report(true));
        assert!(
            markdown.contains("| all cards ready, API +150 ms, ms |")
                && markdown.contains("| 1.30x | <= 1.15x |"),
            "{markdown}"
        );
    }

    #[test]
    fn the_views_and_layout_shift_have_their_rows_the_delayed_ones_their_targets() {
        let markdown = render(&report(true));
        for expected in [
            "| reload in the same tab (reading cache), ms | 100.0 [90.0-110.0] | 100.0 [90.0-110.0] | 0.80x | |",
            "| reload in the same tab (reading cache), API +150 ms, ms |",
            "| 0.40x | <= 0.5x |",
            "| 1.10x | <= 1.05x |",
            "| returning viewer, widget without its wasm preload, API +150 ms, ms |",
            "| layout shift to all cards ready, 320 px, API +150 ms | 0.018 [0.012-0.020], max 0.025 |",
        ] {
            assert!(markdown.contains(expected), "{expected:?} not in\n{markdown}");
        }
    }

    #[test]
    fn lighthouse_has_its_table_before_the_snapshot_load() {
        let markdown = render(&report(true));
        let lighthouse = markdown.find("**Lighthouse 13.5.0**");
        assert!(
            lighthouse.is_some() && lighthouse < markdown.find(TITLE),
            "{markdown}"
        );
        for expected in [
            "| mobile | 87 | 100 | 96 | 3,618 ms | 0.099 | 43 ms |",
            "| target | >= 90 (mobile) | 100 | 100 |",
            "mobile `errors-in-console`; desktop `errors-in-console`.",
        ] {
            assert!(
                markdown.contains(expected),
                "{expected:?} not in\n{markdown}"
            );
        }
        let without = render(&crate::bench::report::tests::report_with(
            true,
            serde_json::Value::Null,
        ));
        assert!(!without.contains("Lighthouse"), "{without}");
    }

    #[test]
    fn the_snapshot_load_has_its_section() {
        let markdown = render(&report(false));
        assert!(
            markdown.contains("| first views: 200, full bodies | 10,000 |"),
            "{markdown}"
        );
    }

    #[test]
    fn the_load_section_shows_both_runs_the_calls_and_the_ceiling() {
        let markdown = load_section(&LoadFigures::new(load(), 3));
        for expected in [
            "| repeat views: If-None-Match, 304 | 10,000 | 9,721 | 0.72 / 4.00 | 0 | 476 |",
            "| by the one publish / during 20,000 views | 3 / 0 | 3 / 0 |",
            "(96 publishes) | 288 | |",
            "| 33 views/min, 500 views/hour | |",
        ] {
            assert!(
                markdown.contains(expected),
                "{expected:?} not in\n{markdown}"
            );
        }
    }
}
