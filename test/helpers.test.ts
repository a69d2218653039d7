/**
 * The rule for suites that need ../shared (test/helpers.ts): skipped with a visible message locally, a failed run
 * under CI. Exercised with a folder that does not exist and a made-up environment, whatever this machine has.
 */
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { hasShared, isCi, sharedDir, sharedOrSkipMessage, sharedPresent, tempDir } from "./helpers.js";

describe("the ../shared rule", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("sees the data only where it is", async () => {
    expect(sharedPresent(path.join(await tempDir("no-shared"), "shared"))).toBe(false);
    expect(sharedPresent(sharedDir)).toBe(hasShared);
  });

  it("recognises a CI run by CI=true (or any value but empty, 0 or false)", () => {
    expect(isCi({ CI: "true" })).toBe(true);
    expect(isCi({ CI: "1" })).toBe(true);
    expect(isCi({ CI: "TRUE" })).toBe(true);
    expect(isCi({})).toBe(false);
    expect(isCi({ CI: "" })).toBe(false);
    expect(isCi({ CI: "false" })).toBe(false);
    expect(isCi({ CI: "0" })).toBe(false);
  });

  it("under CI, fails (throws, naming the suite and what is missing) when the data is missing", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const fake = path.join(await tempDir("no-shared"), "shared");
    const check = { present: sharedPresent(fake), missing: `${fake} is not present`, env: { CI: "true" } };
    expect(() => sharedOrSkipMessage("the published WSDL", check)).toThrowError(
      `the published WSDL: ${fake} is not present. A CI run (CI=true) needs it`,
    );
    expect(warn).not.toHaveBeenCalled();
  });

  it("locally, skips with a visible SKIPPED message when the data is missing", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const fake = path.join(await tempDir("no-shared"), "shared");
    const check = { present: sharedPresent(fake), missing: `${fake} is not present`, env: {} };
    expect(sharedOrSkipMessage("the published WSDL", check)).toBe(false);
    expect(warn).toHaveBeenCalledWith(`SKIPPED the published WSDL: ${fake} is not present`);
  });

  it("runs the suite when the data is there, CI or not, without a message", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(sharedOrSkipMessage("s", { present: true, env: { CI: "true" } })).toBe(true);
    expect(sharedOrSkipMessage("s", { present: true, env: {} })).toBe(true);
    expect(warn).not.toHaveBeenCalled();
  });

  it("by default speaks of ../shared and follows this run's environment", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    if (isCi()) {
      expect(() => sharedOrSkipMessage("s", { present: false })).toThrowError(sharedDir);
    } else {
      expect(sharedOrSkipMessage("s", { present: false })).toBe(false);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining(`SKIPPED s: ${sharedDir}`));
    }
  });
});
