//! The report as `report.json`: every figure as measured, the machine, the sizes with their
//! totals and ratios, the snapshot load's day and ceiling, and the targets.

use serde_json::{json, Value};

use super::load::{
    LoadFigures, DELEGATED_CACHE_MINUTES, PUBLISH_EVERY_MINUTES, QUOTA_PER_HOUR, QUOTA_PER_MINUTE,
};
use super::report::Report;
use super::sizes::{FileSize, Totals, PKG_GZIP_BUDGET};

/// `report.json`.
pub fn render(report: &Report) -> Value {
    let measured = &report.measured;
    let sizes = &report.sizes;
    let ratio = sizes.pkg_to_floor;
    let targets: Vec<Value> = report
        .targets
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
    json!({
        "date": measured.date,
        "seconds": measured.seconds,
        "machine": {
            "nproc": measured.machine.nproc,
            "cpu": measured.machine.cpu,
            "chromium": measured.browser.pointer("/chromium"),
        },
        "sizes": {
            "pkg": files(&measured.pkg, sizes.pkg),
            "dist": files(&measured.dist, sizes.dist),
            "floor": files(&measured.floor, sizes.floor),
            "pkgToFloor": { "raw": ratio.raw, "gzip": ratio.gzip, "brotli": ratio.brotli },
            "pkgGzipBudget": PKG_GZIP_BUDGET,
        },
        "browser": measured.browser,
        "lighthouse": measured.lighthouse,
        "snapshotLoad": load(&report.load, &measured.snapshot_load),
        "targets": targets,
    })
}

/// A set of files and its total.
fn files(files: &[FileSize], total: Totals) -> Value {
    json!({
        "files": files.iter().map(|f| json!({
            "name": f.name, "raw": f.raw, "gzip": f.gzip, "brotli": f.brotli,
        })).collect::<Vec<_>>(),
        "total": { "raw": total.raw, "gzip": total.gzip, "brotli": total.brotli },
    })
}

/// The snapshot load's figures as measured, with what is computed from them.
fn load(load: &LoadFigures, measured: &Value) -> Value {
    let ceiling = load.ceiling.map(|c| {
        json!({
            "callsPerView": load.calls_per_view,
            "quotaPerMinute": QUOTA_PER_MINUTE,
            "quotaPerHour": QUOTA_PER_HOUR,
            "cacheMinutes": DELEGATED_CACHE_MINUTES,
            "viewsPerMinute": c.views_per_minute,
            "viewsPerHour": c.views_per_hour,
            "openViewers": c.open_viewers,
        })
    });
    json!({
        "measured": measured,
        "publishEveryMinutes": PUBLISH_EVERY_MINUTES,
        "callsPerDay": load.calls_per_day,
        "delegatedCeiling": ceiling,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::load::tests::{figures, load as measured_load};
    use crate::bench::report::tests::report;

    #[test]
    fn report_json_keeps_the_load_figures_and_adds_the_day_and_the_ceiling() {
        let json = load(&LoadFigures::new(measured_load(), 3), &figures());
        assert_eq!(json["callsPerDay"], 288);
        assert_eq!(json["delegatedCeiling"]["viewsPerHour"], 500);
        assert_eq!(json["measured"]["first"]["expectedStatus"], 200);
    }

    #[test]
    fn report_json_has_the_snapshot_load_and_the_targets() {
        let json = render(&report(false));
        assert_eq!(json["snapshotLoad"]["callsPerDay"], 288);
        assert_eq!(json["snapshotLoad"]["delegatedCeiling"]["callsPerView"], 3);
        assert_eq!(json["sizes"]["pkgToFloor"]["gzip"], 1.0);
        assert_eq!(json["lighthouse"]["mobile"]["performance"], 87.0);
        let targets = json["targets"].as_array().map_or(0, Vec::len);
        assert_eq!(targets, report(false).targets.len());
    }
}
