//! QR codes: an otpauth URI encoded (the `qrcode` crate) and drawn as terminal half-blocks,
//! SVG or PNG, dark on light unless inverted; and QR codes found in a screenshot or photo
//! (PNG or JPEG, decoded with `image` and `rqrr`), with bounds on what an image may cost:
//! its size, the pixels searched (larger images are shrunk), a count of the finder patterns
//! rqrr would pair up (made here in linear time, before rqrr's superlinear search), and a
//! deadline on the search itself.

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

/// The columns [`to_ansi`] draws: one a module, quiet zone included.
pub fn ansi_columns(matrix: &Matrix) -> usize {
    matrix.side
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

/// The texts of every QR code found in an image file's bytes (PNG or JPEG), each text once,
/// in the order found.
///
/// What an image may cost is bounded before rqrr sees it: the pixel count (a larger image is
/// shrunk to [`MAX_SEARCH_PIXELS`] first), the number of shapes rqrr would take for a QR
/// code's corner squares ([`MAX_FINDERS`]; its pairing of them is superlinear, and a tiled
/// image of them once took minutes), and, whatever else an image does, the wall-clock time of
/// the search ([`SEARCH_DEADLINE`]).
pub fn decode_image(bytes: &[u8]) -> Result<Vec<String>, String> {
    let reader = image_reader(bytes)?;
    if reader.format().is_none() {
        return Err("the file is not a PNG or JPEG image".to_string());
    }
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| format!("cannot decode the image: {e}"))?;
    if u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS {
        return Err(format!(
            "the image is {width}x{height} pixels, more than {} megapixels; crop it to the QR \
             code or take a screenshot",
            MAX_IMAGE_PIXELS / 1_000_000
        ));
    }
    let image = image_reader(bytes)?
        .decode()
        .map_err(|e| format!("cannot decode the image: {e}"))?
        .into_luma8();
    let (width, height, luma) = shrink(image);
    let prepared =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| luma[y * width + x]);
    drop(luma);
    // rqrr's own black and white (its adaptive threshold), read back to count what it will see.
    let mut dark = Vec::with_capacity(width * height);
    for y in 0..height {
        for x in 0..width {
            dark.push(prepared.get_pixel_at(x, y) != 0u8);
        }
    }
    let census = finder_census(&dark, width, height);
    drop(dark);
    if census.finders > MAX_FINDERS {
        return Err(format!(
            "the image has {} shapes like a QR code's corner squares, more than the {MAX_FINDERS} \
             searched (a QR code has 3); crop it to the QR code",
            census.finders
        ));
    }
    if census.candidates > MAX_CANDIDATES {
        return Err(format!(
            "the image has {} patterns like the middle of a QR code's corner square, more than \
             the {MAX_CANDIDATES} searched; crop it to the QR code",
            census.candidates
        ));
    }
    let texts = with_deadline(SEARCH_DEADLINE, move || {
        let mut prepared = prepared;
        let mut texts: Vec<String> = Vec::new();
        for grid in prepared.detect_grids() {
            if let Ok((_, text)) = grid.decode()
                && !texts.contains(&text)
            {
                texts.push(text);
            }
        }
        texts
    })?;
    if texts.is_empty() {
        return Err(
            "no readable QR code in the image (crop it to the code, or take a sharper screenshot)"
                .to_string(),
        );
    }
    Ok(texts)
}

/// The most pixels an image may have at all (a 48-megapixel phone photo fits).
pub const MAX_IMAGE_PIXELS: u64 = 50_000_000;
/// The most pixels searched for QR codes: a phone screenshot (about 3 megapixels) is searched
/// as it is, a larger image is shrunk by a whole factor first.
pub const MAX_SEARCH_PIXELS: usize = 4_000_000;
/// The most shapes like a QR code's corner squares (finder patterns) an image may have: three
/// a code, plus what a screen shows besides (radio buttons, icons).
pub const MAX_FINDERS: usize = 40;
/// The most places on a line that look like the middle of a corner square (each costs rqrr a
/// region look-up): a screenshot of text has about two hundred, a photo about a thousand.
pub const MAX_CANDIDATES: usize = 20_000;
/// The longest rqrr's search may take, whatever an image holds: a phone screenshot takes a
/// few hundredths of a second, so only an image built to be slow meets it. Unoptimised
/// builds (the tests') run it several times slower.
pub const SEARCH_DEADLINE: std::time::Duration = if cfg!(debug_assertions) {
    std::time::Duration::from_secs(10)
} else {
    std::time::Duration::from_secs(1)
};

