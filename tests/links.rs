//! Every internal link of the built sample archive resolves.
//!
//! Builds the sample archive with the `opsbook` binary into a temporary folder, then checks every
//! `href` and `src` of every HTML page: a relative or root-relative address must name a file of
//! the output (an address ending in `/` means its `index.html`), and a `#fragment` must name an
//! `id` on the target page. Root-relative addresses are reported too, because the site must work
//! under any sub-path. All problems are reported together, page by page.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// Schemes of links that leave the site, which this test does not follow.
const EXTERNAL_SCHEMES: &[&str] = &["http", "https", "mailto", "data", "tel"];

#[test]
fn internal_links_resolve() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let out = tmp.path().join("site");
    let build = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
        .arg(&out)
        .output()
        .expect("run opsbook");
    assert!(
        build.status.success(),
        "opsbook build failed ({}):\n{}",
        build.status,
        String::from_utf8_lossy(&build.stderr)
    );

    assert!(
        out.is_dir(),
        "opsbook build wrote nothing to {}",
        out.display()
    );

    // 404.html is served at any address, so its links start from base_url's path: check them
    // from the root of the output.
    let site_yaml =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("content/site.yaml"))
            .unwrap();
    let base_path = site_yaml
        .lines()
        .find_map(|l| l.strip_prefix("base_url:"))
        .and_then(|url| {
            url.trim()
                .split_once("://")
                .map(|(_, rest)| rest.to_string())
        })
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_string()));
    let report = check_site(&out, base_path.as_deref());
    assert!(report.pages > 0, "the build wrote no HTML page");
    println!("{} links in {} pages checked", report.checked, report.pages);
    assert!(
        report.broken == 0,
        "{} broken links ({} links in {} pages checked):\n{}",
        report.broken,
        report.checked,
        report.pages,
        report.text
    );
}

struct Report {
    pages: usize,
    checked: usize,
    broken: usize,
    /// The broken links, under the page they are on.
    text: String,
}

/// Checks every `href` and `src` of every HTML page under `out`.
fn check_site(out: &Path, not_found_base: Option<&str>) -> Report {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|entry| entry.expect("walk the output").into_path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "html"))
        .collect();
    pages.sort();

    let mut ids = IdCache::default();
    let mut report = Report {
        pages: pages.len(),
        checked: 0,
        broken: 0,
        text: String::new(),
    };
    for page in &pages {
        let html = fs::read_to_string(page).expect("read page");
        let mut problems = String::new();
        for attr in attributes(&html) {
            if attr.name != "href" && attr.name != "src" {
                continue;
            }
            report.checked += 1;
            let mut value = attr.value.as_str();
            if page == &out.join("404.html") {
                if let Some(rest) = not_found_base.and_then(|base| value.strip_prefix(base)) {
                    value = rest;
                }
            }
            if let Err(why) = check_link(out, page, value, &mut ids) {
                report.broken += 1;
                let line = html[..attr.offset].matches('\n').count() + 1;
                problems += &format!(
                    "  line {line}: <{} {}=\"{}\">: {why}\n",
                    attr.tag, attr.name, attr.value
                );
            }
        }
        if !problems.is_empty() {
            report.text += &format!("{}\n{problems}", relative(out, page));
        }
    }
    report
}

