//! Indonesian number, money and date formats (`Rp 1.250.000.000`, `22 November 2026`).

use chrono::{Datelike, NaiveDate};

/// Groups thousands with dots: 1250000 → "1.250.000".
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A value kept in hundredths (scores, indices, basis points as percent) with two decimals, the
/// edition's way: 331 → "3,31" in Indonesian, "3.31" in English.
pub fn hundredths(v: i64, lang: &str) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let s = format!("{sign}{}.{:02}", (v / 100).abs(), (v % 100).abs());
    if lang == "en" {
        s
    } else {
        s.replace('.', ",")
    }
}

/// A whole number the edition's way: 1666 → "1.666" (id), "1,666" (en).
pub fn number(n: i64, lang: &str) -> String {
    if lang == "en" {
        thousands(n).replace('.', ",")
    } else {
        thousands(n)
    }
}

/// A stored decimal ("1666.7", "-0.25", "22.5") the edition's way: "1.666,7" / "22,5" in
/// Indonesian, "1,666.7" / "22.5" in English. Text that is not a plain decimal is returned as it
/// is (a free-text target such as "tersedia").
pub fn decimal(v: &str, lang: &str) -> String {
    let t = v.trim();
    let (sign, body) = match t.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", t),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let plain = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !plain(int) || !plain(frac) || (body.contains('.') && frac.is_empty()) {
        return v.to_string();
    }
    let Ok(whole) = int.parse::<i64>() else { return v.to_string() };
    let (group, point) = if lang == "en" { (",", ".") } else { (".", ",") };
    let int = thousands(whole).replace('.', group);
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}{point}{frac}")
    }
}

/// A computed figure with `places` decimals, the edition's way: 3.349 → "3,35" (id), "3.35" (en).
pub fn float(v: f64, places: usize, lang: &str) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    decimal(&format!("{v:.places$}"), lang)
}

/// Whole rupiah: "Rp 1.250.000.000".
pub fn rupiah(n: i64) -> String {
    format!("Rp {}", thousands(n))
}

/// Whole rupiah the edition's way: "Rp 1.250.000.000" (id), "Rp 1,250,000,000" (en).
pub fn money(n: i64, lang: &str) -> String {
    format!("Rp {}", number(n, lang))
}

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "22 November 2026" (month in the page's language).
pub fn date(d: NaiveDate, lang: &str) -> String {
    let months = if lang == "en" { MONTHS_EN } else { MONTHS_ID };
    let m = months.get(d.month0() as usize).copied().unwrap_or("");
    format!("{} {} {}", d.day(), m, d.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        assert_eq!(rupiah(1_250_000_000), "Rp 1.250.000.000");
        assert_eq!(thousands(0), "0");
        assert_eq!(hundredths(331, "id"), "3,31");
        assert_eq!(hundredths(8_333, "en"), "83.33");
        assert_eq!(hundredths(-5, "id"), "-0,05");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(-1000), "-1.000");
        let d = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(date(d, "id"), "22 November 2026");
        assert_eq!(date(NaiveDate::from_ymd_opt(2025, 8, 1).unwrap(), "id"), "1 Agustus 2025");
    }

    #[test]
    fn decimals_follow_the_edition() {
        assert_eq!(decimal("1666.7", "id"), "1.666,7");
        assert_eq!(decimal("1666.7", "en"), "1,666.7");
        assert_eq!(decimal("22.5", "id"), "22,5");
        assert_eq!(decimal("-1234567", "id"), "-1.234.567");
        assert_eq!(decimal("0.05", "en"), "0.05");
        assert_eq!(decimal("tersedia", "id"), "tersedia");
        assert_eq!(decimal("1.2.3", "id"), "1.2.3");
        assert_eq!(decimal("12.", "id"), "12.");
        assert_eq!(decimal("", "id"), "");
        assert_eq!(number(1666, "en"), "1,666");
        assert_eq!(float(3.349, 2, "id"), "3,35");
        assert_eq!(float(12345.5, 1, "en"), "12,345.5");
        assert_eq!(float(f64::NAN, 2, "id"), "–");
    }

    proptest! {
        #[test]
        fn thousands_round_trips(n in any::<i64>()) {
            prop_assert_eq!(thousands(n).replace('.', "").parse::<i64>().ok(), Some(n));
        }
    }
}
