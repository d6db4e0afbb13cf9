//! Indonesian first, English too: the pages' language is the catalogue's [`Lang`]. Message texts
//! live in the one catalogue, `crates/i18n/locales/{id,en}/*.ftl`.

pub use kotacerdas_i18n::Lang;
