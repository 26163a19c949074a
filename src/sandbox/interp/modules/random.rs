//! `random`, bit for bit as CPython 3.11 draws it: the Mersenne Twister (MT19937) seeded with
//! `init_by_array` from the integer seed's 32-bit words, `random()` from two draws (53 bits),
//! and `randrange`/`randint`/`choice`/`shuffle`/`sample` through CPython's `_randbelow` (draw
//! `k = n.bit_length()` bits, retry while the result is `>= n`). A run that draws numbers before
//! seeding gets a `SandboxError`: Python's seed would come from the OS, so no output could match.

use super::{Ev, Ex, Ext, Kw, ext, raise};
use crate::sandbox::value::V;
use std::cell::RefCell;

const N: usize = 624;
const M: usize = 397;

/// Methods of a `random.Random` instance.
pub const METHODS: &[&str] = &[
    "seed",
    "random",
    "randint",
    "randrange",
    "choice",
    "shuffle",
    "uniform",
    "sample",
    "gauss",
    "getrandbits",
];

/// A Mersenne Twister state plus `gauss`'s saved second value, as CPython's `Random` holds.
#[derive(Debug, Clone)]
pub struct Generator {
    mt: Box<[u32; N]>,
    index: usize,
    gauss_next: Option<f64>,
}

impl Generator {
    /// `random.seed(n)` for an int `n` (CPython uses `abs(n)`).
    pub fn from_seed(seed: i64) -> Generator {
        let mut n = seed.unsigned_abs();
        let mut key = Vec::new();
        while n > 0 {
            key.push(n as u32);
            n >>= 32;
        }
        if key.is_empty() {
            key.push(0);
        }
        let mut g = Generator {
            mt: Box::new([0; N]),
            index: N,
            gauss_next: None,
        };
        g.init_by_array(&key);
        g
    }

