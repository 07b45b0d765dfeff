//! The trend under a card's headline: a sparkline of the kept readings (inline SVG with a text
//! alternative) and the change since a week ago in words, plus the device groups whose
//! exposure rose. The rules are in [`crate::model::storage::history`]; this only words and draws them.

use super::view::{CardView, TrendView};
use crate::i18n::{Formats, Lang, Text};
use crate::model::storage::history::{risen_groups, sparkline, trend, Movement, Record};
use crate::model::CardKind;
use yew::prelude::*;

/// The sparkline's `viewBox`: [`crate::model::storage::history::SPARK_WIDTH`] by `SPARK_HEIGHT`.
const VIEW_BOX: &str = "0 0 120 32";

/// Adds the trend of `records` to a card showing a reading: the sparkline and change line and,
/// on the groups card, which groups rose. With fewer than two kept readings, or before the
/// formatters are [ready](Formats::ready), nothing.
pub fn add_trend(
    view: &mut CardView,
    records: &[Record],
    lang: Lang,
    fmt: &dyn Formats,
    now_ms: f64,
) {
    // The change and its date need `Intl`: until its locale data is loaded the trend waits
    // (one render later), so a returning user's first cards do not wait for it.
    if view.score.is_none() || !fmt.ready() {
        return;
    }
    let kind = view.kind;
    let Some(t) = trend(records, kind, now_ms) else {
        return;
    };
    // The recommendations card's history is a count: its change in words ("−2 since 30 Nov,
    // better"), and no line, which on a score's axis would read as a score.
    let line = match kind {
        CardKind::Recommendations => None,
        _ => match sparkline(&t.values, kind != CardKind::Device) {
            Some(line) => Some(line),
            None => return,
        },
    };
    let count = fmt.number(t.values.len() as f64);
    let first = fmt.number(t.values.first().copied().unwrap_or_default());
    let last = fmt.number(t.values.last().copied().unwrap_or_default());
    let mut args = [
        ("count", count.as_str()),
        ("first", first.as_str()),
        ("last", last.as_str()),
        ("card", view.title),
    ];
    let label = lang.fill(Text::TrendLabel, &args);
    let template = match t.movement {
        Movement::Better => Text::ChangeBetter,
        Movement::Worse => Text::ChangeWorse,
        Movement::Same => Text::ChangeNone,
    };
    let change = fmt.decimal(t.delta);
    let date = fmt.day(t.since_ms);
    args[0] = ("change", change.as_str());
    args[1] = ("date", date.as_str());
    let (points, bands) = line.map_or((String::new(), None), |l| (l.points, l.bands));
    view.trend = Some(TrendView {
        label,
        points,
        bands,
        change: lang.fill(template, &args),
        movement: t.movement.as_str(),
    });
    if let Some((since_ms, rises)) = risen_groups(records, now_ms) {
        let date = fmt.day(since_ms);
        for row in &mut view.groups {
            if let Some((_, rise)) = rises.iter().find(|(name, _)| *name == row.name) {
                let change = fmt.decimal(*rise);
                row.rose =
                    Some(lang.fill(Text::GroupRose, &[("change", &change), ("date", &date)]));
            }
        }
    }
}

