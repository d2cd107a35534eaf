import { constants } from 'node:fs'
import {
  access,
  chmod,
  copyFile,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  rm,
  stat,
  symlink,
  lutimes,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RootfsEntry } from './entry-list.js'
import { materialiseLayer } from './materialise.js'
import type { HostFiles, LayerKind, RootfsPlan } from './rootfs.js'
import { CA_BUNDLE_CANDIDATES, ZONEINFO_CANDIDATES } from './rootfs.js'
import type { ImageFile } from './types.js'

// The buildx engine's writer: the rootfs entry list (materialise.ts, the same
// list the OCI layer writer tars) copied into a fresh folder that holds only
// what goes into the image, at fixed modes and one fixed mtime, so
// nothing else of the repository reaches the builder and every file's content,
// mode and mtime is the same between identical builds. (BuildKit v0.8 still
// stamps the parent folders it creates itself, such as /etc, with its own
// clock; the daemonless writer is the engine that is reproducible to the byte.)

async function firstExisting(
  paths: readonly string[],
  kind: 'file' | 'dir'
): Promise<string | null> {
  for (const path of paths) {
    try {
      const info = await stat(path)
      if (kind === 'file' ? info.isFile() : info.isDirectory()) {
        await access(path, constants.R_OK)
        return path
      }
    } catch {
      // Not here; try the next place.
    }
  }
  return null
}

/** Looks up the CA bundle and zoneinfo folder the plan may need. */
export async function findHostFiles(
  binaryPath: string,
  caCandidates: readonly string[] = CA_BUNDLE_CANDIDATES,
  zoneinfoCandidates: readonly string[] = ZONEINFO_CANDIDATES
): Promise<HostFiles> {
  return {
    binaryPath,
    caBundle: await firstExisting(caCandidates, 'file'),
    zoneinfo: await firstExisting(zoneinfoCandidates, 'dir')
  }
}

/** What one layer turned out to hold. */
export interface WrittenLayer {
  readonly kind: LayerKind
  readonly bytes: number
  readonly files: readonly ImageFile[]
}

export interface BuildContext {
  /** Temporary folder holding the Dockerfile, the metadata files and `contextDir`. */
  readonly root: string
  /** What is sent to the builder. */
  readonly contextDir: string
  readonly layers: readonly WrittenLayer[]
  /** Removes `root`. */
  cleanup(): Promise<void>
}

/** Writes one entry of the list under `layerDir`; parents come before their children. */
async function writeEntry(layerDir: string, item: RootfsEntry): Promise<void> {
  const to = join(layerDir, item.path)
  const source = item.source
  switch (source.from) {
    case 'host':
      await copyFile(source.path, to)
      break
    case 'bytes':
      await writeFile(to, source.data)
      break
    case 'directory':
      await mkdir(to, { recursive: true })
      break
    case 'symlink':
      // A link has no mode of its own on Linux; the tar writer gives it 0777 too.
      await symlink(source.target, to)
      return
  }
  await chmod(to, item.mode)
}

/** Sets every mtime and atime under `dir` to `epoch`, children first (writing into a folder touches it). */
async function pinTimes(dir: string, epoch: number): Promise<void> {
  for (const name of await readdir(dir)) {
    const path = join(dir, name)
    const info = await lstat(path)
    if (info.isDirectory()) await pinTimes(path, epoch)
    await lutimes(path, epoch, epoch)
  }
  await lutimes(dir, epoch, epoch)
}

/** Writes each layer of the plan as a folder of `dir`; what each turned out to hold. */
async function writeLayers(dir: string, plan: RootfsPlan): Promise<WrittenLayer[]> {
  const layers: WrittenLayer[] = []
  for (const layer of plan.layers) {
    const layerDir = join(dir, layer.dir)
    await mkdir(layerDir)
    await chmod(layerDir, 0o755)
    const listed = await materialiseLayer(layer)
    for (const item of listed.entries) await writeEntry(layerDir, item)
    layers.push({ kind: layer.kind, bytes: listed.bytes, files: listed.files })
  }
  return layers
}

/** A fresh temporary folder under `parent` with an empty `context` folder in it; `fill` writes into that. */
async function freshContext<T>(
  parent: string,
  epoch: number,
  fill: (contextDir: string) => Promise<T>
): Promise<{ root: string; contextDir: string; filled: T; cleanup(): Promise<void> }> {
  const root = await mkdtemp(join(parent, 'from-scratch-image-'))
  const cleanup = (): Promise<void> => rm(root, { recursive: true, force: true })
  try {
    const contextDir = join(root, 'context')
    await mkdir(contextDir)
    const filled = await fill(contextDir)
    await pinTimes(contextDir, epoch)
    return { root, contextDir, filled, cleanup }
  } catch (error) {
    await cleanup()
    throw error
  }
}

/** Writes the plan into a fresh temporary folder under `parent`; the caller must `cleanup()`. */
export async function writeContext(
  plan: RootfsPlan,
  epoch: number,
  parent: string = tmpdir()
): Promise<BuildContext> {
  const { root, contextDir, filled, cleanup } = await freshContext(parent, epoch, (dir) =>
    writeLayers(dir, plan)
  )
  return { root, contextDir, layers: filled, cleanup }
}

/** A build context for several platforms: each platform's layers under a folder named by its architecture. */
export interface IndexContext {
  readonly root: string
  readonly contextDir: string
  /** In the order given. */
  readonly platforms: readonly {
    readonly architecture: string
    readonly layers: readonly WrittenLayer[]
  }[]
  cleanup(): Promise<void>
}

/** What TARGETARCH can be, and so a folder name the Dockerfile can spell. */
const ARCHITECTURE_DIR = /^[a-z][a-z0-9_]*$/

/**
 * Writes each platform's plan under `<context>/<architecture>/`, so one Dockerfile
 * that copies from `${TARGETARCH}/…` builds every platform at once; the caller must `cleanup()`.
 */
export async function writeIndexContext(
  platforms: readonly { readonly architecture: string; readonly plan: RootfsPlan }[],
  epoch: number,
  parent: string = tmpdir()
): Promise<IndexContext> {
  const { root, contextDir, filled, cleanup } = await freshContext(parent, epoch, async (dir) => {
    const written: { architecture: string; layers: WrittenLayer[] }[] = []
    for (const { architecture, plan } of platforms) {
      if (!ARCHITECTURE_DIR.test(architecture)) {
        throw new Error(`bad architecture folder name ${architecture}`)
      }
      const archDir = join(dir, architecture)
      await mkdir(archDir)
      await chmod(archDir, 0o755)
      written.push({ architecture, layers: await writeLayers(archDir, plan) })
    }
    return written
  })
  return { root, contextDir, platforms: filled, cleanup }
}
