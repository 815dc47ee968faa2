//! Checks of the cache itself.

use std::path::Path;

use uvcache::cache::layout::{BucketState, CacheSignature, RootClass};
use uvcache::cache::lock::Holder;
use uvcache::policy::Action;
use uvcache::text::human_bytes;

use super::{Check, Status, check};
use crate::context::Context;
use crate::error::Result;

/// The cache's index against a walk of everything: every difference named.
pub(super) fn index(context: &Context) -> Result<(Option<Check>, Option<uvcache::Inventory>)> {
    let Some(dir) = &context.index else {
        return Ok((None, None));
    };
    let check_interrupted = || (context.invocation.interrupted)();
    let options = uvcache::cache::index::IndexOptions {
        dir,
        scan: context.scan(&check_interrupted),
        depth: uvcache::cache::index::Depth::Full,
        exact: false,
        force: &[],
    };
    let compared =
        uvcache::cache::index::compare(context.root.path(), context.buckets, &options)
            .map_err(|e| crate::error::CommandError::engine(e, context.root_blame.clone()))?;
    let Some(compared) = compared else {
        let none = check(
            "index",
            Status::Info,
            "no index yet: the next size or ls walks the cache and writes one",
        );
        return Ok((Some(none), None));
    };
    Ok((Some(index_check(&compared)), compared.walked))
}

/// The `index` row of a comparison of the index with a walk.
pub(super) fn index_check(compared: &uvcache::cache::index::Comparison) -> Check {
    let written = humantime::format_rfc3339_seconds(compared.indexed_at);
    if compared.differences.is_empty() {
        return check(
            "index",
            Status::Ok,
            format!(
                "the index ({} entries, written {written}) answers as a walk of everything does",
                compared.entries
            ),
        );
    }
    let shown: Vec<&str> = compared
        .differences
        .iter()
        .take(10)
        .map(String::as_str)
        .collect();
    let more = compared.differences.len() - shown.len();
    let more = if more > 0 {
        format!("; and {more} more")
    } else {
        String::new()
    };
    check(
        "index",
        Status::Warn,
        format!(
            "the index (written {written}) differs from a walk: {}{more}",
            shown.join("; ")
        ),
    )
    .advice(
        "run any command with --exact to rebuild it; what the index cannot see (uv never does \
         it) is a file edited in place, or one added, removed or edited below an archive's own \
         folder",
    )
}

/// The environments found, their problems, and the bytes no environment uses.
pub(super) fn environments(context: &Context, inventory: &mut uvcache::Inventory) -> [Check; 2] {
    let (discovery, summaries) = uvcache::envs::scan(&context.config, inventory);
    let venvs = &discovery.venvs;
    let count = |kind: uvcache::envs::VenvKind| venvs.iter().filter(|v| v.kind == kind).count();
    let linked = summaries.iter().filter(|s| s.hardlinked > 0).count();
    let mut detail = format!(
        "{} found ({} tools, {} projects, {} venvs, {} cached by uv); {linked} hold hardlinks into the cache",
        venvs.len(),
        count(uvcache::envs::VenvKind::Tool),
        count(uvcache::envs::VenvKind::Project),
        count(uvcache::envs::VenvKind::Venv),
        count(uvcache::envs::VenvKind::Cached),
    );
    let problems: Vec<String> = venvs
        .iter()
        .zip(&summaries)
        .flat_map(|(v, s)| {
            v.problems
                .iter()
                .chain(&s.problems)
                .map(move |p| format!("{}: {p}", v.path.display()))
        })
        .chain(discovery.issues.iter().cloned())
        .collect();
    let found = if problems.is_empty() {
        check("environments", Status::Ok, detail)
    } else {
        detail.push_str(&format!(
            "; {} problem(s): {}",
            problems.len(),
            problems.join("; ")
        ));
        check("environments", Status::Warn, detail)
            .advice("`uvcache envs` shows each environment with its problems")
    };
    let unused: Vec<&uvcache::Entry> = inventory
        .entries
        .iter()
        .filter(|e| e.kind != uvcache::EntryKind::Marker && !e.is_used())
        .collect();
    let bytes: u64 = unused.iter().map(|e| e.disk).sum();
    let unused = check(
        "unused",
        Status::Info,
        format!(
            "{} of {} in {} entries no environment found uses",
            human_bytes(bytes),
            human_bytes(inventory.total_disk),
            unused.len()
        ),
    )
    .advice("`uvcache ls | where used_by == []` lists them; `uvcache prune --policy unused` evicts those unused for 30 days");
    [found, unused]
}

pub(super) fn markers(root: &Path) -> Check {
    let missing: Vec<&str> = ["CACHEDIR.TAG", ".gitignore"]
        .into_iter()
        .filter(|m| !root.join(m).is_file())
        .collect();
    if missing.is_empty() {
        return check("markers", Status::Ok, "CACHEDIR.TAG and .gitignore present");
    }
    let signature = CacheSignature::read(root);
    let status = if signature.is_uv_cache() {
        Status::Warn
    } else {
        Status::Error
    };
    check(
        "markers",
        status,
        format!("missing: {}", missing.join(", ")),
    )
    .advice(if status == Status::Error {
        "this does not look like a uv cache; check the path before cleaning it"
    } else {
        "uv writes them when it initializes the cache; without CACHEDIR.TAG backup tools copy the cache"
    })
}

