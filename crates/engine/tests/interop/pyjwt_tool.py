#!/usr/bin/env python3
"""PyJWT + cryptography: the independent JOSE implementation behind crates/engine/tests/interop.rs.

Reads one JSON array of requests on standard input and writes one JSON array of answers (same
order) on standard output, so the Rust test starts Python once per run. Requests:

  {"op": "versions"}
      -> {"pyjwt": "2.x", "cryptography": "4x"}
  {"op": "sign", "alg": "ES256", "claims": {...}, "headers": {...}}
      Generates a fresh key for alg (HMAC: as many random bytes as the hash; RSA 2048;
      P-256/384/521; Ed25519) and signs the claims with it.
      -> {"token": "...", "public_pem": "..." | null, "secret_b64url": "..." | null, "public_jwk": {...}}
  {"op": "verify", "alg": "ES256", "token": "...", "public_pem" | "secret_b64url" | "jwk": ...}
      Verifies with jwt.decode(..., algorithms=[alg]) (exp, iat and nbf are checked; aud is not).
      -> {"claims": {...}} or {"error": "ExceptionName: message"}

Nothing is written to disk; keys live only for the run.
"""

import base64
import json
import secrets
import sys

import cryptography
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

HMAC_BYTES = {"HS256": 32, "HS384": 48, "HS512": 64}
CURVES = {"ES256": ec.SECP256R1, "ES384": ec.SECP384R1, "ES512": ec.SECP521R1}


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def generate(alg):
    """A fresh private key (or HMAC secret) for alg."""
    if alg in HMAC_BYTES:
        return secrets.token_bytes(HMAC_BYTES[alg])
    if alg[:2] in ("RS", "PS"):
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if alg in CURVES:
        return ec.generate_private_key(CURVES[alg]())
    if alg == "EdDSA":
        return ed25519.Ed25519PrivateKey.generate()
    raise ValueError(f"unknown algorithm {alg}")


def sign(req):
    alg = req["alg"]
    key = generate(alg)
    token = jwt.encode(req["claims"], key, algorithm=alg, headers=req.get("headers"))
    algorithm = jwt.get_algorithm_by_name(alg)
    if isinstance(key, bytes):
        return {
            "token": token,
            "public_pem": None,
            "secret_b64url": b64url(key),
            "public_jwk": algorithm.to_jwk(key, as_dict=True),
        }
    public = key.public_key()
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")
    return {
        "token": token,
        "public_pem": pem,
        "secret_b64url": None,
        "public_jwk": algorithm.to_jwk(public, as_dict=True),
    }


def verify(req):
    alg = req["alg"]
    if req.get("secret_b64url") is not None:
        key = b64url_decode(req["secret_b64url"])
    elif req.get("public_pem") is not None:
        key = serialization.load_pem_public_key(req["public_pem"].encode("ascii"))
    else:
        key = jwt.PyJWK(req["jwk"], algorithm=alg).key
    try:
        claims = jwt.decode(
            req["token"], key, algorithms=[alg], options={"verify_aud": False}
        )
    except jwt.PyJWTError as e:
        return {"error": f"{type(e).__name__}: {e}"}
    return {"claims": claims}


def answer(req):
    op = req.get("op")
    if op == "versions":
        return {"pyjwt": jwt.__version__, "cryptography": cryptography.__version__}
    if op == "sign":
        return sign(req)
    if op == "verify":
        return verify(req)
    return {"error": f"unknown op {op!r}"}


def main():
    requests = json.load(sys.stdin)
    json.dump([answer(r) for r in requests], sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
