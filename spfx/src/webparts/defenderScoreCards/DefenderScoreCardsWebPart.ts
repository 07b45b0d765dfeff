// The Defender score cards as a SharePoint Framework web part: mounts the
// widget (pkg/) into the web part's element, follows the section's theme and
// the property pane, and unmounts on dispose.

import { Version } from '@microsoft/sp-core-library';
import {
  type IPropertyPaneConfiguration,
  type IPropertyPaneDropdownOption,
  PropertyPaneDropdown,
  PropertyPaneTextField
} from '@microsoft/sp-property-pane';
import { BaseClientSideWebPart } from '@microsoft/sp-webpart-base';
import type { IReadonlyTheme } from '@microsoft/sp-component-base';

import {
  CLOUDS,
  DEFAULTS,
  type IDefenderScoreCardsProperties,
  type IMountOptions,
  mountOptions,
  problems,
  RECOMMENDATIONS,
  REGIONS,
  showsRecommendations,
  tokenResource,
  validateApiBase,
  validateCards,
  validateRecommendationsTop,
  validateRefreshMinutes,
  validateSnapshotUrl
} from './settings';
import { applyTheme, type IThemeMapping, themeProperties } from './theme';
import { frameHeight } from './frame';
import { loadWidget, mount, type ScoreCardsHandle, WasmHttpError, type WidgetOptions } from './widget';
import { type IStrings, stringsFor } from './strings';

/** Every language's texts, for the test that checks each has every text (the type already forces it). */
export { LANGUAGES, STRINGS } from './strings';

/** The widget options that decide where data comes from: a change remounts. */
function sourceKey(options: IMountOptions): string {
  return JSON.stringify([options.snapshot, options.apiBase, options.cloud, options.region]);
}

/** The US Government clouds' names, the same in every language; the commercial cloud's is translated. */
const CLOUD_NAMES: { readonly [cloud: string]: string } = { gcc: 'GCC', 'gcc-high': 'GCC High', dod: 'DoD' };

