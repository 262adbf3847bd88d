//! opsbook: a static-site generator for weekly operational reviews and incident summaries.
//!
//! The pipeline, one module per stage:
//! **load** (read `content/`) → **resolve** (one checked model) → **analyze** (figures over the
//! model) → **render** (Markdown and templates) → **write** (atomic output). [`site::Site`] runs it.

// No input may make opsbook panic: code outside tests handles every case instead of unwrapping.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::unreachable,
    clippy::todo,
    clippy::unimplemented
)]

pub mod analyze;
pub mod cli;
pub mod diagnostics;
pub(crate) mod import;
pub mod load;
pub mod render;
pub mod resolve;
pub mod scaffold;
#[cfg(feature = "serve")]
pub mod serve;
pub mod site;
pub mod types;
pub mod write;
