/**
 * A throwaway PostgreSQL server for the test run: `initdb` into a fresh temporary folder, start it
 * on a free loopback port with durability switched off, and remove everything on stop().
 *
 * PostgreSQL refuses to run as root; when the tests run as root, the folder is handed to the
 * `postgres` OS user and every server binary runs through `runuser -u postgres --` (or `su`).
 *
 * A small detached watchdog stops the server and removes the folder if the process that started it
 * dies without calling stop() (a killed test run never leaves a postgres behind).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, realpathSync } from 'node:fs';
import { appendFile, chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PgServer {
  /** postgres://postgres@127.0.0.1:PORT/postgres — superuser, trust auth, loopback only. */
  url: string;
  /** Folder holding the data directory, socket and log (removed by stop()). */
  baseDir: string;
  /** Server version as reported by `postgres --version`, e.g. "postgres (PostgreSQL) 15.18". */
  version: string;
  /** Immediate shutdown (`pg_ctl -m immediate stop`) and removal of the folder. Idempotent. */
  stop(): Promise<void>;
}

export interface StartPgServerOptions {
  /** Folder with initdb, pg_ctl and postgres; found automatically when omitted. */
  binDir?: string;
  /** Seconds to wait for the server to accept connections. Default 60. */
  startTimeoutSec?: number;
  /** Print nothing when the binaries are absent (the caller prints its own banner). */
  quiet?: boolean;
  /** Extra postgresql.conf lines (later lines win), e.g. the benchmark server's memory settings. */
  settings?: string[];
  /** Loopback ports to choose from, e.g. [56000, 56100] (inclusive); default: any free port the kernel picks. */
  portRange?: [number, number];
  /** Prefix of the temporary folder's name. Default 'huinong-pg-'. */
  tmpPrefix?: string;
}

const NEEDED = ['initdb', 'pg_ctl', 'postgres'] as const;

export const PG_ABSENT_BANNER =
  '!!!!!!!! PostgreSQL server binaries not found: integration tests run on PGlite only. ' +
  'Install postgresql-15 (Debian) to test on both databases. !!!!!!!!';

function hasAll(dir: string): boolean {
  return NEEDED.every((b) => existsSync(path.join(dir, b)));
}

function versionOf(dir: string): number {
  const m = /postgresql\/(\d+)/.exec(dir);
  return m ? Number(m[1]) : 0;
}

/** Finds a folder holding initdb, pg_ctl and postgres, preferring PostgreSQL 15. */
export function findPgBinDir(): string | null {
  const candidates: string[] = [];
  if (process.env.HUINONG_PG_BINDIR) candidates.push(process.env.HUINONG_PG_BINDIR);
  try {
    const out = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    if (out.trim()) candidates.push(out.trim());
  } catch {
    /* no pg_config */
  }
  try {
    const versions = readdirSync('/usr/lib/postgresql')
      .map((v) => `/usr/lib/postgresql/${v}/bin`)
      // 15 first (the version production runs), then newest first.
      .sort((a, b) => (versionOf(a) === 15 ? -1 : versionOf(b) === 15 ? 1 : versionOf(b) - versionOf(a)));
    candidates.push(...versions);
  } catch {
    /* no /usr/lib/postgresql */
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const initdb = path.join(dir, 'initdb');
    if (existsSync(initdb)) {
      try {
        candidates.push(path.dirname(realpathSync(initdb)));
      } catch {
        /* dangling link */
      }
    }
  }
  // Prefer a pg_config answer that is 15; otherwise the first complete folder.
  const complete = candidates.filter(hasAll);
  return complete.find((d) => versionOf(d) === 15) ?? complete[0] ?? null;
}

/** A free TCP port on 127.0.0.1: chosen by the kernel, or the first free one of `range` (inclusive). */
export async function freeLoopbackPort(range?: [number, number]): Promise<number> {
  if (!range) return listenOnce(0);
  for (let port = range[0]; port <= range[1]; port++) {
    if (
      await listenOnce(port).then(
        () => true,
        () => false,
      )
    )
      return port;
  }
  throw new Error(`no free loopback port in ${range[0]}-${range[1]}`);
}

