//! Contact avatars: which bytes are an image we accept (told by their magic bytes, never by a file
//! name or a client's content type), decoding under limits, and the thumbnail the contact JSON links to.

use crate::error::{Error, FieldError};
use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// Largest avatar file accepted, uploaded or downloaded.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Chatwoot serves avatars as a 250x250 representation.
pub const THUMBNAIL_MAX_SIDE: u32 = 250;
/// Guards against decompression bombs: a few KB of PNG can claim a 100000x100000 canvas. The header
/// is checked against this before any pixel buffer is allocated.
pub const MAX_SIDE: u32 = 8192;
const MAX_DECODE_ALLOC: u64 = 256 * 1024 * 1024;
const JPEG_QUALITY: u8 = 85;

/// The image formats an avatar may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Jpeg,
    Png,
    Gif,
    Webp,
}

impl Kind {
    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Jpeg => "image/jpeg",
            Kind::Png => "image/png",
            Kind::Gif => "image/gif",
            Kind::Webp => "image/webp",
        }
    }

    fn format(self) -> ImageFormat {
        match self {
            Kind::Jpeg => ImageFormat::Jpeg,
            Kind::Png => ImageFormat::Png,
            Kind::Gif => ImageFormat::Gif,
            Kind::Webp => ImageFormat::WebP,
        }
    }
}

/// The format the bytes are in, from their signature; `None` for anything we do not accept.
pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Some(Kind::Jpeg),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(Kind::Png),
        [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Some(Kind::Gif),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Some(Kind::Webp),
        _ => None,
    }
}

/// A validated avatar, ready to store: the original as sent and a thumbnail of at most
/// `THUMBNAIL_MAX_SIDE` pixels a side.
#[derive(Debug, Clone, PartialEq)]
pub struct Avatar {
    pub content_type: &'static str,
    pub original: Vec<u8>,
    pub thumbnail: Vec<u8>,
}

fn invalid(message: &str) -> Error {
    Error::validation(vec![FieldError::new("avatar", message)])
}

/// The 413 for a file over `MAX_BYTES`.
pub fn too_big() -> Error {
    Error::PayloadTooLarge(format!(
        "Avatar is too big (at most {} MiB)",
        MAX_BYTES / 1024 / 1024
    ))
}

impl Avatar {
    /// Checks and decodes `bytes`, then renders the thumbnail. CPU-bound: call it off the async workers.
    pub fn process(bytes: Vec<u8>) -> Result<Avatar, Error> {
        if bytes.len() > MAX_BYTES {
            return Err(too_big());
        }
        let kind = sniff(&bytes).ok_or_else(|| invalid("Avatar filetype not supported"))?;
        let image = decode(&bytes, kind)?;
        let thumbnail = thumbnail(&image, kind)?;
        Ok(Avatar {
            content_type: kind.content_type(),
            original: bytes,
            thumbnail,
        })
    }
}

fn decode(bytes: &[u8], kind: Kind) -> Result<DynamicImage, Error> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), kind.format());
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => invalid(&format!(
            "Avatar is too large (at most {MAX_SIDE}x{MAX_SIDE} pixels)"
        )),
        _ => invalid("Avatar is not a valid image"),
    })
}

/// Small images are kept at their size; larger ones shrink to fit, keeping their aspect ratio.
/// A JPEG stays JPEG; the other formats become PNG, which keeps transparency.
fn thumbnail(image: &DynamicImage, kind: Kind) -> Result<Vec<u8>, Error> {
    let small;
    let image = if image.width() > THUMBNAIL_MAX_SIDE || image.height() > THUMBNAIL_MAX_SIDE {
        small = image.resize(
            THUMBNAIL_MAX_SIDE,
            THUMBNAIL_MAX_SIDE,
            image::imageops::FilterType::Triangle,
        );
        &small
    } else {
        image
    };
    let mut out = Vec::new();
    let written = match kind {
        Kind::Jpeg => image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
            .encode_image(&image.to_rgb8()),
        _ => image.write_to(&mut Cursor::new(&mut out), ImageFormat::Png),
    };
    written.map_err(|e| Error::internal(format!("encoding a thumbnail: {e}")))?;
    Ok(out)
}

