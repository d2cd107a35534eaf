import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * A small stand-in for the runner's files, with the cases the context writer
 * and the layer writer must both get right: odd modes, a zoneinfo tree with
 * the `right/` copy, links inside the tree, a link to the host's localtime
 * and one that escapes the tree.
 */
export async function writeHostTree(src: string): Promise<void> {
  await writeFile(join(src, 'app'), 'binary!')
  await chmod(join(src, 'app'), 0o700)
  await writeFile(join(src, 'script.sh'), '#!/bin/sh\n')
  await chmod(join(src, 'script.sh'), 0o755)
  await writeFile(join(src, 'config.yaml'), 'a: 1\n')
  await chmod(join(src, 'config.yaml'), 0o600)
  const zi = join(src, 'zoneinfo')
  await mkdir(join(zi, 'Europe'), { recursive: true })
  await mkdir(join(zi, 'right'))
  await writeFile(join(zi, 'Europe', 'Berlin'), 'TZif-berlin')
  await writeFile(join(zi, 'right', 'UTC'), 'TZif-right')
  await writeFile(join(zi, 'UTC'), 'TZif-utc')
  await symlink('UTC', join(zi, 'Zulu'))
  await symlink('/etc/localtime', join(zi, 'localtime'))
  await symlink('../../outside', join(zi, 'escape'))
}
