//! The effective policy: the policy in use and the rules and shorthands that uvcache's
//! configuration layers add, each value with the layer, file and line that set it.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::config::{Config, ConfigFile, Layer, Origin};
use crate::error::{Error, Result};
use crate::policy::language::{
    RawPolicy, RawRule, RawSize, ValueInvalid, builtin, load, parse_size, parse_size_text,
    toml_error, validate,
};
use crate::policy::{Action, Base, Policy, Rule, RuleOrigin, Selector};

/// Policy settings given on the command line.
#[derive(Debug, Clone, Default)]
pub struct PolicyFlags {
    /// `--policy NAME|FILE`.
    pub policy: Option<String>,
    /// `--max-size SIZE`.
    pub max_size: Option<String>,
    /// `--older-than DURATION`.
    pub older_than: Option<String>,
    /// `--keep-latest N`.
    pub keep_latest: Option<i64>,
}

/// One value of the effective policy and where it came from.
#[derive(Debug, Clone)]
pub struct Setting {
    /// `use`, `base`, `max-size`, `older-than`, `keep-latest`, or `rules[N]`.
    pub key: String,
    /// The value, as text.
    pub value: String,
    /// The layer that set it.
    pub origin: Origin,
    /// The line in the file, when known.
    pub line: Option<usize>,
}

/// The effective policy: the policy in use, rules added by layers, shorthands, and provenance.
#[derive(Debug, Clone)]
pub struct Effective {
    /// The merged policy, its rules in evaluation order.
    pub policy: Policy,
    /// Every value with its origin.
    pub settings: Vec<Setting>,
}

/// The `[policy]` table of a uvcache file (`[tool.uvcache.policy]` in a `pyproject.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLayer {
    #[serde(rename = "use")]
    use_: Option<Spanned<String>>,
    max_size: Option<Spanned<RawSize>>,
    older_than: Option<Spanned<String>>,
    keep_latest: Option<Spanned<i64>>,
    #[serde(default)]
    rules: Vec<Spanned<RawRule>>,
}

/// A layer's policy values as text, for merging.
struct LayerValues {
    origin: Origin,
    use_: Option<(String, usize)>,
    max_size: Option<(String, usize)>,
    older_than: Option<(String, usize)>,
    keep_latest: Option<(String, usize)>,
    rules: Vec<Rule>,
    dir: std::path::PathBuf,
}

/// A uvcache file's `[policy]` section, if it has one.
#[derive(Deserialize)]
struct PolicySection {
    policy: Option<RawLayer>,
}

/// The policy values of one of uvcache's files, read (with positions) from the text it was
/// read with ([`ConfigFile`]).
fn read_layer(file: &ConfigFile) -> Result<Option<LayerValues>> {
    let (layer, path, text) = (file.layer, file.path.as_path(), &*file.text);
    let file_name = path.display().to_string();
    let line = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    // Only the policy table is read here; the rest of the file is configuration's business.
    let raw = file
        .uvcache_part::<PolicySection>()
        .map_err(|e| toml_error(&e, text, &file_name))?
        .and_then(|section| section.policy);
    let Some(raw) = raw else { return Ok(None) };
    // Rules are validated like a policy file's, with positions in this file.
    let rules_only = RawPolicy {
        description: None,
        base: None,
        rules: raw.rules,
    };
    let policy = validate(rules_only, text, "layer", &file_name, layer.name())?;
    let text_of = |s: &Option<Spanned<String>>| {
        s.as_ref()
            .map(|v| (v.get_ref().clone(), line(v.span().start)))
    };
    let size_of = |s: &Option<Spanned<RawSize>>| -> Result<Option<(String, usize)>> {
        let Some(v) = s else { return Ok(None) };
        let bytes = parse_size(v.get_ref()).map_err(|e| Error::Policy {
            file: file_name.clone(),
            line: line(v.span().start),
            key: "max-size".into(),
            message: e.to_string(),
        })?;
        Ok(Some((bytes.to_string(), line(v.span().start))))
    };
    Ok(Some(LayerValues {
        origin: Origin {
            layer,
            file: Some(path.to_path_buf()),
            detail: None,
        },
        use_: text_of(&raw.use_),
        max_size: size_of(&raw.max_size)?,
        older_than: text_of(&raw.older_than),
        keep_latest: raw
            .keep_latest
            .as_ref()
            .map(|v| (v.get_ref().to_string(), line(v.span().start))),
        rules: policy.rules,
        dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
    }))
}

