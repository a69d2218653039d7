/**
 * Document loading: imports and includes on disk and over http(s) (a local `node:http` server on 127.0.0.1,
 * started here; no other network), WCF's split metadata, cycles, chameleon includes, offline mode, the location
 * and namespace map, the limits (time, size, count), and the rule that a remote document never reads a local file.
 * Fixtures: test/fixtures/load/ (`{{BASE}}` in a served fixture becomes the server's URL).
 */
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DiagnosticSink, GeneratorError, type Diagnostic } from "../../generator/diagnostics.js";
import { generate } from "../../generator/index.js";
import { DEFAULT_LOAD_TIMEOUT_MS, loadDocuments, type LoadOptions } from "../../generator/load/documents.js";
import { decodeText } from "../../generator/load/fetch.js";
import { schemasOf } from "../../generator/load/schema-origins.js";
import { SchemaIndex } from "../../generator/xsd/schema-index.js";
import { repoRoot, tempDir, typecheck, writeFiles } from "../helpers.js";

const fixtures = path.join(repoRoot, "test/fixtures/load");
const fixture = (rel: string) => path.join(fixtures, rel);

/** The first diagnostic of the GeneratorError the promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<Diagnostic> {
  try {
    await promise;
  } catch (e) {
    if (!(e instanceof GeneratorError)) throw e;
    return e.diagnostics[0]!;
  }
  throw new Error("expected a GeneratorError");
}

function indexOf(docs: Awaited<ReturnType<typeof loadDocuments>>): { index: SchemaIndex; sink: DiagnosticSink } {
  const sink = new DiagnosticSink();
  return { index: new SchemaIndex(schemasOf(docs), sink), sink };
}

// ---------------------------------------------------------------------------------------------------------------
// The local test server

let server: http.Server;
let base = "";
const requests: string[] = [];
type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const pending: http.ServerResponse[] = [];

const fixtureText = (rel: string) => readFileSync(fixture(rel), "utf8").replaceAll("{{BASE}}", base);
const serveFixture =
  (rel: string): Handler =>
  (_req, res) => {
    res.writeHead(200, { "content-type": "text/xml; charset=utf-8" });
    res.end(fixtureText(rel));
  };

const routes: Record<string, Handler> = {
  "/Service.svc?wsdl": serveFixture("wcf/Service.wsdl"),
  "/Service.svc?wsdl=wsdl0": serveFixture("wcf/wsdl0.wsdl"),
  "/Service.svc?xsd=xsd0": serveFixture("wcf/xsd0.xsd"),
  "/Service.svc?xsd=xsd1": serveFixture("wcf/xsd1.xsd"),
  "/schemas/common.xsd": serveFixture("mapped/common.xsd"),
  "/hang": (_req, res) => void pending.push(res),
  "/slow-body": (_req, res) => {
    res.writeHead(200, { "content-type": "text/xml" });
    res.write('<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n');
    pending.push(res);
  },
  "/big-chunked.xsd": (_req, res) => {
    res.writeHead(200, { "content-type": "text/xml" });
    res.write('<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n');
    for (let i = 0; i < 8; i++) res.write(`<!-- ${"x".repeat(500)} -->\n`);
    res.end("</xs:schema>\n");
  },
  "/big-declared.xsd": (_req, res) => {
    const body = `<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><!-- ${"x".repeat(4000)} --></xs:schema>\n`;
    res.writeHead(200, { "content-type": "text/xml", "content-length": Buffer.byteLength(body) });
    res.end(body);
  },
  "/redirect/doc.xsd": (_req, res) => {
    res.writeHead(302, { location: "/f/remote/moved-to/dir/doc.xsd" });
    res.end();
  },
  "/redirect/part.xsd": (_req, res) => {
    res.writeHead(301, { location: "/f/remote/moved-to/dir/part.xsd" });
    res.end();
  },
  "/both.xsd": (_req, res) => {
    res.writeHead(200, { "content-type": "text/xml" });
    res.end(
      '<xs:schema targetNamespace="urn:moved" xmlns:xs="http://www.w3.org/2001/XMLSchema">' +
        '<xs:include schemaLocation="/f/remote/moved-to/dir/part.xsd"/><xs:include schemaLocation="/redirect/part.xsd"/></xs:schema>',
    );
  },
  "/login.html": (_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<html><head><title>Sign in</title></head><body><p>Please sign in</p></body></html>");
  },
  "/broken.xsd": (_req, res) => {
    res.writeHead(200, { "content-type": "text/xml" });
    res.end(
      '<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n  <xs:element name="a">\n</xs:schema>\n',
    );
  },
  "/utf16.xsd": (_req, res) => {
    const text =
      '<?xml version="1.0" encoding="UTF-16"?>\n' +
      '<xs:schema targetNamespace="urn:größe" xmlns:xs="http://www.w3.org/2001/XMLSchema">' +
      '<xs:simpleType name="Größe"><xs:restriction base="xs:string"/></xs:simpleType></xs:schema>\n';
    res.writeHead(200, { "content-type": "text/xml" });
    res.end(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
  },
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    requests.push(url);
    const route = routes[url];
    if (route) return route(req, res);
    if (url.startsWith("/f/") && !url.includes("..") && !url.includes("?")) {
      try {
        return serveFixture(decodeURIComponent(url.slice(3)))(req, res);
      } catch {
        // fall through to 404
      }
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of pending) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  requests.length = 0;
});

// ---------------------------------------------------------------------------------------------------------------

describe("loading from disk", () => {
  it("follows wsdl:import and xs:import cycles, reading each document once", async () => {
    const docs = await loadDocuments(fixture("cycle/Cycle.wsdl"));
    expect(docs.map((d) => path.basename(d.absolute))).toEqual(["Cycle.wsdl", "Cycle-contract.wsdl", "a.xsd", "b.xsd"]);
    expect(docs.every((d) => !d.remote)).toBe(true);
    const { files } = await generate({ wsdl: [fixture("cycle/Cycle.wsdl")] });
    expect(files.map((f) => f.path)).toContain("Cycle/CyclePortAgent.ts");
  });

  it("gives a chameleon include the including schema's namespace (once per includer) and records who included whom", async () => {
    const docs = await loadDocuments(fixture("chameleon/Chameleon.wsdl"));
    expect(docs.map((d) => path.basename(d.absolute))).toEqual(["Chameleon.wsdl", "common.xsd", "more.xsd"]);
    const [wsdl, common, more] = docs;
    expect(common!.includedBy).toHaveLength(2);
    expect(common!.includedBy.map((s) => s.attrs.targetNamespace)).toEqual(["urn:cham", "urn:other"]);
    expect(common!.standalone).toBe(false);
    expect(more!.includedBy).toEqual([common!.root]);
    expect(wsdl!.standalone).toBe(true);

    const { index } = indexOf(docs);
    for (const ns of ["urn:cham", "urn:other"]) {
      expect(index.get("simpleType", { ns, local: "Code" })?.schema.targetNamespace).toBe(ns);
      expect(index.get("complexType", { ns, local: "Item" })).toBeDefined();
      expect(index.get("complexType", { ns, local: "Extra" })).toBeDefined();
    }
    expect(index.get("simpleType", { ns: "", local: "Code" })).toBeUndefined();
    // Positions still point into the included file.
    expect(index.get("complexType", { ns: "urn:other", local: "Item" })!.el.location.file).toMatch(/common\.xsd$/);

    const { files, models } = await generate({ wsdl: [fixture("chameleon/Chameleon.wsdl")] });
    const names = models[0]!.types.map((t) => `{${t.name.ns}}${t.name.local}`);
    expect(names).toEqual(
      expect.arrayContaining([
        "{urn:cham}Code",
        "{urn:cham}Item",
        "{urn:cham}Extra",
        "{urn:other}Code",
        "{urn:other}Item",
        "{urn:other}Extra",
      ]),
    );
    expect(names.some((n) => n.startsWith("{}"))).toBe(false);
    // The unprefixed type="Code" inside the chameleon now refers to the includer's Code.
    const item = models[0]!.types.find((t) => t.name.ns === "urn:other" && t.name.local === "Item");
    expect(JSON.stringify(item)).toContain('"ns":"urn:other","local":"Code"');
    const dir = await tempDir("load-chameleon");
    await typecheck((await writeFiles(dir, files)).filter((f) => f.endsWith(".ts")));
  });

  it("keeps a chameleon schema in no namespace as well when it is also imported", async () => {
    const dir = await tempDir("load-chameleon-both");
    await writeFile(
      path.join(dir, "plain.xsd"),
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">' +
        '<xs:simpleType name="Code"><xs:restriction base="xs:string"/></xs:simpleType></xs:schema>',
    );
    await writeFile(
      path.join(dir, "root.xsd"),
      '<xs:schema targetNamespace="urn:root" xmlns:xs="http://www.w3.org/2001/XMLSchema">' +
        '<xs:include schemaLocation="plain.xsd"/><xs:import schemaLocation="plain.xsd"/></xs:schema>',
    );
    const docs = await loadDocuments(path.join(dir, "root.xsd"));
    expect(docs[1]!.standalone).toBe(true);
    const { index } = indexOf(docs);
    expect(index.get("simpleType", { ns: "urn:root", local: "Code" })).toBeDefined();
    expect(index.get("simpleType", { ns: "", local: "Code" })).toBeDefined();
  });

  it("gives chameleons that include each other (a cycle) the namespace of the schema that includes them", async () => {
    const dir = await tempDir("load-chameleon-cycle");
    const schema = (body: string, tns = "") =>
      `<xs:schema ${tns ? `targetNamespace="${tns}" ` : ""}xmlns:xs="http://www.w3.org/2001/XMLSchema">${body}</xs:schema>`;
    await writeFile(path.join(dir, "s.xsd"), schema('<xs:include schemaLocation="a.xsd"/>', "urn:s"));
    await writeFile(
      path.join(dir, "a.xsd"),
      schema(
        '<xs:include schemaLocation="b.xsd"/><xs:complexType name="A"><xs:sequence><xs:element name="b" type="B"/></xs:sequence></xs:complexType>',
      ),
    );
    await writeFile(
      path.join(dir, "b.xsd"),
      schema(
        '<xs:include schemaLocation="a.xsd"/>' +
          '<xs:complexType name="B"><xs:sequence><xs:element name="a" type="A" minOccurs="0"/></xs:sequence></xs:complexType>',
      ),
    );
    const { index } = indexOf(await loadDocuments(path.join(dir, "s.xsd")));
    expect(
      index
        .all("complexType")
        .map((d) => `{${d.name.ns}}${d.name.local}`)
        .sort(),
    ).toEqual(["{urn:s}A", "{urn:s}B"]);
  });

  it("names the missing document, the referencing element's position and the construct", async () => {
    const dir = await tempDir("load-missing");
    await writeFile(
      path.join(dir, "root.xsd"),
      '<xs:schema targetNamespace="urn:r" xmlns:xs="http://www.w3.org/2001/XMLSchema">\n' +
        '  <xs:import namespace="urn:n" schemaLocation="sub/none.xsd"/>\n</xs:schema>',
    );
    const d = await failure(loadDocuments(path.join(dir, "root.xsd")));
    expect(d.code).toBe("load-unreadable");
    expect(d.message).toMatch(/cannot read .*sub\/none\.xsd: ENOENT/);
    expect(d.location).toMatchObject({ line: 2, column: 3 });
    expect(d.location!.file).toMatch(/root\.xsd$/);
    expect(d.construct).toBe("xs:import sub/none.xsd");
  });

  it("reads file: URLs and percent-escaped relative locations from local documents", async () => {
    const dir = await tempDir("load-file-url");
    await writeFile(
      path.join(dir, "a b.xsd"),
      '<xs:schema targetNamespace="urn:ab" xmlns:xs="http://www.w3.org/2001/XMLSchema"/>',
    );
    await writeFile(
      path.join(dir, "c.xsd"),
      '<xs:schema targetNamespace="urn:c" xmlns:xs="http://www.w3.org/2001/XMLSchema"/>',
    );
    await writeFile(
      path.join(dir, "root.xsd"),
      `<xs:schema targetNamespace="urn:r" xmlns:xs="http://www.w3.org/2001/XMLSchema">` +
        `<xs:import namespace="urn:ab" schemaLocation="a%20b.xsd"/>` +
        `<xs:import namespace="urn:c" schemaLocation="${pathToFileURL(path.join(dir, "c.xsd")).href}"/></xs:schema>`,
    );
    const docs = await loadDocuments(path.join(dir, "root.xsd"));
    expect(docs.map((d) => path.basename(d.absolute))).toEqual(["root.xsd", "a b.xsd", "c.xsd"]);
  });

  it("refuses an xs:include without schemaLocation, pointing at the likely slip", async () => {
    const dir = await tempDir("load-include-location");
    await writeFile(
      path.join(dir, "root.xsd"),
      '<xs:schema targetNamespace="urn:r" xmlns:xs="http://www.w3.org/2001/XMLSchema">\n  <xs:include location="x.xsd"/>\n</xs:schema>',
    );
    const d = await failure(loadDocuments(path.join(dir, "root.xsd")));
    expect(d.code).toBe("load-include-location");
    expect(d.message).toContain('location="x.xsd"; the attribute is schemaLocation');
    expect(d.location).toMatchObject({ line: 2, column: 3 });
  });

  it("warns (through the schema index) when an import's namespace or an include's namespace does not match", async () => {
    const dir = await tempDir("load-ns-mismatch");
    await writeFile(
      path.join(dir, "a.xsd"),
      '<xs:schema targetNamespace="urn:a" xmlns:xs="http://www.w3.org/2001/XMLSchema">' +
        '<xs:simpleType name="A"><xs:restriction base="xs:string"/></xs:simpleType></xs:schema>',
    );
    await writeFile(
      path.join(dir, "b.xsd"),
      '<xs:schema targetNamespace="urn:b" xmlns:xs="http://www.w3.org/2001/XMLSchema"/>',
    );
    await writeFile(
      path.join(dir, "root.xsd"),
      '<xs:schema targetNamespace="urn:r" xmlns:xs="http://www.w3.org/2001/XMLSchema">\n' +
        '  <xs:import namespace="a.xsd" schemaLocation="a.xsd"/>\n' +
        '  <xs:include schemaLocation="b.xsd"/>\n</xs:schema>',
    );
    const docs = await loadDocuments(path.join(dir, "root.xsd"));
    const { index, sink } = indexOf(docs);
    expect(index.get("simpleType", { ns: "urn:a", local: "A" })).toBeDefined();
    expect(sink.warnings.map((w) => [w.code, w.location?.line])).toEqual([
      ["load-import-namespace", 2],
      ["load-include-namespace", 3],
    ]);
    expect(sink.warnings[0]!.message).toContain("names namespace a.xsd, but");
    // A reference into the namespace the import claimed is explained by the mismatch.
    expect(index.explainMissing(["simpleType"], { ns: "a.xsd", local: "A" })).toMatch(
      new RegExp(
        /^no loaded schema has targetNamespace a\.xsd: the xs:import at .*root\.xsd:2:3 names it, /.source +
          /but its schemaLocation loads .*a\.xsd, whose targetNamespace is urn:a; /.source +
          /the name is declared in namespace "urn:a"/.source,
      ),
    );
  });

  it("names documents that are not WSDL 1.1 or XML Schema", async () => {
    const dir = await tempDir("load-not-wsdl");
    await writeFile(path.join(dir, "w2.wsdl"), '<description xmlns="http://www.w3.org/ns/wsdl"/>');
    expect(await failure(loadDocuments(path.join(dir, "w2.wsdl")))).toMatchObject({
      code: "load-not-wsdl",
      message: expect.stringContaining("WSDL 2.0"),
    });
    await writeFile(
      path.join(dir, "old.wsdl"),
      '<definitions xmlns="http://schemas.xmlsoap.org/wsdl/">\n' +
        '<types>\n<schema xmlns="http://www.w3.org/2000/10/XMLSchema"/>\n</types>\n</definitions>',
    );
    expect(await failure(loadDocuments(path.join(dir, "old.wsdl")))).toMatchObject({
      code: "load-schema-namespace",
      location: { line: 3 },
    });
    await writeFile(
      path.join(dir, "inc.xsd"),
      '<xs:schema targetNamespace="urn:r" xmlns:xs="http://www.w3.org/2001/XMLSchema">\n<xs:include schemaLocation="old.wsdl"/></xs:schema>',
    );
    expect(await failure(loadDocuments(path.join(dir, "inc.xsd")))).toMatchObject({ code: "load-schema-namespace" });
  });

  it("enforces the document-count and size limits on disk", async () => {
    expect(await failure(loadDocuments(fixture("cycle/Cycle.wsdl"), { maxDocuments: 3 }))).toMatchObject({
      code: "load-too-many",
      construct: "xs:import b.xsd",
    });
    const d = await failure(loadDocuments(fixture("cycle/Cycle.wsdl"), { maxDocumentBytes: 900 }));
    expect(d.code).toBe("load-too-large");
    expect(d.message).toMatch(/Cycle\.wsdl is \d+ bytes, more than the limit of 900/);
    const imported = await failure(loadDocuments(fixture("cycle/Cycle-contract.wsdl"), { maxDocumentBytes: 900 }));
    expect(imported).toMatchObject({
      code: "load-too-large",
      construct: "wsdl:import Cycle.wsdl",
      location: { line: 5 },
    });
  });

  it("decodes UTF-16 with a byte order mark", async () => {
    const dir = await tempDir("load-utf16");
    const text =
      '<?xml version="1.0" encoding="UTF-16"?>\n' +
      '<xs:schema targetNamespace="urn:u" xmlns:xs="http://www.w3.org/2001/XMLSchema">' +
      '<xs:simpleType name="Größe"><xs:restriction base="xs:string"/></xs:simpleType></xs:schema>';
    await writeFile(path.join(dir, "u.xsd"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    const { index } = indexOf(await loadDocuments(path.join(dir, "u.xsd")));
    expect(index.get("simpleType", { ns: "urn:u", local: "Größe" })).toBeDefined();
  });

  it("reads UTF-8 that is all ASCII as it is, from a view into a larger buffer, with or without a BOM", () => {
    const ascii = '<?xml version="1.0"?>\n<a b="c">d &amp; e</a>';
    const bytes = Buffer.concat([Buffer.from("junk before"), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ascii)]);
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset + "junk before".length, ascii.length + 3);
    expect(decodeText(view, "a.xml", undefined)).toBe(ascii);
    expect(decodeText(view.subarray(3), "a.xml", undefined)).toBe(ascii);
    const utf8 = Buffer.from('<a b="ç">Größe ✓</a>');
    expect(decodeText(new Uint8Array(utf8.buffer, utf8.byteOffset, utf8.length), "u.xml", undefined)).toBe(
      '<a b="ç">Größe ✓</a>',
    );
  });

  it("decodes a declared single-byte encoding, and UTF-8 that wrongly declares UTF-16", async () => {
    const dir = await tempDir("load-encodings");
    const doc = (encoding: string) =>
      `<?xml version="1.0" encoding="${encoding}"?>\n` +
      `<xs:schema targetNamespace="urn:e" xmlns:xs="http://www.w3.org/2001/XMLSchema">` +
      `<xs:simpleType name="Café"><xs:restriction base="xs:string"/></xs:simpleType></xs:schema>`;
    await writeFile(path.join(dir, "latin1.xsd"), Buffer.from(doc("ISO-8859-1"), "latin1"));
    await writeFile(path.join(dir, "liar.xsd"), Buffer.from(doc("UTF-16"), "utf8"));
    for (const file of ["latin1.xsd", "liar.xsd"]) {
      const { index } = indexOf(await loadDocuments(path.join(dir, file)));
      expect(index.get("simpleType", { ns: "urn:e", local: "Café" }), file).toBeDefined();
    }
  });
});

describe("loading over http(s)", () => {
  it("loads WCF's split metadata (?wsdl, ?wsdl=wsdl0, ?xsd=xsd0) and generates from the URL", async () => {
    const docs = await loadDocuments(`${base}/Service.svc?wsdl`);
    expect(docs.map((d) => d.file)).toEqual([
      `${base}/Service.svc?wsdl`,
      `${base}/Service.svc?wsdl=wsdl0`,
      `${base}/Service.svc?xsd=xsd0`,
      `${base}/Service.svc?xsd=xsd1`,
    ]);
    expect(docs.every((d) => d.remote)).toBe(true);
    const { files, models } = await generate({ wsdl: [`${base}/Service.svc?wsdl`] });
    expect(models[0]!.services[0]!.ports[0]!.name).toBe("BasicHttpBinding_Ticket");
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(["Service/types.ts", "Service/TicketAgent.ts"]));
    expect(files.find((f) => f.path === "Service/TicketAgent.ts")!.contents).toContain("BatchReply");
  });

  it("follows cycles and chameleon includes over the network, fetching each document once", async () => {
    const docs = await loadDocuments(`${base}/f/cycle/Cycle.wsdl`);
    expect(docs).toHaveLength(4);
    expect(requests.filter((r) => r.startsWith("/f/cycle/")).sort()).toEqual([
      "/f/cycle/Cycle-contract.wsdl",
      "/f/cycle/Cycle.wsdl",
      "/f/cycle/a.xsd",
      "/f/cycle/b.xsd",
    ]);
    const { index } = indexOf(await loadDocuments(`${base}/f/chameleon/Chameleon.wsdl`));
    expect(index.get("complexType", { ns: "urn:other", local: "Extra" })).toBeDefined();
  });

  it("resolves relative locations against the final URL after a redirect", async () => {
    const docs = await loadDocuments(`${base}/redirect/doc.xsd`);
    expect(docs.map((d) => d.file)).toEqual([
      `${base}/f/remote/moved-to/dir/doc.xsd`,
      `${base}/f/remote/moved-to/dir/part.xsd`,
    ]);
    // A redirect to a document already known by its final URL reads it once, with both references recorded.
    const both = await loadDocuments(`${base}/both.xsd`);
    expect(both.map((d) => d.file)).toEqual([`${base}/both.xsd`, `${base}/f/remote/moved-to/dir/part.xsd`]);
    expect(both[1]!.includedBy).toHaveLength(2);
  });

  it("never reads a local file for a remote document: file: URLs are refused", async () => {
    const d = await failure(loadDocuments(`${base}/f/remote/evil-file-url.xsd`));
    expect(d.code).toBe("load-local-from-remote");
    expect(d.location).toEqual({ file: `${base}/f/remote/evil-file-url.xsd`, line: 4, column: 3 });
    expect(d.construct).toBe("xs:include file:///etc/passwd");
    expect(d.message).toContain("may not refer to a local file");
    const drive = await failure(loadDocuments(`${base}/f/remote/evil-drive.xsd`));
    expect(drive.code).toBe("load-local-from-remote");
    expect(drive.message).toContain("only http(s) locations are followed");
  });

  it("never reads a local file for a remote document: /etc/passwd and ../ climb only the server's paths", async () => {
    for (const doc of ["evil-absolute-path.xsd", "evil-dotdot.xsd"]) {
      requests.length = 0;
      const d = await failure(loadDocuments(`${base}/f/remote/${doc}`));
      expect(d.code).toBe("load-http-status");
      expect(d.message).toBe(`fetching ${base}/etc/passwd answered HTTP 404 Not Found`);
      expect(d.location).toMatchObject({ file: `${base}/f/remote/${doc}`, line: expect.any(Number), column: 3 });
      expect(requests).toEqual([`/f/remote/${doc}`, "/etc/passwd"]);
    }
  });

  it("times out a server that does not answer, or stops sending, within timeoutMs", async () => {
    expect(DEFAULT_LOAD_TIMEOUT_MS).toBe(30_000);
    const started = Date.now();
    const hang = await failure(loadDocuments(`${base}/hang`, { timeoutMs: 300 }));
    expect(hang).toMatchObject({
      code: "load-timeout",
      message: `no complete response from ${base}/hang within 300 ms (load.timeoutMs)`,
    });
    const slow = await failure(loadDocuments(`${base}/slow-body`, { timeoutMs: 300 }));
    expect(slow.code).toBe("load-timeout");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("enforces the size limit as bytes arrive, and from Content-Length", async () => {
    const chunked = await failure(loadDocuments(`${base}/big-chunked.xsd`, { maxDocumentBytes: 1024 }));
    expect(chunked.code).toBe("load-too-large");
    expect(chunked.message).toMatch(
      /big-chunked\.xsd sent \d+ bytes before reading stopped, more than the limit of 1024 bytes/,
    );
    const declared = await failure(loadDocuments(`${base}/big-declared.xsd`, { maxDocumentBytes: 1024 }));
    expect(declared.message).toMatch(
      /big-declared\.xsd is \d+ bytes \(Content-Length\), more than the limit of 1024 bytes/,
    );
    // Under the limit both load.
    expect(await loadDocuments(`${base}/big-chunked.xsd`)).toHaveLength(1);
  });

  it("reports HTTP errors, unreachable servers, HTML pages and malformed XML with the document named", async () => {
    expect(await failure(loadDocuments(`${base}/nothing-here.xsd`))).toMatchObject({
      code: "load-http-status",
      location: { file: `${base}/nothing-here.xsd` },
    });
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/x.wsdl`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await failure(loadDocuments(deadUrl))).toMatchObject({
      code: "load-fetch-failed",
      message: expect.stringContaining(`cannot fetch ${deadUrl}: ECONNREFUSED`),
    });
    expect(await failure(loadDocuments(`${base}/login.html`))).toMatchObject({
      code: "load-not-wsdl",
      message: expect.stringContaining("HTML page"),
    });
    expect(await failure(loadDocuments(`${base}/broken.xsd`))).toMatchObject({
      code: "xml-malformed",
      location: { file: `${base}/broken.xsd`, line: expect.any(Number) },
    });
    const { index } = indexOf(await loadDocuments(`${base}/utf16.xsd`));
    expect(index.get("simpleType", { ns: "urn:größe", local: "Größe" })).toBeDefined();
  });

  it("counts remote documents against maxDocuments", async () => {
    expect(await failure(loadDocuments(`${base}/Service.svc?wsdl`, { maxDocuments: 2 }))).toMatchObject({
      code: "load-too-many",
      location: { file: `${base}/Service.svc?wsdl=wsdl0` },
    });
  });
});

describe("offline mode and the map", () => {
  async function usesRemote(): Promise<string> {
    const dir = await tempDir("load-uses-remote");
    const file = path.join(dir, "uses-remote.wsdl");
    await writeFile(file, fixtureText("remote/uses-remote.wsdl"));
    return file;
  }

  it("offline: a remote location is an error naming it and where it is referenced, and nothing is fetched", async () => {
    const file = await usesRemote();
    const d = await failure(loadDocuments(file, { offline: true }));
    expect(d.code).toBe("load-offline");
    expect(d.message).toContain(`${base}/schemas/common.xsd is remote and loading is offline`);
    expect(d.location).toMatchObject({ line: 8, column: 7 });
    expect(d.location!.file).toMatch(/uses-remote\.wsdl$/);
    expect(d.construct).toBe(`xs:import ${base}/schemas/common.xsd`);
    expect(await failure(loadDocuments(`${base}/Service.svc?wsdl`, { offline: true }))).toMatchObject({
      code: "load-offline",
      location: { file: `${base}/Service.svc?wsdl` },
    });
    expect(requests).toEqual([]);
    // Online, the same WSDL fetches the schema.
    expect((await loadDocuments(file)).map((d) => d.file)).toContain(`${base}/schemas/common.xsd`);
  });

  it("never reads an import of a namespace it models itself (SOAP encoding and envelope, WSDL, xml, xs)", async () => {
    const dir = await tempDir("load-built-in");
    const file = path.join(dir, "BuiltIn.wsdl");
    await writeFile(file, fixtureText("built-in/BuiltIn.wsdl"));
    for (const offline of [true, false]) {
      // Online too, and with a map that would point the namespace elsewhere: nothing is fetched or read.
      const options: LoadOptions = {
        offline,
        map: { "http://schemas.xmlsoap.org/wsdl/": fixture("built-in/does-not-exist.xsd") },
      };
      const docs = await loadDocuments(file, options);
      expect(docs.map((d) => d.absolute)).toEqual([file]);
      const { files, warnings } = await generate({ wsdl: [file], load: options });
      expect(warnings).toEqual([]);
      const types = files.find((f) => f.path.endsWith("types.ts"))!.contents;
      expect(types).toContain("export type Names = string[];");
      expect(types).toContain("lang?: string;");
    }
    expect(requests).toEqual([]);
  });

  it("maps URLs (exact and by prefix) and namespaces to local files, offline", async () => {
    const options: LoadOptions = {
      offline: true,
      map: {
        "HTTP://Schemas.Example.COM/common/v1/common.xsd": fixture("mapped/common.xsd"), // keys are normalised as URLs
        "urn:extra": fixture("mapped/extra.xsd"),
        "https://schemas.example.com/tree/": fixture("mapped/tree"),
      },
    };
    const docs = await loadDocuments(fixture("mapped/Mapped.wsdl"), options);
    expect(docs.map((d) => path.relative(fixtures, d.absolute).split(path.sep).join("/"))).toEqual([
      "mapped/Mapped.wsdl",
      "mapped/common.xsd",
      "mapped/extra.xsd",
      "mapped/tree/sub/under.xsd",
      "mapped/tree/sub/under-part.xsd",
    ]);
    const { index } = indexOf(docs);
    expect(index.get("simpleType", { ns: "urn:under", local: "UnderPart" })).toBeDefined();
    expect(requests).toEqual([]);
  });

  it("maps a remote entry and a remote reference online too, without fetching them", async () => {
    const file = await usesRemote();
    const docs = await loadDocuments(file, { map: { [`${base}/schemas/common.xsd`]: fixture("mapped/common.xsd") } });
    expect(docs[1]!.absolute).toBe(fixture("mapped/common.xsd"));
    const entry = await loadDocuments(`${base}/Service.svc?xsd=xsd1`, {
      offline: true,
      map: { [`${base}/Service.svc?xsd=xsd1`]: fixture("wcf/xsd1.xsd") },
    });
    expect(entry[0]!.remote).toBe(false);
    expect(requests).toEqual([]);
  });

  it("does not let a prefix mapping escape its folder", async () => {
    const dir = await tempDir("load-map-escape");
    await writeFile(
      path.join(dir, "root.xsd"),
      '<xs:schema targetNamespace="urn:r" xmlns:xs="http://www.w3.org/2001/XMLSchema">\n' +
        '  <xs:import namespace="urn:x" schemaLocation="http://example.com/s/..%2f..%2fsecret.xsd"/>\n</xs:schema>',
    );
    const d = await failure(
      loadDocuments(path.join(dir, "root.xsd"), {
        offline: true,
        map: { "http://example.com/s/": fixture("mapped/tree") },
      }),
    );
    expect(d).toMatchObject({ code: "load-map-escape", location: { line: 2 } });
  });
});
