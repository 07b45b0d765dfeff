//! The snapshot load's section of the printed table: both runs, the API calls, a day's calls
//! and the delegated mode's ceiling.

use super::load::{LoadFigures, LoadRun, PUBLISH_EVERY_MINUTES, QUOTA_PER_HOUR, QUOTA_PER_MINUTE};
use super::load::{DELEGATED_CACHE_MINUTES, TITLE};
use super::sizes::with_separators;

/// The snapshot load: both runs, the API calls, a day's calls and the delegated ceiling.
pub fn load_rows(load: &LoadFigures) -> Vec<String> {
    let measured = &load.measured;
    let mut lines = vec![
        format!(
            "{TITLE}, {} connections, 2 requests per view",
            measured.connections
        ),
        format!(
            "{:<44} {:>8} {:>9} {:>8} {:>8} {:>7} {:>10}",
            "", "views", "views/s", "p50 ms", "p99 ms", "errors", "bytes/view"
        ),
        load_run_row("first views (200, full bodies)", &measured.first),
        load_run_row("repeat views (If-None-Match, 304)", &measured.repeat),
    ];
    lines.push(format!(
        "API calls (emulator's log): {} by the one publish, {} during {} views; nginx passed {} requests to /api/",
        measured.api.publisher_calls,
        measured.api.calls_during_load,
        with_separators(measured.total_views),
        load.nginx_api_requests
    ));
    lines.push(format!(
        "Calls a day, publishing every {PUBLISH_EVERY_MINUTES} minutes: {} publishes x {} = {}, whatever the number of viewers",
        load.publishes_per_day,
        measured.api.publisher_calls,
        with_separators(load.calls_per_day)
    ));
    lines.push(ceiling_sentence(load));
    lines
}

fn load_run_row(name: &str, run: &LoadRun) -> String {
    format!(
        "{:<44} {:>8} {:>9} {:>8.2} {:>8.2} {:>7} {:>10}",
        name,
        with_separators(run.views),
        with_separators(run.views_per_second.round() as u64),
        run.latency_ms.p50,
        run.latency_ms.p99,
        run.errors,
        with_separators(run.bytes_per_view.round() as u64),
    )
}

/// The delegated mode's ceiling in one sentence, with its assumptions.
fn ceiling_sentence(load: &LoadFigures) -> String {
    let calls_per_view = load.calls_per_view;
    match load.ceiling {
        Some(c) => format!(
            "Delegated mode's ceiling (shared quota {QUOTA_PER_MINUTE} calls/min and {} calls/hour per application and tenant, \
             {calls_per_view} calls per view): {} views a minute, {} an hour when every view is a new viewer; \
             {} viewers keeping the page open ({DELEGATED_CACHE_MINUTES}-minute cache)",
            with_separators(QUOTA_PER_HOUR),
            c.views_per_minute,
            with_separators(c.views_per_hour),
            c.open_viewers
        ),
        None => "Delegated mode's ceiling: none measured (a view made no API call)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::load::tests::load;

    #[test]
    fn the_load_section_shows_both_runs_the_calls_and_the_ceiling() {
        let table = load_rows(&LoadFigures::new(load(), 3)).join("\n");
        for expected in [
            TITLE,
            "first views (200, full bodies)",
            "10,000     9,721     0.72     4.00       0      2,717",
            "3 by the one publish, 0 during 20,000 views; nginx passed 0 requests to /api/",
            "96 publishes x 3 = 288",
            "33 views a minute, 500 an hour",
            "125 viewers keeping the page open",
        ] {
            assert!(table.contains(expected), "{expected:?} not in\n{table}");
        }
    }
}
