import type { z } from 'zod';

/** Who may call a method. `public` needs no session (login screen, first set-up). */
export type Role = 'public' | 'receptionist' | 'coordinator';
export type StaffRole = Exclude<Role, 'public'>;

/** Which kind of data a successful call changed; every open screen refreshes on these. */
export const CHANGE_KINDS = ['staff', 'settings', 'invitations', 'arrivals', 'planning', 'stock', 'sync', 'standby', 'hub'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export interface ChangeEvent {
  kind: ChangeKind;
  at: string;
}

declare const resultBrand: unique symbol;
/** Phantom carrier of a method's result type: it exists only for the type-checker. */
export interface ResultType<T> {
  readonly [resultBrand]?: T;
}
export const returns = <T>(): ResultType<T> => ({});

export interface MethodSpec<I extends z.ZodType, O> {
  role: Role;
  input: I;
  result: ResultType<O>;
  /** Data kinds this call may change; the dispatcher announces them after success. */
  emits: readonly ChangeKind[];
  /** One line for `GET /api` and the docs. */
  summary: string;
}

export function method<I extends z.ZodType, O>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return spec;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySpec = MethodSpec<z.ZodType, any>;
export type InputOf<S> = S extends MethodSpec<infer I, unknown> ? z.input<I> : never;
export type ParsedOf<S> = S extends MethodSpec<infer I, unknown> ? z.output<I> : never;
export type OutputOf<S> = S extends MethodSpec<z.ZodType, infer O> ? O : never;
