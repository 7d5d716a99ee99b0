//! RSA signatures made by the browser's WebCrypto (`crypto.subtle.sign`), for the Encoder, which
//! signs again on every keystroke.
//!
//! An RSA-2048 signature costs the engine about 15 ms in this page's wasm, against about 1 ms for
//! WebCrypto, which also does the work off the page's thread. So the Encoder asks WebCrypto for
//! RS256/384/512 and PS256/384/512 signatures and builds the token from the engine's signing input
//! ([`sign::signing_input`](tokenlab_engine::sign::signing_input)); where WebCrypto is missing (not
//! a secure context) or refuses the key, the engine signs, as everywhere else. PKCS#1 v1.5
//! signatures are deterministic, so both give the same token; PSS signatures are randomised in
//! both (salt length = hash length, RFC 7518 §3.5).
//!
//! The key is imported once (PKCS#8 DER, not extractable) and kept, with the algorithm it was
//! imported for, until another key or algorithm is asked for.

use std::cell::{Cell, RefCell};

use tokenlab_engine::jwa::Alg;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::keygen::{js_object, subtle};

thread_local! {
    /// The last key imported: the algorithm it was imported for, its PKCS#8 DER, the key.
    static IMPORTED: RefCell<Option<(Alg, Vec<u8>, web_sys::CryptoKey)>> = const { RefCell::new(None) };
    /// How many times [`forget`] was called: an import that finishes after it is not kept.
    static FORGOTTEN: Cell<u64> = const { Cell::new(0) };
}

/// WebCrypto's hash name and PSS salt length (`None`: PKCS#1 v1.5) for an RSA JWS algorithm;
/// `None` for every other algorithm.
fn rsa_params(alg: Alg) -> Option<(&'static str, Option<u32>)> {
    Some(match alg {
        Alg::RS256 => ("SHA-256", None),
        Alg::RS384 => ("SHA-384", None),
        Alg::RS512 => ("SHA-512", None),
        Alg::PS256 => ("SHA-256", Some(32)),
        Alg::PS384 => ("SHA-384", Some(48)),
        Alg::PS512 => ("SHA-512", Some(64)),
        _ => return None,
    })
}

/// True when this page can ask WebCrypto for an `alg` signature (an RSA algorithm, in a secure
/// context).
pub fn signs(alg: Alg) -> bool {
    rsa_params(alg).is_some() && subtle().is_some()
}

fn scheme(pss: Option<u32>) -> &'static str {
    if pss.is_some() {
        "RSA-PSS"
    } else {
        "RSASSA-PKCS1-v1_5"
    }
}

/// The key for `alg`: the one imported last when it is the same, else `der` imported now.
async fn key_for(
    subtle: &web_sys::SubtleCrypto,
    alg: Alg,
    der: &[u8],
) -> Option<web_sys::CryptoKey> {
    let kept = IMPORTED.with_borrow(|k| {
        k.as_ref()
            .filter(|(a, d, _)| *a == alg && d == der)
            .map(|(_, _, key)| key.clone())
    });
    if kept.is_some() {
        return kept;
    }
    let (hash, pss) = rsa_params(alg)?;
    let forgotten = FORGOTTEN.get();
    let params = js_object(&[("name", scheme(pss).into()), ("hash", hash.into())]);
    let data = js_sys::Uint8Array::from(der);
    let usages = js_sys::Array::of1(&"sign".into());
    let promise = subtle
        .import_key_with_object("pkcs8", &data, &params, false, &usages)
        .ok()?;
    let key: web_sys::CryptoKey = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    // The Encoder closed meanwhile: its key is not kept.
    if FORGOTTEN.get() == forgotten {
        IMPORTED.set(Some((alg, der.to_vec(), key.clone())));
    }
    Some(key)
}

/// `data` signed with the RSA private key `der` (PKCS#8) for `alg` by WebCrypto; `None` when
/// WebCrypto is missing, `alg` is not an RSA algorithm, or WebCrypto refuses the key (the caller
/// then signs with the engine).
pub async fn sign_rsa(alg: Alg, der: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    let subtle = subtle()?;
    let (_, pss) = rsa_params(alg)?;
    let key = key_for(&subtle, alg, der).await?;
    let mut params = vec![("name", JsValue::from(scheme(pss)))];
    if let Some(salt) = pss {
        params.push(("saltLength", JsValue::from(salt)));
    }
    let promise = subtle
        .sign_with_object_and_u8_array(&js_object(&params), &key, data)
        .ok()?;
    let signature = JsFuture::from(promise).await.ok()?;
    Some(js_sys::Uint8Array::new(&signature).to_vec())
}

/// Forgets the imported key, and any import still running (the Encoder closed: like the
/// engine's keys, its key is not kept once it is closed).
pub fn forget() {
    IMPORTED.set(None);
    FORGOTTEN.set(FORGOTTEN.get().wrapping_add(1));
}

/// True when a key is kept from an earlier import (for tests).
pub fn holds_a_key() -> bool {
    IMPORTED.with_borrow(Option::is_some)
}
