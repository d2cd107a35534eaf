import * as cache from '@actions/cache'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { cacheServiceEachTest, type CacheService, runScopes } from '../support/cache-service.js'
import { freshDir } from '../support/paths.js'
import { freePort } from '../support/ports.js'
import { EnvChanges } from '../support/process-env.js'

/*
 * The local cache service answered by the real @actions/cache 6 client, in
 * this process, with real tar/zstd and blobs in a real Azurite: what the
 * action's baseline depends on, checked before the action itself uses it.
 */

let service: CacheService
let workspace: string
const env = new EnvChanges()

/** Sets the variables the client reads at call time; all are put back after the test. */
function setEnv(values: Record<string, string>): void {
  env.set(values)
}

cacheServiceEachTest((started) => {
  service = started
})

beforeEach(async () => {
  workspace = await freshDir('cache-service')
  setEnv({
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: join(workspace, '_temp'),
    ACTIONS_CACHE_MODE: ''
  })
})

afterEach(async () => {
  env.restore()
  await rm(workspace, { recursive: true, force: true })
})

const MAIN = 'refs/heads/main'
const PR = 'refs/pull/7/merge'

/** The cached file: one path, so one cache version. */
function file(): string {
  return join(workspace, 'baseline', 'report.json')
}

async function save(key: string, text: string, path = file()): Promise<number> {
  await mkdir(join(path, '..'), { recursive: true })
  await writeFile(path, text)
  const id = await cache.saveCache([path], key)
  await rm(path, { force: true })
  return id
}

/** Restores into an emptied folder: the key and the text that came back ('' when none). */
async function restore(
  key: string,
  restoreKeys: string[] = [],
  path = file()
): Promise<{ key: string | undefined; text: string }> {
  await rm(path, { force: true })
  const matched = await cache.restoreCache([path], key, restoreKeys)
  const text = await readFile(path, 'utf8').catch(() => '')
  return { key: matched, text }
}

