//! Uploaded images (the region's logo, citizens' photos, evidence pictures): decoded with limits
//! set before the decoder allocates, then encoded afresh. What does not decode is refused, and
//! nothing of the original file but its pixels survives — no EXIF (a phone's GPS position), no
//! text chunks, no trailing bytes.

use crate::IntakeError;
use ::image::codecs::jpeg::JpegEncoder;
use ::image::codecs::png::PngEncoder;
use ::image::metadata::Orientation;
use ::image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

#[derive(Debug, Clone)]
pub struct ImageLimits {
    /// Width and height, in pixels.
    pub max_side: u32,
    /// Bytes the decoder may allocate (the decoded pixels are most of it).
    pub max_alloc: u64,
}

impl Default for ImageLimits {
    fn default() -> Self {
        // 8000 px covers any phone camera; 8000 × 8000 RGBA is 256 MB.
        ImageLimits { max_side: 8000, max_alloc: 256 * 1024 * 1024 }
    }
}

/// What the image is for, which decides the format it is stored in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Always PNG: transparency kept, and the book's PDF and DOCX writers read it reliably.
    Logo,
    /// A JPEG stays JPEG (quality 85), a PNG stays PNG.
    Photo,
}

/// A re-encoded image.
#[derive(Debug, Clone)]
pub struct Clean {
    pub bytes: Vec<u8>,
    pub ext: &'static str,
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
}

/// PNG or JPEG, by the first bytes (never by the name a client sends).
pub fn format_of(bytes: &[u8]) -> Option<ImageFormat> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageFormat::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormat::Jpeg)
    } else {
        None
    }
}

fn refused(limits: &ImageLimits) -> impl Fn(ImageError) -> IntakeError + '_ {
    move |e| match e {
        ImageError::Limits(_) => IntakeError::ImageTooLarge(limits.max_side),
        other => IntakeError::ImageDamaged(other.to_string()),
    }
}

/// Decode `bytes` (PNG or JPEG) within `limits`, with the camera's rotation applied.
pub fn decode(bytes: &[u8], limits: &ImageLimits) -> Result<(ImageFormat, DynamicImage), IntakeError> {
    let format = format_of(bytes).ok_or(IntakeError::ImageType)?;
    let mut l = Limits::default();
    l.max_image_width = Some(limits.max_side);
    l.max_image_height = Some(limits.max_side);
    l.max_alloc = Some(limits.max_alloc);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(l);
    // The limits are handed to the decoder before it reads past the header.
    let mut decoder = reader.into_decoder().map_err(refused(limits))?;
    // Phones store the picture sideways and say so in EXIF; that tag goes away with the rest, so
    // turn the pixels now. A broken EXIF block is no reason to refuse the photo.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let (w, h) = decoder.dimensions();
    if w == 0 || h == 0 {
        return Err(IntakeError::ImageDamaged("empty image".into()));
    }
    let mut img = DynamicImage::from_decoder(decoder).map_err(refused(limits))?;
    img.apply_orientation(orientation);
    Ok((format, img))
}

/// Decode and encode afresh for `purpose`.
pub fn reencode(bytes: &[u8], purpose: Purpose, limits: &ImageLimits) -> Result<Clean, IntakeError> {
    let (format, img) = decode(bytes, limits)?;
    let mut out = Vec::new();
    let as_jpeg = purpose == Purpose::Photo && format == ImageFormat::Jpeg;
    let written = if as_jpeg {
        // JPEG has no alpha: flatten to RGB (a JPEG source had none anyway).
        img.to_rgb8().write_with_encoder(JpegEncoder::new_with_quality(&mut out, 85))
    } else if purpose == Purpose::Logo {
        // 8 bits per channel: what every document writer (typst, docx-rs) reads.
        img.to_rgba8().write_with_encoder(PngEncoder::new(&mut out))
    } else {
        img.write_with_encoder(PngEncoder::new(&mut out))
    };
    written.map_err(|e| IntakeError::ImageDamaged(e.to_string()))?;
    let (ext, content_type) = if as_jpeg { ("jpg", "image/jpeg") } else { ("png", "image/png") };
    Ok(Clean { bytes: out, ext, content_type, width: img.width(), height: img.height() })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = DynamicImage::new_rgba8(w, h);
        let mut out = Vec::new();
        img.write_with_encoder(PngEncoder::new(&mut out)).unwrap();
        out
    }

    /// A JPEG with an APP1 EXIF block carrying a GPS marker string.
    pub fn jpeg_with_exif() -> Vec<u8> {
        let img = DynamicImage::new_rgb8(16, 8);
        let mut plain = Vec::new();
        img.to_rgb8().write_with_encoder(JpegEncoder::new_with_quality(&mut plain, 90)).unwrap();
        let payload = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\0GPS-7.797068,110.370529";
        let mut out = plain[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(payload);
        out.extend_from_slice(&plain[2..]);
        out
    }

    #[test]
    fn metadata_does_not_survive() {
        let src = jpeg_with_exif();
        assert!(src.windows(6).any(|w| w == b"Exif\0\0"));
        let clean = reencode(&src, Purpose::Photo, &ImageLimits::default()).unwrap();
        assert_eq!(clean.ext, "jpg");
        assert!(!clean.bytes.windows(6).any(|w| w == b"Exif\0\0"));
        assert!(!clean.bytes.windows(3).any(|w| w == b"GPS"));
        assert_eq!((clean.width, clean.height), (16, 8));
        let logo = reencode(&src, Purpose::Logo, &ImageLimits::default()).unwrap();
        assert_eq!(logo.ext, "png");
    }

    #[test]
    fn garbage_and_giants_are_refused() {
        let mut fake = b"\x89PNG\r\n\x1a\n".to_vec();
        fake.extend_from_slice(&[0x5a; 500]);
        assert!(matches!(reencode(&fake, Purpose::Logo, &ImageLimits::default()), Err(IntakeError::ImageDamaged(_))));
        assert_eq!(reencode(b"GIF89a", Purpose::Logo, &ImageLimits::default()).unwrap_err(), IntakeError::ImageType);
        let big = png(300, 10);
        let small = ImageLimits { max_side: 200, ..Default::default() };
        assert_eq!(reencode(&big, Purpose::Photo, &small).unwrap_err(), IntakeError::ImageTooLarge(200));
        let ok = png(30, 10);
        assert_eq!(reencode(&ok, Purpose::Photo, &small).unwrap().ext, "png");
        for cut in [10, ok.len() / 2] {
            assert!(reencode(&ok[..cut], Purpose::Logo, &ImageLimits::default()).is_err());
        }
    }
}
