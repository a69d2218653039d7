/** Whether a location is an absolute URL with a scheme and authority (`http://…`), as opposed to a file path. */
export function isUrl(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location);
}
