/** Small measurement helpers shared by the benchmarks. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance as nodePerformance } from 'node:perf_hooks';

/** Nearest-rank percentile of an ascending array (NaN when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    count: sorted.length,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  };
}

/** A number for a table cell: fixed decimals, '—' for NaN. */
export function fmt(n: number | null | undefined, digits = 1): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(digits);
}

export function markdownTable(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.map(String).join(' | ')} |`;
  // First column text, the rest figures (right-aligned).
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/** Busy and total jiffies of the whole machine (all cores), from /proc/stat; null off Linux. */
function cpuJiffies(): { busy: number; total: number } | null {
  try {
    const first = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = first.trim().split(/\s+/).slice(1).map(Number);
    const idle = (v[3] ?? 0) + (v[4] ?? 0); // idle + iowait
    const total = v.reduce((s, x) => s + x, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

export interface CpuWindow {
  /** Machine CPU busy over the window, in cores (0 … number of cores). */
  machineCores: number | null;
  /** This Node process's CPU over the window, in cores. */
  nodeCores: number;
  /** Share of the window the Node event loop was busy (0 … 1). */
  eventLoopUtilization: number;
  /** 1-minute load average at the end of the window (other processes on the machine show here). */
  loadAverage1m: number;
}

/** Starts a CPU measurement window; call the returned function to close it. */
export function cpuWindow(): () => CpuWindow {
  const t0 = performance.now();
  const proc0 = process.cpuUsage();
  const mach0 = cpuJiffies();
  const elu0 = nodePerformance.eventLoopUtilization();
  return () => {
    const seconds = (performance.now() - t0) / 1000;
    const proc = process.cpuUsage(proc0);
    const mach1 = cpuJiffies();
    const elu = nodePerformance.eventLoopUtilization(elu0);
    const cores = os.cpus().length;
    return {
      machineCores: mach0 && mach1 && mach1.total > mach0.total ? ((mach1.busy - mach0.busy) / (mach1.total - mach0.total)) * cores : null,
      nodeCores: (proc.user + proc.system) / 1e6 / Math.max(seconds, 1e-9),
      eventLoopUtilization: elu.utilization,
      loadAverage1m: os.loadavg()[0] ?? Number.NaN,
    };
  };
}

export function machineDescription(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}
