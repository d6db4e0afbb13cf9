//! The catalogue is embedded at compile time (`fluent_templates::static_loader!`), which cargo
//! does not know about: without this, editing a `.ftl` file leaves the old text in the binary
//! ("Unknown localization key") until something else in the crate changes.
fn main() {
    println!("cargo:rerun-if-changed=locales");
}
