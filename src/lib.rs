//! Hearth: a static site generator for coaches' practice websites.
//!
//! The pipeline runs one way, one module per stage, with plain data between:
//! [`config`] -> [`load`] -> [`parse`] -> [`link`] -> [`lint`] -> [`render`] -> [`output`].
//! [`build::build_site`] runs it; the command line lives in `main.rs`.
//! [`markdown`] reads and writes markdown for `parse` and `render`, and belongs to no stage.

pub mod build;
pub mod config;
pub mod diagnostic;
pub mod external;
pub mod files;
pub mod link;
pub mod lint;
pub mod load;
pub mod markdown;
pub mod output;
pub mod parse;
pub mod paths;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod yaml;
