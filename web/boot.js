// Starts the standalone page's WebAssembly without an inline script, so the
// page works under a strict Content-Security-Policy (`script-src 'self'
// 'wasm-unsafe-eval'`).
//
// Trunk.toml's `pattern_script` replaces trunk's inline loader with
//   <script type="module" src="web/boot.js" data-module="…js" data-wasm="….wasm">
// where the two data attributes are trunk's hashed file names. Relative names
// are resolved against the page, not this file, so dist/ works in any folder.

const tag = document.querySelector("script[data-module][data-wasm]");
const url = (name) => new URL(tag.getAttribute(name), document.baseURI).href;

// config.json is asked for now, beside the module and the wasm, not after them: the page
// needs it before it can sign in or ask for a token. standalone.js's loadConfig() takes this
// answer (once) and checks it; a failure is reported there, as if it had asked itself.
const early = fetch("config.json", { cache: "no-store", credentials: "same-origin" });
early.catch(() => {});
globalThis[Symbol.for("defender-score-cards.config")] = early;

try {
  const { default: init } = await import(url("data-module"));
  // Runs src/bin/standalone.rs's main().
  await init({ module_or_path: url("data-wasm") });
} catch (error) {
  const host = document.getElementById("defender-score-cards") ?? document.body;
  const box = document.createElement("div");
  box.setAttribute("role", "alert");
  box.className = "page-problem";
  const title = document.createElement("h2");
  title.textContent = "The page could not start";
  const detail = document.createElement("p");
  detail.textContent = String(error?.message ?? error);
  box.append(title, detail);
  host.replaceChildren(box);
  console.error(error);
}
