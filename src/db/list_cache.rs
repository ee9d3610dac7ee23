//! Remembered work for list queries, valid for one generation of an account's contacts.
//!
//! Two costs grow with the data rather than with the page: an exact `meta.count` over a large match set
//! (a filter matching 200,000 contacts counts 200,000 index entries), and a deep page (`OFFSET 75,000`
//! steps over 75,000 index entries). Both give the same answer until the account's contacts change, and
//! `contact_counts.generation` (bumped by triggers in the writing transaction, migration V7) says when
//! they do. A reader reads the generation inside the same snapshot as its list query, so an entry
//! stored under generation N is exact for any reader that sees N: no invalidation calls, no window.
//!
//! - **Counts**: the total of a (query, parameters) pair.
//! - **Pages**: the ids of a page (offset, limit) read before; the rows themselves are always read
//!   fresh, this only saves finding which ids they are (for a filter on a common value, materialising
//!   its match list).
//! - **Anchors**: the sort key of the row at an offset, for sorts that can seek (one direction, keys
//!   never NULL). A page at offset O seeks to the nearest anchor at or before O and skips only the rest,
//!   and leaves an anchor at O for the next reader (the next page of someone paging through).
//!
//! The cache is bounded: past `MAX_QUERIES` shapes it starts over, past `MAX_ANCHORS` per shape it
//! keeps the newest.

use rusqlite::types::Value;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

const MAX_QUERIES: usize = 512;
const MAX_ANCHORS: usize = 64;
const MAX_PAGES: usize = 16;

/// The sort key values of one row, id last.
pub type Anchor = Vec<Value>;

#[derive(Default)]
struct Entry {
    generation: i64,
    count: Option<i64>,
    anchors: BTreeMap<i64, Anchor>,
    /// The ids of pages read before, by (offset, limit).
    pages: HashMap<(i64, i64), Vec<i64>>,
}

/// Shared by every connection of one database (it is part of [`super::Db`]).
#[derive(Clone, Default)]
pub struct ListCache {
    inner: Arc<Mutex<HashMap<String, Entry>>>,
}

/// Identifies one list query shape with its bound values.
pub fn key(account_id: i64, sql: &str, params: &[Value]) -> String {
    format!("{account_id}\u{1}{sql}\u{1}{params:?}")
}

impl ListCache {
    fn with<T>(&self, key: &str, generation: i64, f: impl FnOnce(&mut Entry) -> T) -> T {
        // A poisoned lock only means another request panicked mid-update; the map is still a valid cache.
        let mut map = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if !map.contains_key(key) && map.len() >= MAX_QUERIES {
            map.clear();
        }
        let entry = map.entry(key.to_string()).or_default();
        if entry.generation != generation {
            *entry = Entry {
                generation,
                ..Entry::default()
            };
        }
        f(entry)
    }

    pub fn count(&self, key: &str, generation: i64) -> Option<i64> {
        self.with(key, generation, |e| e.count)
    }

    pub fn put_count(&self, key: &str, generation: i64, count: i64) {
        self.with(key, generation, |e| e.count = Some(count));
    }

    pub fn page(&self, key: &str, generation: i64, offset: i64, limit: i64) -> Option<Vec<i64>> {
        self.with(key, generation, |e| e.pages.get(&(offset, limit)).cloned())
    }

    pub fn put_page(&self, key: &str, generation: i64, offset: i64, limit: i64, ids: Vec<i64>) {
        self.with(key, generation, |e| {
            if e.pages.len() >= MAX_PAGES {
                e.pages.clear();
            }
            e.pages.insert((offset, limit), ids);
        });
    }

    /// The nearest anchor at or before `offset`, with its offset.
    pub fn anchor(&self, key: &str, generation: i64, offset: i64) -> Option<(i64, Anchor)> {
        self.with(key, generation, |e| {
            e.anchors
                .range(..=offset)
                .next_back()
                .map(|(o, a)| (*o, a.clone()))
        })
    }

    pub fn put_anchor(&self, key: &str, generation: i64, offset: i64, anchor: Anchor) {
        self.with(key, generation, |e| {
            if e.anchors.len() >= MAX_ANCHORS && !e.anchors.contains_key(&offset) {
                // Keep the deepest ones: they save the most.
                if let Some(first) = e.anchors.keys().next().copied() {
                    e.anchors.remove(&first);
                }
            }
            e.anchors.insert(offset, anchor);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_live_for_one_generation() {
        let cache = ListCache::default();
        let k = key(1, "SELECT", &[Value::Integer(3)]);
        cache.put_count(&k, 7, 42);
        assert_eq!(cache.count(&k, 7), Some(42));
        assert_eq!(
            cache.count(&k, 8),
            None,
            "a newer generation drops the entry"
        );
        assert_eq!(cache.count(&k, 7), None, "and it does not come back");
        assert_eq!(
            cache.count(&key(2, "SELECT", &[Value::Integer(3)]), 8),
            None
        );
    }

    #[test]
    fn anchors_give_the_nearest_one_before() {
        let cache = ListCache::default();
        let k = key(1, "q", &[]);
        cache.put_anchor(
            &k,
            1,
            1000,
            vec![Value::Text("b".into()), Value::Integer(9)],
        );
        cache.put_anchor(
            &k,
            1,
            3000,
            vec![Value::Text("d".into()), Value::Integer(4)],
        );
        assert_eq!(cache.anchor(&k, 1, 999), None);
        assert_eq!(cache.anchor(&k, 1, 2999).map(|a| a.0), Some(1000));
        assert_eq!(cache.anchor(&k, 1, 3000).map(|a| a.0), Some(3000));
        assert_eq!(cache.anchor(&k, 2, 3000), None);
    }

    #[test]
    fn pages_by_offset_and_limit() {
        let cache = ListCache::default();
        let k = key(1, "q", &[]);
        cache.put_page(&k, 3, 15, 15, vec![4, 5]);
        assert_eq!(cache.page(&k, 3, 15, 15), Some(vec![4, 5]));
        assert_eq!(cache.page(&k, 3, 15, 16), None);
        assert_eq!(cache.page(&k, 4, 15, 15), None);
    }

    #[test]
    fn bounded() {
        let cache = ListCache::default();
        let k = key(1, "q", &[]);
        for i in 0..(MAX_ANCHORS as i64 + 10) {
            cache.put_anchor(&k, 1, i * 100, vec![Value::Integer(i)]);
        }
        assert_eq!(
            cache.anchor(&k, 1, 500),
            None,
            "the shallowest anchors went first"
        );
        assert!(
            cache
                .anchor(&k, 1, (MAX_ANCHORS as i64 + 9) * 100)
                .is_some()
        );
        for i in 0..(MAX_QUERIES + 1) {
            cache.put_count(&key(1, "q", &[Value::Integer(i as i64)]), 1, 1);
        }
        assert!(cache.inner.lock().unwrap().len() <= MAX_QUERIES);
    }
}
