// The soak page: soak.mjs drives `window.soak` to mount and unmount the cards
// many times and to refresh one mounted widget many times. It waits for the
// cards with a MutationObserver (no timers and no listeners of its own, so
// soak-probe.js counts only the widget's).

import init, { mount } from "./pkg/defender_score_cards.js";

const host = document.getElementById("scores");
const options = { getToken: () => "demo-token", apiBase: location.origin, refreshSeconds: 0 };
let handle = null;
let exports = null;

/** Resolves once every card in the host's shadow root is data-state="ready"; rejects on "error". */
function cardsReady() {
  return new Promise((resolve, reject) => {
    const check = () => {
      const cards = [...(host.shadowRoot?.querySelectorAll("[data-card]") ?? [])];
      const states = cards.map((c) => c.getAttribute("data-state"));
      if (states.includes("error")) {
        const errors = cards.map((c) => `${c.dataset.card}:${c.getAttribute("data-error")}`);
        observer.disconnect();
        reject(new Error(`a card failed: ${errors.join(", ")}`));
        return true;
      }
      if (cards.length === 3 && states.every((s) => s === "ready")) {
        observer.disconnect();
        resolve();
        return true;
      }
      return false;
    };
    const observer = new MutationObserver(check);
    if (!check()) observer.observe(host.shadowRoot ?? host, { subtree: true, childList: true, attributes: true });
  });
}

window.soak = {
  failure: null,
  /** Wasm memory in bytes. */
  wasmBytes: () => exports.memory.buffer.byteLength,
  /** Mounts, waits for three ready cards, unmounts; `times` over. Returns the shadow root's child count. */
  async cycle(times) {
    for (let i = 0; i < times; i += 1) {
      handle = mount(host, options);
      await cardsReady();
      handle.unmount();
      handle = null;
    }
    return host.shadowRoot?.childNodes.length ?? -1;
  },
  /** Mounts without waiting. */
  mountOnly() {
    handle = mount(host, options);
  },
  /** Mounts and waits for the cards. */
  async mount() {
    handle = mount(host, options);
    await cardsReady();
  },
  /** `await handle.refresh()` `times` over; the cards must end ready. */
  async refresh(times) {
    for (let i = 0; i < times; i += 1) await handle.refresh();
    await cardsReady();
  },
  /** Unmounts; returns the shadow root's child count. */
  unmount() {
    handle.unmount();
    handle = null;
    return host.shadowRoot?.childNodes.length ?? -1;
  },
};

try {
  exports = await init();
  window.soak.ready = true;
} catch (error) {
  window.soak.failure = String(error?.stack ?? error);
}
