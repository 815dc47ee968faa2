//! A writer of the store without a signing key, played against `file://`, real nginx (WebDAV)
//! and real Garage (S3) started here on 127.0.0.1 ([`uvcache_e2e::attacker`]): after every
//! mutation of every kind of object, the next honest signed push signs only what it hashed, and
//! a pull trusting only the honest key places the honest bytes or nothing.

use std::path::Path;

use uvcache::Environment;
use uvcache::config::{Config, Flags, FrontendSettings};
use uvcache::remote::{Remote, resolve};
use uvcache_e2e::attacker::Attacker;
use uvcache_e2e::servers::{Garage, Nginx};

fn open(url: &str, cwd: &Path, vars: &[(String, String)]) -> Remote {
    let mut env = Environment::new(cwd);
    for (key, value) in vars {
        env = env.with_var(key.clone(), value.clone());
    }
    let config =
        Config::load(&env, &Flags::default(), &FrontendSettings::default()).expect("config");
    Remote::open_to_write(resolve(&config, url).expect("url"), &env).expect("remote")
}

#[test]
fn a_writer_without_a_key_gets_nothing_in_on_a_folder() {
    let work = tempfile::tempdir().expect("work");
    let store = work.path().join("store");
    let remote = open(&format!("file://{}", store.display()), work.path(), &[]);
    let tally = Attacker::new(&remote, Some(&store), work.path()).run(true);
    eprintln!("file://: {tally:?}");
    assert!(tally.cases > 100, "{tally:?}");
    assert!(tally.honest_pulled > 0 && tally.denied > 0, "{tally:?}");
}

#[test]
fn a_writer_without_a_key_gets_nothing_in_on_webdav_and_s3() {
    let nginx = Nginx::start();
    let garage = Garage::start();
    for (name, url, vars) in [
        ("webdav", nginx.url("team/uv"), Vec::new()),
        ("s3", garage.url("team/uv"), garage.env()),
    ] {
        let work = tempfile::tempdir().expect("work");
        let remote = open(&url, work.path(), &vars);
        let tally = Attacker::new(&remote, None, work.path()).run(false);
        eprintln!("{name}: {tally:?}");
        assert!(tally.cases >= 30, "{name}: {tally:?}");
        assert!(tally.honest_pulled > 0, "{name}: {tally:?}");
    }
}