pub(super) fn lock(root: &Path) -> Check {
    match uvcache::cache::lock::holder(root) {
        Holder::NoFile => check("lock", Status::Ok, "no lock file yet (uv creates it)"),
        Holder::Nobody => check("lock", Status::Ok, "not held"),
        Holder::Shared => check(
            "lock",
            Status::Info,
            "held shared: a uv command is using the cache",
        )
        .advice("clean and prune wait for it (UV_LOCK_TIMEOUT)"),
        Holder::Exclusive => check(
            "lock",
            Status::Warn,
            "held exclusively: a clean or prune is running",
        )
        .advice("wait for it; --force skips the lock at your own risk"),
    }
}

pub(super) fn buckets(
    inventory: &uvcache::Inventory,
    set: &uvcache::cache::layout::BucketSet,
) -> Check {
    let mut outdated = Vec::new();
    let mut newer = Vec::new();
    for item in &inventory.top {
        if let RootClass::Bucket { state, .. } = item.class {
            let row = format!("{} ({})", item.name, human_bytes(item.disk));
            match state {
                BucketState::Outdated => outdated.push(row),
                BucketState::Newer => newer.push(row),
                BucketState::Current => {}
            }
        }
    }
    if !outdated.is_empty() {
        return check(
            "buckets",
            Status::Warn,
            format!("outdated buckets: {}", outdated.join(", ")),
        )
        .advice("no current uv reads them; `uvcache prune` removes them");
    }
    if !newer.is_empty() {
        return check(
            "buckets",
            Status::Info,
            format!("buckets of a newer uv: {}", newer.join(", ")),
        )
        .advice(format!(
            "uvcache keeps them (uv {}'s own prune would remove them)",
            set.uv_version
        ));
    }
    let layout = if set.uv_version.starts_with(|c: char| c.is_ascii_digit()) {
        format!("uv {}'s", set.uv_version)
    } else {
        format!("the {}'s", set.uv_version)
    };
    check("buckets", Status::Ok, format!("every bucket is {layout}"))
}

/// Links out of the root: a cache moved or copied with the absolute links older uv wrote.
pub(super) fn external_links(inventory: &uvcache::Inventory) -> Option<Check> {
    let links: Vec<&str> = inventory
        .entries
        .iter()
        .flat_map(|e| e.external_links.iter().map(String::as_str))
        .collect();
    let first = links.first()?;
    Some(
        check(
            "external_links",
            Status::Info,
            format!(
                "{} links point outside the cache root (first: {first}); never followed, and no \
                 reference: their archives count as unlinked",
                links.len()
            ),
        )
        .advice(
            "uv before 0.11.17 wrote absolute links; after the cache was moved or copied they \
             point at its old place (`uvcache ls | where external_links != []`)",
        ),
    )
}

pub(super) fn dangling(inventory: &uvcache::Inventory) -> Check {
    let (count, bytes) = inventory
        .entries
        .iter()
        .filter(|e| e.status == uvcache::Status::Dangling)
        .fold((0u64, 0u64), |(n, b), e| (n + 1, b + e.disk));
    let issues = inventory.issues.len();
    if count == 0 && issues == 0 {
        return check(
            "dangling",
            Status::Ok,
            "every archive is linked, no broken links",
        );
    }
    let mut detail = Vec::new();
    if count > 0 {
        detail.push(format!(
            "{count} archives nothing links to ({})",
            human_bytes(bytes)
        ));
    }
    if issues > 0 {
        let first = &inventory.issues[0];
        detail.push(format!(
            "{issues} unreadable paths or broken links (first: {}: {})",
            first.path.display(),
            first.message
        ));
    }
    check("dangling", Status::Warn, detail.join("; "))
        .advice("`uvcache prune` removes unlinked archives")
}

pub(super) fn budget(context: &Context, total: u64) -> Check {
    let policy = match uvcache::policy::effective(&context.config, &Default::default()) {
        Ok(effective) => effective.policy,
        Err(e) => {
            return check("budget", Status::Error, e.to_string())
                .advice("`uvcache policy` shows the layers; fix the file it names");
        }
    };
    let budget = policy
        .rules
        .iter()
        .filter_map(|r| match r.action {
            Action::MaxSize(max) => Some(max),
            _ => None,
        })
        .min();
    match budget {
        None => check(
            "budget",
            Status::Info,
            format!(
                "{} used; policy `{}` sets no size budget",
                human_bytes(total),
                policy.name
            ),
        )
        .advice("set max-size in ~/.config/uvcache/config.toml [policy], or use `--policy laptop`"),
        Some(max) if total > max => check(
            "budget",
            Status::Warn,
            format!(
                "{} used, over the budget of {}",
                human_bytes(total),
                human_bytes(max)
            ),
        )
        .advice("`uvcache prune` evicts least recently used entries down to it"),
        Some(max) => check(
            "budget",
            Status::Ok,
            format!(
                "{} used of a {} budget",
                human_bytes(total),
                human_bytes(max)
            ),
        ),
    }
}
