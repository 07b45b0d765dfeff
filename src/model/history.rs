//! The trend's pure rules: what a kept reading holds, when one is added, how it is written to
//! storage and read back (as untrusted as any response), what a card compares against, the
//! sparkline's geometry and the CSV export.
//!
//! A record holds scores and a time, nothing else: no token, no user, no group id.
//!
//! The stored text is one record a line, fields separated by tabs:
//! `time_ms`, exposure, device score, then for the groups card the number of groups followed
//! by a score and a name for each. Scores are whole hundredths (`3349` is 33.49) and an absent
//! card is an empty field; names are kept as they are (a group whose name holds a tab or a
//! line break is not kept). Reading it back checks every field: a damaged line is dropped,
//! never shown.

use super::numbers::{number_text, push_integer};
use super::scores::{is_device_score, is_exposure_score, CardKind, Direction};
use super::{ApiBase, CardData, Fresh};

/// Most records kept; past it the oldest is dropped.
pub const MAX_RECORDS: usize = 400;
/// A reading this soon after the newest record updates that record instead of adding one.
pub const RECORD_GAP_MS: f64 = 3_600_000.0;
/// The change is shown against the newest record at least this old (a week).
pub const WEEK_MS: f64 = 7.0 * 86_400_000.0;
/// Groups kept per record (the most exposed ones, as the card lists them): storage is small.
pub const MAX_RECORD_GROUPS: usize = 50;
/// Longer group names are not kept.
const MAX_NAME_BYTES: usize = 256;
/// Stored text longer than this is not read at all.
const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;
/// 9999-12-31T23:59:59.999Z, the last instant the API's timestamps can name.
const MAX_TIME_MS: f64 = 253_402_300_799_999.0;
/// Records stamped further ahead than this (the clock went back) are not believed.
const FUTURE_SLACK_MS: f64 = 5.0 * 60_000.0;
/// Smaller changes round to 0.0 on screen and count as no change.
const NOTICEABLE: f64 = 0.05;
/// The storage key's prefix (`dsc:v1|` is the reading cache's).
const KEY_PREFIX: &str = "dsc:v1:history|";

/// One device group's exposure in a record.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupPoint {
    /// `rbacGroupName`, kept as text.
    pub name: String,
    /// Exposure score, 0-100, in hundredths.
    pub score: f64,
}

/// One kept reading: when, and the score of each card that had one (the others `None`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record {
    /// When the browser received the reading that started this record, ms since the epoch.
    pub time_ms: f64,
    /// Organisation exposure score.
    pub exposure: Option<f64>,
    /// Device secure score.
    pub device: Option<f64>,
    /// Exposure per device group, most exposed first (at most [`MAX_RECORD_GROUPS`]).
    pub groups: Option<Vec<GroupPoint>>,
}

