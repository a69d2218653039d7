// Type-level checks: named wrappers are unwrapped like anonymous ones.
import type { IApplicationAgent } from "./expected/ApplicationAgent.js";

declare const agent: IApplicationAgent;
export const echoed: Promise<string | null> = agent.EchoText("hello", "3");
export const nothing: Promise<void> = agent.SayNothing();
// @ts-expect-error the parameters are the wrapper's elements, not the wrapper object
export const wrapped = agent.EchoText({ text: "hello" });
// @ts-expect-error the result is the string, not an object holding it
export const notObject: Promise<{ EchoTextResult?: string | null }> = agent.EchoText("hello");
