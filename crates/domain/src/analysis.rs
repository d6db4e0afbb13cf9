//! Bimtek stage 1, strategic analysis: the problem register and the application and data
//! inventory. The programme's criterion lives here: what counts is not how many apps a region
//! has, but how many produce data that is actually used.

use std::collections::{HashMap, HashSet};

code_enum!(ProblemKind "kind" {
    Condition = "condition",
    Problem = "problem",
});

code_enum!(AppStatus "app-status" {
    Planned = "planned",
    Development = "development",
    Active = "active",
    Retired = "retired",
});

code_enum!(Hosting "hosting" {
    RegionalDataCentre = "pdd",
    NationalDataCentre = "pdn",
    Cloud = "cloud",
    Agency = "opd",
    Vendor = "vendor",
});

code_enum!(Frequency "freq" {
    Realtime = "realtime",
    Daily = "daily",
    Monthly = "monthly",
    Quarterly = "quarterly",
    Yearly = "yearly",
    AdHoc = "ad_hoc",
});

/// Severity 1 (minor) … 5 (critical).
pub const SEVERITY: [(i32, &str, &str); 5] = [
    (1, "Ringan", "Minor"),
    (2, "Sedang", "Moderate"),
    (3, "Serius", "Serious"),
    (4, "Berat", "Severe"),
    (5, "Kritis", "Critical"),
];

pub fn severity_label(s: i32, lang: &str) -> &'static str {
    SEVERITY.iter().find(|x| x.0 == s).map(|x| if lang == "en" { x.2 } else { x.1 }).unwrap_or("")
}

/// Strategic issues are the problems ranked by severity, then by citizens affected (unknown
/// counts last), then by title so the order is stable.
pub fn rank<T>(items: &[T], key: impl Fn(&T) -> (i32, Option<i64>, &str)) -> Vec<&T> {
    let mut v: Vec<&T> = items.iter().collect();
    v.sort_by(|a, b| {
        let (sa, aa, ta) = key(a);
        let (sb, ab, tb) = key(b);
        sb.cmp(&sa).then(ab.unwrap_or(-1).cmp(&aa.unwrap_or(-1))).then(ta.cmp(tb))
    });
    v
}

/// A link between an app and a data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Produces,
    Uses,
}

impl Link {
    pub fn as_str(self) -> &'static str {
        match self {
            Link::Produces => "produces",
            Link::Uses => "uses",
        }
    }
    pub fn parse(s: &str) -> Option<Link> {
        match s {
            "produces" => Some(Link::Produces),
            "uses" => Some(Link::Uses),
            _ => None,
        }
    }
}

/// Per dimension: apps in total and apps whose data is used by at least one *other* app.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Usefulness {
    pub apps: usize,
    pub producing_used_data: usize,
}

/// `apps`: (app id, dimension code or `None`); `links`: (app id, data set id, link).
/// Data an app only feeds back to itself does not count as used.
pub fn usefulness(apps: &[(i64, Option<&str>)], links: &[(i64, i64, Link)]) -> HashMap<Option<String>, Usefulness> {
    let mut users_of: HashMap<i64, HashSet<i64>> = HashMap::new();
    for (app, ds, l) in links {
        if *l == Link::Uses {
            users_of.entry(*ds).or_default().insert(*app);
        }
    }
    let mut out: HashMap<Option<String>, Usefulness> = HashMap::new();
    for (app, dim) in apps {
        let entry = out.entry(dim.map(str::to_string)).or_default();
        entry.apps += 1;
        let useful = links.iter().any(|(a, ds, l)| {
            *a == *app && *l == Link::Produces && users_of.get(ds).is_some_and(|u| u.iter().any(|user| user != app))
        });
        if useful {
            entry.producing_used_data += 1;
        }
    }
    out
}

code_enum!(SwotKind "swot-kind" {
    Gap = "gap",
    Strength = "strength",
    Weakness = "weakness",
    Opportunity = "opportunity",
    Threat = "threat",
});

code_enum!(RegulationKind "reg-kind" {
    Perda = "perda",
    Perbup = "perbup",
    Perwal = "perwal",
    Pergub = "pergub",
    Sk = "sk",
    Other = "other",
});

code_enum!(RegulationStatus "reg-status" {
    InForce = "in_force",
    Draft = "draft",
    Revoked = "revoked",
});

// The sections of stage 1 that reviewers comment on.
code_enum!(Section "analysis-section" {
    Profile = "profile",
    Readiness = "readiness",
    Swot = "swot",
    Problems = "problems",
    Inventory = "inventory",
    Policies = "policies",
});

/// A standard profile indicator: code, Indonesian and English names, unit, whole number or not.
pub struct Indicator {
    pub code: &'static str,
    pub name_id: &'static str,
    pub name_en: &'static str,
    pub unit: &'static str,
    /// Counts and rupiah are whole numbers; indices and percentages may have decimals.
    pub whole: bool,
}

const fn ind(
    code: &'static str,
    name_id: &'static str,
    name_en: &'static str,
    unit: &'static str,
    whole: bool,
) -> Indicator {
    Indicator { code, name_id, name_en, unit, whole }
}