/// `x` rounded to hundredths, as records keep scores.
fn hundredths(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl Record {
    /// The record of one card's fresh reading.
    pub fn of(fresh: &Fresh) -> Record {
        let mut record = Record {
            time_ms: fresh.received_ms.floor(),
            ..Record::default()
        };
        match &fresh.data {
            CardData::Exposure(e) => record.exposure = Some(hundredths(e.score)),
            CardData::Device(d) => record.device = Some(hundredths(d.score)),
            CardData::Groups(g) => {
                let mut kept = Vec::new();
                for g in &g.groups {
                    if kept.len() < MAX_RECORD_GROUPS && is_name(&g.name) {
                        kept.push(GroupPoint {
                            name: g.name.clone(),
                            score: hundredths(g.score),
                        });
                    }
                }
                record.groups = Some(kept);
            }
        }
        record
    }

    /// The score this record holds for `kind`; for groups, the highest (the card's headline).
    pub fn score(&self, kind: CardKind) -> Option<f64> {
        match kind {
            CardKind::Exposure => self.exposure,
            CardKind::Device => self.device,
            CardKind::Groups => self
                .groups
                .as_ref()?
                .iter()
                .map(|g| g.score)
                .reduce(f64::max),
        }
    }
}

/// The storage key of a tenant's history: the API base (which names the cloud) and the tenant
/// label ([`super::cache::tenant_label`]), never a token.
pub fn key(base: &ApiBase, tenant: &str) -> String {
    let mut k = String::with_capacity(80);
    k.push_str(KEY_PREFIX);
    k.push_str(base.as_str());
    k.push('|');
    k.push_str(tenant);
    k
}

/// Adds a reading's record: within [`RECORD_GAP_MS`] of the newest record it replaces that
/// card's scores there (the record keeps its time, so a new one starts an hour after the
/// last began, and the newest record always holds the latest scores); otherwise it is added,
/// and past [`MAX_RECORDS`] the oldest is dropped. Returns whether anything changed.
pub fn append(records: &mut Vec<Record>, record: Record) -> bool {
    if !(0.0..=MAX_TIME_MS).contains(&record.time_ms) {
        return false;
    }
    match records.last_mut() {
        Some(last) if record.time_ms - last.time_ms < RECORD_GAP_MS => {
            let before = (last.exposure, last.device);
            let mut changed = false;
            if record.exposure.is_some() {
                last.exposure = record.exposure;
            }
            if record.device.is_some() {
                last.device = record.device;
            }
            if let Some(groups) = record.groups {
                changed = last.groups.as_ref() != Some(&groups);
                last.groups = Some(groups);
            }
            changed || before != (last.exposure, last.device)
        }
        _ => {
            records.push(record);
            if records.len() > MAX_RECORDS {
                records.remove(0);
            }
            true
        }
    }
}

fn push_hundredths(out: &mut String, score: f64) {
    push_integer(out, (score * 100.0).round() as u64);
}

fn push_score(out: &mut String, score: Option<f64>) {
    out.push('\t');
    if let Some(s) = score {
        push_hundredths(out, s);
    }
}

/// The records as stored text (see the module documentation).
pub fn encode(records: &[Record]) -> String {
    let mut out = String::new();
    for r in records {
        push_integer(&mut out, r.time_ms as u64);
        push_score(&mut out, r.exposure);
        push_score(&mut out, r.device);
        if let Some(groups) = &r.groups {
            out.push('\t');
            push_integer(&mut out, groups.len() as u64);
            for g in groups {
                out.push('\t');
                push_hundredths(&mut out, g.score);
                out.push('\t');
                out.push_str(&g.name);
            }
        }
        out.push('\n');
    }
    out
}

/// Reads stored text back, checking everything: scores in their ranges, times between 1970
/// and 9999 and not ahead of `now_ms`, times rising, names non-empty text. Damaged lines are
/// dropped; at most the newest [`MAX_RECORDS`] are kept.
pub fn parse(text: &str, now_ms: f64) -> Vec<Record> {
    let mut records: Vec<Record> = Vec::new();
    if text.len() > MAX_TEXT_BYTES {
        return records;
    }
    for line in text.split('\n') {
        let Some(r) = record(line) else { continue };
        let rising = records.last().is_none_or(|last| r.time_ms > last.time_ms);
        if rising && r.time_ms <= now_ms + FUTURE_SLACK_MS {
            records.push(r);
        }
    }
    if records.len() > MAX_RECORDS {
        records = records.split_off(records.len() - MAX_RECORDS);
    }
    records
}

/// 1 to 15 ASCII digits (exact in a double).
fn integer(text: &str) -> Option<f64> {
    if text.is_empty() || text.len() > 15 {
        return None;
    }
    text.bytes()
        .try_fold(0u64, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0'))
        })
        .map(|n| n as f64)
}

/// A score in hundredths, accepted when `valid`; an empty field is `Some(None)`.
fn score(text: &str, valid: fn(f64) -> bool) -> Option<Option<f64>> {
    if text.is_empty() {
        return Some(None);
    }
    let s = integer(text)? / 100.0;
    valid(s).then_some(Some(s))
}

/// Whether a group name can be kept: text, not blank, not overlong, no tab or line break.
fn is_name(name: &str) -> bool {
    !name.trim().is_empty()
        && name.len() <= MAX_NAME_BYTES
        && !name.bytes().any(|b| matches!(b, b'\t' | b'\n' | b'\r'))
}

