/** Loopback HTTP servers for the client and server tests: start on a free port, record requests, close. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { metadata } from "../../generated/Services88-Ticket/index.js";
import { encodeResponse, operationRef } from "../../runtime/src/codec.js";

export interface Loopback {
  server: http.Server;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Requests seen, with their bodies. */
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

const open = new Set<Loopback>();

/** Starts a server whose handler gets each request with its body already read (unless `raw`). */
export async function listen(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void,
  options: { raw?: boolean } = {},
): Promise<Loopback> {
  const requests: Loopback["requests"] = [];
  const server = http.createServer((req, res) => {
    if (options.raw) {
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: "" });
      handler(req, res, "");
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const loopback: Loopback = {
    server,
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => {
      open.delete(loopback);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  open.add(loopback);
  return loopback;
}

/** Closes every server still open (for afterEach). */
export async function closeAll(): Promise<void> {
  await Promise.all([...open].map((l) => l.close()));
}

/** A port nothing listens on (a server was there a moment ago). */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The Ticket service's BatchReply response (result `replied`, with the given response headers), as text. */
export function batchReplyResponse(replied: number, headers: Record<string, unknown> = { Succeeded: true }): string {
  return encodeResponse(operationRef(metadata, "BasicHttpBinding_Ticket", "BatchReply"), replied, headers).body;
}
