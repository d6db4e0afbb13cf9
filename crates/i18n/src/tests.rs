//! The catalogue is complete in both languages: every file of one language has its twin in the
//! other, every key is in both (in the same file, once), and each message uses the same
//! placeables (`$arguments`, message and term references) in Indonesian and English.

use super::Lang;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// key → (file, placeables), per file of one language.
type Messages = BTreeMap<String, (String, BTreeSet<String>)>;

fn dir(lang: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("locales").join(lang)
}

fn files(lang: &str) -> BTreeSet<String> {
    std::fs::read_dir(dir(lang))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ftl"))
        .collect()
}

fn inline(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match e {
        InlineExpression::VariableReference { id } => {
            out.insert(format!("${}", id.name));
        }
        InlineExpression::MessageReference { id, attribute } => {
            out.insert(format!(
                "{}{}",
                id.name,
                attribute.as_ref().map(|a| format!(".{}", a.name)).unwrap_or_default()
            ));
        }
        InlineExpression::TermReference { id, arguments, .. } => {
            out.insert(format!("-{}", id.name));
            for a in arguments.iter().flat_map(|a| a.positional.iter().chain(a.named.iter().map(|n| &n.value))) {
                inline(a, out);
            }
        }
        InlineExpression::FunctionReference { id, arguments } => {
            out.insert(format!("{}()", id.name));
            for a in arguments.positional.iter().chain(arguments.named.iter().map(|n| &n.value)) {
                inline(a, out);
            }
        }
        InlineExpression::Placeable { expression } => expr(expression, out),
        InlineExpression::StringLiteral { .. } | InlineExpression::NumberLiteral { .. } => {}
    }
}

fn expr(e: &Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        Expression::Inline(i) => inline(i, out),
        Expression::Select { selector, variants } => {
            inline(selector, out);
            for v in variants {
                pattern(&v.value, out);
            }
        }
    }
}

fn pattern(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            expr(expression, out);
        }
    }
}

/// Every message and term of one language; a key repeated anywhere in the language is an error
/// (fluent-templates would refuse the whole bundle at the first lookup, a panic in production).
fn messages(lang: &str) -> Messages {
    let mut all = Messages::new();
    for file in files(lang) {
        let src = std::fs::read_to_string(dir(lang).join(&file)).unwrap();
        let resource = match fluent_syntax::parser::parse(src.as_str()) {
            Ok(r) => r,
            Err((_, errors)) => panic!("{lang}/{file}: {errors:?}"),
        };
        for entry in &resource.body {
            let (key, value, attributes) = match entry {
                Entry::Message(m) => (m.id.name.to_string(), m.value.as_ref(), &m.attributes),
                Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value), &t.attributes),
                Entry::Junk { content } => panic!("{lang}/{file}: cannot read {content:?}"),
                _ => continue,
            };
            let mut used = BTreeSet::new();
            if let Some(p) = value {
                pattern(p, &mut used);
            }
            for a in attributes {
                used.insert(format!(".{}", a.id.name));
                pattern(&a.value, &mut used);
            }
            if let Some((first, _)) = all.insert(key.clone(), (file.clone(), used)) {
                panic!("{lang}: key {key} in {first} and again in {file}");
            }
        }
    }
    all
}

#[test]
fn both_languages_have_the_same_files_keys_and_placeables() {
    assert_eq!(files("id"), files("en"), "the same .ftl files in id/ and en/");
    let (id, en) = (messages("id"), messages("en"));
    let only = |a: &Messages, b: &Messages| a.keys().filter(|k| !b.contains_key(*k)).cloned().collect::<Vec<_>>();
    assert_eq!(only(&id, &en), Vec::<String>::new(), "only in id");
    assert_eq!(only(&en, &id), Vec::<String>::new(), "only in en");
    let differ: Vec<String> = id
        .iter()
        .filter(|(k, v)| en.get(*k) != Some(v))
        .map(|(k, (file, used))| format!("{file} {k}: id {used:?}, en {:?}", en.get(k)))
        .collect();
    assert!(differ.is_empty(), "file or placeables differ:\n{}", differ.join("\n"));
    assert!(id.len() > 1000, "the whole catalogue is read: {} keys", id.len());
}

#[test]
fn lookups() {
    assert_eq!(Lang::Id.t("book-title"), "Buku masterplan");
    assert_eq!(Lang::En.t("rag-green"), "Green");
    assert_eq!(Lang::En.tn("regions-shown", 3), "3 regions shown");
    assert!(Lang::En.defines("rag-none") && !Lang::En.defines("no-such-key"));
    assert_eq!((Lang::from_code("en"), Lang::from_code("EN"), Lang::parse("EN-gb")), (Lang::En, Lang::Id, Lang::En));
}
