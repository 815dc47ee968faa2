//! The caller's environment exactly as Nushell hands it to an external command, so that `which`,
//! the target release, interpreters and every variable uvcache reads see what the user's shell
//! sees.
//!
//! Nushell keeps `$env` values typed: `PATH` is a list, and users set ints and bools. Before it
//! starts an external command it turns each value into text (`env_to_strings` in `nu-engine`):
//! through `$env.ENV_CONVERSIONS.<NAME>.to_string` when that closure exists; else strings,
//! numbers, bools, dates and UTF-8 binaries as their text; else, for `PATH` (any case), a list
//! joined with the system's separator, each item's `~` expanded; and any other value is left
//! out. [`caller_vars`] does the same through the engine interface, with one difference: a
//! `PATH` item's `~` (or `~/…`) is expanded with the caller's `$env.HOME`, and `~user` is left
//! as it is (Nushell asks the system for both).

use std::collections::HashMap;

use nu_plugin::EngineInterface;
use nu_protocol::{LabeledError, ShellError, Spanned, Value};

/// The caller's variables as Nushell would pass them to an external command.
pub fn caller_vars(engine: &EngineInterface) -> Result<Vec<(String, String)>, LabeledError> {
    let vars = engine.get_env_vars()?;
    let home = vars
        .get("HOME")
        .and_then(|v| v.coerce_str().ok())
        .map(|h| h.into_owned());
    let mut out = Vec::with_capacity(vars.len());
    for (name, value) in &vars {
        let text = match conversion(&vars, name) {
            Some(closure) => {
                let closure = Spanned {
                    item: closure,
                    span: value.span(),
                };
                let converted = engine
                    .eval_closure(&closure, vec![value.clone()], Some(value.clone()))
                    .map_err(|e| conversion_error(name, e))?;
                Some(
                    converted
                        .coerce_into_string()
                        .map_err(|e| conversion_error(name, e))?,
                )
            }
            None => as_text(name, value, home.as_deref()),
        };
        if let Some(text) = text {
            out.push((name.clone(), text));
        }
    }
    Ok(out)
}

/// `$env.ENV_CONVERSIONS.<name>.to_string`, if the caller set one.
fn conversion(vars: &HashMap<String, Value>, name: &str) -> Option<nu_protocol::engine::Closure> {
    let record = vars.get("ENV_CONVERSIONS")?.as_record().ok()?;
    let entry = record.get(name)?.as_record().ok()?;
    entry.get("to_string")?.as_closure().ok().cloned()
}

fn conversion_error(name: &str, error: ShellError) -> LabeledError {
    LabeledError::new(format!("$env.ENV_CONVERSIONS.{name}.to_string failed")).with_help(format!(
        "Nushell runs this closure before any external command too: {error}"
    ))
}

/// A value as text the way Nushell passes it without a conversion closure; `None` for a value it
/// leaves out of an external command's environment.
pub fn as_text(name: &str, value: &Value, home: Option<&str>) -> Option<String> {
    if let Ok(text) = value.coerce_str() {
        return Some(text.into_owned());
    }
    let Value::List { vals, .. } = value else {
        return None;
    };
    if !name.eq_ignore_ascii_case("path") {
        return None;
    }
    let items: Vec<String> = vals
        .iter()
        .filter_map(|v| v.coerce_str().ok())
        .map(|item| expand_tilde(&item, home))
        .collect();
    std::env::join_paths(items)
        .ok()
        .map(|joined| joined.to_string_lossy().into_owned())
}

/// `~` and `~/…` with the home directory, as Nushell expands `PATH` items.
pub fn expand_tilde(path: &str, home: Option<&str>) -> String {
    match (path.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with(['/', '\\']) => {
            format!("{home}{rest}")
        }
        _ => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_become_text_as_nushell_passes_them() {
        let v = |val: Value| as_text("X", &val, Some("/home/u"));
        assert_eq!(v(Value::test_int(1)).as_deref(), Some("1"));
        assert_eq!(v(Value::test_bool(true)).as_deref(), Some("true"));
        assert_eq!(v(Value::test_string("a b")).as_deref(), Some("a b"));
        let list = Value::test_list(vec![
            Value::test_string("~/bin"),
            Value::test_string("/usr/bin"),
        ]);
        assert_eq!(v(list.clone()), None, "only PATH's list is joined");
        let sep = if cfg!(windows) { ";" } else { ":" };
        assert_eq!(
            as_text("Path", &list, Some("/home/u")),
            Some(format!("/home/u/bin{sep}/usr/bin"))
        );
        assert_eq!(v(Value::test_record(Default::default())), None);
        assert_eq!(expand_tilde("~user/x", Some("/h")), "~user/x");
    }
}
