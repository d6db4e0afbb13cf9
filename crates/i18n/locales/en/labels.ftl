# Labels of the domain's coded values (`code_enum!`): keys `{area}-{code}`, the code as stored.

# ProblemKind (analysis.rs)
kind-condition = Condition
kind-problem = Problem

# AppStatus (analysis.rs)
app-status-planned = Planned
app-status-development = In development
app-status-active = In use
app-status-retired = Retired

# Hosting (analysis.rs)
hosting-pdd = Regional data centre
hosting-pdn = National data centre
hosting-cloud = Cloud
hosting-opd = Agency server
hosting-vendor = Vendor / SaaS

# Frequency (analysis.rs)
freq-realtime = Real time
freq-daily = Daily
freq-monthly = Monthly
freq-quarterly = Quarterly
freq-yearly = Yearly
freq-ad_hoc = Ad hoc

# SwotKind (analysis.rs)
swot-kind-gap = Gap
swot-kind-strength = Strength
swot-kind-weakness = Weakness
swot-kind-opportunity = Opportunity
swot-kind-threat = Threat

# RegulationKind (analysis.rs)
reg-kind-perda = Regional bylaw (Perda)
reg-kind-perbup = Regent regulation (Perbup)
reg-kind-perwal = Mayor regulation (Perwal)
reg-kind-pergub = Governor regulation (Pergub)
reg-kind-sk = Decree (SK)
reg-kind-other = Other

# RegulationStatus (analysis.rs)
reg-status-in_force = In force
reg-status-draft = Draft
reg-status-revoked = Revoked

# Section (analysis.rs)
analysis-section-profile = Regional profile
analysis-section-readiness = Readiness
analysis-section-swot = Gap and SWOT
analysis-section-problems = Conditions and problems
analysis-section-inventory = App and data inventory
analysis-section-policies = Policies and institutions

# Verdict (evaluation.rs)
verdict-achieved = Achieved
verdict-partly = Partly
verdict-not_achieved = Not achieved

# Part (evaluation.rs)
eval-part-baseline = Baseline
eval-part-output = Output
eval-part-outcome = Outcome
eval-part-impact = Impact
eval-part-quick_win = Quick Win

# CodeLevel (govcode.rs)
code-level-urusan = Affair
code-level-bidang = Field
code-level-program = Programme
code-level-kegiatan = Activity
code-level-sub_kegiatan = Sub-activity

# ProgrammeStatus (monitoring.rs)
programme-status-not_started = Not started
programme-status-on_track = On track
programme-status-at_risk = At risk
programme-status-late = Late
programme-status-done = Done
programme-status-cancelled = Cancelled

# Rag (monitoring.rs)
rag-green = Green
rag-amber = Amber
rag-red = Red
rag-none = No data

# Section (narrative.rs)
book-section-foreword_head = Foreword by the Head of Region
book-section-preface = Preface
book-section-background = Background
book-section-purpose = Purpose and Objectives
book-section-legal_basis = Legal Basis
book-section-analysis = Strategic Analysis: Introduction
book-section-vision = Vision and Mission: Introduction
book-section-programmes = Programmes: Introduction
book-section-roadmap = Roadmap: Introduction
book-section-quick_wins = Quick Wins: Introduction
book-section-governance = Monitoring and Evaluation Plan
book-section-closing = Closing

# InputKind (participation.rs)
input-kind-aspiration = Aspiration
input-kind-problem = Problem
input-kind-proposal = Proposal

# Moderation (participation.rs)
participation-pending = Awaiting moderation
participation-published = Published
participation-hidden = Hidden

# ShareStatus (participation.rs)
share-status-pending = Awaiting acknowledgement
share-status-acknowledged = Acknowledged
share-status-declined = Declined

# PeriodKind (plan.rs)
period-kind-rpjmd = RPJMD (5-year regional plan)
period-kind-rpd = RPD (plan under an acting head)

# RpjmdLevel (plan.rs)
level-mission = Mission
level-goal = Goal
level-target = Target

