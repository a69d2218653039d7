/**
 * The seam between generated agents and the wire. A generated agent method calls
 * `client.invoke(operation, args, options)`; the client merges request headers, has the codec encode the
 * request, sends it through the transport (global `fetch` unless injected), decodes the response into
 * `{ result, headers }`, and lets a response check turn failure reported in headers into an error.
 */
import { decodeResponse, encodeRequest, type DecodeOptions, type EncodedMessage, type OperationRef } from "./codec.js";
import {
  SoapHttpError,
  SoapServiceError,
  SoapTimeoutError,
  UnknownOperationError,
  type ExceptionInfo,
} from "./errors.js";
import type { OperationMeta, PortMeta, ServiceMetadata } from "./metadata.js";
import { own } from "./own.js";

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
  encodeRequest(ref: OperationRef, args: readonly unknown[], headers: Record<string, unknown>): EncodedMessage;
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
  /** The `fetch` to send with (global `fetch` by default): for proxies, authentication, tests. */
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
    const request = codec.encodeRequest(ref, args, headers);
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const doFetch = this.options.fetch ?? fetch;
    let status: number;
    let body: string;
    try {
      const res = await doFetch(this.endpoint, {
        method: "POST",
        headers: request.httpHeaders,
        body: request.body,
        signal,
      });
      status = res.status;
      body = await readLimited(res, this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
    } catch (e) {
      if (timeout.aborted && !options.signal?.aborted) throw new SoapTimeoutError(timeoutMs, operationName);
      throw e;
    }
    const decoded = codec.decodeResponse(ref, body, status, this.options.decoding) as SoapResult<R, ResH>;
    const failure = this.options.responseCheck?.(decoded.headers, { operation: operationName });
    if (failure) throw failure;
    return decoded;
  }
}

/** Reads a response body, failing as soon as it exceeds `limit` bytes. */
async function readLimited(res: Response, limit: number): Promise<string> {
  const declared = Number(res.headers.get("content-length") ?? "NaN");
  if (declared > limit) {
    await res.body?.cancel();
    throw new SoapHttpError(`response of ${declared} bytes exceeds the limit of ${limit}`, res.status);
  }
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new SoapHttpError(`response exceeds the limit of ${limit} bytes`, res.status);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.byteLength;
  }
  return new TextDecoder().decode(all);
}
