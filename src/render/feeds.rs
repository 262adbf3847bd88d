//! The files for feed readers and search engines: an Atom feed of weekly reviews and incidents
//! (`/feed.xml`) and `sitemap.xml`. Both need absolute addresses, so they use `base_url`.

use jiff::Timestamp;

use super::OutputFile;
use crate::analyze::incidents;
use crate::resolve::{Archive, Ref};

/// Where the Atom feed and the sitemap are written.
pub const FEED_PATH: &str = "feed.xml";
pub const SITEMAP_PATH: &str = "sitemap.xml";
/// How many entries the feed holds: readers want what is new, the archive holds the rest.
pub const FEED_ENTRIES: usize = 50;

/// Text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// `base_url` with one trailing slash, or `None`.
pub(crate) fn base(a: &Archive) -> Option<String> {
    a.site
        .base_url
        .as_ref()
        .map(|b| format!("{}/", b.trim_end_matches('/')))
}

struct Entry {
    title: String,
    address: String,
    updated: Timestamp,
    published: Timestamp,
    summary: String,
    category: &'static str,
}

/// The end of a day in the site's time zone, as a timestamp.
fn end_of_day(a: &Archive, day: jiff::civil::Date) -> Timestamp {
    day.at(23, 59, 59, 0)
        .to_zoned(a.site.time_zone.tz.clone())
        .map_or(Timestamp::UNIX_EPOCH, |z| z.timestamp())
}

/// The Atom feed: the newest reviews and incidents up to the as-of date, newest first. Entry ids
/// are the records' permanent addresses (or `urn:opsbook:` names without a `base_url`), so a
/// reader never sees an entry twice. No wall clock: `updated` comes from the records.
pub fn atom(a: &Archive, describe: impl Fn(&str) -> String) -> OutputFile {
    let mut entries: Vec<Entry> = vec![];
    for r in a
        .reviews
        .iter()
        // A draft is not news yet.
        .filter(|r| !r.front.draft && r.front.week.monday() <= a.as_of)
    {
        let at = end_of_day(a, r.front.week.sunday().min(a.as_of));
        entries.push(Entry {
            title: format!("Week {}", r.front.week),
            address: Ref::Review(r.front.week).address(),
            updated: at,
            published: at,
            summary: r
                .front
                .summary
                .as_deref()
                .map(&describe)
                .unwrap_or_default(),
            category: "review",
        });
    }
    let as_of_end = end_of_day(a, a.as_of);
    for i in incidents::in_scope(a) {
        let f = &i.front;
        let updated = [f.resolved, f.mitigated, f.acknowledged, f.detected]
            .into_iter()
            .flatten()
            .filter(|t| *t <= as_of_end)
            .max()
            .unwrap_or(f.started)
            .max(f.started);
        entries.push(Entry {
            title: format!("{}: {} ({})", f.id, f.title, f.severity),
            address: Ref::Incident(f.id.clone()).address(),
            updated,
            published: f.started,
            summary: f.impact.as_deref().map(&describe).unwrap_or_default(),
            category: "incident",
        });
    }
    entries.sort_by(|x, y| (y.updated, &y.address).cmp(&(x.updated, &x.address)));
    entries.truncate(FEED_ENTRIES);

    let base = base(a);
    let absolute = |address: &str| match &base {
        Some(b) => format!("{b}{address}"),
        None => address.to_string(),
    };
    let id = |address: &str| match &base {
        Some(b) => format!("{b}{address}"),
        None => format!(
            "urn:opsbook:{}:{}",
            crate::types::slugify(&a.site.organisation),
            address.trim_end_matches('/')
        ),
    };
    let stamp = |t: Timestamp| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    let updated = entries
        .first()
        .map_or_else(|| stamp(as_of_end), |e| stamp(e.updated));

    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_escape(&a.site.language)
    ));
    xml.push_str(&format!("  <title>{}</title>\n", xml_escape(&a.site.title)));
    if let Some(d) = &a.site.description {
        xml.push_str(&format!("  <subtitle>{}</subtitle>\n", xml_escape(d)));
    }
    if base.is_some() {
        xml.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            xml_escape(&absolute("feed.xml"))
        ));
    }
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&absolute(""))
    ));
    xml.push_str(&format!("  <id>{}</id>\n", xml_escape(&id(""))));
    xml.push_str(&format!("  <updated>{updated}</updated>\n"));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(&a.site.organisation)
    ));
    xml.push_str("  <generator>opsbook</generator>\n");
    for e in &entries {
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", xml_escape(&e.title)));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&absolute(&e.address))
        ));
        xml.push_str(&format!("    <id>{}</id>\n", xml_escape(&id(&e.address))));
        xml.push_str(&format!(
            "    <published>{}</published>\n",
            stamp(e.published)
        ));
        xml.push_str(&format!("    <updated>{}</updated>\n", stamp(e.updated)));
        xml.push_str(&format!("    <category term=\"{}\"/>\n", e.category));
        if !e.summary.is_empty() {
            xml.push_str(&format!(
                "    <summary>{}</summary>\n",
                xml_escape(&e.summary)
            ));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    OutputFile {
        path: FEED_PATH.into(),
        bytes: xml.into_bytes(),
    }
}

/// `sitemap.xml` over the given page addresses (sorted), when `base_url` is set: the sitemap
/// protocol wants absolute addresses.
pub fn sitemap(a: &Archive, addresses: &[&str]) -> Option<OutputFile> {
    let base = base(a)?;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for address in addresses {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            xml_escape(&format!("{base}{address}"))
        ));
    }
    xml.push_str("</urlset>\n");
    Some(OutputFile {
        path: SITEMAP_PATH.into(),
        bytes: xml.into_bytes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(
            xml_escape("a < b & \"c\" 'd'\u{1}"),
            "a &lt; b &amp; &quot;c&quot; &apos;d&apos;"
        );
    }
}
