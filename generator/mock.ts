/**
 * `wsdlgen mock`: serves any WSDL with canned responses, for quick tries against a client. Every operation
 * answers with a sample of its result type and, where the binding has them, sample response headers
 * (`Succeeded: true` for WCF/SuperOffice services).
 *
 * Sample values: strings are the element's name, numbers 0, booleans false, dates `2000-01-01T00:00:00Z`,
 * enumerations their first value, unions their first member's sample, arrays one item, objects every member down
 * to three levels (deeper optional members are left out, nillable ones are null) — of a choice only the first
 * alternative, of an abstract type the first concrete derived type (with `$type`); `xs:any` content is left out.
 *
 * With `cors`, a client running in a web page of another origin can call it: see {@link CORS_HEADERS}.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { loadMetadata } from "./pipeline/load-model.js";
import { builtinCategory } from "@wsdlgen/runtime/builtins";
import type { FieldMeta, ServiceMetadata, TypeRefMeta } from "@wsdlgen/runtime/metadata";
import { createSoapHandler, type ServerCallOptions, type SoapHandlerOptions } from "@wsdlgen/runtime/server";
import { ValueCodec } from "@wsdlgen/runtime/values";

const MAX_DEPTH = 3;

/** Samples of the string-family built-ins whose lexical space a name is not in (the runtime checks them). */
const LEXICAL_SAMPLES: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  duration: "PT0S",
  dayTimeDuration: "PT0S",
  yearMonthDuration: "P0M",
  time: "00:00:00",
  gYear: "2000",
  gYearMonth: "2000-01",
  gMonth: "--01",
  gMonthDay: "--01-01",
  gDay: "---01",
  language: "en",
});

export function sampleValue(codec: ValueCodec, ref: TypeRefMeta, name: string, depth = 0): unknown {
  const type = codec.resolve(ref);
  if (type.kind === "builtin") {
    switch (builtinCategory(type.name)) {
      case "boolean":
        return false;
      case "number":
        return 0;
      case "integer": {
        // 0 is in every integer type's range but positiveInteger's and negativeInteger's.
        const n = type.name === "positiveInteger" ? 1 : type.name === "negativeInteger" ? -1 : 0;
        return codec.scalars.integer === "bigint" ? BigInt(n) : codec.scalars.integer === "number" ? n : String(n);
      }
      case "decimal":
        return codec.scalars.decimal === "number" ? 0 : "0";
      case "dateTime":
        return codec.scalars.dateTime === "Date" ? new Date(Date.UTC(2000, 0, 1)) : "2000-01-01T00:00:00Z";
      case "date":
        return codec.scalars.date === "Date" ? new Date(Date.UTC(2000, 0, 1)) : "2000-01-01";
      case "binary":
        return codec.scalars.binary === "Uint8Array" ? new Uint8Array() : "";
      case "any":
        return name;
      default:
        // The member name is an XML name, so a sample of most of the string family; the others need their own form.
        return LEXICAL_SAMPLES[type.name] ?? name;
    }
  }
  if (type.kind === "simple") {
    if (type.variety === "enumeration") return type.values?.[0] ?? "";
    if (type.variety === "list") return type.item !== undefined ? [sampleValue(codec, type.item, name, depth)] : [];
    if (type.variety === "union")
      return type.members?.[0] !== undefined ? sampleValue(codec, type.members[0], name, depth) : name;
    return type.base !== undefined ? sampleValue(codec, type.base, name, depth) : name;
  }
  if (type.array) return depth >= MAX_DEPTH ? [] : [sampleField(codec, type.array.item, depth + 1)];
  if (type.dictionary) return depth >= MAX_DEPTH ? {} : { key: sampleField(codec, type.dictionary.value, depth + 1) };
  if (type.abstract) {
    const concrete = Object.entries(codec.metadata.types).find(
      ([n, t]) => t.kind === "complex" && !t.abstract && typeof ref === "string" && codec.derivesFrom(n, ref),
    );
    if (concrete)
      return { $type: concrete[0], ...(sampleValue(codec, concrete[0], name, depth) as Record<string, unknown>) };
  }
  const out: Record<string, unknown> = {};
  const content = codec.content(type);
  // Of each choice, only the first alternative's fields.
  const skipped = new Set((type.choices ?? []).flatMap((c) => c.alternatives.slice(1).flat()));
  // Own properties whatever the name (`out["__proto__"] = …` would set the prototype instead).
  const set = (key: string, value: unknown) =>
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  for (const a of content.attributes) if (a.required) set(a.name, sampleValue(codec, a.type, a.name, depth + 1));
  if (content.text !== undefined) out.$value = sampleValue(codec, content.text, name, depth + 1);
  for (const f of content.fields) {
    if (skipped.has(f.name) || f.particle === "any") continue;
    if (depth >= MAX_DEPTH && f.min === 0) continue;
    const v = depth >= MAX_DEPTH && f.nillable ? null : sampleField(codec, f, depth + 1);
    set(f.name, f.max === "unbounded" || f.max > 1 ? (v === null ? [] : [v]) : v);
  }
  return out;
}

