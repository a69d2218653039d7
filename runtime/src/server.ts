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
 * headers in `headers`, and a `responseHeaders` object to fill. Throw a {@link SoapFault} to answer with a Fault
 * of your own; any other error becomes a `Server`/`Receiver` fault carrying its message.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CallOptions } from "./client.js";
import { decodeRequest, encodeFault, encodeResponse, parseEnvelope, type OperationRef } from "./codec.js";
import { SoapCodecError, SoapFault } from "./errors.js";
import type { PortMeta, ServiceMetadata } from "./metadata.js";
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
}

export interface SoapHandlerOptions {
  /** Largest request body accepted, in bytes (16 MiB unless set). */
  maxRequestBytes?: number;
  /** Called with errors the implementation threw that were not SoapFaults (they are answered as Server faults). */
  onError?: (error: unknown, operation: string | undefined) => void;
}

type Implementation = object;

/** Finds the operation a request is for: by SOAPAction / `action`, else by the Body's first element. */
function findOperation(port: PortMeta, req: IncomingMessage, xml: string): string | undefined {
  const soapAction = req.headers.soapaction;
  const contentType = req.headers["content-type"] ?? "";
  const action = (typeof soapAction === "string" ? soapAction : /action="?([^";]*)"?/.exec(contentType)?.[1])?.replace(
    /^"|"$/g,
    "",
  );
  const entries = Object.entries(port.operations);
  if (action) {
    const byAction = entries.filter(([, op]) => op.soapAction === action);
    if (byAction.length === 1) return byAction[0]![0];
  }
  const first = parseEnvelope(xml).body.children[0];
  if (!first) return undefined;
  for (const [name, op] of entries) {
    const input = op.input;
    if (!input) continue;
    if (
      input.wrapper
        ? input.wrapper.name === first.local && input.wrapper.ns === first.ns
        : op.style === "rpc"
          ? name === first.local
          : input.parts?.[0]?.element?.name === first.local
    )
      return name;
  }
  return undefined;
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const decoder = new TextDecoder();
  let size = 0;
  let text = "";
  for await (const chunk of req) {
    const bytes = chunk as Uint8Array;
    size += bytes.byteLength;
    if (size > limit) throw new SoapCodecError(`request exceeds the limit of ${limit} bytes`);
    text += decoder.decode(bytes, { stream: true });
  }
  return text + decoder.decode();
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
  const send = (
    res: ServerResponse,
    status: number,
    message: { body: string; httpHeaders: Record<string, string> },
  ) => {
    res.writeHead(status, message.httpHeaders);
    res.end(message.body);
  };
  return (req, res) => {
    void (async () => {
      let operation: string | undefined;
      try {
        if (req.method !== "POST") {
          res.writeHead(405, { Allow: "POST" }).end();
          return;
        }
        const xml = await readBody(req, limit);
        operation = findOperation(port, req, xml);
        if (!operation)
          throw new SoapFault({ code: "client", reason: "the request does not name an operation of this service" });
        const ref: OperationRef = { metadata, port, operationName: operation, operation: port.operations[operation]! };
        const { args, headers } = decodeRequest(ref, xml);
        const method = methodOf(implementation, operation);
        if (typeof method !== "function")
          throw new SoapFault({ code: "server", reason: `operation ${operation} is not implemented` });
        const call: ServerCallOptions = { headers, responseHeaders: {}, operation };
        const result: unknown = await method.call(implementation, ...args, call);
        send(res, 200, encodeResponse(ref, result, call.responseHeaders));
      } catch (e) {
        if (e instanceof SoapFault) {
          send(
            res,
            500,
            encodeFault(port, {
              code: e.code,
              reason: e.reason,
              ...(typeof e.detail === "string" ? { detail: e.detail } : {}),
            }),
          );
        } else if (e instanceof SoapCodecError) {
          send(res, 500, encodeFault(port, { code: "client", reason: e.message }));
        } else {
          options.onError?.(e, operation);
          send(res, 500, encodeFault(port, { code: "server", reason: e instanceof Error ? e.message : String(e) }));
        }
      }
    })();
  };
}
