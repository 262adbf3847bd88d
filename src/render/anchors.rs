//! Visible anchor links on headings: every `<h2>`–`<h4>` with an `id` inside a page's `<main>`
//! gets a `#` link to itself at its end, so a reader can copy the address of a section (the
//! Markdown's headings and the templates' alike).
//!
//! The link is for the pointer: hidden from assistive technology and out of the tab order
//! (`aria-hidden`, `tabindex="-1"`), so that a heading's name — and a section labelled by it —
//! stays its text; the section's address is the page's address with `#id`.

/// `html` with an anchor link at the end of each heading with an id inside `<main>`.
pub fn add(html: &str) -> String {
    let (Some(start), Some(end)) = (html.find("<main"), html.rfind("</main>")) else {
        return html.to_string();
    };
    if end < start {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 1024);
    out.push_str(&html[..start]);
    let mut rest = &html[start..end];
    while let Some((at, level)) = next_heading(rest) {
        let open = &rest[at..];
        let id_start = "<h2 id=\"".len();
        let Some(id_len) = open[id_start..].find('"') else {
            break;
        };
        let id = &open[id_start..id_start + id_len];
        let close = format!("</h{level}>");
        let Some(close_at) = open.find(&close) else {
            break;
        };
        out.push_str(&rest[..at]);
        out.push_str(&open[..close_at]);
        out.push_str(&format!(
            " <a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>"
        ));
        rest = &open[close_at..];
    }
    out.push_str(rest);
    out.push_str(&html[end..]);
    out
}

/// Where the next `<h2 id="`, `<h3 id="` or `<h4 id="` starts, and its level.
fn next_heading(s: &str) -> Option<(usize, char)> {
    ['2', '3', '4']
        .into_iter()
        .filter_map(|l| s.find(&format!("<h{l} id=\"")).map(|at| (at, l)))
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_with_an_id_in_main_get_a_link_to_themselves() {
        let html = "<head><h2 id=\"x\">no</h2></head><main id=\"main\">\
                    <h1>Title</h1><h2 id=\"facts\">Facts</h2><p>a</p>\
                    <h3 id=\"q-1\">Q <small>(2)</small></h3><h2>no id</h2><h4 id=\"z\">Z</h4>\
                    </main><footer><h2 id=\"f\">F</h2></footer>";
        assert_eq!(
            add(html),
            "<head><h2 id=\"x\">no</h2></head><main id=\"main\">\
             <h1>Title</h1><h2 id=\"facts\">Facts <a class=\"anchor\" href=\"#facts\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2><p>a</p>\
             <h3 id=\"q-1\">Q <small>(2)</small> <a class=\"anchor\" href=\"#q-1\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h3><h2>no id</h2>\
             <h4 id=\"z\">Z <a class=\"anchor\" href=\"#z\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h4>\
             </main><footer><h2 id=\"f\">F</h2></footer>"
        );
    }

    #[test]
    fn a_page_without_main_or_headings_is_unchanged() {
        for html in ["<p>x</p>", "<main><p>x</p></main>", "</main><main>"] {
            assert_eq!(add(html), html);
        }
    }
}
