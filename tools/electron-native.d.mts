export function builtAbi(file: string): string;
