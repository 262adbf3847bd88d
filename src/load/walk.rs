//! Walks `content/` and `themes/<name>/` without ever leaving the site root. A symbolic link
//! that points inside the root is followed; one that points outside it, points to nothing or
//! goes round in a loop is an error naming the link, and nothing behind it is listed or read.
//! Each folder is read once: a link to a folder read already (its own parent, say) is an error
//! too, so that no arrangement of links makes the walk endless or exponential.

use std::collections::{BTreeSet, VecDeque};
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostics;

/// Names starting with a dot: skipped (`content/`, as it always was), or kept (a theme may
/// publish `static/.well-known/`). Kept or not, a hidden symbolic link is never followed:
/// editors' lock files (`.#2025-W14.md`) are links to nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hidden {
    Skip,
    Keep,
}

/// The regular files under `dir` (a folder of the site root `root`), as paths relative to
/// `dir`, sorted; problems go to `d`, named relative to the root.
pub(crate) fn files_under(
    root: &Path,
    dir: &Path,
    hidden: Hidden,
    d: &mut Diagnostics,
) -> Vec<PathBuf> {
    let Ok(real_root) = root.canonicalize() else {
        d.error(
            dir,
            None,
            format!("cannot read the site root {}", root.display()),
        );
        return vec![];
    };
    let mut walk = Walk {
        root,
        real_root,
        hidden,
        read: BTreeSet::new(),
        links: VecDeque::new(),
        files: Vec::new(),
        d,
    };
    let Some(real_dir) = walk.start(dir) else {
        return vec![];
    };
    walk.folder(dir, Path::new(""), &real_dir);
    // Folders behind links come after the real tree, so that a link to a folder that is also
    // there under its own name is what gets reported.
    while let Some(link) = walk.links.pop_front() {
        let message = if link.real_parent.starts_with(&link.target) {
            format!(
                "symbolic link loop (it points to {}, a folder that holds the link; expected a link to a file or folder elsewhere)",
                walk.name(&link.target)
            )
        } else if walk.read.contains(&link.target) {
            format!(
                "symbolic link to a folder that is read already (it points to {}; expected one way to each folder)",
                walk.name(&link.target)
            )
        } else {
            let (path, rel, target) = (link.path, link.rel, link.target);
            walk.folder(&path, &rel, &target);
            continue;
        };
        let shown = walk.shown(&link.path);
        walk.d.error(&shown, None, message);
    }
    let mut files = walk.files;
    files.sort();
    files
}

/// Whether `path` (to a file under the root) is, with every link on the way resolved, inside
/// `root`; `Err` says where it leads otherwise.
pub(crate) fn inside_root(root: &Path, path: &Path) -> Result<(), String> {
    let real_root = root
        .canonicalize()
        .map_err(|e| format!("cannot read the site root: {e}"))?;
    let real = path.canonicalize().map_err(|e| e.to_string())?;
    if real.starts_with(&real_root) {
        Ok(())
    } else {
        Err(format!(
            "it is reached through a symbolic link that leaves the site root (it leads to {}; expected a file inside {})",
            real.display(),
            real_root.display()
        ))
    }
}

/// Why `name` cannot be a theme's name, if it cannot: it names a folder under `themes/`, and is
/// not a path that could lead anywhere else.
pub(crate) fn theme_name_problem(name: &str) -> Option<String> {
    let expected = "expected the name of a folder under themes/, like northwind";
    let why = if name.trim().is_empty() {
        "is empty"
    } else if name == "." || name == ".." {
        "is not a folder name"
    } else if name.contains(['/', '\\']) {
        "is a path"
    } else if name.contains(|c: char| c == ':' || c.is_control()) {
        "has a character a folder name cannot have"
    } else {
        return None;
    };
    Some(format!(
        "theme `{}` {why} ({expected})",
        super::urls::shown(name)
    ))
}

/// A link to a folder, followed once the real tree has been read.
struct Link {
    /// The link's own path, through which its files are read.
    path: PathBuf,
    /// The same, relative to the walk's folder.
    rel: PathBuf,
    /// Where it leads, every link resolved.
    target: PathBuf,
    /// The real path of the folder that holds the link.
    real_parent: PathBuf,
}

struct Walk<'a> {
    root: &'a Path,
    real_root: PathBuf,
    hidden: Hidden,
    /// Real paths of the folders read so far.
    read: BTreeSet<PathBuf>,
    links: VecDeque<Link>,
    files: Vec<PathBuf>,
    d: &'a mut Diagnostics,
}

