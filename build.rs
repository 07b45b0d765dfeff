//! Minifies `styles/cards.css` into `OUT_DIR` for the wasm: comments and most whitespace go,
//! nothing else changes (custom property names, selectors and values stay as written).

use std::{env, fs, path::Path};

fn main() {
    let source = "styles/cards.css";
    println!("cargo:rerun-if-changed={source}");
    let css = fs::read_to_string(source).expect("styles/cards.css is readable");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("cards.min.css");
    fs::write(out, minify(&css)).expect("OUT_DIR is writable");
}

/// Drops comments, collapses whitespace, and removes it around `{ } ; , >` and after `:`.
/// Quoted strings are copied as they are.
fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for d in chars.by_ref() {
                    if last == '*' && d == '/' {
                        break;
                    }
                    last = d;
                }
                space = true;
            }
            '"' | '\'' => {
                flush_space(&mut out, &mut space, c);
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => space = true,
            '{' | '}' | ';' | ',' | '>' => {
                space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
                space_after_punctuation(&mut chars);
            }
            ':' => {
                flush_space(&mut out, &mut space, c);
                out.push(c);
                // A selector's `a :hover` keeps its space (flushed above); `prop: value` loses it.
                space_after_punctuation(&mut chars);
            }
            c => {
                flush_space(&mut out, &mut space, c);
                out.push(c);
            }
        }
    }
    out
}

fn flush_space(out: &mut String, space: &mut bool, _next: char) {
    if *space && !out.is_empty() && !out.ends_with(['{', '}', ';', ',', '>', ':']) {
        out.push(' ');
    }
    *space = false;
}

fn space_after_punctuation(chars: &mut std::iter::Peekable<std::str::Chars>) {
    while chars.peek().is_some_and(|c| c.is_whitespace()) {
        chars.next();
    }
}
