/**
 * The client's HTTP exchange over WHATWG `fetch`: POST a SOAP message, refuse or follow redirects, read the body
 * within a size limit, and report what went wrong in the runtime's own error types.
 *
 * - Redirects are never left to `fetch` (`redirect: "manual"`), because `fetch` would re-send the envelope, and the
 *   `Authorization` header with it, wherever the server points. A redirect to another origin (scheme, host or port)
 *   is a {@link SoapHttpError} naming both origins. A same-origin `307`/`308` is followed, up to
 *   {@link MAX_REDIRECTS} hops, re-sending the same body and headers (those statuses keep the method and body);
 *   a `301`/`302`/`303` would turn the POST into a GET, so it is refused. A browser hides where a redirect goes
 *   (an "opaque redirect"): that is refused too.
 * - Network failures (connection refused or reset, DNS, TLS) and a body cut off mid-way are a
 *   {@link SoapTransportError} with the `fetch` error as `cause`. An abort (the call's timeout or the caller's
 *   signal) is passed on untouched for the caller to classify.
 *
 * No `node:` module: it runs wherever `fetch` does.
 */
import { SoapHttpError, SoapTransportError } from "./errors.js";

/** Same-origin 307/308 redirects followed per call. */
export const MAX_REDIRECTS = 5;

/** What came back: the final URL, the status, the content type and the body's bytes. */
export interface HttpResponse {
  url: string;
  status: number;
  contentType: string | undefined;
  bytes: Uint8Array;
}

export interface PostOptions {
  fetch: typeof fetch;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  maxResponseBytes: number;
}

/** POSTs `body` to `url`, following only same-origin 307/308 redirects, and reads the whole response. */
export async function post(url: string, options: PostOptions): Promise<HttpResponse> {
  let current = url;
  // Called as a plain function: browsers refuse `fetch` invoked as a method of another object ("Illegal invocation").
  const send = options.fetch;
  for (let hops = 0; ; hops++) {
    let res: Response;
    try {
      res = await send(current, {
        method: "POST",
        headers: options.headers,
        body: options.body,
        signal: options.signal,
        redirect: "manual",
      });
    } catch (e) {
      throw transportFailure(e, options.signal, `the request to ${current} failed`, current);
    }
    if (res.type === "opaqueredirect") {
      throw new SoapHttpError(
        `${current} answered with a redirect whose target this environment hides (an opaque redirect); ` +
          "the request is not re-sent: use the final URL as the endpoint",
        res.status,
      );
    }
    if ([301, 302, 303, 307, 308].includes(res.status)) {
      current = await redirectTarget(res, current, hops);
      continue;
    }
    const contentType = res.headers.get("content-type") ?? undefined;
    const bytes = await readLimited(res, current, options);
    return { url: current, status: res.status, contentType, bytes };
  }
}

/** Where a redirect may be followed to, or the error that says why it is not. */
async function redirectTarget(res: Response, from: string, hops: number): Promise<string> {
  const status = res.status;
  const location = res.headers.get("location");
  await res.body?.cancel().catch(() => undefined);
  if (location === null) throw new SoapHttpError(`HTTP ${status} redirect from ${from} without a Location`, status);
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    throw new SoapHttpError(
      `HTTP ${status} redirect from ${from} to an invalid URL ${JSON.stringify(location)}`,
      status,
    );
  }
  const origin = new URL(from).origin;
  if (target.origin !== origin) {
    throw new SoapHttpError(
      `${from} redirects (HTTP ${status}) to another origin, ${target.origin}; the request and its credentials are ` +
        `not re-sent from ${origin} to ${target.origin}. If ${target.href} is the service, make it the endpoint`,
      status,
      undefined,
      { location: target.href },
    );
  }
  if (status !== 307 && status !== 308) {
    throw new SoapHttpError(
      `${from} redirects (HTTP ${status}) to ${target.href}; a ${status} turns a POST into a GET, so it is not ` +
        `followed. Make ${target.href} the endpoint`,
      status,
      undefined,
      { location: target.href },
    );
  }
  if (hops >= MAX_REDIRECTS)
    throw new SoapHttpError(`more than ${MAX_REDIRECTS} redirects, the last from ${from} to ${target.href}`, status);
  return target.href;
}

/** Reads a response body, failing as soon as it exceeds the limit. */
async function readLimited(res: Response, url: string, options: PostOptions): Promise<Uint8Array> {
  const limit = options.maxResponseBytes;
  const declared = Number(res.headers.get("content-length") ?? "NaN");
  if (declared > limit) {
    await res.body?.cancel().catch(() => undefined);
    throw new SoapHttpError(`response of ${declared} bytes exceeds the limit of ${limit}`, res.status);
  }
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (e) {
      throw transportFailure(e, options.signal, `the response from ${url} broke off after ${size} bytes`, url);
    }
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new SoapHttpError(`response exceeds the limit of ${limit} bytes`, res.status);
    }
    chunks.push(chunk.value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const all = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.byteLength;
  }
  return all;
}

/** An error of `fetch` as a {@link SoapTransportError}; an abort is returned as it is. */
function transportFailure(e: unknown, signal: AbortSignal, what: string, url: string): unknown {
  if (signal.aborted) return e;
  return new SoapTransportError(`${what}: ${describe(e)}`, url, e);
}

/** `fetch failed: connect ECONNREFUSED 127.0.0.1:9` — the error's message and its causes'. */
function describe(e: unknown): string {
  const parts: string[] = [];
  for (let c: unknown = e, depth = 0; c !== undefined && c !== null && depth < 4; c = (c as Error).cause, depth++) {
    const message = c instanceof Error ? c.message : String(c);
    const code = (c as { code?: unknown }).code;
    const part = typeof code === "string" && !message.includes(code) ? `${message} (${code})` : message;
    if (part && !parts.includes(part)) parts.push(part);
  }
  return parts.join(": ") || "unknown error";
}
