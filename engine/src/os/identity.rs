//! A file's device and inode as the engine stores them (`u64` both), whatever widths the
//! system's `stat` gives them (`dev_t` is 32 bits on macOS).

/// The device and inode of a `stat` result.
#[allow(clippy::unnecessary_cast, clippy::useless_conversion)] // widths differ by system
pub fn of(stat: &rustix::fs::Stat) -> (u64, u64) {
    (stat.st_dev as u64, stat.st_ino as u64)
}
