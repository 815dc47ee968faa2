//! The one owner of a cache's index: every answer from it (`size`'s summary, `ls`'s listing,
//! a revalidated inventory), the walk when there is no index to answer from, everything the
//! index keeps written beside it (the index, its summary and listing, the history), and what
//! went wrong with any of them, returned as warnings (the answer is right regardless). The
//! commands, removal and push ask it; none of them writes index files itself.

use std::path::Path;
use std::time::SystemTime;

use crate::cache::index::history::{self, Point};
use crate::cache::index::summary::{self, Summary};
use crate::cache::index::{self, Depth, IndexOptions, listing};
use crate::cache::inventory::{self, Inventory};
use crate::cache::layout::BucketSet;
use crate::cache::size::SizeReport;
use crate::error::{Error, Result};
use crate::scan::Scan;

/// How fresh an answer is.
#[derive(Debug, Clone, Copy)]
pub struct Freshness {
    /// When the index answered from was written or last checked whole, or the walk began.
    pub indexed_at: SystemTime,
    /// Whether the answer comes from a walk of everything.
    pub exact: bool,
}

/// An answer, how fresh it is, and what was wrong with the index on the way.
#[derive(Debug)]
pub struct Answered<T> {
    pub value: T,
    pub freshness: Freshness,
    pub warnings: Vec<String>,
}

/// Answers for one cache root.
pub struct Reader<'a> {
    pub root: &'a Path,
    pub set: &'static BucketSet,
    /// The folder of the cache's index; `None` answers from walks (no store, the store itself,
    /// a temporary cache).
    pub dir: Option<&'a Path>,
    /// Walk everything (and rewrite the index).
    pub exact: bool,
    pub scan: Scan<'a>,
}

