//! Charts for the pages: bar/line charts over categories (weeks, months, people) and an
//! alert × week heatmap, as inline SVG drawn with plotters, plus the same figures as a table and
//! as CSV so that nothing is only in the picture.
//!
//! The SVG is made to sit inside a page in either colour scheme:
//! * no background is painted;
//! * everything that is not data (text, axes, ticks, grid, guides, markers) is drawn in
//!   `currentColor`, so it takes the page's text colour; the grid and bands use opacity;
//! * series colours come from [`PALETTE`], each at least 3:1 against both #ffffff and #0d1117;
//! * the `<svg>` has a `viewBox` and `width="100%"`, no fixed pixel size, so it scales down to
//!   the width of a phone.
//!
//! The chart's title is not drawn inside the picture (the page shows it as a heading); it is
//! the SVG's `<title>`, with the description as `<desc>`, both referenced by `aria-labelledby`.
//!
//! Output is deterministic: the same input gives the same bytes (no hashing, fixed formats).

use std::error::Error;

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::Shift;
use plotters::element::{DashedPathElement, PathElement};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::feeds::xml_escape;

/// Series colours, in order of use. Each has a WCAG contrast of at least 3:1 against the light
/// (#ffffff) and the dark (#0d1117) page background, and the first four stay apart under
/// simulated protanopia and deuteranopia (see the tests). Beyond six, colours repeat.
pub const PALETTE: [(u8, u8, u8); 6] = [
    (0x3b, 0x82, 0xf6), // blue
    (0xd9, 0x77, 0x06), // orange
    (0x0e, 0xa5, 0xa4), // teal
    (0xdb, 0x27, 0x77), // pink
    (0x8b, 0x5c, 0xf6), // purple
    (0x65, 0xa3, 0x0d), // green
];

/// The site's severity scale as chart colours, most severe first: the same colours as the
/// severity badges (`--sev0` … `--sev3` in the theme's style.css), each at least 3:1 against
/// both page backgrounds and at least 4.5:1 against the white text of a badge. Levels past the
/// fourth take the last colour.
pub const SEVERITY: [(u8, u8, u8); 4] = [
    (0xc8, 0x28, 0x1e), // red: the most severe is the most alarming
    (0xb4, 0x53, 0x09), // amber
    (0x4f, 0x5b, 0xd5), // indigo
    (0x6b, 0x72, 0x80), // slate
];

/// The colour of the severity level of rank `rank` (0 = most severe).
pub fn severity_color(rank: usize) -> (u8, u8, u8) {
    SEVERITY[rank.min(SEVERITY.len() - 1)]
}

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Bar,
    Line,
}

/// One row of figures, one value per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend entry, and column header in the table and CSV.
    pub name: String,
    /// One per category; `None` (or a non-finite number) is "no data": no bar, a gap in a line.
    pub values: Vec<Option<f64>>,
    pub mark: Mark,
}

/// A horizontal reference line (dashed), e.g. "target 99.9 %" or "budget 1.0".
#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    pub label: String,
    pub value: f64,
}

/// A bar and/or line chart over categories.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chart {
    /// Slug, unique on its page; also the CSV file stem.
    pub id: String,
    pub title: String,
    /// A sentence or two for screen readers (`<desc>`).
    pub description: String,
    pub x_label: String,
    /// With unit, e.g. "pages per week".
    pub y_label: String,
    /// x-axis categories, in order.
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// Bar series stacked (true) or side by side (false). Line series are never stacked.
    pub stacked: bool,
    pub guides: Vec<Guide>,
    /// Category indices to highlight: a marker above the column and a faint band behind it.
    pub marked: Vec<usize>,
    /// Legend text for the marker.
    pub marked_label: String,
    /// Default 0, or the data minimum if that is below 0.
    pub y_min: Option<f64>,
    /// Default: data maximum (stack sums when stacked, guides included) plus ~10 %, rounded up
    /// to a tick.
    pub y_max: Option<f64>,
    /// Decimals in table and CSV cells.
    pub decimals: usize,
    /// Larger type, for slides read from the back of a room: the picture is laid out this many
    /// times smaller in its own units (a viewBox of 720 / scale wide), so that at the same width
    /// on the page its text, lines and bars come out this many times larger. `None` is 1.
    pub text_scale: Option<f64>,
    /// Per category, the page it stands for (a week's review, an incident), as an address
    /// relative to the page the chart is on: its marks link there. Empty: no links.
    pub links: Vec<Option<String>>,
    /// Per series, a colour other than the palette's (the severity scale). Empty: the palette.
    pub colors: Vec<Option<(u8, u8, u8)>>,
    /// Laid out for a phone ([`PHONE_WIDTH`] units wide, so its text comes out at about its
    /// own size on a phone's screen): see [`Chart::for_phone`].
    pub phone: bool,
}

/// Counts in a grid, e.g. alert × week.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Heatmap {
    pub id: String,
    pub title: String,
    pub description: String,
    pub x_label: String,
    pub y_label: String,
    /// e.g. weeks.
    pub columns: Vec<String>,
    /// (row label, one count per column; missing counts are 0).
    pub rows: Vec<(String, Vec<u32>)>,
    /// e.g. "pages".
    pub unit: String,
    /// Per column, the page it stands for, relative to the chart's page: its cells link there.
    pub links: Vec<Option<String>>,
    /// Laid out for a phone: see [`Heatmap::for_phone`].
    pub phone: bool,
}

/// What a page embeds: the SVG markup, plus the same figures as a table and as CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// A complete inline `<svg>` element.
    pub svg: String,
    /// RFC 4180, header row, "\n" line ends; empty cell for no data.
    pub csv: String,
    /// Table header: the x label, then one per series (heatmap: y label, then the columns).
    pub head: Vec<String>,
    /// Table body, the same cells as the CSV.
    pub rows: Vec<Vec<String>>,
}

impl Series {
    pub fn new(name: impl Into<String>, mark: Mark, values: Vec<Option<f64>>) -> Self {
        Series {
            name: name.into(),
            values,
            mark,
        }
    }

    pub fn bar(name: impl Into<String>, values: Vec<Option<f64>>) -> Self {
        Series::new(name, Mark::Bar, values)
    }

    pub fn line(name: impl Into<String>, values: Vec<Option<f64>>) -> Self {
        Series::new(name, Mark::Line, values)
    }

    /// The value for category `i`, if there is a finite one.
    fn at(&self, i: usize) -> Option<f64> {
        self.values
            .get(i)
            .copied()
            .flatten()
            .filter(|v| v.is_finite())
    }
}

