//! The state `serve` answers requests from: the last good build, the errors
//! of the last failed rebuild (shown as an overlay), what each recent
//! rebuild changed, and the channel that tells open pages to reload. Shared
//! between the HTTP server and the watcher.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::{Arc, RwLock};

use tokio::sync::broadcast;

use crate::output::SiteOutput;
use crate::search::LazyIndex;

/// How many rebuilds back a page that missed their messages can be told
/// precisely whether it is still up to date; an older page just reloads.
const HISTORY: usize = 256;

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
    /// The overlay of the last rebuild, when it failed: every page shows it
    /// until a rebuild succeeds.
    pub failure: Option<String>,
    /// Counts the changes the browser has to know about: one more for each
    /// message sent. A page compares its own version with the server's
    /// when it (re)connects.
    pub version: u64,
    /// The search index of `output`, made when it is first asked for.
    pub search: Option<Arc<LazyIndex>>,
    /// Pages removed since `output` was rendered, by output path: not
    /// served while the rest of their rebuild is rendered.
    pub gone: BTreeSet<String>,
}

impl Snapshot {
    /// The bytes of the output file at `key` (`about/index.html`): the
    /// page rendered ahead, if any, or the last good build's.
    pub fn file(&self, key: &str) -> Option<&Vec<u8>> {
        if self.gone.contains(key) {
            return None;
        }
        self.ahead.get(key).or_else(|| self.output.files.get(key))
    }

    /// The search index's file at `key`, when `key` is one: made from
    /// `output` the first time any of them is asked for, which takes a
    /// while on a large site (call it off the server's threads).
    pub fn search_file(&self, key: &str) -> Option<&Vec<u8>> {
        let search = self.search.as_ref().filter(|search| search.holds(key))?;
        search.file(key, &self.output)
    }

    /// Whether `key` names a file of the search index, made or not.
    pub fn is_search_file(&self, key: &str) -> bool {
        self.search.as_ref().is_some_and(|search| search.holds(key))
    }
}

/// What one new version changed, for the pages that missed its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Touched {
    /// These output files changed.
    Files(Vec<String>),
    /// Every page has to reload: a failed rebuild (its overlay), the first
    /// good one after it, or more files than a message lists.
    Everything,
}

impl Touched {
    /// Whether the page at output file `page` shows something that changed.
    fn page(&self, page: &str) -> bool {
        match self {
            Touched::Everything => true,
            // The 404 page stands for any missing page: any page may be it now.
            Touched::Files(files) => files.iter().any(|file| {
                file == page
                    || (page == crate::paths::output_file(crate::paths::NOT_FOUND)
                        && file.ends_with(".html"))
            }),
        }
    }

    fn styles(&self) -> bool {
        matches!(self, Touched::Files(files) if files.iter().any(|file| file.ends_with(".css")))
    }
}

/// What a page that may have missed messages is told: whether it is up to
/// date, and how to catch up without reloading when it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Freshness {
    /// Whether nothing the page shows changed since its version: then it
    /// stays, else it reloads.
    pub fresh: bool,
    /// The server's version, which a page that stays takes on.
    pub current: u64,
    /// Whether a stylesheet changed since: a page that stays swaps its styles.
    pub styles: bool,
}

impl Freshness {
    /// As JSON, the data of a `hello` event and the answer of the version check.
    pub fn json(&self) -> String {
        serde_json::json!({
            "fresh": self.fresh,
            "current": self.current,
            "styles": self.styles,
        })
        .to_string()
    }
}

/// One message to the open pages, sent as a server-sent event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The event's name: `built` or `failed`.
    pub name: &'static str,
    /// Its data: one line of JSON.
    pub data: String,
    /// The version it announces.
    pub version: u64,
}

/// The snapshot and the recent history, changed together.
#[derive(Debug)]
struct State {
    snapshot: Arc<Snapshot>,
    /// Each recent version, oldest first, with what it changed.
    history: VecDeque<(u64, Touched)>,
}

/// The served state and the reload channel, behind an `Arc` for the server
/// and the watcher thread.
#[derive(Debug)]
pub struct Shared {
    current: RwLock<State>,
    messages: broadcast::Sender<Message>,
    /// Tells this run of the server from earlier ones, whose versions
    /// counted from the start too.
    run: u64,
}

