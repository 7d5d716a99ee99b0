//! RSA's public operation, `s^e mod n`, for verifying RS256 / RS384 / RS512 signatures.
//!
//! Why by hand, when `rsa` verifies: `rsa` 0.9 raises to `e` with `num-bigint-dig`'s
//! `monty_modpow`, which walks a fixed 4-bit window over every bit of each digit of the exponent
//! and builds a 16-entry table first: for e = 65537 that is about 94 Montgomery products with
//! 64-bit digits and 54 with 32-bit ones, where square-and-multiply needs 17 and two conversions
//! (measured with `perf`, see bench/README.md). `crypto-bigint` 0.5 would need a fixed-size type
//! per key length and walks a constant-time window as well. Verifying handles only public values
//! (the key, the signature, the message), so a variable-time exponentiation leaks nothing.
//!
//! The limbs are 32-bit on every target, natively as in wasm, which has no 64 × 64 → 128-bit
//! multiply: the same code runs in the page and in the CLI, so the native tests (Wycheproof's
//! among them) check the very arithmetic the page runs. Natively, 64-bit limbs would need a
//! quarter of the limb products; the one code path was chosen over that, and a native RS256
//! verify still went from 323 µs (`rsa`) to 273 µs, the page's from 1012 to 304 µs.
//! Montgomery multiplication is the CIOS method (Koç, Acar, Kaliski, "Analyzing and Comparing
//! Montgomery Multiplication Algorithms", 1996). The tests compare it with `num-bigint-dig`'s
//! `modpow` on odd moduli of 33 to 4096 bits with e = 3, 65537 and 2³³ − 1, and every Wycheproof
//! RS256 / RS384 / RS512 case (2048, 3072 and 4096-bit keys) goes through it
//! (`tests/wycheproof.rs`). PS256 / PS384 / PS512 still verify through `rsa`, whose PSS encoding
//! check is not public.

use rsa::traits::PublicKeyParts;
use rsa::{BigUint, RsaPublicKey};

/// `signature^e mod n` as `n`'s byte length, big-endian; `None` when the signature, read as a
/// number, is not below `n` (RFC 8017 §5.2.2), when its length is not `n`'s byte length, or when
/// `n` is even (no RSA modulus is, and Montgomery's method needs an odd one).
pub(super) fn public_op(key: &RsaPublicKey, signature: &[u8]) -> Option<Vec<u8>> {
    let k = key.size();
    let n = limbs_be(&key.n().to_bytes_be());
    if signature.len() != k || n[0] & 1 == 0 {
        return None;
    }
    let s = limbs_be(signature);
    if !less_than(&s, &n) {
        return None;
    }
    let mont = Montgomery::new(n, key.n());
    let base = mont.mul(&s, &mont.rr);
    // Square-and-multiply from the exponent's top bit down.
    let e = key.e().to_bytes_be();
    let mut acc: Option<Vec<u32>> = None;
    for byte in e {
        for shift in (0..8).rev() {
            if let Some(a) = acc.as_mut() {
                *a = mont.mul(a, a);
            }
            if byte >> shift & 1 == 1 {
                acc = Some(match acc {
                    Some(a) => mont.mul(&a, &base),
                    None => base.clone(),
                });
            }
        }
    }
    let mut one = vec![0; mont.n.len()];
    one[0] = 1;
    let m = mont.mul(&acc.unwrap_or_else(|| mont.mul(&one, &mont.rr)), &one);
    let mut out = vec![0u8; k];
    for (i, byte) in out.iter_mut().rev().enumerate() {
        *byte = (m.get(i / 4).copied().unwrap_or(0) >> (8 * (i % 4))) as u8;
    }
    Some(out)
}

/// Big-endian bytes as 32-bit limbs, least significant first (at least one).
fn limbs_be(be: &[u8]) -> Vec<u32> {
    let mut out: Vec<u32> = be
        .rchunks(4)
        .map(|c| c.iter().fold(0, |acc, &b| acc << 8 | u32::from(b)))
        .collect();
    if out.is_empty() {
        out.push(0);
    }
    out
}

/// `a < b` for limb slices (`a` may be longer than `b` only by zero limbs).
fn less_than(a: &[u32], b: &[u32]) -> bool {
    if a.len() > b.len() && a[b.len()..].iter().any(|&l| l != 0) {
        return false;
    }
    for i in (0..b.len()).rev() {
        let x = a.get(i).copied().unwrap_or(0);
        if x != b[i] {
            return x < b[i];
        }
    }
    false
}

/// Montgomery arithmetic modulo an odd `n` with R = 2^(32·len).
struct Montgomery {
    n: Vec<u32>,
    /// -n⁻¹ mod 2³².
    n0inv: u32,
    /// R² mod n, which takes a number into Montgomery form.
    rr: Vec<u32>,
}

impl Montgomery {
    fn new(n: Vec<u32>, n_big: &BigUint) -> Self {
        // Newton's iteration doubles the correct low bits each step: 1 → 2 → 4 → … → 32 (n is
        // odd, so n·1 ≡ 1 mod 2 to start).
        let mut inv: u32 = 1;
        for _ in 0..5 {
            inv = inv.wrapping_mul(2u32.wrapping_sub(n[0].wrapping_mul(inv)));
        }
        let rr = (BigUint::from(1u32) << (64 * n.len())) % n_big;
        let mut rr = limbs_be(&rr.to_bytes_be());
        rr.resize(n.len(), 0);
        Montgomery {
            n0inv: inv.wrapping_neg(),
            rr,
            n,
        }
    }

