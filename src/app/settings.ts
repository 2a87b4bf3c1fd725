/** User settings, kept apart from detected capabilities (STYLE.md §5). Read from the URL so the CLI can set them. */
export interface Settings {
  backend: string;
  metadata: boolean;
}

export function settingsFromUrl(url: URL): Settings {
  return {
    backend: url.searchParams.get('backend') ?? 'auto',
    metadata: url.searchParams.get('metadata') !== '0',
  };
}

/** Models live next to the page, on our own origin, wherever the app is hosted (sub-paths included). */
export function modelsBase(): string {
  return new URL('models/', document.baseURI).href;
}
