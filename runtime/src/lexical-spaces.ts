/**
 * The lexical spaces and value ranges of the XML Schema built-ins (XSD 1.1 Part 2, §3.3), as predicates the codec
 * checks in both directions: a text is read only when it is a lexical form of its type, and a value is written only
 * when it is in the type's value space. Whitespace is handled by the callers ({@link whiteSpace}).
 */

/** The `whiteSpace` facet of a built-in: `string` keeps text, `normalizedString` replaces, the others collapse. */
export function whiteSpace(name: string): "preserve" | "replace" | "collapse" {
  if (name === "string" || name === "anySimpleType" || name === "anyAtomicType" || name === "anyType")
    return "preserve";
  return name === "normalizedString" ? "replace" : "collapse";
}

/** Applies a `whiteSpace` facet to a text. */
export function applyWhiteSpace(text: string, facet: "preserve" | "replace" | "collapse"): string {
  if (facet === "preserve") return text;
  const replaced = text.replace(/[\t\n\r]/g, " ");
  return facet === "replace" ? replaced : replaced.replace(/ {2,}/g, " ").trim();
}

// ------------------------------------------------------------------ names

const NAME_START = "\\p{L}_";
const NAME_CHAR = "\\p{L}\\p{M}\\p{N}_.\\-\\u00b7\\u203f\\u2040";
const NCNAME = `[${NAME_START}][${NAME_CHAR}]*`;
const NCNAME_RE = new RegExp(`^${NCNAME}$`, "u");
const NAME_RE = new RegExp(`^[${NAME_START}:][${NAME_CHAR}:]*$`, "u");
const NMTOKEN_RE = new RegExp(`^[${NAME_CHAR}:]+$`, "u");
const QNAME_RE = new RegExp(`^(${NCNAME}:)?${NCNAME}$`, "u");
const LANGUAGE_RE = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;

const listOf = (item: RegExp) => (text: string) => text !== "" && text.split(" ").every((t) => item.test(t));

// ------------------------------------------------------------------ dates and times

const YEAR = "(-?(?:[1-9]\\d{3,}|0\\d{3}))";
const TZ = "(Z|[+-]\\d{2}:\\d{2})?";
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?";
const DATE_TIME_RE = new RegExp(`^${YEAR}-(\\d{2})-(\\d{2})T${TIME}${TZ}$`);
const DATE_RE = new RegExp(`^${YEAR}-(\\d{2})-(\\d{2})${TZ}$`);
const TIME_RE = new RegExp(`^${TIME}${TZ}$`);
const G_YEAR_RE = new RegExp(`^${YEAR}${TZ}$`);
const G_YEAR_MONTH_RE = new RegExp(`^${YEAR}-(\\d{2})${TZ}$`);
/** `--MM`, and XSD 1.0's original `--MM--`, which .NET and others still write. */
const G_MONTH_RE = new RegExp(`^--(\\d{2})(?:--)?${TZ}$`);
const G_MONTH_DAY_RE = new RegExp(`^--(\\d{2})-(\\d{2})${TZ}$`);
const G_DAY_RE = new RegExp(`^---(\\d{2})${TZ}$`);
const DURATION_RE = /^-?P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?!$)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const YEAR_MONTH_DURATION_RE = /^-?P(?!$)(\d+Y)?(\d+M)?$/;
const DAY_TIME_DURATION_RE = /^-?P(?!$)(\d+D)?(T(?!$)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
/** Days in each month of a year that is not a leap year (index 1-12). */
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Days in month `m` (1-12) of year `y` (`y` undefined: any year, so February has 29). */
export function daysIn(m: number, y?: number): number {
  if (m === 2) return y === undefined || isLeap(y) ? 29 : 28;
  return DAYS[m]!;
}

function validTimezone(tz: string | undefined): boolean {
  if (tz === undefined || tz === "Z") return true;
  const h = Number(tz.slice(1, 3));
  const m = Number(tz.slice(4, 6));
  return m <= 59 && (h < 14 || (h === 14 && m === 0));
}

/** `hh:mm:ss(.s+)?` in range; `24:00:00` (with zero fraction) is the end of the day. */
function validTime(h: string, mi: string, s: string, fraction: string | undefined): boolean {
  const [hh, mm, ss] = [Number(h), Number(mi), Number(s)];
  if (hh === 24) return mm === 0 && ss === 0 && !/[1-9]/.test(fraction ?? "");
  return hh <= 23 && mm <= 59 && ss <= 59;
}

function validDate(year: string, month: string, day: string): boolean {
  const m = Number(month);
  const d = Number(day);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(m, Number(year));
}

/** The parts of an `xs:dateTime` (or `xs:date`, without the time) that is a valid lexical form, else undefined. */
export interface DateTimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Milliseconds (further digits are dropped). */
  millisecond: number;
  /** Offset from UTC in minutes; undefined without a timezone. */
  offset?: number;
}