function listenOnce(wanted: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(wanted, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

interface Runner {
  /** Runs a binary as the server's OS user; throws with its output when it fails. */
  run(file: string, args: string[], opts?: { timeoutMs?: number }): string;
  /** argv that runs a command as the server's OS user (for the watchdog). */
  argv(file: string, args: string[]): string[];
  uid: number | null;
  gid: number | null;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function makeRunner(cwd: string): Runner {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let wrap: (file: string, args: string[]) => string[] = (file, args) => [file, ...args];
  let uid: number | null = null;
  let gid: number | null = null;
  if (isRoot) {
    try {
      uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    } catch {
      throw new Error(
        'Running as root, but there is no `postgres` OS user to run the PostgreSQL server as ' +
          '(PostgreSQL refuses to run as root). Install postgresql-15 (it creates the user) or run the tests as a normal user.',
      );
    }
    const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((p) => existsSync(p));
    wrap = runuser
      ? (file, args) => [runuser, '-u', 'postgres', '--', file, ...args]
      : (file, args) => ['su', 'postgres', '-s', '/bin/sh', '-c', [file, ...args].map(shellQuote).join(' ')];
  }
  return {
    uid,
    gid,
    argv: wrap,
    run(file, args, opts) {
      const [cmd, ...rest] = wrap(file, args);
      const res = spawnSync(cmd!, rest, {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: opts?.timeoutMs ?? 120_000,
        env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      });
      if (res.error || res.status !== 0) {
        const why = res.error ? res.error.message : `exit code ${res.status}${res.signal ? ` (${res.signal})` : ''}`;
        throw new Error(`${path.basename(file)} failed: ${why}\n${res.stdout ?? ''}${res.stderr ?? ''}`.trim());
      }
      return `${res.stdout ?? ''}${res.stderr ?? ''}`;
    },
  };
}

async function waitForConnections(url: string, timeoutSec: number, giveUp: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + timeoutSec * 1000;
  let last: unknown;
  while (Date.now() < deadline && !giveUp()) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (err) {
      last = err;
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`PostgreSQL did not accept connections within ${timeoutSec}s: ${(last as Error)?.message ?? last}`);
}

/**
 * Starts a throwaway PostgreSQL server. Returns null (after printing one loud line to stderr) when
 * the server binaries are absent; throws when they are present but the server cannot start.
 */
export async function startPgServer(opts: StartPgServerOptions = {}): Promise<PgServer | null> {
  const binDir = opts.binDir ?? findPgBinDir();
  if (!binDir || !hasAll(binDir)) {
    if (!opts.quiet) process.stderr.write(`\n${PG_ABSENT_BANNER}\n\n`);
    return null;
  }
  const bin = (name: string) => path.join(binDir, name);

  const baseDir = await mkdtemp(path.join(os.tmpdir(), opts.tmpPrefix ?? 'huinong-pg-'));
  const dataDir = path.join(baseDir, 'data');
  const sockDir = path.join(baseDir, 'sock');
  const logFile = path.join(baseDir, 'server.log');
  let stopped = false;
  let watchdog: ChildProcess | null = null;
  let runner: Runner | null = null;
  // The postmaster runs as our own child (through runuser when root), so we reap it ourselves.
  let child: ChildProcess | null = null;
  let childExit: Promise<string> | null = null;

  const cleanup = async () => {
    if (stopped) return;
    stopped = true;
    if (watchdog?.pid) {
      try {
        process.kill(watchdog.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    if (child && childExit && child.exitCode === null && child.signalCode === null) {
      child.ref();
      try {
        runner!.run(bin('pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop'], { timeoutMs: 60_000 });
      } catch (err) {
        process.stderr.write(`pg-server: pg_ctl stop failed: ${(err as Error).message}\n`);
        // Fall back to the postmaster's own pid (SIGQUIT = immediate shutdown).
        const pid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
        if (pid > 0) {
          try {
            process.kill(pid, 'SIGQUIT');
          } catch {
            /* gone */
          }
        }
      }
      const timeout = new Promise<string>((r) => setTimeout(() => r('timeout'), 30_000).unref());
      if ((await Promise.race([childExit, timeout])) === 'timeout') {
        process.stderr.write(`pg-server: the server (pid ${child.pid}) did not exit within 30 s\n`);
      }
    }
    await rm(baseDir, { recursive: true, force: true });
  };

  try {
    runner = makeRunner(baseDir);
    await mkdir(sockDir);
    if (runner.uid !== null && runner.gid !== null) {
      await chown(baseDir, runner.uid, runner.gid);
      await chown(sockDir, runner.uid, runner.gid);
      // The postgres user must reach the folder: an os.tmpdir() below a private home would not do.
      const [cmd, ...args] = runner.argv('/bin/sh', ['-c', `test -w ${shellQuote(baseDir)}`]);
      if (spawnSync(cmd!, args, { cwd: '/' }).status !== 0) {
        throw new Error(`the postgres OS user cannot write to ${baseDir} (is ${os.tmpdir()} below a private folder? set TMPDIR=/tmp)`);
      }
    }

    runner.run(bin('initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync']);

    const version = runner.run(bin('postgres'), ['--version']).trim();
    const timeoutSec = opts.startTimeoutSec ?? 60;

    // The port is chosen free just before the start; another process could take it in between,
    // so a start that fails to bind is retried on a new port.
    let url = '';
    for (let attempt = 1; !url; attempt++) {
      const port = await freeLoopbackPort(opts.portRange);
      await appendFile(
        path.join(dataDir, 'postgresql.conf'),
        [
          '',
          `# huinong test server (attempt ${attempt})`,
          `listen_addresses = '127.0.0.1'`,
          `port = ${port}`,
          `unix_socket_directories = '${sockDir}'`,
          'fsync = off',
          'synchronous_commit = off',
          'full_page_writes = off',
          'max_connections = 200',
          'shared_buffers = 128MB',
          'logging_collector = off',
          ...(opts.settings ?? []),
          '',
        ].join('\n'),
      );
      const logFd = openSync(logFile, 'a');
      const [cmd, ...args] = runner.argv(bin('postgres'), ['-D', dataDir]);
      const proc = spawn(cmd!, args, {
        cwd: baseDir,
        stdio: ['ignore', logFd, logFd],
        env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      });
      closeSync(logFd);
      child = proc;
      childExit = new Promise<string>((resolve) => {
        proc.once('exit', (code, signal) => resolve(`exited (${signal ?? `code ${code}`})`));
        proc.once('error', (err) => resolve(`could not run: ${err.message}`));
      });
      const candidate = `postgres://postgres@127.0.0.1:${port}/postgres`;
      const outcome = await Promise.race([
        waitForConnections(candidate, timeoutSec, () => proc.exitCode !== null || proc.signalCode !== null).then(
          () => 'ready',
          (err: Error) => err.message,
        ),
        childExit,
      ]);
      if (outcome === 'ready') {
        url = candidate;
        break;
      }
      const log = await readFile(logFile, 'utf8').catch(() => '');
      if (attempt < 3 && /could not bind|Address already in use/i.test(log)) continue;
      throw new Error(`postgres ${outcome}\n--- server log ---\n${log}`);
    }
    // Do not let a forgotten stop() keep the test process alive: the watchdog cleans up then.
    child!.unref();

    // Watchdog: a detached shell that blocks reading a pipe from this process. The pipe reaches
    // end-of-file when this process dies, however it dies; then the shell stops the server and
    // removes the folder. stop() ends the watchdog first.
    const script =
      `read _ignored; ` +
      `${runner.argv(bin('pg_ctl'), ['-D', dataDir, '-m', 'immediate', 'stop']).map(shellQuote).join(' ')} >/dev/null 2>&1; ` +
      `rm -rf ${shellQuote(baseDir)}`;
    watchdog = spawn('/bin/sh', ['-c', script], { detached: true, stdio: ['pipe', 'ignore', 'ignore'], cwd: '/' });
    (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    watchdog.unref();

    return { url, baseDir, version, stop: cleanup };
  } catch (err) {
    await cleanup();
    throw new Error(`Could not start the test PostgreSQL server from ${binDir}: ${(err as Error).message}`);
  }
}
