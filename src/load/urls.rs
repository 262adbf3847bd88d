//! The one rule for every URL a user writes: a postmortem or dashboard link, `base_url`, and
//! every link, image and raw-HTML address in Markdown. Only `http:`, `https:`, `mailto:` and
//! relative addresses (no scheme; `//host/x` is relative too) are published, so that no content
//! can put a `javascript:`, `data:` or `vbscript:` address (or any other scheme) on a page.
//!
//! The scheme is read the way a browser reads it (the URL Standard): leading and trailing C0
//! controls and spaces are stripped and ASCII tabs and newlines removed anywhere, so
//! `" java\tscript:"` is `javascript:`. HTML character references are decoded before this by
//! whoever hands the URL over (pulldown-cmark for Markdown, [`decode_html_attribute`] for raw
//! HTML); front-matter values are escaped on the page, so `&#106;` in them stays literal text.

/// What [`check_url`] accepts, for messages.
pub(crate) const ACCEPTED: &str = "expected http:, https:, mailto: or a relative address";

/// `Ok` when `url` may be published as a link or image address; otherwise why not, with what
/// was expected in parentheses.
pub(crate) fn check_url(url: &str) -> Result<(), String> {
    match scheme(url) {
        None => Ok(()),
        Some(s) if matches!(s.as_str(), "http" | "https" | "mailto") => Ok(()),
        Some(s) => Err(format!("scheme `{s}:` is not allowed ({ACCEPTED})")),
    }
}

/// `base_url` makes the feed's and sitemap's addresses absolute: it must be an absolute `http:`
/// or `https:` address.
pub(crate) fn check_base_url(url: &str) -> Result<(), String> {
    const EXPECTED: &str =
        "expected an absolute http: or https: address, like https://ops.example.com/review/";
    if url.chars().any(|c| c <= ' ' || c == '\u{7f}') {
        return Err(format!(
            "spaces and control characters are not allowed ({EXPECTED})"
        ));
    }
    match scheme(url) {
        Some(s) if matches!(s.as_str(), "http" | "https") => {
            let host = url[s.len() + 1..].strip_prefix("//").unwrap_or("");
            if host.is_empty() || host.starts_with('/') {
                Err(format!("it names no host ({EXPECTED})"))
            } else {
                Ok(())
            }
        }
        Some(s) => Err(format!("scheme `{s}:` is not allowed ({EXPECTED})")),
        None => Err(format!("it is not an absolute address ({EXPECTED})")),
    }
}

/// The URL as a browser's URL parser sees it before it reads the scheme.
fn normalise(url: &str) -> String {
    url.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// The scheme of `url` in lower case, or `None` for a relative address: an ASCII letter, then
/// letters, digits, `+`, `-` or `.`, up to the first `:`.
pub(crate) fn scheme(url: &str) -> Option<String> {
    let url = normalise(url);
    let (head, _) = url.split_once(':')?;
    let mut chars = head.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| head.to_ascii_lowercase())
}

/// A URL for a one-line message: control characters escaped, cut after 60 characters.
pub(crate) fn shown(url: &str) -> String {
    let escaped: String = url.escape_debug().collect();
    if escaped.chars().count() <= 60 {
        escaped
    } else {
        format!("{}…", escaped.chars().take(60).collect::<String>())
    }
}

/// The attributes that hold an address, on any element.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "ping",
    "cite",
    "background",
    "longdesc",
    "data",
];

/// Elements whose content is text, not markup, until their end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// An address in raw HTML: `<a href="…">`.
#[derive(Debug, PartialEq)]
pub(crate) struct HtmlUrl {
    pub element: String,
    pub attribute: String,
    /// The value as the browser reads it, character references decoded.
    pub value: String,
    /// Byte offset of the value's first character in the HTML text.
    pub offset: usize,
}

