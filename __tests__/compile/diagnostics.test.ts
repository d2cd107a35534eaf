import { cDiagnostics, goDiagnostics } from '../../src/compile/diagnostics.js'

const ws = '/home/runner/work/app/app'

describe('goDiagnostics', () => {
  test.each([
    [
      'module at the repo root',
      ws,
      '# example.com/x\n./main.go:12:5: undefined: foo\n',
      [
        {
          severity: 'error',
          file: 'main.go',
          line: 12,
          column: 5,
          message: 'undefined: foo',
          title: 'go build'
        }
      ]
    ],
    [
      'module in a subfolder: paths made relative to the repo root',
      `${ws}/services/api`,
      '# example.com/api/cmd/srv\ncmd/srv/main.go:4:6: declared and not used: s\ncmd/srv/main.go:5:2: undefined: x',
      [
        {
          severity: 'error',
          file: 'services/api/cmd/srv/main.go',
          line: 4,
          column: 6,
          message: 'declared and not used: s',
          title: 'go build'
        },
        {
          severity: 'error',
          file: 'services/api/cmd/srv/main.go',
          line: 5,
          column: 2,
          message: 'undefined: x',
          title: 'go build'
        }
      ]
    ],
    [
      'position without a column',
      ws,
      'main.go:3: something odd',
      [{ severity: 'error', file: 'main.go', line: 3, message: 'something odd', title: 'go build' }]
    ],
    [
      'tab-indented lines continue the message above',
      ws,
      './a.go:7:9: not enough return values\n\thave ()\n\twant (int)\n./a.go:9:1: missing return',
      [
        {
          severity: 'error',
          file: 'a.go',
          line: 7,
          column: 9,
          message: 'not enough return values\nhave ()\nwant (int)',
          title: 'go build'
        },
        {
          severity: 'error',
          file: 'a.go',
          line: 9,
          column: 1,
          message: 'missing return',
          title: 'go build'
        }
      ]
    ],
    [
      'a file outside the workspace keeps its place in the message',
      ws,
      '/root/go/pkg/mod/example.com/dep@v1.0.0/dep.go:3:1: syntax error',
      [
        {
          severity: 'error',
          message: '/root/go/pkg/mod/example.com/dep@v1.0.0/dep.go:3: syntax error',
          title: 'go build'
        }
      ]
    ],
    [
      'the go command talking is not a position',
      ws,
      'go: cannot find main module, but found .git/config in /x\n\tto create a module there, run:\n# example.com/x\ngo: downloading example.com/y v1.2.3',
      []
    ]
  ])('%s', (_name, cwd, output, annotations) => {
    expect(goDiagnostics(output, { cwd, workspace: ws, title: 'go build' })).toEqual(annotations)
  })
})

describe('cDiagnostics', () => {
  const gccOutput = [
    'cerr.c: In function ‘main’:',
    'cerr.c:3:11: warning: initialization of ‘int’ from ‘char *’ makes integer from pointer without a cast [-Wint-conversion]',
    '    3 |   int x = "s";',
    '      |           ^~~',
    'cerr.c:4:8: error: expected ‘;’ before ‘return’',
    'In file included from src/main.c:1:',
    'src/util.h:2:1: note: declared here',
    'src/util.h:9:10: fatal error: nope.h: No such file or directory',
    'compilation terminated.',
    '/usr/bin/ld: /tmp/ccvvDInk.o: in function `main`:',
    "cerr3.c:(.text+0x5): undefined reference to `foo'",
    'collect2: error: ld returned 1 exit status'
  ].join('\n')

  test.each([
    [
      'gcc errors, warnings and fatal errors; notes and linker lines skipped',
      `${ws}/c`,
      gccOutput,
      [
        {
          severity: 'warning',
          file: 'c/cerr.c',
          line: 3,
          column: 11,
          message:
            'initialization of ‘int’ from ‘char *’ makes integer from pointer without a cast [-Wint-conversion]',
          title: 'musl-gcc'
        },
        {
          severity: 'error',
          file: 'c/cerr.c',
          line: 4,
          column: 8,
          message: 'expected ‘;’ before ‘return’',
          title: 'musl-gcc'
        },
        {
          severity: 'error',
          file: 'c/src/util.h',
          line: 9,
          column: 10,
          message: 'nope.h: No such file or directory',
          title: 'musl-gcc'
        }
      ]
    ],
    [
      'a system header outside the workspace',
      ws,
      '/usr/include/stdio.h:27:2: error: broken',
      [{ severity: 'error', message: '/usr/include/stdio.h:27: broken', title: 'musl-gcc' }]
    ],
    [
      'absolute paths inside the workspace',
      ws,
      `${ws}/src/a.c:1:1: error: x`,
      [{ severity: 'error', file: 'src/a.c', line: 1, column: 1, message: 'x', title: 'musl-gcc' }]
    ],
    ['clean output', ws, '', []]
  ])('%s', (_name, cwd, output, annotations) => {
    expect(cDiagnostics(output, { cwd, workspace: ws, title: 'musl-gcc' })).toEqual(annotations)
  })
})
