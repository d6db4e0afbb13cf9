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

/// Whole rupiah: "Rp 1.250.000.000".
pub fn rupiah(n: i64) -> String {
    format!("Rp {}", thousands(n))
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

    proptest! {
        #[test]
        fn thousands_round_trips(n in any::<i64>()) {
            prop_assert_eq!(thousands(n).replace('.', "").parse::<i64>().ok(), Some(n));
        }
    }
}
