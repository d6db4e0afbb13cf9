//! Which characters of a user's text may reach a printed document (the PDF through typst, the
//! SVG charts, the DOCX). Everything a user typed is kept except the few character classes that
//! break a typesetter or an XML file, or that can make a printed official text read differently
//! from what was stored. One rule, used by every writer, so the PDF, the charts and the DOCX never
//! disagree about what a name says.
//!
//! Per class (and why):
//! - **Bidi embeddings, overrides and isolates** (U+202A–U+202E, U+2066–U+2069): removed. They
//!   open explicit embedding levels that typst 0.13's line reordering cannot always close (it
//!   panicked on "byte index … is not a char boundary" with U+202E in a programme name), and in a
//!   signed plan an override can show a name reversed from what the database holds ("Trojan
//!   source"). Arabic or Hebrew text still runs right to left by its own letters; only the forced
//!   direction is lost. The implicit marks LRM, RLM and ALM (U+200E, U+200F, U+061C) open no level
//!   and are kept.
//! - **C0 and C1 control characters** (NUL, U+0001–U+001F, U+007F–U+009F) except line feed and
//!   tab: removed. XML 1.0 forbids most of them, so an SVG chart or the DOCX's document.xml holding
//!   one is refused by the renderer or by Word; they draw nothing in a PDF anyway. A tab becomes a
//!   space (it has no column meaning in a table cell); a line feed stays (the writers turn it into
//!   a line break); a carriage return is dropped (CR LF from a form is one line feed).
//! - **Line and paragraph separators** (U+2028, U+2029): become a line feed, which every writer
//!   handles, instead of a break that only some of them know.
//! - **Noncharacters** (U+FDD0–U+FDEF and the last two code points of every plane, U+FFFE and
//!   U+FFFF among them): removed; XML forbids U+FFFE/U+FFFF and none is meant to be interchanged.
//!   (Lone surrogates cannot occur: Rust strings are valid UTF-8.)
//! - **Combining marks**: kept, but at most [`MAX_MARKS`] in a row on one base letter. Real
//!   scripts (Javanese, Vietnamese, Devanagari) need two or three; "Zalgo" stacks of hundreds draw
//!   far outside their line over the text above and below.
//! - Zero-width space, zero-width (non-)joiner, word joiner, variation selectors and emoji: kept —
//!   they carry meaning (emoji ZWJ sequences, Arabic and Indic shaping, line-break opportunities).
use std::borrow::Cow;

/// The most combining marks kept in a row on one base character.
pub const MAX_MARKS: usize = 8;

/// What the class of `c` asks for.
enum Keep {
    Yes,
    Drop,
    As(char),
}

fn class(c: char) -> Keep {
    match c {
        '\n' => Keep::Yes,
        '\t' => Keep::As(' '),
        '\u{2028}' | '\u{2029}' => Keep::As('\n'),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Keep::Drop,
        c if c.is_control() => Keep::Drop,
        '\u{FDD0}'..='\u{FDEF}' => Keep::Drop,
        c if (c as u32) & 0xFFFE == 0xFFFE => Keep::Drop,
        _ => Keep::Yes,
    }
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// `text` as it may be printed (see the module comment for what changes and why). Borrowed when
/// nothing changes, which is the case for nearly every real text.
pub fn printable(text: &str) -> Cow<'_, str> {
    let clean = |t: &str| {
        let mut marks = 0;
        t.chars().all(|c| {
            marks = if is_mark(c) { marks + 1 } else { 0 };
            matches!(class(c), Keep::Yes) && marks <= MAX_MARKS
        })
    };
    if clean(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut marks = 0;
    for c in text.chars() {
        marks = if is_mark(c) { marks + 1 } else { 0 };
        if marks > MAX_MARKS {
            continue;
        }
        match class(c) {
            Keep::Yes => out.push(c),
            Keep::As(r) => out.push(r),
            Keep::Drop => {}
        }
    }
    Cow::Owned(out)
}

/// The characters of `text` that no font covers (`covers` answers for one character), in order of
/// first appearance, each once. Whitespace, controls and the invisible format characters (joiners,
/// marks, variation selectors) are never reported: they draw nothing in any font.
pub fn uncovered(text: &str, covers: impl Fn(char) -> bool) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in printable(text).chars() {
        let invisible = c.is_whitespace()
            || c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{061C}' | '\u{FEFF}')
            || matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}');
        if !invisible && !out.contains(&c) && !covers(c) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        for t in ["Rp 1.000 — Dinas Kominfo", "ꦕꦶꦉꦧꦺꦴꦤ꧀", "مرحبا", "北京", "👩‍👩‍👧 a\u{200D}b", "x\ny", "#$\\]"]
        {
            assert!(matches!(printable(t), Cow::Borrowed(_)), "{t}");
        }
    }

    #[test]
    fn each_class_is_treated_as_documented() {
        assert_eq!(printable("a\u{202E}cba\u{202C}d"), "acbad");
        assert_eq!(printable("\u{2066}x\u{2069}\u{202A}\u{202B}\u{202D}"), "x");
        assert_eq!(printable("a\u{200F}b\u{200E}"), "a\u{200F}b\u{200E}", "implicit marks stay");
        assert_eq!(printable("N\0U\u{1}L\u{7F}\u{85}L"), "NULL");
        assert_eq!(printable("a\tb\r\nc\u{2028}d"), "a b\nc\nd");
        assert_eq!(printable("\u{FFFE}a\u{FFFF}\u{FDD0}\u{10FFFF}\u{1FFFE}"), "a");
        let zalgo = format!("a{}b", "\u{0301}".repeat(100));
        assert_eq!(printable(&zalgo).chars().count(), 2 + MAX_MARKS);
        assert_eq!(printable("ꦧꦺꦴ"), "ꦧꦺꦴ");
    }

    #[test]
    fn uncovered_lists_each_missing_visible_character_once() {
        let latin = |c: char| c.is_ascii();
        assert_eq!(uncovered("ab ꦕꦶ ꦕ\u{200D}\u{202E}", latin), vec!['ꦕ', 'ꦶ']);
        assert!(uncovered("plain text\n", latin).is_empty());
    }
}
