/**
 * The wsdlgen runtime: what generated clients import (`@wsdlgen/runtime`). It never imports the generator,
 * ts-morph or handlebars, so an application using a generated client loads none of them.
 */
export * from "./client.js";
export * from "./codec.js";
export * from "./errors.js";
export * from "./metadata.js";
export * from "./security.js";
export { ValueCodec } from "./values.js";