impl Guide {
    pub fn new(label: impl Into<String>, value: f64) -> Self {
        Guide {
            label: label.into(),
            value,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Layout constants. Sizes are in SVG user units (the viewBox); the picture scales as a whole.

const WIDTH: u32 = 720;
/// The width of a chart's phone variant: about the CSS px of a phone's page column (358 at
/// 390 px), so that its 12-unit text comes out at 11 px or more — not the 720-unit drawing
/// scaled down to half its size.
pub const PHONE_WIDTH: u32 = 360;
const PHONE_PLOT_HEIGHT: u32 = 260;
/// The newest categories (weeks) a phone variant keeps; the table keeps them all.
pub const PHONE_CATEGORIES: usize = 13;
/// The newest columns a heat map's phone variant keeps.
pub const PHONE_COLUMNS: usize = 8;
/// Height of the axes part of a chart; legend and marker strip come on top of it.
const PLOT_HEIGHT: u32 = 320;
const FONT: &str = "sans-serif";
/// Text sizes as they come out in the SVG (`font-size`).
const TICK_PX: f64 = 12.0;
const DESC_PX: f64 = 14.0;
const LEGEND_PX: f64 = 12.0;
/// Rough advance width of one character at 12 px, on the generous side, for layout.
const CHAR_W: f64 = 7.2;
const LEGEND_ROW: i32 = 20;
const PAD: i32 = 8;
/// Room right of the plot, for half of the last x label.
const RIGHT_MARGIN: u32 = 34;
const X_LABEL_AREA: u32 = 46;
const HEAT_ROW: i32 = 18;
/// Drawn in black, then written out as `currentColor`: the page's text colour.
const INK: RGBColor = BLACK;

type Drawn = Result<(), Box<dyn Error>>;

fn text_style(px: f64) -> TextStyle<'static> {
    // plotters writes `font-size` as size / 1.24.
    (FONT, px * 1.24).into_font().color(&INK)
}

fn palette(i: usize) -> RGBColor {
    let (r, g, b) = PALETTE[i % PALETTE.len()];
    RGBColor(r, g, b)
}

// ---------------------------------------------------------------------------------------------
// Numbers and text.

/// Fixed-precision number, never "-0".
fn fmt_num(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v);
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        _ => s,
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn to_csv(head: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for line in std::iter::once(head).chain(rows.iter().map(Vec::as_slice)) {
        let cells: Vec<String> = line.iter().map(|c| csv_field(c)).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

fn text_width(s: &str, px: f64) -> f64 {
    s.chars().count() as f64 * CHAR_W * px / 12.0
}

/// `s` cut to at most `max` characters, with an ellipsis when cut.
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1).max(1)).collect();
    out.push('…');
    out
}

/// Which categories get an x tick label, and the text of each (indexed by category).
/// Many categories: every n-th one, counted back from the last (the latest week is the one a
/// reader looks for). Few categories whose labels are too long: all of them, shortened.
fn x_ticks(categories: &[String], plot_width: f64) -> (Vec<usize>, Vec<String>) {
    let n = categories.len();
    if n == 0 {
        return (Vec::new(), Vec::new());
    }
    let per_cat = plot_width / n as f64;
    let widest = categories
        .iter()
        .map(|c| text_width(c, TICK_PX))
        .fold(0.0, f64::max);
    let step = ((widest + 10.0) / per_cat).ceil().max(1.0) as usize;
    if step > 1 && n <= 12 {
        let max_chars = (((per_cat - 8.0) / CHAR_W).floor() as usize).max(3);
        let labels = categories.iter().map(|c| truncate(c, max_chars)).collect();
        return ((0..n).collect(), labels);
    }
    let mut shown: Vec<usize> = (0..n).rev().step_by(step).collect();
    shown.reverse();
    (shown, categories.to_vec())
}

/// The category index whose centre is at `v` (centres are at i + 0.5).
fn category_at(v: f64) -> Option<usize> {
    let i = (v - 0.5).round();
    (i >= 0.0).then_some(i as usize)
}

/// A y axis: its range, tick values and the decimals of the tick labels.
#[derive(Debug, Clone, PartialEq)]
struct Scale {
    min: f64,
    max: f64,
    ticks: Vec<f64>,
    decimals: usize,
}

/// The smallest 1, 2 or 5 × 10ⁿ step that cuts `span` into at most 7 intervals.
fn nice_step(span: f64) -> f64 {
    let mag = 10f64.powf((span / 7.0).log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| span / s <= 7.0 + 1e-9)
        .unwrap_or(10.0 * mag)
}

fn decimals_for(step: f64) -> usize {
    (0..6)
        .find(|d| {
            let scaled = step * 10f64.powi(*d as i32);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(6)
}

fn scale(lo: f64, hi: f64, y_min: Option<f64>, y_max: Option<f64>) -> Scale {
    let mut min = y_min.filter(|v| v.is_finite()).unwrap_or(lo.min(0.0));
    let fixed_max = y_max.filter(|v| v.is_finite() && *v > min);
    let (max, step) = match fixed_max {
        Some(max) => (max, nice_step(max - min)),
        None if hi <= min => (min + 1.0, nice_step(1.0)),
        None => {
            let raw = hi + 0.1 * (hi - min);
            let step = nice_step(raw - min);
            if y_min.is_none() {
                min = (min / step).floor() * step;
            }
            ((raw / step - 1e-9).ceil() * step, step)
        }
    };
    let first = (min / step - 1e-9).ceil() as i64;
    let last = (max / step + 1e-9).floor() as i64;
    let ticks = (first..=last).map(|k| k as f64 * step).collect();
    Scale {
        min,
        max,
        ticks,
        decimals: decimals_for(step),
    }
}

/// A linear f64 axis with ticks exactly where we want them (category centres, nice values).
/// plotters' own `with_key_points` on an f64 range cannot be used with `configure_mesh`.
struct Axis {
    range: Range<f64>,
    ticks: Vec<f64>,
}

impl Axis {
    fn new(range: Range<f64>, ticks: Vec<f64>) -> Self {
        Axis { range, ticks }
    }
}

impl Ranged for Axis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let span = self.range.end - self.range.start;
        let t = if span > 0.0 {
            (value - self.range.start) / span
        } else {
            0.5
        };
        limit.0 + (f64::from(limit.1 - limit.0) * t).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.range.clone()
    }
}

// ---------------------------------------------------------------------------------------------
// SVG envelope.

/// Replaces plotters' `<svg width height>` with a scalable, labelled one, and turns the ink
/// colour into `currentColor`.
fn finish_svg(raw: &str, id: &str, title: &str, desc: &str, size: (u32, u32)) -> String {
    finish_svg_with(raw, id, title, desc, size, &[])
}

/// [`finish_svg`], with `marks` drawn last, each with its hover title and link. A picture with
/// links is a group (its links stay reachable), not an image.
fn finish_svg_with(
    raw: &str,
    id: &str,
    title: &str,
    desc: &str,
    size: (u32, u32),
    marks: &[Shape],
) -> String {
    let body = raw.split_once('\n').map(|(_, rest)| rest).unwrap_or("");
    let body = body.replace("=\"#000000\"", "=\"currentColor\"");
    let body = match body.rfind("</svg>") {
        Some(end) if !marks.is_empty() => {
            let mut out = body[..end].to_string();
            for m in marks {
                m.write(&mut out);
            }
            out.push_str(&body[end..]);
            out
        }
        _ => body,
    };
    let role = if marks.iter().any(|m| m.href.is_some()) {
        "group"
    } else {
        "img"
    };
    let id = xml_escape(id);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"100%\" \
         preserveAspectRatio=\"xMinYMin meet\" role=\"{role}\" \
         aria-labelledby=\"{id}-title {id}-desc\">\n\
         <title id=\"{id}-title\">{title}</title>\n<desc id=\"{id}-desc\">{desc}</desc>\n{body}",
        w = size.0,
        h = size.1,
        title = xml_escape(title),
        desc = xml_escape(desc),
    )
}

// ---------------------------------------------------------------------------------------------
// Marks that answer: a bar, a point or a cell with its exact value and period as its `<title>`
// (shown on hover, read as its name), and a link to the page it stands for.

/// One mark, in the picture's units.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub form: Form,
    /// `#RRGGBB`, or `currentColor` (the page's text colour).
    pub fill: String,
    /// 1 is opaque; 0 is an invisible target for the pointer (a point on a long line).
    pub opacity: f64,
    /// What it stands for, e.g. "2025-W14 — sleep hours: 3".
    pub title: String,
    /// The page it stands for, relative to the chart's page.
    pub href: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Rect { x: i32, y: i32, w: i32, h: i32 },
    Dot { cx: i32, cy: i32, r: i32 },
}

impl Shape {
    /// `<a href><title/><rect/></a>` with a link, `<g><title/><rect/></g>` without.
    pub fn write(&self, out: &mut String) {
        use std::fmt::Write;
        let title = xml_escape(&self.title);
        match &self.href {
            Some(href) => {
                let _ = write!(out, "<a href=\"{}\" class=\"mark\">", xml_escape(href));
            }
            None => out.push_str("<g class=\"mark\">"),
        }
        let _ = write!(out, "<title>{title}</title>");
        let fill = &self.fill;
        let opacity = if self.opacity >= 1.0 {
            String::new()
        } else {
            format!(" fill-opacity=\"{}\"", fmt_num(self.opacity, 2))
        };
        let _ = match self.form {
            Form::Rect { x, y, w, h } => write!(
                out,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"{fill}\"{opacity}/>"
            ),
            Form::Dot { cx, cy, r } => write!(
                out,
                "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"{r}\" fill=\"{fill}\"{opacity}/>"
            ),
        };
        out.push_str(if self.href.is_some() {
            "</a>\n"
        } else {
            "</g>\n"
        });
    }
}

fn hex(RGBColor(r, g, b): RGBColor) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// A rectangle between two corners in the picture's units, whichever way round.
fn rect_between(a: (i32, i32), b: (i32, i32)) -> Form {
    Form::Rect {
        x: a.0.min(b.0),
        y: a.1.min(b.1),
        w: (a.0 - b.0).abs(),
        h: (a.1 - b.1).abs(),
    }
}

