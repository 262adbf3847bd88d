//! Setting a team's `pages_csv:` in a review's text, line by line, so that everything else a
//! person wrote — comments, order, quoting — stays as it was. The places come from the YAML
//! tree with positions; the result is read again to prove it says what was meant.

use crate::load::records::ReviewFront;
use crate::load::yaml::{self, Node, Value};

/// Leading spaces of a line.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// The index of the last line of the block of the key on line `key` (indented `key_indent`),
/// looking no further than `limit`: the lines indented more, or list items at the key's own
/// indentation; blank and comment lines in between belong to it, trailing ones do not.
fn block_end(lines: &[String], key: usize, key_indent: usize, limit: usize) -> usize {
    let mut last = key;
    for (i, line) in lines.iter().enumerate().take(limit).skip(key + 1) {
        if is_blank_or_comment(line) {
            continue;
        }
        let ind = indent(line);
        if ind > key_indent || (ind == key_indent && line.trim_start().starts_with("- ")) {
            last = i;
        } else {
            break;
        }
    }
    last
}

/// The character at a 1-based position.
fn char_at(lines: &[String], line: usize, column: usize) -> Option<char> {
    lines
        .get(line.checked_sub(1)?)?
        .chars()
        .nth(column.checked_sub(1)?)
}

fn is_null(node: &Node) -> bool {
    matches!(&node.value, Value::Scalar(s, _) if matches!(s.as_str(), "" | "~" | "null" | "Null" | "NULL"))
}

fn entry<'a>(node: &'a Node, key: &str) -> Option<&'a yaml::Entry> {
    match &node.value {
        Value::Map(entries) => entries.iter().find(|e| e.key == key),
        _ => None,
    }
}

/// Replaces lines `from..to` (0-based, `to` excluded) by `with`.
struct Edit {
    from: usize,
    to: usize,
    with: Vec<String>,
}

/// The text of a review with `teams.<team>.pages_csv: <value>` set and the team's `pages:`
/// taken out. `Err` says why the text could not be changed line by line (a section written in
/// flow style, `{…}`), for a person to do it.
pub(super) fn set_pages_csv(text: &str, team: &str, value: &str) -> Result<String, String> {
    let (front, _, _) = crate::load::split_front_matter(text)?;
    let (tree, problems) = yaml::single(front, 2);
    let tree = match (tree, problems.first()) {
        (Some(tree), None) => tree,
        _ => return Err("its front matter does not read as YAML".into()),
    };
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    if lines.last().is_some_and(|l| !l.ends_with('\n')) {
        if let Some(l) = lines.last_mut() {
            l.push('\n');
        }
    }
    // The closing `---` line: the front matter's lines follow the opening one.
    let close = 1 + front.split_inclusive('\n').count();
    let line_of = |p: crate::diagnostics::Position| p.line.saturating_sub(1);
    let flow = "the section is written in flow style, `{…}` (expected one key per line)";
    let mut edits: Vec<Edit> = vec![];
    let setting = |ind: usize| format!("{}pages_csv: {value}\n", " ".repeat(ind));

    match entry(&tree, "teams") {
        None => edits.push(Edit {
            from: close,
            to: close,
            with: vec!["teams:\n".into(), format!("  {team}:\n"), setting(4)],
        }),
        Some(teams) => {
            let key = line_of(teams.key_at);
            let key_indent = teams.key_at.column.saturating_sub(1);
            let node = &teams.value;
            if is_null(node) {
                edits.push(Edit {
                    from: key + 1,
                    to: key + 1,
                    with: vec![
                        format!("{}  {team}:\n", " ".repeat(key_indent)),
                        setting(key_indent + 4),
                    ],
                });
            } else if char_at(&lines, node.at.line, node.at.column) == Some('{') {
                let empty = matches!(&node.value, Value::Map(e) if e.is_empty());
                let line = lines.get(line_of(node.at)).cloned().unwrap_or_default();
                if !empty || !line.contains("{}") {
                    return Err(format!("teams: {flow}"));
                }
                edits.push(Edit {
                    from: key,
                    to: key + 1,
                    with: vec![
                        line.replacen("{}", "", 1),
                        format!("{}  {team}:\n", " ".repeat(key_indent)),
                        setting(key_indent + 4),
                    ],
                });
            } else {
                let Value::Map(entries) = &node.value else {
                    return Err("teams: is not a mapping (expected team ids as keys)".into());
                };
                let team_indent = entries
                    .first()
                    .map_or(key_indent + 2, |e| e.key_at.column.saturating_sub(1));
                match entries.iter().find(|e| e.key == team) {
                    None => {
                        let end = block_end(&lines, key, key_indent, close);
                        edits.push(Edit {
                            from: end + 1,
                            to: end + 1,
                            with: vec![
                                format!("{}{team}:\n", " ".repeat(team_indent)),
                                setting(team_indent + 2),
                            ],
                        });
                    }
                    Some(section) => {
                        section_edits(&lines, section, close, &setting, &mut edits)
                            .map_err(|why| format!("teams.{team}: {why}"))?;
                    }
                }
            }
        }
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.from));
    for e in edits {
        let to = e.to.min(lines.len());
        let from = e.from.min(to);
        lines.splice(from..to, e.with);
    }
    let result = lines.concat();
    check(&result, team, value)?;
    Ok(result)
}

