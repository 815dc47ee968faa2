//! Evaluating a policy over an inventory: a decision per entry with the rule behind it, then
//! one removal plan in uv's order (pointers before the archives they hold).

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use crate::cache::entry::{Entry, EntryKind, Status};
use crate::cache::inventory::Inventory;
use crate::config::Config;
use crate::error::Result;
use crate::policy::{Action, Base, Clock, Policy, VersionOrder};
use crate::removal::plan::{self, Operation, Plan, PlanItem, Reason};
use crate::removal::run::{self, Outcome, RunOptions};

/// What a policy decided for one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Stays.
    Keep,
    /// Goes.
    Evict,
}

/// One entry's decision and the rule behind it.
#[derive(Debug, Clone)]
pub struct Decision {
    /// Index into the inventory's entries.
    pub entry: usize,
    /// Keep or evict.
    pub verdict: Verdict,
    /// The rule that decided (`None`: the base pass, or no rule applied).
    pub rule: Option<usize>,
    /// Why, in words.
    pub reason: Arc<str>,
}

/// The result of evaluating a policy: a decision per entry, the removal plan, warnings.
#[derive(Debug)]
pub struct Evaluation {
    /// One decision per inventory entry, in inventory order.
    pub decisions: Vec<Decision>,
    /// The paths to remove, in dependency order.
    pub plan: Plan,
    /// Budgets that kept entries prevented from meeting, and similar notes.
    pub warnings: Vec<String>,
    /// Estimated disk usage after the plan.
    pub size_after: u64,
}

/// A decision while rules are still being applied: verdict, deciding rule, reason.
type Pending = (Verdict, Option<usize>, Arc<str>);

/// "used by /a/.venv (hardlink), /b (version)": the environments that kept an entry.
fn used_reason(uses: &[crate::cache::Use]) -> Arc<str> {
    let names: Vec<String> = uses
        .iter()
        .map(|u| format!("{} ({})", u.environment, u.evidence.name()))
        .collect();
    format!("used by {}", names.join(", ")).into()
}

/// Entries a policy may never touch: markers, and buckets of a newer uv.
fn untouchable(entry: &Entry) -> bool {
    matches!(entry.kind, EntryKind::Marker | EntryKind::StoreRecords)
        || entry.status == Status::Newer
}

/// Evaluates `policy` over an inventory at instant `clock`, with `free` bytes free on the disk.
pub fn evaluate(
    policy: &Policy,
    inventory: &Inventory,
    clock: Clock,
    free: Option<u64>,
) -> Evaluation {
    let base_plan = match policy.base {
        Base::None => None,
        Base::Prune => Some(plan::plan(inventory, Operation::Prune { ci: false })),
        Base::PruneCi => Some(plan::plan(inventory, Operation::Prune { ci: true })),
    };
    let mut run = Evaluator::new(policy, &inventory.entries, base_plan.as_ref());
    run.keep_rules();
    // Age and count rules, in order; then size rules, in order.
    for (r, rule) in policy.rules.iter().enumerate() {
        match &rule.action {
            Action::Evict => run.evict_selected(r, "selected".into(), |_| true),
            Action::OlderThan(age) => {
                let limit = clock.0.checked_sub(*age).unwrap_or(SystemTime::UNIX_EPOCH);
                let reason = format!(
                    "unused since before {}",
                    humantime::format_rfc3339_seconds(limit)
                );
                run.evict_selected(r, reason.into(), |e| e.last_use.is_some_and(|t| t < limit));
            }
            Action::KeepLatest(n) => run.keep_latest(r, *n),
            _ => {}
        }
    }
    for (r, rule) in policy.rules.iter().enumerate() {
        if rule.action.is_size() {
            run.size_rule(r, inventory.total_disk, free);
        }
    }
    run.finish(inventory, base_plan)
}

/// The decisions while rules are applied, one per entry, `None` while undecided.
struct Evaluator<'a> {
    policy: &'a Policy,
    entries: &'a [Entry],
    verdict: Vec<Option<Pending>>,
    warnings: Vec<String>,
    invalid_versions: BTreeSet<&'a str>,
}

impl<'a> Evaluator<'a> {
    /// What the base pass removes, and what a policy may never touch, decided first.
    fn new(policy: &'a Policy, entries: &'a [Entry], base_plan: Option<&Plan>) -> Self {
        let base_items: BTreeSet<String> = base_plan
            .iter()
            .flat_map(|p| p.items.iter().map(|i| i.path.clone()))
            .collect();
        let base_reason: Arc<str> = if policy.base == Base::PruneCi {
            "base: uv cache prune --ci".into()
        } else {
            "base: uv cache prune".into()
        };
        let verdict = entries
            .iter()
            .map(|e| {
                if covered(&base_items, &e.path) {
                    Some((Verdict::Evict, None, base_reason.clone()))
                } else if untouchable(e) {
                    let reason = if e.status == Status::Newer {
                        "bucket of a newer uv"
                    } else {
                        "marker"
                    };
                    Some((Verdict::Keep, None, reason.into()))
                } else {
                    None
                }
            })
            .collect();
        Evaluator {
            policy,
            entries,
            verdict,
            warnings: Vec::new(),
            invalid_versions: BTreeSet::new(),
        }
    }

