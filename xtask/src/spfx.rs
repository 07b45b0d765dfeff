//! `cargo xtask spfx`: the SharePoint Framework package. Builds `pkg/`, then the web part in
//! `spfx/` (Heft, production) and its `.sppkg` with the bundle and the wasm inside; checks
//! what the package holds; and, for `cargo xtask test`, serves the packaged assets to
//! `tests/e2e/spfx.mjs`, which runs the built web part in Chromium.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use serde_json::Value;

use crate::build::PKG_WASM;
use crate::e2e::E2E_DIR;
use crate::process::Cmd;
use crate::tools::{self, ToolSet, CHROMIUM};
use crate::workspace::Workspace;
use crate::{build, emulator, Result};

/// The SPFx project, relative to the repository root.
pub const SPFX_DIR: &str = "spfx";
/// Where the package lands (spfx/config/package-solution.json's `paths.zippedPackage`).
pub const SPPKG: &str = "spfx/sharepoint/solution/defender-score-cards.sppkg";
/// The web part's component id (its manifest's `id`).
pub const WEB_PART_ID: &str = "dae786f4-7d42-4ae3-afd9-a4eb9ca1350b";
/// The e2e scripts in `tests/e2e/` this module runs (not in `e2e::TESTS`).
pub const E2E_SCRIPTS: [&str; 1] = ["spfx.mjs"];
/// The files of `tests/e2e/pages/` the web part's page needs.
const E2E_PAGES: [&str; 3] = ["spfx.html", "spfx-host.js", "soak-probe.js"];
/// What SharePoint replaces with the app catalog's ClientSideAssets URL on deployment.
const CLIENT_SIDE_ASSETS_BASE: &str = "HTTPS://SPCLIENTSIDEASSETLIBRARY/";
/// The package's folder of client-side assets (`includeClientSideAssets: true`).
const ASSETS: &str = "ClientSideAssets/";

/// `cargo xtask spfx`: tools, `pkg/`, the package, and a check of what it holds.
pub fn spfx(workspace: &Workspace) -> Result {
    tools::ensure(workspace, ToolSet::Build)?;
    build::pkg(workspace)?;
    let sppkg = package(workspace)?;
    let summary = check(workspace)?;
    println!(
        "\n    {}: {} KiB ({} and {} inside)\n    \
         Upload it to the tenant app catalog; README \"SharePoint\" says the rest.",
        sppkg.display(),
        summary.sppkg_bytes / 1024,
        summary.bundle,
        summary.wasm
    );
    Ok(())
}

/// Builds the `.sppkg` from the current `pkg/`: Node 22 and the SPFx packages when missing,
/// then `heft build --clean --production` and `heft package-solution --production`.
pub fn package(workspace: &Workspace) -> Result<PathBuf> {
    println!("==> Building the SharePoint package ({SPPKG})");
    let pkg_js = workspace.path("pkg/defender_score_cards.js");
    if !pkg_js.is_file() {
        return Err(format!(
            "{} is missing (build pkg/ first)",
            pkg_js.display()
        ));
    }
    let node_bin = tools::spfx_node(workspace)?;
    tools::spfx_packages(workspace, &node_bin)?;
    heft(workspace, &node_bin, &["build", "--clean", "--production"])?;
    heft(workspace, &node_bin, &["package-solution", "--production"])?;
    let sppkg = workspace.path(SPPKG);
    let size = fs::metadata(&sppkg)
        .map_err(|e| format!("heft finished but {} is missing: {e}", sppkg.display()))?
        .len();
    println!("    {}: {} KiB", sppkg.display(), size / 1024);
    Ok(sppkg)
}

/// Runs the project's Heft on the SPFx Node in `spfx/`.
fn heft(workspace: &Workspace, node_bin: &Path, args: &[&str]) -> Result {
    Cmd::new(node_bin.join("node"), workspace)
        .arg("node_modules/@rushstack/heft/bin/heft")
        .args(args)
        .env("PATH", tools::path_with_node(node_bin)?)
        .current_dir(&workspace.path(SPFX_DIR))
        .run()
}