    fn init_genrand(&mut self, s: u32) {
        self.mt[0] = s;
        for i in 1..N {
            let prev = self.mt[i - 1];
            self.mt[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
        }
        self.mt[0] = 0x8000_0000;
    }

    fn twist(&mut self) {
        for k in 0..N {
            let y = (self.mt[k] & 0x8000_0000) | (self.mt[(k + 1) % N] & 0x7fff_ffff);
            let mag = if y & 1 == 1 { 0x9908_b0df } else { 0 };
            self.mt[k] = self.mt[(k + M) % N] ^ (y >> 1) ^ mag;
        }
        self.index = 0;
    }

    /// One 32-bit draw.
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.mt[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random.random()`: 53 random bits in [0, 1).
    pub fn random(&mut self) -> f64 {
        let a = f64::from(self.next_u32() >> 5);
        let b = f64::from(self.next_u32() >> 6);
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)` for `k <= 63` (the words are assembled little end first, as CPython's).
    pub fn getrandbits(&mut self, k: u32) -> u64 {
        if k <= 32 {
            return u64::from(self.next_u32() >> (32 - k.max(1))) & mask(k);
        }
        let low = u64::from(self.next_u32());
        let high = u64::from(self.next_u32() >> (64 - k));
        low | (high << 32)
    }

    /// `_randbelow(n)` for `n >= 1`.
    pub fn below(&mut self, n: u64) -> u64 {
        let k = 64 - n.leading_zeros();
        loop {
            let r = self.getrandbits(k);
            if r < n {
                return r;
            }
        }
    }

    /// `gauss(mu, sigma)`: Box–Muller with the second value kept for the next call.
    pub fn gauss(&mut self, mu: f64, sigma: f64) -> f64 {
        let z = match self.gauss_next.take() {
            Some(z) => z,
            None => {
                let x2pi = self.random() * std::f64::consts::TAU;
                let g2rad = (-2.0 * (1.0 - self.random()).ln()).sqrt();
                self.gauss_next = Some(x2pi.sin() * g2rad);
                x2pi.cos() * g2rad
            }
        };
        mu + z * sigma
    }
}

fn mask(k: u32) -> u64 {
    if k >= 64 { u64::MAX } else { (1u64 << k) - 1 }
}

impl Ev<'_> {
    /// A function of the `random` module (`own` is None) or a method of a `Random` instance.
    pub fn call_random(
        &mut self,
        own: Option<&RefCell<Generator>>,
        f: &str,
        pos: Vec<V>,
        _kw: Kw,
    ) -> Ex<V> {
        match f {
            "Random" => {
                let seed = self.seed_arg(pos.first())?;
                return Ok(ext(Ext::Random(RefCell::new(Generator::from_seed(seed)))));
            }
            "seed" => {
                let seed = self.seed_arg(pos.first())?;
                let g = Generator::from_seed(seed);
                match own {
                    Some(cell) => *cell.borrow_mut() = g,
                    None => self.rt.ext.random = Some(g),
                }
                return Ok(V::None);
            }
            _ => {}
        }
        match own {
            Some(cell) => {
                let mut g = cell.borrow().clone();
                let r = self.draw(&mut g, f, pos);
                *cell.borrow_mut() = g;
                r
            }
            None => {
                let Some(mut g) = self.rt.ext.random.take() else {
                    return raise(
                        self.rt,
                        "SandboxError",
                        format!(
                            "random.{f}() before random.seed(n) (line {}): Python would seed from the operating system, which lrtutor's sandbox does not model; call random.seed(n) first",
                            self.rt.line
                        ),
                    );
                };
                let r = self.draw(&mut g, f, pos);
                self.rt.ext.random = Some(g);
                r
            }
        }
    }

    /// The int seed of `random.seed(n)` / `Random(n)`; other kinds of seed are not modelled.
    fn seed_arg(&mut self, v: Option<&V>) -> Ex<i64> {
        match v {
            Some(V::Int(i)) => Ok(*i),
            Some(V::Bool(b)) => Ok(i64::from(*b)),
            other => raise(
                self.rt,
                "SandboxError",
                format!(
                    "seeding random with {} is not modelled in lrtutor's sandbox (line {}): use an int seed",
                    other.map_or("nothing (the OS's entropy)", V::type_name),
                    self.rt.line
                ),
            ),
        }
    }

    fn draw(&mut self, g: &mut Generator, f: &str, pos: Vec<V>) -> Ex<V> {
        match f {
            "random" => Ok(V::Float(g.random())),
            "uniform" => {
                let a = self.float_arg(pos.first())?;
                let b = self.float_arg(pos.get(1))?;
                Ok(V::Float(a + (b - a) * g.random()))
            }
            "gauss" => {
                let mu = pos.first().map_or(Ok(0.0), |v| self.float_arg(Some(v)))?;
                let sigma = pos.get(1).map_or(Ok(1.0), |v| self.float_arg(Some(v)))?;
                Ok(V::Float(g.gauss(mu, sigma)))
            }
            "getrandbits" => {
                let k = self.int_arg(pos.first())?;
                if !(0..=63).contains(&k) {
                    return self.not_modelled("getrandbits with k outside 0..63");
                }
                Ok(V::Int(if k == 0 {
                    0
                } else {
                    g.getrandbits(k as u32) as i64
                }))
            }
            "randint" => {
                let a = self.int_arg(pos.first())?;
                let b = self.int_arg(pos.get(1))?;
                self.randrange(g, a, b.saturating_add(1), 1)
            }
            "randrange" => {
                let ints: Vec<i64> = pos
                    .iter()
                    .map(|p| self.int_arg(Some(p)))
                    .collect::<Ex<_>>()?;
                match ints.as_slice() {
                    [stop] => {
                        if *stop > 0 {
                            Ok(V::Int(g.below(*stop as u64) as i64))
                        } else {
                            raise(self.rt, "ValueError", "empty range for randrange()")
                        }
                    }
                    [a, b] => self.randrange(g, *a, *b, 1),
                    [a, b, s] => self.randrange(g, *a, *b, *s),
                    _ => raise(
                        self.rt,
                        "TypeError",
                        format!(
                            "Random.randrange() takes from 2 to 4 positional arguments but {} were given",
                            ints.len() + 1
                        ),
                    ),
                }
            }
            "choice" => {
                let seq = pos.first().cloned().unwrap_or(V::None);
                let items = self.sequence(&seq)?;
                if items.is_empty() {
                    return raise(
                        self.rt,
                        "IndexError",
                        "Cannot choose from an empty sequence",
                    );
                }
                Ok(items[g.below(items.len() as u64) as usize].clone())
            }
            "shuffle" => {
                let Some(V::List(l)) = pos.first() else {
                    return self.not_modelled("shuffle of anything but a list");
                };
                let mut items = l.borrow_mut();
                for i in (1..items.len()).rev() {
                    let j = g.below(i as u64 + 1) as usize;
                    items.swap(i, j);
                }
                Ok(V::None)
            }
            "sample" => self.sample(g, pos),
            _ => self.not_modelled(&format!("random.{f}")),
        }
    }

    /// `randrange(start, stop, step)` with CPython 3.11's arithmetic and messages.
    fn randrange(&mut self, g: &mut Generator, a: i64, b: i64, step: i64) -> Ex<V> {
        let width = i128::from(b) - i128::from(a);
        if step == 1 {
            if width > 0 {
                return Ok(V::Int(a + g.below(width as u64) as i64));
            }
            let msg = format!("empty range for randrange() ({a}, {b}, {width})");
            return raise(self.rt, "ValueError", msg);
        }
        if step == 0 {
            return raise(self.rt, "ValueError", "zero step for randrange()");
        }
        let s = i128::from(step);
        let n = if s > 0 {
            (width + s - 1).div_euclid(s)
        } else {
            (width + s + 1).div_euclid(s)
        };
        if n <= 0 {
            return raise(self.rt, "ValueError", "empty range for randrange()");
        }
        Ok(V::Int(a + step * g.below(n as u64) as i64))
    }

    /// `random.sample(population, k)` (CPython 3.11: a pool for small populations, else a set
    /// of picked positions).
    fn sample(&mut self, g: &mut Generator, pos: Vec<V>) -> Ex<V> {
        let pop = pos.first().cloned().unwrap_or(V::None);
        if matches!(pop, V::Set(_) | V::Dict(_)) {
            return raise(
                self.rt,
                "TypeError",
                "Population must be a sequence.  For dicts or sets, use sorted(d).",
            );
        }
        let items = self.sequence(&pop)?;
        let k = self.int_arg(pos.get(1))?;
        let n = items.len();
        if k < 0 || k as usize > n {
            return raise(
                self.rt,
                "ValueError",
                "Sample larger than population or is negative",
            );
        }
        let k = k as usize;
        let mut setsize = 21usize;
        if k > 5 {
            let e = ((k * 3) as f64).ln() / 4f64.ln();
            setsize += 4usize.pow(e.ceil() as u32);
        }
        let mut out = Vec::with_capacity(k);
        if n <= setsize {
            let mut pool = items;
            for i in 0..k {
                let j = g.below((n - i) as u64) as usize;
                out.push(pool[j].clone());
                pool[j] = pool[n - i - 1].clone();
            }
        } else {
            let mut picked = std::collections::HashSet::new();
            for _ in 0..k {
                let mut j = g.below(n as u64) as usize;
                while picked.contains(&j) {
                    j = g.below(n as u64) as usize;
                }
                picked.insert(j);
                out.push(items[j].clone());
            }
        }
        Ok(V::list(out))
    }

    /// The items of a sequence argument (list, tuple, range, str).
    fn sequence(&mut self, v: &V) -> Ex<Vec<V>> {
        match v {
            V::List(_) | V::Tuple(_) | V::Range(..) | V::Str(_) => self.iterate(v),
            _ => self.not_modelled(&format!("random with a {} argument", v.type_name())),
        }
    }

    fn int_arg(&mut self, v: Option<&V>) -> Ex<i64> {
        match v {
            Some(V::Int(i)) => Ok(*i),
            Some(V::Bool(b)) => Ok(i64::from(*b)),
            Some(other) => {
                let what = format!(
                    "random with a {} where an int is expected",
                    other.type_name()
                );
                self.not_modelled(&what)
            }
            None => raise(self.rt, "TypeError", "missing a required argument"),
        }
    }

    fn float_arg(&mut self, v: Option<&V>) -> Ex<f64> {
        match v.and_then(V::num) {
            Some(n) => Ok(n.f()),
            None => {
                let what = format!(
                    "random with a {} where a number is expected",
                    v.map_or("missing value", V::type_name)
                );
                self.not_modelled(&what)
            }
        }
    }

    /// The sandbox's error for a part of a module it does not model.
    pub fn not_modelled<T>(&mut self, what: &str) -> Ex<T> {
        let msg = format!(
            "{what} is not modelled in lrtutor's sandbox (line {})",
            self.rt.line
        );
        raise(self.rt, "SandboxError", msg)
    }
}

#[cfg(test)]
mod tests {
    use super::Generator;

    /// Values printed by CPython 3.11 (`random.seed(s); random.random()` / `getrandbits(32)`).
    #[test]
    fn matches_cpython() {
        let cases: &[(i64, f64)] = &[
            (0, 0.8444218515250481),
            (42, 0.6394267984578837),
            (1, 0.13436424411240122),
            (-7, 0.32383276483316237),
            (12_345_678_901_234, 0.02504137575317178),
        ];
        for (seed, want) in cases {
            assert_eq!(Generator::from_seed(*seed).random(), *want, "seed {seed}");
        }
    }
}
