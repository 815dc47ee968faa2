//! Prints a cache's size or inventory, for benchmarks and quick checks:
//! `cargo run --release --example inventory -- size|ls|count <cache-dir>`.

use std::path::PathBuf;

use uvcache::inventory::{Inventory, Options};
use uvcache::size::SizeReport;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(mode), Some(dir)) = (args.next(), args.next()) else {
        eprintln!("usage: inventory size|ls|count <cache-dir>");
        std::process::exit(2);
    };
    if mode == "plan-prune" {
        let start = std::time::Instant::now();
        let options = Options {
            shallow: true,
            ..Options::default()
        };
        let inventory = Inventory::take(&PathBuf::from(&dir), &options).expect("inventory");
        let taken = start.elapsed();
        let plan = uvcache::plan::plan(&inventory, uvcache::plan::Operation::Prune { ci: false });
        eprintln!(
            "shallow inventory {taken:?}, plan {:?} ({} items)",
            start.elapsed() - taken,
            plan.items.len()
        );
        return;
    }
    if mode == "walk" {
        let start = std::time::Instant::now();
        let threads = std::env::var("THREADS")
            .ok()
            .and_then(|t| t.parse().ok())
            .unwrap_or(2);
        let walk = uvcache::walk::walk(
            std::path::Path::new(&dir),
            &uvcache::layout::UV_0_13_8,
            threads,
            std::env::var("SHALLOW").is_ok(),
            &|| false,
        )
        .expect("walk");
        eprintln!("walk {:?}, {} keys", start.elapsed(), walk.entries.len());
        return;
    }
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
