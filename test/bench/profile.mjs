// Where wsdlgen spends its time: runs `node --cpu-prof dist/generator/bin.js generate …` once per WSDL and prints
// the top self-time functions (file:function) and the self time per package.
//   node test/bench/profile.mjs                 the published Ticket WSDL (../shared) and the N=10,000 synthetic WSDL
//   node test/bench/profile.mjs a.wsdl b.wsdl   those WSDLs
//   TOP=20 node test/bench/profile.mjs          more rows
//   --repeat N (or REPEAT=N)                    profile N runs and print median self time per category
//   --floor                                     also profile the floor, node -e "require('ts-morph')", alongside
//   --compare PATH/dist/generator/bin.js        alternate with another build (e.g. a copy of an older dist/, made
//                                               with snapshot.mjs) and print both builds' medians side by side
//   node test/bench/profile.mjs --codec         wsdlgen's runtime codec instead: the bench's BatchReply encode and
//                                               1,000-ticket GetTickets decode (codec-worker.mjs, a few seconds each)
// Profiles are kept in test/.tmp/profiles/<name>.cpuprofile (open them in Chrome DevTools or speedscope).
// Run `npm run build` first when dist/ is stale (it runs from a copy of dist/ and templates/, see snapshot.mjs).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CODEC_CASES, TICKETS } from "./codec.mjs";
import { median } from "./measure.mjs";
import { snapshotWsdlgen } from "./snapshot.mjs";
import { writeSyntheticWsdl } from "./synth.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PROFILES = path.join(ROOT, "test/.tmp/profiles");
const TOP = Number(process.env.TOP ?? 10);
const cli = process.argv.slice(2);
function takeOption(flag) {
  const i = cli.indexOf(flag);
  if (i < 0) return undefined;
  const [, value] = cli.splice(i, 2);
  return value;
}
const REPEAT = Math.max(1, Number(takeOption("--repeat") ?? process.env.REPEAT ?? 1));
const compareWith = takeOption("--compare");
const WITH_FLOOR = cli.includes("--floor") && cli.splice(cli.indexOf("--floor"), 1).length > 0;
const FLOOR = Symbol("floor");
const out = (name) => path.join(ROOT, "test/.tmp/bench/out/profile", name);
const COMPARE = compareWith ? path.resolve(compareWith) : undefined;
let BIN = path.join(ROOT, "dist/generator/bin.js");