/// The URL attributes of the start tags in a piece of raw HTML, read as the HTML tokenizer
/// reads them: comments, end tags and the text of `<script>`, `<style>` and the like skipped;
/// attribute values double-quoted, single-quoted or bare.
// A byte scanner: every index is checked against `bytes.len()` just before it is used, and
// slices end at ASCII bytes, so on character boundaries (the mutation test feeds it too).
#[allow(clippy::indexing_slicing)]
pub(crate) fn html_urls(html: &str) -> Vec<HtmlUrl> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|p| i + p) {
        let rest = &html[lt + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            i = comment.find("-->").map_or(html.len(), |p| lt + 4 + p + 3);
            continue;
        }
        if rest.starts_with(['!', '?', '/']) {
            i = rest.find('>').map_or(html.len(), |p| lt + 1 + p + 1);
            continue;
        }
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            i = lt + 1;
            continue;
        }
        let space_or_end = |b: u8| b.is_ascii_whitespace() || b == b'/' || b == b'>';
        let mut j = lt + 1;
        while j < bytes.len() && !space_or_end(bytes[j]) {
            j += 1;
        }
        let element = html[lt + 1..j].to_ascii_lowercase();
        // Attributes, until `>`.
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                break;
            }
            let name_start = j;
            j += 1; // a name may start with `=`
            while j < bytes.len() && !space_or_end(bytes[j]) && bytes[j] != b'=' {
                j += 1;
            }
            let name = html[name_start..j].to_ascii_lowercase();
            let mut k = j;
            while k < bytes.len() && bytes[k].is_ascii_whitespace() {
                k += 1;
            }
            let mut value = None;
            if k < bytes.len() && bytes[k] == b'=' {
                k += 1;
                while k < bytes.len() && bytes[k].is_ascii_whitespace() {
                    k += 1;
                }
                let (start, end, next) = match bytes.get(k) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[k + 1..]
                            .find(q as char)
                            .map_or(html.len(), |p| k + 1 + p);
                        (k + 1, end, (end + 1).min(html.len()))
                    }
                    _ => {
                        let mut end = k;
                        while end < bytes.len()
                            && !bytes[end].is_ascii_whitespace()
                            && bytes[end] != b'>'
                        {
                            end += 1;
                        }
                        (k, end, end)
                    }
                };
                value = Some((start, &html[start..end]));
                j = next;
            }
            if URL_ATTRIBUTES.contains(&name.as_str()) {
                let (offset, raw) = value.unwrap_or((j, ""));
                out.push(HtmlUrl {
                    element: element.clone(),
                    attribute: name,
                    value: decode_html_attribute(raw),
                    offset,
                });
            }
        }
        i = (j + 1).min(html.len());
        if RAW_TEXT.contains(&element.as_str()) {
            let close = format!("</{element}");
            i = html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |p| i + p);
        }
    }
    out
}

/// An attribute value with its character references decoded: numeric ones (`&#106;`,
/// `&#x6a`, with or without `;`) and named ones with their `;` (`&colon;`, `&Tab;`; the names
/// are HTML's, looked up through pulldown-cmark, which knows all of them). The few legacy names
/// a browser also takes without `;` decode to no letter, digit, colon or space, so they cannot
/// change a scheme and are left as they are.
pub(crate) fn decode_html_attribute(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let after = &rest[1..];
        if let Some(number) = after.strip_prefix('#') {
            let (hex, digits) = match number.strip_prefix(['x', 'X']) {
                Some(h) => (true, h),
                None => (false, number),
            };
            let len = digits
                .find(|c: char| {
                    !(if hex {
                        c.is_ascii_hexdigit()
                    } else {
                        c.is_ascii_digit()
                    })
                })
                .unwrap_or(digits.len());
            if len > 0 {
                let value = u32::from_str_radix(&digits[..len], if hex { 16 } else { 10 });
                let c = value
                    .ok()
                    .filter(|&v| v != 0)
                    .and_then(char::from_u32)
                    .unwrap_or('\u{fffd}');
                out.push(c);
                let used = 1 + (number.len() - digits.len()) + len;
                rest = &after[used..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
                continue;
            }
        } else {
            let len = after
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(after.len());
            if len > 0 && after[len..].starts_with(';') {
                let reference = &rest[..len + 2];
                if let Some(decoded) = named_reference(reference) {
                    out.push_str(&decoded);
                    rest = &rest[len + 2..];
                    continue;
                }
            }
        }
        out.push('&');
        rest = &rest[1..];
    }
    out.push_str(rest);
    out
}

