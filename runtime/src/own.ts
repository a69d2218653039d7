/**
 * Property access by names that come from outside (metadata, messages, user values) without ever reaching
 * `Object.prototype`: a member, type, port or operation called `constructor`, `toString` or `__proto__` is looked
 * up as an own property only, and written as one.
 */

/**
 * The own, enumerable property `key` of `target` (undefined when it has none, or is not an object). Inherited and
 * non-enumerable properties are not read: `Object.create({ Title: "x" })` has no `Title`, and a missing type named
 * `toString` is missing, not `Object.prototype.toString`.
 */
export function own(target: unknown, key: string): unknown {
  if ((typeof target !== "object" && typeof target !== "function") || target === null) return undefined;
  return Object.prototype.propertyIsEnumerable.call(target, key) ? (target as Record<string, unknown>)[key] : undefined;
}

/** Does `target` have the own, enumerable property `key`? */
export function hasOwn(target: object, key: string): boolean {
  return Object.prototype.propertyIsEnumerable.call(target, key);
}

/**
 * Sets an own, enumerable property — also for names such as `__proto__`, which plain assignment would turn into a
 * prototype change. Decoded names come from the message, so they are never trusted as plain keys.
 */
export function setOwn<T>(target: object, key: string, value: T): T {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return value;
}

/**
 * The method `name` of an implementation object: its own or its class's, never one `Object.prototype` provides (an
 * operation named `toString` that is not implemented is missing, not `Object.prototype.toString`), and
 * `constructor` only as an own property (a class's `constructor` is not an operation).
 */
export function methodOf(implementation: object, name: string): unknown {
  for (let o: object | null = implementation; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    if (name === "constructor" && o !== implementation) break;
    if (Object.prototype.hasOwnProperty.call(o, name)) return (o as Record<string, unknown>)[name];
  }
  return undefined;
}
