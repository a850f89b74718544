/**
 * Requests Node's HTTP parser refuses before any handler sees them: a malformed request (400), headers over
 * the limit (431), headers that did not arrive in time (408). Node answers them itself and says nothing, so
 * `splitkit serve`'s access log had no line for them. This sends the same answers and logs each one.
 */
import type { Server, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** Node's own answers, by error code (anything else is a 400), as it sends them with no `clientError` listener. */
const ANSWERS: { [code: string]: [number, string, string] } = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'bad request'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'Payload Too Large', 'bad request'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'request timeout'],
};

/**
 * Answers `server`'s client errors as Node would and calls `log` with an access log line for each one answered
 * outside a request: `- - 408 0.0ms (request timeout: …)`. An error during a request (its answer already
 * started, or the client gone) gets that request's own line, not a second one; a connection reset before any
 * request, or one that sent nothing until the timeout (a browser's preconnect, a balancer's TCP probe), gets no
 * line: it asked nothing.
 */
export function logClientErrors(server: Server, log: (line: string) => void): void {
  // The response being written on each connection: an error during it is that request's, not the parser's.
  const responses = new WeakMap<Duplex, ServerResponse>();
  server.on('request', (req, res: ServerResponse) => {
    responses.set(req.socket, res);
    res.once('close', () => {
      if (responses.get(req.socket) === res) responses.delete(req.socket);
    });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const code = error.code ?? 'unknown';
    // The connection failed (reset, broken pipe): nothing to answer, and the client asked nothing wrong.
    if (!code.startsWith('HPE_') && code !== 'ERR_HTTP_REQUEST_TIMEOUT') {
      socket.destroy(error);
      return;
    }
    const [status, reason, kind] = ANSWERS[code] ?? [400, 'Bad Request', 'bad request'];
    const response = responses.get(socket);
    if (socket.writable && (response === undefined || !response.headersSent)) {
      socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\n\r\n`);
      // A connection that never sent a byte asked nothing (a browser's preconnect, a balancer's TCP probe).
      if (response === undefined && socket instanceof Socket && socket.bytesRead > 0) {
        const why = code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'the headers did not arrive within --headers-timeout' : code;
        log(`- - ${status} 0.0ms (${kind}: ${why})`);
      }
    }
    socket.destroy(error);
  });
}
