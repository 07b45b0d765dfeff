//! Snapshot mode under load: what `bench/snapshot-load.mjs` measured (nginx
//! serving a published folder with docs/hosting.md's block, page views played
//! by autocannon, the emulator's call log), what a publishing schedule costs
//! in API calls a day, and the delegated mode's ceiling under the API's shared
//! quota, so users can choose between the two modes.

use serde::Deserialize;
use serde_json::{json, Value};

use super::report::{Limit, Target};
use super::sizes::with_separators;

/// The API's quota per application and tenant, in calls a minute (Microsoft's API terms;
/// every viewer signed in through one app registration draws from it).
pub const QUOTA_PER_MINUTE: u64 = 100;
/// The same quota in calls an hour.
pub const QUOTA_PER_HOUR: u64 = 1_500;
/// The publisher's schedule in deploy/ (systemd timer, CronJob), in minutes.
pub const PUBLISH_EVERY_MINUTES: u64 = 15;
/// How long a browser keeps a reading in delegated mode (`cacheSeconds`), in minutes.
pub const DELEGATED_CACHE_MINUTES: u64 = 15;
/// API calls one publish makes: the three endpoints, once each.
pub const CALLS_PER_PUBLISH: f64 = 3.0;
/// The section's title, in the console table and in report.md.
pub const TITLE: &str = "Snapshot mode under load (nginx, docs/hosting.md's block)";

/// API calls a day for a publisher that runs every `every_minutes` and makes
/// `calls_per_publish` calls each time: 96 publishes x 3 = 288 at 15 minutes.
pub fn calls_per_day(calls_per_publish: u64, every_minutes: u64) -> u64 {
    (24 * 60u64).div_ceil(every_minutes.max(1)) * calls_per_publish
}

/// How far delegated mode goes before the shared quota runs out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DelegatedCeiling {
    /// Page views a minute when every view is a new viewer (an empty cache).
    pub views_per_minute: u64,
    /// Page views an hour, the same way.
    pub views_per_hour: u64,
    /// Viewers who keep the page open, each refreshing once per cache period,
    /// their refreshes spread over it.
    pub open_viewers: u64,
}

/// The delegated mode's ceiling at `calls_per_view` API calls per page view,
/// under [`QUOTA_PER_MINUTE`] and [`QUOTA_PER_HOUR`], with a
/// [`DELEGATED_CACHE_MINUTES`] cache per browser; `None` when a view makes no call.
pub fn delegated_ceiling(calls_per_view: u64) -> Option<DelegatedCeiling> {
    if calls_per_view == 0 {
        return None;
    }
    let views_per_minute = QUOTA_PER_MINUTE / calls_per_view;
    let views_per_hour = (QUOTA_PER_HOUR / calls_per_view).min(views_per_minute * 60);
    let refreshes_per_hour = 60u64.div_ceil(DELEGATED_CACHE_MINUTES);
    let by_hour = QUOTA_PER_HOUR / (calls_per_view * refreshes_per_hour);
    let by_minute = QUOTA_PER_MINUTE * DELEGATED_CACHE_MINUTES / calls_per_view;
    Some(DelegatedCeiling {
        views_per_minute,
        views_per_hour,
        open_viewers: by_hour.min(by_minute),
    })
}

/// One run of page views, as `bench/snapshot-load.mjs` writes it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadRun {
    /// Page views answered (two requests each).
    pub views: u64,
    /// Requests answered.
    pub requests: u64,
    /// Views answered per second of the run.
    pub views_per_second: f64,
    /// Response times of the requests, in ms.
    pub latency_ms: Latency,
    /// The status every request should get: 200 on a first view, 304 on a repeat view.
    pub expected_status: u16,
    /// Requests answered with that status.
    pub answered_as_expected: u64,
    /// Socket errors, timeouts and answers outside 2xx/3xx.
    pub errors: u64,
    /// Bytes received per view, headers included.
    pub bytes_per_view: f64,
}

/// Response-time percentiles of a run, in ms.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Latency {
    /// The median.
    pub p50: f64,
    /// The 99th percentile.
    pub p99: f64,
}

/// What the emulator's call log showed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiCalls {
    /// Calls before the views: the one publish.
    pub publisher_calls: u64,
    /// Calls the views added.
    pub calls_during_load: u64,
    /// Every call the emulator answered, at the end of the run.
    pub total_after_load: u64,
}

/// Everything `bench/snapshot-load.mjs` measured.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotLoad {
    /// Concurrent connections.
    pub connections: u64,
    /// First views: both files, 200 and the full bodies.
    pub first: LoadRun,
    /// Repeat views: both files with their ETags, 304.
    pub repeat: LoadRun,
    /// First and repeat views together.
    pub total_views: u64,
    /// The emulator's call log.
    pub api: ApiCalls,
    /// Requests in nginx's access log by path prefix (`/snapshot/`, `/api/`).
    pub nginx_requests: std::collections::BTreeMap<String, u64>,
}

