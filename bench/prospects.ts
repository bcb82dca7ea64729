/**
 * Prospect-list benchmark (issue 14: "import and de-duplicate a 30,000-row prospect list to its
 * validation report in ≤ 5 s on the embedded database"): on PGlite (in memory, the demo bank), an
 * earlier list is imported and approved, then a list of --rows rows is uploaded as a multipart CSV
 * through the HTTP layer in-process — parse, validate (ID checksum, mobile, officer), de-duplicate
 * within the file, against customers and against the earlier list (by ID hash and mobile), encrypt,
 * stage for review — and the time to the 201 with its report is measured, --runs times.
 *
 *   npm run bench -- prospects [--rows=30000] [--earlier=3000] [--runs=3]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { makeIdNumber } from '../src/kernel/idcard.js';
import { DEMO_PASSWORD } from '../demo/bank.js';
import { numberFlag, type BenchOptions } from './support/options.js';

export const description = 'import and de-duplicate a 30,000-row prospect list to its validation report on PGlite (target ≤ 5 s)';
export const usage = `Options:
  --rows=30000     rows of the timed list (1% bad ID numbers, 1% duplicates in the file, --earlier/3 of an earlier list)
  --earlier=3000   rows of the earlier list, imported and approved first (not timed)
  --runs=3         timed uploads (each a new list; the earlier list stays)`;

const BOUNDARY = '----huinongBenchProspects';
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const VILLAGES = ['大屯村', '龙桥社区', '新兖镇', '小孟村', '颜店村'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞'];

function multipart(csv: string): Buffer {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="list.csv"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.from(csv, 'utf8'),
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

/** Person n: a valid ID number (region 370812, born 1960–1999) and a mobile of their own. */
function person(n: number): { id: string; mobile: string; name: string } {
  const year = 1960 + (n % 40);
  const day = 1 + (Math.floor(n / 40) % 28);
  const month = 1 + (Math.floor(n / 1120) % 12);
  const seq = String(Math.floor(n / 13440) % 1000).padStart(3, '0');
  const first17 = `370812${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${seq}`;
  return {
    id: makeIdNumber(first17),
    mobile: `139${String(n).padStart(8, '0')}`,
    name: SURNAMES[n % SURNAMES.length] + GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length],
  };
}

function listCsv(from: number, rows: number, earlierFrom: number, earlierRows: number): string {
  const lines = ['姓名,身份证号,手机号,客户经理,村/社区'];
  for (let i = 0; i < rows; i++) {
    let p = person(from + i);
    let id = p.id;
    if (i % 100 === 7) id = id.slice(0, 17) + (id[17] === '0' ? '1' : '0'); // a bad check character
    if (i % 100 === 13 && i > 0) p = person(from + i - 1); // the row before, again
    if (i % 3 === 0 && i / 3 < earlierRows) p = person(earlierFrom + i / 3); // on the earlier list
    if (i % 3 === 0 && i / 3 < earlierRows) id = p.id;
    lines.push(`${p.name},${id},${p.mobile},officer1,${VILLAGES[i % VILLAGES.length]}`);
  }
  return lines.join('\r\n') + '\r\n';
}

export async function run(opts: BenchOptions): Promise<void> {
  const rows = numberFlag(opts, 'rows', 30_000, 1);
  const earlier = numberFlag(opts, 'earlier', 3_000, 0);
  const runs = numberFlag(opts, 'runs', 3, 1);
  const app = await createApp(testConfig());
  try {
    const login = async (username: string) => {
      const res = await app.server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: DEMO_PASSWORD } });
      return res.json().token as string;
    };
    const head = await login('head1');
    const exec = await login('exec1');
    const upload = (csv: string) =>
      app.server.inject({
        method: 'POST',
        url: '/api/v1/marketing/prospect-imports',
        payload: multipart(csv),
        headers: { authorization: `Bearer ${head}`, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      });

    if (earlier > 0) {
      const first = await upload(listCsv(10_000_000, earlier, 0, 0));
      if (first.statusCode !== 201) throw new Error(`earlier list: ${first.statusCode} ${first.body.slice(0, 500)}`);
      const ok = await app.server.inject({
        method: 'POST',
        url: `/api/v1/review/requests/${first.json().reviewRequestId}/approve`,
        payload: { comment: 'bench' },
        headers: { authorization: `Bearer ${exec}` },
      });
      if (ok.statusCode !== 200) throw new Error(`approve: ${ok.statusCode} ${ok.body}`);
    }

    const results: Array<{
      run: number;
      seconds: number;
      cpuSeconds: number;
      rows: number;
      valid: number;
      invalid: number;
      duplicates: number;
    }> = [];
    for (let r = 0; r < runs; r++) {
      const csv = listCsv(20_000_000 + r * 1_000_000, rows, 10_000_000, Math.floor(earlier / 3));
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const res = await upload(csv);
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      // The process's own CPU time (PGlite runs in it): what the upload costs, whatever else the machine runs.
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      if (res.statusCode !== 201) throw new Error(`run ${r + 1}: ${res.statusCode} ${res.body.slice(0, 500)}`);
      const b = res.json();
      results.push({ run: r + 1, seconds, cpuSeconds, rows: b.rows, valid: b.valid, invalid: b.invalid, duplicates: b.duplicates });
    }
    const lines = [
      `Prospect list import to its validation report on PGlite (${rows.toLocaleString('en')} rows; earlier list ${earlier.toLocaleString('en')} approved)`,
      '',
      '| run | seconds | CPU seconds | rows | valid | invalid | duplicates |',
      '|---:|---:|---:|---:|---:|---:|---:|',
      ...results.map(
        (x) =>
          `| ${x.run} | ${x.seconds.toFixed(2)} | ${x.cpuSeconds.toFixed(2)} | ${x.rows} | ${x.valid} | ${x.invalid} | ${x.duplicates} |`,
      ),
      '',
      `median ${median(results.map((x) => x.seconds)).toFixed(2)} s (target ≤ 5 s), CPU ${median(results.map((x) => x.cpuSeconds)).toFixed(2)} s; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const outDir = path.resolve('.tmp/bench');
    await mkdir(outDir, { recursive: true });
    await writeFile(path.join(outDir, 'prospects-pglite.json'), JSON.stringify({ rows, earlier, results }, null, 2));
  } finally {
    await app.close();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
