//! Parsers of outside bytes. Everything here reads data that a careless or malicious user sent:
//! sizes, cell ranges and inflation are checked *before* anything is allocated, nothing panics,
//! and every refusal is an [`IntakeError`] with a message a user can act on.
//!
//! Pure and synchronous on purpose: callers run these functions on the bounded heavy-work pool,
//! never on the async workers, and the fuzz targets in `fuzz/` call them directly.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod bundle;
pub mod image;
pub mod table;
pub mod xlsx;

/// Why an upload was refused. [`IntakeError::code`] is the message key (id/en) shown to the
/// user, [`IntakeError::arg`] the number it names (a limit), if any.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntakeError {
    #[error("not an XLSX workbook (not a zip file)")]
    NotXlsx,
    #[error("the workbook is damaged or cut short: {0}")]
    Damaged(String),
    #[error("the workbook has too many parts (more than {0})")]
    TooManyParts(usize),
    #[error("the workbook unpacks to more than {0} MB")]
    TooLarge(u64),
    #[error("a part of the workbook is compressed suspiciously well (over {0}:1)")]
    Ratio(u64),
    #[error("sheet {sheet:?} has data beyond row {max}")]
    TooManyRows { sheet: String, max: u32 },
    #[error("sheet {sheet:?} has data beyond column {max}")]
    TooManyColumns { sheet: String, max: u32 },
    #[error("neither an XLSX workbook nor a CSV text file")]
    NotTable,
    #[error("not a PNG or JPEG image")]
    ImageType,
    #[error("the image cannot be decoded: {0}")]
    ImageDamaged(String),
    #[error("the image is larger than {0} pixels wide or high")]
    ImageTooLarge(u32),
}

impl IntakeError {
    /// The message key (the web layer's .ftl files hold the id and en texts).
    pub fn code(&self) -> &'static str {
        match self {
            IntakeError::NotXlsx => "err-xlsx-not-zip",
            IntakeError::Damaged(_) => "err-xlsx-damaged",
            IntakeError::TooManyParts(_) => "err-xlsx-parts",
            IntakeError::TooLarge(_) => "err-xlsx-inflated",
            IntakeError::Ratio(_) => "err-xlsx-ratio",
            IntakeError::TooManyRows { .. } => "err-xlsx-rows",
            IntakeError::TooManyColumns { .. } => "err-xlsx-columns",
            IntakeError::NotTable => "err-table-type",
            IntakeError::ImageType => "err-image-type",
            IntakeError::ImageDamaged(_) => "err-image-damaged",
            IntakeError::ImageTooLarge(_) => "err-image-large",
        }
    }

    /// The number the message names (`$n`), if any.
    pub fn arg(&self) -> Option<i64> {
        match self {
            IntakeError::TooManyParts(n) => Some(*n as i64),
            IntakeError::TooLarge(mb) => Some(*mb as i64),
            IntakeError::Ratio(r) => Some(*r as i64),
            IntakeError::TooManyRows { max, .. } | IntakeError::TooManyColumns { max, .. } => Some(i64::from(*max)),
            IntakeError::ImageTooLarge(px) => Some(i64::from(*px)),
            _ => None,
        }
    }

    /// The sheet the refusal is about, if it is about one.
    pub fn sheet(&self) -> Option<&str> {
        match self {
            IntakeError::TooManyRows { sheet, .. } | IntakeError::TooManyColumns { sheet, .. } => Some(sheet),
            _ => None,
        }
    }
}

#[cfg(test)]
mod seeds {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    //! `KOTACERDAS_WRITE_SEEDS=fuzz/corpus cargo test -p kotacerdas-intake seeds` writes the fuzz
    //! targets' seed files: small valid workbooks in each importer's layout, a tiny PNG and JPEG.

