/**
 * A typed SOAP server from the same metadata as the client: implement the generated agent interface
 * (`ITicketAgent`) and get a `node:http` request handler that decodes requests, calls the implementation,
 * and encodes results, response headers and faults.
 *
 * Import it from `@wsdlgen/runtime/server` (it needs Node's types; the client runtime does not).
 *
 * ```ts
 * const handler = createSoapHandler(metadata, "BasicHttpBinding_Ticket", impl);
 * http.createServer(handler).listen(8080);
 * ```
 *
 * Each implementation method receives the decoded arguments and, last, {@link ServerCallOptions}: the request
 * headers in `headers`, a `responseHeaders` object to fill, and a `signal` that aborts when the call's time limit
 * passes or the client goes away. Throw a {@link SoapFault} to answer with a Fault of your own; any other error
 * becomes a `Server`/`Receiver` fault carrying its message.
 *
 * Every request gets an answer and the handler keeps serving: a method other than POST is 405; a content type
 * that is not XML, or a charset without a decoder, 415; a body over `maxRequestBytes` 413; failed HTTP
 * authentication 401; anything wrong with the message itself (bytes invalid in its charset, not XML, not an
 * envelope, no Body, a Body that is no operation of the port, a SOAPAction that names another operation, arguments
 * that do not decode, a UsernameToken that does not verify) a `Client`/`Sender` fault; a failure of the
 * implementation, or a result it returns that does not encode, a `Server`/`Receiver` fault. Faults travel with
 * status 500, except that SOAP 1.2 `Sender` faults are 400 (the SOAP 1.2 HTTP binding) and the 401/413/415 above
 * keep their status; their bodies are SOAP faults in the port's SOAP version.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { BodyDecodingError, decodeXmlBody, isXmlMediaType, mediaTypeOf } from "./charset.js";
import type { CallOptions } from "./client.js";
import { decodeRequest, encodeFault, encodeResponse, parseEnvelope, type OperationRef } from "./codec.js";
import { SoapCodecError, SoapFault } from "./errors.js";
import type { OperationMeta, PortMeta, ServiceMetadata } from "./metadata.js";
import { parseAuthorization, type HttpCredentials } from "./security-http.js";
import {
  findSecurityHeader,
  NonceCache,
  verifyUsernameToken,
  type SecurityFaultCode,
  type UsernameTokenPolicy,
} from "./security-verify.js";
import { WSSE_NS, WSU_NS } from "./security-username-token.js";
import type { XmlNode } from "./xml.js";
import { declaredHeaders, notUnderstood } from "./must-understand.js";
import { methodOf, own } from "./own.js";

export interface ServerCallOptions<
  ReqH = Record<string, unknown>,
  ResH = Record<string, unknown>,
> extends CallOptions<ReqH> {
  headers: Partial<ReqH>;
  /** Response headers to send; fill it in the implementation. */
  responseHeaders: Partial<ResH>;
  /** The operation being served. */
  operation: string;
  /** Aborts when the handler's `timeoutMs` passes (the client then gets a Server fault) or the client goes away. */
  signal: AbortSignal;
  /** The user of the verified UsernameToken, when the handler requires one. */
  username?: string;
}

/** HTTP authentication a handler requires ({@link SoapHandlerOptions.httpAuth}). */
export interface HttpAuthCheck {
  /**
   * Accepts (true) or refuses the credentials of the request's `Authorization` header: Basic or Bearer, undefined
   * when the header is missing or holds neither. Compare secrets with `secretsEqual` (constant time).
   */
  verify(credentials: HttpCredentials | undefined, request: IncomingMessage): boolean | Promise<boolean>;
  /** The `WWW-Authenticate` challenge sent with a 401 (default `Basic realm="<service>", charset="UTF-8"`). */
  challenge?: string;
}

