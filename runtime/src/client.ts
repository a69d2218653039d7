/**
 * The seam between generated agents and the wire. A generated agent method calls
 * `client.invoke(operation, args, options)`; the client merges request headers, has the codec encode the
 * request (with a fresh WS-Security UsernameToken header when `usernameToken` is set), sends it with the
 * `Authorization` of `auth` through the transport (transport.ts: global `fetch` unless injected, redirects, size
 * limit), decodes the response body in its charset (charset.ts) into `{ result, headers }`, and lets a response
 * check turn failure reported in headers into an error.
 */
import { bodyExcerpt, BodyDecodingError, decodeXmlBody, isXmlMediaType, mediaTypeOf } from "./charset.js";
import {
  decodeResponse,
  encodeRequest,
  parseEnvelope,
  type DecodeOptions,
  type EncodedMessage,
  type OperationRef,
} from "./codec.js";
import {
  SoapCodecError,
  SoapHttpError,
  SoapServiceError,
  SoapTimeoutError,
  UnknownOperationError,
  type ExceptionInfo,
} from "./errors.js";
import type { AnyElement, OperationMeta, PortMeta, ServiceMetadata } from "./metadata.js";
import { own } from "./own.js";
import { httpAuthorization, type HttpAuth } from "./security-http.js";
import { usernameTokenHeader, type UsernameTokenOptions } from "./security-username-token.js";
import { post, type HttpResponse } from "./transport.js";

/** Options of one call. */
export interface CallOptions<ReqH> {
  /** Request headers for this call only; they override the agent's headers of the same name. */
  headers?: Partial<ReqH>;
  /** Aborts the call. */
  signal?: AbortSignal;
  /** Per-call timeout in milliseconds (overrides the client's). */
  timeoutMs?: number;
}

/** A result together with the decoded response headers. */
export interface SoapResult<R, ResH> {
  result: R;
  headers: Partial<ResH>;
}

/** Maps every method of an agent interface to one that resolves to `{ result, headers }`. */
export type WithResponseHeaders<A, ResH> = {
  [K in keyof A]: A[K] extends (...args: infer P) => Promise<infer R>
    ? (...args: P) => Promise<SoapResult<R, ResH>>
    : never;
};

/** Encodes requests and decodes responses; the runtime's own codec unless replaced. */
export interface SoapCodec {
  /**
   * `extraHeaders`: header elements to write after the bound headers (the `wsse:Security` of `usernameToken`; a
   * codec that ignores them sends no UsernameToken).
   */
  encodeRequest(
    ref: OperationRef,
    args: readonly unknown[],
    headers: Record<string, unknown>,
    extraHeaders?: readonly AnyElement[],
  ): EncodedMessage;
  decodeResponse(
    ref: OperationRef,
    xml: string,
    httpStatus: number,
    options?: DecodeOptions,
  ): { result: unknown; headers: Record<string, unknown> };
}

export const defaultCodec: SoapCodec = { encodeRequest, decodeResponse };

/**
 * Inspects decoded response headers and returns an error to throw, or undefined. The generic hook for services
 * that report failure in headers; {@link succeededHeaderCheck} is the one for WCF/SuperOffice.
 */
export type ResponseCheck<ResH> = (headers: Partial<ResH>, call: { operation: string }) => Error | undefined;

/** SuperOffice/WCF: `Succeeded=false` → a {@link SoapServiceError} from the `ExceptionInfo` header. */
export const succeededHeaderCheck: ResponseCheck<{ Succeeded?: boolean; ExceptionInfo?: ExceptionInfo | null }> = (
  headers,
) =>
  headers.Succeeded === false
    ? new SoapServiceError(headers.ExceptionInfo, headers as Record<string, unknown>)
    : undefined;

export interface ClientOptions<ReqH, Port extends string = string, ResH = unknown> {
  /** Which port (binding) to use; defaults to the first one the WSDL lists for this portType. */
  port?: Port;
  /** Endpoint URL; defaults to the port's `soap:address`. */
  endpoint?: string;
  /** Request headers sent with every call. */
  headers?: Partial<ReqH>;
  /** Default timeout of a call in milliseconds (30 s unless set). */
  timeoutMs?: number;
  /** Largest response body accepted, in bytes (64 MiB unless set). */
  maxResponseBytes?: number;
  /**
   * HTTP authentication sent with every request as the `Authorization` header: `{ type: "basic", username,
   * password }`, or `{ type: "bearer", token }` where `token` is a string or a function called for every call (so
   * an expiring token can be refreshed). Send it over HTTPS only.
   */
  auth?: HttpAuth;
  /**
   * A WS-Security UsernameToken put in every request's SOAP Header (`wsse:Security`), built afresh per call (new
   * Nonce and Created): `{ username, password, passwordType?: "PasswordText" | "PasswordDigest", nonce?,
   * timestamp?, mustUnderstand? }`. The SOAP version (namespace of `mustUnderstand`) is the port's.
   */
  usernameToken?: Omit<UsernameTokenOptions, "soapVersion">;
  /**
   * The `fetch` to send with (global `fetch` by default): for proxies, custom TLS, tests. It is called with
   * `redirect: "manual"`; the client follows only same-origin 307/308 redirects itself.
   */
  fetch?: typeof fetch;
  /** Maps response headers to an error (the generated agent sets one for services with `Succeeded`/`ExceptionInfo`). */
  responseCheck?: ResponseCheck<ResH>;
  /** Replaces the codec. */
  codec?: SoapCodec;
  /** How responses are decoded: `strict` refuses content the WSDL does not declare, `lenientNamespaces`… */
  decoding?: DecodeOptions;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Sends SOAP requests for one port of a generated service. */
export class SoapClient<ReqH, ResH> {
  headers: ReqH;
  readonly portName: string;
  readonly endpoint: string;
  private readonly port: PortMeta;
  private readonly options: ClientOptions<ReqH, string, ResH>;

