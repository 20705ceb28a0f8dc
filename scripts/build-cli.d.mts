export declare const NATIVE_EXTERNALS: string[];
export declare function bundleNode(entry: string, outfile: string, external?: string[]): Promise<string>;
