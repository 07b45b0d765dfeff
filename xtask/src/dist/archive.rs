//! The release folder's archive and checksums: a reproducible `.tar.gz` of a folder (sorted
//! entries, no owner, no times), and `SHA256SUMS` in the format `sha256sum -c` reads.

use std::fs;
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;
use sha2::{Digest, Sha256};

use crate::files::files_below;
use crate::Result;

/// Writes `folder` as `archive` (gzip), every entry under `prefix/`; the same files give the
/// same bytes (entries sorted, mtime 0, owner root, modes 0644 or 0755).
pub fn tar_gz(folder: &Path, prefix: &str, archive: &Path) -> Result {
    let files = files_below(folder)?;
    let gz = GzEncoder::new(Vec::new(), Compression::best());
    let mut tar = tar::Builder::new(gz);
    for file in &files {
        let relative = file
            .strip_prefix(folder)
            .map_err(|e| format!("{} is outside {}: {e}", file.display(), folder.display()))?;
        let bytes = fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(if is_executable(file) { 0o755 } else { 0o644 });
        header.set_mtime(0);
        header.set_uid(0);
        header.set_gid(0);
        tar.append_data(
            &mut header,
            Path::new(prefix).join(relative),
            bytes.as_slice(),
        )
        .map_err(|e| format!("cannot add {} to the archive: {e}", file.display()))?;
    }
    let gz = tar
        .into_inner()
        .map_err(|e| format!("cannot finish the archive: {e}"))?;
    let bytes = gz
        .finish()
        .map_err(|e| format!("cannot compress the archive: {e}"))?;
    fs::write(archive, bytes).map_err(|e| format!("cannot write {}: {e}", archive.display()))
}

#[cfg(unix)]
fn is_executable(file: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(file).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(_: &Path) -> bool {
    false
}

/// `<sha256 hex>  <file name>` for every file of `folder` but `SHA256SUMS`, sorted by name:
/// what `sha256sum -c SHA256SUMS` checks in that folder.
pub fn sha256_sums(folder: &Path) -> Result<String> {
    let mut names: Vec<String> = fs::read_dir(folder)
        .map_err(|e| format!("cannot list {}: {e}", folder.display()))?
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_file())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name != "SHA256SUMS")
        .collect();
    names.sort();
    let mut sums = String::new();
    for name in names {
        let path = folder.join(&name);
        let bytes = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        sums.push_str(&format!("{:x}  {name}\n", Sha256::digest(&bytes)));
    }
    Ok(sums)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_sums_name_every_file_but_themselves_with_sha256sums_format() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("b.txt"), "abc").expect("write");
        fs::write(dir.path().join("a.txt"), "").expect("write");
        fs::write(dir.path().join("SHA256SUMS"), "old").expect("write");
        let sums = sha256_sums(dir.path()).expect("sums");
        assert_eq!(
            sums,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  a.txt\n\
             ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  b.txt\n"
        );
    }

    #[test]
    fn an_archive_holds_the_folder_under_its_prefix_and_the_same_files_give_the_same_bytes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("assets")).expect("mkdir");
        fs::write(site.join("index.html"), "<p>hi</p>").expect("write");
        fs::write(site.join("assets/app.js"), "1").expect("write");
        let (one, two) = (dir.path().join("1.tar.gz"), dir.path().join("2.tar.gz"));
        tar_gz(&site, "site-1.0", &one).expect("archive");
        tar_gz(&site, "site-1.0", &two).expect("archive");
        let bytes = fs::read(&one).expect("read");
        assert_eq!(bytes, fs::read(&two).expect("read"));
        let mut tar = Vec::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_end(&mut tar)
            .expect("gunzip");
        let mut archive = tar::Archive::new(tar.as_slice());
        let names: Vec<String> = archive
            .entries()
            .expect("entries")
            .map(|e| {
                e.expect("entry")
                    .path()
                    .expect("path")
                    .display()
                    .to_string()
            })
            .collect();
        assert_eq!(names, ["site-1.0/assets/app.js", "site-1.0/index.html"]);
    }
}
