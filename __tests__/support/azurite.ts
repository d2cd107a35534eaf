import {
  BlobSASPermissions,
  BlobServiceClient,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters
} from '@azure/storage-blob'
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { repoRoot } from './paths.js'

/*
 * Azurite (npm `azurite`), Microsoft's Azure-Storage-compatible server, on
 * 127.0.0.1: the blob store behind the test cache service, as Azure Storage
 * is behind GitHub's. Blobs are reached through SAS-signed URLs, the way the
 * cache service hands them to @actions/cache.
 */

/** Azurite's well-known development account (public, documented by Microsoft). */
const ACCOUNT = 'devstoreaccount1'
const ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

export interface Azurite {
  /** `http://127.0.0.1:<port>/devstoreaccount1` */
  readonly accountUrl: string
  /** A URL for one blob, signed for `permissions` (`r`, `cw`, …) for an hour. */
  signedUrl(container: string, blob: string, permissions: string): string
  /** Creates the container if it is not there yet. */
  createContainer(name: string): Promise<void>
  /** The blob's bytes, read with the account key (not through a signed URL). */
  read(container: string, blob: string): Promise<Buffer>
  /** Stores `data` as the blob, with the account key. */
  write(container: string, blob: string, data: Buffer): Promise<void>
  stop(): Promise<void>
}

function waitForPort(child: ChildProcess, output: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`azurite did not start:\n${output()}`)), 30_000)
    const onData = (): void => {
      const match = /successfully listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output())
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    }
    child.stdout?.on('data', onData)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`azurite exited ${code ?? signal}:\n${output()}`))
    })
  })
}

/** Starts azurite's blob service on a free port, in memory, with telemetry off (tests reach 127.0.0.1 only). */
export async function startAzurite(): Promise<Azurite> {
  const main = join(repoRoot, 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js')
  const child = spawn(
    process.execPath,
    [
      main,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--disableProductStyleUrl',
      '--skipApiVersionCheck',
      '--silent'
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: repoRoot }
  )
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  let port: number
  try {
    port = await waitForPort(child, () => output)
  } catch (error) {
    child.kill('SIGKILL')
    throw error
  }
  child.removeAllListeners('exit')
  const accountUrl = `http://127.0.0.1:${port}/${ACCOUNT}`
  const credential = new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY)
  const service = new BlobServiceClient(accountUrl, credential)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))

  return {
    accountUrl,
    signedUrl(container, blob, permissions) {
      const sas = generateBlobSASQueryParameters(
        {
          containerName: container,
          blobName: blob,
          permissions: BlobSASPermissions.parse(permissions),
          startsOn: new Date(Date.now() - 60_000),
          expiresOn: new Date(Date.now() + 3_600_000)
        },
        credential
      ).toString()
      return `${accountUrl}/${container}/${blob.split('/').map(encodeURIComponent).join('/')}?${sas}`
    },
    async createContainer(name) {
      await service.getContainerClient(name).createIfNotExists()
    },
    async read(container, blob) {
      return service.getContainerClient(container).getBlobClient(blob).downloadToBuffer()
    },
    async write(container, blob, data) {
      await service.getContainerClient(container).getBlockBlobClient(blob).uploadData(data)
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      await exited
    }
  }
}