  constructor(
    readonly metadata: ServiceMetadata,
    defaultPort: string,
    options: ClientOptions<ReqH, string, ResH> = {},
  ) {
    this.portName = options.port ?? defaultPort;
    const port = own(metadata.ports, this.portName) as PortMeta | undefined;
    if (!port) throw new Error(`port ${this.portName} is not in the metadata of ${metadata.service}`);
    this.port = port;
    const endpoint = options.endpoint ?? port.address;
    if (!endpoint) throw new Error(`port ${this.portName} has no soap:address; pass the endpoint option`);
    this.endpoint = endpoint;
    this.headers = { ...(options.headers ?? {}) } as ReqH;
    this.options = options;
  }

  /** Calls an operation: the generated agents' one entry point into the runtime. */
  async invoke<R>(
    operationName: string,
    args: readonly unknown[],
    options: CallOptions<ReqH> = {},
  ): Promise<SoapResult<R, ResH>> {
    const operation = own(this.port.operations, operationName) as OperationMeta | undefined;
    if (!operation) throw new UnknownOperationError(this.portName, operationName);
    const ref: OperationRef = { metadata: this.metadata, port: this.port, operationName, operation };
    const codec = this.options.codec ?? defaultCodec;
    const headers = {
      ...(this.headers as Record<string, unknown>),
      ...((options.headers ?? {}) as Record<string, unknown>),
    };
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: HttpResponse;
    try {
      const security = this.options.usernameToken
        ? [await usernameTokenHeader({ ...this.options.usernameToken, soapVersion: this.port.soapVersion })]
        : [];
      const request = codec.encodeRequest(ref, args, headers, security);
      const httpHeaders = { ...request.httpHeaders };
      if (this.options.auth)
        httpHeaders["Authorization"] = await untilAborted(httpAuthorization(this.options.auth), signal);
      response = await post(this.endpoint, {
        fetch: this.options.fetch ?? fetch,
        headers: httpHeaders,
        body: request.body,
        signal,
        maxResponseBytes: this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      });
    } catch (e) {
      if (timeout.aborted && !options.signal?.aborted) throw new SoapTimeoutError(timeoutMs, operationName);
      throw e;
    }
    const decoded = decodeHttpResponse(codec, ref, response, this.options.decoding) as SoapResult<R, ResH>;
    const failure = this.options.responseCheck?.(decoded.headers, { operation: operationName });
    if (failure) throw failure;
    return decoded;
  }
}

/** `promise`, or the signal's reason as soon as it aborts (a Bearer token function that hangs cannot outlive the call). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener("abort", onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener("abort", onAbort), reject(error)),
    );
  });
}

/**
 * The response as `{ result, headers }`, or the error it stands for: a body that is not a SOAP message (a content
 * type that is not XML, XML that is no envelope, undecodable bytes) is a {@link SoapHttpError} whatever the status;
 * a Fault is a SoapFault; anything else the codec finds wrong stays a SoapCodecError. An envelope sent under a
 * content type that is not XML (`text/plain`, as some servers and `new Response(text)` do) is still read.
 */
function decodeHttpResponse(
  codec: SoapCodec,
  ref: OperationRef,
  response: HttpResponse,
  decoding: DecodeOptions | undefined,
): { result: unknown; headers: Record<string, unknown> } {
  const { status, contentType, bytes } = response;
  // A one-way operation: the server accepts it (202, or 200) with no envelope to decode.
  if (!ref.operation.output && status >= 200 && status < 300 && bytes.length === 0)
    return { result: undefined, headers: {} };
  const media = mediaTypeOf(contentType);
  const declaredXml = media === "" || isXmlMediaType(media);
  const notSoap = (why: string, cause: unknown) =>
    new SoapHttpError(
      declaredXml
        ? `HTTP ${status} from ${response.url} ${why}`
        : `HTTP ${status} from ${response.url} is ${media}, not a SOAP message`,
      status,
      bodyExcerpt(bytes, contentType),
      { ...(contentType === undefined ? {} : { contentType }), cause },
    );
  let text: string;
  try {
    text = decodeXmlBody(bytes, contentType);
  } catch (e) {
    if (!(e instanceof BodyDecodingError)) throw e;
    throw notSoap(`cannot be read: ${e.message}`, e);
  }
  if (!declaredXml) {
    try {
      parseEnvelope(text);
    } catch (e) {
      throw notSoap("", e);
    }
  }
  try {
    return codec.decodeResponse(ref, text, status, decoding);
  } catch (e) {
    if (!(e instanceof SoapCodecError)) throw e;
    try {
      parseEnvelope(text);
    } catch (notEnvelope) {
      throw notSoap(`is not a SOAP message: ${(notEnvelope as Error).message}`, notEnvelope);
    }
    throw e;
  }
}
