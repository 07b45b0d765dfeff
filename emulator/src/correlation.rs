//! Random correlation ids for the `target` field of error bodies.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Makes every call hash different input.
static CALLS: AtomicU64 = AtomicU64::new(0);

/// A new random GUID (version 4 layout), lowercase `8-4-4-4-12` hex.
pub fn new_guid() -> String {
    let high = random_u64().to_be_bytes();
    let low = random_u64().to_be_bytes();
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&high);
    bytes[8..].copy_from_slice(&low);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// 64 unpredictable bits from the standard library's randomly keyed hasher.
fn random_u64() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(CALLS.fetch_add(1, Ordering::Relaxed));
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    hasher.write_u128(nanos);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_lowercase_hex_in_8_4_4_4_12_groups() {
        let guid = new_guid();
        let lengths: Vec<usize> = guid.split('-').map(str::len).collect();
        assert_eq!(lengths, [8, 4, 4, 4, 12], "{guid}");
        assert!(guid
            .chars()
            .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c)));
    }

    #[test]
    fn guids_differ_from_call_to_call() {
        let guids: std::collections::HashSet<String> = (0..1000).map(|_| new_guid()).collect();
        assert_eq!(guids.len(), 1000);
    }
}
