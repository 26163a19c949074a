//! MultiStepLR's milestones: a `collections.Counter` (milestone → how many times it was given),
//! kept in insertion order for printing, with a hash index so that neither building it from a
//! million milestones nor looking up the current epoch at every step walks the whole list.

use crate::engine::Num;
use std::collections::HashMap;

/// Below this many distinct milestones a scan is faster than hashing.
const SCAN_MAX: usize = 16;

/// A milestone as a hash key: equal numbers (`3 == 3.0`) give equal keys, as in a Counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key {
    Int(i64),
    Bits(u64),
}

fn key(n: Num) -> Key {
    match n {
        Num::Int(i) => Key::Int(i),
        Num::Float(x) if x.fract() == 0.0 && x.abs() < 9.2e18 => Key::Int(x as i64),
        Num::Float(x) => Key::Bits(x.to_bits()),
    }
}

#[derive(Clone, Debug, Default)]
pub struct Milestones {
    counts: Vec<(Num, i64)>,
    /// Position in `counts` of each milestone, once there are more than [`SCAN_MAX`].
    index: Option<HashMap<Key, usize>>,
}

impl Milestones {
    /// Counts one more occurrence of `m`.
    pub fn add(&mut self, m: Num) {
        match self.find(m) {
            Some(i) => self.counts[i].1 += 1,
            None => {
                self.counts.push((m, 1));
                let at = self.counts.len() - 1;
                if let Some(index) = &mut self.index {
                    index.insert(key(m), at);
                } else if self.counts.len() > SCAN_MAX {
                    self.build_index();
                }
            }
        }
    }

    fn build_index(&mut self) {
        let index = self
            .counts
            .iter()
            .enumerate()
            .map(|(i, (m, _))| (key(*m), i));
        self.index = Some(index.collect());
    }

    fn find(&self, m: Num) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(&key(m)).copied(),
            None => self.counts.iter().position(|(k, _)| k.eq(m)),
        }
    }

    /// How many times `epoch` is a milestone (0 if it is not one).
    pub fn count_at(&self, epoch: Num) -> i64 {
        self.find(epoch).map_or(0, |i| self.counts[i].1)
    }

    /// `(milestone, count)` in insertion order.
    pub fn counts(&self) -> &[(Num, i64)] {
        &self.counts
    }
}

impl From<Vec<(Num, i64)>> for Milestones {
    fn from(counts: Vec<(Num, i64)>) -> Self {
        let mut m = Milestones::default();
        for (k, n) in counts {
            let before = m.count_at(k);
            m.add(k);
            if let Some(i) = m.find(k) {
                m.counts[i].1 = before + n;
            }
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::Milestones;
    use crate::engine::Num::{Float, Int};

    #[test]
    fn counts_like_a_counter_small_and_large() {
        for n in [3_i64, 100_000] {
            let mut m = Milestones::default();
            for i in 0..n {
                m.add(Int(i));
            }
            m.add(Float(2.0));
            assert_eq!(m.counts().len(), n as usize);
            assert_eq!(m.count_at(Int(2)), 2);
            assert_eq!(m.count_at(Float(1.0)), 1);
            assert_eq!(m.count_at(Float(1.5)), 0);
            assert_eq!(m.count_at(Int(n)), 0);
        }
    }
}
