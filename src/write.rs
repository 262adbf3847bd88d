//! Stage 5, **write**: the site goes into a temporary folder beside the output and is swapped into
//! place only when complete, so a failed build leaves the previous output as it was. The build
//! writes nothing outside its output folder and refuses output folders it could do harm with.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::load::Asset;
use crate::render::OutputFile;

/// Marks a folder as opsbook's output, so that a rebuild may replace it.
pub const MARKER: &str = ".opsbook-output";

/// Why an output folder was refused.
#[derive(Debug)]
pub struct Refusal(pub String);

/// Absolute form of a path that may not exist yet: its nearest existing ancestor canonicalised,
/// the rest appended.
fn absolute(path: &Path) -> io::Result<PathBuf> {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        rest.push(
            existing
                .file_name()
                .map(|n| n.to_os_string())
                .unwrap_or_default(),
        );
        existing = existing.parent().unwrap_or(Path::new("/"));
    }
    let mut out = existing.canonicalize()?;
    for part in rest.into_iter().rev() {
        if part == ".." {
            out.pop();
        } else if !part.is_empty() && part != "." {
            out.push(part);
        }
    }
    Ok(out)
}

/// Refuses an output folder that is `/`, the home folder, the site root or above it, inside
/// `content/` or `themes/`, or an existing non-empty folder that opsbook did not write.
pub fn check_output(root: &Path, output: &Path) -> Result<PathBuf, Refusal> {
    let refuse = |why: String| {
        Err(Refusal(format!(
            "refusing to write the site to {}: {why}",
            output.display()
        )))
    };
    let (Ok(out), Ok(root)) = (absolute(output), absolute(root)) else {
        return refuse("cannot resolve the path".into());
    };
    if out.parent().is_none() {
        return refuse("it is the file system's root".into());
    }
    if std::env::var_os("HOME").is_some_and(|h| absolute(Path::new(&h)).is_ok_and(|h| h == out)) {
        return refuse("it is the home folder".into());
    }
    if root.starts_with(&out) {
        return refuse("it holds the site root, which the build would replace".into());
    }
    if out.join("content").exists() {
        return refuse(
            "it holds a content/ folder (expected a folder for generated files only, like public/)"
                .into(),
        );
    }
    for inside in ["content", "themes"] {
        if out.starts_with(root.join(inside)) {
            return refuse(format!(
                "it is inside {inside}/ (expected a folder for generated files only, like public/)"
            ));
        }
    }
    if out.is_file() {
        return refuse("it is a file".into());
    }
    if out.is_dir()
        && !out.join(MARKER).exists()
        && fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some())
    {
        return refuse(format!("it is a folder with files that opsbook did not write (no {MARKER} in it); empty it or choose another"));
    }
    Ok(out)
}

/// Writes the site atomically: every file into a fresh folder beside `output`, then swaps.
pub fn write_site(output: &Path, files: &[OutputFile], assets: &[Asset]) -> io::Result<usize> {
    let parent = output
        .parent()
        .ok_or_else(|| io::Error::other("the output has no parent folder"))?;
    fs::create_dir_all(parent)?;
    let name = output
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(parent)?;
    let mut written = 0;
    for asset in assets {
        let to = staging.path().join(&asset.to);
        fs::create_dir_all(to.parent().expect("asset paths have a parent"))?;
        fs::copy(&asset.from, &to)?;
        written += 1;
    }
    // Generated files come after copied ones: a theme's or the site's own page wins over a
    // static file of the same name.
    for file in files {
        let to = staging.path().join(&file.path);
        fs::create_dir_all(to.parent().expect("output paths have a parent"))?;
        fs::write(&to, &file.bytes)?;
        written += 1;
    }
    fs::write(
        staging.path().join(MARKER),
        "This folder is written by opsbook build and replaced on every build.\n",
    )?;

    let staging = staging.keep();
    if output.exists() {
        // Move the old site aside first: renaming onto a non-empty folder fails on Linux.
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(parent)?
            .keep();
        fs::remove_dir(&old)?;
        fs::rename(output, &old)?;
        if let Err(e) = fs::rename(&staging, output) {
            let _ = fs::rename(&old, output);
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
        fs::remove_dir_all(&old)?;
    } else {
        fs::rename(&staging, output)?;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangerous_outputs_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        fs::create_dir_all(root.join("themes/x")).unwrap();
        fs::create_dir_all(dir.path().join("busy")).unwrap();
        fs::write(dir.path().join("busy/notes.txt"), "mine").unwrap();
        for bad in [
            Path::new("/"),
            &root,
            dir.path(),
            &root.join("content/out"),
            &root.join("themes/x/out"),
            &dir.path().join("busy"),
        ] {
            assert!(
                check_output(&root, bad).is_err(),
                "{} should be refused",
                bad.display()
            );
        }
        assert!(check_output(&root, &root.join("public")).is_ok());
        assert!(check_output(&root, &dir.path().join("elsewhere/site")).is_ok());
    }

    #[test]
    fn a_rebuild_replaces_the_previous_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let file = |p: &str, b: &str| OutputFile {
            path: p.into(),
            bytes: b.into(),
        };
        write_site(
            &out,
            &[file("index.html", "one"), file("old/index.html", "gone")],
            &[],
        )
        .unwrap();
        assert!(
            check_output(dir.path(), &out).is_ok(),
            "our own output may be replaced"
        );
        write_site(&out, &[file("index.html", "two")], &[]).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(!out.join("old").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["public"], "no staging folders are left behind");
    }
}
