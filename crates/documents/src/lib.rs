//! Documents generated from a region's data. Stage 4's masterplan book as PDF through typst,
//! used as a library with fonts embedded in the binary.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod book;
mod book_chapters;
mod book_editions;
mod book_participation;
mod book_writer;
pub mod content;
pub mod docx;
pub mod letter;
pub mod pdf;
pub mod publish;
pub mod roadmap;
pub mod workshop;

pub use pdf::DocError;
