//! ctrl-c: the first one sets a flag the commands poll (a walk or a transfer stops at the next
//! directory or chunk, a deletion under way finishes what it parked), and the command exits
//! with 130; a second one exits at once, as a terminal user expects.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use uvcache_commands::context::Interrupted;

/// The check the commands poll, set by ctrl-c. Without a handler (the system refused one),
/// ctrl-c ends the process as it would anyway, and the check stays false.
pub fn on_ctrl_c() -> Interrupted {
    let pressed = Arc::new(AtomicBool::new(false));
    let sigint = signal_hook::consts::SIGINT;
    // Registered first, so that it sees the flag as the second press finds it.
    let _ = signal_hook::flag::register_conditional_shutdown(sigint, 130, pressed.clone());
    let _ = signal_hook::flag::register(sigint, pressed.clone());
    Arc::new(move || pressed.load(Ordering::Relaxed))
}