    fn sheet(wb: &mut rust_xlsxwriter::Workbook, name: &str, rows: &[&[&str]]) {
        let ws = wb.add_worksheet().set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                match v.parse::<f64>() {
                    Ok(n) => ws.write_number(r as u32, c as u16, n).unwrap(),
                    Err(_) => ws.write_string(r as u32, c as u16, *v).unwrap(),
                };
            }
        }
    }

    #[test]
    fn seeds() {
        let programmes = {
            let mut wb = rust_xlsxwriter::Workbook::new();
            sheet(
                &mut wb,
                "Program",
                &[
                    &[
                        "id",
                        "opd",
                        "elemen",
                        "nama",
                        "merek",
                        "deskripsi",
                        "horizon",
                        "tahun_mulai",
                        "tahun_selesai",
                        "keluaran",
                        "hasil",
                        "kode_permendagri",
                        "opd_pendukung",
                        "mitra",
                        "masalah",
                        "aplikasi",
                        "data",
                        "rpjmd",
                        "wilayah_tetangga",
                    ],
                    &[
                        "",
                        "Diskominfo",
                        "GOV-1",
                        "Satu Data",
                        "",
                        "Portal data",
                        "short",
                        "2025",
                        "2027",
                        "",
                        "",
                        "",
                        "",
                        "akademisi: UGM",
                        "",
                        "",
                        "",
                        "",
                        "",
                    ],
                ],
            );
            sheet(
                &mut wb,
                "Target dan Anggaran",
                &[
                    &["id", "program", "tahun", "target", "apbd", "apbn", "jumlah"],
                    &["", "Satu Data", "2025", "10 OPD", "150000000", "0", "150000000"],
                ],
            );
            sheet(
                &mut wb,
                "IKU",
                &[
                    &["id", "program", "no", "iku", "satuan", "baseline", "tahun_baseline", "arah", "2025"],
                    &["", "Satu Data", "1", "Data terbuka", "set", "0", "2024", "up", "20"],
                ],
            );
            wb.save_to_buffer().unwrap()
        };
        let inventory = {
            let mut wb = rust_xlsxwriter::Workbook::new();
            sheet(
                &mut wb,
                "Data",
                &[
                    &["nama", "opd", "frekuensi", "terbuka", "elemen"],
                    &["Penduduk", "Disdukcapil", "tahunan", "ya", "SOC-1"],
                ],
            );
            sheet(
                &mut wb,
                "Aplikasi",
                &[
                    &[
                        "nama",
                        "opd",
                        "tujuan",
                        "pengguna",
                        "status",
                        "hosting",
                        "integrasi",
                        "elemen",
                        "data_dihasilkan",
                        "data_digunakan",
                    ],
                    &["SIAK", "Disdukcapil", "Kependudukan", "publik", "active", "pdn", "", "SOC-1", "Penduduk", ""],
                ],
            );
            wb.save_to_buffer().unwrap()
        };
        let png = {
            let mut out = Vec::new();
            ::image::DynamicImage::new_rgba8(4, 3)
                .write_with_encoder(::image::codecs::png::PngEncoder::new(&mut out))
                .unwrap();
            out
        };
        let jpeg = {
            let mut out = Vec::new();
            ::image::DynamicImage::new_rgb8(8, 8)
                .to_rgb8()
                .write_with_encoder(::image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 50))
                .unwrap();
            out
        };
        let limits = crate::xlsx::XlsxLimits::default();
        let p = crate::xlsx::read(&programmes, &["Program", "Target dan Anggaran", "IKU"], &limits).unwrap();
        assert_eq!(p.sheets.len(), 3);
        assert_eq!(p.sheet("Target dan Anggaran").unwrap()[1][4], "150000000");
        assert_eq!(crate::xlsx::read(&inventory, &["Data", "Aplikasi"], &limits).unwrap().sheets.len(), 2);
        let Ok(dir) = std::env::var("KOTACERDAS_WRITE_SEEDS") else {
            return;
        };
        let dir = std::path::Path::new(&dir);
        for (target, name, bytes) in [
            ("xlsx_programmes", "export.xlsx", &programmes),
            ("xlsx_inventory", "export.xlsx", &inventory),
            ("image_upload", "tiny.png", &png),
            ("image_upload", "tiny.jpg", &jpeg),
        ] {
            std::fs::create_dir_all(dir.join(target)).unwrap();
            std::fs::write(dir.join(target).join(name), bytes).unwrap();
        }
    }
}
