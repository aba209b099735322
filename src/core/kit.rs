//! The printed recovery kit as data: the armored age file split into QR codes (each headed
//! `mfa-kit part I/N`), the recovery sheet's words (every account, its paths and where each
//! lives, its service's recovery route, the steps with standard tools; never a secret), the
//! paper key's page, and where each of them goes on the page, in points. Pure: the PDF is drawn
//! from this by `sys::pdf`, and the clock's time and the audit's report come in as values.

use crate::core::audit::Report;
use crate::core::qr::{Matrix, QUIET_ZONE};
use crate::core::services::{Catalogue, Service};
use crate::core::vault::Vault;

/// Points in a millimetre.
pub const MM: f32 = 72.0 / 25.4;
/// The smallest printed module: a code with smaller ones is hard to scan.
pub const MIN_MODULE_MM: f32 = 0.5;
/// The largest module drawn: larger codes only take more paper.
pub const MAX_MODULE_MM: f32 = 1.0;
/// The margin on every side.
pub const MARGIN_MM: f32 = 15.0;
/// The most QR codes a kit holds; a larger vault goes to a file backup instead.
pub const MAX_CODES: usize = 48;
/// Bytes of text a version-40 QR code holds at error correction M (byte mode).
pub const QR_CAPACITY: usize = 2331;
/// The first line of every backup code's text, before ` I/N`.
pub const PART_HEADER: &str = "mfa-kit part";

/// The paper the kit is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperSize {
    A4,
    Letter,
}

impl PaperSize {
    /// Width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            PaperSize::A4 => (210.0 * MM, 297.0 * MM),
            PaperSize::Letter => (612.0, 792.0),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    Regular,
    Bold,
    Mono,
}

/// One thing drawn on a page; `x`, `y` are from the page's lower left corner, in points.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// A line of text whose baseline starts at (x, y).
    Text {
        x: f32,
        y: f32,
        size: f32,
        font: Font,
        text: String,
    },
    /// A QR code (its quiet zone included) whose upper left corner is at (x, y).
    Qr {
        x: f32,
        y: f32,
        module: f32,
        matrix: Matrix,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub marks: Vec<Mark>,
}

/// What opens the kit's backup.
pub enum KitKey<'a> {
    /// A paper key made for the kit: its identity file's text and its recipient.
    PaperKey {
        identity: &'a str,
        recipient: &'a str,
    },
    /// The recipients given.
    Recipients(&'a [String]),
    Passphrase,
}

/// Everything the kit is made from.
pub struct KitInput<'a> {
    pub paper: PaperSize,
    /// The armored age file of the (gzip-compressed) vault document.
    pub armored: &'a str,
    pub vault: &'a Vault,
    /// The audit of the vault, for each account's paths.
    pub report: &'a Report,
    pub services: &'a Catalogue,
    pub device: &'a str,
    pub at: &'a str,
    pub key_at: &'a [String],
    pub key: KitKey<'a>,
    pub now: u64,
}

/// The kit: its pages, in order (the sheet, the backup codes, the paper key).
#[derive(Debug, Clone, PartialEq)]
pub struct Kit {
    pub pages: Vec<Page>,
    /// How many backup QR codes, and on which pages (1-based, inclusive).
    pub codes: usize,
    pub code_pages: (usize, usize),
    /// The paper key's page (1-based), if the kit has one.
    pub key_page: Option<usize>,
}

/// Why a kit cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KitError {
    /// The vault needs more codes than a kit holds.
    TooLarge { bytes: usize, codes: usize },
    /// A QR code could not be drawn (should not happen: every part is sized to fit).
    Qr(String),
}

