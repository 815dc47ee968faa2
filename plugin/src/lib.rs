//! `nu_plugin_uvcache`: Nushell commands over uvcache's engine.
//!
//! The commands are thin: they read the caller's environment and working directory through the
//! engine interface (the plugin process's own are stale), call the engine, and turn its values
//! into typed Nushell values. One file per command in `commands/`; shared flags, configuration
//! and error mapping in `context`.
#![allow(clippy::result_large_err)]

mod commands;
mod completion;
mod context;
mod env;
mod values;

use nu_plugin::{Plugin, PluginCommand};

/// The plugin: it only lists its commands.
pub struct UvcachePlugin;

impl Plugin for UvcachePlugin {
    fn version(&self) -> String {
        env!("CARGO_PKG_VERSION").into()
    }

    fn commands(&self) -> Vec<Box<dyn PluginCommand<Plugin = Self>>> {
        vec![
            Box::new(commands::Main),
            // Where the cache is and how it was decided.
            Box::new(commands::Dir),
            Box::new(commands::Config),
            // What is in it.
            Box::new(commands::Ls),
            Box::new(commands::Size),
            Box::new(commands::History),
            Box::new(commands::Envs),
            // Removing from it.
            Box::new(commands::Clean),
            Box::new(commands::Prune),
            Box::new(commands::Policy),
            Box::new(commands::PolicyCheck),
            // Checking it.
            Box::new(commands::Push),
            Box::new(commands::Pull),
            Box::new(commands::RemoteLs),
            Box::new(commands::RemoteKeygen),
            Box::new(commands::Doctor),
            Box::new(commands::Fetch),
            Box::new(commands::Git),
            Box::new(commands::Key),
            Box::new(commands::Link),
        ]
    }
}
