# Buku masterplan (PDF dan DOCX): teks tetap di luar narasi dan data daerah.

# The book's frame: cover, contents, chapter numbering (PDF and DOCX)
doc-cover = Sampul
doc-cover-movement = Gerakan Menuju Smart City
doc-contents = Daftar Isi
doc-chapter-prefix = BAB{" "}
doc-figure = Gambar
doc-sign-team = Tim Pelaksana Smart City

# Chapter titles
doc-ch1 = Pendahuluan
doc-ch2 = Analisis Strategis
doc-ch3 = Visi, Misi, Tujuan dan Strategi
doc-ch4 = Program
doc-ch5 = Peta Jalan
doc-ch6 = Quick Win
doc-ch7 = Tata Kelola dan Monev

# BAB II
doc-readiness = Kesiapan daerah
doc-readiness-overall = Indeks kesiapan keseluruhan: { $index } dari 5.
doc-radar-title = Radar kesiapan
doc-radar-caption = Radar kesiapan per pilar dan dimensi
doc-heatmap-title = Peta panas kesiapan
doc-heatmap-caption = Peta panas kesiapan (1–5)
doc-swot = Analisis SWOT dan kesenjangan
doc-swot-pillar = Pilar { $pillar }
doc-problems = Permasalahan per elemen
doc-inventory = Inventaris aplikasi dan data
doc-inventory-summary = Tercatat { $apps } aplikasi dan { $datasets } set data; daftar lengkapnya ada pada lampiran.

# BAB III
doc-vision = Visi kota cerdas
doc-periods = Periode RPJMD/RPD
doc-missions = Misi, tujuan dan strategi per dimensi

# BAB IV and the shared programmes
doc-kpi-targets = Indikator kinerja dan target per tahun
doc-targets-of = Target { $programme } — { $targets }
doc-budget-matrix = Matriks anggaran
doc-budget-total = Total anggaran masterplan: { $total }.
doc-trend-title = Anggaran per tahun (miliar Rp)
doc-trend-caption = Anggaran masterplan per tahun
doc-shared = Program bersama daerah tetangga
doc-shared-lead = Program berikut dilaksanakan bersama daerah tetangga: dimiliki satu daerah dan diakui daerah mitranya.

# BAB V
doc-gantt-caption = Peta jalan { $dimension }
doc-gantt-quick-wins-done = Quick Win selesai
doc-gantt-mid-term = Evaluasi paruh waktu
doc-gantt-final = Evaluasi akhir

# BAB VI: one Quick Win sheet
doc-qw-problem = Permasalahan
doc-qw-solution = Solusi
doc-qw-owner = Penanggung jawab
doc-qw-beneficiaries = Penerima manfaat
doc-qw-schedule = Jadwal
doc-qw-months = { $start } – { $end } ({ $months } bulan, tahun anggaran { $year })
doc-qw-budget = Anggaran
doc-qw-benefit = Manfaat bagi warga

# BAB VII and the commitment sheet
doc-commitment = Lembar Komitmen
doc-commitment-pledge = Kami berkomitmen melaksanakan Masterplan Smart City { $region } { $first }–{ $last } sesuai peran masing-masing.
doc-sign-head-of = Kepala { $name }

# Annexes
doc-annex-a = Lampiran A. Anggaran program per tahun (juta Rp)
doc-annex-b = Lampiran B. Inventaris aplikasi
doc-annex-c = Lampiran C. Inventaris set data
doc-annex-d = Lampiran D. Regulasi terkait
doc-annex-e = Lampiran E. Statistik partisipasi warga
doc-participation-none = Belum ada masukan warga yang dipublikasikan.
doc-participation-lead = Masukan warga yang telah dimoderasi dan ditampilkan di portal publik, per dimensi.
doc-open = terbuka
doc-closed = tertutup

# Table headings
doc-col-access = Akses
doc-col-answered = Dijawab
doc-col-app = Aplikasi
doc-col-apps = Aplikasi
doc-col-aspirations = Aspirasi
doc-col-budget = Anggaran
doc-col-code = Kode
doc-col-content = Isi
doc-col-dataset = Set data
doc-col-datasets = Set data
doc-col-dimension = Dimensi
doc-col-dimension-million = Dimensi (juta Rp)
doc-col-element = Elemen
doc-col-evidence = Data
doc-col-findings = Uraian
doc-col-followed-up = Ditindaklanjuti
doc-col-horizon = Horizon
doc-col-in-use = Berjalan
doc-col-index = Indeks
doc-col-indicator = Indikator
doc-col-institution = Instansi
doc-col-item = Butir
doc-col-kpi = IKU
doc-col-mission = Misi/tujuan/strategi
doc-col-name = Nama
doc-col-number = Nomor
doc-col-opd = OPD
doc-col-open = Terbuka
doc-col-owner = Pemilik
doc-col-partner = Mitra
doc-col-period = Periode
doc-col-pillar = Pilar
doc-col-plan = Dokumen
doc-col-position = Jabatan
doc-col-problem = Permasalahan
doc-col-problems = Masalah
doc-col-programme = Program
doc-col-programme-count = Jumlah program
doc-col-proposals = Usulan
doc-col-rpjmd = Selaras dengan RPJMD
doc-col-role = Peran
doc-col-severity = Bobot
doc-col-status = Status
doc-col-subject = Tentang
doc-col-supports = Dukungan
doc-col-total = Jumlah
doc-col-baseline = Baseline
doc-regulation-number = Nomor { $number } Tahun { $year }
doc-enacted-cover = Ditetapkan dengan { $regulation }
doc-enacted-legal-basis = Masterplan Smart City { $region } ini ditetapkan dengan { $regulation } dan menjadi lampiran yang tidak terpisahkan dari peraturan tersebut.
doc-enacted-commitment = Komitmen ini dikukuhkan dengan { $regulation }.
doc-unit-billion-rupiah = miliar Rp
doc-col-unit = Satuan
doc-col-updated = Pemutakhiran
doc-col-value = Nilai
doc-col-vision = Visi
doc-col-year = Tahun
doc-col-years = Tahun

# Annex F: the current edition against the one before (a reviewed masterplan)
doc-annex-f = Lampiran F. Perbandingan dengan masterplan edisi { $previous }
doc-edition-lead = Masterplan ini adalah edisi { $current }, hasil peninjauan masterplan edisi { $previous } (periode { $period }; { $enacted }). Dari { $total } program edisi { $previous }, { $kept } dipertahankan dan { $dropped } tidak dilanjutkan; { $added } program baru ditambahkan. Anggaran per dimensi (jumlah program dalam kurung):
doc-edition-not-enacted = tidak ditetapkan dengan regulasi
doc-edition-kept = Dipertahankan
doc-edition-dropped = Tidak dilanjutkan
doc-edition-added = Baru
doc-col-edition-budget = Anggaran edisi { $n }
doc-col-edition-change = Perubahan
