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

/// A Nushell value as JSON, the way `to json` writes it (a saved record passed back in).
pub fn to_json(value: &Value) -> serde_json::Value {
    use serde_json::Value as Json;
    match value {
        Value::Nothing { .. } => Json::Null,
        Value::Bool { val, .. } => Json::Bool(*val),
        Value::Int { val, .. } => Json::from(*val),
        Value::Float { val, .. } => {
            serde_json::Number::from_f64(*val).map_or(Json::Null, Json::Number)
        }
        Value::Filesize { val, .. } => Json::from(val.get()),
        Value::Duration { val, .. } => Json::from(*val),
        Value::Date { val, .. } => Json::String(val.to_rfc3339()),
        Value::String { val, .. } | Value::Glob { val, .. } => Json::String(val.clone()),
        Value::List { vals, .. } => Json::Array(vals.iter().map(to_json).collect()),
        Value::Record { val, .. } => {
            Json::Object(val.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
        other => Json::String(other.to_expanded_string(", ", &nu_protocol::Config::default())),
    }
}

/// A column type that may also be `nothing` (an absent value): declared so, a table with an
/// empty cell still matches the command's output type (`let rows = uvcache ls` checks it).
pub fn nullable(ty: nu_protocol::Type) -> nu_protocol::Type {
    nu_protocol::Type::one_of([nu_protocol::Type::Nothing, ty])
}

/// The type of a table with these columns, in this order.
pub fn table_of<const N: usize>(columns: [(&str, nu_protocol::Type); N]) -> nu_protocol::Type {
    nu_protocol::Type::Table(named(columns).into())
}

/// The type of a record with these fields, in this order.
pub fn record_of<const N: usize>(fields: [(&str, nu_protocol::Type); N]) -> nu_protocol::Type {
    nu_protocol::Type::Record(named(fields).into())
}

fn named<const N: usize>(
    fields: [(&str, nu_protocol::Type); N],
) -> Vec<(String, nu_protocol::Type)> {
    fields
        .into_iter()
        .map(|(name, ty)| (name.to_string(), ty))
        .collect()
}
