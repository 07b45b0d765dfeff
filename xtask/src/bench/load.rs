//! Snapshot mode under load: what `bench/snapshot-load.mjs` measured (nginx
//! serving a published folder with docs/hosting.md's block, page views played
//! by autocannon, the emulator's call log), what a publishing schedule costs
//! in API calls a day, and the delegated mode's ceiling under the API's shared
//! quota, so users can choose between the two modes.

use serde::Deserialize;
use serde_json::Value;

use super::targets::{Limit, Target};

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
}

/// The snapshot-load section of the report, worked out once from what was measured and the
/// delegated mode's calls per view (measured in the browser): both renderings show these.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadFigures {
    /// What `bench/snapshot-load.mjs` measured.
    pub measured: SnapshotLoad,
    /// API calls per page view in delegated mode, 1 widget.
    pub calls_per_view: u64,
    /// Publishes a day at [`PUBLISH_EVERY_MINUTES`].
    pub publishes_per_day: u64,
    /// API calls a day at [`PUBLISH_EVERY_MINUTES`], from the calls the publish made.
    pub calls_per_day: u64,
    /// Requests nginx passed to the API (`/api/`): none, if views never reach it.
    pub nginx_api_requests: u64,
    /// The delegated mode's ceiling at `calls_per_view`; `None` when a view made no call.
    pub ceiling: Option<DelegatedCeiling>,
}

impl LoadFigures {
    /// The section for `measured`, with the delegated mode at `calls_per_view`.
    pub fn new(measured: SnapshotLoad, calls_per_view: u64) -> LoadFigures {
        LoadFigures {
            publishes_per_day: calls_per_day(1, PUBLISH_EVERY_MINUTES),
            calls_per_day: measured.calls_per_day(),
            nginx_api_requests: measured.nginx_api_requests(),
            ceiling: delegated_ceiling(calls_per_view),
            calls_per_view,
            measured,
        }
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use serde_json::json;

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

    /// Those figures, read.
    pub fn load() -> SnapshotLoad {
        SnapshotLoad::from_json(&figures()).unwrap_or_else(|e| panic!("{e}"))
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
}
