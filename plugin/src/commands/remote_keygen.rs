//! `uvcache remote keygen`: an ed25519 key pair to sign pushes with.

use nu_protocol::{Example, LabeledError, PipelineData, Signature, SyntaxShape, Type};
use uvcache_commands::remote;

use crate::command::{Caller, UvcacheCommand, example};
use crate::context::CacheFlags;

/// `uvcache remote keygen`.
pub struct RemoteKeygen;

impl UvcacheCommand for RemoteKeygen {
    const NAME: &'static str = "uvcache remote keygen";
    const ABOUT: &'static str = remote::KEYGEN_ABOUT;
    const LONG_ABOUT: &'static str = remote::KEYGEN_LONG_ABOUT;
    const SEARCH_TERMS: &'static [&'static str] = &["sign", "key", "ed25519", "trust", "remote"];

    fn signature(&self, signature: Signature) -> Signature {
        signature
            .required(
                "name",
                SyntaxShape::String,
                "The key's name (letters, digits, -, _, .).",
            )
            .named("output", SyntaxShape::Filepath, remote::OUTPUT, Some('o'))
            .cache_flags()
            .input_output_type(Type::Nothing, Type::record())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![example(
            "uvcache remote keygen ci-main | get public_key",
            "A key for CI on main; trust its public key where you pull.",
        )]
    }

    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError> {
        let call = caller.call;
        let name: String = call.req(0)?;
        let file: Option<String> = call.get_flag("output")?;
        caller.answer(|invocation| remote::keygen(invocation, &name, file.as_deref()))
    }
}
