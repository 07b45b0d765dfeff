//! The kept records as a CSV download.

use super::Record;
use crate::model::cards::numbers::number_text;
use crate::model::cards::scores::CardKind;
use crate::model::cards::time::Timestamp;

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
/// record's UTC time, the card, the group name (groups only) and the score (for the
/// recommendations card, how many were active).
pub fn csv(records: &[Record]) -> String {
    let mut out = String::from("time,card,group,score\r\n");
    for r in records {
        let time = Timestamp {
            epoch_ms: r.time_ms,
        }
        .to_iso_seconds();
        if let Some(s) = r.exposure {
            push_row(&mut out, &time, CardKind::Exposure, "", s);
        }
        if let Some(s) = r.device {
            push_row(&mut out, &time, CardKind::Device, "", s);
        }
        for g in r.groups.iter().flatten() {
            push_row(&mut out, &time, CardKind::Groups, &g.name, g.score);
        }
        if let Some(n) = r.recommendations {
            push_row(&mut out, &time, CardKind::Recommendations, "", f64::from(n));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::{full, T0};
    use super::super::GroupPoint;
    use super::*;

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
        let iso = |epoch_ms| Timestamp { epoch_ms }.to_iso_seconds();
        assert_eq!(
            iso(951_782_400_000.0 + 86_399_999.0),
            "2000-02-29T23:59:59Z"
        );
        assert_eq!(iso(0.0), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn csv_gives_the_active_recommendations_count_a_row_of_its_own() {
        let record = Record {
            time_ms: T0,
            exposure: Some(33.49),
            recommendations: Some(15),
            ..Record::default()
        };
        assert_eq!(
            csv(&[record]),
            "time,card,group,score\r\n\
             2026-11-16T10:00:00Z,exposure,,33.49\r\n\
             2026-11-16T10:00:00Z,recommendations,,15\r\n"
        );
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
}