    /// Keep rules protect wherever they stand.
    fn keep_rules(&mut self) {
        let rules = &self.policy.rules;
        let kept_reason: Arc<str> = "kept by rule".into();
        for (i, entry) in self.entries.iter().enumerate() {
            if self.verdict[i].is_some() {
                continue;
            }
            let Some(r) = rules
                .iter()
                .position(|r| r.action == Action::Keep && r.selector.matches(entry))
            else {
                continue;
            };
            let reason = match &entry.used_by {
                Some(uses) if !uses.is_empty() && rules[r].selector.used == Some(true) => {
                    used_reason(uses)
                }
                _ => kept_reason.clone(),
            };
            self.verdict[i] = Some((Verdict::Keep, Some(r), reason));
        }
    }

    /// Rule `r` evicts the undecided entries it selects for which `when` holds.
    fn evict_selected(&mut self, r: usize, reason: Arc<str>, when: impl Fn(&Entry) -> bool) {
        let selector = &self.policy.rules[r].selector;
        for (i, entry) in self.entries.iter().enumerate() {
            if self.verdict[i].is_none() && selector.matches(entry) && when(entry) {
                self.verdict[i] = Some((Verdict::Evict, Some(r), reason.clone()));
            }
        }
    }

    /// Rule `r` (`keep-latest = n`) evicts every version of a package older than its `n`
    /// newest.
    fn keep_latest(&mut self, r: usize, n: usize) {
        let selector = &self.policy.rules[r].selector;
        let latest_reason: Arc<str> = format!("older than the {n} newest versions").into();
        // Packages and distinct version texts numbered once (a hash per entry); the distinct
        // texts, few even in a large cache, are parsed and ranked by PEP 440; then one sort
        // on integers: by package, newest version first.
        let mut packages: foldhash::HashMap<&str, u32> = foldhash::HashMap::default();
        let mut texts: foldhash::HashMap<&str, u32> = foldhash::HashMap::default();
        let verdict = &self.verdict;
        let mut candidates: Vec<(u32, u32, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(i, e)| {
                !matches!(verdict[*i], Some((Verdict::Evict, ..))) && selector.matches(e)
            })
            .filter_map(|(i, e)| {
                let package = e.package.as_deref()?;
                let version = e.version.as_deref()?;
                let next = packages.len() as u32;
                let id = *packages.entry(package).or_insert(next);
                let next = texts.len() as u32;
                let text = *texts.entry(version).or_insert(next);
                Some((id, text, i))
            })
            .collect();
        let ranks = rank_versions(&texts, &mut self.invalid_versions);
        for candidate in &mut candidates {
            candidate.1 = u32::MAX - ranks[candidate.1 as usize];
        }
        candidates.sort_unstable();
        let mut last: Option<(u32, u32)> = None;
        let mut rank = 0usize;
        for &(id, version, i) in &candidates {
            match last {
                Some((p, v)) if p == id && v != version => rank += 1,
                Some((p, _)) if p == id => {}
                _ => rank = 1,
            }
            last = Some((id, version));
            if rank > n && self.verdict[i].is_none() {
                self.verdict[i] = Some((Verdict::Evict, Some(r), latest_reason.clone()));
            }
        }
    }

    /// Rule `r` (`max-size` or `min-free`) evicts the undecided entries it selects, least
    /// recently used first, until its budget is met; a budget left unmet is a warning.
    fn size_rule(&mut self, r: usize, total_disk: u64, free: Option<u64>) {
        let rule = &self.policy.rules[r];
        let freed = self.evicted_disk();
        let (mut value, target, over): (u64, u64, fn(u64, u64) -> bool) = match rule.action {
            Action::MaxSize(max) => (total_disk.saturating_sub(freed), max, |v, t| v > t),
            Action::MinFree(min) => (
                free.unwrap_or(u64::MAX).saturating_add(freed),
                min,
                |v, t| v < t,
            ),
            _ => return,
        };
        let lru_reason: Arc<str> = "least recently used over budget".into();
        for i in self.least_recently_used(r) {
            if !over(value, target) {
                break;
            }
            self.verdict[i] = Some((Verdict::Evict, Some(r), lru_reason.clone()));
            value = match rule.action {
                Action::MaxSize(_) => value.saturating_sub(self.entries[i].disk),
                _ => value.saturating_add(self.entries[i].disk),
            };
        }
        if over(value, target) {
            let kept_bytes: u64 = self
                .entries
                .iter()
                .zip(&self.verdict)
                .filter(|(e, v)| matches!(v, Some((Verdict::Keep, ..))) && rule.selector.matches(e))
                .map(|(e, _)| e.disk)
                .sum();
            self.warnings.push(format!(
                "rule {} ({}) not met: {} left, {} of it kept by keep rules or never touched",
                r + 1,
                rule.describe(),
                crate::text::human_bytes(value),
                crate::text::human_bytes(kept_bytes)
            ));
        }
    }

