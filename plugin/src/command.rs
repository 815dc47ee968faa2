//! What every `uvcache` command shares as a Nushell command: its category, its help from the
//! command layer, and the invocation built from the caller's environment and flags. A command
//! says only what is its own ([`UvcacheCommand`]); [`Command`] makes it a plugin command.

use std::cell::OnceCell;

use nu_plugin::{EngineInterface, EvaluatedCall, PluginCommand};
use nu_protocol::engine::ArgType;
use nu_protocol::{Category, DynamicSuggestion, Example, LabeledError, PipelineData, Signature};
use uvcache_commands::Invocation;

use crate::UvcachePlugin;
use crate::context::{invocation, output};

/// One `uvcache` command.
pub trait UvcacheCommand: Send + Sync {
    /// `uvcache size`.
    const NAME: &'static str;
    /// The command layer's one-line help.
    const ABOUT: &'static str;
    /// The command layer's long help.
    const LONG_ABOUT: &'static str;
    const SEARCH_TERMS: &'static [&'static str];

    /// Its parameters and types, added to a signature that has its name and category.
    fn signature(&self, signature: Signature) -> Signature;

    fn examples(&self) -> Vec<Example<'_>>;

    /// Suggestions for the argument `arg_type` (none by default).
    fn completes(
        &self,
        _engine: &EngineInterface,
        _arg_type: ArgType,
    ) -> Option<Vec<DynamicSuggestion>> {
        None
    }

    /// Runs it for `caller`: its own flags read first, then [`Caller::invocation`], so that a
    /// bad flag is reported before a bad setting. A value, or a stream of rows (`ls`).
    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError>;
}

/// The call a command answers, and the invocation built from the caller's environment, flags
/// and plugin config once the command asks for it.
pub struct Caller<'a> {
    pub engine: &'a EngineInterface,
    pub call: &'a EvaluatedCall,
    invocation: OnceCell<Invocation>,
}

impl Caller<'_> {
    /// The command layer's answer for this caller (`run` given the invocation), as a Nushell
    /// value, its error pointed at what it blames.
    pub fn answer(
        &self,
        run: impl FnOnce(&Invocation) -> uvcache_commands::Result<uvcache_commands::Value>,
    ) -> Result<PipelineData, LabeledError> {
        let invocation = self.invocation()?;
        output(self.call, run(invocation)).map(|value| PipelineData::value(value, None))
    }

    /// The invocation, built the first time it is asked for.
    pub fn invocation(&self) -> Result<&Invocation, LabeledError> {
        if let Some(built) = self.invocation.get() {
            return Ok(built);
        }
        let built = invocation(self.engine, self.call)?;
        Ok(self.invocation.get_or_init(|| built))
    }
}

/// A [`UvcacheCommand`] as Nushell runs it.
pub struct Command<C>(pub C);

impl<C: UvcacheCommand> PluginCommand for Command<C> {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        C::NAME
    }

    fn description(&self) -> &str {
        C::ABOUT
    }

    fn extra_description(&self) -> &str {
        C::LONG_ABOUT
    }

    fn search_terms(&self) -> Vec<&str> {
        C::SEARCH_TERMS.to_vec()
    }

    fn signature(&self) -> Signature {
        let signature = Signature::build(C::NAME).category(Category::Custom("uvcache".into()));
        self.0.signature(signature)
    }

    fn examples(&self) -> Vec<Example<'_>> {
        self.0.examples()
    }

    #[expect(deprecated, reason = "experimental API of nu-plugin 0.115")]
    fn get_dynamic_completion(
        &self,
        _plugin: &UvcachePlugin,
        engine: &EngineInterface,
        _call: nu_plugin::DynamicCompletionCall,
        arg_type: ArgType,
        _experimental: nu_protocol::engine::ExperimentalMarker,
    ) -> Option<Vec<DynamicSuggestion>> {
        self.0.completes(engine, arg_type)
    }

    fn run(
        &self,
        _plugin: &UvcachePlugin,
        engine: &EngineInterface,
        call: &EvaluatedCall,
        _input: PipelineData,
    ) -> Result<PipelineData, LabeledError> {
        let caller = Caller {
            engine,
            call,
            invocation: OnceCell::new(),
        };
        let value = self.0.run(&caller);
        if let Some(invocation) = caller.invocation.get() {
            say_warnings(invocation);
        }
        value
    }
}

/// An example whose result is not checked.
pub fn example<'a>(example: &'a str, description: &'a str) -> Example<'a> {
    Example {
        example,
        description,
        result: None,
    }
}

/// The warnings a command said, on nu's standard error (as the CLI prints them): places that
/// found nothing, index problems, a link mode's fallback, refused manifests.
fn say_warnings(invocation: &Invocation) {
    for warning in invocation.warnings.take() {
        eprintln!("warning: {warning}");
    }
}
