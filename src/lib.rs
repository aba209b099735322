//! mfa-kit: keeps every way back into an account (TOTP secrets, recovery codes, SSH recovery
//! keys, declared recovery paths) in one age-encrypted vault, backs it up with age, and audits
//! that no single lost device or forgotten passphrase locks the user out.
//!
//! The map: `core` is pure (models, formats, arithmetic); `sys` is the edge (files, locks,
//! keys, terminal, clock, output); `app` holds one file per command, gluing the two;
//! `cli` holds only the clap types, so man pages and completions render from it alone;
//! `error` is the one error type and its exit statuses; `docs` renders completions and man
//! pages from `cli`.

pub mod app;
pub mod cli;
pub mod core;
pub mod docs;
pub mod error;
pub mod sys;

pub use error::{Error, Outcome, Result};