function sampleField(codec: ValueCodec, f: FieldMeta, depth: number): unknown {
  return sampleValue(codec, f.type, f.name, depth);
}

/** An implementation of every operation of a port that answers with samples. */
export function cannedImplementation(
  metadata: ServiceMetadata,
  portName: string,
): Record<string, (...args: unknown[]) => unknown> {
  const codec = new ValueCodec(metadata);
  const port = metadata.ports[portName]!;
  const impl: Record<string, (...args: unknown[]) => unknown> = {};
  for (const [name, op] of Object.entries(port.operations)) {
    impl[name] = (...args: unknown[]) => {
      const call = args[args.length - 1] as ServerCallOptions;
      const output = op.output;
      if (!output) return undefined;
      for (const h of output.headers)
        call.responseHeaders[h.name] =
          h.name === "Succeeded" ? true : sampleValue(codec, h.type, h.name, MAX_DEPTH - 1);
      const fields =
        output.wrapper?.fields ??
        (output.parts ?? []).map((p) => ({ name: p.name, ns: "", type: p.type, min: 1, max: 1 }));
      if (output.result === "void" || fields.length === 0) return undefined;
      if (output.result === "single") return sampleField(codec, fields[0]!, 0);
      return Object.fromEntries(fields.map((f) => [f.name, sampleField(codec, f, 0)]));
    };
  }
  return impl;
}

/**
 * What `--cors` adds to every answer (faults and 404s too, so a page can read them), and how it answers a preflight
 * `OPTIONS` (204, for any path). Any origin may call: the mock serves canned data, and a page's request carries no
 * cookies to a `*` origin. The allowed request headers are those a generated client sends (`Content-Type`,
 * SOAP 1.1's `SOAPAction`) and `Authorization` for HTTP authentication.
 */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  "Access-Control-Allow-Headers": "SOAPAction, Content-Type, Authorization",
  "Access-Control-Max-Age": "600",
};

export interface MockOptions {
  /** TCP port (default 0: a free one). */
  port?: number;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** Let web pages of any origin call the mock: answer CORS preflights and add {@link CORS_HEADERS}. */
  cors?: boolean;
  /** Require a WS-Security UsernameToken of this user in every request. */
  usernameToken?: MockCredentials;
}

/** The UsernameToken a mock requires (`wsdlgen mock --username U --password P`): text or digest, checked for replay. */
export interface MockCredentials {
  username: string;
  password: string;
}

export interface MockServer {
  server: http.Server;
  /** Endpoint URL per port name. */
  endpoints: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Serves every SOAP port of a WSDL with canned responses, each under `/<port name>`. With `usernameToken`, every
 * request must carry a WS-Security UsernameToken of that user (PasswordText or PasswordDigest, Created within five
 * minutes, no nonce twice), else it gets the WS-Security fault.
 */
export async function startMockServer(wsdl: string, options: MockOptions = {}): Promise<MockServer> {
  const { metadata } = await loadMetadata(wsdl);
  const required = options.usernameToken;
  const handlerOptions: SoapHandlerOptions = required
    ? { usernameToken: { password: (user) => (user === required.username ? required.password : undefined) } }
    : {};
  const handlers = new Map(
    Object.keys(metadata.ports).map((p) => [
      p,
      createSoapHandler(metadata, p, cannedImplementation(metadata, p), handlerOptions),
    ]),
  );
  const firstPort = [...handlers.keys()][0];
  const server = http.createServer((req, res) => {
    if (options.cors) {
      for (const [header, value] of Object.entries(CORS_HEADERS)) res.setHeader(header, value);
      if (req.method === "OPTIONS") {
        res.writeHead(204).end();
        return;
      }
    }
    let name: string;
    try {
      name = decodeURIComponent((req.url ?? "/").split("?")[0]!.slice(1));
    } catch {
      res.writeHead(400, { "Content-Type": "text/plain" }).end(`malformed percent-escape in the path ${req.url}\n`);
      return;
    }
    const handler =
      handlers.get(name) ?? (name === "" && firstPort !== undefined ? handlers.get(firstPort) : undefined);
    if (!handler) {
      res
        .writeHead(404, { "Content-Type": "text/plain" })
        .end(`no port named ${name}; try ${[...handlers.keys()].map((p) => `/${p}`).join(", ")}\n`);
      return;
    }
    handler(req, res);
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const endpoints = Object.fromEntries(
    [...handlers.keys()].map((p) => [p, `http://${host}:${port}/${encodeURIComponent(p)}`]),
  );
  return { server, endpoints, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
