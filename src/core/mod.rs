//! The pure core: no files, no clock, no terminal, no clap. Everything here takes its inputs
//! as values (time included) and is tested as such.

pub mod advice;
pub mod audit;
pub mod backup;
pub mod chain;
pub mod document;
pub mod drill;
pub mod duration;
pub mod edit;
pub mod halves;
pub mod hitting;
pub mod kit;
pub mod location;
pub mod material;
pub mod otp;
pub mod otpauth;
pub mod packed;
pub mod qr;
pub mod recovery;
pub mod search;
pub mod secret;
pub mod services;
pub mod share;
pub mod shell;
pub mod sshkey;
pub mod text;
pub mod transfer;
pub mod vault;
