//! Writes the completion scripts under `completions/` and the man pages under `man/` from
//! the CLI definition: `cargo run --example generate-docs`. The test `docs` fails when the
//! checked-in files differ from a fresh render.

fn main() -> std::io::Result<()> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["completions", "man"] {
        let dir = root.join(dir);
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
    }
    for (path, bytes) in mfa_kit::docs::render_all() {
        std::fs::write(root.join(&path), bytes)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
