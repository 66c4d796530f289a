/** The little of `ws` (a dependency of its own since pod exec uses it directly) that pod exec uses. */
declare module 'ws' {
  import type { EventEmitter } from 'node:events';
  import type { OutgoingHttpHeaders } from 'node:http';
  import type { SecureContext } from 'node:tls';

  export interface ClientOptions {
    headers?: OutgoingHttpHeaders;
    secureContext?: SecureContext;
    rejectUnauthorized?: boolean;
    servername?: string;
    handshakeTimeout?: number;
    perMessageDeflate?: boolean;
  }

  export class WebSocket extends EventEmitter {
    constructor(url: string, protocols: string[], options: ClientOptions);
    static readonly CLOSED: number;
    readonly readyState: number;
    readonly protocol: string;
    send(data: Buffer): void;
    close(): void;
    terminate(): void;
  }
  export default WebSocket;
}
