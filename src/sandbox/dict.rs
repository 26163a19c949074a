//! Python's `dict` (and `set`, a dict whose values are unused): hashed lookups with Python's
//! equality rules (`1`, `1.0` and `True` are one key) that keep insertion order, as CPython's do.
//!
//! Entries sit in a vector in insertion order; a hash table maps each key's hash to its
//! position. Deleting leaves a hole that later compaction removes, so `del d[k]` stays cheap and
//! the order of the rest is kept. Keys are compared with `py_eq` only after their hashes match.

use super::value::{TooDeep, V, py_eq};
use hashbrown::HashTable;
use std::hash::{Hash, Hasher};

/// Why a value cannot be a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashError {
    /// `unhashable type: '<name>'`.
    Unhashable(&'static str),
    /// A key nested deeper than the recursion limit.
    TooDeep,
}

impl From<TooDeep> for HashError {
    fn from(_: TooDeep) -> Self {
        HashError::TooDeep
    }
}

/// How deep a key (tuples in tuples) may nest before hashing it is a `RecursionError`.
const HASH_DEPTH: usize = 1000;

/// The hash of a key: equal keys (by Python's `==`) hash alike.
pub fn py_hash(v: &V) -> Result<u64, HashError> {
    hash_within(v, HASH_DEPTH)
}

fn hash_within(v: &V, depth: usize) -> Result<u64, HashError> {
    Ok(match v {
        V::Bool(b) => mix(u64::from(*b)),
        V::Int(i) => mix(*i as u64),
        V::Float(x) => float_hash(*x),
        V::Str(s) => {
            let mut h = std::hash::DefaultHasher::new();
            s.hash(&mut h);
            h.finish()
        }
        V::None => 0x5eed_0001,
        V::Tuple(items) => {
            let inner = depth.checked_sub(1).ok_or(TooDeep)?;
            let mut h: u64 = 0x345678 ^ items.len() as u64;
            for it in items.iter() {
                h = (h ^ hash_within(it, inner)?).wrapping_mul(0x0100_0000_01b3);
            }
            mix(h)
        }
        V::Range(a, b, s) => {
            mix((*a as u64) ^ (*b as u64).rotate_left(21) ^ (*s as u64).rotate_left(42))
        }
        V::Class(n) | V::Builtin(n) | V::Module(n) => {
            let mut h = std::hash::DefaultHasher::new();
            n.hash(&mut h);
            h.finish()
        }
        V::Optimizer(id) => mix(0x0a00 ^ u64::from(id.0)),
        V::Scheduler(id) => mix(0x0b00 ^ u64::from(id.0)),
        V::Func(f) => mix(std::rc::Rc::as_ptr(f) as usize as u64),
        V::Tensor(t) => mix(std::rc::Rc::as_ptr(t) as usize as u64),
        V::NnModule(m) => mix(std::rc::Rc::as_ptr(m) as usize as u64),
        V::Exception(e) => mix(std::rc::Rc::as_ptr(e) as usize as u64),
        V::Method(m) => mix(std::rc::Rc::as_ptr(m) as usize as u64),
        V::Instance(i) => mix(std::rc::Rc::as_ptr(i) as usize as u64),
        V::UserClass(c) => mix(std::rc::Rc::as_ptr(c) as usize as u64),
        V::Bound(b) => mix(std::rc::Rc::as_ptr(b) as usize as u64),
        V::Descriptor(d) => mix(std::rc::Rc::as_ptr(d) as usize as u64),
        V::Super(s) => mix(std::rc::Rc::as_ptr(s) as usize as u64),
        V::Ext(e) => match super::interp::modules::hash_of(e) {
            Some(h) => h,
            None => return Err(HashError::Unhashable(v.static_type_name())),
        },
        V::List(_)
        | V::Dict(_)
        | V::Set(_)
        | V::ParamGroup(..)
        | V::ParamGroups(_)
        | V::Iter(_)
        | V::Params(_) => return Err(HashError::Unhashable(v.static_type_name())),
    })
}

/// A float equal to an int hashes as that int (`d[1.0]` finds `d[1]`).
fn float_hash(x: f64) -> u64 {
    if x.fract() == 0.0 && x.abs() < 9.2e18 {
        mix(x as i64 as u64)
    } else {
        mix(x.to_bits())
    }
}

/// Spreads an integer's bits over the whole word (the table uses the high bits as tags).
fn mix(x: u64) -> u64 {
    let h = x.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^ (h >> 29)
}

