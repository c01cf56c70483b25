// Hearth live reload: injected by `hearth serve` only, never by `hearth build`.
// All tabs of the preview share one event stream: a browser opens only six
// connections to one server, so one stream per tab would starve the seventh.
// The tab holding the lock `hearth-reload` listens, and passes each event on
// to the others over a BroadcastChannel; when it closes, another takes over.
(() => {
  const me = document.currentScript;
  const page = me.dataset.hearthPage;
  const run = me.dataset.hearthRun;
  let version = Number(me.dataset.hearthVersion);
  const overlay = () => document.getElementById('hearth-overlay');
  const swapStyles = () => {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set('hearth', Date.now());
      link.href = url.href;
    }
  };
  const query = () => new URLSearchParams({ page, run, version });
  // `data` says whether this page is up to date; if it is, the page takes
  // on the server's version (and new styles).
  const settle = (data) => {
    if (!data.fresh) {
      location.reload();
      return;
    }
    version = Math.max(version, data.current);
    me.dataset.hearthVersion = version;
    if (data.styles) swapStyles();
  };
  // Asks the server whether this page is still up to date: when first
  // loaded, and when events may have been missed (another tab took the
  // stream over, one was skipped).
  const check = () => {
    fetch('/__hearth/version?' + query(), { cache: 'no-store' })
      .then((reply) => reply.json())
      .then(settle)
      .catch(() => {});
  };
  const handle = (name, data) => {
    if (name === 'hello') {
      settle(data);
      return;
    }
    if (name === 'check') {
      check();
      return;
    }
    // Each version comes with one event: a gap means one was missed.
    if (data.version > version + 1) check();
    if (name === 'built') {
      version = data.version;
      me.dataset.hearthVersion = version;
      const changed = data.changed || [];
      const mine = changed.includes(page) ||
        (page === '404.html' && changed.some((p) => p.endsWith('.html')));
      if (data.all || mine || overlay()) {
        location.reload();
      } else if (changed.some((p) => p.endsWith('.css'))) {
        swapStyles();
      }
    } else if (name === 'failed') {
      version = data.version;
      me.dataset.hearthVersion = version;
      const old = overlay();
      if (old) old.remove();
      document.body.insertAdjacentHTML('beforeend', data.overlay);
    }
  };
  const listen = (pass) => {
    const events = new EventSource('/__hearth/events?' + query());
    for (const name of ['hello', 'built', 'failed']) {
      events.addEventListener(name, (e) => pass(name, JSON.parse(e.data)));
    }
  };
  if (!(navigator.locks && window.BroadcastChannel)) {
    // No Web Locks (a page not on localhost, an old browser): a stream per tab.
    listen(handle);
    return;
  }
  const channel = new BroadcastChannel('hearth-reload');
  channel.onmessage = (e) => handle(e.data.name, e.data.data);
  check();
  // Held until this tab closes or reloads: the promise never settles.
  navigator.locks.request('hearth-reload', () => new Promise(() => {
    me.dataset.hearthStream = 'held';
    listen((name, data) => {
      // A `hello` means events may have been missed: every tab checks.
      channel.postMessage(name === 'hello' ? { name: 'check' } : { name, data });
      handle(name, data);
    });
  }));
})();
