//! `history --plot FILE.svg`: the total and the largest top-level directories over time, drawn
//! with plotters (SVG: no font files, no image encoder).

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use plotters::prelude::*;
use uvcache_commands::{Blame, CommandError, Value};

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

/// Draws `history`'s rows into `file`.
pub fn draw(rows: &Value, file: &Path) -> Result<(), CommandError> {
    let fail = |e: &dyn std::fmt::Display| {
        CommandError::failure(
            "Cannot draw the history",
            format!("{}: {e}", file.display()),
            Blame::Flag("plot"),
        )
    };
    let series = series(rows);
    let all: Vec<(f64, f64)> = series.iter().flat_map(|(_, p)| p.iter().copied()).collect();
    if all.is_empty() {
        return Err(fail(
            &"no history yet: `uvcache size` writes the first point",
        ));
    }
    let (x0, x1) = all.iter().fold((f64::MAX, f64::MIN), |(a, b), (x, _)| {
        (a.min(*x), b.max(*x))
    });
    let x1 = if x1 > x0 { x1 } else { x0 + 1.0 };
    let top = all.iter().map(|(_, y)| *y).fold(0.0, f64::max) * 1.1 + 1e-9;
    let area = SVGBackend::new(file, (960, 540)).into_drawing_area();
    area.fill(&WHITE).map_err(|e| fail(&e))?;
    let mut chart = ChartBuilder::on(&area)
        .caption("uv cache size over time", ("sans-serif", 22))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(70)
        .build_cartesian_2d(x0..x1, 0.0..top)
        .map_err(|e| fail(&e))?;
    let date = |x: &f64| {
        let t = UNIX_EPOCH + std::time::Duration::from_secs_f64(x.max(0.0));
        humantime::format_rfc3339_seconds(t).to_string()[..10].to_string()
    };
    chart
        .configure_mesh()
        .x_labels(6)
        .x_label_formatter(&date)
        .y_desc("MiB")
        .draw()
        .map_err(|e| fail(&e))?;
    for (i, (name, points)) in series.into_iter().enumerate() {
        let color = Palette99::pick(i).to_rgba();
        chart
            .draw_series(LineSeries::new(points, color.stroke_width(2)))
            .map_err(|e| fail(&e))?
            .label(name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
        .map_err(|e| fail(&e))?;
    area.present().map_err(|e| fail(&e))?;
    Ok(())
}