impl Walk<'_> {
    /// A path as the user knows it: relative to the site root.
    fn shown(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root).unwrap_or(path).to_path_buf()
    }

    /// A real path, relative to the root when it is inside.
    fn name(&self, real: &Path) -> String {
        match real.strip_prefix(&self.real_root) {
            Ok(inside) if inside.as_os_str().is_empty() => "the site root".into(),
            Ok(inside) => inside.display().to_string(),
            Err(_) => real.display().to_string(),
        }
    }

    /// The real path of the walk's own folder, checked like a link if it, or a folder on the
    /// way to it, is one (`themes/` linked elsewhere).
    fn start(&mut self, dir: &Path) -> Option<PathBuf> {
        let rel = dir.strip_prefix(self.root).unwrap_or(dir);
        let mut on_the_way = self.root.to_path_buf();
        for part in rel.components() {
            on_the_way.push(part);
            if matches!(part, Component::Normal(_))
                && std::fs::symlink_metadata(&on_the_way).is_ok_and(|m| m.is_symlink())
            {
                let shown = self.shown(&on_the_way);
                let target = self.resolve(&on_the_way, &shown, "folder")?;
                if !target.is_dir() {
                    let message = format!(
                        "symbolic link to something that is not a folder (it points to {}; expected a folder)",
                        self.name(&target)
                    );
                    self.d.error(&shown, None, message);
                    return None;
                }
            }
        }
        match dir.canonicalize() {
            Ok(real) if real.is_dir() => Some(real),
            Ok(_) => {
                let shown = self.shown(dir);
                self.d
                    .error(&shown, None, "not a folder (expected a folder of files)");
                None
            }
            Err(e) => {
                let shown = self.shown(dir);
                self.d.error(&shown, None, format!("cannot read: {e}"));
                None
            }
        }
    }

    /// Where the link at `path` leads, if inside the root; otherwise an error naming it.
    fn resolve(&mut self, path: &Path, shown: &Path, kind: &str) -> Option<PathBuf> {
        let written = std::fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_else(|_| "?".into());
        let root = self.real_root.display().to_string();
        match path.canonicalize() {
            Ok(target) if target.starts_with(&self.real_root) => Some(target),
            Ok(target) => {
                let message = format!(
                    "symbolic link leaves the site root (it points to {}; expected a {kind} inside {root})",
                    target.display()
                );
                self.d.error(shown, None, message);
                None
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let message = format!(
                    "symbolic link to nothing (it points to {written}, which does not exist; expected a {kind} inside {root})"
                );
                self.d.error(shown, None, message);
                None
            }
            Err(e) if is_loop(&e) => {
                let message = format!(
                    "symbolic link loop (it points to {written}, which leads back round; expected a link to a {kind} inside {root})"
                );
                self.d.error(shown, None, message);
                None
            }
            Err(e) => {
                let message = format!("cannot follow the symbolic link: {e}");
                self.d.error(shown, None, message);
                None
            }
        }
    }

    /// Lists the folder at `path` (`rel` below the walk's folder, `real` its real path).
    fn folder(&mut self, path: &Path, rel: &Path, real: &Path) {
        self.read.insert(real.to_path_buf());
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(e) => {
                let shown = self.shown(path);
                self.d.error(&shown, None, format!("cannot read: {e}"));
                return;
            }
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name();
            let hidden = name.to_string_lossy().starts_with('.');
            if hidden && self.hidden == Hidden::Skip {
                continue;
            }
            let (path, rel, real) = (entry.path(), rel.join(&name), real.join(&name));
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() && self.read.contains(&real) {
                // Under a folder reached through a link, one that another link reached first.
                let shown = self.shown(&path);
                self.d.error(
                    &shown,
                    None,
                    "folder read already through a symbolic link (expected one way to each folder)",
                );
            } else if kind.is_dir() {
                self.folder(&path, &rel, &real);
            } else if kind.is_file() {
                self.files.push(rel);
            } else if kind.is_symlink() {
                if hidden {
                    continue;
                }
                let shown = self.shown(&path);
                let Some(target) = self.resolve(&path, &shown, "file or folder") else {
                    continue;
                };
                if target.is_dir() {
                    let real_parent = real.parent().unwrap_or(&real).to_path_buf();
                    self.links.push_back(Link {
                        path,
                        rel,
                        target,
                        real_parent,
                    });
                } else if target.is_file() {
                    self.files.push(rel);
                } else {
                    self.d.warning(
                        &shown,
                        None,
                        "ignored: a symbolic link to something that is not a file or folder (a device, socket or pipe)",
                    );
                }
            } else {
                let shown = self.shown(&path);
                self.d.warning(
                    &shown,
                    None,
                    "ignored: not a file or folder (a device, socket or pipe)",
                );
            }
        }
    }
}

