//! Engine values as typed Nushell values.

use std::time::SystemTime;

use chrono::{DateTime, Utc};
use nu_protocol::{Span, Value};

/// Bytes as a `filesize`.
pub fn filesize(bytes: u64, span: Span) -> Value {
    Value::filesize(i64::try_from(bytes).unwrap_or(i64::MAX), span)
}

/// An optional time as a `datetime`, or `nothing`.
pub fn datetime(time: Option<SystemTime>, span: Span) -> Value {
    match time {
        Some(t) => Value::date(DateTime::<Utc>::from(t).fixed_offset(), span),
        None => Value::nothing(span),
    }
}

/// An optional string, or `nothing`.
pub fn opt_string(s: Option<&str>, span: Span) -> Value {
    s.map_or_else(|| Value::nothing(span), |s| Value::string(s, span))
}
