/**
 * Rows of a `data_NN.csv` file: no header, one row per `\n`-terminated line,
 * cells separated by `,` (strings are escaped, so a comma is always a separator).
 * The reader streams: lines are cut from byte chunks, decoded as latin1 so every
 * byte stays one character (the escaped text is ASCII; raw bytes ≥ 0x80 are
 * kept as bytes and checked as UTF-8 where the column needs it).
 */
import { YqlError } from '../diagnostics/diagnostic.js'
import type { YdbType } from '../types/ydb-type.js'
import type { Row } from '../types/value.js'
import { CsvRowDecoder } from './csv-decode.js'
import type { CsvByteSink } from './csv-encode.js'
import { CsvValueError, formatCsvValue, parseCsvValue, type CsvStyle } from './csv-value.js'

/** A column as the CSV codec needs it. */
export interface CsvColumn {
  readonly name: string
  readonly type: YdbType
  readonly notNull?: boolean
}

/** Stable error code of every CSV reading error. */
export const CSV_ERROR_CODE = 'formats/csv'

/** Default longest line the reader accepts (YDB caps a cell at 8 MB; a row has many). */
export const DEFAULT_MAX_LINE_LENGTH = 64 << 20

/** The CSV line of one row, with its `\n`. */
export function formatCsvRow(row: Row, columns: readonly CsvColumn[], style: CsvStyle = 'dump'): string {
  const cells = new Array<string>(columns.length)
  for (let i = 0; i < columns.length; i++) cells[i] = formatCsvValue(row[i] ?? null, columns[i]!.type, style)
  return cells.join(',') + '\n' // join makes a flat string: cheap to copy into a buffer
}

/** Where a line came from, for error messages. */
export interface CsvLine {
  readonly text: string
  /** 1-based. */
  readonly lineNo: number
}

const csvError = (file: string, line: number, column: number | undefined, message: string): YqlError =>
  YqlError.of(CSV_ERROR_CODE, `${file}:${line}${column !== undefined ? `:${column}` : ''}: ${message}`)

/**
 * Cuts a byte stream into lines (without `\n`; a `\r` before it is dropped; a
 * last line without `\n` is still a line). Throws a YqlError naming the file and
 * line when a line exceeds `maxLineLength` bytes.
 */
export async function* readCsvLines(
  chunks: AsyncIterable<Uint8Array>,
  opts: { readonly file: string; readonly maxLineLength?: number },
): AsyncGenerator<CsvLine> {
  const max = opts.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH
  let pending: Buffer[] = []
  let pendingLen = 0
  let lineNo = 0
  const emit = (buf: Buffer): CsvLine => {
    let end = buf.length
    if (end > 0 && buf[end - 1] === 0x0d) end--
    return { text: buf.toString('latin1', 0, end), lineNo: ++lineNo }
  }
  for await (const chunk of chunks) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    let start = 0
    for (;;) {
      const nl = b.indexOf(0x0a, start)
      if (nl < 0) break
      if (pendingLen + nl - start > max) throw csvError(opts.file, lineNo + 1, undefined, `line is longer than ${max} bytes`)
      const part = b.subarray(start, nl)
      if (pendingLen > 0) {
        pending.push(part)
        yield emit(Buffer.concat(pending, pendingLen + part.length))
        pending = []
        pendingLen = 0
      } else yield emit(part)
      start = nl + 1
    }
    if (start < b.length) {
      pendingLen += b.length - start
      if (pendingLen > max) throw csvError(opts.file, lineNo + 1, undefined, `line is longer than ${max} bytes`)
      pending.push(Buffer.from(b.subarray(start))) // copy: the producer may reuse its buffer
    }
  }
  if (pendingLen > 0) yield emit(Buffer.concat(pending, pendingLen))
}

/** Parses one line into a row of `columns`; errors name file, line and 1-based column. */
export function parseCsvRow(line: CsvLine, columns: readonly CsvColumn[], file: string): Row {
  const cells = line.text.split(',')
  if (cells.length !== columns.length)
    throw csvError(file, line.lineNo, undefined, `expected ${columns.length} columns, found ${cells.length}`)
  const row = new Array(columns.length)
  for (let i = 0; i < cells.length; i++) {
    const col = columns[i]!
    try {
      row[i] = parseCsvValue(cells[i]!, col.type)
    } catch (e) {
      if (e instanceof CsvValueError) throw csvError(file, line.lineNo, i + 1, `column ${col.name}: ${e.message}`)
      throw e
    }
    if (row[i] === null && col.notNull) throw csvError(file, line.lineNo, i + 1, `column ${col.name}: NULL in a NOT NULL column`)
  }
  return row
}

