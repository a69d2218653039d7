/** Every Handlebars helper the templates may use, registered in one place. */
import type { HelperDelegate } from "handlebars";

export const templateHelpers: Record<string, HelperDelegate> = {
  /** `{{join list ", "}}` */
  join: (list: unknown, separator: unknown) =>
    Array.isArray(list) ? list.join(typeof separator === "string" ? separator : ", ") : "",
  /** `{{#if (eq a b)}}` */
  eq: (a: unknown, b: unknown) => a === b,
};
