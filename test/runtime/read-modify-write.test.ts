/**
 * Read → modify → write over loopback HTTP with the TicketAgent generated from SuperOffice's published Services88
 * Ticket WSDL (../shared; skipped visibly when absent) and a server built with createSoapHandler from the same
 * metadata. The server is "newer" than the client's WSDL: its GetTicketEntity adds fields, attributes and nested
 * content the WSDL does not have. The client changes the Title and saves; the server checks that everything it added
 * came back, in place — and that strict decoding would have refused it.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SoapCodecError,
  unknownContent,
  withUnknownContent,
  type ServiceMetadata,
  type UnknownContent,
} from "@wsdlgen/runtime";
import { createSoapHandler } from "@wsdlgen/runtime/server";
import { generate } from "../../generator/index.js";
import { parseEnvelope } from "../../runtime/src/codec.js";
import { hasShared, realTicketWsdl, sharedOrSkipMessage, tempDir, writeFiles } from "../helpers.js";

const SO = "http://www.superoffice.net/ws/crm/NetServer/Services88";
const NEWER = "urn:example:newer-netserver";
const SERIALIZATION = "http://schemas.microsoft.com/2003/10/Serialization/";

type Entity = Record<string, unknown> & { Title?: string; Person?: Record<string, unknown> };
interface Agent {
  GetTicketEntity(id: number): Promise<Entity | null>;
  SaveTicketEntity(entity: Entity): Promise<Entity | null>;
}
interface Generated {
  TicketAgent: new (options: object) => Agent;
  metadata: ServiceMetadata;
}

/** What the newer server sends beyond the WSDL, on the entity and on its Person. */
const ENTITY_EXTRA: UnknownContent = {
  attributes: { [`{${SERIALIZATION}}Id`]: "i1" },
  elements: [
    {
      after: "Title",
      element: { name: "Escalation", ns: SO, children: [{ name: "Level", ns: SO, text: "2" }] },
    },
    // After the last member the entity has (members come in schema order: Slevel before Person).
    { after: "Person", element: { name: "Checksum", ns: NEWER, attributes: { alg: "crc32" }, text: "9f3a" } },
  ],
  children: [{ name: "TicketId", content: { attributes: { [`{${NEWER}}source`]: "crm" } } }],
};
const PERSON_EXTRA: UnknownContent = {
  elements: [{ after: "Firstname", element: { name: "Nickname", ns: SO, text: "Ada" } }],
};

describe.runIf(hasShared || sharedOrSkipMessage("read-modify-write of a newer server's TicketEntity"))(
  "read → modify → write keeps what a newer server added",
  () => {
    let mod: Generated;
    let server: http.Server;
    let endpoint: string;
    const saved: Entity[] = [];
    const sent: string[] = [];

    const impl = {
      GetTicketEntity: (id: number) =>
        withUnknownContent(
          {
            TicketId: id,
            Title: "Printer on fire",
            Person: withUnknownContent({ PersonId: 7, Firstname: "Augusta", Lastname: "King" }, PERSON_EXTRA),
            Slevel: "Internal",
          },
          ENTITY_EXTRA,
        ),
      SaveTicketEntity: (entity: Entity) => {
        saved.push(entity);
        return entity;
      },
    };

    beforeAll(async () => {
      const dir = await tempDir("read-modify-write");
      const { files } = await generate({ wsdl: [realTicketWsdl], operations: ["GetTicketEntity", "SaveTicketEntity"] });
      await writeFiles(dir, files);
      mod = (await import(path.join(dir, "Services88-Ticket/index.ts"))) as Generated;
      server = http.createServer(createSoapHandler(mod.metadata, "BasicHttpBinding_Ticket", impl));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/Remote/Services88/Ticket.svc`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const agent = (options: object = {}) =>
      new mod.TicketAgent({
        endpoint,
        fetch: (async (url: string, init: RequestInit) => {
          sent.push(String(init.body));
          return fetch(url, init);
        }) as typeof fetch,
        ...options,
      });

    it("the client reads the entity with the newer fields kept aside from the typed members", async () => {
      const ticket = (await agent().GetTicketEntity(42))!;
      expect(JSON.parse(JSON.stringify(ticket))).toEqual({
        TicketId: 42,
        Title: "Printer on fire",
        Person: { PersonId: 7, Firstname: "Augusta", Lastname: "King" },
        Slevel: "Internal",
      });
      expect(unknownContent(ticket)).toEqual(ENTITY_EXTRA);
      expect(unknownContent(ticket.Person)).toEqual(PERSON_EXTRA);
    });

    it("changing the Title and saving sends all of it back, in place, and the server gets it", async () => {
      const a = agent();
      const ticket = (await a.GetTicketEntity(42))!;
      const result = await a.SaveTicketEntity({ ...ticket, Title: "Printer no longer on fire" });

      const got = saved.at(-1)!;
      expect(got.Title).toBe("Printer no longer on fire");
      expect(unknownContent(got)).toEqual(ENTITY_EXTRA);
      expect(unknownContent(got.Person)).toEqual(PERSON_EXTRA);
      // And back again in the Save response.
      expect(unknownContent(result)).toEqual(ENTITY_EXTRA);

      // On the wire: the entity's elements in the order the newer server had them.
      const entity = parseEnvelope(sent.at(-1)!).body.children[0]!.children[0]!;
      expect(entity.children.map((c) => c.local)).toEqual([
        "TicketId",
        "Title",
        "Escalation",
        "Slevel",
        "Person",
        "Checksum",
      ]);
      expect(entity.children[0]!.attrs).toMatchObject({ [`${prefixFor(entity, NEWER)}:source`]: "crm" });
    });

    it("with strict decoding the client refuses the newer server's entity, naming where", async () => {
      await expect(agent({ decoding: { strict: true } }).GetTicketEntity(42)).rejects.toThrowError(
        new SoapCodecError(
          `GetTicketEntity.Response: attribute {${SERIALIZATION}}Id is not declared here (strict decoding)`,
        ),
      );
    });
  },
);

function prefixFor(node: { scope: ReadonlyMap<string, string> }, ns: string): string | undefined {
  for (const [prefix, uri] of node.scope) if (uri === ns) return prefix;
  return undefined;
}
