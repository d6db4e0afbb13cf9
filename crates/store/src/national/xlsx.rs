//! The national dashboard as a workbook: one row per region, numbers as numbers.

use crate::{Result, StoreError};
use rust_xlsxwriter::{Format, Workbook};

pub fn write(header: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>> {
    let err = |e: rust_xlsxwriter::XlsxError| StoreError::Storage(format!("xlsx: {e}"));
    let mut wb = Workbook::new();
    let head = Format::new().set_bold().set_background_color("#DCE6F1");
    let ws = wb.add_worksheet().set_name("Nasional").map_err(err)?;
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &head).map_err(err)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            // The region code (first column) stays text: "32.73" is a code, not a number.
            match v.parse::<f64>() {
                Ok(n) if c > 0 => ws.write_number(r as u32 + 1, c as u16, n).map_err(err)?,
                _ => ws.write_string(r as u32 + 1, c as u16, v).map_err(err)?,
            };
        }
    }
    ws.set_freeze_panes(1, 2).map_err(err)?;
    ws.set_column_width(1, 32).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}
