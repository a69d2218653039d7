/**
 * The namespace URIs wsdlgen knows, in one place: the runtime codec reads and writes the SOAP, schema-instance
 * and encoding ones; the generator's readers recognise the WSDL and schema ones (`load/namespaces.ts` builds its
 * `NS` table from these). A leaf module: it imports nothing.
 */

/** The XML namespace, bound to the reserved prefix `xml` (`xml:lang`, `xml:space`); never declared. */
export const XML_NS = "http://www.w3.org/XML/1998/namespace";
/** XML Schema (`xs:`): the schema language and its built-in types. */
export const XSD_NS = "http://www.w3.org/2001/XMLSchema";
/** XML Schema instance (`xsi:type`, `xsi:nil`). */
export const XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";

/** SOAP 1.1 envelope. */
export const SOAP11_ENV = "http://schemas.xmlsoap.org/soap/envelope/";
/** SOAP 1.2 envelope. */
export const SOAP12_ENV = "http://www.w3.org/2003/05/soap-envelope";
/** SOAP 1.1 encoding (`soapenc:Array`, `soapenc:arrayType`, the encoding's built-in aliases). */
export const SOAPENC_NS = "http://schemas.xmlsoap.org/soap/encoding/";
/** SOAP 1.2 encoding; its Array, Struct and built-in aliases are read like SOAP 1.1's. */
export const SOAPENC12_NS = "http://www.w3.org/2003/05/soap-encoding";

/** WSDL 1.1 (`wsdl:definitions`). */
export const WSDL_NS = "http://schemas.xmlsoap.org/wsdl/";
/** WSDL 1.1's SOAP 1.1 binding extension (`soap:binding`, `soap:body`). */
export const WSDL_SOAP11_NS = "http://schemas.xmlsoap.org/wsdl/soap/";
/** WSDL 1.1's SOAP 1.2 binding extension. */
export const WSDL_SOAP12_NS = "http://schemas.xmlsoap.org/wsdl/soap12/";
/** The SOAP-over-HTTP transport URI of a `soap:binding`. */
export const SOAP_HTTP_TRANSPORT = "http://schemas.xmlsoap.org/soap/http";

/** WCF's serialization namespace (its schema annotations: `ActualType`, `EnumerationValue`, `IsDictionary`). */
export const WCF_SERIALIZATION_NS = "http://schemas.microsoft.com/2003/10/Serialization/";
