//! Paths below a bucket as the layout names them: a source's shard (`wheels-v8/url`), the
//! shards below it (`wheels-v8/url/<digest>`), and the names uv gives a package in them.

use crate::cache::entry::Source;

/// A directory of a bucket, relative to the cache root with `/` between names (the keys the
/// inventory and the removal plan use).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shard(String);

impl Shard {
    /// The shard of `source` in the bucket directory `bucket` (`wheels-v8`, as the target
    /// release names it).
    pub fn of(bucket: &str, source: Source) -> Shard {
        Shard(format!("{bucket}/{}", source.name()))
    }

    /// The shard one level down: an index, URL or repository digest, a commit.
    pub fn sub(&self, name: &str) -> Shard {
        Shard(self.child(name))
    }

    /// The path of `name` in this shard.
    pub fn child(&self, name: &str) -> String {
        format!("{}/{name}", self.0)
    }

    /// The file of `package`'s simple-index response in a shard of the simple bucket.
    pub fn simple_file(&self, package: &str) -> String {
        format!("{}/{package}.rkyv", self.0)
    }

    /// The path, relative to the cache root.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<Shard> for String {
    fn from(shard: Shard) -> String {
        shard.0
    }
}