/// `&colon;` → `:`, through the Markdown parser's table of HTML's names; `None` for a name HTML
/// does not have.
fn named_reference(reference: &str) -> Option<String> {
    let mut text = String::new();
    for event in pulldown_cmark::Parser::new(reference) {
        match event {
            pulldown_cmark::Event::Text(t) => text.push_str(&t),
            pulldown_cmark::Event::Start(_) | pulldown_cmark::Event::End(_) => {}
            _ => return None,
        }
    }
    (text != reference).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_schemes_and_relative_addresses_pass() {
        for good in [
            "https://grafana.example.com/d/ledger",
            "HTTP://EXAMPLE.COM",
            "mailto:oncall@example.com",
            "../reviews/2025-W14/",
            "//cdn.example.com/x.png",
            "#timeline",
            "?q=1",
            "latency.png",
            "a b:c",
            "/x:y",
            "1abc:def",
            "",
        ] {
            assert_eq!(check_url(good), Ok(()), "{good:?}");
        }
        for (bad, scheme) in [
            ("javascript:alert(1)", "javascript"),
            ("JaVaScRiPt:alert(1)", "javascript"),
            ("java\tscript:alert(1)", "javascript"),
            ("java\nscript:alert(1)", "javascript"),
            ("java\r\nscript:alert(1)", "javascript"),
            ("  \u{1}\u{1f}javascript:alert(1)", "javascript"),
            ("javascript:alert(1)\u{0} ", "javascript"),
            ("vbscript:msgbox(1)", "vbscript"),
            ("data:text/html,<script>alert(1)</script>", "data"),
            ("file:///etc/passwd", "file"),
            ("ftp://example.com/", "ftp"),
            ("web+app:x", "web+app"),
        ] {
            let why = check_url(bad).unwrap_err();
            assert_eq!(
                why,
                format!("scheme `{scheme}:` is not allowed ({ACCEPTED})"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn base_url_is_an_absolute_web_address() {
        assert_eq!(check_base_url("https://ops.example.com/review/"), Ok(()));
        assert_eq!(check_base_url("http://localhost:8080"), Ok(()));
        for bad in [
            "javascript:alert(1)//",
            "mailto:a@example.com",
            "/review/",
            "ops.example.com",
            "https:///x",
            "https:x",
            " https://ops.example.com/",
            "https://ops.example.com/\u{1}",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn raw_html_attributes_are_read_like_a_browser() {
        let found = html_urls(
            "<p><A HREF = 'javascript:a()'>x</A> <img alt=\"x\" src=data:x>\
             <!-- <a href=\"javascript:no\"> --><script>'<a href=\"javascript:no\">'</script>\
             <a title=\"href=javascript:no\" href=\"&#106;ava&#x09;script&colon;b()\"></a></p>",
        );
        let urls: Vec<(&str, &str, &str)> = found
            .iter()
            .map(|u| (u.element.as_str(), u.attribute.as_str(), u.value.as_str()))
            .collect();
        assert_eq!(
            urls,
            [
                ("a", "href", "javascript:a()"),
                ("img", "src", "data:x"),
                ("a", "href", "java\tscript:b()"),
            ]
        );
        assert_eq!(found[0].offset, "<p><A HREF = '".len());
    }

    #[test]
    fn character_references_decode() {
        assert_eq!(decode_html_attribute("&#106;&#X61;&#118a"), "java");
        assert_eq!(
            decode_html_attribute("a&Tab;b&NewLine;c&colon;"),
            "a\tb\nc:"
        );
        assert_eq!(
            decode_html_attribute("&nosuch; &amp &#0; &"),
            "&nosuch; &amp \u{fffd} &"
        );
    }

    #[test]
    fn urls_are_shown_on_one_line() {
        assert_eq!(shown("java\tscript:x"), "java\\tscript:x");
        assert!(shown(&"a".repeat(100)).ends_with('…'));
    }
}
