//! Numbers as text the way JavaScript writes them (`Number.prototype.toString`, which Rust's
//! `Display` for `f64` does not do: it never writes an exponent): numbers on screen go
//! through `Intl`; these serve messages, ids and attributes.

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
pub fn push_integer(out: &mut String, n: u64) {
    use std::fmt::Write;
    // Writing to a `String` cannot fail.
    let _ = write!(out, "{n}");
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
}
