import { rm } from 'node:fs/promises'
import { systemExec } from '../../src/ground/exec.js'
import { buildImage } from '../../src/image/build.js'
import {
  compileGo,
  gitContext,
  imageSettings,
  inspectionFor,
  memoryLog,
  removeImages,
  uniqueName
} from '../support/docker.js'
import { freshDir } from '../support/paths.js'
import { freePort } from '../support/registry.js'
import { firstAnswer } from '../support/http.js'
import { mustRun } from '../support/run.js'

const SLOW = 300_000

// The net/http server people copy from blog posts, with the address as an arg.
const SERVER_GO = `package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
)

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	flag.Parse()
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello from scratch")
	})
	log.Fatal(http.ListenAndServe(*addr, nil))
}
`

let dir: string
const made: string[] = []

beforeAll(async () => {
  dir = await freshDir('image-server')
}, SLOW)

afterAll(async () => {
  await removeImages(made)
  await rm(dir, { recursive: true, force: true })
})

test(
  'a net/http server image answers 200 on 127.0.0.1 with --network host',
  async () => {
    const server = await compileGo(dir, 'server', SERVER_GO)
    const { inspection } = await inspectionFor(server)
    const port = await freePort()
    const image = `from-scratch-test/${uniqueName('server')}`
    const result = await buildImage(
      imageSettings({
        image,
        expose: ['8080'],
        entrypointArgs: ['-addr', `127.0.0.1:${port}`]
      }),
      inspection,
      gitContext(),
      systemExec,
      memoryLog()
    )
    made.push(...result.tags)
    const config = JSON.parse(
      (
        await mustRun('docker', [
          'image',
          'inspect',
          '--format',
          '{{json .Config}}',
          result.imageId
        ])
      ).stdout
    ) as { ExposedPorts: Record<string, unknown>; Cmd: string[]; Entrypoint: string[] }
    expect(Object.keys(config.ExposedPorts)).toEqual(['8080/tcp'])
    expect(config.Entrypoint).toEqual(['/server'])
    expect(config.Cmd).toEqual(['-addr', `127.0.0.1:${port}`])

    const name = uniqueName('from-scratch-server')
    await mustRun('docker', [
      'run',
      '--detach',
      '--rm',
      '--name',
      name,
      '--network',
      'host',
      result.imageId
    ])
    try {
      const { status, body } = await firstAnswer(`http://127.0.0.1:${port}/`)
      expect(status).toBe(200)
      expect(body).toBe('hello from scratch\n')
    } finally {
      await systemExec.run('docker', ['rm', '--force', name])
    }
  },
  SLOW
)
