# Label nilai berkode dari domain (`code_enum!`): kunci `{bidang}-{kode}`, kode seperti tersimpan.

# ProblemKind (analysis.rs)
kind-condition = Kondisi
kind-problem = Permasalahan

# AppStatus (analysis.rs)
app-status-planned = Direncanakan
app-status-development = Dikembangkan
app-status-active = Berjalan
app-status-retired = Dihentikan

# Hosting (analysis.rs)
hosting-pdd = Pusat data daerah
hosting-pdn = Pusat Data Nasional
hosting-cloud = Komputasi awan
hosting-opd = Server OPD
hosting-vendor = Penyedia/SaaS

# Frequency (analysis.rs)
freq-realtime = Waktu nyata
freq-daily = Harian
freq-monthly = Bulanan
freq-quarterly = Triwulanan
freq-yearly = Tahunan
freq-ad_hoc = Tidak tentu

# SwotKind (analysis.rs)
swot-kind-gap = Kesenjangan (gap)
swot-kind-strength = Kekuatan
swot-kind-weakness = Kelemahan
swot-kind-opportunity = Peluang
swot-kind-threat = Ancaman

# RegulationKind (analysis.rs)
reg-kind-perda = Perda
reg-kind-perbup = Perbup
reg-kind-perwal = Perwal
reg-kind-pergub = Pergub
reg-kind-sk = SK / Keputusan
reg-kind-other = Lainnya

# RegulationStatus (analysis.rs)
reg-status-in_force = Berlaku
reg-status-draft = Rancangan
reg-status-revoked = Dicabut

# Section (analysis.rs)
analysis-section-profile = Profil daerah
analysis-section-readiness = Kesiapan
analysis-section-swot = Gap dan SWOT
analysis-section-problems = Kondisi dan permasalahan
analysis-section-inventory = Inventaris aplikasi dan data
analysis-section-policies = Kebijakan dan kelembagaan

# Verdict (evaluation.rs)
verdict-achieved = Tercapai
verdict-partly = Sebagian
verdict-not_achieved = Belum tercapai

# Part (evaluation.rs)
eval-part-baseline = Baseline
eval-part-output = Output
eval-part-outcome = Outcome
eval-part-impact = Impact
eval-part-quick_win = Quick Win

# CodeLevel (govcode.rs)
code-level-urusan = Urusan
code-level-bidang = Bidang urusan
code-level-program = Program
code-level-kegiatan = Kegiatan
code-level-sub_kegiatan = Sub-kegiatan

# ProgrammeStatus (monitoring.rs)
programme-status-not_started = Belum mulai
programme-status-on_track = Sesuai rencana
programme-status-at_risk = Berisiko
programme-status-late = Terlambat
programme-status-done = Selesai
programme-status-cancelled = Dibatalkan

# Rag (monitoring.rs)
rag-green = Hijau
rag-amber = Kuning
rag-red = Merah
rag-none = Belum ada data

# Section (narrative.rs)
book-section-foreword_head = Kata Sambutan Kepala Daerah
book-section-preface = Kata Pengantar
book-section-background = Latar Belakang
book-section-purpose = Maksud dan Tujuan
book-section-legal_basis = Dasar Hukum
book-section-analysis = Pengantar Analisis Strategis
book-section-vision = Pengantar Visi dan Misi
book-section-programmes = Pengantar Program
book-section-roadmap = Pengantar Peta Jalan
book-section-quick_wins = Pengantar Quick Win
book-section-governance = Rencana Monitoring dan Evaluasi
book-section-closing = Penutup

# InputKind (participation.rs)
input-kind-aspiration = Aspirasi
input-kind-problem = Masalah
input-kind-proposal = Usulan

# Moderation (participation.rs)
participation-pending = Menunggu moderasi
participation-published = Ditampilkan
participation-hidden = Disembunyikan

# ShareStatus (participation.rs)
share-status-pending = Menunggu pengakuan
share-status-acknowledged = Diakui
share-status-declined = Ditolak

# PeriodKind (plan.rs)
period-kind-rpjmd = RPJMD
period-kind-rpd = RPD

# RpjmdLevel (plan.rs)
level-mission = Misi
level-goal = Tujuan
level-target = Sasaran

# VisionLevel (plan.rs)
vision-level-mission = Misi smart city
vision-level-goal = Tujuan
vision-level-strategy = Strategi

