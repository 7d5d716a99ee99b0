//! Link flag for the split release build: with the `split` feature, the wasm binary keeps its
//! relocations (`--emit-relocs`), which wasm_split_cli_support needs to cut it into the main
//! module and the lazily loaded section chunks (scripts/postbuild.py).
fn main() {
    println!("cargo:rerun-if-env-changed=CARGO_FEATURE_SPLIT");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg-bin=tokenlab-app=--emit-relocs");
    }
}
