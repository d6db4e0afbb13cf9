//! The roadmap's Gantt charts, one per dimension, drawn from the programme register with the
//! horizon bands, RPJMD/RPD boundaries and milestones. Shared by the roadmap page and the book.

use kotacerdas_charts::gantt::{Band, Bar, Gantt};
use kotacerdas_domain::framework::DIMENSIONS;
use kotacerdas_domain::programme::Horizon;
use kotacerdas_store::{plan, plan::programme_xlsx, plan::programmes, DatabaseConnection, Result};

/// The palette colour of each horizon.
pub fn horizon_colour(h: &str) -> usize {
    match Horizon::parse(h) {
        Some(Horizon::QuickWin) => 1,
        Some(Horizon::Short) => 2,
        Some(Horizon::Medium) => 0,
        _ => 3,
    }
}

/// (title, SVG) per dimension, labelled in `lang` ("id" or "en"). Each chart holds the
/// dimension's own programmes, then those of other dimensions that also serve it (their bar
/// labelled with their primary element, without a milestone); the title carries the reach.
pub async fn gantts(db: &DatabaseConnection, region_id: i64, lang: &str) -> Result<Vec<(String, String)>> {
    let all = programmes::list(db, region_id).await?;
    let years = programme_xlsx::years(db, region_id, &all).await?;
    let first = years.first().copied().unwrap_or_default();
    let periods = plan::periods(db, region_id).await?;
    let labels: Vec<String> =
        periods.iter().map(|p| format!("{} {}–{}", p.kind.to_uppercase(), p.start_year, p.end_year)).collect();
    let l = kotacerdas_i18n::Lang::from_code(lang);
    let (short, medium, long) = (Horizon::Short.label(lang), Horizon::Medium.label(lang), Horizon::Long.label(lang));
    let (quick, mid, end) = (l.t("doc-gantt-quick-wins-done"), l.t("doc-gantt-mid-term"), l.t("doc-gantt-final"));
    let legend: Vec<(&str, usize)> = Horizon::ALL.iter().map(|h| (h.label(lang), horizon_colour(h.as_str()))).collect();
    let mut out = Vec::new();
    for d in DIMENSIONS.iter() {
        let mut mine: Vec<_> = all.iter().filter(|p| p.programme.element_code.starts_with(d.named.code)).collect();
        mine.sort_by_key(|p| (p.programme.element_code.clone(), p.programme.start_year, p.programme.end_year));
        let own = mine.len();
        let mut also: Vec<_> = all.iter().filter(|p| p.further_dimensions().contains(&d.named.code)).collect();
        also.sort_by_key(|p| (p.programme.start_year, p.programme.name.clone()));
        let reach = kotacerdas_domain::reach::summary(lang, own, also.len());
        let title = format!("{} · {} ({reach})", d.named.code, d.named.name(lang));
        mine.extend(also);
        let names: Vec<String> = mine
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let name = crate::book_chapters::programme_name(&p.programme);
                if i < own {
                    name
                } else {
                    format!("+ {name} [{}]", p.programme.element_code)
                }
            })
            .collect();
        let gantt = Gantt {
            title: &title,
            first_year: first,
            years: years.len() as i32,
            bands: vec![
                Band { label: short, from: first, to: first + 2 },
                Band { label: medium, from: first + 3, to: first + 4 },
                Band { label: long, from: first + 5, to: first + 9 },
            ],
            boundaries: periods.iter().zip(&labels).map(|(p, l)| (p.start_year, l.as_str())).collect(),
            milestones: vec![(first, &quick), (first + 4, &mid), (first + 9, &end)],
            bars: mine
                .iter()
                .zip(&names)
                .enumerate()
                .map(|(i, (p, name))| Bar {
                    label: name,
                    start: p.programme.start_year,
                    end: p.programme.end_year,
                    colour: horizon_colour(&p.programme.horizon),
                    milestone: i < own,
                })
                .collect(),
            legend: legend.clone(),
        };
        out.push((title.clone(), gantt.svg()));
    }
    Ok(out)
}