impl Reader<'_> {
    /// `size`'s answer from the summary kept with the index, when nothing it is checked by
    /// has moved since; `None` sends the caller to [`Reader::answer`].
    pub fn summarized(&self) -> Option<Answered<SizeReport>> {
        let dir = self.dir.filter(|_| !self.exact)?;
        let summary = summary::current(dir, self.root, self.scan.threads)?;
        let report = SizeReport::of_tops(
            summary.total_disk(),
            summary.root_disk,
            summary.top_items(self.set),
        );
        Some(Answered {
            value: report,
            freshness: Freshness {
                indexed_at: summary.scanned_at(),
                exact: false,
            },
            warnings: Vec::new(),
        })
    }

    /// The inventory with last use: from the listing when its checks prove it current, else
    /// revalidated to the pointer files (or walked). `None` when there is no cache.
    pub fn inventory(&self) -> Result<Option<Answered<Inventory>>> {
        match self.listed() {
            Some(listed) => Ok(Some(listed)),
            None => self.answer(Depth::Full),
        }
    }

    /// The listing's inventory, when the summary's checks prove it current and the last use
    /// it holds is recent enough.
    fn listed(&self) -> Option<Answered<Inventory>> {
        let dir = self.dir.filter(|_| !self.exact)?;
        let now = SystemTime::now();
        // The listing is decoded while the summary's stamps are checked.
        let (summary, listing) = std::thread::scope(|scope| {
            let listing = scope.spawn(|| listing::read(dir, self.root, self.set, now));
            let summary = summary::current(dir, self.root, self.scan.threads);
            (summary, listing.join().ok().flatten())
        });
        let summary = summary?;
        let inventory = listing?.answer(self.root, &summary, self.set)?;
        Some(Answered {
            value: inventory,
            freshness: Freshness {
                indexed_at: summary.scanned_at(),
                exact: false,
            },
            warnings: Vec::new(),
        })
    }

    /// The full inventory from the index, revalidated to `depth`, or from a walk; whatever
    /// changed is written (the index, its summary, at [`Depth::Full`] its listing, and a
    /// history point). `None` when there is no cache.
    pub fn answer(&self, depth: Depth) -> Result<Option<Answered<Inventory>>> {
        self.answer_keeping(depth, true, &[])
    }

    /// [`Reader::answer`] at [`Depth::Full`], reading `entries` again whatever their stamps
    /// say (archives whose files environments linked or unlinked: no stamp in the cache shows
    /// a link count).
    pub fn answer_reading(&self, entries: &[String]) -> Result<Option<Answered<Inventory>>> {
        self.answer_keeping(Depth::Full, true, entries)
    }

    /// The inventory a removal plans from, under uv's lock: revalidated to the pointer files
    /// (last use), the index written if it changed, nothing else (the summary, listing and
    /// history follow the deletion, [`Reader::refresh`], so that uv waits no longer).
    pub fn for_plan(&self) -> Result<Option<Answered<Inventory>>> {
        self.answer_keeping(Depth::Full, false, &[])
    }

    fn answer_keeping(
        &self,
        depth: Depth,
        keep: bool,
        force: &[String],
    ) -> Result<Option<Answered<Inventory>>> {
        let Some(dir) = self.dir else {
            return self.walked();
        };
        let options = IndexOptions {
            dir,
            scan: self.scan,
            depth,
            exact: self.exact,
            force,
        };
        let checked_at = SystemTime::now();
        let answer = match index::answer(self.root, self.set, &options) {
            Ok(answer) => answer,
            Err(Error::MissingCache(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut warnings = answer.warnings.clone();
        if keep {
            warnings.extend(self.keep(dir, &answer, depth, checked_at));
        }
        let freshness = Freshness {
            indexed_at: answer.indexed_at,
            exact: answer.exact,
        };
        Ok(Some(Answered {
            value: answer.inventory,
            freshness,
            warnings,
        }))
    }

    /// Writes what an answer keeps beside the index: a history point (when the index was
    /// written), the summary, and at [`Depth::Full`] the listing; each on its own thread, as
    /// each only reads the answer. Returns what could not be written.
    fn keep(
        &self,
        dir: &Path,
        answer: &index::Answer,
        depth: Depth,
        checked_at: SystemTime,
    ) -> Vec<String> {
        std::thread::scope(|scope| {
            let history = answer
                .written
                .then(|| scope.spawn(|| record_history(dir, &answer.inventory, answer.indexed_at)));
            let mut warnings = Vec::new();
            if let Err(why) = summary::write(dir, self.root, Summary::of(answer)) {
                warnings.push(format!("the index's summary was not written: {why}"));
            }
            if depth == Depth::Full {
                let generation = listing::Generation {
                    root_id: answer.root_id,
                    scanned_at: answer.scanned_at,
                    checked_at,
                };
                if let Err(why) = listing::write(dir, &generation, self.set, &answer.inventory) {
                    warnings.push(format!("the index's listing was not written: {why}"));
                }
            }
            if let Some(Ok(Err(why))) = history.map(|h| h.join()) {
                warnings.push(format!("the cache's history was not written: {why}"));
            }
            warnings
        })
    }

    /// After a deletion: the index, its summary and history brought up to date (a
    /// revalidation reading again only what the deletion changed). Returns the warnings.
    pub fn refresh(&self) -> Vec<String> {
        if self.dir.is_none() {
            return Vec::new();
        }
        match self.answer(Depth::Sizes) {
            Ok(Some(answered)) => answered.warnings,
            Ok(None) => Vec::new(),
            Err(e) => vec![format!("the index was not brought up to date: {e}")],
        }
    }

    /// The full inventory by a walk, nothing written.
    pub fn walked(&self) -> Result<Option<Answered<Inventory>>> {
        let started = SystemTime::now();
        match Inventory::take(self.root, &self.walk_options()) {
            Ok(inventory) => Ok(Some(Answered {
                value: inventory,
                freshness: Freshness {
                    indexed_at: started,
                    exact: true,
                },
                warnings: Vec::new(),
            })),
            Err(Error::MissingCache(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

impl Reader<'_> {
    /// One part of a walk in two, nothing written, so that rows can flow before the whole
    /// cache is read (`ls` without an index): the part no environment uses (pages,
    /// interpreters, git, ...), or with `linked` the part they use (wheels, sdists, archives,
    /// cached environments).
    pub fn walked_part(&self, linked: bool) -> Result<Option<Inventory>> {
        let take = if linked {
            Inventory::take_linked_part
        } else {
            Inventory::take_in_parts
        };
        match take(self.root, &self.walk_options()) {
            Ok(inventory) => Ok(Some(inventory)),
            Err(Error::MissingCache(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn walk_options(&self) -> inventory::Options<'_> {
        inventory::Options {
            scan: self.scan,
            shallow: false,
            buckets: self.set,
        }
    }
}

/// Appends a point to the cache's history: the total, each top-level item, the ten largest
/// packages (nothing when they are what the last point says).
fn record_history(dir: &Path, inventory: &Inventory, at: SystemTime) -> Result<()> {
    let point = Point {
        at: humantime::format_rfc3339_seconds(at).to_string(),
        total: inventory.total_disk,
        buckets: SizeReport::of(inventory)
            .buckets
            .into_iter()
            .map(|b| (b.name, b.disk))
            .collect(),
        packages: SizeReport::largest_packages(inventory, 10),
    };
    history::append(dir, &inventory.root, &point)
}
