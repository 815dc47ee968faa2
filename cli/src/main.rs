//! `uvcache`: see the library for the commands.

fn main() -> std::process::ExitCode {
    uvcache_cli::main(std::env::args_os())
}