/// The edits inside one team's section.
fn section_edits(
    lines: &[String],
    section: &yaml::Entry,
    close: usize,
    setting: &dyn Fn(usize) -> String,
    edits: &mut Vec<Edit>,
) -> Result<(), String> {
    let line_of = |p: crate::diagnostics::Position| p.line.saturating_sub(1);
    let key = line_of(section.key_at);
    let key_indent = section.key_at.column.saturating_sub(1);
    let node = &section.value;
    if is_null(node) {
        edits.push(Edit {
            from: key + 1,
            to: key + 1,
            with: vec![setting(key_indent + 2)],
        });
        return Ok(());
    }
    if char_at(lines, node.at.line, node.at.column) == Some('{') {
        return Err(
            "the section is written in flow style, `{…}` (expected one key per line)".into(),
        );
    }
    let Value::Map(children) = &node.value else {
        return Err("the section is not a mapping (expected `oncall:`, `pages:`, … keys)".into());
    };
    let child_indent = children
        .first()
        .map_or(key_indent + 2, |e| e.key_at.column.saturating_sub(1));
    let own_line = |e: &yaml::Entry| {
        lines
            .get(line_of(e.key_at))
            .is_some_and(|l| indent(l) == e.key_at.column.saturating_sub(1))
    };
    let csv = children.iter().find(|e| e.key == "pages_csv");
    let pages = children.iter().find(|e| e.key == "pages");
    for e in csv.iter().chain(pages.iter()) {
        if !own_line(e) {
            return Err(format!(
                "`{}` is not on a line of its own (expected one key per line)",
                e.key
            ));
        }
    }
    if let Some(csv) = csv {
        let at = line_of(csv.key_at);
        edits.push(Edit {
            from: at,
            to: at + 1,
            with: vec![setting(child_indent)],
        });
    }
    if let Some(pages) = pages {
        let at = line_of(pages.key_at);
        let ind = pages.key_at.column.saturating_sub(1);
        let mut end = block_end(lines, at, ind, close) + 1;
        // The scaffold's hint below an empty `pages: []` goes with it.
        if lines
            .get(end)
            .is_some_and(|l| l.trim_start().starts_with("# pages_csv:"))
        {
            end += 1;
        }
        let with = if csv.is_some() {
            vec![]
        } else {
            vec![setting(ind)]
        };
        edits.push(Edit {
            from: at,
            to: end,
            with,
        });
    }
    if csv.is_none() && pages.is_none() {
        let end = block_end(lines, key, key_indent, close);
        edits.push(Edit {
            from: end + 1,
            to: end + 1,
            with: vec![setting(child_indent)],
        });
    }
    Ok(())
}

