//! `history --plot FILE.svg` (or `FILE.png`): the total and the largest top-level directories
//! over time, drawn with plotters, its text laid out with a TrueType font found on the system
//! (plotters carries none; without one, the chart has no text). PNG is drawn into a buffer and
//! encoded here: a header, the zlib-compressed rows and an end, each chunk with its CRC.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use plotters::coord::Shift;
use plotters::prelude::*;
use uvcache_commands::{Blame, CommandError, Value};

/// The image's size in pixels.
const SIZE: (u32, u32) = (960, 540);

/// The series drawn: the total and the four directories largest at the last point.
fn series(rows: &Value) -> Vec<(String, Vec<(f64, f64)>)> {
    let Value::List(rows) = rows else {
        return Vec::new();
    };
    let seconds = |t: &SystemTime| {
        t.duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64())
    };
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    let mut names: Vec<(String, u64)> = rows
        .last()
        .and_then(Value::as_record)
        .map(|r| {
            r.iter()
                .filter(|(k, _)| !matches!(*k, "time" | "total" | "packages"))
                .filter_map(|(k, v)| match v {
                    Value::Filesize(b) => Some((k.to_string(), *b)),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort_by_key(|n| std::cmp::Reverse(n.1));
    let mut out = Vec::new();
    for name in std::iter::once("total".to_string()).chain(names.into_iter().take(4).map(|n| n.0)) {
        let points = rows
            .iter()
            .filter_map(Value::as_record)
            .filter_map(|r| match (r.get("time"), r.get(&name)) {
                (Some(Value::Date(t)), Some(Value::Filesize(b))) => Some((seconds(t), mib(*b))),
                _ => None,
            })
            .collect();
        out.push((name, points));
    }
    out
}

/// Draws `history`'s rows into `file`: PNG when its name ends in `.png`, else SVG.
pub fn draw(rows: &Value, file: &Path) -> Result<(), CommandError> {
    let fail = |e: &dyn std::fmt::Display| {
        CommandError::failure(
            "Cannot draw the history",
            format!("{}: {e}", file.display()),
            Blame::Flag("plot"),
        )
    };
    let series = series(rows);
    if series.iter().all(|(_, p)| p.is_empty()) {
        return Err(fail(
            &"no history yet: `uvcache size` writes the first point",
        ));
    }
    // plotters lays text out with a font of the system (it carries none); without one the
    // chart is drawn without its text rather than not at all.
    let text = match font() {
        Ok(font) => plotters::style::register_font("sans-serif", FontStyle::Normal, font).is_ok(),
        Err(why) => {
            eprintln!("warning: {why}: the chart is drawn without text");
            false
        }
    };
    let png = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    if !png {
        let area = SVGBackend::new(file, SIZE).into_drawing_area();
        return chart(&area, series, text)
            .and_then(|()| area.present().map_err(|e| e.to_string()))
            .map_err(|e| fail(&e));
    }
    let mut rgb = vec![0u8; (SIZE.0 * SIZE.1 * 3) as usize];
    {
        let area = BitMapBackend::with_buffer(&mut rgb, SIZE).into_drawing_area();
        chart(&area, series, text)
            .and_then(|()| area.present().map_err(|e| e.to_string()))
            .map_err(|e| fail(&e))?;
    }
    std::fs::write(file, encode_png(SIZE, &rgb).map_err(|e| fail(&e))?).map_err(|e| fail(&e))
}

/// The chart on any backend; its caption, labels and legend only `with_text`.
fn chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: Vec<(String, Vec<(f64, f64)>)>,
    with_text: bool,
) -> Result<(), String> {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let all: Vec<(f64, f64)> = series.iter().flat_map(|(_, p)| p.iter().copied()).collect();
    let (x0, x1) = all.iter().fold((f64::MAX, f64::MIN), |(a, b), (x, _)| {
        (a.min(*x), b.max(*x))
    });
    let x1 = if x1 > x0 { x1 } else { x0 + 1.0 };
    let top = all.iter().map(|(_, y)| *y).fold(0.0, f64::max) * 1.1 + 1e-9;
    area.fill(&WHITE).map_err(e)?;
    let mut builder = ChartBuilder::on(area);
    builder.margin(12);
    if with_text {
        builder
            .caption("uv cache size over time", ("sans-serif", 22))
            .x_label_area_size(36)
            .y_label_area_size(70);
    }
    let mut chart = builder.build_cartesian_2d(x0..x1, 0.0..top).map_err(e)?;
    let date = |x: &f64| {
        let t = UNIX_EPOCH + std::time::Duration::from_secs_f64(x.max(0.0));
        humantime::format_rfc3339_seconds(t).to_string()[..10].to_string()
    };
    let mut mesh = chart.configure_mesh();
    if with_text {
        mesh.x_labels(6).x_label_formatter(&date).y_desc("MiB");
    } else {
        mesh.x_labels(0).y_labels(0);
    }
    mesh.draw().map_err(e)?;
    for (i, (name, points)) in series.into_iter().enumerate() {
        let color = Palette99::pick(i).to_rgba();
        chart
            .draw_series(LineSeries::new(points, color.stroke_width(2)))
            .map_err(e)?
            .label(name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color));
    }
    if !with_text {
        return Ok(());
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
        .map_err(e)
}

/// Where systems keep a sans-serif TrueType font: Debian and Ubuntu, Fedora, Arch, macOS,
/// Windows; then any `*Sans*.ttf` below the font folders.
const FONTS: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/noto/NotoSans-Regular.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "/Library/Fonts/Arial.ttf",
    "C:\\Windows\\Fonts\\arial.ttf",
];

/// A TrueType font of this system for the chart's text (kept for the process: plotters holds
/// fonts for good).
fn font() -> Result<&'static [u8], String> {
    let found = FONTS
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .or_else(|| {
            let home =
                std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share/fonts"));
            ["/usr/share/fonts", "/usr/local/share/fonts"]
                .into_iter()
                .map(PathBuf::from)
                .chain(home)
                .find_map(|dir| sans_below(&dir, 4))
        })
        .ok_or_else(|| {
            "no TrueType font found (DejaVu Sans, Liberation Sans, Noto Sans or Arial)".to_string()
        })?;
    let bytes = std::fs::read(&found).map_err(|e| format!("{}: {e}", found.display()))?;
    Ok(Box::leak(bytes.into_boxed_slice()))
}