    /// The undecided entries rule `r` selects, least recently used first.
    fn least_recently_used(&self, r: usize) -> Vec<usize> {
        let selector = &self.policy.rules[r].selector;
        // Sort keys packed beside the index (entries are large: indirect keys miss the cache).
        // No last use sorts first, as `None < Some`; entries are sorted by path, so the index
        // breaks ties by path without comparing text.
        let mut order: Vec<(u64, u32, usize)> = (0..self.entries.len())
            .filter(|&i| self.verdict[i].is_none() && selector.matches(&self.entries[i]))
            .map(|i| {
                let since = self.entries[i]
                    .last_use
                    .map(|t| t.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default());
                since.map_or((0, 0, i), |d| (d.as_secs() + 1, d.subsec_nanos(), i))
            })
            .collect();
        order.sort_unstable();
        order.into_iter().map(|(.., i)| i).collect()
    }

    fn evicted_disk(&self) -> u64 {
        self.entries
            .iter()
            .zip(&self.verdict)
            .filter(|(_, v)| matches!(v, Some((Verdict::Evict, ..))))
            .map(|(e, _)| e.disk)
            .sum()
    }

    /// Every entry decided (no rule: kept), the removal plan and the warnings.
    fn finish(mut self, inventory: &Inventory, base_plan: Option<Plan>) -> Evaluation {
        if !self.invalid_versions.is_empty() {
            let invalid = &self.invalid_versions;
            let shown: Vec<&str> = invalid.iter().take(5).copied().collect();
            self.warnings.push(format!(
                "{} version(s) are not PEP 440 ({}{}): keep-latest sorts them below every valid version",
                invalid.len(),
                shown.join(", "),
                if invalid.len() > shown.len() { ", ..." } else { "" }
            ));
        }
        let no_rule: Arc<str> = "no rule applies".into();
        let decisions: Vec<Decision> = self
            .verdict
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                let (verdict, rule, reason) =
                    v.unwrap_or_else(|| (Verdict::Keep, None, no_rule.clone()));
                Decision {
                    entry: i,
                    verdict,
                    rule,
                    reason,
                }
            })
            .collect();
        let plan = removal_plan(inventory, &decisions, base_plan);
        let evicted: u64 = decisions
            .iter()
            .filter(|d| d.verdict == Verdict::Evict)
            .map(|d| self.entries[d.entry].disk)
            .sum();
        Evaluation {
            decisions,
            plan,
            warnings: self.warnings,
            size_after: inventory.total_disk.saturating_sub(evicted),
        }
    }
}

/// PEP 440 ranks of distinct version texts (indexed by the number each text was given):
/// equal versions (`2.0`, `2`) share a rank. Texts that are no version are collected.
fn rank_versions<'a>(
    texts: &foldhash::HashMap<&'a str, u32>,
    invalid: &mut BTreeSet<&'a str>,
) -> Vec<u32> {
    let mut ordered: Vec<(VersionOrder, u32)> = texts
        .iter()
        .map(|(text, index)| {
            let order = VersionOrder::of(text);
            if !order.is_valid() {
                invalid.insert(text);
            }
            (order, *index)
        })
        .collect();
    ordered.sort_unstable();
    let mut ranks = vec![0u32; ordered.len()];
    let mut rank = 0u32;
    for (position, (order, index)) in ordered.iter().enumerate() {
        if position > 0 && *order != ordered[position - 1].0 {
            rank += 1;
        }
        ranks[*index as usize] = rank;
    }
    ranks
}