fn record(line: &str) -> Option<Record> {
    let mut fields = line.split('\t');
    let time_ms = integer(fields.next()?).filter(|t| *t <= MAX_TIME_MS)?;
    let exposure = score(fields.next()?, is_exposure_score)?;
    let device = score(fields.next()?, is_device_score)?;
    let groups = match fields.next() {
        None => None,
        Some(count) => {
            let count = integer(count).filter(|n| *n <= MAX_RECORD_GROUPS as f64)? as usize;
            let mut groups = Vec::with_capacity(count);
            for _ in 0..count {
                let score = score(fields.next()?, is_exposure_score)??;
                let name = fields.next().filter(|n| is_name(n))?;
                groups.push(GroupPoint {
                    name: name.to_owned(),
                    score,
                });
            }
            Some(groups)
        }
    };
    if fields.next().is_some() || (exposure.is_none() && device.is_none() && groups.is_none()) {
        return None;
    }
    Some(Record {
        time_ms,
        exposure,
        device,
        groups,
    })
}

/// Of records at `times` (oldest first, the newest left out), the one to compare with: the
/// newest at or before a week ago, else the first.
fn baseline(times: &[f64], now_ms: f64) -> Option<usize> {
    let week_ago = now_ms - WEEK_MS;
    times
        .iter()
        .rposition(|t| *t <= week_ago)
        .or((!times.is_empty()).then_some(0))
}

/// Whether a change is good news, in the card's direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Movement {
    /// Exposure went down, or the device score up.
    Better,
    /// Exposure went up, or the device score down.
    Worse,
    /// Less than 0.05 either way.
    Same,
}

impl Movement {
    /// The `data-trend` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Movement::Better => "better",
            Movement::Worse => "worse",
            Movement::Same => "same",
        }
    }
}

/// A card's trend: its scores over the kept records and the change shown under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// The card's score in each record that has one, oldest first (at least two).
    pub values: Vec<f64>,
    /// The newest score minus the one compared with.
    pub delta: f64,
    /// When the record compared with was made.
    pub since_ms: f64,
    /// Which way that is good or bad.
    pub movement: Movement,
}

/// The trend of `kind` at `now_ms`, when at least two records have its score.
pub fn trend(records: &[Record], kind: CardKind, now_ms: f64) -> Option<Trend> {
    let mut values = Vec::new();
    let mut times = Vec::new();
    for r in records {
        if let Some(v) = r.score(kind) {
            values.push(v);
            times.push(r.time_ms);
        }
    }
    let (last, earlier) = values.split_last()?;
    let base = baseline(times.get(..earlier.len())?, now_ms)?;
    let delta = hundredths(last - earlier.get(base)?);
    let lower_is_better = kind.direction() == Direction::LowerIsBetter;
    let movement = if delta.abs() < NOTICEABLE {
        Movement::Same
    } else if (delta < 0.0) == lower_is_better {
        Movement::Better
    } else {
        Movement::Worse
    };
    Some(Trend {
        since_ms: *times.get(base)?,
        delta,
        movement,
        values,
    })
}

/// Groups whose exposure rose since the record compared with (chosen as for [`trend`]): each
/// name in the newest groups record with the rise, and when the earlier record was made.
/// Groups new since then are not marked.
pub fn risen_groups(records: &[Record], now_ms: f64) -> Option<(f64, Vec<(&str, f64)>)> {
    let mut times = Vec::new();
    let mut lists = Vec::new();
    for r in records {
        if let Some(groups) = &r.groups {
            times.push(r.time_ms);
            lists.push(groups);
        }
    }
    let (newest, earlier) = lists.split_last()?;
    times.pop();
    let base = baseline(&times, now_ms)?;
    let before = earlier.get(base)?;
    let mut rises = Vec::new();
    for g in newest.iter() {
        if let Some(old) = before.iter().find(|b| b.name == g.name) {
            let rise = hundredths(g.score - old.score);
            if rise >= NOTICEABLE {
                rises.push((g.name.as_str(), rise));
            }
        }
    }
    Some((*times.get(base)?, rises))
}

/// The sparkline's box, in SVG user units.
pub const SPARK_WIDTH: u32 = 120;
/// The sparkline's box height, in SVG user units.
pub const SPARK_HEIGHT: u32 = 32;
const SPARK_PAD: f64 = 2.0;

