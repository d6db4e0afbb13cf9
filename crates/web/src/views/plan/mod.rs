//! Stages 2–3, the plan: the RPJMD reference and the vision, the programme register (list, form,
//! Excel import and export), Quick Wins, the plan checks, the roadmap, shared programmes and the
//! Permendagri 90 code list.

pub mod checks;
pub mod codes;
pub mod programme_form;
pub mod programme_import;
pub mod programmes;
pub mod quickwins;
pub mod roadmap;
pub mod rpjmd;
pub mod shares;

/// One dimension's reach for a table: label, primary programmes, programmes of other dimensions
/// also serving it, and the budget of the primary ones only (so the column adds up to the plan).
pub struct ReachRow {
    pub dimension: String,
    pub primary: usize,
    pub also: usize,
    pub budget: i64,
}

/// The reach per dimension of a programme register (`kotacerdas_domain::reach::roll_up`).
pub fn reach_rows(all: &[kotacerdas_store::plan::programmes::Programme], lang: &str) -> Vec<ReachRow> {
    use kotacerdas_domain::reach::{roll_up, Counted};
    let counted: Vec<Counted> = all
        .iter()
        .map(|p| Counted { primary: &p.programme.element_code, further: &p.also_serves, budget: p.total_budget() })
        .collect();
    roll_up(&counted)
        .into_iter()
        .map(|r| ReachRow {
            dimension: kotacerdas_domain::framework::dimension(r.dimension)
                .map(|d| format!("{} · {}", d.named.code, d.named.name(lang)))
                .unwrap_or_default(),
            primary: r.primary,
            also: r.also,
            budget: r.budget,
        })
        .collect()
}
