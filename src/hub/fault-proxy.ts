import net from 'node:net';

/**
 * Test support: a TCP proxy between desks and the hub that can be cut (a partition: connections
 * dropped, new ones refused) and healed. TLS passes through untouched, so the desks still see the
 * hub's own certificate.
 */
export function faultProxy(listen: { host: string; port: number }, target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  const open = () =>
    new Promise<number>((resolve, reject) => {
      const s = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host);
        sockets.add(client);
        sockets.add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
      });
      s.once('error', reject);
      s.listen(listen.port, listen.host, () => {
        server = s;
        const a = s.address();
        listen.port = typeof a === 'object' && a ? a.port : listen.port;
        resolve(listen.port);
      });
    });
  return {
    get url() {
      return `https://${listen.host}:${listen.port}`;
    },
    start: open,
    async cut(): Promise<void> {
      const s = server;
      server = null;
      for (const x of sockets) x.destroy();
      sockets.clear();
      if (s) await new Promise((r) => s.close(r));
    },
  };
}
