/**
 * The seam between generated agents and the wire. A generated agent method calls
 * `client.invoke(operation, args, options)`; the client merges request headers, asks the codec for the request
 * (envelope, SOAPAction, content type), sends it through the transport, and asks the codec to decode the
 * response into `{ result, headers }`. The codec and transport are replaceable through {@link ClientOptions}.
 */
import { UnknownOperationError } from "./errors.js";
import type { OperationMeta, PortMeta, ServiceMetadata } from "./metadata.js";

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
  [K in keyof A]: A[K] extends (...args: infer P) => Promise<infer R> ? (...args: P) => Promise<SoapResult<R, ResH>> : never;
};

/** An encoded request, ready for the transport. */
export interface SoapRequest {
  url: string;
  /** HTTP headers (Content-Type, SOAPAction). */
  httpHeaders: Record<string, string>;
  body: string;
}

/** What the transport returns. */
export interface SoapHttpResponse {
  status: number;
  httpHeaders: Record<string, string>;
  body: string;
}

/** Everything a codec needs to know about one call. */
export interface CallContext {
  metadata: ServiceMetadata;
  portName: string;
  port: PortMeta;
  operationName: string;
  operation: OperationMeta;
  endpoint: string;
}

/** Turns arguments into a request and a response into a result: the part of the runtime driven by metadata. */
export interface SoapCodec {
  encodeRequest(call: CallContext, args: readonly unknown[], headers: Record<string, unknown>): SoapRequest;
  decodeResponse(call: CallContext, response: SoapHttpResponse): SoapResult<unknown, Record<string, unknown>>;
}

export type SoapTransport = (request: SoapRequest, init: { signal: AbortSignal }) => Promise<SoapHttpResponse>;

export interface ClientOptions<ReqH, Port extends string = string> {
  /** Which port (binding) to use; defaults to the first one the WSDL lists for this portType. */
  port?: Port;
  /** Endpoint URL; defaults to the port's `soap:address`. */
  endpoint?: string;
  /** Request headers sent with every call. */
  headers?: Partial<ReqH>;
  /** Default timeout of a call in milliseconds (30 s unless set). */
  timeoutMs?: number;
  /** The codec; the runtime's own by default. */
  codec?: SoapCodec;
  /** The transport; global `fetch` by default. */
  transport?: SoapTransport;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Sends SOAP requests for one port of a generated service. */
export class SoapClient<ReqH, ResH> {
  headers: ReqH;
  readonly portName: string;
  readonly endpoint: string;
  private readonly port: PortMeta;
  private readonly codec: SoapCodec | undefined;
  private readonly transport: SoapTransport;
  private readonly timeoutMs: number;

  constructor(
    readonly metadata: ServiceMetadata,
    defaultPort: string,
    options: ClientOptions<ReqH> = {},
  ) {
    this.portName = options.port ?? defaultPort;
    const port = metadata.ports[this.portName];
    if (!port) throw new Error(`port ${this.portName} is not in the metadata of ${metadata.service}`);
    this.port = port;
    const endpoint = options.endpoint ?? port.address;
    if (!endpoint) throw new Error(`port ${this.portName} has no soap:address; pass the endpoint option`);
    this.endpoint = endpoint;
    this.headers = { ...(options.headers ?? {}) } as ReqH;
    this.codec = options.codec;
    this.transport = options.transport ?? fetchTransport;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Calls an operation: the generated agents' one entry point into the runtime. */
  async invoke<R>(operationName: string, args: readonly unknown[], options: CallOptions<ReqH> = {}): Promise<SoapResult<R, ResH>> {
    const operation = this.port.operations[operationName];
    if (!operation) throw new UnknownOperationError(this.portName, operationName);
    const codec = this.codec;
    if (!codec) {
      throw new Error("no SOAP codec is configured: the built-in codec is not part of this release yet; pass a `codec` in the client options");
    }
    const call: CallContext = { metadata: this.metadata, portName: this.portName, port: this.port, operationName, operation, endpoint: this.endpoint };
    const headers = { ...(this.headers as Record<string, unknown>), ...((options.headers ?? {}) as Record<string, unknown>) };
    const request = codec.encodeRequest(call, args, headers);
    const timeout = AbortSignal.timeout(options.timeoutMs ?? this.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const response = await this.transport(request, { signal });
    return codec.decodeResponse(call, response) as SoapResult<R, ResH>;
  }
}

/** The default transport: global `fetch`, POST. */
export const fetchTransport: SoapTransport = async (request, { signal }) => {
  const res = await fetch(request.url, { method: "POST", headers: request.httpHeaders, body: request.body, signal });
  const httpHeaders: Record<string, string> = {};
  res.headers.forEach((value, key) => (httpHeaders[key] = value));
  return { status: res.status, httpHeaders, body: await res.text() };
};