/// Draws with `draw` on a fresh SVG of `size`; on failure (which a string backend should never
/// have), a picture that says so.
fn svg_with(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Drawn,
) -> String {
    let mut buf = String::new();
    let ok = {
        let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        let ok = draw(&root).is_ok();
        root.present().is_ok() && ok
    };
    if ok {
        buf
    } else {
        format!(
            "<svg>\n<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"currentColor\">\
             chart unavailable</text>\n</svg>\n",
            size.0 / 2,
            size.1 / 2
        )
    }
}

fn message(root: &DrawingArea<SVGBackend, Shift>, text: &str) -> Drawn {
    let (w, h) = root.dim_in_pixel();
    let style = text_style(DESC_PX).pos(Pos::new(HPos::Center, VPos::Center));
    root.draw(&Text::new(text, (w as i32 / 2, h as i32 / 2), style))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Legend.

enum Swatch {
    Bar(RGBColor),
    Line(RGBColor),
    Guide(usize),
    Marker,
}

/// Dash and gap lengths of guide `i`: guides differ in pattern, not only in their labels.
fn dash(i: usize) -> (i32, i32) {
    [(8, 5), (3, 3), (12, 4)][i % 3]
}

fn marker(px: i32, py: i32) -> Polygon<(i32, i32)> {
    Polygon::new(
        vec![(px - 4, py - 7), (px + 4, py - 7), (px, py)],
        INK.filled(),
    )
}

/// Places entries left to right, wrapping into rows: (x, row) for each.
fn legend_layout(entries: &[(Swatch, String)], width: u32) -> (Vec<(i32, i32)>, i32) {
    let mut at = Vec::with_capacity(entries.len());
    let (mut x, mut row) = (PAD, 0);
    for (_, label) in entries {
        let w = 24 + text_width(label, LEGEND_PX).ceil() as i32 + 16;
        if x > PAD && x + w > width as i32 - PAD {
            x = PAD;
            row += 1;
        }
        at.push((x, row));
        x += w;
    }
    let rows = if entries.is_empty() { 0 } else { row + 1 };
    (at, rows)
}

fn legend_height(rows: i32) -> i32 {
    if rows == 0 {
        4
    } else {
        rows * LEGEND_ROW + 8
    }
}

fn draw_legend(
    area: &DrawingArea<SVGBackend, Shift>,
    entries: &[(Swatch, String)],
    width: u32,
) -> Drawn {
    let (at, _) = legend_layout(entries, width);
    let style = text_style(LEGEND_PX).pos(Pos::new(HPos::Left, VPos::Center));
    for ((swatch, label), (x, row)) in entries.iter().zip(at) {
        let y = 6 + row * LEGEND_ROW + LEGEND_ROW / 2;
        match swatch {
            Swatch::Bar(c) => area.draw(&Rectangle::new(
                [(x + 2, y - 6), (x + 15, y + 7)],
                c.filled(),
            ))?,
            Swatch::Line(c) => area.draw(&PathElement::new(
                vec![(x, y), (x + 18, y)],
                c.stroke_width(2),
            ))?,
            Swatch::Guide(i) => {
                let (on, off) = dash(*i);
                area.draw(&DashedPathElement::new(
                    vec![(x, y), (x + 19, y)],
                    on,
                    off,
                    INK.stroke_width(2),
                ))?
            }
            Swatch::Marker => area.draw(&marker(x + 9, y + 4))?,
        }
        area.draw(&Text::new(label.as_str(), (x + 24, y), style.clone()))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Chart.

impl Chart {
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Self {
        Chart {
            id: id.into(),
            title: title.into(),
            ..Chart::default()
        }
    }

    pub fn render(&self) -> Rendered {
        let (head, rows) = self.table();
        Rendered {
            svg: self.svg(),
            csv: to_csv(&head, &rows),
            head,
            rows,
        }
    }

    fn table(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let head = std::iter::once(self.x_label.clone())
            .chain(self.series.iter().map(|s| s.name.clone()))
            .collect();
        let rows = self
            .categories
            .iter()
            .enumerate()
            .map(|(i, cat)| {
                std::iter::once(cat.clone())
                    .chain(self.series.iter().map(|s| {
                        s.at(i)
                            .map(|v| fmt_num(v, self.decimals))
                            .unwrap_or_default()
                    }))
                    .collect()
            })
            .collect();
        (head, rows)
    }

    fn has_data(&self) -> bool {
        let n = self.categories.len();
        self.series
            .iter()
            .any(|s| (0..n).any(|i| s.at(i).is_some()))
    }

    /// Lowest and highest value to show: stack sums for stacked bars, guides included.
    fn extent(&self) -> (f64, f64) {
        let n = self.categories.len();
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        let mut see = |v: f64| {
            lo = lo.min(v);
            hi = hi.max(v);
        };
        for i in 0..n {
            let (mut up, mut down) = (0.0, 0.0);
            for s in &self.series {
                let Some(v) = s.at(i) else { continue };
                if s.mark == Mark::Bar && self.stacked {
                    if v >= 0.0 {
                        up += v;
                    } else {
                        down += v;
                    }
                    see(up);
                    see(down);
                } else {
                    see(v);
                }
            }
        }
        for g in self.guides.iter().filter(|g| g.value.is_finite()) {
            see(g.value);
        }
        if lo > hi {
            (0.0, 0.0)
        } else {
            (lo, hi)
        }
    }

    fn scale(&self) -> Scale {
        let (lo, hi) = self.extent();
        scale(lo, hi, self.y_min, self.y_max)
    }

    /// Marked category indices: in range, sorted, once each.
    fn marks(&self) -> Vec<usize> {
        let mut m: Vec<usize> = self
            .marked
            .iter()
            .copied()
            .filter(|i| *i < self.categories.len())
            .collect();
        m.sort_unstable();
        m.dedup();
        m
    }

    fn guides_in(&self, s: &Scale) -> Vec<(usize, &Guide)> {
        self.guides
            .iter()
            .filter(|g| g.value.is_finite() && g.value >= s.min && g.value <= s.max)
            .enumerate()
            .collect()
    }

    fn legend(&self, s: &Scale) -> Vec<(Swatch, String)> {
        let guides = self.guides_in(s);
        let marks = self.marks();
        if self.series.len() < 2 && guides.is_empty() && marks.is_empty() {
            return Vec::new();
        }
        let mut entries: Vec<(Swatch, String)> = self
            .series
            .iter()
            .enumerate()
            .map(|(i, se)| {
                let swatch = match se.mark {
                    Mark::Bar => Swatch::Bar(self.color(i)),
                    Mark::Line => Swatch::Line(self.color(i)),
                };
                (swatch, se.name.clone())
            })
            .collect();
        entries.extend(
            guides
                .iter()
                .map(|(i, g)| (Swatch::Guide(*i), g.label.clone())),
        );
        if !marks.is_empty() {
            let label = if self.marked_label.is_empty() {
                "marked".to_string()
            } else {
                self.marked_label.clone()
            };
            entries.push((Swatch::Marker, label));
        }
        entries
    }

    /// Series `k`'s colour: its own, or the palette's.
    fn color(&self, k: usize) -> RGBColor {
        match self.colors.get(k).copied().flatten() {
            Some((r, g, b)) => RGBColor(r, g, b),
            None => palette(k),
        }
    }

    /// What the mark of series `k` at category `i` says on hover: period, series and value.
    fn mark_title(&self, k: usize, i: usize, v: f64) -> String {
        let cat = self.categories.get(i).map_or("", String::as_str);
        let name = self.series.get(k).map_or("", |s| s.name.as_str());
        format!("{cat} — {name}: {}", fmt_num(v, self.decimals))
    }

    fn link(&self, i: usize) -> Option<String> {
        self.links.get(i).cloned().flatten()
    }

    fn shape(&self, k: usize, i: usize, v: f64, form: Form, opacity: f64) -> Shape {
        Shape {
            form,
            fill: hex(self.color(k)),
            opacity,
            title: self.mark_title(k, i, v),
            href: self.link(i),
        }
    }

    /// The same chart for a phone's screen: [`PHONE_WIDTH`] units wide with the same type (so
    /// about twice as large at a phone's width as the 720-unit drawing), the newest
    /// [`PHONE_CATEGORIES`] categories only. Its id ends in `-phone`.
    pub fn for_phone(&self) -> Chart {
        let from = self.categories.len().saturating_sub(PHONE_CATEGORIES);
        let mut c = self.clone();
        c.id = format!("{}-phone", self.id);
        c.categories = self.categories[from..].to_vec();
        for s in &mut c.series {
            s.values = s.values.iter().skip(from).copied().collect();
        }
        c.links = self.links.iter().skip(from).cloned().collect();
        c.marked = self
            .marked
            .iter()
            .filter(|i| **i >= from)
            .map(|i| i - from)
            .collect();
        c.text_scale = None;
        c.phone = true;
        c
    }

    /// The width and the plot's height of the picture, in its own units.
    fn frame(&self) -> (u32, u32) {
        if self.phone {
            return (PHONE_WIDTH, PHONE_PLOT_HEIGHT);
        }
        match self.text_scale.filter(|s| s.is_finite() && *s >= 1.0) {
            Some(s) => (
                (f64::from(WIDTH) / s).round() as u32,
                (f64::from(PLOT_HEIGHT) / s).round() as u32,
            ),
            None => (WIDTH, PLOT_HEIGHT),
        }
    }

    pub(crate) fn svg(&self) -> String {
        let (width, plot_height) = self.frame();
        if !self.has_data() {
            let size = (width, plot_height);
            let raw = svg_with(size, |root| message(root, "no data"));
            return finish_svg(&raw, &self.id, &self.title, &self.description, size);
        }
        let scale = self.scale();
        let legend = self.legend(&scale);
        let (_, legend_rows) = legend_layout(&legend, width);
        let marker_strip = if self.marks().is_empty() { 0 } else { 12 };
        let top = legend_height(legend_rows) + marker_strip;
        let size = (width, plot_height + top as u32);
        let mut marks = Vec::new();
        let raw = svg_with(size, |root| {
            let (head, body) = root.split_vertically(top);
            draw_legend(&head, &legend, width)?;
            self.draw_axes_and_data(root, &body, &scale, &mut marks)
        });
        finish_svg_with(&raw, &self.id, &self.title, &self.description, size, &marks)
    }

    fn draw_axes_and_data(
        &self,
        root: &DrawingArea<SVGBackend, Shift>,
        body: &DrawingArea<SVGBackend, Shift>,
        s: &Scale,
        marks_out: &mut Vec<Shape>,
    ) -> Drawn {
        let n = self.categories.len();
        let nf = n as f64;
        let y_labels: Vec<String> = s.ticks.iter().map(|t| fmt_num(*t, s.decimals)).collect();
        let widest_tick = y_labels
            .iter()
            .map(|l| text_width(l, TICK_PX))
            .fold(0.0, f64::max);
        let y_area = (widest_tick.ceil() as u32 + 34).max(50);
        let plot_width = self.frame().0.saturating_sub(y_area + RIGHT_MARGIN + 4) as f64;
        let (shown, labels) = x_ticks(&self.categories, plot_width);

        let x_range = Axis::new(0.0..nf, shown.iter().map(|i| *i as f64 + 0.5).collect());
        let y_range = Axis::new(s.min..s.max, s.ticks.clone());
        let mut chart = ChartBuilder::on(body)
            .margin_top(6)
            .margin_left(4)
            .margin_right(RIGHT_MARGIN)
            .x_label_area_size(X_LABEL_AREA)
            .y_label_area_size(y_area)
            .build_cartesian_2d(x_range, y_range)?;

        let x_fmt = |v: &f64| {
            category_at(*v)
                .and_then(|i| labels.get(i).cloned())
                .unwrap_or_default()
        };
        let y_fmt = |v: &f64| fmt_num(*v, s.decimals);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(INK.mix(0.15))
            .light_line_style(TRANSPARENT)
            .axis_style(INK)
            .set_all_tick_mark_size(5)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .label_style(text_style(TICK_PX))
            .axis_desc_style(text_style(DESC_PX))
            .x_desc(self.x_label.as_str())
            .y_desc(self.y_label.as_str())
            .draw()?;

        let clamp = |v: f64| v.clamp(s.min, s.max);
        let marks = self.marks();

        // Bands behind the marked columns.
        chart.draw_series(marks.iter().map(|&i| {
            let x = i as f64;
            Rectangle::new([(x, s.min), (x + 1.0, s.max)], INK.mix(0.08).filled())
        }))?;

        if s.min < 0.0 && s.max > 0.0 {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (nf, 0.0)],
                INK.stroke_width(1),
            )))?;
        }

        // Bars.
        let bars: Vec<(usize, &Series)> = self
            .series
            .iter()
            .enumerate()
            .filter(|(_, se)| se.mark == Mark::Bar)
            .collect();
        let pad = match n {
            0..=8 => 0.2,
            9..=30 => 0.15,
            _ => 0.1,
        };
        let base = clamp(0.0);
        let mut rects = Vec::new();
        for i in 0..n {
            let x = i as f64;
            if self.stacked {
                let (mut up, mut down) = (0.0, 0.0);
                for (k, se) in &bars {
                    let Some(v) = se.at(i) else { continue };
                    let from = if v >= 0.0 { up } else { down };
                    let to = from + v;
                    if v >= 0.0 {
                        up = to;
                    } else {
                        down = to;
                    }
                    rects.push((
                        *k,
                        i,
                        v,
                        [(x + pad, clamp(from)), (x + 1.0 - pad, clamp(to))],
                    ));
                }
            } else {
                let w = (1.0 - 2.0 * pad) / bars.len().max(1) as f64;
                for (j, (k, se)) in bars.iter().enumerate() {
                    let Some(v) = se.at(i) else { continue };
                    let x0 = x + pad + j as f64 * w;
                    rects.push((*k, i, v, [(x0, base), (x0 + w, clamp(v))]));
                }
            }
        }
        // Bars are drawn last, by hand, each with its value and link (see [`Shape`]).
        for (k, i, v, [a, b]) in rects.into_iter().filter(|(_, _, _, [a, b])| a.1 != b.1) {
            let form = rect_between(chart.backend_coord(&a), chart.backend_coord(&b));
            marks_out.push(self.shape(k, i, v, form, 1.0));
        }

        // Lines: one path per run of values, a dot for a value on its own.
        for (k, se) in self.series.iter().enumerate() {
            if se.mark != Mark::Line {
                continue;
            }
            let color = self.color(k);
            let mut run: Vec<(f64, f64)> = Vec::new();
            for i in 0..=n {
                match (i < n).then(|| se.at(i)).flatten() {
                    Some(v) => run.push((i as f64 + 0.5, clamp(v))),
                    None => {
                        if run.len() > 1 {
                            chart.draw_series(LineSeries::new(
                                run.iter().copied(),
                                color.stroke_width(2),
                            ))?;
                        }
                        run.clear();
                    }
                }
            }
            // A point per value, drawn by hand with its value; on a long line the points are
            // not shown (too many to see) but still answer the pointer.
            let opacity = if n <= 26 { 1.0 } else { 0.0 };
            for i in 0..n {
                let Some(v) = se.at(i) else { continue };
                let lone = (i == 0 || se.at(i - 1).is_none()) && se.at(i + 1).is_none();
                let (cx, cy) = chart.backend_coord(&(i as f64 + 0.5, clamp(v)));
                let form = Form::Dot { cx, cy, r: 3 };
                let opacity = if lone { 1.0 } else { opacity };
                marks_out.push(self.shape(k, i, v, form, opacity));
            }
        }

        // Guides. They are named in the legend only: a label on the line would sit on the data.
        for (i, g) in self.guides_in(s) {
            let (on, off) = dash(i);
            chart.draw_series(std::iter::once(DashedPathElement::new(
                vec![(0.0, g.value), (nf, g.value)],
                on,
                off,
                INK.stroke_width(2),
            )))?;
        }

        // Markers above the marked columns.
        for &i in &marks {
            let (px, py) = chart.backend_coord(&(i as f64 + 0.5, s.max));
            root.draw(&marker(px, py - 4))?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Heatmap.

/// Opacity of a cell with `count` out of `max`, in steps of 0.01.
fn heat_alpha(count: u32, max: u32) -> f64 {
    let a = 0.25 + 0.75 * count as f64 / max.max(1) as f64;
    (a * 100.0).round() / 100.0
}

fn heat_style(count: u32, max: u32) -> ShapeStyle {
    if count == 0 {
        INK.mix(0.06).filled()
    } else {
        palette(0).mix(heat_alpha(count, max)).filled()
    }
}

/// A cell's fill and opacity, as [`heat_style`] paints the scale.
fn heat_fill(count: u32, max: u32) -> (String, f64) {
    if count == 0 {
        ("currentColor".to_string(), 0.06)
    } else {
        (hex(palette(0)), heat_alpha(count, max))
    }
}

impl Heatmap {
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Self {
        Heatmap {
            id: id.into(),
            title: title.into(),
            ..Heatmap::default()
        }
    }

    pub fn render(&self) -> Rendered {
        let head: Vec<String> = std::iter::once(self.y_label.clone())
            .chain(self.columns.iter().cloned())
            .collect();
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|(label, counts)| {
                std::iter::once(label.clone())
                    .chain((0..self.columns.len()).map(|c| self.count(counts, c).to_string()))
                    .collect()
            })
            .collect();
        Rendered {
            svg: self.svg(),
            csv: to_csv(&head, &rows),
            head,
            rows,
        }
    }

    /// The same heat map for a phone's screen: [`PHONE_WIDTH`] units wide, the newest
    /// [`PHONE_COLUMNS`] columns, row labels cut shorter. Its id ends in `-phone`.
    pub fn for_phone(&self) -> Heatmap {
        let from = self.columns.len().saturating_sub(PHONE_COLUMNS);
        let mut h = self.clone();
        h.id = format!("{}-phone", self.id);
        h.columns = self.columns[from..].to_vec();
        for (_, counts) in &mut h.rows {
            *counts = counts.iter().skip(from).copied().collect();
        }
        h.links = self.links.iter().skip(from).cloned().collect();
        h.phone = true;
        h
    }

    fn width(&self) -> u32 {
        if self.phone {
            PHONE_WIDTH
        } else {
            WIDTH
        }
    }

    fn count(&self, counts: &[u32], c: usize) -> u32 {
        counts.get(c).copied().unwrap_or(0)
    }

    fn max(&self) -> u32 {
        self.rows
            .iter()
            .flat_map(|(_, counts)| (0..self.columns.len()).map(|c| self.count(counts, c)))
            .max()
            .unwrap_or(0)
    }

    pub(crate) fn svg(&self) -> String {
        if self.columns.is_empty() || self.rows.is_empty() {
            let size = (self.width(), PLOT_HEIGHT);
            let raw = svg_with(size, |root| message(root, "no data"));
            return finish_svg(&raw, &self.id, &self.title, &self.description, size);
        }
        let top = LEGEND_ROW + 8;
        let height = top + self.rows.len() as i32 * HEAT_ROW + X_LABEL_AREA as i32 + 10;
        let size = (self.width(), height as u32);
        let mut marks = Vec::new();
        let raw = svg_with(size, |root| {
            let (head, body) = root.split_vertically(top);
            self.draw_scale(&head)?;
            self.draw_grid(&body, &mut marks)
        });
        finish_svg_with(&raw, &self.id, &self.title, &self.description, size, &marks)
    }

    /// "0 ▢ ▢ ▢ ▢ ▢ max unit".
    fn draw_scale(&self, area: &DrawingArea<SVGBackend, Shift>) -> Drawn {
        let max = self.max();
        let y = 6 + LEGEND_ROW / 2;
        let style = text_style(LEGEND_PX).pos(Pos::new(HPos::Left, VPos::Center));
        let mut x = PAD;
        area.draw(&Text::new("0", (x, y), style.clone()))?;
        x += 14;
        let mut steps = vec![0];
        if max > 0 {
            steps.extend((1..=4u64).map(|k| (u64::from(max) * k).div_ceil(4) as u32));
        }
        steps.dedup();
        for v in steps {
            area.draw(&Rectangle::new(
                [(x, y - 7), (x + 16, y + 7)],
                heat_style(v, max),
            ))?;
            x += 18;
        }
        let label = format!("{} {}", max, self.unit);
        area.draw(&Text::new(label.trim_end(), (x + 4, y), style))?;
        Ok(())
    }

    fn draw_grid(&self, body: &DrawingArea<SVGBackend, Shift>, marks: &mut Vec<Shape>) -> Drawn {
        let ncol = self.columns.len();
        let nrow = self.rows.len();
        let cut = if self.phone { 16 } else { 28 };
        let labels: Vec<String> = self.rows.iter().map(|(l, _)| truncate(l, cut)).collect();
        let widest = labels
            .iter()
            .map(|l| text_width(l, TICK_PX))
            .fold(0.0, f64::max);
        let y_area = widest.ceil() as u32 + 34;
        let plot_width = self.width().saturating_sub(y_area + RIGHT_MARGIN + 4) as f64;
        let (shown, col_labels) = x_ticks(&self.columns, plot_width);
        // Row r (first at the top) spans y from nrow-1-r to nrow-r.
        let x_range = Axis::new(
            0.0..ncol as f64,
            shown.iter().map(|i| *i as f64 + 0.5).collect(),
        );
        let y_range = Axis::new(
            0.0..nrow as f64,
            (0..nrow).map(|r| (nrow - 1 - r) as f64 + 0.5).collect(),
        );
        let mut chart = ChartBuilder::on(body)
            .margin_top(2)
            .margin_left(4)
            .margin_right(RIGHT_MARGIN)
            .x_label_area_size(X_LABEL_AREA)
            .y_label_area_size(y_area)
            .build_cartesian_2d(x_range, y_range)?;
        let x_fmt = |v: &f64| {
            category_at(*v)
                .and_then(|i| col_labels.get(i).cloned())
                .unwrap_or_default()
        };
        let y_fmt = |v: &f64| {
            category_at(*v)
                .and_then(|k| nrow.checked_sub(k + 1))
                .and_then(|r| labels.get(r).cloned())
                .unwrap_or_default()
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .disable_y_mesh()
            .axis_style(INK)
            .set_all_tick_mark_size(4)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .label_style(text_style(TICK_PX))
            .axis_desc_style(text_style(DESC_PX))
            .x_desc(self.x_label.as_str())
            .y_desc(self.y_label.as_str())
            .draw()?;

        let max = self.max();
        for (r, (label, counts)) in self.rows.iter().enumerate() {
            let y_top = (nrow - r) as f64;
            for c in 0..ncol {
                let (x0, y0) = chart.backend_coord(&(c as f64, y_top));
                let (x1, y1) = chart.backend_coord(&(c as f64 + 1.0, y_top - 1.0));
                let count = self.count(counts, c);
                // One unit of gap between cells, when they are wide enough to spare it.
                let gap = i32::from(x1 - x0 > 4);
                let (fill, opacity) = heat_fill(count, max);
                let unit = if self.unit.is_empty() {
                    String::new()
                } else {
                    format!(" {}", self.unit)
                };
                marks.push(Shape {
                    form: rect_between((x0 + gap, y0 + 1), (x1, y1)),
                    fill,
                    opacity,
                    title: format!("{} — {label}: {count}{unit}", self.columns[c]),
                    href: self.links.get(c).cloned().flatten(),
                });
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn weeks(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("{}-W{:02}", 2024 + (i + 13) / 52, (i + 13) % 52 + 1))
            .collect()
    }

    fn small() -> Chart {
        Chart {
            id: "pages-per-week".into(),
            title: "Pages per week".into(),
            description: "Pages by severity over three weeks.".into(),
            x_label: "ISO week".into(),
            y_label: "pages per week".into(),
            categories: weeks(3),
            series: vec![
                Series::bar("Sev 1, critical", vec![Some(2.0), None, Some(1.5)]),
                Series::bar("Sev \"2\"", vec![Some(1.0), Some(4.0), Some(0.0)]),
            ],
            stacked: true,
            decimals: 1,
            ..Chart::default()
        }
    }

    /// The trimmed text content of every `<text>` element.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| {
                let (_, rest) = t.split_once('>')?;
                let (body, _) = rest.split_once("</text>")?;
                Some(body.trim().to_string())
            })
            .collect()
    }

    fn attr(tag: &str, name: &str) -> Option<String> {
        let key = format!(" {name}=\"");
        let start = tag.find(&key)? + key.len();
        let len = tag[start..].find('"')?;
        Some(tag[start..start + len].to_string())
    }

    struct R {
        x: i32,
        y: i32,
        w: i32,
        h: i32,
        fill: String,
    }

    fn rects(svg: &str) -> Vec<R> {
        svg.split("<rect")
            .skip(1)
            .map(|t| {
                let tag = &t[..t.find("/>").unwrap()];
                let num = |n: &str| attr(tag, n).unwrap().parse::<i32>().unwrap();
                R {
                    x: num("x"),
                    y: num("y"),
                    w: num("width"),
                    h: num("height"),
                    fill: attr(tag, "fill").unwrap(),
                }
            })
            .collect()
    }

    fn hex(i: usize) -> String {
        let (r, g, b) = PALETTE[i];
        format!("#{r:02X}{g:02X}{b:02X}")
    }

    #[test]
    fn title_and_desc_are_first_escaped_and_referenced() {
        let mut c = small();
        c.title = "Pages < 5 & \"quiet\"".into();
        c.description = "<b>not markup</b>".into();
        let svg = c.render().svg;
        let open = &svg[..svg.find('>').unwrap()];
        assert_eq!(attr(open, "role").as_deref(), Some("img"));
        assert_eq!(
            attr(open, "aria-labelledby").as_deref(),
            Some("pages-per-week-title pages-per-week-desc")
        );
        let after = &svg[open.len() + 2..];
        assert!(
            after.starts_with(
                "<title id=\"pages-per-week-title\">Pages &lt; 5 &amp; &quot;quiet&quot;</title>\n\
                 <desc id=\"pages-per-week-desc\">&lt;b&gt;not markup&lt;/b&gt;</desc>\n"
            ),
            "{after}"
        );
        assert!(!svg.contains("<b>"));
        assert_eq!(svg.matches("<svg").count(), 1);
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn scales_with_a_view_box_and_no_fixed_size() {
        for svg in [
            small().render().svg,
            Chart::default().render().svg,
            heatmap().render().svg,
        ] {
            let open = &svg[..svg.find('>').unwrap()];
            let vb = attr(open, "viewBox").unwrap();
            assert!(vb.starts_with("0 0 720 "), "{vb}");
            assert_eq!(attr(open, "width").as_deref(), Some("100%"));
            assert_eq!(attr(open, "height"), None);
        }
    }

    #[test]
    fn no_background_and_ink_follows_the_page() {
        let svg = small().render().svg;
        assert!(!svg.contains("#FFFFFF"), "no white paint");
        assert!(!svg.contains("#000000"), "black is written as currentColor");
        for t in svg.split("<text").skip(1) {
            assert_eq!(attr(t, "fill").as_deref(), Some("currentColor"));
        }
        // Every font size is a short, fixed number.
        for part in svg.split("font-size=\"").skip(1) {
            let v = &part[..part.find('"').unwrap()];
            assert!(["12", "14"].contains(&v), "{v}");
        }
    }

    #[test]
    fn larger_type_draws_the_same_chart_in_a_smaller_picture() {
        let plain = small();
        let mut large = small();
        large.text_scale = Some(1.5);
        let svg = large.render().svg;
        let open = &svg[..svg.find('>').unwrap()];
        let view_box = attr(open, "viewBox").unwrap();
        assert!(view_box.starts_with("0 0 480 "), "{view_box}");
        // The same words at the same font sizes, so 1.5 times larger at the same width.
        assert_eq!(texts(&svg), texts(&plain.render().svg));
        for part in svg.split("font-size=\"").skip(1) {
            let v = &part[..part.find('"').unwrap()];
            assert!(["12", "14"].contains(&v), "{v}");
        }
        // No scale, or one below 1, is the ordinary chart, byte for byte.
        for scale in [None, Some(1.0), Some(0.5), Some(f64::NAN)] {
            let mut c = small();
            c.text_scale = scale;
            assert_eq!(c.render(), plain.render(), "{scale:?}");
        }
    }

    #[test]
    fn legend_only_when_there_is_something_to_tell_apart() {
        let two = small().render().svg;
        let t = texts(&two);
        assert!(t.contains(&"Sev 1, critical".to_string()), "{t:?}");
        assert!(t.contains(&"Sev &quot;2&quot;".to_string()), "{t:?}");

        let mut one = small();
        one.series.truncate(1);
        let t = texts(&one.render().svg);
        assert!(!t.iter().any(|s| s.contains("Sev")), "{t:?}");

        one.guides.push(Guide::new("budget 3.0", 3.0));
        let t = texts(&one.render().svg);
        assert!(t.contains(&"Sev 1, critical".to_string()), "{t:?}");
        assert!(t.contains(&"budget 3.0".to_string()), "{t:?}");

        let mut marked = small();
        marked.series.truncate(1);
        marked.marked = vec![1, 7];
        marked.marked_label = "heavy on-call week".into();
        let svg = marked.render().svg;
        assert!(texts(&svg).contains(&"heavy on-call week".to_string()));
        // One marker in the legend, one above column 1; index 7 is out of range and ignored.
        assert_eq!(svg.matches("<polygon").count(), 2);
    }

    #[test]
    fn stacked_bars_reach_the_sums() {
        let c = Chart {
            categories: vec!["a".into(), "b".into()],
            series: vec![
                Series::bar("A", vec![Some(2.0), Some(3.0)]),
                Series::bar("B", vec![Some(1.0), Some(1.0)]),
            ],
            stacked: true,
            y_max: Some(10.0),
            ..Chart::default()
        };
        let svg = c.render().svg;
        let rs = rects(&svg);
        let a: Vec<&R> = rs.iter().filter(|r| r.fill == hex(0) && r.w > 20).collect();
        let b: Vec<&R> = rs.iter().filter(|r| r.fill == hex(1) && r.w > 20).collect();
        assert_eq!((a.len(), b.len()), (2, 2));
        let base = a[0].y + a[0].h;
        let unit = (base - a[1].y) as f64 / 3.0; // pixels per unit, from the 3.0 bar
        for (i, sum) in [(0, 3.0), (1, 4.0)] {
            assert_eq!(a[i].y + a[i].h, base, "bars stand on the same base");
            assert_eq!(b[i].y + b[i].h, a[i].y, "B sits on A");
            assert_eq!(b[i].x, a[i].x, "same column");
            let top = (base - b[i].y) as f64;
            assert!((top - sum * unit).abs() <= 1.5, "{top} vs {}", sum * unit);
        }

        // The automatic maximum is the largest stack plus headroom, not the largest value.
        let mut auto = c.clone();
        auto.y_max = None;
        assert_eq!(auto.scale().max, 5.0);
        assert_eq!(auto.scale().ticks, vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        auto.stacked = false;
        assert_eq!(auto.scale().max, 3.5);
        // Side by side: one bar each, next to each other.
        let rs = rects(&auto.render().svg);
        let a: Vec<&R> = rs.iter().filter(|r| r.fill == hex(0) && r.w > 20).collect();
        let b: Vec<&R> = rs.iter().filter(|r| r.fill == hex(1) && r.w > 20).collect();
        assert!(b[0].x >= a[0].x + a[0].w && a[0].y + a[0].h == b[0].y + b[0].h);
    }

    #[test]
    fn scales_round_and_include_guides() {
        assert_eq!(scale(0.0, 110.0, None, None).max, 140.0);
        assert_eq!(scale(0.0, 100.0, None, None).max, 120.0);
        let s = scale(0.0, 0.0, None, None);
        assert_eq!((s.min, s.max, s.decimals), (0.0, 1.0, 1));
        let s = scale(95.0, 99.95, Some(95.0), Some(100.0));
        assert_eq!(s.ticks, vec![95.0, 96.0, 97.0, 98.0, 99.0, 100.0]);
        let s = scale(-3.0, 7.0, None, None);
        assert_eq!((s.min, s.max), (-4.0, 8.0));
        let mut c = small();
        c.guides.push(Guide::new("budget", 9.0));
        assert!(c.scale().max >= 9.9);
    }

    #[test]
    fn no_data_is_no_bar_and_a_gap_in_a_line() {
        let c = small();
        let rs = rects(&c.render().svg);
        let bars = |i: usize| rs.iter().filter(|r| r.fill == hex(i)).count();
        // Legend swatch + bars: A has 2 values (one None), B has 2 non-zero (one is 0.0).
        assert_eq!(bars(0), 1 + 2);
        assert_eq!(bars(1), 1 + 2);

        let line = Chart {
            categories: weeks(6),
            series: vec![Series::line(
                "p95",
                vec![Some(1.0), Some(2.0), None, Some(3.0), Some(4.0), None],
            )],
            ..Chart::default()
        };
        let svg = line.render().svg;
        let stroke = format!("stroke=\"{}\"", hex(0));
        let paths: Vec<&str> = svg
            .split("<polyline")
            .skip(1)
            .filter(|p| p[..p.find("/>").unwrap()].contains(&stroke))
            .collect();
        assert_eq!(paths.len(), 2, "two runs either side of the gap");
        for p in paths {
            let points = attr(p, "points").unwrap();
            assert_eq!(points.split_whitespace().count(), 2);
        }
        assert!(svg.contains("stroke-width=\"2\""));

        let mut lone = line.clone();
        lone.series[0].values = vec![None, Some(2.0), None];
        let svg = lone.render().svg;
        assert_eq!(svg.matches("<circle").count(), 1, "a lone value is a dot");
    }

    #[test]
    fn csv_and_table_exact() {
        let r = small().render();
        assert_eq!(
            r.csv,
            "ISO week,\"Sev 1, critical\",\"Sev \"\"2\"\"\"\n\
             2024-W14,2.0,1.0\n\
             2024-W15,,4.0\n\
             2024-W16,1.5,0.0\n"
        );
        assert_eq!(r.head, ["ISO week", "Sev 1, critical", "Sev \"2\""]);
        assert_eq!(r.rows[1], ["2024-W15", "", "4.0"]);
        // The table cells are the CSV cells.
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(r.csv.as_bytes());
        let parsed: Vec<Vec<String>> = reader
            .records()
            .map(|rec| rec.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(parsed[0], r.head);
        assert_eq!(&parsed[1..], &r.rows[..]);
    }

    #[test]
    fn numbers_have_fixed_precision() {
        assert_eq!(fmt_num(-0.0001, 2), "0.00");
        assert_eq!(fmt_num(99.95, 1), "100.0");
        assert_eq!(fmt_num(3.0, 0), "3");
        assert_eq!(fmt_num(-1.25, 1), "-1.2");
    }

    fn big() -> Chart {
        let n = 60;
        let wave = |k: usize, m: f64| -> Vec<Option<f64>> {
            (0..n)
                .map(|i| {
                    (i % 11 != 5).then_some(((i * 7 + k * 3) % 13) as f64 * m / 4.0 + k as f64)
                })
                .collect()
        };
        Chart {
            id: "pages".into(),
            title: "Pages per week".into(),
            description: "Pages per week by severity over 60 weeks.".into(),
            x_label: "ISO week".into(),
            y_label: "pages per week".into(),
            categories: weeks(n),
            series: vec![
                Series::bar("Sev 1", wave(0, 1.0)),
                Series::bar("Sev 2", wave(1, 2.0)),
                Series::bar("Sev 3", wave(2, 1.5)),
            ],
            stacked: true,
            guides: vec![Guide::new("budget 12", 12.0)],
            marked: vec![3, 17, 40, 58],
            marked_label: "heavy on-call week".into(),
            decimals: 2,
            ..Chart::default()
        }
    }

    fn line_chart() -> Chart {
        let values = |base: f64| -> Vec<Option<f64>> {
            (0..14)
                .map(|i| (i != 6).then_some(base + ((i * 5) % 7) as f64 * 0.11))
                .collect()
        };
        Chart {
            id: "slo".into(),
            title: "Availability".into(),
            description: "Monthly availability against the 99.9 % target.".into(),
            x_label: "month".into(),
            y_label: "attainment (%)".into(),
            categories: (0..14)
                .map(|i| format!("{}-{:02}", 2024 + (i + 3) / 12, (i + 3) % 12 + 1))
                .collect(),
            series: vec![
                Series::line("checkout", values(99.2)),
                Series::line("search", values(99.5)),
            ],
            guides: vec![Guide::new("target 99.9 %", 99.9)],
            y_min: Some(99.0),
            y_max: Some(100.0),
            decimals: 2,
            ..Chart::default()
        }
    }

    fn heatmap() -> Heatmap {
        Heatmap {
            id: "alerts".into(),
            title: "Alerts by week".into(),
            description: "Pages per alert per week.".into(),
            x_label: "ISO week".into(),
            y_label: "alert".into(),
            columns: weeks(4),
            rows: vec![
                ("DiskFull, node".into(), vec![0, 3, 1, 0]),
                ("HighLatency".into(), vec![2, 0, 6]),
            ],
            unit: "pages".into(),
            links: vec![],
            phone: false,
        }
    }

    #[test]
    fn rendering_is_byte_identical() {
        for c in [small(), big(), line_chart()] {
            assert_eq!(c.render(), c.render());
        }
        assert_eq!(heatmap().render(), heatmap().render());
    }

    #[test]
    fn many_categories_are_thinned_from_the_latest() {
        let c = big();
        let svg = c.render().svg;
        let t = texts(&svg);
        let shown: Vec<&String> = c.categories.iter().filter(|w| t.contains(w)).collect();
        assert!(shown.len() >= 6 && shown.len() <= 12, "{shown:?}");
        assert_eq!(shown.last(), c.categories.last().as_ref());
        // Few long labels: all shown, shortened.
        let (idx, labels) = x_ticks(
            &[
                "Alexandra Montgomery-Smith".into(),
                "Bo".into(),
                "Christopher Featherstonehaugh".into(),
            ],
            200.0,
        );
        assert_eq!(idx, [0, 1, 2]);
        assert_eq!(labels[1], "Bo");
        assert!(labels[0].ends_with('…') && labels[0].chars().count() <= 8);
    }

    #[test]
    fn empty_and_degenerate_input_do_not_panic() {
        let empty = Chart::default().render();
        assert!(texts(&empty.svg).contains(&"no data".to_string()));
        assert_eq!(empty.csv, "\n");
        assert!(empty.rows.is_empty());

        let mut all_none = small();
        for s in &mut all_none.series {
            s.values = vec![None, Some(f64::NAN), None];
        }
        let r = all_none.render();
        assert!(texts(&r.svg).contains(&"no data".to_string()));
        assert_eq!(r.rows[1], ["2024-W15", "", ""]);

        let mut zeros = small();
        for s in &mut zeros.series {
            s.values = vec![Some(0.0); 3];
        }
        assert_eq!((zeros.scale().min, zeros.scale().max), (0.0, 1.0));
        assert!(!texts(&zeros.render().svg).contains(&"no data".to_string()));

        let mut one = small();
        one.categories.truncate(1);
        one.marked = vec![0];
        let svg = one.render().svg;
        assert!(texts(&svg).contains(&"2024-W14".to_string()));

        let mut odd = line_chart();
        odd.y_min = Some(5.0);
        odd.y_max = Some(1.0); // inverted: ignored
        odd.series[0].values.truncate(2); // shorter than the categories
        odd.series
            .push(Series::bar("neg", vec![Some(-2.0), Some(f64::INFINITY)]));
        odd.render();

        assert!(texts(&Heatmap::default().render().svg).contains(&"no data".to_string()));
        let mut zero_heat = heatmap();
        zero_heat.rows = vec![("x".into(), vec![])];
        let r = zero_heat.render();
        assert_eq!(r.rows, [["x", "0", "0", "0", "0"]]);
    }

    #[test]
    fn heatmap_csv_and_cells() {
        let h = heatmap();
        let r = h.render();
        assert_eq!(
            r.csv,
            "alert,2024-W14,2024-W15,2024-W16,2024-W17\n\
             \"DiskFull, node\",0,3,1,0\n\
             HighLatency,2,0,6,0\n"
        );
        assert_eq!(r.head[0], "alert");
        assert_eq!(r.rows[1], ["HighLatency", "2", "0", "6", "0"]);
        // 8 cells + 5 swatches in the colour scale (0, 2, 3, 5, 6).
        let rs = rects(&r.svg);
        assert_eq!(rs.len(), 8 + 5);
        let blue = rs.iter().filter(|r| r.fill == hex(0)).count();
        assert_eq!(blue, 4 + 4, "non-zero cells and swatches");
        let t = texts(&r.svg);
        for label in ["DiskFull, node", "HighLatency", "6 pages", "0", "alert"] {
            assert!(t.contains(&label.to_string()), "{label} in {t:?}");
        }
        // Darkest cell is the maximum.
        assert!(r.svg.contains("opacity=\"1\" fill=\"#3B82F6\""));
        assert_eq!(heat_alpha(3, 6), 0.63);
    }

    // WCAG 2 relative luminance and contrast ratio.
    fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
        let lin = |c: u8| {
            let c = c as f64 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }

    fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn palette_contrasts_with_both_backgrounds() {
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
        for c in PALETTE {
            let light = contrast(c, (0xff, 0xff, 0xff));
            let dark = contrast(c, (0x0d, 0x11, 0x17));
            assert!(light >= 3.0 && dark >= 3.0, "{c:?}: {light:.2} / {dark:.2}");
        }
    }

    #[test]
    fn severity_scale_contrasts_with_both_backgrounds_and_badge_text() {
        for c in SEVERITY {
            let light = contrast(c, (0xff, 0xff, 0xff));
            let dark = contrast(c, (0x0d, 0x11, 0x17));
            // White badge text needs 4.5:1; a mark on either page needs 3:1.
            assert!(light >= 4.5 && dark >= 3.0, "{c:?}: {light:.2} / {dark:.2}");
        }
        // The most severe is the reddest: most red over green and blue of the scale.
        let redness = |(r, g, b): (u8, u8, u8)| f64::from(r) - f64::from(g.max(b));
        assert!(SEVERITY[1..]
            .iter()
            .all(|c| redness(SEVERITY[0]) > redness(*c)));
        assert_eq!(severity_color(0), SEVERITY[0]);
        assert_eq!(severity_color(9), SEVERITY[3]);
    }

    #[test]
    fn the_theme_badges_use_the_charts_severity_colours() {
        for css in [
            include_str!("../../themes/default/static/assets/style.css"),
            include_str!("../../themes/default/static/assets/slides.css"),
        ] {
            for (i, (r, g, b)) in SEVERITY.iter().enumerate() {
                let decl = format!("--sev{i}: #{r:02x}{g:02x}{b:02x};");
                assert!(css.contains(&decl), "{decl}");
            }
        }
    }

    /// The `<title>` and link of every hand-drawn mark, in order.
    fn mark_titles(svg: &str) -> Vec<(String, Option<String>)> {
        svg.split("class=\"mark\">")
            .skip(1)
            .zip(svg.split("class=\"mark\">"))
            .map(|(after, before)| {
                let open = &before[before.rfind('<').unwrap()..];
                let href = attr(open, "href");
                let t = &after["<title>".len()..after.find("</title>").unwrap()];
                (t.to_string(), href)
            })
            .collect()
    }

    #[test]
    fn every_bar_and_point_says_its_period_series_and_value_and_links_to_its_week() {
        let mut c = small();
        c.links = vec![Some("../w1/".into()), None, Some("../w3/".into())];
        let svg = c.render().svg;
        let marks = mark_titles(&svg);
        let cats = weeks(3);
        // Stacked: per week, the first series then the second; no bar for no data or for 0.
        assert_eq!(
            marks,
            vec![
                (
                    format!("{} — Sev 1, critical: 2.0", cats[0]),
                    Some("../w1/".into())
                ),
                (
                    format!("{} — Sev &quot;2&quot;: 1.0", cats[0]),
                    Some("../w1/".into())
                ),
                (format!("{} — Sev &quot;2&quot;: 4.0", cats[1]), None),
                (
                    format!("{} — Sev 1, critical: 1.5", cats[2]),
                    Some("../w3/".into())
                ),
            ]
        );
        let open = &svg[..svg.find('>').unwrap()];
        assert_eq!(attr(open, "role").as_deref(), Some("group"));

        let mut l = small();
        l.series = vec![Series::line("health", vec![Some(4.0), None, Some(2.0)])];
        let svg = l.render().svg;
        let titles: Vec<String> = mark_titles(&svg).into_iter().map(|(t, _)| t).collect();
        assert_eq!(
            titles,
            vec![
                format!("{} — health: 4.0", cats[0]),
                format!("{} — health: 2.0", cats[2])
            ]
        );
        // Without links the picture stays an image.
        let open = &svg[..svg.find('>').unwrap()];
        assert_eq!(attr(open, "role").as_deref(), Some("img"));
    }

    #[test]
    fn a_series_may_take_its_colour_from_the_severity_scale() {
        let mut c = small();
        c.colors = vec![Some(severity_color(0)), None];
        let fills: Vec<String> = rects(&c.render().svg).into_iter().map(|r| r.fill).collect();
        let (r, g, b) = SEVERITY[0];
        assert!(
            fills.contains(&format!("#{r:02X}{g:02X}{b:02X}")),
            "{fills:?}"
        );
        assert!(fills.contains(&hex(1)), "{fills:?}");
        assert!(!fills.contains(&hex(0)), "{fills:?}");
    }

    #[test]
    fn every_heatmap_cell_says_its_week_row_and_count() {
        let mut h = heatmap();
        h.links = vec![Some("../a/".into())];
        let svg = h.render().svg;
        let marks = mark_titles(&svg);
        assert_eq!(marks.len(), h.rows.len() * h.columns.len());
        let (label, counts) = &h.rows[0];
        assert_eq!(
            marks[0],
            (
                format!(
                    "{} — {}: {} pages",
                    h.columns[0],
                    xml_escape(label),
                    counts[0]
                ),
                Some("../a/".into())
            )
        );
        assert_eq!(marks[1].1, None);
    }

    #[test]
    fn the_phone_variant_keeps_the_newest_weeks_at_the_same_type_in_a_narrower_picture() {
        let mut c = small();
        c.categories = weeks(20);
        c.series = vec![Series::bar(
            "pages",
            (0..20).map(|i| Some(f64::from(i))).collect(),
        )];
        c.links = (0..20).map(|i| Some(format!("w{i}/"))).collect();
        c.marked = vec![2, 18];
        let p = c.for_phone();
        assert_eq!(p.id, "pages-per-week-phone");
        assert_eq!(p.categories, weeks(20)[7..]);
        assert_eq!(p.series[0].values[0], Some(7.0));
        assert_eq!(p.links[0].as_deref(), Some("w7/"));
        assert_eq!(p.marked, vec![11]);
        let svg = p.render().svg;
        let open = &svg[..svg.find('>').unwrap()];
        assert!(attr(open, "viewBox").unwrap().starts_with("0 0 360 "));
        // The same type sizes as the wide chart: twice as large on a 360 px column.
        for part in svg.split("font-size=\"").skip(1) {
            let v = &part[..part.find('"').unwrap()];
            assert!(["12", "14"].contains(&v), "{v}");
        }
        assert_eq!(
            mark_titles(&svg).len(),
            PHONE_CATEGORIES,
            "a bar for each of the 13 weeks"
        );
        let h = heatmap().for_phone();
        let svg = h.render().svg;
        assert!(svg.contains("viewBox=\"0 0 360 "));
        assert_eq!(mark_titles(&svg).len(), 2 * 4, "four weeks: all kept");
    }

    /// CIELAB of a colour as seen with protanopia or deuteranopia (Machado et al. 2009, severity
    /// 1), to check that the first four colours stay apart.
    fn seen_as(c: (u8, u8, u8), m: &[[f64; 3]; 3]) -> [f64; 3] {
        let lin = |c: u8| {
            let c = c as f64 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let v = [lin(c.0), lin(c.1), lin(c.2)];
        let s: Vec<f64> = m
            .iter()
            .map(|row| (row[0] * v[0] + row[1] * v[1] + row[2] * v[2]).clamp(0.0, 1.0))
            .collect();
        let x = (0.4124 * s[0] + 0.3576 * s[1] + 0.1805 * s[2]) / 0.95047;
        let y = 0.2126 * s[0] + 0.7152 * s[1] + 0.0722 * s[2];
        let z = (0.0193 * s[0] + 0.1192 * s[1] + 0.9505 * s[2]) / 1.08883;
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        [
            116.0 * f(y) - 16.0,
            500.0 * (f(x) - f(y)),
            200.0 * (f(y) - f(z)),
        ]
    }

    #[test]
    fn first_colours_stay_apart_for_colour_blind_readers() {
        let normal = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
        let protan = [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ];
        let deutan = [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ];
        for m in [normal, protan, deutan] {
            let seen: Vec<[f64; 3]> = PALETTE[..4].iter().map(|c| seen_as(*c, &m)).collect();
            for (i, a) in seen.iter().enumerate() {
                for (j, b) in seen.iter().enumerate().skip(i + 1) {
                    let d = ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2))
                        .sqrt();
                    assert!(d >= 20.0, "colours {i} and {j}: ΔE {d:.1}");
                }
            }
        }
    }
}
