//! Field validation shared by forms, the API and the CLI. Errors carry a message code that the
//! web layer translates, and the field they belong to, so a form can show them in place.

use chrono::NaiveDate;
use serde::Serialize;

/// The largest amount one budget cell (a programme, a year, a funding source) or one realisation
/// may hold: Rp 100 triliun, more than the largest APBD in the country (DKI Jakarta, about
/// Rp 80 triliun). With this cap a nation of 514 regions × 10,000 programmes × 10 years × 6
/// sources still sums to less than i64::MAX, so no total can overflow.
pub const MAX_RUPIAH: i64 = 100_000_000_000_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    /// A translation key such as `err-required`.
    pub code: &'static str,
    /// A number the message mentions (a maximum length, a range bound).
    pub arg: Option<i64>,
}

/// Collects the errors of one submitted form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn new() -> Self {
        Self::default()
    }
    /// A single error (e.g. a rule that is checked once the fields are valid).
    pub fn one(field: &str, code: &'static str) -> Self {
        let mut e = Self::new();
        e.add(field, code, None);
        e
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn add(&mut self, field: &str, code: &'static str, arg: Option<i64>) {
        self.0.push(FieldError { field: field.to_string(), code, arg });
    }
    pub fn get(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }
    pub fn into_result(self) -> Result<(), Errors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    /// A required text of at most `max` characters, trimmed.
    pub fn text(&mut self, field: &str, value: &str, max: usize) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.add(field, "err-required", None);
        } else {
            self.max_len(field, v, max);
        }
        v.to_string()
    }

    /// An optional text: empty becomes `None`.
    pub fn optional_text(&mut self, field: &str, value: &str, max: usize) -> Option<String> {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        self.max_len(field, v, max);
        Some(v.to_string())
    }

    fn max_len(&mut self, field: &str, v: &str, max: usize) {
        if v.chars().count() > max || v.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
            let code = if v.chars().count() > max { "err-too-long" } else { "err-invalid" };
            self.add(field, code, Some(max as i64));
        }
    }

    /// A whole number within `min..=max`; empty is "required".
    pub fn integer(&mut self, field: &str, value: &str, min: i64, max: i64) -> Option<i64> {
        let v = value.trim().replace('.', "");
        if v.is_empty() {
            self.add(field, "err-required", None);
            return None;
        }
        match v.parse::<i64>() {
            Ok(n) if n < min => {
                self.add(field, "err-min", Some(min));
                None
            }
            Ok(n) if n > max => {
                self.add(field, "err-max", Some(max));
                None
            }
            Ok(n) => Some(n),
            Err(_) => {
                self.add(field, "err-number", None);
                None
            }
        }
    }

    /// An amount of whole rupiah typed the Indonesian way (`1.250.000.000`) or plain; empty is
    /// `Some(0)`. At most [`MAX_RUPIAH`]: a larger figure is a typing error in a regional plan,
    /// and the cap keeps every total of a region and of the nation inside an i64.
    pub fn rupiah(&mut self, field: &str, value: &str) -> Option<i64> {
        if value.trim().is_empty() {
            return Some(0);
        }
        let Some(digits) = crate::analysis::normalise_number(value, true) else {
            self.add(field, "err-rupiah", None);
            return None;
        };
        match digits.parse::<i64>() {
            Ok(v) if v < 0 => {
                self.add(field, "err-min", Some(0));
                None
            }
            Ok(v) if v <= MAX_RUPIAH => Some(v),
            // Digits only, so the one way to fail parsing is a number beyond i64.
            _ if digits.starts_with('-') => {
                self.add(field, "err-min", Some(0));
                None
            }
            _ => {
                self.add(field, "err-rupiah-max", Some(MAX_RUPIAH));
                None
            }
        }
    }

    /// An optional ISO date (`YYYY-MM-DD`, what `<input type=date>` sends).
    pub fn optional_date(&mut self, field: &str, value: &str) -> Option<NaiveDate> {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
            Ok(d) if (2000..=2100).contains(&chrono::Datelike::year(&d)) => Some(d),
            _ => {
                self.add(field, "err-date", None);
                None
            }
        }
    }

    pub fn date(&mut self, field: &str, value: &str) -> Option<NaiveDate> {
        if value.trim().is_empty() {
            self.add(field, "err-required", None);
            return None;
        }
        self.optional_date(field, value)
    }

    /// One of a fixed set of codes.
    pub fn choice<T>(&mut self, field: &str, value: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
        let parsed = parse(value.trim());
        if parsed.is_none() {
            let code = if value.trim().is_empty() { "err-required" } else { "err-choice" };
            self.add(field, code, None);
        }
        parsed
    }

    /// An optional reference to one of `existing` (ids of records the caller loaded): empty is
    /// `None`, anything else must be one of them.
    pub fn optional_ref(&mut self, field: &str, value: &str, existing: &[i64]) -> Option<i64> {
        match value.trim() {
            "" => None,
            v => match v.parse::<i64>() {
                Ok(id) if existing.contains(&id) => Some(id),
                _ => {
                    self.add(field, "err-choice", None);
                    None
                }
            },
        }
    }

    /// A value that must not be one of `taken` (the values of the other records), checked only
    /// when the field has no error yet.
    pub fn unique<T: PartialEq + ?Sized>(&mut self, field: &str, value: &T, taken: &[&T]) {
        if self.get(field).is_none() && taken.contains(&value) {
            self.add(field, "err-taken", None);
        }
    }

    /// An optional web address (`http://` or `https://`, no spaces) of at most `max` characters.
    pub fn optional_url(&mut self, field: &str, value: &str, max: usize) -> Option<String> {
        let u = self.optional_text(field, value, max)?;
        if !(u.starts_with("https://") || u.starts_with("http://")) || u.contains(char::is_whitespace) {
            self.add(field, "err-url", None);
        }
        Some(u)
    }

    /// A Kemendagri region code: `32` for a province, `32.09` for a kabupaten/kota.
    pub fn region_code(&mut self, field: &str, value: &str) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.add(field, "err-required", None);
        } else if !is_region_code(v) {
            self.add(field, "err-region-code", None);
        }
        v.to_string()
    }

    pub fn username(&mut self, field: &str, value: &str) -> String {
        let v = value.trim();
        let ok =
            (3..=40).contains(&v.len()) && v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if v.is_empty() {
            self.add(field, "err-required", None);
        } else if !ok {
            self.add(field, "err-username", None);
        }
        v.to_string()
    }

    pub fn password(&mut self, field: &str, value: &str) {
        let n = value.chars().count();
        if n < MIN_PASSWORD {
            self.add(field, "err-password-short", Some(MIN_PASSWORD as i64));
        } else if n > 200 {
            self.add(field, "err-too-long", Some(200));
        }
    }

    pub fn optional_email(&mut self, field: &str, value: &str) -> Option<String> {
        let v = self.optional_text(field, value, 200)?;
        let ok = v
            .split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !v.contains(char::is_whitespace));
        if !ok {
            self.add(field, "err-email", None);
        }
        Some(v)
    }
}

