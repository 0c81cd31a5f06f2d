'use strict';
// Runs s3rver as a MinIO stand-in: takes MinIO's command line
// (`server DIR [--address :9000] [--console-address :9001]`, unknown flags
// ignored), accepts MINIO_ROOT_USER/MINIO_ROOT_PASSWORD as an access key pair
// (plus s3rver's own S3RVER/S3RVER), and answers MinIO's health endpoints,
// which s3rver would otherwise take for a bucket named "minio".
const http = require('http');
const S3rver = require('s3rver');
const { format } = require('winston');
const AWSAccount = require('s3rver/lib/models/account');

function parseArgs(argv) {
  const opts = { directory: '/data', address: '0.0.0.0', port: 9000 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.split(/=(.*)/s);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (flag === '--address') {
      const m = /^(.*):(\d+)$/.exec(value());
      if (!m) throw new Error(`invalid --address '${arg}': use [HOST]:PORT`);
      if (m[1]) opts.address = m[1];
      opts.port = Number(m[2]);
    } else if (flag.startsWith('--')) {
      if (inline === undefined && argv[i + 1] && !argv[i + 1].startsWith('--')) i++;
      console.log(`s3: ignoring MinIO option ${flag}`);
    } else {
      opts.directory = arg;
    }
  }
  return opts;
}

const HEALTH = new Set(['/minio/health/live', '/minio/health/ready', '/minio/health/cluster']);

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const user = process.env.MINIO_ROOT_USER || process.env.MINIO_ACCESS_KEY || 'minioadmin';
  const password = process.env.MINIO_ROOT_PASSWORD || process.env.MINIO_SECRET_KEY || 'minioadmin';
  AWSAccount.DUMMY_ACCOUNT.createKeyPair(user, password);

  const buckets = (process.env.S3_BUCKETS || '').split(',').filter(Boolean)
    .map((name) => ({ name: name.trim() }));
  const s3 = new S3rver({
    directory: opts.directory,
    silent: process.env.S3_SILENT === '1',
    // Path-style requests only: a Host header such as "minio:9000" must not
    // be read as a virtual-hosted bucket.
    vhostBuckets: false,
    configureBuckets: buckets,
  });
  // s3rver's console log is colourised unconditionally; container logs are
  // read as plain text.
  for (const t of s3.logger.transports) t.format = format.combine(format.splat(), format.simple());
  await s3.configureBuckets();
  const handler = s3.callback();
  const server = http.createServer((req, res) => {
    const path = (req.url || '').split('?')[0];
    if (HEALTH.has(path) && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(req.method === 'HEAD' ? undefined : 'OK\n');
      return;
    }
    handler(req, res);
  });
  server.listen(opts.port, opts.address, () => {
    console.log(`s3: s3rver ${require('s3rver/package.json').version} serving ` +
      `${opts.directory} on ${opts.address}:${opts.port} (access key '${user}')`);
  });

  // PID 1 gets no default signal handling: stop on SIGTERM/SIGINT ourselves,
  // after in-flight requests end (bounded, so a stuck client cannot hold us).
  const stop = (sig) => {
    console.log(`s3: ${sig}, shutting down`);
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  console.error(`s3: ${err.message}`);
  process.exit(1);
});
