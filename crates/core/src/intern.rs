//! Names from a closed set (labels, kinds, stages...) held as `&'static str` in rows, read
//! back from a shard's files: each distinct name is allocated once for the process.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Deserializer};

/// A name from a closed set. (An alias, so that serde does not take the field for text borrowed
/// from the input.)
pub type Name = &'static str;

/// Distinct names a process may intern: far above the few dozen khabar writes, so that a
/// damaged file is an error and not a leak.
const MAX_NAMES: usize = 4096;

/// The `&'static str` equal to `name`, allocated on first use; `None` once [`MAX_NAMES`]
/// distinct names are held.
#[must_use]
pub fn intern(name: &str) -> Option<&'static str> {
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES.get_or_init(Mutex::default).lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(&held) = names.get(name) {
        return Some(held);
    }
    if names.len() >= MAX_NAMES {
        return None;
    }
    let held: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.insert(held);
    Some(held)
}

/// `deserialize_with` for a `&'static str` field.
pub fn name<'de, D: Deserializer<'de>>(deserializer: D) -> Result<&'static str, D::Error> {
    let text = String::deserialize(deserializer)?;
    intern(&text).ok_or_else(|| serde::de::Error::custom("too many distinct names"))
}

/// `deserialize_with` for an `Option<&'static str>` field.
pub fn optional_name<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<&'static str>, D::Error> {
    Option::<String>::deserialize(deserializer)?
        .map(|text| intern(&text).ok_or_else(|| serde::de::Error::custom("too many distinct names")))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_names_are_one_allocation() {
        let a = intern(&String::from("gazetteer")).expect("room");
        let b = intern("gazetteer").expect("room");
        assert!(std::ptr::eq(a, b));
        assert_eq!(a, "gazetteer");
    }
}
