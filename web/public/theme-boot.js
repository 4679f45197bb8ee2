// Applies the reader's last theme to <html> before the first paint, so a dark page never
// flashes light while the app loads. The app (src/lib/theme.ts) takes over once it starts.
(function () {
  var theme = 'system';
  try {
    var stored = window.localStorage.getItem('lectern-theme');
    if (stored === 'light' || stored === 'dark' || stored === 'system') theme = stored;
  } catch (e) {
    // Storage blocked: follow the device.
  }
  if (theme === 'system') {
    var dark = typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches;
    theme = dark ? 'dark' : 'light';
  }
  document.documentElement.setAttribute('data-theme', theme);
})();
