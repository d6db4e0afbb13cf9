//! SVG charts drawn from plain numbers: the same markup is inlined in web pages and (later)
//! rasterised for the PDF and DOCX book, so a chart looks the same everywhere. No scripts, no
//! external fonts or styles: attributes only, so the page's Content-Security-Policy allows it.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod gantt;

use kotacerdas_domain::printable::printable;
use std::fmt::Write;

/// The palette used for series, in order (colour-blind-safe, dark enough for white text).
pub const PALETTE: [&str; 6] = ["#0b4f6c", "#d4541f", "#2e9e52", "#7c4dcc", "#b8860b", "#3b82c4"];

/// Escape text for SVG/XML content and attributes. Only printable characters are kept
/// (`kotacerdas_domain::printable`): a NUL or other control character makes the SVG invalid XML,
/// which the rasteriser and typst refuse, and bidi overrides are not printed anywhere.
pub fn esc(s: &str) -> String {
    let s = printable(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // A line break inside an SVG label would be collapsed to a space anyway.
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A number with two decimals, with a decimal comma for Indonesian (`3,25`) or a point (`3.25`).
pub fn decimal(v: f64, comma: bool) -> String {
    let s = format!("{v:.2}");
    if comma {
        s.replace('.', ",")
    } else {
        s
    }
}

pub struct Series<'a> {
    pub name: &'a str,
    /// One value per axis; `None` (not scored) is drawn at the centre.
    pub values: Vec<Option<f64>>,
}

pub struct Radar<'a> {
    pub title: &'a str,
    pub axes: Vec<&'a str>,
    pub series: Vec<Series<'a>>,
    /// The scale's maximum (5 for readiness); rings are drawn at every whole step.
    pub max: f64,
}

fn point(cx: f64, cy: f64, r: f64, i: usize, n: usize) -> (f64, f64) {
    let angle = -std::f64::consts::FRAC_PI_2 + (i as f64) * std::f64::consts::TAU / (n as f64);
    (cx + r * angle.cos(), cy + r * angle.sin())
}

impl Radar<'_> {
    pub fn svg(&self) -> String {
        let (w, h) = (560.0, 440.0);
        let (cx, cy, radius) = (w / 2.0, 215.0, 150.0);
        let n = self.axes.len().max(3);
        let mut s = String::new();
        let _ = write!(
            s,
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{t}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">"##,
            t = esc(self.title)
        );
        let _ = write!(s, r##"<title>{}</title><rect width="{w}" height="{h}" fill="#ffffff"/>"##, esc(self.title));
        let steps = self.max.round().max(1.0) as usize;
        for k in 1..=steps {
            let r = radius * k as f64 / steps as f64;
            let pts: Vec<String> = (0..n)
                .map(|i| {
                    let (x, y) = point(cx, cy, r, i, n);
                    format!("{x:.1},{y:.1}")
                })
                .collect();
            let _ =
                write!(s, r##"<polygon points="{}" fill="none" stroke="#cfd6dc" stroke-width="1"/>"##, pts.join(" "));
            let (_, ly) = point(cx, cy, r, 0, n);
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}" fill="#5a6570" font-size="10">{k}</text>"##,
                cx + 4.0,
                ly + 11.0
            );
        }
        for (i, label) in self.axes.iter().enumerate() {
            let (x, y) = point(cx, cy, radius, i, n);
            let _ = write!(s, r##"<line x1="{cx:.1}" y1="{cy:.1}" x2="{x:.1}" y2="{y:.1}" stroke="#cfd6dc"/>"##);
            let (lx, ly) = point(cx, cy, radius + 22.0, i, n);
            let anchor = if (lx - cx).abs() < 5.0 {
                "middle"
            } else if lx > cx {
                "start"
            } else {
                "end"
            };
            let _ = write!(
                s,
                r##"<text x="{lx:.1}" y="{:.1}" text-anchor="{anchor}" fill="#1b1f23">{}</text>"##,
                ly + 4.0,
                esc(label)
            );
        }
        for (k, series) in self.series.iter().enumerate() {
            let colour = PALETTE[k % PALETTE.len()];
            let pts: Vec<String> = (0..n)
                .map(|i| {
                    let v = series.values.get(i).copied().flatten().unwrap_or(0.0).clamp(0.0, self.max);
                    let (x, y) = point(cx, cy, radius * v / self.max, i, n);
                    format!("{x:.1},{y:.1}")
                })
                .collect();
            let _ = write!(
                s,
                r##"<polygon points="{}" fill="{colour}" fill-opacity="0.15" stroke="{colour}" stroke-width="2"><title>{}</title></polygon>"##,
                pts.join(" "),
                esc(series.name)
            );
            let (lx, ly) = (16.0 + 150.0 * k as f64, h - 14.0);
            let _ = write!(
                s,
                r##"<rect x="{lx}" y="{:.1}" width="12" height="12" fill="{colour}"/><text x="{:.1}" y="{ly:.1}">{}</text>"##,
                ly - 10.0,
                lx + 18.0,
                esc(series.name)
            );
        }
        s.push_str("</svg>");
        s
    }
}

