//! Reading a `.sppkg`: its files (it is a zip) and the attributes of elements in its XML
//! manifests.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::Result;

/// A package's files by name.
pub type Files = BTreeMap<String, Vec<u8>>;

/// The files of a `.sppkg` (a zip), by name.
pub fn unzip(sppkg: &[u8]) -> Result<Files> {
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
pub fn elements(xml: &str, element: &str) -> Result<Vec<BTreeMap<String, String>>> {
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

/// The file `name` of a package, as text.
pub fn text<'a>(files: &'a Files, name: &str) -> Result<&'a str> {
    let bytes = files
        .get(name)
        .ok_or_else(|| format!("the .sppkg has no {name}"))?;
    std::str::from_utf8(bytes).map_err(|_| format!("{name} in the .sppkg is not UTF-8"))
}
