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

/// The text of a review with `teams.<team>.<field>.<key>: <value>` set for each of `values`
/// (`field` is `slos` or `metrics`), line by line: a slot that is there gets its value (a
/// comment after it stays), a missing one is added at the end of its block, and a missing
/// field, section or `teams:` is added. `Err` says why it could not be done line by line (flow
/// style, `{…}`), for a person to do it.
pub(super) fn set_values(
    text: &str,
    team: &str,
    field: &str,
    values: &[(String, String)],
) -> Result<String, String> {
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
    let close = 1 + front.split_inclusive('\n').count();
    let line_of = |p: crate::diagnostics::Position| p.line.saturating_sub(1);
    let flow = "is written in flow style, `{…}` (expected one key per line)";
    let pad = |n: usize| " ".repeat(n);
    // The lines of the field's block, with its entries `ind` deep.
    let entries = |ind: usize| -> Vec<String> {
        values
            .iter()
            .map(|(k, v)| format!("{}{k}: {v}\n", pad(ind)))
            .collect()
    };
    let mut edits: Vec<Edit> = vec![];
    // Inserts `with` as a block at `at`, replacing an empty `{}` on line `key` when there is one.
    let is_empty_flow = |node: &Node| {
        char_at(&lines, node.at.line, node.at.column) == Some('{')
            && matches!(&node.value, Value::Map(e) if e.is_empty())
    };
    match entry(&tree, "teams") {
        None => {
            let mut with = vec![
                "teams:\n".to_string(),
                format!("  {team}:\n"),
                format!("    {field}:\n"),
            ];
            with.extend(entries(6));
            edits.push(Edit {
                from: close,
                to: close,
                with,
            });
        }
        Some(teams) => {
            let key = line_of(teams.key_at);
            let key_indent = teams.key_at.column.saturating_sub(1);
            let node = &teams.value;
            let new_section = |ind: usize| {
                let mut with = vec![
                    format!("{}{team}:\n", pad(ind)),
                    format!("{}{field}:\n", pad(ind + 2)),
                ];
                with.extend(entries(ind + 4));
                with
            };
            if is_null(node) || is_empty_flow(node) {
                let line = lines.get(key).cloned().unwrap_or_default();
                let mut with = vec![line.replacen("{}", "", 1)];
                with.extend(new_section(key_indent + 2));
                edits.push(Edit {
                    from: key,
                    to: key + 1,
                    with,
                });
            } else {
                let Value::Map(teams_list) = &node.value else {
                    return Err("teams: is not a mapping (expected team ids as keys)".into());
                };
                if char_at(&lines, node.at.line, node.at.column) == Some('{') {
                    return Err(format!("teams: {flow}"));
                }
                let team_indent = teams_list
                    .first()
                    .map_or(key_indent + 2, |e| e.key_at.column.saturating_sub(1));
                match teams_list.iter().find(|e| e.key == team) {
                    None => {
                        let end = block_end(&lines, key, key_indent, close);
                        edits.push(Edit {
                            from: end + 1,
                            to: end + 1,
                            with: new_section(team_indent),
                        });
                    }
                    Some(section) => {
                        let skey = line_of(section.key_at);
                        let sind = section.key_at.column.saturating_sub(1);
                        let snode = &section.value;
                        let new_field = |ind: usize| {
                            let mut with = vec![format!("{}{field}:\n", pad(ind))];
                            with.extend(entries(ind + 2));
                            with
                        };
                        if is_null(snode) {
                            edits.push(Edit {
                                from: skey + 1,
                                to: skey + 1,
                                with: new_field(sind + 2),
                            });
                        } else if char_at(&lines, snode.at.line, snode.at.column) == Some('{') {
                            return Err(format!("teams.{team}: the section {flow}"));
                        } else {
                            let Value::Map(children) = &snode.value else {
                                return Err(format!("teams.{team}: the section is not a mapping"));
                            };
                            let cind = children
                                .first()
                                .map_or(sind + 2, |e| e.key_at.column.saturating_sub(1));
                            match children.iter().find(|e| e.key == field) {
                                None => {
                                    let end = block_end(&lines, skey, sind, close);
                                    edits.push(Edit {
                                        from: end + 1,
                                        to: end + 1,
                                        with: new_field(cind),
                                    });
                                }
                                Some(f) => field_edits(&lines, f, close, values, &mut edits)
                                    .map_err(|why| format!("teams.{team}.{field}: {why}"))?,
                            }
                        }
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
    check_values(&result, team, field, values)?;
    Ok(result)
}

/// The edits inside a team's `slos:` or `metrics:`.
fn field_edits(
    lines: &[String],
    f: &yaml::Entry,
    close: usize,
    values: &[(String, String)],
    edits: &mut Vec<Edit>,
) -> Result<(), String> {
    let line_of = |p: crate::diagnostics::Position| p.line.saturating_sub(1);
    let key = line_of(f.key_at);
    let key_indent = f.key_at.column.saturating_sub(1);
    let node = &f.value;
    let empty_flow = char_at(lines, node.at.line, node.at.column) == Some('{')
        && matches!(&node.value, Value::Map(e) if e.is_empty());
    if is_null(node) || empty_flow {
        let line = lines.get(key).cloned().unwrap_or_default();
        let mut with = vec![line.replacen("{}", "", 1)];
        with.extend(
            values
                .iter()
                .map(|(k, v)| format!("{}{k}: {v}\n", " ".repeat(key_indent + 2))),
        );
        edits.push(Edit {
            from: key,
            to: key + 1,
            with,
        });
        return Ok(());
    }
    if char_at(lines, node.at.line, node.at.column) == Some('{') {
        return Err("written in flow style, `{…}` (expected one key per line)".into());
    }
    let Value::Map(slots) = &node.value else {
        return Err("not a mapping (expected one key per line)".into());
    };
    let ind = slots
        .first()
        .map_or(key_indent + 2, |e| e.key_at.column.saturating_sub(1));
    let mut added = vec![];
    for (k, v) in values {
        match slots.iter().find(|e| &e.key == k) {
            Some(slot) => {
                let at = line_of(slot.key_at);
                let line = lines.get(at).cloned().unwrap_or_default();
                if indent(&line) != ind || !line.trim_start().starts_with(k.as_str()) {
                    return Err(format!(
                        "`{k}` is not on a line of its own (expected one key per line)"
                    ));
                }
                let comment = line
                    .find(" #")
                    .map(|i| format!("  {}", line[i..].trim()))
                    .unwrap_or_default();
                edits.push(Edit {
                    from: at,
                    to: at + 1,
                    with: vec![format!("{}{k}: {v}{comment}\n", " ".repeat(ind))],
                });
            }
            None => added.push(format!("{}{k}: {v}\n", " ".repeat(ind))),
        }
    }
    if !added.is_empty() {
        let end = block_end(lines, key, key_indent, close);
        edits.push(Edit {
            from: end + 1,
            to: end + 1,
            with: added,
        });
    }
    Ok(())
}

/// The changed text reads as a review whose team has these values.
fn check_values(
    text: &str,
    team: &str,
    field: &str,
    values: &[(String, String)],
) -> Result<(), String> {
    let broken = "the change would not read back as meant (expected to set one line per value)";
    let (front, _, _) = crate::load::split_front_matter(text)?;
    let (tree, problems) = yaml::single(front, 2);
    let (Some(mut tree), None) = (tree, problems.first()) else {
        return Err(broken.into());
    };
    let (review, problems) = yaml::from_node::<ReviewFront>(&mut tree);
    let section = review.as_ref().and_then(|r| r.teams.get(team));
    let fine = problems.is_empty()
        && section.is_some_and(|t| {
            let map = if field == "slos" { &t.slos } else { &t.metrics };
            values
                .iter()
                .all(|(k, v)| map.get(k).copied() == v.parse::<f64>().ok())
        });
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

    fn values(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn values_fill_empty_slots_keep_comments_and_add_what_is_missing() {
        // The scaffold's empty slots, with their comments.
        let text = "---\nweek: 2025-W14\nteams:\n  payments:  # Payments\n    oncall: [bob]\n    slos:  # attainment\n      ledger-availability:  # target 99.9 %\n      ledger-latency: 99.1\n    notes: x\n  search:\n    oncall: [li]\n---\nBody\n";
        let set = set_values(
            text,
            "payments",
            "slos",
            &values(&[("ledger-availability", "99.8231"), ("checkout", "99")]),
        )
        .unwrap();
        assert_eq!(set, "---\nweek: 2025-W14\nteams:\n  payments:  # Payments\n    oncall: [bob]\n    slos:  # attainment\n      ledger-availability: 99.8231  # target 99.9 %\n      ledger-latency: 99.1\n      checkout: 99\n    notes: x\n  search:\n    oncall: [li]\n---\nBody\n");
        // A section without the field gets it at its end; a team without a section gets one.
        let set = set_values(text, "search", "metrics", &values(&[("traffic", "1200")])).unwrap();
        assert!(
            set.ends_with(
                "  search:\n    oncall: [li]\n    metrics:\n      traffic: 1200\n---\nBody\n"
            ),
            "{set}"
        );
        let set = set_values(
            text,
            "storage",
            "metrics",
            &values(&[("ledger/p99", "412")]),
        )
        .unwrap();
        assert!(
            set.contains(
                "    oncall: [li]\n  storage:\n    metrics:\n      ledger/p99: 412\n---\n"
            ),
            "{set}"
        );
        // No teams at all, and the scaffold's `teams: {}`.
        assert_eq!(
            set_values(
                "---\nweek: 2025-W14\n---\n",
                "ops",
                "slos",
                &values(&[("a", "99.5")])
            )
            .unwrap(),
            "---\nweek: 2025-W14\nteams:\n  ops:\n    slos:\n      a: 99.5\n---\n"
        );
        assert_eq!(
            set_values(
                "---\nweek: 2025-W14\nteams:\n  ops:\n    slos: {}  # none\n---\n",
                "ops",
                "slos",
                &values(&[("a", "99.5")])
            )
            .unwrap(),
            "---\nweek: 2025-W14\nteams:\n  ops:\n    slos:   # none\n      a: 99.5\n---\n"
        );
        // Flow style is left to a person.
        let why = set_values(
            "---\nweek: 2025-W14\nteams:\n  ops:\n    slos: {a: 1}\n---\n",
            "ops",
            "slos",
            &values(&[("a", "99.5")]),
        )
        .unwrap_err();
        assert!(why.contains("flow style"), "{why}");
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
