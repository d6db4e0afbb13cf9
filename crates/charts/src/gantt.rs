//! A ten-year roadmap as a Gantt chart: one bar per programme over its years, coloured by
//! horizon, on shaded horizon bands, with plan-period boundaries and milestones.

use crate::{esc, PALETTE};
use std::fmt::Write;

pub struct Bar<'a> {
    pub label: &'a str,
    pub start: i32,
    pub end: i32,
    /// Palette index (by horizon).
    pub colour: usize,
    /// Draw a diamond at the end of the bar (the programme's target year).
    pub milestone: bool,
}

/// A shaded stretch of years with a label (e.g. "Jangka pendek").
pub struct Band<'a> {
    pub label: &'a str,
    pub from: i32,
    pub to: i32,
}

pub struct Gantt<'a> {
    pub title: &'a str,
    pub first_year: i32,
    pub years: i32,
    pub bands: Vec<Band<'a>>,
    /// Years where a plan period (RPJMD/RPD) starts, with its name.
    pub boundaries: Vec<(i32, &'a str)>,
    /// Milestones on the top row: (year, label).
    pub milestones: Vec<(i32, &'a str)>,
    pub bars: Vec<Bar<'a>>,
    /// (label, palette index) for the legend.
    pub legend: Vec<(&'a str, usize)>,
}

const BAND_FILLS: [&str; 3] = ["#eef5f9", "#f7f2ea", "#eef6f0"];

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}

impl Gantt<'_> {
    pub fn svg(&self) -> String {
        let (label_w, year_w, row_h, top) = (290.0, 58.0, 22.0, 78.0);
        let n = self.years.max(1);
        let chart_w = year_w * f64::from(n);
        let legend_h = 30.0;
        let body_h = row_h * self.bars.len().max(1) as f64;
        let (w, h) = (label_w + chart_w + 12.0, top + body_h + 28.0 + legend_h);
        let x_of = |year: i32| label_w + year_w * f64::from(year - self.first_year);
        let mut s = String::new();
        let _ = write!(
            s,
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{t}" font-family="DejaVu Sans, Arial, sans-serif" font-size="11"><title>{t}</title><rect width="{w}" height="{h}" fill="#ffffff"/>"##,
            t = esc(self.title)
        );
        // Horizon bands behind everything, labelled on the first line.
        for (i, b) in self.bands.iter().enumerate() {
            let (from, to) = (b.from.max(self.first_year), b.to.min(self.first_year + n - 1));
            if to < from {
                continue;
            }
            let (x, bw) = (x_of(from), year_w * f64::from(to - from + 1));
            let _ = write!(
                s,
                r##"<rect x="{x:.1}" y="4" width="{bw:.1}" height="{:.1}" fill="{}"/><text x="{:.1}" y="17" text-anchor="middle" font-weight="bold" fill="#38424c">{}</text>"##,
                top + body_h - 4.0,
                BAND_FILLS[i % BAND_FILLS.len()],
                x + bw / 2.0,
                esc(b.label)
            );
        }
        // Year header.
        for i in 0..n {
            let x = label_w + year_w * f64::from(i);
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-weight="bold">{}</text><line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="#dfe3e8"/>"##,
                x + year_w / 2.0,
                top - 8.0,
                self.first_year + i,
                top - 4.0,
                top + body_h
            );
        }
        // Milestones row.
        let my = 40.0;
        for (year, label) in &self.milestones {
            if *year < self.first_year || *year >= self.first_year + n {
                continue;
            }
            let x = x_of(*year) + year_w / 2.0;
            let _ = write!(
                s,
                r##"<path d="M{x:.1} {:.1} l6 6 l-6 6 l-6 -6 z" fill="#1b1f23"><title>{l}</title></path><text x="{x:.1}" y="{:.1}" text-anchor="middle" font-size="9" fill="#38424c">{l}</text>"##,
                my - 6.0,
                my + 17.0,
                l = esc(&truncate(label, 24))
            );
        }
        // Programme rows.
        for (i, b) in self.bars.iter().enumerate() {
            let y = top + row_h * i as f64;
            if i % 2 == 1 {
                let _ = write!(s, r##"<rect x="0" y="{y:.1}" width="{label_w}" height="{row_h}" fill="#f6f8fa"/>"##);
            }
            let _ = write!(
                s,
                r##"<text x="6" y="{:.1}"><title>{}</title>{}</text>"##,
                y + row_h / 2.0 + 4.0,
                esc(b.label),
                esc(&truncate(b.label, 44))
            );
            let (from, to) = (b.start.max(self.first_year), b.end.min(self.first_year + n - 1));
            if to < from {
                continue;
            }
            let (x, bw) = (x_of(from) + 3.0, year_w * f64::from(to - from + 1) - 6.0);
            let colour = PALETTE[b.colour % PALETTE.len()];
            let _ = write!(
                s,
                r##"<rect x="{x:.1}" y="{:.1}" width="{bw:.1}" height="{:.1}" rx="3" fill="{colour}"><title>{} ({}–{})</title></rect>"##,
                y + 4.0,
                row_h - 8.0,
                esc(b.label),
                b.start,
                b.end
            );
            if b.milestone {
                let mx = x + bw;
                let _ = write!(
                    s,
                    r##"<path d="M{mx:.1} {:.1} l5 5 l-5 5 l-5 -5 z" fill="#1b1f23" stroke="#ffffff"/>"##,
                    y + row_h / 2.0 - 5.0
                );
            }
        }
        // Plan-period boundaries over the rows, named at the bottom.
        for (year, label) in &self.boundaries {
            if *year <= self.first_year || *year >= self.first_year + n {
                continue;
            }
            let x = x_of(*year);
            let _ = write!(
                s,
                r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="#b3261e" stroke-width="2" stroke-dasharray="6 4"/><text x="{:.1}" y="{:.1}" fill="#b3261e" font-weight="bold">{}</text>"##,
                top - 4.0,
                top + body_h + 4.0,
                x + 4.0,
                top + body_h + 16.0,
                esc(label)
            );
        }
        // Legend.
        let ly = top + body_h + 30.0;
        let mut lx = label_w;
        for (label, c) in &self.legend {
            let _ = write!(
                s,
                r##"<rect x="{lx:.1}" y="{ly:.1}" width="14" height="10" rx="2" fill="{}"/><text x="{:.1}" y="{:.1}">{}</text>"##,
                PALETTE[c % PALETTE.len()],
                lx + 18.0,
                ly + 9.0,
                esc(label)
            );
            lx += 30.0 + 6.5 * label.chars().count() as f64;
        }
        s.push_str("</svg>");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gantt() -> Gantt<'static> {
        Gantt {
            title: "Peta jalan GOV",
            first_year: 2025,
            years: 10,
            bands: vec![
                Band { label: "Jangka pendek", from: 2025, to: 2027 },
                Band { label: "Jangka menengah", from: 2028, to: 2029 },
                Band { label: "Jangka panjang", from: 2030, to: 2034 },
            ],
            boundaries: vec![(2027, "RPJMD 2027–2031")],
            milestones: vec![(2025, "Quick Win"), (2029, "Evaluasi")],
            bars: vec![
                Bar { label: "Akta lahir <2 hari>", start: 2025, end: 2025, colour: 1, milestone: true },
                Bar { label: "Pusat data", start: 2025, end: 2034, colour: 3, milestone: false },
                Bar { label: "Di luar masa", start: 2040, end: 2041, colour: 0, milestone: false },
            ],
            legend: vec![("Quick Win", 1), ("Jangka panjang", 3)],
        }
    }

    #[test]
    fn gantt_snapshot() {
        insta::assert_snapshot!(gantt().svg());
    }

    #[test]
    fn bars_follow_years_and_text_is_escaped() {
        let svg = gantt().svg();
        assert!(svg.contains("Akta lahir &lt;2 hari&gt;") && !svg.contains("<2 hari>"));
        // A ten-year bar spans ten columns of 58 px less its 6 px margins.
        assert!(svg.contains(r#"width="574.0""#));
        // The boundary is drawn; a bar entirely outside the masterplan draws no rect.
        assert!(svg.contains("RPJMD 2027–2031"));
        assert_eq!(svg.matches("rx=\"3\"").count(), 2);
    }
}
