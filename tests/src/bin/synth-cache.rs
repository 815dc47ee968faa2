//! `synth-cache DIR FILES`: writes a uv-layout cache of about FILES files at DIR (benchmarks).
//! `synth-cache --envs CACHE DIR COUNT PACKAGES`: writes COUNT virtual environments at DIR,
//! each with PACKAGES distributions hardlinked from CACHE's archives.
//! `synth-cache --built DIR COUNT KIB`: writes COUNT wheels built from sdists of about KIB KiB
//! each (the remote benchmark).

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--envs") {
        let number = |i: usize| args.get(i).and_then(|n| n.parse::<usize>().ok());
        let (Some(cache), Some(dir), Some(count), Some(packages)) =
            (args.get(2), args.get(3), number(4), number(5))
        else {
            eprintln!("usage: synth-cache --envs CACHE DIR COUNT PACKAGES");
            std::process::exit(2);
        };
        if let Err(e) = uvcache_e2e::synth::environments(
            std::path::Path::new(cache),
            std::path::Path::new(dir),
            count,
            packages,
        ) {
            eprintln!("error: cannot write environments at {dir}: {e}");
            std::process::exit(1);
        }
        return;
    }
    if args.get(1).map(String::as_str) == Some("--built") {
        let number = |i: usize| args.get(i).and_then(|n| n.parse::<usize>().ok());
        let (Some(dir), Some(count), Some(kib)) = (args.get(2), number(3), number(4)) else {
            eprintln!("usage: synth-cache --built DIR COUNT KIB");
            std::process::exit(2);
        };
        if let Err(e) = uvcache_e2e::synth::built_wheels(std::path::Path::new(dir), count, kib) {
            eprintln!("error: cannot write {dir}: {e}");
            std::process::exit(1);
        }
        return;
    }
    let (Some(dir), Some(files)) = (
        args.get(1),
        args.get(2).and_then(|f| f.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: synth-cache DIR FILES | --envs CACHE DIR COUNT PACKAGES");
        std::process::exit(2);
    };
    let spec = uvcache_e2e::synth::Spec::with_files(files);
    if let Err(e) = uvcache_e2e::synth::generate(std::path::Path::new(dir), &spec) {
        eprintln!("error: cannot write {dir}: {e}");
        std::process::exit(1);
    }
    println!("{spec:?}");
}