/// The first `*Sans*.ttf` below `dir`, `depth` folders down at most.
fn sans_below(dir: &Path, depth: usize) -> Option<PathBuf> {
    let mut children: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    children.sort();
    children
        .iter()
        .find(|p| {
            p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ttf"))
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().contains("Sans"))
                && p.is_file()
        })
        .cloned()
        .or_else(|| {
            (depth > 0)
                .then(|| {
                    children
                        .iter()
                        .filter(|p| p.symlink_metadata().is_ok_and(|m| m.is_dir()))
                        .find_map(|p| sans_below(p, depth - 1))
                })
                .flatten()
        })
}

/// An 8-bit RGB image as a PNG file.
fn encode_png((width, height): (u32, u32), rgb: &[u8]) -> std::io::Result<Vec<u8>> {
    // Each row is preceded by its filter type (0: none).
    let row = width as usize * 3;
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    for line in rgb.chunks(row) {
        zlib.write_all(&[0])?;
        zlib.write_all(line)?;
    }
    let data = zlib.finish()?;
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    // Bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace.
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, body) in [
        (b"IHDR", &header[..]),
        (b"IDAT", &data[..]),
        (b"IEND", &[][..]),
    ] {
        png.extend_from_slice(&(body.len() as u32).to_be_bytes());
        png.extend_from_slice(kind);
        png.extend_from_slice(body);
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(body);
        png.extend_from_slice(&crc.finalize().to_be_bytes());
    }
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The PNG's layout: signature, chunks with lengths and CRCs, and rows that inflate back to
    /// the image.
    #[test]
    fn a_png_holds_the_image_it_was_given() {
        let (w, h) = (3u32, 2u32);
        let rgb: Vec<u8> = (0..(w * h * 3) as u8).collect();
        let png = encode_png((w, h), &rgb).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let mut at = 8;
        let mut chunks = Vec::new();
        while at < png.len() {
            let n = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
            let kind = &png[at + 4..at + 8];
            let body = &png[at + 8..at + 8 + n];
            let crc = u32::from_be_bytes(png[at + 8 + n..at + 12 + n].try_into().unwrap());
            let mut want = crc32fast::Hasher::new();
            want.update(kind);
            want.update(body);
            assert_eq!(
                crc,
                want.finalize(),
                "CRC of {:?}",
                String::from_utf8_lossy(kind)
            );
            chunks.push((kind.to_vec(), body.to_vec()));
            at += 12 + n;
        }
        let kinds: Vec<&[u8]> = chunks.iter().map(|(k, _)| &k[..]).collect();
        assert_eq!(kinds, [&b"IHDR"[..], b"IDAT", b"IEND"]);
        assert_eq!(&chunks[0].1[..8], &[0, 0, 0, 3, 0, 0, 0, 2]);
        let mut rows = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::ZlibDecoder::new(&chunks[1].1[..]),
            &mut rows,
        )
        .unwrap();
        assert_eq!(rows.len(), (w as usize * 3 + 1) * h as usize);
        assert_eq!(&rows[1..10], &rgb[..9], "first row after its filter byte");
        assert_eq!(&rows[11..], &rgb[9..], "second row");
    }
}
