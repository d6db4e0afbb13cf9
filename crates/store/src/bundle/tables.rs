//! What a region bundle holds: the tables in dependency order, how each table's rows belong to
//! the region, and which columns refer to rows of other tables (so ids can be remapped on
//! import). Column names and types come from the SeaORM entities, so a column added to an
//! entity travels in bundles without a change here; a new *table* or a new reference column must
//! be added to [`TABLES`] (the unit test below lists every entity to catch a forgotten one).

use crate::entity;
use sea_orm::sea_query::ColumnType;
use sea_orm::{ColumnTrait, EntityTrait, IdenStatic, Iterable};

/// The kind of value a column holds, as stored in the bundle's JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// 32-bit integer (JSON number).
    Int,
    /// 64-bit integer (JSON number).
    Big,
    /// Text (JSON string).
    Text,
    /// Boolean (JSON true/false).
    Bool,
    /// Timestamp with time zone (JSON string, RFC 3339 in UTC).
    Ts,
    /// Calendar date (JSON string, `YYYY-MM-DD`).
    Date,
}

#[derive(Debug, Clone)]
pub struct Col {
    pub name: String,
    pub ty: Ty,
    pub nullable: bool,
}

/// An entity's table name and its columns with the bundle's type of each.
pub fn columns<E: EntityTrait + Default>() -> Result<(String, Vec<Col>), String> {
    let table = E::default().table_name().to_string();
    let cols = E::Column::iter()
        .map(|c| {
            let def = ColumnTrait::def(&c);
            let ty = match def.get_column_type() {
                ColumnType::Integer | ColumnType::SmallInteger | ColumnType::TinyInteger => Ty::Int,
                ColumnType::BigInteger => Ty::Big,
                ColumnType::String(_) | ColumnType::Text | ColumnType::Char(_) => Ty::Text,
                ColumnType::Boolean => Ty::Bool,
                ColumnType::TimestampWithTimeZone | ColumnType::Timestamp | ColumnType::DateTime => Ty::Ts,
                ColumnType::Date => Ty::Date,
                other => {
                    return Err(format!("{table}.{}: column type {other:?} is not carried in bundles", c.as_str()))
                }
            };
            Ok(Col { name: c.as_str().to_string(), ty, nullable: def.is_null() })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok((table, cols))
}

/// How a table's rows belong to the exported region.
#[derive(Debug, Clone, Copy)]
pub enum Owner {
    /// The `regions` row itself (selected by code).
    Root,
    /// A `region_id` column.
    Region,
    /// Through a parent row: `column` refers to `table`, whose rows belong to the region.
    Parent { column: &'static str, table: &'static str },
    /// Uploaded files: those of the region (`region_id`) and any other file a region row refers to.
    Files,
    /// Accounts: those with a role in the region and those its rows refer to. Matched on import by
    /// username; an existing account is reused, never overwritten.
    Users,
    /// Shared reference data the region's rows point at, matched on import by a natural key and
    /// created when missing. `with_parent`: rows exported for every exported row of that parent
    /// reference (e.g. all survey questions of a round), inserted only together with a new parent.
    Global { key: &'static [&'static str], with_parent: Option<(&'static str, &'static str)> },
    /// The region's audit trail (`region_id`); on import into an existing region the entries it
    /// already has are kept and only new ones are added.
    Audit,
}

/// What a reference column points at.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    Table(&'static str),
    /// `programme_links.ref_id`: the table depends on the row's `kind`.
    ByKind {
        kind_column: &'static str,
        kinds: &'static [(&'static str, &'static str)],
    },
}

#[derive(Debug, Clone, Copy)]
pub struct Ref {
    pub column: &'static str,
    pub target: Target,
    /// No foreign key in the database: a value whose row is not in the bundle becomes NULL
    /// instead of failing the import (e.g. the account of an audit entry).
    pub soft: bool,
    /// Set after every table is in (breaks the regions ↔ files cycle).
    pub deferred: bool,
}

const fn to(column: &'static str, table: &'static str) -> Ref {
    Ref { column, target: Target::Table(table), soft: false, deferred: false }
}

const fn soft(column: &'static str, table: &'static str) -> Ref {
    Ref { column, target: Target::Table(table), soft: true, deferred: false }
}

/// An entity's table name and columns (see [`columns`]).
pub type ColumnsFn = fn() -> Result<(String, Vec<Col>), String>;