function shortFile(url) {
  if (!url) return "";
  let f = url.replace(/^file:\/\//, "");
  const nm = f.lastIndexOf("/node_modules/");
  if (nm >= 0) return f.slice(nm + "/node_modules/".length);
  const snap = f.indexOf("/wsdlgen-profile/dist/");
  if (snap >= 0) return f.slice(snap + "/wsdlgen-profile/".length);
  if (f.startsWith(ROOT + "/")) return f.slice(ROOT.length + 1);
  return f;
}

function packageOf(url) {
  const f = url.replace(/^file:\/\//, "");
  const nm = f.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = f.slice(nm + "/node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const snap = f.indexOf("/wsdlgen-profile/dist/generator/");
  if (snap >= 0)
    return `wsdlgen ${f
      .slice(snap + "/wsdlgen-profile/".length)
      .split("/")
      .slice(0, 3)
      .join("/")
      .replace(/\.js$/, "")}`;
  if (f.startsWith("node:") || !f.startsWith("/")) return f ? "node internals" : "(vm / gc / program)";
  return f;
}

/** The native functions Node's file system calls (they have no script URL of their own). */
const FS_NATIVES = new Set([
  "openFileHandle",
  "readFileUtf8",
  "read",
  "fstat",
  "close",
  "open",
  "lstat",
  "stat",
  "readdir",
  "realpath",
  "internalModuleStat",
  "writeBuffer",
  "writeString",
  "writeFileUtf8",
  "rename",
  "mkdir",
  "link",
]);

/**
 * The phase of a cold run a function's self time belongs to (the categories of issue 13's profile): start-up
 * costs (loaders, compiling, TypeScript's module), the libraries' work, and the generator's own folders.
 */
export function categoryOf(callFrame) {
  const { url, functionName } = callFrame;
  if (!url) {
    if (functionName === "(garbage collector)") return "GC";
    if (functionName === "(idle)" || functionName === "(program)" || functionName === "(root)") return "idle / program";
    if (functionName === "ContextifyScript" || functionName === "compileFunction") return "compiling scripts";
    if (FS_NATIVES.has(functionName)) return "file system";
    return "other native";
  }
  const f = url.replace(/^file:\/\//, "");
  if (f.includes("cjs-module-lexer")) return "cjs-module-lexer";
  if (f.startsWith("node:internal/modules/esm/")) return "ESM loader";
  if (f.startsWith("node:internal/modules/")) return "CommonJS loader";
  if (f === "node:vm" || f === "node:internal/vm" || f.includes("/v8-compile-cache/")) return "compiling scripts";
  if (f.startsWith("node:internal/crypto/")) return "hashing";
  if (f === "node:fs" || f.startsWith("node:internal/fs/")) return "file system";
  if (f.includes("/@ts-morph/common/dist/typescript.js")) return "TypeScript (module)";
  if (/\/node_modules\/(ts-morph|@ts-morph|code-block-writer)\//.test(f)) return "ts-morph printer";
  if (/\/node_modules\/(fast-xml-parser|fast-xml-builder|path-expression-matcher|@nodable|strnum)\//.test(f))
    return "fast-xml-parser";
  if (f.includes("/node_modules/handlebars/")) return "Handlebars";
  if (f.includes("/node_modules/yargs") || f.includes("/node_modules/v8-compile-cache")) return "other packages";
  const gen = /\/dist\/generator\/(?:([\w-]+)\/)?/.exec(f);
  if (gen) return `wsdlgen ${gen[1] ?? "top level"}`;
  if (/\/runtime\/(dist|src)\//.test(f) || f.includes("/@wsdlgen/runtime/")) return "wsdlgen runtime (XML tree)";
  if (f.includes("/node_modules/")) return "other packages";
  if (f.startsWith("node:")) return "other node internals";
  return "other";
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** A source map's mappings, decoded: per generated line, segments [column, source index, source line]. */
function decodeMappings(mappings) {
  const lines = [];
  let source = 0;
  let sourceLine = 0;
  for (const line of mappings.split(";")) {
    const segments = [];
    let column = 0;
    for (const segment of line.split(",")) {
      if (!segment) continue;
      const values = [];
      let value = 0;
      let shift = 0;
      for (const ch of segment) {
        const digit = BASE64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      if (values.length > 2) {
        source += values[1];
        sourceLine += values[2];
        segments.push([column, source, sourceLine]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

const sourceMaps = new Map();
/**
 * The original module and line of a position in a bundled file (dist/generator/bin.js and its chunks carry source
 * maps), or undefined when the file has no map. Profiles of the bundle are attributed as if unbundled.
 */
function originalUrl(url, line, column) {
  if (!url.startsWith("file://") || !/\/dist\/generator\/(bin\.js|bin-chunks\/)/.test(url)) return undefined;
  const file = fileURLToPath(url);
  if (!sourceMaps.has(file)) {
    let map;
    try {
      const raw = JSON.parse(readFileSync(`${file}.map`, "utf8"));
      map = {
        sources: raw.sources.map((s) => path.resolve(path.dirname(file), s)),
        lines: decodeMappings(raw.mappings),
      };
    } catch {
      map = undefined;
    }
    sourceMaps.set(file, map);
  }
  const map = sourceMaps.get(file);
  const segments = map?.lines[line];
  if (!segments?.length) return undefined;
  let found = segments[0];
  for (const segment of segments) {
    if (segment[0] > column) break;
    found = segment;
  }
  return { url: `file://${map.sources[found[1]]}`, lineNumber: found[2] };
}

/** A call frame with the URL of its original module when it ran from the bundle. */
function unbundled(callFrame) {
  const original = callFrame.url && originalUrl(callFrame.url, callFrame.lineNumber, callFrame.columnNumber);
  return original ? { ...callFrame, ...original } : callFrame;
}

/** Self time per node, from samples and timeDeltas. */
export function summarizeProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the time before sample i; attribute the interval to the next sample's node
    const dt = timeDeltas[i + 1] ?? 0;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fnTimes = new Map();
  const pkgTimes = new Map();
  const categoryTimes = new Map();
  for (const [id, us] of self) {
    const n = byId.get(id);
    const callFrame = unbundled(n.callFrame);
    const { functionName, url, lineNumber } = callFrame;
    const key = url
      ? `${shortFile(url)}:${functionName || "(anonymous)"}:${lineNumber + 1}`
      : functionName || "(anonymous)";
    fnTimes.set(key, (fnTimes.get(key) ?? 0) + us);
    const pkg = url ? packageOf(url) : functionName.startsWith("(") ? functionName : "native / builtins";
    pkgTimes.set(pkg, (pkgTimes.get(pkg) ?? 0) + us);
    const category = categoryOf(callFrame);
    categoryTimes.set(category, (categoryTimes.get(category) ?? 0) + us);
  }
  const sort = (m) =>
    [...m].sort((a, b) => b[1] - a[1]).map(([k, us]) => ({ name: k, ms: us / 1000, pct: (100 * us) / total }));
  return { totalMs: total / 1000, functions: sort(fnTimes), packages: sort(pkgTimes), categories: sort(categoryTimes) };
}

/** One profiled run of `bin` on `wsdl` into a fresh folder; the summary, or undefined when the run failed. */
function profileRun(bin, wsdl, name) {
  // the floor of a cold run instead of a build: starting Node and loading ts-morph
  const command =
    bin === FLOOR ? ["-e", "require('ts-morph')"] : [bin, "generate", wsdl, "--out", out(name), "--quiet"];
  mkdirSync(PROFILES, { recursive: true });
  rmSync(out(name), { recursive: true, force: true });
  const file = path.join(PROFILES, `${name}.cpuprofile`);
  rmSync(file, { force: true });
  const started = Date.now();
  const r = spawnSync(
    process.execPath,
    ["--cpu-prof", "--cpu-prof-dir", PROFILES, "--cpu-prof-name", `${name}.cpuprofile`, ...command],
    { cwd: ROOT, encoding: "utf8" },
  );
  const wall = Date.now() - started;
  if (r.status !== 0) {
    console.log(`${name}: wsdlgen failed (exit ${r.status}): ${r.stderr.trim().split("\n")[0]}`);
    return undefined;
  }
  return { wall, file, ...summarizeProfile(JSON.parse(readFileSync(file, "utf8"))) };
}

function printRows(title, rows) {
  console.log(title);
  for (const f of rows.slice(0, TOP))
    console.log(`  ${f.ms.toFixed(0).padStart(6)} ms ${f.pct.toFixed(1).padStart(5)} %  ${f.name}`);
}

/**
 * Profiles `wsdl` REPEAT times with each build (ours, and the one to compare with, alternately) and prints, per
 * category, the median self time over the runs; then the top functions and packages of ours' last run.
 */
function profileOne(wsdl, name) {
  const builds = [{ label: COMPARE || WITH_FLOOR ? "this build" : "ms", bin: BIN, runs: [] }];
  if (COMPARE) builds.push({ label: path.relative(ROOT, COMPARE), bin: COMPARE, runs: [] });
  if (WITH_FLOOR) builds.push({ label: "floor", bin: FLOOR, runs: [] });
  for (let i = 0; i < REPEAT; i++)
    for (const [b, build] of builds.entries()) {
      const run = profileRun(build.bin, wsdl, b === 0 ? name : `${name}.${build.bin === FLOOR ? "floor" : "compared"}`);
      if (!run) return;
      build.runs.push(run);
    }
  const last = builds[0].runs.at(-1);
  const med = (xs) => median(xs) ?? 0;
  console.log(
    `\n${name}: ${path.relative(ROOT, wsdl)} — ${REPEAT} profiled run(s) per build, medians; ` +
      `last profile ${path.relative(ROOT, last.file)}`,
  );
  const categories = [...new Set(builds.flatMap((b) => b.runs.flatMap((r) => r.categories.map((c) => c.name))))];
  const msOf = (run, category) => run.categories.find((c) => c.name === category)?.ms ?? 0;
  const rows = categories
    .map((c) => ({ name: c, ms: builds.map((b) => med(b.runs.map((r) => msOf(r, c)))) }))
    .sort((a, b) => b.ms[0] - a.ms[0]);
  const cell = (x) => x.toFixed(0).padStart(Math.max(6, builds[0].label.length));
  console.log(`self time by category (ms):  ${builds.map((b) => b.label.padStart(6)).join("  ")}`);
  for (const r of rows) console.log(`  ${r.name.padEnd(26)} ${r.ms.map(cell).join("  ")}`);
  console.log(
    `  ${"sampled total".padEnd(26)} ${builds.map((b) => cell(med(b.runs.map((r) => r.totalMs)))).join("  ")}`,
  );
  console.log(
    `  ${"wall (profiled)".padEnd(26)} ${builds.map((b) => cell(med(b.runs.map((r) => r.wall)))).join("  ")}`,
  );
  printRows(`top ${TOP} self time, last run (file:function:line):`, last.functions);
  printRows(`self time by package / folder, last run:`, last.packages);
}

/** Profiles wsdlgen's runtime codec on the bench's messages (codec-worker.mjs under --cpu-prof), one case at a time. */
function profileCodec(wsdlgenDir) {
  const wsdl = path.resolve(ROOT, "../shared/wsdl/superoffice/Services88-Ticket.wsdl");
  if (!existsSync(wsdl)) {
    console.log(`SKIPPED codec profile: ${wsdl} is absent`);
    return;
  }
  const worker = path.join(ROOT, "test/bench/codec-worker.mjs");
  const outDir = path.join(ROOT, "test/.tmp/bench/codec-profile");
  const prep = spawnSync(
    process.execPath,
    [worker, JSON.stringify({ mode: "prepare", wsdlgenDir, wsdl, outDir, tickets: TICKETS })],
    { encoding: "utf8" },
  );
  if (prep.status !== 0) {
    console.log(`codec profile: preparation failed: ${prep.stderr.trim().split("\n")[0]}`);
    return;
  }
  const { metadataFile, responseFile } = JSON.parse(prep.stdout);
  mkdirSync(PROFILES, { recursive: true });
  // longer than in the bench, so that the timed operations dominate the set-up in the profile
  const plan = { encode: { warmupMs: 500, batchMs: 500, batches: 6 }, decode: { warmupMs: 0, batchMs: 0, batches: 4 } };
  for (const c of CODEC_CASES) {
    const name = `codec-${c.id}`;
    const file = path.join(PROFILES, `${name}.cpuprofile`);
    rmSync(file, { force: true });
    const config = {
      mode: "run",
      tool: "wsdlgen",
      case: c.id,
      wsdlgenDir,
      wsdl,
      metadata: metadataFile,
      response: responseFile,
      tickets: TICKETS,
      ...plan[c.id],
    };
    const r = spawnSync(
      process.execPath,
      [
        "--cpu-prof",
        "--cpu-prof-dir",
        PROFILES,
        "--cpu-prof-name",
        `${name}.cpuprofile`,
        worker,
        JSON.stringify(config),
      ],
      { encoding: "utf8" },
    );
    if (r.status !== 0) {
      console.log(`${name}: failed (exit ${r.status}): ${r.stderr.trim().split("\n")[0]}`);
      continue;
    }
    const out = JSON.parse(r.stdout);
    const ops = out.batches.map((b) => b.opsPerSec).sort((a, b) => a - b)[out.batches.length >> 1];
    const s = summarizeProfile(JSON.parse(readFileSync(file, "utf8")));
    console.log(
      `\n${name}: ${c.name} — ${ops.toPrecision(4)} ops/s (profiled), ${s.totalMs.toFixed(0)} ms sampled ` +
        `incl. set-up ${out.setupMs.toFixed(0)} ms; ${path.relative(ROOT, file)}`,
    );
    console.log(`top ${TOP} self time (file:function:line):`);
    for (const f of s.functions.slice(0, TOP))
      console.log(`  ${f.ms.toFixed(0).padStart(6)} ms ${f.pct.toFixed(1).padStart(5)} %  ${f.name}`);
    console.log(`self time by package / folder:`);
    for (const p of s.packages.slice(0, TOP))
      console.log(`  ${p.ms.toFixed(0).padStart(6)} ms ${p.pct.toFixed(1).padStart(5)} %  ${p.name}`);
  }
}

if (!existsSync(path.join(ROOT, "dist/generator/bin.js"))) {
  console.log("dist/generator/bin.js is missing: run `npm run build` first");
  process.exit(2);
}
// a copy of dist/ and templates/, so that a concurrent build cannot break the run (see snapshot.mjs)
BIN = snapshotWsdlgen(ROOT, path.join(ROOT, "test/.tmp/bench/wsdlgen-profile"));
const args = cli;
if (args[0] === "--codec") {
  profileCodec(path.dirname(path.dirname(path.dirname(BIN))));
} else if (args.length) {
  for (const w of args) profileOne(path.resolve(w), path.basename(w).replace(/\.[^.]*$/, ""));
} else {
  const ticket = path.resolve(ROOT, "../shared/wsdl/superoffice/Services88-Ticket.wsdl");
  if (existsSync(ticket)) profileOne(ticket, "Services88-Ticket");
  else console.log(`SKIPPED Ticket profile: ${ticket} is absent`);
  profileOne(writeSyntheticWsdl(10000, path.join(ROOT, "test/.tmp/bench")), "Bench10000");
}
