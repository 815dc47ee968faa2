//! The completion scripts checked into `completions/` are what the CLI generates now.
//! `UPDATE_COMPLETIONS=1 cargo test -p uvcache-cli --test completions` rewrites them.

use std::path::Path;

use uvcache_cli::completions::{FILES, script};

#[test]
fn checked_in_completions_match_the_cli() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../completions");
    let update = std::env::var_os("UPDATE_COMPLETIONS").is_some();
    let mut drifted = Vec::new();
    for (shell, file) in FILES {
        let path = dir.join(file);
        let generated = script(shell);
        assert!(
            generated.len() > 500,
            "{shell:?} script is suspiciously short"
        );
        if update {
            std::fs::write(&path, &generated).expect("write completion script");
        } else if std::fs::read(&path).ok().as_deref() != Some(generated.as_slice()) {
            drifted.push(path.display().to_string());
        }
    }
    assert!(
        drifted.is_empty(),
        "completion scripts drifted from the CLI: {drifted:?}; run \
         `UPDATE_COMPLETIONS=1 cargo test -p uvcache-cli --test completions` and commit them"
    );
}
