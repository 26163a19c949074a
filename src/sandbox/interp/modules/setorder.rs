//! The order CPython 3.11 iterates (and prints) a set of ints in: its hash table's slot order.
//! An int hashes to itself (modulo 2**61 - 1), so that order is deterministic and learners see
//! it (`{10, 20, 30} ^ {20, 30, 40}` prints `{40, 10}`). The table is rebuilt here by inserting
//! the set's ints in the sandbox's order with CPython's probing (9 linear probes, then
//! perturbation) and growth (resize to 4 × used when 5 × fill ≥ 3 × mask). Sets holding other
//! keys keep insertion order (CPython randomises str hashes per process anyway).

use crate::sandbox::value::V;

const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;
const MODULUS: i128 = (1 << 61) - 1;

/// CPython's `hash(n)` for an int.
fn int_hash(n: i64) -> u64 {
    let m = i128::from(n).rem_euclid(MODULUS);
    let h = if n < 0 {
        -((-i128::from(n)) % MODULUS)
    } else {
        m
    };
    let h = if h == -1 { -2 } else { h };
    h as i64 as u64
}

/// Slot for `hash` in a table with `mask` (every slot of `table` that is `Some` is taken).
fn free_slot(table: &[Option<usize>], mask: usize, hash: u64) -> usize {
    let mut perturb = hash;
    let mut i = (hash as usize) & mask;
    loop {
        if table[i].is_none() {
            return i;
        }
        if i + LINEAR_PROBES <= mask {
            for j in 1..=LINEAR_PROBES {
                if table[i + j].is_none() {
                    return i + j;
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i
            .wrapping_mul(5)
            .wrapping_add(1)
            .wrapping_add(perturb as usize))
            & mask;
    }
}

/// The keys in CPython's iteration order when they are all ints (bools count as ints);
/// otherwise `None`.
pub fn int_set_order(keys: &[V]) -> Option<Vec<V>> {
    let hashes: Vec<u64> = keys
        .iter()
        .map(|k| match k {
            V::Int(i) => Some(int_hash(*i)),
            V::Bool(b) => Some(u64::from(*b)),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let mut table: Vec<Option<usize>> = vec![None; 8];
    let mut used = 0usize;
    for (k, h) in hashes.iter().enumerate() {
        let mask = table.len() - 1;
        let slot = free_slot(&table, mask, *h);
        table[slot] = Some(k);
        used += 1;
        if used * 5 >= mask * 3 {
            let minused = if used > 50_000 { used * 2 } else { used * 4 };
            let mut size = 8;
            while size <= minused {
                size <<= 1;
            }
            let old = std::mem::replace(&mut table, vec![None; size]);
            for k in old.into_iter().flatten() {
                let slot = free_slot(&table, size - 1, hashes[k]);
                table[slot] = Some(k);
            }
        }
    }
    Some(
        table
            .into_iter()
            .flatten()
            .map(|k| keys[k].clone())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::int_set_order;
    use crate::sandbox::value::V;

    /// Orders printed by CPython 3.11 for sets built by inserting these ints in this order.
    #[test]
    fn matches_cpython() {
        let cases: &[(&[i64], &[i64])] = &[
            (&[10, 40], &[40, 10]),
            (&[10, 20, 30, 40], &[40, 10, 20, 30]),
            (&[3, 1, 2], &[1, 2, 3]),
            (&[100, 5, 64, -1], &[64, 100, 5, -1]),
            (&[0, 8, 16, 24, 32], &[0, 32, 8, 16, 24]),
        ];
        for (input, want) in cases {
            let keys: Vec<V> = input.iter().map(|i| V::Int(*i)).collect();
            let got: Vec<i64> = int_set_order(&keys)
                .unwrap_or_default()
                .iter()
                .map(|v| if let V::Int(i) = v { *i } else { 0 })
                .collect();
            assert_eq!(&got, want, "{input:?}");
        }
    }
}
