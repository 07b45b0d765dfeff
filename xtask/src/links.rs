//! The Markdown link check of `cargo xtask test`: every relative link and image in the
//! repository's Markdown files points at a file or folder git tracks, and every `#anchor`
//! (in the same file or in `other.md#anchor`) names a heading of the target file, as GitHub
//! spells heading anchors, or an explicit `<a id="...">` / `<a name="...">`.
//!
//! External links (any URL with a scheme, such as `https:` or `mailto:`) are not fetched.

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::Result;

/// Folders whose Markdown is not the project's own: installed packages, build output.
const SKIPPED: [&str; 3] = ["node_modules", "target", ".tools"];

/// Checks every Markdown file git tracks under `root`; the error lists each broken link with
/// its file and line.
pub fn check(root: &Path) -> Result {
    let tracked = Tracked::of(root)?;
    let files: Vec<&String> = tracked
        .files
        .iter()
        .filter(|f| f.ends_with(".md") && !skipped(f))
        .collect();
    let mut anchors = AnchorCache::default();
    let mut broken = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(root.join(file))
            .map_err(|e| format!("cannot read {file}: {e}"))?;
        for link in links(&text) {
            if let Err(why) = resolve(root, file, &link.target, &tracked, &mut anchors) {
                broken.push(format!(
                    "{file}:{}: {} \"{}\": {why}",
                    link.line,
                    link.kind(),
                    link.target
                ));
            }
        }
    }
    if broken.is_empty() {
        println!(
            "    {} Markdown files, every relative link and anchor resolves",
            files.len()
        );
        Ok(())
    } else {
        Err(format!(
            "{} broken Markdown link(s):\n    {}",
            broken.len(),
            broken.join("\n    ")
        ))
    }
}

fn skipped(path: &str) -> bool {
    path.split('/').any(|part| SKIPPED.contains(&part))
}

/// What git tracks: the files, and the folders holding them.
struct Tracked {
    files: BTreeSet<String>,
    folders: BTreeSet<String>,
}

impl Tracked {
    fn of(root: &Path) -> Result<Tracked> {
        let output = Command::new("git")
            .args(["ls-files", "-z"])
            .current_dir(root)
            .output()
            .map_err(|e| format!("cannot run git ls-files: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "git ls-files failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        let listing = String::from_utf8(output.stdout)
            .map_err(|_| "git ls-files printed a path that is not UTF-8".to_string())?;
        Ok(Tracked::from_paths(
            listing.split('\0').filter(|p| !p.is_empty()),
        ))
    }

    fn from_paths<'a>(paths: impl IntoIterator<Item = &'a str>) -> Tracked {
        let mut files = BTreeSet::new();
        let mut folders = BTreeSet::new();
        folders.insert(String::new());
        for path in paths {
            let mut end = 0;
            while let Some(slash) = path[end..].find('/') {
                end += slash;
                folders.insert(path[..end].to_owned());
                end += 1;
            }
            files.insert(path.to_owned());
        }
        Tracked { files, folders }
    }
}

/// A link or an image found in a Markdown file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Link {
    target: String,
    line: usize,
    image: bool,
}

impl Link {
    fn kind(&self) -> &'static str {
        if self.image {
            "image"
        } else {
            "link"
        }
    }
}

fn parser(text: &str) -> Parser<'_> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    Parser::new_ext(text, options)
}

/// Every link and image of `text`, with the line it starts on.
fn links(text: &str) -> Vec<Link> {
    let mut found = Vec::new();
    for (event, range) in parser(text).into_offset_iter() {
        let (target, image) = match event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            _ => continue,
        };
        let line = text[..range.start].matches('\n').count() + 1;
        found.push(Link {
            target: target.into_string(),
            line,
            image,
        });
    }
    found
}

/// The anchors a Markdown text offers: its headings' GitHub slugs (`-1`, `-2` for repeats)
/// and the ids and names of its `<a>` elements.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut given: HashMap<String, usize> = HashMap::new();
    let mut heading: Option<String> = None;
    let mut in_image = 0usize;
    for event in parser(text) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(words) = heading.take() {
                    found.insert(unique(slug(&words), &mut given));
                }
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if in_image == 0 => {
                if let Some(words) = heading.as_mut() {
                    words.push_str(&t);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                found.extend(html_anchors(&html));
            }
            _ => {}
        }
    }
    found
}