/// The figures every profile has (regions add their own beside these).
pub const INDICATORS: [Indicator; 13] = [
    ind("population", "Jumlah penduduk", "Population", "jiwa", true),
    ind("area", "Luas wilayah", "Area", "km²", false),
    ind("apbd_total", "APBD total", "Regional budget (APBD), total", "Rp", true),
    ind("apbd_operating", "Belanja operasi", "Operating expenditure", "Rp", true),
    ind("apbd_capital", "Belanja modal", "Capital expenditure", "Rp", true),
    ind("pad", "Pendapatan asli daerah (PAD)", "Own-source revenue (PAD)", "Rp", true),
    ind("fiscal_capacity", "Indeks kapasitas fiskal", "Fiscal capacity index", "indeks", false),
    ind("asn", "Jumlah ASN", "Civil servants", "orang", true),
    ind("asn_ict", "ASN bidang TIK", "ICT staff", "orang", true),
    ind("ipm", "Indeks Pembangunan Manusia", "Human Development Index", "indeks", false),
    ind("poverty", "Persentase penduduk miskin", "Poverty rate", "%", false),
    ind("spbe", "Indeks SPBE", "E-government (SPBE) index", "indeks", false),
    ind("internet", "Desa/kelurahan terjangkau internet", "Villages with internet", "%", false),
];

pub fn indicator(code: &str) -> Option<&'static Indicator> {
    INDICATORS.iter().find(|i| i.code == code)
}

/// Read a number as typed in Indonesia or elsewhere ("72,35", "1.250.000", "72.35") into a
/// normalised decimal string, or `None` when it is not a number. Whole-number indicators
/// refuse decimals.
pub fn normalise_number(raw: &str, whole: bool) -> Option<String> {
    let t: String = raw.trim().chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || t.len() > 30 {
        return None;
    }
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, t),
    };
    // Thousands dots only when every group after the first has three digits.
    let dotted_thousands =
        t.contains('.') && !t.contains(',') && t.split('.').skip(1).all(|g| g.len() == 3) && t.split('.').count() > 2;
    let normal = if dotted_thousands || (whole && t.contains('.') && !t.contains(',')) {
        t.replace('.', "")
    } else if t.contains(',') {
        t.replace('.', "").replace(',', ".")
    } else {
        t
    };
    let mut parts = normal.split('.');
    let int = parts.next().unwrap_or_default();
    let frac = parts.next();
    if parts.next().is_some() || int.is_empty() || !int.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = frac {
        if whole || f.is_empty() || f.len() > 4 || !f.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    Some(format!("{}{int}{}", if neg { "-" } else { "" }, frac.map(|f| format!(".{f}")).unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_only_apps_whose_data_others_use() {
        let apps = [(1, Some("GOV")), (2, Some("GOV")), (3, Some("LIV")), (4, None)];
        let links = [
            (1, 10, Link::Produces),
            (2, 10, Link::Uses), // app 2 uses app 1's data
            (3, 30, Link::Produces),
            (3, 30, Link::Uses),     // app 3 only uses its own data
            (4, 40, Link::Produces), // nobody uses it
        ];
        let u = usefulness(&apps, &links);
        assert_eq!(u[&Some("GOV".into())], Usefulness { apps: 2, producing_used_data: 1 });
        assert_eq!(u[&Some("LIV".into())], Usefulness { apps: 1, producing_used_data: 0 });
        assert_eq!(u[&None], Usefulness { apps: 1, producing_used_data: 0 });
    }

    #[test]
    fn numbers_as_people_type_them() {
        assert_eq!(normalise_number("72,35", false).as_deref(), Some("72.35"));
        assert_eq!(normalise_number("1.250.000.000", true).as_deref(), Some("1250000000"));
        assert_eq!(normalise_number("1250000", true).as_deref(), Some("1250000"));
        assert_eq!(normalise_number("72.35", false).as_deref(), Some("72.35"));
        assert_eq!(normalise_number("9,8", false).as_deref(), Some("9.8"));
        assert_eq!(normalise_number("3,5", true), None, "counts are whole");
        for bad in ["", "abc", "1,2,3", "12a", "--1", "1.2.3,4,5"] {
            assert_eq!(normalise_number(bad, false), None, "{bad}");
        }
    }

    #[test]
    fn ranking() {
        let items = [(3, Some(100), "b"), (5, None, "c"), (3, Some(5000), "a"), (3, None, "d")];
        let r: Vec<&str> = rank(&items, |x| (x.0, x.1, x.2)).iter().map(|x| x.2).collect();
        assert_eq!(r, ["c", "a", "b", "d"]);
    }

    proptest! {
        #[test]
        fn useful_never_exceeds_total(n in 1usize..20, links in prop::collection::vec((0i64..20, 0i64..10, any::<bool>()), 0..60)) {
            let apps: Vec<(i64, Option<&str>)> = (0..n as i64).map(|i| (i, Some(["GOV", "ECO"][i as usize % 2]))).collect();
            let links: Vec<(i64, i64, Link)> = links.into_iter().map(|(a, d, p)| (a, d, if p { Link::Produces } else { Link::Uses })).collect();
            let u = usefulness(&apps, &links);
            prop_assert_eq!(u.values().map(|x| x.apps).sum::<usize>(), n);
            for x in u.values() {
                prop_assert!(x.producing_used_data <= x.apps);
            }
        }
    }
}
