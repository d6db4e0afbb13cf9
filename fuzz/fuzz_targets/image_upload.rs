#![no_main]
//! Uploaded pictures (logo, citizens' photos, evidence): any bytes → a re-encoded PNG/JPEG or a
//! refusal; what comes out decodes again and carries no EXIF block. The side cap is lower than in
//! production (2048 px instead of 8000) only so each run stays fast; the code path is the same.
use kotacerdas_intake::image::{reencode, ImageLimits, Purpose};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let limits = ImageLimits { max_side: 2048, max_alloc: 64 * 1024 * 1024 };
    for purpose in [Purpose::Photo, Purpose::Logo] {
        if let Ok(clean) = reencode(data, purpose, &limits) {
            assert!(!clean.bytes.windows(6).any(|w| w == b"Exif\0\0"));
            assert!(reencode(&clean.bytes, purpose, &limits).is_ok(), "a re-encoded image decodes again");
        }
    }
});