/// Checks one `href` or `src` value found on `page`; `Err` says what is wrong with it.
fn check_link(out: &Path, page: &Path, url: &str, ids: &mut IdCache) -> Result<(), String> {
    let url = url.trim_matches(|c: char| c.is_ascii_whitespace());
    if let Some(scheme) = scheme(url) {
        return if EXTERNAL_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) {
            Ok(())
        } else {
            Err(format!("unexpected scheme `{scheme}:`"))
        };
    }
    if url.starts_with("//") {
        return Ok(()); // scheme-relative: another host
    }
    let (rest, fragment) = match url.split_once('#') {
        Some((rest, fragment)) => (rest, Some(percent_decode(fragment))),
        None => (url, None),
    };
    let path = percent_decode(rest.split('?').next().unwrap_or_default());

    let mut problems = Vec::new();
    let target = if path.is_empty() {
        page.to_path_buf()
    } else {
        let (base, path) = match path.strip_prefix('/') {
            Some(path) => {
                problems.push(
                    "root-relative: breaks when the site is served under a sub-path".to_string(),
                );
                (out.to_path_buf(), path)
            }
            None => (
                page.parent().expect("page in a folder").to_path_buf(),
                path.as_str(),
            ),
        };
        let mut target = normalise(out, &base.join(path))
            .ok_or_else(|| "points outside the site".to_string())?;
        let last = path.rsplit('/').next().unwrap_or_default();
        if path.is_empty() || path.ends_with('/') || last == "." || last == ".." {
            target.push("index.html");
        }
        target
    };

    if target.is_dir() {
        problems.push(format!(
            "{} is a folder: end the address with `/`",
            relative(out, &target)
        ));
    } else if !target.is_file() {
        problems.push(format!("no such file: {}", relative(out, &target)));
    } else if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
        if !ids.get(&target).contains(&fragment) {
            problems.push(format!(
                "no id=\"{fragment}\" in {}",
                relative(out, &target)
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// The `id`s of each page (HTML or SVG) that a fragment pointed into, read once.
#[derive(Default)]
struct IdCache(HashMap<PathBuf, HashSet<String>>);

impl IdCache {
    fn get(&mut self, file: &Path) -> &HashSet<String> {
        self.0.entry(file.to_path_buf()).or_insert_with(|| {
            let text = fs::read_to_string(file).unwrap_or_default();
            attributes(&text)
                .into_iter()
                .filter(|a| a.name == "id")
                .map(|a| a.value)
                .collect()
        })
    }
}

/// The scheme of an absolute URL (`https` of `https://…`), if it has one.
fn scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then_some(scheme)
}

/// Resolves `.` and `..` in `path`; `None` if it climbs out of `root`.
fn normalise(root: &Path, path: &Path) -> Option<PathBuf> {
    let mut result = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !result.pop() {
                    return None;
                }
            }
            other => result.push(other),
        }
    }
    result.starts_with(root).then_some(result)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// An attribute of a start tag, with its value's character references decoded.
#[derive(Debug, PartialEq)]
struct Attr {
    tag: String,
    name: String,
    value: String,
    /// Byte offset of the attribute in the document, for line numbers.
    offset: usize,
}

/// All attributes of all start tags, in document order. Skips comments, doctypes, end tags and
/// the contents of `<script>`, `<style>`, `<textarea>` and `<title>`; reads double-quoted,
/// single-quoted, unquoted and valueless attributes. Names are lower-cased.
fn attributes(html: &str) -> Vec<Attr> {
    let b = html.as_bytes();
    let lower = html.to_ascii_lowercase(); // same byte offsets as `html`
    let skip_past = |from: usize, end: &str| {
        html[from..]
            .find(end)
            .map_or(b.len(), |i| from + i + end.len())
    };
    let mut attrs = Vec::new();
    let mut i = 0;
    while let Some(found) = html[i..].find('<') {
        i += found;
        if html[i..].starts_with("<!--") {
            i = skip_past(i + 4, "-->");
            continue;
        }
        if !b.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic()) {
            // an end tag, <!DOCTYPE …>, <?…>, or a stray "<" in text
            i = if matches!(b.get(i + 1), Some(b'/' | b'!' | b'?')) {
                skip_past(i, ">")
            } else {
                i + 1
            };
            continue;
        }
        let start = i + 1;
        i = start;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
        let tag = html[start..i].to_ascii_lowercase();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i = (i + 1).min(b.len());
                break;
            }
            let (offset, name_start) = (i, i);
            // the first character is part of the name even if it is "=" (odd, but HTML says so)
            i += html[i..].chars().next().map_or(1, char::len_utf8);
            while i < b.len() && !b[i].is_ascii_whitespace() && !b"/>=".contains(&b[i]) {
                i += 1;
            }
            let name = html[name_start..i].to_ascii_lowercase();
            let mut j = i;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if b.get(j) == Some(&b'=') {
                i = j + 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                let raw = match b.get(i) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let end = html[i + 1..]
                            .find(quote as char)
                            .map_or(b.len(), |k| i + 1 + k);
                        let raw = &html[i + 1..end];
                        i = (end + 1).min(b.len());
                        raw
                    }
                    _ => {
                        let from = i;
                        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                            i += 1;
                        }
                        &html[from..i]
                    }
                };
                value = decode_entities(raw);
            }
            attrs.push(Attr {
                tag: tag.clone(),
                name,
                value,
                offset,
            });
        }
        if matches!(tag.as_str(), "script" | "style" | "textarea" | "title") {
            // raw text: no tags inside, up to the matching end tag
            i = lower[i..]
                .find(&format!("</{tag}"))
                .map_or(b.len(), |k| i + k);
        }
    }
    attrs
}

