//! Watching the site's sources (`content/`, `themes/`, `templates/`,
//! `static/`) and rebuilding after each burst of changes. Editors' temporary
//! and swap files are ignored; an atomic save (write a temporary file, then
//! rename it over the real one) counts as a change of the real file.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, FileIdCache, NoCache, new_debouncer_opt,
};

use super::rebuild::{Change, Outcome, Rebuilder};
use crate::load::is_ignored;

/// The folders under the site root whose files make the site.
pub const WATCHED: [&str; 4] = ["content", "themes", "templates", "static"];

/// How long a file must be quiet before its change counts: long enough to
/// make one change of an editor's burst of events on it, short enough to
/// feel instant.
const QUIET: Duration = Duration::from_millis(15);

/// The debouncer reports each file once it is quiet, so a burst over many
/// files can come in several reports; reports this close together make one
/// rebuild.
const SETTLE: Duration = Duration::from_millis(5);

/// A stream of changes that never settles still rebuilds this often.
const MAX_GATHER: Duration = Duration::from_millis(250);

/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// Whether a change at `path` can change the site rooted at `root`.
pub fn is_relevant(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut components = relative.components();
    let Some(Component::Normal(first)) = components.next() else {
        return false;
    };
    if !WATCHED.iter().any(|name| first == *name) {
        return false;
    }
    relative.components().all(|component| match component {
        Component::Normal(name) => !is_ignored(&name.to_string_lossy()),
        _ => false,
    })
}

/// Starts watching the site at `root` (absolute) on a thread of its own,
/// which rebuilds with `rebuilder` after each burst of changes and calls
/// `after` with the outcome. `poll` uses polling instead of native events.
pub fn spawn(
    root: PathBuf,
    poll: bool,
    rebuilder: Rebuilder,
    after: fn(&Outcome),
) -> Result<std::thread::JoinHandle<()>, notify::Error> {
    let (sender, receiver) = mpsc::channel();
    if poll {
        // Modification times are compared in whole seconds; comparing the
        // contents notices two saves within the same second too.
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            .with_compare_contents(true);
        let debouncer = new_debouncer_opt::<_, notify::PollWatcher, NoCache>(
            QUIET.max(POLL_INTERVAL / 2),
            None,
            sender,
            NoCache::new(),
            config,
        )?;
        start(root, debouncer, receiver, rebuilder, after)
    } else {
        let debouncer = new_debouncer_opt::<_, notify::RecommendedWatcher, NoCache>(
            QUIET,
            None,
            sender,
            NoCache::new(),
            notify::Config::default(),
        )?;
        start(root, debouncer, receiver, rebuilder, after)
    }
}

fn start<W, C>(
    root: PathBuf,
    mut debouncer: Debouncer<W, C>,
    receiver: mpsc::Receiver<DebounceEventResult>,
    mut rebuilder: Rebuilder,
    after: fn(&Outcome),
) -> Result<std::thread::JoinHandle<()>, notify::Error>
where
    W: notify::Watcher + Send + 'static,
    C: FileIdCache + Send + 'static,
{
    // The root itself, not recursively: to notice a watched folder appear.
    debouncer.watch(&root, RecursiveMode::NonRecursive)?;
    let mut watched = Vec::new();
    watch_new_folders(&root, &mut debouncer, &mut watched);
    Ok(std::thread::spawn(move || {
        // Dropping the debouncer stops the watching; it lives as long as this thread.
        while let Ok(first) = receiver.recv() {
            // A set: a `git checkout` can report thousands of files, often twice.
            let mut changes = BTreeSet::new();
            let mut lost = collect(&root, first, &mut changes);
            // Whatever arrived during the last rebuild, or arrives right
            // after this report, joins this rebuild.
            let started = Instant::now();
            while started.elapsed() < MAX_GATHER
                && let Ok(more) = receiver.recv_timeout(SETTLE)
            {
                lost |= collect(&root, more, &mut changes);
            }
            if changes.is_empty() && !lost {
                continue;
            }
            watch_new_folders(&root, &mut debouncer, &mut watched);
            let outcome = if lost {
                rebuilder.full()
            } else {
                rebuilder.rebuild(&changes.into_iter().collect::<Vec<_>>())
            };
            after(&outcome);
        }
    }))
}

