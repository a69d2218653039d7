/**
 * Output never escapes the output folder: folder names from WSDL locations are made safe (and taken from the
 * service's name when the location has none), every path written or removed is proven inside the folder, an
 * edited manifest cannot make a run remove files outside it, and no run writes or removes through a symbolic link.
 */
import { copyFile, mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/index.js";
import { MANIFEST_FILE } from "../../generator/output/manifest.js";
import { insideOutput, unsafeRelativePath } from "../../generator/output/paths.js";
import { safeFolderName } from "../../generator/pipeline/generate.js";
import { referenceWsdl, tempDir } from "../helpers.js";

const SERVICE_FILES = ["TicketAgent.ts", "index.ts", "metadata.ts", "types.ts"];

/** A parent folder holding a file of the user's, and --out inside it. */
async function setup(prefix: string) {
  const dir = await tempDir(prefix);
  await writeFile(path.join(dir, "index.ts"), "// the user's own index\n");
  return { dir, out: path.join(dir, "out") };
}

describe("folder names", () => {
  it.each([
    ["Ticket", "Ticket"],
    ["..", undefined],
    [".", undefined],
    ["", undefined],
    ["...", undefined],
    ["a/../../b", "a_.._.._b"],
    ["a\\..\\b", "a_.._b"],
    ["Ticket. ", "Ticket"],
    ["line\nbreak", "line_break"],
    ["con", "con_"],
    ["NUL.svc", "NUL_.svc"],
    [".hidden", ".hidden"],
    ["Größe", "Größe"],
  ])("%j → %j", (name, folder) => {
    expect(safeFolderName(name)).toBe(folder);
  });

  it("paths a run may write are plain relative paths that stay inside the folder", () => {
    for (const ok of ["a.ts", "Ticket/types.ts", ".wsdlgen-manifest.json", "a..b/c..ts"])
      expect(unsafeRelativePath(ok)).toBeUndefined();
    for (const bad of ["", "..", "../x", "a/../../x", "/etc/passwd", "C:/x", "a\\..\\x", "a//b", "./a", "a\0b", 7])
      expect(unsafeRelativePath(bad)).toBeDefined();
    expect(() => insideOutput("/out", "../x")).toThrow("error output-outside");
    expect(insideOutput("/out", "a/b.ts")).toBe(path.resolve("/out/a/b.ts"));
  });
});

describe("a WSDL whose name would lead out of --out", () => {
  it("a file named ...wsdl is written to a folder named after its service, inside --out", async () => {
    const { dir, out } = await setup("contain-dots");
    const wsdl = path.join(dir, "...wsdl");
    await copyFile(referenceWsdl, wsdl);
    const result = await generate({ wsdl: [wsdl], outDir: out });
    expect(result.report!.written.sort()).toEqual(
      [MANIFEST_FILE, ...SERVICE_FILES.map((f) => `WcfTicketService/${f}`)].sort(),
    );
    expect(await readFile(path.join(dir, "index.ts"), "utf8")).toBe("// the user's own index\n");
    expect((await readdir(dir)).sort()).toEqual(["...wsdl", "index.ts", "out"]);
  });

  describe("over http", () => {
    let server: http.Server;
    let base: string;
    beforeAll(async () => {
      const text = await readFile(referenceWsdl);
      server = http.createServer((_, res) => res.writeHead(200, { "content-type": "text/xml" }).end(text));
      await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((closed) => server.close(() => closed())));

    it.each([
      ["/...?wsdl", "WcfTicketService"],
      ["/%2E%2E%2F%2E%2E%2Fx.svc?wsdl", ".._.._x"],
      ["/?wsdl", "WcfTicketService"],
      ["/Services88/Ticket.svc?wsdl", "Ticket"],
      ["/Services88/?wsdl", "WcfTicketService"],
    ])("%s is written to %s/, never to the host's name or outside", async (location, folder) => {
      const { dir, out } = await setup("contain-url");
      const result = await generate({ wsdl: [`${base}${location}`], outDir: out });
      expect(result.report!.written.sort()).toEqual(
        [MANIFEST_FILE, ...SERVICE_FILES.map((f) => `${folder}/${f}`)].sort(),
      );
      expect((await readdir(dir)).sort()).toEqual(["index.ts", "out"]);
      expect(await readFile(path.join(dir, "index.ts"), "utf8")).toBe("// the user's own index\n");
    });

    it("two WSDLs whose folders come from the same service name are refused", async () => {
      const { out } = await setup("contain-twice");
      await expect(generate({ wsdl: [`${base}/?wsdl`, `${base}/a/?wsdl`], outDir: out })).rejects.toThrow(
        "would both be written to WcfTicketService/",
      );
    });
  });
});

describe("a manifest listing paths outside --out", () => {
  it("is not followed: those files stay, with a warning each", async () => {
    const { dir, out } = await setup("contain-manifest");
    await generate({ wsdl: [referenceWsdl], outDir: out });
    const victim = path.join(dir, "victim.ts");
    await writeFile(victim, "// precious\n");
    const manifest = path.join(out, MANIFEST_FILE);
    const listed = JSON.parse(await readFile(manifest, "utf8")) as { files: string[] };
    listed.files.push("../victim.ts", victim, "Services88-Ticket/../../victim.ts", "./x.ts");
    await writeFile(manifest, JSON.stringify(listed));
    const result = await generate({ wsdl: [referenceWsdl], outDir: out, force: true });
    expect(result.report!.removed).toEqual([]);
    expect(await readFile(victim, "utf8")).toBe("// precious\n");
    expect(result.warnings.filter((w) => w.code === "manifest-entry-ignored")).toHaveLength(4);
  });
});

describe("symbolic links below --out", () => {
  it("a linked service folder pointing outside is refused before anything is written", async () => {
    const { dir, out } = await setup("contain-link-dir");
    const elsewhere = path.join(dir, "elsewhere");
    await mkdir(elsewhere);
    await mkdir(out);
    await symlink(elsewhere, path.join(out, "Services88-Ticket"));
    await expect(generate({ wsdl: [referenceWsdl], outDir: out })).rejects.toThrow(
      /error output-symlink: .*is a symbolic link/,
    );
    expect(await readdir(elsewhere)).toEqual([]);
    expect((await readdir(out)).sort()).toEqual(["Services88-Ticket"]);
  });

  it("a linked generated file is refused too, and its target is left alone", async () => {
    const { dir, out } = await setup("contain-link-file");
    await generate({ wsdl: [referenceWsdl], outDir: out });
    const target = path.join(out, "Services88-Ticket", "index.ts");
    await writeFile(path.join(dir, "index.ts"), "// the user's own index\n");
    await import("node:fs/promises").then((fs) => fs.rm(target));
    await symlink(path.join(dir, "index.ts"), target);
    await expect(generate({ wsdl: [referenceWsdl], outDir: out, force: true })).rejects.toThrow("error output-symlink");
    expect(await readFile(path.join(dir, "index.ts"), "utf8")).toBe("// the user's own index\n");
  });

  it("--out itself may be a link", async () => {
    const { dir } = await setup("contain-link-out");
    await mkdir(path.join(dir, "real"));
    await symlink(path.join(dir, "real"), path.join(dir, "linked"));
    await generate({ wsdl: [referenceWsdl], outDir: path.join(dir, "linked") });
    expect((await readdir(path.join(dir, "real", "Services88-Ticket"))).sort()).toEqual(SERVICE_FILES);
  });
});
