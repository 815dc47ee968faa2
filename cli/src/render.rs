//! Printing values: aligned tables and uv-style lines for people, JSON for scripts.
//!
//! JSON follows Nushell's `to json`: sizes are bytes, durations nanoseconds, dates RFC 3339.

use std::io::{self, Write};
use std::time::UNIX_EPOCH;

use uvcache::removal::human_bytes;
use uvcache_commands::{Record, Value};

/// A value as JSON.
pub fn json(value: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::Nothing => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => J::from(*i),
        Value::String(s) => J::String(s.clone()),
        Value::Filesize(b) => J::from(*b),
        Value::Date(t) => J::String(rfc3339(*t)),
        Value::Duration(d) => J::from(u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)),
        Value::List(items) => J::Array(items.iter().map(json).collect()),
        Value::Record(record) => J::Object(
            record
                .iter()
                .map(|(k, v)| (k.to_string(), json(v)))
                .collect(),
        ),
    }
}

fn rfc3339(time: std::time::SystemTime) -> String {
    if time < UNIX_EPOCH {
        return String::new();
    }
    humantime::format_rfc3339_seconds(time).to_string()
}

/// A scalar as table text.
pub fn cell(value: &Value) -> String {
    match value {
        Value::Nothing => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::String(s) => s.clone(),
        Value::Filesize(b) => human_bytes(*b),
        Value::Date(t) => rfc3339(*t),
        Value::Duration(d) => humantime::format_duration(*d).to_string(),
        Value::List(items) => items.iter().map(cell).collect::<Vec<_>>().join(", "),
        Value::Record(r) => r
            .iter()
            .map(|(k, v)| format!("{k}={}", cell(v)))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// Rows as an aligned table with a header; `columns` picks and orders columns (all if empty).
/// Sizes and numbers are right-aligned.
pub fn table(out: &mut dyn Write, rows: &[Value], columns: &[&str]) -> io::Result<()> {
    let records: Vec<&Record> = rows.iter().filter_map(Value::as_record).collect();
    let Some(first) = records.first() else {
        return Ok(());
    };
    let columns: Vec<&str> = if columns.is_empty() {
        first.iter().map(|(k, _)| k).collect()
    } else {
        columns.to_vec()
    };
    let cells: Vec<Vec<String>> = records
        .iter()
        .map(|r| {
            columns
                .iter()
                .map(|c| r.get(c).map(cell).unwrap_or_default())
                .collect()
        })
        .collect();
    let right: Vec<bool> = columns
        .iter()
        .map(|c| {
            matches!(
                first.get(c),
                Some(Value::Filesize(_) | Value::Int(_) | Value::Duration(_))
            )
        })
        .collect();
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            cells
                .iter()
                .map(|row| row[i].chars().count())
                .chain([c.len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |out: &mut dyn Write, row: &[String]| -> io::Result<()> {
        let mut text = String::new();
        for (i, value) in row.iter().enumerate() {
            let last = i + 1 == row.len();
            let pad = widths[i].saturating_sub(value.chars().count());
            if right[i] {
                text.push_str(&" ".repeat(pad));
                text.push_str(value);
            } else {
                text.push_str(value);
                if !last {
                    text.push_str(&" ".repeat(pad));
                }
            }
            if !last {
                text.push_str("  ");
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    let header: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
    line(out, &header)?;
    for row in &cells {
        line(out, row)?;
    }
    Ok(())
}

/// A record as `key  value` lines; nested tables follow, each under its key.
pub fn record(out: &mut dyn Write, record: &Record) -> io::Result<()> {
    let width = record
        .iter()
        .filter(|(_, v)| !is_table(v))
        .map(|(k, _)| k.len())
        .max()
        .unwrap_or(0);
    for (key, value) in record.iter().filter(|(_, v)| !is_table(v)) {
        writeln!(out, "{key:width$}  {}", cell(value))?;
    }
    for (key, value) in record.iter().filter(|(_, v)| is_table(v)) {
        if let Value::List(rows) = value
            && !rows.is_empty()
        {
            writeln!(out, "\n{key}:")?;
            table(out, rows, &[])?;
        }
    }
    Ok(())
}

/// A list whose items are records.
pub fn is_table(value: &Value) -> bool {
    matches!(value, Value::List(rows) if rows.first().is_some_and(|r| r.as_record().is_some()))
}
