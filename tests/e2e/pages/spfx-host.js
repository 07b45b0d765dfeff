// A stand-in for what SharePoint gives a web part, so tests/e2e/spfx.mjs can run the
// packaged bundle (ClientSideAssets/ of the built .sppkg) in a page:
// - `define`, as SharePoint's module loader (an AMD loader) offers it: the bundle is an
//   AMD module whose dependencies are SharePoint's own runtime modules;
// - those modules, reduced to what the web part uses: `Version` (sp-core-library), the
//   property pane field factories (sp-property-pane, same field shape as SharePoint's:
//   `{ type, targetProperty, properties }`) and `BaseClientSideWebPart`
//   (sp-webpart-base), driving the documented lifecycle: properties and `domElement` set,
//   `onInit()`, `onThemeChanged(theme)`, `render()`, `render()` again after the pane's
//   changes are applied, `onDispose()`. SharePoint's real runtime bundles need modules
//   only Microsoft's CDN serves (@msinternal/*), so they cannot load here.
// - a fake `context`: `aadTokenProviderFactory` (records what it is asked, never the
//   token), `domElement`, `pageContext`, `propertyPane`.
"use strict";
(() => {
  const host = {
    /** What each `define` registered: id -> { deps, exports }. */
    modules: {},
    /** `{ resource, useCachedToken }` per token request. */
    tokenRequests: [],
    /** Every event the widget dispatched, as `{ type, detail }`. */
    events: [],
    /** Content-Security-Policy violations. */
    violations: [],
    webPart: null,
  };
  window.spfxHost = host;

  document.addEventListener("securitypolicyviolation", (event) => {
    host.violations.push(`${event.violatedDirective} ${event.blockedURI}`);
  });
  for (const type of ["defender-scores:loaded", "defender-scores:error"]) {
    document.addEventListener(type, (event) => {
      host.events.push({ type, detail: JSON.parse(JSON.stringify(event.detail ?? null)) });
    });
  }

  class Version {
    constructor(text) {
      this.text = text;
    }
    static parse(text) {
      return new Version(String(text));
    }
    toString() {
      return this.text;
    }
  }

  /** SharePoint's PropertyPaneFieldType values for the fields used. */
  const FieldType = { TextField: 3, Dropdown: 6 };
  const field = (type) => (targetProperty, properties) => ({ type, targetProperty, properties });

  class BaseClientSideWebPart {
    get properties() {
      return this._properties;
    }
    get context() {
      return this._context;
    }
    get domElement() {
      return this._context.domElement;
    }
    get displayMode() {
      return 2;
    }
    onInit() {
      return Promise.resolve();
    }
    onThemeChanged() {}
    onDispose() {}
    onPropertyPaneFieldChanged() {}
  }

  const runtime = {
    "@microsoft/sp-core-library": { Version },
    "@microsoft/sp-property-pane": {
      PropertyPaneFieldType: FieldType,
      PropertyPaneTextField: field(FieldType.TextField),
      PropertyPaneDropdown: field(FieldType.Dropdown),
    },
    "@microsoft/sp-webpart-base": { BaseClientSideWebPart },
  };

  let defined = null;
  window.define = (id, deps, factory) => {
    const missing = deps.filter((dep) => !(dep in runtime));
    if (missing.length > 0) throw new Error(`the bundle needs modules this page does not have: ${missing}`);
    const exports = factory(...deps.map((dep) => runtime[dep]));
    host.modules[id] = { deps, exports };
    defined = exports;
  };
  window.define.amd = {};

  /** Loads the bundle with a script element (as SharePoint's loader does); resolves to the web part class. */
  host.load = (url) =>
    new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => (defined?.default ? resolve(defined.default) : reject(new Error(`${url} defined no web part`)));
      script.onerror = () => reject(new Error(`${url} did not load`));
      document.head.appendChild(script);
    });

  /**
   * Creates the web part as SharePoint does and renders it into `#webpart`: properties,
   * context, onInit, the section's theme, render. `token` is what the fake AAD token
   * provider answers; `culture` the page's user interface culture.
   */
  host.create = async (WebPart, { properties, theme, token, culture = "en-US" }) => {
    const domElement = document.getElementById("webpart");
    const webPart = new WebPart();
    webPart._properties = JSON.parse(JSON.stringify(properties));
    webPart._context = {
      domElement,
      pageContext: { web: { absoluteUrl: location.origin }, cultureInfo: { currentUICultureName: culture } },
      propertyPane: { refresh() {}, open() {}, isPropertyPaneOpen: () => false },
      aadTokenProviderFactory: {
        getTokenProvider: async () => ({
          getToken: async (resource, useCachedToken) => {
            host.tokenRequests.push({ resource, useCachedToken });
            return token;
          },
        }),
      },
    };
    await webPart.onInit();
    webPart.onThemeChanged(theme);
    webPart.render();
    host.webPart = webPart;
    return webPart;
  };

  /** The pane's Apply button: the changed properties, then render. */
  host.apply = (changes) => {
    const webPart = host.webPart;
    for (const [name, value] of Object.entries(changes)) {
      const old = webPart.properties[name];
      webPart.properties[name] = value;
      webPart.onPropertyPaneFieldChanged(name, old, value);
    }
    webPart.render();
  };

  /** The section's theme changed (e.g. the section was switched to dark). */
  host.theme = (theme) => host.webPart.onThemeChanged(theme);

  /** The page removes the web part. */
  host.dispose = () => {
    host.webPart.onDispose();
    host.webPart = null;
  };

  /** Every pane field with its validation: `{ targetProperty, message(value) }`. */
  host.paneMessages = (values) => {
    const config = host.webPart.getPropertyPaneConfiguration();
    const answers = {};
    for (const page of config.pages) {
      for (const group of page.groups) {
        for (const f of group.groupFields) {
          const validate = f.properties.onGetErrorMessage;
          if (validate && f.targetProperty in values) answers[f.targetProperty] = validate(values[f.targetProperty]);
        }
      }
    }
    return answers;
  };
})();
