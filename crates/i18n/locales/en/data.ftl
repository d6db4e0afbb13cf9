# The "real data, not the number of apps" yardstick of the inventory (data_yardstick.rs).

field-topic = Topic
field-steward = Steward (walidata) / producer
field-authoritative = Official Satu Data Indonesia data (held by the walidata)
hint-authoritative = Tick when this data set is the region's official data, set and held by the walidata.
field-last_updated = Last updated
field-decided_on = Date of the decision
field-decision_text = Decision or policy that used this data
field-programme_id = Programme
err-date-future = The date may not be after today.

yard-title = Real data, not the number of apps
yard-lead = A region is judged by its data: data sets that are current, official and actually used by programmes and decisions.
yard-current = Current
yard-authoritative = Official (SDI)
yard-used = Used
yard-real = All three
yard-no-dimension = No dimension
yard-rules = Current: updated within its frequency's period plus a grace (daily 7 days, monthly 61 days, quarterly 137 days, yearly 546 days, ad hoc 2 years). Used: by a masterplan programme or a recorded decision; use by apps alone does not count.
yard-uses-title = Uses
yard-used-rule = A data set counts as "used" when a masterplan programme uses it or a recorded decision used it. Apps that read it do not count.
yard-programmes = Programmes that use it
yard-no-programmes = No programme uses this data set yet.
yard-remove = Remove
yard-add-programme = Add programme
yard-decisions = Decisions that used it
yard-no-decisions = No decision recorded yet.
yard-add-decision = Record decision
yard-apps-do-not-count = Apps are shown for information and do not count as use.
yard-tag-current = current
yard-tag-stale = stale
yard-tag-authoritative = official
yard-tag-used = used
yard-tag-unused = not used yet
yard-n-programmes = programmes
yard-n-decisions = decisions

national-data = Data
national-data-hint = Share of data sets that are current, official and used at once; below: current · official · used.

doc-yard-no-dimension = No dimension
doc-yard-current = Current
doc-yard-authoritative = Official
doc-yard-used = Used
doc-yard-summary = Of { $datasets } data sets, { $current } are current, { $authoritative } are official Satu Data Indonesia data, and { $used } are used by programmes or decisions; { $real } meet all three.
doc-yard-rules = A data set is current when updated within its frequency's period plus a grace, and used when a masterplan programme or a recorded decision uses it. Use by apps does not count: what is measured is real data, not the number of apps.
doc-col-steward = OPD · steward
doc-col-topic = Topic
doc-col-official = Official · access
doc-col-uses = Used by
doc-yes = official
doc-no = not official