/// Checks the built package against `pkg/`'s wasm and prints what it found.
pub fn check(workspace: &Workspace) -> Result<PackageSummary> {
    let sppkg = read(&workspace.path(SPPKG))?;
    let wasm = read(&workspace.path(PKG_WASM))?;
    let summary = check_package(&sppkg, &wasm)?;
    println!(
        "    ok: web part {WEB_PART_ID}, WindowsDefenderATP / Score.Read requested, \
         client-side assets {} and {} ({} KiB, the same bytes as {PKG_WASM})",
        summary.bundle,
        summary.wasm,
        wasm.len() / 1024
    );
    Ok(summary)
}

fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// What a good package holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageSummary {
    /// The web part's bundle, in `ClientSideAssets/`.
    pub bundle: String,
    /// The wasm, in `ClientSideAssets/`.
    pub wasm: String,
    /// The package's size.
    pub sppkg_bytes: usize,
}

/// The files of a `.sppkg` (a zip), by name.
fn unzip(sppkg: &[u8]) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(sppkg))
        .map_err(|e| format!("the .sppkg is not a zip: {e}"))?;
    let mut files = BTreeMap::new();
    for index in 0..archive.len() {
        let mut file = archive
            .by_index(index)
            .map_err(|e| format!("cannot read entry {index} of the .sppkg: {e}"))?;
        if file.is_dir() {
            continue;
        }
        let name = file.name().to_string();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read {name} in the .sppkg: {e}"))?;
        files.insert(name, bytes);
    }
    Ok(files)
}

/// The attributes of every element named `element` in `xml`, unescaped.
fn elements(xml: &str, element: &str) -> Result<Vec<BTreeMap<String, String>>> {
    let mut reader = Reader::from_str(xml);
    let mut found = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(start)) | Ok(Event::Empty(start)) => {
                if start.name().as_ref() == element.as_bytes() {
                    found.push(attributes(&start)?);
                }
            }
            Ok(Event::Eof) => return Ok(found),
            Ok(_) => {}
            Err(e) => return Err(format!("not XML: {e}")),
        }
    }
}

fn attributes(start: &BytesStart) -> Result<BTreeMap<String, String>> {
    let mut map = BTreeMap::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| format!("bad XML attribute: {e}"))?;
        let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| format!("bad XML attribute {key}: {e}"))?;
        map.insert(key, value.into_owned());
    }
    Ok(map)
}

fn text<'a>(files: &'a BTreeMap<String, Vec<u8>>, name: &str) -> Result<&'a str> {
    let bytes = files
        .get(name)
        .ok_or_else(|| format!("the .sppkg has no {name}"))?;
    std::str::from_utf8(bytes).map_err(|_| format!("{name} in the .sppkg is not UTF-8"))
}