pub struct TableSpec {
    pub name: &'static str,
    pub owner: Owner,
    pub refs: &'static [Ref],
    pub columns: ColumnsFn,
}

impl TableSpec {
    pub fn reference(&self, column: &str) -> Option<&Ref> {
        self.refs.iter().find(|r| r.column == column)
    }
}

const fn spec(name: &'static str, owner: Owner, refs: &'static [Ref], columns: ColumnsFn) -> TableSpec {
    TableSpec { name, owner, refs, columns }
}

const REGION: Owner = Owner::Region;
const fn parent(column: &'static str, table: &'static str) -> Owner {
    Owner::Parent { column, table }
}

/// The tables of programme_links' `ref_id`, by `kind` (see `kotacerdas_domain::programme::LinkKind`).
pub const LINK_KINDS: &[(&str, &str)] = &[
    ("support_opd", "opds"),
    ("problem", "problems"),
    ("app", "apps"),
    ("dataset", "datasets"),
    ("rpjmd", "plan_items"),
];

/// The tables of input_links' `ref_id`, by `kind` (see `participation::link`).
pub const INPUT_LINK_KINDS: &[(&str, &str)] = &[("problem", "problems"), ("programme", "programmes")];

use entity as e;

/// Every table a bundle carries, in the order rows are inserted (referenced tables first).
pub static TABLES: &[TableSpec] = &[
    // Several cohorts share a year (one per track): matched by year and name.
    spec("cohorts", Owner::Global { key: &["year", "name"], with_parent: None }, &[], columns::<e::cohort::Entity>),
    spec(
        "evaluation_rounds",
        Owner::Global { key: &["year"], with_parent: None },
        &[],
        columns::<e::evaluation_round::Entity>,
    ),
    spec(
        "evaluation_weights",
        Owner::Global { key: &["round_id", "part"], with_parent: Some(("round_id", "evaluation_rounds")) },
        &[to("round_id", "evaluation_rounds")],
        columns::<e::evaluation_weight::Entity>,
    ),
    spec(
        "survey_questions",
        Owner::Global { key: &["round_id", "position"], with_parent: Some(("round_id", "evaluation_rounds")) },
        &[to("round_id", "evaluation_rounds")],
        columns::<e::survey_question::Entity>,
    ),
    spec("users", Owner::Users, &[], columns::<e::user::Entity>),
    spec(
        "regions",
        Owner::Root,
        &[
            to("cohort_id", "cohorts"),
            Ref { column: "logo_file_id", target: Target::Table("files"), soft: false, deferred: true },
        ],
        columns::<e::region::Entity>,
    ),
    spec(
        "files",
        Owner::Files,
        &[soft("region_id", "regions"), soft("uploaded_by", "users")],
        columns::<e::stored_file::Entity>,
    ),
    spec("opds", REGION, &[to("region_id", "regions")], columns::<e::opd::Entity>),
    spec("members", REGION, &[to("region_id", "regions"), to("opd_id", "opds")], columns::<e::member::Entity>),
    spec("stages", REGION, &[to("region_id", "regions"), to("decided_by", "users")], columns::<e::stage::Entity>),
    spec(
        "stage_comments",
        REGION,
        &[to("region_id", "regions"), to("stage_id", "stages"), to("author_id", "users")],
        columns::<e::stage_comment::Entity>,
    ),
    spec("mous", REGION, &[to("region_id", "regions"), to("file_id", "files")], columns::<e::mou::Entity>),
    spec("sk_decrees", REGION, &[to("region_id", "regions"), to("file_id", "files")], columns::<e::sk_decree::Entity>),
    spec(
        "cohort_candidates",
        REGION,
        &[to("region_id", "regions"), to("cohort_id", "cohorts"), to("decided_by", "users")],
        columns::<e::cohort_candidate::Entity>,
    ),
    spec(
        "editions",
        REGION,
        &[to("region_id", "regions"), to("mou_file_id", "files"), to("book_file_id", "files")],
        columns::<e::edition::Entity>,
    ),
    // Workshops travel with the region, so attendance ticked on the offline workshop laptop
    // comes back with the bundle.
    spec("workshops", REGION, &[to("region_id", "regions"), to("stage_id", "stages")], columns::<e::workshop::Entity>),
    spec(
        "workshop_speakers",
        REGION,
        &[to("region_id", "regions"), to("workshop_id", "workshops"), soft("user_id", "users")],
        columns::<e::workshop_speaker::Entity>,
    ),
    spec(
        "workshop_agenda",
        REGION,
        &[to("region_id", "regions"), to("workshop_id", "workshops")],
        columns::<e::workshop_agenda::Entity>,
    ),
    spec(
        "workshop_materials",
        REGION,
        &[
            to("region_id", "regions"),
            to("workshop_id", "workshops"),
            to("file_id", "files"),
            soft("uploaded_by", "users"),
        ],
        columns::<e::workshop_material::Entity>,
    ),
    spec(
        "workshop_invitees",
        REGION,
        &[to("region_id", "regions"), to("workshop_id", "workshops"), to("opd_id", "opds")],
        columns::<e::workshop_invitee::Entity>,
    ),
    spec(
        "workshop_attendance",
        REGION,
        &[to("region_id", "regions"), to("workshop_id", "workshops"), to("invitee_id", "workshop_invitees")],
        columns::<e::workshop_attendance::Entity>,
    ),
    spec(
        "workshop_actions",
        REGION,
        &[to("region_id", "regions"), to("workshop_id", "workshops"), to("opd_id", "opds")],
        columns::<e::workshop_action::Entity>,
    ),
    spec(
        "readiness_scores",
        REGION,
        &[to("region_id", "regions"), to("evidence_file_id", "files"), soft("updated_by", "users")],
        columns::<e::readiness_score::Entity>,
    ),
    spec("problems", REGION, &[to("region_id", "regions"), to("opd_id", "opds")], columns::<e::problem::Entity>),
    spec("apps", REGION, &[to("region_id", "regions"), to("opd_id", "opds")], columns::<e::app::Entity>),
    spec("datasets", REGION, &[to("region_id", "regions"), to("opd_id", "opds")], columns::<e::dataset::Entity>),
    spec(
        "app_datasets",
        parent("app_id", "apps"),
        &[to("app_id", "apps"), to("dataset_id", "datasets")],
        columns::<e::app_dataset::Entity>,
    ),
    spec("profile_figures", REGION, &[to("region_id", "regions")], columns::<e::profile_figure::Entity>),
    spec("swot_items", REGION, &[to("region_id", "regions")], columns::<e::swot_item::Entity>),
    spec(
        "regulations",
        REGION,
        &[to("region_id", "regions"), to("file_id", "files")],
        columns::<e::regulation::Entity>,
    ),
    spec("institutions", REGION, &[to("region_id", "regions")], columns::<e::institution::Entity>),
    spec(
        "section_comments",
        REGION,
        &[to("region_id", "regions"), to("author_id", "users")],
        columns::<e::section_comment::Entity>,
    ),
    spec("plan_periods", REGION, &[to("region_id", "regions")], columns::<e::plan_period::Entity>),
    spec(
        "plan_items",
        REGION,
        &[
            to("region_id", "regions"),
            to("period_id", "plan_periods"),
            // A goal's mission, a target's goal: rows of the same table, set once all are in.
            Ref { column: "parent_id", target: Target::Table("plan_items"), soft: false, deferred: true },
        ],
        columns::<e::plan_item::Entity>,
    ),
    spec("masterplans", REGION, &[to("region_id", "regions")], columns::<e::masterplan::Entity>),
    spec(
        "vision_items",
        REGION,
        &[to("region_id", "regions"), to("plan_item_id", "plan_items")],
        columns::<e::vision_item::Entity>,
    ),
    spec("programmes", REGION, &[to("region_id", "regions"), to("opd_id", "opds")], columns::<e::programme::Entity>),
    // The "real data" yardstick's uses of a data set: after both data sets and programmes.
    spec(
        "dataset_programmes",
        parent("dataset_id", "datasets"),
        &[to("dataset_id", "datasets"), to("programme_id", "programmes")],
        columns::<e::dataset_programme::Entity>,
    ),
    spec(
        "dataset_decisions",
        parent("dataset_id", "datasets"),
        &[to("dataset_id", "datasets")],
        columns::<e::dataset_decision::Entity>,
    ),
    spec(
        "programme_years",
        parent("programme_id", "programmes"),
        &[to("programme_id", "programmes")],
        columns::<e::programme_year::Entity>,
    ),
    spec(
        "programme_budgets",
        parent("programme_id", "programmes"),
        &[to("programme_id", "programmes")],
        columns::<e::programme_budget::Entity>,
    ),
    spec(
        "programme_links",
        parent("programme_id", "programmes"),
        &[
            to("programme_id", "programmes"),
            Ref {
                column: "ref_id",
                target: Target::ByKind { kind_column: "kind", kinds: LINK_KINDS },
                soft: true,
                deferred: false,
            },
        ],
        columns::<e::programme_link::Entity>,
    ),
    // element_code names the framework (the same in every database), like programmes.element_code.
    spec(
        "programme_reach",
        parent("programme_id", "programmes"),
        &[to("programme_id", "programmes")],
        columns::<e::programme_reach::Entity>,
    ),
    spec(
        "programme_kpis",
        parent("programme_id", "programmes"),
        &[to("programme_id", "programmes")],
        columns::<e::programme_kpi::Entity>,
    ),
    spec(
        "programme_kpi_targets",
        parent("kpi_id", "programme_kpis"),
        &[to("kpi_id", "programme_kpis")],
        columns::<e::programme_kpi_target::Entity>,
    ),
    spec("qw_criteria", REGION, &[to("region_id", "regions")], columns::<e::qw_criterion::Entity>),
    spec(
        "qw_scores",
        parent("programme_id", "programmes"),
        &[to("programme_id", "programmes"), to("criterion_id", "qw_criteria")],
        columns::<e::qw_score::Entity>,
    ),
    spec(
        "quick_wins",
        parent("programme_id", "programmes"),
        &[to("programme_id", "programmes")],
        columns::<e::quick_win::Entity>,
    ),
    spec("book_texts", REGION, &[to("region_id", "regions")], columns::<e::book_text::Entity>),
    spec(
        "book_versions",
        REGION,
        &[
            to("region_id", "regions"),
            to("pdf_file_id", "files"),
            to("docx_file_id", "files"),
            to("pdf_en_file_id", "files"),
            to("scan_file_id", "files"),
            to("source_file_id", "files"),
            soft("created_by", "users"),
        ],
        columns::<e::book_version::Entity>,
    ),
    spec(
        "book_version_events",
        parent("version_id", "book_versions"),
        &[to("version_id", "book_versions"), soft("actor_id", "users")],
        columns::<e::book_version_event::Entity>,
    ),
    spec("reporting_periods", REGION, &[to("region_id", "regions")], columns::<e::reporting_period::Entity>),
    spec(
        "programme_reports",
        parent("period_id", "reporting_periods"),
        &[
            to("period_id", "reporting_periods"),
            to("programme_id", "programmes"),
            to("evidence_file_id", "files"),
            soft("updated_by", "users"),
        ],
        columns::<e::programme_report::Entity>,
    ),
    spec(
        "kpi_actuals",
        parent("report_id", "programme_reports"),
        &[to("report_id", "programme_reports"), to("kpi_id", "programme_kpis")],
        columns::<e::kpi_actual::Entity>,
    ),
    spec(
        "evaluations",
        REGION,
        &[to("region_id", "regions"), to("round_id", "evaluation_rounds"), to("letter_file_id", "files")],
        columns::<e::evaluation::Entity>,
    ),
    spec(
        "evaluation_scores",
        parent("evaluation_id", "evaluations"),
        &[to("evaluation_id", "evaluations"), to("evidence_file_id", "files")],
        columns::<e::evaluation_score::Entity>,
    ),
    spec(
        "survey_tallies",
        parent("evaluation_id", "evaluations"),
        &[to("evaluation_id", "evaluations"), to("question_id", "survey_questions")],
        columns::<e::survey_tally::Entity>,
    ),
    spec(
        "qw_evaluations",
        parent("evaluation_id", "evaluations"),
        &[to("evaluation_id", "evaluations"), to("programme_id", "programmes"), to("evidence_file_id", "files")],
        columns::<e::qw_evaluation::Entity>,
    ),
    spec("consultations", REGION, &[to("region_id", "regions")], columns::<e::consultation::Entity>),
    spec(
        "citizen_inputs",
        REGION,
        &[
            to("consultation_id", "consultations"),
            to("region_id", "regions"),
            soft("user_id", "users"),
            to("photo_file_id", "files"),
        ],
        columns::<e::citizen_input::Entity>,
    ),
    spec(
        "input_supports",
        parent("input_id", "citizen_inputs"),
        &[to("input_id", "citizen_inputs")],
        columns::<e::input_support::Entity>,
    ),
    spec(
        "input_comments",
        parent("input_id", "citizen_inputs"),
        &[to("input_id", "citizen_inputs"), soft("user_id", "users")],
        columns::<e::input_comment::Entity>,
    ),
    spec(
        "input_answers",
        parent("input_id", "citizen_inputs"),
        &[to("input_id", "citizen_inputs"), to("opd_id", "opds"), soft("answered_by", "users")],
        columns::<e::input_answer::Entity>,
    ),
    spec(
        "input_links",
        parent("input_id", "citizen_inputs"),
        &[
            to("input_id", "citizen_inputs"),
            Ref {
                column: "ref_id",
                target: Target::ByKind { kind_column: "kind", kinds: INPUT_LINK_KINDS },
                soft: false,
                deferred: false,
            },
        ],
        columns::<e::input_link::Entity>,
    ),
    // The adopted yearly plans and the links a person made to them travel with the region: the
    // offline laptop shows the same alignment, and links made there come back.
    spec("rkpd_profiles", REGION, &[to("region_id", "regions")], columns::<e::rkpd_profile::Entity>),
    spec(
        "rkpd_imports",
        REGION,
        &[to("region_id", "regions"), soft("imported_by", "users")],
        columns::<e::rkpd_import::Entity>,
    ),
    spec(
        "rkpd_items",
        REGION,
        &[to("region_id", "regions"), to("import_id", "rkpd_imports")],
        columns::<e::rkpd_item::Entity>,
    ),
    spec(
        "alignment_links",
        REGION,
        &[to("region_id", "regions"), to("programme_id", "programmes"), soft("created_by", "users")],
        columns::<e::alignment_link::Entity>,
    ),
    spec(
        "role_assignments",
        REGION,
        &[to("region_id", "regions"), to("user_id", "users"), to("opd_id", "opds")],
        columns::<e::role_assignment::Entity>,
    ),
    spec(
        "audit_log",
        Owner::Audit,
        &[to("region_id", "regions"), soft("actor_id", "users")],
        columns::<e::audit::Entity>,
    ),
];

