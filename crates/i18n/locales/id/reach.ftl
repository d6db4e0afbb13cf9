# Programmes that serve several dimensions (issue 18, part 5): the primary element carries the
# budget; further elements widen the reach without counting money twice.
reach-primary = { $n } program
reach-also = +{ $n } lintas dimensi
field-also_serves = Juga melayani elemen lain
reach-hint = Program tetap berada pada satu elemen utama (anggarannya dihitung di sana, sekali saja). Centang elemen lain yang juga dilayani program ini, paling banyak 6.
err-reach-unknown = Kode elemen tidak dikenal dalam kerangka smart city.
err-reach-primary = Elemen utama program tidak perlu dipilih lagi sebagai elemen lain.
err-reach-duplicate = Setiap elemen cukup disebut sekali.
err-reach-max = Paling banyak { $n } elemen lain.
reach-also-serves = Juga melayani
reach-also-heading = Program dimensi lain yang juga melayani dimensi ini
reach-no-budget-note = Anggaran program lintas dimensi dihitung pada dimensi utamanya saja.
reach-table-title = Jangkauan program per dimensi
reach-col-primary = Program utama
reach-col-also = Lintas dimensi
reach-col-budget = Anggaran (dimensi utama)
doc-reach-also = Program dimensi lain yang juga melayani dimensi ini (anggaran dihitung pada dimensi utamanya): { $programmes }.
doc-reach-title = Jangkauan program per dimensi
doc-reach-col-primary = Program utama
doc-reach-col-also = Lintas dimensi
doc-reach-col-budget = Anggaran
doc-reach-note = Program yang melayani beberapa dimensi dihitung sekali sebagai program utama pada dimensi elemen utamanya; anggarannya hanya dijumlahkan di sana, sehingga kolom anggaran sama dengan total rencana.
