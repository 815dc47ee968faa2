//! `synth-cache DIR FILES`: writes a uv-layout cache of about FILES files at DIR (benchmarks).

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(files)) = (
        args.get(1),
        args.get(2).and_then(|f| f.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: synth-cache DIR FILES");
        std::process::exit(2);
    };
    let spec = uvcache_e2e::synth::Spec::with_files(files);
    if let Err(e) = uvcache_e2e::synth::generate(std::path::Path::new(dir), &spec) {
        eprintln!("error: cannot write {dir}: {e}");
        std::process::exit(1);
    }
    println!("{spec:?}");
}
