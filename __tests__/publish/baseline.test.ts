import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  CacheBaselineStore,
  FileBaselineStore,
  cacheKey,
  cacheKeyPrefix,
  cachePlan,
  sourceFromKey,
  type CacheApi,
  type CacheContext
} from '../../src/publish/baseline.js'
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
    const restored = await store.restore()
    expect(restored).toEqual({ ...saved, build: null })
    if (restored === null) throw new Error('no baseline restored')
    expect(baselineOf(restored, { ref: 'x', sha: '' })).toEqual({
      ref: 'refs/heads/main',
      sha: 'abc',
      binarySize: 7_300_000,
      imageSize: 7_520_000,
      pullSize: 3_100_000
    })
    expect(warnings).toEqual([])
  })

  test('a report without source is named after the file', async () => {
    const dir = await freshDir('baseline')
    const path = join(dir, 'base.json')
    await writeFile(path, serializeReport(report()))
    const restored = await new FileBaselineStore(path, memoryLog().log).restore()
    expect(restored?.source).toEqual({ ref: path, sha: '' })
  })

  test('a missing file is no baseline, said plainly, not a warning', async () => {
    const dir = await freshDir('baseline')
    const { log, infos, warnings } = memoryLog()
    expect(await new FileBaselineStore(join(dir, 'none.json'), log).restore()).toBeNull()
    expect(infos[0]).toContain('does not exist')
    expect(warnings).toEqual([])
  })

  test.each([
    ['{not json', 'it is not JSON'],
    ['{"schema":0}', 'schema 0'],
    [JSON.stringify({ ...report(), schema: 2 }), 'schema 2'],
    [JSON.stringify({ ...report(), image: { ...report().image, size: 'big' } }), 'image.size']
  ])('a broken file (%s) is ignored with a warning saying why', async (text, why) => {
    const dir = await freshDir('baseline')
    const path = join(dir, 'base.json')
    await writeFile(path, text)
    const { log, warnings } = memoryLog()
    expect(await new FileBaselineStore(path, log).restore()).toBeNull()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(why)
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

/**
 * The Actions cache's behaviour that matters here, in memory: entries are
 * immutable, the primary key matches exactly, restore keys match the newest
 * entry by prefix, and paths must be the same list as at save time.
 */
class MemoryCache implements CacheApi {
  readonly entries: { key: string; paths: string; content: string }[] = []
  available = true
  failWith: Error | null = null

  isFeatureAvailable(): boolean {
    return this.available
  }

  async restoreCache(
    paths: string[],
    primaryKey: string,
    restoreKeys: string[] = []
  ): Promise<string | undefined> {
    if (this.failWith) throw this.failWith
    const candidates = this.entries.filter((e) => e.paths === paths.join('\n'))
    const hit =
      candidates.find((e) => e.key === primaryKey) ??
      restoreKeys
        .map((prefix) => candidates.filter((e) => e.key.startsWith(prefix)).at(-1))
        .find((e) => e !== undefined)
    if (!hit) return undefined
    await writeFile(paths[0] ?? '', hit.content)
    return hit.key
  }

  async saveCache(paths: string[], key: string): Promise<number> {
    if (this.failWith) throw this.failWith
    if (this.entries.some((e) => e.key === key)) {
      const error = new Error(
        `Unable to reserve cache with key ${key}, another job may be creating this cache.`
      )
      error.name = 'ReserveCacheError'
      throw error
    }
    this.entries.push({
      key,
      paths: paths.join('\n'),
      content: await readFile(paths[0] ?? '', 'utf8')
    })
    return this.entries.length
  }
}

describe('CacheBaselineStore over an in-memory cache', () => {
  const push = (sha: string): CacheContext => ({
    eventName: 'push',
    ref: 'refs/heads/main',
    sha,
    defaultBranch: 'main',
    commentKey: 'default'
  })
  const pull = (baseSha: string): CacheContext => ({
    eventName: 'pull_request',
    ref: 'refs/pull/7/merge',
    sha: 'merge',
    defaultBranch: 'main',
    baseRef: 'main',
    baseSha,
    commentKey: 'default'
  })

  test('pushes save, PRs restore the newest (or their exact base) and never save', async () => {
    const dir = await freshDir('cache')
    const cache = new MemoryCache()
    const store = (context: CacheContext) => {
      const { log } = memoryLog()
      return new CacheBaselineStore({
        plan: cachePlan(context),
        commentKey: 'default',
        log,
        dir,
        cache
      })
    }
    expect(await store(push('one')).restore()).toBeNull()
    await store(push('one')).save(report({ binary: { ...report().binary, size: 1 } }))
    await store(push('two')).save(report({ binary: { ...report().binary, size: 2 } }))
    expect(cache.entries.map((e) => e.key)).toEqual([
      'from-scratch-default-refs/heads/main-one',
      'from-scratch-default-refs/heads/main-two'
    ])

    const newest = await store(pull('unknown')).restore()
    expect(newest?.binary.size).toBe(2)
    expect(newest?.source).toEqual({ ref: 'refs/heads/main', sha: 'two' })
    const exact = await store(pull('one')).restore()
    expect(exact?.binary.size).toBe(1)

    await store(pull('one')).save(report())
    expect(cache.entries).toHaveLength(2)
  })

  test('a re-run of the same commit finds its key taken: info, not a warning', async () => {
    const dir = await freshDir('cache')
    const cache = new MemoryCache()
    const first = memoryLog()
    const plan = cachePlan(push('one'))
    await new CacheBaselineStore({ plan, commentKey: 'default', log: first.log, dir, cache }).save(
      report()
    )
    const again = memoryLog()
    await new CacheBaselineStore({ plan, commentKey: 'default', log: again.log, dir, cache }).save(
      report()
    )
    expect(again.warnings).toEqual([])
    expect(again.infos[0]).toContain('already saved')
  })

  test('cache service errors are warnings, never failures', async () => {
    const dir = await freshDir('cache')
    const cache = new MemoryCache()
    cache.failWith = new Error('Cache service responded with 503')
    const { log, warnings } = memoryLog()
    const pushStore = new CacheBaselineStore({
      plan: cachePlan(push('one')),
      commentKey: 'default',
      log,
      dir,
      cache
    })
    expect(await pushStore.restore()).toBeNull()
    await expect(pushStore.save(report())).resolves.toBeUndefined()
    expect(warnings).toHaveLength(2)
    expect(warnings.every((w) => w.includes('503'))).toBe(true)
  })

  test('no cache service (a terminal, a GHES without cache): no baseline, said as info', async () => {
    const dir = await freshDir('cache')
    const cache = new MemoryCache()
    cache.available = false
    const { log, infos, warnings } = memoryLog()
    const store = new CacheBaselineStore({
      plan: cachePlan(pull('x')),
      commentKey: 'default',
      log,
      dir,
      cache
    })
    expect(await store.restore()).toBeNull()
    expect(infos[0]).toContain('not available')
    expect(warnings).toEqual([])
  })

  test('a cached report of an old schema is ignored with a warning', async () => {
    const dir = await freshDir('cache')
    const cache = new MemoryCache()
    const plan = cachePlan(pull('x'))
    const store = new CacheBaselineStore({
      plan,
      commentKey: 'default',
      log: memoryLog().log,
      dir,
      cache
    })
    cache.entries.push({
      key: 'from-scratch-default-refs/heads/main-old',
      paths: store.path,
      content: '{"schema":0,"size":1}'
    })
    const { log, warnings } = memoryLog()
    const restored = await new CacheBaselineStore({
      plan,
      commentKey: 'default',
      log,
      dir,
      cache
    }).restore()
    expect(restored).toBeNull()
    expect(warnings[0]).toContain('schema 0')
  })
})
