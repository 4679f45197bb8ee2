//! Uploaded images are decoded and encoded afresh, which leaves every piece of metadata
//! behind (EXIF with GPS positions, camera serials, comments): only pixels survive. The
//! EXIF orientation is applied first, so a phone photo stays upright without its tag. Each
//! image is stored at a few responsive widths as WebP, plus the full size in its original
//! format (PNG for GIF and WebP input) as the fallback.
//!
//! Stored names carry the width (`{hash}-{width}.{ext}`), so the markdown renderer can
//! write the `srcset` from the fallback's URL alone (see [`srcset`]).

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader, Limits, imageops::FilterType};

pub use super::names::{MAX_WIDTH, RESPONSIVE_WIDTHS, srcset};
/// The side of an avatar, which is cropped square.
pub const AVATAR_SIDE: u32 = 256;
/// Decoding refuses images larger than this on either side (a decompression bomb is a few
/// kilobytes of PNG that asks for gigabytes of pixels).
const MAX_SIDE: u32 = 12_000;
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;

/// One stored file of an image.
#[derive(Debug, Clone)]
pub struct Rendition {
    /// The name after the content hash: `-960.webp`, `-2400.jpg`, `-a256.png`.
    pub suffix: String,
    pub width: u32,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct ProcessedImage {
    /// The full size as stored (after scaling down to [`MAX_WIDTH`]).
    pub width: u32,
    pub height: u32,
    /// The full size in the original format: what `url` points at.
    pub fallback: Rendition,
    /// WebP at each responsive width and at the full size, narrowest first.
    pub webp: Vec<Rendition>,
}

fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| format!("the image cannot be read: {e}"))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| format!("the image cannot be read: {e}"))?;
    let orientation = decoder.orientation().map_err(|e| format!("the image cannot be read: {e}"))?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| format!("the image cannot be decoded: {e}"))?;
    img.apply_orientation(orientation);
    Ok(img)
}

fn scaled_to_width(img: &DynamicImage, width: u32) -> DynamicImage {
    if width >= img.width() {
        return img.clone();
    }
    let height = ((img.height() as u64 * width as u64) / img.width() as u64).max(1) as u32;
    img.resize_exact(width, height, FilterType::CatmullRom)
}

fn encode(img: &DynamicImage, format: &str) -> Result<(Vec<u8>, &'static str), String> {
    let mut out = Vec::new();
    let fail = |e: image::ImageError| format!("the image cannot be encoded: {e}");
    let (w, h) = (img.width(), img.height());
    let content_type = match format {
        "jpg" => {
            let rgb = img.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).write_image(&rgb, w, h, image::ExtendedColorType::Rgb8).map_err(fail)?;
            "image/jpeg"
        }
        "webp" => {
            // The pure-Rust encoder writes lossless WebP only.
            let encoder = image::codecs::webp::WebPEncoder::new_lossless(&mut out);
            if img.color().has_alpha() {
                encoder.write_image(&img.to_rgba8(), w, h, image::ExtendedColorType::Rgba8).map_err(fail)?;
            } else {
                encoder.write_image(&img.to_rgb8(), w, h, image::ExtendedColorType::Rgb8).map_err(fail)?;
            }
            "image/webp"
        }
        _ => {
            let encoder = image::codecs::png::PngEncoder::new(&mut out);
            if img.color().has_alpha() {
                encoder.write_image(&img.to_rgba8(), w, h, image::ExtendedColorType::Rgba8).map_err(fail)?;
            } else {
                encoder.write_image(&img.to_rgb8(), w, h, image::ExtendedColorType::Rgb8).map_err(fail)?;
            }
            "image/png"
        }
    };
    Ok((out, content_type))
}

fn rendition(img: &DynamicImage, suffix: String, format: &str) -> Result<Rendition, String> {
    let (bytes, content_type) = encode(img, format)?;
    Ok(Rendition { suffix, width: img.width(), content_type, bytes })
}

/// The format the full size is stored in: JPEG stays JPEG, everything else becomes PNG.
fn fallback_format(original_extension: &str) -> &'static str {
    if original_extension == "jpg" { "jpg" } else { "png" }
}

/// Decodes, strips and re-encodes an image for a post. CPU-bound: call it off the runtime.
pub fn process(bytes: &[u8], original_extension: &str) -> Result<ProcessedImage, String> {
    let img = decode(bytes)?;
    let full = scaled_to_width(&img, MAX_WIDTH);
    let (width, height) = (full.width(), full.height());
    let format = fallback_format(original_extension);
    let fallback = rendition(&full, format!("-{width}.{format}"), format)?;
    let mut webp = Vec::new();
    for w in RESPONSIVE_WIDTHS.into_iter().filter(|w| *w < width) {
        webp.push(rendition(&scaled_to_width(&full, w), format!("-{w}.webp"), "webp")?);
    }
    webp.push(rendition(&full, format!("-{width}.webp"), "webp")?);
    Ok(ProcessedImage { width, height, fallback, webp })
}

/// An avatar: the centre square, [`AVATAR_SIDE`] pixels, as WebP with a PNG fallback.
pub fn process_avatar(bytes: &[u8]) -> Result<ProcessedImage, String> {
    let img = decode(bytes)?;
    let side = img.width().min(img.height());
    let square = img.crop_imm((img.width() - side) / 2, (img.height() - side) / 2, side, side);
    let small = square.resize_exact(AVATAR_SIDE.min(side), AVATAR_SIDE.min(side), FilterType::CatmullRom);
    let fallback = rendition(&small, format!("-a{}.png", small.width()), "png")?;
    let webp = vec![rendition(&small, format!("-a{}.webp", small.width()), "webp")?];
    Ok(ProcessedImage { width: small.width(), height: small.height(), fallback, webp })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])));
        encode(&img, "png").unwrap().0
    }

    #[test]
    fn a_wide_image_gets_every_narrower_width_and_a_capped_full_size() {
        let out = process(&png(3000, 1500), "png").unwrap();
        assert_eq!((out.width, out.height), (MAX_WIDTH, 1200));
        assert_eq!(out.fallback.suffix, "-2400.png");
        let widths: Vec<u32> = out.webp.iter().map(|r| r.width).collect();
        assert_eq!(widths, [480, 960, 1600, 2400]);
        assert!(out.webp.iter().all(|r| r.bytes.starts_with(b"RIFF") && &r.bytes[8..12] == b"WEBP"));
    }

    #[test]
    fn a_small_image_keeps_its_size() {
        let out = process(&png(300, 200), "png").unwrap();
        assert_eq!((out.width, out.height), (300, 200));
        assert_eq!(out.webp.len(), 1);
    }

    #[test]
    fn an_avatar_is_the_centre_square() {
        let out = process_avatar(&png(600, 400)).unwrap();
        assert_eq!((out.width, out.height), (AVATAR_SIDE, AVATAR_SIDE));
    }

    #[test]
    fn srcset_comes_from_the_fallback_name() {
        let h = "0123456789abcdef0123456789abcdef";
        assert_eq!(srcset(&format!("/uploads/{h}-1000.jpg")).unwrap(), format!("/uploads/{h}-480.webp 480w, /uploads/{h}-960.webp 960w, /uploads/{h}-1000.webp 1000w"));
        assert!(srcset("/uploads/photo-1000.jpg").is_none());
        assert!(srcset(&format!("https://elsewhere.example/{h}-x.png")).is_none());
    }

    #[test]
    fn garbage_is_refused_not_a_panic() {
        assert!(process(b"\x89PNG\r\n\x1a\nnot really", "png").is_err());
    }
}
