import { readFile, truncate, writeFile } from 'node:fs/promises'
import { systemExec } from '../../src/ground/exec.js'
import { join } from 'node:path'
import { FileBaselineStore } from '../../src/publish/baseline-file.js'
import {
  cacheKey,
  cacheKeyPrefix,
  cachePlan,
  type CacheContext,
  baselinePath,
  cacheModeAllows,
  sourceFromKey
} from '../../src/publish/baseline.js'
import { classifyClientLine, isKeyTaken } from '../../src/publish/cache-client.js'
import { baselineOf, serializeReport } from '../../src/report/schema.js'
import { freshDir } from '../support/paths.js'
import { report } from '../report/sample.js'

function memoryLog() {
  const infos: string[] = []
  const warnings: string[] = []
  return {
    infos,
    warnings,
    log: { info: (m: string) => infos.push(m), warning: (m: string) => warnings.push(m) }
  }
}

describe('FileBaselineStore (--baseline FILE), end to end', () => {
  test('save, then restore the same report; it names itself as a baseline', async () => {
    const dir = await freshDir('baseline')
    const path = join(dir, 'nested', 'base.json')
    const { log, warnings } = memoryLog()
    const store = new FileBaselineStore(path, log)
    const saved = report({ source: { ref: 'refs/heads/main', sha: 'abc' } })
    await store.save(saved)
    expect(await readFile(path, 'utf8')).toBe(serializeReport(saved))
    const { report: restored, missing } = await store.restore()
    expect(restored).toEqual({ ...saved, build: null })
    expect(missing).toBeNull()
    if (restored === null) throw new Error('no baseline restored')
    expect(baselineOf(restored, { ref: 'x', sha: '' })).toEqual({
      ref: 'refs/heads/main',
      sha: 'abc',
      binarySize: 7_300_000,
      imageSize: 7_520_000,
      pullSize: 3_100_000,
      // The extras of its image, so that a runtime need new in a pull request is named as a cause.
      extras: [
        { kind: 'ca-certificates', bytes: 216_000 },
        { kind: 'passwd', bytes: 110 }
      ]
    })
    expect(warnings).toEqual([])
  })

  test('a report without source is named after the file', async () => {
    const dir = await freshDir('baseline')
    const path = join(dir, 'base.json')
    await writeFile(path, serializeReport(report()))
    const restored = await new FileBaselineStore(path, memoryLog().log).restore()
    expect(restored.report?.source).toEqual({ ref: path, sha: '' })
  })

  test('a report saved outside a git repository (empty ref) is named after the file', async () => {
    const dir = await freshDir('baseline')
    const path = join(dir, 'main.json')
    await writeFile(path, serializeReport(report({ source: { ref: '', sha: '' } })))
    const restored = await new FileBaselineStore(path, memoryLog().log).restore()
    expect(restored.report?.source).toEqual({ ref: path, sha: '' })
  })

  test('a missing file is no baseline, said plainly, not a warning', async () => {
    const dir = await freshDir('baseline')
    const { log, infos, warnings } = memoryLog()
    expect(await new FileBaselineStore(join(dir, 'none.json'), log).restore()).toEqual({
      report: null,
      missing: `${join(dir, 'none.json')} does not exist yet`
    })
    expect(infos[0]).toContain('does not exist')
    expect(warnings).toEqual([])
  })

  test.each([
    ['{not json', 'it is not JSON'],
    ['{"schema":0}', 'it has no schema 1'],
    [JSON.stringify({ ...report(), schema: 2 }), 'schema 2'],
    [JSON.stringify({ ...report(), image: { ...report().image, size: 'big' } }), 'image.size']
  ])('a broken file (%s) is ignored with a warning saying why', async (text, why) => {
    const dir = await freshDir('baseline')
    const path = join(dir, 'base.json')
    await writeFile(path, text)
    const { log, warnings } = memoryLog()
    const restored = await new FileBaselineStore(path, log).restore()
    expect(restored.report).toBeNull()
    expect(restored.missing).toContain(why)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(why)
  })
})

describe('FileBaselineStore: a file over the size cap', () => {
  test('a 700 MB (sparse) file is damaged from its size alone: a warning, no baseline', async () => {
    const dir = await freshDir('baseline')
    const path = join(dir, 'huge.json')
    await writeFile(path, '')
    await truncate(path, 700 * 1024 * 1024)
    const { log, warnings } = memoryLog()
    const started = Date.now()
    const restored = await new FileBaselineStore(path, log).restore()
    expect(restored).toEqual({
      report: null,
      missing: `${path} could not be used: it is damaged: it is larger than 32 MB`
    })
    expect(warnings).toEqual([
      `Ignoring the baseline ${path}: it is damaged: it is larger than 32 MB (734003200 bytes).`
    ])
    // Not read: reading 700 MB takes seconds and a string that long cannot even be made.
    expect(Date.now() - started).toBeLessThan(2000)
  })

  test('a FIFO in place of the file does not hang the run', async () => {
    const dir = await freshDir('baseline')
    const path = join(dir, 'fifo.json')
    await systemExec.run('mkfifo', [path])
    const restored = await new FileBaselineStore(path, memoryLog().log).restore()
    expect(restored.report).toBeNull()
    expect(restored.missing).toBe(`${path} could not be read (it is not a file)`)
  })
})

