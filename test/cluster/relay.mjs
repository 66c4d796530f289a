#!/usr/bin/env node
// Byte relays that join the test cluster's network namespaces to the control
// plane on the host's loopback without touching the host's network: a Unix
// socket is reachable from every network namespace (it lives in the file
// system), so each side listens or connects on its own side only.
//
//   node relay.mjs --forward LISTEN=TARGET ...  --connect-proxy LISTEN=CIDR[,CIDR] ...
//
// LISTEN and TARGET are `unix:/path` or `tcp:HOST:PORT`.
// --forward         pipes every connection on LISTEN to TARGET.
// --connect-proxy   an HTTP CONNECT proxy (the API server's egress selector
//                   dials kubelets through it) that refuses every target
//                   outside the given CIDRs, so it can only reach the
//                   cluster's own namespaces.
import { rmSync } from 'node:fs';
import net from 'node:net';

function endpoint(text) {
  if (text.startsWith('unix:')) return { path: text.slice(5) };
  const m = /^tcp:(.+):(\d+)$/.exec(text);
  if (!m) throw new Error(`bad endpoint "${text}": expected unix:/path or tcp:HOST:PORT`);
  return { host: m[1], port: Number(m[2]) };
}

function listen(where, onConnection) {
  if (where.path) rmSync(where.path, { force: true });
  const server = net.createServer({ allowHalfOpen: true }, onConnection);
  server.on('error', (error) => {
    console.error(`relay: cannot listen on ${where.path ?? `${where.host}:${where.port}`}: ${error.message}`);
    process.exit(1);
  });
  server.listen(where.path ? { path: where.path } : { host: where.host, port: where.port });
  return server;
}

function pipe(a, b) {
  a.pipe(b);
  b.pipe(a);
  const close = () => {
    a.destroy();
    b.destroy();
  };
  a.on('error', close);
  b.on('error', close);
  a.on('close', close);
  b.on('close', close);
}

function ipv4ToInt(ip) {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

function inCidrs(ip, cidrs) {
  const value = ipv4ToInt(ip);
  if (value === undefined) return false;
  return cidrs.some(({ base, bits }) => bits === 0 || value >>> (32 - bits) === base >>> (32 - bits));
}

function forward(listenAt, target) {
  listen(listenAt, (client) => {
    const upstream = net.connect(target);
    pipe(client, upstream);
  });
}

function connectProxy(listenAt, cidrs) {
  listen(listenAt, (client) => {
    let head = Buffer.alloc(0);
    const onData = (chunk) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > 8192) client.destroy();
        return;
      }
      client.off('data', onData);
      const m = /^CONNECT ([0-9.]+):(\d+) HTTP\/1\.[01]\r\n/.exec(head.subarray(0, end + 2).toString('latin1'));
      if (!m || !inCidrs(m[1], cidrs)) {
        client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      const upstream = net.connect({ host: m[1], port: Number(m[2]) });
      upstream.once('connect', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        const rest = head.subarray(end + 4);
        if (rest.length > 0) upstream.write(rest);
        pipe(client, upstream);
      });
      upstream.once('error', (error) => {
        if (!client.destroyed) client.end(`HTTP/1.1 502 Bad Gateway\r\nX-Error: ${error.code ?? 'error'}\r\n\r\n`);
      });
    };
    client.on('data', onData);
    client.on('error', () => client.destroy());
  });
}

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2 !== 0) {
  console.error('usage: relay.mjs (--forward LISTEN=TARGET | --connect-proxy LISTEN=CIDR[,CIDR])...');
  process.exit(2);
}
for (let i = 0; i < args.length; i += 2) {
  const [left, right] = args[i + 1].split('=');
  if (args[i] === '--forward') forward(endpoint(left), endpoint(right));
  else if (args[i] === '--connect-proxy') {
    const cidrs = right.split(',').map((c) => {
      const [ip, bits] = c.split('/');
      return { base: ipv4ToInt(ip), bits: Number(bits) };
    });
    connectProxy(endpoint(left), cidrs);
  } else {
    console.error(`relay: unknown option ${args[i]}`);
    process.exit(2);
  }
}
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
