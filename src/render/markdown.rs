//! Markdown to safe HTML: CommonMark with tables, footnotes, strikethrough, task lists and heading
//! anchors; wiki links (`[[INC-2025-014]]`, `[[team:payments|the payments team]]`) resolved to
//! relative addresses; raw HTML sanitised by ammonia (no scripts, event handlers, and no address
//! with a scheme other than `http:`, `https:` and `mailto:`).

use std::collections::{BTreeSet, HashSet};
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd};

use crate::resolve::links::markdown_options;

use crate::types::slugify;

/// What the renderer needs to know about the page it writes into.
pub struct Context<'a> {
    /// Relative path from the page to the site root, such as `../../`.
    pub root: &'a str,
    /// A wiki link's target → (address below the root, title); `None` when it names nothing, an
    /// empty address when the record exists but has no page of its own.
    pub resolve: &'a (dyn Fn(&str) -> Option<(String, String)> + Sync),
    /// A folder name that relative links may start with and that is published beside the page
    /// (a review's `2025-W14/` folder): stripped so that links work in previews and on the site.
    pub local_folder: Option<&'a str>,
    /// Put before every relative address (after `local_folder` is stripped), for a page one
    /// folder below the record's (`../` for a review's slides); usually empty.
    pub relative_prefix: &'a str,
    /// Ids the page's template uses itself: a heading of the same name gets a suffix instead.
    pub reserved_ids: &'a [&'a str],
}

/// Markdown to sanitised HTML. A wiki link to nothing (reported by the resolve stage, or
/// allowed with `broken_links: warn`) renders as marked text.
pub fn render(markdown: &str, cx: &Context) -> String {
    let events = Parser::new_ext(markdown, markdown_options());
    let events = resolve_links(events, cx);
    let events = anchor_headings(events, cx.reserved_ids);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    sanitizer().clean(&html).to_string()
}

/// The words of a Markdown text without its markup, whitespace collapsed, cut at a word
/// boundary to at most `max` characters (with `…`): for meta descriptions, feeds and search.
pub fn plain_text(markdown: &str, max: usize) -> String {
    let mut words = String::new();
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => words.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => words.push(' '),
            _ => {}
        }
    }
    let collapsed = words.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max {
        return collapsed;
    }
    let cut: String = collapsed.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

/// Renders a short one-paragraph field (a note, an impact line) without the wrapping `<p>`.
pub fn render_inline(markdown: &str, cx: &Context) -> String {
    let html = render(markdown, cx);
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

fn resolve_links<'e>(events: impl Iterator<Item = Event<'e>>, cx: &Context) -> Vec<Event<'e>> {
    let mut out = Vec::new();
    // While inside an unlabelled wiki link, its text is replaced by the record's title.
    let mut replacing = false;
    let mut in_span = false;
    for event in events {
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                title,
                id,
            }) => match (cx.resolve)(&dest_url) {
                Some((address, record_title)) if address.is_empty() => {
                    out.push(Event::Html(r#"<span class="record">"#.into()));
                    in_span = true;
                    if !has_pothole {
                        out.push(Event::Text(record_title.into()));
                        replacing = true;
                    }
                }
                Some((address, record_title)) => {
                    let url = format!("{}{address}", cx.root);
                    out.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: url.into(),
                        title,
                        id,
                    }));
                    if !has_pothole {
                        out.push(Event::Text(record_title.into()));
                        replacing = true;
                    }
                }
                None => {
                    out.push(Event::Html(r#"<span class="broken-link">"#.into()));
                    in_span = true;
                    if !has_pothole {
                        out.push(Event::Text(dest_url.clone()));
                        replacing = true;
                    }
                }
            },
            Event::End(TagEnd::Link) if in_span => {
                out.push(Event::Html("</span>".into()));
                in_span = false;
                replacing = false;
            }
            Event::End(TagEnd::Link) => {
                replacing = false;
                out.push(Event::End(TagEnd::Link));
            }
            _ if replacing => {}
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = local(dest_url, cx.local_folder, cx.relative_prefix);
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = local(dest_url, cx.local_folder, cx.relative_prefix);
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            // A disabled checkbox is a form control without a label to assistive technology;
            // a ballot-box character reads as what it is.
            Event::TaskListMarker(done) => {
                out.push(Event::Text(if done { "☑ " } else { "☐ " }.into()))
            }
            other => out.push(other),
        }
    }
    out
}

fn local<'e>(url: CowStr<'e>, folder: Option<&str>, prefix: &str) -> CowStr<'e> {
    let url = match folder
        .and_then(|f| url.strip_prefix(f))
        .and_then(|rest| rest.strip_prefix('/'))
    {
        Some(rest) => rest.to_string().into(),
        None => url,
    };
    let relative = !url.is_empty()
        && !url.starts_with(['#', '/', '?'])
        && crate::load::urls::scheme(&url).is_none();
    if prefix.is_empty() || !relative {
        return url;
    }
    format!("{prefix}{url}").into()
}