#[cfg(unix)]
fn is_loop(e: &io::Error) -> bool {
    e.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
fn is_loop(_: &io::Error) -> bool {
    false
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::symlink;

    fn walk(root: &Path, dir: &str, hidden: Hidden) -> (Vec<String>, Vec<String>) {
        let mut d = Diagnostics::new();
        let files = files_under(root, &root.join(dir), hidden, &mut d);
        let files = files.iter().map(|f| f.display().to_string()).collect();
        let messages = d.sorted().iter().map(|x| x.to_string()).collect();
        (files, messages)
    }

    #[test]
    fn links_inside_the_root_are_followed_and_the_rest_reported() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let outside = dir.path().join("outside");
        fs::create_dir_all(root.join("content/pages/sub")).unwrap();
        fs::create_dir_all(root.join("common")).unwrap();
        fs::create_dir_all(&outside).unwrap();
        fs::write(root.join("content/pages/a.md"), "a").unwrap();
        fs::write(root.join("content/pages/sub/b.md"), "b").unwrap();
        fs::write(root.join("content/pages/.hidden.md"), "h").unwrap();
        fs::write(root.join("common/c.md"), "c").unwrap();
        fs::write(outside.join("secret.md"), "s").unwrap();
        let pages = root.join("content/pages");
        symlink("../../common", pages.join("common")).unwrap();
        symlink("a.md", pages.join("again.md")).unwrap();
        symlink(&outside, pages.join("out")).unwrap();
        symlink(outside.join("secret.md"), pages.join("secret.md")).unwrap();
        symlink("nowhere.md", pages.join("dangling.md")).unwrap();
        symlink("loop2", pages.join("loop1")).unwrap();
        symlink("loop1", pages.join("loop2")).unwrap();
        symlink("..", pages.join("sub/up")).unwrap();
        symlink("sub", pages.join("sub-again")).unwrap();
        symlink("nowhere", pages.join(".#a.md")).unwrap();

        let (files, messages) = walk(&root, "content", Hidden::Skip);
        assert_eq!(
            files,
            [
                "pages/a.md",
                "pages/again.md",
                "pages/common/c.md",
                "pages/sub/b.md"
            ]
        );
        let real_root = root.canonicalize().unwrap();
        let r = real_root.display();
        let o = outside.canonicalize().unwrap();
        let o = o.display();
        assert_eq!(
            messages,
            [
                format!("content/pages/dangling.md: error: symbolic link to nothing (it points to nowhere.md, which does not exist; expected a file or folder inside {r})"),
                format!("content/pages/loop1: error: symbolic link loop (it points to loop2, which leads back round; expected a link to a file or folder inside {r})"),
                format!("content/pages/loop2: error: symbolic link loop (it points to loop1, which leads back round; expected a link to a file or folder inside {r})"),
                format!("content/pages/out: error: symbolic link leaves the site root (it points to {o}; expected a file or folder inside {r})"),
                format!("content/pages/secret.md: error: symbolic link leaves the site root (it points to {o}/secret.md; expected a file or folder inside {r})"),
                "content/pages/sub/up: error: symbolic link loop (it points to content/pages, a folder that holds the link; expected a link to a file or folder elsewhere)".to_string(),
                "content/pages/sub-again: error: symbolic link to a folder that is read already (it points to content/pages/sub; expected one way to each folder)".to_string(),
            ]
        );
        // Kept hidden files, but still no hidden link followed.
        let (files, _) = walk(&root, "content/pages/sub", Hidden::Keep);
        assert_eq!(files, ["b.md"]);
        let (files, _) = walk(&root, "content/pages", Hidden::Keep);
        assert!(files.contains(&".hidden.md".to_string()), "{files:?}");
        assert!(inside_root(&root, &pages.join("common/c.md")).is_ok());
        assert!(inside_root(&root, &pages.join("secret.md"))
            .unwrap_err()
            .contains("leaves the site root"));
    }

    #[test]
    fn a_walked_folder_that_is_a_link_out_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("themes")).unwrap();
        fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
        fs::write(dir.path().join("elsewhere/x.html"), "x").unwrap();
        symlink(dir.path().join("elsewhere"), root.join("themes/evil")).unwrap();
        let (files, messages) = walk(&root, "themes/evil", Hidden::Keep);
        assert!(files.is_empty());
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].starts_with("themes/evil: error: symbolic link leaves the site root"),
            "{messages:?}"
        );
    }
}
