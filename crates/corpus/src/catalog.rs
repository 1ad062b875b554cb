//! The `entity_catalog`: one entry per canonical entity, folded over the documents in order.

use std::collections::{HashMap, HashSet};

use khabar_core::{CatalogRow, EntityId, EntityRow};

/// Entries gathered so far.
#[derive(Default)]
pub struct Catalog {
    /// `entity_id` → entry. Only looked up while gathering; sorted before writing.
    entries: HashMap<EntityId, CatalogRow>,
}

impl Catalog {
    /// Adds one document's mentions.
    pub fn add(&mut self, mentions: &[EntityRow]) {
        let mut seen_here: HashSet<EntityId> = HashSet::new();
        for m in mentions {
            let entry = self.entries.entry(m.entity_id).or_insert_with(|| CatalogRow {
                entity_id: m.entity_id.as_str().to_owned(),
                canonical: m.canonical.clone(),
                label: m.label.to_owned(),
                aliases: Vec::new(),
                mentions: 0,
                documents: 0,
            });
            entry.mentions += 1;
            if let Err(at) = entry.aliases.binary_search(&m.text) {
                entry.aliases.insert(at, m.text.clone());
            }
            if seen_here.insert(m.entity_id) {
                entry.documents += 1;
            }
        }
    }

    /// Rows, most mentioned first (ties by `entity_id`), so the order is deterministic.
    #[must_use]
    pub fn rows(self) -> Vec<CatalogRow> {
        let mut rows: Vec<CatalogRow> = self.entries.into_values().collect();
        rows.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.entity_id.cmp(&b.entity_id)));
        rows
    }
}