/// Decodes character references: the named ones that show up in addresses and ids, and all
/// numeric ones. Anything else is left as written.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&end| end <= 32).and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let code = match name.strip_prefix('#') {
                        Some(hex) if hex.starts_with(['x', 'X']) => {
                            u32::from_str_radix(&hex[1..], 16).ok()
                        }
                        Some(dec) => dec.parse().ok(),
                        None => None,
                    };
                    code.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn scanner_reads_every_kind_of_attribute() {
    let html = r#"<!DOCTYPE html><!-- <a href="commented"> --><A HREF="a?x=1&amp;y=2#f">x</A>
<img src='b c.png' alt=it&#39;s data-x=u&#x2F;v hidden><link href = "/s.css"/>
<script>let s = "<a href='no'>";</script><p title="1 &lt; 2 > 0" id=top>"#;
    let got: Vec<(String, String, String)> = attributes(html)
        .into_iter()
        .map(|a| (a.tag, a.name, a.value))
        .collect();
    let want = [
        ("a", "href", "a?x=1&y=2#f"),
        ("img", "src", "b c.png"),
        ("img", "alt", "it's"),
        ("img", "data-x", "u/v"),
        ("img", "hidden", ""),
        ("link", "href", "/s.css"),
        ("p", "title", "1 < 2 > 0"),
        ("p", "id", "top"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(t, n, v)| (t.to_string(), n.to_string(), v.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn entities_and_percent_escapes_decode() {
    assert_eq!(
        decode_entities("a&amp;b &unknown; &#65;&#x42; & done"),
        "a&b &unknown; AB & done"
    );
    assert_eq!(percent_decode("INC%2D1%20x%zz"), "INC-1 x%zz");
    assert_eq!(scheme("mailto:x@y"), Some("mailto"));
    assert_eq!(scheme("../a:b/"), None);
}

#[test]
fn checker_reports_each_kind_of_broken_link() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let out = tmp.path();
    fs::create_dir_all(out.join("a")).unwrap();
    fs::write(
        out.join("a/index.html"),
        r#"<h1 id="x">A</h1><a href="../">home</a>"#,
    )
    .unwrap();
    fs::write(out.join("a/b c.css"), "").unwrap();
    let links = [
        "a/",
        "./a/#x",
        "a/index.html#x",
        "a/b%20c.css",
        "?q=1",
        "#",
        "https://example.com/",
        "mailto:x@y",
        "a/#nope",
        "missing/",
        "/a/",
        "a",
        "../outside/",
        "javascript:void(0)",
    ];
    let html: String = links
        .iter()
        .map(|l| format!("<a href=\"{l}\">x</a>\n"))
        .collect();
    fs::write(out.join("index.html"), html).unwrap();

    let report = check_site(out, None);
    assert_eq!(
        (report.pages, report.checked, report.broken),
        (2, 15, 6),
        "{}",
        report.text
    );
    let expected = [
        r#"line 9: <a href="a/#nope">: no id="nope" in a/index.html"#,
        r#"line 10: <a href="missing/">: no such file: missing/index.html"#,
        r#"line 11: <a href="/a/">: root-relative: breaks when the site is served under a sub-path"#,
        r#"line 12: <a href="a">: a is a folder: end the address with `/`"#,
        r#"line 13: <a href="../outside/">: points outside the site"#,
        r#"line 14: <a href="javascript:void(0)">: unexpected scheme `javascript:`"#,
    ];
    for line in expected {
        assert!(
            report.text.contains(line),
            "missing {line:?} in:\n{}",
            report.text
        );
    }
}
