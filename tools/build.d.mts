export function buildElectron(outDir?: string): Promise<unknown>;
/** The sync's page reader thread script, `<dir>/page-reader.js`. */
export function buildPageReader(dir: string): Promise<unknown>;