/// Gives every heading an id from its text (unique within the page), so sections can be linked.
fn anchor_headings<'e>(events: Vec<Event<'e>>, reserved: &[&str]) -> Vec<Event<'e>> {
    let mut used: BTreeSet<String> = reserved.iter().map(|id| id.to_string()).collect();
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &events[i]
        {
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let text: String = events[i + 1..end]
                .iter()
                .filter_map(|e| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            let base = id
                .as_ref()
                .map_or_else(|| slugify(&text), |id| id.to_string());
            let base = if base.is_empty() {
                "section".to_string()
            } else {
                base
            };
            let mut anchor = base.clone();
            let mut n = 1;
            while !used.insert(anchor.clone()) {
                n += 1;
                anchor = format!("{base}-{n}");
            }
            out.push(Event::Start(Tag::Heading {
                level: *level,
                id: Some(anchor.into()),
                classes: classes.clone(),
                attrs: attrs.clone(),
            }));
        } else {
            out.push(events[i].clone());
        }
        i += 1;
    }
    out
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        // The schemes the load stage accepts (load::urls); relative addresses pass as they are.
        // Raw HTML with any other scheme is reported by the resolve stage; this is the net.
        b.url_schemes(HashSet::from(["http", "https", "mailto"]))
            .url_relative(ammonia::UrlRelative::PassThrough)
            .add_generic_attributes(["id"])
            .add_tag_attributes("span", ["class"])
            .add_tag_attributes("sup", ["class"])
            .add_tag_attributes("div", ["class"])
            .add_tag_attributes("code", ["class"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .filter_style_properties(HashSet::from(["text-align"]));
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(target: &str) -> Option<(String, String)> {
        match target {
            "team:payments" => Some(("teams/payments/".into(), "Payments".into())),
            "alert:Noisy" => Some((String::new(), "Noisy".into())),
            _ => None,
        }
    }

    fn html(md: &str) -> String {
        render(
            md,
            &Context {
                root: "../../",
                resolve: &resolve,
                local_folder: Some("2025-W14"),
                relative_prefix: "",
                reserved_ids: &["incidents"],
            },
        )
    }

    #[test]
    fn extensions_are_on() {
        let out = html("| a | b |\n|---|:-:|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ and a note[^1]\n\n[^1]: The note.\n");
        assert!(out.contains("<table>"), "{out}");
        assert!(out.contains(r#"style="text-align:center""#), "{out}");
        assert!(out.contains("<li>☑ done</li>"), "{out}");
        assert!(out.contains("<del>old</del>"), "{out}");
        assert!(out.contains(r#"class="footnote-reference""#), "{out}");
    }

    #[test]
    fn headings_get_unique_anchors() {
        let out =
            html("## What went well\n\n## What went well\n\n### `p99` latency {#custom}\n\n## Incidents\n");
        assert!(out.contains(r#"<h2 id="what-went-well">"#), "{out}");
        assert!(out.contains(r#"<h2 id="what-went-well-2">"#), "{out}");
        assert!(out.contains(r#"<h3 id="custom">"#), "{out}");
        assert!(
            out.contains(r#"<h2 id="incidents-2">"#),
            "the template's own id is not reused: {out}"
        );
        assert!(
            out.contains(r#"<h2 id="incidents-2">"#),
            "the template's own id is not reused: {out}"
        );
    }

    #[test]
    fn wiki_links_resolve_to_relative_addresses() {
        let out = html("See [[team:payments]] and [[team:payments|them]], not `[[team:x]]`.");
        assert!(
            out.contains(
                r#"<a href="../../teams/payments/" rel="noopener noreferrer">Payments</a>"#
            ),
            "{}",
            out
        );
        assert!(out.contains(">them</a>"), "{}", out);
        assert!(out.contains("<code>[[team:x]]</code>"), "{}", out);
        let out = html("[[team:nobody]]");
        assert!(
            out.contains(r#"<span class="broken-link">team:nobody</span>"#),
            "{}",
            out
        );
        let out = html("[[alert:Noisy]]");
        assert!(
            out.contains(r#"<span class="record">Noisy</span>"#),
            "{}",
            out
        );
    }

    #[test]
    fn raw_html_is_sanitised() {
        let out = html("<script>alert(1)</script><a href=\"javascript:alert(1)\" onclick=\"x()\">x</a><img src=x onerror=alert(1)>");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("javascript:"), "{out}");
        assert!(!out.contains("onclick"), "{out}");
        assert!(!out.contains("onerror"), "{out}");
    }

    #[test]
    fn links_into_the_review_folder_are_made_local() {
        let out = html("![latency](2025-W14/latency.png) [log](2025-W14/pages.csv)");
        assert!(out.contains(r#"src="latency.png""#), "{out}");
        assert!(out.contains(r#"href="pages.csv""#), "{out}");
    }

    #[test]
    fn a_page_one_folder_down_puts_its_prefix_before_relative_addresses_only() {
        let out = render(
            "![l](2025-W14/latency.png) [a](other/) [b](#x) [c](/abs) [d](https://e.com/) [[team:payments]]",
            &Context {
                root: "../../../",
                resolve: &resolve,
                local_folder: Some("2025-W14"),
                relative_prefix: "../",
                reserved_ids: &[],
            },
        );
        for expected in [
            r#"src="../latency.png""#,
            r#"href="../other/""#,
            r##"href="#x""##,
            r#"href="/abs""#,
            r#"href="https://e.com/""#,
            r#"href="../../../teams/payments/""#,
        ] {
            assert!(out.contains(expected), "{expected} in {out}");
        }
    }
}
