// Loaded as a classic script before anything else on soak.html: wraps the
// browser APIs the widget could leave running, and counts what is live.
//   timers     one-shot timers not yet fired nor cleared, intervals not cleared
//   listeners  addEventListener entries not removed, on targets still alive
//              (a node counts only while it is in the document)
//   fetches    fetch() calls not yet settled, and of those, not aborted
// Each is counted twice: `all`, and `widget` for those whose call came
// through the widget's module (its file name is in the call stack), so what
// the test driver itself adds (Playwright's own listeners) is told apart.
"use strict";
(() => {
  const WIDGET_FILE = "defender_score_cards";
  const timeouts = new Map();
  const intervals = new Map();
  const fetches = new Set();
  let listeners = [];
  const made = { timers: 0, fetches: 0 };

  const fromWidget = () => (new Error().stack ?? "").includes(WIDGET_FILE);
  const { setTimeout: setT, clearTimeout: clearT, setInterval: setI, clearInterval: clearI, fetch: realFetch } = window;
  const clear = (id) => {
    timeouts.delete(id);
    intervals.delete(id);
  };
  window.setTimeout = function (handler, delay, ...args) {
    made.timers += 1;
    const id = setT.call(window, function (...fired) {
      timeouts.delete(id);
      return typeof handler === "function" ? handler.apply(this, fired) : undefined;
    }, delay, ...args);
    timeouts.set(id, { widget: fromWidget() });
    return id;
  };
  window.setInterval = function (handler, delay, ...args) {
    made.timers += 1;
    const id = setI.call(window, handler, delay, ...args);
    intervals.set(id, { widget: fromWidget() });
    return id;
  };
  window.clearTimeout = function (id) {
    clear(id);
    return clearT.call(window, id);
  };
  window.clearInterval = function (id) {
    clear(id);
    return clearI.call(window, id);
  };

  window.fetch = function (input, init) {
    made.fetches += 1;
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const entry = { signal, widget: fromWidget() };
    fetches.add(entry);
    const promise = realFetch.call(window, input, init);
    promise.then(
      () => fetches.delete(entry),
      () => fetches.delete(entry),
    );
    return promise;
  };

  const proto = EventTarget.prototype;
  const realAdd = proto.addEventListener;
  const realRemove = proto.removeEventListener;
  const captureOf = (options) => (typeof options === "boolean" ? options : Boolean(options?.capture));
  const find = (target, type, listener, capture) =>
    listeners.findIndex(
      (l) => l.target.deref() === target && l.type === type && l.listener.deref() === listener && l.capture === capture,
    );
  proto.addEventListener = function (type, listener, options) {
    if (listener && find(this, type, listener, captureOf(options)) < 0) {
      listeners.push({
        target: new WeakRef(this),
        type,
        listener: new WeakRef(listener),
        capture: captureOf(options),
        widget: fromWidget(),
      });
    }
    return realAdd.call(this, type, listener, options);
  };
  proto.removeEventListener = function (type, listener, options) {
    const index = find(this, type, listener, captureOf(options));
    if (index >= 0) listeners.splice(index, 1);
    return realRemove.call(this, type, listener, options);
  };

  const counts = (keep) => {
    const live = listeners.filter((l) => {
      const target = l.target.deref();
      return keep(l) && (!(target instanceof Node) || target.isConnected);
    });
    const inFlight = [...fetches].filter(keep);
    return {
      pendingTimeouts: [...timeouts.values()].filter(keep).length,
      liveIntervals: [...intervals.values()].filter(keep).length,
      listeners: live.length,
      listenerTypes: live.map((l) => `${l.target.deref()?.constructor?.name}:${l.type}`).sort(),
      fetchesInFlight: inFlight.length,
      fetchesInFlightNotAborted: inFlight.filter((f) => !f.signal?.aborted).length,
    };
  };

  /** What is live now, the widget's and everyone's. Call after a forced GC for exact listener counts. */
  window.soakProbe = () => {
    listeners = listeners.filter((l) => l.target.deref() !== undefined);
    return { widget: counts((entry) => entry.widget), all: counts(() => true), made: { ...made } };
  };
})();