/// `base`, or `base-1`, `base-2`, ... when that slug was given before (GitHub's rule: every
/// slug given, numbered ones included, counts as taken).
fn unique(base: String, given: &mut HashMap<String, usize>) -> String {
    let mut candidate = base.clone();
    while given.contains_key(&candidate) {
        let count = given.entry(base.clone()).or_insert(0);
        *count += 1;
        candidate = format!("{base}-{count}");
    }
    given.insert(candidate.clone(), 0);
    candidate
}

/// A heading's anchor as GitHub makes it: lowercase, every character that is not a letter, a
/// digit, a space, `-` or `_` removed, each space turned into `-`.
pub fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The `id` and `name` values of the `<a ...>` tags in a piece of HTML.
fn html_anchors(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut rest = 0;
    while let Some(start) = lower[rest..].find("<a ") {
        let tag_start = rest + start;
        let tag_end = lower[tag_start..]
            .find('>')
            .map_or(lower.len(), |end| tag_start + end);
        let tag = &html[tag_start..tag_end];
        for attribute in ["id", "name"] {
            if let Some(value) = attribute_value(tag, attribute) {
                found.push(value);
            }
        }
        rest = tag_end;
    }
    found
}

/// The quoted value of `attribute` in one tag's text.
fn attribute_value(tag: &str, attribute: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(attribute) {
        let start = from + at;
        from = start + attribute.len();
        let before_ok = lower[..start].ends_with(|c: char| c.is_ascii_whitespace());
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value = tag[tag.len() - after.len() + 1..].trim_start();
        let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let inner = &value[1..];
        return inner.find(quote).map(|end| inner[..end].to_owned());
    }
    None
}

/// The anchors of each Markdown file read so far.
#[derive(Default)]
struct AnchorCache {
    by_file: HashMap<String, BTreeSet<String>>,
}

impl AnchorCache {
    fn of(&mut self, root: &Path, file: &str) -> Result<&BTreeSet<String>> {
        if !self.by_file.contains_key(file) {
            let text = std::fs::read_to_string(root.join(file))
                .map_err(|e| format!("cannot read {file}: {e}"))?;
            self.by_file.insert(file.to_owned(), anchors(&text));
        }
        self.by_file
            .get(file)
            .ok_or_else(|| format!("cannot read {file}"))
    }
}

/// Whether a link target starts with a URL scheme (`https:`, `mailto:`) or `//`: not ours.
fn is_external(target: &str) -> bool {
    if target.starts_with("//") {
        return true;
    }
    match target.find(':') {
        Some(colon) => {
            let scheme = &target[..colon];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `%20` and the like decoded; a malformed escape is kept as written.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The repository path a link in `from` points at (`/` separated, no `.` or `..`), or `None`
/// when it climbs out of the repository.
fn joined(from: &str, path: &str) -> Option<String> {
    let base: PathBuf = if let Some(absolute) = path.strip_prefix('/') {
        PathBuf::from(absolute)
    } else {
        Path::new(from).parent().unwrap_or(Path::new("")).join(path)
    };
    let mut parts: Vec<String> = Vec::new();
    for component in base.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    Some(parts.join("/"))
}

/// Checks one link of `from`: its file or folder is tracked and, for a Markdown target, its
/// anchor is one the file offers.
fn resolve(
    root: &Path,
    from: &str,
    target: &str,
    tracked: &Tracked,
    anchors: &mut AnchorCache,
) -> Result {
    if is_external(target) {
        return Ok(());
    }
    let (path, anchor) = match target.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (target, None),
    };
    let path = path.split_once('?').map_or(path, |(path, _)| path);
    let file = if path.is_empty() {
        from.to_owned()
    } else {
        let decoded = percent_decoded(path);
        let file =
            joined(from, &decoded).ok_or_else(|| "points outside the repository".to_string())?;
        let file = file.trim_end_matches('/').to_owned();
        let exists = root.join(&file).exists();
        let is_tracked = tracked.files.contains(&file) || tracked.folders.contains(&file);
        if !(exists && is_tracked) {
            return Err(format!(
                "no such file or folder in the repository: {}",
                if file.is_empty() { "/" } else { &file }
            ));
        }
        file
    };
    let Some(anchor) = anchor else { return Ok(()) };
    if !file.ends_with(".md") {
        // Line anchors (`#L10`) and the like in other files are not checked.
        return Ok(());
    }
    let anchor = percent_decoded(anchor);
    if anchor.is_empty() {
        return Ok(());
    }
    let offered = anchors.of(root, &file)?;
    if offered.contains(&anchor) {
        Ok(())
    } else {
        Err(format!("{file} has no heading or anchor #{anchor}"))
    }
}

#[cfg(test)]
mod tests;
