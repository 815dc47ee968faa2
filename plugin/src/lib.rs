//! `nu_plugin_uvcache`: Nushell commands over uvcache's engine.
//!
//! The commands are thin: they read the caller's environment and working directory through the
//! engine interface (the plugin process's own are stale), call the engine, and turn its values
//! into typed Nushell values. One file per command in `commands/`; shared flags, configuration
//! and error mapping in `context`.
#![allow(clippy::result_large_err)]

mod command;
mod commands;
mod completion;
mod context;
mod env;
mod values;

use nu_plugin::{Plugin, PluginCommand};

use command::Command;

/// The plugin: it only lists its commands.
pub struct UvcachePlugin;

impl Plugin for UvcachePlugin {
    fn version(&self) -> String {
        env!("CARGO_PKG_VERSION").into()
    }

    fn commands(&self) -> Vec<Box<dyn PluginCommand<Plugin = Self>>> {
        vec![
            Box::new(Command(commands::Main)),
            // Where the cache is and how it was decided.
            Box::new(Command(commands::Dir)),
            Box::new(Command(commands::Config)),
            // What is in it.
            Box::new(Command(commands::Ls)),
            Box::new(Command(commands::Size)),
            Box::new(Command(commands::History)),
            Box::new(Command(commands::Envs)),
            // Removing from it.
            Box::new(Command(commands::Clean)),
            Box::new(Command(commands::Prune)),
            Box::new(Command(commands::Policy)),
            Box::new(Command(commands::PolicyCheck)),
            // Checking it.
            Box::new(Command(commands::Push)),
            Box::new(Command(commands::Pull)),
            Box::new(Command(commands::RemoteLs)),
            Box::new(Command(commands::RemoteKeygen)),
            Box::new(Command(commands::Doctor)),
            Box::new(Command(commands::Fetch)),
            Box::new(Command(commands::Git)),
            Box::new(Command(commands::Key)),
            Box::new(Command(commands::Link)),
        ]
    }
}
