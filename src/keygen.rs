//! Key generation that never blocks the page (PRODUCT.md E4).
//!
//! RSA, EC and Ed25519 key pairs are made by the browser's WebCrypto (`crypto.subtle.generateKey`),
//! which does the work off the page's thread and hands back a promise; the private key is exported
//! as PKCS#8 and read by the engine ([`pem::parse_pkcs8_der`]), so from there on it is an ordinary
//! engine [`Key`]. HMAC secrets are 32 to 64 random bytes from the engine ([`keys::generate`]),
//! which is instant.
//!
//! Where WebCrypto is missing (a page served over plain `http://` from another machine is not a
//! secure context) or refuses a kind, the engine generates the key in this tab instead. That is
//! quick for EC and Ed25519 but pauses the page for RSA, so the caller shows the progress state
//! first ([`generate`] yields to the browser before it starts).
//!
//! Why not a Web Worker running the engine: creating a worker, even from a `blob:` URL, is a
//! request the browser (and our zero-request test, PRODUCT.md H3) sees after load, a worker script
//! cannot be loaded from a page opened from disk (H2), and a second wasm binary would roughly double
//! the download. WebCrypto has none of these costs.

use rand_core::OsRng;
use tokenlab_engine::keys::{self, Key, KeyError, KeyGenKind};
use tokenlab_engine::pem;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::browser;

/// Which code made a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Generator {
    /// The browser's WebCrypto, off the page's thread.
    WebCrypto,
    /// Tokenlab's engine, in this tab.
    Engine,
}

impl Generator {
    /// Words for the status line: "by the browser's WebCrypto".
    pub fn label(self) -> &'static str {
        match self {
            Generator::WebCrypto => "by the browser's WebCrypto",
            Generator::Engine => "by Tokenlab's engine",
        }
    }
}

/// A freshly generated key.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The key (private half for key pairs).
    pub key: Key,
    /// Which code made it.
    pub via: Generator,
    /// Wall-clock time from request to key, in milliseconds.
    pub took_ms: f64,
}

/// The WebCrypto algorithm object for a kind; `None` for HMAC secrets (made by the engine).
fn webcrypto_params(kind: KeyGenKind) -> Option<js_sys::Object> {
    let rsa_bits = match kind {
        KeyGenKind::Rsa2048 => Some(2048),
        KeyGenKind::Rsa3072 => Some(3072),
        KeyGenKind::Rsa4096 => Some(4096),
        _ => None,
    };
    if let Some(bits) = rsa_bits {
        return Some(js_object(&[
            ("name", "RSASSA-PKCS1-v1_5".into()),
            ("modulusLength", JsValue::from(bits)),
            // e = 65537, as the engine uses.
            (
                "publicExponent",
                js_sys::Uint8Array::from(&[1u8, 0, 1][..]).into(),
            ),
            ("hash", "SHA-256".into()),
        ]));
    }
    let curve = match kind {
        KeyGenKind::P256 => "P-256",
        KeyGenKind::P384 => "P-384",
        KeyGenKind::P521 => "P-521",
        KeyGenKind::Ed25519 => return Some(js_object(&[("name", "Ed25519".into())])),
        _ => return None,
    };
    Some(js_object(&[
        ("name", "ECDSA".into()),
        ("namedCurve", curve.into()),
    ]))
}

/// A plain JavaScript object with these members (WebCrypto's algorithm parameters).
pub(crate) fn js_object(members: &[(&str, JsValue)]) -> js_sys::Object {
    let o = js_sys::Object::new();
    for (k, v) in members {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

/// `crypto.subtle`, when this page may use it (secure contexts only).
pub(crate) fn subtle() -> Option<web_sys::SubtleCrypto> {
    let window = web_sys::window()?;
    let crypto = window.crypto().ok()?;
    let subtle = js_sys::Reflect::get(&crypto, &JsValue::from_str("subtle")).ok()?;
    if subtle.is_undefined() || subtle.is_null() {
        return None;
    }
    subtle.dyn_into().ok()
}

/// Generates with WebCrypto; `None` when WebCrypto is unavailable or refuses the kind (the caller
/// then falls back to the engine).
async fn via_webcrypto(kind: KeyGenKind) -> Option<Result<Key, KeyError>> {
    let params = webcrypto_params(kind)?;
    let subtle = subtle()?;
    let usages = js_sys::Array::of2(&"sign".into(), &"verify".into());
    let promise = subtle
        .generate_key_with_object(&params, true, &usages)
        .ok()?;
    let pair = JsFuture::from(promise).await.ok()?;
    let private: web_sys::CryptoKey = js_sys::Reflect::get(&pair, &JsValue::from_str("privateKey"))
        .ok()?
        .dyn_into()
        .ok()?;
    let exported = JsFuture::from(subtle.export_key("pkcs8", &private).ok()?)
        .await
        .ok()?;
    let der = js_sys::Uint8Array::new(&exported).to_vec();
    Some(pem::parse_pkcs8_der(&der))
}

/// True when this kind is generated off the page's thread here (WebCrypto is available and the
/// kind is an asymmetric one); false means the engine does it in this tab.
pub fn off_thread(kind: KeyGenKind) -> bool {
    webcrypto_params(kind).is_some() && subtle().is_some()
}

/// Generates a key of `kind`: WebCrypto where possible, else the engine (after yielding once so
/// the progress state is painted first).
pub async fn generate(kind: KeyGenKind) -> Result<Generated, KeyError> {
    let started = browser::now_ms();
    if let Some(result) = via_webcrypto(kind).await {
        return result.map(|key| Generated {
            key,
            via: Generator::WebCrypto,
            took_ms: browser::now_ms() - started,
        });
    }
    browser::sleep_ms(30).await;
    let key = keys::generate(kind, &mut OsRng)?;
    Ok(Generated {
        key,
        via: Generator::Engine,
        took_ms: browser::now_ms() - started,
    })
}
