//! Bimtek stage 1, strategic analysis: the problem register and the application and data
//! inventory. The programme's criterion lives here: what counts is not how many apps a region
//! has, but how many produce data that is actually used.

use std::collections::{HashMap, HashSet};

code_enum!(ProblemKind {
    Condition = "condition" / "Kondisi" / "Condition",
    Problem = "problem" / "Permasalahan" / "Problem",
});

code_enum!(AppStatus {
    Planned = "planned" / "Direncanakan" / "Planned",
    Development = "development" / "Dikembangkan" / "In development",
    Active = "active" / "Berjalan" / "In use",
    Retired = "retired" / "Dihentikan" / "Retired",
});

code_enum!(Hosting {
    RegionalDataCentre = "pdd" / "Pusat data daerah" / "Regional data centre",
    NationalDataCentre = "pdn" / "Pusat Data Nasional" / "National data centre",
    Cloud = "cloud" / "Komputasi awan" / "Cloud",
    Agency = "opd" / "Server OPD" / "Agency server",
    Vendor = "vendor" / "Penyedia/SaaS" / "Vendor / SaaS",
});

code_enum!(Frequency {
    Realtime = "realtime" / "Waktu nyata" / "Real time",
    Daily = "daily" / "Harian" / "Daily",
    Monthly = "monthly" / "Bulanan" / "Monthly",
    Quarterly = "quarterly" / "Triwulanan" / "Quarterly",
    Yearly = "yearly" / "Tahunan" / "Yearly",
    AdHoc = "ad_hoc" / "Tidak tentu" / "Ad hoc",
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