describe('cache keys and plan (pure)', () => {
  test('keys', () => {
    expect(cacheKey('default', 'refs/heads/main', 'abc123')).toBe(
      'from-scratch-default-refs/heads/main-abc123'
    )
    expect(cacheKeyPrefix('api', 'refs/heads/main')).toBe('from-scratch-api-refs/heads/main-')
    expect(cacheKeyPrefix('api', 'refs/heads/a,b')).toBe('from-scratch-api-refs/heads/a_b-')
    expect(
      sourceFromKey(
        'from-scratch-api-refs/heads/main-abc',
        'from-scratch-api-refs/heads/main-',
        'refs/heads/main'
      )
    ).toEqual({
      ref: 'refs/heads/main',
      sha: 'abc'
    })
  })

  const base: CacheContext = {
    eventName: 'push',
    ref: 'refs/heads/main',
    sha: 'c0ffee',
    defaultBranch: 'main',
    commentKey: 'default'
  }

  test.each<[string, Partial<CacheContext>, string | null, string | null, string | null]>([
    // name, context, restore primary key, restore prefix, save key
    [
      'push to default',
      {},
      'from-scratch-default-refs/heads/main-',
      'from-scratch-default-refs/heads/main-',
      'from-scratch-default-refs/heads/main-c0ffee'
    ],
    [
      'pull request',
      { eventName: 'pull_request', ref: 'refs/pull/7/merge', baseRef: 'main', baseSha: 'ba5e' },
      'from-scratch-default-refs/heads/main-ba5e',
      'from-scratch-default-refs/heads/main-',
      null
    ],
    [
      'pull request into a release branch',
      { eventName: 'pull_request', ref: 'refs/pull/7/merge', baseRef: 'release/1.x' },
      'from-scratch-default-refs/heads/release/1.x-',
      'from-scratch-default-refs/heads/release/1.x-',
      null
    ],
    [
      'pull_request_target',
      { eventName: 'pull_request_target', baseRef: 'main', baseSha: 'ba5e' },
      'from-scratch-default-refs/heads/main-ba5e',
      'from-scratch-default-refs/heads/main-',
      null
    ],
    [
      'push to another branch',
      { ref: 'refs/heads/feature' },
      'from-scratch-default-refs/heads/main-',
      'from-scratch-default-refs/heads/main-',
      null
    ],
    [
      'tag',
      { ref: 'refs/tags/v1.2.3' },
      'from-scratch-default-refs/heads/main-',
      'from-scratch-default-refs/heads/main-',
      null
    ],
    ['unknown default branch', { defaultBranch: '' }, null, null, null],
    [
      'another comment key',
      { commentKey: 'api' },
      'from-scratch-api-refs/heads/main-',
      'from-scratch-api-refs/heads/main-',
      'from-scratch-api-refs/heads/main-c0ffee'
    ]
  ])('%s', (_name, context, primaryKey, prefix, saveKey) => {
    const plan = cachePlan({ ...base, ...context })
    expect(plan.restore?.primaryKey ?? null).toBe(primaryKey)
    expect(plan.restore?.prefix ?? null).toBe(prefix)
    expect(plan.save?.key ?? null).toBe(saveKey)
    expect(plan.reason).not.toBe('')
  })
})

describe('ACTIONS_CACHE_MODE, as @actions/cache 6 reads it (pure)', () => {
  test.each([
    ['', true, true],
    ['write', true, true],
    ['read', true, false],
    ['write-only', false, true],
    ['none', false, false],
    [' NONE ', false, false],
    ['something-new', true, true]
  ])('%j: read %s, write %s', (mode, read, write) => {
    expect(cacheModeAllows(mode, 'read')).toBe(read)
    expect(cacheModeAllows(mode, 'write')).toBe(write)
  })
})

test('the cached path is relative and fixed: the same on every runner, one file per comment-key', () => {
  expect(baselinePath('default')).toBe('from-scratch-baseline/default.json')
  expect(baselinePath('cmd/worker')).toBe('from-scratch-baseline/cmd_worker.json')
})

describe("reading @actions/cache's log lines (pure)", () => {
  test.each([
    [
      '::warning::Failed to restore: Failed to GetCacheEntryDownloadURL: Rate limited: Failed request: (429) Too Many Requests',
      'Failed to GetCacheEntryDownloadURL: Rate limited: Failed request: (429) Too Many Requests',
      null,
      false
    ],
    [
      '::error::Failed to restore: Cache service responded with 500',
      'Cache service responded with 500',
      null,
      false
    ],
    [
      '::warning::Failed to restore: Unable to make request: ECONNREFUSED%0AIf you are using self-hosted runners, please make sure',
      'Unable to make request: ECONNREFUSED',
      null,
      false
    ],
    [
      'Failed to save: Unable to reserve cache with key k, another job may be creating this cache.',
      'Unable to reserve cache with key k, another job may be creating this cache.',
      null,
      false
    ],
    [
      "::warning::You've hit a rate limit, your rate limit will reset in 60 seconds",
      "You've hit a rate limit, your rate limit will reset in 60 seconds",
      null,
      false
    ],
    [
      '::debug::Failed to reserve cache: Error: Failed to CreateCacheEntry: Received non-retryable error: Failed request: (409) Conflict: cache entry with the same key, version, and scope already exists',
      null,
      'Failed to CreateCacheEntry: Received non-retryable error: Failed request: (409) Conflict: cache entry with the same key, version, and scope already exists',
      true
    ],
    ['Cache restored successfully', null, null, true],
    ['::debug::Resolved Keys:', null, null, true],
    ['::warning::something else entirely', null, null, true]
  ])('%s', (line, problem, detail, keep) => {
    expect(classifyClientLine(line)).toEqual({ problem, detail, keep })
  })

  test('a taken key is told from other refusals', () => {
    expect(isKeyTaken(['Failed request: (409) Conflict: exists'])).toBe(true)
    expect(isKeyTaken(['Cache already exists. Scope: refs/heads/main'])).toBe(true)
    expect(isKeyTaken(['Failed to CreateCacheEntry: Unable to make request: ECONNREFUSED'])).toBe(
      false
    )
  })
})