export function dateTimeParts(text: string, withTime: boolean): DateTimeParts | undefined {
  const m = (withTime ? DATE_TIME_RE : DATE_RE).exec(text);
  if (!m) return undefined;
  const [, year, month, day] = m as unknown as [string, string, string, string];
  if (!validDate(year, month, day)) return undefined;
  const tz = withTime ? m[8] : m[4];
  if (!validTimezone(tz)) return undefined;
  if (withTime && !validTime(m[4]!, m[5]!, m[6]!, m[7])) return undefined;
  const parts: DateTimeParts = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: withTime ? Number(m[4]) : 0,
    minute: withTime ? Number(m[5]) : 0,
    second: withTime ? Number(m[6]) : 0,
    millisecond: withTime && m[7] ? Number(m[7].slice(1, 4).padEnd(3, "0")) : 0,
  };
  if (tz !== undefined)
    parts.offset = tz === "Z" ? 0 : (tz[0] === "-" ? -1 : 1) * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(4, 6)));
  return parts;
}

/** Is `text` (whitespace already handled) a lexical form of the date/time built-in `name`? */
function isTemporal(name: string, text: string): boolean {
  let m: RegExpExecArray | null;
  switch (name) {
    case "dateTime":
      return dateTimeParts(text, true) !== undefined;
    case "dateTimeStamp": {
      const parts = dateTimeParts(text, true);
      return parts !== undefined && parts.offset !== undefined;
    }
    case "date":
      return dateTimeParts(text, false) !== undefined;
    case "time":
      return (m = TIME_RE.exec(text)) !== null && validTime(m[1]!, m[2]!, m[3]!, m[4]) && validTimezone(m[5]);
    case "gYear":
      return (m = G_YEAR_RE.exec(text)) !== null && validTimezone(m[2]);
    case "gYearMonth":
      return (m = G_YEAR_MONTH_RE.exec(text)) !== null && inRange(m[2]!, 1, 12) && validTimezone(m[3]);
    case "gMonth":
      return (m = G_MONTH_RE.exec(text)) !== null && inRange(m[1]!, 1, 12) && validTimezone(m[2]);
    case "gMonthDay":
      return (
        (m = G_MONTH_DAY_RE.exec(text)) !== null &&
        inRange(m[1]!, 1, 12) &&
        inRange(m[2]!, 1, daysIn(Number(m[1]))) &&
        validTimezone(m[3])
      );
    case "gDay":
      return (m = G_DAY_RE.exec(text)) !== null && inRange(m[1]!, 1, 31) && validTimezone(m[2]);
    default:
      return false;
  }
}

const inRange = (digits: string, min: number, max: number) => Number(digits) >= min && Number(digits) <= max;

// ------------------------------------------------------------------ the string family

/**
 * Checks for the string-valued built-ins with a lexical space narrower than "any text", by name. A name that is not
 * here (string, normalizedString, token, anyURI, anySimpleType) accepts any text its whitespace facet leaves.
 */
const STRING_SPACES: Record<string, { what: string; test: (text: string) => boolean }> = Object.assign(
  Object.create(null) as Record<string, { what: string; test: (text: string) => boolean }>,
  {
    language: { what: "a language tag", test: (t: string) => LANGUAGE_RE.test(t) },
    Name: { what: "an XML name", test: (t: string) => NAME_RE.test(t) },
    NCName: { what: "an XML name without a colon", test: (t: string) => NCNAME_RE.test(t) },
    ID: { what: "an XML name without a colon", test: (t: string) => NCNAME_RE.test(t) },
    IDREF: { what: "an XML name without a colon", test: (t: string) => NCNAME_RE.test(t) },
    ENTITY: { what: "an XML name without a colon", test: (t: string) => NCNAME_RE.test(t) },
    IDREFS: { what: "a list of XML names without colons", test: listOf(NCNAME_RE) },
    ENTITIES: { what: "a list of XML names without colons", test: listOf(NCNAME_RE) },
    NMTOKEN: { what: "a name token", test: (t: string) => NMTOKEN_RE.test(t) },
    NMTOKENS: { what: "a list of name tokens", test: listOf(NMTOKEN_RE) },
    QName: { what: "a qualified name", test: (t: string) => QNAME_RE.test(t) },
    NOTATION: { what: "a qualified name", test: (t: string) => QNAME_RE.test(t) },
    duration: { what: "a duration (PnYnMnDTnHnMnS)", test: (t: string) => DURATION_RE.test(t) },
    yearMonthDuration: { what: "a duration of years and months", test: (t: string) => YEAR_MONTH_DURATION_RE.test(t) },
    dayTimeDuration: { what: "a duration of days and time", test: (t: string) => DAY_TIME_DURATION_RE.test(t) },
    time: { what: "a time (hh:mm:ss)", test: (t: string) => isTemporal("time", t) },
    gYear: { what: "a year", test: (t: string) => isTemporal("gYear", t) },
    gYearMonth: { what: "a year and month (YYYY-MM)", test: (t: string) => isTemporal("gYearMonth", t) },
    gMonth: { what: "a month (--MM)", test: (t: string) => isTemporal("gMonth", t) },
    gMonthDay: { what: "a month and day (--MM-DD)", test: (t: string) => isTemporal("gMonthDay", t) },
    gDay: { what: "a day of the month (---DD)", test: (t: string) => isTemporal("gDay", t) },
    dateTime: { what: "a date-time (YYYY-MM-DDThh:mm:ss)", test: (t: string) => isTemporal("dateTime", t) },
    dateTimeStamp: {
      what: "a date-time with a timezone",
      test: (t: string) => isTemporal("dateTimeStamp", t),
    },
    date: { what: "a date (YYYY-MM-DD)", test: (t: string) => isTemporal("date", t) },
  },
);

