//! A least-recently-used cache with a fixed capacity.

use std::collections::HashMap;
use std::hash::Hash;

/// Errors reported by [`LruCache::try_insert`].
#[derive(Debug, PartialEq)]
pub enum CacheError {
    /// The cache was created with capacity zero.
    ZeroCapacity,
    /// The key is already present.
    Duplicate,
}

/// Something that can report how much memory it uses.
pub trait Weighted {
    fn weight(&self) -> usize;
}

pub struct LruCache<K, V> {
    capacity: usize,
    entries: HashMap<K, (V, u64)>,
    clock: u64,
}

impl<K: Hash + Eq + Clone, V> LruCache<K, V> {
    pub fn new(capacity: usize) -> Self {
        LruCache { capacity, entries: HashMap::new(), clock: 0 }
    }

    /// Returns the value for `key` and marks it as recently used.
    pub fn get(&mut self, key: &K) -> Option<&V> {
        self.clock += 1;
        let clock = self.clock;
        match self.entries.get_mut(key) {
            Some(entry) => {
                entry.1 = clock;
                Some(&entry.0)
            }
            None => None,
        }
    }

    pub fn try_insert(&mut self, key: K, value: V) -> Result<(), CacheError> {
        if self.capacity == 0 {
            return Err(CacheError::ZeroCapacity);
        }
        if self.entries.contains_key(&key) {
            return Err(CacheError::Duplicate);
        }
        if self.entries.len() == self.capacity {
            self.evict_oldest();
        }
        self.clock += 1;
        self.entries.insert(key, (value, self.clock));
        Ok(())
    }

    fn evict_oldest(&mut self) {
        let oldest = self
            .entries
            .iter()
            .min_by_key(|(_, (_, used))| *used)
            .map(|(key, _)| key.clone());
        if let Some(key) = oldest {
            self.entries.remove(&key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_least_recently_used() {
        let mut cache = LruCache::new(2);
        cache.try_insert("a", 1).unwrap();
        cache.try_insert("b", 2).unwrap();
        cache.get(&"a");
        cache.try_insert("c", 3).unwrap();
        assert!(cache.get(&"b").is_none());
    }
}