export interface SoapHandlerOptions {
  /** Largest request body accepted, in bytes (16 MiB unless set); a larger one is answered 413. */
  maxRequestBytes?: number;
  /**
   * Called with errors of the implementation that were not SoapFaults, and with results that did not encode (both
   * are answered as Server faults).
   */
  onError?: (error: unknown, operation: string | undefined) => void;
  /**
   * Require a WS-Security UsernameToken in every request's `wsse:Security` header and verify it against this
   * policy (password lookup, allowed password types, a window on Created); a request that fails gets a
   * `Client`/`Sender` fault with the WS-Security fault code (`wsse:FailedAuthentication`…) and the reason. Replays
   * are refused through `policy.nonceCache`, or a cache the handler makes when the policy has none.
   */
  usernameToken?: UsernameTokenPolicy;
  /** Require HTTP authentication (Basic or Bearer): refused requests get 401 with a Client fault. */
  httpAuth?: HttpAuthCheck;
  /**
   * Time limit of one call of the implementation, in milliseconds (none unless set). When it passes, the client
   * gets a Server fault and `call.signal` aborts.
   */
  timeoutMs?: number;
}

type Implementation = object;

/** A SOAP fault to answer with, and the HTTP status when it is not the one the SOAP version gives faults. */
class Refusal extends Error {
  constructor(
    readonly fault: { code: string; reason: string; subcode?: SecurityFaultCode & { prefix: string } },
    readonly status?: number,
    readonly httpHeaders: Record<string, string> = {},
  ) {
    super(fault.reason);
  }
}

/** The client went away before its request was read: there is no one left to answer. */
class ClientGone extends Error {
  constructor(cause?: unknown) {
    super("the client closed the connection before the request was read", { cause });
  }
}

const clientFault = (reason: string, status?: number, httpHeaders?: Record<string, string>) =>
  new Refusal({ code: "client", reason }, status, httpHeaders);

/** What `decode` returns; a message it cannot read (a SoapCodecError) is the sender's fault. */
function asClientFault<T>(decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    throw e instanceof SoapCodecError ? clientFault(e.message) : e;
  }
}

/** The SOAPAction of a request: the `SOAPAction` header (SOAP 1.1) or the `action` media-type parameter (SOAP 1.2). */
function requestAction(req: IncomingMessage): string | undefined {
  const header = req.headers.soapaction;
  if (typeof header === "string") return header.trim().replace(/^"(.*)"$/, "$1");
  const param = /;\s*action\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(req.headers["content-type"] ?? "");
  return param ? (param[1] ?? param[2]) : undefined;
}

/** Whether the Body's first element is the request of an operation (its wrapper, rpc element or first part). */
function bodyMatches(port: PortMeta, name: string, first: XmlNode | undefined): boolean {
  const op = port.operations[name]!;
  const input = op.input;
  if (!input) return false;
  if (input.wrapper) return first?.local === input.wrapper.name && first.ns === input.wrapper.ns;
  if (op.style === "rpc") return first?.local === name && first.ns === (input.namespace ?? "");
  const element = input.parts?.[0]?.element;
  if (!element) return first === undefined && (input.parts ?? []).length === 0;
  return first?.local === element.name && first.ns === element.ns;
}

/**
 * The operation a request is for, found from the Body's first element (namespace and local name). The SOAPAction,
 * when the request has one, must agree: it chooses among operations that take the same element, and naming another
 * operation's action is a Client fault.
 */
export function resolveOperation(port: PortMeta, body: XmlNode, action: string | undefined): string {
  const first = body.children[0];
  const names = Object.keys(port.operations);
  const candidates = names.filter((n) => bodyMatches(port, n, first));
  const what = first ? `{${first.ns}}${first.local}` : "an empty Body";
  const byAction = action ? names.filter((n) => port.operations[n]!.soapAction === action) : [];
  if (candidates.length === 0) throw clientFault(`${what} is not the request of any operation of this service`);
  let chosen = candidates[0]!;
  if (candidates.length > 1) {
    const agreed = candidates.filter((n) => byAction.includes(n));
    if (agreed.length !== 1) {
      throw clientFault(
        `${what} is the request of ${candidates.join(", ")}; the SOAPAction ${JSON.stringify(action ?? "")} does not ` +
          "choose one of them",
      );
    }
    chosen = agreed[0]!;
  }
  const declared = port.operations[chosen]!.soapAction;
  if (action && (declared ? declared !== action : byAction.length > 0 && !byAction.includes(chosen))) {
    const named = byAction.length ? ` (operation ${byAction.join(", ")})` : "";
    throw clientFault(
      `the SOAPAction ${JSON.stringify(action)}${named} does not match the Body, which holds ${what}, the request of ` +
        `${chosen}${declared ? ` (SOAPAction ${JSON.stringify(declared)})` : ""}`,
    );
  }
  return chosen;
}

