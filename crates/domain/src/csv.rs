//! CSV cells for exports that spreadsheets open (the national dashboard, the open data): quoted
//! when needed, and neutralised against formula injection.

/// One CSV field. A value a spreadsheet would run as a formula (leading `=`, `+`, `@`, a tab or a
/// carriage return, or a `-` that is not a number) gets a leading apostrophe; a field holding a
/// comma, a quote or a line break is quoted with its quotes doubled.
pub fn field(v: &str) -> String {
    let risky = v.starts_with(['=', '+', '@', '\t', '\r']) || (v.starts_with('-') && v.parse::<f64>().is_err());
    let v = if risky { format!("'{v}") } else { v.to_string() };
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// A whole line: the fields escaped, joined by commas, ended by a line feed.
pub fn line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut out = String::new();
    push_line(&mut out, fields);
    out
}

/// Append one line to `out`.
pub fn push_line<S: AsRef<str>>(out: &mut String, fields: &[S]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&field(f.as_ref()));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("+62"), "'+62");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("-cmd"), "'-cmd");
        assert_eq!(field("\tx"), "'\tx");
        assert_eq!(field("-12.5"), "-12.5");
        assert_eq!(field("Dinas Kesehatan"), "Dinas Kesehatan");
    }

    #[test]
    fn quoting() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(line(&["a", "b,c", ""]), "a,\"b,c\",\n");
    }
}