/// Whether entry `i` holds `key` (its hash first, then Python's equality).
fn holds(entries: &[Option<(u64, V, V)>], i: usize, hash: u64, key: &V) -> bool {
    entries[i]
        .as_ref()
        .is_some_and(|(h, k, _)| *h == hash && py_eq(k, key))
}

/// The stored hash of entry `i` (what the table needs when it grows).
fn hash_at(entries: &[Option<(u64, V, V)>], i: usize) -> u64 {
    entries[i].as_ref().map_or(0, |(h, _, _)| *h)
}

/// An insertion-ordered hash map from Python keys to values.
#[derive(Clone, Debug, Default)]
pub struct PyDict {
    /// `(hash, key, value)` in insertion order; `None` where an entry was deleted.
    entries: Vec<Option<(u64, V, V)>>,
    /// Positions in `entries`, found by hash.
    table: HashTable<usize>,
    len: usize,
    /// `OrderedDict` or `defaultdict` (their repr, a default for missing keys); see
    /// `interp/modules/collections.rs`.
    pub flavor: Flavor,
}

/// The kind of a dict where it is not a plain one.
#[derive(Clone, Debug, Default)]
pub enum Flavor {
    #[default]
    Plain,
    Ordered,
    /// A `defaultdict` and its factory (`None` makes missing keys a KeyError).
    Default(V),
    /// A `collections.Counter` (missing keys count 0).
    Counter,
}

impl Drop for PyDict {
    fn drop(&mut self) {
        // Values that are containers go through `Items`' flat teardown.
        let deep = self.entries.iter().flatten().any(|(_, _, v)| {
            matches!(
                v,
                V::List(_) | V::Tuple(_) | V::Dict(_) | V::Set(_) | V::Instance(_)
            )
        });
        if deep {
            drop(super::value::Items(self.take_all()));
        }
    }
}

impl PyDict {
    pub fn new() -> PyDict {
        PyDict::default()
    }

