//! The classroom: exam results files, class reports over them, and Moodle GIFT import and
//! export. Per-student variants are part of the quiz format (`content::variant`), since `check`
//! proves them; exams record which variant each student got. No terminal, no clock: callers
//! pass times in.

pub mod gift;
pub mod report;
pub mod results;

/// The questions (indices into the quiz, in quiz order) of a seeded subset of `k` of `n`.
pub fn subset(quiz_id: &str, n: usize, k: Option<usize>, seed: u64) -> Vec<usize> {
    let mut all: Vec<usize> = (0..n).collect();
    let Some(k) = k.filter(|&k| k < n) else {
        return all;
    };
    let mut state = seed ^ crate::content::variant::fnv1a(quiz_id) ^ 0x5355_4253_4554;
    // Fisher-Yates with SplitMix64, then the first k back in quiz order.
    for i in (1..n).rev() {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        all.swap(i, (z % (i as u64 + 1)) as usize);
    }
    all.truncate(k);
    all.sort_unstable();
    all
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_subset_is_fixed_by_the_seed_and_varies_with_it() {
        let a = super::subset("q", 10, Some(4), 1);
        assert_eq!(a, super::subset("q", 10, Some(4), 1));
        assert_eq!(a.len(), 4);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        let distinct: std::collections::HashSet<Vec<usize>> = (0..50)
            .map(|s| super::subset("q", 10, Some(4), s))
            .collect();
        assert!(distinct.len() > 20, "{}", distinct.len());
        assert_eq!(super::subset("q", 3, Some(5), 1), [0, 1, 2]);
        assert_eq!(super::subset("q", 3, None, 1), [0, 1, 2]);
    }
}
