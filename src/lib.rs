//! Hearth: a static site generator for coaches' practice websites.
//!
//! The pipeline runs one way, one module per stage, with plain data
//! between; no stage imports a later one (`tests/architecture.rs` holds
//! the order):
//!
//! 1. [`config`]: `content/site.yaml` and the command line -> [`config::SiteConfig`].
//! 2. [`load`]: walks `content/` and the static folders -> files' text and assets.
//! 3. [`parse`]: front matter, markdown bodies, comparisons, referral -> parsed pages and data.
//! 4. [`link`]: addresses, one owner per output file, links, backlinks -> [`link::LinkedSite`].
//! 5. [`lint`]: what hurts a site without breaking it -> warnings, by code.
//! 6. [`external`]: `check --external` only: requests external links.
//! 7. [`output`]: where files go: memory, or a staging folder swapped into place.
//! 8. [`render`]: Tera templates, in parallel, handing each file to an output.
//! 9. [`search`]: the search index of the rendered pages (Pagefind, in-process).
//! 10. [`build`]: runs the stages for `build`, `check` and `serve`.
//!
//! Belonging to no stage, used by any: [`diagnostic`] (problems with their
//! place), [`paths`] (every address and output file), [`files`] (reading
//! files safely), [`urls`] (one URL parser), [`yaml`] (one YAML reader),
//! [`markdown`] (scanning and writing markdown, for parse and render),
//! [`photo`] (reading, resizing and encoding content photos, and their cache).
//! The commands' own modules: [`scaffold`] (`init`, `new`) and [`serve`].
//! The command line lives in `main.rs` and `cmd/`, one file per command.

pub mod build;
pub mod config;
pub mod diagnostic;
pub mod digest;
pub mod external;
pub mod files;
pub mod link;
pub mod lint;
pub mod load;
pub mod markdown;
pub mod output;
pub mod parse;
pub mod paths;
pub mod photo;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod urls;
pub mod yaml;