describe('cache service v2 (Twirp JSON + Azurite) with the real @actions/cache client', () => {
  test('save, then restore by exact key: the same bytes come back through a signed Azurite URL', async () => {
    setEnv(service.env(runScopes(MAIN)))
    expect(cache.isFeatureAvailable()).toBe(true)
    const id = await save('base-main-aaa', '{"n":1}')
    expect(id).toBeGreaterThan(0)
    expect(service.saved()).toEqual([
      expect.objectContaining({ id, key: 'base-main-aaa', scope: MAIN })
    ])
    // The archive is in Azurite, as many bytes as the client declared on finalize.
    const [entry] = service.saved()
    if (!entry) throw new Error('no entry saved')
    const blob = await service.blobOf(entry)
    expect(blob.length).toBe(entry.size)
    expect(blob.length).toBeGreaterThan(0)

    expect(await restore('base-main-aaa')).toEqual({ key: 'base-main-aaa', text: '{"n":1}' })
    expect(service.requests.map((r) => [r.operation, r.status])).toEqual([
      ['CreateCacheEntry', 200],
      ['FinalizeCacheEntryUpload', 200],
      ['GetCacheEntryDownloadURL', 200]
    ])
  })

  test('matching: exact key first, else the newest entry a restore key prefixes; other versions never', async () => {
    setEnv(service.env(runScopes(MAIN)))
    await save('base-main-1', 'one')
    await save('base-main-2', 'two')
    await save('base-main-3', 'three')
    expect(await restore('base-main-2', ['base-main-'])).toEqual({
      key: 'base-main-2',
      text: 'two'
    })
    expect(await restore('base-main-9', ['base-main-'])).toEqual({
      key: 'base-main-3',
      text: 'three'
    })
    // The primary key is matched by prefix too, as GitHub documents.
    expect(await restore('base-main-')).toEqual({ key: 'base-main-3', text: 'three' })
    expect(await restore('other-', ['nothing-'])).toEqual({ key: undefined, text: '' })
    // Another path list is another version: the same key does not match it.
    const elsewhere = join(workspace, 'elsewhere', 'report.json')
    expect(await restore('base-main-3', [], elsewhere)).toEqual({ key: undefined, text: '' })
    const miss = service.requests.at(-1)
    expect(miss).toMatchObject({ operation: 'GetCacheEntryDownloadURL', status: 200 })
  })

  test("scopes: a PR reads the base branch's entries and saves into its own; main never sees the PR's", async () => {
    setEnv(service.env(runScopes(MAIN)))
    await save('base-main-1', 'from main')
    setEnv(service.env(runScopes(PR, MAIN)))
    expect(await restore('base-pr-', ['base-main-'])).toEqual({
      key: 'base-main-1',
      text: 'from main'
    })
    await save('base-pr-1', 'from the PR')
    expect(service.saved().map((e) => [e.key, e.scope])).toEqual([
      ['base-main-1', MAIN],
      ['base-pr-1', PR]
    ])
    // The PR's own scope comes first.
    expect(await restore('base-', [])).toEqual({ key: 'base-pr-1', text: 'from the PR' })
    setEnv(service.env(runScopes(MAIN)))
    expect(await restore('base-pr-1')).toEqual({ key: undefined, text: '' })
  })

  test('keys are immutable: a second save of the same key is refused with 409 and keeps the first', async () => {
    setEnv(service.env(runScopes(MAIN)))
    expect(await save('base-main-1', 'first')).toBeGreaterThan(0)
    expect(await save('base-main-1', 'second')).toBe(-1)
    expect(service.requests.at(-1)).toMatchObject({ operation: 'CreateCacheEntry', status: 409 })
    expect(await restore('base-main-1')).toEqual({ key: 'base-main-1', text: 'first' })
  })

  test('a read-only token is refused on save ("cache write denied"); ACTIONS_CACHE_MODE=read never asks', async () => {
    setEnv(service.env([{ Scope: MAIN, Permission: 1 }]))
    expect(await save('base-main-1', 'x')).toBe(-1)
    expect(service.requests.map((r) => [r.operation, r.status])).toEqual([
      ['CreateCacheEntry', 403]
    ])
    setEnv({ ...service.env(runScopes(MAIN)), ACTIONS_CACHE_MODE: 'read' })
    expect(await save('base-main-1', 'x')).toBe(-1)
    setEnv({ ACTIONS_CACHE_MODE: 'none' })
    expect(await restore('base-main-1')).toEqual({ key: undefined, text: '' })
    expect(service.requests).toHaveLength(1)
  })

  test('429 on lookup: no retry, a miss; a cut-off download: a miss, and the file is not left half-written', async () => {
    setEnv(service.env(runScopes(MAIN)))
    await save('base-main-1', 'x'.repeat(200_000))
    service.inject({ operation: 'GetCacheEntryDownloadURL', status: 429, times: 1 })
    expect(await restore('base-main-1')).toEqual({ key: undefined, text: '' })
    expect(service.count('GetCacheEntryDownloadURL')).toBe(1)

    service.inject({ operation: 'download', status: 'cut', times: 1 })
    expect(await restore('base-main-1')).toEqual({ key: undefined, text: '' })
    expect(service.requests.at(-1)).toMatchObject({ operation: 'download' })
    // The next download is whole again.
    expect((await restore('base-main-1')).text).toHaveLength(200_000)
  })

  test('a service that is down: restore is a miss, save gives up, neither throws', async () => {
    const port = await freePort()
    setEnv({ ...service.env(runScopes(MAIN)), ACTIONS_RESULTS_URL: `http://127.0.0.1:${port}/` })
    expect(await restore('base-main-1')).toEqual({ key: undefined, text: '' })
    expect(await save('base-main-1', 'x')).toBe(-1)
  })
})

describe('cache service v1 (REST, as on GitHub Enterprise Server)', () => {
  test('reserve, chunked upload, commit, then lookup and download; a taken key is refused', async () => {
    setEnv(service.env(runScopes(MAIN), 'v1'))
    const id = await save('base-main-1', '{"v1":true}')
    expect(id).toBeGreaterThan(0)
    expect(await restore('base-main-9', ['base-main-'])).toEqual({
      key: 'base-main-1',
      text: '{"v1":true}'
    })
    expect(await save('base-main-1', 'again')).toBe(-1)
    expect(service.requests.map((r) => [r.operation, r.status])).toEqual([
      ['v1 POST caches', 201],
      ['v1 PATCH caches/:id', 204],
      ['v1 POST caches/:id', 204],
      ['v1 GET cache', 200],
      ['v1 POST caches', 409]
    ])
  })
})