    /// `a · b · R⁻¹ mod n`, for `a`, `b` below `n`; the result is below `n`.
    fn mul(&self, a: &[u32], b: &[u32]) -> Vec<u32> {
        let n = &self.n;
        let len = n.len();
        // t has two limbs more than n: the sums below stay under 2n·R before each shift.
        let mut t = vec![0u32; len + 2];
        for &bi in b.iter().take(len) {
            // t += a · b[i]. Each step's sum is at most (2³² − 1)² + 2·(2³² − 1) = 2⁶⁴ − 1.
            let bi = u64::from(bi);
            let mut carry = 0u64;
            for (tj, &aj) in t.iter_mut().zip(a) {
                let sum = u64::from(*tj) + u64::from(aj) * bi + carry;
                *tj = sum as u32;
                carry = sum >> 32;
            }
            let sum = u64::from(t[len]) + carry;
            t[len] = sum as u32;
            t[len + 1] = (sum >> 32) as u32;
            // t += m · n with m chosen so that t's lowest limb becomes 0, then t is shifted down
            // by one limb. (Iterators and a shift after the loop: written with indexing, this
            // loop made a native RS256 verify take 700 µs instead of 273 at the release profile's
            // opt-level "z".)
            let m = u64::from(t[0].wrapping_mul(self.n0inv));
            let mut carry = 0u64;
            for (tj, &nj) in t.iter_mut().zip(n) {
                let sum = u64::from(*tj) + m * u64::from(nj) + carry;
                *tj = sum as u32;
                carry = sum >> 32;
            }
            let sum = u64::from(t[len]) + carry;
            t[len] = sum as u32;
            t[len + 1] += (sum >> 32) as u32;
            t.copy_within(1.., 0);
            t[len + 1] = 0;
        }
        // t < 2n: one subtraction at most.
        t.truncate(len + 1);
        if !less_than(&t, n) {
            let mut borrow = 0i64;
            for (j, tj) in t.iter_mut().enumerate() {
                let diff = i64::from(*tj) - i64::from(n.get(j).copied().unwrap_or(0)) + borrow;
                *tj = diff as u32;
                borrow = diff >> 32;
            }
        }
        t.truncate(len);
        t
    }
}

#[cfg(test)]
#[allow(clippy::panic)] // tests report failures by panicking
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The reference: `num-bigint-dig`'s `modpow`, which `rsa` verifies with.
    fn reference(key: &RsaPublicKey, signature: &[u8]) -> Vec<u8> {
        let m = BigUint::from_bytes_be(signature).modpow(key.e(), key.n());
        let bytes = m.to_bytes_be();
        let mut out = vec![0u8; key.size() - bytes.len()];
        out.extend(bytes);
        out
    }

    /// `len` deterministic bytes.
    fn bytes(seed: &str, len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len + 32);
        let mut block = 0u32;
        while out.len() < len {
            out.extend(Sha256::digest(format!("{seed}/{block}")));
            block += 1;
        }
        out.truncate(len);
        out
    }

    /// Odd moduli of awkward and usual sizes (the arithmetic does not need primes), with small,
    /// usual and the largest exponents `rsa` accepts.
    fn keys() -> Vec<RsaPublicKey> {
        let mut keys = Vec::new();
        for bits in [
            33usize, 64, 65, 100, 521, 1023, 1024, 2047, 2048, 3072, 4096,
        ] {
            let mut n = bytes(&format!("n{bits}"), bits.div_ceil(8));
            let top = (bits - 1) % 8;
            n[0] = (n[0] & ((1u16 << (top + 1)) - 1) as u8) | 1 << top;
            *n.last_mut().unwrap() |= 1;
            for e in [3u64, 65537, (1 << 33) - 1] {
                // (Unchecked: `rsa` refuses an e above n, which the smallest n here is not.)
                keys.push(RsaPublicKey::new_unchecked(
                    BigUint::from_bytes_be(&n),
                    BigUint::from(e),
                ));
            }
        }
        keys
    }

    #[test]
    fn equals_the_reference_for_every_key_size_and_exponent() {
        for key in keys() {
            let k = key.size();
            let what = format!("{}-bit n, e = {}", key.n().bits(), key.e());
            let n_minus_1 = (key.n() - BigUint::from(1u32)).to_bytes_be();
            let mut inputs = vec![vec![0u8; k], n_minus_1];
            inputs[0][k - 1] = 1;
            inputs.push(vec![0u8; k]);
            for round in 0..4 {
                // Below n: the top byte kept under n's.
                let mut s = bytes(&format!("s{round}{what}"), k);
                s[0] = key.n().to_bytes_be()[0].saturating_sub(1).min(s[0]);
                inputs.push(s);
            }
            for s in inputs {
                let mut s = s;
                if s.len() < k {
                    s.splice(0..0, std::iter::repeat_n(0, k - s.len()));
                }
                assert_eq!(
                    public_op(&key, &s),
                    Some(reference(&key, &s)),
                    "{what}, s = {s:02x?}"
                );
            }
        }
    }

    #[test]
    fn refuses_a_signature_not_below_n_or_of_the_wrong_length() {
        for key in keys().into_iter().step_by(3) {
            let n = key.n().to_bytes_be();
            assert_eq!(public_op(&key, &n), None, "s = n");
            assert_eq!(public_op(&key, &vec![0xff; key.size()]), None, "s > n");
            assert_eq!(public_op(&key, &n[1..]), None, "one byte short");
            let mut long = vec![0u8];
            long.extend(&n);
            long[1] = 0;
            assert_eq!(
                public_op(&key, &long),
                None,
                "one byte long (its value below n)"
            );
        }
    }
}
