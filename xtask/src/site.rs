//! What `build::dist` does to trunk's output: every JS file of ours minified with terser
//! (trunk 0.21's own `minify` leaves wasm-bindgen's snippets and copied files as they are, and
//! its minifier fails on wasm-bindgen's loader), the `integrity` attributes of `index.html`
//! recomputed for the files they name, and a `.gz` beside each JS, wasm and CSS file for
//! servers that send precompressed files (nginx's `gzip_static`, the emulator's `--gzip`).

use std::fs;
use std::io::Write;
use std::path::Path;

use base64::Engine;
use flate2::write::GzEncoder;
use flate2::Compression;
use sha2::{Digest, Sha384};

use crate::build::js_files;
use crate::files::files_below;
use crate::process::Cmd;
use crate::workspace::Workspace;
use crate::Result;

/// Files that are already minified where they come from (MSAL.js from its npm package).
const VENDORED_DIR: &str = "msal";
/// Classic scripts (`<script src>` without `type="module"`); every other JS file is a module.
const CLASSIC_SCRIPTS: [&str; 1] = ["web/redirect.js"];
/// The extensions that get a precompressed `.gz` beside them.
const PRECOMPRESSED: [&str; 3] = ["js", "wasm", "css"];

/// Minifies `dist`'s JS, rewrites `index.html`'s integrity attributes to match, and writes
/// the `.gz` files.
pub fn finish(workspace: &Workspace, dist: &Path) -> Result {
    minify(workspace, dist)?;
    let index = dist.join("index.html");
    let html = read_text(&index)?;
    let updated = rewrite_integrity(&html, |href| file_integrity(dist, href))?;
    fs::write(&index, updated).map_err(|e| format!("cannot write {}: {e}", index.display()))?;
    precompress(dist)
}

/// terser over every JS file of `dist` but the vendored ones, in place.
fn minify(workspace: &Workspace, dist: &Path) -> Result {
    let mut before = 0;
    let mut after = 0;
    for script in js_files(dist)? {
        let relative = relative_name(dist, &script)?;
        if relative.starts_with(&format!("{VENDORED_DIR}/")) {
            continue;
        }
        before += size(&script)?;
        let mut terser = Cmd::new("terser", workspace)
            .arg(&script)
            .args(["--compress", "--mangle", "--output"])
            .arg(&script);
        if !CLASSIC_SCRIPTS.contains(&relative.as_str()) {
            terser = terser.arg("--module");
        }
        terser.run()?;
        after += size(&script)?;
    }
    println!(
        "    dist/ JS: {} KiB -> {} KiB after terser",
        before / 1024,
        after / 1024
    );
    Ok(())
}

/// `html` with every `integrity="sha384-…"` attribute of a `<link>` replaced by
/// `integrity(href)` of that tag's `href`: trunk computed them before the files were minified.
pub fn rewrite_integrity(html: &str, integrity: impl Fn(&str) -> Result<String>) -> Result<String> {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<link") {
        let Some(length) = rest[start..].find('>') else {
            break;
        };
        let end = start + length;
        out.push_str(&rest[..start]);
        out.push_str(&rewrite_tag(&rest[start..end], &integrity)?);
        rest = &rest[end..];
    }
    out.push_str(rest);
    Ok(out)
}

/// One `<link …` tag (without its `>`) with its sha384 integrity recomputed, if it has one.
fn rewrite_tag(tag: &str, integrity: &impl Fn(&str) -> Result<String>) -> Result<String> {
    let Some((before, old, after)) = attribute(tag, "integrity") else {
        return Ok(tag.to_string());
    };
    if !old.starts_with("sha384-") {
        return Ok(tag.to_string());
    }
    let (_, href, _) =
        attribute(tag, "href").ok_or_else(|| format!("{tag}> has an integrity but no href"))?;
    Ok(format!("{before}{}{after}", integrity(href)?))
}

/// `tag` split around the double-quoted value of ` name="…"`.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<(&'a str, &'a str, &'a str)> {
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    let length = tag[start..].find('"')?;
    Some((
        &tag[..start],
        &tag[start..start + length],
        &tag[start + length..],
    ))
}

/// The subresource integrity (`sha384-<base64>`) of the file `href` names under `dist`.
fn file_integrity(dist: &Path, href: &str) -> Result<String> {
    let relative = href.strip_prefix("./").unwrap_or(href);
    if relative.contains("..") || relative.contains(':') || relative.starts_with('/') {
        return Err(format!(
            "index.html names {href}, which is not a file of dist/"
        ));
    }
    let file = dist.join(relative);
    let bytes = fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    Ok(integrity_of(&bytes))
}

