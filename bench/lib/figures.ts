// The benchmark table: one figure per operation, each beside the baseline
// measured next to it in the same run, rendered as Markdown.
import { cpus, totalmem } from 'node:os'

/** One measured operation and its baseline. */
export interface Figure {
  readonly group: string
  readonly name: string
  readonly rows: number
  readonly bytes: number
  readonly ms: number
  /** Peak RSS of the process that ran it, KiB (file-backed pages of the mapped database included). */
  readonly rssKb: number
  /** Peak anonymous memory of that process, KiB (the memory it really holds). */
  readonly anonKb: number
  readonly baseline?: { readonly name: string; readonly ms: number; readonly rssKb?: number }
  readonly note?: string
}

/** A pass/fail check of the run (an absurd ratio makes the run exit 1). */
export interface Check {
  readonly name: string
  readonly value: string
  readonly limit: string
  readonly ok: boolean
  /** Informational targets are reported but never fail the run. */
  readonly target?: boolean
}

const n0 = (x: number): string => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-')
const n1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '-')
const mb = (kb: number): string => (kb > 0 ? String(Math.round(kb / 1024)) : '-')

export function ratio(f: Figure): number {
  return f.baseline && f.baseline.ms > 0 ? f.ms / f.baseline.ms : NaN
}

/** The figures as a Markdown table. */
export function figuresTable(figs: readonly Figure[]): string {
  const head = ['group', 'operation', 'rows', 'MB', 'time s', 'rows/s', 'MB/s', 'peak RSS MB', 'peak anon MB', 'baseline', 'baseline s', 'ratio']
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((h, i) => (i < 2 || i === 9 ? '---' : '---:')).join('|')}|`]
  for (const f of figs) {
    const s = f.ms / 1000
    const r = ratio(f)
    lines.push(
      `| ${[
        f.group,
        f.name + (f.note ? ` (${f.note})` : ''),
        f.rows ? n0(f.rows) : '-',
        f.bytes ? n1(f.bytes / 1e6) : '-',
        s.toFixed(3),
        f.rows ? n0(f.rows / s) : '-',
        f.bytes ? n1(f.bytes / 1e6 / s) : '-',
        mb(f.rssKb),
        mb(f.anonKb),
        f.baseline?.name ?? '-',
        f.baseline ? (f.baseline.ms / 1000).toFixed(3) : '-',
        Number.isFinite(r) ? `${r.toFixed(2)}x` : '-',
      ].join(' | ')} |`,
    )
  }
  return lines.join('\n')
}

export function checksTable(checks: readonly Check[]): string {
  const lines = ['| check | value | limit | result |', '|---|---:|---:|---|']
  for (const c of checks) lines.push(`| ${c.name} | ${c.value} | ${c.limit} | ${c.ok ? 'ok' : c.target ? 'target missed' : '**FAILED**'} |`)
  return lines.join('\n')
}

/** One line about the machine the figures come from. */
export function machine(): string {
  const cpu = cpus()
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`
}