/// Paths to remove for the evicted entries: each entry's path and its grouped pointer files
/// (known from the walk, no file system access), then archives that every linking entry is
/// evicted from. Order: the base pass's pointers, the evicted entries, then all archives.
fn removal_plan(inventory: &Inventory, decisions: &[Decision], base: Option<Plan>) -> Plan {
    let base_items = base.map(|p| p.items).unwrap_or_default();
    let base_paths: BTreeSet<String> = base_items.iter().map(|i| i.path.clone()).collect();
    let (base_archives, mut items): (Vec<PlanItem>, Vec<PlanItem>) = base_items
        .into_iter()
        .partition(|i| i.reason == Reason::DanglingArchive);
    let evicted: Vec<bool> = decisions
        .iter()
        .map(|d| d.verdict == Verdict::Evict)
        .collect();
    // Evicted entries come in path order, so a package's entries are mostly adjacent: reuse
    // the previous item's name rather than allocating one per item.
    let mut last_package: Option<Arc<str>> = None;
    for decision in decisions.iter().filter(|d| d.verdict == Verdict::Evict) {
        let entry = &inventory.entries[decision.entry];
        if covered(&base_paths, &entry.path) {
            continue;
        }
        // One item for the entry and its pointer files.
        items.push(PlanItem {
            detail: None,
            path: entry.path.clone(),
            reason: Reason::PolicyEvict,
            entry: Some(Arc::from(entry.path.as_str())),
            package: match (&last_package, entry.package.as_deref()) {
                (Some(last), Some(p)) if &**last == p => Some(last.clone()),
                (_, p) => {
                    last_package = p.map(Arc::from);
                    last_package.clone()
                }
            },
            version: entry.version.as_deref().map(Arc::from),
            kind: Some(entry.kind),
            removal: None,
            members: entry.members,
        });
    }
    items.extend(base_archives);
    // Archives whose every linking entry goes (and that the base pass does not remove anyway):
    // per archive, links seen, links gone, and the first link's position, so that archives
    // come out in the order of the entries linking to them without a second lookup each.
    let mut referrers: foldhash::HashMap<&str, (u32, u32, usize)> =
        foldhash::HashMap::with_capacity_and_hasher(inventory.entries.len(), Default::default());
    let mut position = 0usize;
    for (i, entry) in inventory.entries.iter().enumerate() {
        for (link, target) in &entry.reference_links {
            let counts = referrers.entry(target.as_str()).or_insert((0, 0, position));
            position += 1;
            counts.0 += 1;
            if evicted[i] || covered(&base_paths, link) {
                counts.1 += 1;
            }
        }
    }
    let mut archives: Vec<(usize, &str)> = referrers
        .into_iter()
        .filter(|(target, (seen, gone, _))| seen == gone && !covered(&base_paths, target))
        .map(|(target, (.., first))| (first, target))
        .collect();
    archives.sort_unstable_by_key(|(first, _)| *first);
    let archives = archives.into_iter().map(|(_, archive)| archive);
    items.extend(archives.map(|archive| PlanItem {
        path: archive.to_string(),
        reason: Reason::DanglingArchive,
        entry: None,
        package: None,
        version: None,
        kind: Some(EntryKind::Archive),
        detail: None,
        removal: None,
        members: 0,
    }));
    Plan {
        operation: Operation::Prune { ci: false },
        items,
        collect_files: true,
    }
}

/// Whether `path` is an item of `set` or lies below one (ancestor look-ups, no scan).
fn covered(set: &BTreeSet<String>, path: &str) -> bool {
    !set.is_empty() && crate::cache::layout::path_and_ancestors(path).any(|p| set.contains(p))
}

/// Free bytes on the file system holding `path` (for `min-free`).
pub fn free_space(path: &Path) -> Option<u64> {
    crate::os::space::free(path)
}

/// What a policy run returns besides the removal: every decision, and the warnings.
#[derive(Debug)]
pub struct PolicyReport {
    /// Decisions with the entries they are about.
    pub decisions: Vec<(Entry, Decision)>,
    /// Budgets not met and similar notes.
    pub warnings: Vec<String>,
    /// Estimated size after the run.
    pub size_after: u64,
}

/// Evaluates `policy` on the cache at `root` and applies it (or, for a dry run, only plans),
/// under uv's lock; see [`crate::removal::run::execute_with`]. With `environments`, a policy
/// that selects on `used` reads the environments that configuration names.
pub fn execute(
    root: &Path,
    policy: &Policy,
    clock: Clock,
    options: &RunOptions<'_>,
    environments: Option<&Config>,
) -> Result<Option<(Outcome, PolicyReport)>> {
    let free = free_space(root);
    run::execute_with(root, options, |inventory| {
        // Environments are read only when a rule selects on `used`.
        if let Some(config) = environments.filter(|_| policy.needs_environments()) {
            crate::envs::scan(config, inventory);
        }
        let eval = evaluate(policy, inventory, clock, free);
        let decisions = eval
            .decisions
            .iter()
            .map(|d| (inventory.entries[d.entry].clone(), d.clone()))
            .collect();
        (
            eval.plan,
            PolicyReport {
                decisions,
                warnings: eval.warnings,
                size_after: eval.size_after,
            },
        )
    })
}