impl SnapshotLoad {
    /// Reads the script's JSON, or says what is missing.
    pub fn from_json(figures: &Value) -> Result<SnapshotLoad, String> {
        SnapshotLoad::deserialize(figures)
            .map_err(|e| format!("bench/snapshot-load.mjs wrote unexpected figures: {e}"))
    }

    /// API calls a day at [`PUBLISH_EVERY_MINUTES`], from the calls the publish made.
    pub fn calls_per_day(&self) -> u64 {
        calls_per_day(self.api.publisher_calls, PUBLISH_EVERY_MINUTES)
    }

    /// Requests nginx passed to the API (`/api/`): none, if views never reach it.
    fn nginx_api_requests(&self) -> u64 {
        self.nginx_requests.get("/api/").copied().unwrap_or(0)
    }

    /// The section's targets: the API saw only the publish, no request failed,
    /// every repeat view cost a 304.
    pub fn targets(&self) -> Vec<Target> {
        let repeat = &self.repeat;
        vec![
            Target {
                what: "snapshot load: API calls, publish + all views",
                value: self.api.total_after_load as f64,
                unit: "calls",
                limit: Limit::Exactly(CALLS_PER_PUBLISH),
            },
            Target {
                what: "snapshot load: failed requests (not 2xx/3xx)",
                value: (self.first.errors + repeat.errors) as f64,
                unit: "errors",
                limit: Limit::Exactly(0.0),
            },
            Target {
                what: "snapshot load: repeat-view requests answered 304",
                value: repeat.answered_as_expected as f64 * 100.0 / repeat.requests.max(1) as f64,
                unit: "%",
                limit: Limit::Exactly(100.0),
            },
        ]
    }

    /// The section's lines in the console table; `calls_per_view` is the
    /// delegated mode's, measured in the browser.
    pub fn table(&self, calls_per_view: u64) -> Vec<String> {
        let mut lines = vec![
            format!(
                "{TITLE}, {} connections, 2 requests per view",
                self.connections
            ),
            format!(
                "{:<44} {:>8} {:>9} {:>8} {:>8} {:>7} {:>10}",
                "", "views", "views/s", "p50 ms", "p99 ms", "errors", "bytes/view"
            ),
        ];
        for (name, run) in [
            ("first views (200, full bodies)", &self.first),
            ("repeat views (If-None-Match, 304)", &self.repeat),
        ] {
            lines.push(format!(
                "{:<44} {:>8} {:>9} {:>8.2} {:>8.2} {:>7} {:>10}",
                name,
                with_separators(run.views),
                with_separators(run.views_per_second.round() as u64),
                run.latency_ms.p50,
                run.latency_ms.p99,
                run.errors,
                with_separators(run.bytes_per_view.round() as u64),
            ));
        }
        lines.push(format!(
            "API calls (emulator's log): {} by the one publish, {} during {} views; nginx passed {} requests to /api/",
            self.api.publisher_calls,
            self.api.calls_during_load,
            with_separators(self.total_views),
            self.nginx_api_requests()
        ));
        lines.push(format!(
            "Calls a day, publishing every {PUBLISH_EVERY_MINUTES} minutes: {} publishes x {} = {}, whatever the number of viewers",
            calls_per_day(1, PUBLISH_EVERY_MINUTES),
            self.api.publisher_calls,
            with_separators(self.calls_per_day())
        ));
        lines.push(ceiling_sentence(calls_per_view));
        lines
    }