/// The texts of the backup codes: `mfa-kit part I/N`, a newline, then the I-th piece of the
/// armored file. Pieces end at the ends of the armor's lines (so a reader that adds a newline
/// after each code only adds blank lines), are as even as they can be, and are as few as
/// version-40 codes allow.
pub fn parts(armored: &str) -> Result<Vec<String>, KitError> {
    let header_room = PART_HEADER.len() + 12;
    let least = least_codes(armored.len())?;
    let lines: Vec<&str> = armored.split_inclusive('\n').collect();
    let mut n = least;
    loop {
        // Piece k ends at the first line end at or past k/n of the text.
        let mut pieces: Vec<String> = Vec::new();
        let mut piece = String::new();
        let mut done = 0;
        for line in &lines {
            if !piece.is_empty() && piece.len() + line.len() + header_room > QR_CAPACITY {
                pieces.push(std::mem::take(&mut piece));
            }
            piece.push_str(line);
            done += line.len();
            if done * n >= (pieces.len() + 1) * armored.len() {
                pieces.push(std::mem::take(&mut piece));
            }
        }
        if !piece.is_empty() {
            pieces.push(piece);
        }
        let count = pieces.len();
        let fits = pieces.iter().all(|p| p.len() + header_room <= QR_CAPACITY);
        if fits && count <= n {
            return Ok(pieces
                .into_iter()
                .enumerate()
                .map(|(i, p)| format!("{PART_HEADER} {}/{count}\n{p}", i + 1))
                .collect());
        }
        n += 1;
        if n > MAX_CODES {
            return Err(KitError::TooLarge {
                bytes: armored.len(),
                codes: n,
            });
        }
    }
}

/// The fewest codes an armored file of `bytes` bytes can be printed in (each holds a part's
/// header and at most [`QR_CAPACITY`] bytes in all): refused past [`MAX_CODES`]. Known from the
/// file's size alone, before a vault too large for paper is read whole.
pub fn least_codes(bytes: usize) -> Result<usize, KitError> {
    let least = bytes.div_ceil(CODE_ROOM).max(1);
    match least > MAX_CODES {
        true => Err(KitError::TooLarge {
            bytes,
            codes: least,
        }),
        false => Ok(least),
    }
}

/// The largest armored file a kit holds: [`least_codes`] refuses any larger.
pub fn most_armored_bytes() -> usize {
    MAX_CODES * CODE_ROOM
}

/// The most bytes of the armored file one code holds, beside its part's header.
const CODE_ROOM: usize = QR_CAPACITY - (PART_HEADER.len() + 12);

/// Reads `mfa-kit part I/N` parts back (in any order) into the armored file; `None` when one
/// is missing, repeated or of another set.
pub fn join(texts: &[String]) -> Option<String> {
    let mut parts: Vec<(usize, usize, &str)> = Vec::new();
    for text in texts {
        let (first, rest) = text.split_once('\n')?;
        let (i, n) = first.strip_prefix(PART_HEADER)?.trim().split_once('/')?;
        parts.push((i.parse().ok()?, n.parse().ok()?, rest));
    }
    parts.sort();
    let n = parts.first()?.1;
    if parts.len() != n
        || parts
            .iter()
            .enumerate()
            .any(|(k, p)| p.0 != k + 1 || p.1 != n)
    {
        return None;
    }
    Some(parts.iter().map(|p| p.2).collect())
}