/**
 * The request body's bytes, or a 413 refusal as soon as it exceeds the limit. The rest of an oversized body is read
 * and dropped (destroying the request would close the connection before the 413 is sent).
 */
function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const tooLarge = () => clientFault(`the request exceeds the limit of ${limit} bytes`, 413, { Connection: "close" });
  if (Number(req.headers["content-length"] ?? "NaN") > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    req.on("data", (chunk: Uint8Array) => {
      if (size > limit) return;
      size += chunk.byteLength;
      if (size <= limit) chunks.push(chunk);
      else {
        chunks.length = 0;
        reject(tooLarge());
      }
    });
    req.on("error", (e) => reject(new ClientGone(e)));
    req.on("close", () => reject(new ClientGone())); // after "end" too, when the promise is settled already
    req.on("end", () => {
      if (size > limit) return;
      const all = new Uint8Array(size);
      let offset = 0;
      for (const c of chunks) {
        all.set(c, offset);
        offset += c.byteLength;
      }
      resolve(all);
    });
  });
}

/** Runs the implementation under the time limit; the signal aborts on expiry or when the client goes away. */
async function runWithin(
  run: () => unknown,
  timeoutMs: number | undefined,
  controller: AbortController,
  operation: string,
): Promise<unknown> {
  const running = Promise.resolve().then(run);
  if (timeoutMs === undefined) return running;
  running.catch(() => undefined); // a call that fails after its time is up has been answered already
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const fault = new SoapFault({ code: "server", reason: `${operation} did not finish within ${timeoutMs} ms` });
      controller.abort(fault);
      reject(fault);
    }, timeoutMs);
  });
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}