/// Watches each of [`WATCHED`] that exists and is not watched yet.
fn watch_new_folders<W: notify::Watcher, C: FileIdCache>(
    root: &Path,
    debouncer: &mut Debouncer<W, C>,
    watched: &mut Vec<&'static str>,
) {
    for name in WATCHED {
        let folder = root.join(name);
        if folder.is_dir() {
            if !watched.contains(&name) {
                match debouncer.watch(&folder, RecursiveMode::Recursive) {
                    Ok(()) => watched.push(name),
                    Err(error) => eprintln!(
                        "warning: cannot watch {}: {error}; changes there need a restart of `hearth serve`",
                        folder.display()
                    ),
                }
            }
        } else if watched.contains(&name) {
            // Removed: watch it again if it comes back.
            let _ = debouncer.unwatch(&folder);
            watched.retain(|n| *n != name);
        }
    }
}

/// Adds the relevant changes of one debounced batch to `changes`; returns
/// true when events were lost, so that only a full rebuild is safe.
fn collect(root: &Path, result: DebounceEventResult, changes: &mut BTreeSet<Change>) -> bool {
    match result {
        Ok(events) => {
            let mut lost = false;
            for event in events {
                // The system dropped events (a full queue): what was
                // reported no longer tells everything that changed.
                lost |= event.need_rescan();
                add(root, &event, changes);
            }
            if lost {
                eprintln!("warning: the system lost some file events; rebuilding everything");
            }
            lost
        }
        Err(errors) => {
            for error in errors {
                eprintln!("warning: watching the files: {error}; rebuilding everything");
            }
            true
        }
    }
}

fn add(root: &Path, event: &DebouncedEvent, changes: &mut BTreeSet<Change>) {
    let removed = match event.kind {
        // Reading a file (as every build does) changes nothing.
        EventKind::Access(_) => return,
        EventKind::Remove(_) => true,
        EventKind::Modify(notify::event::ModifyKind::Name(_)) => false,
        _ => false,
    };
    for path in &event.paths {
        if !is_relevant(root, path) {
            continue;
        }
        // A rename reports both names; the one that no longer exists went away.
        let removed = removed || !path.exists();
        let change = Change {
            path: path.clone(),
            removed,
        };
        changes.insert(change);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_not_relevant() {
        let root = Path::new("/site");
        for path in [
            "/site/content/.a.md.swp",
            "/site/content/a.md~",
            "/site/content/4913",
            "/site/content/.#a.md",
            "/site/content/#a.md#",
            "/site/content/a.md.tmp",
            "/site/public/index.html",
            "/site/target/x",
            "/elsewhere/content/a.md",
        ] {
            assert!(!is_relevant(root, Path::new(path)), "{path}");
        }
        for path in [
            "/site/content/a.md",
            "/site/content/new/index.md",
            "/site/themes/default/static/style.css",
            "/site/templates/page.html",
            "/site/static/x.pdf",
        ] {
            assert!(is_relevant(root, Path::new(path)), "{path}");
        }
    }

    fn event(kind: EventKind, path: &str) -> DebouncedEvent {
        DebouncedEvent::new(
            notify::Event::new(kind).add_path(path.into()),
            Instant::now(),
        )
    }

    #[test]
    fn repeated_reports_make_one_change_and_lost_events_a_full_rebuild() {
        let root = Path::new("/site");
        let modify = EventKind::Modify(notify::event::ModifyKind::Any);
        let mut changes = BTreeSet::new();
        let batch = vec![
            event(modify, "/site/content/a.md"),
            event(modify, "/site/content/a.md"),
            event(modify, "/site/content/.a.md.swp"),
        ];
        assert!(!collect(root, Ok(batch), &mut changes));
        assert_eq!(changes.len(), 1, "{changes:?}");

        let mut rescan = event(EventKind::Other, "/site/content");
        rescan.event = rescan.event.clone().set_flag(notify::event::Flag::Rescan);
        assert!(
            collect(root, Ok(vec![rescan]), &mut changes),
            "a rescan loses events"
        );
    }
}
