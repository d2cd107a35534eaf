import { systemExec } from '../../src/ground/exec.js'
import { buildImage } from '../../src/image/build.js'
import {
  gitContext,
  imageSettings,
  inspectionFor,
  memoryLog,
  uniqueName
} from '../support/docker.js'
import { askServer, inspectImage, integrationFixture, SLOW } from '../support/fixture.js'
import { freePort } from '../support/ports.js'

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

const fixture = integrationFixture({ name: 'image-server', go: { server: SERVER_GO } })

test(
  'a net/http server image answers 200 on 127.0.0.1 with --network host',
  async () => {
    const { inspection } = await inspectionFor(fixture.goProgram('server'))
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
    fixture.removeAfter(...result.tags)
    const { Config: config } = await inspectImage<{
      Config: { ExposedPorts: Record<string, unknown>; Cmd: string[]; Entrypoint: string[] }
    }>(result.imageId)
    expect(Object.keys(config.ExposedPorts)).toEqual(['8080/tcp'])
    expect(config.Entrypoint).toEqual(['/server'])
    expect(config.Cmd).toEqual(['-addr', `127.0.0.1:${port}`])

    const { status, body } = await askServer(result.imageId, port)
    expect(status).toBe(200)
    expect(body).toBe('hello from scratch\n')
  },
  SLOW
)
