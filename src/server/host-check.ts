import os from 'node:os';

/**
 * DNS rebinding (issue 13): a web page on rebind.attacker.test can make its own name resolve to
 * 127.0.0.1 and then talk to the desk server as a same-origin page; its Origin then matches its
 * Host, so comparing the two proves nothing. What the attacker cannot change is the name in the
 * Host header, so only the names this server was started for are answered.
 */
export const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/** A host as it appears in a Host header: lower case, IPv6 in brackets. */
export function hostForm(host: string): string {
  const h = host.trim().toLowerCase();
  return h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;
}

/**
 * The Host names a server bound to `bindHost` answers: the loopback names, the bind address, every
 * address of this PC when bound to all of them, and the names given explicitly (a LAN DNS name).
 */
export function allowedHostNames(bindHost: string, extra: readonly string[] = []): Set<string> {
  const names = new Set(LOOPBACK_NAMES);
  if (WILDCARDS.has(bindHost.trim())) {
    for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) names.add(hostForm(a.address));
  } else {
    names.add(hostForm(bindHost));
  }
  for (const e of extra) if (e.trim()) names.add(hostForm(e));
  return names;
}

/** Splits a Host header into its name and port; null when it is not a plain host[:port]. */
export function parseHostHeader(value: string | undefined): { name: string; port: number | null } | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 300) return null;
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!m) return null;
  return { name: m[1]!.toLowerCase(), port: m[2] === undefined ? null : Number(m[2]) };
}

/**
 * Whether a request's Host header names this server. The port is not compared: a rebinding
 * attacker controls it no more than the name, and a proxy in front of the desk (or the hub's)
 * rightly passes on its own.
 */
export function isAllowedHost(value: string | undefined, allowed: ReadonlySet<string>): boolean {
  const h = parseHostHeader(value);
  return h !== null && allowed.has(h.name);
}
