//! Prints a cache's size or inventory, for benchmarks and quick checks:
//! `cargo run --release --example inventory -- size|ls|count <cache-dir>`, or
//! `-- used <cache-dir> <glob>`: the inventory, then the environments the glob names read and
//! matched (prints the entries some environment uses).

use std::path::PathBuf;

use uvcache::cache::inventory::{Inventory, Options};
use uvcache::cache::size::SizeReport;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(mode), Some(dir)) = (args.next(), args.next()) else {
        eprintln!("usage: inventory size|ls|count <cache-dir> | used <cache-dir> <glob>");
        std::process::exit(2);
    };
    let mut inventory = match Inventory::take(&PathBuf::from(&dir), &Options::default()) {
        Ok(inventory) => inventory,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    match mode.as_str() {
        "size" => println!("{}", SizeReport::of(&inventory).total),
        "count" => println!("{}", inventory.entries.len()),
        "used" => {
            let Some(glob) = args.next() else {
                eprintln!("usage: inventory used <cache-dir> <glob>");
                std::process::exit(2);
            };
            let cwd = std::env::current_dir().unwrap_or_default();
            let env = uvcache::Environment::new(cwd);
            let flags = uvcache::config::Flags {
                environments: vec![glob],
                ..Default::default()
            };
            let config = match uvcache::config::Config::load(&env, &flags, &Default::default()) {
                Ok(config) => config,
                Err(e) => {
                    eprintln!("error: {e}");
                    std::process::exit(1);
                }
            };
            let (discovery, _) = uvcache::envs::scan(&config, &mut inventory);
            let used = inventory.entries.iter().filter(|e| e.is_used()).count();
            println!(
                "{} environments, {used} entries used",
                discovery.venvs.len()
            );
        }
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
