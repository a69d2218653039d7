/**
 * Bytes for the security modules: UTF-8, SHA digests through Web Crypto (`globalThis.crypto.subtle`), strict base64,
 * and comparing secrets without leaking where they differ. No `node:` module, so it runs wherever `fetch` does.
 */

/**
 * Whether two secrets are equal, in time that depends on neither their content nor their lengths: both are
 * hashed (SHA-256) and the hashes compared byte by byte without stopping early. For checking passwords and tokens.
 */
export async function secretsEqual(received: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha("SHA-256", utf8(received)), sha("SHA-256", utf8(expected))]);
  return bytesEqual(a, b);
}

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export async function sha(algorithm: "SHA-1" | "SHA-256", data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest(algorithm, data));
}

/** Equal-length byte arrays compared without stopping at the first difference. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length && i < b.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Strict base64 (padding required, no whitespace inside) to bytes; undefined when `text` is not base64. */
export function base64ToBytes(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