# VisionLevel (plan.rs)
vision-level-mission = Smart city mission
vision-level-goal = Goal
vision-level-strategy = Strategy

# Horizon (programme.rs)
programme-horizon-quick_win = Quick Win (≤ 12 months)
programme-horizon-short = Short term
programme-horizon-medium = Medium term
programme-horizon-long = Long term

# FundingSource (programme.rs)
funding-apbd = Regional budget (APBD)
funding-apbn = National budget (APBN/DAK)
funding-csr = CSR
funding-kpbu = PPP (KPBU)
funding-grant = Grant
funding-private = Private

# KpiDirection (programme.rs)
kpi-direction-up = Up (higher is better)
kpi-direction-down = Down (lower is better)
kpi-direction-keep = Maintain

# RegionKind (region.rs)
region-kind-kota = City
region-kind-kabupaten = Regency
region-kind-provinsi = Province

# Helix (region.rs)
helix-government = Government
helix-business = Business
helix-academia = Academia
helix-community = Community
helix-media = Media

# Body (region.rs)
body-dewan = Smart City Council
body-tim = Implementation Team

# MemberRole (region.rs)
member-role-chair = Chair
member-role-vice_chair = Vice chair
member-role-secretary = Secretary
member-role-steering = Steering member
member-role-member = Member

# VersionStatus (versions.rs)
version-status-draft = Draft
version-status-submitted = Submitted
version-status-reviewed = Reviewed
version-status-approved = Approved
version-status-enacted = Enacted

# VersionAction (versions.rs)
version-action-submit = Submit
version-action-review = Mark reviewed
version-action-return = Return
version-action-approve = Approve
version-action-enact = Enact
version-action-comment = Comment

# RegulationType (versions.rs)
reg-type-perda = Regional Regulation (Perda)
reg-type-perkada = Head of Region Regulation
reg-type-keputusan = Head of Region Decree

# A region's time zone
time-zone-WIB = WIB (UTC+7, Western Indonesia)
time-zone-WITA = WITA (UTC+8, Central Indonesia)
time-zone-WIT = WIT (UTC+9, Eastern Indonesia)
# TaskKind (tasks.rs)
task-stage_review = Stages awaiting review
task-version_review = Book versions awaiting review
task-version_approve = Book versions awaiting the council's approval
task-report_overdue = Overdue reports
task-report_due = Reports due
task-citizen_answer = Citizen inputs awaiting an answer
task-evaluation_open = Open evaluations
task-blocked = Blocked in your region
task-behind_schedule = Regions behind schedule

# Issue 17: cohort tracks and selection decisions
track-regular = Regular regency/city
track-tourism_area = Tourism area
track-new_city_area = New city area
track-no_masterplan = Regions without a masterplan
track-review = Review of an existing masterplan
decision-pending = Awaiting decision
decision-accepted = Accepted
decision-rejected = Rejected
decision-waitlisted = Waitlisted
region-kind-kawasan = Area (kawasan)
workshop-mode-in_person = In person
workshop-mode-online = Online
workshop-mode-hybrid = Semi-virtual (hybrid)
workshop-status-planned = Planned
workshop-status-held = Held
workshop-status-cancelled = Cancelled
speaker-role-expert = Expert
speaker-role-assistant_expert = Assistant expert
speaker-role-other = Other speaker
unit-kind-opd = OPD
unit-kind-perusda = Perusda
unit-kind-kecamatan = Kecamatan
unit-kind-desa = Village
unit-kind-council = Smart City Council
unit-kind-team = Implementation Team
unit-kind-other = Other
action-status-open = Open
action-status-done = Done
checkin-method-qr = QR code
checkin-method-facilitator = Ticked by the facilitator
task-workshop_action = Workshop follow-up

# Topic (data_yardstick.rs)
data-topic-population = Population
data-topic-welfare = Social welfare
data-topic-health = Health
data-topic-education = Education
data-topic-economy = Economy
data-topic-environment = Environment
data-topic-infrastructure = Infrastructure
data-topic-governance = Governance
data-topic-other = Other
