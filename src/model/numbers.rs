//! Numbers as text without `core::fmt`'s float machinery, which would cost the widget
//! about 15 KB of wasm: numbers on screen go through `Intl`; these serve messages, ids
//! and attributes.

/// A number for messages and attributes: whole numbers exactly (`101`, `-3`), others with
/// up to 15 significant digits (`100.01`, `-0.5`); from 1e21 up and below 1e-6 with an
/// exponent (`1e+300`, `2.5e-9`), where JavaScript's `Number.prototype.toString` puts one.
pub fn number_text(n: f64) -> String {
    let mut out = String::new();
    if n.is_nan() {
        out.push_str("NaN");
        return out;
    }
    if n < 0.0 {
        out.push('-');
    }
    let a = n.abs();
    if a.is_infinite() {
        out.push_str("Infinity");
        return out;
    }
    if a < 9_007_199_254_740_992.0 && a.trunc() == a {
        push_integer(&mut out, a as u64);
        return out;
    }
    // a = d.ddd… × 10^exp, with the 15 digits d… as an integer.
    let mut exp: i32 = 0;
    let mut scaled = a;
    while scaled >= 10.0 {
        scaled /= 10.0;
        exp += 1;
    }
    while scaled < 1.0 {
        scaled *= 10.0;
        exp -= 1;
    }
    let mut digits = (scaled * 1e14).round() as u64;
    if digits >= 1_000_000_000_000_000 {
        digits /= 10;
        exp += 1;
    }
    let mut text = String::new();
    push_integer(&mut text, digits);
    let significant = text.trim_end_matches('0');
    if !(-6..21).contains(&exp) {
        let (first, rest) = significant.split_at_checked(1).unwrap_or((significant, ""));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        if exp < 0 {
            out.push('-');
        } else {
            out.push('+');
        }
        push_integer(&mut out, u64::from(exp.unsigned_abs()));
    } else if exp < 0 {
        out.push_str("0.");
        for _ in 1..-exp {
            out.push('0');
        }
        out.push_str(significant);
    } else {
        let whole = exp as usize + 1;
        match significant.split_at_checked(whole) {
            Some((int, fraction)) if !fraction.is_empty() => {
                out.push_str(int);
                out.push('.');
                out.push_str(fraction);
            }
            _ => {
                out.push_str(significant);
                for _ in significant.len()..whole {
                    out.push('0');
                }
            }
        }
    }
    out
}

/// Appends the decimal digits of `n`.
pub fn push_integer(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[at..] {
        out.push(char::from(b));
    }
}

/// Whether `text` is a float as Rust's `f64::from_str` reads it: an optional sign, then
/// `inf`, `infinity` or `nan` (any case), or digits with an optional `.` and exponent.
pub fn is_float_text(text: &str) -> bool {
    let b = text.as_bytes();
    let b = match b.first() {
        Some(b'+' | b'-') => &b[1..],
        _ => b,
    };
    if ["inf", "infinity", "nan"]
        .iter()
        .any(|w| w.as_bytes().eq_ignore_ascii_case(b))
    {
        return true;
    }
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut mantissa = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        mantissa += digits(&mut i);
    }
    if mantissa == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_javascript_writes_them() {
        let cases = [
            (0.0, "0"),
            (-0.0, "0"),
            (7.0, "7"),
            (101.0, "101"),
            (-3.0, "-3"),
            (340.0, "340"),
            (100.01, "100.01"),
            (-0.5, "-0.5"),
            (0.1, "0.1"),
            (0.3, "0.3"),
            (33.491554051195706, "33.4915540511957"),
            (1234.5, "1234.5"),
            (1e300, "1e+300"),
            (-2.5e-9, "-2.5e-9"),
            (0.000001, "0.000001"),
            (0.0000001, "1e-7"),
            (1e12, "1000000000000"),
            (9_007_199_254_740_991.0, "9007199254740991"),
            (1e21, "1e+21"),
            (123456789012345680000.0, "123456789012346000000"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (f64::NAN, "NaN"),
        ];
        for (n, text) in cases {
            assert_eq!(number_text(n), text, "{n:?}");
        }
    }

    #[test]
    fn whole_numbers_are_exact() {
        for n in [0u64, 1, 9, 10, 99, 100, 65_535, 4_294_967_295, 20_000] {
            assert_eq!(number_text(n as f64), n.to_string());
        }
    }

    #[test]
    fn float_text_follows_rusts_grammar() {
        for ok in [
            "0",
            "5",
            "+5",
            "-1",
            "1.5",
            "5.",
            ".5",
            "1e3",
            "1E-3",
            "2.5e+2",
            "inf",
            "-Infinity",
            "NaN",
            "nan",
            "1e400",
        ] {
            assert!(is_float_text(ok), "{ok}");
            assert!(ok.parse::<f64>().is_ok(), "{ok}");
        }
        for bad in [
            "",
            ".",
            "+",
            "e3",
            "1e",
            "1e+",
            "0x10",
            "1_000",
            "1,5",
            " 5",
            "5 ",
            "five",
            "infinit",
            "--1",
            "1.2.3",
            "Infinityx",
        ] {
            assert!(!is_float_text(bad), "{bad}");
            assert!(bad.parse::<f64>().is_err(), "{bad}");
        }
    }
}