/// Checks a built package: the app asks for WindowsDefenderATP / Score.Read; the web part's
/// manifest is there with the right id, theme variants and no custom script; its scripts are
/// all in the package (`includeClientSideAssets`, nothing from a CDN or another host); and
/// the wasm inside is `pkg_wasm`, referenced by the bundle.
pub fn check_package(sppkg: &[u8], pkg_wasm: &[u8]) -> Result<PackageSummary> {
    let files = unzip(sppkg)?;

    let app = text(&files, "AppManifest.xml")?;
    let apps = elements(app, "App").map_err(|e| format!("AppManifest.xml: {e}"))?;
    let client_side = apps
        .first()
        .and_then(|a| a.get("IsClientSideSolution"))
        .map(String::as_str);
    if client_side != Some("true") {
        return Err("AppManifest.xml: not a client-side solution".into());
    }
    let requests =
        elements(app, "WebApiPermissionRequest").map_err(|e| format!("AppManifest.xml: {e}"))?;
    let wanted = |r: &BTreeMap<String, String>| {
        r.get("ResourceId").map(String::as_str) == Some("WindowsDefenderATP")
            && r.get("Scope").map(String::as_str) == Some("Score.Read")
    };
    if requests.len() != 1 || !requests.iter().all(wanted) {
        return Err(format!(
            "AppManifest.xml: the web API permission requests are {requests:?}, \
             not exactly WindowsDefenderATP / Score.Read"
        ));
    }

    if !files.contains_key("ClientSideAssets.xml") {
        return Err(
            "the .sppkg has no ClientSideAssets.xml (includeClientSideAssets is off)".into(),
        );
    }
    let suffix = format!("/WebPart_{WEB_PART_ID}.xml");
    let (web_part_file, web_part_xml) = files
        .iter()
        .find(|(name, _)| name.ends_with(&suffix))
        .ok_or_else(|| format!("the .sppkg has no web part manifest WebPart_{WEB_PART_ID}.xml"))?;
    let web_part_xml =
        std::str::from_utf8(web_part_xml).map_err(|_| format!("{web_part_file} is not UTF-8"))?;
    let components = elements(web_part_xml, "ClientSideComponent")
        .map_err(|e| format!("{web_part_file}: {e}"))?;
    let component = components
        .first()
        .ok_or_else(|| format!("{web_part_file} has no ClientSideComponent"))?;
    let manifest_json = component
        .get("ComponentManifest")
        .ok_or_else(|| format!("{web_part_file} has no ComponentManifest"))?;
    let manifest: Value = serde_json::from_str(manifest_json)
        .map_err(|e| format!("{web_part_file}: the ComponentManifest is not JSON: {e}"))?;
    check_manifest(&manifest, &files)?;

    let wasm_files: Vec<&String> = files
        .keys()
        .filter(|name| name.starts_with(ASSETS) && name.ends_with(".wasm"))
        .collect();
    let [wasm_name] = wasm_files.as_slice() else {
        return Err(format!(
            "expected one .wasm in {ASSETS}, found {wasm_files:?}"
        ));
    };
    let wasm = &files[*wasm_name];
    if wasm.as_slice() != pkg_wasm {
        return Err(format!(
            "{wasm_name} ({} bytes) is not {PKG_WASM} ({} bytes): rebuild the package",
            wasm.len(),
            pkg_wasm.len()
        ));
    }
    let wasm_file = wasm_name.trim_start_matches(ASSETS).to_string();
    let bundle = entry_bundle(&manifest)?;
    let bundle_text = String::from_utf8_lossy(&files[&format!("{ASSETS}{bundle}")]);
    if !bundle_text.contains(&wasm_file) {
        return Err(format!("the bundle {bundle} does not refer to {wasm_file}"));
    }
    Ok(PackageSummary {
        bundle,
        wasm: wasm_file,
        sppkg_bytes: sppkg.len(),
    })
}

/// The entry bundle's file name, from the manifest's loader configuration.
fn entry_bundle(manifest: &Value) -> Result<String> {
    let loader = &manifest["loaderConfig"];
    let entry = loader["entryModuleId"]
        .as_str()
        .ok_or("the web part manifest has no loaderConfig.entryModuleId")?;
    loader["scriptResources"][entry]["path"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("the web part manifest has no script path for {entry}"))
}

/// The web part's manifest: id, kind, theme variants, no custom script, and every script
/// either in the package or one of SharePoint's own SPFx components.
fn check_manifest(manifest: &Value, files: &BTreeMap<String, Vec<u8>>) -> Result {
    let expect = |what: &str, found: &Value, wanted: Value| {
        if *found == wanted {
            Ok(())
        } else {
            Err(format!(
                "the web part manifest's {what} is {found}, not {wanted}"
            ))
        }
    };
    expect("id", &manifest["id"], WEB_PART_ID.into())?;
    expect(
        "alias",
        &manifest["alias"],
        "DefenderScoreCardsWebPart".into(),
    )?;
    expect(
        "componentType",
        &manifest["componentType"],
        "WebPart".into(),
    )?;
    expect(
        "supportsThemeVariants",
        &manifest["supportsThemeVariants"],
        true.into(),
    )?;
    if manifest["requiresCustomScript"] == Value::Bool(true) {
        return Err("the web part manifest requires custom script".into());
    }
    let loader = &manifest["loaderConfig"];
    expect(
        "loaderConfig.internalModuleBaseUrls",
        &loader["internalModuleBaseUrls"],
        serde_json::json!([CLIENT_SIDE_ASSETS_BASE]),
    )?;
    let resources = loader["scriptResources"]
        .as_object()
        .ok_or("the web part manifest has no loaderConfig.scriptResources")?;
    for (name, resource) in resources {
        match resource["type"].as_str() {
            Some("path") => {
                let path = resource["path"].as_str().unwrap_or_default();
                if !files.contains_key(&format!("{ASSETS}{path}")) {
                    return Err(format!(
                        "script {name} at {path:?} is not in the package's {ASSETS}"
                    ));
                }
            }
            Some("component") if name.starts_with("@microsoft/sp-") => {}
            _ => {
                return Err(format!(
                    "script {name} is loaded from outside the package: {resource}"
                ))
            }
        }
    }
    entry_bundle(manifest).map(drop)
}

