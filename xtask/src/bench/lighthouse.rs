//! What `bench/lighthouse.mjs` measured: Lighthouse's scores and vitals for the standalone
//! page, with its mobile and its desktop preset, and the targets they are held to.

use serde_json::Value;

use super::targets::{Limit, Target, LIGHTHOUSE_MOBILE_PERFORMANCE_MIN, LIGHTHOUSE_SCORE_MIN};
use crate::Result;

/// A number in the Lighthouse figures, or why the benchmark cannot go on.
fn number(lighthouse: &Value, pointer: &str) -> Result<f64> {
    lighthouse
        .pointer(pointer)
        .and_then(Value::as_f64)
        .ok_or_else(|| format!("the Lighthouse run measured no {pointer}"))
}

/// One preset's audit (the median run by performance score).
#[derive(Debug, Clone, PartialEq)]
pub struct Audit {
    /// Performance score, 0-100.
    pub performance: f64,
    /// Accessibility score, 0-100.
    pub accessibility: f64,
    /// Best-practices score, 0-100.
    pub best_practices: f64,
    /// Largest contentful paint, ms (simulated with the mobile preset's throttling).
    pub lcp_ms: f64,
    /// Cumulative layout shift.
    pub cls: f64,
    /// Total blocking time, ms.
    pub tbt_ms: f64,
    /// Bytes transferred for the page.
    pub transfer_bytes: f64,
    /// The performance scores of every run.
    pub performance_scores: Vec<f64>,
    /// The accessibility and best-practices audits short of full marks, by id.
    pub shortfalls: Vec<String>,
}

impl Audit {
    fn read(lighthouse: &Value, preset: &str) -> Result<Audit> {
        let n = |key: &str| number(lighthouse, &format!("/{preset}/{key}"));
        let ids = |category: &str| {
            lighthouse
                .pointer(&format!("/{preset}/shortfalls/{category}"))
                .and_then(Value::as_array)
                .map(|audits| {
                    audits
                        .iter()
                        .filter_map(|a| a.get("id").and_then(Value::as_str))
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        };
        Ok(Audit {
            performance: n("performance")?,
            accessibility: n("accessibility")?,
            best_practices: n("bestPractices")?,
            lcp_ms: n("lcpMs")?,
            cls: n("cls")?,
            tbt_ms: n("tbtMs")?,
            transfer_bytes: n("transferBytes")?,
            performance_scores: lighthouse
                .pointer(&format!("/{preset}/performanceScores"))
                .and_then(Value::as_array)
                .map(|scores| scores.iter().filter_map(Value::as_f64).collect())
                .unwrap_or_default(),
            shortfalls: [ids("accessibility"), ids("bestPractices")].concat(),
        })
    }
}

/// Both presets' audits.
#[derive(Debug, Clone, PartialEq)]
pub struct LighthouseFigures {
    /// Lighthouse's version, `?` if the run did not say.
    pub version: String,
    /// Runs per preset.
    pub runs: f64,
    /// The mobile preset (Lighthouse's default).
    pub mobile: Audit,
    /// The desktop preset.
    pub desktop: Audit,
}

impl LighthouseFigures {
    /// Reads `bench/lighthouse.mjs`'s figures; `None` when Lighthouse was left out (null).
    pub fn read(lighthouse: &Value) -> Result<Option<LighthouseFigures>> {
        if lighthouse.is_null() {
            return Ok(None);
        }
        Ok(Some(LighthouseFigures {
            version: lighthouse
                .pointer("/lighthouse")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string(),
            runs: number(lighthouse, "/runs")?,
            mobile: Audit::read(lighthouse, "mobile")?,
            desktop: Audit::read(lighthouse, "desktop")?,
        }))
    }

    /// Mobile performance, then accessibility and best practices with each preset.
    pub fn targets(&self) -> Vec<Target> {
        let score = |what, value| Target {
            what,
            value,
            unit: "points",
            limit: Limit::AtLeast(LIGHTHOUSE_SCORE_MIN),
        };
        vec![
            Target {
                what: "Lighthouse performance, mobile preset",
                value: self.mobile.performance,
                unit: "points",
                limit: Limit::AtLeast(LIGHTHOUSE_MOBILE_PERFORMANCE_MIN),
            },
            score(
                "Lighthouse accessibility, mobile preset",
                self.mobile.accessibility,
            ),
            score(
                "Lighthouse best practices, mobile preset",
                self.mobile.best_practices,
            ),
            score(
                "Lighthouse accessibility, desktop preset",
                self.desktop.accessibility,
            ),
            score(
                "Lighthouse best practices, desktop preset",
                self.desktop.best_practices,
            ),
        ]
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use serde_json::json;

    /// Figures as `bench/lighthouse.mjs` writes them.
    pub fn lighthouse_json() -> Value {
        let audit = |performance: f64| {
            json!({
                "performance": performance, "accessibility": 100, "bestPractices": 96,
                "lcpMs": 3617.8, "fcpMs": 1245.8, "cls": 0.0986, "tbtMs": 43, "transferBytes": 513_627,
                "performanceScores": [performance],
                "shortfalls": {
                    "performance": [{ "id": "largest-contentful-paint" }],
                    "accessibility": [],
                    "bestPractices": [{ "id": "errors-in-console", "title": "Browser errors were logged to the console" }],
                },
            })
        };
        json!({ "lighthouse": "13.5.0", "runs": 1, "mobile": audit(87.0), "desktop": audit(100.0) })
    }

    #[test]
    fn left_out_lighthouse_reads_as_none() {
        assert_eq!(LighthouseFigures::read(&Value::Null), Ok(None));
    }

    #[test]
    fn the_scores_meet_or_miss_their_targets() {
        let figures = LighthouseFigures::read(&lighthouse_json())
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no figures"));
        assert_eq!(figures.mobile.shortfalls, ["errors-in-console"]);
        let judged: Vec<(&str, bool)> = figures
            .targets()
            .iter()
            .map(|t| (t.what, t.pass()))
            .collect();
        assert_eq!(
            judged,
            [
                ("Lighthouse performance, mobile preset", false),
                ("Lighthouse accessibility, mobile preset", true),
                ("Lighthouse best practices, mobile preset", false),
                ("Lighthouse accessibility, desktop preset", true),
                ("Lighthouse best practices, desktop preset", false),
            ]
        );
    }

    #[test]
    fn a_missing_score_is_refused_naming_it() {
        let mut figures = lighthouse_json();
        figures["desktop"]
            .as_object_mut()
            .map(|audit| audit.remove("tbtMs"));
        let error = LighthouseFigures::read(&figures).unwrap_err();
        assert!(error.contains("/desktop/tbtMs"), "{error}");
    }
}
