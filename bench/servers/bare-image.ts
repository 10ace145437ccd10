/**
 * Baseline of benchmark 2: a bare node:http server answering one image's bytes from memory, with
 * the headers the service's image route sends, and 304 when If-None-Match matches. Nothing else:
 * the most this machine's Node serves for the same bytes.
 *
 * Env: PORT, HOST, BENCH_FILE (the bytes), BENCH_ETAG, BENCH_TYPE.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const body = readFileSync(process.env.BENCH_FILE!);
const etag = process.env.BENCH_ETAG!;
const headers = {
  'content-type': process.env.BENCH_TYPE ?? 'image/webp',
  'cache-control': 'public, max-age=31536000, immutable',
  etag,
  'x-content-type-options': 'nosniff',
};

createServer((req, res) => {
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': String(body.length) });
  res.end(body);
}).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');

process.on('SIGTERM', () => process.exit(0));
