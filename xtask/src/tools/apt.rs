//! Debian's packages for the tests: the browsers, their drivers, nginx, and for the release
//! files musl's C compiler and podman, installed with
//! `apt-get` when running as root on Debian, else named in the command to run.

use std::fs;
use std::path::Path;

use super::{report_install, report_ok};
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

/// musl's C compiler wrapper, for the C parts of the static publisher's crates (ring).
pub const MUSL_GCC: &str = "/usr/bin/musl-gcc";
/// podman, which builds the publisher's image from `scratch` (no registry needed).
pub const PODMAN: &str = "/usr/bin/podman";

/// Test-only system packages. The nginx test runs its own nginx on a free
/// loopback port; it neither needs nor touches the package's system service.
const APT_TEST_PACKAGES: &str =
    "apt-get install -y chromium chromium-driver firefox-esr nginx musl-tools podman";
/// What [`APT_TEST_PACKAGES`] provides.
const TEST_PROGRAMS: [&str; 6] = [CHROMIUM, CHROMEDRIVER, FIREFOX, NGINX, MUSL_GCC, PODMAN];

/// Installs the browsers, drivers and nginx the tests use unless they are all there.
pub fn test_programs(workspace: &Workspace) -> Result {
    let missing: Vec<&str> = TEST_PROGRAMS
        .into_iter()
        .filter(|path| !Path::new(path).exists())
        .collect();
    if missing.is_empty() {
        report_ok("system packages: chromium, chromedriver, firefox-esr, nginx, musl-gcc, podman");
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
        "system packages ({} missing) with apt-get",
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

/// The effective user id from the text of `/proc/self/status`.
pub fn effective_uid(status: &str) -> Option<u32> {
    let line = status.lines().find(|line| line.starts_with("Uid:"))?;
    line.split_whitespace().nth(2)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_effective_uid() {
        let status = "Name:\tcat\nUmask:\t0022\nUid:\t1000\t0\t0\t0\nGid:\t0\t0\t0\t0\n";
        assert_eq!(effective_uid(status), Some(0));
        assert_eq!(effective_uid("Name:\tcat\n"), None);
    }
}
