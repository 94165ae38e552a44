export function contractMethodNames(): Promise<string[]>;
export function bundlePreload(opts?: { outfile?: string }): Promise<string>;
