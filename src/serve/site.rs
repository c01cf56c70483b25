//! The state `serve` answers requests from: the last good build, the errors
//! of the last failed rebuild (shown as an overlay), and the channel that
//! tells open pages to reload. Shared between the HTTP server and the watcher.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use tokio::sync::broadcast;

use crate::output::SiteOutput;

/// What the server shows at one moment: replaced as a whole after every
/// rebuild, so a request never sees half of one build and half of another.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The last build that succeeded (empty when none has yet).
    pub output: Arc<SiteOutput>,
    /// Edited pages rendered ahead of the rest of their rebuild, by output
    /// path: served instead of `output`'s files of the same paths until the
    /// whole site is rendered, so an edit shows without waiting for it.
    pub ahead: BTreeMap<String, Vec<u8>>,
    /// After a rebuild that served edited pages ahead: the version they
    /// were served at, and the files the rest of the rebuild changed. A
    /// page loaded at that version and not among those files is up to
    /// date, and need not reload when it connects.
    pub after_ahead: Option<(u64, Vec<String>)>,
    /// The overlay of the last rebuild, when it failed: every page shows it
    /// until a rebuild succeeds.
    pub failure: Option<String>,
    /// Counts the changes the browser has to know about; a page compares
    /// its own version with the server's when it (re)connects.
    pub version: u64,
}

impl Snapshot {
    /// The bytes of the output file at `key` (`about/index.html`): the
    /// page rendered ahead, if any, or the last good build's.
    pub fn file(&self, key: &str) -> Option<&Vec<u8>> {
        self.ahead.get(key).or_else(|| self.output.files.get(key))
    }

    /// The version a page (its output file, `about/index.html`) loaded at
    /// `version` is up to date with: its own when nothing it shows has
    /// changed since, the current one otherwise (and then it reloads).
    pub fn version_for(&self, page: &str, version: u64) -> u64 {
        match &self.after_ahead {
            Some((ahead, changed))
                if *ahead == version
                    && self.failure.is_none()
                    && page != "404.html"
                    && !changed.iter().any(|path| path == page) =>
            {
                version
            }
            _ => self.version,
        }
    }
}

/// One message to the open pages, sent as a server-sent event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The event's name: `built` or `failed`.
    pub name: &'static str,
    /// Its data: one line of JSON.
    pub data: String,
}

/// The served state and the reload channel, behind an `Arc` for the server
/// and the watcher thread.
#[derive(Debug)]
pub struct Shared {
    current: RwLock<Arc<Snapshot>>,
    messages: broadcast::Sender<Message>,
}

impl Shared {
    /// A state serving `snapshot`, with nobody listening yet.
    pub fn new(snapshot: Snapshot) -> Shared {
        let (messages, _) = broadcast::channel(64);
        Shared {
            current: RwLock::new(Arc::new(snapshot)),
            messages,
        }
    }

    /// The snapshot requests are answered from right now.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Replaces the snapshot, then tells the open pages with `message`.
    pub fn publish(&self, snapshot: Snapshot, message: Option<Message>) {
        let snapshot = Arc::new(snapshot);
        match self.current.write() {
            Ok(mut guard) => *guard = snapshot,
            Err(poisoned) => *poisoned.into_inner() = snapshot,
        }
        if let Some(message) = message {
            // No receiver just means no page is open.
            let _ = self.messages.send(message);
        }
    }

    /// A receiver of the messages sent from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Message> {
        self.messages.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_loaded_ahead_is_up_to_date_unless_it_changed_after() {
        let snapshot = Snapshot {
            version: 8,
            after_ahead: Some((7, vec!["articles/index.html".to_string()])),
            ..Snapshot::default()
        };
        // The edited page, served ahead at version 7, did not change again.
        assert_eq!(snapshot.version_for("articles/edited/index.html", 7), 7);
        // The list did: it reloads, as does a page of any other version.
        assert_eq!(snapshot.version_for("articles/index.html", 7), 8);
        assert_eq!(snapshot.version_for("articles/edited/index.html", 6), 8);
        assert_eq!(snapshot.version_for("404.html", 7), 8);
        let plain = Snapshot {
            version: 8,
            ..Snapshot::default()
        };
        assert_eq!(plain.version_for("articles/edited/index.html", 7), 8);
    }
}