    /// Builds a dict from pairs; a repeated key keeps its first position and its last value.
    pub fn from_pairs(pairs: Vec<(V, V)>) -> Result<PyDict, HashError> {
        let mut d = PyDict::new();
        for (k, v) in pairs {
            d.insert(k, v)?;
        }
        Ok(d)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// `(key, value)` pairs in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&V, &V)> {
        self.entries.iter().flatten().map(|(_, k, v)| (k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &V> {
        self.iter().map(|(k, _)| k)
    }

    /// The pairs, cloned.
    pub fn pairs(&self) -> Vec<(V, V)> {
        self.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    fn find(&self, hash: u64, key: &V) -> Option<usize> {
        let entries = &self.entries;
        self.table
            .find(hash, |&i| holds(entries, i, hash, key))
            .copied()
    }

    pub fn get(&self, key: &V) -> Result<Option<&V>, HashError> {
        let hash = py_hash(key)?;
        Ok(self
            .find(hash, key)
            .and_then(|i| self.entries[i].as_ref())
            .map(|(_, _, v)| v))
    }

    pub fn contains(&self, key: &V) -> Result<bool, HashError> {
        Ok(self.find(py_hash(key)?, key).is_some())
    }

    /// `d[key] = value`: an existing key keeps its place (and its original key object).
    pub fn insert(&mut self, key: V, value: V) -> Result<(), HashError> {
        let hash = py_hash(&key)?;
        if let Some(i) = self.find(hash, &key) {
            if let Some(e) = self.entries[i].as_mut() {
                e.2 = value;
            }
            return Ok(());
        }
        let at = self.entries.len();
        self.entries.push(Some((hash, key, value)));
        let entries = &self.entries;
        self.table.insert_unique(hash, at, |&i| hash_at(entries, i));
        self.len += 1;
        Ok(())
    }

    /// `d.pop(key)`: the removed pair, if the key was there.
    pub fn remove(&mut self, key: &V) -> Result<Option<(V, V)>, HashError> {
        let hash = py_hash(key)?;
        let entries = &self.entries;
        let found = self
            .table
            .find_entry(hash, |&i| holds(entries, i, hash, key));
        let Ok(slot) = found else { return Ok(None) };
        let (i, _) = slot.remove();
        let removed = self.entries[i].take().map(|(_, k, v)| (k, v));
        self.len -= 1;
        self.compact_if_sparse();
        Ok(removed)
    }

    /// Empties the dict, handing back its keys and values (for a teardown without recursion).
    pub fn take_all(&mut self) -> Vec<V> {
        self.table.clear();
        self.len = 0;
        let entries = std::mem::take(&mut self.entries);
        entries
            .into_iter()
            .flatten()
            .flat_map(|(_, k, v)| [k, v])
            .collect()
    }

    pub fn clear(&mut self) {
        *self = PyDict::new();
    }

    /// Rebuilds the entries without holes once more than half of them are holes.
    fn compact_if_sparse(&mut self) {
        if self.entries.len() < 16 || self.len * 2 > self.entries.len() {
            return;
        }
        let live = std::mem::take(&mut self.entries).into_iter().flatten();
        self.entries = live.map(Some).collect();
        self.rebuild_table();
    }

    fn rebuild_table(&mut self) {
        self.table.clear();
        let entries = &self.entries;
        for (i, e) in entries.iter().enumerate() {
            if let Some((h, _, _)) = e {
                self.table.insert_unique(*h, i, |&j| hash_at(entries, j));
            }
        }
    }

    /// Equality of two dicts (same keys, equal values), descending at most `depth` levels.
    pub fn eq_within(&self, other: &PyDict, depth: usize) -> Result<bool, TooDeep> {
        if self.len != other.len {
            return Ok(false);
        }
        for (k, v) in self.iter() {
            let Ok(hash) = py_hash(k) else {
                return Ok(false);
            };
            let Some(j) = other.find(hash, k) else {
                return Ok(false);
            };
            let Some((_, _, w)) = other.entries[j].as_ref() else {
                return Ok(false);
            };
            if !(super::value::same_object(v, w) || super::value::eq_within(v, w, depth)?) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Whether two sets hold the same keys.
    pub fn same_keys(&self, other: &PyDict) -> bool {
        self.len == other.len && self.keys().all(|k| other.contains(k).unwrap_or(false))
    }
}

#[cfg(test)]
mod tests {
    use super::{HashError, PyDict, py_hash};
    use crate::sandbox::value::V;

    #[test]
    fn equal_numbers_are_one_key() {
        let mut d = PyDict::new();
        for (k, v) in [(V::Int(1), "a"), (V::Float(1.0), "b"), (V::Bool(true), "c")] {
            assert_eq!(d.insert(k, V::str(v)), Ok(()));
        }
        assert_eq!(d.len(), 1);
        // The first key object stays; the last value wins, as in CPython.
        let (k, v) = d
            .iter()
            .next()
            .map(|(k, v)| (k.clone(), v.clone()))
            .unwrap_or((V::None, V::None));
        assert!(matches!(k, V::Int(1)));
        assert!(matches!(v, V::Str(s) if &*s == "c"));
        assert!(matches!(d.get(&V::Float(1.0)), Ok(Some(V::Str(_)))));
    }

    #[test]
    fn order_survives_deletes_and_compaction() {
        let mut d = PyDict::new();
        for i in 0..1000 {
            assert_eq!(d.insert(V::Int(i), V::Int(i * 10)), Ok(()));
        }
        for i in (0..1000).filter(|i| i % 3 != 0) {
            assert!(matches!(d.remove(&V::Int(i)), Ok(Some(_))));
        }
        assert_eq!(d.len(), 334);
        let keys: Vec<i64> = d
            .keys()
            .filter_map(|k| if let V::Int(i) = k { Some(*i) } else { None })
            .collect();
        assert_eq!(keys, (0..1000).filter(|i| i % 3 == 0).collect::<Vec<_>>());
        assert!(matches!(d.get(&V::Int(999)), Ok(Some(V::Int(9990)))));
        assert!(matches!(d.get(&V::Int(998)), Ok(None)));
    }

    #[test]
    fn unhashable_and_too_deep_keys_are_errors() {
        assert_eq!(
            py_hash(&V::list(vec![])),
            Err(HashError::Unhashable("list"))
        );
        let inner = V::tuple(vec![V::list(vec![])]);
        assert_eq!(py_hash(&inner), Err(HashError::Unhashable("list")));
        let mut deep = V::tuple(vec![]);
        for _ in 0..2000 {
            deep = V::tuple(vec![deep]);
        }
        assert_eq!(py_hash(&deep), Err(HashError::TooDeep));
        let mut d = PyDict::new();
        assert_eq!(d.insert(V::str("k"), V::None), Ok(()));
        assert!(d.contains(&V::str("k")).unwrap_or(false));
        assert!(!d.contains(&V::str("K")).unwrap_or(true));
    }
}
