// Runs before first paint, so a dark-theme user never sees a white flash (a file, not inline, for CSP).
try {
  var saved = localStorage.getItem("devserver.theme")
  var dark = saved ? saved === "dark" : matchMedia("(prefers-color-scheme: dark)").matches
  document.documentElement.dataset.theme = dark ? "dark" : "light"
} catch (e) {}
