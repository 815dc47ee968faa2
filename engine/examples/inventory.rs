//! Prints a cache's size or inventory, for benchmarks and quick checks:
//! `cargo run --release --example inventory -- size|ls|count <cache-dir>`.

use std::path::PathBuf;

use uvcache::cache::inventory::{Inventory, Options};
use uvcache::cache::size::SizeReport;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(mode), Some(dir)) = (args.next(), args.next()) else {
        eprintln!("usage: inventory size|ls|count <cache-dir>");
        std::process::exit(2);
    };
    let inventory = match Inventory::take(&PathBuf::from(&dir), &Options::default()) {
        Ok(inventory) => inventory,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    match mode.as_str() {
        "size" => println!("{}", SizeReport::of(&inventory).total),
        "count" => println!("{}", inventory.entries.len()),
        _ => {
            for e in &inventory.entries {
                println!(
                    "{:<16} {:<8} {:<20} {:<12} {:>10} {:>10} {:<6} {}",
                    e.kind.name(),
                    e.status.name(),
                    e.package.as_deref().unwrap_or("-"),
                    e.version.as_deref().unwrap_or("-"),
                    e.disk,
                    e.shared,
                    e.last_use_source.name(),
                    e.path
                );
            }
            for issue in &inventory.issues {
                eprintln!("skipped {}: {}", issue.path.display(), issue.message);
            }
        }
    }
}