pub struct Heatmap<'a> {
    pub title: &'a str,
    pub rows: Vec<&'a str>,
    pub columns: Vec<&'a str>,
    /// `values[row][column]` on the scale `min..=max`; `None` is drawn as an empty grey cell.
    pub values: Vec<Vec<Option<f64>>>,
    pub min: f64,
    pub max: f64,
    pub decimal_comma: bool,
}

/// Interpolate from a pale tint to the brand colour.
fn shade(t: f64) -> String {
    let t = t.clamp(0.0, 1.0);
    let (a, b) = ((232.0, 241.0, 246.0), (11.0, 79.0, 108.0));
    let c = |x: f64, y: f64| (x + (y - x) * t).round() as u8;
    format!("#{:02x}{:02x}{:02x}", c(a.0, b.0), c(a.1, b.1), c(a.2, b.2))
}

impl Heatmap<'_> {
    pub fn svg(&self) -> String {
        let (label_w, cell_w, cell_h, top) = (130.0, 70.0, 44.0, 56.0);
        let w = label_w + cell_w * self.columns.len() as f64 + 10.0;
        let h = top + cell_h * self.rows.len() as f64 + 10.0;
        let mut s = String::new();
        let _ = write!(
            s,
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{t}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12"><title>{t}</title><rect width="{w}" height="{h}" fill="#ffffff"/>"##,
            t = esc(self.title)
        );
        for (j, col) in self.columns.iter().enumerate() {
            let x = label_w + cell_w * (j as f64 + 0.5);
            let _ = write!(
                s,
                r##"<text x="{x:.1}" y="{:.1}" text-anchor="middle" font-weight="bold">{}</text>"##,
                top - 12.0,
                esc(col)
            );
        }
        for (i, row) in self.rows.iter().enumerate() {
            let y = top + cell_h * i as f64;
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="end" font-weight="bold">{}</text>"##,
                label_w - 8.0,
                y + cell_h / 2.0 + 4.0,
                esc(row)
            );
            for j in 0..self.columns.len() {
                let x = label_w + cell_w * j as f64;
                let v = self.values.get(i).and_then(|r| r.get(j)).copied().flatten();
                let (fill, text, ink) = match v {
                    Some(v) => {
                        let t = (v - self.min) / (self.max - self.min).max(f64::EPSILON);
                        (shade(t), decimal(v, self.decimal_comma), if t > 0.5 { "#ffffff" } else { "#1b1f23" })
                    }
                    None => ("#f1f3f5".to_string(), "–".to_string(), "#5a6570"),
                };
                let _ = write!(
                    s,
                    r##"<rect x="{x:.1}" y="{y:.1}" width="{cell_w}" height="{cell_h}" fill="{fill}" stroke="#ffffff" stroke-width="2"/><text x="{:.1}" y="{:.1}" text-anchor="middle" fill="{ink}">{text}</text>"##,
                    x + cell_w / 2.0,
                    y + cell_h / 2.0 + 4.0
                );
            }
        }
        s.push_str("</svg>");
        s
    }
}

/// A small trend line: one value per year, labelled at both ends.
pub struct Trend<'a> {
    pub title: &'a str,
    pub points: Vec<(i32, f64)>,
    pub decimal_comma: bool,
    /// Printed after each value label ("miliar Rp", "%", "jiwa"), so a bare "4,55" never
    /// stands for 4,55 billion rupiah; empty for none.
    pub unit: &'a str,
}

