import https from 'node:https';
import tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { sameFingerprint } from './cert';
import { DESK_HEADER, HUB_TIMEOUT_MS } from './protocol';

/** The hub could not be asked: refused, timed out, TLS failure, wrong certificate. The desk works on its copy. */
export class HubUnreachable extends Error {
  constructor(
    readonly reason: 'network' | 'timeout' | 'tls' | 'fingerprint' | 'protocol',
    message: string,
  ) {
    super(message);
    this.name = 'HubUnreachable';
  }
}

export interface HubAddress {
  host: string;
  port: number;
}

export function parseHubUrl(url: string): HubAddress {
  const u = new URL(url);
  if (u.protocol !== 'https:') throw new Error('A hub is reached over https only.');
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 443) };
}

/** Reads the certificate the hub presents, without trusting it: for the user to compare. */
export function probeHub(url: string, timeoutMs = HUB_TIMEOUT_MS): Promise<{ fingerprint: string; certPem: string }> {
  const { host, port } = parseHubUrl(url);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port, rejectUnauthorized: false, timeout: timeoutMs });
    socket.once('secureConnect', () => {
      const raw = socket.getPeerCertificate().raw;
      socket.end();
      if (!raw) return reject(new HubUnreachable('tls', 'The hub presented no certificate.'));
      const cert = new X509Certificate(raw);
      resolve({ fingerprint: cert.fingerprint256, certPem: cert.toString() });
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new HubUnreachable('timeout', `No answer from ${url} within ${timeoutMs} ms.`));
    });
    socket.once('error', (e) => reject(new HubUnreachable('network', e.message)));
  });
}

export interface PinnedHub {
  url: string;
  fingerprint: string;
  certPem: string;
  credential?: string;
}

export interface HubResponse {
  status: number;
  body: unknown;
}

/**
 * Requests to one hub over TLS pinned to its certificate: the certificate is the only trust
 * anchor and its fingerprint must match, so another server at that address (or a proxy that
 * terminates TLS) is refused even with a valid certificate of its own.
 */
export class HubClient {
  readonly agent: https.Agent;
  /** The event stream holds its connection for good: not one of the calls' few. */
  private readonly streamAgent: https.Agent;
  private readonly addr: HubAddress;
  constructor(readonly pin: PinnedHub) {
    this.addr = parseHubUrl(pin.url);
    const trust = {
      ca: [pin.certPem],
      checkServerIdentity: (_host: string, cert: { fingerprint256: string }) =>
        sameFingerprint(cert.fingerprint256, pin.fingerprint) ? undefined : new Error(`The hub's certificate is not the one this desk was paired with (${cert.fingerprint256}).`),
    };
    this.streamAgent = new https.Agent({ keepAlive: false, ...trust });
    this.agent = new https.Agent({
      keepAlive: true,
      // Few connections per desk: the hub answers one check-in at a time anyway, and a request
      // waiting in this queue is not yet the hub's delay.
      maxSockets: 4,
      ca: [pin.certPem],
      checkServerIdentity: (_host, cert) =>
        sameFingerprint(cert.fingerprint256, pin.fingerprint) ? undefined : new Error(`The hub's certificate is not the one this desk was paired with (${cert.fingerprint256}).`),
    });
  }

  request(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = HUB_TIMEOUT_MS): Promise<HubResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: this.addr.host,
          port: this.addr.port,
          method,
          path,
          agent: this.agent,
          headers: {
            ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
            ...(this.pin.credential ? { [DESK_HEADER]: this.pin.credential } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            clearTimeout(timer);
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown });
            } catch {
              reject(new HubUnreachable('protocol', `The hub answered ${res.statusCode} with something that is not JSON.`));
            }
          });
          res.on('error', (e) => reject(new HubUnreachable('network', e.message)));
        },
      );
      let timer: NodeJS.Timeout | undefined;
      // The 2 s run from when the request has a connection, not from its turn in the desk's queue.
      req.once('socket', () => {
        timer = setTimeout(() => {
          req.destroy();
          reject(new HubUnreachable('timeout', `The hub did not answer within ${timeoutMs} ms.`));
        }, timeoutMs);
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        const tlsFailure = /certificate|SSL|TLS|self.signed|paired with/i.test(e.message) || (e.code ?? '').startsWith('ERR_TLS') || (e.code ?? '').includes('CERT');
        reject(new HubUnreachable(/paired with/.test(e.message) ? 'fingerprint' : tlsFailure ? 'tls' : 'network', e.message));
      });
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** A server-sent event stream; onEvent per `change`, onClose once when it ends for any reason. */
  events(path: string, onEvent: (data: string) => void, onClose: () => void): () => void {
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      onClose();
    };
    const req = https.request({ host: this.addr.host, port: this.addr.port, method: 'GET', path, agent: this.streamAgent, headers: this.pin.credential ? { [DESK_HEADER]: this.pin.credential } : {} }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return close();
      }
      let buf = '';
      // No ping for this long means a dead link even when TCP has not noticed.
      let idle = setTimeout(() => req.destroy(), HUB_TIMEOUT_MS * 2);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        clearTimeout(idle);
        idle = setTimeout(() => req.destroy(), HUB_TIMEOUT_MS * 2);
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) onEvent(data.slice(6));
        }
      });
      res.on('close', () => {
        clearTimeout(idle);
        close();
      });
    });
    req.on('error', close);
    req.setTimeout(HUB_TIMEOUT_MS, () => req.destroy());
    req.end();
    return () => {
      req.destroy();
      close();
    };
  }

  close(): void {
    this.agent.destroy();
    this.streamAgent.destroy();
  }
}