/// Copies the package's client-side assets (the bundle and the wasm) into `dir`.
fn extract_assets(sppkg: &[u8], dir: &Path) -> Result {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (name, bytes) in unzip(sppkg)? {
        if let Some(file) = name.strip_prefix(ASSETS) {
            if file.is_empty() || file.contains('/') || file.contains("..") {
                continue;
            }
            let target = dir.join(file);
            fs::write(&target, bytes)
                .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        }
    }
    Ok(())
}

/// A temporary site directory; removed when dropped.
struct Site {
    dir: PathBuf,
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Runs `tests/e2e/spfx.mjs`: serves the assets unpacked from the built `.sppkg` (in
/// `assets/`), the stand-in SharePoint page from `tests/e2e/pages/` and the demo tenant
/// published once by the publisher (in `snapshot/`) with a fresh emulator.
pub fn e2e(workspace: &Workspace, emulator_binary: &Path, publisher: &Path) -> Result {
    let site = Site {
        dir: std::env::temp_dir().join(format!("xtask-spfx-site-{}", std::process::id())),
    };
    let _ = fs::remove_dir_all(&site.dir);
    extract_assets(&read(&workspace.path(SPPKG))?, &site.dir.join("assets"))?;
    let pages = workspace.path(E2E_DIR).join("pages");
    for page in E2E_PAGES {
        let target = site.dir.join(page);
        fs::copy(pages.join(page), &target)
            .map_err(|e| format!("cannot copy {page} to {}: {e}", target.display()))?;
    }
    let emulator = emulator::start(workspace, emulator_binary, &site.dir, 0, false)?;
    println!(
        "    emulator at {} serving {}",
        emulator.url,
        site.dir.display()
    );
    emulator::publish_demo(
        workspace,
        publisher,
        &emulator.url,
        &site.dir.join("snapshot"),
    )
    .run()?;
    let artifacts = workspace.target_dir()?.join("e2e").join("spfx");
    Cmd::new("node", workspace)
        .arg(workspace.path(E2E_DIR).join(E2E_SCRIPTS[0]))
        .env("E2E_BASE_URL", &emulator.url)
        .env("E2E_CHROMIUM", CHROMIUM)
        .env("E2E_TOOLS_DIR", workspace.tools_dir())
        .env("E2E_SITE_DIR", &site.dir)
        .env("E2E_ARTIFACTS_DIR", &artifacts)
        .run()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const WASM: &[u8] = b"\0asm\x01\0\0\0 the widget";

    fn manifest(resources: Value, base: &str) -> String {
        serde_json::json!({
            "id": WEB_PART_ID,
            "alias": "DefenderScoreCardsWebPart",
            "componentType": "WebPart",
            "supportsThemeVariants": true,
            "loaderConfig": {
                "internalModuleBaseUrls": [base],
                "entryModuleId": "web-part",
                "scriptResources": resources,
            }
        })
        .to_string()
    }

    fn good_resources() -> Value {
        serde_json::json!({
            "web-part": { "type": "path", "path": "web-part_1.js" },
            "@microsoft/sp-webpart-base": { "type": "component", "id": "x", "version": "1.23.2" }
        })
    }

    /// A package as SharePoint's tools write it, with `changes` applied to the file list.
    fn sppkg(change: impl FnOnce(&mut BTreeMap<String, Vec<u8>>)) -> Vec<u8> {
        let escape = |s: &str| s.replace('&', "&amp;").replace('"', "&quot;");
        let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        files.insert(
            "AppManifest.xml".into(),
            br#"<?xml version="1.0"?><App xmlns="x" IsClientSideSolution="true"><WebApiPermissionRequests><WebApiPermissionRequest ResourceId="WindowsDefenderATP" Scope="Score.Read"></WebApiPermissionRequest></WebApiPermissionRequests></App>"#.to_vec(),
        );
        files.insert("ClientSideAssets.xml".into(), b"<x/>".to_vec());
        files.insert(
            format!("f/WebPart_{WEB_PART_ID}.xml"),
            format!(
                r#"<Elements><ClientSideComponent Id="{WEB_PART_ID}" ComponentManifest="{}"/></Elements>"#,
                escape(&manifest(good_resources(), CLIENT_SIDE_ASSETS_BASE))
            )
            .into_bytes(),
        );
        files.insert(
            "ClientSideAssets/web-part_1.js".into(),
            b"n.p+\"abc.wasm\"".to_vec(),
        );
        files.insert("ClientSideAssets/abc.wasm".into(), WASM.to_vec());
        change(&mut files);
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in files {
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .expect("a zip entry");
            out.write_all(&bytes).expect("zip bytes");
        }
        out.finish().expect("a zip").into_inner()
    }

    #[test]
    fn a_good_package_passes_and_names_its_assets() {
        let summary = check_package(&sppkg(|_| {}), WASM).expect("a good package");
        assert_eq!(summary.bundle, "web-part_1.js");
        assert_eq!(summary.wasm, "abc.wasm");
    }

    #[test]
    fn a_package_without_the_permission_request_fails() {
        let bad = sppkg(|files| {
            files.insert(
                "AppManifest.xml".into(),
                br#"<App IsClientSideSolution="true"></App>"#.to_vec(),
            );
        });
        let error = check_package(&bad, WASM).unwrap_err();
        assert!(error.contains("WindowsDefenderATP"), "{error}");
    }

    #[test]
    fn a_package_without_its_wasm_or_with_another_wasm_fails() {
        let missing = sppkg(|files| {
            files.remove("ClientSideAssets/abc.wasm");
        });
        assert!(check_package(&missing, WASM).unwrap_err().contains(".wasm"));
        let stale = check_package(&sppkg(|_| {}), b"\0asm other").unwrap_err();
        assert!(stale.contains("rebuild"), "{stale}");
    }

    #[test]
    fn a_package_loading_scripts_from_elsewhere_fails() {
        for (resources, base) in [
            (
                serde_json::json!({
                    "web-part": { "type": "path", "path": "web-part_1.js" },
                    "cdn-lib": { "type": "path", "path": "https://cdn.example/lib.js" }
                }),
                CLIENT_SIDE_ASSETS_BASE,
            ),
            (
                serde_json::json!({
                    "web-part": { "type": "path", "path": "web-part_1.js" },
                    "lib": { "type": "component", "id": "y", "version": "1" }
                }),
                CLIENT_SIDE_ASSETS_BASE,
            ),
            (good_resources(), "https://cdn.example/"),
        ] {
            let bad = sppkg(|files| {
                let escape = |s: &str| s.replace('&', "&amp;").replace('"', "&quot;");
                files.insert(
                    format!("f/WebPart_{WEB_PART_ID}.xml"),
                    format!(
                        r#"<Elements><ClientSideComponent ComponentManifest="{}"/></Elements>"#,
                        escape(&manifest(resources, base))
                    )
                    .into_bytes(),
                );
            });
            assert!(check_package(&bad, WASM).is_err(), "{base}");
        }
    }

    #[test]
    fn a_package_without_client_side_assets_fails() {
        let bad = sppkg(|files| {
            files.remove("ClientSideAssets.xml");
        });
        assert!(check_package(&bad, WASM)
            .unwrap_err()
            .contains("includeClientSideAssets"));
    }

    #[test]
    fn the_pages_the_web_part_test_needs_exist() {
        let workspace = Workspace::locate().expect("tests run inside the repository");
        for page in E2E_PAGES {
            assert!(
                workspace.path(E2E_DIR).join("pages").join(page).is_file(),
                "{page}"
            );
        }
        for script in E2E_SCRIPTS {
            assert!(workspace.path(E2E_DIR).join(script).is_file(), "{script}");
        }
    }
}
