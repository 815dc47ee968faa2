//! Completion scripts, generated from the command line's definition.

use clap::CommandFactory;
use clap_complete::Generator;

use crate::args::{Cli, Shell};

/// Every shell with the file its script is checked in as (under `completions/`).
pub const FILES: [(Shell, &str); 5] = [
    (Shell::Bash, "uvcache.bash"),
    (Shell::Zsh, "_uvcache"),
    (Shell::Fish, "uvcache.fish"),
    (Shell::Nushell, "uvcache.nu"),
    (Shell::Powershell, "_uvcache.ps1"),
];

/// The completion script for `shell`.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    fn emit(generator: impl Generator, command: &mut clap::Command, out: &mut Vec<u8>) {
        clap_complete::generate(generator, command, "uvcache", out);
    }
    match shell {
        Shell::Bash => emit(clap_complete::Shell::Bash, &mut command, &mut out),
        Shell::Zsh => emit(clap_complete::Shell::Zsh, &mut command, &mut out),
        Shell::Fish => emit(clap_complete::Shell::Fish, &mut command, &mut out),
        Shell::Powershell => emit(clap_complete::Shell::PowerShell, &mut command, &mut out),
        Shell::Nushell => emit(clap_complete_nushell::Nushell, &mut command, &mut out),
    }
    out
}
