export const id = 581;
export const ids = [581];
export const modules = {

/***/ 7581:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cli: () => (/* binding */ cli),
  terminalWorld: () => (/* binding */ terminalWorld)
});

// UNUSED EXPORTS: EXIT_CANNOT_TELL, EXIT_RUNS, EXIT_WONT_RUN, exitCodeOf, failureLines, goOutputCacheOf, wantsColor

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/ground/did-you-mean.ts
var did_you_mean = __webpack_require__(4040);
// EXTERNAL MODULE: ./src/ground/errors.ts
var errors = __webpack_require__(6288);
// EXTERNAL MODULE: ./src/ground/platform.ts
var ground_platform = __webpack_require__(1996);
;// CONCATENATED MODULE: ./src/input-spec.ts

const ALL_PLATFORMS = ground_platform/* KNOWN_PLATFORMS */.PA.map(ground_platform/* platformName */.$r).join(',');
const ARM64 = (0,ground_platform/* platformName */.$r)(ground_platform/* LINUX_ARM64 */.e$);
const ARM64_MUSL_GCC = `${(0,ground_platform/* gnuTriple */.vs)(ground_platform/* LINUX_ARM64 */.e$, 'musl')}-gcc`;
const BOOLEAN = ['true', 'false'];
const INPUTS = [
    {
        name: 'language',
        summary: 'go, c or auto (go.mod means Go, else *.c means C)',
        default: 'auto',
        choices: ['auto', 'go', 'c'],
        description: '`go`, `c`, or `auto` (a `go.mod` in `working-directory` means Go, else `*.c` files mean C).'
    },
    {
        name: 'working-directory',
        summary: 'the Go module or C project (same as DIR)',
        default: '.',
        description: 'The Go module or C project root, relative to the workspace.'
    },
    {
        name: 'package',
        summary: 'Go package to build, e.g. ./cmd/server',
        default: '.',
        description: 'Go package to build, e.g. `./cmd/server`.'
    },
    {
        name: 'sources',
        summary: 'C sources to compile: globs, ** matches folders',
        default: '*.c',
        description: 'C sources compiled into one binary: globs relative to `working-directory`, newline- or comma-separated; `**` matches folders.'
    },
    {
        name: 'build-command',
        summary: 'a custom build such as make, run without a shell, once per platform',
        default: '',
        description: 'A custom build, e.g. `make CC="$CC"`, run without a shell in `working-directory`, once for each of `platforms`, with `CC`, `CFLAGS`, `LDFLAGS` set for a static build ' +
            `for that platform, and \`GOOS\`, \`GOARCH\`, \`CGO_ENABLED\`, \`TARGET\` (the GNU triple, e.g. \`${(0,ground_platform/* gnuTriple */.vs)(ground_platform/* LINUX_ARM64 */.e$, 'musl')}\`) and \`PLATFORM_ARCH\` (\`${(0,ground_platform/* debianArch */._2)(ground_platform/* DEFAULT_PLATFORM */.Er)}\`, \`${(0,ground_platform/* debianArch */._2)(ground_platform/* LINUX_ARM64 */.e$)}\`); ` +
            '`$NAME` and `${NAME}` expand from that environment. `binary` names its result.'
    },
    {
        name: 'binary',
        summary: 'the binary to ship: prebuilt, or what build-command makes',
        default: '',
        description: 'Path of the binary to ship, relative to `working-directory`. Without `build-command` it is a prebuilt binary: compiling is skipped, the verdict still runs. `${PLATFORM_ARCH}` in it stands for each platform’s architecture, e.g. `dist/app-${PLATFORM_ARCH}`.'
    },
    {
        name: 'go-ldflags',
        summary: 'Go linker flags, added to -s -w',
        default: '-s -w',
        description: 'Go linker flags. Yours are added to `-s -w`, not put in their place.'
    },
    {
        name: 'go-tags',
        summary: 'Go build tags, added to netgo,osusergo',
        default: 'netgo,osusergo',
        description: 'Go build tags, added to `netgo,osusergo` (pure-Go DNS and user lookups).'
    },
    {
        name: 'cgo',
        summary: 'build Go with cgo, statically against musl',
        default: 'false',
        choices: BOOLEAN,
        description: `\`true\` builds Go with cgo, linked statically against musl (\`musl-gcc\`; for ${ARM64} \`${ARM64_MUSL_GCC}\`).`
    },
    {
        name: 'cflags',
        summary: 'C compiler flags, added to -Os -static -s',
        default: '-Os',
        description: 'C compiler flags, added to `-Os -static -s` (a later `-O` wins).'
    },
    {
        name: 'cc',
        summary: 'C compiler (default: musl-gcc, else gcc -static)',
        default: '',
        description: `C compiler to use, for every platform. Empty picks one per platform: \`musl-gcc\`, then \`gcc -static\` for the host’s own CPU (${(0,ground_platform/* cpuName */.ab)(ground_platform/* DEFAULT_PLATFORM */.Er)} on most runners); ` +
            `a cross compiler for another, e.g. \`${ARM64_MUSL_GCC}\` (Debian’s \`${(0,ground_platform/* debianCrossPackage */.wl)(ground_platform/* LINUX_ARM64 */.e$)}\` and \`musl-dev:${(0,ground_platform/* debianArch */._2)(ground_platform/* LINUX_ARM64 */.e$)}\`), then zig, then \`${(0,ground_platform/* gnuTriple */.vs)(ground_platform/* LINUX_ARM64 */.e$, 'gnu')}-gcc -static\`. ` +
            '`$TARGET` and `$PLATFORM_ARCH` in it expand per platform, e.g. `zig cc -target $TARGET`.'
    },
    {
        name: 'build-timeout',
        summary: 'stop the compiler or build-command after this long',
        default: '30m',
        description: 'How long `build-command`, `go build` or the C compiler may run before it is stopped, e.g. `90s`, `10m`, `1h`.'
    },
    {
        name: 'platforms',
        summary: `${(0,ground_platform/* platformName */.$r)(ground_platform/* DEFAULT_PLATFORM */.Er)} (the default), ${ARM64}, or both comma-separated`,
        default: (0,ground_platform/* platformName */.$r)(ground_platform/* DEFAULT_PLATFORM */.Er),
        description: `Platforms to build, comma- or newline-separated: \`${(0,ground_platform/* platformName */.$r)(ground_platform/* DEFAULT_PLATFORM */.Er)}\`, \`${ARM64}\` or both (\`${ALL_PLATFORMS}\`, one image index). ` +
            'Each is cross-compiled (Go with `GOARCH`; C and cgo with a musl cross compiler, never under emulation), verified and measured on its own; the first is the primary one, which `binary`, `imageid` and the size outputs describe.'
    },
    {
        name: 'image',
        summary: 'image name, e.g. ghcr.io/acme/api (default: the folder name)',
        default: '',
        description: 'Image name, e.g. `ghcr.io/acme/api`. Empty: `ghcr.io/<owner>/<repo>` of the workflow (the folder name in a terminal).'
    },
    {
        name: 'tags',
        summary: 'tags, comma-separated (default: latest)',
        default: '',
        description: 'Tags, newline- or comma-separated: bare (`1.2.3`) or full references, so docker/metadata-action output works as is. Empty: derived from the ref (`v1.2.3` → `1.2.3`, `1.2`, `1`, `latest`; a branch → its name and `sha-<7>`; a PR → `pr-<N>`).'
    },
    {
        name: 'labels',
        summary: 'labels, key=value, one per line',
        default: '',
        description: 'Labels, one `key=value` per line. The OCI labels `source`, `revision`, `version`, `created` and `title` are filled in unless given here.'
    },
    {
        name: 'include',
        summary: 'extras: ca-certificates, tzdata, passwd, tmp, none or auto',
        default: 'auto',
        description: 'Extras besides the binary: `ca-certificates`, `tzdata` (or `tzdata:Europe/Berlin,UTC`), `passwd`, `tmp`, `none`, or `auto` (what the binary’s findings ask for).'
    },
    {
        name: 'user',
        summary: 'numeric uid[:gid] the container runs as',
        default: '65532:65532',
        description: 'Numeric `uid[:gid]` the container runs as.'
    },
    {
        name: 'entrypoint-args',
        summary: 'default arguments (CMD)',
        default: '',
        description: 'Default arguments (`CMD`): words, or a JSON array of strings.'
    },
    {
        name: 'expose',
        summary: 'ports to EXPOSE, e.g. 8080 or 53/udp',
        default: '',
        description: 'Ports to `EXPOSE`, e.g. `8080` or `53/udp`, newline- or comma-separated.'
    },
    {
        name: 'files',
        summary: 'extra files, source:/path/in/image, one per line',
        default: '',
        description: 'Extra files, one `source:/path/in/image` per line; sources are relative to `working-directory`.'
    },
    {
        name: 'builder',
        summary: 'engine: buildx, oci (daemonless) or auto',
        default: 'auto',
        choices: ['auto', 'buildx', 'oci'],
        description: 'Which engine builds the image: `buildx` (docker buildx), `oci` (the built-in daemonless writer: no Docker needed, reproducible to the byte, exact pull size), or `auto` (buildx where a Docker daemon with buildx answers, else the writer).'
    },
    {
        name: 'buildx-builder',
        summary: 'the buildx builder instance to build with',
        default: '',
        description: 'The buildx builder instance to build with (docker/build-push-action calls it `builder`), e.g. the `name` output of docker/setup-buildx-action. Empty: the current one. Implies `builder: buildx`.'
    },
    {
        name: 'push',
        summary: 'push every tag to the registry (needs --image)',
        default: 'false',
        choices: BOOLEAN,
        description: '`true` pushes every tag after the image was built and smoke-tested, with the runner’s docker login (docker/login-action).'
    },
    {
        name: 'provenance',
        summary: 'ask buildx for a provenance attestation',
        default: 'false',
        choices: BOOLEAN,
        description: '`true` asks buildx for a provenance attestation: a pushed image then becomes an index, and the builder must support attestations.'
    },
    {
        name: 'sbom',
        summary: "write an SBOM from the binary's build facts and attach it to the image",
        default: 'false',
        choices: BOOLEAN,
        description: '`true` writes an SBOM made from the binary’s own build facts (Go modules with versions and go.sum hashes, the Go standard library, the C library, the extras and their packages) and attaches it to the image as an OCI referrer; see “SBOM” in the README.'
    },
    {
        name: 'sbom-format',
        summary: 'spdx (SPDX 2.3), cyclonedx (CycloneDX 1.6) or both',
        default: 'spdx',
        choices: ['spdx', 'cyclonedx', 'both'],
        description: '`spdx` (SPDX 2.3 JSON), `cyclonedx` (CycloneDX 1.6 JSON) or `both`.'
    },
    {
        name: 'smoke-test',
        summary: 'run the image once with these arguments; must exit 0',
        default: '',
        description: 'Arguments to run the image once with, e.g. `--version` (`true`: no arguments), under `--network none`; the job fails unless it exits 0.'
    },
    {
        name: 'max-size',
        summary: 'fail when the size is larger, e.g. 8MB',
        default: '',
        description: 'Fail when `size-metric` is larger than this, e.g. `8MB` (KB/MB = 1000, KiB/MiB = 1024).'
    },
    {
        name: 'max-increase',
        summary: 'fail when it grew more over --baseline, e.g. 5%',
        default: '',
        description: 'Fail when `size-metric` grew more than this over the default branch: `5%`, `200KB`, or both (`5%,200KB`: both must hold).'
    },
    {
        name: 'warn-increase',
        summary: 'warn when it grew more over --baseline',
        default: '',
        description: 'Like `max-increase`, but only warns.'
    },
    {
        name: 'size-metric',
        summary: 'what the gates measure: image, pull or binary',
        default: 'image',
        choices: ['image', 'pull', 'binary'],
        description: 'Which size the gates look at: `image` (unpacked, as `docker images` shows), `pull` (config + compressed layers) or `binary`.'
    },
    {
        name: 'comment',
        summary: 'the PR comment (action only): auto, always, never',
        default: 'auto',
        choices: ['auto', 'always', 'never'],
        description: 'The pull-request comment: `auto` (on `pull_request` events), `always` (any event about a PR), `never`. One comment per `comment-group`, updated in place.'
    },
    {
        name: 'comment-key',
        summary: "this image's section of the PR comment and its baseline (default: image name)",
        default: '',
        description: 'The section of this image in the pull-request comment, and its baseline (e.g. `api`, `worker`); default: the image name.'
    },
    {
        name: 'comment-group',
        summary: 'steps and jobs of one group share one PR comment (default: workflow name)',
        default: '',
        description: 'Steps and matrix jobs with the same group share one pull-request comment, one section per image; default: the workflow name. Give a step a group of its own for a comment of its own.'
    },
    {
        name: 'comment-author',
        summary: 'the login a GitHub App token comments as (action only)',
        default: '',
        description: 'The login comments are written as, for a GitHub App token other than `GITHUB_TOKEN` (e.g. `my-app[bot]`), so re-runs find their own comment. Not needed for `GITHUB_TOKEN` or personal tokens.'
    },
    {
        name: 'github-token',
        summary: 'token for the PR comment (action only)',
        default: '${{ github.token }}',
        description: 'Token for the PR comment. Needs `pull-requests: write`; on fork PRs it cannot write, and the report stays in the job summary.',
        secret: true
    }
];
function inputSpec(name) {
    const spec = INPUTS.find((input) => input.name === name);
    if (!spec)
        throw new Error(`unknown input ${name}`);
    return spec;
}
const OUTPUTS = [
    { name: 'binary', description: 'Absolute path of the verified binary.' },
    { name: 'binary-size', description: 'Size of the binary in bytes.' },
    {
        name: 'linkage',
        description: '`static` or `static-pie` when it runs in scratch; otherwise `dynamic`, `shared-library`, `wrong-architecture`, `not-elf` or `malformed`.'
    },
    {
        name: 'go-version',
        description: 'The Go version recorded in the binary (e.g. `go1.23.5`); empty for C.'
    },
    { name: 'image', description: 'The image name.' },
    { name: 'tags', description: 'Every full reference the image was tagged with, one per line.' },
    {
        name: 'imageid',
        description: 'The image ID: its config digest, whichever image store holds it (`docker image ls` with the containerd store shows the manifest digest).'
    },
    {
        name: 'digest',
        description: 'The pushed manifest digest; empty unless every tag was pushed.'
    },
    {
        name: 'image-size',
        description: 'Bytes of the unpacked image: the file bytes in its layers, from what went in (`docker images` with the classic store).'
    },
    {
        name: 'pull-size',
        description: 'Bytes a node downloads (config + compressed layers): exact when pushed, else estimated from the saved layers.'
    },
    {
        name: 'size-delta',
        description: 'Change of `size-metric` against the default branch in bytes (`+1234`, `-56`); empty without a baseline.'
    },
    { name: 'report', description: 'The report as markdown (the same text as the job summary).' },
    { name: 'report-json', description: 'Path of the report JSON file.' },
    {
        name: 'oci-layout',
        description: 'With the daemonless writer: the OCI image layout folder (for skopeo, crane, oras); empty with buildx.'
    },
    {
        name: 'image-archive',
        description: 'With the daemonless writer: a `docker load`-able archive of the image; empty with buildx.'
    },
    {
        name: 'sbom',
        description: 'With `sbom: true`: path of the SBOM file (the SPDX one when both are written).'
    },
    { name: 'sbom-digest', description: 'With `sbom: true`: `sha256:` of that file’s bytes.' },
    {
        name: 'comment-url',
        description: 'URL of the pull-request comment; empty when none was written.'
    }
];

;// CONCATENATED MODULE: ./src/cli-flags.ts



const COMMANDS = ['inspect', 'diff', 'build'];
const HELP = { name: 'help', short: 'h', kind: 'switch', summary: 'show this help' };
const VERSION = { name: 'version', kind: 'switch', summary: 'print the version' };
const JSON_FLAG = { name: 'json', kind: 'switch', summary: 'print JSON instead of text' };
/** A true/false input: a bare `--push` means `--push true`. */
function isBooleanInput(input) {
    return input.choices?.includes('true') === true && input.choices.includes('false');
}
const TRUE_FALSE = ['true', 'True', 'TRUE', 'false', 'False', 'FALSE'];
/** What `--help` calls each input's value. */
const VALUE_NAMES = {
    'working-directory': 'DIR',
    package: 'PKG',
    sources: 'GLOBS',
    'build-command': 'CMD',
    binary: 'FILE',
    'go-ldflags': 'FLAGS',
    'go-tags': 'TAGS',
    cflags: 'FLAGS',
    cc: 'CMD',
    'build-timeout': 'TIME',
    platforms: 'LIST',
    image: 'NAME',
    tags: 'TAGS',
    labels: 'K=V',
    include: 'LIST',
    user: 'UID:GID',
    'entrypoint-args': 'ARGS',
    expose: 'PORTS',
    files: 'SRC:DEST',
    'buildx-builder': 'NAME',
    'smoke-test': 'ARGS',
    'max-size': 'SIZE',
    'max-increase': 'CHANGE',
    'warn-increase': 'CHANGE',
    'comment-key': 'KEY',
    'comment-author': 'LOGIN',
    'github-token': 'TOKEN'
};
function inputFlag(input) {
    const value = input.choices && !isBooleanInput(input)
        ? input.choices.join('|')
        : (VALUE_NAMES[input.name] ?? 'VALUE');
    return {
        name: input.name,
        kind: isBooleanInput(input) ? 'switch' : 'value',
        value: isBooleanInput(input) ? undefined : value,
        summary: input.summary,
        input
    };
}
/** Every input is a flag of the same name, in action.yml's order (the comment's do nothing here). */
const INPUT_FLAGS = INPUTS.map(inputFlag);
const BUILD_FLAGS = [
    { name: 'tag', kind: 'list', value: 'TAG', summary: 'a tag; repeat for more (adds to --tags)' },
    {
        name: 'baseline',
        kind: 'value',
        value: 'FILE',
        summary: 'compare with this saved report and apply the gates'
    },
    {
        name: 'save-baseline',
        kind: 'value',
        value: 'FILE',
        summary: 'keep this build’s report as a future --baseline'
    },
    {
        name: 'output-dir',
        kind: 'value',
        value: 'DIR',
        summary: 'keep the binary (and OCI layout) here'
    },
    {
        name: 'markdown',
        kind: 'value',
        value: 'FILE',
        summary: 'write the PR comment as markdown (- for stdout)'
    },
    { name: 'json', kind: 'switch', summary: 'print the report JSON on stdout' },
    { name: 'no-cache', kind: 'switch', summary: 'do not reuse go’s output from the last build' },
    {
        name: 'verbose',
        short: 'v',
        kind: 'switch',
        summary: 'show every step and the compiler’s output as it runs'
    },
    HELP
];
const FLAGS = {
    inspect: [
        { name: 'sizes', kind: 'switch', summary: 'add where the bytes are (sections, packages)' },
        JSON_FLAG,
        HELP
    ],
    diff: [
        {
            name: 'markdown',
            kind: 'switch',
            summary: 'print markdown (for a comment) instead of text'
        },
        JSON_FLAG,
        HELP
    ],
    build: [...BUILD_FLAGS, ...INPUT_FLAGS]
};
/** Flags that work before or without a command. */
const GLOBAL = [HELP, VERSION];
function shown(flag) {
    return `--${flag.name}`;
}
function unknownFlag(arg, flags, where) {
    const name = arg.replace(/^-+/, '').split('=')[0];
    const names = flags.flatMap((f) => (f.short ? [f.name, f.short] : [f.name]));
    const match = (0,did_you_mean/* closest */.k)(name, names);
    const found = flags.find((f) => f.name === match || f.short === match);
    const hint = found ? ` Did you mean ${shown(found)}?` : '';
    return new errors/* UserError */.y(`unknown flag ${JSON.stringify(arg.split('=')[0])} for ${where}.${hint}`, [
        `${where === 'from-scratch' ? 'from-scratch --help' : `from-scratch ${where} --help`} lists them.`
    ]);
}
/** A choice input's value, checked before anything runs, with "did you mean". */
function checkChoice(flag, value) {
    const choices = flag.input?.choices;
    if (!choices || flag.kind === 'switch')
        return;
    if (choices.includes(value))
        return;
    const match = (0,did_you_mean/* closest */.k)(value, choices);
    throw new errors/* UserError */.y(`--${flag.name} is ${JSON.stringify(value)}, but it takes ${choices.join(', ')}.` +
        (match === null ? '' : ` Did you mean ${match}?`));
}
function commandOf(word) {
    const found = COMMANDS.find((c) => c === word);
    if (found)
        return found;
    const match = (0,did_you_mean/* closest */.k)(word, [...COMMANDS, 'help']);
    throw new errors/* UserError */.y(`unknown command ${JSON.stringify(word)}.${match === null ? '' : ` Did you mean ${match}?`}`, [`The commands are ${COMMANDS.join(', ')}; from-scratch --help says more.`]);
}
/**
 * Reads a command line: the command, its positionals and its flags' values.
 * A value flag takes the next word whatever it looks like (`--smoke-test -v`)
 * or `--flag=value`; a true/false input may stand bare (`--push`) or take a
 * true/false word; `--` ends the flags. Every mistake is a UserError that
 * says what would have been right. Pure.
 */
function parseCommandLine(args) {
    const values = {};
    const positionals = [];
    let command = null;
    let flags = GLOBAL;
    let flagsEnded = false;
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (flagsEnded || arg === '-' || !arg.startsWith('-')) {
            if (command === null && positionals.length === 0 && arg !== 'help') {
                command = commandOf(arg);
                flags = [...FLAGS[command], VERSION];
            }
            else if (command === null && arg === 'help') {
                values.help = true;
            }
            else
                positionals.push(arg);
            continue;
        }
        if (arg === '--') {
            flagsEnded = true;
            continue;
        }
        const long = arg.startsWith('--');
        const [name, inline] = long
            ? ((eq) => (eq < 0 ? [arg.slice(2), null] : [arg.slice(2, eq), arg.slice(eq + 1)]))(arg.indexOf('='))
            : [arg.slice(1), null];
        const flag = flags.find((f) => (long ? f.name === name : f.short === name));
        if (!flag) {
            const known = command === null ? [...FLAGS.build, ...GLOBAL] : flags;
            if (command === null && known.some((f) => f.name === name)) {
                throw new errors/* UserError */.y(`${arg} goes after the command, e.g. from-scratch build ${arg} …`);
            }
            throw unknownFlag(arg, command === null ? GLOBAL : flags, command ?? 'from-scratch');
        }
        if (flag.kind === 'switch') {
            if (flag.input) {
                // `--push`, `--push=false`, `--push false`: a true/false input.
                const next = args[i + 1];
                // `build DIR --cgo maybe`: with DIR given, a word after a true/false flag was meant as its value.
                if (inline === null &&
                    next !== undefined &&
                    !next.startsWith('-') &&
                    !TRUE_FALSE.includes(next) &&
                    positionals.length > 0) {
                    throw new errors/* UserError */.y(`--${flag.name} is ${JSON.stringify(next)}, but it takes true or false (or nothing: --${flag.name} alone means true).`);
                }
                const value = inline ?? (next !== undefined && TRUE_FALSE.includes(next) ? next : 'true');
                if (inline === null && value === next)
                    i++;
                if (!TRUE_FALSE.includes(value)) {
                    throw new errors/* UserError */.y(`--${flag.name} is ${JSON.stringify(value)}, but it takes true or false.`);
                }
                values[flag.name] = value;
            }
            else {
                if (inline !== null)
                    throw new errors/* UserError */.y(`--${flag.name} takes no value.`);
                values[flag.name] = true;
            }
            continue;
        }
        let value;
        if (inline !== null)
            value = inline;
        else {
            const next = args[i + 1];
            if (next === undefined) {
                throw new errors/* UserError */.y(`--${flag.name} needs a value${flag.value ? ` (${flag.value})` : ''}.`);
            }
            value = next;
            i++;
        }
        checkChoice(flag, value);
        if (flag.kind === 'list') {
            const before = values[flag.name];
            values[flag.name] = [...(Array.isArray(before) ? before : []), value];
        }
        else
            values[flag.name] = value;
    }
    return { command, positionals, values };
}
/** Columns of flag lines: `  --name VALUE` padded, then the summary and the default. */
function flagLines(flags) {
    const left = flags.map((f) => {
        const short = f.short ? `-${f.short}, ` : '';
        return `  ${short}--${f.name}${f.value ? ` ${f.value}` : ''}`;
    });
    const width = Math.min(36, Math.max(...left.map((l) => l.length)) + 2);
    return flags.map((f, i) => {
        const fallback = f.input?.default ?? '';
        // A default the summary already names (`added to -s -w`) or one only a runner expands is left out.
        const named = f.input?.choices === undefined && fallback.length > 1 && f.summary.includes(fallback);
        const shownDefault = fallback !== '' && f.kind !== 'switch' && !f.input?.secret && !named;
        const extra = shownDefault ? ` (default ${fallback})` : '';
        const pad = left[i].length + 2 > width ? `${left[i]}\n${' '.repeat(width)}` : left[i].padEnd(width);
        return `${pad}${f.summary}${extra}`;
    });
}
const USAGE = `usage: from-scratch COMMAND [ARGS] [FLAGS]

  build [DIR]        compile DIR (default .), verify the binary, build the scratch image
                     and measure it; prints the image reference on stdout
  inspect FILE...    whether a binary runs in scratch, and why (--sizes: where its bytes are)
  diff OLD NEW       what changed in size between two binaries or two report files

  from-scratch COMMAND --help    the command's flags
  from-scratch --version`;
const COMMAND_HELP = {
    inspect: `usage: from-scratch inspect FILE [--sizes] [--json]
       from-scratch inspect FILE FILE... [--json]

The verdict and findings for one binary; --sizes adds where its bytes are (sections,
Go packages and modules, largest C symbols, how to shrink). With several files, one
verdict line each. Exit 0: runs in scratch; 1: will not; 2: cannot tell.`,
    diff: `usage: from-scratch diff OLD NEW [--markdown | --json]

What changed in size between two binaries or two report JSON files (any mix): packages,
modules with their versions, sections. Exit 0, or 2 when either cannot be read.`,
    build: `usage: from-scratch build [DIR] [FLAGS]

Compiles DIR (default .: the Go module or C project there, found the way go finds it),
verifies the binary, builds and measures the scratch image, and applies the size gates.
stdout: the image reference, e.g. docker run "$(from-scratch build)". stderr: a summary.
Exit 0: built and within the gates; 1: a gate failed or the binary will not run in
scratch; 2: anything else that stopped the build.

Without --output-dir, the binary and other work files go to a temporary folder that is
removed at the end. A Go build reuses go's output kept in ~/.cache/from-scratch/go-out.`
};
/** `from-scratch COMMAND --help`: what the command does and every flag it takes. */
function commandHelp(command) {
    if (command !== 'build') {
        return `${COMMAND_HELP[command]}\n\nflags:\n${flagLines(FLAGS[command]).join('\n')}`;
    }
    return [
        COMMAND_HELP.build,
        '',
        'flags:',
        ...flagLines(BUILD_FLAGS),
        '',
        'inputs (the action’s inputs, same names; README "Inputs" says more):',
        ...flagLines(INPUT_FLAGS)
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/cli-words.ts

/**
 * Messages are written once, for the action, naming inputs (`` `cgo` ``,
 * `` `include: tzdata` ``, "Input `package`"). A person at a terminal types
 * flags instead; this rewrites the one into the other, from the one input
 * table, so no message needs two versions. Pure.
 */
const NAMES = new Set(INPUTS.map((input) => input.name));
function flag(name) {
    return name === 'working-directory' ? 'DIR' : `--${name}`;
}
/** Phrases that only make sense in a workflow run, and what a terminal says instead. */
const PHRASES = [
    [/ are in the log above and annotated on the code/g, ' are above'],
    [/ \(one is saved on each push to it\)/g, ' (--save-baseline FILE keeps one)'],
    [/in the step's `env:`/g, 'in the environment']
];
function forTerminal(text) {
    let out = text;
    for (const [pattern, replacement] of PHRASES)
        out = out.replace(pattern, replacement);
    return (out
        // "Input `cgo` is …" → "--cgo is …"
        .replace(/\b[Ii]nput `([a-z-]+)`/g, (m, name) => (NAMES.has(name) ? flag(name) : m))
        // "Set `cgo: true`", "Add `include: tzdata`" → "pass `--cgo true`"
        .replace(/\b([Ss]et|[Aa]dd) `([a-z-]+): ([^`\n]*)`/g, (m, verb, name, v) => NAMES.has(name)
        ? `${verb[0] === 'S' || verb[0] === 'A' ? 'P' : 'p'}ass \`${flag(name)} ${v}\``
        : m)
        // "set `cc`" → "pass --cc"
        .replace(/\b([Ss]et) `([a-z-]+)`/g, (m, verb, name) => NAMES.has(name) ? `${verb[0] === 'S' ? 'P' : 'p'}ass ${flag(name)}` : m)
        // "`include: tzdata`" → "`--include tzdata`"
        .replace(/`([a-z-]+): ([^`\n]*)`/g, (m, name, v) => NAMES.has(name) ? `\`${flag(name)} ${v}\`` : m)
        // "`binary`" → "--binary"
        .replace(/`([a-z-]+)`/g, (m, name) => (NAMES.has(name) ? flag(name) : m)));
}

// EXTERNAL MODULE: ./src/elf/advice.ts
var advice = __webpack_require__(3597);
// EXTERNAL MODULE: ./src/elf/inspect.ts + 14 modules
var inspect = __webpack_require__(78);
// EXTERNAL MODULE: ./src/ground/exec.ts
var exec = __webpack_require__(7242);
// EXTERNAL MODULE: ./src/ground/git-context.ts
var git_context = __webpack_require__(3985);
// EXTERNAL MODULE: ./src/ground/log-safety.ts
var log_safety = __webpack_require__(4620);
;// CONCATENATED MODULE: ./src/ground/terminal-text.ts

/**
 * Text for a terminal (and for a runner's log, where the CLI may run in a
 * `run:` step). Pure.
 */
/** Line and paragraph separators a terminal or an editor may break at, besides \n and \r. */
const BREAKS = /[\n\r\t\v\f\u0085\u2028\u2029]/g;
/**
 * A value read from a binary, a file name or a baseline, shown inside one
 * line: every control byte escaped, line breaks and tabs included, so it can
 * neither start a line of its own nor drive the terminal; and a value that
 * would itself begin a line with `::` (a workflow command) gets its colon
 * escaped.
 */
function oneLine(value) {
    const flat = (0,log_safety/* escapeControl */.hN)(value.replace(BREAKS, (c) => escapeBreak(c))).replace(/##\[/g, '##\\[');
    return LEADING_COMMAND.test(flat) ? flat.replace(':', '\\x3a') : flat;
}
/** A line the runner takes for a command: `::` after the blanks it strips (log-safety.ts's set). */
const LEADING_COMMAND = /^[\s\p{Z}\p{Cc}\u200b-\u200f\u2060\ufeff]*::/u;
function escapeBreak(char) {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
}
/**
 * The last guard on everything the CLI prints: control bytes escaped (tabs
 * and line breaks kept), and no line the runner would take as a workflow
 * command, whatever a value held.
 */
function terminalSafe(text) {
    return (0,log_safety/* neutralizeCommands */.Kw)((0,log_safety/* escapeControl */.hN)(text).replace(/\r\n/g, '\n'));
}

;// CONCATENATED MODULE: ./src/ground/terminal-log.ts

/** How long a step runs before it gets a progress line: shorter ones would only flicker. */
const PROGRESS_AFTER_MS = 1000;
const FRAME_MS = 100;
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
function where(a) {
    if (!a.file)
        return '';
    return `${a.file}${a.line ? `:${a.line}` : ''}${a.line && a.column ? `:${a.column}` : ''}: `;
}
/**
 * The progress line's text: the step, how long it has run, and the latest
 * thing it said, cut to the terminal's width with every control byte escaped
 * (it is redrawn in place, so it must stay on one line). Pure.
 */
function progressLine(frame, title, elapsedMs, detail, columns) {
    const head = `${SPINNER[frame % SPINNER.length]} ${oneLine(title)} ${(elapsedMs / 1000).toFixed(1)}s`;
    const flat = oneLine(detail.replace(/\s+/g, ' ').trim());
    const text = flat === '' ? head : `${head}  ${flat}`;
    const width = Math.max(20, columns - 1);
    return [...text].length > width ? `${[...text].slice(0, width - 1).join('')}…` : text;
}
/**
 * What a message says on the progress line: its first line; for a command
 * the log shows (`dir$ ENV=… go build … -o /tmp/…`) just the program, since its
 * paths are work folders that are gone when the command ends. Pure.
 */
function progressDetail(message) {
    const first = message.split('\n')[0];
    const command = /^\S*\$ (.*)$/.exec(first) ?? /^(docker .*)$/.exec(first);
    // Our own work folders (from-scratch-XXXX in the temp folder) are gone when the command ends.
    if (command === null)
        return first.replace(/\/\S*from-scratch-[^\s;,]*/g, '…');
    const words = command[1].split(' ').filter((w) => !/^[A-Z_][A-Z0-9_]*=/.test(w));
    const [program = '', sub = ''] = words;
    return `running ${program.split('/').at(-1)}${sub !== '' && !sub.startsWith('-') ? ` ${sub}` : ''}`;
}
/**
 * The terminal's log. Quiet by default: a step that runs longer than a second
 * shows one progress line on a terminal (its title, time, and latest message),
 * erased when it ends; warnings and errors are always printed; notices are
 * left to the summary. With `verbose`, every message is printed as it comes.
 */
function terminalLogOf(options) {
    const words = options.words ?? ((text) => text);
    const progress = options.verbose ? null : options.progress;
    let step = null;
    let frame = 0;
    const erase = () => {
        if (progress && step?.shown)
            progress.write('\r\x1b[2K');
    };
    const draw = () => {
        if (!progress || step === null)
            return;
        if (Date.now() - step.started < PROGRESS_AFTER_MS)
            return;
        step.shown = true;
        progress.write(`\r\x1b[2K${progressLine(frame++, step.title, Date.now() - step.started, step.detail, progress.columns())}`);
    };
    const print = (text) => {
        erase();
        options.say(text);
        draw();
    };
    return {
        info(message) {
            if (options.verbose)
                print(words(message));
            else if (step)
                step.detail = progressDetail(message);
        },
        warning(message) {
            print(`warning: ${words(message)}`);
        },
        annotate(a) {
            if (a.severity === 'notice' && !options.verbose)
                return;
            print(`${where(a)}${a.severity}: ${words(a.message)}`);
        },
        async group(title, work) {
            if (options.verbose)
                options.say(`== ${title}`);
            const outer = step;
            step = { title, started: Date.now(), detail: '', shown: outer?.shown ?? false };
            const timer = progress ? setInterval(draw, FRAME_MS) : undefined;
            try {
                return await work();
            }
            finally {
                if (timer)
                    clearInterval(timer);
                erase();
                step = outer;
            }
        }
    };
}

// EXTERNAL MODULE: ./src/image/include.ts
var include = __webpack_require__(4189);
// EXTERNAL MODULE: ./src/ground/words.ts
var words = __webpack_require__(6826);
// EXTERNAL MODULE: ./src/ground/input-parse.ts
var input_parse = __webpack_require__(1309);
// EXTERNAL MODULE: ./src/image/dockerfile.ts
var dockerfile = __webpack_require__(2179);
// EXTERNAL MODULE: ./src/image/reference.ts
var reference = __webpack_require__(3564);
;// CONCATENATED MODULE: ./src/image/parse.ts





// Parsers for the image inputs, for src/inputs.ts to call once. Each takes
// the raw input text and throws a UserError naming the input.
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
/** `labels`: one `key=value` per line, as docker/metadata-action prints them. */
function parseLabels(value) {
    const labels = {};
    for (const line of (0,input_parse/* parseLines */.Li)(value)) {
        const eq = line.indexOf('=');
        const key = eq < 0 ? line : line.slice(0, eq);
        if (eq <= 0 || !LABEL_KEY.test(key)) {
            throw new errors/* UserError */.y(`labels: "${line}" is not key=value.`, [
                'One label per line, e.g. org.opencontainers.image.description=My API; keys use letters, digits, ".", "-", "_" and "/".'
            ]);
        }
        const text = line.slice(eq + 1);
        if ((0,reference/* hasControlCharacter */.Fd)(text))
            throw new errors/* UserError */.y(`labels: the value of ${key} contains a control character.`);
        labels[key] = text;
    }
    return labels;
}
/** `expose`: ports, newline- or comma-separated. */
function parseExpose(value) {
    return (0,input_parse/* parseList */.E1)(value).map(dockerfile/* checkPort */.Yn);
}
/**
 * `entrypoint-args`: either a JSON array of strings (the form the Dockerfile
 * gets) or words split like a shell would, without running one.
 */
function parseEntrypointArgs(value) {
    const text = value.trim();
    if (text === '')
        return [];
    if (text.startsWith('[')) {
        let parsed;
        try {
            parsed = JSON.parse(text);
        }
        catch {
            throw new errors/* UserError */.y('entrypoint-args: starts with "[" but is not a JSON array.', [
                'Write a JSON array of strings, e.g. ["--port", "8080"], or plain words: --port 8080.'
            ]);
        }
        if (!Array.isArray(parsed) ||
            !parsed.every((item) => typeof item === 'string')) {
            throw new errors/* UserError */.y('entrypoint-args: the JSON array must hold only strings.');
        }
        return parsed.map((arg) => (0,dockerfile/* checkArg */.D7)(arg, 'entrypoint-args'));
    }
    return (0,words/* splitWords */.yM)(text.replace(/\s*\n\s*/g, ' '), 'entrypoint-args');
}
/** `smoke-test`: '' means no smoke run; otherwise the args, split into words. */
function parseSmokeTest(value) {
    const text = value.trim();
    if (text === '' || text === 'false')
        return null;
    // `true` means "run it with no arguments", as people write for a boolean-looking input.
    if (text === 'true')
        return [];
    return (0,words/* splitWords */.yM)(text, 'smoke-test');
}

// EXTERNAL MODULE: ./src/image/rootfs.ts
var rootfs = __webpack_require__(9098);
// EXTERNAL MODULE: ./src/report/schema.ts
var schema = __webpack_require__(1327);
// EXTERNAL MODULE: ./src/report/units.ts
var units = __webpack_require__(7885);
;// CONCATENATED MODULE: ./src/report/gate.ts



const SIZE_METRICS = ['image', 'pull', 'binary'];
/** Parses the gate inputs; every bad value is a UserError naming the input. */
function parseGateSettings(inputs) {
    const maxSizeText = (inputs['max-size'] ?? '').trim();
    const maxIncreaseText = (inputs['max-increase'] ?? '').trim();
    const warnIncreaseText = (inputs['warn-increase'] ?? '').trim();
    const metricText = (inputs['size-metric'] ?? '').trim().toLowerCase() || 'image';
    if (!SIZE_METRICS.includes(metricText)) {
        throw new errors/* UserError */.y(`size-metric: "${inputs['size-metric']}" is not a size this action measures.`, [
            `Use one of: ${SIZE_METRICS.join(', ')} (image is the default: the unpacked image, as docker images shows it).`
        ]);
    }
    let maxSize = null;
    if (maxSizeText !== '') {
        const bytes = (0,units/* parseSize */.DB)(maxSizeText, 'max-size');
        if (bytes === 0) {
            throw new errors/* UserError */.y('max-size: "0" would fail every build.', [
                'Give the largest size that should pass, e.g. 8MB; leave max-size empty for no limit.'
            ]);
        }
        maxSize = { bytes, text: maxSizeText };
    }
    return {
        maxSize,
        maxIncrease: maxIncreaseText === '' ? null : (0,units/* parseIncrease */.KW)(maxIncreaseText, 'max-increase'),
        warnIncrease: warnIncreaseText === '' ? null : (0,units/* parseIncrease */.KW)(warnIncreaseText, 'warn-increase'),
        metric: metricText
    };
}
const METRIC_NAMES = {
    image: 'image size',
    pull: 'pull size',
    binary: 'binary size'
};
function metricName(metric) {
    return METRIC_NAMES[metric];
}
function bytesText(bytes) {
    return `${(0,units/* formatBytes */.z3)(bytes)} (${(0,units/* formatExact */.Bo)(bytes)} bytes)`;
}
/** `refs/heads/main@0123abc`, or the ref alone when the sha is unknown. */
function baselineLabel(baseline) {
    const ref = baseline.ref.replace(/^refs\/heads\//, '');
    if (baseline.sha === '')
        return ref;
    return ref === '' ? baseline.sha.slice(0, 7) : `${ref}@${baseline.sha.slice(0, 7)}`;
}
/**
 * Largest size that passes an increase rule. Percentages are applied with
 * exact integer arithmetic and rounded down, so a size exactly at the printed
 * limit passes and one byte more fails.
 */
function increaseCeiling(base, rule) {
    const allowed = [];
    if (rule.percentScaled !== null) {
        const growth = (BigInt(base) * BigInt(rule.percentScaled)) / BigInt(100 * units/* PERCENT_SCALE */.dh);
        allowed.push(Number(growth));
    }
    if (rule.bytes !== null)
        allowed.push(rule.bytes);
    return base + Math.min(...allowed);
}
/** One sentence about a gate: rule, measured value, limit and baseline. */
function describeGate(gate, baseline) {
    const what = metricName(gate.metric);
    const against = baseline === null
        ? 'no baseline'
        : `baseline ${baselineLabel(baseline)}: ${bytesText((0,schema/* baselineMetric */.UU)(baseline, gate.metric) ?? 0)}`;
    if (gate.gate === 'max-size') {
        const verb = gate.passed ? 'is within' : 'is over';
        return `${what} ${bytesText(gate.actual)} ${verb} max-size ${gate.rule} (${(0,units/* formatExact */.Bo)(gate.limit)} bytes); ${against}`;
    }
    const base = gate.baseline ?? 0;
    const ok = gate.gate === 'max-increase' ? gate.passed : !gate.warned;
    const verb = ok ? 'within' : 'over';
    return `${what} ${bytesText(gate.actual)}, ${(0,units/* formatDelta */.CW)(base, gate.actual)}, is ${verb} ${gate.gate} ${gate.rule}: limit ${bytesText(gate.limit)}; ${against}`;
}
/**
 * Applies the gates to a measured report. Pure: the caller fails the job with
 * `failureMessage`, logs `warnings` and `notes`, and stores `gates` in the report.
 * `platform` names the report's platform in the messages when a build has
 * several; `missing` says why it has no baseline when the default branch has
 * a report, but none for this platform.
 */
function evaluateGates(settings, report, context = {}) {
    const platform = context.platform ?? null;
    const on = platform === null ? '' : ` on ${platform}`;
    const { metric } = settings;
    const actual = (0,schema/* metricOf */.ak)(report, metric);
    const baseline = report.baseline;
    const base = baseline === null ? null : (0,schema/* baselineMetric */.UU)(baseline, metric);
    const gates = [];
    const notes = [];
    const missing = metric === 'binary'
        ? ''
        : `no image was built, so there is no ${metricName(metric)}; set size-metric: binary to gate on the binary`;
    if (settings.maxSize !== null) {
        if (actual === null) {
            notes.push(`max-size ${settings.maxSize.text} skipped: ${missing}.`);
        }
        else {
            gates.push({
                gate: 'max-size',
                metric,
                rule: settings.maxSize.text,
                limit: settings.maxSize.bytes,
                actual,
                baseline: base,
                passed: actual <= settings.maxSize.bytes,
                warned: false
            });
        }
    }
    const increase = (kind, rule) => {
        if (rule === null)
            return;
        if (actual === null) {
            notes.push(`${kind} ${rule.text} skipped: ${missing}.`);
            return;
        }
        if (baseline === null || base === null) {
            notes.push(baseline === null
                ? `${kind} ${rule.text} skipped: no baseline to compare with (${context.missing ?? 'the default branch has no saved report yet'}); only absolute limits apply.`
                : `${kind} ${rule.text} skipped: the baseline ${baselineLabel(baseline)} has no ${metricName(metric)}.`);
            return;
        }
        const limit = increaseCeiling(base, rule);
        const over = actual > limit;
        gates.push({
            gate: kind,
            metric,
            rule: rule.text,
            limit,
            actual,
            baseline: base,
            passed: kind === 'warn-increase' ? true : !over,
            warned: kind === 'warn-increase' && over
        });
    };
    increase('max-increase', settings.maxIncrease);
    increase('warn-increase', settings.warnIncrease);
    const failedGates = gates.filter((gate) => !gate.passed);
    const failureMessage = failedGates.length === 0
        ? null
        : failedGates
            .map((gate) => `Size gate failed${on}: ${describeGate(gate, baseline)}.`)
            .join('\n');
    const warnings = gates
        .filter((gate) => gate.warned)
        .map((gate) => `Size warning${on}: ${describeGate(gate, baseline)}.`);
    return {
        gates,
        failed: failedGates.length > 0,
        failureMessage,
        warnings,
        notes,
        sizeDelta: sizeDelta(actual, base)
    };
}
/** Signed bytes, `+1234` / `-56` / `0`; '' when either side is unknown. */
function sizeDelta(actual, base) {
    if (actual === null || base === null)
        return '';
    const delta = actual - base;
    return delta > 0 ? `+${delta}` : String(delta);
}

;// CONCATENATED MODULE: ./src/report/key.ts

/** The comment-key used when the input is empty: one image, one comment. */
const DEFAULT_COMMENT_KEY = 'default';
/**
 * Validates `comment-key`. It ends up inside an HTML comment and a cache key,
 * so it is kept to characters that are safe in both (no `--`, `>` or commas).
 */
function normalizeCommentKey(raw) {
    const key = raw.trim();
    if (key === '')
        return DEFAULT_COMMENT_KEY;
    if (!/^[A-Za-z0-9._/-]{1,64}$/.test(key) || key.includes('--')) {
        throw new errors/* UserError */.y(`comment-key: "${raw}" cannot be used as a comment key.`, [
            'Use up to 64 letters, digits, dots, underscores, slashes or single dashes, e.g. api or cmd/worker.'
        ]);
    }
    return key;
}
/**
 * The comment-key an image gets when none is given: its name, with what a key
 * cannot hold (a registry port's `:`) turned into `_`; a name over 64
 * characters keeps its end, where image names differ. Pure.
 */
function keyFromImage(image) {
    let key = image.replace(/[^A-Za-z0-9._/-]/g, '_').replace(/-{2,}/g, '-');
    if (key.length > 64)
        key = key.slice(key.length - 64);
    key = key.replace(/^[^A-Za-z0-9]+/, '');
    return key === '' ? DEFAULT_COMMENT_KEY : key;
}

;// CONCATENATED MODULE: ./src/inputs.ts












const SBOM_FORMATS = ['spdx', 'cyclonedx', 'both'];
const LANGUAGES = ['auto', 'go', 'c'];
const COMMENT_MODES = ['auto', 'always', 'never'];
/** How long a smoke run may take: long enough for a slow runner, short enough to catch a hang. */
const SMOKE_TIMEOUT_MS = 60_000;
/**
 * The value the user gave, or the documented default. Runners fill defaults
 * from action.yml already; the terminal and tests rely on this.
 */
function inputs_valueOf(source, name) {
    const given = source(name).trim();
    return given === '' ? inputSpec(name).default : given;
}
/** What the user added on top of a default that is always applied. */
function addedTo(defaultValue, given) {
    return given === defaultValue ? '' : given;
}
/** `ghcr.io/<owner>/<repo>` in Actions, else the project folder's name: lowercased, as names must be. */
function defaultImageName(repository, workingDirectory) {
    if (repository !== '')
        return `ghcr.io/${repository.toLowerCase()}`;
    const folder = (0,external_node_path_.basename)(workingDirectory)
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
    return folder === '' ? 'from-scratch' : folder;
}
/** Checked now so a bad `user` fails before compiling; the image stage gets it as given. */
function formatUser(value) {
    (0,rootfs/* parseUser */.tN)(value);
    return value;
}
function parseEpoch(value) {
    if (value.trim() === '')
        return null;
    if (!/^\d+$/.test(value.trim())) {
        throw new errors/* UserError */.y(`SOURCE_DATE_EPOCH is "${value}", but it must be a whole number of seconds since 1970.`);
    }
    return Number(value.trim());
}
const ENGINES = ['auto', 'buildx', 'oci'];
/**
 * `builder` chooses the engine and nothing else, so a typo is refused before
 * anything runs instead of failing late as an unknown buildx instance;
 * `buildx-builder` names the instance, and implies buildx.
 */
function parseBuilder(engineValue, instance) {
    const engine = (0,input_parse/* parseChoice */.HU)('builder', engineValue, ENGINES);
    if (instance === '')
        return { engine, builder: null };
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(instance)) {
        throw new errors/* UserError */.y(`Input \`buildx-builder\` is "${instance}", which is not a buildx builder name (letters, digits, \`_\`, \`.\`, \`-\`).`);
    }
    if (engine === 'oci') {
        throw new errors/* UserError */.y('Input `buildx-builder` names a buildx builder instance, but `builder` is `oci`, which builds without buildx. Leave out one of them.');
    }
    return { engine: 'buildx', builder: instance };
}
/**
 * `platforms` as docker/build-push-action takes it: `linux/amd64,linux/arm64`,
 * comma- or newline-separated, spaces around entries ignored, a repeat dropped
 * (the first stays where it was), `linux/arm64/v8` read as `linux/arm64`.
 * The order is kept: the first is the primary platform. Empty: the default.
 */
function parsePlatforms(value) {
    const entries = (0,input_parse/* parseList */.E1)(value);
    if (entries.length === 0)
        return parsePlatforms(inputSpec('platforms').default);
    const platforms = [];
    for (const entry of entries) {
        const platform = (0,ground_platform/* platformOfName */.mc)(entry);
        if (platform === null)
            throw unknownPlatform(entry, value);
        if (!platforms.includes(platform))
            platforms.push(platform);
    }
    return platforms;
}
function unknownPlatform(entry, value) {
    const names = ground_platform/* KNOWN_PLATFORMS */.PA.map(ground_platform/* platformName */.$r);
    const match = (0,did_you_mean/* closest */.k)(entry, names);
    const within = entry === value.trim() ? '' : ` (in "${value.trim()}")`;
    return new errors/* UserError */.y(`Input \`platforms\` is "${entry}"${within}, but from-scratch builds only ${names.map((n) => `\`${n}\``).join(' and ')}.` +
        (match === null ? '' : ` Did you mean \`${match}\`?`), [
        `Give one or more, comma- or newline-separated, e.g. \`${names.join(',')}\`; the first is the primary one (its binary and sizes are the outputs).`
    ]);
}
function readSettings(source, context) {
    const get = (name) => inputs_valueOf(source, name);
    const { workspace } = context;
    const workingDirectory = (0,external_node_path_.resolve)(workspace, get('working-directory'));
    const binary = get('binary');
    const defaultTags = (0,input_parse/* parseList */.E1)(inputSpec('go-tags').default);
    const image = (0,reference/* validateImageName */.He)(get('image') || defaultImageName(context.repository, workingDirectory));
    const commentKey = get('comment-key').trim();
    return {
        compile: {
            language: (0,input_parse/* parseChoice */.HU)('language', get('language'), LANGUAGES),
            workingDirectory,
            goPackage: get('package'),
            goLdflags: addedTo(inputSpec('go-ldflags').default, get('go-ldflags')),
            goTags: (0,input_parse/* parseList */.E1)(get('go-tags')).filter((tag) => !defaultTags.includes(tag)),
            cgo: (0,input_parse/* parseBoolean */.yG)('cgo', get('cgo')),
            sources: (0,input_parse/* parseList */.E1)(get('sources')),
            buildCommand: get('build-command'),
            // As written: compile resolves it against working-directory and keeps it inside the workspace.
            binary,
            cflags: addedTo(inputSpec('cflags').default, get('cflags')),
            cc: get('cc'),
            buildTimeoutMs: (0,input_parse/* parseDuration */.E9)('build-timeout', get('build-timeout'))
        },
        image: {
            image,
            tags: (0,input_parse/* parseList */.E1)(get('tags')),
            labels: parseLabels(get('labels')),
            include: (0,include/* parseInclude */.KI)(get('include')),
            user: formatUser(get('user')),
            entrypointArgs: parseEntrypointArgs(get('entrypoint-args')),
            expose: parseExpose(get('expose')),
            files: (0,rootfs/* parseFiles */.Bj)((0,input_parse/* parseLines */.Li)(get('files'))),
            workingDirectory,
            workspace: (0,external_node_path_.resolve)(workspace),
            ...parseBuilder(get('builder'), get('buildx-builder')),
            push: (0,input_parse/* parseBoolean */.yG)('push', get('push')),
            provenance: (0,input_parse/* parseBoolean */.yG)('provenance', get('provenance')),
            smokeTest: parseSmokeTest(get('smoke-test')),
            smokeTimeoutMs: SMOKE_TIMEOUT_MS
        },
        platforms: parsePlatforms(get('platforms')),
        sourceDateEpoch: parseEpoch(context.sourceDateEpoch),
        sbom: {
            enabled: (0,input_parse/* parseBoolean */.yG)('sbom', get('sbom')),
            format: (0,input_parse/* parseChoice */.HU)('sbom-format', get('sbom-format'), SBOM_FORMATS)
        },
        gates: parseGateSettings({
            'max-size': get('max-size'),
            'max-increase': get('max-increase'),
            'warn-increase': get('warn-increase'),
            'size-metric': get('size-metric')
        }),
        comment: (0,input_parse/* parseChoice */.HU)('comment', get('comment'), COMMENT_MODES),
        commentKey: normalizeCommentKey(commentKey === '' ? keyFromImage(image) : commentKey),
        commentKeyGiven: commentKey !== '',
        commentGroup: get('comment-group').trim(),
        commentAuthor: get('comment-author'),
        // The default is an expression only a runner expands; taken literally it is no token.
        githubToken: get('github-token').startsWith('${{') ? '' : get('github-token')
    };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/publish/baseline-store.ts




function none(missing) {
    return { report: null, missing };
}
function isMissing(error) {
    return error?.code === 'ENOENT';
}
/**
 * A baseline file's text, or why not. The size is checked on the open file
 * before reading it: a restored file is untrusted and may be of any size.
 */
async function readBaselineText(path) {
    let file;
    try {
        // Non-blocking: a FIFO in its place must not hang the job.
        file = await (0,promises_.open)(path, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NONBLOCK);
    }
    catch (error) {
        return { why: null, detail: (0,errors/* messageOf */.b)(error), error };
    }
    try {
        const { size, isFile } = await file.stat().then((s) => ({ size: s.size, isFile: s.isFile() }));
        if (!isFile)
            return { why: null, detail: 'it is not a file', error: null };
        if (size > schema/* BASELINE_LIMITS */.TA.bytes) {
            return { why: schema/* BASELINE_TOO_LARGE */.JZ, detail: `${size} bytes`, error: null };
        }
        // No more than the size seen: a file that grows meanwhile is not read on.
        const bytes = Buffer.alloc(size);
        let filled = 0;
        while (filled < size) {
            const { bytesRead } = await file.read(bytes, filled, size - filled, filled);
            if (bytesRead === 0)
                break;
            filled += bytesRead;
        }
        return bytes.subarray(0, filled).toString('utf8');
    }
    catch (error) {
        return { why: null, detail: (0,errors/* messageOf */.b)(error), error };
    }
    finally {
        await file.close();
    }
}

;// CONCATENATED MODULE: ./src/publish/baseline-file.ts




/**
 * `--baseline FILE` for the terminal and tests: restore reads the file (a
 * missing file is simply no baseline), save writes it.
 */
class FileBaselineStore {
    path;
    log;
    constructor(path, log) {
        this.path = path;
        this.log = log;
    }
    async restore() {
        const text = await readBaselineText(this.path);
        if (typeof text !== 'string') {
            if (isMissing(text.error)) {
                this.log.info(`No baseline yet: ${this.path} does not exist.`);
                return none(`${this.path} does not exist yet`);
            }
            if (text.why !== null) {
                this.log.warning(`Ignoring the baseline ${this.path}: ${text.why} (${text.detail}).`);
                return none(`${this.path} could not be used: ${text.why}`);
            }
            this.log.warning(`Could not read the baseline ${this.path}: ${text.detail}`);
            return none(`${this.path} could not be read (${text.detail})`);
        }
        const parsed = (0,schema/* parseBaseline */.nk)(text);
        if (parsed.report === null) {
            this.log.warning(`Ignoring the baseline ${this.path}: ${parsed.reason}.`);
            return none(`${this.path} could not be used: ${parsed.reason}`);
        }
        // A report saved without `source`, or outside a git repository (no ref), is named by its file.
        const source = parsed.report.source;
        const named = !source || source.ref === '' ? { ref: this.path, sha: source?.sha ?? '' } : source;
        return { report: { ...parsed.report, source: named }, missing: null };
    }
    async save(report) {
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(this.path), { recursive: true });
        await (0,promises_.writeFile)(this.path, (0,schema/* serializeReport */.xH)(report));
    }
}

// EXTERNAL MODULE: ./src/report/binary-json.ts
var binary_json = __webpack_require__(2424);
;// CONCATENATED MODULE: ./src/ground/markdown-escape.ts
/**
 * Strings from outside (repository paths, refs, module paths, strings from a
 * binary, anything read from a restored baseline) inside markdown that we
 * publish: the job summary and the pull-request comment. Pure.
 *
 * Whatever the string, it stays one inline piece of text: it cannot start a
 * heading, list, quote or table row, close our `<details>`, add HTML, end a
 * table cell, link, ping (`@user`) or reference (`#1`). Two ways:
 * - `code(text)`, the default: an inline code span, shown literally;
 * - `text(text)`: prose with every markdown character escaped, for places
 *   where code formatting would read badly.
 */
/** Control characters and line breaks: none of them may reach markdown raw. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/g;
/** One line: breaks become a space, other control characters `\xNN`/`\uNNNN` escapes. */
function markdown_escape_oneLine(text) {
    return text.replace(/\r\n|\r|\n|\u2028|\u2029/g, ' ').replace(CONTROL, (char) => {
        const code = char.charCodeAt(0);
        return code <= 0xff
            ? `\\x${code.toString(16).padStart(2, '0')}`
            : `\\u${code.toString(16).padStart(4, '0')}`;
    });
}
/**
 * The longest run of backticks in `text`. A loop, not `Math.max(...runs)`:
 * spreading 125,000 runs overflows the stack, and any restored string may hold that many.
 */
function longestBacktickRun(text) {
    let longest = 0;
    let run = 0;
    for (let i = 0; i < text.length; i++) {
        if (text.charCodeAt(i) === 0x60) {
            run++;
            if (run > longest)
                longest = run;
        }
        else {
            run = 0;
        }
    }
    return longest;
}
/**
 * An inline code span holding `value` literally. The fence is longer than any
 * run of backticks inside; `|` is escaped so that a table row stays whole
 * (GitHub removes that backslash inside tables; elsewhere it shows).
 */
function code(value) {
    const flat = markdown_escape_oneLine(value).replace(/\|/g, '\\|');
    const longest = longestBacktickRun(flat);
    const fence = '`'.repeat(longest + 1);
    // A space on both sides keeps a backtick inside off the fence; markdown strips it again.
    const pad = longest > 0 || flat === '' ? ' ' : '';
    return `${fence}${pad}${flat}${pad}${fence}`;
}
/**
 * Prose, for places where code formatting would read badly; never at the
 * start of a line. Characters with an inline meaning (emphasis, code, links,
 * HTML, entities, strikethrough, table cells, math, autolinks) are
 * backslash-escaped, which CommonMark allows for any ASCII punctuation, and
 * `@` and `#` get a zero-width space, so that GitHub pings no user and
 * references no issue.
 */
function markdown_escape_text(value) {
    return markdown_escape_oneLine(value)
        .replace(/[\\`*_[\]<>&~|$]/g, (char) => `\\${char}`)
        .replace(/:(?=\/\/)/g, '\\:')
        .replace(/\b(www)\./gi, '$1\\.')
        .replace(/[@#]/g, (char) => `${char}\u200b`);
}

// EXTERNAL MODULE: ./src/report/sizes.ts
var report_sizes = __webpack_require__(4164);
;// CONCATENATED MODULE: ./src/report/causes.ts


/**
 * Why a size changed: at most MAX_CAUSES causes whose bytes, with one
 * remainder, add up to the change of the size the headline shows. Pure. The
 * one place causes are decided: the comment's "Why" lines and the failed
 * gate's message both render this.
 *
 * No byte is counted twice:
 * - a new `reflect-method` mechanism takes the growth of exported methods of
 *   every package; each package's own growth is then counted without it;
 * - a module that is new or changed version takes its packages' growth; they
 *   are not causes again;
 * - buckets (rows in parentheses: runtime tables, unplaced strings) are
 *   effects, not causes: they stay in the remainder, which names them.
 */
const MAX_CAUSES = 5;
/** How many names a grouped cause lists before "and N more". */
const GROUP_NAMES = 3;
/** The sections a `dwarf` mechanism brings: left out of packages, so countable on their own. */
const DEBUG_SECTION = /^\.z?debug_/;
function isBucket(name) {
    return name.startsWith('(');
}
function bytesOf(cause) {
    return cause.bytes ?? 0;
}
function mechanismCauses(diff) {
    const causes = [];
    let methods = false;
    for (const [change, list] of [
        ['added', diff.mechanisms.added],
        ['gone', diff.mechanisms.gone]
    ]) {
        for (const mechanism of list) {
            let bytes = null;
            if (mechanism.id === 'reflect-method' && !methods) {
                // The methods that came (or went) with it, over every package.
                bytes = diff.methods;
                methods = true;
            }
            else if (mechanism.id === 'dwarf') {
                bytes = diff.sections
                    .filter((s) => DEBUG_SECTION.test(s.name))
                    .reduce((n, s) => n + s.delta, 0);
            }
            causes.push({ kind: 'mechanism', mechanism, change, bytes });
        }
    }
    return { causes, methods };
}
function extraCauses(extras) {
    if (extras === null)
        return [];
    const kinds = (list) => new Set(list.map((e) => e.kind));
    const before = kinds(extras.base);
    const now = kinds(extras.current);
    const cause = (extra, change) => ({
        kind: 'extra',
        extra: extra.kind,
        change,
        paths: extra.paths ?? [],
        evidence: extra.evidence ?? [],
        bytes: change === 'added' ? extra.bytes : -extra.bytes
    });
    return [
        ...extras.current.filter((e) => !before.has(e.kind)).map((e) => cause(e, 'added')),
        ...extras.base.filter((e) => !now.has(e.kind)).map((e) => cause(e, 'gone'))
    ];
}
function binaryCauses(diff, withoutMethods) {
    const causes = [];
    const explained = new Set();
    for (const row of diff.modules) {
        const version = (0,report_sizes/* versionChange */.Bn)(row);
        if (version === '' || row.name === report_sizes/* OTHER */.Zs || isBucket(row.name))
            continue;
        explained.add(row.name);
        const bytes = row.delta - (withoutMethods ? (row.methods ?? 0) : 0);
        causes.push({ kind: 'module', name: row.name, version, bytes });
    }
    const groups = { added: [], gone: [] };
    for (const row of diff.packages) {
        if (isBucket(row.name) || (row.module !== undefined && explained.has(row.module)))
            continue;
        const bytes = row.delta - (withoutMethods ? (row.methods ?? 0) : 0);
        if (row.base === null)
            groups.added.push({ name: row.name, bytes });
        else if (row.current === null)
            groups.gone.push({ name: row.name, bytes });
        else
            causes.push({
                kind: 'package',
                name: row.name,
                bytes,
                withoutMethods: withoutMethods && (row.methods ?? 0) !== 0
            });
    }
    for (const change of ['added', 'gone']) {
        const rows = groups[change].sort((a, b) => Math.abs(b.bytes) - Math.abs(a.bytes));
        if (rows.length === 0)
            continue;
        causes.push({
            kind: 'packages',
            change,
            names: rows.slice(0, GROUP_NAMES),
            count: rows.length,
            bytes: rows.reduce((n, r) => n + r.bytes, 0)
        });
    }
    return causes;
}
/** The causes of a size change; see the module comment for how bytes are shared out. */
function explainChange(input) {
    const { total, diff } = input;
    const mechanisms = diff === null ? { causes: [], methods: false } : mechanismCauses(diff);
    const extras = extraCauses(input.extras);
    const sign = Math.sign(total);
    // Causes that pull the same way as the change, largest first; tiny ones are noise.
    const candidates = diff === null ? [] : binaryCauses(diff, mechanisms.methods);
    const rest = candidates
        .filter((c) => Math.abs(bytesOf(c)) >= report_sizes/* NOISE_FLOOR */.IF && Math.sign(bytesOf(c)) === sign)
        .sort((a, b) => Math.abs(bytesOf(b)) - Math.abs(bytesOf(a)));
    const room = Math.max(0, MAX_CAUSES - mechanisms.causes.length);
    // A new runtime need is always named, even a /tmp of 0 bytes: it changes what the image holds.
    const needs = extras.filter((c) => bytesOf(c) === 0 || Math.sign(bytesOf(c)) === sign);
    const shownNeeds = needs.slice(0, room);
    const others = rest.slice(0, room - shownNeeds.length);
    const chosen = [...mechanisms.causes.slice(0, MAX_CAUSES), ...others, ...shownNeeds];
    const ranked = [
        ...chosen.filter((c) => c.kind === 'mechanism'),
        ...chosen
            .filter((c) => c.kind !== 'mechanism')
            .sort((a, b) => Math.abs(bytesOf(b)) - Math.abs(bytesOf(a)))
    ];
    const other = total - ranked.reduce((n, c) => n + bytesOf(c), 0);
    const counted = ranked.some((c) => c.kind === 'mechanism' && c.mechanism.id === 'dwarf');
    const otherParts = diff === null || counted || other === 0
        ? []
        : diff.packages
            .filter((p) => isBucket(p.name) &&
            p.name !== report_sizes/* OTHER */.Zs &&
            Math.sign(p.delta) === Math.sign(other) &&
            // Worth naming: a twentieth of the remainder at least.
            Math.abs(p.delta) * 20 >= Math.abs(other))
            .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta))
            .slice(0, 2)
            .map((p) => ({ name: p.name, bytes: p.delta }));
    // The package causes left out, to say what "other changes" is made of.
    const left = candidates.filter((c) => !ranked.includes(c) &&
        (c.kind === 'package' || c.kind === 'packages') &&
        other !== 0 &&
        Math.sign(c.bytes) === Math.sign(other));
    const otherPackages = {
        count: left.reduce((n, c) => n + (c.kind === 'packages' ? c.count : 1), 0),
        bytes: left.reduce((n, c) => n + bytesOf(c), 0)
    };
    const binaryUnexplained = diff !== null ? null : input.baseUnattributed === true ? 'base' : 'build';
    return { total, causes: ranked, other, otherParts, otherPackages, binaryUnexplained };
}
/** The extras of a baseline or an image, as causes compare them. */
function extrasOf(list) {
    return list === undefined ? null : list;
}
/**
 * The causes of the change a report's headline shows: the image size when
 * both sides have one, else the binary size. null without a baseline.
 */
function causesOf(report) {
    const base = report.baseline;
    if (base === null)
        return null;
    const image = report.image;
    const imageTotal = image !== null && base.imageSize !== null;
    const total = imageTotal ? image.size - base.imageSize : report.binary.size - base.binarySize;
    const diff = report.changes?.status === 'compared' ? report.changes.diff : null;
    const baseExtras = extrasOf(base.extras);
    // What asked for each extra of this build: the evidence of the findings behind it.
    const currentExtras = extrasOf(image?.extras?.map((extra) => ({
        ...extra,
        evidence: report.binary.findings
            .filter((f) => extra.reasons.some((r) => r.by === 'finding' && r.finding === f.id))
            .flatMap((f) => f.evidence)
    })));
    const extras = imageTotal && baseExtras !== null && currentExtras !== null
        ? { base: baseExtras, current: currentExtras }
        : null;
    const baseUnattributed = report.changes?.status === 'base-without-attribution';
    return explainChange({ total, diff, extras, baseUnattributed });
}
const EXTRA_NAMES = {
    'ca-certificates': 'the CA certificate bundle',
    tzdata: 'time zone data',
    passwd: '/etc/passwd and /etc/group',
    tmp: 'an empty /tmp folder'
};
function nameList(names, count, words) {
    const listed = names.map((n) => `${words.name(n.name)} (${words.bytes(n.bytes)})`);
    const more = count - names.length;
    if (more > 0)
        return `${listed.join(', ')} and ${more} more`;
    if (listed.length <= 1)
        return listed.join('');
    return `${listed.slice(0, -1).join(', ')} and ${listed.at(-1)}`;
}
/** One cause in plain words, without its bytes. */
function causeWords(cause, words) {
    switch (cause.kind) {
        case 'mechanism': {
            const { mechanism } = cause;
            const facts = [];
            if (mechanism.functions !== null)
                facts.push(`${(0,units/* formatExact */.Bo)(mechanism.functions)} functions`);
            const evidence = mechanism.evidence.slice(0, 2).map(words.name);
            if (evidence.length > 0)
                facts.push(`seen in ${evidence.join(', ')}`);
            const what = cause.change === 'added' ? 'new' : 'gone';
            return `${what}: ${words.prose(mechanism.message)}${facts.length > 0 ? ` (${facts.join('; ')})` : ''}`;
        }
        case 'module':
            return `module ${words.name(cause.name)} ${words.name(cause.version)}`;
        case 'packages': {
            const one = cause.count === 1;
            const head = cause.change === 'added'
                ? one
                    ? 'new package'
                    : `${cause.count} new packages:`
                : one
                    ? 'package gone:'
                    : `${cause.count} packages gone:`;
            return `${head} ${nameList(cause.names, cause.count, words)}`;
        }
        case 'package': {
            const verb = cause.bytes >= 0 ? 'grew' : 'shrank';
            return `${words.name(cause.name)} ${verb}${cause.withoutMethods ? ' (besides its exported methods)' : ''}`;
        }
        case 'extra': {
            const known = EXTRA_NAMES[cause.extra];
            const what = known === undefined ? words.name(cause.extra) : known;
            const asked = cause.evidence.slice(0, 2).map(words.name);
            const because = asked.length > 0 ? `, because the binary now has ${asked.join(' and ')}` : '';
            return cause.change === 'added'
                ? `new runtime need: ${what} in the image${because}`
                : `runtime need gone: ${what} left the image`;
        }
    }
}
/** The remainder in plain words. */
function otherWords(causes, words) {
    const parts = [];
    const { count, bytes } = causes.otherPackages;
    if (count > 0) {
        const verb = bytes >= 0 ? 'grew' : 'shrank';
        parts.push(`${(0,units/* formatExact */.Bo)(count)} more ${count === 1 ? 'package' : 'packages'} ${verb} (${(0,units/* formatSignedBytes */.vN)(bytes)} in all)`);
    }
    for (const p of causes.otherParts)
        parts.push(`${words.name(p.name)} ${(0,units/* formatSignedBytes */.vN)(p.bytes)}`);
    const why = causes.binaryUnexplained === 'base' ? ' (the baseline has no size attribution to say more)' : '';
    const head = causes.binaryUnexplained === null
        ? 'other changes'
        : `${causes.causes.length > 0 ? 'everything else, in the binary' : 'the binary'}${why}`;
    return parts.length > 0 ? `${head}: ${parts.join(', ')}` : head;
}
const PLAIN_WORDS = { name: report_sizes/* plainName */.MH, prose: report_sizes/* plainName */.MH, bytes: units/* formatBytes */.z3 };
/**
 * Each cause in plain words with its bytes, then the remainder when there is
 * one: for a log line or a terminal (no markdown; names flattened and capped).
 */
function causeTexts(causes) {
    if (causes === null || causes.causes.length === 0)
        return [];
    const parts = causes.causes.map((c) => `${causeWords(c, PLAIN_WORDS)}${c.bytes === null ? '' : ` (${(0,units/* formatSignedBytes */.vN)(c.bytes)})`}`);
    if (causes.other !== 0) {
        parts.push(`${otherWords(causes, PLAIN_WORDS)} (${(0,units/* formatSignedBytes */.vN)(causes.other)})`);
    }
    return parts;
}
/** The causes for one log line: ` Causes: new: …(+612 kB); new package … (+120 kB).` or ''. */
function causesSentence(causes) {
    const parts = causeTexts(causes);
    return parts.length === 0 ? '' : ` Causes: ${parts.join('; ')}.`;
}

;// CONCATENATED MODULE: ./src/report/sizes-markdown.ts



/** A name from outside, capped and code-spanned. */
function sizes_markdown_shown(value) {
    return code((0,report_sizes/* capName */.ot)(value));
}
/** A sentence from outside (a note, a message that may quote a name), capped and escaped. */
function prose(value, limit = 400) {
    return markdown_escape_text((0,report_sizes/* capName */.ot)(value, limit));
}
function percent(part, whole) {
    if (whole <= 0)
        return '—';
    const p = (part / whole) * 100;
    return `${p >= 99.95 && part < whole ? '99.9' : p.toFixed(1)} %`;
}
/** A note below a table: separated by a blank line, so it is a paragraph and not a row. */
function note(words) {
    return ['', `_${words}_`];
}
function sumOf(rows) {
    return rows.reduce((n, r) => n + r.delta, 0);
}
const PART_TITLES = {
    code: 'code',
    pclntab: 'func tables',
    funcdata: 'funcdata',
    types: 'types',
    strings: 'strings',
    data: 'data'
};
/** A table of changes ranked by the change it shows, with what it leaves out summed below it. */
function changeTable(title, rows, limit, withModule) {
    if (rows.length === 0)
        return [];
    const shownRows = rows.slice(0, limit);
    const module = withModule ? ' module |' : '';
    const lines = [
        `| ${title} |${module} base | this PR | change |`,
        `| --- |${withModule ? ' --- |' : ''} ---: | ---: | ---: |`
    ];
    for (const row of shownRows) {
        const version = (0,report_sizes/* versionChange */.Bn)(row);
        const label = `${sizes_markdown_shown(row.name)}${version === '' ? '' : ` ${sizes_markdown_shown(version)}`}`;
        const moduleCell = withModule ? ` ${row.module ? sizes_markdown_shown(row.module) : ''} |` : '';
        const base = row.base === null ? '—' : (0,units/* formatBytes */.z3)(row.base);
        const now = row.current === null ? '—' : (0,units/* formatBytes */.z3)(row.current);
        lines.push(`| ${label} |${moduleCell} ${base} | ${now} | ${(0,report_sizes/* changeWord */.dY)(row)} |`);
    }
    const rest = rows.slice(shownRows.length);
    if (rest.length > 0) {
        lines.push(...note(`${(0,units/* formatExact */.Bo)(rest.length)} more ${title} changes: ${(0,units/* formatSignedBytes */.vN)(sumOf(rest))} in all.`));
    }
    return lines;
}
/**
 * "What changed" for `diff --markdown`: packages, modules (with version
 * changes) and sections that moved by at least the noise floor. Empty when
 * there is no baseline or nothing moved.
 */
function whatChangedLines(comparison, limits) {
    if (comparison === null)
        return [];
    if (comparison.status === 'base-without-attribution') {
        return [
            '',
            '_The baseline has no size attribution (it was saved by an older from-scratch): only the totals are compared._'
        ];
    }
    if (comparison.status === 'no-attribution')
        return [];
    const { diff } = comparison;
    if (diff.packages.length + diff.modules.length + diff.sections.length === 0)
        return [];
    const lines = ['', '**What changed:**'];
    for (const table of [
        changeTable('module', diff.modules, limits.changes, false),
        changeTable('package', diff.packages, limits.changes, true),
        changeTable('section', diff.sections, limits.changes, false)
    ]) {
        if (table.length > 0)
            lines.push('', ...table);
    }
    return lines;
}
/** The part columns that are not zero in every row. */
function partColumns(rows) {
    return report_sizes/* SIZE_KINDS */.gT.filter((kind) => rows.some((row) => (row.parts[kind] ?? 0) !== 0));
}
/** The largest packages by the bytes their rows show, split by kind; the rest summed below. */
function largestPackageLines(sizes, limit) {
    const rows = sizes.packages.filter((p) => p.name !== report_sizes/* OTHER */.Zs);
    if (rows.length === 0)
        return [];
    const top = rows.slice(0, limit);
    const kinds = partColumns(top);
    // One kind only says nothing the bytes column does not.
    const columns = kinds.length > 1 ? kinds : [];
    const lines = [
        `| package | module | bytes |${columns.map((k) => ` ${PART_TITLES[k]} |`).join('')}`,
        `| --- | --- | ---: |${columns.map(() => ' ---: |').join('')}`
    ];
    for (const p of top) {
        const cells = columns.map((k) => ` ${(0,units/* formatExact */.Bo)(p.parts[k] ?? 0)} |`).join('');
        lines.push(`| ${sizes_markdown_shown(p.name)} | ${p.module === '' ? '' : sizes_markdown_shown(p.module)} | ${(0,units/* formatExact */.Bo)(p.bytes)} |${cells}`);
    }
    const rest = sizes.packages.slice(top.length).filter((p) => p.name !== report_sizes/* OTHER */.Zs);
    const other = sizes.packages.find((p) => p.name === report_sizes/* OTHER */.Zs);
    const count = rest.length + sizes.others.packages;
    if (count > 0) {
        const bytes = rest.reduce((n, p) => n + p.bytes, other?.bytes ?? 0);
        lines.push(...note(`${(0,units/* formatExact */.Bo)(count)} smaller packages: ${(0,units/* formatExact */.Bo)(bytes)} bytes in all.`));
    }
    if (columns.includes('code')) {
        lines.push(...note('code includes the alignment padding after each function.'));
    }
    return lines;
}
/** Package changes ranked by the change, then the largest packages. */
function packageLines(sizes, diff, limit) {
    const lines = [];
    if (diff !== null) {
        if (diff.packages.length > 0) {
            lines.push(...changeTable('package', diff.packages, limit, true));
        }
        else {
            lines.push('No package changed by more than the noise floor.');
        }
        if (diff.quiet > 0) {
            lines.push(...note(diff.quiet === 1
                ? '1 more row changed by less than 128 bytes.'
                : `${(0,units/* formatExact */.Bo)(diff.quiet)} more rows changed by less than 128 bytes each.`));
        }
    }
    const largest = largestPackageLines(sizes, limit);
    if (largest.length > 0) {
        if (lines.length > 0)
            lines.push('', '**Largest packages:**', '');
        lines.push(...largest);
    }
    if (sizes.symbols.length > 0) {
        const top = sizes.symbols.slice(0, limit);
        const withFile = top.some((s) => s.file !== '');
        if (lines.length > 0)
            lines.push('');
        lines.push(`| symbol | section |${withFile ? ' object |' : ''} bytes |`, `| --- | --- |${withFile ? ' --- |' : ''} ---: |`);
        for (const s of top) {
            const file = withFile ? ` ${s.file === '' ? '' : sizes_markdown_shown(s.file)} |` : '';
            lines.push(`| ${sizes_markdown_shown(s.name)} | ${sizes_markdown_shown(s.section)} |${file} ${(0,units/* formatExact */.Bo)(s.size)} |`);
        }
        if (sizes.symbols.length > top.length) {
            lines.push(...note(`${(0,units/* formatExact */.Bo)(sizes.symbols.length - top.length)} smaller symbols left out.`));
        }
    }
    return lines;
}
/** Modules with their versions, by bytes, with the change against the baseline. */
function moduleLines(sizes, diff, limit) {
    const rows = sizes.modules.filter((m) => m.path !== report_sizes/* OTHER */.Zs);
    const gone = diff === null ? [] : diff.modules.filter((m) => m.current === null);
    if (rows.length === 0 && gone.length === 0)
        return [];
    const changes = new Map((diff?.modules ?? []).map((m) => [m.name, m]));
    const withChange = diff !== null;
    const lines = [
        `| module | version | packages | bytes |${withChange ? ' change |' : ''}`,
        `| --- | --- | ---: | ---: |${withChange ? ' ---: |' : ''}`
    ];
    const top = rows.slice(0, limit);
    for (const m of top) {
        const change = changes.get(m.path);
        const moved = change === undefined ? '' : (0,report_sizes/* versionChange */.Bn)(change);
        const version = moved !== '' ? sizes_markdown_shown(moved) : m.version === '' ? '' : sizes_markdown_shown(m.version);
        const cell = withChange ? ` ${change === undefined ? '' : (0,report_sizes/* changeWord */.dY)(change)} |` : '';
        lines.push(`| ${sizes_markdown_shown(m.path)} | ${version} | ${(0,units/* formatExact */.Bo)(m.packages)} | ${(0,units/* formatExact */.Bo)(m.bytes)} |${cell}`);
    }
    const rest = sizes.modules.slice(top.length).filter((m) => m.path !== report_sizes/* OTHER */.Zs);
    const count = rest.length + sizes.others.modules;
    const notes = [];
    if (count > 0) {
        const other = sizes.modules.find((m) => m.path === report_sizes/* OTHER */.Zs);
        const bytes = rest.reduce((n, m) => n + m.bytes, other?.bytes ?? 0);
        notes.push(`${(0,units/* formatExact */.Bo)(count)} smaller modules: ${(0,units/* formatExact */.Bo)(bytes)} bytes in all.`);
    }
    if (gone.length > 0) {
        const names = gone
            .slice(0, 5)
            .map((m) => `${sizes_markdown_shown(m.name)} ${m.baseVersion ? sizes_markdown_shown(m.baseVersion) : ''}`.trim());
        notes.push(`Gone since the baseline: ${names.join(', ')}${gone.length > 5 ? ` and ${gone.length - 5} more` : ''} (${(0,units/* formatSignedBytes */.vN)(sumOf(gone))}).`);
    }
    for (const words of notes)
        lines.push('', words);
    return lines;
}
/** How much of the file was placed, the sections by size, and each section's attributed share. */
function sectionLines(sizes, diff) {
    const lines = [];
    const { placed } = sizes;
    if (placed.file > 0) {
        // The buckets by name, largest first: what "named buckets" means in this binary.
        const buckets = sizes.packages
            .filter((p) => p.name.startsWith('(') && p.name !== report_sizes/* OTHER */.Zs)
            .slice(0, 3)
            .map((p) => sizes_markdown_shown(p.name));
        lines.push(`**${percent(placed.packages + placed.buckets, placed.file)}** of the file's ${(0,units/* formatBytes */.z3)(placed.file)} is placed: ` +
            `${percent(placed.packages, placed.file)} in packages, ${percent(placed.buckets, placed.file)} in named buckets` +
            `${buckets.length > 0 ? ` (${buckets.join(', ')}${buckets.length < 3 ? '' : ', …'})` : ''}.`, '');
    }
    const title = sizes.layout === 'sections' ? 'section' : 'segment';
    const changes = new Map((diff?.sections ?? []).map((s) => [s.name, s]));
    const withChange = diff !== null;
    const sections = [...sizes.sections]
        .filter((s) => s.size !== 0 || s.memory !== 0)
        .sort((a, b) => b.size - a.size);
    if (sections.length > 0) {
        lines.push(`| ${title} | bytes |${withChange ? ' change |' : ''}`, `| --- | ---: |${withChange ? ' ---: |' : ''}`);
        for (const s of sections) {
            const memory = s.size === s.memory ? '' : ` (${(0,units/* formatExact */.Bo)(s.memory)} in memory)`;
            const change = changes.get(s.name);
            const cell = withChange ? ` ${change === undefined ? '' : (0,report_sizes/* changeWord */.dY)(change)} |` : '';
            lines.push(`| ${sizes_markdown_shown(s.name)} | ${(0,units/* formatExact */.Bo)(s.size)}${memory} |${cell}`);
        }
    }
    const shares = Object.entries(sizes.attributed);
    if (shares.length > 0)
        lines.push('');
    for (const [section, share] of shares.filter(([, share]) => share.size > 0).slice(0, 32)) {
        const what = share.attributed === 0 && share.how.startsWith('not attributable')
            ? prose(share.how)
            : `${percent(share.attributed, share.size)} attributed (${prose(share.how)})`;
        lines.push(`- ${sizes_markdown_shown(section)} (${(0,units/* formatBytes */.z3)(share.size)}): ${what}`);
    }
    if (sizes.notes.length > 0)
        lines.push('');
    for (const words of sizes.notes.slice(0, 10))
        lines.push(`- ${prose(words)}`);
    return lines;
}
function adviceLine(item) {
    const bytes = item.bytes === null ? '' : `**${(0,units/* formatBytes */.z3)(item.bytes)}**: `;
    return `- ${bytes}${prose(item.message)}`;
}
function mechanismLine(mechanism, isNew) {
    const bytes = mechanism.bytes === null ? '' : `**${(0,units/* formatBytes */.z3)(mechanism.bytes)}**: `;
    const functions = mechanism.functions === null ? '' : ` (${(0,units/* formatExact */.Bo)(mechanism.functions)} functions)`;
    const calls = mechanism.evidence.slice(0, 3).map(sizes_markdown_shown);
    const kept = calls.length === 0
        ? ''
        : ` Kept alive by ${calls.join(', ')}${mechanism.evidence.length > 3 ? ` and ${mechanism.evidence.length - 3} more` : ''}: remove ${calls.length === 1 ? 'that call' : 'those calls'} to drop it.`;
    const since = isNew ? 'New in this change: ' : '';
    return `- ${bytes}${since}${prose(mechanism.message)}${functions}.${kept}`;
}
/** Ways to shrink the binary, measured in it: mechanisms first, then the advice. */
function shrinkLines(sizes, diff) {
    const added = new Set((diff?.mechanisms.added ?? []).map((m) => m.id));
    return [
        ...sizes.mechanisms.map((m) => mechanismLine(m, added.has(m.id))),
        ...sizes.advice.slice(0, 10).map(adviceLine)
    ];
}

;// CONCATENATED MODULE: ./src/report/markdown.ts






/** GitHub refuses issue comments longer than this many characters. */
const COMMENT_LIMIT = 65_536;
/** The hidden line that marks our comment; `key` is the normalized comment-key. */
function commentMarker(key) {
    return `<!-- from-scratch:${key} -->`;
}
// Every string from outside (the binary, the repository, a restored baseline) goes through
// code()/shown() or text()/prose(): it cannot start markup, close <details>, or break a table row.

function rows(report) {
    const b = report.baseline;
    const out = [{ label: 'binary', base: b?.binarySize ?? null, current: report.binary.size }];
    if (report.image !== null || (b !== null && b.imageSize !== null)) {
        out.push({ label: 'image', base: b?.imageSize ?? null, current: report.image?.size ?? null });
        out.push({
            label: report.image !== null && !report.image.pullSizeExact ? 'pull (estimated)' : 'pull',
            base: b?.pullSize ?? null,
            current: report.image?.pullSize ?? null
        });
    }
    return out;
}
function cell(bytes) {
    return bytes === null ? '—' : (0,units/* formatBytes */.z3)(bytes);
}
function sizeTable(report, current) {
    const label = report.baseline === null ? '' : baselineLabel(report.baseline);
    const base = label === '' ? 'base' : `base (${sizes_markdown_shown(label)})`;
    const lines = [`| size | ${base} | ${current} | change |`, '| --- | ---: | ---: | ---: |'];
    for (const row of rows(report)) {
        const change = row.base === null || row.current === null ? '—' : (0,units/* formatDelta */.CW)(row.base, row.current);
        lines.push(`| ${row.label} | ${cell(row.base)} | ${cell(row.current)} | ${change} |`);
    }
    return lines;
}
/** `\`main@abc1234\`` after `prefix`, or "the baseline" when it names nothing (a file saved outside git). */
function baselineName(base, prefix) {
    const label = baselineLabel(base);
    return label === '' ? 'the baseline' : `${prefix}${sizes_markdown_shown(label)}`;
}
function headline(report) {
    const name = report.image?.name ?? report.binary.path.split('/').pop() ?? report.binary.path;
    const title = `### ${icon(report)} from-scratch: ${sizes_markdown_shown(name)} — `;
    if (!report.binary.accepted) {
        return `${title}the binary will not run in an empty image (${markdown_escape_text(report.binary.linkage)})`;
    }
    const main = report.image === null ? report.binary.size : report.image.size;
    const what = report.image === null ? 'binary' : 'image';
    const base = report.baseline;
    const baseSize = base === null ? null : what === 'image' ? base.imageSize : base.binarySize;
    const versus = base === null
        ? 'no baseline to compare with'
        : baseSize === null
            ? `${baselineName(base, 'baseline ')} has no ${what} size`
            : `${(0,units/* formatDelta */.CW)(baseSize, main)} vs ${baselineName(base, '')}`;
    // The icon gives the verdict; the gate lines right below say which limit and by how much.
    return `${title}${(0,units/* formatBytes */.z3)(main)} ${what}, ${versus}`;
}
function icon(report) {
    if (!report.binary.accepted || report.gates.some((gate) => !gate.passed))
        return '❌';
    return report.gates.some((gate) => gate.warned) ? '⚠️' : '✅';
}
function shortGate(gate) {
    const what = metricName(gate.metric);
    const where = gate.actual > gate.limit ? 'over' : 'within';
    if (gate.gate === 'max-size') {
        return `${what} ${(0,units/* formatBytes */.z3)(gate.actual)}, ${where} max-size ${markdown_escape_text(gate.rule)}`;
    }
    const change = gate.baseline === null ? '' : `, ${(0,units/* formatDelta */.CW)(gate.baseline, gate.actual)},`;
    return `${what} ${(0,units/* formatBytes */.z3)(gate.actual)}${change} ${where} ${gate.gate} ${markdown_escape_text(gate.rule)} (limit ${(0,units/* formatBytes */.z3)(gate.limit)})`;
}
function gateIcon(gate) {
    if (!gate.passed)
        return '❌';
    return gate.warned ? '⚠️' : '✅';
}
function gateLines(report, notes) {
    if (report.gates.length === 0 && notes.length === 0)
        return [];
    const failed = report.gates.some((gate) => !gate.passed);
    const warned = report.gates.some((gate) => gate.warned);
    const outcome = report.gates.length === 0
        ? 'none could be checked'
        : failed
            ? 'failed, so this job fails'
            : warned
                ? 'passed with a warning'
                : 'passed';
    const lines = [`**Size gates: ${outcome}.**`, ''];
    for (const gate of report.gates)
        lines.push(`- ${gateIcon(gate)} ${shortGate(gate)}`);
    for (const item of notes.slice(0, 5))
        lines.push(`- ➖ ${prose(item)}`);
    return lines;
}
const MARKDOWN_WORDS = { name: sizes_markdown_shown, prose: (value) => prose(value), bytes: units/* formatBytes */.z3 };
function causeLines(causes, report, subject = 'the') {
    // Without attribution and without a new runtime need, "the binary grew" is all: the table says it.
    if (causes === null || causes.causes.length === 0)
        return [];
    const what = report.image !== null && report.baseline?.imageSize !== null ? 'image' : 'binary';
    const verb = causes.total > 0 ? 'grew' : causes.total < 0 ? 'shrank' : 'changed';
    const by = causes.total === 0 ? '' : ` by ${(0,units/* formatBytes */.z3)(Math.abs(causes.total))}`;
    const lines = [`**Why ${subject} ${what} ${verb}${by}:**`, ''];
    for (const cause of causes.causes) {
        const bytes = cause.bytes === null ? '' : `**${(0,units/* formatSignedBytes */.vN)(cause.bytes)}** `;
        lines.push(`- ${bytes}${causeWords(cause, MARKDOWN_WORDS)}`);
    }
    if (causes.other !== 0) {
        lines.push(`- **${(0,units/* formatSignedBytes */.vN)(causes.other)}** ${otherWords(causes, MARKDOWN_WORDS)}`);
    }
    return lines;
}
function baselineSentence(baseline, why) {
    if (baseline !== null)
        return [];
    if (why !== undefined && why !== null && why !== '') {
        return [
            '',
            `No baseline: ${prose(why)}, so there is nothing to compare with and only absolute limits apply.`
        ];
    }
    return [
        '',
        'No baseline: no report from the default branch was found (one is saved on each push to it), so there is nothing to compare with yet and only absolute limits apply.'
    ];
}
/**
 * What the image stage did about one finding, as it recorded it: the files
 * the extra it asked for added, or which `include` word would add it.
 */
function extraNote(report, finding) {
    const image = report.image;
    const wanted = image?.findingExtras?.find((want) => want.finding === finding);
    if (image === null || wanted === undefined)
        return '';
    const extra = image.extras?.find((candidate) => candidate.kind === wanted.extra);
    if (extra === undefined) {
        return ` → not in the image; add \`include: ${markdown_escape_text(wanted.extra)}\` if the program needs it`;
    }
    const under = (path) => extra.paths.some((root) => path === root || path.startsWith(`${root}/`));
    const files = image.files.map((file) => file.path).filter(under);
    // An extra without files (the /tmp folder) names what it added.
    const added = files.length > 0 ? files : extra.paths;
    return ` → added ${added
        .slice(0, 3)
        .map((path) => sizes_markdown_shown(path))
        .join(', ')}${added.length > 3 ? ` and ${added.length - 3} more` : ''}`;
}
function needLines(report) {
    const { findings } = report.binary;
    const lines = [];
    for (const finding of findings.slice(0, 20)) {
        const evidence = finding.evidence.slice(0, 5).map((item) => sizes_markdown_shown(item));
        if (finding.evidence.length > 5)
            evidence.push(`… ${finding.evidence.length - 5} more`);
        lines.push(`- **${markdown_escape_text(finding.id)}**: ${prose(finding.message)} (${evidence.join(', ')})${extraNote(report, finding.id)}`);
    }
    const extras = report.image?.extras ?? [];
    if (extras.length > 0) {
        if (lines.length > 0)
            lines.push('');
        lines.push('| in the image | because | bytes |', '| --- | --- | ---: |');
        for (const extra of extras.slice(0, 20)) {
            const why = extra.reasons
                .map((r) => (r.by === 'asked' ? '`include`' : `finding ${sizes_markdown_shown(r.finding)}`))
                .join(', ');
            lines.push(`| ${sizes_markdown_shown(extra.kind)} | ${why} | ${(0,units/* formatExact */.Bo)(extra.bytes)} |`);
        }
    }
    return lines;
}
function factLines(report, notes, fileLimit) {
    const { binary, image, baseline } = report;
    const lines = [];
    lines.push(`- binary: ${sizes_markdown_shown(binary.path)}, ${(0,units/* formatExact */.Bo)(binary.size)} bytes, ${markdown_escape_text(binary.linkage)}`);
    if (binary.summary !== '')
        lines.push(`- verdict: ${prose(binary.summary)}`);
    if (binary.interpreter !== null)
        lines.push(`- interpreter: ${sizes_markdown_shown(binary.interpreter)}`);
    if (binary.needed.length > 0) {
        lines.push(`- needs: ${binary.needed
            .slice(0, 20)
            .map((lib) => sizes_markdown_shown(lib))
            .join(', ')}`);
    }
    if (report.build)
        lines.push(`- toolchain: ${sizes_markdown_shown(report.build.toolchain)}`);
    if (binary.go !== null) {
        lines.push(`- Go ${sizes_markdown_shown(binary.go.version)}, main package ${sizes_markdown_shown(binary.go.path)}`);
        for (const [key, value] of Object.entries(binary.go.settings).slice(0, 40)) {
            lines.push(`  - ${sizes_markdown_shown(`${key}=${value}`)}`);
        }
    }
    if (image !== null) {
        lines.push(`- image: ${sizes_markdown_shown(image.name)}`);
        if (image.tags.length > 0) {
            lines.push(`- tags: ${image.tags
                .slice(0, 20)
                .map((tag) => sizes_markdown_shown(tag))
                .join(', ')}`);
        }
        if (image.id !== '')
            lines.push(`- id: ${sizes_markdown_shown(image.id)}`);
        if (image.digest !== '')
            lines.push(`- digest: ${sizes_markdown_shown(image.digest)}`);
        lines.push(`- image size: ${(0,units/* formatExact */.Bo)(image.size)} bytes (unpacked)`);
        lines.push(image.pullSize === null
            ? '- pull size: not measured (see the job log)'
            : `- pull size: ${(0,units/* formatExact */.Bo)(image.pullSize)} bytes (${image.pullSizeExact ? 'exact' : 'estimated from the saved layers'})`);
    }
    if (baseline !== null) {
        const sizes = [
            `binary ${(0,units/* formatExact */.Bo)(baseline.binarySize)}`,
            baseline.imageSize === null ? null : `image ${(0,units/* formatExact */.Bo)(baseline.imageSize)}`,
            baseline.pullSize === null ? null : `pull ${(0,units/* formatExact */.Bo)(baseline.pullSize)}`
        ].filter((part) => part !== null);
        lines.push(`- baseline: ${sizes_markdown_shown(baseline.ref)}${baseline.sha === '' ? '' : ` @ ${sizes_markdown_shown(baseline.sha)}`}: ${sizes.join(', ')} bytes`);
    }
    for (const gate of report.gates) {
        lines.push(`- gate ${gate.gate} ${sizes_markdown_shown(gate.rule)} on ${gate.metric}: actual ${(0,units/* formatExact */.Bo)(gate.actual)}, limit ${(0,units/* formatExact */.Bo)(gate.limit)}${gate.baseline === null ? '' : `, baseline ${(0,units/* formatExact */.Bo)(gate.baseline)}`} bytes → ${gate.passed ? (gate.warned ? 'warned' : 'passed') : 'failed'}`);
    }
    if (report.gates.length === 0 && notes.length === 0)
        lines.push('- no size gates are set (`max-size`, `max-increase`)');
    const files = image?.files ?? [];
    if (files.length > 0 && fileLimit === 0) {
        const bytes = files.reduce((n, f) => n + f.size, 0);
        lines.push('', `_${(0,units/* formatExact */.Bo)(files.length)} files in the image, ${(0,units/* formatExact */.Bo)(bytes)} bytes in all: the \`report-json\` output lists them._`);
    }
    if (files.length > 0 && fileLimit > 0) {
        lines.push('', '| file in the image | bytes |', '| --- | ---: |');
        for (const file of files.slice(0, fileLimit)) {
            lines.push(`| ${sizes_markdown_shown(file.path)} | ${(0,units/* formatExact */.Bo)(file.size)} |`);
        }
        if (files.length > fileLimit) {
            const rest = files.slice(fileLimit).reduce((n, f) => n + f.size, 0);
            lines.push('', `_${(0,units/* formatExact */.Bo)(files.length - fileLimit)} more files: ${(0,units/* formatExact */.Bo)(rest)} bytes in all._`);
        }
    }
    return lines;
}
/*
 * Several platforms (one image index): the same order, every number per
 * platform. The headline names the largest image, since a gate's limit is
 * met only when the largest platform meets it; the gate lines and the totals
 * name each platform; causes are the primary's, and another platform's only
 * where they differ. The collapsed sections describe the primary's binary,
 * and each other platform gets its build facts.
 */
/** The platform's name as shown: it is ours (platformName), escaped all the same. */
function platformText(report) {
    return markdown_escape_text((0,schema/* platformOf */.tj)(report));
}
function mainSize(report) {
    return report.image === null ? report.binary.size : report.image.size;
}
/** The largest platform's image (its binary when no image was built); the first of equals. */
function largest(parts) {
    return parts.reduce((big, part) => (mainSize(part) > mainSize(big) ? part : big));
}
function platformsHeadline(report, parts) {
    const name = report.image?.name ?? report.binary.path.split('/').pop() ?? report.binary.path;
    const icons = parts.map(icon);
    const verdict = icons.includes('❌') ? '❌' : icons.includes('⚠️') ? '⚠️' : '✅';
    const title = `### ${verdict} from-scratch: ${sizes_markdown_shown(name)} — `;
    const rejected = parts.filter((part) => !part.binary.accepted);
    if (rejected.length > 0) {
        const which = rejected.map((part) => `${platformText(part)} (${markdown_escape_text(part.binary.linkage)})`);
        return `${title}the binary will not run in an empty image: ${which.join(', ')}`;
    }
    const big = largest(parts);
    const what = big.image === null ? 'binary' : 'image';
    const size = mainSize(big);
    const base = big.baseline;
    const baseSize = base === null ? null : what === 'image' ? base.imageSize : base.binarySize;
    const versus = base === null
        ? parts.every((part) => part.baseline === null)
            ? 'no baseline to compare with'
            : `no baseline for ${platformText(big)}`
        : baseSize === null
            ? `${baselineName(base, 'baseline ')} has no ${what} size`
            : `${(0,units/* formatDelta */.CW)(baseSize, size)} vs ${baselineName(base, '')}`;
    return `${title}${parts.length} platforms, largest ${(0,units/* formatBytes */.z3)(size)} ${what} (${platformText(big)}), ${versus}`;
}
function platformsGateLines(parts, notes) {
    const gates = parts.flatMap((part) => part.gates.map((gate) => ({ part, gate })));
    if (gates.length === 0 && notes.length === 0)
        return [];
    const failedOn = parts.filter((part) => part.gates.some((gate) => !gate.passed));
    // A platform whose gates were all skipped (no baseline for it) did not pass them.
    const checked = parts.filter((part) => part.gates.length > 0);
    const warned = gates.some(({ gate }) => gate.warned);
    const outcome = gates.length === 0
        ? 'none could be checked'
        : failedOn.length > 0
            ? `failed on ${failedOn.map(platformText).join(' and ')}, so this job fails`
            : warned
                ? 'passed with a warning'
                : checked.length === parts.length
                    ? `passed on all ${parts.length} platforms`
                    : `passed on ${checked.map(platformText).join(' and ')}`;
    const lines = [`**Size gates: ${outcome}.**`, ''];
    const kinds = [...new Set(gates.map(({ gate }) => gate.gate))];
    for (const kind of kinds) {
        const same = gates.filter(({ gate }) => gate.gate === kind);
        const clean = same.every(({ gate }) => gate.passed && !gate.warned);
        if (clean && same.length > 1) {
            // Every platform within: the one closest to its limit says it for all.
            const closest = same.reduce((a, b) => b.gate.limit - b.gate.actual < a.gate.limit - a.gate.actual ? b : a);
            lines.push(`- ✅ ${platformText(closest.part)}, the closest of ${same.length} platforms: ${shortGate(closest.gate)}`);
            continue;
        }
        for (const { part, gate } of same) {
            lines.push(`- ${gateIcon(gate)} ${platformText(part)}: ${shortGate(gate)}`);
        }
    }
    for (const item of notes.slice(0, 5))
        lines.push(`- ➖ ${prose(item)}`);
    return lines;
}
/** The causes as words only, to tell whether two platforms changed for the same reasons. */
function causeKey(causes) {
    const plain = { name: (value) => value, prose: (value) => value, bytes: () => '' };
    return causes.causes.map((cause) => causeWords(cause, plain)).join('\n');
}
/** How many causes another platform lists when they differ from the primary's. */
const OTHER_CAUSES = 3;
function platformsCauseLines(parts) {
    const [primary, ...rest] = parts;
    if (primary === undefined)
        return [];
    const mine = causesOf(primary);
    const lines = causeLines(mine, primary, `the ${platformText(primary)}`);
    for (const part of rest) {
        const theirs = causesOf(part);
        if (theirs === null || theirs.causes.length === 0)
            continue;
        const what = part.image !== null && part.baseline?.imageSize !== null ? 'image' : 'binary';
        const verb = theirs.total > 0 ? 'grew' : theirs.total < 0 ? 'shrank' : 'changed';
        const by = theirs.total === 0 ? '' : ` by ${(0,units/* formatBytes */.z3)(Math.abs(theirs.total))}`;
        if (mine !== null && mine.causes.length > 0 && causeKey(mine) === causeKey(theirs)) {
            lines.push('', `_The ${platformText(part)} ${what} ${verb}${by}, for the same causes._`);
            continue;
        }
        lines.push('', `**Why the ${platformText(part)} ${what} ${verb}${by}:**`, '');
        for (const cause of theirs.causes.slice(0, OTHER_CAUSES)) {
            const bytes = cause.bytes === null ? '' : `**${(0,units/* formatSignedBytes */.vN)(cause.bytes)}** `;
            lines.push(`- ${bytes}${causeWords(cause, MARKDOWN_WORDS)}`);
        }
        if (theirs.causes.length > OTHER_CAUSES) {
            lines.push(`- _${theirs.causes.length - OTHER_CAUSES} more in the \`report-json\` output_`);
        }
    }
    return lines;
}
/** The label of the baselines' column: they all come from one report, so one name. */
function platformsBaseColumn(parts) {
    const base = parts.find((part) => part.baseline !== null)?.baseline ?? null;
    const label = base === null ? '' : baselineLabel(base);
    return label === '' ? 'base' : `base (${sizes_markdown_shown(label)})`;
}
function platformsSizeTable(parts, current) {
    const lines = [
        `| platform | size | ${platformsBaseColumn(parts)} | ${current} | change |`,
        '| --- | --- | ---: | ---: | ---: |'
    ];
    for (const part of parts) {
        rows(part).forEach((row, i) => {
            const change = row.current === null
                ? '—'
                : part.baseline === null
                    ? 'no baseline'
                    : row.base === null
                        ? '—'
                        : (0,units/* formatDelta */.CW)(row.base, row.current);
            const platform = i === 0 ? platformText(part) : '';
            lines.push(`| ${platform} | ${row.label} | ${cell(row.base)} | ${cell(row.current)} | ${change} |`);
        });
    }
    return lines;
}
/** How one platform's smoke run went: never "passed" for one that did not run. */
function smokeWords(smoke) {
    if (!smoke.ran)
        return `not run: ${prose(smoke.why)}`;
    return smoke.how === 'native' ? 'passed (native)' : `passed under ${sizes_markdown_shown(smoke.how)}`;
}
function platformsSmokeLine(parts) {
    const runs = parts.filter((part) => (part.image?.smoke ?? null) !== null);
    if (runs.length === 0)
        return [];
    const said = runs.map((part) => {
        const smoke = part.image?.smoke;
        return smoke === undefined || smoke === null ? '' : `${platformText(part)} ${smokeWords(smoke)}`;
    });
    return ['', `**Smoke test:** ${said.join(' · ')}`];
}
/**
 * One platform alone says its smoke run only when it was not a plain native
 * pass: a pass needs no line (as before), an emulated or skipped run does.
 */
function smokeLine(report) {
    const smoke = report.image?.smoke ?? null;
    if (smoke === null || (smoke.ran && smoke.how === 'native'))
        return [];
    return ['', `**Smoke test:** ${smokeWords(smoke)}`];
}
function platformsBaselineSentences(parts, why, fallback) {
    const missing = parts.filter((part) => part.baseline === null);
    if (missing.length === 0)
        return [];
    if (missing.length === parts.length) {
        const reasons = new Set(parts.map((part) => why[(0,schema/* platformOf */.tj)(part)] ?? fallback ?? null));
        // One reason for all (nothing was restored): said once, as for one platform.
        if (reasons.size === 1)
            return baselineSentence(null, [...reasons][0]);
    }
    return missing.flatMap((part) => {
        const reason = why[(0,schema/* platformOf */.tj)(part)] ?? fallback ?? null;
        const because = reason === null || reason === ''
            ? 'no report from the default branch was found'
            : prose(reason);
        return [
            '',
            `No baseline for ${platformText(part)}: ${because}, so it is not compared and only absolute limits apply to it.`
        ];
    });
}
/** The head of a several-platform report, above the collapsed sections. */
function platformsHead(report, options) {
    const parts = (0,schema/* platformReports */.VE)(report);
    const notes = options.notes ?? [];
    const top = [platformsHeadline(report, parts)];
    for (const part of parts) {
        if (!part.binary.accepted && part.binary.summary !== '') {
            top.push('', `> ${platformText(part)}: ${prose(part.binary.summary)}`);
        }
    }
    const gates = platformsGateLines(parts, notes);
    if (gates.length > 0)
        top.push('', ...gates);
    const causes = platformsCauseLines(parts);
    if (causes.length > 0)
        top.push('', ...causes);
    top.push('', ...platformsSizeTable(parts, options.current ?? 'this PR'));
    top.push(...platformsSmokeLine(parts));
    top.push(...platformsBaselineSentences(parts, options.noBaselineOf ?? {}, options.noBaseline));
    return top;
}
/** One collapsed section; empty when it has nothing to show. */
function collapsed(summary, body) {
    if (body.length === 0)
        return [];
    return ['', `<details><summary>${summary}</summary>`, '', ...body, '', '</details>'];
}
/** The collapsed sections in the order they are read; the last ones go first when cut. */
function sections(report, notes, budget) {
    const others = report.others ?? [];
    if (others.length === 0)
        return platformSections(report, notes, budget, '');
    // The primary's binary in full; each other platform's build facts after it.
    const out = platformSections(report, notes, budget, ` (${platformText(report)})`);
    for (const other of others) {
        out.push(collapsed(`Build facts (${platformText(other)})`, factLines(other, [], Math.min(budget.files, 20))));
    }
    return out.filter((lines) => lines.length > 0);
}
/** The collapsed sections of one platform's report; `suffix` names the platform when there are several. */
function platformSections(report, notes, budget, suffix) {
    const sizes = report.binary.sizes ?? null;
    const diff = report.changes?.status === 'compared' ? report.changes.diff : null;
    const out = [];
    if (sizes) {
        const changed = diff === null ? 0 : diff.packages.length;
        const title = sizes.packages.length === 0
            ? 'Largest symbols'
            : diff === null
                ? `Packages: the ${Math.min(budget.rows, sizes.packages.length)} largest`
                : `Packages: ${(0,units/* formatExact */.Bo)(changed)} changed`;
        out.push(collapsed(`${title}${suffix}`, packageLines(sizes, diff, budget.rows)));
        out.push(collapsed(`Modules and versions${suffix}`, moduleLines(sizes, diff, budget.rows)));
        out.push(collapsed(`Sections: where the file’s bytes are${suffix}`, sectionLines(sizes, diff)));
    }
    if (report.changes?.status === 'base-without-attribution') {
        out.unshift([
            '',
            '_The baseline has no size attribution (it was saved by an older from-scratch): only the totals are compared._'
        ]);
    }
    out.push(collapsed(`Runtime needs${suffix}`, needLines(report)));
    if (sizes)
        out.push(collapsed(`How to shrink${suffix}`, shrinkLines(sizes, diff)));
    out.push(collapsed(`Build facts${suffix}`, factLines(report, notes, budget.files)));
    return out.filter((lines) => lines.length > 0);
}
const TRIMMED = '\n\n_Parts of this report were left out to fit a GitHub comment; the `report-json` output has all of it._\n';
/**
 * The report as markdown, for the job summary, the PR comment and the
 * terminal alike. Pure. With `commentKey`, the first line is the hidden
 * marker the sticky comment is found by. Never longer than `maxLength`:
 * rows of the collapsed sections go first, then whole sections from the
 * last, and only then is the top cut.
 */
function renderReport(report, options = {}) {
    const maxLength = options.maxLength ?? COMMENT_LIMIT;
    const notes = options.notes ?? [];
    const top = [];
    if (options.commentKey !== undefined && options.commentKey !== null) {
        top.push(commentMarker(options.commentKey));
    }
    if ((report.others ?? []).length > 0)
        top.push(...platformsHead(report, options));
    else {
        top.push(headline(report));
        if (!report.binary.accepted && report.binary.summary !== '') {
            top.push('', `> ${prose(report.binary.summary)}`);
        }
        const gates = gateLines(report, notes);
        if (gates.length > 0)
            top.push('', ...gates);
        const causes = causeLines(causesOf(report), report);
        if (causes.length > 0)
            top.push('', ...causes);
        top.push('', ...sizeTable(report, options.current ?? 'this PR'));
        top.push(...smokeLine(report));
        top.push(...baselineSentence(report.baseline, options.noBaseline));
    }
    const head = top.join('\n');
    const files = report.image?.files.length ?? 0;
    const budgets = [
        { rows: 20, files: Math.min(files, 500) },
        { rows: 20, files: 50 },
        { rows: 10, files: 10 },
        { rows: 5, files: 0 }
    ];
    let parts = [];
    for (const budget of budgets) {
        parts = sections(report, notes, budget);
        const body = `${head}\n${parts.map((lines) => lines.join('\n')).join('\n')}\n`;
        if (body.length <= maxLength)
            return body;
    }
    // Whole sections, from the last one read, until the rest fits with the note.
    while (parts.length > 0) {
        parts = parts.slice(0, -1);
        const body = `${head}\n${parts.map((lines) => lines.join('\n')).join('\n')}${TRIMMED}`;
        if (body.length <= maxLength && parts.length > 0)
            return body;
    }
    if (head.length + TRIMMED.length <= maxLength)
        return `${head}${TRIMMED}`;
    // Only a cap far below GitHub's gets here: cut on a line boundary.
    const room = Math.max(0, maxLength - TRIMMED.length);
    const cut = head.slice(0, room);
    const lastLine = cut.lastIndexOf('\n');
    return `${lastLine > 0 ? cut.slice(0, lastLine) : cut}${TRIMMED}`.slice(0, maxLength);
}

;// CONCATENATED MODULE: ./src/report/sbom-line.ts

/**
 * The report's one SBOM line: how many Go modules and components it lists,
 * and where the file is. Its own function so the markdown renderer stays as it
 * is; the path holds the binary's name (repository content): code-spanned.
 */
function sbomLine(sbom) {
    if (!sbom)
        return '';
    const modules = sbom.modules === 1 ? '1 Go module' : `${sbom.modules} Go modules`;
    return `\n\nSBOM: ${modules}, ${sbom.components} components in all, in ${code(sbom.path)}.\n`;
}

;// CONCATENATED MODULE: ./src/report/compose.ts








/**
 * Room left for the comment's marker line (`<!-- from-scratch:<key> -->` with
 * a key of at most 64 characters), so the one rendering fits the summary and,
 * marked, the comment without being cut at GitHub's limit.
 */
const MARKER_ROOM = 100;
/** The gate failure message with the causes the comment shows, when the report can tell them. */
function withCauses(evaluation, report) {
    if (evaluation.failureMessage === null)
        return evaluation;
    const causes = causesSentence(causesOf(report));
    return causes === ''
        ? evaluation
        : { ...evaluation, failureMessage: `${evaluation.failureMessage}${causes}` };
}
/**
 * The part of the default branch's report that describes `platform`: its top
 * level or an `others` entry. A report saved before platforms were recorded
 * describes linux/amd64. Pure.
 */
function baselineFor(previous, platform, noBaseline) {
    if (previous === null)
        return { previous: null, noBaseline };
    const part = (0,schema/* reportForPlatform */.fl)(previous, platform);
    if (part !== null)
        return { previous: part, noBaseline: null };
    const label = baselineLabel((0,schema/* baselineOf */.Bv)(previous, { ref: '', sha: '' }));
    const which = label === '' ? 'the baseline' : `the baseline ${label}`;
    return { previous: null, noBaseline: `${which} has no ${platform} build` };
}
/** The report JSON of one platform's build, measured and compared, before the gates. */
function measuredReport(facts, previous, source) {
    const { image, measure } = facts;
    const smoke = image.smoke ?? null;
    return {
        schema: schema/* REPORT_SCHEMA */.DC,
        platform: (0,ground_platform/* platformName */.$r)(image.platform),
        binary: (0,binary_json/* binaryJson */.w)(facts.inspection),
        image: {
            name: image.name,
            tags: image.tags,
            id: image.imageId,
            digest: image.pushed && image.digest !== null ? image.digest : '',
            size: measure.size,
            pullSize: measure.pullSize,
            pullSizeExact: measure.pullSizeExact,
            files: measure.files,
            // The image stage's decisions, kept as it recorded them.
            extras: image.extras.map((extra) => ({
                kind: extra.kind,
                reasons: extra.reasons,
                bytes: extra.bytes,
                paths: extra.paths
            })),
            findingExtras: image.findingExtras.map(({ finding, extra }) => ({ finding, extra })),
            ...(smoke === null
                ? {}
                : { smoke: smoke.ran ? { ran: true, how: smoke.how } : { ran: false, why: smoke.why } })
        },
        baseline: previous === null ? null : (0,schema/* baselineOf */.Bv)(previous, source),
        gates: [],
        source,
        build: { language: facts.compiled.language, toolchain: facts.compiled.toolchain }
    };
}
/** One platform compared with its own baseline and gated. Pure. */
function composePlatform(facts, options, label) {
    const platform = (0,ground_platform/* platformName */.$r)(facts.image.platform);
    const own = baselineFor(options.previous, platform, options.noBaseline ?? null);
    const measured = measuredReport(facts, own.previous, options.source);
    const changes = (0,report_sizes/* compareSizes */.mR)(own.previous !== null, own.previous?.binary.sizes, measured.binary.sizes);
    const missing = options.previous === null ? null : own.noBaseline;
    const evaluation = withCauses(evaluateGates(options.gates, measured, { platform: label, missing }), {
        ...measured,
        changes
    });
    return {
        platform,
        report: { ...measured, gates: evaluation.gates, changes },
        evaluation,
        noBaseline: own.noBaseline
    };
}
/**
 * The gates of every platform as one evaluation: the job fails when any
 * platform fails. `gates` and `sizeDelta` stay the primary's (they are its
 * report's and its output); messages and warnings name their platform; a
 * note every platform has is said once. Pure.
 */
function combineEvaluations(parts) {
    const [primary] = parts;
    if (primary === undefined)
        throw new Error('a build has at least one platform');
    if (parts.length === 1)
        return primary.evaluation;
    const messages = parts
        .map((part) => part.evaluation.failureMessage)
        .filter((message) => message !== null);
    const notes = [];
    for (const part of parts) {
        for (const note of part.evaluation.notes) {
            const everywhere = parts.every((other) => other.evaluation.notes.includes(note));
            const line = everywhere ? note : `${part.platform}: ${note}`;
            if (!notes.includes(line))
                notes.push(line);
        }
    }
    return {
        gates: primary.evaluation.gates,
        failed: parts.some((part) => part.evaluation.failed),
        failureMessage: messages.length === 0 ? null : messages.join('\n'),
        warnings: parts.flatMap((part) => part.evaluation.warnings),
        notes,
        sizeDelta: primary.evaluation.sizeDelta
    };
}
/**
 * Builds the report, applies the gates and renders it. Pure. With other
 * platforms, each is compared with the baseline's same platform and gated on
 * its own; the report is the primary's with the others' reports in `others`.
 */
function composeReport(facts, options, others = []) {
    const several = others.length > 0;
    const parts = [facts, ...others].map((one) => composePlatform(one, options, several ? (0,ground_platform/* platformName */.$r)(one.image.platform) : null));
    const [primary, ...rest] = parts;
    if (primary === undefined)
        throw new Error('a build has at least one platform');
    const evaluation = combineEvaluations(parts);
    const report = several
        ? { ...primary.report, others: rest.map((part) => part.report) }
        : primary.report;
    const sbom = sbomLine(facts.sbom);
    const renderOptions = {
        current: options.current,
        notes: evaluation.notes,
        noBaseline: primary.noBaseline,
        ...(several
            ? { noBaselineOf: Object.fromEntries(parts.map((part) => [part.platform, part.noBaseline])) }
            : {})
    };
    const rendered = renderReport(report, {
        ...renderOptions,
        maxLength: COMMENT_LIMIT - MARKER_ROOM - sbom.length
    });
    const markdown = sbom === '' ? rendered : `${rendered.trimEnd()}${sbom}`;
    return { report, evaluation, markdown, platforms: parts, renderOptions };
}

;// CONCATENATED MODULE: ./src/publish/publisher.ts


const NOTHING_MADE = { reportFile: null, commentUrl: null };
/**
 * Runs every publisher in order, each seeing what the earlier ones made (so
 * the outputs, last, can name the comment). One that throws does not stop the
 * rest; its error comes back for the face to fail the job with.
 */
async function publishAll(publishers, end) {
    let made = NOTHING_MADE;
    const failures = [];
    for (const publisher of publishers) {
        try {
            made = { ...made, ...(await publisher.publish(end, made)) };
        }
        catch (error) {
            failures.push({ publisher: publisher.name, error });
        }
    }
    return { made, failures };
}
/**
 * The finishing step both faces share: when every stage is done, restore the
 * baseline, compare, gate and render. A failed run passes through as it is.
 */
async function reportOn(result, options) {
    if (result.outcome === 'failed')
        return result;
    const { baseline, log, ...compose } = options;
    const restored = baseline === null
        ? null
        : await log.group('Compare with the baseline', () => baseline.restore());
    return {
        outcome: 'reported',
        facts: result.facts,
        ...(result.others === undefined ? {} : { others: result.others }),
        composed: composeReport(result.facts, {
            ...compose,
            previous: restored?.report ?? null,
            noBaseline: restored?.missing ?? null
        }, result.others ?? [])
    };
}
/** The gate's warnings (warn-increase), once the report is out. */
function warnAboutGates(end, log) {
    if (end.outcome !== 'reported')
        return;
    for (const warning of end.composed.evaluation.warnings)
        log.warning(warning);
}
/**
 * The action's output values for how the run ended. Pure. A failed run still
 * sets what it learned: the binary's outputs once it was judged, the image's
 * when only the push failed (with an empty `digest`).
 */
function outputsOf(end, made) {
    if (end.outcome === 'failed') {
        const { inspection, image } = end.reached;
        return {
            ...(inspection === null ? {} : binaryOutputs(inspection)),
            ...(image === null ? {} : imageOutputs(image))
        };
    }
    return {
        ...binaryOutputs(end.facts.inspection),
        ...imageOutputs(end.facts.image),
        ...reportOutputs(end.composed, made.reportFile ?? ''),
        ...sbomOutputs(end.facts.sbom),
        'comment-url': made.commentUrl ?? ''
    };
}
/** Keeps the report as a future baseline in `store` (a no-op where the store's plan does not save). */
function baselineSaver(store) {
    return {
        name: 'baseline',
        async publish(end) {
            if (end.outcome === 'reported')
                await store.save(end.composed.report);
            return {};
        }
    };
}

// EXTERNAL MODULE: ./src/report/outcome.ts
var outcome = __webpack_require__(5066);
;// CONCATENATED MODULE: ./src/publish/terminal-summary.ts





/** Why an extra went in, in words a person at a terminal knows it by. */
const PURPOSE = {
    'ca-certificates': 'HTTPS verification',
    tzdata: 'time zones',
    passwd: 'user lookups',
    tmp: 'temporary files'
};
const COLORS = { green: 32, red: 31, yellow: 33, dim: 2, bold: 1 };
function paint(on) {
    return (color, text) => (on ? `\x1b[${COLORS[color]}m${text}\x1b[0m` : text);
}
/** Rows of `label  value`, labels padded to one column. */
function terminal_summary_rows(entries) {
    const width = Math.max(...entries.map(([label]) => label.length)) + 2;
    return entries.map(([label, value]) => `  ${label.padEnd(width)}${value}`.trimEnd());
}
/** `1.39 MB  +62.1 kB  +4.5 %`, size column right-aligned to `width`. */
function sizeCells(current, base, width) {
    if (current === null)
        return 'not measured';
    const size = (0,units/* formatBytes */.z3)(current).padStart(width);
    if (base === null)
        return size;
    const delta = current - base;
    if (delta === 0)
        return `${size}  no change`;
    const percent = (0,units/* formatPercentChange */.vW)(base, current);
    return `${size}  ${(0,units/* formatSignedBytes */.vN)(delta).padStart(9)}${percent === null ? '' : `  ${percent}`}`;
}
function gateText(gate, paintWith) {
    const ok = gate.gate === 'warn-increase' ? !gate.warned : gate.passed;
    const word = ok
        ? paintWith('green', 'pass')
        : gate.gate === 'warn-increase'
            ? paintWith('yellow', 'warn')
            : paintWith('red', 'FAIL');
    const limit = `${metricName(gate.metric)} ${(0,units/* formatBytes */.z3)(gate.actual)}, limit ${(0,units/* formatBytes */.z3)(gate.limit)}`;
    return `${word}  --${gate.gate} ${oneLine(gate.rule)}: ${limit}`;
}
/** The reference a person runs: the pushed digest, else the first tag. */
function imageReference(report) {
    const image = report.image;
    if (image === null)
        return null;
    if (image.digest !== '')
        return `${image.name}@${image.digest}`;
    return image.tags[0] ?? null;
}
function extrasLine(report) {
    const extras = report.image?.extras ?? [];
    if (extras.length === 0)
        return null;
    return extras
        .map((extra) => {
        const why = extra.reasons.some((r) => r.by === 'finding')
            ? (PURPOSE[extra.kind] ?? extra.kind)
            : '--include';
        const paths = extra.paths.map(oneLine).join(', ');
        return `${paths} (${why}, ${(0,units/* formatBytes */.z3)(extra.bytes)})`;
    })
        .join('; ');
}
/**
 * How the smoke run went, from the report's verdict, else (a result from
 * before verdicts) from its output: a run that printed something ran natively.
 */
function smokeOf(report, output) {
    const smoke = report.image?.smoke ?? null;
    if (smoke !== null)
        return smoke;
    return output === null ? null : { ran: true, how: 'native' };
}
/** `passed: <first line>`, `passed under qemu-aarch64-static: …`, `not run: why`. */
function smokeText(smoke, output, several) {
    if (!smoke.ran)
        return `not run: ${oneLine(smoke.why)}`;
    const first = (output ?? '').trim().split('\n')[0] ?? '';
    const shown = [...first].length > 60 ? `${[...first].slice(0, 60).join('')}…` : first;
    const how = smoke.how === 'native' ? (several ? ' (native)' : '') : ` under ${oneLine(smoke.how)}`;
    return `passed${how}${shown === '' ? '' : `: ${oneLine(shown)}`}`;
}
function verdictMark(failed, warned, paintWith) {
    return failed
        ? paintWith('red', '✗')
        : warned
            ? paintWith('yellow', '!')
            : paintWith('green', '✓');
}
function changeText(current, base, report, options) {
    if (base === null || current === null)
        return '';
    const percent = (0,units/* formatPercentChange */.vW)(base, current);
    const against = oneLine(options.baselineName ??
        baselineLabel(report.baseline ?? { ref: '', sha: '', binarySize: 0, imageSize: null, pullSize: null }));
    return `, ${(0,units/* formatSignedBytes */.vN)(current - base)}${percent === null ? '' : ` (${percent})`} against ${against}`;
}
function factsText(report) {
    return [
        report.binary.linkage,
        report.binary.go?.version ? oneLine(report.binary.go.version) : (report.build?.toolchain ?? '')
    ]
        .filter((f) => f !== '')
        .map(oneLine)
        .join(', ');
}
function reportedLines(end, options) {
    if ((end.composed.report.others ?? []).length > 0)
        return platformsLines(end, options);
    const paintWith = paint(options.color);
    const { report, evaluation } = end.composed;
    const metric = evaluation.gates[0]?.metric ?? 'image';
    const current = (0,schema/* metricOf */.ak)(report, metric);
    const base = report.baseline === null ? null : (0,schema/* baselineMetric */.UU)(report.baseline, metric);
    const reference = oneLine(imageReference(report) ?? report.image?.name ?? '');
    const failed = evaluation.failed;
    const warned = evaluation.gates.some((g) => g.warned);
    const mark = verdictMark(failed, warned, paintWith);
    const change = changeText(current, base, report, options);
    const failedGates = evaluation.gates.filter((g) => !g.passed).map((g) => `--${g.gate}`);
    const verdict = `${mark} ${paintWith('bold', reference)}  ${current === null ? '' : `${(0,units/* formatBytes */.z3)(current)} ${metricName(metric).replace(' size', '')}`}${change}` +
        (failed ? `: ${paintWith('red', `${failedGates.join(', ')} failed`)}` : '');
    const b = report.baseline;
    const width = Math.max(...[report.image?.size ?? 0, report.image?.pullSize ?? 0, report.binary.size].map((n) => (0,units/* formatBytes */.z3)(n).length));
    const entries = [
        ['image', sizeCells(report.image?.size ?? null, b?.imageSize ?? null, width)],
        [
            'pull',
            `${sizeCells(report.image?.pullSize ?? null, b?.pullSize ?? null, width)}${report.image?.pullSizeExact === false ? '  (estimated)' : ''}`
        ],
        [
            'binary',
            `${sizeCells(report.binary.size, b?.binarySize ?? null, width)}  ${factsText(report)}`
        ]
    ];
    const discovered = end.facts.compiled.discovered;
    if (discovered !== undefined) {
        entries.push(['package', `${oneLine(discovered)}, the one main package here`]);
    }
    for (const gate of evaluation.gates)
        entries.push(['gate', gateText(gate, paintWith)]);
    // The causes the comment and the gate message give (the remainder is the last one).
    const causes = causeTexts(causesOf(report)).slice(0, options.causes ?? 3);
    causes.forEach((cause, i) => entries.push([i === 0 ? 'why' : '', oneLine(cause)]));
    const output = end.facts.image.smokeOutput;
    const smoke = smokeOf(report, output);
    if (smoke !== null)
        entries.push(['smoke', smokeText(smoke, output, false)]);
    const extras = extrasLine(report);
    if (extras !== null)
        entries.push(['added', extras]);
    if (report.baseline === null && evaluation.gates.length === 0) {
        entries.push(['baseline', noBaselineText(options, paintWith)]);
    }
    for (const note of evaluation.notes)
        entries.push(['note', oneLine(note)]);
    entries.push(...keptRows(options.kept));
    return [verdict, ...terminal_summary_rows(entries)];
}
function noBaselineText(options, paintWith) {
    return paintWith('dim', options.savedTo === undefined
        ? 'none: keep one with --save-baseline FILE, compare with --baseline FILE'
        : `none yet; this report is saved to ${oneLine(options.savedTo)}`);
}
/**
 * Several platforms: the verdict names the largest (the one a limit is
 * about), then each platform's sizes, gates and smoke run under its name.
 */
function platformsLines(end, options) {
    const paintWith = paint(options.color);
    const { report, evaluation } = end.composed;
    const parts = (0,schema/* platformReports */.VE)(report);
    const metric = parts.flatMap((p) => p.gates)[0]?.metric ?? 'image';
    const sized = parts.map((part) => ({ part, size: (0,schema/* metricOf */.ak)(part, metric) }));
    const big = sized.reduce((a, b) => ((b.size ?? -1) > (a.size ?? -1) ? b : a));
    const base = big.part.baseline === null ? null : (0,schema/* baselineMetric */.UU)(big.part.baseline, metric);
    const reference = oneLine(imageReference(report) ?? report.image?.name ?? '');
    const failedOn = parts.filter((part) => part.gates.some((g) => !g.passed));
    const warned = parts.some((part) => part.gates.some((g) => g.warned));
    const mark = verdictMark(evaluation.failed, warned, paintWith);
    const what = metricName(metric).replace(' size', '');
    const largest = big.size === null
        ? ''
        : `${(0,units/* formatBytes */.z3)(big.size)} ${what} (${oneLine((0,schema/* platformOf */.tj)(big.part))}, the largest of ${parts.length} platforms)${changeText(big.size, base, big.part, options)}`;
    // `--max-size failed on linux/arm64`, `--max-increase failed on linux/amd64 and linux/arm64`.
    const failedKinds = [
        ...new Set(failedOn.flatMap((part) => part.gates.filter((g) => !g.passed).map((g) => g.gate)))
    ];
    const failedText = failedKinds
        .map((kind) => {
        const where = failedOn
            .filter((part) => part.gates.some((g) => g.gate === kind && !g.passed))
            .map((part) => oneLine((0,schema/* platformOf */.tj)(part)));
        return `--${kind} failed on ${where.join(' and ')}`;
    })
        .join('; ');
    const verdict = `${mark} ${paintWith('bold', reference)}  ${largest}` +
        (failedText === '' ? '' : `: ${paintWith('red', failedText)}`);
    const width = Math.max(...parts.flatMap((part) => [part.image?.size ?? 0, part.image?.pullSize ?? 0, part.binary.size].map((n) => (0,units/* formatBytes */.z3)(n).length)));
    const nameWidth = Math.max(...parts.map((part) => oneLine((0,schema/* platformOf */.tj)(part)).length));
    const entries = [];
    const builds = [end.facts, ...(end.others ?? [])];
    parts.forEach((part, index) => {
        const b = part.baseline;
        const own = [
            ['image', sizeCells(part.image?.size ?? null, b?.imageSize ?? null, width)],
            [
                'pull',
                `${sizeCells(part.image?.pullSize ?? null, b?.pullSize ?? null, width)}${part.image?.pullSizeExact === false ? '  (estimated)' : ''}`
            ],
            ['binary', `${sizeCells(part.binary.size, b?.binarySize ?? null, width)}  ${factsText(part)}`]
        ];
        for (const gate of part.gates)
            own.push(['gate', gateText(gate, paintWith)]);
        const output = builds[index]?.image.smokeOutput ?? null;
        const smoke = smokeOf(part, output);
        if (smoke !== null)
            own.push(['smoke', smokeText(smoke, output, true)]);
        if (b === null && parts.some((other) => other.baseline !== null)) {
            own.push(['baseline', 'none for this platform']);
        }
        own.forEach(([label, value], i) => {
            const name = i === 0 ? oneLine((0,schema/* platformOf */.tj)(part)) : '';
            entries.push([`${name.padEnd(nameWidth)}  ${label}`, value]);
        });
    });
    const discovered = end.facts.compiled.discovered;
    if (discovered !== undefined) {
        entries.push(['package', `${oneLine(discovered)}, the one main package here`]);
    }
    const causes = causeTexts(causesOf(report)).slice(0, options.causes ?? 3);
    causes.forEach((cause, i) => entries.push([i === 0 ? `why (${oneLine((0,schema/* platformOf */.tj)(report))})` : '', oneLine(cause)]));
    const extras = extrasLine(report);
    if (extras !== null)
        entries.push(['added', extras]);
    if (parts.every((part) => part.baseline === null && part.gates.length === 0)) {
        entries.push(['baseline', noBaselineText(options, paintWith)]);
    }
    for (const note of evaluation.notes)
        entries.push(['note', oneLine(note)]);
    entries.push(...keptRows(options.kept));
    return [verdict, ...terminal_summary_rows(entries)];
}
/** `kept  out/app (binary)`, one row per file, the label once. */
function keptRows(kept) {
    return kept.map((k, i) => [i === 0 ? 'kept' : '', `${oneLine(k.path)} (${k.what})`]);
}
/** The summary for how the run ended; a failed run gets only its kept files (the error says the rest). */
function summaryLines(end, options) {
    if (end.outcome === 'reported')
        return reportedLines(end, options);
    return options.kept.length === 0 ? [] : terminal_summary_rows(keptRows(options.kept));
}

;// CONCATENATED MODULE: ./src/publish/terminal.ts



/**
 * stdout of `from-scratch build`: the image reference and nothing else (so
 * `docker run "$(from-scratch build)"` works, as with `ko build`), or with
 * `--json` the report JSON. With `--json` a failed build prints the error and
 * what was done before it, so stdout is never empty; without it stdout stays
 * empty and stderr says it all.
 */
function terminalPrinter(options) {
    return {
        name: 'terminal',
        async publish(end) {
            if (end.outcome === 'reported') {
                if (options.json)
                    options.out((0,schema/* serializeReport */.xH)(end.composed.report).trimEnd());
                else {
                    const reference = imageReference(end.composed.report);
                    if (reference !== null)
                        options.out(reference);
                }
            }
            else if (options.json) {
                options.out(JSON.stringify((0,outcome/* failureJson */.PM)(end, options.exitCodeOf(end)), null, 2));
            }
            return {};
        }
    };
}
/** `--markdown FILE`: the PR comment's markdown, written where the face says. */
function markdownWriter(write) {
    return {
        name: 'markdown',
        async publish(end) {
            if (end.outcome === 'reported')
                await write(end.composed.markdown);
            return {};
        }
    };
}
/** stderr's short summary: verdict, sizes and changes, gates, causes, extras, kept files. */
function summaryPrinter(err, options) {
    return {
        name: 'summary',
        async publish(end) {
            const lines = summaryLines(end, options);
            if (lines.length > 0)
                err(lines.join('\n'));
            return {};
        }
    };
}

;// CONCATENATED MODULE: ./src/report/binary-text.ts

// Every value here comes from the binary or its file name: each is shown on one
// line, its control bytes (line breaks included) escaped, so none can start a
// line of its own, least of all a `::` workflow command.
/** One line: the file, its linkage and whether it runs in scratch (`inspect A B C` prints one each). */
function verdictLine(inspection) {
    const { verdict } = inspection;
    return `${oneLine(inspection.path)}: ${verdict.linkage} — ${verdict.accepted ? 'runs in scratch' : 'will NOT run in scratch'}`;
}
/** The terminal's answer to `from-scratch inspect`: verdict first, then the evidence. */
function binaryText(inspection, advice) {
    const { verdict } = inspection;
    const lines = [verdictLine(inspection), `  ${oneLine(verdict.summary)}`];
    if (advice)
        lines.push(`  fix: ${oneLine(advice)}`);
    if (verdict.interpreter)
        lines.push(`  interpreter: ${oneLine(verdict.interpreter)}`);
    if (verdict.needed.length > 0)
        lines.push(`  needs: ${verdict.needed.map(oneLine).join(', ')}`);
    lines.push(`  size: ${inspection.size} bytes`);
    if (inspection.go) {
        lines.push(`  go: ${oneLine(inspection.go.version)} ${oneLine(inspection.go.path)}`);
        for (const [key, value] of Object.entries(inspection.go.settings)) {
            lines.push(`    ${oneLine(key)}=${oneLine(value)}`);
        }
    }
    else if (inspection.goNote) {
        lines.push(`  go: ${oneLine(inspection.goNote)}`);
    }
    for (const finding of inspection.findings) {
        lines.push(`  warning [${finding.id}]: ${oneLine(finding.message)}`);
        lines.push(`    evidence: ${finding.evidence.map(oneLine).join(', ')}`);
    }
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/report/size-text.ts



/**
 * `from-scratch diff OLD NEW` for a terminal: aligned plain text, one table
 * per kind (modules, packages, sections), every name from a binary or a
 * report shown on one line with its control bytes escaped. Pure.
 */
/** Rows of cells, each column padded to its widest cell; `right` columns are right-aligned. */
function alignRows(rows, right) {
    const widths = [];
    for (const row of rows) {
        row.forEach((cell, i) => {
            widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
        });
    }
    return rows.map((row) => row
        .map((cell, i) => {
        const pad = ' '.repeat(widths[i] - [...cell].length);
        return right.includes(i) ? pad + cell : cell + pad;
    })
        .join('  ')
        .trimEnd());
}
/** A name cut to `max` characters, keeping both ends: package paths differ at either. */
function cut(name, max = 60) {
    const chars = [...name];
    if (chars.length <= max)
        return name;
    const half = Math.floor((max - 1) / 2);
    return `${chars.slice(0, half).join('')}…${chars.slice(chars.length - half).join('')}`;
}
function table(kind, changes, limit) {
    if (changes.length === 0)
        return [];
    const shown = changes.slice(0, limit);
    const rows = shown.map((c) => {
        const version = (0,report_sizes/* versionChange */.Bn)(c);
        const name = cut(oneLine(c.name)) + (version === '' ? '' : ` ${oneLine(version)}`);
        return [
            name,
            c.base === null ? 'new' : (0,units/* formatBytes */.z3)(c.base),
            c.current === null ? 'gone' : (0,units/* formatBytes */.z3)(c.current),
            (0,units/* formatSignedBytes */.vN)(c.delta)
        ];
    });
    const lines = alignRows([[kind, 'old', 'new', 'change'], ...rows], [1, 2, 3]);
    const more = changes.length - shown.length;
    return [
        '',
        ...lines.map((l) => `  ${l}`),
        ...(more > 0 ? [`  … ${more} more (--json lists all)`] : [])
    ];
}
function diffText(total, comparison, names, limit = 25) {
    const lines = [
        `binary: ${(0,units/* formatBytes */.z3)(total.old)} → ${(0,units/* formatBytes */.z3)(total.now)} (${(0,units/* formatSignedBytes */.vN)(total.now - total.old)})`
    ];
    if (comparison?.status === 'no-attribution') {
        lines.push(`${oneLine(names.now)} has no size attribution: only the totals compare.`);
    }
    else if (comparison?.status === 'base-without-attribution') {
        lines.push(`${oneLine(names.old)} has no size attribution: only the totals compare.`);
    }
    else if (comparison?.status === 'compared') {
        const { diff } = comparison;
        const tables = [
            ...table('module', diff.modules, limit),
            ...table('package', diff.packages, limit),
            ...table('section', diff.sections, limit)
        ];
        lines.push(...(tables.length > 0
            ? tables
            : ['No package, module or section changed by more than the noise floor.']));
    }
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/report/size-commands.ts









const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
/** A report JSON of thousands of packages is well under this; it is the cap of any baseline. */
const MAX_REPORT_BYTES = schema/* BASELINE_LIMITS */.TA.bytes;
async function firstBytes(path) {
    const handle = await (0,promises_.open)(path, 'r').catch((error) => {
        throw new errors/* UserError */.y(`${path}: cannot be read (${error.code ?? error.message}).`);
    });
    try {
        const buf = Buffer.alloc(4);
        const { bytesRead } = await handle.read(buf, 0, 4, 0);
        return buf.subarray(0, bytesRead);
    }
    catch (error) {
        const code = error.code;
        throw new errors/* UserError */.y(`${path}: cannot be read (${code === 'EISDIR' ? 'a directory' : code}).`);
    }
    finally {
        await handle.close();
    }
}
/** Reads OLD or NEW of `diff`: an ELF binary, or a report JSON written by from-scratch. */
async function readSizedInput(path) {
    const head = await firstBytes(path);
    if (head.equals(ELF_MAGIC)) {
        const inspection = await (0,inspect/* inspectBinary */.wm)(path, { sizes: true });
        const sizes = inspection.sizes ? (0,report_sizes/* sizesJson */.r4)(inspection.sizes) : null;
        return { path, kind: 'binary', size: inspection.size, sizes };
    }
    // Sized before it is read: a 700 MB file read whole fails in node, not here.
    const { size } = await (0,promises_.stat)(path);
    if (size > MAX_REPORT_BYTES) {
        throw new errors/* UserError */.y(`${path}: ${(0,units/* formatBytes */.z3)(size)} is too large for a report JSON (at most ${(0,units/* formatBytes */.z3)(MAX_REPORT_BYTES)}), and it is not an ELF binary.`);
    }
    const text = await (0,promises_.readFile)(path, 'utf8');
    const parsed = (0,schema/* parseBaseline */.nk)(text);
    if (parsed.report === null) {
        throw new errors/* UserError */.y(`${path} is neither an ELF binary nor a from-scratch report JSON: ${parsed.reason}.`);
    }
    return {
        path,
        kind: 'report',
        size: parsed.report.binary.size,
        sizes: parsed.report.binary.sizes ?? null
    };
}
function pad(text, width) {
    return text.length >= width ? text : text + ' '.repeat(width - text.length);
}
function padStart(text, width) {
    return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}
/** The breakdown for a terminal: sections, attribution, top packages and modules, advice. */
function sizesText(sizes, rows = 30) {
    const lines = [];
    for (const note of sizes.notes)
        lines.push(`  note: ${size_commands_shown(note)}`);
    lines.push(`  ${sizes.layout === 'sections' ? 'sections' : 'segments (no section headers)'}:`);
    for (const s of [...sizes.sections].sort((a, b) => b.size - a.size)) {
        if (s.size === 0 && s.memory === 0)
            continue;
        const memory = s.memory === s.size ? '' : ` (${(0,units/* formatExact */.Bo)(s.memory)} in memory)`;
        lines.push(`    ${pad(size_commands_shown(s.name), 24)} ${padStart((0,units/* formatExact */.Bo)(s.size), 12)}${memory}`);
    }
    const shares = Object.entries(sizes.attributed);
    if (shares.length > 0)
        lines.push('  attributed:');
    for (const [name, share] of shares) {
        const percent = share.size > 0 ? ((share.attributed / share.size) * 100).toFixed(1) : '0.0';
        lines.push(`    ${pad(size_commands_shown(name), 24)} ${padStart(`${percent} %`, 7)} of ${(0,units/* formatBytes */.z3)(share.size)}: ${size_commands_shown(share.how)}`);
    }
    if (sizes.modules.length > 0) {
        lines.push('  modules (bytes):');
        for (const m of sizes.modules.slice(0, rows)) {
            const name = `${size_commands_shown(m.path)}${m.version === '' ? '' : ` ${size_commands_shown(m.version)}`}`;
            lines.push(`    ${pad(name, 48)} ${padStart((0,units/* formatExact */.Bo)(m.bytes), 12)}`);
        }
    }
    const packages = sizes.packages.filter((p) => p.name !== report_sizes/* OTHER */.Zs);
    if (packages.length > 0) {
        lines.push('  packages (bytes):');
        for (const p of packages.slice(0, rows)) {
            lines.push(`    ${pad(size_commands_shown(p.name), 48)} ${padStart((0,units/* formatExact */.Bo)(p.bytes), 12)}`);
        }
        const more = packages.length - Math.min(rows, packages.length) + sizes.others.packages;
        if (more > 0)
            lines.push(`    … ${(0,units/* formatExact */.Bo)(more)} smaller packages (--json lists up to 200)`);
    }
    if (sizes.symbols.length > 0) {
        lines.push('  largest symbols:');
        for (const s of sizes.symbols.slice(0, rows)) {
            const file = s.file === '' ? '' : ` (${size_commands_shown(s.file)})`;
            lines.push(`    ${pad(`${size_commands_shown(s.name)}${file}`, 48)} ${padStart((0,units/* formatExact */.Bo)(s.size), 12)} ${size_commands_shown(s.section)}`);
        }
    }
    for (const item of sizes.advice) {
        const bytes = item.bytes === null ? '' : `${(0,units/* formatBytes */.z3)(item.bytes)}: `;
        lines.push(`  shrink: ${bytes}${size_commands_shown(item.message)}`);
    }
    return lines.join('\n');
}
/** Markdown for a terminal: no control characters from a binary's names (escape sequences). */
function size_commands_terminalSafe(text) {
    // eslint-disable-next-line no-control-regex
    return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '?');
}
/** A name from the binary on one line of the terminal: escaped (oneLine) and cut to 200 characters. */
function size_commands_shown(name) {
    const chars = [...name];
    return oneLine(chars.length > 200 ? `${chars.slice(0, 200).join('')}…` : name);
}
/** `diff OLD NEW` as aligned text for a terminal, markdown (the "What changed" tables) or JSON. */
function diffOutput(old, now, format) {
    const comparison = (0,report_sizes/* compareSizes */.mR)(true, old.sizes, now.sizes);
    if (format === 'text') {
        return diffText({ old: old.size, now: now.size }, comparison, { old: old.path, now: now.path });
    }
    if (format === 'json') {
        const side = ({ path, kind, size }) => ({ path, kind, size });
        return JSON.stringify({ schema: 1, old: side(old), new: side(now), changes: comparison }, null, 2);
    }
    const total = `binary: ${(0,units/* formatBytes */.z3)(old.size)} → ${(0,units/* formatBytes */.z3)(now.size)} (${(0,units/* formatSignedBytes */.vN)(now.size - old.size)})`;
    const lines = [total];
    if (comparison?.status === 'no-attribution') {
        lines.push('', `${oneLine(now.path)} has no size attribution: only the totals compare.`);
    }
    else if (comparison?.status === 'base-without-attribution') {
        lines.push('', `${oneLine(old.path)} has no size attribution: only the totals compare.`);
    }
    else {
        const table = whatChangedLines(comparison, { changes: 1000, packages: 1000 });
        lines.push(...(table.length > 0
            ? table
            : ['', 'No package, module or section changed by more than the noise floor.']));
    }
    return size_commands_terminalSafe(lines.join('\n'));
}

;// CONCATENATED MODULE: ./src/cli.ts





















/** Exit codes of `inspect`, as DESIGN.md fixes them. */
const EXIT_RUNS = 0;
const EXIT_WONT_RUN = 1;
const EXIT_CANNOT_TELL = 2;
function cli_advice(inspection, platform) {
    return inspection.verdict.accepted ? null : (0,advice/* adviceFor */.c)(inspection, null, platform);
}
async function inspectCommand(positionals, json, world, sizes = false) {
    if (positionals.length === 0)
        throw new errors/* UserError */.y(`inspect takes a FILE.\n\n${USAGE}`);
    if (positionals.length > 1) {
        if (sizes)
            throw new errors/* UserError */.y(`inspect --sizes takes one FILE.\n\n${USAGE}`);
        return inspectMany(positionals, json, world);
    }
    // A binary is judged against the platform it was built for, when it is one a build can target.
    const path = (0,external_node_path_.resolve)(world.cwd, positionals[0]);
    const platform = await (0,inspect/* platformOfBinary */.i7)(path);
    const inspection = await (0,inspect/* inspectBinary */.wm)(path, { sizes, platform });
    const report = (0,binary_json/* binaryJson */.w)(inspection);
    if (json)
        world.out(JSON.stringify({ schema: 1, binary: report }, null, 2));
    else
        world.out(binaryText(inspection, cli_advice(inspection, platform)));
    if (sizes && !json) {
        world.out(report.sizes ? sizesText(report.sizes) : `  sizes: not an ${(0,ground_platform/* cpuName */.ab)(platform)} ELF file`);
    }
    return inspectExit(inspection);
}
function inspectExit(inspection) {
    if (inspection.verdict.accepted)
        return EXIT_RUNS;
    return inspection.verdict.linkage === 'malformed' ? EXIT_CANNOT_TELL : EXIT_WONT_RUN;
}
/**
 * `inspect A B C …`: one process for many binaries, one verdict line each (or
 * one JSON document), and the worst exit code of them: 2 over 1 over 0.
 */
async function inspectMany(paths, json, world) {
    let exit = EXIT_RUNS;
    const reports = [];
    for (const path of paths) {
        try {
            const file = (0,external_node_path_.resolve)(world.cwd, path);
            const inspection = await (0,inspect/* inspectBinary */.wm)(file, {
                sizes: false,
                platform: await (0,inspect/* platformOfBinary */.i7)(file)
            });
            exit = Math.max(exit, inspectExit(inspection));
            if (json)
                reports.push((0,binary_json/* binaryJson */.w)(inspection));
            else
                world.out(verdictLine(inspection));
        }
        catch (error) {
            if (!(error instanceof errors/* UserError */.y))
                throw error;
            exit = EXIT_CANNOT_TELL;
            if (json)
                reports.push({ path, error: error.message });
            else
                world.out(`${path}: cannot tell — ${error.message}`);
        }
    }
    if (json)
        world.out(JSON.stringify({ schema: 1, binaries: reports }, null, 2));
    return exit;
}
async function diffCommand(positionals, values, world) {
    if (positionals.length !== 2) {
        throw new errors/* UserError */.y('diff takes OLD and NEW.', [
            'usage: from-scratch diff OLD NEW [--markdown | --json]'
        ]);
    }
    const [old, now] = await Promise.all(positionals.map((path) => readSizedInput((0,external_node_path_.resolve)(world.cwd, path))));
    const format = values.json === true ? 'json' : values.markdown === true ? 'markdown' : 'text';
    world.out(diffOutput(old, now, format));
    return 0;
}
function cli_text(values, name) {
    const value = values[name];
    return typeof value === 'string' ? value : '';
}
/** An input's value from the flags; DIR stands for `working-directory`, `--tag` adds to `tags`. */
function flagSource(positionals, values) {
    return (name) => {
        if (name === 'working-directory' && positionals[0] !== undefined)
            return positionals[0];
        if (name === 'tags') {
            const repeated = Array.isArray(values.tag) ? values.tag.map(String) : [];
            return [cli_text(values, 'tags'), ...repeated].filter((t) => t !== '').join('\n');
        }
        return cli_text(values, name);
    };
}
/**
 * Where the terminal keeps go's output between builds (compile/go-output-cache.ts):
 * `from-scratch/go-out` in the user's cache folder (XDG_CACHE_HOME, else
 * ~/.cache; a relative XDG_CACHE_HOME is ignored, as the XDG spec says). Null,
 * so go writes straight into the output folder, with --no-cache, with
 * FROM_SCRATCH_NO_CACHE set (to anything but `0`, `false` or empty), or when
 * the environment names no home. Pure.
 */
function goOutputCacheOf(env, noCache) {
    const off = (env.FROM_SCRATCH_NO_CACHE ?? '').trim().toLowerCase();
    if (noCache || !['', '0', 'false'].includes(off))
        return null;
    const xdg = env.XDG_CACHE_HOME ?? '';
    const home = env.HOME ?? '';
    const base = (0,external_node_path_.isAbsolute)(xdg) ? xdg : (0,external_node_path_.isAbsolute)(home) ? (0,external_node_path_.join)(home, '.cache') : null;
    return base === null ? null : (0,external_node_path_.join)(base, 'from-scratch', 'go-out');
}
/** The exit code for how a build ended: 0 built and within the gates, 1 a gate failed or the binary will not run in scratch, 2 anything else. Pure. */
function exitCodeOf(end) {
    if (end.outcome === 'reported') {
        return end.composed.evaluation.failureMessage === null ? 0 : EXIT_WONT_RUN;
    }
    return (0,outcome/* isRejectedBinary */.Ik)(end) ? EXIT_WONT_RUN : EXIT_CANNOT_TELL;
}
/** What stderr says when the run ended badly; empty when it did not. Pure. */
function failureLines(end) {
    if (end.outcome === 'reported')
        return [];
    const { error } = end;
    if (error.userFixable) {
        return [
            [
                `from-scratch: ${forTerminal(error.message)}`,
                ...error.details.map((line) => `  ${forTerminal(line)}`.trimEnd())
            ].join('\n')
        ];
    }
    return [
        `from-scratch: unexpected error (a bug, please report it): ${error.message}`,
        ...(error.stack === null ? [] : [error.stack])
    ];
}
/** Whether stderr gets colour: a terminal, and NO_COLOR (no-color.org) unset or empty. */
function wantsColor(world) {
    return world.tty !== null && (world.env.NO_COLOR ?? '') === '' && world.env.TERM !== 'dumb';
}
/** Says how the run ended (stdout, the summary, the error), and returns the exit code. */
async function conclude(end, publishers, world, log) {
    const { failures } = await publishAll(publishers, end);
    warnAboutGates(end, log);
    for (const line of failureLines(end))
        world.err(line);
    for (const failure of failures) {
        for (const line of failureLines((0,outcome/* failedAt */.JG)('inputs', failure.error)))
            world.err(line);
    }
    return failures.length > 0 ? EXIT_CANNOT_TELL : exitCodeOf(end);
}
/** Refusals that need no build: each says what to type instead. */
async function checkBuildFlags(positionals, values, world) {
    if (positionals.length > 1) {
        throw new errors/* UserError */.y(`build takes one DIR, but got ${positionals.length}: ${positionals.map((p) => oneLine(p)).join(', ')}.`, [
            'Flags take their value after them, e.g. --image ghcr.io/acme/api; true/false flags such as --push stand alone.'
        ]);
    }
    const push = cli_text(values, 'push');
    if (['true', 'True', 'TRUE'].includes(push) && cli_text(values, 'image') === '') {
        throw new errors/* UserError */.y('--push needs --image: say where the image goes, e.g. --image ghcr.io/acme/api.', [
            'Without it the name would be the folder name, which Docker would push to docker.io/library/.'
        ]);
    }
    const baseline = cli_text(values, 'baseline');
    if (baseline !== '') {
        const path = (0,external_node_path_.resolve)(world.cwd, baseline);
        const found = await (0,promises_.stat)(path).catch((error) => error);
        if (found instanceof Error) {
            throw new errors/* UserError */.y(found.code === 'ENOENT'
                ? `--baseline ${oneLine(baseline)}: no such file.`
                : `--baseline ${oneLine(baseline)}: cannot be read (${found.code ?? found.message}).`, ['Make one with --save-baseline FILE on the build to compare with (e.g. on main).']);
        }
        if (!found.isFile())
            throw new errors/* UserError */.y(`--baseline ${oneLine(baseline)}: not a file.`);
    }
}
/** A path for the summary: relative to where the user stands when that is shorter. */
function shownPath(path, cwd) {
    const rel = (0,external_node_path_.relative)(cwd, path);
    return rel !== '' && !rel.startsWith('..') && rel.length < path.length ? rel : path;
}
async function buildCommand(positionals, values, world) {
    const verbose = values.verbose === true;
    const log = terminalLogOf({
        verbose,
        progress: world.tty,
        say: world.err,
        words: forTerminal
    });
    const json = values.json === true;
    const markdown = cli_text(values, 'markdown');
    const printer = markdown === '-' ? null : terminalPrinter({ json, out: world.out, exitCodeOf });
    let settings;
    try {
        await checkBuildFlags(positionals, values, world);
        settings = readSettings(flagSource(positionals, values), {
            workspace: world.cwd,
            repository: '',
            sourceDateEpoch: world.env.SOURCE_DATE_EPOCH ?? ''
        });
    }
    catch (error) {
        return conclude((0,outcome/* failedAt */.JG)('inputs', error), printer ? [printer] : [], world, log);
    }
    // Everything temporary goes into one folder of this command's own, removed
    // when it ends, whatever the outcome; --output-dir keeps the binary (and the
    // OCI layout) where the user asked.
    const temp = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'from-scratch-'));
    try {
        const outputFlag = cli_text(values, 'output-dir');
        const outputDir = outputFlag === '' ? temp : (0,external_node_path_.resolve)(world.cwd, outputFlag);
        return await buildIn(settings, values, world, log, {
            outputDir,
            tempDir: temp,
            kept: outputFlag !== ''
        });
    }
    finally {
        await (0,promises_.rm)(temp, { recursive: true, force: true, maxRetries: 3 });
    }
}
/** What --output-dir kept: each platform's binary and SBOM files, the writer's OCI layout and archive. */
function keptFiles(end, cwd) {
    const builds = end.outcome === 'reported' ? [end.facts, ...(end.others ?? [])] : [];
    const several = builds.length > 1;
    const named = (what, facts) => several ? `${what}, ${(0,ground_platform/* platformName */.$r)(facts.image.platform)}` : what;
    const kept = [];
    if (end.outcome !== 'reported') {
        const { compiled } = end.reached;
        if (compiled)
            kept.push({ what: 'binary', path: shownPath(compiled.binaryPath, cwd) });
    }
    for (const facts of builds) {
        kept.push({ what: named('binary', facts), path: shownPath(facts.compiled.binaryPath, cwd) });
    }
    const image = end.outcome === 'reported' ? end.facts.image : end.reached.image;
    if (image?.layout) {
        kept.push({ what: 'oci layout', path: shownPath(image.layout.dir, cwd) });
        kept.push({ what: 'archive', path: shownPath(image.layout.archive, cwd) });
    }
    for (const facts of builds) {
        for (const file of facts.sbom?.files ?? []) {
            kept.push({ what: named(`sbom (${file.format})`, facts), path: shownPath(file.path, cwd) });
        }
    }
    return kept;
}
/** Every program the build runs, its output shown live only with -v. */
function quietExec(exec, verbose) {
    return { run: (file, args, options = {}) => exec.run(file, args, { ...options, echo: verbose }) };
}
async function buildIn(settings, values, world, log, dirs) {
    const git = (0,git_context/* gitContextFromEnv */.V)(world.env, {});
    // Loaded here, not at start-up: `inspect` and `diff` need none of the build's stages.
    const { runPipeline } = await Promise.all(/* import() */[__webpack_require__.e(571), __webpack_require__.e(566)]).then(__webpack_require__.bind(__webpack_require__, 7566));
    const result = await runPipeline(settings, {
        exec: quietExec(world.exec, values.verbose === true),
        log,
        workspace: world.cwd,
        outputDir: dirs.outputDir,
        tempDir: dirs.tempDir,
        // Not a temp folder: kept between builds, so go can skip an unchanged link.
        goOutputCache: goOutputCacheOf(world.env, values['no-cache'] === true),
        git
    });
    const baselineFile = cli_text(values, 'baseline');
    const end = await reportOn(result, {
        baseline: baselineFile === '' ? null : new FileBaselineStore((0,external_node_path_.resolve)(world.cwd, baselineFile), log),
        log,
        source: { ref: git.ref, sha: git.sha },
        gates: settings.gates,
        current: 'this build'
    });
    const saveFile = cli_text(values, 'save-baseline');
    const markdownFile = cli_text(values, 'markdown');
    const publishers = [];
    if (saveFile !== '') {
        publishers.push(baselineSaver(new FileBaselineStore((0,external_node_path_.resolve)(world.cwd, saveFile), log)));
    }
    if (markdownFile !== '') {
        publishers.push(markdownWriter(async (md) => {
            if (markdownFile === '-')
                world.out(md);
            else
                await (0,promises_.writeFile)((0,external_node_path_.resolve)(world.cwd, markdownFile), md);
        }));
    }
    // The summary first and the reference last, as ko does: the last line is the one to copy.
    const styled = world.tty;
    publishers.push(summaryPrinter(styled ? (t) => styled.write(`${t}\n`) : world.err, {
        color: wantsColor(world),
        kept: dirs.kept ? keptFiles(end, world.cwd) : [],
        ...(baselineFile === '' ? {} : { baselineName: baselineFile }),
        ...(saveFile === '' ? {} : { savedTo: saveFile })
    }));
    if (markdownFile !== '-') {
        publishers.push(terminalPrinter({ json: values.json === true, out: world.out, exitCodeOf }));
    }
    return conclude(end, publishers, world, log);
}
/** `from-scratch --version`: the version in the package.json next to the bundle (or the sources). */
async function version() {
    const { readFile } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 1455, 23));
    const { fileURLToPath } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 3136, 23));
    let dir = fileURLToPath(new URL(/* asset import */ __webpack_require__(6966), __webpack_require__.b));
    for (let up = 0; up < 3; up++) {
        const found = await readFile((0,external_node_path_.join)(dir, 'package.json'), 'utf8').catch(() => null);
        const pkg = found === null ? null : JSON.parse(found);
        if (pkg?.name === 'from-scratch' && pkg.version)
            return pkg.version;
        dir = (0,external_node_path_.resolve)(dir, '..');
    }
    return 'unknown';
}
/** The terminal entry point; returns the exit code instead of exiting, so tests can call it. */
async function cli(args, world) {
    const quiet = terminalLogOf({
        verbose: false,
        progress: null,
        say: world.err,
        words: forTerminal
    });
    try {
        const { command, positionals, values } = parseCommandLine(args);
        if (values.version === true) {
            world.out(`from-scratch ${await version()}`);
            return 0;
        }
        if (command === null) {
            world.out(USAGE);
            return values.help === true ? 0 : EXIT_CANNOT_TELL;
        }
        if (values.help === true) {
            world.out(commandHelp(command));
            return 0;
        }
        if (command === 'inspect') {
            return await inspectCommand(positionals, values.json === true, world, values.sizes === true);
        }
        if (command === 'diff')
            return await diffCommand(positionals, values, world);
        return await buildCommand(positionals, values, world);
    }
    catch (error) {
        // Usage errors, and a binary `inspect` cannot read. `--json` still gets its one object.
        const json = args.includes('--json');
        const printer = terminalPrinter({ json, out: world.out, exitCodeOf });
        return conclude((0,outcome/* failedAt */.JG)('inputs', error), [printer], world, quiet);
    }
}
/**
 * A terminal: every line is made safe on its way out (control bytes escaped,
 * no workflow command), since text from a binary or the repository may hold
 * ESC sequences or `::` lines, and the CLI may well run in a `run:` step.
 */
const terminalWorld = {
    out: (text) => process.stdout.write(`${terminalSafe(text)}\n`),
    err: (text) => process.stderr.write(`${terminalSafe(text)}\n`),
    cwd: process.cwd(),
    exec: exec/* systemExec */.Vi,
    env: process.env,
    tty: process.stderr.isTTY
        ? {
            // Our own escape codes (colour, the progress line) around text made safe by its writer.
            write: (text) => process.stderr.write(text),
            columns: () => process.stderr.columns || 80
        }
        : null
};


/***/ }),

/***/ 3597:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ adviceFor)
/* harmony export */ });
/* harmony import */ var _ground_platform_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1996);

/** C runtime libraries that `-static` links from libc's own archives; anything else needs its own `.a`. */
const LIBC_PARTS = /^(libc|libm|libpthread|libdl|librt|libutil|libresolv|ld-linux[^.]*|ld-musl[^.]*)\.so/;
/**
 * The C compilers that link statically for `platform`: the plain names for
 * the default platform, which the runners are, and the cross compilers'
 * triples for any other (which also work on a host of that CPU, beside the
 * plain names).
 */
function cCompilers(platform) {
    if ((0,_ground_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .platformName */ .$r)(platform) === (0,_ground_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .platformName */ .$r)(_ground_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_PLATFORM */ .Er)) {
        return { musl: 'musl-gcc', gnu: 'gcc' };
    }
    return { musl: `${(0,_ground_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .gnuTriple */ .vs)(platform, 'musl')}-gcc`, gnu: `${(0,_ground_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .gnuTriple */ .vs)(platform, 'gnu')}-gcc` };
}
function cStatic(platform) {
    const cc = cCompilers(platform);
    return `link statically: \`${cc.musl} -static\` (no NSS surprises at run time), or \`${cc.gnu} -static\``;
}
function goDynamic(verdict, go) {
    const settings = go?.settings ?? {};
    const fixes = [];
    if (settings['-buildmode'] === 'pie') {
        // Checked with Go 1.23: internal linking keeps PT_INTERP; external linking needs cgo.
        fixes.push('`-buildmode=pie` makes Go ask for a dynamic loader even without cgo (`-linkmode=internal` keeps it): drop `-buildmode=pie`, or, if you need PIE, build with `CGO_ENABLED=1` and `-ldflags "-linkmode=external -extldflags=-static-pie"`, which has gcc link a static-pie');
    }
    if (settings['CGO_ENABLED'] === '1') {
        fixes.push('built with cgo against a shared C library: set `cgo: false` (pure Go, with `-tags netgo,osusergo`), or keep cgo and link statically against musl with `cgo: true`');
    }
    if (fixes.length > 0)
        return fixes.join('; ');
    if (settings['-linkshared'] === 'true') {
        return '`-linkshared` links against shared Go libraries: drop it and build with `CGO_ENABLED=0`';
    }
    const needs = verdict.needed.length > 0 ? ` and ${verdict.needed.join(', ')}` : '';
    return `it asks for ${verdict.interpreter ?? 'a dynamic loader'}${needs}: build with \`CGO_ENABLED=0\` (\`cgo: false\`) and without \`-buildmode=pie\`, or link cgo statically against musl with \`cgo: true\``;
}
function cDynamic(verdict, platform) {
    const extra = verdict.needed.filter((lib) => !LIBC_PARTS.test(lib));
    const archives = extra.length > 0
        ? `; ${extra.join(', ')} must then be linked from static archives (${extra.map((lib) => `${lib.replace(/\.so.*$/, '')}.a`).join(', ')})`
        : '';
    if (verdict.interpreter?.includes('ld-musl')) {
        return `add \`-static\` to the link (\`${cCompilers(platform).musl} -static\`)${archives}`;
    }
    return `${cStatic(platform)}${archives}`;
}
function dynamic(verdict, go, language, platform) {
    if (language === 'go')
        return goDynamic(verdict, go);
    if (language === 'c')
        return cDynamic(verdict, platform);
    const cc = cCompilers(platform);
    return `link statically: for Go, \`CGO_ENABLED=0\` without \`-buildmode=pie\`; for C, \`${cc.musl} -static\` or \`${cc.gnu} -static\``;
}
function sharedLibrary(go, language) {
    if (language === 'go') {
        const mode = go?.settings['-buildmode'];
        const how = mode ? ` (it was built with \`-buildmode=${mode}\`)` : '';
        return `this is a shared library, not a program${how}: build a \`package main\` with the default \`-buildmode=exe\``;
    }
    if (language === 'c') {
        return 'this is a shared library, not a program: drop `-shared` and link an executable with a `main` function, statically (`musl-gcc -static`)';
    }
    return 'this is a shared library, not a program: build an executable (Go: `package main`, default `-buildmode`; C: no `-shared`, link with `-static`)';
}
/**
 * The musl cross compiler for `platform`, and where Debian and Ubuntu keep it:
 * musl-dev of the target architecture ships the `<triple>-gcc` wrapper around
 * the gnu cross gcc.
 */
function muslCross(platform) {
    const arch = (0,_ground_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .debianArch */ ._2)(platform);
    return `\`${(0,_ground_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .gnuTriple */ .vs)(platform, 'musl')}-gcc -static\` (Debian/Ubuntu: \`dpkg --add-architecture ${arch}\`, on Ubuntu an apt source with ${arch} packages, then \`apt-get install ${(0,_ground_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .debianCrossPackage */ .wl)(platform)} musl-dev:${arch}\`)`;
}
function wrongArchitecture(language, platform) {
    const goFix = `build with \`${(0,_ground_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .goEnvText */ .vB)(platform)}\``;
    const cpu = (0,_ground_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .cpuName */ .ab)(platform);
    const cFix = `compile for ${cpu} Linux: \`musl-gcc -static\` on an ${cpu} host, or elsewhere the cross compiler ${muslCross(platform)}`;
    if (language === 'go')
        return goFix;
    if (language === 'c')
        return cFix;
    return `for Go, ${goFix}; for C, ${cFix}`;
}
/**
 * One line that says how to get a binary that runs in scratch. `language`
 * is a hint from the caller (what was compiled); Go build info in the
 * binary overrides it.
 */
function adviceFor(facts, language = null, platform = _ground_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_PLATFORM */ .Er) {
    const { verdict, go } = facts;
    const lang = go || facts.goNote ? 'go' : language;
    switch (verdict.linkage) {
        case 'static':
        case 'static-pie':
            return 'nothing to fix: it runs in an empty image';
        case 'dynamic':
            return dynamic(verdict, go, lang, platform);
        case 'shared-library':
            return sharedLibrary(go, lang);
        case 'wrong-architecture':
            return wrongArchitecture(lang, platform);
        case 'not-elf':
            return `point \`binary\` at the compiled ${(0,_ground_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .platformName */ .$r)(platform)} executable: a script or archive cannot run in scratch, which has no shell and no interpreters`;
        case 'malformed':
            return 'the file is truncated or damaged: rebuild it, and if it came from a cache or an artifact, check that it was copied whole';
    }
}


/***/ }),

/***/ 1650:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Tn: () => (/* binding */ readGoBuildInfo)
/* harmony export */ });
/* unused harmony exports BUILDINFO_MAGIC, OLD_GO_NOTE, searchForward, locateBuildInfo, uvarint, readBuildInfoAt, unframe, parseModInfo, parseSetting, quotedPrefix */
/* harmony import */ var _go_names_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7314);
/* harmony import */ var _reader_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8946);


const BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
/** Magic (14), pointer size (1), flags (1), two pointers (16): see debug/buildinfo. */
const HEADER_SIZE = 32;
const ALIGN = 16n;
/** Flag bit set by Go ≥ 1.18: the strings follow the header instead of being pointed to. */
const FLAG_INLINE = 2;
/** Go's own search reads 1 MiB at a time; so do we. */
const CHUNK = 1 << 20;
/** A version string is a few bytes; modinfo of a large module graph is tens of KB. */
const MAX_VERSION = 256;
const MAX_MODINFO = 1 << 20;
/** cmd/go frames modinfo with 16-byte sentinels (modload.infoStart / infoEnd). */
const SENTINEL = 16;
const OLD_GO_NOTE = 'built with Go older than 1.18: build info not read';
/**
 * Forward search of `pattern` in [start, end) of `src`, reading `CHUNK` bytes
 * at a time with an overlap so that a match across two chunks is not missed.
 * `accept` sees each match's absolute offset and may reject it (alignment).
 */
async function searchForward(src, start, end, pattern, accept = () => true, chunk = CHUNK) {
    const stop = end < src.size ? end : src.size;
    let pos = start;
    while (pos < stop) {
        const want = Number(stop - pos < BigInt(chunk) ? stop - pos : BigInt(chunk));
        const buf = await src.read(pos, want);
        if (buf.length === 0)
            return null;
        let i = buf.indexOf(pattern);
        while (i !== -1) {
            if (accept(pos + BigInt(i)))
                return pos + BigInt(i);
            i = buf.indexOf(pattern, i + 1);
        }
        if (pos + BigInt(buf.length) >= stop)
            return null;
        // Back up so a pattern that straddles the chunk boundary is seen whole next time.
        pos += BigInt(Math.max(1, buf.length - (pattern.length - 1)));
    }
    return null;
}
/** File offset of the build info header, or null when the binary has none. */
async function locateBuildInfo(elf) {
    const section = await elf.section('.go.buildinfo');
    if (section && section.type !== _reader_js__WEBPACK_IMPORTED_MODULE_0__/* .SHT_NOBITS */ .UB && section.size >= BigInt(HEADER_SIZE)) {
        const head = await elf.src.read(section.offset, BUILDINFO_MAGIC.length);
        if (head.equals(BUILDINFO_MAGIC))
            return section.offset;
    }
    // Without section headers, do what debug/buildinfo does: the first writable,
    // non-executable PT_LOAD, magic aligned to 16 in the address space.
    const data = elf.programHeaders.find((ph) => ph.type === _reader_js__WEBPACK_IMPORTED_MODULE_0__/* .PT_LOAD */ .M && (ph.flags & (_reader_js__WEBPACK_IMPORTED_MODULE_0__/* .PF_X */ ._ | _reader_js__WEBPACK_IMPORTED_MODULE_0__/* .PF_W */ .f1)) === _reader_js__WEBPACK_IMPORTED_MODULE_0__/* .PF_W */ .f1);
    if (!data)
        return null;
    const delta = data.vaddr - data.offset;
    return searchForward(elf.src, data.offset, data.offset + data.filesz, BUILDINFO_MAGIC, (offset) => (offset + delta) % ALIGN === 0n);
}
/** An unsigned LEB128 varint, as Go's binary.Uvarint; null when it runs off the buffer or overflows. */
function uvarint(buf, at) {
    let value = 0;
    let shift = 0;
    for (let i = at; i < buf.length && i < at + 5; i++) {
        const b = buf[i];
        value += (b & 0x7f) * 2 ** shift;
        if ((b & 0x80) === 0)
            return { value, next: i + 1 };
        shift += 7;
    }
    return null;
}
/**
 * Reads the header and the two inline strings (version, modinfo). Reads are
 * bounded: the strings are length-prefixed and the lengths are capped.
 */
async function readBuildInfoAt(elf, at) {
    const header = await elf.read(at, HEADER_SIZE, 'Go build info header');
    const flags = header.readUInt8(15);
    if ((flags & FLAG_INLINE) === 0)
        return { kind: 'unreadable', note: OLD_GO_NOTE };
    const first = await elf.src.read(at + BigInt(HEADER_SIZE), 16 + MAX_VERSION);
    const vlen = uvarint(first, 0);
    if (!vlen ||
        vlen.value === 0 ||
        vlen.value > MAX_VERSION ||
        vlen.next + vlen.value > first.length) {
        return { kind: 'unreadable', note: 'Go build info is damaged: no version string' };
    }
    const version = first.toString('utf8', vlen.next, vlen.next + vlen.value);
    const modAt = vlen.next + vlen.value;
    const mlen = uvarint(first, modAt);
    if (!mlen || mlen.value > MAX_MODINFO) {
        return { kind: 'unreadable', note: `Go build info is damaged: no module info (${version})` };
    }
    const raw = await elf.src.read(at + BigInt(HEADER_SIZE + mlen.next), mlen.value);
    const text = unframe(raw.toString('utf8'));
    return { kind: 'go', info: { version, ...parseModInfo(text) }, modules: (0,_go_names_js__WEBPACK_IMPORTED_MODULE_1__/* .parseModules */ .Dt)(text) };
}
/** Strips cmd/go's sentinels the way debug/buildinfo does; an unframed string means no module info. */
function unframe(mod) {
    if (mod.length >= 2 * SENTINEL + 1 && mod[mod.length - SENTINEL - 1] === '\n') {
        return mod.slice(SENTINEL, mod.length - SENTINEL);
    }
    return '';
}
/** The `path` line and `build` settings of a modinfo text (runtime/debug.ParseBuildInfo's format). */
function parseModInfo(text) {
    let path = '';
    const settings = {};
    for (const line of text.split('\n')) {
        if (line.startsWith('path\t'))
            path = line.slice('path\t'.length);
        else if (line.startsWith('build\t')) {
            const kv = parseSetting(line.slice('build\t'.length));
            if (kv)
                settings[kv[0]] = kv[1];
        }
    }
    return { path, settings };
}
/** `KEY=VALUE` where either side may be Go-quoted (values with spaces, e.g. `-ldflags="-s -w"`). */
function parseSetting(kv) {
    let key;
    let rest;
    if (kv.startsWith('"') || kv.startsWith('`')) {
        const quoted = quotedPrefix(kv);
        if (quoted === null)
            return null;
        key = quoted.value;
        rest = kv.slice(quoted.length);
        if (!rest.startsWith('='))
            return null;
        rest = rest.slice(1);
    }
    else {
        const eq = kv.indexOf('=');
        if (eq <= 0)
            return null;
        key = kv.slice(0, eq);
        rest = kv.slice(eq + 1);
    }
    if (rest.startsWith('"') || rest.startsWith('`')) {
        const quoted = quotedPrefix(rest);
        return quoted && quoted.length === rest.length ? [key, quoted.value] : null;
    }
    return [key, rest];
}
const SIMPLE_ESCAPES = {
    a: '\x07',
    b: '\b',
    f: '\f',
    n: '\n',
    r: '\r',
    t: '\t',
    v: '\v',
    '\\': '\\',
    '"': '"',
    "'": "'"
};
/** A Go string literal at the start of `s` (strconv.QuotedPrefix + Unquote). */
function quotedPrefix(s) {
    if (s.startsWith('`')) {
        const end = s.indexOf('`', 1);
        return end === -1 ? null : { value: s.slice(1, end), length: end + 1 };
    }
    if (!s.startsWith('"'))
        return null;
    const bytes = [];
    let i = 1;
    while (i < s.length) {
        const c = String.fromCodePoint(s.codePointAt(i) ?? 0);
        if (c === '"')
            return { value: Buffer.from(bytes).toString('utf8'), length: i + 1 };
        if (c !== '\\') {
            bytes.push(...Buffer.from(c, 'utf8'));
            i += c.length;
            continue;
        }
        const e = s[i + 1];
        if (e === undefined)
            return null;
        const simple = SIMPLE_ESCAPES[e];
        if (simple !== undefined) {
            bytes.push(simple.charCodeAt(0));
            i += 2;
        }
        else if (e === 'x' || e === 'u' || e === 'U') {
            const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
            const hex = s.slice(i + 2, i + 2 + n);
            if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n)
                return null;
            const code = parseInt(hex, 16);
            if (e === 'x')
                bytes.push(code);
            else
                bytes.push(...Buffer.from(String.fromCodePoint(code), 'utf8'));
            i += 2 + n;
        }
        else if (e >= '0' && e <= '7') {
            const oct = s.slice(i + 1, i + 4);
            if (!/^[0-7]{3}$/.test(oct))
                return null;
            bytes.push(parseInt(oct, 8) & 0xff);
            i += 4;
        }
        else {
            return null;
        }
    }
    return null;
}
/** Go facts from `.go.buildinfo`; `not-go` when there is no build info at all. */
async function readGoBuildInfo(elf) {
    const at = await locateBuildInfo(elf);
    if (at === null)
        return { kind: 'not-go' };
    return readBuildInfoAt(elf, at);
}


/***/ }),

/***/ 7314:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dt: () => (/* binding */ parseModules),
/* harmony export */   a3: () => (/* binding */ unescapePath),
/* harmony export */   dY: () => (/* binding */ LINKER_BUCKET),
/* harmony export */   fn: () => (/* binding */ filePackage),
/* harmony export */   l4: () => (/* binding */ ModuleMap),
/* harmony export */   sL: () => (/* binding */ withoutInstantiation),
/* harmony export */   wg: () => (/* binding */ packageOf)
/* harmony export */ });
/* unused harmony exports STD_MODULE, CMD_MODULE, UNKNOWN_MODULE, typePackage */
/**
 * Go symbol names → packages → modules. Pure: the names come from the
 * function table or the symbol table, the modules from the build info.
 * Names come from a binary the pull request controls: they are data, never
 * markup (the report code-spans them).
 */
/** Where bytes go that belong to no package: linker-made names (`go:buildid`) and functions of no known package. */
const LINKER_BUCKET = '(no package)';
/** The module of the standard library. */
const STD_MODULE = 'std';
/** The module of GOROOT commands' `cmd/...` packages (cmd/go, cmd/gofmt and what they import from cmd). */
const CMD_MODULE = 'cmd';
/** A package whose path matches no module in the build info. */
const UNKNOWN_MODULE = '(unknown module)';
/** Go 1.20+ and 1.18–1.19 spellings of a type's generated equality and hash functions. */
const TYPE_FUNC_PREFIXES = ['type:.eq.', 'type..eq.', 'type:.hash.', 'type..hash.'];
/** Prefixes that only say what shape of type follows. */
const TYPE_PREFIX = /^(?:\*|\[\d*\]|chan<- |<-chan |chan |go\.shape\.)+/;
/** Drops every `[...]` instantiation (generics), which may itself hold dots and slashes. */
function withoutInstantiation(name) {
    if (!name.includes('['))
        return name;
    let out = '';
    let depth = 0;
    for (const c of name) {
        if (c === '[')
            depth++;
        else if (c === ']' && depth > 0)
            depth--;
        else if (depth === 0)
            out += c;
    }
    return out;
}
/** Undoes the linker's `%xx` escapes (a dot in a path's last element is written `%2e`). */
function unescapePath(path) {
    if (!path.includes('%'))
        return path;
    return path.replace(/%([0-9a-fA-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}
/**
 * Splits `text` at `sep` where no bracket, brace or parenthesis is open:
 * the fields of `struct { a T; b U }`, the parameters of `func(a, b)`.
 */
function splitTop(text, sep) {
    const parts = [];
    let depth = 0;
    let from = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '[' || c === '{' || c === '(')
            depth++;
        else if (c === ']' || c === '}' || c === ')')
            depth--;
        else if (depth === 0 && text.startsWith(sep, i)) {
            parts.push(text.slice(from, i));
            from = i + sep.length;
        }
    }
    parts.push(text.slice(from));
    return parts.map((p) => p.trim()).filter((p) => p !== '');
}
/** Where the bracket opened at `open` closes, or -1. */
function closing(text, open) {
    let depth = 0;
    for (let i = open; i < text.length; i++) {
        const c = text[i];
        if (c === '[' || c === '{' || c === '(')
            depth++;
        else if (c === ']' || c === '}' || c === ')') {
            depth--;
            if (depth === 0)
                return i;
        }
    }
    return -1;
}
/** The package of a qualified name (`net/http.Request`, `crypto/x509.v`); null when unqualified. */
function qualifier(name) {
    const plain = withoutInstantiation(name);
    const slash = plain.lastIndexOf('/');
    const dot = plain.indexOf('.', slash + 1);
    if (dot <= 0)
        return null;
    return unescapePath(plain.slice(0, dot));
}
/**
 * The package of the members of `struct { … }` or `interface { … }`: the
 * package that qualifies an unexported member's name (it defined the type),
 * else the first member type that has a package.
 */
function membersPackage(body) {
    let first = null;
    for (const member of splitTop(body, ';')) {
        const space = splitTop(member, ' ');
        if (space.length >= 2) {
            const name = space[0] ?? '';
            // `crypto/x509.v *crypto/x509.Certificate`: an unexported field named with its package.
            if (!name.includes('(') && qualifier(name) !== null)
                return qualifier(name);
            first ??= typePackage(space.slice(1).join(' '));
        }
        else {
            // An embedded field (`io.Reader`), or a method `M() T` / `pkg.m()`.
            const paren = member.indexOf('(');
            const head = paren === -1 ? member : member.slice(0, paren);
            if (paren !== -1 && qualifier(head) !== null)
                return qualifier(head);
            first ??= paren === -1 ? typePackage(member) : null;
        }
    }
    return first;
}
/**
 * The package a Go type, spelled as in link names, belongs to: a named
 * type's package; for `*T`, `[]T`, `[4]T`, `chan T` T's; for `map[K]V` K's,
 * else V's; for an unnamed struct or interface the package that qualifies
 * its fields (see membersPackage); for `func(…)` its first parameter or
 * result with a package. Null for types of no package (`int`, `[2]interface {}`).
 */
function typePackage(type) {
    const t = type.replace(TYPE_PREFIX, '');
    if (t.startsWith('map[')) {
        const end = closing(t, 3);
        if (end === -1)
            return null;
        return typePackage(t.slice(4, end)) ?? typePackage(t.slice(end + 1));
    }
    for (const kind of ['struct {', 'interface {']) {
        if (t.startsWith(kind)) {
            const open = kind.length - 1;
            const end = closing(t, open);
            return end === -1 ? null : membersPackage(t.slice(open + 1, end));
        }
    }
    if (t.startsWith('func(')) {
        for (const part of t.slice(4).split(/[(),\s]+/)) {
            const pkg = part === '' ? null : typePackage(part.replace(/^\.\.\./, ''));
            if (pkg !== null)
                return pkg;
        }
        return null;
    }
    return qualifier(t);
}
/**
 * The package of a wrapper the compiler made for an unnamed type's method
 * (`go:struct { io.Reader; io.Closer }.Close`, `go:(*struct {…}).Read`).
 */
function wrapperPackage(rest) {
    const t = rest.startsWith('(*') ? rest.slice(2) : rest;
    const open = t.indexOf('{');
    if (open === -1)
        return null;
    const end = closing(t, open);
    return end === -1 ? null : typePackage(t.slice(0, end + 1));
}
/**
 * The package a Go symbol belongs to, or null for names the linker made
 * (`go:buildid`, `go:string.*`) and names without a package (assembly entry
 * points such as `_rt0_amd64_linux`: the function table's file entry names
 * those). As debug/gosym's PackageName: instantiations dropped, then the
 * text up to the first dot after the last slash, then `%xx` unescaped.
 * The equality and hash functions of a type (`type:.eq.T`, `type:.hash.T`),
 * a type descriptor (`type:T`), an itab (`go:itab.T,I`) and a method
 * wrapper of an unnamed type (`go:struct {…}.M`) go to the type's package
 * (typePackage).
 */
function packageOf(name) {
    for (const prefix of TYPE_FUNC_PREFIXES) {
        if (name.startsWith(prefix))
            return typePackage(name.slice(prefix.length));
    }
    if (name.startsWith('go:itab.') || name.startsWith('go.itab.')) {
        return typePackage(splitTop(name.slice(8), ',')[0] ?? '');
    }
    if (name.startsWith('go:struct {') || name.startsWith('go:(*struct {')) {
        return wrapperPackage(name.slice(3));
    }
    if (name.startsWith('type:') && !name.startsWith('type:.'))
        return typePackage(name.slice(5));
    if (name.startsWith('go:') || name.startsWith('type:'))
        return null;
    // Go before 1.20 spelled linker-made names with a dot.
    if (name.startsWith('go.') || name.startsWith('type.'))
        return null;
    return qualifier(name);
}
/**
 * The package of a source file as the function table spells it, for
 * functions whose name has none (assembly: `runtime/asm_amd64.s` → runtime).
 * With -trimpath, std files are `pkg/file` and module files
 * `module@version/dir/file`; without it, absolute paths under GOROOT's
 * `src/` or the module cache's `pkg/mod/`. Null when the path tells nothing.
 */
function filePackage(file) {
    let path = file;
    const mod = path.lastIndexOf('/pkg/mod/');
    if (mod !== -1)
        path = path.slice(mod + 9);
    else if (path.startsWith('/')) {
        const src = path.lastIndexOf('/src/');
        if (src === -1)
            return null;
        path = path.slice(src + 5);
    }
    const slash = path.lastIndexOf('/');
    if (slash <= 0)
        return null;
    // The module cache writes an upper-case letter as `!` and its lower case.
    const dir = path
        .slice(0, slash)
        .replace(/@[^/]*/, '')
        .replace(/!([a-z])/g, (_, c) => c.toUpperCase());
    return dir === '' ? null : unescapePath(dir);
}
/** Whether a path without a dot in its first element (std, GOROOT commands) is a `cmd/...` package. */
function isCmd(pkg) {
    return pkg === 'cmd' || pkg.startsWith('cmd/');
}
/**
 * Maps packages to modules: the longest module path that prefixes the
 * package. Each package is looked up by its own path prefixes (one map probe
 * per path element), so the cost grows with the packages' path lengths, not
 * with packages × modules: `probes` counts the probes, for the test that
 * keeps it that way.
 */
class ModuleMap {
    main;
    deps;
    mainPath;
    byPath = new Map();
    cache = new Map();
    /** Map probes made by moduleOf so far. */
    probes = 0;
    constructor(
    /** The main module, or null (GOROOT commands such as cmd/gofmt have none). */
    main, deps, 
    /** The main package's path from the build info (`cmd/go`), when known. */
    mainPath = '') {
        this.main = main;
        this.deps = deps;
        this.mainPath = mainPath;
        for (const mod of [...deps].reverse())
            this.byPath.set(mod.path, mod);
        if (main)
            this.byPath.set(main.path, main);
    }
    /** The module path of a package: a build-info module, `std`, `cmd`, or UNKNOWN_MODULE. */
    moduleOf(pkg) {
        const hit = this.cache.get(pkg);
        if (hit !== undefined)
            return hit;
        const found = this.find(pkg);
        this.cache.set(pkg, found);
        return found;
    }
    find(pkg) {
        if (pkg === 'main') {
            if (this.main)
                return this.main.path;
            return isCmd(this.mainPath) ? CMD_MODULE : STD_MODULE;
        }
        for (let end = pkg.length; end > 0; end = pkg.lastIndexOf('/', end - 1)) {
            this.probes++;
            const mod = this.byPath.get(end === pkg.length ? pkg : pkg.slice(0, end));
            if (mod)
                return mod.path;
        }
        const first = pkg.split('/')[0] ?? '';
        // Standard-library paths have no dot in their first element (and std vendors x/ packages).
        if (!first.includes('.') || pkg.startsWith('vendor/')) {
            return isCmd(pkg) ? CMD_MODULE : STD_MODULE;
        }
        return UNKNOWN_MODULE;
    }
    /** The version recorded for a module path; '' for std, cmd and unknown ones. */
    versionOf(path) {
        const mod = this.byPath.get(path);
        if (!mod)
            return '';
        return mod.replacedBy === '' ? mod.version : `${mod.version} => ${mod.replacedBy}`.trim();
    }
}
function withReplacement(mod, replacedBy, replacement) {
    return mod === null ? null : { ...mod, replacedBy, replacement };
}
/** The sum field of a `mod`/`dep` line, kept only when it has the go.sum form. */
function sumOf(field) {
    return field !== undefined && /^h1:[A-Za-z0-9+/]{43}=$/.test(field) ? { sum: field } : {};
}
/**
 * The `mod`, `dep` and `=>` lines of a modinfo text (runtime/debug's
 * format: tab-separated path, version, sum). Malformed lines are skipped.
 */
function parseModules(text) {
    let main = null;
    const deps = [];
    let last = null;
    for (const line of text.split('\n')) {
        const [kind, path, version, sum] = line.split('\t');
        if (path === undefined || path === '')
            continue;
        if (kind === 'mod') {
            main = { path, version: version ?? '', replacedBy: '', ...sumOf(sum) };
            last = 'main';
        }
        else if (kind === 'dep') {
            deps.push({ path, version: version ?? '', replacedBy: '', ...sumOf(sum) });
            last = 'dep';
        }
        else if (kind === '=>' && last !== null) {
            const replacedBy = [path, version ?? ''].filter((part) => part !== '').join(' ');
            const replacement = { path, version: version ?? '', sum: sumOf(sum).sum ?? '' };
            if (last === 'main')
                main = withReplacement(main, replacedBy, replacement);
            else {
                const prev = deps.pop();
                if (prev)
                    deps.push({ ...prev, replacedBy, replacement });
            }
            last = null;
        }
    }
    return { main, deps };
}


/***/ }),

/***/ 78:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  QA: () => (/* binding */ binarySizes),
  wm: () => (/* binding */ inspectBinary),
  i7: () => (/* binding */ platformOfBinary)
});

// UNUSED EXPORTS: inspectElf

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/ground/errors.ts
var errors = __webpack_require__(6288);
// EXTERNAL MODULE: ./src/ground/platform.ts
var ground_platform = __webpack_require__(1996);
// EXTERNAL MODULE: ./src/elf/go-buildinfo.ts
var go_buildinfo = __webpack_require__(1650);
;// CONCATENATED MODULE: ./src/elf/describe.ts
/**
 * Names for what a file is, from its first bytes and ELF identification
 * fields. Pure: the verdict uses these to tell a person what they handed us
 * instead of a linux/amd64 executable.
 */

/** How many leading bytes `describeBytes` looks at (tar's magic sits at 257). */
const DESCRIBE_PREFIX_LENGTH = 512;
/** The longest `#!` line we quote back; kernels stop reading well before this. */
const MAX_SHEBANG = 120;
/** Byte signatures at offset 0, most specific first. */
const SIGNATURES = [
    [[0x1f, 0x8b], 'a gzip-compressed file'],
    [[0x50, 0x4b, 0x03, 0x04], 'a zip archive (or a .jar)'],
    [[0x50, 0x4b, 0x05, 0x06], 'an empty zip archive'],
    [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'an xz-compressed file'],
    [[0x42, 0x5a, 0x68], 'a bzip2-compressed file'],
    [[0x28, 0xb5, 0x2f, 0xfd], 'a zstd-compressed file'],
    [[0x21, 0x3c, 0x61, 0x72, 0x63, 0x68, 0x3e, 0x0a], 'an ar archive (a static library, .a)'],
    [[0x00, 0x61, 0x73, 0x6d], 'a WebAssembly module'],
    [[0xfe, 0xed, 0xfa, 0xce], 'a 32-bit Mach-O (macOS) binary'],
    [[0xce, 0xfa, 0xed, 0xfe], 'a 32-bit Mach-O (macOS) binary'],
    [[0xfe, 0xed, 0xfa, 0xcf], 'a 64-bit Mach-O (macOS) binary'],
    [[0xcf, 0xfa, 0xed, 0xfe], 'a 64-bit Mach-O (macOS) binary'],
    [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
    [[0x25, 0x50, 0x44, 0x46], 'a PDF document']
];
function startsWith(bytes, magic) {
    return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}
function be32(bytes, at) {
    return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}
/**
 * 0xCAFEBABE starts both Java class files and universal (fat) Mach-O files.
 * `file` tells them apart the same way: a fat header's next word is a small
 * architecture count, a class file's is its version (major ≥ 45).
 */
function cafebabe(bytes) {
    if (bytes.length < 8)
        return 'a Java class file or a universal Mach-O binary';
    const next = be32(bytes, 4);
    return next > 0 && next < 20 ? 'a universal (fat) Mach-O (macOS) binary' : 'a Java class file';
}
/** A Windows PE has "PE\0\0" at the offset stored at 0x3c; a bare MZ is a DOS program. */
function mz(bytes) {
    if (bytes.length >= 0x40) {
        const at = bytes[0x3c] | (bytes[0x3d] << 8) | (bytes[0x3e] << 16) | (bytes[0x3f] << 24);
        if (at >= 0 && at + 4 <= bytes.length && startsWith(bytes.subarray(at), [0x50, 0x45, 0, 0])) {
            return 'a Windows PE executable (.exe/.dll)';
        }
    }
    return 'a Windows or DOS executable (MZ)';
}
function isTar(bytes) {
    // "ustar" at 257, followed by NUL (POSIX) or space (old GNU).
    return startsWith(bytes.subarray(257), [0x75, 0x73, 0x74, 0x61, 0x72]);
}
/** Printable text with the usual whitespace; valid UTF-8 multibyte sequences count too. */
function looksLikeText(bytes) {
    let i = 0;
    while (i < bytes.length) {
        const b = bytes[i];
        if (b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0c || (b >= 0x20 && b < 0x7f)) {
            i++;
            continue;
        }
        const extra = b >= 0xf0 && b < 0xf8 ? 3 : b >= 0xe0 ? 2 : b >= 0xc2 && b < 0xe0 ? 1 : -1;
        if (extra < 0 || b >= 0xf8)
            return false;
        for (let k = 1; k <= extra; k++) {
            // A sequence cut by the prefix length is still text.
            if (i + k >= bytes.length)
                return true;
            if ((bytes[i + k] & 0xc0) !== 0x80)
                return false;
        }
        i += extra + 1;
    }
    return true;
}
function hex(bytes, count) {
    return Array.from(bytes.subarray(0, count), (b) => b.toString(16).padStart(2, '0')).join(' ');
}
/**
 * What a non-ELF file looks like, from its first bytes (pass at least
 * DESCRIBE_PREFIX_LENGTH of them when the file has that many). Returns a
 * phrase such as `a shell script (#!/bin/sh)` or `an empty file`.
 */
function describeBytes(first) {
    if (first.length === 0)
        return 'an empty file';
    if (first[0] === 0x23 && first[1] === 0x21) {
        const end = first.findIndex((b) => b === 0x0a || b === 0x0d);
        const line = Buffer.from(first.subarray(0, end === -1 ? first.length : end))
            .toString('utf8')
            .trim();
        const shown = line.length > MAX_SHEBANG ? `${line.slice(0, MAX_SHEBANG)}…` : line;
        return `a script (${shown})`;
    }
    if (first[0] === 0x4d && first[1] === 0x5a)
        return mz(first);
    if (startsWith(first, [0xca, 0xfe, 0xba, 0xbe]))
        return cafebabe(first);
    for (const [magic, what] of SIGNATURES) {
        if (startsWith(first, magic))
            return what;
    }
    if (isTar(first))
        return 'a tar archive';
    if (startsWith(first, [0x7f, 0x45, 0x4c, 0x46]))
        return 'an ELF file';
    if (looksLikeText(first))
        return 'a text file';
    return `data of no known format (starts with ${hex(first, 8)})`;
}
/**
 * e_machine → the name people know. Where the name depends on class or byte
 * order (ppc64 vs ppc64le, mips vs mips64le), the function picks it; the
 * names follow GOARCH where Go has one, since that is what users type.
 */
const MACHINES = {
    2: (id) => (id.bits === 64 ? 'sparc64' : 'sparc'),
    3: '386 (i386)',
    6: '486 (i486)',
    8: (id) => `mips${id.bits === 64 ? '64' : ''}${id.littleEndian ? 'le' : ''}`,
    10: 'mips (MIPS RS3000 LE)',
    15: 'parisc (HP PA-RISC)',
    18: 'sparc32plus',
    20: (id) => (id.littleEndian ? 'ppcle (PowerPC)' : 'ppc (PowerPC)'),
    21: (id) => (id.littleEndian ? 'ppc64le (PowerPC 64)' : 'ppc64 (PowerPC 64, big-endian)'),
    22: (id) => (id.bits === 64 ? 's390x (IBM Z)' : 's390 (IBM S/390)'),
    40: (id) => (id.littleEndian ? 'arm (32-bit ARM)' : 'armbe (32-bit ARM, big-endian)'),
    41: 'alpha',
    42: 'sh (SuperH)',
    43: 'sparc64 (SPARC V9)',
    50: 'ia64 (Itanium)',
    190: 'cuda (NVIDIA GPU)',
    224: 'amdgpu',
    243: (id) => (id.bits === 64 ? 'riscv64' : 'riscv32'),
    247: 'bpf (eBPF)',
    258: (id) => (id.bits === 64 ? 'loong64 (LoongArch)' : 'loong32 (LoongArch)'),
    ...Object.fromEntries(Object.entries(ground_platform/* PLATFORM_MACHINE_NAMES */.F7).map(([machine, name]) => [
        machine,
        (id) => name(id.bits, id.littleEndian)
    ]))
};
/** The name of an ELF target, e.g. `arm64 (aarch64)` or `e_machine 4242`. */
function machineName(id) {
    const entry = MACHINES[id.machine];
    if (entry === undefined)
        return `an unknown machine (e_machine ${id.machine})`;
    return typeof entry === 'string' ? entry : entry(id);
}
/** EI_OSABI values for systems other than Linux (0 = System V and 3 = GNU/Linux both mean Linux). */
const FOREIGN_OSABI = {
    1: 'HP-UX',
    2: 'NetBSD',
    6: 'Solaris',
    7: 'AIX',
    8: 'IRIX',
    9: 'FreeBSD',
    10: 'Tru64',
    11: 'Novell Modesto',
    12: 'OpenBSD',
    13: 'OpenVMS',
    14: 'NonStop Kernel',
    15: 'AROS',
    16: 'FenixOS',
    17: 'CloudABI'
};
/** The operating system an ELF file says it is for, when that is plainly not Linux. */
function foreignOsName(osabi) {
    return FOREIGN_OSABI[osabi] ?? null;
}
/** e_type in words, for summaries. */
function elfTypeName(type) {
    switch (type) {
        case 1:
            return 'relocatable object';
        case 2:
            return 'executable';
        case 3:
            return 'shared object or position-independent executable';
        case 4:
            return 'core dump';
        default:
            return `file of e_type ${type}`;
    }
}

// EXTERNAL MODULE: ./src/elf/reader.ts
var reader = __webpack_require__(8946);
;// CONCATENATED MODULE: ./src/elf/types.ts
/** Linkages that run in a `FROM scratch` image. */
const RUNNABLE_IN_SCRATCH = ['static', 'static-pie'];

;// CONCATENATED MODULE: ./src/elf/linkage.ts




const ELFCLASS32 = 1;
const ELFCLASS64 = 2;
const ELFDATA2LSB = 1;
const ELFDATA2MSB = 2;
const ET_REL = 1;
const ET_CORE = 4;
const EHDR64_SIZE = 64;
const PHDR64_SIZE = 56;
const DYN_ENTRY_SIZE = 16;
const DT_NULL = 0n;
const DT_NEEDED = 1n;
const DT_STRTAB = 5n;
const DT_STRSZ = 10n;
const DT_SONAME = 14n;
const DT_FLAGS_1 = 0x6ffffffbn;
const DF_1_PIE = 0x08000000n;
/**
 * Linux's loader (fs/binfmt_elf.c) refuses a program header table larger than
 * 64 KiB, and one whose entries are not exactly 56 bytes: such a file gets
 * "exec format error", so the verdict says malformed rather than guessing.
 */
const KERNEL_MAX_PHNUM = Math.floor(65536 / PHDR64_SIZE);
/** The kernel refuses a PT_INTERP longer than PATH_MAX or shorter than 2 bytes. */
const PATH_MAX = 4096;
/** Library names are short; a NUL not found within this many bytes means a corrupt table. */
const MAX_NAME = 4096;
/** Real programs name a few dozen libraries; thousands means the dynamic table is garbage. */
const MAX_NEEDED = 1000;
/** DT entries read per positional read: a real dynamic table fits in one. */
const DYN_CHUNK_ENTRIES = 256;
/** `linux/amd64 executable`: what every rejection says the file is not. */
function executableFor(platform) {
    return `${(0,ground_platform/* platformName */.$r)(platform)} executable`;
}
/**
 * Judges whether the binary behind `src` would start in an empty (`FROM
 * scratch`) image, reading only headers, PT_INTERP and PT_DYNAMIC. Bad input
 * of any kind becomes a verdict (`not-elf`, `wrong-architecture`,
 * `malformed`); only a failing source (an I/O error) rejects the promise.
 */
async function judge(src, platform = ground_platform/* DEFAULT_PLATFORM */.Er) {
    try {
        return await judgeOrThrow(src, platform);
    }
    catch (error) {
        // Every check below reports bad input as MalformedElfError; anything else
        // (an I/O error from the source) is not a fact about the binary.
        if (error instanceof reader/* MalformedElfError */.HS)
            return rejected('malformed', `malformed ELF file: ${error.message}`);
        throw error;
    }
}
async function judgeOrThrow(src, platform) {
    const prefix = await src.read(0n, DESCRIBE_PREFIX_LENGTH);
    if (!(0,reader/* hasElfMagic */.Nr)(prefix))
        return rejected('not-elf', notElfSummary(prefix, platform));
    const foreign = identify(prefix, platform);
    if (foreign)
        return foreign;
    if (prefix.length < EHDR64_SIZE) {
        throw new reader/* MalformedElfError */.HS(`the ELF header is cut off after ${prefix.length} bytes; ELF64 needs ${EHDR64_SIZE} (truncated?)`);
    }
    const header = prefix.subarray(0, EHDR64_SIZE);
    const type = header.readUInt16LE(16);
    const phentsize = header.readUInt16LE(54);
    const phnum = header.readUInt16LE(56);
    if (type === ET_REL || type === ET_CORE) {
        return rejected('not-elf', `not a ${executableFor(platform)}: an ${(0,ground_platform/* cpuName */.ab)(platform)} ELF ${elfTypeName(type)}` +
            (type === ET_REL ? ', which must be linked into a program first' : ''));
    }
    if (type !== reader/* ET_EXEC */.aW && type !== reader/* ET_DYN */.Cm) {
        throw new reader/* MalformedElfError */.HS(`e_type is ${type}, neither an executable (2) nor a shared object (3)`);
    }
    checkProgramHeaderShape(phnum, phentsize);
    const elf = await reader/* ElfFile */.wh.open(src);
    const loads = elf.programHeaders.filter((ph) => ph.type === reader/* PT_LOAD */.M);
    if (loads.length === 0)
        throw new reader/* MalformedElfError */.HS('no PT_LOAD segment: there is nothing to load');
    const interpHeader = elf.programHeaders.find((ph) => ph.type === reader/* PT_INTERP */.SU);
    const interpreter = interpHeader ? await readInterpreter(elf, interpHeader) : null;
    const dynHeader = elf.programHeaders.find((ph) => ph.type === reader/* PT_DYNAMIC */.lp);
    const dyn = dynHeader ? await readDynamic(elf, dynHeader) : EMPTY_DYNAMIC;
    const needed = await neededNames(elf, dyn);
    const facts = { type, interpreter, needed, pie: (dyn.flags1 & DF_1_PIE) !== 0n };
    const linkage = classify(facts);
    if (RUNNABLE_IN_SCRATCH.includes(linkage))
        checkEntry(elf, loads);
    const soname = linkage === 'shared-library' ? await sonameOf(elf, dyn) : null;
    return {
        verdict: {
            linkage,
            accepted: RUNNABLE_IN_SCRATCH.includes(linkage),
            summary: summarize(linkage, facts, soname, platform),
            interpreter,
            needed
        },
        elf
    };
}
/**
 * The rules of DESIGN.md ("The verdict on a binary"). One addition: shared
 * libraries named without a PT_INTERP are `dynamic` too, whatever e_type says,
 * because nothing would load them and the program would not start.
 */
function classify(facts) {
    if (facts.interpreter !== null || facts.needed.length > 0)
        return 'dynamic';
    if (facts.type === reader/* ET_EXEC */.aW)
        return 'static';
    return facts.pie ? 'static-pie' : 'shared-library';
}
function join(names) {
    if (names.length <= 1)
        return names.join('');
    return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
/** What the binary is, as a fact; what to do about it is advice.ts's, which knows the language. */
function summarize(linkage, facts, soname, platform) {
    const { interpreter, needed } = facts;
    switch (linkage) {
        case 'static':
            return `statically linked ${(0,ground_platform/* cpuName */.ab)(platform)} executable (no program interpreter, no shared libraries): runs in an empty image`;
        case 'static-pie':
            return `static-pie ${(0,ground_platform/* cpuName */.ab)(platform)} executable (position-independent, no program interpreter, no shared libraries): runs in an empty image`;
        case 'shared-library':
            return `a shared library${soname ? ` (${soname})` : ''}, not a program (ET_DYN without the DF_1_PIE flag): build an executable instead`;
        case 'dynamic':
            if (interpreter === null) {
                return `needs shared libraries ${join(needed)} but has no program interpreter to load them, so it cannot start in an empty image`;
            }
            if (needed.length === 0) {
                return `asks the kernel for the program interpreter ${interpreter} although it needs no shared libraries (as Go -buildmode=pie does); an empty image has no ${interpreter}, so it fails with "no such file or directory"`;
            }
            return `dynamically linked: needs the program interpreter ${interpreter} and ${join(needed)}, which an empty image does not have`;
        default:
            return `not a ${executableFor(platform)}`;
    }
}
function rejected(linkage, summary) {
    return {
        verdict: { linkage, accepted: false, summary, interpreter: null, needed: [] },
        elf: null
    };
}
function notElfSummary(prefix, platform) {
    const what = describeBytes(prefix);
    if (prefix[0] === 0x23 && prefix[1] === 0x21) {
        return `not a ${executableFor(platform)}: ${what}; an empty image has no interpreter to run it`;
    }
    return `not a ${executableFor(platform)}: ${what}`;
}
/**
 * Rejects anything that is not a 64-bit little-endian ELF for the platform's machine and OS, naming
 * what it is; returns null to go on. Throws when the identification itself
 * is cut off or holds impossible values.
 */
function identify(prefix, platform) {
    if (prefix.length < 20) {
        throw new reader/* MalformedElfError */.HS(`the ELF identification is cut off after ${prefix.length} bytes (truncated?)`);
    }
    const cls = prefix[4];
    const data = prefix[5];
    if (cls !== ELFCLASS32 && cls !== ELFCLASS64) {
        throw new reader/* MalformedElfError */.HS(`EI_CLASS is ${cls}, neither 32-bit (1) nor 64-bit (2)`);
    }
    if (data !== ELFDATA2LSB && data !== ELFDATA2MSB) {
        throw new reader/* MalformedElfError */.HS(`EI_DATA is ${data}, neither little-endian (1) nor big-endian (2)`);
    }
    const little = data === ELFDATA2LSB;
    const bits = cls === ELFCLASS64 ? 64 : 32;
    const machine = little ? prefix.readUInt16LE(18) : prefix.readUInt16BE(18);
    const type = little ? prefix.readUInt16LE(16) : prefix.readUInt16BE(16);
    if (bits !== 64 || !little || machine !== (0,ground_platform/* elfMachine */.xP)(platform)) {
        const shape = `${bits}-bit ${little ? 'little' : 'big'}-endian`;
        return rejected('wrong-architecture', `not a ${executableFor(platform)}: a ${shape} ELF ${elfTypeName(type)} for ${machineName({ bits, littleEndian: little, machine })} (e_machine ${machine}); build for ${(0,ground_platform/* platformName */.$r)(platform)} (Go: ${(0,ground_platform/* goEnvText */.vB)(platform)})`);
    }
    const os = foreignOsName(prefix[7]);
    if (os !== null) {
        return rejected('wrong-architecture', `not a ${executableFor(platform)}: an ${(0,ground_platform/* cpuName */.ab)(platform)} ELF ${elfTypeName(type)} for ${os} (EI_OSABI ${prefix[7]}); build for Linux (Go: GOOS=${(0,ground_platform/* goEnv */.Aq)(platform).GOOS})`);
    }
    return null;
}
function checkProgramHeaderShape(phnum, phentsize) {
    if (phnum === 0) {
        throw new reader/* MalformedElfError */.HS('no program headers: the kernel cannot load it');
    }
    if (phentsize !== PHDR64_SIZE) {
        throw new reader/* MalformedElfError */.HS(`program header entries are ${phentsize} bytes; ELF64 needs ${PHDR64_SIZE} and the kernel refuses anything else`);
    }
    if (phnum > KERNEL_MAX_PHNUM) {
        throw new reader/* MalformedElfError */.HS(`${phnum} program headers, more than the ${KERNEL_MAX_PHNUM} the kernel accepts`);
    }
}
async function readInterpreter(elf, ph) {
    if (ph.filesz < 2n || ph.filesz > BigInt(PATH_MAX)) {
        throw new reader/* MalformedElfError */.HS(`PT_INTERP is ${ph.filesz} bytes; the kernel accepts 2 to ${PATH_MAX}`);
    }
    const bytes = await elf.segmentBytes(ph, 'PT_INTERP');
    if (bytes[bytes.length - 1] !== 0) {
        throw new reader/* MalformedElfError */.HS('PT_INTERP does not end in a NUL byte');
    }
    const path = (0,reader/* cString */.ry)(bytes, 0, PATH_MAX);
    if (path === '')
        throw new reader/* MalformedElfError */.HS('PT_INTERP names an empty path');
    return path;
}
const EMPTY_DYNAMIC = {
    needed: [],
    strtab: null,
    strsz: null,
    soname: null,
    flags1: 0n
};
/**
 * Reads PT_DYNAMIC (found through program headers: section headers may be
 * gone) a chunk at a time up to DT_NULL, never past the segment's file size.
 */
async function readDynamic(elf, ph) {
    const needed = [];
    let strtab = null;
    let strsz = null;
    let soname = null;
    let flags1 = 0n;
    const total = ph.filesz / BigInt(DYN_ENTRY_SIZE);
    for (let first = 0n; first < total; first += BigInt(DYN_CHUNK_ENTRIES)) {
        const count = Number(total - first < BigInt(DYN_CHUNK_ENTRIES) ? total - first : DYN_CHUNK_ENTRIES);
        const chunk = await elf.read(ph.offset + first * BigInt(DYN_ENTRY_SIZE), count * DYN_ENTRY_SIZE, 'PT_DYNAMIC');
        for (let i = 0; i < count; i++) {
            const tag = chunk.readBigInt64LE(i * DYN_ENTRY_SIZE);
            const value = chunk.readBigUInt64LE(i * DYN_ENTRY_SIZE + 8);
            if (tag === DT_NULL)
                return { needed, strtab, strsz, soname, flags1 };
            if (tag === DT_NEEDED) {
                if (needed.length >= MAX_NEEDED) {
                    throw new reader/* MalformedElfError */.HS(`more than ${MAX_NEEDED} DT_NEEDED entries: the dynamic table is garbage`);
                }
                needed.push(value);
            }
            else if (tag === DT_STRTAB)
                strtab ??= value;
            else if (tag === DT_STRSZ)
                strsz ??= value;
            else if (tag === DT_SONAME)
                soname ??= value;
            else if (tag === DT_FLAGS_1)
                flags1 |= value;
        }
    }
    // The dynamic linker stops at DT_NULL; a table without one is not trusted.
    throw new reader/* MalformedElfError */.HS('PT_DYNAMIC has no DT_NULL terminator');
}
function stringTable(elf, dyn) {
    if (dyn.strtab === null)
        throw new reader/* MalformedElfError */.HS('DT_NEEDED or DT_SONAME without a DT_STRTAB');
    // DT_STRTAB is a virtual address: map it through PT_LOAD to a file offset.
    const offset = elf.offsetOfAddress(dyn.strtab);
    if (offset === undefined) {
        throw new reader/* MalformedElfError */.HS(`DT_STRTAB address 0x${dyn.strtab.toString(16)} lies in no PT_LOAD segment`);
    }
    const rest = elf.src.size - offset;
    return { offset, limit: dyn.strsz !== null && dyn.strsz < rest ? dyn.strsz : rest };
}
async function stringAt(elf, table, at, what) {
    if (at >= table.limit) {
        throw new reader/* MalformedElfError */.HS(`${what} name at string-table offset ${at} lies outside the ${table.limit}-byte string table`);
    }
    const room = table.limit - at;
    const length = Number(room < BigInt(MAX_NAME) ? room : MAX_NAME);
    const bytes = await elf.read(table.offset + at, length, `${what} name`);
    if (bytes.indexOf(0) === -1) {
        throw new reader/* MalformedElfError */.HS(`${what} name at string-table offset ${at} is not NUL-terminated`);
    }
    return (0,reader/* cString */.ry)(bytes, 0, MAX_NAME);
}
async function neededNames(elf, dyn) {
    if (dyn.needed.length === 0)
        return [];
    const table = stringTable(elf, dyn);
    const names = [];
    for (const at of dyn.needed)
        names.push(await stringAt(elf, table, at, 'DT_NEEDED'));
    return names;
}
/** The SONAME of a shared library, only to name it; a bad one is not worth failing for. */
async function sonameOf(elf, dyn) {
    if (dyn.soname === null)
        return null;
    try {
        return await stringAt(elf, stringTable(elf, dyn), dyn.soname, 'DT_SONAME');
    }
    catch (error) {
        if (error instanceof reader/* MalformedElfError */.HS)
            return null;
        throw error;
    }
}
/**
 * An accepted verdict must mean the program starts: its entry point has to
 * lie in an executable PT_LOAD, or the kernel jumps into nothing.
 */
function checkEntry(elf, loads) {
    const entry = elf.header.entry;
    const inCode = loads.some((ph) => (ph.flags & reader/* PF_X */._) !== 0 && entry >= ph.vaddr && entry < ph.vaddr + ph.memsz);
    if (!inCode) {
        throw new reader/* MalformedElfError */.HS(`entry point 0x${entry.toString(16)} lies in no executable PT_LOAD segment`);
    }
}

;// CONCATENATED MODULE: ./src/elf/go-pclntab.ts

const MAGIC_120 = 0xfffffff1;
const MAGIC_118 = 0xfffffff0;
/** magic, pad, pad, minLC, ptrSize, then nfunc, nfiles, textStart, funcnameOffset, cuOffset, filetabOffset, pctabOffset, pclnOffset. */
const PCHEADER_SIZE = 8 + 8 * 8;
const HEADER_SIZE = PCHEADER_SIZE;
/** The first byte of each magic, little-endian: what the scan looks at first. */
const FIRST_120 = MAGIC_120 & 0xff;
const FIRST_118 = MAGIC_118 & 0xff;
const CHUNK = 1 << 20;
/** Sanity bounds: the largest Go binaries have a few hundred thousand functions. */
const MAX_FUNCS = 10_000_000;
/** A name longer than this means we are not reading a name table. */
const go_pclntab_MAX_NAME = 64 * 1024;
/** Names reported per pattern: enough for evidence, bounded for huge binaries. */
const NAMES_PER_PATTERN = 8;
/**
 * Parses and checks a pcHeader at `buf[at..]`; `room` is how many bytes of
 * the containing segment follow `at`, so that the tables it points to must fit.
 */
function parsePcHeader(buf, at, room) {
    if (at + HEADER_SIZE > buf.length)
        return null;
    const magic = buf.readUInt32LE(at);
    if (magic !== MAGIC_120 && magic !== MAGIC_118)
        return null;
    if (buf[at + 4] !== 0 || buf[at + 5] !== 0)
        return null;
    const minLC = buf.readUInt8(at + 6);
    if (minLC !== 1 && minLC !== 2 && minLC !== 4)
        return null;
    if (buf[at + 7] !== 8)
        return null;
    const field = (i) => buf.readBigUInt64LE(at + 8 + 8 * i);
    const nfunc = field(0);
    const nfiles = field(1);
    const [funcnameOffset, cuOffset, filetabOffset, pctabOffset, pclnOffset] = [3, 4, 5, 6, 7].map(field);
    if (nfunc === 0n || nfunc > BigInt(MAX_FUNCS) || nfiles > BigInt(MAX_FUNCS))
        return null;
    const ordered = funcnameOffset >= BigInt(HEADER_SIZE) &&
        funcnameOffset <= cuOffset &&
        cuOffset <= filetabOffset &&
        filetabOffset <= pctabOffset &&
        pctabOffset <= pclnOffset;
    // functab: nfunc+1 (entryoff, funcoff) uint32 pairs at pclnOffset.
    if (!ordered || pclnOffset + (nfunc + 1n) * 8n > room)
        return null;
    return {
        format: magic === MAGIC_120 ? 'go1.20+' : 'go1.18-1.19',
        nfunc: Number(nfunc),
        minLC,
        funcnameOffset,
        cuOffset,
        filetabOffset,
        pctabOffset,
        pclnOffset
    };
}
function located(offset, header) {
    return {
        offset,
        format: header.format,
        nfunc: header.nfunc,
        namesStart: offset + header.funcnameOffset,
        namesEnd: offset + header.cuOffset
    };
}
/**
 * Whether `buf[at..]` may be a pcHeader: either magic, the zero pad bytes, an
 * 8-byte pointer size and a function count in bounds, checked with plain byte
 * reads so that a run of look-alike headers costs no BigInt each.
 */
function startsPcHeader(buf, at) {
    const first = buf[at];
    if (first !== FIRST_120 && first !== FIRST_118)
        return false;
    if (at + HEADER_SIZE > buf.length)
        return false;
    if (buf[at + 1] !== 0xff || buf[at + 2] !== 0xff || buf[at + 3] !== 0xff)
        return false;
    if (buf[at + 4] !== 0 || buf[at + 5] !== 0 || buf[at + 7] !== 8)
        return false;
    const nfuncLow = buf.readUInt32LE(at + 8);
    const nfuncHigh = buf.readUInt32LE(at + 12);
    return nfuncHigh === 0 && nfuncLow !== 0 && nfuncLow <= MAX_FUNCS;
}
/**
 * The last valid pcHeader starting in `buf[0, limit)`, where `buf` holds the
 * file from `bufStart` and the segment ends at `end`. The header starts an
 * 8-byte aligned symbol, so only aligned offsets are looked at, each in
 * constant time: linear whatever the bytes. (`lastIndexOf(magic)` restarted
 * at every offset of a zero run: 4 s on a binary with 99 MB of zeros; a byte
 * search per candidate took a minute on a run of 0xf1.)
 */
function lastPcHeader(buf, bufStart, limit, end) {
    if (limit <= 0)
        return null;
    const misalign = Number(bufStart % 8n);
    for (let i = limit - 1 - ((limit - 1 + misalign) % 8); i >= 0; i -= 8) {
        if (!startsPcHeader(buf, i))
            continue;
        const offset = bufStart + BigInt(i);
        const header = parsePcHeader(buf, i, end - offset);
        if (header)
            return located(offset, header);
    }
    return null;
}
/**
 * Searches [start, end) backwards, a chunk at a time, for a valid pcHeader.
 * `.gopclntab` is the last section of Go's read-only segment, so the search
 * usually ends within the first chunk or two, however large the binary.
 */
async function scanBackwards(elf, start, end) {
    let pos = end;
    while (pos > start) {
        const chunkStart = pos - BigInt(CHUNK) > start ? pos - BigInt(CHUNK) : start;
        // Read a header's worth past `pos` so a header that begins just before it is whole.
        const readEnd = pos + BigInt(HEADER_SIZE) < end ? pos + BigInt(HEADER_SIZE) : end;
        const buf = await elf.src.read(chunkStart, Number(readEnd - chunkStart));
        const found = lastPcHeader(buf, chunkStart, Number(pos - chunkStart), end);
        if (found)
            return found;
        pos = chunkStart;
    }
    return null;
}
function segmentsToSearch(elf) {
    const loads = elf.programHeaders.filter((ph) => ph.type === reader/* PT_LOAD */.M && ph.filesz > 0n);
    const readOnly = loads.filter((ph) => (ph.flags & (reader/* PF_X */._ | reader/* PF_W */.f1)) === 0);
    // Externally linked PIE keeps the table in .data.rel.ro, inside the writable segment.
    const writable = loads.filter((ph) => (ph.flags & (reader/* PF_X */._ | reader/* PF_W */.f1)) === reader/* PF_W */.f1);
    return [...readOnly.reverse(), ...writable];
}
/** The Go function-name table, by section name or by searching the segments; null for non-Go binaries. */
async function findPclnTab(elf) {
    const section = await elf.section('.gopclntab');
    if (section && section.size >= BigInt(HEADER_SIZE)) {
        const buf = await elf.src.read(section.offset, HEADER_SIZE);
        const header = parsePcHeader(buf, 0, section.size);
        if (header)
            return located(section.offset, header);
    }
    for (const ph of segmentsToSearch(elf)) {
        const found = await scanBackwards(elf, ph.offset, ph.offset + ph.filesz);
        if (found)
            return found;
    }
    return null;
}
/**
 * The name table in chunks that each begin with a NUL and end with one, so
 * every name inside appears as `\0name\0` and a byte search needs no
 * special case at chunk edges.
 */
async function* nameChunks(elf, tab, chunk = CHUNK) {
    const NUL = Buffer.from([0]);
    let carry = Buffer.alloc(0);
    let pos = tab.namesStart;
    while (pos < tab.namesEnd) {
        const want = tab.namesEnd - pos < BigInt(chunk) ? Number(tab.namesEnd - pos) : chunk;
        const buf = await elf.src.read(pos, want);
        if (buf.length === 0)
            break;
        pos += BigInt(buf.length);
        const data = Buffer.concat([NUL, carry, buf]);
        const last = data.lastIndexOf(0);
        if (last > 0) {
            yield data.subarray(0, last + 1);
            carry = data.subarray(last + 1);
        }
        else {
            carry = data.subarray(1);
        }
        if (carry.length > go_pclntab_MAX_NAME)
            carry = Buffer.alloc(0);
    }
    if (carry.length > 0)
        yield Buffer.concat([NUL, carry, NUL]);
}
/** Every function name (tests and debugging; `findNames` is the fast path). */
async function* funcNames(elf, tab) {
    for await (const chunk of nameChunks(elf, tab)) {
        let at = 1;
        while (at < chunk.length) {
            const end = chunk.indexOf(0, at);
            if (end > at)
                yield chunk.toString('utf8', at, end);
            at = end + 1;
        }
    }
}
/** The name around a match at `i` in a NUL-delimited chunk. */
function nameAround(chunk, i) {
    const start = chunk.lastIndexOf(0, i) + 1;
    const end = chunk.indexOf(0, i);
    return { name: chunk.toString('utf8', start, end), end };
}
/** Names matching `pattern` in one chunk, at most `room` of them. */
function matchChunk(chunk, pattern, room) {
    const text = Buffer.from(pattern.text, 'utf8');
    const seen = [];
    if (pattern.kind === 'exact') {
        const needle = Buffer.concat([Buffer.from([0]), text, Buffer.from([0])]);
        if (chunk.indexOf(needle) !== -1)
            seen.push(pattern.text);
        return seen;
    }
    const needle = pattern.kind === 'prefix' ? Buffer.concat([Buffer.from([0]), text]) : text;
    let i = chunk.indexOf(needle);
    while (i !== -1 && seen.length < room) {
        const { name, end } = nameAround(chunk, pattern.kind === 'prefix' ? i + 1 : i);
        seen.push(name);
        i = chunk.indexOf(needle, end);
    }
    return seen;
}
/**
 * Which of the patterns occur among the function names, with the names that
 * matched (at most NAMES_PER_PATTERN per pattern). One pass over the table,
 * native byte searches, no string per function.
 */
async function findNames(elf, tab, patterns) {
    const found = new Set();
    const counts = patterns.map(() => 0);
    for await (const chunk of nameChunks(elf, tab)) {
        patterns.forEach((pattern, p) => {
            const room = NAMES_PER_PATTERN - (counts[p] ?? 0);
            if (room <= 0)
                return;
            for (const name of matchChunk(chunk, pattern, room)) {
                if (!found.has(name)) {
                    found.add(name);
                    counts[p] = (counts[p] ?? 0) + 1;
                }
            }
        });
    }
    return found;
}

;// CONCATENATED MODULE: ./src/elf/needs.ts


const exact = (text) => ({ kind: 'exact', text });
const prefix = (text) => ({ kind: 'prefix', text });
const contains = (text) => ({ kind: 'contains', text });
/** In the order findings are reported. */
const GO_RULES = [
    {
        id: 'ca-certificates',
        anyOf: [exact('crypto/x509.loadSystemRoots'), exact('crypto/x509.systemRootsPool')],
        // golang.org/x/crypto/x509roots/fallback embeds a root bundle through this call.
        unless: [exact('crypto/x509.SetFallbackRoots')],
        message: 'makes TLS connections that verify certificates against the system roots: scratch has no CA bundle, so they fail with "x509: certificate signed by unknown authority". Add `include: ca-certificates`.'
    },
    {
        id: 'tzdata',
        // Exact: time.LoadLocationFromTZData alone reads no files.
        anyOf: [exact('time.LoadLocation')],
        unless: [prefix('time/tzdata.')],
        message: 'loads time zones by name (time.LoadLocation): scratch has no /usr/share/zoneinfo, so every zone but UTC fails with "unknown time zone". Add `include: tzdata`, or build with `-tags timetzdata` (embeds the zone database, about 450 KB).'
    },
    {
        id: 'user-lookup',
        anyOf: [
            'os/user.Current',
            'os/user.current',
            'os/user.Lookup',
            'os/user.LookupId',
            'os/user.LookupGroup',
            'os/user.LookupGroupId',
            'os/user.lookupUser',
            'os/user.lookupUserId',
            'os/user.lookupGroup',
            'os/user.lookupGroupId',
            'os/user.listGroups'
        ].map(exact),
        message: 'looks up users or groups (os/user): scratch has no /etc/passwd or /etc/group, so user.Current and user.Lookup return errors. Add `include: passwd`.'
    },
    {
        id: 'tmp',
        anyOf: [exact('os.CreateTemp'), exact('os.MkdirTemp'), exact('os.TempDir')],
        message: 'creates temporary files (os.CreateTemp / os.TempDir): scratch has no /tmp, so they fail with "no such file or directory". Add `include: tmp` (an empty /tmp, mode 1777), or set TMPDIR to a writable volume.'
    },
    {
        id: 'cgo-calls',
        anyOf: [contains('._Cfunc_'), contains('._C2func_'), contains('_cgo_topofstack')],
        // Only a problem when the C library linked in is glibc (GLIBC_MARKERS): with
        // musl, static, the C code needs nothing from the image. findingsFrom decides.
        message: 'calls C through cgo, and the C library linked in is glibc: even linked statically, glibc loads NSS modules and locale files that scratch does not have. Link it statically against musl (`cgo: true` does), or drop the C calls and build with `cgo: false`.'
    }
];
/** Every function-name pattern the Go rules look at: what to ask the pclntab for. */
const GO_NAME_PATTERNS = GO_RULES.flatMap((rule) => [
    ...rule.anyOf,
    ...(rule.unless ?? [])
]);
function nameMatches(name, pattern) {
    switch (pattern.kind) {
        case 'exact':
            return name === pattern.text;
        case 'prefix':
            return name.startsWith(pattern.text);
        case 'contains':
            return name.includes(pattern.text);
    }
}
function matching(names, patterns) {
    return names.filter((name) => patterns.some((p) => nameMatches(name, p)));
}
/** Findings for a Go binary from the function names seen in it. */
function goFindings(names) {
    const sorted = [...new Set(names)].sort();
    const findings = [];
    for (const rule of GO_RULES) {
        const evidence = matching(sorted, rule.anyOf);
        if (evidence.length === 0)
            continue;
        if (rule.unless && matching(sorted, rule.unless).length > 0)
            continue;
        findings.push({ id: rule.id, message: rule.message, evidence });
    }
    return findings;
}
/** Strings static glibc carries when getaddrinfo, getpwnam and friends are linked in. */
const NSS_STRINGS = [
    'libnss_%s.so',
    '__nss_hosts_lookup2',
    '__nss_passwd_lookup2'
];
const NSS_MESSAGE = 'is linked statically against glibc, which still resolves hosts and users through NSS at run time: in scratch it finds no /etc/nsswitch.conf, /etc/hosts or /etc/passwd and cannot load the libnss_*.so modules it may ask for, so getaddrinfo and getpwnam can fail. Link against musl instead (`musl-gcc -static`), or add /etc/passwd and /etc/group (`include: passwd`) and /etc/hosts and an /etc/nsswitch.conf (`hosts: files dns`) through `files`.';
/** The NSS finding from the strings seen in read-only data, or null. */
function nssFinding(seen) {
    const set = new Set(seen);
    const evidence = NSS_STRINGS.filter((s) => set.has(s));
    return evidence.length === 0 ? null : { id: 'nss', message: NSS_MESSAGE, evidence };
}
/**
 * Strings only glibc puts into a static binary, never musl or Go itself
 * (checked against Go 1.23 cgo binaries linked statically with gcc and with
 * musl-gcc, and against pure Go binaries): the tunables variable (glibc 2.26+),
 * the private symbol version its static dlopen checks, and the loader cache
 * that static dlopen reads. Any one of them means glibc.
 */
const GLIBC_MARKERS = [
    'GLIBC_TUNABLES',
    'GLIBC_PRIVATE',
    '/etc/ld.so.cache'
];
/** The findings for one binary, in a stable order. */
function findingsFrom(evidence) {
    if (evidence.goNames !== null) {
        const seen = new Set(evidence.strings);
        const glibc = GLIBC_MARKERS.filter((s) => seen.has(s));
        // cgo against musl, static, runs in scratch: a finding only with glibc, which it names.
        return goFindings(evidence.goNames).flatMap((f) => f.id !== 'cgo-calls'
            ? [f]
            : glibc.length === 0
                ? []
                : [{ ...f, evidence: [...f.evidence, ...glibc] }]);
    }
    const nss = nssFinding(evidence.strings);
    return nss ? [nss] : [];
}
/** How much is read at a time: bounded memory whatever the binary's size. */
const needs_CHUNK = 1 << 20;
/** [start, end) file ranges of the read-only data: `.rodata`, else every read-only non-exec PT_LOAD. */
async function readOnlyDataRanges(elf) {
    const rodata = await elf.section('.rodata');
    if (rodata && rodata.type !== reader/* SHT_NOBITS */.UB && rodata.size > 0n) {
        return [[rodata.offset, rodata.offset + rodata.size]];
    }
    return elf.programHeaders
        .filter((ph) => ph.type === reader/* PT_LOAD */.M && (ph.flags & (reader/* PF_X */._ | reader/* PF_W */.f1)) === 0 && ph.filesz > 0n)
        .map((ph) => [ph.offset, ph.offset + ph.filesz]);
}
/**
 * Which of `needles` occur in the file ranges, read CHUNK bytes at a time
 * with an overlap of the longest needle, so that a string across two
 * chunks is still seen.
 */
async function findStrings(elf, ranges, needles, chunk = needs_CHUNK) {
    const wanted = needles.map((n) => ({ text: n, bytes: Buffer.from(n, 'utf8') }));
    const overlap = Math.max(0, ...wanted.map((w) => w.bytes.length - 1));
    const found = new Set();
    for (const [start, rawEnd] of ranges) {
        const end = rawEnd < elf.src.size ? rawEnd : elf.src.size;
        let pos = start;
        while (pos < end && found.size < wanted.length) {
            const want = end - pos < BigInt(chunk + overlap) ? Number(end - pos) : chunk + overlap;
            const buf = await elf.src.read(pos, want);
            if (buf.length === 0)
                break;
            for (const w of wanted) {
                if (!found.has(w.text) && buf.indexOf(w.bytes) !== -1)
                    found.add(w.text);
            }
            if (buf.length < want || pos + BigInt(buf.length) >= end)
                break;
            pos += BigInt(buf.length - overlap);
        }
    }
    return needles.filter((n) => found.has(n));
}
/** NSS_STRINGS present in the binary's read-only data. */
async function findNssStrings(elf) {
    return findStrings(elf, await readOnlyDataRanges(elf), NSS_STRINGS);
}
const CGO_RULE = GO_RULES.find((rule) => rule.id === 'cgo-calls');
/**
 * Gathers the evidence: function names when the binary has a Go function
 * table (and, when they show cgo calls, glibc's markers), else (not Go)
 * glibc's NSS strings. `knownGo` (from the build info) keeps a Go binary
 * whose table was not found out of the C checks.
 */
async function evidenceOf(elf, knownGo) {
    const tab = await findPclnTab(elf);
    if (tab) {
        const goNames = await findNames(elf, tab, GO_NAME_PATTERNS);
        const callsC = CGO_RULE !== undefined && matching([...goNames], CGO_RULE.anyOf).length > 0;
        // Read-only data is read only for cgo binaries: a pure Go binary has no C library.
        const strings = callsC
            ? await findStrings(elf, await readOnlyDataRanges(elf), GLIBC_MARKERS)
            : [];
        return { goNames, strings };
    }
    if (knownGo)
        return { goNames: [], strings: [] };
    return { goNames: null, strings: await findNssStrings(elf) };
}

;// CONCATENATED MODULE: ./src/elf/go-functab.ts


/** Absolute paths among the NUL-separated file names in buf[start, end). */
function buildPathsIn(buf, start, end) {
    let count = 0;
    let bytes = 0;
    let example = '';
    let at = start;
    while (at < end) {
        const nul = buf.indexOf(0, at);
        const stop = nul === -1 || nul > end ? end : nul;
        // '/' = 0x2f: an absolute path the build machine had.
        if (stop > at && buf[at] === 0x2f) {
            count++;
            bytes += stop - at;
            if (example === '')
                example = buf.toString('utf8', at, Math.min(stop, at + 200));
        }
        at = stop + 1;
    }
    return { count, bytes, example };
}
/** The table is there but does not hold together: attribution is unavailable, the verdict stands. */
class DamagedFuncTableError extends reader/* MalformedElfError */.HS {
}
/** Offset of pcsp in `_func`; the same in the 1.18–1.19 and 1.20+ layouts. */
const FUNC_PCSP = 16;
/** entryOff … nfuncdata: the fixed part of `_func` in the 1.18–1.19 layout (1.20+ is longer). */
const FUNC_MIN = 40;
/** The largest table read into memory: cmd/go's is ~7 MB, the largest Go binaries' ~100 MB. */
const MAX_TABLE_BYTES = 256 * 1024 * 1024;
const go_functab_MAX_NAME = 64 * 1024;
/** An unsigned LEB128 varint as the runtime's readvarint (at most 5 bytes); null past `end`. */
function varint(buf, at, end) {
    let value = 0;
    let shift = 0;
    for (let i = at; i < end && i < at + 5; i++) {
        const b = buf[i];
        value += (b & 0x7f) * 2 ** shift;
        if ((b & 0x80) === 0)
            return { value, next: i + 1 };
        shift += 7;
    }
    return null;
}
/**
 * Where a pc-value table ends, in bytes from the function's entry, or null
 * when it runs off its region, goes past `limit`, or takes more than
 * `budget.steps` steps (a crafted table cannot make the whole pass slow).
 */
function pcTableEnd(buf, at, end, minLC, limit, budget) {
    let p = at;
    let pc = 0;
    let first = true;
    while (budget.steps-- > 0) {
        if (p >= end)
            return null;
        if (buf[p] === 0 && !first)
            return pc;
        const value = varint(buf, p, end);
        if (!value)
            return null;
        const delta = varint(buf, value.next, end);
        if (!delta)
            return null;
        p = delta.next;
        pc += delta.value * minLC;
        first = false;
        if (pc > limit)
            return null;
    }
    return null;
}
/**
 * Parses the function table from `buf`, which starts at the pcHeader and
 * holds the whole table. Throws DamagedFuncTableError when the table does
 * not hold together (entries out of order, records or names out of range).
 */
function parseFuncTable(buf) {
    const header = parsePcHeader(buf, 0, BigInt(buf.length));
    if (!header)
        throw new DamagedFuncTableError('the function table header is not valid');
    const { nfunc, minLC } = header;
    const names = Number(header.funcnameOffset);
    const namesEnd = Number(header.cuOffset);
    const pctab = Number(header.pctabOffset);
    const pcln = Number(header.pclnOffset);
    if (pcln + (nfunc * 2 + 1) * 4 > buf.length) {
        throw new DamagedFuncTableError('the functab runs past the end of the table');
    }
    const entryAt = (i) => buf.readUInt32LE(pcln + i * 8);
    const funcs = [];
    // Each step of a real pc-value table takes at least two bytes of pctab.
    const budget = { steps: (pcln - pctab) / 2 + 4 * nfunc + 16 };
    let ownEnds = 0;
    const first = entryAt(0);
    for (let i = 0; i < nfunc; i++) {
        const entry = entryAt(i);
        const next = entryAt(i + 1);
        if (next < entry) {
            throw new DamagedFuncTableError(`functab entry ${i + 1} comes before entry ${i}`);
        }
        const record = pcln + buf.readUInt32LE(pcln + i * 8 + 4);
        if (record < pcln || record + FUNC_MIN > buf.length) {
            throw new DamagedFuncTableError(`function ${i}'s record lies outside the table`);
        }
        if (buf.readUInt32LE(record) !== entry) {
            throw new DamagedFuncTableError(`function ${i}'s record names another entry`);
        }
        const nameAt = names + buf.readInt32LE(record + 4);
        if (nameAt < names || nameAt >= namesEnd) {
            throw new DamagedFuncTableError(`function ${i}'s name lies outside the name table`);
        }
        const nul = buf.indexOf(0, nameAt);
        const nameEnd = nul === -1 || nul > namesEnd ? namesEnd : nul;
        const name = buf.toString('utf8', nameAt, Math.min(nameEnd, nameAt + go_functab_MAX_NAME));
        const span = next - entry;
        const pcsp = buf.readUInt32LE(record + FUNC_PCSP);
        let size = span;
        if (pcsp !== 0 && budget.steps > 0) {
            const own = pcTableEnd(buf, pctab + pcsp, pcln, minLC, span, budget);
            if (own !== null) {
                size = own;
                ownEnds++;
            }
        }
        funcs.push({ name, entry, span, size, record });
    }
    const files = Number(header.filetabOffset);
    return {
        format: header.format,
        funcs,
        textSpan: entryAt(nfunc) - first,
        ownEnds,
        buildPaths: buildPathsIn(buf, files, Math.min(pctab, buf.length)),
        raw: { buf, header }
    };
}
/**
 * How many bytes from `tab.offset` the table may use: to the end of
 * `.gopclntab` when section headers say, else to the end of the segment
 * that holds it (the table is the last thing in Go's read-only segment).
 */
async function tableExtent(elf, tab) {
    const section = await elf.section('.gopclntab');
    if (section && section.offset === tab.offset)
        return Number(section.size);
    for (const ph of elf.programHeaders) {
        if (ph.type === reader/* PT_LOAD */.M && tab.offset >= ph.offset && tab.offset < ph.offset + ph.filesz) {
            return Number(ph.offset + ph.filesz - tab.offset);
        }
    }
    // Found by a section whose offset lies in no segment: trust the file's end.
    return Number(elf.src.size - tab.offset);
}
/** Reads and parses the function table `findPclnTab` located. */
async function readFuncTable(elf, tab) {
    const extent = Math.min(await tableExtent(elf, tab), Number(elf.src.size - tab.offset));
    if (extent < PCHEADER_SIZE)
        throw new DamagedFuncTableError('the function table is cut off');
    if (extent > MAX_TABLE_BYTES) {
        throw new DamagedFuncTableError(`the function table is ${extent} bytes, more than the ${MAX_TABLE_BYTES} read`);
    }
    return parseFuncTable(await elf.read(tab.offset, extent, 'Go function table'));
}

// EXTERNAL MODULE: ./src/elf/go-names.ts
var go_names = __webpack_require__(7314);
;// CONCATENATED MODULE: ./src/elf/go-mechanisms.ts

/**
 * Size mechanisms a binary proves: what makes the linker keep bytes that
 * no call needs, or what rides along in the file. Pure.
 */
/**
 * Functions whose reachability makes the linker keep every exported method
 * of every reachable type (cmd/link's deadcode: a reachable call to
 * reflect.Value.Method or MethodByName with a name not known at link time).
 */
const REFLECT_METHOD_CALLS = ['reflect.Value.Method', 'reflect.Value.MethodByName'];
/** `T.M` or `(*T).M` after the package, M exported, no closure or wrapper suffix. */
const EXPORTED_METHOD = /^(?:\(\*[^.()]+\)|[^.()*]+)\.\p{Lu}[^.]*$/u;
/** Whether a function name is an exported method (`net/http.(*Server).Serve`), given its package. */
function isExportedMethod(name, pkg) {
    const plain = (0,go_names/* withoutInstantiation */.sL)(name);
    if (!plain.startsWith(`${pkg}.`))
        return false;
    return EXPORTED_METHOD.test(plain.slice(pkg.length + 1));
}
/** The exported methods among the functions: per package, and in all. */
function exportedMethods(funcs, packages, pclntab) {
    const byPackage = new Map();
    let functions = 0;
    let bytes = 0;
    funcs.forEach((fn, i) => {
        const pkg = packages[i] ?? '';
        if (pkg.startsWith('(') || !isExportedMethod(fn.name, pkg))
            return;
        const own = fn.span + (pclntab[i] ?? 0);
        byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + own);
        functions++;
        bytes += own;
    });
    return { byPackage, functions, bytes };
}
function reflectMethodMechanism(evidence, methods) {
    return {
        id: 'reflect-method',
        evidence,
        functions: methods.functions,
        bytes: methods.bytes,
        message: `${evidence.join(' and ')} can be reached, so the linker keeps every exported method of every type that can be reached, called or not: ${methods.functions} exported methods are in the binary. text/template and html/template call MethodByName; a program that avoids them (and calls Method or MethodByName only with constant names) lets the linker drop the methods nothing calls`
    };
}
function dwarfMechanism(sections) {
    const dwarf = sections.filter((s) => s.name.startsWith('.debug_') || s.name.startsWith('.zdebug_'));
    if (dwarf.length === 0)
        return null;
    const bytes = dwarf.reduce((n, s) => n + s.size, 0);
    return {
        id: 'dwarf',
        evidence: dwarf.map((s) => s.name),
        functions: null,
        bytes,
        message: 'DWARF debug information is in the file (Go built without -ldflags=-w, C compiled with -g and not stripped): nothing at run time reads it; build with -ldflags="-s -w" or strip the binary'
    };
}
function embeddedZoneMechanism(bytes) {
    return {
        id: 'embedded-file',
        evidence: ['time/tzdata'],
        functions: null,
        bytes,
        message: 'the time zone database is embedded as one file (time/tzdata imported, or -tags timetzdata): drop it and add include: tzdata to ship the zones beside the binary instead'
    };
}

;// CONCATENATED MODULE: ./src/elf/go-moduledata.ts

const go_moduledata_CHUNK = 1 << 20;
/** Words read: enough for every field up to itablinks in both layouts. */
const WORDS = 52;
/** The pcHeader's virtual address, through the segment that holds it. */
function vaddrOf(elf, offset) {
    for (const ph of elf.programHeaders) {
        if (ph.type === reader/* PT_LOAD */.M && offset >= ph.offset && offset < ph.offset + ph.filesz) {
            return ph.vaddr + (offset - ph.offset);
        }
    }
    return null;
}
/**
 * Parses moduledata from its words; null when the slices it holds do not
 * point into the function table the way the linker lays them out.
 */
function parseModuleData(words, addr, pcHeader, header) {
    const w = (i) => words[i] ?? 0n;
    if (w(0) !== pcHeader)
        return null;
    if (w(1) !== pcHeader + header.funcnameOffset)
        return null;
    if (w(4) !== pcHeader + header.cuOffset)
        return null;
    // Go 1.20 added covctrs/ecovctrs after noptrbss: every later field moves by two words.
    const s = header.format === 'go1.20+' ? 2 : 0;
    const md = {
        addr,
        findfunctab: w(19),
        minpc: w(20),
        maxpc: w(21),
        text: w(22),
        etext: w(23),
        noptrdata: w(24),
        enoptrdata: w(25),
        data: w(26),
        edata: w(27),
        types: w(35 + s),
        etypes: w(36 + s),
        gofunc: w(38 + s),
        typelinks: { addr: w(42 + s), len: Number(w(43 + s)) },
        itablinks: { addr: w(45 + s), len: Number(w(46 + s)) }
    };
    const sane = md.text <= md.etext &&
        md.types <= md.etypes &&
        md.gofunc >= md.types &&
        md.gofunc <= md.etypes &&
        md.typelinks.len >= 0 &&
        md.typelinks.len < 1 << 26 &&
        md.itablinks.len >= 0 &&
        md.itablinks.len < 1 << 26;
    return sane ? md : null;
}
/** Finds and parses the moduledata; null when it cannot be found. */
async function findModuleData(elf, tab, header) {
    const pcHeader = vaddrOf(elf, tab.offset);
    if (pcHeader === null)
        return null;
    const needle = Buffer.alloc(8);
    needle.writeBigUInt64LE(pcHeader);
    const writable = elf.programHeaders.filter((ph) => ph.type === reader/* PT_LOAD */.M && (ph.flags & reader/* PF_W */.f1) !== 0 && ph.filesz > 0n);
    for (const ph of writable) {
        const end = ph.offset + ph.filesz;
        for (let pos = ph.offset; pos < end; pos += BigInt(go_moduledata_CHUNK)) {
            const want = Number(end - pos < BigInt(go_moduledata_CHUNK + 8) ? end - pos : BigInt(go_moduledata_CHUNK + 8));
            const buf = await elf.src.read(pos, want);
            let i = buf.indexOf(needle);
            while (i !== -1) {
                const at = pos + BigInt(i);
                if (at % 8n === 0n) {
                    const raw = await elf.src.read(at, WORDS * 8);
                    if (raw.length === WORDS * 8) {
                        const words = Array.from({ length: WORDS }, (_, k) => raw.readBigUInt64LE(k * 8));
                        const md = parseModuleData(words, ph.vaddr + (at - ph.offset), pcHeader, {
                            ...header,
                            format: tab.format
                        });
                        if (md)
                            return md;
                    }
                }
                i = buf.indexOf(needle, i + 1);
            }
        }
    }
    return null;
}

;// CONCATENATED MODULE: ./src/elf/go-place.ts

/**
 * Places the bytes of a Go function table (`.gopclntab`) with the packages
 * of the functions they describe. Pure: works on the table's bytes as read.
 *
 * - funcnametab: each name with the package its text names (or, for a name
 *   of no package, the function that carries it);
 * - cutab: each compilation unit's file list with the unit's package (one
 *   unit per package: its functions' most common package);
 * - filetab: each file name with the first unit that lists it;
 * - pctab: each pc-value table with the first function that points at it
 *   (the linker stores identical tables once); a table ends where the next
 *   one starts;
 * - functab and `_func` records: each function's 8-byte entry and its
 *   record, up to the next record.
 * The header and the closing functab entry are runtime tables.
 */
/** Bytes of the file that no package owns: the Go runtime's own tables. */
const RUNTIME_TABLES = '(runtime tables)';
/** `_func` field offsets shared by the 1.18–1.19 and 1.20+ layouts. */
const F_PCSP = 16;
const F_NPCDATA = 28;
const F_CU = 32;
/** Where pcdata offsets start in a record, and where nfuncdata is. */
function recordLayout(format) {
    return format === 'go1.20+' ? { fixed: 44, nfuncdata: 43 } : { fixed: 40, nfuncdata: 39 };
}
function mostCommon(counts) {
    let best = null;
    let most = 0;
    for (const [pkg, n] of counts) {
        if (n > most) {
            best = pkg;
            most = n;
        }
    }
    return best;
}
/** A NUL-terminated string of `buf` starting at `at`, bounded by `end`. */
function cStringAt(buf, at, end) {
    const nul = buf.indexOf(0, at);
    return buf.toString('utf8', at, nul === -1 || nul > end ? end : nul);
}
/**
 * The first file of a function: its pcfile table's first value, looked up in
 * its unit's cutab slice. Null when the tables do not say.
 */
function firstFile(table, record) {
    const { buf, header } = table.raw;
    const pcfile = buf.readUInt32LE(record + F_PCSP + 4);
    const cu = buf.readUInt32LE(record + F_CU);
    const pctab = Number(header.pctabOffset);
    const at = pctab + pcfile;
    if (pcfile === 0 || at >= buf.length)
        return null;
    // The first value is a zig-zag varint delta from -1.
    let value = 0;
    let shift = 0;
    let p = at;
    for (; p < at + 5 && p < buf.length; p++) {
        const b = buf[p];
        value += (b & 0x7f) * 2 ** shift;
        if ((b & 0x80) === 0)
            break;
        shift += 7;
    }
    const delta = value % 2 === 1 ? -((value + 1) / 2) : value / 2;
    const index = -1 + delta;
    const cutab = Number(header.cuOffset);
    const slot = cutab + (cu + index) * 4;
    if (index < 0 || slot + 4 > Number(header.filetabOffset))
        return null;
    const off = buf.readUInt32LE(slot);
    const files = Number(header.filetabOffset);
    if (off === 0xffffffff || files + off >= Number(header.pctabOffset))
        return null;
    return cStringAt(buf, files + off, Number(header.pctabOffset));
}
/**
 * The package of every function: its name's, else its compilation unit's
 * (assembly such as `aeshashbody` sits in runtime's unit), else its source
 * file's directory, else LINKER_BUCKET.
 */
function funcPackages(table) {
    const { buf } = table.raw;
    const named = table.funcs.map((fn) => (0,go_names/* packageOf */.wg)(fn.name));
    const byUnit = new Map();
    table.funcs.forEach((fn, i) => {
        const pkg = named[i];
        if (pkg === null || pkg === undefined)
            return;
        const cu = buf.readUInt32LE(fn.record + F_CU);
        let counts = byUnit.get(cu);
        if (!counts) {
            counts = new Map();
            byUnit.set(cu, counts);
        }
        counts.set(pkg, (counts.get(pkg) ?? 0) + 1);
    });
    const unitPackage = new Map();
    return table.funcs.map((fn, i) => {
        const pkg = named[i];
        if (pkg !== null && pkg !== undefined)
            return pkg;
        // Made by the compiler or linker for a type of no package (`type:.eq.[2]interface {}`).
        if (/^(type|go)[:.]/.test(fn.name))
            return go_names/* LINKER_BUCKET */.dY;
        const cu = buf.readUInt32LE(fn.record + F_CU);
        if (!unitPackage.has(cu)) {
            const counts = byUnit.get(cu);
            unitPackage.set(cu, counts ? mostCommon(counts) : null);
        }
        // Assembly: the package of its source file (`runtime/asm_amd64.s`), else its unit's.
        const file = firstFile(table, fn.record);
        return (file === null ? null : (0,go_names/* filePackage */.fn)(file)) ?? unitPackage.get(cu) ?? go_names/* LINKER_BUCKET */.dY;
    });
}
/**
 * (offset, owner) pairs packed in one growing typed array, sorted by offset
 * then owner in one typed-array sort: no object or boxed number per pair.
 */
class PackedRefs {
    buf = new Float64Array(1024);
    length = 0;
    push(offset, owner) {
        if (this.length === this.buf.length) {
            const bigger = new Float64Array(this.buf.length * 2);
            bigger.set(this.buf);
            this.buf = bigger;
        }
        // offset < 2^32 and owner < 2^21 here: the pair fits a double's 53 bits exactly.
        this.buf[this.length++] = offset * 2 ** 21 + owner;
    }
    sorted() {
        return this.buf.subarray(0, this.length).sort();
    }
}
/**
 * Walks sorted refs and gives each distinct offset's bytes (to the next
 * distinct offset, or to `end`) to its first owner.
 */
function placeRuns(refs, end, give) {
    let placed = 0;
    let i = 0;
    while (i < refs.length) {
        const packed = refs[i];
        const offset = Math.floor(packed / 2 ** 21);
        const owner = packed - offset * 2 ** 21;
        let j = i + 1;
        while (j < refs.length && Math.floor(refs[j] / 2 ** 21) === offset)
            j++;
        const next = j < refs.length ? Math.floor(refs[j] / 2 ** 21) : end;
        const bytes = Math.max(0, Math.min(next, end) - offset);
        give(owner, bytes);
        placed += bytes;
        i = j;
    }
    return placed;
}
const MAX_OWNERS = 2 ** 21;
/**
 * Places every byte of the function table (see the module comment) and
 * returns what the rodata placement needs: each function's package and its
 * funcdata references.
 */
function placeFuncTable(table, place) {
    const { buf, header } = table.raw;
    const packages = funcPackages(table);
    const funcs = table.funcs;
    const names = Number(header.funcnameOffset);
    const cutab = Number(header.cuOffset);
    const files = Number(header.filetabOffset);
    const pctab = Number(header.pctabOffset);
    const pcln = Number(header.pclnOffset);
    const end = buf.length;
    const layout = recordLayout(table.format);
    const tooMany = funcs.length >= MAX_OWNERS;
    const own = new Float64Array(funcs.length);
    place(RUNTIME_TABLES, 'pclntab', names);
    // funcnametab: names of functions and of functions inlined into them.
    const byNameOff = new Map();
    funcs.forEach((fn, i) => byNameOff.set(names + buf.readInt32LE(fn.record + 4), i));
    let at = names;
    while (at < cutab) {
        const nul = buf.indexOf(0, at);
        const stop = nul === -1 || nul >= cutab ? cutab : nul;
        const owner = byNameOff.get(at);
        if (owner !== undefined)
            own[owner] = (own[owner] ?? 0) + stop - at + 1;
        const pkg = owner !== undefined
            ? (packages[owner] ?? go_names/* LINKER_BUCKET */.dY)
            : ((0,go_names/* packageOf */.wg)(buf.toString('utf8', at, Math.min(stop, at + 4096))) ?? go_names/* LINKER_BUCKET */.dY);
        place(pkg, 'pclntab', stop - at + (stop < cutab ? 1 : 0));
        at = stop + 1;
    }
    // cutab and filetab, by compilation unit.
    const counts = new Map();
    funcs.forEach((fn, i) => {
        const cu = buf.readUInt32LE(fn.record + F_CU);
        const pkg = packages[i] ?? go_names/* LINKER_BUCKET */.dY;
        let c = counts.get(cu);
        if (!c)
            counts.set(cu, (c = new Map()));
        c.set(pkg, (c.get(pkg) ?? 0) + 1);
    });
    const unitPackage = new Map();
    for (const [cu, c] of counts)
        unitPackage.set(cu, mostCommon(c) ?? go_names/* LINKER_BUCKET */.dY);
    const units = [...unitPackage.keys()].sort((a, b) => a - b);
    const claimed = new Set();
    let unitBytes = 0;
    let fileBytes = 0;
    units.forEach((cu, k) => {
        const pkg = unitPackage.get(cu) ?? go_names/* LINKER_BUCKET */.dY;
        const from = cutab + cu * 4;
        const to = Math.min(k + 1 < units.length ? cutab + units[k + 1] * 4 : files, files);
        if (from >= to)
            return;
        place(pkg, 'pclntab', to - from);
        unitBytes += to - from;
        for (let slot = from; slot + 4 <= to; slot += 4) {
            const off = buf.readUInt32LE(slot);
            if (off === 0xffffffff || claimed.has(off) || files + off >= pctab)
                continue;
            claimed.add(off);
            const nul = buf.indexOf(0, files + off);
            const stop = nul === -1 || nul >= pctab ? pctab : nul;
            place(pkg, 'pclntab', stop + 1 - (files + off));
            fileBytes += stop + 1 - (files + off);
        }
    });
    place(RUNTIME_TABLES, 'pclntab', Math.max(0, files - cutab - unitBytes));
    place(RUNTIME_TABLES, 'pclntab', Math.max(0, pctab - files - fileBytes));
    // pctab: pc-value tables, each to the first function that points at it.
    const tables = new PackedRefs();
    const funcdataRefs = new PackedRefs();
    funcs.forEach((fn, i) => {
        const r = fn.record;
        if (r + layout.fixed > end)
            return;
        const npcdata = buf.readUInt32LE(r + F_NPCDATA);
        const nfuncdata = buf[r + layout.nfuncdata];
        for (const field of [F_PCSP, F_PCSP + 4, F_PCSP + 8]) {
            const off = buf.readUInt32LE(r + field);
            if (off !== 0)
                tables.push(off, i);
        }
        const pcdataAt = r + layout.fixed;
        if (pcdataAt + (npcdata + nfuncdata) * 4 > end)
            return;
        for (let k = 0; k < npcdata; k++) {
            const off = buf.readUInt32LE(pcdataAt + k * 4);
            if (off !== 0)
                tables.push(off, i);
        }
        const funcdataAt = pcdataAt + npcdata * 4;
        for (let k = 0; k < nfuncdata; k++) {
            const off = buf.readUInt32LE(funcdataAt + k * 4);
            if (off !== 0xffffffff)
                funcdataRefs.push(off, i);
        }
    });
    const pctabSize = pcln - pctab;
    let pcPlaced = 0;
    if (!tooMany) {
        pcPlaced = placeRuns(tables.sorted(), pctabSize, (owner, bytes) => {
            own[owner] = (own[owner] ?? 0) + bytes;
            place(packages[owner] ?? go_names/* LINKER_BUCKET */.dY, 'pclntab', bytes);
        });
    }
    place(RUNTIME_TABLES, 'pclntab', Math.max(0, pctabSize - pcPlaced));
    // functab entries and _func records.
    let recordBytes = 0;
    funcs.forEach((fn, i) => {
        const next = funcs[i + 1]?.record;
        const record = next !== undefined && next > fn.record
            ? next - fn.record
            : Math.min(end - fn.record, recordSize(buf, fn.record, layout));
        const bytes = Math.max(0, record) + 8;
        place(packages[i] ?? go_names/* LINKER_BUCKET */.dY, 'pclntab', bytes);
        own[i] = (own[i] ?? 0) + bytes;
        recordBytes += bytes;
    });
    place(RUNTIME_TABLES, 'pclntab', Math.max(0, end - pcln - recordBytes));
    return { packages, funcdata: funcdataRefs.sorted(), pclntab: own };
}
function recordSize(buf, record, layout) {
    if (record + layout.fixed > buf.length)
        return 0;
    const npcdata = buf.readUInt32LE(record + F_NPCDATA);
    const nfuncdata = buf[record + layout.nfuncdata];
    return layout.fixed + (npcdata + nfuncdata) * 4;
}
/**
 * Places funcdata (stack maps, inline trees…) that lies in `.rodata` from
 * `gofunc` on: each distinct object, up to the next one, with the first
 * function that points at it. Returns the bytes placed.
 */
function placeFuncdata(facts, regionSize, place, lastObjectMax = 4096) {
    if (facts.funcdata.length === 0 || facts.packages.length >= MAX_OWNERS)
        return 0;
    const refs = facts.funcdata;
    const last = Math.floor(refs[refs.length - 1] / 2 ** 21);
    const end = Math.min(regionSize, last + lastObjectMax);
    return placeRuns(refs, end, (owner, bytes) => place(facts.packages[owner] ?? go_names/* LINKER_BUCKET */.dY, 'funcdata', bytes));
}

;// CONCATENATED MODULE: ./src/elf/go-strings.ts

/** The length a MOV-immediate at `at` loads, or null. */
function movImmediate(buf, at) {
    const b = buf[at];
    if (b === undefined)
        return null;
    if (b >= 0xb8 && b <= 0xbf && at + 5 <= buf.length)
        return buf.readUInt32LE(at + 1);
    const c = buf[at + 1];
    if (b === 0x41 && c !== undefined && c >= 0xb8 && c <= 0xbf && at + 6 <= buf.length) {
        return buf.readUInt32LE(at + 2);
    }
    if ((b === 0x48 || b === 0x49) && c === 0xc7 && at + 7 <= buf.length) {
        const modrm = buf[at + 2];
        if ((modrm & 0xf8) === 0xc0)
            return buf.readInt32LE(at + 3);
        // MOV QWORD [RSP+disp8], imm32: the length stored beside the pointer on the stack.
        if (modrm === 0x44 && buf[at + 3] === 0x24 && at + 9 <= buf.length) {
            return buf.readInt32LE(at + 5);
        }
    }
    return null;
}
/** Longest literal believed: beyond this a MOV immediate is something else. */
const MAX_LITERAL = 16 * 1024 * 1024;
/** x86-64: LEA reg, [RIP+disp32] followed by a MOV of the length. */
function x86Loads(buf, start, end, found) {
    let i = buf.indexOf(0x8d, 1);
    while (i !== -1 && i + 6 < buf.length) {
        const rex = buf[i - 1];
        const modrm = buf[i + 1];
        if ((rex === 0x48 || rex === 0x4c) && (modrm & 0xc7) === 0x05) {
            const next = i + 6;
            const target = next + buf.readInt32LE(i + 2);
            if (target >= start && target < end) {
                // The length right after, or after the pointer's store to the stack (MOV [RSP+d8], reg).
                const store = buf[next] === 0x48 && buf[next + 1] === 0x89 && buf[next + 3] === 0x24;
                const len = movImmediate(buf, next) ?? (store ? movImmediate(buf, next + 5) : null);
                if (len !== null)
                    found({ from: i - 1, at: target, len });
            }
        }
        i = buf.indexOf(0x8d, i + 1);
    }
}
/**
 * The value of an AArch64 logical (bitmask) immediate, as DecodeBitMasks in
 * the Arm ARM computes it for 64-bit registers; null for a reserved encoding.
 */
function bitmaskImmediate(n, immr, imms) {
    const combined = (n << 6) | (~imms & 0x3f);
    if (combined === 0)
        return null;
    const len = 31 - Math.clz32(combined);
    if (len < 1)
        return null;
    const size = 1 << len;
    const levels = size - 1;
    const s = imms & levels;
    const r = immr & levels;
    if (s === levels)
        return null;
    const width = BigInt(size);
    const mask = (1n << width) - 1n;
    const ones = (1n << BigInt(s + 1)) - 1n;
    const rotated = ((ones >> BigInt(r)) | (ones << (width - BigInt(r)))) & mask;
    let value = 0n;
    for (let k = 0; k < 64; k += size)
        value |= rotated << BigInt(k);
    return value & ((1n << 64n) - 1n);
}
/** The constant an AArch64 instruction puts in register `reg`, when it is a MOVZ or ORR-from-XZR; else null. */
function a64Constant(insn, reg) {
    if ((insn & 0x1f) !== reg)
        return null;
    // MOVZ Xd or Wd, #imm16, LSL #(16*hw)
    if ((insn & 0x7f800000) >>> 0 === 0x52800000) {
        const hw = (insn >>> 21) & 3;
        const sf = insn >>> 31;
        if (sf === 0 && hw > 1)
            return null;
        return ((insn >>> 5) & 0xffff) * 2 ** (16 * hw);
    }
    // ORR Xd, XZR, #bitmask (what MOVD $7, Rd assembles to)
    if ((insn & 0xff8003e0) >>> 0 === 0xb20003e0) {
        const value = bitmaskImmediate((insn >>> 22) & 1, (insn >>> 16) & 0x3f, (insn >>> 10) & 0x3f);
        return value === null || value > BigInt(MAX_LITERAL) ? null : Number(value);
    }
    return null;
}
/** AArch64: ADRP Xn + ADD Xn, Xn, #lo12 followed by the length into Xn+1. */
function a64Loads(buf, addr, start, end, found) {
    const base = Number(addr);
    // Instructions are 4-byte aligned; the text starts on a page boundary or close to one.
    for (let i = (4 - (base % 4)) % 4; i + 12 <= buf.length; i += 4) {
        const adrp = buf.readUInt32LE(i);
        if ((adrp & 0x9f000000) >>> 0 !== 0x90000000)
            continue;
        const reg = adrp & 0x1f;
        const add = buf.readUInt32LE(i + 4);
        // ADD Xd, Xn, #imm12 (no shift), 64-bit, with Xd = Xn = the ADRP's register.
        if ((add & 0xffc00000) >>> 0 !== 0x91000000)
            continue;
        if ((add & 0x1f) !== reg || ((add >>> 5) & 0x1f) !== reg || reg >= 30)
            continue;
        const immlo = (adrp >>> 29) & 3;
        const immhi = (adrp >>> 5) & 0x7ffff;
        const pages = (((immhi << 2) | immlo) << 11) >> 11; // sign-extend 21 bits
        const pc = base + i;
        const target = Math.floor(pc / 4096) * 4096 + pages * 4096 + ((add >>> 10) & 0xfff) - base;
        if (target < start || target >= end)
            continue;
        const len = a64Constant(buf.readUInt32LE(i + 8), reg + 1);
        if (len !== null)
            found({ from: i, at: target, len });
    }
}
/** The instruction decoders by ELF machine: one per platform a build can target. */
const LOADS = new Map([
    [(0,ground_platform/* elfMachine */.xP)(ground_platform/* LINUX_AMD64 */._n), (buf, _addr, start, end, found) => x86Loads(buf, start, end, found)],
    [(0,ground_platform/* elfMachine */.xP)(ground_platform/* LINUX_ARM64 */.e$), a64Loads]
]);
/** Whether string literals can be placed in code for this ELF machine. */
function placesStringsFor(machine) {
    return LOADS.has(machine);
}
/**
 * Places the literals the code loads. `funcs` are [start, end) offsets into
 * the code, sorted, with their packages; `machine` is the ELF machine, which
 * says how to read the code. Returns the bytes placed (0 for a machine
 * whose instructions are not decoded here).
 */
function placeStrings(area, funcs, packages, place, machine) {
    const { buf, addr } = area.text;
    const start = Number(area.start - addr);
    const end = Number(area.end - addr);
    const loads = LOADS.get(machine);
    if (loads === undefined)
        return 0;
    const claims = [];
    let f = 0;
    loads(buf, addr, start, end, (load) => {
        const { from, at, len } = load;
        if (len <= 0 || len > MAX_LITERAL || at + len > end)
            return;
        while (f + 1 < funcs.length && funcs[f + 1].entry <= from)
            f++;
        claims.push({ at, len, func: f });
    });
    claims.sort((a, b) => a.at - b.at || a.func - b.func);
    let placed = 0;
    // Offsets are from the start of the code: strings below it are negative.
    let covered = -Infinity;
    for (const c of claims) {
        const from = Math.max(c.at, covered);
        const to = c.at + c.len;
        if (to <= from)
            continue;
        place(packages[c.func] ?? '(no package)', 'strings', to - from);
        placed += to - from;
        covered = to;
    }
    return placed;
}

;// CONCATENATED MODULE: ./src/elf/go-types.ts

/**
 * Type descriptors and itabs of a Go binary, found through the module
 * data's type links and itab links and everything they point to, each
 * placed under the package of its type (named: its own package path;
 * unnamed: its element's, or the package qualifying its fields). A type's
 * bytes are its descriptor with the arrays that follow it (parameters,
 * fields, interface methods, the uncommon part and its method table), and
 * the names it is the first to use. Pure: works on the bytes of the types
 * region (`types`..`etypes`), as read.
 *
 * Layouts are internal/abi's (Go 1.20–1.23): a 48-byte Type header, then
 * the kind's fields, then UncommonType when the flag says so.
 */
const TFLAG_UNCOMMON = 1;
const TFLAG_NAMED = 4;
const HEADER = 48;
const KIND = {
    array: 17,
    chan: 18,
    func: 19,
    interface: 20,
    map: 21,
    pointer: 22,
    slice: 23,
    struct: 25
};
function readName(buf, at) {
    if (at < 0 || at + 2 > buf.length)
        return null;
    const flags = buf[at];
    let p = at + 1;
    const len = go_types_varint(buf, p);
    if (!len)
        return null;
    p = len.next;
    const text = buf.toString('utf8', p, Math.min(p + len.value, buf.length));
    p += len.value;
    if (flags & 2) {
        const tag = go_types_varint(buf, p);
        if (!tag)
            return null;
        p = tag.next + tag.value;
    }
    if (flags & 4)
        p += 4;
    return p > buf.length ? null : { text, size: p - at };
}
function go_types_varint(buf, at) {
    let value = 0;
    let shift = 0;
    for (let i = at; i < buf.length && i < at + 5; i++) {
        const b = buf[i];
        value += (b & 0x7f) * 2 ** shift;
        if ((b & 0x80) === 0)
            return { value, next: i + 1 };
        shift += 7;
    }
    return null;
}
/** Parses the type at `o`; null when what is there does not look like one. */
function parseType(region, o) {
    const { buf, base } = region;
    if (o < 0 || o + HEADER > buf.length || o % 8 !== 0)
        return null;
    const tflag = buf[o + 20];
    const kind = buf[o + 23] & 0x1f;
    if (kind === 0 || kind > 26)
        return null;
    const ptr = (at) => {
        if (at + 8 > buf.length)
            return null;
        const v = buf.readBigUInt64LE(at);
        if (v === 0n)
            return null;
        const off = v - base;
        return off >= 0n && off < BigInt(buf.length) ? Number(off) : null;
    };
    const refs = [];
    const names = [];
    const str = buf.readInt32LE(o + 40);
    if (str > 0 && str < buf.length)
        names.push(str);
    const ptrToThis = buf.readInt32LE(o + 44);
    let fixed = HEADER;
    let arrays = null;
    let pkgPath = '';
    switch (kind) {
        case KIND.array:
            fixed += 24;
            for (const r of [ptr(o + 48), ptr(o + 56)])
                if (r !== null)
                    refs.push(r);
            break;
        case KIND.chan:
        case KIND.pointer:
        case KIND.slice: {
            fixed += kind === KIND.chan ? 16 : 8;
            const elem = ptr(o + 48);
            if (elem !== null)
                refs.push(elem);
            break;
        }
        case KIND.map:
            fixed += 40;
            for (const r of [ptr(o + 48), ptr(o + 56), ptr(o + 64)])
                if (r !== null)
                    refs.push(r);
            break;
        case KIND.func: {
            fixed += 8;
            if (o + 52 > buf.length)
                return null;
            const count = buf.readUInt16LE(o + 48) + (buf.readUInt16LE(o + 50) & 0x7fff);
            const start = o + fixed + (tflag & TFLAG_UNCOMMON ? 16 : 0);
            arrays = { at: start, count, each: 8 };
            for (let k = 0; k < count; k++) {
                const r = ptr(start + k * 8);
                if (r !== null)
                    refs.push(r);
            }
            break;
        }
        case KIND.interface:
        case KIND.struct: {
            fixed += 32;
            const path = ptr(o + 48);
            if (path !== null) {
                names.push(path);
                pkgPath = readName(buf, path)?.text ?? '';
            }
            const at = ptr(o + 56);
            if (o + 72 > buf.length)
                return null;
            const count = Number(buf.readBigUInt64LE(o + 64));
            if (at === null || count > 1 << 20)
                break;
            const each = kind === KIND.struct ? 24 : 8;
            arrays = { at, count, each };
            for (let k = 0; k < count && at + (k + 1) * each <= buf.length; k++) {
                const e = at + k * each;
                if (kind === KIND.struct) {
                    const name = ptr(e);
                    if (name !== null)
                        names.push(name);
                    const r = ptr(e + 8);
                    if (r !== null)
                        refs.push(r);
                }
                else {
                    names.push(buf.readInt32LE(e));
                    const t = buf.readInt32LE(e + 4);
                    if (t > 0)
                        refs.push(t);
                }
            }
            break;
        }
    }
    let end = o + fixed;
    const named = (tflag & TFLAG_NAMED) !== 0;
    if (tflag & TFLAG_UNCOMMON) {
        const u = o + fixed;
        if (u + 16 > buf.length)
            return null;
        end = Math.max(end, u + 16);
        const path = buf.readInt32LE(u);
        if (path > 0 && path < buf.length) {
            names.push(path);
            if (named)
                pkgPath = readName(buf, path)?.text ?? '';
        }
        const mcount = buf.readUInt16LE(u + 4);
        const moff = buf.readUInt32LE(u + 8);
        const methods = u + moff;
        if (mcount > 0 && methods + mcount * 16 <= buf.length) {
            end = Math.max(end, methods + mcount * 16);
            for (let k = 0; k < mcount; k++) {
                const m = methods + k * 16;
                names.push(buf.readInt32LE(m));
                const mtyp = buf.readInt32LE(m + 4);
                if (mtyp > 0 && mtyp < buf.length)
                    refs.push(mtyp);
            }
        }
    }
    if (arrays)
        end = Math.max(end, Math.min(buf.length, arrays.at + arrays.count * arrays.each));
    if (ptrToThis > 0 && ptrToThis < buf.length)
        refs.push(ptrToThis);
    return { size: end - o, kind, named, refs, names, pkgPath };
}
/**
 * Places every type reachable from the roots and every itab. Returns the
 * bytes placed in the region (descriptors, their names and itabs).
 */
function placeTypes(region, roots, place) {
    const { buf, base } = region;
    const types = new Map();
    const queue = [...roots.typelinks];
    const ptr = (at) => {
        if (at + 8 > buf.length)
            return null;
        const off = buf.readBigUInt64LE(at) - base;
        return off >= 0n && off < BigInt(buf.length) ? Number(off) : null;
    };
    const itabTypes = [];
    for (const itab of roots.itabs) {
        const inter = ptr(itab);
        const type = ptr(itab + 8);
        if (inter === null || type === null)
            continue;
        queue.push(inter, type);
        const methods = inter + 64 + 8 <= buf.length ? Number(buf.readBigUInt64LE(inter + 64)) : 1;
        itabTypes.push({ at: itab, type, size: 24 + 8 * Math.max(1, Math.min(methods, 4096)) });
    }
    // Breadth-first over everything the types point at; bounded by the region.
    while (queue.length > 0) {
        const o = queue.pop();
        if (types.has(o))
            continue;
        const info = parseType(region, o);
        if (!info)
            continue;
        types.set(o, info);
        for (const r of info.refs)
            if (!types.has(r))
                queue.push(r);
    }
    const pkgOf = new Map();
    const packageOfType = (o, depth = 0) => {
        if (pkgOf.has(o))
            return pkgOf.get(o) ?? null;
        const info = types.get(o);
        if (!info || depth > 64)
            return null;
        pkgOf.set(o, null);
        let pkg = null;
        if (info.named)
            pkg = info.pkgPath === '' ? null : (0,go_names/* unescapePath */.a3)(info.pkgPath);
        else if (info.pkgPath !== '')
            pkg = (0,go_names/* unescapePath */.a3)(info.pkgPath);
        else {
            const own = info.kind === KIND.func || info.kind === KIND.struct || info.kind === KIND.interface;
            const refs = info.kind === KIND.array ? info.refs.slice(0, 1) : info.refs;
            for (const r of own || info.kind === KIND.map ? refs : refs.slice(0, 1)) {
                pkg = packageOfType(r, depth + 1);
                if (pkg !== null)
                    break;
            }
        }
        pkgOf.set(o, pkg);
        return pkg;
    };
    let placed = 0;
    let end = 0;
    const claimed = new Set();
    for (const o of [...types.keys()].sort((a, b) => a - b)) {
        const info = types.get(o);
        const pkg = packageOfType(o) ?? go_names/* LINKER_BUCKET */.dY;
        place(pkg, 'types', info.size);
        placed += info.size;
        end = Math.max(end, o + info.size);
        for (const n of info.names) {
            if (claimed.has(n) || types.has(n))
                continue;
            const name = readName(buf, n);
            if (!name)
                continue;
            claimed.add(n);
            place(pkg, 'types', name.size);
            placed += name.size;
            end = Math.max(end, n + name.size);
        }
    }
    for (const itab of itabTypes) {
        place(packageOfType(itab.type) ?? go_names/* LINKER_BUCKET */.dY, 'types', itab.size);
        placed += itab.size;
    }
    return { placed, end };
}

;// CONCATENATED MODULE: ./src/elf/go-sizes.ts







/**
 * Every byte of a Go binary, placed: with a package where the binary tells
 * whose it is, else in a named bucket by kind. Sections are walked from the
 * section headers; each section's bytes not placed with a package go to its
 * bucket, so the rows add up to the file.
 */
const BUCKETS = {
    runtime: RUNTIME_TABLES,
    headers: '(ELF headers)',
    padding: '(segment alignment)',
    buildInfo: '(build info)',
    cgo: '(C code (cgo))',
    cgoData: '(C data (cgo))',
    text: '(code not placed)',
    rodata: '(read-only data not placed)',
    data: '(data not placed)',
    symbols: '(symbol table)',
    dwarf: '(DWARF)',
    other: '(other sections)',
    file: '(not placed)'
};
/** Bytes by package (or bucket) and kind. */
class Tally {
    rows = new Map();
    add = (pkg, kind, bytes) => {
        if (bytes <= 0)
            return;
        let row = this.rows.get(pkg);
        if (!row) {
            row = {};
            this.rows.set(pkg, row);
        }
        row[kind] = (row[kind] ?? 0) + bytes;
    };
    /** Bytes placed so far in real packages (not buckets) of one kind. */
    inPackages(kind) {
        let sum = 0;
        for (const [name, row] of this.rows)
            if (!name.startsWith('('))
                sum += row[kind] ?? 0;
        return sum;
    }
    packages(modules) {
        return [...this.rows.entries()]
            .map(([name, parts]) => ({
            name,
            module: name.startsWith('(') ? '' : modules.moduleOf(name),
            bytes: total(parts),
            parts
        }))
            .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
    }
}
function total(parts) {
    let sum = 0;
    for (const v of Object.values(parts))
        sum += v ?? 0;
    return sum;
}
/** Data sections whose symbols are package variables with bytes in the file. */
const FILE_DATA_SECTIONS = ['.noptrdata', '.data'];
function bucketOf(section, cgo) {
    const name = section.name;
    if (name === '.text')
        return cgo ? BUCKETS.cgo : BUCKETS.text;
    if (name === '.rodata')
        return BUCKETS.rodata;
    if (name === '.noptrdata' || name === '.data')
        return BUCKETS.data;
    if (name === '.typelink' || name === '.itablink' || name === '.gosymtab')
        return BUCKETS.runtime;
    if (name === '.gopclntab')
        return BUCKETS.runtime;
    if (name === '.go.buildinfo' || name === '.note.go.buildid')
        return BUCKETS.buildInfo;
    if (name === '.symtab' || name === '.strtab')
        return BUCKETS.symbols;
    if (name.startsWith('.debug_') || name.startsWith('.zdebug_'))
        return BUCKETS.dwarf;
    if (name === '.shstrtab')
        return BUCKETS.headers;
    if (cgo)
        return (section.flags & 4n) !== 0n ? BUCKETS.cgo : BUCKETS.cgoData;
    return BUCKETS.other;
}
/**
 * Places a Go binary's bytes. `symbols` (unstripped binaries) adds the
 * package variables of `.data` and `.noptrdata`.
 */
async function placeGo(elf, tab, table, symbols, modules, cgo) {
    const tally = new Tally();
    const notes = [];
    const sections = (await elf.sections()).filter((s) => s.name !== '' && s.type !== 0);
    const placedIn = new Map();
    const addIn = (section, bytes) => {
        placedIn.set(section, (placedIn.get(section) ?? 0) + bytes);
    };
    // .gopclntab, and the package of every function.
    const facts = placeFuncTable(table, tally.add);
    addIn('.gopclntab', table.raw.buf.length);
    // .text: each function to the next one's entry.
    let code = 0;
    table.funcs.forEach((fn, i) => {
        tally.add(facts.packages[i] ?? go_names/* LINKER_BUCKET */.dY, 'code', fn.span);
        code += fn.span;
    });
    addIn('.text', code);
    // funcdata in .rodata, from gofunc on.
    let moduledata = null;
    try {
        moduledata = await findModuleData(elf, tab, table.raw.header);
    }
    catch (error) {
        if (!(error instanceof reader/* MalformedElfError */.HS))
            throw error;
    }
    if (moduledata === null) {
        notes.push('Go module data not found: funcdata and types not placed');
    }
    else {
        const region = Number(moduledata.etypes - moduledata.gofunc);
        addIn('.rodata', placeFuncdata(facts, region, tally.add));
        const types = await readTypes(elf, moduledata);
        if (types === null)
            notes.push('Go type links unreadable: types not placed');
        else {
            const placedTypes = placeTypes(types.region, types.roots, tally.add);
            addIn('.rodata', placedTypes.placed);
            // String literals lie after the types, before the funcdata.
            const text = await readText(elf, moduledata);
            if (text !== null) {
                const area = {
                    text: { addr: moduledata.text, buf: text },
                    start: moduledata.types + BigInt(placedTypes.end),
                    end: moduledata.gofunc
                };
                addIn('.rodata', placeStrings(area, table.funcs, facts.packages, tally.add, elf.header.machine));
            }
        }
    }
    // Package variables, when the symbol table is there.
    for (const sym of symbols ?? []) {
        if (sym.kind !== 'object' || !FILE_DATA_SECTIONS.includes(sym.section))
            continue;
        const pkg = (0,go_names/* packageOf */.wg)(sym.name);
        if (pkg === null)
            continue;
        tally.add(pkg, 'data', sym.size);
        addIn(sym.section, sym.size);
    }
    // What is left of each section goes to its bucket; what lies in no section, to the headers.
    const shares = {};
    let inSections = 0;
    for (const section of sections) {
        if (section.type === reader/* SHT_NOBITS */.UB)
            continue;
        const size = Number(section.size);
        inSections += size;
        const placed = Math.min(size, placedIn.get(section.name) ?? 0);
        tally.add(bucketOf(section, cgo), kindOf(section.name), size - placed);
        if (placedIn.has(section.name) || size === 0) {
            shares[section.name] = { size, attributed: placed, how: howOf(section.name) };
        }
    }
    const file = Number(elf.src.size);
    if (sections.length > 0) {
        // Between sections lies padding, mostly where a segment starts on a new page
        // in the file: a few KB with 4 KiB pages, but Go's arm64 linker aligns
        // segments to 64 KiB, tens of KB that are not headers.
        const padding = Math.max(0, Math.min(paddingBetween(sections), file - inSections));
        tally.add(BUCKETS.padding, 'data', padding);
        tally.add(BUCKETS.headers, 'data', file - inSections - padding);
    }
    else {
        const placed = [...placedIn.values()].reduce((a, b) => a + b, 0);
        tally.add(BUCKETS.file, 'data', file - placed);
        notes.push('without section headers, bytes outside the function table and its code are not placed');
    }
    // Every exported method kept alive by reflection: the mechanism, and each package's share.
    const mechanisms = [];
    let packages = tally.packages(modules);
    const calls = REFLECT_METHOD_CALLS.filter((call) => table.funcs.some((fn) => fn.name === call));
    if (calls.length > 0) {
        const methods = exportedMethods(table.funcs, facts.packages, facts.pclntab);
        mechanisms.push(reflectMethodMechanism(calls, methods));
        packages = packages.map((row) => {
            const bytes = methods.byPackage.get(row.name);
            return bytes === undefined ? row : { ...row, methods: Math.min(bytes, row.bytes) };
        });
    }
    return { packages, shares, notes, moduledata, facts, mechanisms };
}
/** Bytes of the file between one section's end and the next section's start. */
function paddingBetween(sections) {
    const spans = sections
        .filter((section) => section.type !== reader/* SHT_NOBITS */.UB && section.size > 0n)
        .map((section) => [section.offset, section.offset + section.size])
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let padding = 0n;
    let end = null;
    for (const [from, to] of spans) {
        if (end !== null && from > end)
            padding += from - end;
        if (end === null || to > end)
            end = to;
    }
    return Number(padding);
}
/** The most bytes of the types region read (cmd/go's is a few MB). */
const MAX_TYPES_BYTES = 256 * 1024 * 1024;
async function readAt(elf, addr, length, what) {
    const offset = elf.offsetOfAddress(addr);
    if (offset === undefined)
        throw new reader/* MalformedElfError */.HS(`${what} lies outside the file`);
    return elf.read(offset, length, what);
}
/** The Go code, [text, etext); null when it cannot be read. */
async function readText(elf, md) {
    const size = Number(md.etext - md.text);
    if (size <= 0 || size > MAX_TYPES_BYTES)
        return null;
    try {
        return await readAt(elf, md.text, size, 'Go code');
    }
    catch (error) {
        if (error instanceof reader/* MalformedElfError */.HS)
            return null;
        throw error;
    }
}
/** The types region and the roots the module data lists; null when they cannot be read. */
async function readTypes(elf, md) {
    const size = Number(md.etypes - md.types);
    if (size <= 0 || size > MAX_TYPES_BYTES)
        return null;
    try {
        const buf = await readAt(elf, md.types, size, 'Go types');
        const links = await readAt(elf, md.typelinks.addr, md.typelinks.len * 4, 'Go type links');
        const itabs = await readAt(elf, md.itablinks.addr, md.itablinks.len * 8, 'Go itab links');
        const typelinks = [];
        for (let k = 0; k < md.typelinks.len; k++)
            typelinks.push(links.readInt32LE(k * 4));
        const itabOffsets = [];
        for (let k = 0; k < md.itablinks.len; k++) {
            const off = itabs.readBigUInt64LE(k * 8) - md.types;
            if (off >= 0n && off < BigInt(size))
                itabOffsets.push(Number(off));
        }
        return { region: { buf, base: md.types }, roots: { typelinks, itabs: itabOffsets } };
    }
    catch (error) {
        if (error instanceof reader/* MalformedElfError */.HS)
            return null;
        throw error;
    }
}
function kindOf(section) {
    if (section === '.text')
        return 'code';
    if (section === '.gopclntab')
        return 'pclntab';
    return 'data';
}
function howOf(section) {
    switch (section) {
        case '.text':
            return 'function table (.gopclntab), alignment padding counted with the function before it';
        case '.gopclntab':
            return "each function's record, pc-value tables, name and file entries";
        case '.rodata':
            return 'funcdata, type descriptors, itabs and string literals through the module data';
        default:
            return 'symbol table (.symtab)';
    }
}

;// CONCATENATED MODULE: ./src/elf/symtab.ts

const SYM_SIZE = 24;
const STT_OBJECT = 1;
const STT_FUNC = 2;
const STT_FILE = 4;
const STT_TLS = 6;
const SHN_LORESERVE = 0xff00;
const STB_LOCAL = 0;
/** Symbol tables beyond this are not read (the largest real ones are tens of MB). */
const MAX_SYMTAB_BYTES = 256 * 1024 * 1024;
/** Symbol names longer than this are cut (C++ and Go generics can be long, not this long). */
const MAX_SYMBOL_NAME = 4096;
/**
 * Parses ELF64 little-endian symbols from the raw `.symtab` and its string
 * table. Pure. Only sized functions and objects are kept; a name or section
 * index out of range gives '' rather than an error.
 */
function parseSymbols(table, strings, sections) {
    const out = [];
    let file = '';
    for (let at = 0; at + SYM_SIZE <= table.length; at += SYM_SIZE) {
        const info = table[at + 4];
        const type = info & 0xf;
        const bind = info >> 4;
        if (type === STT_FILE) {
            file = (0,reader/* cString */.ry)(strings, table.readUInt32LE(at), MAX_SYMBOL_NAME);
            continue;
        }
        if (type !== STT_FUNC && type !== STT_OBJECT && type !== STT_TLS)
            continue;
        const size = table.readBigUInt64LE(at + 16);
        if (size === 0n || size > BigInt(Number.MAX_SAFE_INTEGER))
            continue;
        const shndx = table.readUInt16LE(at + 6);
        const section = shndx < SHN_LORESERVE ? (sections[shndx]?.name ?? '') : '';
        out.push({
            name: (0,reader/* cString */.ry)(strings, table.readUInt32LE(at), MAX_SYMBOL_NAME),
            kind: type === STT_FUNC ? 'func' : 'object',
            size: Number(size),
            section,
            // Global symbols follow all locals; the last STT_FILE says nothing about them.
            file: bind === STB_LOCAL ? file : ''
        });
    }
    return out;
}
/** The symbols of `.symtab`, or null when the binary has none (stripped). */
async function readSymbols(elf) {
    const sections = await elf.sections();
    const symtab = sections.find((s) => s.name === '.symtab');
    if (!symtab)
        return null;
    const strtab = sections.find((s) => s.name === '.strtab');
    if (!strtab)
        throw new reader/* MalformedElfError */.HS('.symtab has no .strtab beside it');
    if (symtab.size > BigInt(MAX_SYMTAB_BYTES) || strtab.size > BigInt(MAX_SYMTAB_BYTES)) {
        throw new reader/* MalformedElfError */.HS(`the symbol table is larger than the ${MAX_SYMTAB_BYTES} read`);
    }
    const table = await elf.read(symtab.offset, Number(symtab.size), '.symtab');
    const strings = await elf.read(strtab.offset, Number(strtab.size), '.strtab');
    return parseSymbols(table, strings, sections);
}

;// CONCATENATED MODULE: ./src/elf/sizes.ts









/**
 * Where a binary's bytes are: sections, and for Go the packages and
 * modules their code (and, unstripped, their data) comes from. The pure
 * functions here take what the readers found; `attributeSizes` reads.
 */
/** Symbols listed for a non-Go binary. */
const TOP_SYMBOLS = 50;
function flagsText(flags) {
    return `${flags & reader/* PF_R */._3 ? 'r' : '-'}${flags & reader/* PF_W */.f1 ? 'w' : '-'}${flags & reader/* PF_X */._ ? 'x' : '-'}`;
}
/** Section sizes from section headers, or, without them, the loadable segments. */
function sectionSizes(sections, programHeaders) {
    const named = sections.filter((s) => s.name !== '' && s.type !== 0);
    if (named.length > 0) {
        return {
            layout: 'sections',
            sections: named.map((s) => ({
                name: s.name,
                size: s.type === reader/* SHT_NOBITS */.UB ? 0 : Number(s.size),
                memory: Number(s.size)
            }))
        };
    }
    const loads = programHeaders.filter((ph) => ph.type === reader/* PT_LOAD */.M);
    return {
        layout: 'segments',
        sections: loads.map((ph, i) => ({
            name: `LOAD #${i + 1} (${flagsText(ph.flags)})`,
            size: Number(ph.filesz),
            memory: Number(ph.memsz)
        }))
    };
}
/** The sum of a row's parts. */
function partsTotal(parts) {
    let sum = 0;
    for (const value of Object.values(parts))
        sum += value ?? 0;
    return sum;
}
/** Two sets of parts added, kind by kind. */
function addParts(a, b) {
    const out = { ...a };
    for (const [kind, value] of Object.entries(b)) {
        out[kind] = (out[kind] ?? 0) + value;
    }
    return out;
}
function bySize(a, b) {
    return b.bytes - a.bytes;
}
/** Packages summed by module; buckets stay out. */
function moduleSizes(packages, modules) {
    const byPath = new Map();
    for (const pkg of packages) {
        if (pkg.module === '')
            continue;
        const prev = byPath.get(pkg.module) ?? {
            path: pkg.module,
            version: modules.versionOf(pkg.module),
            bytes: 0,
            parts: {},
            packages: 0
        };
        const methods = prev.methods === undefined && pkg.methods === undefined
            ? {}
            : { methods: (prev.methods ?? 0) + (pkg.methods ?? 0) };
        byPath.set(pkg.module, {
            ...prev,
            bytes: prev.bytes + pkg.bytes,
            parts: addParts(prev.parts, pkg.parts),
            packages: prev.packages + 1,
            ...methods
        });
    }
    return [...byPath.values()].sort(bySize);
}
/** Whether a row is a named bucket rather than a package. */
function isBucket(name) {
    return name.startsWith('(');
}
/** Bytes of the file placed in packages and in buckets. */
function placedBytes(file, packages) {
    let inPackages = 0;
    let buckets = 0;
    for (const row of packages) {
        if (isBucket(row.name))
            buckets += row.bytes;
        else
            inPackages += row.bytes;
    }
    return { file, packages: inPackages, buckets };
}
/** The largest functions and objects of a symbol table, and the share of each section they cover. */
function symbolSizes(symbols, sections) {
    const sorted = [...symbols].sort((a, b) => b.size - a.size || a.name.localeCompare(b.name));
    const bySection = new Map();
    for (const sym of symbols)
        bySection.set(sym.section, (bySection.get(sym.section) ?? 0) + sym.size);
    const shares = {};
    for (const section of sections) {
        const attributed = bySection.get(section.name);
        if (attributed === undefined || section.size === 0)
            continue;
        shares[section.name] = {
            size: section.size,
            attributed: Math.min(attributed, section.size),
            how: 'symbol table (.symtab)'
        };
    }
    return {
        symbols: sorted
            .slice(0, TOP_SYMBOLS)
            .map(({ name, size, section, file }) => ({ name, size, section, file })),
        shares
    };
}
function sizeAdvice(facts) {
    const sum = (test) => facts.sections.filter((s) => test(s.name)).reduce((n, s) => n + s.size, 0);
    const symbols = sum((n) => n === '.symtab' || n === '.strtab');
    const dwarf = sum((n) => n.startsWith('.debug_') || n.startsWith('.zdebug_'));
    const advice = [];
    if (symbols > 0) {
        advice.push({
            id: 'strip-symbols',
            bytes: symbols,
            message: facts.go
                ? 'the symbol table (.symtab, .strtab) is in the binary: build with -ldflags="-s" to drop it'
                : 'the symbol table (.symtab, .strtab) is in the binary: link with -s or run strip to drop it'
        });
    }
    if (dwarf > 0) {
        advice.push({
            id: 'strip-dwarf',
            bytes: dwarf,
            message: facts.go
                ? 'DWARF debug information (.debug_*) is in the binary: build with -ldflags="-w" to drop it'
                : 'debug information (.debug_*) is in the binary: compile without -g or run strip --strip-debug'
        });
    }
    if (facts.go && facts.buildPaths !== null && facts.buildPaths.count > 0) {
        advice.push({
            id: 'trimpath',
            bytes: facts.buildPaths.bytes,
            message: `${facts.buildPaths.count} source file names carry the build machine's paths (e.g. ${facts.buildPaths.example}): build with -trimpath to shorten them and keep those paths out of the image`
        });
    }
    if (facts.tzdataBytes > 0) {
        advice.push({
            id: 'tzdata',
            bytes: facts.tzdataBytes,
            message: 'the time zone database is embedded (time/tzdata, or -tags timetzdata): drop it and add include: tzdata if only some images need zones'
        });
    }
    if (facts.glibc !== null) {
        advice.push({
            id: 'static-glibc',
            bytes: null,
            message: `linked statically against glibc (${facts.glibc.evidence}): link with musl-gcc -static instead. What that saves here needs a build to tell; static glibc brings a floor of about 660 KB (a stripped hello world: 682,696 bytes with glibc, 17,808 with musl, gcc 12 -Os) and loads NSS modules at run time`
        });
    }
    return advice.sort((a, b) => (b.bytes ?? 0) - (a.bytes ?? 0));
}
const EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const sizes_CHUNK = 1 << 20;
/**
 * Bytes of the zip that time/tzdata embeds, found through its end-of-central-
 * directory record in the read-only data: the zip starts `cd offset + cd size`
 * before that record. 0 when none is found.
 */
async function embeddedZipBytes(elf) {
    for (const [start, end] of await readOnlyDataRanges(elf)) {
        for (let pos = start; pos < end; pos += BigInt(sizes_CHUNK)) {
            const want = Number(end - pos < BigInt(sizes_CHUNK + 22) ? end - pos : BigInt(sizes_CHUNK + 22));
            const buf = await elf.src.read(pos, want);
            let i = buf.indexOf(EOCD);
            while (i !== -1 && i + 22 <= buf.length) {
                const cdSize = buf.readUInt32LE(i + 12);
                const cdOffset = buf.readUInt32LE(i + 16);
                const zipStart = pos + BigInt(i) - BigInt(cdSize) - BigInt(cdOffset);
                if (zipStart >= start && cdSize > 0) {
                    const head = await elf.src.read(zipStart, 4);
                    if (head.equals(LOCAL_HEADER))
                        return cdOffset + cdSize + 22 + buf.readUInt16LE(i + 20);
                }
                i = buf.indexOf(EOCD, i + 1);
            }
        }
    }
    return 0;
}
/** Strings only a static glibc carries. */
const GLIBC_STRINGS = ['GLIBC_PRIVATE', 'glibc.malloc.', '__libc_early_init'];
async function goFacts(elf) {
    try {
        const info = await (0,go_buildinfo/* readGoBuildInfo */.Tn)(elf);
        if (info.kind !== 'go')
            return null;
        return { path: info.info.path, settings: info.info.settings, modules: info.modules };
    }
    catch (error) {
        if (error instanceof reader/* MalformedElfError */.HS)
            return null;
        throw error;
    }
}
function withoutSymbols(error, notes, fallback) {
    if (!(error instanceof reader/* MalformedElfError */.HS))
        throw error;
    notes.push(`symbol table unreadable (${error.message}): symbols not attributed`);
    return fallback;
}
/**
 * Where the bytes of an ELF file (amd64 or arm64) are. Never throws for a damaged
 * file: what cannot be read becomes a note, and the rest is still reported.
 */
async function attributeSizes(elf) {
    const notes = [];
    const { layout, sections } = sectionSizes(await elf.sections(), elf.programHeaders);
    if (layout === 'segments') {
        notes.push('the binary has no section headers: sizes are by segment');
    }
    const symbols = await readSymbols(elf).catch((error) => withoutSymbols(error, notes, null));
    const go = await goFacts(elf);
    let table = null;
    let tab = null;
    try {
        tab = await findPclnTab(elf);
        if (tab)
            table = await readFuncTable(elf, tab);
        else if (go)
            notes.push('Go function table (.gopclntab) not found: code not attributed');
    }
    catch (error) {
        if (!(error instanceof reader/* MalformedElfError */.HS))
            throw error;
        notes.push(`Go function table damaged (${error.message}): attribution unavailable`);
    }
    const isGo = table !== null || go !== null;
    let packages = [];
    let modules = [];
    let topSymbols = [];
    let attributed = {};
    const mechanisms = [];
    if (table !== null && tab !== null) {
        const map = new go_names/* ModuleMap */.l4(go?.modules.main ?? null, go?.modules.deps ?? [], go?.path ?? '');
        const placed = await placeGo(elf, tab, table, symbols, map, go?.settings.CGO_ENABLED === '1');
        packages = placed.packages;
        modules = moduleSizes(packages, map);
        attributed = placed.shares;
        notes.push(...placed.notes);
        mechanisms.push(...placed.mechanisms);
        if (symbols !== null && go?.settings.CGO_ENABLED === '1') {
            // The C side of a cgo binary: its largest functions and objects, by the symbol table.
            const goNames = new Set(table.funcs.map((fn) => fn.name));
            const c = symbols.filter((sym) => !goNames.has(sym.name) && (0,go_names/* packageOf */.wg)(sym.name) === null && !/^(go|type)[:.]/.test(sym.name));
            topSymbols = symbolSizes(c, sections).symbols;
        }
    }
    else if (!isGo && symbols !== null) {
        const c = symbolSizes(symbols, sections);
        topSymbols = c.symbols;
        attributed = c.shares;
    }
    else if (!isGo) {
        notes.push('stripped binary without a Go function table: sections only');
    }
    const tzdata = packages.some((p) => p.name === 'time/tzdata') ? await embeddedZipBytes(elf) : 0;
    let glibc = null;
    if (!isGo) {
        const seen = await findStrings(elf, await readOnlyDataRanges(elf), GLIBC_STRINGS);
        if (seen.length > 0)
            glibc = { evidence: `strings ${seen.join(', ')}` };
    }
    const advice = sizeAdvice({
        go: isGo,
        sections,
        settings: go?.settings ?? {},
        buildPaths: go && go.settings['-trimpath'] !== 'true' ? (table?.buildPaths ?? null) : null,
        tzdataBytes: tzdata,
        glibc
    });
    return {
        layout,
        sections,
        packages,
        modules,
        symbols: topSymbols,
        attributed,
        advice,
        notes,
        mechanisms: [
            ...mechanisms,
            ...(tzdata > 0 ? [embeddedZoneMechanism(tzdata)] : []),
            ...[dwarfMechanism(sections)].filter((m) => m !== null)
        ],
        placed: placedBytes(Number(elf.src.size), packages)
    };
}

;// CONCATENATED MODULE: ./src/elf/inspect.ts








/** The Go facts and findings of an ELF file for the platform; only what the verdict did not already read. */
async function inspectElf(elf) {
    let go = null;
    let goNote = null;
    let knownGo = false;
    try {
        const info = await (0,go_buildinfo/* readGoBuildInfo */.Tn)(elf);
        if (info.kind === 'go')
            go = info.info;
        if (info.kind === 'unreadable')
            goNote = info.note;
        knownGo = info.kind !== 'not-go';
    }
    catch (error) {
        // The verdict already stands; damaged build info only costs us the Go facts.
        if (!(error instanceof reader/* MalformedElfError */.HS))
            throw error;
        goNote = `Go build info unreadable: ${error.message}`;
        knownGo = true;
    }
    let findings = [];
    try {
        findings = findingsFrom(await evidenceOf(elf, knownGo));
    }
    catch (error) {
        if (!(error instanceof reader/* MalformedElfError */.HS))
            throw error;
    }
    return { go, goNote, findings };
}
/** Size attribution, or null when the file is too damaged for even the section list. */
async function sizesOf(elf) {
    try {
        return await attributeSizes(elf);
    }
    catch (error) {
        if (error instanceof reader/* MalformedElfError */.HS)
            return null;
        throw error;
    }
}
function cannotRead(path, error) {
    const code = error?.code;
    switch (code) {
        case 'ENOENT':
            return new errors/* UserError */.y(`${path}: no such file; check the path of the binary.`);
        case 'EACCES':
        case 'EPERM':
            return new errors/* UserError */.y(`${path}: permission denied; the binary must be readable.`);
        case 'EISDIR':
            return new errors/* UserError */.y(`${path} is a directory, not a binary.`);
        default:
            return new errors/* UserError */.y(`${path}: cannot be read (${code ?? String(error)}).`);
    }
}
/**
 * Everything from-scratch learns about one binary: the verdict, then, for
 * ELF files for the platform, Go build info and run-time findings. Reads a few
 * headers and tables through positional reads, never the whole file.
 * A path that is not a readable regular file is a UserError. With
 * `sizes`, also where the bytes are (reads the function and symbol tables
 * whole: tens of milliseconds on a large binary, so only when asked).
 */
async function inspectBinary(path, options = {}) {
    const platform = options.platform ?? ground_platform/* DEFAULT_PLATFORM */.Er;
    const info = await (0,promises_.stat)(path).catch((error) => {
        throw cannotRead(path, error);
    });
    if (info.isDirectory())
        throw cannotRead(path, { code: 'EISDIR' });
    if (!info.isFile())
        throw new errors/* UserError */.y(`${path} is not a regular file (a device, socket or pipe?).`);
    const src = await (0,reader/* openFileSource */.Sd)(path).catch((error) => {
        throw cannotRead(path, error);
    });
    try {
        const { verdict, elf } = await judge(src, platform);
        const size = Number(src.size);
        if (!elf || elf.header.machine !== (0,ground_platform/* elfMachine */.xP)(platform)) {
            return { path, size, verdict, go: null, goNote: null, findings: [] };
        }
        const inspection = { path, size, verdict, ...(await inspectElf(elf)) };
        if (!options.sizes)
            return inspection;
        return { ...inspection, sizes: await sizesOf(elf) };
    }
    finally {
        await src.close();
    }
}
/**
 * Where the bytes of `path` are (see `inspectBinary`'s `sizes`), on its own:
 * the pipeline reads it while the image is built, when the main thread mostly
 * waits for docker, since cold it costs about 100 ms on a 5 MB Go binary.
 * Reads only the headers the attribution needs, not the findings again.
 */
async function binarySizes(path, platform) {
    const src = await (0,reader/* openFileSource */.Sd)(path).catch((error) => {
        throw cannotRead(path, error);
    });
    try {
        const { elf } = await judge(src, platform);
        return elf && elf.header.machine === (0,ground_platform/* elfMachine */.xP)(platform) ? await sizesOf(elf) : null;
    }
    finally {
        await src.close();
    }
}
/**
 * The platform a file says it is for: the one whose ELF machine it carries,
 * when a build can target it (a 64-bit little-endian ELF); else `fallback`,
 * against which it is then judged (and rejected, saying what it is).
 * `inspect` asks this, so that an arm64 binary gets its verdict and sizes
 * rather than "not an x86-64 executable". Never throws: a file that cannot
 * be read is `fallback`, and inspectBinary then says why it cannot be read.
 */
async function platformOfBinary(path, fallback = ground_platform/* DEFAULT_PLATFORM */.Er) {
    let src;
    try {
        src = await (0,reader/* openFileSource */.Sd)(path);
    }
    catch {
        return fallback;
    }
    try {
        const ident = await src.read(0n, 20);
        // EI_CLASS 2 (64-bit), EI_DATA 1 (little-endian): the only shape a platform here has.
        if (ident.length < 20 || !(0,reader/* hasElfMagic */.Nr)(ident) || ident[4] !== 2 || ident[5] !== 1) {
            return fallback;
        }
        return (0,ground_platform/* platformOfMachine */.qy)(ident.readUInt16LE(18)) ?? fallback;
    }
    catch {
        return fallback;
    }
    finally {
        await src.close();
    }
}


/***/ }),

/***/ 8946:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cm: () => (/* binding */ ET_DYN),
/* harmony export */   HS: () => (/* binding */ MalformedElfError),
/* harmony export */   M: () => (/* binding */ PT_LOAD),
/* harmony export */   Nr: () => (/* binding */ hasElfMagic),
/* harmony export */   SU: () => (/* binding */ PT_INTERP),
/* harmony export */   Sd: () => (/* binding */ openFileSource),
/* harmony export */   UB: () => (/* binding */ SHT_NOBITS),
/* harmony export */   _: () => (/* binding */ PF_X),
/* harmony export */   _3: () => (/* binding */ PF_R),
/* harmony export */   aW: () => (/* binding */ ET_EXEC),
/* harmony export */   f1: () => (/* binding */ PF_W),
/* harmony export */   lp: () => (/* binding */ PT_DYNAMIC),
/* harmony export */   ry: () => (/* binding */ cString),
/* harmony export */   wh: () => (/* binding */ ElfFile)
/* harmony export */ });
/* unused harmony exports bufferSource, readExact, parseElfHeader, parseProgramHeaders, segmentName */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);

/** The binary is not a well-formed ELF file: truncated, or offsets that point nowhere. */
class MalformedElfError extends Error {
    name = 'MalformedElfError';
}
/** A source over bytes already in memory (tests, fuzzing). */
function bufferSource(bytes) {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return {
        size: BigInt(buf.length),
        async read(offset, length) {
            if (offset >= BigInt(buf.length))
                return Buffer.alloc(0);
            const start = Number(offset);
            return buf.subarray(start, Math.min(buf.length, start + length));
        }
    };
}
async function openFileSource(path) {
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.open)(path, 'r');
    try {
        const stat = await handle.stat();
        if (!stat.isFile())
            throw new Error(`${path} is not a regular file`);
        const size = BigInt(stat.size);
        return {
            size,
            async read(offset, length) {
                if (offset >= size || length <= 0)
                    return Buffer.alloc(0);
                const want = Number(BigInt(length) < size - offset ? BigInt(length) : size - offset);
                const buf = Buffer.alloc(want);
                let got = 0;
                while (got < want) {
                    // Node 20 ignores a bigint position here and reads at the current file
                    // position instead; files are far below 2^53 bytes, so a number is exact.
                    const position = Number(offset) + got;
                    const { bytesRead } = await handle.read(buf, got, want - got, position);
                    if (bytesRead === 0)
                        break;
                    got += bytesRead;
                }
                return buf.subarray(0, got);
            },
            close: () => handle.close()
        };
    }
    catch (error) {
        await handle.close();
        throw error;
    }
}
/** Reads exactly `length` bytes or explains, in the error, what was cut off. */
async function readExact(src, offset, length, what) {
    if (offset < 0n || offset + BigInt(length) > src.size) {
        throw new MalformedElfError(`${what} lies at bytes ${offset}..${offset + BigInt(length)}, past the end of the ${src.size}-byte file (truncated?)`);
    }
    const buf = await src.read(offset, length);
    if (buf.length !== length) {
        throw new MalformedElfError(`${what}: short read at ${offset} (truncated?)`);
    }
    return buf;
}
const ET_EXEC = 2;
const ET_DYN = 3;
const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const PF_X = 1;
const PF_W = 2;
const PF_R = 4;
const SHT_NOBITS = 8;
const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
const EHDR64_SIZE = 64;
const PHDR64_SIZE = 56;
const SHDR64_SIZE = 64;
/** Section names are short; a longer read means a corrupt string table. */
const MAX_SECTION_NAME = 256;
function hasElfMagic(first) {
    return first.length >= 4 && Buffer.from(first.subarray(0, 4)).equals(ELF_MAGIC);
}
/** Parses the 64-byte ELF64 little-endian header. Other classes are the caller's to reject first. */
function parseElfHeader(bytes) {
    if (bytes.length < EHDR64_SIZE) {
        throw new MalformedElfError(`ELF header is ${bytes.length} bytes, needs ${EHDR64_SIZE} (truncated?)`);
    }
    return {
        type: bytes.readUInt16LE(16),
        machine: bytes.readUInt16LE(18),
        entry: bytes.readBigUInt64LE(24),
        phoff: bytes.readBigUInt64LE(32),
        shoff: bytes.readBigUInt64LE(40),
        phentsize: bytes.readUInt16LE(54),
        phnum: bytes.readUInt16LE(56),
        shentsize: bytes.readUInt16LE(58),
        shnum: bytes.readUInt16LE(60),
        shstrndx: bytes.readUInt16LE(62)
    };
}
function parseProgramHeaders(table, count, entsize) {
    const headers = [];
    for (let i = 0; i < count; i++) {
        const at = i * entsize;
        headers.push({
            type: table.readUInt32LE(at),
            flags: table.readUInt32LE(at + 4),
            offset: table.readBigUInt64LE(at + 8),
            vaddr: table.readBigUInt64LE(at + 16),
            filesz: table.readBigUInt64LE(at + 32),
            memsz: table.readBigUInt64LE(at + 40)
        });
    }
    return headers;
}
/**
 * An ELF64 little-endian file opened for positional reads. Program headers
 * are read eagerly (the verdict needs them); section headers only on demand,
 * and a file without them (stripped with e.g. `sstrip`) still works.
 */
class ElfFile {
    src;
    header;
    programHeaders;
    sectionsRead;
    constructor(src, header, programHeaders) {
        this.src = src;
        this.header = header;
        this.programHeaders = programHeaders;
    }
    static async open(src) {
        const header = parseElfHeader(await readExact(src, 0n, EHDR64_SIZE, 'ELF header'));
        if (header.phnum > 0 && header.phentsize < PHDR64_SIZE) {
            throw new MalformedElfError(`program header entries are ${header.phentsize} bytes, ELF64 needs ${PHDR64_SIZE}`);
        }
        const table = await readExact(src, header.phoff, header.phnum * header.phentsize, `program header table (${header.phnum} entries)`);
        const programHeaders = parseProgramHeaders(table, header.phnum, header.phentsize);
        programHeaders.forEach((ph, i) => {
            if (ph.type === PT_LOAD || ph.type === PT_INTERP || ph.type === PT_DYNAMIC) {
                if (ph.offset + ph.filesz > src.size) {
                    throw new MalformedElfError(`segment ${i} (${segmentName(ph.type)}) ends at byte ${ph.offset + ph.filesz}, past the end of the ${src.size}-byte file (truncated?)`);
                }
            }
        });
        return new ElfFile(src, header, programHeaders);
    }
    /** Bytes of the file; throws MalformedElfError when they are not all there. */
    read(offset, length, what) {
        return readExact(this.src, offset, length, what);
    }
    /** The file bytes of a segment (only what is in the file, not the zero-filled tail). */
    segmentBytes(ph, what) {
        return this.read(ph.offset, Number(ph.filesz), what);
    }
    /** Maps a virtual address to a file offset through the PT_LOAD segments. */
    offsetOfAddress(vaddr) {
        for (const ph of this.programHeaders) {
            if (ph.type === PT_LOAD && vaddr >= ph.vaddr && vaddr < ph.vaddr + ph.filesz) {
                return ph.offset + (vaddr - ph.vaddr);
            }
        }
        return undefined;
    }
    /**
     * Section headers with their names, or an empty list when the file has
     * none or they do not fit in the file (section headers are optional for
     * running a program, so their absence or damage is not fatal).
     */
    sections() {
        this.sectionsRead ??= this.readSections().catch((error) => {
            if (error instanceof MalformedElfError)
                return [];
            throw error;
        });
        return this.sectionsRead;
    }
    async section(name) {
        return (await this.sections()).find((s) => s.name === name);
    }
    async readSections() {
        const { shoff, shnum, shentsize, shstrndx } = this.header;
        if (shoff === 0n || shnum === 0 || shentsize < SHDR64_SIZE || shstrndx >= shnum)
            return [];
        const table = await this.read(shoff, shnum * shentsize, 'section header table');
        const raw = [];
        for (let i = 0; i < shnum; i++) {
            const at = i * shentsize;
            raw.push({
                nameOffset: table.readUInt32LE(at),
                type: table.readUInt32LE(at + 4),
                flags: table.readBigUInt64LE(at + 8),
                addr: table.readBigUInt64LE(at + 16),
                offset: table.readBigUInt64LE(at + 24),
                size: table.readBigUInt64LE(at + 32)
            });
        }
        const strtab = raw[shstrndx];
        if (!strtab || strtab.size > 1n << 20n)
            return [];
        const names = await this.read(strtab.offset, Number(strtab.size), 'section name table');
        return raw.map(({ nameOffset, ...rest }) => ({ ...rest, name: cString(names, nameOffset) }));
    }
}
/** A NUL-terminated string at `at`, or '' when `at` is out of range. */
function cString(buf, at, max = MAX_SECTION_NAME) {
    if (at < 0 || at >= buf.length)
        return '';
    const end = buf.indexOf(0, at);
    const stop = end === -1 ? buf.length : end;
    return buf.toString('latin1', at, Math.min(stop, at + max));
}
function segmentName(type) {
    switch (type) {
        case PT_LOAD:
            return 'PT_LOAD';
        case PT_DYNAMIC:
            return 'PT_DYNAMIC';
        case PT_INTERP:
            return 'PT_INTERP';
        default:
            return `type 0x${type.toString(16)}`;
    }
}


/***/ }),

/***/ 8727:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ childEnv)
/* harmony export */ });
/* unused harmony export isWithheld */
/**
 * The environment a child program (build-command, go, gcc, docker, git)
 * inherits. Repository content runs in those children (a Makefile, a go
 * generate, a compiler plugin), so nothing that can act as the workflow may
 * reach them: the action's inputs (`INPUT_*`, including `github-token`), the
 * runner's service tokens and URLs (`ACTIONS_*`) and `GITHUB_TOKEN`.
 * Everything else stays: HOME, PATH, DOCKER_CONFIG, proxies, GO*, CC/CFLAGS
 * and whatever the workflow author put into `env:` on purpose.
 *
 * The in-process cache client reads `ACTIONS_*` from our own process.env,
 * which this never changes.
 */
/** Names a child never sees, whatever their case (Windows environments ignore case). */
const DROPPED_PREFIXES = ['INPUT_', 'ACTIONS_'];
const DROPPED_NAMES = ['GITHUB_TOKEN'];
/** True when a variable of this name must not reach a child program. */
function isWithheld(name) {
    const upper = name.toUpperCase();
    return (DROPPED_PREFIXES.some((prefix) => upper.startsWith(prefix)) || DROPPED_NAMES.includes(upper));
}
/**
 * The inherited environment minus what is withheld, plus `extra` (set by
 * from-scratch itself, e.g. `CC`, `GOOS`), which wins. Pure.
 */
function childEnv(inherited, extra = {}) {
    const env = {};
    for (const [name, value] of Object.entries(inherited)) {
        if (value !== undefined && !isWithheld(name))
            env[name] = value;
    }
    return { ...env, ...extra };
}


/***/ }),

/***/ 4040:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ didYouMean),
/* harmony export */   k: () => (/* binding */ closest)
/* harmony export */ });
/**
 * The candidate a mistyped word most likely meant: the nearest by edit
 * distance (a swap of two neighbours counts as one edit, as in `buidler`),
 * within a third of the word's length, or null when none is that close. Pure.
 */
function closest(word, candidates) {
    const limit = Math.max(1, Math.floor(word.length / 3));
    let best = null;
    let bestDistance = limit + 1;
    for (const candidate of candidates) {
        // Long words cost quadratic time; nobody mistypes a flag by 64 characters.
        if (Math.abs(candidate.length - word.length) > limit || word.length > 64)
            continue;
        const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}
/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function editDistance(a, b) {
    const rows = [Array.from({ length: b.length + 1 }, (_, j) => j)];
    for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let value = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                value = Math.min(value, rows[i - 2][j - 2] + 1);
            }
            row.push(value);
        }
        rows.push(row);
    }
    return rows[a.length][b.length];
}
/** ` Did you mean X?` for a message, or '' when nothing is close. */
function didYouMean(word, candidates, show = (s) => s) {
    const match = closest(word, candidates);
    return match === null ? '' : ` Did you mean ${show(match)}?`;
}


/***/ }),

/***/ 6288:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ messageOf),
/* harmony export */   y: () => (/* binding */ UserError)
/* harmony export */ });
/**
 * An error whose message is meant for the person running the action: it says
 * what happened and what to do. Anything else that escapes a stage is a bug
 * in from-scratch and is reported as one.
 */
class UserError extends Error {
    details;
    name = 'UserError';
    constructor(message, 
    /** Extra lines (tool output, evidence) shown below the message. */
    details = []) {
        super(message);
        this.details = details;
    }
}
/** Text of any thrown value, without a stack. */
function messageOf(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
}


/***/ }),

/***/ 7242:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Vi: () => (/* binding */ systemExec),
/* harmony export */   oo: () => (/* binding */ ProgramNotFoundError)
/* harmony export */ });
/* unused harmony exports OUTPUT_KEPT_BYTES, KILL_GRACE_MS, PIPE_CLOSE_GRACE_MS, OutputTail, terminate, feedInput, runInGroup, whichProgram */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6193);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_string_decoder__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _child_env_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8727);
/* harmony import */ var _log_safety_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4620);
/* harmony import */ var _on_first_use_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(275);








const childProcess = (0,_on_first_use_js__WEBPACK_IMPORTED_MODULE_6__/* .onFirstUse */ .V)('node:child_process');
/** The program itself could not be started (usually: not installed). */
class ProgramNotFoundError extends Error {
    program;
    name = 'ProgramNotFoundError';
    constructor(program) {
        super(`${program}: not found on PATH`);
        this.program = program;
    }
}
/** How much of each output stream a result keeps in memory; the log gets all of it. */
const OUTPUT_KEPT_BYTES = 4 * 1024 * 1024;
/** Between SIGTERM (a build tool passes it to its children) and SIGKILL. */
const KILL_GRACE_MS = 5_000;
/**
 * How long output pipes may stay open after the program exited: its last
 * output is in flight for milliseconds; a leftover grandchild holding them
 * is killed after this.
 */
const PIPE_CLOSE_GRACE_MS = 2_000;
/** The last `limit` bytes of a stream, in memory; earlier chunks are dropped as new ones come. */
class OutputTail {
    limit;
    chunks = [];
    size = 0;
    dropped = false;
    constructor(limit = OUTPUT_KEPT_BYTES) {
        this.limit = limit;
    }
    push(chunk) {
        this.chunks.push(chunk);
        this.size += chunk.length;
        while (this.chunks.length > 1 && this.size - this.chunks[0].length >= this.limit) {
            this.size -= this.chunks[0].length;
            this.chunks.shift();
            this.dropped = true;
        }
    }
    /** The kept text; when the start was dropped, it begins at a whole line after a note saying so. */
    text() {
        const all = Buffer.concat(this.chunks);
        if (!this.dropped && all.length <= this.limit)
            return all.toString('utf8');
        const kept = all.subarray(all.length - this.limit).toString('utf8');
        const newline = kept.indexOf('\n');
        const whole = newline >= 0 && newline < kept.length - 1 ? kept.slice(newline + 1) : kept;
        return `[… earlier output not kept; the log has all of it]\n${whole}`;
    }
}
/** SIGTERM now and SIGKILL after the grace period unless it exited; returns a cancel. */
function terminate(kill) {
    kill('SIGTERM');
    const hard = setTimeout(() => kill('SIGKILL'), KILL_GRACE_MS);
    hard.unref();
    return () => clearTimeout(hard);
}
/** Writes to a terminal stream with control bytes escaped; UTF-8 split across chunks stays whole. */
function terminalEcho(stream) {
    const decoders = { stdout: new node_string_decoder__WEBPACK_IMPORTED_MODULE_4__.StringDecoder('utf8'), stderr: new node_string_decoder__WEBPACK_IMPORTED_MODULE_4__.StringDecoder('utf8') };
    return (chunk, from) => {
        stream.write((0,_log_safety_js__WEBPACK_IMPORTED_MODULE_5__/* .escapeControl */ .hN)(decoders[from].write(chunk)));
    };
}
/** Gives a program its input (see ExecOptions.input); never throws, since the program may stop reading. */
function feedInput(stdin, input) {
    if (typeof input === 'object')
        (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_3__.pipeline)(input, stdin).catch(() => undefined);
    else
        stdin.end(input ?? '');
}
/**
 * A program and everything it starts: it runs as the leader of a process
 * group (a session) of its own, so a signal to the group reaches the
 * grandchildren a build leaves behind (`(sleep 60; echo …) &`), which a
 * signal to the program alone never does.
 */
class ProcessGroup {
    child;
    constructor(child) {
        this.child = child;
    }
    kill(signal) {
        const pid = this.child.pid;
        if (pid === undefined)
            return;
        try {
            process.kill(-pid, signal);
        }
        catch (error) {
            // ESRCH: nobody is left in the group. Anything else: at least the program itself.
            if (error.code !== 'ESRCH')
                this.child.kill(signal);
        }
    }
}
/*
 * Groups still running. A detached group does not get the terminal's Ctrl-C
 * or the runner's cancel (they go to our own group), so we pass them on
 * before going down the default way; and a process exit kills what is left.
 */
const live = new Set();
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/**
 * Passes the signal on, then lets each run end the way it ends anyway (what
 * ignored the signal, like a shell's background job ignores SIGINT, is killed
 * with its group) for at most PIPE_CLOSE_GRACE_MS and a second, before the
 * signal does to us what it would have done. A second signal meanwhile acts
 * at once: ours are no longer listening.
 */
function forward(signal) {
    for (const name of FORWARDED)
        process.removeListener(name, forward);
    for (const group of live)
        group.kill(signal);
    const end = () => {
        clearInterval(poll);
        clearTimeout(deadline);
        killAllOnExit();
        if (process.listenerCount(signal) === 0)
            process.kill(process.pid, signal);
    };
    const poll = setInterval(() => {
        if (live.size === 0)
            end();
    }, 50);
    const deadline = setTimeout(end, PIPE_CLOSE_GRACE_MS + 1_000);
}
function killAllOnExit() {
    for (const group of live)
        group.kill('SIGKILL');
}
function track(group) {
    if (live.size === 0) {
        for (const name of FORWARDED)
            process.on(name, forward);
        process.on('exit', killAllOnExit);
    }
    live.add(group);
    return () => {
        if (!live.delete(group) || live.size > 0)
            return;
        for (const name of FORWARDED)
            process.removeListener(name, forward);
        process.removeListener('exit', killAllOnExit);
    };
}
/**
 * Runs one program in a process group of its own, with its output kept (the
 * tail) and echoed, and settles only when nothing of it can print any more:
 * - on timeout the whole group gets SIGTERM, then SIGKILL;
 * - once the program exits, what is left of its group gets SIGKILL as soon as
 *   the output pipes close, or after PIPE_CLOSE_GRACE_MS if a leftover holds
 *   them (its pipes are then closed on our side).
 * So no grandchild outlives the build, and none prints after the result:
 * the action resumes workflow commands only then.
 */
function runInGroup(file, args, options, echo) {
    return new Promise((resolve, reject) => {
        const child = childProcess().spawn(file, [...args], {
            cwd: options.cwd,
            env: (0,_child_env_js__WEBPACK_IMPORTED_MODULE_7__/* .childEnv */ .g)(process.env, options.env),
            shell: false,
            stdio: ['pipe', 'pipe', 'pipe'],
            detached: true
        });
        const group = new ProcessGroup(child);
        const untrack = track(group);
        const out = new OutputTail();
        const err = new OutputTail();
        let timedOut = false;
        let cancelKill;
        let pipeTimer;
        let exit = null;
        let settled = false;
        const timer = options.timeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                timedOut = true;
                cancelKill = terminate((signal) => group.kill(signal));
            }, options.timeoutMs);
        const stop = () => {
            settled = true;
            if (timer)
                clearTimeout(timer);
            if (pipeTimer)
                clearTimeout(pipeTimer);
            cancelKill?.();
            untrack();
        };
        const finish = () => {
            if (settled)
                return;
            // Whatever is left of the group (a grandchild that let go of the pipes) goes too.
            group.kill('SIGKILL');
            child.stdout.destroy();
            child.stderr.destroy();
            stop();
            const { code, signal } = exit ?? { code: null, signal: null };
            resolve({
                exitCode: code ?? (signal ? 128 : 1),
                stdout: out.text(),
                stderr: err.text(),
                timedOut
            });
        };
        const take = (tail, stream) => (chunk) => {
            if (settled)
                return;
            tail.push(chunk);
            const behind = echo?.(chunk, stream);
            if (behind === undefined)
                return;
            child.stdout.pause();
            child.stderr.pause();
            void behind.then(() => {
                child.stdout.resume();
                child.stderr.resume();
            });
        };
        child.stdout.on('data', take(out, 'stdout'));
        child.stderr.on('data', take(err, 'stderr'));
        child.on('error', (error) => {
            if (settled)
                return;
            stop();
            if (error.code === 'ENOENT')
                reject(new ProgramNotFoundError(file));
            else
                reject(error);
        });
        child.on('exit', (code, signal) => {
            exit = { code, signal };
            // A grandchild that outlives the program may keep the pipes open: not for long.
            pipeTimer = setTimeout(finish, PIPE_CLOSE_GRACE_MS);
        });
        child.on('close', finish);
        child.stdin.on('error', () => {
            // The program may exit without reading its input; that is not our failure.
        });
        feedInput(child.stdin, options.input);
    });
}
/**
 * Where `file` is, found the way the program will be started: a path with a
 * slash as it is (from `cwd`), a bare name on `PATH`. Throws
 * ProgramNotFoundError when there is no executable file there.
 */
async function whichProgram(file, path, cwd) {
    const executable = async (candidate) => {
        try {
            await access(candidate, constants.X_OK);
            return (await stat(candidate)).isFile();
        }
        catch {
            return false;
        }
    };
    const base = cwd ?? process.cwd();
    if (file.includes('/')) {
        const candidate = isAbsolute(file) ? file : resolvePath(base, file);
        if (await executable(candidate))
            return candidate;
        throw new ProgramNotFoundError(file);
    }
    for (const dir of path.split(delimiter)) {
        const candidate = join(dir === '' ? base : resolvePath(base, dir), file);
        if (await executable(candidate))
            return candidate;
    }
    throw new ProgramNotFoundError(file);
}
/**
 * Runs programs with node's child_process: the terminal's adapter (and the
 * tests'). Output echoes to stderr, so that stdout holds only the report.
 */
const systemExec = {
    run(file, args, options = {}) {
        return runInGroup(file, args, options, options.echo ? terminalEcho(process.stderr) : undefined);
    }
};


/***/ }),

/***/ 3985:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ gitContextFromEnv),
/* harmony export */   b: () => (/* binding */ commitTime)
/* harmony export */ });
/** The git context from the runner's environment (empty strings in a terminal). */
function gitContextFromEnv(env, payload) {
    const ref = env.GITHUB_REF ?? '';
    const fromRef = /^refs\/pull\/(\d+)\//.exec(ref);
    const prNumber = payload.pull_request?.number ?? (fromRef ? Number(fromRef[1]) : (payload.number ?? null));
    return {
        ref,
        sha: env.GITHUB_SHA ?? '',
        eventName: env.GITHUB_EVENT_NAME ?? '',
        prNumber,
        repository: env.GITHUB_REPOSITORY ?? '',
        serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
        defaultBranch: payload.repository?.default_branch ?? '',
        baseRef: env.GITHUB_BASE_REF ?? '',
        baseSha: payload.pull_request?.base?.sha ?? ''
    };
}
/**
 * Seconds of the last commit in `dir`, so identical sources give identical
 * layers; 0 (1970) outside a git checkout, which is just as reproducible.
 */
async function commitTime(exec, dir) {
    try {
        const result = await exec.run('git', ['log', '-1', '--format=%ct'], { cwd: dir });
        const seconds = Number(result.stdout.trim());
        return result.exitCode === 0 && Number.isInteger(seconds) && seconds > 0 ? seconds : 0;
    }
    catch {
        return 0;
    }
}


/***/ }),

/***/ 1309:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E1: () => (/* binding */ parseList),
/* harmony export */   E9: () => (/* binding */ parseDuration),
/* harmony export */   G$: () => (/* binding */ DEFAULT_BUILD_TIMEOUT_MS),
/* harmony export */   HU: () => (/* binding */ parseChoice),
/* harmony export */   Li: () => (/* binding */ parseLines),
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   yG: () => (/* binding */ parseBoolean)
/* harmony export */ });
/* harmony import */ var _did_you_mean_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4040);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6288);


/** Newline- or comma-separated, as docker/build-push-action reads `tags`; blanks dropped. */
function parseList(value) {
    return value
        .split(/[\n,]/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
}
/** Newline-separated only: for values that may themselves hold commas (labels, files). */
function parseLines(value) {
    return value
        .split('\n')
        .map((item) => item.trim())
        .filter((item) => item !== '');
}
const TRUE_WORDS = ['true', 'True', 'TRUE'];
const FALSE_WORDS = ['false', 'False', 'FALSE'];
/** The YAML 1.2 core booleans, as @actions/core accepts them, with an error naming the input. */
function parseBoolean(name, value) {
    if (TRUE_WORDS.includes(value))
        return true;
    if (FALSE_WORDS.includes(value))
        return false;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`Input \`${name}\` is "${value}", but it must be \`true\` or \`false\`.`);
}
function parseChoice(name, value, choices) {
    const found = choices.find((choice) => choice === value);
    if (found === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`Input \`${name}\` is "${value}", but it must be one of: ${choices.map((c) => `\`${c}\``).join(', ')}.` +
            (0,_did_you_mean_js__WEBPACK_IMPORTED_MODULE_1__/* .didYouMean */ .a)(value, choices, (c) => `\`${c}\``));
    }
    return found;
}
/** `build-timeout`'s default: generous, since a cold build of a large C project takes a while. */
const DEFAULT_BUILD_TIMEOUT_MS = 30 * 60_000;
const DURATION_UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/**
 * A duration as people write it in workflows: `90s`, `10m`, `1h`, `1h30m`,
 * `1.5h`, `500ms`. A unit is required: a bare `30` could mean seconds or
 * minutes. Returns milliseconds; the error names the input.
 */
function parseDuration(name, value) {
    const text = value.trim();
    const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
    let total = 0;
    let end = 0;
    for (let m = part.exec(text); m !== null; m = part.exec(text)) {
        total += Number(m[1]) * DURATION_UNITS[m[2]];
        end = part.lastIndex;
    }
    if (text === '' || end !== text.length || !(total > 0) || !Number.isFinite(total)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`Input \`${name}\` is "${value}", but it must be a duration with a unit, such as \`90s\`, \`10m\`, \`1h\` or \`1h30m\`.`);
    }
    return Math.round(total);
}
/** Milliseconds as the shortest duration text parseDuration reads back: `90s` → `1m30s`. */
function formatDuration(ms) {
    if (ms < 1000)
        return `${ms}ms`;
    const parts = [];
    let rest = Math.round(ms / 1000);
    for (const [unit, seconds] of [
        ['h', 3600],
        ['m', 60],
        ['s', 1]
    ]) {
        const count = Math.floor(rest / seconds);
        if (count > 0)
            parts.push(`${count}${unit}`);
        rest -= count * seconds;
    }
    return parts.join('');
}


/***/ }),

/***/ 4620:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Kw: () => (/* binding */ neutralizeCommands),
/* harmony export */   hN: () => (/* binding */ escapeControl)
/* harmony export */ });
/* unused harmony exports isWorkflowCommand, stopCommandsToken, stopCommandsLine, resumeCommandsLine */
/* harmony import */ var _on_first_use_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(275);

const crypto = (0,_on_first_use_js__WEBPACK_IMPORTED_MODULE_0__/* .onFirstUse */ .V)('node:crypto');
/**
 * Untrusted text (compiler output, strings from a binary, file names) in the
 * job log and the terminal. Pure.
 *
 * The runner reads every line of a step's stdout and stderr for workflow
 * commands: `::name::data` when the line starts with `::` after leading
 * blanks, and the legacy `##[name]data` anywhere in a line. Lines are split
 * at `\n`, `\r\n` and a lone `\r`.
 */
/** Blanks the runner strips before looking for `::` (.NET TrimStart), and more to be safe. */
const LEADING = /^[\s\p{Z}\p{Cc}\u200b-\u200f\u2060\ufeff]*/u;
/**
 * The text with no line that the runner would take as a command: a line that
 * would start with `::` gets a `\` in front, and `##[` becomes `##\[`.
 * Lines that are no commands stay as they were.
 */
function neutralizeCommands(text) {
    return text
        .split(/(\r\n|\r|\n)/)
        .map((part) => {
        if (part === '\n' || part === '\r' || part === '\r\n')
            return part;
        const blanks = LEADING.exec(part)?.[0] ?? '';
        const line = part.slice(blanks.length).startsWith('::') ? `\\${part}` : part;
        return line.replace(/##\[/g, '##\\[');
    })
        .join('');
}
/** True when a line is a workflow command as the runner reads it (what the tests check). */
function isWorkflowCommand(line) {
    const blanks = LEADING.exec(line)?.[0] ?? '';
    return line.slice(blanks.length).startsWith('::') || line.includes('##[');
}
/**
 * A fresh token for `::stop-commands::<token>`: while it is active the runner
 * takes nothing as a command except `::<token>::`, which resumes. Random, so
 * output cannot guess it.
 */
function stopCommandsToken() {
    return `from-scratch-${crypto().randomBytes(16).toString('hex')}`;
}
function stopCommandsLine(token) {
    return `::stop-commands::${token}`;
}
function resumeCommandsLine(token) {
    return `::${token}::`;
}
/**
 * C0 and C1 control characters (ESC, BEL, backspace, a lone CR…), DEL and the
 * bidirectional overrides as visible `\xNN`/`\uNNNN` escapes, so that text
 * printed to a terminal cannot move the cursor, recolour, retitle or reorder
 * what is shown. Tabs and newlines (also `\r\n`) stay.
 */
function escapeControl(text) {
    return text.replace(
    // eslint-disable-next-line no-control-regex
    /\r(?!\n)|[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (char) => {
        const code = char.charCodeAt(0);
        return code <= 0xff
            ? `\\x${code.toString(16).padStart(2, '0')}`
            : `\\u${code.toString(16).padStart(4, '0')}`;
    });
}


/***/ }),

/***/ 275:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ onFirstUse)
/* harmony export */ });
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8995);
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_module__WEBPACK_IMPORTED_MODULE_0__);

const load = (0,node_module__WEBPACK_IMPORTED_MODULE_0__.createRequire)(import.meta.url);
/**
 * A node built-in, loaded the first time it is asked for. Built-ins outside
 * node's start-up snapshot cost about 10 ms each to load (child_process and
 * crypto, measured with --cpu-prof): `inspect` runs no program and hashes
 * nothing, so it should not pay for them at start.
 */
function onFirstUse(id) {
    let module;
    return () => (module ??= load(id));
}


/***/ }),

/***/ 1996:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $r: () => (/* binding */ platformName),
/* harmony export */   Aq: () => (/* binding */ goEnv),
/* harmony export */   Er: () => (/* binding */ DEFAULT_PLATFORM),
/* harmony export */   F7: () => (/* binding */ PLATFORM_MACHINE_NAMES),
/* harmony export */   Fx: () => (/* binding */ hostIs),
/* harmony export */   PA: () => (/* binding */ KNOWN_PLATFORMS),
/* harmony export */   _2: () => (/* binding */ debianArch),
/* harmony export */   _n: () => (/* binding */ LINUX_AMD64),
/* harmony export */   ab: () => (/* binding */ cpuName),
/* harmony export */   cM: () => (/* binding */ entryIsFor),
/* harmony export */   e$: () => (/* binding */ LINUX_ARM64),
/* harmony export */   mc: () => (/* binding */ platformOfName),
/* harmony export */   ol: () => (/* binding */ hostPlatform),
/* harmony export */   qy: () => (/* binding */ platformOfMachine),
/* harmony export */   vB: () => (/* binding */ goEnvText),
/* harmony export */   vs: () => (/* binding */ gnuTriple),
/* harmony export */   wl: () => (/* binding */ debianCrossPackage),
/* harmony export */   xP: () => (/* binding */ elfMachine)
/* harmony export */ });
/* unused harmony exports EM_X86_64, EM_AARCH64 */
/** ELF e_machine of x86-64. */
const EM_X86_64 = 62;
/** ELF e_machine of AArch64. */
const EM_AARCH64 = 183;
const LINUX_AMD64 = { os: 'linux', architecture: 'amd64', variant: null };
/**
 * Without a variant, as `--platform linux/arm64` and ko write it: v8 is the only
 * arm64 variant a node asks for, and an entry without one matches it.
 */
const LINUX_ARM64 = { os: 'linux', architecture: 'arm64', variant: null };
const KNOWN = [
    {
        platform: LINUX_AMD64,
        elfMachine: EM_X86_64,
        cpu: 'x86-64',
        gnuCpu: 'x86_64',
        nodeArch: 'x64',
        aliases: []
    },
    {
        platform: LINUX_ARM64,
        elfMachine: EM_AARCH64,
        cpu: 'AArch64',
        gnuCpu: 'aarch64',
        nodeArch: 'arm64',
        // v8 is arm64's only variant, so buildx and ko treat the two spellings as one.
        aliases: ['linux/arm64/v8']
    }
];
/** Every platform a build can target, in the order the docs list them. */
const KNOWN_PLATFORMS = KNOWN.map((known) => known.platform);
/** The platform every build targets until the settings can name another. */
const DEFAULT_PLATFORM = LINUX_AMD64;
function same(a, b) {
    return a.os === b.os && a.architecture === b.architecture && a.variant === b.variant;
}
function factsOf(platform) {
    const facts = KNOWN.find((known) => same(known.platform, platform));
    if (facts === undefined)
        throw new Error(`no facts for platform ${platformName(platform)}`);
    return facts;
}
/** `linux/amd64`, or `linux/arm64/v8` with a variant: what buildx --platform and people read. */
function platformName(platform) {
    const { os, architecture, variant } = platform;
    return variant === null ? `${os}/${architecture}` : `${os}/${architecture}/${variant}`;
}
/**
 * The platform a `platforms` entry names (`linux/arm64`, or `linux/arm64/v8`
 * for the same), compared without regard to case; null for one no build targets.
 */
function platformOfName(name) {
    const wanted = name.trim().toLowerCase();
    return (KNOWN.find((known) => platformName(known.platform) === wanted || known.aliases.includes(wanted))
        ?.platform ?? null);
}
/** The ELF e_machine a binary for `platform` must carry. */
function elfMachine(platform) {
    return factsOf(platform).elfMachine;
}
/** The CPU in prose: `x86-64`. */
function cpuName(platform) {
    return factsOf(platform).cpu;
}
/** GOOS and GOARCH for `go build`. */
function goEnv(platform) {
    return { GOOS: platform.os, GOARCH: platform.architecture };
}
/** `GOOS=linux GOARCH=amd64`, as a user would type it. */
function goEnvText(platform) {
    const env = goEnv(platform);
    return `GOOS=${env.GOOS} GOARCH=${env.GOARCH}`;
}
/** A GNU target triple: `x86_64-linux-musl`, `x86_64-linux-gnu`. */
function gnuTriple(platform, libc) {
    return `${factsOf(platform).gnuCpu}-${platform.os}-${libc}`;
}
/** Debian's package of the glibc cross compiler for `platform`: `gcc-x86-64-linux-gnu`. */
function debianCrossPackage(platform) {
    return `gcc-${gnuTriple(platform, 'gnu').replace(/_/g, '-')}`;
}
/**
 * Debian's name for the platform's architecture, as in `musl-dev:arm64`: the
 * same word as GOARCH's for every platform a build targets.
 */
function debianArch(platform) {
    return factsOf(platform).platform.architecture;
}
/** Whether a host (node's process.platform and process.arch) builds for `platform` with its own compiler. */
function hostIs(platform, host) {
    return host.platform === platform.os && host.arch === factsOf(platform).nodeArch;
}
/** Whether an index entry's platform is `platform`; an entry without a variant matches any. */
function entryIsFor(entry, platform) {
    return entry.os === platform.os && entry.architecture === platform.architecture;
}
/** The platform whose binaries carry ELF machine `machine`; null for any other machine. */
function platformOfMachine(machine) {
    return KNOWN.find((known) => known.elfMachine === machine)?.platform ?? null;
}
/** The platform node runs on, when it is one a build can target; null elsewhere (macOS, Windows, other CPUs). */
function hostPlatform(host) {
    return KNOWN.find((known) => hostIs(known.platform, host))?.platform ?? null;
}
/** Names of the platforms' ELF machines by class and byte order, for describing any binary. */
const PLATFORM_MACHINE_NAMES = {
    [EM_X86_64]: (bits, littleEndian) => {
        if (bits === 32)
            return 'x32 (x86-64 with 32-bit pointers)';
        return littleEndian ? 'amd64 (x86-64)' : 'amd64 (x86-64, big-endian?)';
    },
    [EM_AARCH64]: (bits) => (bits === 32 ? 'arm64 ILP32 (aarch64)' : 'arm64 (aarch64)')
};


/***/ }),

/***/ 6826:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TB: () => (/* binding */ showCommand),
/* harmony export */   ry: () => (/* binding */ splitList),
/* harmony export */   tm: () => (/* binding */ ANY_ENV),
/* harmony export */   yM: () => (/* binding */ splitWords)
/* harmony export */ });
/* harmony import */ var _input_parse_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1309);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6288);


// We never hand a user string to a shell, so anything a shell would act on
// (several commands, pipes, redirections, substitutions, variables) would
// silently mean something else here. Reject it and say where it belongs;
// only `$NAME`/`${NAME}` are expanded, where the caller gives the environment.
const OPERATORS = ['&&', '||', '>>', '|', ';', '>', '<', '&', '`', '(', ')'];
/** Characters a shell would glob with, unquoted; without a shell they would stay literal. */
const GLOB = ['*', '?', '['];
function rejected(what, operator) {
    const shown = operator === '\n' ? 'a line break' : `\`${operator}\``;
    const glob = GLOB.includes(operator) ? ' (an unquoted glob; quote it to pass it as it is)' : '';
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${what}: ${shown}${glob} needs a shell, and from-scratch runs ${what} without one. ` +
        'Put the commands in a script (e.g. build.sh, committed as executable) and set ' +
        `${what} to call it, e.g. \`./build.sh\`.`);
}
/**
 * `$NAME` or `${NAME}` at `i` (i at the `$`): the name and how many characters
 * it takes, or null for `$` that starts nothing (a lone `$` stays literal).
 * Anything else after `$` (`$(`, `$1`, `${NAME:-x}`) is what a shell would do
 * and we would not: a UserError.
 */
function variableAt(input, i, what) {
    const rest = input.slice(i);
    const plain = /^\$([A-Za-z_]\w*)/.exec(rest);
    if (plain)
        return { name: plain[1], length: plain[0].length };
    const braced = /^\$\{([A-Za-z_]\w*)\}/.exec(rest);
    if (braced)
        return { name: braced[1], length: braced[0].length };
    const next = rest[1] ?? '';
    if (next === '(')
        throw rejected(what, '$(');
    if (next === '{')
        throw rejected(what, /^\$\{[^}]*\}?/.exec(rest)?.[0] ?? '${');
    if (/[\d@*#?$!-]/.test(next))
        throw rejected(what, `$${next}`);
    return null;
}
/** An environment where every name is set (to nothing): checks a command line before its environment is known. */
const ANY_ENV = new Proxy({}, { get: () => '' });
function valueOf(name, env, what) {
    const value = env[name];
    if (value === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${what}: $${name} is not set in the build's environment, so it would expand to nothing. ` +
            "Set it in the step's `env:`, or write the value itself.");
    }
    return value;
}
/**
 * Splits a command line into words the way a POSIX shell would for plain
 * words: whitespace separates, '…' is literal, "…" allows \" \\ \$ \`, and an
 * unquoted backslash escapes the next character (backslash-newline joins lines).
 * `what` names the input in error messages.
 *
 * With `env`, `$NAME` and `${NAME}` expand from it as a shell would: inside
 * double quotes to one piece of a word, unquoted split at whitespace, never
 * globbed; an unset name is an error. Without `env` any variable is refused.
 * Pipes, `;`, redirections and command substitution are always refused, and
 * with `env` unquoted glob characters too, with a message that says to use a script.
 */
function splitWords(text, what, env) {
    const words = [];
    let word = '';
    let inWord = false;
    let i = 0;
    const input = text.trim();
    /** The variable at `i`, expanded, or null when `$` is literal there; refused without env. */
    const expand = () => {
        const variable = variableAt(input, i, what);
        if (variable === null)
            return null;
        if (env === undefined)
            throw rejected(what, input.slice(i, i + variable.length));
        return { value: valueOf(variable.name, env, what), length: variable.length };
    };
    while (i < input.length) {
        const ch = input[i];
        if (ch === ' ' || ch === '\t') {
            if (inWord)
                words.push(word);
            word = '';
            inWord = false;
            i++;
            continue;
        }
        if (ch === '\n' || ch === '\r')
            throw rejected(what, '\n');
        if (ch === "'") {
            const end = input.indexOf("'", i + 1);
            if (end < 0)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${what}: a single quote (') is never closed.`);
            word += input.slice(i + 1, end);
            inWord = true;
            i = end + 1;
            continue;
        }
        if (ch === '"') {
            i++;
            for (;;) {
                if (i >= input.length)
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${what}: a double quote (") is never closed.`);
                const c = input[i];
                if (c === '"')
                    break;
                if (c === '\\' && i + 1 < input.length && '"\\$`\n'.includes(input[i + 1])) {
                    if (input[i + 1] !== '\n')
                        word += input[i + 1];
                    i += 2;
                    continue;
                }
                if (c === '`')
                    throw rejected(what, '`');
                if (c === '$') {
                    const expanded = expand();
                    if (expanded !== null) {
                        word += expanded.value;
                        i += expanded.length;
                        continue;
                    }
                }
                word += c;
                i++;
            }
            inWord = true;
            i++;
            continue;
        }
        if (ch === '\\') {
            if (i + 1 >= input.length)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${what}: ends with a lone backslash.`);
            if (input[i + 1] !== '\n') {
                word += input[i + 1];
                inWord = true;
            }
            i += 2;
            continue;
        }
        if (ch === '$') {
            const expanded = expand();
            if (expanded !== null) {
                // Unquoted: split at whitespace as a shell does; nothing is globbed.
                for (const c of expanded.value) {
                    if (c === ' ' || c === '\t' || c === '\n') {
                        if (inWord)
                            words.push(word);
                        word = '';
                        inWord = false;
                    }
                    else {
                        word += c;
                        inWord = true;
                    }
                }
                i += expanded.length;
                continue;
            }
        }
        // Globs are refused only for a command line (with env); in other word inputs
        // (smoke-test, entrypoint-args) nothing would expand them either way.
        const operator = OPERATORS.find((op) => input.startsWith(op, i)) ??
            (env === undefined ? undefined : GLOB.find((g) => g === ch));
        if (operator)
            throw rejected(what, operator);
        word += ch;
        inWord = true;
        i++;
    }
    if (inWord)
        words.push(word);
    return words;
}
/** Splits a newline- or comma-separated list input; blanks dropped. */
function splitList(entries) {
    return (typeof entries === 'string' ? [entries] : entries).flatMap((entry) => (0,_input_parse_js__WEBPACK_IMPORTED_MODULE_0__/* .parseList */ .E1)(entry));
}
/** An argv shown in the log so a person can paste it into a shell. */
function showCommand(argv) {
    return argv
        .map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`))
        .join(' ');
}


/***/ }),

/***/ 2179:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D7: () => (/* binding */ checkArg),
/* harmony export */   TI: () => (/* binding */ renderDockerfile),
/* harmony export */   Xj: () => (/* binding */ renderIndexDockerfile),
/* harmony export */   Yn: () => (/* binding */ checkPort)
/* harmony export */ });
/* harmony import */ var _ground_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6288);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3564);
/* harmony import */ var _rootfs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9098);



const PORT = /^(\d{1,5})(?:-(\d{1,5}))?(?:\/(tcp|udp|sctp))?$/;
const CONTEXT_DIR = /^[a-z][a-z-]*$/;
/** `8080`, `8080/tcp`, `53/udp`, `8000-8010`: checked so a port can only ever be a port. */
function checkPort(value) {
    const match = PORT.exec(value);
    const low = match ? Number(match[1]) : 0;
    const high = match?.[2] !== undefined ? Number(match[2]) : low;
    if (!match || low < 1 || high > 65535 || high < low) {
        throw new _ground_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`expose: "${value}" is not a port.`, [
            'Give ports 1-65535, optionally with /tcp, /udp or /sctp, e.g. 8080 or 53/udp.'
        ]);
    }
    return value;
}
/** An argument for CMD: anything but control characters, which would end or bend a Dockerfile line. */
function checkArg(value, what) {
    if ((0,_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .hasControlCharacter */ .Fd)(value)) {
        throw new _ground_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`${what}: ${JSON.stringify(value)} contains a line break or control character.`);
    }
    return value;
}
/**
 * The Dockerfile for the image. No `# syntax=` line: the frontend built into
 * BuildKit v0.8 (dockerd 20.10) reads all of this, and pulling a newer
 * frontend image is not possible everywhere. Modes and mtimes come from the
 * context (COPY keeps them; files are owned by 0:0 without --chown), so no
 * `--chmod` is needed. Labels go through `buildx --label` as argv, never
 * through this text. JSON arrays are exec form: no shell, no `$` expansion.
 */
function renderDockerfile(input) {
    return `${['FROM scratch', ...body(input, '')].join('\n')}\n`;
}
/** Everything after FROM, the layers copied from `<prefix><dir>/`. */
function body(input, prefix) {
    const name = (0,_rootfs_js__WEBPACK_IMPORTED_MODULE_2__/* .checkBinaryName */ .Ji)(input.binaryName);
    const lines = [];
    for (const layer of input.layers) {
        if (!CONTEXT_DIR.test(layer.dir))
            throw new Error(`bad context folder name ${layer.dir}`);
        lines.push(`COPY ${prefix}${layer.dir}/ /`);
    }
    lines.push(`USER ${input.user.uid}:${input.user.gid}`);
    for (const port of input.expose)
        lines.push(`EXPOSE ${checkPort(port)}`);
    lines.push(`ENTRYPOINT ${JSON.stringify([`/${name}`])}`);
    const args = input.entrypointArgs.map((arg) => checkArg(arg, 'entrypoint-args'));
    if (args.length > 0)
        lines.push(`CMD ${JSON.stringify(args)}`);
    return lines;
}
/** What TARGETARCH can be, and so a context folder and a stage name can hold. */
const ARCHITECTURE = /^[a-z][a-z0-9_]*$/;
/**
 * One Dockerfile for every platform of an index, its layers in the context
 * under `<architecture>/` (context.ts `writeIndexContext`). `buildx --platform
 * a,b` sets TARGETARCH for each, so one build makes them all; there is no RUN,
 * so nothing is emulated. When the platforms' images differ only by that
 * folder (the usual case), one stage copies from `${TARGETARCH}/`. When they
 * differ otherwise (another binary name, an extra one binary's findings ask
 * for and the other's do not), each platform gets a stage of its own named by
 * its architecture, and the last line picks it by TARGETARCH (which BuildKit
 * sets before the first FROM). No `# syntax=` line: BuildKit's own frontend reads both.
 */
function renderIndexDockerfile(parts) {
    if (parts.length === 0)
        throw new Error('renderIndexDockerfile needs at least one platform');
    for (const part of parts) {
        if (!ARCHITECTURE.test(part.architecture)) {
            throw new Error(`bad architecture name ${part.architecture}`);
        }
    }
    const shared = parts.map((part) => body(part.input, '${TARGETARCH}/').join('\n'));
    if (shared.every((text) => text === shared[0])) {
        return `${['FROM scratch', 'ARG TARGETARCH', shared[0]].join('\n')}\n`;
    }
    const lines = [];
    for (const part of parts) {
        lines.push(`FROM scratch AS image-${part.architecture}`, ...body(part.input, `${part.architecture}/`));
    }
    lines.push('FROM image-${TARGETARCH}');
    return `${lines.join('\n')}\n`;
}


/***/ }),

/***/ 4189:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KI: () => (/* binding */ parseInclude),
/* harmony export */   Lm: () => (/* binding */ chooseExtras),
/* harmony export */   TY: () => (/* binding */ EXTRA_FOR_FINDING),
/* harmony export */   nl: () => (/* binding */ describeReasons)
/* harmony export */ });
/* unused harmony export EXTRA_ORDER */
/* harmony import */ var _ground_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6288);

const WORDS = ['auto', 'none', 'ca-certificates', 'tzdata', 'passwd', 'tmp'];
/** Which finding asks for which extra under `include: auto`. */
const EXTRA_FOR_FINDING = {
    'ca-certificates': 'ca-certificates',
    tzdata: 'tzdata',
    'user-lookup': 'passwd',
    nss: 'passwd',
    tmp: 'tmp'
};
/** The order extras are listed and layered in: least likely to change first. */
const EXTRA_ORDER = ['ca-certificates', 'tzdata', 'passwd', 'tmp'];
const ZONE = /^[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)*$/;
function isWord(value) {
    return WORDS.includes(value);
}
function unknown(word) {
    return new _ground_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`include: "${word}" is not something from-scratch can add.`, [
        `Use any of: ${WORDS.join(', ')}; tzdata can name zones, e.g. tzdata:Europe/Berlin,UTC.`
    ]);
}
function checkZone(zone) {
    if (!ZONE.test(zone) || zone.split('/').includes('..')) {
        throw new _ground_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`include: "${zone}" is not a time zone name such as Europe/Berlin or UTC.`);
    }
    return zone;
}
/**
 * Parses the `include` input: words separated by newlines or commas. After
 * `tzdata:Zone`, further items that look like zone names (start uppercase or
 * hold a `/`) belong to the same zone list, so `tzdata:Europe/Berlin,UTC` reads
 * as a person means it even though commas also separate words.
 */
function parseInclude(value) {
    const items = value
        .split(/[\n,]/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
    if (items.length === 0)
        return [{ kind: 'auto' }];
    const out = [];
    let zones = null;
    for (const item of items) {
        const lower = item.toLowerCase();
        if (lower.startsWith('tzdata:')) {
            zones = item
                .slice('tzdata:'.length)
                .split(/\s+/)
                .filter((z) => z !== '')
                .map(checkZone);
            if (zones.length === 0)
                throw new _ground_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y('include: "tzdata:" names no zone; write tzdata alone for all zones.');
            out.push({ kind: 'tzdata', zones });
            continue;
        }
        if (isWord(lower)) {
            zones = null;
            out.push(lower === 'tzdata' ? { kind: 'tzdata', zones: [] } : { kind: lower });
            continue;
        }
        if (zones !== null && (/^[A-Z]/.test(item) || item.includes('/'))) {
            zones.push(checkZone(item));
            continue;
        }
        throw unknown(item);
    }
    const kinds = out.map((item) => item.kind);
    if (kinds.includes('none') && kinds.length > 1) {
        throw new _ground_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y('include: "none" cannot be combined with other words.', [
            `Got: ${items.join(', ')}`
        ]);
    }
    return out;
}
/** `include` plus the binary's findings → the extras, in layer order. */
function chooseExtras(include, findings) {
    const reasons = new Map();
    const add = (kind, reason) => {
        const list = reasons.get(kind) ?? [];
        if (!list.some((r) => JSON.stringify(r) === JSON.stringify(reason)))
            list.push(reason);
        reasons.set(kind, list);
    };
    const zones = [];
    for (const item of include) {
        if (item.kind === 'none')
            continue;
        if (item.kind === 'auto') {
            for (const finding of findings) {
                const kind = EXTRA_FOR_FINDING[finding.id];
                if (kind === undefined)
                    continue;
                add(kind, { by: 'finding', finding: finding.id });
            }
            continue;
        }
        add(item.kind, { by: 'asked' });
        if (item.kind === 'tzdata') {
            for (const zone of item.zones)
                if (!zones.includes(zone))
                    zones.push(zone);
        }
    }
    // A finding cannot say which zones the program loads, so it gets them all
    // unless the user narrowed tzdata to a list.
    const explicitList = include.some((item) => item.kind === 'tzdata' && item.zones.length > 0);
    const tzZones = explicitList && !include.some((i) => i.kind === 'tzdata' && i.zones.length === 0) ? zones : [];
    return EXTRA_ORDER.filter((kind) => reasons.has(kind)).map((kind) => ({
        kind,
        reasons: reasons.get(kind) ?? [],
        zones: kind === 'tzdata' ? tzZones : []
    }));
}
/** "asked for" or "finding tzdata", for logs and the report. */
function describeReasons(reasons) {
    return reasons.map((r) => (r.by === 'asked' ? 'asked for' : `finding ${r.finding}`)).join(', ');
}


/***/ }),

/***/ 3564:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F2: () => (/* binding */ parseReference),
/* harmony export */   FH: () => (/* binding */ formatReference),
/* harmony export */   Fd: () => (/* binding */ hasControlCharacter),
/* harmony export */   He: () => (/* binding */ validateImageName),
/* harmony export */   cO: () => (/* binding */ tagOf),
/* harmony export */   lU: () => (/* binding */ normalizedReference)
/* harmony export */ });
/* unused harmony export validateTag */
/* harmony import */ var _ground_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6288);

// The grammar of github.com/distribution/reference (what docker, buildx and
// every registry accept), kept as small regexes so each rule is visible.
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|-+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const PATH = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const NAME_MAX = 255;
/** Control characters (newlines included) end a Dockerfile line or a log line; never let one through. */
function hasControlCharacter(value) {
    for (const char of value) {
        const code = char.charCodeAt(0);
        if (code < 0x20 || code === 0x7f)
            return true;
    }
    return false;
}
function shown(value) {
    return JSON.stringify(value);
}
/**
 * Same split as distribution's `splitDomain`: the first component is a host
 * only when it has a dot or a port, or is `localhost`, and is not lowercase-only
 * by accident of being a path.
 */
function splitDomain(name) {
    const slash = name.indexOf('/');
    if (slash < 0)
        return { domain: null, path: name };
    const first = name.slice(0, slash);
    const isHost = first.includes('.') ||
        first.includes(':') ||
        first === 'localhost' ||
        first !== first.toLowerCase();
    return isHost ? { domain: first, path: name.slice(slash + 1) } : { domain: null, path: name };
}
/** Checks an image name (no tag); returns it, or throws a UserError that says which rule it breaks. */
function validateImageName(name, what = 'image') {
    const fail = (why) => {
        throw new _ground_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`${what} ${shown(name)} is not a valid image name: ${why}.`, [
            'An image name is [registry[:port]/]path, e.g. ghcr.io/acme/api or 127.0.0.1:5000/team/app:',
            'path components are lowercase letters and digits, joined by ".", "_", "__" or dashes.'
        ]);
    };
    if (name === '')
        fail('it is empty');
    if (hasControlCharacter(name))
        fail('it contains a line break or another control character');
    if (name.length > NAME_MAX)
        fail(`it is longer than ${NAME_MAX} characters`);
    if (name.includes('@'))
        fail('a digest (@sha256:…) cannot be built or tagged');
    const { domain, path } = splitDomain(name);
    // Valid by the grammar, but nobody means a registry called "Acme".
    if (domain !== null && !/[.:]/.test(domain) && domain !== 'localhost') {
        fail('repository names must be lowercase');
    }
    if (domain !== null && !HOST.test(domain))
        fail(`${shown(domain)} is not a registry host[:port]`);
    if (path.includes(':'))
        fail('it has a tag; give tags in `tags`');
    if (path !== path.toLowerCase())
        fail('repository names must be lowercase');
    if (!PATH.test(path))
        fail(`${shown(path)} has a character or separator that is not allowed`);
    return name;
}
/** Checks one tag (the part after `:`). */
function validateTag(tag, reference = tag) {
    if (!TAG.test(tag) || hasControlCharacter(tag)) {
        throw new _ground_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`Tag ${shown(tag)} in ${shown(reference)} is not a valid tag.`, [
            'A tag is 1 to 128 characters: letters, digits, "_", "." and "-", not starting with "." or "-".'
        ]);
    }
    return tag;
}
/** Parses and checks `name[:tag]`. */
function parseReference(reference) {
    if (hasControlCharacter(reference)) {
        throw new _ground_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`Image reference ${shown(reference)} contains a line break or control character.`);
    }
    const lastSlash = reference.lastIndexOf('/');
    const colon = reference.indexOf(':', lastSlash + 1);
    const name = colon < 0 ? reference : reference.slice(0, colon);
    const tag = colon < 0 ? null : reference.slice(colon + 1);
    validateImageName(name, 'Image reference');
    if (tag !== null)
        validateTag(tag, reference);
    const { domain, path } = splitDomain(name);
    return { domain, path, tag };
}
/** `domain/path:tag` as typed. */
function formatReference(reference) {
    const name = reference.domain === null ? reference.path : `${reference.domain}/${reference.path}`;
    return reference.tag === null ? name : `${name}:${reference.tag}`;
}
/**
 * The fully qualified name the containerd image store keys an image by, as
 * distribution's ParseNormalizedNamed makes it: Docker Hub's implicit domain
 * spelled out (`docker.io`, never `index.docker.io`), its one-part names under
 * `library/`, and `latest` when no tag is given. `app:t` → `docker.io/library/app:t`,
 * `acme/app:t` → `docker.io/acme/app:t`; `127.0.0.1:5000/acme/app:t` stays as it is.
 */
function normalizedReference(reference) {
    const parsed = parseReference(reference);
    const hub = parsed.domain === null || parsed.domain === 'index.docker.io';
    const domain = hub ? 'docker.io' : parsed.domain;
    const path = domain === 'docker.io' && !parsed.path.includes('/') ? `library/${parsed.path}` : parsed.path;
    return formatReference({ domain, path, tag: parsed.tag ?? 'latest' });
}
/** The tag alone (`latest` when none is given): an OCI layout's `org.opencontainers.image.ref.name`, as docker save and skopeo write it. */
function tagOf(reference) {
    return parseReference(reference).tag ?? 'latest';
}


/***/ }),

/***/ 9098:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bj: () => (/* binding */ parseFiles),
/* harmony export */   C6: () => (/* binding */ CA_BUNDLE_PATH),
/* harmony export */   Ji: () => (/* binding */ checkBinaryName),
/* harmony export */   al: () => (/* binding */ ZONEINFO_CANDIDATES),
/* harmony export */   f5: () => (/* binding */ CA_BUNDLE_CANDIDATES),
/* harmony export */   l4: () => (/* binding */ planRootfs),
/* harmony export */   tN: () => (/* binding */ parseUser)
/* harmony export */ });
/* unused harmony exports ZONEINFO_PATH, ZONEINFO_SKIP, DEFAULT_USER, checkImagePath, passwdFiles */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _ground_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6288);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3564);



/** Where the usual systems keep one PEM bundle of the trusted roots, in the order we look. */
const CA_BUNDLE_CANDIDATES = [
    '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Alpine, Arch
    '/etc/pki/tls/certs/ca-bundle.crt', // RHEL, Fedora, CentOS
    '/etc/ssl/ca-bundle.pem', // openSUSE
    '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', // RHEL 7+
    '/etc/ssl/cert.pem' // macOS, Alpine
];
/** Where zoneinfo trees live; Go's time package reads the first of these it finds. */
const ZONEINFO_CANDIDATES = [
    '/usr/share/zoneinfo',
    '/usr/share/lib/zoneinfo',
    '/usr/lib/locale/TZ'
];
/** The path every TLS stack in a scratch image looks at first (Go, OpenSSL, rustls-native-certs). */
const CA_BUNDLE_PATH = '/etc/ssl/certs/ca-certificates.crt';
const ZONEINFO_PATH = '/usr/share/zoneinfo';
/**
 * `right/` repeats every zone with leap seconds (nothing in Go or musl reads
 * it) and `localtime` points outside the tree at the host's own zone.
 */
const ZONEINFO_SKIP = ['right', 'localtime'];
const DEFAULT_USER = '65532:65532';
/** Parses the `user` input: numeric `uid[:gid]` only, because scratch has no names to look up. */
function parseUser(value) {
    const text = (value ?? '').trim() || DEFAULT_USER;
    const match = /^(\d{1,10})(?::(\d{1,10}))?$/.exec(text);
    const uid = match ? Number(match[1]) : NaN;
    const gid = match ? Number(match[2] ?? match[1]) : NaN;
    if (!match || uid > 0xfffffffe || gid > 0xfffffffe) {
        throw new _ground_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`user: "${text}" is not a numeric uid[:gid].`, [
            'A scratch image has no user database to resolve names in; use numbers, e.g. 65532:65532 (nonroot) or 0:0 (root).'
        ]);
    }
    return { uid, gid };
}
/** The file name of the binary inside the image: one path component, nothing a Dockerfile would read. */
function checkBinaryName(name) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.+-]{0,127}$/.test(name)) {
        throw new _ground_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`The binary's name "${name}" cannot be used as /<name> in the image.`, [
            'Use letters, digits, ".", "_", "+" and "-" (not starting with "." or "-"), or rename the binary.'
        ]);
    }
    return name;
}
/** An absolute, normalised path inside the image that a Dockerfile and a tar can hold as is. */
function checkImagePath(path, what) {
    if ((0,_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .hasControlCharacter */ .Fd)(path) || !path.startsWith('/') || path === '/' || /[\s"\\$]/.test(path)) {
        throw new _ground_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${what}: "${path}" is not usable as a path inside the image.`, [
            'Give an absolute path such as /etc/app/config.yaml, without spaces, quotes, backslashes or "$".'
        ]);
    }
    if (node_path__WEBPACK_IMPORTED_MODULE_0__.posix.normalize(path) !== path || path.split('/').includes('..') || path.endsWith('/')) {
        throw new _ground_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${what}: "${path}" must be written plainly (no "..", "//" or trailing "/").`);
    }
    return path;
}
/** Parses the `files` input: one `src:dest` per line (dest absolute inside the image). */
function parseFiles(lines) {
    return lines
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .map((line) => {
        const colon = line.lastIndexOf(':/');
        if (colon <= 0) {
            throw new _ground_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`files: "${line}" is not src:dest.`, [
                'Write one file per line as path/on/runner:/path/in/image, e.g. config.yaml:/etc/app/config.yaml.'
            ]);
        }
        const src = line.slice(0, colon);
        const dest = checkImagePath(line.slice(colon + 1), 'files');
        if ((0,_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .hasControlCharacter */ .Fd)(src))
            throw new _ground_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`files: "${src}" contains a control character.`);
        return { src, dest };
    });
}
const PASSWD_BASE = [
    ['root', 0, 0, '/root'],
    ['nobody', 65534, 65534, '/nonexistent'],
    ['nonroot', 65532, 65532, '/home/nonroot']
];
/** `/etc/passwd` and `/etc/group` with root, nobody, nonroot, and the configured user when it is none of them. */
function passwdFiles(user) {
    const users = [...PASSWD_BASE];
    if (!users.some(([, uid]) => uid === user.uid))
        users.push(['app', user.uid, user.gid, '/']);
    const groups = users.map(([name, , gid]) => [name, gid]);
    const seen = new Set();
    return {
        passwd: users
            .map(([n, uid, gid, home]) => `${n}:x:${uid}:${gid}:${n}:${home}:/sbin/nologin\n`)
            .join(''),
        group: groups
            .filter(([, gid]) => (seen.has(gid) ? false : (seen.add(gid), true)))
            .map(([n, gid]) => `${n}:x:${gid}:\n`)
            .join('')
    };
}
function extraLayer(extra, input) {
    const { host } = input;
    switch (extra.kind) {
        case 'ca-certificates': {
            if (host.caBundle === null) {
                throw new _ground_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y('include ca-certificates: this runner has no CA certificate bundle to copy.', [
                    `Looked for: ${CA_BUNDLE_CANDIDATES.join(', ')}.`,
                    'Install one, e.g. `apt-get install ca-certificates` (Debian/Ubuntu) or `dnf install ca-certificates` (RHEL), or drop ca-certificates from include.'
                ]);
            }
            const entries = [
                { type: 'file', src: host.caBundle, dest: CA_BUNDLE_PATH, mode: 0o444 }
            ];
            return { kind: extra.kind, dir: extra.kind, entries, reasons: extra.reasons };
        }
        case 'tzdata': {
            if (host.zoneinfo === null) {
                throw new _ground_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y('include tzdata: this runner has no zoneinfo folder to copy.', [
                    `Looked for: ${ZONEINFO_CANDIDATES.join(', ')}.`,
                    'Install tzdata (`apt-get install tzdata`), or build Go with `-tags timetzdata` and drop tzdata from include.'
                ]);
            }
            const zoneinfo = host.zoneinfo;
            const entries = extra.zones.length === 0
                ? [{ type: 'tree', src: zoneinfo, dest: ZONEINFO_PATH, skip: ZONEINFO_SKIP }]
                : extra.zones.map((zone) => ({
                    type: 'file',
                    src: node_path__WEBPACK_IMPORTED_MODULE_0__.posix.join(zoneinfo, zone),
                    dest: node_path__WEBPACK_IMPORTED_MODULE_0__.posix.join(ZONEINFO_PATH, zone),
                    mode: 0o444
                }));
            return { kind: extra.kind, dir: extra.kind, entries, reasons: extra.reasons };
        }
        case 'passwd': {
            const { passwd, group } = passwdFiles(input.user);
            const entries = [
                { type: 'text', content: passwd, dest: '/etc/passwd', mode: 0o444 },
                { type: 'text', content: group, dest: '/etc/group', mode: 0o444 }
            ];
            return { kind: extra.kind, dir: extra.kind, entries, reasons: extra.reasons };
        }
        case 'tmp':
            return {
                kind: extra.kind,
                dir: extra.kind,
                entries: [{ type: 'dir', dest: '/tmp', mode: 0o1777 }],
                reasons: extra.reasons
            };
    }
}
/** Where each entry lands, to catch two things claiming one path. */
function destOf(entry) {
    return entry.dest;
}
/**
 * The layers of the image, least likely to change first so a new release
 * pulls only the binary: CA bundle, zoneinfo, passwd, /tmp, user files, binary.
 */
function planRootfs(input) {
    const binaryName = checkBinaryName(input.binaryName);
    const layers = input.extras.map((extra) => extraLayer(extra, input));
    if (input.files.length > 0) {
        const entries = input.files.map((file) => ({
            type: 'file',
            src: file.src,
            dest: checkImagePath(file.dest, 'files'),
            mode: 0o444
        }));
        layers.push({ kind: 'files', dir: 'files', entries, reasons: [{ by: 'asked' }] });
    }
    layers.push({
        kind: 'binary',
        dir: 'binary',
        entries: [{ type: 'file', src: input.host.binaryPath, dest: `/${binaryName}`, mode: 0o555 }],
        reasons: []
    });
    const claimed = new Map();
    for (const layer of layers) {
        for (const entry of layer.entries) {
            const dest = destOf(entry);
            const other = claimed.get(dest);
            if (other !== undefined) {
                throw new _ground_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`Two things want ${dest} in the image: ${other} and ${layer.kind}.`, [
                    'Change the dest in `files`, or drop the extra from `include`.'
                ]);
            }
            claimed.set(dest, layer.kind);
        }
    }
    return { binaryName, layers };
}


/***/ }),

/***/ 2424:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   w: () => (/* binding */ binaryJson)
/* harmony export */ });
/* harmony import */ var _sizes_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4164);

function binaryJson(inspection) {
    const { verdict } = inspection;
    return {
        path: inspection.path,
        size: inspection.size,
        linkage: verdict.linkage,
        accepted: verdict.accepted,
        summary: verdict.summary,
        interpreter: verdict.interpreter,
        needed: verdict.needed,
        go: inspection.go,
        findings: inspection.findings,
        sizes: inspection.sizes ? (0,_sizes_js__WEBPACK_IMPORTED_MODULE_0__/* .sizesJson */ .r4)(inspection.sizes) : null
    };
}


/***/ }),

/***/ 5066:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ik: () => (/* binding */ isRejectedBinary),
/* harmony export */   JG: () => (/* binding */ failedAt),
/* harmony export */   PM: () => (/* binding */ failureJson)
/* harmony export */ });
/* unused harmony exports NOTHING_REACHED, stageErrorOf */
/* harmony import */ var _ground_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6288);
/* harmony import */ var _binary_json_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2424);
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1327);



const NOTHING_REACHED = { compiled: null, inspection: null, image: null };
/** Any thrown value as plain data; a UserError keeps its details, anything else is a bug. */
function stageErrorOf(error) {
    if (error instanceof _ground_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y) {
        return { message: error.message, details: error.details, userFixable: true, stack: null };
    }
    return {
        message: (0,_ground_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .b)(error),
        details: [],
        userFixable: false,
        stack: error instanceof Error ? (error.stack ?? null) : null
    };
}
function failedAt(stage, error, reached = NOTHING_REACHED) {
    return { outcome: 'failed', stage, error: stageErrorOf(error), reached };
}
/**
 * The binary was read and judged, and it will not run in scratch (as opposed
 * to a binary that could not be read at all, or a later stage's failure).
 */
function isRejectedBinary(failed) {
    return failed.stage === 'verify' && failed.reached.inspection !== null;
}
/** The failure as `--json` prints it. Pure. */
function failureJson(failed, exitCode) {
    const { compiled, inspection, image } = failed.reached;
    return {
        schema: _schema_js__WEBPACK_IMPORTED_MODULE_2__/* .REPORT_SCHEMA */ .DC,
        error: {
            stage: failed.stage,
            message: failed.error.message,
            details: failed.error.details,
            exitCode,
            userFixable: failed.error.userFixable
        },
        binary: inspection === null ? null : (0,_binary_json_js__WEBPACK_IMPORTED_MODULE_1__/* .binaryJson */ .w)(inspection),
        image: image === null
            ? null
            : { name: image.name, tags: image.tags, id: image.imageId, digest: '', size: image.size },
        build: compiled === null ? null : { language: compiled.language, toolchain: compiled.toolchain }
    };
}


/***/ }),

/***/ 1327:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bv: () => (/* binding */ baselineOf),
/* harmony export */   DC: () => (/* binding */ REPORT_SCHEMA),
/* harmony export */   JZ: () => (/* binding */ BASELINE_TOO_LARGE),
/* harmony export */   TA: () => (/* binding */ BASELINE_LIMITS),
/* harmony export */   UU: () => (/* binding */ baselineMetric),
/* harmony export */   VE: () => (/* binding */ platformReports),
/* harmony export */   ak: () => (/* binding */ metricOf),
/* harmony export */   fl: () => (/* binding */ reportForPlatform),
/* harmony export */   nk: () => (/* binding */ parseBaseline),
/* harmony export */   tj: () => (/* binding */ platformOf),
/* harmony export */   xH: () => (/* binding */ serializeReport)
/* harmony export */ });
/* harmony import */ var _ground_platform_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1996);
/* harmony import */ var _sizes_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4164);


/** The only schema version this code writes and reads back. */
const REPORT_SCHEMA = 1;
/** The platform a report describes: its own field, or linux/amd64 for reports older than the field. */
function platformOf(report) {
    return report.platform ?? (0,_ground_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .platformName */ .$r)(_ground_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_PLATFORM */ .Er);
}
/** The report and the others' reports, primary first: one per platform built. */
function platformReports(report) {
    return [report, ...(report.others ?? [])];
}
/** The part of `report` (a restored baseline) that describes `platform`; null when it has none. */
function reportForPlatform(report, platform) {
    return platformReports(report).find((part) => platformOf(part) === platform) ?? null;
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function isSize(value) {
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
function isStringArray(value) {
    return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
/**
 * What a baseline may hold. A report this code writes stays far below each;
 * a restored one is untrusted, and every string and list of it ends up in a
 * loop, a diff or the comment (65,536 characters at most: a longer string
 * cannot be shown anyway). Breaking one makes the baseline damaged.
 */
const BASELINE_LIMITS = {
    /** The report file. */
    bytes: 32 * 1024 * 1024,
    /** Any string, object key included. */
    string: 65_536,
    /** Any list, and the keys of any object. */
    list: 100_000,
    /** Nesting of objects and lists (a report has about six levels). */
    depth: 32
};
const tooLarge = `it is larger than ${BASELINE_LIMITS.bytes / 1024 / 1024} MB`;
/** Why a baseline file too large to read is not read, as parseBaseline would say it. */
const BASELINE_TOO_LARGE = `it is damaged: ${tooLarge}`;
/**
 * The first limit `value` breaks, as a fixed sentence (never a piece of the
 * value), or null. A loop with its own stack: a deep value cannot overflow ours.
 */
function limitProblem(value) {
    const pending = [{ value, depth: 0 }];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
        const { value: item, depth } = next;
        if (typeof item === 'string') {
            if (item.length > BASELINE_LIMITS.string)
                return `it holds a string longer than ${BASELINE_LIMITS.string.toLocaleString('en-US')} characters`;
            continue;
        }
        if (typeof item !== 'object' || item === null)
            continue;
        if (depth >= BASELINE_LIMITS.depth)
            return `it nests deeper than ${BASELINE_LIMITS.depth} levels`;
        const children = Array.isArray(item) ? item : Object.values(item);
        if (children.length > BASELINE_LIMITS.list)
            return `it holds a list longer than ${BASELINE_LIMITS.list.toLocaleString('en-US')} entries`;
        if (!Array.isArray(item)) {
            for (const key of Object.keys(item)) {
                if (key.length > BASELINE_LIMITS.string)
                    return `it holds a key longer than ${BASELINE_LIMITS.string.toLocaleString('en-US')} characters`;
            }
        }
        for (const child of children)
            pending.push({ value: child, depth: depth + 1 });
    }
    return null;
}
/**
 * The first thing wrong with `value` as a report, or null when it is one.
 * Each reason is a fixed sentence: it reaches the comment, and the value does not.
 */
function problemOf(value) {
    const problem = partProblem(value);
    if (problem !== null || !isObject(value) || value.others === undefined)
        return problem;
    const others = value.others;
    if (!Array.isArray(others) || others.length > MAX_OTHERS)
        return `"others" is not a list of at most ${MAX_OTHERS} reports`;
    const seen = new Set([value.platform ?? DEFAULT_NAME]);
    for (const [index, other] of others.entries()) {
        const inner = partProblem(other);
        if (inner !== null)
            return `"others[${index}]": ${inner}`;
        if (!isObject(other) || typeof other.platform !== 'string')
            return `"others[${index}]" names no platform`;
        if (seen.has(other.platform))
            return `"others[${index}]" repeats a platform`;
        seen.add(other.platform);
    }
    return null;
}
/** Platforms a restored report may name; any other is not one this code wrote. */
const PLATFORM_NAMES = new Set(_ground_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .KNOWN_PLATFORMS */ .PA.map(_ground_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .platformName */ .$r));
const DEFAULT_NAME = (0,_ground_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .platformName */ .$r)(_ground_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_PLATFORM */ .Er);
/** Other platforms a restored report may hold. */
const MAX_OTHERS = 8;
/** The first thing wrong with one platform's report (the top level or an `others` entry), or null. */
function partProblem(value) {
    if (!isObject(value))
        return 'it is not a JSON object';
    if (isSize(value.schema) && value.schema > REPORT_SCHEMA) {
        return `it was written by a newer from-scratch (schema ${value.schema}; this version reads schema ${REPORT_SCHEMA})`;
    }
    if (value.schema !== REPORT_SCHEMA) {
        return `it has no schema ${REPORT_SCHEMA}, the only one this version of from-scratch reads`;
    }
    const binary = value.binary;
    if (!isObject(binary))
        return '"binary" is missing';
    if (typeof binary.path !== 'string')
        return '"binary.path" is not a string';
    if (!isSize(binary.size))
        return '"binary.size" is not a size in bytes';
    if (typeof binary.linkage !== 'string')
        return '"binary.linkage" is not a string';
    if (!isStringArray(binary.needed))
        return '"binary.needed" is not a list of strings';
    if (!Array.isArray(binary.findings))
        return '"binary.findings" is not a list';
    for (const finding of binary.findings) {
        if (!isObject(finding) || typeof finding.id !== 'string' || typeof finding.message !== 'string')
            return '"binary.findings" holds an entry without id and message';
        if (!isStringArray(finding.evidence))
            return 'a finding\'s "evidence" is not a list of strings';
    }
    if (binary.go !== null && binary.go !== undefined) {
        if (!isObject(binary.go) || typeof binary.go.version !== 'string')
            return '"binary.go" has no version';
        if (!isObject(binary.go.settings))
            return '"binary.go.settings" is not an object';
    }
    const image = value.image;
    if (image !== null) {
        if (!isObject(image))
            return '"image" is neither an object nor null';
        for (const key of ['name', 'id', 'digest']) {
            if (typeof image[key] !== 'string')
                return `"image.${key}" is not a string`;
        }
        if (!isStringArray(image.tags))
            return '"image.tags" is not a list of strings';
        if (!isSize(image.size))
            return '"image.size" is not a size in bytes';
        if (image.pullSize !== null && !isSize(image.pullSize))
            return '"image.pullSize" is neither a size in bytes nor null';
        if (typeof image.pullSizeExact !== 'boolean')
            return '"image.pullSizeExact" is not a boolean';
        if (!Array.isArray(image.files))
            return '"image.files" is not a list';
        for (const file of image.files) {
            if (!isObject(file) || typeof file.path !== 'string' || !isSize(file.size))
                return '"image.files" holds an entry without path and size';
        }
    }
    if (value.baseline !== null && !isObject(value.baseline))
        return '"baseline" is neither an object nor null';
    if (!Array.isArray(value.gates))
        return '"gates" is not a list';
    const source = value.source;
    if (source !== undefined && source !== null) {
        if (!isObject(source) || typeof source.ref !== 'string' || typeof source.sha !== 'string')
            return '"source" has no ref and sha';
    }
    if (value.platform !== undefined) {
        if (typeof value.platform !== 'string' || !PLATFORM_NAMES.has(value.platform))
            return '"platform" is not a platform this version of from-scratch builds';
    }
    return null;
}
/** A report restored from disk: missing optional fields filled so readers need no guards. */
function normalized(value) {
    const report = value;
    const others = report.others;
    const part = normalizedPart(report);
    return others === undefined
        ? part
        : { ...part, others: others.map((other) => normalizedPart(other)) };
}
function normalizedPart(report) {
    const binary = report.binary;
    // An `others` entry is one platform's report: it holds no others of its own.
    const { others: _nested, ...rest } = report;
    void _nested;
    return {
        ...rest,
        binary: {
            ...binary,
            interpreter: binary.interpreter ?? null,
            go: binary.go ?? null,
            accepted: binary.accepted ?? true,
            summary: binary.summary ?? '',
            // A damaged `sizes` costs only the "what changed" table, never the totals.
            ...(binary.sizes === undefined
                ? {}
                : { sizes: (0,_sizes_js__WEBPACK_IMPORTED_MODULE_1__/* .isSizesJson */ .VZ)(binary.sizes) ? binary.sizes : null })
        },
        source: report.source ?? null,
        build: report.build ?? null
    };
}
/**
 * Reads a baseline report from text. Anything unusable — not JSON, an older or
 * newer schema, missing sizes — gives `report: null` with a reason to log;
 * this never throws, because a broken baseline must not break a build.
 */
function parseBaseline(text) {
    if (text.length > BASELINE_LIMITS.bytes) {
        return { report: null, reason: BASELINE_TOO_LARGE };
    }
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        // The parser's message quotes the text: it names no more than "not JSON" here.
        return { report: null, reason: 'it is not JSON' };
    }
    const damage = limitProblem(value);
    if (damage !== null)
        return { report: null, reason: `it is damaged: ${damage}` };
    const problem = problemOf(value);
    if (problem !== null)
        return { report: null, reason: problem };
    return { report: normalized(value), reason: null };
}
/** Extras a restored report names; more than this is not a report this code wrote. */
const MAX_EXTRAS = 16;
/**
 * The extras of a restored report's image as kind and bytes, or undefined
 * when it recorded none or they are damaged (it is untrusted input).
 */
function baselineExtras(image) {
    const extras = image?.extras;
    if (!Array.isArray(extras) || extras.length > MAX_EXTRAS)
        return undefined;
    const out = [];
    for (const extra of extras) {
        if (!isObject(extra) || typeof extra.kind !== 'string' || !isSize(extra.bytes))
            return undefined;
        out.push({ kind: extra.kind.slice(0, 64), bytes: extra.bytes });
    }
    return out;
}
/** The baseline entry for a report that compares itself with `previous`. */
function baselineOf(previous, fallback) {
    const source = previous.source ?? fallback;
    const extras = baselineExtras(previous.image);
    return {
        ref: source.ref,
        sha: source.sha,
        binarySize: previous.binary.size,
        imageSize: previous.image?.size ?? null,
        pullSize: previous.image?.pullSize ?? null,
        ...(extras === undefined ? {} : { extras })
    };
}
/** The size a metric names, in a report or its baseline; null when it was not measured. */
function metricOf(report, metric) {
    switch (metric) {
        case 'binary':
            return report.binary.size;
        case 'image':
            return report.image?.size ?? null;
        case 'pull':
            return report.image?.pullSize ?? null;
    }
}
function baselineMetric(baseline, metric) {
    switch (metric) {
        case 'binary':
            return baseline.binarySize;
        case 'image':
            return baseline.imageSize;
        case 'pull':
            return baseline.pullSize;
    }
}
/** The report JSON as written to disk: stable key order, trailing newline. */
function serializeReport(report) {
    return `${JSON.stringify(report, null, 2)}\n`;
}


/***/ }),

/***/ 4164:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bn: () => (/* binding */ versionChange),
/* harmony export */   IF: () => (/* binding */ NOISE_FLOOR),
/* harmony export */   MH: () => (/* binding */ plainName),
/* harmony export */   VZ: () => (/* binding */ isSizesJson),
/* harmony export */   Zs: () => (/* binding */ OTHER),
/* harmony export */   dY: () => (/* binding */ changeWord),
/* harmony export */   gT: () => (/* binding */ SIZE_KINDS),
/* harmony export */   mR: () => (/* binding */ compareSizes),
/* harmony export */   ot: () => (/* binding */ capName),
/* harmony export */   r4: () => (/* binding */ sizesJson)
/* harmony export */ });
/* unused harmony exports MAX_PACKAGES, MAX_MODULES, MAX_SECTIONS, MAX_MECHANISMS, ownBytes, methodShare, diffSizes, isEmptyDiff, NAME_LIMIT */
/* harmony import */ var _units_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7885);

/**
 * The `binary.sizes` part of the report JSON, and what changed between two
 * of them. Pure. Package and module names come from the binary (untrusted):
 * they are data here and code-spanned by the markdown renderer.
 */
/**
 * Rows kept in the JSON; the rest are summed into one `(other)` row. High
 * enough for cmd/go, so that a package moving across the cut is not taken
 * for a new one in a diff.
 */
const MAX_PACKAGES = 500;
const MAX_MODULES = 200;
const MAX_SECTIONS = 64;
const MAX_MECHANISMS = 16;
/** Name of the row that sums the packages or modules beyond the limit. */
const OTHER = '(other)';
/** Every kind a package's bytes are split into, in the order tables show them. */
const SIZE_KINDS = [
    'code',
    'pclntab',
    'funcdata',
    'types',
    'strings',
    'data'
];
function summed(rows) {
    const parts = {};
    let bytes = 0;
    let methods;
    for (const row of rows) {
        bytes += row.bytes;
        for (const [kind, value] of Object.entries(row.parts))
            parts[kind] = (parts[kind] ?? 0) + value;
        if (row.methods !== undefined)
            methods = (methods ?? 0) + row.methods;
    }
    return { bytes, parts, ...(methods === undefined ? {} : { methods }) };
}
/** The attribution bounded for the report JSON. */
function sizesJson(attribution) {
    const byBytes = (rows) => [...rows].sort((a, b) => b.bytes - a.bytes);
    const packages = byBytes(attribution.packages);
    const modules = byBytes(attribution.modules);
    const extraPackages = packages.slice(MAX_PACKAGES);
    const extraModules = modules.slice(MAX_MODULES);
    return {
        layout: attribution.layout,
        sections: attribution.sections.slice(0, MAX_SECTIONS),
        packages: [
            ...packages.slice(0, MAX_PACKAGES),
            ...(extraPackages.length > 0 ? [{ name: OTHER, module: '', ...summed(extraPackages) }] : [])
        ],
        modules: [
            ...modules.slice(0, MAX_MODULES),
            ...(extraModules.length > 0
                ? [
                    {
                        path: OTHER,
                        version: '',
                        packages: extraModules.reduce((n, m) => n + m.packages, 0),
                        ...summed(extraModules)
                    }
                ]
                : [])
        ],
        symbols: attribution.symbols,
        attributed: attribution.attributed,
        advice: attribution.advice,
        notes: attribution.notes,
        mechanisms: attribution.mechanisms.slice(0, MAX_MECHANISMS),
        placed: attribution.placed,
        others: { packages: extraPackages.length, modules: extraModules.length }
    };
}
/** A package's or module's bytes: the one figure its row shows. */
function ownBytes(row) {
    return row.bytes;
}
/** Changes smaller than this are noise (the linker shifts a few bytes around on any edit). */
const NOISE_FLOOR = 128;
/**
 * The part of a package's change that is exported methods: the change in its
 * `methods`, but never more than the package itself grew (or shrank). The
 * elf stage reports `methods` only where every exported method is kept, so
 * in a base without the mechanism it is 0, and methods the package had kept
 * anyway would otherwise be counted as new.
 */
function methodShare(delta, methods) {
    return delta >= 0 ? Math.min(Math.max(methods, 0), delta) : Math.max(Math.min(methods, 0), delta);
}
function changes(base, current) {
    const rows = [];
    let quiet = 0;
    for (const name of new Set([...base.keys(), ...current.keys()])) {
        if (name === OTHER)
            continue;
        const b = base.get(name);
        const c = current.get(name);
        const delta = (c?.bytes ?? 0) - (b?.bytes ?? 0);
        const versionChanged = b?.version !== c?.version && b !== undefined && c !== undefined;
        if (Math.abs(delta) < NOISE_FLOOR && !versionChanged) {
            if (delta !== 0)
                quiet++;
            continue;
        }
        const module = c?.module ?? b?.module;
        const methods = c?.methods ?? b?.methods;
        rows.push({
            name,
            base: b?.bytes ?? null,
            current: c?.bytes ?? null,
            delta,
            ...(b?.version !== undefined || c?.version !== undefined
                ? { baseVersion: b?.version ?? '', currentVersion: c?.version ?? '' }
                : {}),
            ...(module === undefined ? {} : { module }),
            ...(methods === undefined ? {} : { methods })
        });
    }
    rows.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.name.localeCompare(y.name));
    return { rows, quiet };
}
/**
 * Each package's share of exported methods in the change, by package, and
 * summed by module; both sides' packages, the quiet ones included.
 */
function methodShares(base, current) {
    const before = new Map(base.packages.map((p) => [p.name, p]));
    const now = new Map(current.packages.map((p) => [p.name, p]));
    const packages = new Map();
    const modules = new Map();
    let total = 0;
    for (const name of new Set([...before.keys(), ...now.keys()])) {
        const b = before.get(name);
        const c = now.get(name);
        if (b?.methods === undefined && c?.methods === undefined)
            continue;
        const share = methodShare((c?.bytes ?? 0) - (b?.bytes ?? 0), (c?.methods ?? 0) - (b?.methods ?? 0));
        packages.set(name, share);
        const module = c?.module ?? b?.module ?? '';
        modules.set(module, (modules.get(module) ?? 0) + share);
        total += share;
    }
    return { packages, modules, total };
}
function packageEntries(sizes, shares) {
    return new Map(sizes.packages.map((p) => {
        const share = shares.get(p.name);
        return [
            p.name,
            { bytes: p.bytes, module: p.module, ...(share === undefined ? {} : { methods: share }) }
        ];
    }));
}
function moduleEntries(sizes, shares) {
    return new Map(sizes.modules.map((m) => {
        const share = shares.get(m.path);
        return [
            m.path,
            { bytes: m.bytes, version: m.version, ...(share === undefined ? {} : { methods: share }) }
        ];
    }));
}
function sectionEntries(sizes) {
    return new Map(sizes.sections.map((s) => [s.name, { bytes: s.size }]));
}
function mechanismChanges(base, current) {
    const before = new Set(base.mechanisms.map((m) => m.id));
    const now = new Set(current.mechanisms.map((m) => m.id));
    return {
        added: current.mechanisms.filter((m) => !before.has(m.id)),
        gone: base.mechanisms.filter((m) => !now.has(m.id)),
        kept: current.mechanisms.filter((m) => before.has(m.id))
    };
}
/** What grew, shrank, appeared or disappeared between `base` and `current`. */
function diffSizes(base, current) {
    const shares = methodShares(base, current);
    const packages = changes(packageEntries(base, shares.packages), packageEntries(current, shares.packages));
    const modules = changes(moduleEntries(base, shares.modules), moduleEntries(current, shares.modules));
    // A module whose version changed leads its table, whatever its bytes.
    modules.rows.sort((a, b) => Number(versionChange(b) !== '') - Number(versionChange(a) !== ''));
    const sections = base.layout === current.layout
        ? changes(sectionEntries(base), sectionEntries(current))
        : { rows: [], quiet: 0 };
    const placed = (s) => s.placed.packages + s.placed.buckets;
    return {
        packages: packages.rows,
        modules: modules.rows,
        sections: sections.rows,
        quiet: packages.quiet + modules.quiet + sections.quiet,
        mechanisms: mechanismChanges(base, current),
        methods: shares.total,
        placed: placed(current) - placed(base)
    };
}
function isEmptyDiff(diff) {
    return diff.packages.length + diff.modules.length + diff.sections.length === 0;
}
/** `new`, `gone`, or the signed delta. */
function changeWord(change) {
    if (change.base === null)
        return `new, ${(0,_units_js__WEBPACK_IMPORTED_MODULE_0__/* .formatBytes */ .z3)(change.current ?? 0)}`;
    if (change.current === null)
        return `gone, ${(0,_units_js__WEBPACK_IMPORTED_MODULE_0__/* .formatSignedBytes */ .vN)(change.delta)}`;
    return (0,_units_js__WEBPACK_IMPORTED_MODULE_0__/* .formatSignedBytes */ .vN)(change.delta);
}
/** `v1.2.0 → v1.3.0`, `new v1.2.0`, `removed v1.2.0`, or '' when the version did not change. */
function versionChange(change) {
    const { baseVersion, currentVersion } = change;
    if (baseVersion === undefined || currentVersion === undefined)
        return '';
    if (change.base === null)
        return currentVersion === '' ? '' : `new ${currentVersion}`;
    if (change.current === null)
        return baseVersion === '' ? '' : `removed ${baseVersion}`;
    return baseVersion === currentVersion ? '' : `${baseVersion} → ${currentVersion}`;
}
/** Longest name a report shows; longer ones keep both ends (`github.com/aaaa…zzzz/pkg`). */
const NAME_LIMIT = 120;
/**
 * A name from a binary or a baseline cut to `limit` characters, keeping its
 * start and its end, where the package's own name is. Applied before layout,
 * so a crafted name cannot push the gates out of a comment.
 */
function capName(name, limit = NAME_LIMIT) {
    if (name.length <= limit)
        return name;
    const tail = Math.floor((limit - 1) / 2);
    const head = limit - 1 - tail;
    // Never split a surrogate pair: an unpaired half renders as a replacement character.
    const start = name.slice(0, head).replace(/[\ud800-\udbff]$/, '');
    const end = name.slice(name.length - tail).replace(/^[\udc00-\udfff]/, '');
    return `${start}…${end}`;
}
/** A name from the binary made safe for one log line: no control characters, bounded. */
function plainName(name) {
    // eslint-disable-next-line no-control-regex
    return capName(name).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
}
/** Compares this build's sizes with the baseline's; null when there is no baseline. */
function compareSizes(hasBaseline, base, current) {
    if (!hasBaseline)
        return null;
    if (!current)
        return { status: 'no-attribution' };
    if (!base)
        return { status: 'base-without-attribution' };
    return { status: 'compared', diff: diffSizes(base, current) };
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function isCount(value) {
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
function isParts(value) {
    return (isRecord(value) &&
        Object.entries(value).every(([kind, bytes]) => SIZE_KINDS.includes(kind) && isCount(bytes)));
}
function rowsOf(value, name, counts, limit, more = () => true) {
    return (Array.isArray(value) &&
        value.length <= limit &&
        value.every((row) => isRecord(row) &&
            typeof row[name] === 'string' &&
            counts.every((key) => isCount(row[key])) &&
            more(row)));
}
const sized = (row) => isParts(row.parts) && (row.methods === undefined || isCount(row.methods));
function isMechanism(row) {
    return (isRecord(row) &&
        typeof row.id === 'string' &&
        typeof row.message === 'string' &&
        Array.isArray(row.evidence) &&
        row.evidence.length <= 64 &&
        row.evidence.every((item) => typeof item === 'string') &&
        (row.functions === null || isCount(row.functions)) &&
        (row.bytes === null || isCount(row.bytes)));
}
/**
 * Whether a restored `binary.sizes` can be diffed: a baseline is untrusted
 * input, and one with a damaged `sizes` (or one saved in an older shape)
 * still compares its totals.
 */
function isSizesJson(value) {
    if (!isRecord(value))
        return false;
    const { others, placed } = value;
    return ((value.layout === 'sections' || value.layout === 'segments') &&
        rowsOf(value.sections, 'name', ['size', 'memory'], MAX_SECTIONS) &&
        rowsOf(value.packages, 'name', ['bytes'], MAX_PACKAGES + 1, (p) => typeof p.module === 'string' && sized(p)) &&
        rowsOf(value.modules, 'path', ['bytes', 'packages'], MAX_MODULES + 1, (m) => typeof m.version === 'string' && sized(m)) &&
        rowsOf(value.symbols, 'name', ['size'], 1000) &&
        isRecord(value.attributed) &&
        Array.isArray(value.advice) &&
        Array.isArray(value.notes) &&
        Array.isArray(value.mechanisms) &&
        value.mechanisms.length <= MAX_MECHANISMS &&
        value.mechanisms.every(isMechanism) &&
        isRecord(placed) &&
        isCount(placed.file) &&
        isCount(placed.packages) &&
        isCount(placed.buckets) &&
        isRecord(others) &&
        isCount(others.packages) &&
        isCount(others.modules));
}


/***/ }),

/***/ 7885:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bo: () => (/* binding */ formatExact),
/* harmony export */   CW: () => (/* binding */ formatDelta),
/* harmony export */   DB: () => (/* binding */ parseSize),
/* harmony export */   KW: () => (/* binding */ parseIncrease),
/* harmony export */   dh: () => (/* binding */ PERCENT_SCALE),
/* harmony export */   vN: () => (/* binding */ formatSignedBytes),
/* harmony export */   vW: () => (/* binding */ formatPercentChange),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/* harmony import */ var _ground_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6288);

/**
 * Byte units with their real meanings: SI prefixes are powers of 1000 (what
 * `docker images` and the blog posts print), IEC prefixes powers of 1024.
 * Lower-case spellings are accepted because nobody means bits here.
 */
const UNITS = {
    b: 1,
    kb: 1000,
    mb: 1000 ** 2,
    gb: 1000 ** 3,
    kib: 1024,
    mib: 1024 ** 2,
    gib: 1024 ** 3
};
const SIZE = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i;
const PERCENT = /^\+?(\d+(?:\.\d+)?|\.\d+)\s*%$/;
const SIZE_EXAMPLES = 'e.g. 8MB, 200KB, 1.5MiB, 585B';
const INCREASE_EXAMPLES = 'e.g. 5%, 200KB, or both: 5%,200KB';
/** Percentages are kept as integers of this many parts per percent so comparisons stay exact. */
const PERCENT_SCALE = 10_000;
function sizeError(input, value, why) {
    return new _ground_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`${input}: "${value}" is not a size: ${why}.`, [
        `Write a number and a unit, ${SIZE_EXAMPLES}. KB/MB/GB count in 1000s, KiB/MiB/GiB in 1024s.`
    ]);
}
/**
 * Parses a size such as `8MB`, `200 KB`, `1.5MiB` or `585B` into whole bytes.
 * A number without a unit is refused, naming the input. Fractions round to the nearest byte.
 * `input` names the action input for the error message.
 */
function parseSize(value, input) {
    const text = value.trim();
    const match = SIZE.exec(text);
    if (!match) {
        if (text.startsWith('-'))
            throw sizeError(input, value, 'sizes cannot be negative');
        throw sizeError(input, value, 'expected a number followed by a unit');
    }
    const [, number = '', unitText = ''] = match;
    const unit = unitText.toLowerCase();
    if (unit === '') {
        // `max-size: 20` is 20 B to a parser and 20 MB to a person: ask which.
        throw sizeError(input, value, `a size needs a unit: write ${number}B for bytes, or ${number}KB, ${number}MB`);
    }
    const factor = UNITS[unit];
    if (factor === undefined) {
        const hint = /^[kmg]$/i.test(unit)
            ? `"${unitText}" alone is ambiguous; write ${unitText.toUpperCase()}B (1000s) or ${unitText.toUpperCase()}iB (1024s)`
            : `unknown unit "${unitText}"`;
        throw sizeError(input, value, hint);
    }
    const bytes = Math.round(Number(number) * factor);
    if (!Number.isSafeInteger(bytes))
        throw sizeError(input, value, 'it is too large');
    return bytes;
}
/** Parses `5%` or `2.5 %` into percent × PERCENT_SCALE; null when the text is not a percentage. */
function parsePercent(text) {
    const match = PERCENT.exec(text);
    if (!match)
        return null;
    const [whole = '', fraction = ''] = (match[1] ?? '').split('.');
    if (fraction.length > 4)
        return null;
    return Number(whole || '0') * PERCENT_SCALE + Number(fraction.padEnd(4, '0'));
}
function increaseError(input, value, why) {
    return new _ground_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`${input}: "${value}" is not an allowed increase: ${why}.`, [
        `Write a percentage, a size, or both separated by a comma (both must then hold), ${INCREASE_EXAMPLES}.`
    ]);
}
/**
 * Parses `max-increase` / `warn-increase`: `5%`, `200KB`, or both
 * comma-separated (`5%,200KB`), in which case the change must stay within both.
 */
function parseIncrease(value, input) {
    const parts = value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '');
    if (parts.length === 0)
        throw increaseError(input, value, 'it is empty');
    if (parts.length > 2)
        throw increaseError(input, value, 'at most one percentage and one size');
    let percentScaled = null;
    let bytes = null;
    let sizeText = '';
    for (const part of parts) {
        if (part.includes('%')) {
            if (percentScaled !== null)
                throw increaseError(input, value, 'two percentages');
            percentScaled = parsePercent(part);
            if (percentScaled === null) {
                throw increaseError(input, value, `"${part}" is not a percentage like 5% or 2.5%`);
            }
        }
        else {
            if (bytes !== null)
                throw increaseError(input, value, 'two sizes');
            sizeText = part.replace(/^\+/, '');
            if (/^\d+(?:\.\d+)?$/.test(sizeText)) {
                throw increaseError(input, value, `"${part}" has no unit: write ${sizeText}% for a percentage, or a size such as ${sizeText}KB`);
            }
            try {
                bytes = parseSize(sizeText, input);
            }
            catch {
                throw increaseError(input, value, `"${part}" is neither a percentage nor a size`);
            }
        }
    }
    const text = [
        percentScaled === null ? '' : `${formatPercentScaled(percentScaled)}%`,
        bytes === null ? '' : sizeText
    ]
        .filter((part) => part !== '')
        .join(', ');
    return { percentScaled, bytes, text };
}
function formatPercentScaled(scaled) {
    const whole = Math.floor(scaled / PERCENT_SCALE);
    const fraction = String(scaled % PERCENT_SCALE)
        .padStart(4, '0')
        .replace(/0+$/, '');
    return fraction === '' ? String(whole) : `${whole}.${fraction}`;
}
const HUMAN_UNITS = ['kB', 'MB', 'GB', 'TB'];
/**
 * Bytes for people, SI like `docker images`: `585 B`, `13.4 kB`, `1.23 MB`,
 * three significant digits.
 */
function formatBytes(bytes) {
    const sign = bytes < 0 ? '-' : '';
    let value = Math.abs(bytes);
    if (value < 1000)
        return `${sign}${value} B`;
    let unit = 0;
    value /= 1000;
    // Rounding can carry into the next unit (999.96 kB prints as 1.00 MB, not 1000 kB).
    while (unit < HUMAN_UNITS.length - 1 && Number(value.toPrecision(3)) >= 1000) {
        value /= 1000;
        unit += 1;
    }
    return `${sign}${value.toPrecision(3)} ${HUMAN_UNITS[unit]}`;
}
/**
 * `1,234,567` — exact byte counts where people may compare digits. By hand:
 * the first toLocaleString loads ICU's locale data, 30 ms of every build.
 */
function formatExact(bytes) {
    const sign = bytes < 0 ? '-' : '';
    const [whole, fraction] = String(Math.abs(bytes)).split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
    return `${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}
/** Change in percent, signed: `+4.5%`, `-12%`, `+<0.1%`, `0%`; null when there is no base to divide by. */
function formatPercentChange(base, current) {
    if (base <= 0)
        return null;
    const delta = current - base;
    if (delta === 0)
        return '0%';
    const percent = (delta / base) * 100;
    const sign = delta > 0 ? '+' : '-';
    const size = Math.abs(percent);
    if (size < 0.1)
        return `${sign}<0.1%`;
    return `${sign}${size < 10 ? size.toFixed(1) : size.toFixed(0)}%`;
}
/** A signed change for people: `+1.23 kB (+4.5%)`, `-585 B (-1.0%)`, `no change`. */
function formatDelta(base, current) {
    const delta = current - base;
    if (delta === 0)
        return 'no change';
    const bytes = `${delta > 0 ? '+' : ''}${formatBytes(delta)}`;
    const percent = formatPercentChange(base, current);
    return percent === null ? bytes : `${bytes} (${percent})`;
}
/** A signed size for people: `+1.23 kB`, `-585 B`, `0 B`. */
function formatSignedBytes(delta) {
    return `${delta > 0 ? '+' : ''}${formatBytes(delta)}`;
}


/***/ }),

/***/ 6966:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {

module.exports = __webpack_require__.p + "4584837d9c137ddf8c99.ts";

/***/ })

};
