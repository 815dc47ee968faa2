//! One file per command.

// The bare `uvcache` group.
mod main;
// Where the cache is.
mod config;
mod dir;
// What is in it.
mod envs;
mod history;
mod ls;
mod size;
// Removing from it.
mod clean;
mod policy;
mod prune;
mod removal;
// Sharing it.
mod pull;
mod push;
mod remote_keygen;
mod remote_ls;
// Checking it.
mod doctor;
// The freshness side, in uvcache's own store.
mod fetch;
mod git;
mod key;
mod link;

pub use clean::Clean;
pub use config::Config;
pub use dir::Dir;
pub use doctor::Doctor;
pub use envs::Envs;
pub use fetch::Fetch;
pub use git::Git;
pub use history::History;
pub use key::Key;
pub use link::Link;
pub use ls::Ls;
pub use main::Main;
pub use policy::{Policy, PolicyCheck};
pub use prune::Prune;
pub use pull::Pull;
pub use push::Push;
pub use remote_keygen::RemoteKeygen;
pub use remote_ls::RemoteLs;
pub use size::Size;

/// Test helper: a plugin test harness with `$env.PWD` set.
#[cfg(test)]
pub(crate) fn plugin_test() -> Result<nu_plugin_test_support::PluginTest, nu_protocol::ShellError> {
    let mut test = nu_plugin_test_support::PluginTest::new("uvcache", crate::UvcachePlugin.into())?;
    let cwd = std::env::temp_dir();
    test.engine_state_mut().add_env_var(
        "PWD".into(),
        nu_protocol::Value::test_string(cwd.to_string_lossy()),
    );
    test.engine_state_mut().add_env_var(
        "HOME".into(),
        nu_protocol::Value::test_string(cwd.to_string_lossy()),
    );
    Ok(test)
}

#[cfg(test)]
mod tests {
    use nu_plugin::Plugin;

    /// Every command's examples run in the plugin, and those that show a result give it.
    #[test]
    fn every_command_s_examples_run() -> Result<(), nu_protocol::ShellError> {
        let mut test = super::plugin_test()?;
        for command in crate::UvcachePlugin.commands() {
            test.test_examples(&command.examples())?;
        }
        Ok(())
    }
}