/// The sparkline (an image named by its text alternative; band boundaries as a dashed path)
/// and the change line.
///
/// A function of the card's markup rather than a component of its own: the DOM is the same,
/// and the wasm carries one component lifecycle less.
pub fn trend_block(t: &TrendView) -> Html {
    html! {
        <p class="trend" data-trend={t.movement}>
            if !t.points.is_empty() {
                <svg viewBox={VIEW_BOX} role="img" aria-label={t.label.clone()}>
                    if let Some(d) = &t.bands {
                        <path d={d.clone()} />
                    }
                    <polyline points={t.points.clone()} />
                </svg>
            }
            { t.change.clone() }
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::view::tests::{exposure, groups, ready, PlainFormats};
    use crate::components::view::{card_view, CardView};
    use crate::model::cards::numbers::number_text;
    use crate::model::storage::history::{append, Record, SPARK_HEIGHT, SPARK_WIDTH};
    use crate::model::{CardData, Cloud, Fresh, Reading};

    const DAY: f64 = 86_400_000.0;
    const NOW: f64 = 20.0 * DAY;

    fn history(readings: &[(f64, CardData)]) -> Vec<Record> {
        let mut records = Vec::new();
        for (day, data) in readings {
            append(
                &mut records,
                Record::of(&Fresh {
                    data: data.clone(),
                    received_ms: day * DAY,
                }),
            );
        }
        records
    }

    fn view(kind: CardKind, reading: &Reading, records: &[Record], lang: Lang) -> CardView {
        let mut v = card_view(
            kind,
            reading,
            false,
            lang,
            &PlainFormats,
            Cloud::Commercial,
            NOW,
        );
        add_trend(&mut v, records, lang, &PlainFormats, NOW);
        v
    }

    fn render(t: &TrendView) -> String {
        #[derive(Properties, PartialEq)]
        struct Props {
            t: TrendView,
        }
        #[component]
        fn Block(props: &Props) -> Html {
            trend_block(&props.t)
        }
        futures::executor::block_on(
            yew::LocalServerRenderer::<Block>::with_props(Props { t: t.clone() })
                .hydratable(false)
                .render(),
        )
    }

    #[test]
    fn the_view_box_matches_the_geometry() {
        let mut expected = number_text(f64::from(SPARK_WIDTH));
        expected.push(' ');
        expected.push_str(&number_text(f64::from(SPARK_HEIGHT)));
        assert_eq!(VIEW_BOX, ["0 0 ", &expected].concat());
    }

    #[test]
    fn no_trend_until_the_formatters_are_ready() {
        use crate::components::view::tests::ColdFormats;
        let records = history(&[(1.0, exposure(41.0)), (19.0, exposure(33.0))]);
        let mut cold = card_view(
            CardKind::Exposure,
            &Reading::Loading.after(Ok(exposure(33.0)), NOW),
            false,
            Lang::En,
            &ColdFormats,
            Cloud::Commercial,
            NOW,
        );
        add_trend(&mut cold, &records, Lang::En, &ColdFormats, NOW);
        assert_eq!(cold.trend, None);
        let warm = view(
            CardKind::Exposure,
            &ready(exposure(33.0)),
            &records,
            Lang::En,
        );
        assert!(warm.trend.is_some());
    }

    #[test]
    fn an_exposure_trend_is_described_in_words_with_its_change() {
        let records = history(&[
            (1.0, exposure(41.0)),
            (13.0, exposure(36.2)),
            (19.0, exposure(33.0)),
        ]);
        let v = view(
            CardKind::Exposure,
            &ready(exposure(33.0)),
            &records,
            Lang::En,
        );
        let t = v.trend.expect("a trend");
        assert_eq!(
            t.label,
            "Exposure score over the last 3 readings, from 41 to 33"
        );
        assert_eq!(t.change, "−3.2 since day 13, better");
        assert_eq!(t.movement, "better");
        assert_eq!(t.bands.as_deref(), Some("M0 10H120M0 22H120"));
        let html = render(&t);
        assert!(html.contains(r#"role="img""#), "{html}");
        assert!(
            html.contains(r#"aria-label="Exposure score over the last 3 readings, from 41 to 33""#)
        );
        assert!(html.contains(r#"viewBox="0 0 120 32""#), "{html}");
        assert!(html.contains(r#"<path d="M0 10H120M0 22H120""#), "{html}");
        assert!(
            html.contains(r#"<polyline points="0,19 60,20 120,21""#),
            "{html}"
        );
        assert!(html.contains(r#"data-trend="better""#));
        assert!(
            html.contains("</svg>−3.2 since day 13, better</p>"),
            "{html}"
        );
    }

    #[test]
    fn a_device_trend_has_no_band_lines_and_higher_is_better() {
        let device = crate::components::view::tests::device;
        let records = history(&[(1.0, device(300.0)), (2.0, device(290.5))]);
        let v = view(CardKind::Device, &ready(device(290.5)), &records, Lang::Nl);
        let t = v.trend.expect("a trend");
        assert_eq!(t.change, "−9.5 sinds day 1, slechter");
        assert_eq!(t.bands, None);
        assert!(!render(&t).contains("<path"));
    }

    #[test]
    fn an_unchanged_score_says_so_in_every_language() {
        let records = history(&[(1.0, exposure(20.0)), (2.0, exposure(20.01))]);
        for lang in Lang::ALL {
            let v = view(CardKind::Exposure, &ready(exposure(20.0)), &records, lang);
            let t = v.trend.expect("a trend");
            assert_eq!(t.movement, "same");
            assert!(t.change.contains("day 1"), "{lang:?}: {}", t.change);
            assert!(!t.change.contains('{') && !t.label.contains('{'));
        }
    }

    #[test]
    fn the_recommendations_count_says_how_it_moved_since_a_week_ago_in_words_without_a_line() {
        use crate::components::view::tests::recommendations::{item, recommendations};
        let count =
            |n: usize| recommendations(vec![item("a", "Update Google Chrome", 4.0, 2.0)], n);
        let records = history(&[(5.0, count(17)), (12.0, count(16)), (19.0, count(15))]);
        let v = view(
            CardKind::Recommendations,
            &ready(count(15)),
            &records,
            Lang::En,
        );
        let t = v.trend.expect("a trend");
        assert_eq!(t.movement, "better");
        // Compared with the newest reading a week old (day 12: 16 then, 15 now).
        assert!(
            t.change.starts_with("−1") && t.change.contains("since day 12"),
            "{}",
            t.change
        );
        assert!(t.points.is_empty());
        let html = render(&t);
        assert!(!html.contains("<svg"), "{html}");
        assert!(html.contains(r#"data-trend="better""#));
    }

    #[test]
    fn no_trend_without_two_readings_or_without_a_reading_shown() {
        let one = history(&[(1.0, exposure(20.0))]);
        let v = view(CardKind::Exposure, &ready(exposure(20.0)), &one, Lang::En);
        assert_eq!(v.trend, None);
        let two = history(&[(1.0, exposure(20.0)), (2.0, exposure(21.0))]);
        let v = view(CardKind::Exposure, &Reading::Loading, &two, Lang::En);
        assert_eq!(v.trend, None);
        let v = view(CardKind::Device, &ready(exposure(20.0)), &two, Lang::En);
        assert_eq!(v.trend, None);
    }

    #[test]
    fn groups_whose_exposure_rose_are_marked_in_words() {
        let now = groups(&[("GroupOne", 45.5), ("GroupTwo", 30.0), ("New", 10.0)]);
        let records = history(&[
            (1.0, groups(&[("GroupOne", 41.4), ("GroupTwo", 37.4)])),
            (19.0, now.clone()),
        ]);
        let v = view(CardKind::Groups, &ready(now), &records, Lang::En);
        let t = v.trend.as_ref().expect("a trend");
        assert_eq!(
            t.label,
            "Exposure by device group over the last 2 readings, from 41 to 46"
        );
        assert_eq!(t.change, "+4.1 since day 1, worse");
        let rose: Vec<_> = v
            .groups
            .iter()
            .map(|g| (g.name.as_str(), g.rose.as_deref()))
            .collect();
        assert_eq!(
            rose,
            [
                ("GroupOne", Some("+4.1 since day 1, exposure rose")),
                ("GroupTwo", None),
                ("New", None)
            ]
        );
    }
}
