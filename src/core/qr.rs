//! QR codes: an otpauth URI encoded (the `qrcode` crate) and drawn as terminal half-blocks,
//! SVG or PNG, dark on light unless inverted; and QR codes found in a screenshot or photo
//! (PNG or JPEG, decoded with `image` and `rqrr`), with bounds on what an image may cost.

use std::io::Cursor;

use qrcode::{Color, EcLevel, QrCode};

/// Modules of light margin around the code: the standard's quiet zone.
pub const QUIET_ZONE: usize = 4;
/// Pixels per module in a PNG.
pub const PNG_SCALE: usize = 8;
/// The largest image decoded, in pixels a side and bytes of memory.
pub const MAX_IMAGE_SIDE: u32 = 12_000;
pub const MAX_IMAGE_ALLOC: u64 = 512 * 1024 * 1024;

/// A QR code with its quiet zone: `true` is a dark module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    pub side: usize,
    pub dark: Vec<bool>,
}

impl Matrix {
    pub fn encode(text: &str) -> Result<Matrix, String> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
            .map_err(|e| format!("cannot draw a QR code of this URI: {e}"))?;
        let inner = code.width();
        let side = inner + 2 * QUIET_ZONE;
        let colors = code.to_colors();
        let mut dark = vec![false; side * side];
        for y in 0..inner {
            for x in 0..inner {
                dark[(y + QUIET_ZONE) * side + x + QUIET_ZONE] =
                    colors[y * inner + x] == Color::Dark;
            }
        }
        Ok(Matrix { side, dark })
    }

    fn at(&self, x: usize, y: usize) -> bool {
        x < self.side && y < self.side && self.dark[y * self.side + x]
    }
}

/// Half-block characters, two module rows a line, with explicit colours (black on white, or
/// the reverse with `invert`), so that it scans on a dark terminal too.
pub fn to_ansi(matrix: &Matrix, invert: bool) -> String {
    let (fg, bg) = if invert { ("97", "40") } else { ("30", "107") };
    let mut out = String::new();
    for y in (0..matrix.side).step_by(2) {
        out.push_str(&format!("\x1b[{fg};{bg}m"));
        for x in 0..matrix.side {
            out.push(match (matrix.at(x, y), matrix.at(x, y + 1)) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        out.push_str("\x1b[0m\n");
    }
    out
}

/// An SVG drawing, one unit a module.
pub fn to_svg(matrix: &Matrix, invert: bool) -> String {
    let (dark, light) = if invert {
        ("#fff", "#000")
    } else {
        ("#000", "#fff")
    };
    let side = matrix.side;
    let mut path = String::new();
    for y in 0..side {
        let mut x = 0;
        while x < side {
            if matrix.at(x, y) {
                let start = x;
                while x < side && matrix.at(x, y) {
                    x += 1;
                }
                path.push_str(&format!("M{start} {y}h{}v1h-{}z", x - start, x - start));
            } else {
                x += 1;
            }
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{px}\" height=\"{px}\" \
         viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\">\n\
         <rect width=\"{side}\" height=\"{side}\" fill=\"{light}\"/>\n\
         <path fill=\"{dark}\" d=\"{path}\"/>\n</svg>\n",
        px = side * PNG_SCALE
    )
}

/// A greyscale PNG, [`PNG_SCALE`] pixels a module.
pub fn to_png(matrix: &Matrix, invert: bool) -> Vec<u8> {
    let px = (matrix.side * PNG_SCALE) as u32;
    let image = image::GrayImage::from_fn(px, px, |x, y| {
        let dark = matrix.at(x as usize / PNG_SCALE, y as usize / PNG_SCALE);
        image::Luma([if dark != invert { 0 } else { 255 }])
    });
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .expect("encoding a PNG in memory cannot fail");
    bytes
}

/// The texts of every QR code found in an image file's bytes (PNG or JPEG).
pub fn decode_image(bytes: &[u8]) -> Result<Vec<String>, String> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| "cannot read the image".to_string())?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_IMAGE_ALLOC);
    reader.limits(limits);
    if reader.format().is_none() {
        return Err("the file is not a PNG or JPEG image".to_string());
    }
    let image = reader
        .decode()
        .map_err(|e| format!("cannot decode the image: {e}"))?
        .to_luma8();
    let (width, height) = (image.width() as usize, image.height() as usize);
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        image.get_pixel(x as u32, y as u32).0[0]
    });
    let texts: Vec<String> = prepared
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
        .collect();
    if texts.is_empty() {
        return Err(
            "no readable QR code in the image (crop it to the code, or take a sharper screenshot)"
                .to_string(),
        );
    }
    Ok(texts)
}

#[cfg(test)]
mod tests {
    use super::*;

    const URI: &str = "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example";

    #[test]
    fn png_round_trips_through_the_decoder() {
        let matrix = Matrix::encode(URI).unwrap();
        assert_eq!(decode_image(&to_png(&matrix, false)).unwrap(), [URI]);
    }

    #[test]
    fn renderings_have_a_quiet_zone() {
        let matrix = Matrix::encode(URI).unwrap();
        for i in 0..matrix.side {
            assert!(!matrix.at(i, 0) && !matrix.at(0, i) && !matrix.at(i, QUIET_ZONE - 1));
        }
        let ansi = to_ansi(&matrix, false);
        assert_eq!(ansi.lines().count(), matrix.side.div_ceil(2));
        assert!(ansi.contains("\x1b[30;107m"));
        assert!(to_ansi(&matrix, true).contains("\x1b[97;40m"));
        let svg = to_svg(&matrix, false);
        assert!(svg.contains(&format!("viewBox=\"0 0 {0} {0}\"", matrix.side)));
    }

    #[test]
    fn other_files_are_refused() {
        assert!(decode_image(b"not an image").is_err());
        let blank = image::GrayImage::from_pixel(64, 64, image::Luma([255]));
        let mut bytes = Vec::new();
        blank
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .unwrap();
        assert!(
            decode_image(&bytes)
                .unwrap_err()
                .contains("no readable QR code")
        );
    }
}
