use super::*;

/// The placeholders of a text, sorted: a translation may put them in another order.
fn placeholders(s: &str) -> Vec<&str> {
    let mut names: Vec<&str> = s
        .split('{')
        .skip(1)
        .filter_map(|p| p.split('}').next())
        .collect();
    names.sort_unstable();
    names
}

#[test]
fn every_language_has_every_text_with_the_same_placeholders() {
    for lang in Lang::ALL {
        for key in Text::ALL {
            let text = lang.text(key);
            assert!(!text.trim().is_empty(), "{lang:?} {key:?} is empty");
            assert_eq!(
                placeholders(text),
                placeholders(Lang::En.text(key)),
                "{lang:?} {key:?} placeholders differ from English"
            );
        }
    }
}

#[test]
fn every_language_lists_its_words_in_text_order() {
    for (i, key) in Text::ALL.into_iter().enumerate() {
        assert_eq!(key as usize, i, "{key:?}");
    }
    for keys in [
        en::KEYS,
        nl::KEYS,
        da::KEYS,
        de::KEYS,
        fr::KEYS,
        es::KEYS,
        sv::KEYS,
        ja::KEYS,
    ] {
        assert_eq!(keys, Text::ALL);
    }
    for lang in Lang::ALL {
        assert!(Text::ALL.iter().all(|k| !lang.text(*k).contains('\u{1f}')));
    }
}

#[test]
fn translations_are_not_english_copies() {
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        let same = Text::ALL
            .iter()
            .filter(|k| lang.text(**k) == Lang::En.text(**k))
            .count();
        assert!(same <= 2, "{lang:?} shares {same} texts with English");
    }
}

#[test]
fn locales_fall_back_by_primary_subtag_then_to_english() {
    assert_eq!(Lang::pick(["nl-BE"]), Lang::Nl);
    assert_eq!(Lang::pick(["da_DK"]), Lang::Da);
    assert_eq!(Lang::pick(["fr-FR", "da", "nl"]), Lang::Fr);
    assert_eq!(Lang::pick(["pt-BR", "da", "nl"]), Lang::Da);
    assert_eq!(Lang::pick(["de-AT"]), Lang::De);
    assert_eq!(Lang::pick(["es-419"]), Lang::Es);
    assert_eq!(Lang::pick(["sv-FI"]), Lang::Sv);
    assert_eq!(Lang::pick(["ja-JP"]), Lang::Ja);
    assert_eq!(Lang::pick(["nb-NO"]), Lang::En);
    assert_eq!(Lang::pick(["xx", "yy"]), Lang::En);
    assert_eq!(Lang::pick([]), Lang::En);
    assert_eq!(Lang::pick([""]), Lang::En);
}

#[test]
fn fill_replaces_known_placeholders_only() {
    assert_eq!(fill("a {x} b {y}", &[("x", "1")]), "a 1 b {y}");
    assert_eq!(fill("{x}{x}", &[("x", "<b>")]), "<b><b>");
    assert_eq!(fill("open { brace", &[]), "open { brace");
}

#[test]
fn relative_times_pick_a_readable_unit() {
    assert_eq!(relative_parts(-5.0), (-5.0, "second"));
    assert_eq!(relative_parts(-125.0), (-2.0, "minute"));
    assert_eq!(relative_parts(30.0), (30.0, "second"));
    assert_eq!(relative_parts(7200.0), (2.0, "hour"));
    assert_eq!(relative_parts(-3.0 * 86_400.0), (-3.0, "day"));
}