/// Tables deliberately left out of bundles, with the reason (checked by the unit test).
pub const NOT_CARRIED: &[(&str, &str)] = &[
    ("programme", "the one programme row of every server"),
    ("dimensions", "reference framework shipped with the schema (codes are stable)"),
    ("elements", "reference framework shipped with the schema (codes are stable)"),
    ("pillars", "reference framework shipped with the schema (codes are stable)"),
    ("pillar_items", "reference framework shipped with the schema (codes are stable)"),
    ("sessions", "sign-ins belong to one server"),
    ("api_tokens", "credentials belong to one server"),
    ("login_attempts", "throttling belongs to one server"),
    ("rate_hits", "rate limiting belongs to one server"),
    ("form_tokens", "double-post guard of one server's forms"),
    ("workshop_checkins", "a room's check-in link belongs to the server that showed its QR code"),
    ("reminders_sent", "e-mail bookkeeping of one server"),
    (
        "kawasan_members",
        "a kawasan spans other regions; a bundle carries one region, so a kawasan's members are named again after a move",
    ),
    (
        "programme_shares",
        "a share ties two regions together; a bundle carries one region, so shares are re-invited after a move",
    ),
];

/// The table whose id an audit entry of `entity` records as `entity_id` (see the `audit::record`
/// calls), so it can follow the remapping.
pub fn audit_entity_table(entity: &str) -> Option<&'static str> {
    Some(match entity {
        "app" => "apps",
        "book_text" => "book_texts",
        "book_version" => "book_versions",
        "citizen_input" => "citizen_inputs",
        "cohort" => "cohorts",
        "cohort_candidate" => "cohort_candidates",
        "consultation" => "consultations",
        "dataset" => "datasets",
        "dataset_decision" => "dataset_decisions",
        "dataset_programme" => "dataset_programmes",
        "edition" => "editions",
        "evaluation" => "evaluations",
        "evaluation_round" => "evaluation_rounds",
        "file" => "files",
        "input_answer" => "input_answers",
        "input_comment" => "input_comments",
        "input_link" => "input_links",
        "institution" => "institutions",
        "masterplan" => "masterplans",
        "member" => "members",
        "mou" => "mous",
        "opd" => "opds",
        "plan_item" => "plan_items",
        "plan_period" => "plan_periods",
        "problem" => "problems",
        "profile_figure" => "profile_figures",
        "programme" => "programmes",
        "programme_report" => "programme_reports",
        "quick_win" => "programmes", // recorded by programme
        "qw_criteria" => "regions",  // the region's whole set
        "qw_score" => "programmes",  // recorded by programme
        "readiness_score" => "readiness_scores",
        "region" => "regions",
        "regulation" => "regulations",
        "reporting_period" => "reporting_periods",
        "role_assignment" => "role_assignments",
        "section_comment" => "section_comments",
        "stage" => "stages",
        "stage_comment" => "stage_comments",
        "sk_decree" => "sk_decrees",
        "swot_item" => "swot_items",
        "user" => "users",
        "vision_item" => "vision_items",
        "workshop" => "workshops",
        "workshop_speaker" => "workshop_speakers",
        "workshop_agenda" => "workshop_agenda",
        "workshop_material" => "workshop_materials",
        "workshop_invitee" => "workshop_invitees",
        "workshop_attendance" => "workshop_attendance",
        "workshop_action" => "workshop_actions",
        "rkpd_profile" => "rkpd_profiles",
        "rkpd_import" => "rkpd_imports",
        "rkpd_item" => "rkpd_items",
        "alignment_link" => "alignment_links",
        _ => return None,
    })
}

