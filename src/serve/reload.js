// Hearth live reload: injected by `hearth serve` only, never by `hearth build`.
(() => {
  const me = document.currentScript;
  const page = me.dataset.hearthPage;
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
  const query = new URLSearchParams({ page, version });
  const events = new EventSource('/__hearth/events?' + query);
  events.addEventListener('hello', (e) => {
    if (JSON.parse(e.data).version !== version) location.reload();
  });
  events.addEventListener('built', (e) => {
    const data = JSON.parse(e.data);
    version = data.version;
    const changed = data.changed || [];
    const mine = changed.includes(page) ||
      (page === '404.html' && changed.some((p) => p.endsWith('.html')));
    if (data.all || mine || overlay()) {
      location.reload();
    } else if (changed.some((p) => p.endsWith('.css'))) {
      swapStyles();
    }
  });
  events.addEventListener('failed', (e) => {
    const data = JSON.parse(e.data);
    version = data.version;
    const old = overlay();
    if (old) old.remove();
    document.body.insertAdjacentHTML('beforeend', data.overlay);
  });
})();
