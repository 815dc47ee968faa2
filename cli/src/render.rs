//! Printing values: aligned tables and uv-style lines for people, JSON for scripts.
//!
//! JSON follows Nushell's `to json`: sizes are bytes, durations nanoseconds, dates RFC 3339.

use std::io::{self, Write};
use std::time::UNIX_EPOCH;

use uvcache::text::human_bytes;
use uvcache_commands::{Record, Value};

/// A value as JSON, written by serde as it goes: no tree of JSON values is built (a full `ls`
/// is a million fields).
pub struct Json<'a>(pub &'a Value);

impl serde::Serialize for Json<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            Value::Nothing => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => s.serialize_i64(*i),
            Value::String(text) => s.serialize_str(text),
            Value::Filesize(b) => s.serialize_u64(*b),
            Value::Date(t) => s.serialize_str(&rfc3339(*t)),
            Value::Duration(d) => s.serialize_u64(u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)),
            Value::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Json(item))?;
                }
                seq.end()
            }
            Value::Record(record) => {
                let mut map = s.serialize_map(None)?;
                for (k, v) in record.iter() {
                    map.serialize_entry(k, &Json(v))?;
                }
                map.end()
            }
        }
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
