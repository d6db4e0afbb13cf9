# The masterplan book (PDF and DOCX): the fixed text around the region's narrative and data.

# The book's frame: cover, contents, chapter numbering (PDF and DOCX)
doc-cover = Cover
doc-cover-movement = Towards Smart City Movement (Gerakan Menuju Smart City)
doc-contents = Contents
doc-chapter-prefix = CHAPTER{" "}
doc-figure = Figure
doc-sign-team = Smart City Implementation Team

# Chapter titles
doc-ch1 = Introduction
doc-ch2 = Strategic Analysis
doc-ch3 = Vision, Mission, Goals and Strategies
doc-ch4 = Programmes
doc-ch5 = Roadmap
doc-ch6 = Quick Win
doc-ch7 = Governance, Monitoring and Evaluation

# BAB II
doc-readiness = Readiness
doc-readiness-overall = Overall readiness index: { $index } out of 5.
doc-radar-title = Readiness radar
doc-radar-caption = Readiness per pillar and dimension
doc-heatmap-title = Readiness heatmap
doc-heatmap-caption = Readiness heatmap (1–5)
doc-swot = SWOT and gap analysis
doc-swot-pillar = Pillar { $pillar }
doc-problems = Problems per element
doc-inventory = Application and data inventory
doc-inventory-summary = { $apps } applications and { $datasets } data sets are recorded; the full lists are in the annexes.

# BAB III
doc-vision = Smart-city vision
doc-periods = RPJMD/RPD periods
doc-missions = Missions, goals and strategies per dimension

# BAB IV and the shared programmes
doc-kpi-targets = Performance indicators and yearly targets
doc-targets-of = Targets of { $programme } — { $targets }
doc-budget-matrix = Budget matrix
doc-budget-total = Total masterplan budget: { $total }.
doc-trend-title = Budget per year (Rp billion)
doc-trend-caption = Masterplan budget per year
doc-shared = Programmes shared with neighbouring regions
doc-shared-lead = These programmes are carried out with neighbouring regions: owned by one region and acknowledged by its partners.

# BAB V
doc-gantt-caption = Roadmap { $dimension }
doc-gantt-quick-wins-done = Quick Wins done
doc-gantt-mid-term = Mid-term review
doc-gantt-final = Final evaluation

# BAB VI: one Quick Win sheet
doc-qw-problem = Problem
doc-qw-solution = Solution
doc-qw-owner = Owner
doc-qw-beneficiaries = Beneficiaries
doc-qw-schedule = Schedule
doc-qw-months = { $start } – { $end } ({ $months } months, fiscal year { $year })
doc-qw-budget = Budget
doc-qw-benefit = Benefit to citizens

# BAB VII and the commitment sheet
doc-commitment = Commitment Sheet
doc-commitment-pledge = We commit to carrying out the Smart City Masterplan of { $region } { $first }–{ $last }, each in our role.
doc-sign-head-of = Head of { $name }

# Annexes
doc-annex-a = Annex A. Programme budget per year (Rp million)
doc-annex-b = Annex B. Application inventory
doc-annex-c = Annex C. Data set inventory
doc-annex-d = Annex D. Related regulations
doc-annex-e = Annex E. Citizen participation statistics
doc-participation-none = No published citizen input yet.
doc-participation-lead = Citizens' inputs moderated and published on the public portal, per dimension.
doc-open = open
doc-closed = closed

# Table headings
doc-col-access = Access
doc-col-answered = Answered
doc-col-app = Application
doc-col-apps = Apps
doc-col-aspirations = Aspirations
doc-col-budget = Budget
doc-col-code = Code
doc-col-content = Content
doc-col-dataset = Data set
doc-col-datasets = Data sets
doc-col-dimension = Dimension
doc-col-dimension-million = Dimension (Rp million)
doc-col-element = Element
doc-col-evidence = Evidence
doc-col-findings = Findings
doc-col-followed-up = Followed up
doc-col-horizon = Horizon
doc-col-in-use = In use
doc-col-index = Index
doc-col-indicator = Indicator
doc-col-institution = Institution
doc-col-item = Item
doc-col-kpi = KPI
doc-col-mission = Mission/goal/strategy
doc-col-name = Name
doc-col-number = Number
doc-col-opd = OPD
doc-col-open = Open
doc-col-owner = Owner
doc-col-partner = Partner
doc-col-period = Period
doc-col-pillar = Pillar
doc-col-plan = Plan
doc-col-position = Position
doc-col-problem = Problem
doc-col-problems = Problems
doc-col-programme = Programme
doc-col-programme-count = Programmes
doc-col-proposals = Proposals
doc-col-rpjmd = Aligned with RPJMD
doc-col-role = Role
doc-col-severity = Severity
doc-col-status = Status
doc-col-subject = Subject
doc-col-supports = Supports
doc-col-total = Total
doc-col-baseline = Baseline
doc-regulation-number = No. { $number } of { $year }
doc-enacted-cover = Enacted by { $regulation }
doc-enacted-legal-basis = This Smart City masterplan of { $region } is enacted by { $regulation } and forms an integral annex of that regulation.
doc-enacted-commitment = This commitment is confirmed by { $regulation }.
doc-unit-billion-rupiah = billion Rp
doc-col-unit = Unit
doc-col-updated = Updated
doc-col-value = Value
doc-col-vision = Vision
doc-col-year = Year
doc-col-years = Years

# Annex F: the current edition against the one before (a reviewed masterplan)
doc-annex-f = Annex F. Comparison with the masterplan's edition { $previous }
doc-edition-lead = This masterplan is edition { $current }, the review of edition { $previous } (period { $period }; { $enacted }). Of edition { $previous }'s { $total } programmes, { $kept } were kept and { $dropped } dropped; { $added } new programmes were added. Budget per dimension (number of programmes in brackets):
doc-edition-not-enacted = not enacted by a regulation
doc-edition-kept = Kept
doc-edition-dropped = Dropped
doc-edition-added = New
doc-col-edition-budget = Edition { $n } budget
doc-col-edition-change = Change