/// Lays out the whole kit.
pub fn build(input: &KitInput) -> Result<Kit, KitError> {
    let texts = parts(input.armored)?;
    let matrices = texts
        .iter()
        .map(|t| Matrix::encode(t).map_err(KitError::Qr))
        .collect::<Result<Vec<_>, _>>()?;
    let (width, height) = input.paper.size();
    let code_pages = code_pages(&matrices, width, height);
    // The sheet's page count is needed in its own words: lay it out once to count, then again.
    let mut sheet_len = 1;
    let sheet = loop {
        let first_code = sheet_len + 1;
        let numbers = Numbers {
            codes: matrices.len(),
            first_code,
            last_code: first_code + code_pages.len() - 1,
            key_page: matches!(input.key, KitKey::PaperKey { .. })
                .then_some(first_code + code_pages.len()),
        };
        let sheet = sheet(input, &numbers, width, height);
        if sheet.len() == sheet_len {
            break (sheet, numbers);
        }
        sheet_len = sheet.len();
    };
    let (sheet, numbers) = sheet;
    let mut pages = sheet;
    pages.extend(code_pages);
    if let KitKey::PaperKey {
        identity,
        recipient,
    } = input.key
    {
        pages.push(key_page(input, identity, recipient, width, height)?);
    }
    let total = pages.len();
    let date = date(input.now);
    for (i, page) in pages.iter_mut().enumerate() {
        let what = if Some(i + 1) == numbers.key_page {
            "paper key of the mfa-kit recovery kit"
        } else {
            "mfa-kit recovery kit"
        };
        page.marks.push(Mark::Text {
            x: MARGIN_MM * MM,
            y: MARGIN_MM * MM * 0.6,
            size: 8.0,
            font: Font::Regular,
            text: format!(
                "{what} made {date} on {} - page {} of {total}",
                input.device,
                i + 1
            ),
        });
    }
    Ok(Kit {
        pages,
        codes: numbers.codes,
        code_pages: (numbers.first_code, numbers.last_code),
        key_page: numbers.key_page,
    })
}

/// Page numbers the sheet refers to.
struct Numbers {
    codes: usize,
    first_code: usize,
    last_code: usize,
    key_page: Option<usize>,
}

/// The grid of codes on a page: columns, rows and the module size, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grid {
    pub cols: usize,
    pub rows: usize,
    pub module: f32,
}

/// Space for a code's label under it, in points.
const LABEL: f32 = 14.0;
/// Space above the grid for the page's heading.
const CODE_HEADING: f32 = 52.0;

/// The grid that puts `count` codes of `side` modules (quiet zone excluded) on the fewest
/// pages with modules of at least [`MIN_MODULE_MM`], the largest modules among those.
pub fn grid(count: usize, side: usize, width: f32, height: f32) -> Grid {
    let avail_w = width - 2.0 * MARGIN_MM * MM;
    let avail_h = height - 2.0 * MARGIN_MM * MM - CODE_HEADING;
    let q = QUIET_ZONE as f32;
    let side = side as f32;
    let mut best: Option<(usize, Grid)> = None;
    for cols in 1..=4 {
        for rows in 1..=5 {
            let by_w = avail_w / (cols as f32 * side + (cols as f32 - 1.0) * q);
            let by_h = (avail_h - rows as f32 * LABEL) / (rows as f32 * (side + 2.0 * q));
            let module = by_w.min(by_h).min(MAX_MODULE_MM * MM);
            if module < MIN_MODULE_MM * MM {
                continue;
            }
            let pages = count.div_ceil(cols * rows);
            let better = match &best {
                None => true,
                Some((p, g)) => pages < *p || (pages == *p && module > g.module + 1e-3),
            };
            if better {
                best = Some((pages, Grid { cols, rows, module }));
            }
        }
    }
    best.map(|(_, g)| g).unwrap_or(Grid {
        cols: 1,
        rows: 1,
        module: MIN_MODULE_MM * MM,
    })
}