const SEARCH_THREAD: &str = "mfa-kit-qr-search";

fn image_reader(bytes: &[u8]) -> Result<image::ImageReader<Cursor<&[u8]>>, String> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| "cannot read the image".to_string())?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_IMAGE_ALLOC);
    reader.limits(limits);
    Ok(reader)
}

/// The image as rows of luma, shrunk by the smallest whole factor (each pixel the mean of a
/// square of them) that brings it to [`MAX_SEARCH_PIXELS`] or fewer.
fn shrink(image: image::GrayImage) -> (usize, usize, Vec<u8>) {
    let (width, height) = (image.width() as usize, image.height() as usize);
    let pixels = width * height;
    if pixels <= MAX_SEARCH_PIXELS {
        return (width, height, image.into_raw());
    }
    let mut factor = 2;
    while (width / factor) * (height / factor) > MAX_SEARCH_PIXELS {
        factor += 1;
    }
    let (w, h) = (width / factor, height / factor);
    let raw = image.as_raw();
    let mut sums = vec![0u32; w];
    let mut out = Vec::with_capacity(w * h);
    let area = (factor * factor) as u32;
    for y in 0..h {
        sums.iter_mut().for_each(|s| *s = 0);
        for row in raw[y * factor * width..][..factor * width].chunks_exact(width) {
            for (x, sum) in sums.iter_mut().enumerate() {
                *sum += row[x * factor..][..factor]
                    .iter()
                    .map(|&p| u32::from(p))
                    .sum::<u32>();
            }
        }
        out.extend(sums.iter().map(|s| (s / area) as u8));
    }
    (w, h, out)
}

/// Runs `work` on its own thread and waits at most [`SEARCH_DEADLINE`] for it: an image that
/// would keep rqrr busy for long is given up (the thread ends with the process), and a panic
/// inside rqrr is an error, not a crash.
fn with_deadline(
    deadline: std::time::Duration,
    work: impl FnOnce() -> Vec<String> + Send + 'static,
) -> Result<Vec<String>, String> {
    quiet_search_panics();
    let (sender, receiver) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name(SEARCH_THREAD.to_string())
        .spawn(move || {
            let _ = sender.send(work());
        });
    if spawned.is_err() {
        return Err("cannot start the search for QR codes (out of threads?)".to_string());
    }
    match receiver.recv_timeout(deadline) {
        Ok(texts) => Ok(texts),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(format!(
            "searching the image for QR codes took more than {}; crop it to the QR code",
            match deadline.as_secs() {
                1 => "a second".to_string(),
                n => format!("{n} seconds"),
            }
        )),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(
            "the QR decoder could not make sense of the image; crop it to the QR code".to_string(),
        ),
    }
}

/// A panic on the search thread is reported as an error line, not as a panic message: the
/// process-wide hook stays as it was for every other thread.
fn quiet_search_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some(SEARCH_THREAD) {
                previous(info);
            }
        }));
    });
}

/// What rqrr's capstone detection will meet in a black-and-white image (`dark` row by row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Census {
    /// Places on a line with runs dark, light, dark, light, dark in the ratio 1:1:3:1:1.
    pub candidates: usize,
    /// Of them, distinct shapes rqrr takes for a finder pattern: a dark ring (the outer runs,
    /// connected) around a separate dark stone of 10% to 70% of the ring's pixels.
    pub finders: usize,
}