    /// The section in report.md: a heading, the two runs, then the calls.
    pub fn markdown(&self, calls_per_view: u64) -> String {
        let mut rows = vec![
            format!("**{TITLE}**, {} connections", self.connections),
            String::new(),
            "| page views (2 requests each) | views | views/s | p50 / p99 ms | errors | bytes/view |"
                .to_string(),
            "| --- | ---: | ---: | ---: | ---: | ---: |".to_string(),
        ];
        for (name, run) in [
            ("first views: 200, full bodies", &self.first),
            ("repeat views: If-None-Match, 304", &self.repeat),
        ] {
            rows.push(format!(
                "| {name} | {} | {} | {:.2} / {:.2} | {} | {} |",
                with_separators(run.views),
                with_separators(run.views_per_second.round() as u64),
                run.latency_ms.p50,
                run.latency_ms.p99,
                run.errors,
                with_separators(run.bytes_per_view.round() as u64),
            ));
        }
        rows.push(String::new());
        rows.push("| API calls | value | target |".to_string());
        rows.push("| --- | ---: | --- |".to_string());
        rows.push(format!(
            "| by the one publish / during {} views | {} / {} | {} / 0 |",
            with_separators(self.total_views),
            self.api.publisher_calls,
            self.api.calls_during_load,
            CALLS_PER_PUBLISH
        ));
        rows.push(format!(
            "| a day, publishing every {PUBLISH_EVERY_MINUTES} minutes ({} publishes) | {} | |",
            calls_per_day(1, PUBLISH_EVERY_MINUTES),
            with_separators(self.calls_per_day())
        ));
        if let Some(ceiling) = delegated_ceiling(calls_per_view) {
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

    /// The figures for report.json, with what is computed from them.
    pub fn to_json(&self, figures: &Value, calls_per_view: u64) -> Value {
        let ceiling = delegated_ceiling(calls_per_view).map(|c| {
            json!({
                "callsPerView": calls_per_view,
                "quotaPerMinute": QUOTA_PER_MINUTE,
                "quotaPerHour": QUOTA_PER_HOUR,
                "cacheMinutes": DELEGATED_CACHE_MINUTES,
                "viewsPerMinute": c.views_per_minute,
                "viewsPerHour": c.views_per_hour,
                "openViewers": c.open_viewers,
            })
        });
        json!({
            "measured": figures,
            "publishEveryMinutes": PUBLISH_EVERY_MINUTES,
            "callsPerDay": self.calls_per_day(),
            "delegatedCeiling": ceiling,
        })
    }
}

/// The delegated mode's ceiling in one sentence, with its assumptions.
pub fn ceiling_sentence(calls_per_view: u64) -> String {
    match delegated_ceiling(calls_per_view) {
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
pub mod tests {
    use super::*;

    #[test]
    fn a_fifteen_minute_schedule_costs_288_calls_a_day() {
        assert_eq!(calls_per_day(3, 15), 288);
        assert_eq!(calls_per_day(3, 60), 72);
        assert_eq!(calls_per_day(3, 7), 206 * 3);
        assert_eq!(calls_per_day(3, 0), 1440 * 3);
    }

    #[test]
    fn the_shared_quota_allows_500_new_viewers_an_hour_at_3_calls_each() {
        assert_eq!(
            delegated_ceiling(3),
            Some(DelegatedCeiling {
                views_per_minute: 33,
                views_per_hour: 500,
                open_viewers: 125,
            })
        );
        // One call a view: 100 views a minute, but only 1,500 in the hour.
        assert_eq!(
            delegated_ceiling(1),
            Some(DelegatedCeiling {
                views_per_minute: 100,
                views_per_hour: 1_500,
                open_viewers: 375,
            })
        );
        assert_eq!(delegated_ceiling(0), None);
    }

    /// Figures as `bench/snapshot-load.mjs` writes them.
    pub fn figures() -> Value {
        let run = |status: u16, bytes: f64| {
            json!({
                "views": 10000, "requests": 20000, "seconds": 1.0,
                "viewsPerSecond": 9721.4, "requestsPerSecond": 19442.8,
                "latencyMs": { "p50": 0.72, "p90": 1.1, "p99": 4.0, "max": 19.0, "mean": 0.9 },
                "statuses": { status.to_string(): 20000 },
                "expectedStatus": status, "answeredAsExpected": 20000,
                "errors": 0, "socketErrors": 0, "timeouts": 0,
                "bytes": bytes * 10000.0, "bytesPerView": bytes,
            })
        };
        json!({
            "connections": 40, "viewsAsked": 10000, "requestsPerView": 2,
            "files": {},
            "first": run(200, 2717.0),
            "repeat": run(304, 476.0),
            "totalViews": 20000,
            "api": {
                "publisherCalls": 3, "publisherPaths": [], "publisherByEndpoint": {},
                "callsDuringLoad": 0, "totalAfterLoad": 3, "byEndpoint": {},
            },
            "nginxRequests": { "/snapshot/": 40004 },
        })
    }

    fn load() -> SnapshotLoad {
        SnapshotLoad::from_json(&figures()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_section_shows_both_runs_the_calls_and_the_ceiling() {
        let table = load().table(3).join("\n");
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
        let markdown = load().markdown(3);
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

    #[test]
    fn the_targets_pass_only_when_views_never_reach_the_api() {
        assert!(load().targets().iter().all(Target::pass));
        let mut figures = figures();
        figures["api"]["callsDuringLoad"] = json!(1);
        figures["api"]["totalAfterLoad"] = json!(4);
        figures["repeat"]["answeredAsExpected"] = json!(19_999);
        figures["first"]["errors"] = json!(2);
        let load = SnapshotLoad::from_json(&figures).unwrap_or_else(|e| panic!("{e}"));
        let failed: Vec<&str> = load
            .targets()
            .iter()
            .filter(|t| !t.pass())
            .map(|t| t.what)
            .collect();
        assert_eq!(failed.len(), 3, "{failed:?}");
    }

    #[test]
    fn figures_without_a_run_are_refused_naming_it() {
        let mut figures = figures();
        figures
            .as_object_mut()
            .map(|object| object.remove("repeat"));
        let error = SnapshotLoad::from_json(&figures).unwrap_err();
        assert!(error.contains("repeat"), "{error}");
    }

    #[test]
    fn report_json_keeps_the_figures_and_adds_the_day_and_the_ceiling() {
        let json = load().to_json(&figures(), 3);
        assert_eq!(json["callsPerDay"], 288);
        assert_eq!(json["delegatedCeiling"]["viewsPerHour"], 500);
        assert_eq!(json["measured"]["first"]["expectedStatus"], 200);
    }
}
