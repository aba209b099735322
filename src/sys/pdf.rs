//! Draws a laid-out kit (`core::kit`) as a PDF with `pdf-writer`: text in the standard
//! Helvetica and Courier fonts (WinAnsi, nothing embedded), each QR code as one filled path of
//! its dark modules (rows of runs, so a renderer leaves no seams), content streams deflated.
//! No layout decision is made here.

use std::io::Write;

use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::core::kit::{Font, Kit, Mark};

const CATALOG: Ref = Ref::new(1);
const PAGES: Ref = Ref::new(2);
const INFO: Ref = Ref::new(3);
const FONTS: [(Font, &[u8], &[u8], Ref); 3] = [
    (Font::Regular, b"F1", b"Helvetica", Ref::new(4)),
    (Font::Bold, b"F2", b"Helvetica-Bold", Ref::new(5)),
    (Font::Mono, b"F3", b"Courier", Ref::new(6)),
];
const FIRST_PAGE: i32 = 10;

/// The PDF file of the kit.
pub fn render(kit: &Kit) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let page_ids: Vec<Ref> = (0..kit.pages.len())
        .map(|i| Ref::new(FIRST_PAGE + 2 * i as i32))
        .collect();
    pdf.catalog(CATALOG).pages(PAGES);
    pdf.pages(PAGES)
        .kids(page_ids.iter().copied())
        .count(kit.pages.len() as i32);
    pdf.document_info(INFO)
        .title(TextStr("mfa-kit recovery kit"))
        .producer(TextStr("mfa-kit"));
    for (_, _, base, id) in FONTS {
        pdf.type1_font(id)
            .base_font(Name(base))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for (page, &id) in kit.pages.iter().zip(&page_ids) {
        let content_id = Ref::new(id.get() + 1);
        let mut writer = pdf.page(id);
        writer
            .parent(PAGES)
            .media_box(Rect::new(0.0, 0.0, page.width, page.height))
            .contents(content_id);
        let mut resources = writer.resources();
        let mut fonts = resources.fonts();
        for (_, name, _, font_id) in FONTS {
            fonts.pair(Name(name), font_id);
        }
        fonts.finish();
        resources.finish();
        writer.finish();

        let mut content = Content::new();
        for mark in &page.marks {
            draw(&mut content, mark);
        }
        let deflated = deflate(&content.finish());
        pdf.stream(content_id, &deflated)
            .filter(Filter::FlateDecode);
    }
    pdf.finish()
}

fn draw(content: &mut Content, mark: &Mark) {
    match mark {
        Mark::Text {
            x,
            y,
            size,
            font,
            text,
        } => {
            let name = FONTS
                .iter()
                .find(|f| f.0 == *font)
                .map(|f| f.1)
                .unwrap_or(b"F1");
            content.set_fill_gray(0.0);
            content.begin_text();
            content.set_font(Name(name), *size);
            content.next_line(*x, *y);
            content.show(Str(&win_ansi(text)));
            content.end_text();
        }
        Mark::Qr {
            x,
            y,
            module,
            matrix,
        } => {
            content.set_fill_gray(0.0);
            for row in 0..matrix.side {
                let cells = &matrix.dark[row * matrix.side..(row + 1) * matrix.side];
                let mut col = 0;
                while col < matrix.side {
                    if !cells[col] {
                        col += 1;
                        continue;
                    }
                    let start = col;
                    while col < matrix.side && cells[col] {
                        col += 1;
                    }
                    content.rect(
                        x + start as f32 * module,
                        y - (row + 1) as f32 * module,
                        (col - start) as f32 * module,
                        *module,
                    );
                }
            }
            content.fill_nonzero();
        }
    }
}

/// Text in the standard fonts' WinAnsi encoding: ASCII and Latin-1 as they are, a few
/// punctuation marks mapped, anything else a `?`.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '\u{2013}' => 0x96,
            '\u{2014}' => 0x97,
            '\u{2018}' => 0x91,
            '\u{2019}' => 0x92,
            '\u{201c}' => 0x93,
            '\u{201d}' => 0x94,
            '\u{2022}' => 0x95,
            '\u{2026}' => 0x85,
            _ => b'?',
        })
        .collect()
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(bytes)
        .and_then(|_| encoder.finish())
        .expect("deflating into memory cannot fail")
}