# Horizon (programme.rs)
programme-horizon-quick_win = Quick Win (≤ 12 bulan)
programme-horizon-short = Jangka pendek
programme-horizon-medium = Jangka menengah
programme-horizon-long = Jangka panjang

# FundingSource (programme.rs)
funding-apbd = APBD
funding-apbn = APBN/DAK
funding-csr = CSR
funding-kpbu = KPBU
funding-grant = Hibah
funding-private = Swasta

# KpiDirection (programme.rs)
kpi-direction-up = Naik (makin tinggi makin baik)
kpi-direction-down = Turun (makin rendah makin baik)
kpi-direction-keep = Dipertahankan

# RegionKind (region.rs)
region-kind-kota = Kota
region-kind-kabupaten = Kabupaten
region-kind-provinsi = Provinsi

# Helix (region.rs)
helix-government = Pemerintah
helix-business = Bisnis
helix-academia = Akademisi
helix-community = Komunitas
helix-media = Media

# Body (region.rs)
body-dewan = Dewan Smart City
body-tim = Tim Pelaksana

# MemberRole (region.rs)
member-role-chair = Ketua
member-role-vice_chair = Wakil Ketua
member-role-secretary = Sekretaris
member-role-steering = Pengarah
member-role-member = Anggota

# VersionStatus (versions.rs)
version-status-draft = Draf
version-status-submitted = Diajukan
version-status-reviewed = Ditelaah ahli
version-status-approved = Disetujui Dewan
version-status-enacted = Ditetapkan

# VersionAction (versions.rs)
version-action-submit = Ajukan
version-action-review = Selesai ditelaah
version-action-return = Kembalikan
version-action-approve = Setujui
version-action-enact = Tetapkan
version-action-comment = Komentar

# RegulationType (versions.rs)
reg-type-perda = Peraturan Daerah
reg-type-perkada = Peraturan Kepala Daerah
reg-type-keputusan = Keputusan Kepala Daerah

# A region's time zone
time-zone-WIB = WIB (UTC+7)
time-zone-WITA = WITA (UTC+8)
time-zone-WIT = WIT (UTC+9)
# TaskKind (tasks.rs)
task-stage_review = Tahap menunggu telaah
task-version_review = Versi buku menunggu telaah
task-version_approve = Versi buku menunggu persetujuan Dewan
task-report_overdue = Laporan terlambat
task-report_due = Laporan jatuh tempo
task-citizen_answer = Masukan warga menunggu jawaban
task-evaluation_open = Evaluasi terbuka
task-blocked = Tertahan di wilayah Anda
task-behind_schedule = Wilayah tertinggal dari jadwal

# Issue 17: cohort tracks and selection decisions
track-regular = Kabupaten/kota reguler
track-tourism_area = Kawasan pariwisata
track-new_city_area = Kawasan perkotaan baru
track-no_masterplan = Daerah yang belum memiliki masterplan
track-review = Reviu masterplan yang sudah ada
decision-pending = Menunggu keputusan
decision-accepted = Diterima
decision-rejected = Ditolak
decision-waitlisted = Daftar tunggu
region-kind-kawasan = Kawasan
workshop-mode-in_person = Tatap muka
workshop-mode-online = Daring
workshop-mode-hybrid = Semi-virtual (hibrida)
workshop-status-planned = Direncanakan
workshop-status-held = Terlaksana
workshop-status-cancelled = Dibatalkan
speaker-role-expert = Tenaga ahli
speaker-role-assistant_expert = Asisten tenaga ahli
speaker-role-other = Narasumber lain
unit-kind-opd = OPD
unit-kind-perusda = Perusda
unit-kind-kecamatan = Kecamatan
unit-kind-desa = Desa/kelurahan
unit-kind-council = Dewan Smart City
unit-kind-team = Tim Pelaksana
unit-kind-other = Lainnya
action-status-open = Terbuka
action-status-done = Selesai
checkin-method-qr = Kode QR
checkin-method-facilitator = Dicentang fasilitator
task-workshop_action = Tindak lanjut bimtek

# Topic (data_yardstick.rs)
data-topic-population = Kependudukan
data-topic-welfare = Kesejahteraan sosial
data-topic-health = Kesehatan
data-topic-education = Pendidikan
data-topic-economy = Ekonomi
data-topic-environment = Lingkungan hidup
data-topic-infrastructure = Infrastruktur
data-topic-governance = Pemerintahan
data-topic-other = Lainnya
