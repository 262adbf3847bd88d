//! Stage 5, **write**: the site goes into a temporary folder beside the output and is swapped into
//! place only when complete, so a failed build leaves the previous output as it was. The build
//! writes nothing outside its output folder and refuses output folders it could do harm with.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::load::Asset;
use crate::render::OutputFile;

/// Marks a folder as opsbook's output, so that a rebuild may replace it.
pub const MARKER: &str = ".opsbook-output";

/// Why an output folder was refused.
#[derive(Debug)]
pub struct Refusal(pub String);

/// What the marker file says.
const MARKER_TEXT: &str = "This folder is written by opsbook build and replaced on every build.\n";

/// `path` made absolute against the current folder and normalised by its text alone: `.` is
/// dropped and `..` takes off the part before it, whatever the file system has there, so that
/// `public/../content/x` is `content/x` even when `public` is a link or does not exist.
fn lexical(path: &Path) -> io::Result<PathBuf> {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => out.push(part.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => out.push(name),
        }
    }
    Ok(out)
}

/// Where a path without `..` really leads: its nearest existing ancestor with every link
/// resolved, the rest appended.
fn real(path: &Path) -> io::Result<PathBuf> {
    let mut existing = path;
    let mut rest = Vec::new();
    while !existing.exists() {
        let Some(parent) = existing.parent() else {
            break;
        };
        rest.extend(existing.file_name());
        existing = parent;
    }
    let mut out = existing.canonicalize()?;
    for part in rest.into_iter().rev() {
        out.push(part);
    }
    Ok(out)
}

/// Refuses an output folder that is `/`, the home folder, the site root or above it, inside
/// `content/` or `themes/`, or an existing non-empty folder that opsbook did not write. The
/// path is normalised by its text first (nothing is created or looked at before), then checked
/// both as written and as the file system resolves it, links and all; the normalised path is
/// where the site goes.
pub fn check_output(root: &Path, output: &Path) -> Result<PathBuf, Refusal> {
    let refuse = |why: String| {
        Err(Refusal(format!(
            "refusing to write the site to {}: {why}",
            output.display()
        )))
    };
    let (Ok(out), Ok(root)) = (lexical(output), lexical(root)) else {
        return refuse("cannot resolve the path".into());
    };
    let (Ok(out_real), Ok(root_real)) = (real(&out), real(&root)) else {
        return refuse("cannot resolve the path".into());
    };
    let home = std::env::var_os("HOME").and_then(|h| lexical(Path::new(&h)).ok());
    let home_real = home.as_deref().and_then(|h| real(h).ok());
    for (out, root, home) in [(&out, &root, &home), (&out_real, &root_real, &home_real)] {
        if out.parent().is_none() {
            return refuse("it is the file system's root".into());
        }
        if home.as_ref() == Some(out) {
            return refuse("it is the home folder".into());
        }
        if root.starts_with(out) {
            return refuse("it holds the site root, which the build would replace".into());
        }
        for inside in ["content", "themes"] {
            if out.starts_with(root.join(inside)) {
                return refuse(format!(
                    "it is inside {inside}/ (expected a folder for generated files only, like public/)"
                ));
            }
        }
    }
    if out.join("content").exists() {
        return refuse(
            "it holds a content/ folder (expected a folder for generated files only, like public/)"
                .into(),
        );
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

/// Where a site is written while it is built: a fresh folder beside the output, filled as pages
/// are rendered (from several threads) and swapped into place by [`Staging::publish`] only when
/// the build succeeded. Dropped unpublished, it removes itself: a failed build leaves the
/// previous output as it was.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    written: AtomicUsize,
    /// Folders made so far: a page and the files beside it share one, made once.
    made: Mutex<HashSet<PathBuf>>,
    published: bool,
}

impl Staging {
    pub fn begin(output: &Path) -> io::Result<Staging> {
        let parent = output
            .parent()
            .ok_or_else(|| io::Error::other("the output has no parent folder"))?;
        fs::create_dir_all(parent)?;
        remove_leftovers(parent, &output_name(output));
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{}.new-", output_name(output)))
            .tempdir_in(parent)?
            .keep();
        // The marker first: a build killed while writing leaves a folder the next one knows.
        let staging = Staging {
            dir,
            output: output.to_path_buf(),
            written: AtomicUsize::new(0),
            made: Mutex::new(HashSet::new()),
            published: false,
        };
        fs::write(staging.dir.join(MARKER), MARKER_TEXT)?;
        Ok(staging)
    }

    fn path(&self, to: &str) -> io::Result<PathBuf> {
        let path = self.dir.join(to);
        if let Some(folder) = path.parent() {
            let made = |m: &Mutex<HashSet<PathBuf>>| {
                m.lock().unwrap_or_else(|e| e.into_inner()).contains(folder)
            };
            if !made(&self.made) {
                fs::create_dir_all(folder)?;
                let mut m = self.made.lock().unwrap_or_else(|e| e.into_inner());
                m.insert(folder.to_path_buf());
            }
        }
        Ok(path)
    }

    /// Writes one file of the site.
    pub fn put(&self, file: &OutputFile) -> io::Result<()> {
        fs::write(self.path(&file.path)?, &file.bytes)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Copies a file of the archive into the site.
    pub fn copy(&self, asset: &Asset) -> io::Result<()> {
        fs::copy(&asset.from, self.path(&asset.to)?)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Swaps the finished site into place; returns the number of files written.
    pub fn publish(mut self) -> io::Result<usize> {
        // The marker again, in case a file of the site had its name.
        fs::write(self.dir.join(MARKER), MARKER_TEXT)?;
        self.published = true;
        let (staging, output) = (self.dir.clone(), self.output.clone());
        let written = self.written.load(Ordering::Relaxed);
        swap(&staging, &output)?;
        Ok(written)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published {
            let _ = remove_ours(&self.dir);
        }
    }
}

fn output_name(output: &Path) -> String {
    output
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned())
}

/// Writes a whole site atomically: every file into a fresh folder beside `output`, then swaps.
/// Copied files come first: a theme's or the site's own page wins over a static file of the
/// same name.
pub fn write_site(output: &Path, files: &[OutputFile], assets: &[Asset]) -> io::Result<usize> {
    let staging = Staging::begin(output)?;
    for asset in assets {
        staging.copy(asset)?;
    }
    for file in files {
        staging.put(file)?;
    }
    staging.publish()
}

/// Puts the finished `staging` folder in the place of `output`, removing the old site.
fn swap(staging: &Path, output: &Path) -> io::Result<()> {
    let parent = output
        .parent()
        .ok_or_else(|| io::Error::other("the output has no parent folder"))?;
    if fs::symlink_metadata(output).is_err() {
        if let Err(e) = fs::rename(staging, output) {
            let _ = remove_ours(staging);
            return Err(e);
        }
        return Ok(());
    }
    // One step where the system has it: the new site and the old swap places, and the old one,
    // now under the staging name, is removed.
    match exchange(staging, output) {
        Ok(true) => return remove_ours(staging),
        Ok(false) => {}
        Err(e) => {
            let _ = remove_ours(staging);
            return Err(e);
        }
    }
    // Elsewhere, two renames: the old site aside first (renaming onto a non-empty folder
    // fails), then the new one into place.
    let old = tempfile::Builder::new()
        .prefix(&format!(".{}.old-", output_name(output)))
        .tempdir_in(parent)?
        .keep();
    fs::remove_dir(&old)?;
    fs::rename(output, &old)?;
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        let _ = remove_ours(staging);
        return Err(e);
    }
    remove_ours(&old)
}

/// Swaps two folders in one step (Linux's `renameat2` with `RENAME_EXCHANGE`). `Ok(false)`
/// when the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: two valid NUL-terminated paths, relative to the current folder; the call reads
    // them and nothing else.
    let done = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP | libc::EPERM) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Removes a folder this module wrote, the marker last, so that a removal cut short still
