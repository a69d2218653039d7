/** Telling URLs from file paths, and the small URL helpers the loader shares. */

/** Whether a location is an absolute URL with a scheme and authority (`http://…`), as opposed to a file path. */
export function isUrl(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location);
}

/** The scheme of an absolute URL (`http:`), lower-cased; none for relative references and drive paths (`C:\`). */
export function schemeOf(location: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]+):/i.exec(location);
  return m ? `${m[1]!.toLowerCase()}:` : undefined;
}

export const isHttp = (scheme: string | undefined) => scheme === "http:" || scheme === "https:";

/** The URL without its `#fragment`. */
export const stripHash = (href: string) => href.replace(/#.*$/, "");