impl Trend<'_> {
    pub fn svg(&self) -> String {
        let (w, h, pad) = (260.0, 90.0, 28.0);
        let mut s = String::new();
        let _ = write!(
            s,
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{t}" font-family="DejaVu Sans, Arial, sans-serif" font-size="10"><title>{t}</title>"##,
            t = esc(self.title)
        );
        if self.points.len() >= 2 {
            let (min_y, max_y) = self.points.iter().fold((f64::MAX, f64::MIN), |(a, b), (_, v)| (a.min(*v), b.max(*v)));
            let (min_x, max_x) = (self.points[0].0, self.points[self.points.len() - 1].0);
            let sx = |x: i32| pad + (w - 2.0 * pad) * f64::from(x - min_x) / f64::from((max_x - min_x).max(1));
            let sy = |y: f64| h - 22.0 - (h - 40.0) * (y - min_y) / (max_y - min_y).max(f64::EPSILON);
            let pts: Vec<String> = self.points.iter().map(|(x, y)| format!("{:.1},{:.1}", sx(*x), sy(*y))).collect();
            let _ = write!(
                s,
                r##"<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>"##,
                pts.join(" "),
                PALETTE[0]
            );
            for (x, y) in &self.points {
                let _ = write!(s, r##"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{}"/>"##, sx(*x), sy(*y), PALETTE[0]);
            }
            for (x, y) in [self.points[0], self.points[self.points.len() - 1]] {
                let lang = if self.decimal_comma { "id" } else { "en" };
                let mut label = if y.fract() == 0.0 && y.abs() < 1e15 {
                    kotacerdas_domain::format::number(y as i64, lang)
                } else {
                    kotacerdas_domain::format::float(y, 2, lang)
                };
                if !self.unit.is_empty() {
                    label = format!("{label} {}", self.unit);
                }
                let _ = write!(
                    s,
                    r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#1b1f23">{}</text>"##,
                    sx(x),
                    sy(y) - 7.0,
                    esc(&label)
                );
                let _ = write!(
                    s,
                    r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#5a6570">{x}</text>"##,
                    sx(x),
                    h - 6.0
                );
            }
        }
        s.push_str("</svg>");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn radar() -> Radar<'static> {
        Radar {
            title: "Kesiapan per dimensi",
            axes: vec!["GOV", "BRA", "ECO", "LIV", "SOC", "ENV"],
            series: vec![
                Series {
                    name: "Struktur",
                    values: vec![Some(3.0), Some(2.5), Some(4.0), Some(3.5), Some(2.0), Some(1.5)],
                },
                Series {
                    name: "Infrastruktur",
                    values: vec![Some(4.0), None, Some(3.0), Some(3.0), Some(2.5), Some(2.0)],
                },
            ],
            max: 5.0,
        }
    }

    #[test]
    fn radar_snapshot() {
        insta::assert_snapshot!(radar().svg());
    }

    #[test]
    fn heatmap_snapshot() {
        let h = Heatmap {
            title: "Pilar × dimensi",
            rows: vec!["Struktur", "Infrastruktur"],
            columns: vec!["GOV", "ENV"],
            values: vec![vec![Some(1.0), Some(3.25)], vec![None, Some(5.0)]],
            min: 1.0,
            max: 5.0,
            decimal_comma: true,
        };
        insta::assert_snapshot!(h.svg());
    }

    #[test]
    fn labels_are_escaped_and_values_move_the_shape() {
        let mut r = radar();
        r.axes[0] = "<script>x</script>";
        let svg = r.svg();
        assert!(!svg.contains("<script>") && svg.contains("&lt;script&gt;"));
        let before = radar().svg();
        let mut raised = radar();
        raised.series[0].values[0] = Some(5.0);
        assert_ne!(before, raised.svg());
    }

    #[test]
    fn trend_snapshot() {
        let t = Trend {
            title: "IPM",
            points: vec![(2020, 70.1), (2021, 70.9), (2022, 71.6), (2023, 72.35)],
            decimal_comma: true,
            unit: "",
        };
        insta::assert_snapshot!(t.svg());
        let single = Trend { title: "x", points: vec![(2024, 1.0)], decimal_comma: false, unit: "" };
        assert!(!single.svg().contains("polyline"), "one point draws no line");
        let money =
            Trend { title: "x", points: vec![(2025, 4.55), (2026, 1250.0)], decimal_comma: true, unit: "miliar Rp" };
        let svg = money.svg();
        assert!(svg.contains(">4,55 miliar Rp<") && svg.contains(">1.250 miliar Rp<"), "{svg}");
    }

    #[test]
    fn decimals() {
        assert_eq!(decimal(3.256, true), "3,26");
        assert_eq!(decimal(3.0, false), "3.00");
    }
}
