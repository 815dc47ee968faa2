//! The command layer's values as typed Nushell values.

use chrono::{DateTime, Utc};
use nu_protocol::{Span, Value};
use uvcache_commands::Value as Data;

/// A command-layer value as a Nushell value: sizes as `filesize`, times as `datetime`.
pub fn to_nu(data: Data, span: Span) -> Value {
    match data {
        Data::Nothing => Value::nothing(span),
        Data::Bool(b) => Value::bool(b, span),
        Data::Int(i) => Value::int(i, span),
        Data::String(s) => Value::string(s, span),
        Data::Filesize(bytes) => Value::filesize(i64::try_from(bytes).unwrap_or(i64::MAX), span),
        Data::Date(t) => Value::date(DateTime::<Utc>::from(t).fixed_offset(), span),
        Data::Duration(d) => Value::duration(i64::try_from(d.as_nanos()).unwrap_or(i64::MAX), span),
        Data::List(items) => Value::list(items.into_iter().map(|v| to_nu(v, span)).collect(), span),
        Data::Record(record) => Value::record(
            record
                .iter()
                .map(|(k, v)| (k.to_string(), to_nu(v.clone(), span)))
                .collect(),
            span,
        ),
    }
}

/// For examples: a command-layer value with test spans.
pub fn test_value(data: Data) -> Value {
    to_nu(data, Span::test_data())
}
