import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { parseBaseline, serializeReport, type Report } from '../report/schema.js'
import {
  isMissing,
  none,
  readBaselineText,
  type BaselineStore,
  type Restored,
  type StoreLog
} from './baseline-store.js'

/**
 * `--baseline FILE` for the terminal and tests: restore reads the file (a
 * missing file is simply no baseline), save writes it.
 */
export class FileBaselineStore implements BaselineStore {
  constructor(
    private readonly path: string,
    private readonly log: StoreLog
  ) {}

  async restore(): Promise<Restored> {
    const text = await readBaselineText(this.path)
    if (typeof text !== 'string') {
      if (isMissing(text.error)) {
        this.log.info(`No baseline yet: ${this.path} does not exist.`)
        return none(`${this.path} does not exist yet`)
      }
      if (text.why !== null) {
        this.log.warning(`Ignoring the baseline ${this.path}: ${text.why} (${text.detail}).`)
        return none(`${this.path} could not be used: ${text.why}`)
      }
      this.log.warning(`Could not read the baseline ${this.path}: ${text.detail}`)
      return none(`${this.path} could not be read (${text.detail})`)
    }
    const parsed = parseBaseline(text)
    if (parsed.report === null) {
      this.log.warning(`Ignoring the baseline ${this.path}: ${parsed.reason}.`)
      return none(`${this.path} could not be used: ${parsed.reason}`)
    }
    // A report saved without `source`, or outside a git repository (no ref), is named by its file.
    const source = parsed.report.source
    const named = !source || source.ref === '' ? { ref: this.path, sha: source?.sha ?? '' } : source
    return { report: { ...parsed.report, source: named }, missing: null }
  }

  async save(report: Report): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true })
    await writeFile(this.path, serializeReport(report))
  }
}