fn code_pages(matrices: &[Matrix], width: f32, height: f32) -> Vec<Page> {
    let side = matrices
        .iter()
        .map(|m| m.side - 2 * QUIET_ZONE)
        .max()
        .unwrap_or(21);
    let grid = grid(matrices.len(), side, width, height);
    let per_page = grid.cols * grid.rows;
    let n = matrices.len();
    let pages_count = n.div_ceil(per_page);
    let q = QUIET_ZONE as f32 * grid.module;
    let cell = side as f32 * grid.module;
    let left = MARGIN_MM * MM;
    let top = height - MARGIN_MM * MM;
    let mut pages = Vec::new();
    for (p, chunk) in matrices.chunks(per_page).enumerate() {
        let first = p * per_page + 1;
        let last = first + chunk.len() - 1;
        let mut marks = vec![
            Mark::Text {
                x: left,
                y: top - 16.0,
                size: 15.0,
                font: Font::Bold,
                text: format!(
                    "Paper backup: codes {first} to {last} of {n} (backup page {} of {pages_count})",
                    p + 1
                ),
            },
            Mark::Text {
                x: left,
                y: top - 32.0,
                size: 9.0,
                font: Font::Regular,
                text: "The vault, encrypted with age. Each code's text starts with the line \
                       `mfa-kit part I/N`; the sheet says how to read them."
                    .to_string(),
            },
        ];
        // Centred across the page, cells side by side.
        let grid_w = grid.cols as f32 * cell + (grid.cols as f32 - 1.0) * q;
        let x0 = left + ((width - 2.0 * left) - grid_w) / 2.0;
        for (k, matrix) in chunk.iter().enumerate() {
            let (col, row) = (k % grid.cols, k / grid.cols);
            let x = x0 + col as f32 * (cell + q);
            let y = top - CODE_HEADING - q - row as f32 * (cell + 2.0 * q + LABEL);
            // The matrix carries its quiet zone: its corner is one quiet zone up and left.
            marks.push(Mark::Qr {
                x: x - q,
                y: y + q,
                module: grid.module,
                matrix: matrix.clone(),
            });
            marks.push(Mark::Text {
                x,
                y: y - cell - q - 10.0,
                size: 9.0,
                font: Font::Mono,
                text: format!("{PART_HEADER} {}/{n}", first + k),
            });
        }
        pages.push(Page {
            width,
            height,
            marks,
        });
    }
    pages
}

fn key_page(
    input: &KitInput,
    identity: &str,
    recipient: &str,
    width: f32,
    height: f32,
) -> Result<Page, KitError> {
    let matrix = Matrix::encode(identity).map_err(KitError::Qr)?;
    let mut flow = Flow::new(width, height);
    flow.text(Font::Bold, 20.0, "Paper key of the mfa-kit recovery kit");
    flow.gap(6.0);
    flow.para(&format!(
        "Made {} on {}. This page opens the kit's QR codes: keep it apart from the kit \
         (recorded as kept at {}; the kit at {}). Anyone holding both has every account.",
        date(input.now),
        input.device,
        input.key_at.join(", "),
        input.at
    ));
    flow.gap(10.0);
    let module = MAX_MODULE_MM * MM;
    let side = matrix.side as f32 * module;
    let x = (width - side) / 2.0;
    let y = flow.y;
    flow.marks().push(Mark::Qr {
        x,
        y,
        module,
        matrix,
    });
    flow.y -= side + 10.0;
    flow.para(
        "Scan the code into paper-key.txt (zbarimg --raw -q -Sdisable -Sqrcode.enable key.png > paper-key.txt), or type the \
         line below, exactly, into a file paper-key.txt:",
    );
    flow.gap(6.0);
    let secret = identity
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .unwrap_or(identity);
    flow.text(Font::Mono, 10.5, secret);
    flow.gap(8.0);
    flow.para(&format!("Its public key (recipient): {recipient}"));
    let mut pages = flow.finish();
    Ok(pages.remove(0))
}

/// Text laid out down the page, onto new pages as it fills them.
struct Flow {
    width: f32,
    height: f32,
    y: f32,
    pages: Vec<Page>,
}

/// Courier's advance, as a share of the size.
const MONO_ADVANCE: f32 = 0.6;
const BODY: f32 = 9.0;
/// The accounts' lines.
const SMALL: f32 = 8.0;

impl Flow {
    fn new(width: f32, height: f32) -> Self {
        Flow {
            width,
            height,
            y: height - MARGIN_MM * MM,
            pages: vec![Page {
                width,
                height,
                marks: Vec::new(),
            }],
        }
    }

    fn marks(&mut self) -> &mut Vec<Mark> {
        &mut self.pages.last_mut().expect("a page").marks
    }

    fn room(&mut self, needed: f32) {
        if self.y - needed < MARGIN_MM * MM {
            self.pages.push(Page {
                width: self.width,
                height: self.height,
                marks: Vec::new(),
            });
            self.y = self.height - MARGIN_MM * MM;
        }
    }

    fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    fn text_at(&mut self, indent: f32, font: Font, size: f32, text: &str) {
        self.room(size * 1.3);
        self.y -= size * 1.3;
        let y = self.y;
        self.marks().push(Mark::Text {
            x: MARGIN_MM * MM + indent,
            y,
            size,
            font,
            text: text.to_string(),
        });
    }

    fn text(&mut self, font: Font, size: f32, text: &str) {
        self.text_at(0.0, font, size, text);
    }

    /// Body text in Courier (whose widths are known), wrapped at spaces.
    fn para_at(&mut self, indent: f32, hanging: f32, text: &str) {
        self.para_sized(indent, hanging, BODY, text);
    }

    fn para_sized(&mut self, indent: f32, hanging: f32, size: f32, text: &str) {
        let width = self.width - 2.0 * MARGIN_MM * MM - indent;
        let first = ((width / (size * MONO_ADVANCE)) as usize).max(10);
        let rest = (((width - hanging) / (size * MONO_ADVANCE)) as usize).max(10);
        for (i, line) in wrap(text, first, rest).iter().enumerate() {
            let extra = if i == 0 { 0.0 } else { hanging };
            self.text_at(indent + extra, Font::Mono, size, line);
        }
    }

    fn para(&mut self, text: &str) {
        self.para_at(0.0, 0.0, text);
    }

    /// A command to type, never wrapped.
    fn command(&mut self, text: &str) {
        self.text_at(14.0, Font::Mono, BODY, &format!("$ {text}"));
    }

    fn finish(self) -> Vec<Page> {
        self.pages
    }
}

