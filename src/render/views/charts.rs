//! The glue between a chart and a page: a page's charts become embeddable values (the SVG, its
//! figures as a table) and a CSV file each beside the page.

use serde::Serialize;

use super::super::charts::{
    severity_color, Chart, Guide, Heatmap, Mark, Rendered, Series, PHONE_CATEGORIES, PHONE_COLUMNS,
};
use super::super::{root_for, OutputFile};
use crate::resolve::{Archive, Ref};
use crate::types::Week;

/// A chart on a page: `id`, `title`, `note` (the description), `svg`, `svg_phone` (the same
/// chart laid out for a phone's screen, with the newest weeks only; absent for slides' charts),
/// `phone_note` (what the phone variant leaves out, when it does), `csv` (the file name beside
/// the page), and the figures as a table: `head` (column names) and `rows`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Embedded {
    pub id: String,
    pub title: String,
    pub note: String,
    pub svg: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub svg_phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_note: Option<String>,
    pub csv: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Collects a page's charts: each becomes an [`Embedded`] and a CSV file beside the page.
pub(crate) struct Charts {
    address: String,
    pub files: Vec<OutputFile>,
}

impl Charts {
    pub fn new(address: &str) -> Charts {
        Charts {
            address: address.to_string(),
            files: vec![],
        }
    }

    /// Where a chart on this page links for each of `weeks`: the week's review, when there is one.
    pub fn week_links(&self, a: &Archive, weeks: &[Week]) -> Vec<Option<String>> {
        let root = root_for(&self.address);
        weeks
            .iter()
            .map(|w| {
                a.review(*w)
                    .map(|_| format!("{root}{}", Ref::Review(*w).address()))
            })
            .collect()
    }

    pub fn chart(&mut self, chart: &Chart) -> Embedded {
        let mut e = self.embed(&chart.id, &chart.title, &chart.description, chart.render());
        // Slides have their own large type; every other chart has a phone variant.
        if chart.text_scale.is_none() {
            let n = chart.categories.len();
            e.svg_phone = Some(chart.for_phone().svg());
            e.phone_note = (n > PHONE_CATEGORIES).then(|| {
                format!("On this screen: the newest {PHONE_CATEGORIES} of {n}; the figures below have them all.")
            });
        }
        e
    }

    pub fn heatmap(&mut self, map: &Heatmap) -> Embedded {
        let mut e = self.embed(&map.id, &map.title, &map.description, map.render());
        let n = map.columns.len();
        e.svg_phone = Some(map.for_phone().svg());
        e.phone_note = (n > PHONE_COLUMNS).then(|| {
            format!("On this screen: the newest {PHONE_COLUMNS} of {n} weeks; the figures below have them all.")
        });
        e
    }

    fn embed(&mut self, id: &str, title: &str, note: &str, r: Rendered) -> Embedded {
        let csv = format!("{id}.csv");
        self.files.push(OutputFile {
            path: format!("{}{csv}", self.address),
            bytes: r.csv.into_bytes(),
        });
        Embedded {
            id: id.to_string(),
            title: title.to_string(),
            note: note.to_string(),
            svg: r.svg,
            svg_phone: None,
            phone_note: None,
            csv,
            head: r.head,
            rows: r.rows,
        }
    }
}

/// A chart over weeks (or months, quarters, people) with the defaults the site's charts share.
pub fn chart(
    id: &str,
    title: &str,
    x_label: &str,
    y_label: &str,
    categories: Vec<String>,
) -> Chart {
    Chart {
        id: id.to_string(),
        title: title.to_string(),
        description: String::new(),
        x_label: x_label.to_string(),
        y_label: y_label.to_string(),
        categories,
        series: vec![],
        stacked: false,
        guides: vec![],
        marked: vec![],
        marked_label: String::new(),
        y_min: None,
        y_max: None,
        decimals: 0,
        text_scale: None,
        links: vec![],
        colors: vec![],
        phone: false,
    }
}

pub fn bars(name: &str, values: Vec<Option<f64>>) -> Series {
    Series {
        name: name.to_string(),
        values,
        mark: Mark::Bar,
    }
}

pub fn line(name: &str, values: Vec<Option<f64>>) -> Series {
    Series {
        name: name.to_string(),
        values,
        mark: Mark::Line,
    }
}

/// Colours a chart's series by the site's severity scale: series `k` is the level of rank `k`.
pub fn severity_colors(a: &Archive) -> Vec<Option<(u8, u8, u8)>> {
    (0..a.site.severities.len())
        .map(|rank| Some(severity_color(rank)))
        .collect()
}

pub fn guide(label: &str, value: f64) -> Guide {
    Guide {
        label: label.to_string(),
        value,
    }
}

/// Category names: weeks, months, quarters.
pub fn names<T: ToString>(items: &[T]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}
