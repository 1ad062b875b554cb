//! SIGINT and SIGTERM: a clean stop. The first one asks the run to stop: the reader takes no
//! more input, the unfinished output is removed (the previous dataset stays as it was), and
//! khabar exits with 128 + the signal's number (130 for SIGINT, 143 for SIGTERM). A second one
//! ends the process at once, with the same code.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use signal_hook::consts::{SIGINT, SIGTERM};

/// The signal that asked for the stop, 0 while none has.
static SIGNAL: OnceLock<Arc<AtomicUsize>> = OnceLock::new();

/// Installs the handlers.
pub(crate) fn install() -> std::io::Result<()> {
    let signal = SIGNAL.get_or_init(|| Arc::new(AtomicUsize::new(0)));
    let stopping = Arc::new(AtomicBool::new(false));
    for sig in [SIGINT, SIGTERM] {
        // Registered first, so that it sees the flag the first signal set.
        signal_hook::flag::register_conditional_shutdown(sig, 128 + sig, Arc::clone(&stopping))?;
        signal_hook::flag::register(sig, Arc::clone(&stopping))?;
        signal_hook::flag::register_usize(sig, Arc::clone(signal), sig as usize)?;
    }
    Ok(())
}

/// The signal that asked for a stop, if one did.
pub(crate) fn requested() -> Option<i32> {
    let sig = SIGNAL.get()?.load(Ordering::Relaxed);
    (sig != 0).then_some(sig as i32)
}

/// `Err(Stopped)` once a stop was asked for.
pub(crate) fn check() -> Result<(), Stopped> {
    requested().map_or(Ok(()), |sig| Err(Stopped(sig)))
}

/// The run stopped on a signal.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stopped(pub(crate) i32);

impl Stopped {
    /// The exit code: 128 + the signal's number.
    pub(crate) fn exit_code(self) -> u8 {
        u8::try_from(128 + self.0).unwrap_or(u8::MAX)
    }
}

impl fmt::Display for Stopped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.0 {
            SIGINT => "SIGINT",
            SIGTERM => "SIGTERM",
            _ => "a signal",
        };
        write!(f, "stopped by {name}; the unfinished output was removed and the previous one left as it was")
    }
}

impl std::error::Error for Stopped {}
