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
