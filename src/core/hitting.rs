//! The exact minimum hitting set of recovery paths (placeholder; being written).

pub use super::audit::min_hitting_set;
