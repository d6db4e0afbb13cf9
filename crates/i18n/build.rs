// The catalogue is compiled in by `fluent_templates::static_loader!`, which does not tell cargo
// about the .ftl files it reads: without this an edited catalogue left a stale binary (a new key
// showing as "Unknown localization key") until an .rs file of this crate changed.
fn main() {
    println!("cargo:rerun-if-changed=locales");
}
