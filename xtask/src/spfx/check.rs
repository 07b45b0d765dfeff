//! What a built `.sppkg` must hold: the app's permission requests, the web part's manifest,
//! its scripts all inside the package, and `pkg/`'s wasm referenced by the bundle.

use serde_json::{Map, Value};

use super::sppkg::{elements, text, unzip, Files};
use crate::build::PKG_WASM;
use crate::Result;

/// The web part's component id (its manifest's `id`).
pub const WEB_PART_ID: &str = "dae786f4-7d42-4ae3-afd9-a4eb9ca1350b";
/// What SharePoint replaces with the app catalog's ClientSideAssets URL on deployment.
const CLIENT_SIDE_ASSETS_BASE: &str = "HTTPS://SPCLIENTSIDEASSETLIBRARY/";
/// The package's folder of client-side assets (`includeClientSideAssets: true`).
pub const ASSETS: &str = "ClientSideAssets/";
/// The delegated permissions the app asks the tenant admin to approve, as (resource, scope):
/// the score cards' and the opt-in recommendations card's.
const PERMISSION_REQUESTS: [(&str, &str); 2] = [
    ("WindowsDefenderATP", "Score.Read"),
    ("WindowsDefenderATP", "SecurityRecommendation.Read"),
];

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

/// Checks a built package: the app asks for WindowsDefenderATP / Score.Read and
/// SecurityRecommendation.Read; the web part's
/// manifest is there with the right id, theme variants and no custom script; its scripts are
/// all in the package (`includeClientSideAssets`, nothing from a CDN or another host); and
/// the wasm inside is `pkg_wasm`, referenced by the bundle.
pub fn check_package(sppkg: &[u8], pkg_wasm: &[u8]) -> Result<PackageSummary> {
    let files = unzip(sppkg)?;
    check_app_manifest(text(&files, "AppManifest.xml")?)?;
    if !files.contains_key("ClientSideAssets.xml") {
        return Err(
            "the .sppkg has no ClientSideAssets.xml (includeClientSideAssets is off)".into(),
        );
    }
    let manifest = web_part_manifest(&files)?;
    check_manifest(&manifest, &files)?;
    let wasm = packaged_wasm(&files, pkg_wasm)?;
    let bundle = entry_bundle(&manifest)?;
    let bundle_text = String::from_utf8_lossy(&files[&format!("{ASSETS}{bundle}")]);
    if !bundle_text.contains(&wasm) {
        return Err(format!("the bundle {bundle} does not refer to {wasm}"));
    }
    Ok(PackageSummary {
        bundle,
        wasm,
        sppkg_bytes: sppkg.len(),
    })
}

/// AppManifest.xml: a client-side solution asking for [`PERMISSION_REQUESTS`] and nothing else.
fn check_app_manifest(app: &str) -> Result {
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
    let mut found: Vec<(&str, &str)> = requests
        .iter()
        .map(|r| {
            let field = |name: &str| r.get(name).map(String::as_str).unwrap_or_default();
            (field("ResourceId"), field("Scope"))
        })
        .collect();
    found.sort_unstable();
    if found != PERMISSION_REQUESTS {
        return Err(format!(
            "AppManifest.xml: the web API permission requests are {found:?}, \
             not exactly {PERMISSION_REQUESTS:?}"
        ));
    }
    Ok(())
}

/// The web part's manifest: the JSON in the `ComponentManifest` of the
/// `WebPart_<id>.xml` feature file.
fn web_part_manifest(files: &Files) -> Result<Value> {
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
    serde_json::from_str(manifest_json)
        .map_err(|e| format!("{web_part_file}: the ComponentManifest is not JSON: {e}"))
}

/// The name, in `ClientSideAssets/`, of the package's one wasm, which must be `pkg_wasm`.
fn packaged_wasm(files: &Files, pkg_wasm: &[u8]) -> Result<String> {
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
    Ok(wasm_name.trim_start_matches(ASSETS).to_string())
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
fn check_manifest(manifest: &Value, files: &Files) -> Result {
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
    check_script_resources(resources, files)?;
    entry_bundle(manifest).map(drop)
}

/// Every script resource is a file in the package's `ClientSideAssets/` or one of
/// SharePoint's own `@microsoft/sp-*` components.
fn check_script_resources(resources: &Map<String, Value>, files: &Files) -> Result {
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
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::io::{Cursor, Write};

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

    /// AppManifest.xml asking for `requests` (resource, scope).
    fn app_manifest(requests: &[(&str, &str)]) -> Vec<u8> {
        let requests: String = requests
            .iter()
            .map(|(resource, scope)| {
                format!(r#"<WebApiPermissionRequest ResourceId="{resource}" Scope="{scope}"></WebApiPermissionRequest>"#)
            })
            .collect();
        format!(r#"<?xml version="1.0"?><App xmlns="x" IsClientSideSolution="true"><WebApiPermissionRequests>{requests}</WebApiPermissionRequests></App>"#)
            .into_bytes()
    }

    /// A package as SharePoint's tools write it, with `changes` applied to the file list.
    fn sppkg(change: impl FnOnce(&mut BTreeMap<String, Vec<u8>>)) -> Vec<u8> {
        let escape = |s: &str| s.replace('&', "&amp;").replace('"', "&quot;");
        let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        files.insert(
            "AppManifest.xml".into(),
            app_manifest(&[
                ("WindowsDefenderATP", "SecurityRecommendation.Read"),
                ("WindowsDefenderATP", "Score.Read"),
            ]),
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
    fn a_package_asking_for_one_permission_too_few_or_too_many_fails() {
        for requests in [
            &[("WindowsDefenderATP", "Score.Read")][..],
            &[("WindowsDefenderATP", "SecurityRecommendation.Read")][..],
            &[
                ("WindowsDefenderATP", "Score.Read"),
                ("WindowsDefenderATP", "SecurityRecommendation.Read"),
                ("WindowsDefenderATP", "Machine.Read"),
            ][..],
        ] {
            let bad = sppkg(|files| {
                files.insert("AppManifest.xml".into(), app_manifest(requests));
            });
            let error = check_package(&bad, WASM).unwrap_err();
            assert!(error.contains("SecurityRecommendation.Read"), "{error}");
        }
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
}