/// The changed text reads as a review whose team has this `pages_csv` and no `pages`.
fn check(text: &str, team: &str, value: &str) -> Result<(), String> {
    let (front, _, _) = crate::load::split_front_matter(text)?;
    let (tree, problems) = yaml::single(front, 2);
    let broken = "the change would not read back as meant (expected to add one line)";
    let (Some(mut tree), None) = (tree, problems.first()) else {
        return Err(broken.into());
    };
    let (review, problems) = yaml::from_node::<ReviewFront>(&mut tree);
    let fine = problems.is_empty()
        && review
            .as_ref()
            .and_then(|r| r.teams.get(team))
            .is_some_and(|t| t.pages_csv.as_deref() == Some(value) && t.pages.is_empty());
    if fine {
        Ok(())
    } else {
        Err(broken.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const V: &str = "2025-W14/payments-pages.csv";

    fn set(text: &str, team: &str) -> String {
        set_pages_csv(text, team, V).unwrap()
    }

    #[test]
    fn a_section_gets_the_line_and_loses_its_pages() {
        let text = "---\nweek: 2025-W14\nteams:\n  payments:\n    oncall: [bob]   # primary\n    pages:\n      - at: 2025-04-01T03:12:00+02:00\n        alert: A\n        service: ledger-api\n\n    notes: |\n      Text\n  search:\n    oncall: [li]\nincidents: []\n---\nBody\n";
        assert_eq!(
            set(text, "payments"),
            "---\nweek: 2025-W14\nteams:\n  payments:\n    oncall: [bob]   # primary\n    pages_csv: 2025-W14/payments-pages.csv\n\n    notes: |\n      Text\n  search:\n    oncall: [li]\nincidents: []\n---\nBody\n"
        );
        assert_eq!(
            set(text, "search"),
            text.replace(
                "    oncall: [li]\n",
                &format!("    oncall: [li]\n    pages_csv: {V}\n")
            )
        );
        // A team without a section gets one at the end of `teams:`.
        let added = set(text, "storage");
        assert!(
            added.contains(&format!(
                "    oncall: [li]\n  storage:\n    pages_csv: {V}\nincidents: []\n"
            )),
            "{added}"
        );
    }

    #[test]
    fn other_shapes_of_reviews() {
        // No teams at all.
        assert_eq!(
            set("---\nweek: 2025-W14\n---\n", "payments"),
            format!("---\nweek: 2025-W14\nteams:\n  payments:\n    pages_csv: {V}\n---\n")
        );
        // The scaffold's empty teams and its empty pages with the hint below it.
        assert_eq!(
            set(
                "---\nweek: 2025-W14\nteams: {}  # none yet\n---\n",
                "payments"
            ),
            format!(
                "---\nweek: 2025-W14\nteams:   # none yet\n  payments:\n    pages_csv: {V}\n---\n"
            )
        );
        let scaffold = "---\nteams:\n  payments:  # Payments\n    oncall: [bob]\n    pages: []  # the week's pages\n    # pages_csv: 2025-W14/payments.csv  # or …\n    notes:  # what deviated\nweek: 2025-W14\n---\n";
        assert_eq!(
            set(scaffold, "payments"),
            format!("---\nteams:\n  payments:  # Payments\n    oncall: [bob]\n    pages_csv: {V}\n    notes:  # what deviated\nweek: 2025-W14\n---\n")
        );
        // Another log is replaced; an empty section gets the line.
        assert_eq!(
            set(
                "---\nweek: 2025-W14\nteams:\n  payments:\n    pages_csv: x.csv  # hand\n---\n",
                "payments"
            ),
            format!("---\nweek: 2025-W14\nteams:\n  payments:\n    pages_csv: {V}\n---\n")
        );
        assert_eq!(
            set(
                "---\nweek: 2025-W14\nteams:\n  payments:\n---\n",
                "payments"
            ),
            format!("---\nweek: 2025-W14\nteams:\n  payments:\n    pages_csv: {V}\n---\n")
        );
        // List items at the key's own indentation belong to it.
        assert_eq!(
            set("---\nweek: 2025-W14\nteams:\n  payments:\n    pages:\n    - {at: 2025-04-01T03:12:00Z, alert: A, service: s}\n    health: 3\n---\n", "payments"),
            format!("---\nweek: 2025-W14\nteams:\n  payments:\n    pages_csv: {V}\n    health: 3\n---\n")
        );
    }

    #[test]
    fn flow_style_is_left_to_a_person() {
        let why = set_pages_csv(
            "---\nweek: 2025-W14\nteams:\n  payments: { oncall: [bob] }\n---\n",
            "payments",
            V,
        )
        .unwrap_err();
        assert!(
            why.starts_with("teams.payments: the section is written in flow style"),
            "{why}"
        );
        assert!(set_pages_csv(
            "---\nweek: 2025-W14\nteams: {payments: {}}\n---\n",
            "payments",
            V
        )
        .is_err());
    }
}
