import { constants, open } from 'node:fs/promises'

/**
 * The first `max` bytes of a regular file, or null when the path is not one
 * (a FIFO, a device, a folder, also through a symlink) or cannot be read.
 * Repository files are untrusted: opened non-blocking, so a FIFO in their
 * place cannot hang the run, and read positionally, so a file of any size
 * (or /dev/zero behind a symlink) costs at most `max` bytes.
 */
export async function readFileHead(path: string, max: number): Promise<Buffer | null> {
  const file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => null)
  if (file === null) return null
  try {
    const info = await file.stat()
    if (!info.isFile()) return null
    const bytes = Buffer.alloc(Math.min(info.size, max))
    let filled = 0
    while (filled < bytes.length) {
      const { bytesRead } = await file.read(bytes, filled, bytes.length - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return bytes.subarray(0, filled)
  } catch {
    return null
  } finally {
    await file.close()
  }
}
