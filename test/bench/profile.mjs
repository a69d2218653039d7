// Where wsdlgen spends its time: runs `node --cpu-prof dist/generator/bin.js generate …` once per WSDL and prints
// the top self-time functions (file:function) and the self time per package.
//   node test/bench/profile.mjs                 the published Ticket WSDL (../shared) and the N=10,000 synthetic WSDL
//   node test/bench/profile.mjs a.wsdl b.wsdl   those WSDLs
//   TOP=20 node test/bench/profile.mjs          more rows
//   node test/bench/profile.mjs --codec         wsdlgen's runtime codec instead: the bench's BatchReply encode and
//                                               1,000-ticket GetTickets decode (codec-worker.mjs, a few seconds each)
// Profiles are kept in test/.tmp/profiles/<name>.cpuprofile (open them in Chrome DevTools or speedscope).
// Run `npm run build` first when dist/ is stale (it runs from a copy of dist/ and templates/, see snapshot.mjs).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CODEC_CASES, TICKETS } from "./codec.mjs";
import { snapshotWsdlgen } from "./snapshot.mjs";
import { writeSyntheticWsdl } from "./synth.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PROFILES = path.join(ROOT, "test/.tmp/profiles");
const TOP = Number(process.env.TOP ?? 10);
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
  for (const [id, us] of self) {
    const n = byId.get(id);
    const { functionName, url, lineNumber } = n.callFrame;
    const key = url
      ? `${shortFile(url)}:${functionName || "(anonymous)"}:${lineNumber + 1}`
      : functionName || "(anonymous)";
    fnTimes.set(key, (fnTimes.get(key) ?? 0) + us);
    const pkg = url ? packageOf(url) : functionName.startsWith("(") ? functionName : "native / builtins";
    pkgTimes.set(pkg, (pkgTimes.get(pkg) ?? 0) + us);
  }
  const sort = (m) =>
    [...m].sort((a, b) => b[1] - a[1]).map(([k, us]) => ({ name: k, ms: us / 1000, pct: (100 * us) / total }));
  return { totalMs: total / 1000, functions: sort(fnTimes), packages: sort(pkgTimes) };
}

function profileOne(wsdl, name) {
  mkdirSync(PROFILES, { recursive: true });
  const out = path.join(ROOT, "test/.tmp/bench/out/profile", name);
  rmSync(out, { recursive: true, force: true });
  const file = path.join(PROFILES, `${name}.cpuprofile`);
  rmSync(file, { force: true });
  const started = Date.now();
  const r = spawnSync(
    process.execPath,
    [
      "--cpu-prof",
      "--cpu-prof-dir",
      PROFILES,
      "--cpu-prof-name",
      `${name}.cpuprofile`,
      BIN,
      "generate",
      wsdl,
      "--out",
      out,
      "--quiet",
    ],
    { cwd: ROOT, encoding: "utf8" },
  );
  const wall = Date.now() - started;
  if (r.status !== 0) {
    console.log(`${name}: wsdlgen failed (exit ${r.status}): ${r.stderr.trim().split("\n")[0]}`);
    return;
  }
  const s = summarizeProfile(JSON.parse(readFileSync(file, "utf8")));
  console.log(
    `\n${name}: ${path.relative(ROOT, wsdl)} — wall ${wall} ms (profiled), ${s.totalMs.toFixed(0)} ms sampled; ${path.relative(ROOT, file)}`,
  );
  console.log(`top ${TOP} self time (file:function:line):`);
  for (const f of s.functions.slice(0, TOP))
    console.log(`  ${f.ms.toFixed(0).padStart(6)} ms ${f.pct.toFixed(1).padStart(5)} %  ${f.name}`);
  console.log(`self time by package / folder:`);
  for (const p of s.packages.slice(0, TOP))
    console.log(`  ${p.ms.toFixed(0).padStart(6)} ms ${p.pct.toFixed(1).padStart(5)} %  ${p.name}`);
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
const args = process.argv.slice(2);
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