/// Counts, in linear time, what rqrr 0.11's `capstones_from_image` would find, with its own
/// line test (the same tolerances) and its own region rules (4-connected dark regions; a ring
/// once taken is not counted again). Its pairing of finders into codes costs about the cube
/// of their number, each try on a copy of the image: this count is checked first.
pub fn finder_census(dark: &[bool], width: usize, height: usize) -> Census {
    assert_eq!(dark.len(), width * height, "one value a pixel");
    let regions = Regions::label(dark, width, height);
    let mut claimed = vec![false; regions.sizes.len()];
    let mut census = Census {
        candidates: 0,
        finders: 0,
    };
    for y in 0..height {
        let row = &dark[y * width..][..width];
        let mut scanner = LineScanner::new(row.first().copied().unwrap_or(false));
        // rqrr adds a light pixel after the last one, to close a pattern at the right edge.
        let ends = row.iter().copied().skip(1).chain(std::iter::once(false));
        for found in ends.filter_map(|d| scanner.advance(d)) {
            census.candidates += 1;
            let at = |x: usize| regions.of[y * width + x];
            let (left, stone, ring) = (at(found.left), at(found.stone), at(found.right));
            if left != ring || stone == ring || ring == LIGHT || stone == LIGHT {
                continue;
            }
            let (stone, ring) = (stone as usize, ring as usize);
            if claimed[ring] || claimed[stone] {
                continue;
            }
            let ratio = regions.sizes[stone] * 100 / regions.sizes[ring];
            if 10 < ratio && ratio < 70 {
                claimed[ring] = true;
                census.finders += 1;
            }
        }
    }
    census
}

/// The region of a light pixel.
const LIGHT: u32 = u32::MAX;

/// The 4-connected dark regions of an image: each dark pixel's region, and each region's size.
struct Regions {
    of: Vec<u32>,
    sizes: Vec<usize>,
}

impl Regions {
    fn label(dark: &[bool], width: usize, height: usize) -> Regions {
        // Union-find over provisional labels, one pass, then every pixel resolved.
        fn root(parent: &mut [u32], mut label: u32) -> u32 {
            while parent[label as usize] != label {
                let up = parent[parent[label as usize] as usize];
                parent[label as usize] = up;
                label = up;
            }
            label
        }
        const NONE: u32 = LIGHT;
        let mut of = vec![NONE; dark.len()];
        let mut parent: Vec<u32> = Vec::new();
        for y in 0..height {
            for x in 0..width {
                let i = y * width + x;
                if !dark[i] {
                    continue;
                }
                let left = if x > 0 { of[i - 1] } else { NONE };
                let up = if y > 0 { of[i - width] } else { NONE };
                of[i] = match (left, up) {
                    (NONE, NONE) => {
                        parent.push(parent.len() as u32);
                        (parent.len() - 1) as u32
                    }
                    (label, NONE) | (NONE, label) => label,
                    (a, b) => {
                        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                        parent[ra.max(rb) as usize] = ra.min(rb);
                        ra.min(rb)
                    }
                };
            }
        }
        // Dense region numbers; light pixels stay LIGHT.
        let mut dense = vec![NONE; parent.len()];
        let mut sizes = Vec::new();
        for label in of.iter_mut() {
            if *label == NONE {
                continue;
            }
            let r = root(&mut parent, *label) as usize;
            if dense[r] == NONE {
                dense[r] = sizes.len() as u32;
                sizes.push(0);
            }
            *label = dense[r];
            sizes[dense[r] as usize] += 1;
        }
        Regions { of, sizes }
    }
}

/// Where a 1:1:3:1:1 pattern lies on a line: the first pixel of its first, third and fifth run.
struct Found {
    left: usize,
    stone: usize,
    right: usize,
}

/// rqrr 0.11's line scanner (detect.rs), step for step: run lengths of the last five runs,
/// tested when a dark run ends.
struct LineScanner {
    runs: [usize; 5],
    last_dark: bool,
    run: usize,
    changes: usize,
    position: usize,
}

impl LineScanner {
    fn new(first_dark: bool) -> Self {
        LineScanner {
            runs: [0; 5],
            last_dark: first_dark,
            run: 1,
            changes: 0,
            position: 0,
        }
    }

    fn advance(&mut self, dark: bool) -> Option<Found> {
        self.position += 1;
        if dark == self.last_dark {
            self.run += 1;
            return None;
        }
        self.last_dark = dark;
        self.runs.rotate_left(1);
        self.runs[4] = self.run;
        self.run = 1;
        self.changes += 1;
        if dark || self.changes < 5 {
            return None;
        }
        const CHECK: [usize; 5] = [1, 1, 3, 1, 1];
        let r = &self.runs;
        let average = (r[0] + r[1] + r[3] + r[4]) / 4;
        let error = average * 3 / 4;
        let fits = (0..5)
            .all(|i| r[i] >= CHECK[i] * average - error && r[i] <= CHECK[i] * average + error);
        fits.then(|| Found {
            left: self.position - r.iter().sum::<usize>(),
            stone: self.position - r[2..].iter().sum::<usize>(),
            right: self.position - r[4],
        })
    }
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