/// Builds the effective policy: built-in `default`, then uvcache's user and project files'
/// `[policy]` tables, then `UVCACHE_POLICY`, `UVCACHE_MAX_SIZE`, `UVCACHE_OLDER_THAN`,
/// `UVCACHE_KEEP_LATEST`, then flags. For `use` and the shorthands the highest layer wins;
/// rules of every layer apply, higher layers' first, before the used policy's own rules.
pub fn effective(config: &Config, flags: &PolicyFlags) -> Result<Effective> {
    let layers = Layers(all_layers(config, flags)?);
    let (base_policy, use_setting) = layers.used_policy()?;
    let base_name = match base_policy.base {
        Base::None => "none",
        Base::Prune => "prune",
        Base::PruneCi => "prune-ci",
    };
    let base_setting = Setting {
        key: "base".into(),
        value: base_name.into(),
        origin: use_setting.origin.clone(),
        line: None,
    };
    let mut settings = vec![use_setting, base_setting];
    let mut rules: Vec<Rule> = layers
        .0
        .iter()
        .rev()
        .flat_map(|l| l.rules.clone())
        .collect();
    rules.extend(base_policy.rules.clone());
    layers.shorthands(&mut rules, &mut settings)?;
    settings.extend(
        rules
            .iter()
            .enumerate()
            .map(|(i, rule)| rule_setting(i, rule)),
    );
    Ok(Effective {
        policy: Policy {
            name: base_policy.name.clone(),
            description: base_policy.description.clone(),
            base: base_policy.base,
            rules,
        },
        settings,
    })
}

/// Every layer that sets a policy value, lowest first: files, variables, flags.
fn all_layers(config: &Config, flags: &PolicyFlags) -> Result<Vec<LayerValues>> {
    let env = config.environment();
    let mut layers: Vec<LayerValues> = Vec::new();
    for file in config.uvcache_files() {
        if let Some(values) = read_layer(file)? {
            layers.push(values);
        }
    }
    let single = |layer: Layer, detail: &str, key: &str, value: Option<String>| {
        let value = value?;
        let mut values = LayerValues {
            origin: Origin {
                layer,
                file: None,
                detail: Some(detail.to_string()),
            },
            use_: None,
            max_size: None,
            older_than: None,
            keep_latest: None,
            rules: Vec::new(),
            dir: env.cwd().to_path_buf(),
        };
        let slot = match key {
            "use" => &mut values.use_,
            "max-size" => &mut values.max_size,
            "older-than" => &mut values.older_than,
            _ => &mut values.keep_latest,
        };
        *slot = Some((value, 0));
        Some(values)
    };
    for (var, key) in [
        ("UVCACHE_POLICY", "use"),
        ("UVCACHE_MAX_SIZE", "max-size"),
        ("UVCACHE_OLDER_THAN", "older-than"),
        ("UVCACHE_KEEP_LATEST", "keep-latest"),
    ] {
        let value = env.var(var).map(str::to_string);
        layers.extend(single(Layer::Environment, var, key, value));
    }
    for (flag, key, value) in [
        ("--policy", "use", flags.policy.clone()),
        ("--max-size", "max-size", flags.max_size.clone()),
        ("--older-than", "older-than", flags.older_than.clone()),
        (
            "--keep-latest",
            "keep-latest",
            flags.keep_latest.map(|n| n.to_string()),
        ),
    ] {
        layers.extend(single(Layer::Flag, flag, key, value));
    }
    Ok(layers)
}

/// The layers, lowest first.
struct Layers(Vec<LayerValues>);

type LayerValue = fn(&LayerValues) -> &Option<(String, usize)>;
type Shorthand = fn(&str) -> std::result::Result<(Action, String), ValueInvalid>;