/// leaves a folder the next build recognises. A link is removed, never followed.
fn remove_ours(dir: &Path) -> io::Result<()> {
    if !fs::symlink_metadata(dir)?.is_dir() {
        return fs::remove_file(dir);
    }
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() == MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())?;
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    match fs::remove_file(dir.join(MARKER)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::remove_dir(dir)
}

/// Removes what a build that was killed left beside the output: folders named exactly like
/// its staging folders (`.public.new-` or `.public.old-` and six letters or digits) that hold
/// the marker or nothing. Anything else, even of a similar name, is someone else's.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let (new, old) = (format!(".{name}.new-"), format!(".{name}.old-"));
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(suffix) = file_name
            .strip_prefix(&new)
            .or_else(|| file_name.strip_prefix(&old))
        else {
            continue;
        };
        if suffix.len() != 6 || !suffix.bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let marked = fs::symlink_metadata(path.join(MARKER)).is_ok_and(|m| m.is_file());
        let empty = fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none());
        if is_dir && (marked || empty) {
            let _ = remove_ours(&path);
        }
    }
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
            &root.join("public/../content/out"),
            &root.join("public/./../themes/x"),
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
    fn paths_are_normalised_by_their_text() {
        let at = |p: &str| lexical(Path::new(p)).unwrap();
        assert_eq!(at("/a/b/../c/./d/"), Path::new("/a/c/d"));
        assert_eq!(at("/a/../../b"), Path::new("/b"));
        assert_eq!(at("/.."), Path::new("/"));
        let here = std::env::current_dir().unwrap();
        assert_eq!(at("public/../content/x"), here.join("content/x"));
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