    fn png_of(image: &image::GrayImage) -> Vec<u8> {
        let mut bytes = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .unwrap();
        bytes
    }

    /// A finder pattern (7 by 7 modules of `module` pixels) at `(x, y)`.
    fn finder_at(image: &mut image::GrayImage, module: u32, x: u32, y: u32) {
        for dy in 0..7 * module {
            for dx in 0..7 * module {
                let ring = (dx / module).abs_diff(3).max((dy / module).abs_diff(3));
                if ring != 2 {
                    image.put_pixel(x + dx, y + dy, image::Luma([0]));
                }
            }
        }
    }

    fn census_of(image: &image::GrayImage) -> Census {
        let dark: Vec<bool> = image.pixels().map(|p| p.0[0] < 128).collect();
        finder_census(&dark, image.width() as usize, image.height() as usize)
    }

    #[test]
    fn the_census_counts_finder_patterns() {
        let matrix = Matrix::encode(URI).unwrap();
        let code = image::load_from_memory(&to_png(&matrix, false))
            .unwrap()
            .to_luma8();
        assert_eq!(census_of(&code).finders, 3);
        let mut tiles = image::GrayImage::from_pixel(400, 300, image::Luma([255]));
        for row in 0..5 {
            for column in 0..9 {
                finder_at(&mut tiles, 3, 5 + column * 40, 5 + row * 50);
            }
        }
        let census = census_of(&tiles);
        assert_eq!(census.finders, 45);
        assert!(census.candidates >= 45 * 9, "{census:?}");
        let blank = image::GrayImage::from_pixel(50, 50, image::Luma([255]));
        assert_eq!(census_of(&blank).finders, 0);
        // A stone too big or too small for its ring is not a finder pattern.
        let mut fat = image::GrayImage::from_pixel(60, 60, image::Luma([255]));
        finder_at(&mut fat, 4, 10, 10);
        for y in 18..30 {
            for x in 16..32 {
                fat.put_pixel(x, y, image::Luma([0]));
            }
        }
        assert_eq!(census_of(&fat).finders, 0);
    }

    #[test]
    fn many_finder_patterns_are_refused_before_the_search() {
        let mut tiles = image::GrayImage::from_pixel(300, 300, image::Luma([255]));
        for row in 0..7 {
            for column in 0..7 {
                finder_at(&mut tiles, 1, 5 + column * 40, 5 + row * 40);
            }
        }
        let err = decode_image(&png_of(&tiles)).unwrap_err();
        assert!(
            err.contains("49 shapes like a QR code's corner squares"),
            "{err}"
        );
    }

    #[test]
    fn large_images_are_shrunk_and_still_read() {
        // 16 pixels a module, on a canvas of 6 megapixels: searched at a half.
        let matrix = Matrix::encode(URI).unwrap();
        let code = image::load_from_memory(&to_png(&matrix, false))
            .unwrap()
            .to_luma8();
        let code = image::imageops::resize(
            &code,
            code.width() * 2,
            code.height() * 2,
            image::imageops::FilterType::Nearest,
        );
        let mut canvas = image::GrayImage::from_pixel(3000, 2000, image::Luma([255]));
        image::imageops::replace(&mut canvas, &code, 1200, 500);
        let (w, h, luma) = shrink(canvas.clone());
        assert_eq!((w, h, luma.len()), (1500, 1000, 1_500_000));
        assert_eq!(decode_image(&png_of(&canvas)).unwrap(), [URI]);
        let (w, h, _) = shrink(image::GrayImage::new(1170, 2532));
        assert_eq!(
            (w, h),
            (1170, 2532),
            "a phone screenshot is searched as it is"
        );
    }

    #[test]
    fn the_deadline_and_panics_end_in_errors() {
        let slow = with_deadline(std::time::Duration::from_millis(50), || {
            std::thread::sleep(std::time::Duration::from_secs(2));
            vec![]
        });
        assert!(slow.unwrap_err().contains("took more than"));
        let panics = with_deadline(std::time::Duration::from_secs(5), || panic!("inside rqrr"));
        assert!(panics.unwrap_err().contains("could not make sense"));
        let fine = with_deadline(std::time::Duration::from_secs(5), || vec!["x".to_string()]);
        assert_eq!(fine.unwrap(), ["x"]);
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
