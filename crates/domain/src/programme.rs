//! Bimtek stage 3: programmes per OPD over the masterplan's ten years — horizon, yearly targets
//! and budgets by funding source, in whole rupiah.

code_enum!(Horizon {
    QuickWin = "quick_win" / "Quick Win (≤ 12 bulan)" / "Quick Win (≤ 12 months)",
    Short = "short" / "Jangka pendek" / "Short term",
    Medium = "medium" / "Jangka menengah" / "Medium term",
    Long = "long" / "Jangka panjang" / "Long term",
});

code_enum!(FundingSource {
    Apbd = "apbd" / "APBD" / "Regional budget (APBD)",
    Apbn = "apbn" / "APBN/DAK" / "National budget (APBN/DAK)",
    Csr = "csr" / "CSR" / "CSR",
    Kpbu = "kpbu" / "KPBU" / "PPP (KPBU)",
    Grant = "grant" / "Hibah" / "Grant",
    Private = "private" / "Swasta" / "Private",
});

/// Why a programme's years do not fit its horizon or the masterplan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanError {
    EndBeforeStart,
    OutsideMasterplan,
    QuickWinTooLong,
}

impl SpanError {
    pub fn code(self) -> &'static str {
        match self {
            SpanError::EndBeforeStart => "err-date-order",
            SpanError::OutsideMasterplan => "err-outside-masterplan",
            SpanError::QuickWinTooLong => "err-quick-win-long",
        }
    }
}

/// Check a programme's start and end year against its horizon and the masterplan's ten years.
/// A Quick Win lasts at most one budget year.
pub fn check_span(horizon: Horizon, start: i32, end: i32, masterplan_start: i32) -> Result<(), SpanError> {
    if end < start {
        return Err(SpanError::EndBeforeStart);
    }
    if start < masterplan_start || end > masterplan_start + crate::plan::MASTERPLAN_YEARS - 1 {
        return Err(SpanError::OutsideMasterplan);
    }
    if horizon == Horizon::QuickWin && end > start {
        return Err(SpanError::QuickWinTooLong);
    }
    Ok(())
}

/// Sum whole-rupiah amounts without overflowing: `None` if the total would not fit in an i64.
pub fn total(amounts: impl IntoIterator<Item = i64>) -> Option<i64> {
    amounts.into_iter().try_fold(0i64, |acc, x| acc.checked_add(x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spans() {
        assert_eq!(check_span(Horizon::QuickWin, 2025, 2025, 2025), Ok(()));
        assert_eq!(check_span(Horizon::QuickWin, 2025, 2026, 2025), Err(SpanError::QuickWinTooLong));
        assert_eq!(check_span(Horizon::Long, 2025, 2034, 2025), Ok(()));
        assert_eq!(check_span(Horizon::Long, 2025, 2035, 2025), Err(SpanError::OutsideMasterplan));
        assert_eq!(check_span(Horizon::Short, 2027, 2026, 2025), Err(SpanError::EndBeforeStart));
    }

    proptest! {
        #[test]
        fn totals_are_exact_or_refused(v in prop::collection::vec(0i64..=i64::MAX / 4, 0..8)) {
            match total(v.iter().copied()) {
                Some(t) => prop_assert_eq!(i128::from(t), v.iter().map(|x| i128::from(*x)).sum::<i128>()),
                None => prop_assert!(v.iter().map(|x| i128::from(*x)).sum::<i128>() > i128::from(i64::MAX)),
            }
        }
    }
}
