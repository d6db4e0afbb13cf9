# The "real data, not the number of apps" yardstick of the inventory (data_yardstick.rs).

field-topic = Topik
field-steward = Walidata / produsen data
field-authoritative = Data resmi Satu Data Indonesia (dipegang walidata)
hint-authoritative = Centang bila set data ini adalah data resmi daerah yang ditetapkan dan dipegang walidata.
field-last_updated = Pemutakhiran terakhir
field-decided_on = Tanggal keputusan
field-decision_text = Keputusan atau kebijakan yang memakai data ini
field-programme_id = Program
err-date-future = Tanggal tidak boleh setelah hari ini.

yard-title = Data nyata, bukan jumlah aplikasi
yard-lead = Daerah dinilai dari datanya: set data yang mutakhir, resmi, dan benar-benar dipakai untuk program dan keputusan.
yard-current = Mutakhir
yard-authoritative = Resmi (SDI)
yard-used = Dipakai
yard-real = Ketiganya
yard-no-dimension = Tanpa dimensi
yard-rules = Mutakhir: diperbarui dalam jangka frekuensinya ditambah tenggang (harian 7 hari, bulanan 61 hari, triwulanan 137 hari, tahunan 546 hari, tidak tentu 2 tahun). Dipakai: oleh program masterplan atau keputusan yang tercatat; pemakaian oleh aplikasi saja tidak dihitung.
yard-uses-title = Pemakaian
yard-used-rule = Set data dihitung "dipakai" bila dipakai oleh program masterplan atau tercatat dipakai dalam keputusan. Aplikasi yang membacanya tidak dihitung.
yard-programmes = Program yang memakai
yard-no-programmes = Belum ada program yang memakai set data ini.
yard-remove = Hapus
yard-add-programme = Tambah program
yard-decisions = Keputusan yang memakai
yard-no-decisions = Belum ada keputusan yang tercatat.
yard-add-decision = Catat keputusan
yard-apps-do-not-count = Aplikasi ditampilkan sebagai keterangan dan tidak dihitung sebagai pemakaian.
yard-tag-current = mutakhir
yard-tag-stale = usang
yard-tag-authoritative = resmi
yard-tag-used = dipakai
yard-tag-unused = belum dipakai
yard-n-programmes = program
yard-n-decisions = keputusan

national-data = Data
national-data-hint = Porsi set data yang mutakhir, resmi, dan dipakai sekaligus; di bawahnya: mutakhir · resmi · dipakai.

doc-yard-no-dimension = Tanpa dimensi
doc-yard-current = Mutakhir
doc-yard-authoritative = Resmi
doc-yard-used = Dipakai
doc-yard-summary = Dari { $datasets } set data, { $current } mutakhir, { $authoritative } merupakan data resmi Satu Data Indonesia, dan { $used } dipakai oleh program atau keputusan; { $real } memenuhi ketiganya.
doc-yard-rules = Set data mutakhir bila diperbarui dalam jangka frekuensinya ditambah tenggang; dipakai bila dipakai oleh program masterplan atau keputusan yang tercatat. Pemakaian oleh aplikasi tidak dihitung: yang diukur adalah data nyata, bukan jumlah aplikasi.
doc-col-steward = OPD · walidata
doc-col-topic = Topik
doc-col-official = Resmi · akses
doc-col-uses = Dipakai oleh
doc-yes = resmi
doc-no = tidak resmi
