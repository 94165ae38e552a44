import type { AnySpec, InputOf, OutputOf, ParsedOf } from './method';
import type { Result } from './errors';
import { coreContract } from './contract/core';
import { syncContract } from './contract/sync';
import { receptionContract } from './contract/reception';
import { standbyContract } from './contract/standby';
import { reportsContract } from './contract/reports';
import { paperContract } from './contract/paper';
import { bulkContract } from './contract/bulk';
import { filesContract } from './contract/files';
import { backupContract } from './contract/backup';
import { retentionContract } from './contract/retention';
import { planningContract } from './contract/planning';
import { capacityContract } from './contract/capacity';
import { hubContract } from './contract/hub';

/**
 * Every API method, declared once. The dispatcher, the desk server's routes, the Electron IPC
 * handler and preload, and the renderer's client are all derived from this object.
 * Each area declares its methods in contract/<area>.ts and is spread in here.
 */
export const contract = {
  ...coreContract,
  ...syncContract,
  ...receptionContract,
  ...standbyContract,
  ...reportsContract,
  ...paperContract,
  ...bulkContract,
  ...filesContract,
  ...backupContract,
  ...retentionContract,
  ...planningContract,
  ...capacityContract,
  ...hubContract,
} as const satisfies Record<string, AnySpec>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export type In<K extends MethodName> = InputOf<Contract[K]>;
export type Parsed<K extends MethodName> = ParsedOf<Contract[K]>;
export type Out<K extends MethodName> = OutputOf<Contract[K]>;

/** What the renderer calls: the same names, typed from the contract, errors as values. */
export type Api = { [K in MethodName]: (input: In<K>) => Promise<Result<Out<K>>> };

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