impl Shared {
    /// A state serving `snapshot`, with nobody listening yet.
    pub fn new(snapshot: Snapshot) -> Shared {
        let (messages, _) = broadcast::channel(64);
        Shared {
            current: RwLock::new(State {
                snapshot: Arc::new(snapshot),
                history: VecDeque::new(),
            }),
            messages,
            run: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |since| since.as_nanos() as u64),
        }
    }

    /// What tells this run of the server from earlier ones.
    pub fn run(&self) -> u64 {
        self.run
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.current
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The snapshot requests are answered from right now.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.read().snapshot)
    }

    /// Replaces the snapshot, remembers what its version `touched` (when
    /// it is a new version), then tells the open pages with `message`.
    pub fn publish(&self, snapshot: Snapshot, message: Message, touched: Touched) {
        let snapshot = Arc::new(snapshot);
        {
            let mut state = self
                .current
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if snapshot.version > state.snapshot.version {
                if state.history.len() == HISTORY {
                    state.history.pop_front();
                }
                state.history.push_back((snapshot.version, touched));
            }
            state.snapshot = snapshot;
        }
        // No receiver just means no page is open.
        let _ = self.messages.send(message);
    }

    /// A receiver of the messages sent from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Message> {
        self.messages.subscribe()
    }

    /// Whether the page at output file `page` (`about/index.html`), loaded
    /// at `version`, is up to date: nothing it shows changed in any
    /// version since. A page the history does not reach back to is not.
    pub fn freshness(&self, page: &str, version: u64) -> Freshness {
        let state = self.read();
        let current = state.snapshot.version;
        let stale = Freshness {
            fresh: false,
            current,
            styles: false,
        };
        if version > current {
            // From another run of the server.
            return stale;
        }
        let since: Vec<&(u64, Touched)> =
            state.history.iter().filter(|(v, _)| *v > version).collect();
        let reaches_back = since.len() as u64 == current - version;
        if !reaches_back || since.iter().any(|(_, touched)| touched.page(page)) {
            return stale;
        }
        Freshness {
            fresh: true,
            current,
            styles: since.iter().any(|(_, touched)| touched.styles()),
        }
    }

    /// What a page that does not say which it is, or is from an earlier
    /// run of the server, is told: it cannot be up to date.
    pub fn stale(&self) -> Freshness {
        Freshness {
            fresh: false,
            current: self.read().snapshot.version,
            styles: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn publish(shared: &Shared, version: u64, touched: Touched) {
        let message = Message {
            name: "built",
            data: String::new(),
            version,
        };
        let snapshot = Snapshot {
            version,
            ..Snapshot::default()
        };
        shared.publish(snapshot, message, touched);
    }

    fn files(paths: &[&str]) -> Touched {
        Touched::Files(paths.iter().map(|p| p.to_string()).collect())
    }

    #[test]
    fn a_page_is_up_to_date_unless_something_it_shows_changed_since() {
        let shared = Shared::new(Snapshot::default());
        // An edited article served ahead (1), then the lists (2), then the styles (3).
        publish(&shared, 1, files(&["articles/edited/index.html"]));
        publish(&shared, 2, files(&["articles/index.html"]));
        publish(&shared, 3, files(&["style.css"]));
        let fresh = |page: &str, version: u64| shared.freshness(page, version).fresh;
        assert_eq!(
            shared.freshness("articles/edited/index.html", 1),
            Freshness {
                fresh: true,
                current: 3,
                styles: true
            }
        );
        assert_eq!(
            shared.freshness("articles/edited/index.html", 3),
            Freshness {
                fresh: true,
                current: 3,
                styles: false
            }
        );
        assert!(!fresh("articles/edited/index.html", 0));
        assert!(!fresh("articles/index.html", 1));
        assert!(fresh("articles/index.html", 2));
        assert!(fresh("contact/index.html", 0));
        // The 404 page stands for every missing page.
        assert!(!fresh("404.html", 1));
        // A version from another run of the server.
        assert!(!fresh("contact/index.html", 9));
        // A failure, and the recovery after it, touch every page.
        publish(&shared, 4, Touched::Everything);
        assert!(!fresh("contact/index.html", 3));
        // The same version again (a rebuild that changed nothing) adds nothing.
        publish(&shared, 4, files(&["contact/index.html"]));
        assert!(fresh("contact/index.html", 4));
        assert_eq!(
            shared.stale(),
            Freshness {
                fresh: false,
                current: 4,
                styles: false
            }
        );
    }

    #[test]
    fn a_page_older_than_the_history_reloads() {
        let shared = Shared::new(Snapshot::default());
        for version in 1..=(HISTORY as u64 + 1) {
            publish(&shared, version, files(&["style.css"]));
        }
        assert!(!shared.freshness("index.html", 0).fresh);
        assert!(shared.freshness("index.html", 1).fresh);
    }
}