pub fn spec_of(name: &str) -> Option<&'static TableSpec> {
    TABLES.iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_carried_or_excluded_and_specs_match_their_entities() {
        let all = [
            "api_tokens",
            "apps",
            "app_datasets",
            "audit_log",
            "book_texts",
            "book_versions",
            "book_version_events",
            "citizen_inputs",
            "cohorts",
            "cohort_candidates",
            "consultations",
            "datasets",
            "dataset_decisions",
            "dataset_programmes",
            "dimensions",
            "editions",
            "elements",
            "evaluations",
            "evaluation_rounds",
            "evaluation_scores",
            "evaluation_weights",
            "input_answers",
            "input_comments",
            "input_links",
            "input_supports",
            "institutions",
            "kawasan_members",
            "kpi_actuals",
            "login_attempts",
            "masterplans",
            "members",
            "mous",
            "opds",
            "pillars",
            "pillar_items",
            "plan_items",
            "plan_periods",
            "problems",
            "profile_figures",
            "programme",
            "programme_budgets",
            "programme_kpis",
            "programme_kpi_targets",
            "programme_links",
            "programme_reach",
            "programme_reports",
            "programme_shares",
            "programmes",
            "programme_years",
            "quick_wins",
            "qw_criteria",
            "qw_evaluations",
            "qw_scores",
            "readiness_scores",
            "regions",
            "regulations",
            "reminders_sent",
            "reporting_periods",
            "role_assignments",
            "section_comments",
            "sessions",
            "sk_decrees",
            "stages",
            "stage_comments",
            "files",
            "form_tokens",
            "rate_hits",
            "survey_questions",
            "survey_tallies",
            "swot_items",
            "users",
            "vision_items",
            "workshops",
            "workshop_speakers",
            "workshop_agenda",
            "workshop_materials",
            "workshop_invitees",
            "workshop_attendance",
            "workshop_checkins",
            "workshop_actions",
            "rkpd_profiles",
            "rkpd_imports",
            "rkpd_items",
            "alignment_links",
        ];
        for t in all {
            let carried = spec_of(t).is_some();
            let excluded = NOT_CARRIED.iter().any(|(n, _)| *n == t);
            assert!(carried != excluded, "{t}: carried {carried}, excluded {excluded}");
        }
        let mut seen: Vec<&str> = Vec::new();
        for t in TABLES {
            let (name, cols) = (t.columns)().unwrap();
            assert_eq!(name, t.name);
            assert_eq!(cols.first().map(|c| c.name.as_str()), Some("id"), "{name}: id first");
            for r in t.refs {
                assert!(cols.iter().any(|c| c.name == r.column), "{name}.{} is not a column", r.column);
                // Referenced tables come first (deferred references excepted).
                if let Target::Table(target) = r.target {
                    assert!(r.deferred || seen.contains(&target) || target == t.name, "{name}.{} → {target}", r.column);
                }
            }
            if let Owner::Parent { column, table } = t.owner {
                assert!(t.reference(column).is_some() && seen.contains(&table), "{name}: parent {table}");
            }
            seen.push(t.name);
        }
    }
}