/// Shorthands: one rule each, from the highest layer that sets them.
const SHORTHANDS: [(&str, LayerValue, Shorthand); 3] = [
    (
        "older-than",
        |l| &l.older_than,
        |v| {
            humantime::parse_duration(v)
                .map(|d| (Action::OlderThan(d), v.to_string()))
                .map_err(|e| ValueInvalid::Duration {
                    text: v.to_string(),
                    detail: e.to_string(),
                })
        },
    ),
    (
        "keep-latest",
        |l| &l.keep_latest,
        |v| {
            v.parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .map(|n| (Action::KeepLatest(n), v.to_string()))
                .ok_or_else(|| ValueInvalid::Count(v.to_string()))
        },
    ),
    (
        "max-size",
        |l| &l.max_size,
        |v| parse_size_text(v).map(|b| (Action::MaxSize(b), crate::text::human_bytes(b))),
    ),
];

impl Layers {
    /// The highest layer that sets a key wins it.
    fn winner(&self, get: LayerValue) -> Option<((String, usize), &LayerValues)> {
        self.0
            .iter()
            .rev()
            .find_map(|l| get(l).as_ref().map(|v| (v.clone(), l)))
    }

    /// The policy `use` names (the built-in `default` when no layer does), and its setting.
    fn used_policy(&self) -> Result<(Policy, Setting)> {
        let Some(((name, line), layer)) = self.winner(|l| &l.use_) else {
            let policy = builtin("default").ok_or_else(|| Error::Policy {
                file: "builtin:default".into(),
                line: 0,
                key: "use".into(),
                message: "missing".into(),
            })?;
            let origin = Origin {
                layer: Layer::Default,
                file: None,
                detail: Some("builtin".into()),
            };
            return Ok((policy, setting("use", "default".into(), origin, 0)));
        };
        let policy = load(&name, &layer.dir, layer.origin.layer.name()).map_err(|e| match e {
            Error::Policy {
                line: 0, message, ..
            } => bad(&layer.origin, line, "use", message),
            other => other,
        })?;
        Ok((policy, setting("use", name, layer.origin.clone(), line)))
    }

    /// The shorthands' rules, after the others, and their settings.
    fn shorthands(&self, rules: &mut Vec<Rule>, settings: &mut Vec<Setting>) -> Result<()> {
        for (key, get, parse_value) in SHORTHANDS {
            let Some(((value, line), layer)) = self.winner(get) else {
                continue;
            };
            let (action, shown) =
                parse_value(&value).map_err(|e| bad(&layer.origin, line, key, e.to_string()))?;
            settings.push(setting(key, shown, layer.origin.clone(), line));
            rules.push(Rule {
                name: Some(key.into()),
                selector: Selector::default(),
                action,
                origin: RuleOrigin {
                    file: layer.origin.source().unwrap_or_default(),
                    layer: layer.origin.layer.name().into(),
                    index: 0,
                    line,
                },
            });
        }
        Ok(())
    }
}

/// A setting at `line` of its file (0: not from a file).
fn setting(key: &str, value: String, origin: Origin, line: usize) -> Setting {
    Setting {
        key: key.into(),
        value,
        origin,
        line: Some(line).filter(|l| *l > 0),
    }
}

fn bad(origin: &Origin, line: usize, key: &str, message: String) -> Error {
    Error::Policy {
        file: origin.source().unwrap_or_default(),
        line,
        key: key.to_string(),
        message,
    }
}

/// The setting that shows rule `i` (0-based) of the effective policy and where it is written.
fn rule_setting(i: usize, rule: &Rule) -> Setting {
    let builtin = rule.origin.file.starts_with("builtin:");
    let origin = Origin {
        layer: Layer::from_name(&rule.origin.layer).unwrap_or(Layer::Default),
        file: (!builtin && rule.origin.line > 0).then(|| rule.origin.file.clone().into()),
        detail: builtin.then(|| rule.origin.file.clone()),
    };
    setting(
        &format!("rules[{}]", i + 1),
        rule.describe(),
        origin,
        rule.origin.line,
    )
}