pub const MIN_PASSWORD: usize = 10;

pub fn is_region_code(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    matches!(parts.len(), 1 | 2) && parts.iter().all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_digit()))
}

/// A record that others refer to (`uses` of them) may not be deleted.
pub fn not_in_use(field: &str, uses: u64) -> Result<(), Errors> {
    if uses > 0 {
        return Err(Errors::one(field, "err-in-use"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn region_codes() {
        assert!(is_region_code("32.09"));
        assert!(is_region_code("32"));
        for bad in ["", "3209", "32.9", "32.09.01", "ab.cd", "32.09 "] {
            assert!(!is_region_code(bad), "{bad}");
        }
    }

    #[test]
    fn rupiah_typed_the_indonesian_way() {
        let mut e = Errors::new();
        assert_eq!(e.rupiah("a", "1.250.000.000"), Some(1_250_000_000));
        assert_eq!(e.rupiah("b", ""), Some(0));
        assert_eq!(e.rupiah("c", "100.000.000.000.000"), Some(MAX_RUPIAH));
        assert_eq!(e.rupiah("d", "100.000.000.000.001"), None);
        assert_eq!(e.rupiah("e", "9223372036854775807"), None);
        assert_eq!(e.rupiah("f", "99999999999999999999999"), None);
        assert_eq!(e.rupiah("g", "12,5"), None);
        let codes: Vec<_> = e.0.iter().map(|x| (x.field.as_str(), x.code)).collect();
        assert_eq!(
            codes,
            [("d", "err-rupiah-max"), ("e", "err-rupiah-max"), ("f", "err-rupiah-max"), ("g", "err-rupiah")]
        );
    }

    #[test]
    fn references_and_uniqueness() {
        let mut e = Errors::new();
        assert_eq!(e.optional_ref("a", " 7 ", &[7, 8]), Some(7));
        assert_eq!(e.optional_ref("b", "", &[7]), None);
        assert_eq!(e.optional_ref("c", "9", &[7]), None);
        assert_eq!(e.optional_ref("d", "x", &[7]), None);
        e.unique("e", "DKP", &["DKP", "BAPPEDA"]);
        e.unique("f", "DINKES", &["DKP"]);
        e.unique("c", &9, &[&9]);
        let codes: Vec<_> = e.0.iter().map(|x| (x.field.as_str(), x.code)).collect();
        assert_eq!(codes, [("c", "err-choice"), ("d", "err-choice"), ("e", "err-taken")], "no second error on c");
    }

    #[test]
    fn collects_every_error() {
        let mut e = Errors::new();
        e.text("name", "  ", 10);
        e.text("short", "abcdefghijkl", 10);
        e.integer("population", "-5", 0, 100);
        e.optional_date("held", "2024-13-01");
        let codes: Vec<_> = e.0.iter().map(|x| (x.field.as_str(), x.code)).collect();
        assert_eq!(
            codes,
            [("name", "err-required"), ("short", "err-too-long"), ("population", "err-min"), ("held", "err-date")]
        );
    }

    proptest! {
        #[test]
        fn text_never_accepts_over_max(s in ".{0,80}") {
            let mut e = Errors::new();
            let v = e.text("f", &s, 20);
            if e.is_empty() {
                prop_assert!(!v.is_empty() && v.chars().count() <= 20);
            }
        }

        #[test]
        fn rupiah_is_capped(n in any::<i64>()) {
            let mut e = Errors::new();
            match e.rupiah("f", &n.to_string()) {
                Some(v) => prop_assert!((0..=MAX_RUPIAH).contains(&v) && v == n),
                None => prop_assert!(!(0..=MAX_RUPIAH).contains(&n)),
            }
        }

        #[test]
        fn integer_within_bounds(n in any::<i64>()) {
            let mut e = Errors::new();
            if let Some(v) = e.integer("f", &n.to_string(), 0, 1_000_000_000) {
                prop_assert!((0..=1_000_000_000).contains(&v));
            }
        }
    }

    #[test]
    fn records_in_use_stay() {
        assert!(not_in_use("opd", 0).is_ok());
        assert_eq!(not_in_use("opd", 2).expect_err("used").0[0].code, "err-in-use");
    }
}