/**
 * What `text` (the whitespace facet applied) fails to be as the text-valued built-in `name`, or undefined when it
 * is a lexical form of it.
 */
export function textualMismatch(name: string, text: string): string | undefined {
  const space = STRING_SPACES[name];
  if (space) return space.test(text) ? undefined : space.what;
  if (name === "normalizedString" && /[\t\n\r]/.test(text)) return "a string without tabs or line breaks";
  if (whiteSpace(name) === "collapse" && applyWhiteSpace(text, "collapse") !== text)
    return "a string without leading, trailing or repeated spaces, tabs or line breaks";
  return undefined;
}

// ------------------------------------------------------------------ numbers

/** The value ranges of the bounded integer built-ins, inclusive. */
export const INTEGER_RANGES: Readonly<Record<string, readonly [bigint | undefined, bigint | undefined]>> =
  Object.assign(Object.create(null) as Record<string, readonly [bigint | undefined, bigint | undefined]>, {
    byte: [-128n, 127n],
    short: [-32768n, 32767n],
    int: [-(2n ** 31n), 2n ** 31n - 1n],
    long: [-(2n ** 63n), 2n ** 63n - 1n],
    unsignedByte: [0n, 255n],
    unsignedShort: [0n, 65535n],
    unsignedInt: [0n, 2n ** 32n - 1n],
    unsignedLong: [0n, 2n ** 64n - 1n],
    integer: [undefined, undefined],
    nonNegativeInteger: [0n, undefined],
    positiveInteger: [1n, undefined],
    nonPositiveInteger: [undefined, 0n],
    negativeInteger: [undefined, -1n],
  });

/** `[min, max]` of an integer built-in as text, for messages. */
export function rangeText(name: string): string {
  const [min, max] = INTEGER_RANGES[name] ?? [undefined, undefined];
  if (min !== undefined && max !== undefined) return `${min} to ${max}`;
  return min !== undefined ? `at least ${min}` : max !== undefined ? `at most ${max}` : "any integer";
}

/** The ranges of the integer built-ins represented as `number`, as numbers (all exact in a double). */
const NUMBER_RANGES: Readonly<Record<string, readonly [number, number]>> = Object.assign(
  Object.create(null) as Record<string, readonly [number, number]>,
  {
    byte: [-128, 127],
    short: [-32768, 32767],
    int: [-(2 ** 31), 2 ** 31 - 1],
    unsignedByte: [0, 255],
    unsignedShort: [0, 65535],
    unsignedInt: [0, 2 ** 32 - 1],
  },
);

/** Is the integral number `n` in the range of the `number`-represented integer built-in `name`? */
export function numberInRange(name: string, n: number): boolean {
  const range = NUMBER_RANGES[name];
  return range === undefined || (n >= range[0] && n <= range[1]);
}

/** Is the integer `n` in the range of the integer built-in `name`? */
export function integerInRange(name: string, n: bigint): boolean {
  const [min, max] = INTEGER_RANGES[name] ?? [undefined, undefined];
  return (min === undefined || n >= min) && (max === undefined || n <= max);
}

export const INTEGER_RE = /^[+-]?\d+$/;
export const DECIMAL_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
export const FLOAT_RE = /^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN)$/;

// ------------------------------------------------------------------ binary

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=|[A-Za-z0-9+/][AQgw]==)?$/;
const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

/** Is `text` a lexical form of `base64Binary` (whitespace anywhere) or `hexBinary` (whitespace around)? */
export function isBinaryText(name: string, text: string): boolean {
  return name === "hexBinary" ? HEX_RE.test(text.trim()) : BASE64_RE.test(text.replace(/[\t\n\r ]+/g, ""));
}