/// Words into lines of at most `first` characters, then `rest` (a longer word is cut).
pub fn wrap(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let limit = if lines.is_empty() { first } else { rest };
        let mut word = word.to_string();
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > limit {
            lines.push(std::mem::take(&mut line));
        }
        loop {
            let limit = if lines.is_empty() { first } else { rest };
            if line.is_empty() && word.chars().count() > limit {
                let cut: String = word.chars().take(limit).collect();
                word = word.chars().skip(limit).collect();
                lines.push(cut);
                continue;
            }
            break;
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The recovery sheet: what the kit is, how to recover with standard tools, and every
/// account's ways back. No secret.
fn sheet(input: &KitInput, numbers: &Numbers, width: f32, height: f32) -> Vec<Page> {
    let mut f = Flow::new(width, height);
    let n = input.vault.accounts.len();
    f.text(Font::Bold, 20.0, "mfa-kit recovery kit");
    f.gap(4.0);
    f.para(&format!(
        "Made {} on {}, for a vault of {n} account(s). Keep this kit at: {}.",
        date(input.now),
        input.device,
        input.at
    ));
    f.gap(4.0);
    let pages = if numbers.first_code == numbers.last_code {
        format!("Page {} holds", numbers.first_code)
    } else {
        format!("Pages {} to {} hold", numbers.first_code, numbers.last_code)
    };
    let opener = match &input.key {
        KitKey::PaperKey { .. } => format!(
            "They open with the paper key on page {}: cut it off and keep it apart from the \
             rest of the kit (recorded as kept at {}). Anyone holding both has every account.",
            numbers.key_page.unwrap_or(0),
            input.key_at.join(", ")
        ),
        KitKey::Recipients(recipients) => format!(
            "They open with the age key of {} (kept at {}).",
            recipients.join(", "),
            input.key_at.join(", ")
        ),
        KitKey::Passphrase => {
            "They open with the passphrase chosen when the kit was made (it is written nowhere \
             here)."
                .to_string()
        }
    };
    f.para(&format!(
        "This sheet holds no secret. {pages} the whole vault, encrypted with age, in {} QR \
         code(s). {opener}",
        numbers.codes
    ));
    f.gap(10.0);
    f.text(
        Font::Bold,
        13.0,
        "Recover with standard tools alone: zbarimg, awk, age, gunzip, oathtool",
    );
    f.gap(3.0);
    let step = |f: &mut Flow, number: usize, text: &str| {
        f.gap(3.0);
        f.para_at(0.0, 3.0 * BODY * MONO_ADVANCE, &format!("{number}. {text}"));
    };
    let range = if numbers.first_code == numbers.last_code {
        format!("page {}", numbers.first_code)
    } else {
        format!("pages {} to {}", numbers.first_code, numbers.last_code)
    };
    let not_the_key = match &input.key {
        KitKey::PaperKey { .. } => " (not the paper key)",
        _ => "",
    };
    step(
        &mut f,
        1,
        &format!(
            "In a private folder (umask 077: the files below hold every secret), scan the QR \
             code {range}{not_the_key} at 300 dpi or more, as images page-1.png, page-2.png, ... \
             From this PDF: pdftoppm -r 300 -f {} -l {} -png kit.pdf page",
            numbers.first_code, numbers.last_code
        ),
    );
    f.command("umask 077");
    step(
        &mut f,
        2,
        &format!(
            "Read every code, drop each code's first line (mfa-kit part I/N) and join the rest \
             in the order of I; you must get {} part file(s):",
            numbers.codes
        ),
    );
    // QR codes only: zbarimg otherwise may read a 1D barcode (DataBar) inside a QR code.
    f.command("zbarimg --raw -q -Sdisable -Sqrcode.enable page-*.png > codes.txt");
    f.command(
        "awk '/^mfa-kit part /{f=sprintf(\"part-%03d.txt\",$3+0); next} NF{print > f}' codes.txt",
    );
    f.command("cat part-*.txt > kit.age");
    f.para_at(
        3.0 * BODY * MONO_ADVANCE,
        0.0,
        "(With a phone: copy each code's text but its first line, in order, into kit.age.)",
    );
    match &input.key {
        KitKey::PaperKey { .. } => {
            step(
                &mut f,
                3,
                &format!(
                    "Decrypt with the paper key (page {}: scan its code with zbarimg --raw -q \
                     -Sdisable -Sqrcode.enable key.png > paper-key.txt, or type its AGE-SECRET-KEY-1... line into \
                     paper-key.txt), then uncompress:",
                    numbers.key_page.unwrap_or(0)
                ),
            );
            f.command("age -d -i paper-key.txt kit.age | gunzip > vault.toml");
        }
        KitKey::Recipients(_) => {
            step(
                &mut f,
                3,
                "Decrypt with the age key (identity file) of a recipient, then uncompress:",
            );
            f.command("age -d -i YOUR-KEY.txt kit.age | gunzip > vault.toml");
        }
        KitKey::Passphrase => {
            step(
                &mut f,
                3,
                "Decrypt with the passphrase (age asks for it), then uncompress:",
            );
            f.command("age -d kit.age | gunzip > vault.toml");
        }
    }
    step(
        &mut f,
        4,
        "vault.toml is the vault in plain text: keep it private and delete it when done. Each \
         [[accounts]] has a name and a secret; the code of an account now is:",
    );
    f.command("oathtool --totp -b SECRET");
    f.para_at(
        3.0 * BODY * MONO_ADVANCE,
        0.0,
        "(add --totp=sha256 or --totp=sha512, -d 8, -s 60s when the account's algorithm, digits \
         or period say so; an account with a counter is HOTP: oathtool --hotp -c COUNTER -b \
         SECRET, then add 1 to its counter. oathtool --hotp knows SHA1 alone: for an HOTP \
         account whose algorithm is SHA256 or SHA512, its TOTP mode at a one-second step gives \
         the code of COUNTER: oathtool --totp=sha256 -s 1s -N @COUNTER -b SECRET). Its \
         recovery codes are under recovery_codes.",
    );
    let restore_key = match &input.key {
        KitKey::PaperKey { .. } => " -i paper-key.txt",
        KitKey::Recipients(_) => " -i YOUR-KEY.txt",
        KitKey::Passphrase => "",
    };
    step(
        &mut f,
        5,
        &format!(
            "Or, with mfa-kit on a new device: mfa-kit restore kit.age{restore_key}. Then use \
             each account's recovery route below to get back in and set up new factors."
        ),
    );
    f.gap(10.0);
    f.text(
        Font::Bold,
        13.0,
        "Accounts: every way back, and where it lives",
    );
    f.para(&format!(
        "Besides the ways below, this kit holds every account (kept at {}). [needs A + B]: the \
         places that way back needs, all of them.",
        input.at
    ));
    let indent = 2.0 * SMALL * MONO_ADVANCE;
    let mut services: Vec<&Service> = Vec::new();
    for account in &input.vault.accounts {
        let service = input.services.find(
            account.issuer.as_deref(),
            &account.name,
            account.label.as_deref(),
        );
        if let Some(service) = service
            && !services.iter().any(|s| s.name == service.name)
        {
            services.push(service);
        }
        f.gap(3.0);
        f.room(SMALL * 1.3 * 3.0);
        let mut title = account.name.clone();
        let who: Vec<&str> = [account.issuer.as_deref(), account.label.as_deref()]
            .into_iter()
            .flatten()
            .filter(|t| !t.trim().is_empty())
            .collect();
        if !who.is_empty() {
            title.push_str(&format!(" ({})", who.join(", ")));
        }
        title.push_str(&match service {
            Some(service) => format!(" - service: {}", service.name),
            None => " - service: not in the catalogue".to_string(),
        });
        f.text(Font::Bold, 9.5, &title);
        let report = input
            .report
            .accounts
            .iter()
            .find(|a| a.name == account.name);
        let ways: Vec<String> = report
            .map(|r| r.paths.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|path| {
                let needs = match path.threshold {
                    Some(k) => {
                        let place = path.place.as_deref().unwrap_or("");
                        let holders: Vec<&str> = path
                            .needs
                            .iter()
                            .map(String::as_str)
                            .filter(|n| *n != place)
                            .collect();
                        format!("{place} + any {k} of {}", holders.join(", "))
                    }
                    None => path.needs.join(" + "),
                };
                let mut way = format!("{}: {} [needs {needs}]", path.kind, path.detail);
                if !path.counts {
                    way.push_str(&format!(
                        " (does not count: {})",
                        path.why.as_deref().unwrap_or("see mfa-kit audit")
                    ));
                }
                way
            })
            .collect();
        f.para_sized(
            indent,
            indent,
            SMALL,
            &format!("Ways back: {}.", ways.join("; ")),
        );
        if let Some(hotp) = hotp_without_oathtool_hotp(account) {
            f.para_sized(indent, indent, SMALL, &hotp);
        }
    }
    f.gap(10.0);
    f.text(Font::Bold, 13.0, "Each service's recovery route");
    f.para(
        "Where a locked-out person starts, for each service above (an account not in the \
         catalogue: the service's own account recovery page).",
    );
    for service in services {
        f.gap(2.0);
        f.para_sized(
            0.0,
            indent,
            SMALL,
            &format!("{}: {}", service.name, service.recovery),
        );
    }
    f.finish()
}

/// The UTC date of a Unix time, as YYYY-MM-DD.
pub fn date(unix: u64) -> String {
    let days = (unix / 86_400) as i64;
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// For an HOTP account hashed with SHA256 or SHA512, what to type instead of `oathtool
/// --hotp`, which knows SHA1 alone: HOTP is TOTP at a one-second step whose time is the
/// counter, and oathtool's TOTP mode takes the hash. None for any other account.
fn hotp_without_oathtool_hotp(account: &crate::core::vault::Account) -> Option<String> {
    use crate::core::otp::Algorithm;
    let hash = match account.algorithm {
        _ if account.counter.is_none() => return None,
        Algorithm::Sha1 => return None,
        Algorithm::Sha256 => "sha256",
        Algorithm::Sha512 => "sha512",
    };
    Some(format!(
        "HOTP with {}: oathtool --hotp cannot make its codes (it knows SHA1 alone); type \
         oathtool --totp={hash} -s 1s -N @COUNTER -b SECRET{}, COUNTER being its counter in \
         vault.toml, then add 1 to the counter.",
        account.algorithm,
        if account.digits == 6 {
            String::new()
        } else {
            format!(" -d {}", account.digits)
        }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn armor(bytes: usize) -> String {
        let mut s = String::from("-----BEGIN AGE ENCRYPTED FILE-----\n");
        let body: String = (0..bytes)
            .map(|i| {
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[i * 7 % 64]
                    as char
            })
            .collect();
        for chunk in body.as_bytes().chunks(64) {
            s.push_str(std::str::from_utf8(chunk).unwrap());
            s.push('\n');
        }
        s.push_str("-----END AGE ENCRYPTED FILE-----\n");
        s
    }

    #[test]
    fn parts_join_back_in_any_order_and_end_at_line_ends() {
        for size in [100, 3_000, 20_000, 60_000] {
            let text = armor(size);
            let mut parts = parts(&text).unwrap();
            let n = parts.len();
            // As few as the data allows: one fewer code could not hold it.
            // As few as the data allows, pieces ending at line ends (a line is 65 bytes).
            let room = QR_CAPACITY - PART_HEADER.len() - 12;
            assert!(text.len() + (n - 1) * 65 > (n - 1) * room, "{size}: {n}");
            for (i, p) in parts.iter().enumerate() {
                assert!(p.starts_with(&format!("mfa-kit part {}/{n}\n", i + 1)));
                assert!(p.ends_with('\n'));
                Matrix::encode(p).unwrap();
            }
            parts.reverse();
            assert_eq!(join(&parts).unwrap(), text);
            parts.pop();
            if n > 1 {
                assert_eq!(join(&parts), None);
            }
        }
    }

    #[test]
    fn the_largest_file_a_kit_holds_is_the_one_least_codes_takes() {
        let most = most_armored_bytes();
        assert_eq!(least_codes(most), Ok(MAX_CODES));
        assert_eq!(
            least_codes(most + 1),
            Err(KitError::TooLarge {
                bytes: most + 1,
                codes: MAX_CODES + 1
            })
        );
    }

    #[test]
    fn a_vault_too_large_for_paper_is_refused() {
        let text = armor(MAX_CODES * QR_CAPACITY);
        assert!(matches!(parts(&text), Err(KitError::TooLarge { .. })));
    }

    #[test]
    fn modules_are_never_below_half_a_millimetre() {
        for paper in [PaperSize::A4, PaperSize::Letter] {
            let (w, h) = paper.size();
            for side in [21, 57, 101, 177] {
                for count in [1, 2, 3, 5, 9, 40] {
                    let g = grid(count, side, w, h);
                    assert!(g.module >= MIN_MODULE_MM * MM - 1e-4, "{g:?}");
                    // The grid fits inside the margins.
                    let q = QUIET_ZONE as f32;
                    let gw = g.module * (g.cols as f32 * side as f32 + (g.cols as f32 - 1.0) * q);
                    assert!(gw <= w - 2.0 * MARGIN_MM * MM + 1e-3);
                }
            }
            // Version 40 codes: four to a page at half a millimetre.
            assert_eq!(grid(8, 177, w, h).cols * grid(8, 177, w, h).rows, 4);
        }
    }

    #[test]
    fn dates_are_utc_calendar_days() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_735_689_599), "2024-12-31");
    }

    #[test]
    fn wrapping_keeps_every_word_within_the_width() {
        let lines = wrap("one two three four five six seven", 9, 7);
        assert_eq!(lines, ["one two", "three", "four", "five", "six", "seven"]);
        assert_eq!(wrap("abcdefghij", 4, 4), ["abcd", "efgh", "ij"]);
    }
}
