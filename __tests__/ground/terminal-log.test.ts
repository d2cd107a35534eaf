import { forTerminal } from '../../src/cli-words.js'
import { progressDetail, terminalLogOf } from '../../src/ground/terminal-log.js'

test.each([
  [
    'cmd/server$ CGO_ENABLED=0 GOOS=linux go build -trimpath -o /tmp/from-scratch-a1/x ./cmd/server',
    'running go build'
  ],
  ['.$ /usr/bin/musl-gcc -Os -static -o /tmp/x main.c', 'running musl-gcc'],
  ['docker buildx build --file /tmp/from-scratch-Xy12/Dockerfile', 'running docker buildx'],
  [
    'OCI layout: /tmp/from-scratch-Xy12/image/oci; docker load archive: /tmp/from-scratch-Xy12/a.tar',
    'OCI layout: …; docker load archive: …'
  ],
  ['pull size: 12 bytes\nmore', 'pull size: 12 bytes']
])('progress detail of %j is %j', (message, detail) => {
  expect(progressDetail(message)).toBe(detail)
})

// Messages are written once, naming inputs; the terminal names flags, from the one input table.
test.each([
  ['Input `cgo` is "maybe"', '--cgo is "maybe"'],
  ['Set `cgo: true` to build them statically', 'Pass `--cgo true` to build them statically'],
  [
    '… ./cmd/b; set `package: ./cmd/a` to build one.',
    '… ./cmd/b; pass `--package ./cmd/a` to build one.'
  ],
  ['Add `include: ca-certificates`.', 'Pass `--include ca-certificates`.'],
  ['relative to `working-directory`, or set `cc`.', 'relative to DIR, or pass --cc.'],
  [
    "go build failed at main.go:3; the compiler's messages are in the log above and annotated on the code.",
    "go build failed at main.go:3; the compiler's messages are above."
  ],
  ['`go` and `true` are no inputs', '`go` and `true` are no inputs']
])('%j → %j', (message, terminal) => {
  expect(forTerminal(message)).toBe(terminal)
})

test('quiet: info is kept for the progress line, notices left to the summary; -v prints them', async () => {
  const said: string[] = []
  const quiet = terminalLogOf({
    verbose: false,
    progress: null,
    say: (t) => said.push(t),
    words: forTerminal
  })
  await quiet.group('Compile', async () => {
    quiet.info('.$ go build .')
    quiet.annotate({ severity: 'notice', message: 'ca-certificates: satisfied' })
    quiet.annotate({ severity: 'error', message: 'undefined: x', file: 'main.go', line: 3 })
    quiet.warning('Add `include: tzdata`.')
  })
  expect(said).toEqual(['main.go:3: error: undefined: x', 'warning: Pass `--include tzdata`.'])
  const loud: string[] = []
  const verbose = terminalLogOf({ verbose: true, progress: null, say: (t) => loud.push(t) })
  await verbose.group('Compile', async () => verbose.info('.$ go build .'))
  expect(loud).toEqual(['== Compile', '.$ go build .'])
})