/// A sparkline, ready for SVG: the polyline's `points` and a path of the band boundaries.
#[derive(Debug, Clone, PartialEq)]
pub struct Sparkline {
    /// `x,y x,y …`, whole user units, oldest first.
    pub points: String,
    /// The band boundaries (70, then 30) as a path's `d`, on the exposure axis only.
    pub bands: Option<String>,
}

/// Scales `values` (at least two) into the sparkline's box: exposure on the fixed 0-100 axis
/// with its band boundaries, other scores onto the range of the data.
pub fn sparkline(values: &[f64], exposure_axis: bool) -> Option<Sparkline> {
    if values.len() < 2 {
        return None;
    }
    let (mut low, mut high) = (0.0, 100.0);
    if !exposure_axis {
        low = values.iter().copied().fold(f64::INFINITY, f64::min);
        high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if high - low < 1e-9 {
            // A flat line, drawn across the middle.
            low -= 1.0;
            high += 1.0;
        }
    }
    let height = f64::from(SPARK_HEIGHT) - 2.0 * SPARK_PAD;
    let y =
        |v: f64| (SPARK_PAD + (high - v.max(low).min(high)) / (high - low) * height).round() as u32;
    let step = f64::from(SPARK_WIDTH) / (values.len() - 1) as f64;
    let mut points = String::with_capacity(values.len() * 7);
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            points.push(' ');
        }
        push_integer(&mut points, (i as f64 * step).round() as u64);
        points.push(',');
        push_integer(&mut points, u64::from(y(*v)));
    }
    let bands = exposure_axis.then(|| {
        let mut d = String::new();
        for boundary in [70.0, 30.0] {
            d.push_str("M0 ");
            push_integer(&mut d, u64::from(y(boundary)));
            d.push_str("H120");
        }
        d
    });
    Some(Sparkline { points, bands })
}

