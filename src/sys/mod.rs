//! The edge: everything that touches the world (files and their locks, age keys, the
//! terminal, the clock, configuration, standard output). The core never calls in here.

pub mod agent;
pub mod allocator;
pub mod clipboard;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod detach;
pub mod fs;
pub mod output;
pub mod passphrase;
pub mod paths;
pub mod pdf;
pub mod ssh;