/**
 * Streams rows of a CSV file in batches of at most `batchRows` rows or about
 * `batchBytes` bytes of text. Empty lines are skipped. Lines are cut and read
 * on the bytes (CsvRowDecoder); a line the fast reader does not take is read
 * by parseCsvRow, which also makes every error message.
 */
export async function* readCsvRows(
  chunks: AsyncIterable<Uint8Array>,
  columns: readonly CsvColumn[],
  opts: { readonly file: string; readonly maxLineLength?: number; readonly batchRows?: number; readonly batchBytes?: number },
): AsyncGenerator<Row[]> {
  const max = opts.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH
  const batchRows = opts.batchRows ?? 10_000
  const batchBytes = opts.batchBytes ?? 4 << 20
  const decoder = new CsvRowDecoder(columns)
  let batch: Row[] = []
  let bytes = 0
  let lineNo = 0
  let pending: Buffer[] = [] // a line's start, copied from earlier chunks
  let pendingLen = 0
  const tooLong = (): YqlError => csvError(opts.file, lineNo + 1, undefined, `line is longer than ${max} bytes`)
  const line = (b: Buffer, s: number, e: number): void => {
    lineNo++
    if (e > s && b[e - 1] === 0x0d) e--
    if (e === s) return
    batch.push(decoder.read(b, s, e) ?? parseCsvRow({ text: b.toString('latin1', s, e), lineNo }, columns, opts.file))
    bytes += e - s
  }
  for await (const chunk of chunks) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    let start = 0
    for (;;) {
      const nl = b.indexOf(0x0a, start)
      if (nl < 0) break
      if (pendingLen + nl - start > max) throw tooLong()
      if (pendingLen > 0) {
        pending.push(b.subarray(start, nl))
        const joined = Buffer.concat(pending, pendingLen + nl - start)
        pending = []
        pendingLen = 0
        line(joined, 0, joined.length)
      } else line(b, start, nl)
      start = nl + 1
      if (batch.length >= batchRows || bytes >= batchBytes) {
        yield batch
        batch = []
        bytes = 0
      }
    }
    if (start < b.length) {
      pendingLen += b.length - start
      if (pendingLen > max) throw tooLong()
      pending.push(Buffer.from(b.subarray(start))) // copy: the producer may reuse its buffer
    }
  }
  if (pendingLen > 0) {
    const joined = Buffer.concat(pending, pendingLen)
    line(joined, 0, joined.length)
  }
  if (batch.length > 0) yield batch
}

/**
 * Collects CSV lines into ~1 MiB byte chunks. Writing each line into a buffer
 * as it is made is several times faster than concatenating a megabyte string
 * and converting it (V8 then flattens a deep rope). It is also the byte sink of
 * CsvRowEncoder, which writes cells straight into `buf`.
 */
export class CsvChunkBuilder implements CsvByteSink {
  buf: Buffer
  off = 0
  private flushed = 0
  private readonly ready: Buffer[] = []

  constructor(private readonly chunkBytes = 1 << 20) {
    this.buf = Buffer.allocUnsafe(chunkBytes)
  }

  /** Bytes appended in total. */
  get bytes(): number {
    return this.flushed + this.off
  }

  /** Appends one line (ASCII/latin1 text, as formatCsvRow makes). */
  push(line: string): void {
    if (line.length > this.buf.length - this.off) {
      this.flush()
      if (line.length > this.buf.length) {
        this.ready.push(Buffer.from(line, 'latin1'))
        this.flushed += line.length
        return
      }
    }
    this.off += this.buf.write(line, this.off, 'latin1')
    if (this.off >= this.chunkBytes) this.flush()
  }

  /** Room for `n` more bytes at `off`: a full chunk is moved to the ready list first. */
  reserve(n: number): void {
    if (this.buf.length - this.off >= n) return
    this.flush()
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(Math.max(n, this.chunkBytes))
  }

  /** Moves the current bytes (if any) to the ready list. */
  flush(): void {
    if (this.off === 0) return
    this.ready.push(this.buf.subarray(0, this.off))
    this.flushed += this.off
    this.buf = Buffer.allocUnsafe(this.chunkBytes)
    this.off = 0
  }

  /** Takes the chunks completed so far. */
  take(): Buffer[] {
    return this.ready.splice(0, this.ready.length)
  }
}
