//! The values commands return: the typed shapes both front ends render (Nushell values, or
//! tables and JSON in the CLI).

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

/// A command's structured result.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// No value (Nushell `nothing`, JSON `null`).
    Nothing,
    Bool(bool),
    Int(i64),
    String(String),
    /// A number of bytes.
    Filesize(u64),
    Date(SystemTime),
    Duration(Duration),
    List(Vec<Value>),
    Record(Record),
}

impl Value {
    /// Text.
    pub fn text(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    /// Text, or nothing.
    pub fn opt_text(s: Option<impl Into<String>>) -> Value {
        s.map_or(Value::Nothing, Value::text)
    }

    /// A time, or nothing.
    pub fn opt_date(time: Option<SystemTime>) -> Value {
        time.map_or(Value::Nothing, Value::Date)
    }

    /// A count.
    pub fn count(n: impl TryInto<i64>) -> Value {
        Value::Int(n.try_into().unwrap_or(i64::MAX))
    }

    /// Texts as a list.
    pub fn texts<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Value {
        Value::List(items.into_iter().map(Value::text).collect())
    }

    /// The record inside, if this is one.
    pub fn as_record(&self) -> Option<&Record> {
        match self {
            Value::Record(r) => Some(r),
            _ => None,
        }
    }
}

/// Named values in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record {
    /// Keys are nearly always literals: a million rows of twenty columns allocate no key.
    fields: Vec<(Cow<'static, str>, Value)>,
}

impl Record {
    /// An empty record.
    pub fn new() -> Record {
        Record::default()
    }

    /// An empty record with room for `n` fields.
    pub fn with_capacity(n: usize) -> Record {
        Record {
            fields: Vec::with_capacity(n),
        }
    }

    /// Appends a field.
    pub fn push(&mut self, key: impl Into<Cow<'static, str>>, value: Value) {
        self.fields.push((key.into(), value));
    }

    /// Appends a field (builder style).
    pub fn with(mut self, key: impl Into<Cow<'static, str>>, value: Value) -> Record {
        self.push(key, value);
        self
    }

    /// A field's value.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The fields in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.fields.iter().map(|(k, v)| (k.as_ref(), v))
    }
}

impl From<Record> for Value {
    fn from(record: Record) -> Value {
        Value::Record(record)
    }
}

/// `record! { "key" => value, ... }`.
#[macro_export]
macro_rules! record {
    ($($key:expr => $value:expr),* $(,)?) => {{
        let mut record = $crate::Record::with_capacity(<[&str]>::len(&[$(stringify!($key)),*]));
        $(record.push($key, $value);)*
        record
    }};
}
