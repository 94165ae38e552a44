export function buildElectron(outDir?: string): Promise<unknown>;
