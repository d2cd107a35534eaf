import { join } from 'node:path'

/** A blob's place inside an OCI layout, `blobs/<algorithm>/<hex>`, with `/` as in archives. */
export function blobArchivePath(digest: string): string {
  const colon = digest.indexOf(':')
  return `blobs/${digest.slice(0, colon)}/${digest.slice(colon + 1)}`
}

/** Where a blob of the OCI layout in `layoutDir` lives on disk. */
export function blobPath(layoutDir: string, digest: string): string {
  return join(layoutDir, blobArchivePath(digest))
}
