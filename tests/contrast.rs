//! The theme colours in styles/cards.css keep WCAG AA contrast (4.5:1 for text) in both themes.

const CSS: &str = include_str!("../styles/cards.css");

/// The custom properties declared in the first rule whose selector starts with `selector`.
fn block(selector: &str) -> Vec<(String, String)> {
    let start = CSS
        .find(selector)
        .unwrap_or_else(|| panic!("no rule {selector}"));
    let open = start + CSS[start..].find('{').expect("rule opens");
    let close = open + CSS[open..].find('}').expect("rule closes");
    CSS[open + 1..close]
        .split(';')
        .filter_map(|decl| decl.split_once(':'))
        .filter_map(|(k, v)| {
            // `--_bg: var(--dsc-bg, #ffffff)`: the public name and its default.
            let k = k.trim().strip_prefix("--_")?;
            let default = v
                .trim()
                .strip_prefix(&format!("var(--dsc-{k}, "))?
                .strip_suffix(')')?;
            Some((format!("--dsc-{k}"), default.to_owned()))
        })
        .collect()
}

fn colour(props: &[(String, String)], name: &str) -> [f64; 3] {
    let hex = &props
        .iter()
        .find(|(k, _)| k == name)
        .unwrap_or_else(|| panic!("{name} missing"))
        .1;
    let hex = hex.strip_prefix('#').expect("hex colour");
    assert_eq!(hex.len(), 6, "{name}: {hex}");
    let c = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex") as f64 / 255.0;
    [c(0), c(2), c(4)]
}

fn luminance([r, g, b]: [f64; 3]) -> f64 {
    let lin = |c: f64| {
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn check(theme: &str, props: &[(String, String)]) {
    let texts = [
        "--dsc-fg",
        "--dsc-muted",
        "--dsc-accent",
        "--dsc-low",
        "--dsc-medium",
        "--dsc-high",
    ];
    for background in ["--dsc-bg", "--dsc-stale-bg", "--dsc-error-bg"] {
        for text in texts {
            let ratio = contrast(colour(props, text), colour(props, background));
            assert!(
                ratio >= 4.5,
                "{theme}: {text} on {background} is {ratio:.2}:1, below 4.5:1"
            );
        }
    }
}

#[test]
fn light_theme_text_and_band_colours_meet_wcag_aa() {
    check("light", &block(".dsc, .dsc[data-theme=\"light\"]"));
}

#[test]
fn dark_theme_text_and_band_colours_meet_wcag_aa() {
    check("dark", &block(".dsc[data-theme=\"dark\"]"));
}

#[test]
fn auto_dark_uses_the_same_colours_as_dark() {
    let auto_start = CSS
        .find("@media (prefers-color-scheme: dark)")
        .expect("auto dark rule");
    let auto = &CSS[auto_start..];
    let dark = block(".dsc[data-theme=\"dark\"]");
    assert!(dark.len() >= 11, "{dark:?}");
    for (name, value) in dark {
        let internal = name.replacen("--dsc-", "--_", 1);
        let line = format!("{internal}: var({name}, {value});");
        assert!(auto.contains(&line), "auto dark lacks {line}");
    }
}
