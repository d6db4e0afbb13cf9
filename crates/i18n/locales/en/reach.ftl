# Programmes that serve several dimensions (issue 18, part 5): the primary element carries the
# budget; further elements widen the reach without counting money twice.
reach-primary = { $n ->
    [one] { $n } programme
   *[other] { $n } programmes
}
reach-also = +{ $n } cross-dimension
field-also_serves = Also serves other elements
reach-hint = A programme stays under one primary element (its budget counts there, once). Tick the other elements this programme also serves, at most 6.
err-reach-unknown = Unknown element code in the smart city framework.
err-reach-primary = The programme's primary element need not be chosen again as a further element.
err-reach-duplicate = Name each element once.
err-reach-max = At most { $n } further elements.
reach-also-serves = Also serves
reach-also-heading = Programmes of other dimensions that also serve this one
reach-no-budget-note = The budget of a cross-dimension programme is counted in its primary dimension only.
reach-table-title = Programme reach per dimension
reach-col-primary = Primary programmes
reach-col-also = Cross-dimension
reach-col-budget = Budget (primary dimension)
doc-reach-also = Programmes of other dimensions that also serve this one (their budget counts in their primary dimension): { $programmes }.
doc-reach-title = Programme reach per dimension
doc-reach-col-primary = Primary programmes
doc-reach-col-also = Cross-dimension
doc-reach-col-budget = Budget
doc-reach-note = A programme serving several dimensions is counted once as primary in the dimension of its primary element; its budget is added there only, so the budget column equals the plan's total.
