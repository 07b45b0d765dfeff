use super::*;

fn tracked(paths: &[&str]) -> Tracked {
    Tracked::from_paths(paths.iter().copied())
}

/// A repository in a temporary folder with these files, all tracked.
struct Repo {
    dir: PathBuf,
    tracked: Tracked,
}

impl Repo {
    fn new(name: &str, files: &[(&str, &str)]) -> Repo {
        let dir = std::env::temp_dir().join(format!("xtask-links-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().expect("a parent")).expect("mkdir");
            std::fs::write(file, text).expect("write");
        }
        let paths: Vec<&str> = files.iter().map(|(p, _)| *p).collect();
        Repo {
            dir,
            tracked: tracked(&paths),
        }
    }

    /// Every broken link of `file`, as `target: why`.
    fn broken(&self, file: &str) -> Vec<String> {
        let text = std::fs::read_to_string(self.dir.join(file)).expect("read");
        let mut cache = AnchorCache::default();
        links(&text)
            .into_iter()
            .filter_map(|l| {
                resolve(&self.dir, file, &l.target, &self.tracked, &mut cache)
                    .err()
                    .map(|why| format!("{}: {why}", l.target))
            })
            .collect()
    }
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn slugs_are_github_s() {
    assert_eq!(slug("Options"), "options");
    assert_eq!(slug("JavaScript API"), "javascript-api");
    assert_eq!(slug("Real tokens (JWT mode)"), "real-tokens-jwt-mode");
    assert_eq!(
        slug("1. Register the app in Entra ID"),
        "1-register-the-app-in-entra-id"
    );
    assert_eq!(slug("snapshot.json"), "snapshotjson");
    assert_eq!(slug("a_b -- c"), "a_b----c");
    assert_eq!(slug("Sign in → done: yes!"), "sign-in--done-yes");
    assert_eq!(slug("Übersicht & Größe"), "übersicht--größe");
}

#[test]
fn headings_give_their_text_with_code_and_links_and_repeats_are_numbered() {
    let text = "# Title\n\n## The `snapshot.json` file\n\n## [Faults](x.md) and more\n\n\
                ## Notes\n\n### Notes\n\nNotes\n-----\n\n<a id=\"kept-here\"></a>\n\n\
                Text with <a name='inline'>an anchor</a>.\n";
    let found = anchors(text);
    let expected: BTreeSet<String> = [
        "title",
        "the-snapshotjson-file",
        "faults-and-more",
        "notes",
        "notes-1",
        "notes-2",
        "kept-here",
        "inline",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(found, expected);
}

#[test]
fn a_repeated_heading_does_not_take_a_numbered_slug_already_used() {
    let found = anchors("# a-1\n\n# a\n\n# a\n");
    assert!(found.contains("a-1") && found.contains("a") && found.contains("a-2"));
    assert_eq!(found.len(), 3);
}

#[test]
fn good_links_pass() {
    let repo = Repo::new(
        "good",
        &[
            (
                "README.md",
                "# Top\n\n## Usage\n\nSee [usage](#usage), [the guide](docs/guide.md), \
                 [its options](docs/guide.md#options), [docs](docs/), [the code](src/lib.rs#L3), \
                 [a space](docs/a%20b.md), [the site](https://example.com/x#y), \
                 [mail](mailto:a@example.com).\n\n![a picture](docs/pic.png)\n\n\
                 | a | b |\n| - | - |\n| [in a table](docs/guide.md#repeat-1) | x |\n",
            ),
            (
                "docs/guide.md",
                "# Guide\n\n## Options\n\n## Repeat\n\n## Repeat\n\n[up](../README.md#top)\n",
            ),
            ("docs/a b.md", "# A b\n"),
            ("docs/pic.png", "png"),
            ("src/lib.rs", "// code\n"),
        ],
    );
    assert_eq!(repo.broken("README.md"), Vec::<String>::new());
    assert_eq!(repo.broken("docs/guide.md"), Vec::<String>::new());
}

#[test]
fn a_missing_file_or_image_is_broken() {
    let repo = Repo::new(
        "file",
        &[(
            "docs/guide.md",
            "# Guide\n\n[gone](missing.md) ![no picture](screenshots/none.png) \
             [outside](../../elsewhere.md)\n\n```md\n[in code](nowhere.md)\n```\n",
        )],
    );
    let broken = repo.broken("docs/guide.md");
    assert_eq!(broken.len(), 3, "{broken:?}");
    assert!(
        broken[0].starts_with("missing.md: no such file") && broken[0].ends_with("docs/missing.md")
    );
    assert!(broken[1].contains("docs/screenshots/none.png"));
    assert!(broken[2].contains("outside the repository"));
}

#[test]
fn a_file_on_disk_that_git_does_not_track_is_broken() {
    let repo = Repo::new("untracked", &[("README.md", "[built](pkg/out.js)\n")]);
    std::fs::create_dir_all(repo.dir.join("pkg")).expect("mkdir");
    std::fs::write(repo.dir.join("pkg/out.js"), "js").expect("write");
    assert_eq!(repo.broken("README.md").len(), 1);
}

#[test]
fn a_missing_anchor_is_broken_here_and_in_another_file() {
    let repo = Repo::new(
        "anchor",
        &[
            ("README.md", "# Top\n\n## Options\n\n[here](#option) [there](docs/guide.md#events) [case](#Options)\n"),
            ("docs/guide.md", "# Guide\n\n## Event\n"),
        ],
    );
    let broken = repo.broken("README.md");
    assert_eq!(
        broken,
        vec![
            "#option: README.md has no heading or anchor #option".to_string(),
            "docs/guide.md#events: docs/guide.md has no heading or anchor #events".to_string(),
            "#Options: README.md has no heading or anchor #Options".to_string(),
        ]
    );
}

#[test]
fn a_duplicate_heading_is_reached_by_its_number_only() {
    let repo = Repo::new(
        "duplicate",
        &[(
            "README.md",
            "# Top\n\n## Setup\n\ntext\n\n## Setup\n\n[first](#setup) [second](#setup-1) [third](#setup-2)\n",
        )],
    );
    assert_eq!(
        repo.broken("README.md"),
        vec!["#setup-2: README.md has no heading or anchor #setup-2".to_string()]
    );
}

#[test]
fn links_report_their_line() {
    let found = links("# T\n\ntext\n[a](b.md)\n\n![c](d.png)\n");
    assert_eq!(
        found,
        vec![
            Link {
                target: "b.md".into(),
                line: 4,
                image: false
            },
            Link {
                target: "d.png".into(),
                line: 6,
                image: true
            },
        ]
    );
}

#[test]
fn only_the_projects_markdown_is_walked() {
    assert!(skipped("spfx/node_modules/x/README.md"));
    assert!(skipped("target/doc/README.md"));
    assert!(skipped(".tools/node_modules/a.md"));
    assert!(!skipped("docs/embedding.md"));
    let t = tracked(&["docs/screenshots/a.png", "README.md"]);
    assert!(t.folders.contains("docs") && t.folders.contains("docs/screenshots"));
    assert!(!t.folders.contains("docs/screenshots/a.png"));
}

#[test]
fn schemes_are_external_and_paths_are_not() {
    for external in ["https://x", "http://x", "mailto:a@b", "//cdn/x", "ftp://x"] {
        assert!(is_external(external), "{external}");
    }
    for ours in ["docs/a.md", "#top", "../x.md", "/docs/", "a b:c.md"] {
        assert!(!is_external(ours), "{ours}");
    }
}

/// The repository's own Markdown: run with `cargo test -p xtask -- --ignored links`
/// (`cargo xtask test` runs the same check as its first step).
#[test]
#[ignore = "reads the whole repository; cargo xtask test runs it as a step"]
fn the_repository_links_resolve() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the repository root");
    if let Err(e) = check(root) {
        panic!("{e}");
    }
}