export function createSoapHandler(
  metadata: ServiceMetadata,
  portName: string,
  implementation: Implementation,
  options: SoapHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const port = own(metadata.ports, portName) as PortMeta | undefined;
  if (!port) throw new Error(`port ${portName} is not in the metadata of ${metadata.service}`);
  const limit = options.maxRequestBytes ?? 16 * 1024 * 1024;
  const tokenPolicy: UsernameTokenPolicy | undefined = options.usernameToken && {
    ...options.usernameToken,
    nonceCache: options.usernameToken.nonceCache ?? new NonceCache(),
  };
  const challenge = options.httpAuth?.challenge ?? `Basic realm=${JSON.stringify(metadata.service)}, charset="UTF-8"`;

  const send = (
    res: ServerResponse,
    status: number,
    message: { body: string; httpHeaders: Record<string, string> },
  ) => {
    res.writeHead(status, message.httpHeaders);
    res.end(message.body);
  };
  const sendFault = (res: ServerResponse, refusal: Refusal) => {
    const sender = refusal.fault.code === "client" || refusal.fault.subcode !== undefined;
    const status = refusal.status ?? (sender && port.soapVersion === "1.2" ? 400 : 500);
    const message = encodeFault(port, refusal.fault);
    send(res, status, { body: message.body, httpHeaders: { ...message.httpHeaders, ...refusal.httpHeaders } });
  };

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let operation: string | undefined;
    try {
      if (req.method !== "POST") {
        res.writeHead(405, { Allow: "POST", "Content-Type": "text/plain; charset=utf-8" });
        res.end(`a SOAP service takes POST requests, not ${req.method}\n`);
        return;
      }
      const contentType = req.headers["content-type"];
      const media = mediaTypeOf(contentType);
      if (!isXmlMediaType(media)) {
        const expected = port.soapVersion === "1.2" ? "application/soap+xml" : "text/xml";
        throw clientFault(
          `${media ? `content type ${media}` : "a request without a content type"} is not a SOAP message (send ${expected})`,
          415,
        );
      }
      // Read from now on (a listener added after an await could miss the body), even if authentication fails.
      const body = readBody(req, limit);
      body.catch(() => undefined);
      if (options.httpAuth) {
        const credentials = parseAuthorization(req.headers.authorization);
        if (!(await options.httpAuth.verify(credentials, req))) {
          const why = credentials
            ? `the ${credentials.type} credentials were refused`
            : "no Basic or Bearer credentials";
          throw clientFault(`HTTP authentication failed: ${why}`, 401, { "WWW-Authenticate": challenge });
        }
      }
      let xml: string;
      try {
        xml = decodeXmlBody(await body, contentType);
      } catch (e) {
        if (!(e instanceof BodyDecodingError)) throw e;
        throw clientFault(e.message, e.kind === "unknown-charset" ? 415 : undefined);
      }
      const envelope = asClientFault(() => parseEnvelope(xml));
      let username: string | undefined;
      if (tokenPolicy) {
        const verdict = await verifyUsernameToken(findSecurityHeader(envelope.headers), tokenPolicy);
        if (!verdict.ok) {
          const subcode = { ...verdict.code, prefix: verdict.code.ns === WSU_NS ? "wsu" : "wsse" };
          throw new Refusal({ code: "client", reason: verdict.reason, subcode });
        }
        username = verdict.username;
      }
      operation = resolveOperation(port, envelope.body, requestAction(req));
      const ref: OperationRef = {
        metadata,
        port,
        operationName: operation,
        operation: own(port.operations, operation) as OperationMeta,
      };
      const understood = declaredHeaders(ref.operation.input?.headers ?? []);
      if (tokenPolicy) understood.push({ ns: WSSE_NS, local: "Security" });
      const missed = notUnderstood(envelope.env, envelope.headers, understood);
      if (missed.length > 0) {
        const names = missed.map((h) => (h.ns ? `{${h.ns}}${h.local}` : h.local)).join(", ");
        const [blocks, are] = missed.length > 1 ? ["header blocks", "are"] : ["header block", "is"];
        throw new Refusal({
          code: "mustUnderstand",
          reason: `${blocks} ${names} marked mustUnderstand ${are} not understood here`,
        });
      }
      const { args, headers } = asClientFault(() => decodeRequest(ref, envelope));
      const method = methodOf(implementation, operation);
      if (typeof method !== "function")
        throw new SoapFault({ code: "server", reason: `operation ${operation} is not implemented` });

      const controller = new AbortController();
      const onClose = () => {
        if (!res.writableFinished) controller.abort(new Error("the client closed the connection"));
      };
      res.once("close", onClose);
      const call: ServerCallOptions = { headers, responseHeaders: {}, operation, signal: controller.signal };
      if (username !== undefined) call.username = username;
      const run = () => method.call(implementation, ...args, call);
      const result = await runWithin(run, options.timeoutMs, controller, call.operation);
      if (!ref.operation.output) {
        res.writeHead(202).end(); // one-way: nothing to answer
        return;
      }
      let response: { body: string; httpHeaders: Record<string, string> };
      try {
        response = encodeResponse(ref, result, call.responseHeaders);
      } catch (e) {
        options.onError?.(e, operation);
        const why = e instanceof Error ? e.message : String(e);
        throw new SoapFault({ code: "server", reason: `the result of ${operation} cannot be sent: ${why}` });
      }
      send(res, 200, response);
    } catch (e) {
      if (e instanceof ClientGone) res.destroy();
      else if (e instanceof Refusal) sendFault(res, e);
      else if (e instanceof SoapFault) {
        const detail = typeof e.detail === "string" ? { detail: e.detail } : {};
        sendFault(res, new Refusal({ code: e.code, reason: e.reason, ...detail }));
      } else {
        options.onError?.(e, operation);
        sendFault(res, new Refusal({ code: "server", reason: e instanceof Error ? e.message : String(e) }));
      }
    }
  };

  return (req, res) => {
    serve(req, res).catch(() => {
      // The answer itself failed (the connection is gone, or headers were already sent): nothing left to tell.
      res.destroy();
    });
  };
}
