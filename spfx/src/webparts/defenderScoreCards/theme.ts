// The section's theme (neutral, soft, strong or dark, from SharePoint's theme
// variants) as the widget's --dsc-* custom properties on its host element.

import type { IReadonlyTheme } from '@microsoft/sp-component-base';

/** Every --dsc-* property this web part sets; the others keep the widget's defaults. */
export const THEMED_PROPERTIES: readonly string[] = [
  '--dsc-bg',
  '--dsc-fg',
  '--dsc-muted',
  '--dsc-border',
  '--dsc-accent',
  '--dsc-focus',
  '--dsc-low',
  '--dsc-medium',
  '--dsc-high',
  '--dsc-font-family'
];

/** The --dsc-* values for `theme`, and whether the widget should use its dark palette. */
export interface IThemeMapping {
  properties: Record<string, string>;
  dark: boolean;
}

/** The relative luminance of a #rrggbb colour (0 black, 1 white), or undefined. */
function luminance(colour: string | undefined): number | undefined {
  const match = /^#([0-9a-f]{6})$/i.exec((colour || '').trim());
  if (!match) return undefined;
  const channel = (offset: number): number => {
    const value = parseInt(match[1].slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : Math.pow((value + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

/**
 * Maps a SharePoint theme onto the widget's properties: background, text,
 * secondary text, dividers, links and focus from the section's semantic
 * colours. A strong section (its background is the theme colour) writes the
 * bands in the section's text colour: green, amber and red do not read on a
 * coloured background, and the band is also written in words.
 */
export function themeProperties(theme: IReadonlyTheme | undefined): IThemeMapping {
  const properties: Record<string, string> = {};
  if (!theme) return { properties, dark: false };
  const semantic = theme.semanticColors || {};
  const palette = theme.palette || {};
  const set = (name: string, value: string | undefined): void => {
    if (value) properties[name] = value;
  };
  set('--dsc-bg', semantic.bodyBackground);
  set('--dsc-fg', semantic.bodyText);
  set('--dsc-muted', semantic.bodySubtext);
  set('--dsc-border', semantic.bodyDivider || palette.neutralLight);
  set('--dsc-accent', semantic.link || palette.themePrimary);
  set('--dsc-focus', semantic.focusBorder || semantic.link || palette.themePrimary);
  const fonts = theme.fonts;
  set('--dsc-font-family', fonts && fonts.medium ? fonts.medium.fontFamily : undefined);
  const background = luminance(semantic.bodyBackground);
  const strong =
    !!semantic.bodyBackground &&
    !!palette.themePrimary &&
    semantic.bodyBackground.toLowerCase() === palette.themePrimary.toLowerCase();
  if (strong) {
    set('--dsc-low', semantic.bodyText);
    set('--dsc-medium', semantic.bodyText);
    set('--dsc-high', semantic.bodyText);
  }
  const dark = !!theme.isInverted || (background !== undefined && background < 0.2);
  return { properties, dark };
}

/** Sets the mapped properties on `host`, removing those the theme does not give. */
export function applyTheme(host: HTMLElement, mapping: IThemeMapping): void {
  for (const name of THEMED_PROPERTIES) {
    const value = mapping.properties[name];
    if (value) host.style.setProperty(name, value);
    else host.style.removeProperty(name);
  }
}