/// The UTC instant as `YYYY-MM-DDTHH:MM:SSZ` (times 1970 to 9999, as records hold).
fn push_iso(out: &mut String, ms: f64) {
    let seconds = (ms / 1000.0).floor() as i64;
    let (days, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let parts = [
        (year, 4, '-'),
        (month, 2, '-'),
        (day, 2, 'T'),
        (second_of_day / 3600, 2, ':'),
        (second_of_day / 60 % 60, 2, ':'),
        (second_of_day % 60, 2, 'Z'),
    ];
    for (value, width, after) in parts {
        // Zero-padded to `width` digits (years 1970 to 9999 fit in four).
        let mut divisor = 1;
        for _ in 1..width {
            divisor *= 10;
        }
        while divisor > 0 {
            out.push(char::from(b'0' + (value / divisor % 10) as u8));
            divisor /= 10;
        }
        out.push(after);
    }
}

/// One CSV row: `time,card,group,score`.
fn push_row(out: &mut String, time: &str, card: CardKind, group: &str, score: f64) {
    out.push_str(time);
    out.push(',');
    out.push_str(card.as_str());
    out.push(',');
    // A name a spreadsheet would run as a formula gets a leading apostrophe.
    let formula = matches!(
        group.bytes().next(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    let quoted = group
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'));
    if quoted {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    for c in group.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quoted {
        out.push('"');
    }
    out.push(',');
    out.push_str(&number_text(score));
    out.push_str("\r\n");
}

/// The records as CSV (RFC 4180, CRLF line ends): a header, then a row per score with the
/// record's UTC time, the card, the group name (groups only) and the score.
pub fn csv(records: &[Record]) -> String {
    let mut out = String::from("time,card,group,score\r\n");
    for r in records {
        let mut time = String::with_capacity(20);
        push_iso(&mut time, r.time_ms);
        if let Some(s) = r.exposure {
            push_row(&mut out, &time, CardKind::Exposure, "", s);
        }
        if let Some(s) = r.device {
            push_row(&mut out, &time, CardKind::Device, "", s);
        }
        for g in r.groups.iter().flatten() {
            push_row(&mut out, &time, CardKind::Groups, &g.name, g.score);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Cloud, DeviceGroupScore, DeviceGroupScores, DeviceSecureScore, ExposureScore, Timestamp,
    };
    use proptest::prelude::*;

    const HOUR: f64 = RECORD_GAP_MS;
    const DAY: f64 = 86_400_000.0;
    /// 2026-11-16T10:00:00Z.
    const T0: f64 = 1_794_823_200_000.0;

    fn fresh(data: CardData, at: f64) -> Fresh {
        Fresh {
            data,
            received_ms: at,
        }
    }

    fn exposure(score: f64, at: f64) -> Record {
        Record::of(&fresh(
            CardData::Exposure(ExposureScore {
                score,
                time: Timestamp { epoch_ms: at },
            }),
            at,
        ))
    }

    fn device(score: f64, at: f64) -> Record {
        Record::of(&fresh(
            CardData::Device(DeviceSecureScore {
                score,
                time: Timestamp { epoch_ms: at },
            }),
            at,
        ))
    }

    fn groups(list: &[(&str, f64)], at: f64) -> Record {
        Record::of(&fresh(
            CardData::Groups(DeviceGroupScores::new(
                list.iter()
                    .map(|(name, score)| DeviceGroupScore {
                        name: (*name).into(),
                        id: Some("id-7f3".into()),
                        score: *score,
                        time: Timestamp { epoch_ms: at },
                    })
                    .collect(),
            )),
            at,
        ))
    }

    fn full(at: f64, e: f64, d: f64, g: &[(&str, f64)]) -> Vec<Record> {
        let mut records = Vec::new();
        append(&mut records, exposure(e, at));
        append(&mut records, device(d, at + 1.0));
        append(&mut records, groups(g, at + 2.0));
        records
    }

    #[test]
    fn a_record_keeps_scores_in_hundredths_and_no_ids() {
        let r = exposure(33.491554051195706, T0 + 0.7);
        assert_eq!(r.time_ms, T0);
        assert_eq!(r.exposure, Some(33.49));
        assert_eq!((r.device, r.groups.clone()), (None, None));
        let g = groups(&[("GroupTwo", 37.4), ("GroupOne", 41.386)], T0);
        assert_eq!(
            g.groups,
            Some(vec![
                GroupPoint {
                    name: "GroupOne".into(),
                    score: 41.39
                },
                GroupPoint {
                    name: "GroupTwo".into(),
                    score: 37.4
                },
            ])
        );
        assert_eq!(g.score(CardKind::Groups), Some(41.39));
        assert!(!encode(&[g]).contains("id-7f3"), "no group id is kept");
    }

    #[test]
    fn a_record_keeps_the_most_exposed_groups_and_skips_overlong_or_multiline_names() {
        let long = "x".repeat(MAX_NAME_BYTES + 1);
        let multiline = ["tab\tname", "line\nbreak", "cr\rname"];
        let mut list: Vec<(String, f64)> = (0..MAX_RECORD_GROUPS + 10)
            .map(|i| (format!("g{i}"), i as f64))
            .collect();
        list.push((long.clone(), 100.0));
        for name in multiline {
            list.push((name.into(), 100.0));
        }
        let refs: Vec<(&str, f64)> = list.iter().map(|(n, s)| (n.as_str(), *s)).collect();
        let kept = groups(&refs, T0).groups.unwrap_or_default();
        assert_eq!(kept.len(), MAX_RECORD_GROUPS);
        assert_eq!(kept[0].name, format!("g{}", MAX_RECORD_GROUPS + 9));
        assert!(kept
            .iter()
            .all(|g| g.name != long && !multiline.contains(&g.name.as_str())));
    }

    #[test]
    fn readings_within_the_hour_update_the_newest_record_and_later_ones_add_one() {
        let mut records = Vec::new();
        assert!(append(&mut records, exposure(40.0, T0)));
        assert!(append(&mut records, device(300.0, T0 + 60_000.0)));
        assert!(append(&mut records, exposure(39.0, T0 + HOUR - 1.0)));
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].time_ms, T0, "the record keeps its time");
        assert_eq!(
            records[0].exposure,
            Some(39.0),
            "and holds the latest score"
        );
        assert_eq!(records[0].device, Some(300.0));
        // The same reading again changes nothing (nothing to write).
        assert!(!append(&mut records, exposure(39.0, T0 + 2.0)));
        assert!(!append(&mut records, exposure(f64::NAN, f64::NAN)));
        assert!(append(&mut records, exposure(38.0, T0 + HOUR)));
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].device, None);
        let g = groups(&[("A", 1.0)], T0 + HOUR + 5.0);
        assert!(append(&mut records, g.clone()));
        assert!(!append(&mut records, g));
        assert!(append(&mut records, groups(&[("A", 2.0)], T0 + HOUR + 6.0)));
        assert_eq!(records.len(), 2);
    }

    #[test]
    fn at_most_400_records_are_kept_and_the_oldest_go_first() {
        let mut records = Vec::new();
        for i in 0..MAX_RECORDS + 25 {
            append(&mut records, exposure(10.0, T0 + i as f64 * HOUR));
        }
        assert_eq!(records.len(), MAX_RECORDS);
        assert_eq!(records[0].time_ms, T0 + 25.0 * HOUR);
    }

    #[test]
    fn keys_name_the_api_base_and_tenant_and_never_the_token() {
        let base = ApiBase::parse(&Cloud::Gcc.api_base(None), None).expect("base");
        let k = key(&base, "72f988bf-86f1-41af-91ab-2d7cd011db47");
        assert_eq!(
            k,
            "dsc:v1:history|https://api-gcc.securitycenter.microsoft.us|72f988bf-86f1-41af-91ab-2d7cd011db47"
        );
        assert_ne!(
            k,
            key(
                &ApiBase::parse(&Cloud::Commercial.api_base(None), None).expect("base"),
                "72f988bf-86f1-41af-91ab-2d7cd011db47"
            )
        );
    }

    #[test]
    fn records_survive_a_round_trip_through_the_stored_text() {
        let mut records = full(T0, 33.49, 340.0, &[("One", 41.4), ("Two", 37.4)]);
        records.extend(full(
            T0 + DAY,
            0.0,
            1.0e9,
            &[("back\\slash, \"quote\" =1", 100.0), ("ünïcødé 名前", 0.01)],
        ));
        append(&mut records, groups(&[], T0 + 2.0 * DAY));
        let text = encode(&records);
        assert_eq!(text.lines().count(), 3);
        assert!(text.starts_with("1794823200000\t3349\t34000\t2\t4140\tOne\t3740\tTwo\n"));
        assert_eq!(parse(&text, T0 + 3.0 * DAY), records);
    }

    #[test]
    fn damaged_lines_are_dropped_and_good_ones_kept() {
        let good = "1763287200000\t3349\t\n";
        let later = "1763290800000\t\t34000\n";
        for bad in [
            "",
            "garbage",
            "1763287200000",
            "1763287200000\t3349",
            "1763287200000\t\t",
            "1763287200000\t10001\t",
            "1763287200000\t-5\t",
            "1763287200000\t33.5\t",
            "1763287200000\tNaN\t",
            "1763287200000\t\t100000000001",
            "-1763287200000\t3349\t",
            "999999999999999\t3349\t",
            "1763287200000\t3349\t\textra",
            "1763287200000\t\t\t2\t100\tOne",
            "1763287200000\t\t\t1\t100\t",
            "1763287200000\t\t\t1\t100\t   ",
            "1763287200000\t\t\t1\t10001\tOne",
            "1763287200000\t\t\t51\t100\tOne",
            "1763287200000\t\t\t1\t100\tOne\tmore",
            "1763287200000\t\t\tx",
        ] {
            let text = [good, bad, "\n", later].concat();
            let records = parse(&text, T0 + DAY);
            assert_eq!(records.len(), 2, "{bad:?}");
            assert_eq!(records[0].exposure, Some(33.49));
            assert_eq!(records[1].device, Some(340.0));
        }
        assert!(parse("\u{0}\u{ffff}\t\t\n\n\\", T0).is_empty());
    }

    #[test]
    fn times_must_rise_and_not_lie_ahead() {
        let line = |hours: f64, score: &str| {
            let mut l = String::new();
            push_integer(&mut l, (T0 + hours * HOUR) as u64);
            [l.as_str(), "\t", score, "\t\n"].concat()
        };
        let text = [
            line(1.0, "10"),
            line(0.0, "20"),
            line(1.0, "30"),
            line(2.0, "40"),
        ]
        .concat();
        let scores = |now: f64| {
            parse(&text, now)
                .iter()
                .map(|r| r.exposure.unwrap_or(f64::NAN))
                .collect::<Vec<_>>()
        };
        assert_eq!(scores(T0 + DAY), [0.1, 0.4]);
        // Stamped more than five minutes ahead of now: the clock went back; not believed.
        assert_eq!(scores(T0), [0.2]);
        assert_eq!(scores(T0 + HOUR), [0.1]);
    }

    #[test]
    fn oversized_text_is_not_read_and_extra_records_are_cut() {
        let line = "1763287200000\t3349\t\n";
        let big = line.repeat(MAX_TEXT_BYTES / line.len() + 1);
        assert!(parse(&big, T0).is_empty());
        let mut records = Vec::new();
        for i in 0..MAX_RECORDS + 3 {
            records.push(exposure(5.0, T0 + i as f64 * HOUR));
        }
        let back = parse(&encode(&records), T0 + 1000.0 * HOUR);
        assert_eq!(back.len(), MAX_RECORDS);
        assert_eq!(back[0].time_ms, T0 + 3.0 * HOUR);
    }

    #[test]
    fn the_change_is_against_the_newest_record_a_week_old_else_the_first() {
        let now = T0 + 10.0 * DAY;
        let mut records = Vec::new();
        for (day, score) in [
            (0.0, 50.0),
            (2.0, 45.0),
            (3.0, 44.0),
            (9.0, 42.0),
            (10.0, 41.8),
        ] {
            append(&mut records, exposure(score, T0 + day * DAY));
        }
        let t = trend(&records, CardKind::Exposure, now).expect("trend");
        assert_eq!(t.values, [50.0, 45.0, 44.0, 42.0, 41.8]);
        assert_eq!(t.since_ms, T0 + 3.0 * DAY);
        assert_eq!(t.delta, -2.2);
        assert_eq!(t.movement, Movement::Better);
        // Less than a week of history: the first record.
        let t = trend(&records[3..], CardKind::Exposure, now).expect("trend");
        assert_eq!((t.since_ms, t.delta), (T0 + 9.0 * DAY, -0.2));
        // One record is no trend.
        assert_eq!(trend(&records[..1], CardKind::Exposure, now), None);
        assert_eq!(trend(&records, CardKind::Device, now), None);
    }

    #[test]
    fn lower_exposure_and_higher_device_scores_are_better() {
        let now = T0 + DAY;
        let mut records = full(T0, 40.0, 300.0, &[("A", 50.0)]);
        records.extend(full(T0 + 2.0 * HOUR, 45.0, 310.0, &[("A", 49.0)]));
        let movement =
            |records: &[Record], kind| trend(records, kind, now).map(|t| (t.delta, t.movement));
        assert_eq!(
            movement(&records, CardKind::Exposure),
            Some((5.0, Movement::Worse))
        );
        assert_eq!(
            movement(&records, CardKind::Device),
            Some((10.0, Movement::Better))
        );
        assert_eq!(
            movement(&records, CardKind::Groups),
            Some((-1.0, Movement::Better))
        );
        records.extend(full(T0 + 4.0 * HOUR, 40.04, 299.0, &[("A", 50.0)]));
        assert_eq!(
            movement(&records, CardKind::Exposure),
            Some((0.04, Movement::Same))
        );
        assert_eq!(
            movement(&records, CardKind::Device),
            Some((-1.0, Movement::Worse))
        );
        assert_eq!(Movement::Same.as_str(), "same");
    }

    #[test]
    fn groups_whose_exposure_rose_are_named_with_the_rise() {
        let now = T0 + 8.0 * DAY;
        let mut records = Vec::new();
        append(&mut records, groups(&[("A", 10.0), ("B", 50.0)], T0));
        append(&mut records, exposure(20.0, T0 + DAY));
        append(
            &mut records,
            groups(&[("A", 14.1), ("B", 49.0), ("C", 90.0)], T0 + 8.0 * DAY),
        );
        let (since, rises) = risen_groups(&records, now).expect("rises");
        assert_eq!(since, T0);
        assert_eq!(rises, [("A", 4.1)], "B fell and C is new");
        assert_eq!(risen_groups(&records[..2], now), None);
        assert_eq!(risen_groups(&[], now), None);
    }

    #[test]
    fn exposure_sparklines_use_the_fixed_axis_with_band_lines() {
        let s = sparkline(&[0.0, 50.0, 100.0], true).expect("line");
        assert_eq!(s.points, "0,30 60,16 120,2");
        assert_eq!(s.bands.as_deref(), Some("M0 10H120M0 22H120"));
        assert_eq!(sparkline(&[42.0], true), None);
        assert_eq!(sparkline(&[], false), None);
    }

    #[test]
    fn device_sparklines_scale_to_the_data_and_flat_lines_sit_in_the_middle() {
        let s = sparkline(&[300.0, 400.0, 350.0, 300.0, 400.0], false).expect("line");
        assert_eq!(s.points, "0,30 30,2 60,16 90,30 120,2");
        assert_eq!(s.bands, None);
        let flat = sparkline(&[340.0, 340.0], false).expect("line");
        assert_eq!(flat.points, "0,16 120,16");
    }

    #[test]
    fn csv_has_a_header_iso_times_and_a_row_per_score() {
        let records = full(T0, 33.49, 340.0, &[("GroupOne", 41.4), ("GroupTwo", 37.0)]);
        assert_eq!(
            csv(&records),
            "time,card,group,score\r\n\
             2026-11-16T10:00:00Z,exposure,,33.49\r\n\
             2026-11-16T10:00:00Z,device,,340\r\n\
             2026-11-16T10:00:00Z,groups,GroupOne,41.4\r\n\
             2026-11-16T10:00:00Z,groups,GroupTwo,37\r\n"
        );
        assert_eq!(csv(&[]), "time,card,group,score\r\n");
        let mut iso = String::new();
        push_iso(&mut iso, 951_782_400_000.0 + 86_399_999.0);
        assert_eq!(iso, "2000-02-29T23:59:59Z");
        iso.clear();
        push_iso(&mut iso, 0.0);
        assert_eq!(iso, "1970-01-01T00:00:00Z");
    }

    #[test]
    fn csv_quotes_names_and_neutralises_formulas() {
        let names = [
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tTab", "'\tTab"),
            ("\rCR", "\"'\rCR\""),
            ("a,b", "\"a,b\""),
            ("line\nbreak", "\"line\nbreak\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("a=b", "a=b"),
        ];
        for (name, cell) in names {
            // Built directly: records do not keep names with tabs or line breaks, but
            // the export holds whatever it is given.
            let record = Record {
                time_ms: T0,
                groups: Some(vec![GroupPoint {
                    name: name.into(),
                    score: 5.0,
                }]),
                ..Record::default()
            };
            let text = csv(&[record]);
            let expected = [
                "time,card,group,score\r\n2026-11-16T10:00:00Z,groups,",
                cell,
                ",5\r\n",
            ]
            .concat();
            assert_eq!(text, expected, "{name:?}");
        }
    }

    proptest! {
        #[test]
        fn parsing_any_text_never_panics_and_keeps_only_valid_rising_records(text in "\\PC*|[0-9\t\\\\\n.-]*") {
            let records = parse(&text, T0);
            prop_assert!(records.len() <= MAX_RECORDS);
            for pair in records.windows(2) {
                prop_assert!(pair[0].time_ms < pair[1].time_ms);
            }
            for r in &records {
                prop_assert!(r.exposure.is_none_or(is_exposure_score));
                prop_assert!(r.device.is_none_or(is_device_score));
            }
        }

        #[test]
        fn appended_records_round_trip(
            scores in proptest::collection::vec((0.0f64..=100.0, 0.0f64..=1.0e9, "\\PC{1,12}"), 1..20)
        ) {
            let mut records = Vec::new();
            for (i, (e, d, name)) in scores.iter().enumerate() {
                let at = T0 + i as f64 * 2.0 * HOUR;
                records.extend(full(at, *e, *d, &[(name.as_str(), *e)]));
            }
            let kept: Vec<Record> = records
                .into_iter()
                .filter(|r| r.groups.as_ref().is_none_or(|g| g.iter().all(|g| is_name(&g.name))))
                .collect();
            prop_assert_eq!(parse(&encode(&kept), T0 + 100.0 * DAY), kept);
        }
    }
}
