//! Last use on a remote: every pull records the entries it fetched (all their files arrived
//! and checked; written among the pull's other downloads), so that `prune --remote` does not
//! take an entry every runner pulls each day for one nobody wants.
//!
//! A record is an empty object `uses/<manifest id>.<YYYY-MM-DD>` (UTC). Runners pulling the
//! same entry on the same day write the same name with the same (empty) content, so records
//! never conflict and need no read first; the object's modification time, which the store sets
//! on every write, is the time of that day's last pull. One name per entry and day bounds their
//! number, and a prune keeps only each entry's newest.
//!
//! Records are not signed: anyone who can write to the remote can keep an entry from being
//! pruned (as they could by pushing), never get one pulled.

use std::collections::HashMap;
use std::time::SystemTime;

use crate::error::Result;
use crate::remote::store::Remote;

/// The folder of use records.
const DIR: &str = "uses";

/// The record of a pull of manifest `id` on the day of `at`.
pub fn name(id: &str, at: SystemTime) -> String {
    let stamp = humantime::format_rfc3339_seconds(at).to_string();
    format!("{DIR}/{id}.{}", &stamp[..10])
}

/// The manifest id of a record's name, if it is one.
fn id_of(name: &str) -> Option<&str> {
    let (id, day) = name.strip_prefix(&format!("{DIR}/"))?.split_once('.')?;
    (day.len() == 10 && !id.is_empty() && id.bytes().all(|b| b.is_ascii_hexdigit())).then_some(id)
}

/// Records that manifest `id` was pulled at `at` (a pull does not fail for a record).
pub async fn record(remote: &Remote, id: &str, at: SystemTime) -> Result<()> {
    remote.put(&name(id, at), bytes::Bytes::new()).await
}

/// Every record on a remote.
#[derive(Debug, Default)]
pub struct Uses {
    /// The last pull of each manifest id.
    pub last: HashMap<String, SystemTime>,
    /// Every record: `(object name, manifest id)`.
    pub records: Vec<(String, String)>,
}

impl Uses {
    /// The record names a prune deletes: those of manifests not in `kept`, and for the others
    /// every record but the newest day's.
    pub fn garbage(&self, kept: &dyn Fn(&str) -> bool) -> Vec<String> {
        let mut newest: HashMap<&str, &str> = HashMap::new();
        for (name, id) in &self.records {
            if kept(id) {
                let best = newest.entry(id).or_insert(name);
                if name.as_str() > *best {
                    *best = name;
                }
            }
        }
        self.records
            .iter()
            .filter(|(name, id)| newest.get(id.as_str()) != Some(&name.as_str()))
            .map(|(name, _)| name.clone())
            .collect()
    }
}

/// Lists the records of `remote`.
pub fn read(remote: &Remote) -> Result<Uses> {
    let mut uses = Uses::default();
    for object in remote.list(DIR)? {
        let Some(id) = id_of(&object.name) else {
            continue;
        };
        let last = uses.last.entry(id.to_string()).or_insert(object.modified);
        if object.modified > *last {
            *last = object.modified;
        }
        uses.records.push((object.name.clone(), id.to_string()));
    }
    Ok(uses)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_named_by_id_and_day_and_only_the_newest_is_kept() {
        let at = humantime::parse_rfc3339("2026-11-30T17:05:00Z").expect("time");
        let id = "ab".repeat(32);
        assert_eq!(name(&id, at), format!("uses/{id}.2026-11-30"));
        assert_eq!(id_of(&name(&id, at)), Some(id.as_str()));
        assert_eq!(id_of("uses/not-hex.2026-11-30"), None);
        let older = humantime::parse_rfc3339("2026-11-02T01:00:00Z").expect("time");
        let gone = "cd".repeat(32);
        let uses = Uses {
            last: HashMap::new(),
            records: vec![
                (name(&id, older), id.clone()),
                (name(&id, at), id.clone()),
                (name(&gone, at), gone.clone()),
            ],
        };
        let kept = |i: &str| i == id;
        assert_eq!(uses.garbage(&kept), [name(&id, older), name(&gone, at)]);
    }
}
