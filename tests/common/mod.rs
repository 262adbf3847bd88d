//! What the integration tests share: fresh copies of the fixture archive to change.

use std::fs;
use std::path::{Path, PathBuf};

pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small")
}

/// A fresh copy of the fixture archive in a temporary folder.
pub fn copy_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(fixture()) {
        let entry = entry.unwrap();
        let to = dir
            .path()
            .join(entry.path().strip_prefix(fixture()).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

/// Replaces the first `from` in `content/<file>` under `root` with `to`; `from` must be there.
#[allow(dead_code)] // not every test crate edits
pub fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join("content").join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} does not contain {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}
