//! What the publisher writes always fits what a reader reads, whatever the group names.

use super::*;
use crate::model::cards::scores::CardKind;
use crate::model::storage::history::GroupPoint;

/// A name as long as a reader takes, of the characters JSON escapes longest.
fn worst_name(i: usize) -> String {
    format!("{i:05}{}", "\u{1}".repeat(MAX_TEXT_BYTES - 5))
}

#[test]
fn a_snapshot_keeps_the_most_exposed_groups_that_fit_with_names_cut_to_the_limit() {
    let time = at(T0);
    let mut groups: Vec<DeviceGroupScore> = (0..2_500)
        .map(|i| DeviceGroupScore {
            name: worst_name(i),
            id: Some("\"".repeat(400)),
            score: (i % 100) as f64,
            time,
        })
        .collect();
    groups[0].name = format!("{}é", "x".repeat(255));
    groups[0].score = 100.0;
    let all = DeviceGroupScores::new(groups);
    let mut readings = fresh_readings(T0);
    readings[2].data = CardData::Groups(all.clone());
    let s = Snapshot::new(
        TENANT,
        Cloud::Commercial,
        &base(),
        T0,
        None,
        &readings,
        None,
    );
    let text = serde_json::to_string(&s).expect("serializes");
    assert!(text.len() <= MAX_FILE_BYTES, "{}", text.len());
    let snapshot = read_text(&text, T0).expect("reads");
    let Some(Ok(Fresh {
        data: CardData::Groups(g),
        ..
    })) = snapshot.reading(CardKind::Groups)
    else {
        panic!("the groups card reads");
    };
    assert!(g.groups.len() > 500 && g.groups.len() <= MAX_SNAPSHOT_GROUPS);
    assert_eq!(
        g.groups[0].name,
        "x".repeat(255),
        "cut on a character boundary"
    );
    let n = g.groups.len();
    let kept: Vec<f64> = g.groups.iter().map(|g| g.score).collect();
    let most_exposed: Vec<f64> = all.groups[..n].iter().map(|g| g.score).collect();
    assert_eq!(kept, most_exposed, "the least exposed are left out");
}

#[test]
fn a_history_whose_groups_would_outgrow_the_file_loses_the_oldest_groups_first() {
    let now = T0 + 13.0 * DAY;
    let groups: Vec<GroupPoint> = (0..50)
        .map(|i| GroupPoint {
            name: worst_name(i),
            score: 50.0,
        })
        .collect();
    let mut records: Vec<Record> = (0..13 * 24)
        .map(|h| Record {
            time_ms: T0 + h as f64 * HOUR,
            exposure: Some(30.0),
            device: None,
            groups: Some(groups.clone()),
            recommendations: None,
        })
        .collect();
    records.insert(
        0,
        Record {
            time_ms: T0 - HOUR,
            groups: Some(groups.clone()),
            ..Record::default()
        },
    );
    publish(&mut records, record(now, 31.0), now);
    let text = history_text(&records);
    assert!(text.len() <= MAX_FILE_BYTES, "{}", text.len());
    assert_eq!(read_history(&text, TENANT, now), Ok(records.clone()));
    assert!(
        records
            .first()
            .is_some_and(|r| r.time_ms == T0 && r.groups.is_none()),
        "a record of groups only is dropped with its groups"
    );
    assert!(records.last().is_some_and(|r| r.groups.is_some()));
    let with_groups = records.iter().filter(|r| r.groups.is_some()).count();
    // Each record's groups may take some 78 KB here, so the newest 50-odd keep theirs.
    assert!(with_groups >= 50, "{with_groups}");
    assert!(records[records.len() - with_groups..]
        .iter()
        .all(|r| r.groups.is_some()));
}

#[test]
fn two_years_of_publishes_with_fifty_ordinary_groups_stay_under_a_megabyte() {
    let names: Vec<String> = (0..50)
        .map(|i| format!("Device group {i} (Finance, EU)"))
        .collect();
    let groups: Vec<GroupPoint> = names
        .iter()
        .map(|name| GroupPoint {
            name: name.clone(),
            score: 41.39,
        })
        .collect();
    let now = T0 + 800.0 * DAY;
    let mut records: Vec<Record> = (0..800 * 24)
        .map(|h| Record {
            time_ms: T0 + h as f64 * HOUR,
            exposure: Some(33.49),
            device: Some(340.17),
            groups: Some(groups.clone()),
            recommendations: None,
        })
        .collect();
    thin(&mut records, now);
    let text = history_text(&records);
    println!("{} records, {} bytes", records.len(), text.len());
    assert!(text.len() < 1_000_000, "{}", text.len());
}