/// The `avatar_url` to download, if any. Blank means none (Chatwoot's `present?`); anything but an
/// absolute http(s) URL is refused at request time.
pub fn url_to_fetch(value: &Option<Option<String>>) -> Result<Option<String>, Error> {
    let Some(Some(url)) = value else {
        return Ok(None);
    };
    let url = url.trim();
    if url.is_empty() {
        return Ok(None);
    }
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"));
    match rest {
        Some(host) if !host.is_empty() && !host.starts_with('/') => Ok(Some(url.to_string())),
        _ => Err(Error::validation(vec![FieldError::new(
            "avatar_url",
            "Avatar url must be an http or https URL",
        )])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Rgba};

    #[test]
    fn sniffing_table() {
        let cases: [(&[u8], Option<Kind>); 14] = [
            (&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], Some(Kind::Jpeg)),
            (&[0xFF, 0xD8, 0xFF, 0xDB], Some(Kind::Jpeg)),
            (&[0xFF, 0xD8], None),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Some(Kind::Png)),
            (b"\x89PNG\r\n", None),
            (b"GIF87a\x01\0", Some(Kind::Gif)),
            (b"GIF89a\x01\0", Some(Kind::Gif)),
            (b"GIF88a\x01\0", None),
            (b"RIFF\x24\0\0\0WEBPVP8 ", Some(Kind::Webp)),
            (b"RIFF\x24\0\0\0WAVEfmt ", None),
            (b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>", None),
            (b"BM\x36\0\0\0", None),
            (b"hello, I am a text file named x.png", None),
            (b"", None),
        ];
        for (bytes, want) in cases {
            assert_eq!(sniff(bytes), want, "{bytes:?}");
        }
    }

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = ImageBuffer::from_pixel(w, h, Rgba([10u8, 20, 30, 128]));
        let mut out = Vec::new();
        DynamicImage::ImageRgba8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    fn dims(bytes: &[u8]) -> (u32, u32) {
        let img = image::load_from_memory(bytes).unwrap();
        (img.width(), img.height())
    }

    #[test]
    fn thumbnails_fit_in_the_box_and_keep_the_aspect_ratio() {
        for ((w, h), want) in [
            ((1000, 500), (250, 125)),
            ((300, 600), (125, 250)),
            ((250, 250), (250, 250)),
            ((40, 20), (40, 20)),
        ] {
            let a = Avatar::process(png(w, h)).unwrap();
            assert_eq!(a.content_type, "image/png");
            assert_eq!(sniff(&a.thumbnail), Some(Kind::Png));
            assert_eq!(dims(&a.thumbnail), want, "{w}x{h}");
        }
    }

    #[test]
    fn jpeg_thumbnails_stay_jpeg() {
        let img = DynamicImage::ImageRgb8(ImageBuffer::from_pixel(600, 300, image::Rgb([1, 2, 3])));
        let mut bytes = Vec::new();
        img.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg)
            .unwrap();
        let a = Avatar::process(bytes).unwrap();
        assert_eq!(a.content_type, "image/jpeg");
        assert_eq!(sniff(&a.thumbnail), Some(Kind::Jpeg));
        assert_eq!(dims(&a.thumbnail), (250, 125));
    }

    fn message(e: Error) -> String {
        match e {
            Error::Validation(errors, None) => errors[0].message.clone(),
            Error::PayloadTooLarge(m) => m,
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn refusals() {
        let mut truncated = png(10, 10);
        truncated.truncate(40);
        let cases: [(Vec<u8>, &str); 4] = [
            (b"just text".to_vec(), "Avatar filetype not supported"),
            (truncated, "Avatar is not a valid image"),
            // A tiny file claiming a huge canvas: refused from its header, nothing allocated.
            (
                png(MAX_SIDE + 1, 1),
                "Avatar is too large (at most 8192x8192 pixels)",
            ),
            (
                vec![0u8; MAX_BYTES + 1],
                "Avatar is too big (at most 5 MiB)",
            ),
        ];
        for (bytes, want) in cases {
            assert_eq!(message(Avatar::process(bytes).unwrap_err()), want);
        }
    }

    #[test]
    fn avatar_url_rule() {
        let ok = |s: &str| url_to_fetch(&Some(Some(s.to_string())));
        assert_eq!(url_to_fetch(&None).unwrap(), None);
        assert_eq!(url_to_fetch(&Some(None)).unwrap(), None);
        assert_eq!(ok("  ").unwrap(), None);
        for good in [
            "http://a.test/x.png",
            "HTTPS://a.test/x",
            " https://a.test/x ",
        ] {
            assert_eq!(ok(good).unwrap(), Some(good.trim().to_string()));
        }
        for bad in [
            "ftp://a.test/x.png",
            "file:///etc/passwd",
            "a.test/x.png",
            "http://",
            "https:///x",
            "javascript:alert(1)",
        ] {
            assert!(matches!(ok(bad), Err(Error::Validation(..))), "{bad}");
        }
    }
}
