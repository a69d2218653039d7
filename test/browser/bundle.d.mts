/** Types of bundle.mjs (plain JavaScript so that `npm run bench` can import it too). */
export declare const ROOT: string;
export declare const TICKET_CLIENT_ENTRY: string;
export declare const CLIENT_BUNDLE_GZIP_LIMIT: number;
export declare function bundleForBrowser(options: {
  contents: string;
  resolveDir?: string;
  minify?: boolean;
}): Promise<{ js: Uint8Array; inputs: string[] }>;
export declare function clientBundleSize(): Promise<{ minifiedBytes: number; gzipBytes: number; inputs: string[] }>;
