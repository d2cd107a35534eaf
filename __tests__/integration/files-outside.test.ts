import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../../src/ground/errors.js'
import { buildImage } from '../../src/image/build.js'
import {
  gitContext,
  imageSettings,
  inspectionFor,
  memoryLog,
  uniqueName
} from '../support/docker.js'
import { helloSource, integrationFixture, SLOW } from '../support/fixture.js'
import { systemExec } from '../../src/ground/exec.js'
import { mustRun } from '../support/run.js'

// Issue 9, item 2: a repository symlink `cfg -> <a runner file outside the
// workspace>` named in `files:` must not carry that file into the image, with
// either engine. Before the check, both engines followed the link and put the
// runner's file into the layer at 0444.

const fixture = integrationFixture({ name: 'files-outside', helloC: helloSource('inside') })

let workspace: string
let secret: string

beforeAll(async () => {
  const outside = await fixture.folder('outside')
  secret = join(outside, 'shadow')
  await writeFile(secret, 'root:$6$secret:19000:0:99999:7:::\n')
  workspace = await fixture.folder('workspace')
  await mkdir(join(workspace, 'conf'))
  await writeFile(join(workspace, 'conf', 'app.yaml'), 'a: 1\n')
  await symlink(secret, join(workspace, 'cfg'))
  await symlink('conf/app.yaml', join(workspace, 'app.yaml'))
})

describe.each(['buildx', 'oci'] as const)('builder %s', (engine) => {
  test(
    'files: a repository link to a file outside the workspace is refused, naming link and target',
    async () => {
      const { inspection } = await inspectionFor(fixture.hello)
      const image = `from-scratch-test/${uniqueName(`outside-${engine}`)}`
      const attempt = buildImage(
        imageSettings({
          image,
          engine,
          workspace,
          workingDirectory: workspace,
          files: [{ src: 'cfg', dest: '/etc/cfg' }]
        }),
        inspection,
        gitContext(),
        systemExec,
        memoryLog()
      )
      await expect(attempt).rejects.toThrow(UserError)
      await expect(attempt).rejects.toThrow(
        `files: \`cfg\` is a symlink to ${secret}, which leads outside the workspace`
      )
      const listed = await mustRun('docker', ['image', 'ls', '--quiet', image])
      expect(listed.stdout.trim()).toBe('')
    },
    SLOW
  )

  test(
    'files: a link that stays inside the workspace is followed, as before',
    async () => {
      const { inspection } = await inspectionFor(fixture.hello)
      const image = `from-scratch-test/${uniqueName(`inside-${engine}`)}`
      const result = await buildImage(
        imageSettings({
          image,
          engine,
          workspace,
          workingDirectory: workspace,
          files: [{ src: 'app.yaml', dest: '/etc/app.yaml' }]
        }),
        inspection,
        gitContext(),
        systemExec,
        memoryLog()
      )
      fixture.removeAfter(...result.tags)
      expect(result.files).toContainEqual({ path: '/etc/app.yaml', size: 5 })
    },
    SLOW
  )
})