/** The message of anything thrown. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export default class DefenderScoreCardsWebPart extends BaseClientSideWebPart<IDefenderScoreCardsProperties> {
  private _host: HTMLDivElement | undefined;
  private _note: HTMLDivElement | undefined;
  private _handle: ScoreCardsHandle | undefined;
  private _mountedKey: string = '';
  private _theme: IThemeMapping = { properties: {}, dark: false };
  /** Counts renders and the dispose, so a mount that finishes late knows it is stale. */
  private _generation: number = 0;
  private _disposed: boolean = false;
  /** The cards as typed in the open pane but not applied yet: they decide whether it offers the rows field. */
  private _paneCards: string | undefined;

  /**
   * The widget's token callback: SharePoint's AAD token provider, for the cloud's resource.
   * Every card's scopes (Score.Read; SecurityRecommendation.Read for the recommendations
   * card) are of that one resource, and its token holds every scope the admin approved, so
   * the scope list is not read: without the second approval the API answers 403 on
   * recommendations only, and that card alone says so.
   */
  private readonly _getToken = async (request: { forceRefresh?: boolean }): Promise<string> => {
    const resource = tokenResource(this.properties.cloud);
    const early = this._earlyToken;
    this._earlyToken = undefined;
    if (early && early.resource === resource && !request.forceRefresh) {
      return early.token;
    }
    return this._askToken(resource, !request.forceRefresh);
  };

  /** The token asked for in onInit, for the widget's first ask (once), with its resource. */
  private _earlyToken: { resource: string; token: Promise<string> } | undefined;

  private async _askToken(resource: string, useCache: boolean): Promise<string> {
    const provider = await this.context.aadTokenProviderFactory.getTokenProvider();
    return provider.getToken(resource, useCache);
  }

  protected onInit(): Promise<void> {
    for (const key of Object.keys(DEFAULTS) as (keyof IDefenderScoreCardsProperties)[]) {
      if (this.properties[key] === undefined || this.properties[key] === null) {
        this.properties[key] = DEFAULTS[key];
      }
    }
    // The first view does not wait in line: the wasm's download and compile, and in delegated
    // mode the token, start now, while SharePoint lays the page out, instead of after render().
    // render() takes the same load and the widget's first ask takes this token; a failure of
    // either is shown there, as before.
    loadWidget().catch(() => undefined);
    if (this.properties.source !== 'snapshot' && problems(this.properties, this._strings).length === 0) {
      const resource = tokenResource(this.properties.cloud);
      const token = this._askToken(resource, true);
      token.catch(() => undefined);
      this._earlyToken = { resource, token };
    }
    return super.onInit();
  }

  public render(): void {
    if (this._disposed) return;
    this._ensureElements();
    const generation = ++this._generation;
    const strings = this._strings;
    const found = problems(this.properties, strings);
    if (found.length > 0) {
      this._unmount();
      this._showNote(strings.placeholderHint, found, strings.placeholderTitle);
      return;
    }
    const options = mountOptions(this.properties, window.location.href, this._getToken);
    const key = sourceKey(options);
    if (this._handle && key === this._mountedKey) {
      try {
        this._handle.update({
          cards: options.cards,
          recommendationsTop: options.recommendationsTop,
          refreshSeconds: options.refreshSeconds,
          layout: options.layout,
          theme: this._themeOption()
        } as WidgetOptions);
        return;
      } catch (error) {
        this._unmount();
        this._showNote(strings.mountFailed, [messageOf(error)]);
        return;
      }
    }
    this._unmount();
    this._reserve(options.layout, options.cards);
    loadWidget().then(
      () => {
        if (generation !== this._generation || this._disposed || !this._host) return;
        try {
          this._hideNote();
          this._handle = mount(this._host, {
            ...options,
            theme: this._themeOption(),
            ...this._locale()
          } as WidgetOptions);
          this._mountedKey = key;
        } catch (error) {
          this._showNote(strings.mountFailed, [messageOf(error)]);
        }
      },
      (error: unknown) => {
        if (generation !== this._generation || this._disposed) return;
        const reason =
          error instanceof WasmHttpError ? strings.wasmUnavailable(String(error.status)) : messageOf(error);
        this._showNote(strings.loadFailed, [reason]);
      }
    );
  }

  protected onThemeChanged(theme: IReadonlyTheme | undefined): void {
    this._theme = themeProperties(theme);
    if (this._host) applyTheme(this._host, this._theme);
    if (this._handle) {
      try {
        this._handle.update({ theme: this._themeOption() });
      } catch (error) {
        this._showNote(this._strings.mountFailed, [messageOf(error)]);
      }
    }
  }

  protected onDispose(): void {
    this._disposed = true;
    this._generation += 1;
    this._unmount();
    this.domElement.textContent = '';
    this._host = undefined;
    this._note = undefined;
    super.onDispose();
  }

  protected get dataVersion(): Version {
    return Version.parse('1.0');
  }

  /** Changes apply with the pane's Apply button: no remount per keystroke in a URL. */
  protected get disableReactivePropertyChanges(): boolean {
    return true;
  }

  /** A new card list in the pane: the pane is drawn again, with or without the rows field. */
  protected onPropertyPaneFieldChanged(propertyPath: string, oldValue: unknown, newValue: unknown): void {
    if (propertyPath === 'cards') {
      this._paneCards = typeof newValue === 'string' ? newValue : undefined;
      this.context.propertyPane.refresh();
    }
    super.onPropertyPaneFieldChanged(propertyPath, oldValue, newValue);
  }

  protected onAfterPropertyPaneChangesApplied(): void {
    this._paneCards = undefined;
  }

  protected onPropertyPaneConfigurationComplete(): void {
    this._paneCards = undefined;
  }

  protected getPropertyPaneConfiguration(): IPropertyPaneConfiguration {
    const strings = this._strings;
    const cards = this._paneCards !== undefined ? this._paneCards : this.properties.cards;
    const choices = (values: readonly string[]): IPropertyPaneDropdownOption[] =>
      values.map((value) => ({ key: value, text: value }));
    const clouds: IPropertyPaneDropdownOption[] = CLOUDS.map((cloud) => ({
      key: cloud,
      text: cloud === 'commercial' ? strings.cloudCommercial : CLOUD_NAMES[cloud] || cloud
    }));
    return {
      pages: [
        {
          header: { description: strings.paneDescription },
          groups: [
            {
              groupName: strings.sourceGroup,
              groupFields: [
                PropertyPaneDropdown('source', {
                  label: strings.sourceLabel,
                  options: [
                    { key: 'delegated', text: strings.sourceDelegated },
                    { key: 'snapshot', text: strings.sourceSnapshot }
                  ]
                }),
                PropertyPaneTextField('snapshotUrl', {
                  label: strings.snapshotUrlLabel,
                  description: strings.snapshotUrlDescription,
                  onGetErrorMessage: (value: string) => validateSnapshotUrl(value, this.properties.source, strings)
                }),
                PropertyPaneTextField('apiBase', {
                  label: strings.apiBaseLabel,
                  description: strings.apiBaseDescription,
                  onGetErrorMessage: (value: string) => validateApiBase(value, strings)
                }),
                PropertyPaneDropdown('cloud', { label: strings.cloudLabel, options: clouds }),
                PropertyPaneDropdown('region', {
                  label: strings.regionLabel,
                  options: [{ key: '', text: strings.regionNone }, ...choices(REGIONS)]
                })
              ]
            },
            {
              groupName: strings.displayGroup,
              groupFields: [
                PropertyPaneTextField('cards', {
                  label: strings.cardsLabel,
                  description: strings.cardsDescription,
                  onGetErrorMessage: (value: string) => validateCards(value, strings)
                }),
                // Only with the recommendations card on: how many of them it lists.
                ...(showsRecommendations(cards)
                  ? [
                      PropertyPaneTextField('recommendationsTop', {
                        label: strings.recommendationsTopLabel,
                        description: strings.recommendationsTopDescription,
                        onGetErrorMessage: (value: string) =>
                          validateRecommendationsTop(value, RECOMMENDATIONS, strings)
                      })
                    ]
                  : []),
                PropertyPaneDropdown('layout', {
                  label: strings.layoutLabel,
                  options: [
                    { key: 'cards', text: strings.layoutCards },
                    { key: 'compact', text: strings.layoutCompact }
                  ]
                }),
                PropertyPaneTextField('refreshMinutes', {
                  label: strings.refreshLabel,
                  onGetErrorMessage: (value: string) => validateRefreshMinutes(value, strings)
                })
              ]
            }
          ]
        }
      ]
    };
  }

  /** The page's language (SharePoint's user interface culture, e.g. "nl-NL"), when known. */
  private _culture(): string | undefined {
    return this.context.pageContext?.cultureInfo?.currentUICultureName || undefined;
  }

  /** The widget's locale option: the page's language, as the cards' words follow it. */
  private _locale(): { locale?: string } {
    const culture = this._culture();
    return culture ? { locale: culture } : {};
  }

  /** What the pane, the placeholder and the messages say, in the page's language (else English). */
  private get _strings(): IStrings {
    return stringsFor(this._culture());
  }

  /** The widget's light or dark palette, following the section. */
  private _themeOption(): 'light' | 'dark' {
    return this._theme.dark ? 'dark' : 'light';
  }

  /**
   * Reserves the cards' frame on the host before the module loads, until the cards say they
   * are there (their first loaded or error event): the page below does not move when they
   * come. The web part's width is known now; after that the cards' own frame holds its size.
   */
  private _reserve(layout: string | undefined, cards: readonly string[] | undefined): void {
    const host = this._host;
    if (!host) return;
    const shown = cards && cards.length > 0 ? cards : ['exposure', 'device', 'groups'];
    host.style.minBlockSize = `${frameHeight(host.clientWidth || this.domElement.clientWidth, layout || 'cards', shown)}px`;
    const release = (): void => {
      host.style.minBlockSize = '';
      host.removeEventListener('defender-scores:loaded', release);
      host.removeEventListener('defender-scores:error', release);
    };
    host.addEventListener('defender-scores:loaded', release);
    host.addEventListener('defender-scores:error', release);
  }

  private _ensureElements(): void {
    if (this._host && this._note) return;
    this.domElement.textContent = '';
    const host = document.createElement('div');
    host.setAttribute('data-dsc-webpart', 'host');
    applyTheme(host, this._theme);
    const note = document.createElement('div');
    note.setAttribute('data-dsc-webpart', 'note');
    note.setAttribute('role', 'status');
    note.hidden = true;
    this.domElement.appendChild(host);
    this.domElement.appendChild(note);
    this._host = host;
    this._note = note;
  }

  /** Shows a message under (or instead of) the cards: a heading, a sentence and a list. */
  private _showNote(text: string, items: string[], title?: string): void {
    if (!this._note) return;
    // A note instead of the cards needs none of their reserved room.
    if (this._host) this._host.style.minBlockSize = '';
    const note = this._note;
    note.textContent = '';
    note.style.setProperty('padding', '12px 16px');
    note.style.setProperty('border', '1px solid currentColor');
    note.style.setProperty('border-radius', '8px');
    note.style.setProperty('margin-top', '8px');
    if (title) {
      const heading = document.createElement('strong');
      heading.textContent = title;
      heading.style.setProperty('display', 'block');
      note.appendChild(heading);
    }
    const sentence = document.createElement('p');
    sentence.textContent = text;
    sentence.style.setProperty('margin', '4px 0');
    note.appendChild(sentence);
    if (items.length > 0) {
      const list = document.createElement('ul');
      list.style.setProperty('margin', '4px 0');
      for (const item of items) {
        const entry = document.createElement('li');
        entry.textContent = item;
        list.appendChild(entry);
      }
      note.appendChild(list);
    }
    note.hidden = false;
  }

  private _hideNote(): void {
    if (this._note) {
      this._note.hidden = true;
      this._note.textContent = '';
    }
  }

  private _unmount(): void {
    const handle = this._handle;
    this._handle = undefined;
    this._mountedKey = '';
    if (handle) {
      try {
        handle.unmount();
      } catch {
        // unmounting twice is harmless; nothing else can throw here
      }
    }
  }
}