/// `sha384-<base64 of the SHA-384 digest>`, as trunk and browsers write it.
pub fn integrity_of(bytes: &[u8]) -> String {
    let digest = Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Writes `<file>.gz` (gzip -9) beside every JS, wasm and CSS file of `dist`.
fn precompress(dist: &Path) -> Result {
    let files = files_below(dist)?;
    let mut count = 0;
    for file in files {
        let wanted = file
            .extension()
            .and_then(|ext| ext.to_str())
            .is_some_and(|ext| PRECOMPRESSED.contains(&ext));
        if !wanted {
            continue;
        }
        let bytes = fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let gz = file.with_file_name(format!(
            "{}.gz",
            file.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
        ));
        fs::write(&gz, gzip(&bytes)?).map_err(|e| format!("cannot write {}: {e}", gz.display()))?;
        count += 1;
    }
    println!("    dist/: {count} JS, wasm and CSS files precompressed (.gz beside each)");
    Ok(())
}

/// `bytes` as gzip -9 (no file name, time 0: the same input gives the same bytes).
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .map_err(|e| format!("cannot gzip: {e}"))
}

/// `file`'s path under `dir`, with `/` between folders.
fn relative_name(dir: &Path, file: &Path) -> Result<String> {
    let relative = file
        .strip_prefix(dir)
        .map_err(|e| format!("{} is outside {}: {e}", file.display(), dir.display()))?;
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Ok(parts.join("/"))
}

fn read_text(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn size(path: &Path) -> Result<u64> {
    fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = concat!(
        "<head><link rel=\"stylesheet\" href=\"./page-0123456789abcdef.css\" integrity=\"sha384-OLD1\"/>\n",
        "<link rel=\"modulepreload\" href=\"./snippets/x/web/standalone.js\" crossorigin=\"anonymous\" integrity=\"sha384-OLD2\">",
        "<link rel=\"icon\" href=\"favicon.svg\">",
        "<link rel=\"preload\" href=\"./a_bg.wasm\" integrity=\"sha256-KEEP\" as=\"fetch\"></head>"
    );

    fn fake(href: &str) -> Result<String> {
        Ok(format!("sha384-NEW({href})"))
    }

    #[test]
    fn every_sha384_integrity_is_recomputed_from_its_href() {
        let rewritten = rewrite_integrity(PAGE, fake).expect("rewrites");
        assert!(rewritten.contains(
            "href=\"./page-0123456789abcdef.css\" integrity=\"sha384-NEW(./page-0123456789abcdef.css)\"/>\n"
        ));
        assert!(rewritten.contains(
            "crossorigin=\"anonymous\" integrity=\"sha384-NEW(./snippets/x/web/standalone.js)\">"
        ));
        assert!(!rewritten.contains("OLD"));
    }

    #[test]
    fn tags_without_a_sha384_integrity_and_the_text_around_stay_as_they_are() {
        let rewritten = rewrite_integrity(PAGE, fake).expect("rewrites");
        assert!(rewritten.starts_with("<head><link rel=\"stylesheet\""));
        assert!(rewritten.contains("<link rel=\"icon\" href=\"favicon.svg\">"));
        assert!(rewritten.contains("integrity=\"sha256-KEEP\""));
        assert!(rewritten.ends_with("</head>"));
        assert_eq!(
            rewrite_integrity("<p>no links</p>", fake).as_deref(),
            Ok("<p>no links</p>")
        );
    }

    #[test]
    fn a_file_that_cannot_be_hashed_fails_the_build() {
        let error = rewrite_integrity(PAGE, |href| Err(format!("no {href}"))).unwrap_err();
        assert!(error.contains("page-0123456789abcdef.css"), "{error}");
        let outside = file_integrity(Path::new("/nowhere"), "../secret.js").unwrap_err();
        assert!(outside.contains("not a file of dist/"), "{outside}");
    }

    #[test]
    fn the_integrity_is_the_browsers_sha384() {
        // `printf '' | openssl dgst -sha384 -binary | base64`
        assert_eq!(
            integrity_of(b""),
            "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb"
        );
    }

    #[test]
    fn gzip_round_trips_and_is_reproducible() {
        use std::io::Read;
        let text = b"export const answer = 42;\n".repeat(50);
        let packed = gzip(&text).expect("gzips");
        assert!(packed.len() < text.len() / 5, "{} bytes", packed.len());
        assert_eq!(gzip(&text), Ok(packed.clone()));
        let mut unpacked = Vec::new();
        let read = flate2::read::GzDecoder::new(packed.as_slice()).read_to_end(&mut unpacked);
        assert!(read.is_ok(), "{read:?}");
        assert_eq!(unpacked, text);
    }
}
