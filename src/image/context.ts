import { constants } from 'node:fs'
import {
  access,
  chmod,
  copyFile,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readlink,
  rm,
  stat,
  symlink,
  lutimes,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { UserError } from '../ground/errors.js'
import type { Entry, HostFiles, LayerKind, RootfsPlan } from './rootfs.js'
import { CA_BUNDLE_CANDIDATES, ZONEINFO_CANDIDATES } from './rootfs.js'
import type { ImageFile } from './types.js'

// The adapter between the pure rootfs plan and the disk: a fresh folder that
// holds only what goes into the image, at fixed modes and one fixed mtime, so
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

function imagePath(dest: string): string {
  return dest.replace(/^\/+/, '')
}

/** Parent folders are 0755, except /tmp which must stay writable for everyone if a file lands in it. */
async function ensureParents(layerDir: string, dest: string): Promise<void> {
  const parts = imagePath(dest).split('/').slice(0, -1)
  let at = layerDir
  let inImage = ''
  for (const part of parts) {
    at = join(at, part)
    inImage = `${inImage}/${part}`
    await mkdir(at, { recursive: true })
    await chmod(at, inImage === '/tmp' ? 0o1777 : 0o755)
  }
}

async function copyRegular(src: string, to: string, mode: number, what: string): Promise<number> {
  let info
  try {
    info = await stat(src)
  } catch {
    throw new UserError(`${what}: ${src} does not exist.`)
  }
  if (!info.isFile()) throw new UserError(`${what}: ${src} is not a regular file.`)
  await copyFile(src, to)
  await chmod(to, mode)
  return info.size
}

/** Copies a host folder: files 0444, folders 0755, relative links that stay inside kept as links. */
async function copyTree(
  src: string,
  to: string,
  dest: string,
  skip: readonly string[],
  files: ImageFile[],
  root = src
): Promise<void> {
  await mkdir(to, { recursive: true })
  await chmod(to, 0o755)
  const names = (await readdir(src)).sort()
  for (const name of names) {
    if (skip.includes(name)) continue
    const from = join(src, name)
    const into = join(to, name)
    const info = await lstat(from)
    if (info.isSymbolicLink()) {
      const target = await readlink(from)
      const inside = !isAbsolute(target) && !relative(root, resolve(src, target)).startsWith('..')
      if (inside) await symlink(target, into)
      // A link out of the tree would dangle in the image; leave it out.
      continue
    }
    if (info.isDirectory()) {
      await copyTree(from, into, `${dest}/${name}`, [], files, root)
    } else if (info.isFile()) {
      await copyFile(from, into)
      await chmod(into, 0o444)
      files.push({ path: `${dest}/${name}`, size: info.size })
    }
  }
}

async function writeEntry(
  layerDir: string,
  kind: LayerKind,
  entry: Entry,
  files: ImageFile[]
): Promise<void> {
  const to = join(layerDir, imagePath(entry.dest))
  await ensureParents(layerDir, entry.dest)
  switch (entry.type) {
    case 'file': {
      const what = kind === 'files' ? 'files' : kind === 'tzdata' ? 'include tzdata' : kind
      let mode = entry.mode
      // User files keep "executable or not", so a helper script stays runnable.
      if (kind === 'files') {
        const info = await stat(entry.src).catch(() => null)
        if (info && info.mode & 0o111) mode = 0o555
      }
      const size = await copyRegular(entry.src, to, mode, what)
      files.push({ path: entry.dest, size })
      return
    }
    case 'text':
      await writeFile(to, entry.content)
      await chmod(to, entry.mode)
      files.push({ path: entry.dest, size: Buffer.byteLength(entry.content) })
      return
    case 'dir':
      await mkdir(to, { recursive: true })
      await chmod(to, entry.mode)
      return
    case 'tree':
      await copyTree(entry.src, to, entry.dest, entry.skip, files)
      return
  }
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

/** Writes the plan into a fresh temporary folder; the caller must `cleanup()`. */
export async function writeContext(plan: RootfsPlan, epoch: number): Promise<BuildContext> {
  const root = await mkdtemp(join(tmpdir(), 'from-scratch-image-'))
  const cleanup = (): Promise<void> => rm(root, { recursive: true, force: true })
  try {
    const contextDir = join(root, 'context')
    await mkdir(contextDir)
    const layers: WrittenLayer[] = []
    for (const layer of plan.layers) {
      const layerDir = join(contextDir, layer.dir)
      await mkdir(layerDir)
      await chmod(layerDir, 0o755)
      const files: ImageFile[] = []
      for (const entry of layer.entries) await writeEntry(layerDir, layer.kind, entry, files)
      layers.push({ kind: layer.kind, bytes: files.reduce((sum, f) => sum + f.size, 0), files })
    }
    await pinTimes(contextDir, epoch)
    return { root, contextDir, layers, cleanup }
  } catch (error) {
    await cleanup()
    throw error
  }
}
