// Runs the official wasi-testsuite wasm32-wasip1 programs adapted to WASI 0.2
// components with a preview1 adapter, and checks each one's exit code and
// stdout against its .json (args, env, root directory mapped to "/",
// exit_code, stdout), the way the suite's test-runner does.
//
//   node testsuite.mjs --suite DIR --adapter ADAPTER.wasm --work DIR
//        --adapt wasi-adapt=PATH | --adapt jco=PATH  [--fallback jco=PATH]
//        --run wasi-run=PATH | --run jco=PATH  [--only NAME]...
//
// Prints "ok NAME" or "FAIL NAME: why" per program, then
// "N passed, N failed". The suite is read in place, never copied into the
// source tree; each root directory is copied to a scratch place first,
// since the programs change it.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, realpathSync } from "node:fs";
import { basename, join, resolve, dirname } from "node:path";
import { pathToFileURL } from "node:url";

const opts = { suite: [], only: [] };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, ""), value = process.argv[i + 1];
  if (key === "suite" || key === "only") opts[key].push(value);
  else opts[key] = value;
}
const [adaptKind, adaptTool] = opts.adapt.split("=");
const [runKind, runTool] = opts.run.split("=");
const work = resolve(opts.work);
mkdirSync(work, { recursive: true });

// Both tools take the same arguments. With --fallback jco=PATH, a module
// the first tool refuses is adapted by jco (said on a NOTE line), so that
// the adapter is still what gets judged.
function adapt(module, out, name) {
  const args = ["new", module, "--adapt", `wasi_snapshot_preview1=${opts.adapter}`, "-o", out];
  const r = spawnSync(adaptTool, args, { encoding: "utf8" });
  if (r.status === 0) return null;
  const why = `adapting with ${adaptKind} failed: ${(r.stderr || "").trim()}`;
  if (opts.fallback) {
    const f = spawnSync(opts.fallback.split("=")[1], args, { encoding: "utf8" });
    if (f.status === 0) {
      console.log(`NOTE ${name}: ${why}; adapted with jco instead`);
      return null;
    }
  }
  return why;
}

// The preview2-shim modules jco's transpiled output imports: the setup
// module must configure those very instances.
function shimPath(name) {
  const jcoDir = dirname(realpathSync(runTool));
  return pathToFileURL(resolve(jcoDir, "../../node_modules/@bytecodealliance/preview2-shim/lib/nodejs", name)).href;
}

function run(component, config, root, name) {
  const env = config.env || {};
  const args = config.args || [];
  if (runKind === "jco") {
    const setup = join(work, `${name}.setup.mjs`);
    writeFileSync(setup,
      `import { _setPreopens } from ${JSON.stringify(shimPath("filesystem.js"))};\n` +
      `import { _setEnv } from ${JSON.stringify(shimPath("cli.js"))};\n` +
      `_setPreopens(${JSON.stringify(root ? { "/": root } : {})});\n` +
      `_setEnv(${JSON.stringify(env)});\n`);
    return spawnSync(runTool, ["run", "--jco-import", setup, component, ...args],
      { encoding: "utf8", timeout: 60000, input: "" });
  }
  const argv = [];
  for (const [k, v] of Object.entries(env)) argv.push("--env", `${k}=${v}`);
  if (root) argv.push("--dir", `${root}::/`);
  return spawnSync(runTool, [...argv, component, ...args], { encoding: "utf8", timeout: 60000, input: "" });
}

let passed = 0, failed = 0;
for (const suite of opts.suite) {
  const programs = readdirSync(suite).filter((f) => f.endsWith(".wasm")).sort();
  for (const file of programs) {
    const name = basename(file, ".wasm");
    if (opts.only.length && !opts.only.includes(name)) continue;
    const jsonPath = join(suite, `${name}.json`);
    const config = existsSync(jsonPath) ? JSON.parse(readFileSync(jsonPath, "utf8")) : {};
    const label = `${basename(dirname(dirname(resolve(suite))))}/${name}`;
    const component = join(work, `${name}.component.wasm`);
    let why = adapt(join(suite, file), component, name);
    let root = null;
    if (!why && config.root) {
      root = join(work, `${name}.root`);
      rmSync(root, { recursive: true, force: true });
      cpSync(join(suite, config.root), root, { recursive: true, verbatimSymlinks: true });
    }
    if (!why) {
      const r = run(component, config, root, name);
      const want = config.exit_code ?? 0;
      if (r.error) why = `could not run: ${r.error.message}`;
      else if (r.status !== want) why = `exit code ${r.status}, expected ${want}`;
      else if (config.stdout !== undefined && !r.stdout.startsWith(config.stdout))
        why = `stdout ${JSON.stringify(r.stdout.slice(0, 80))}, expected ${JSON.stringify(config.stdout)}`;
      if (why && r.stderr) why += `\n    stderr: ${r.stderr.trim().split("\n").slice(-3).join("\n    ")}`;
    }
    if (root) rmSync(root, { recursive: true, force: true });
    if (why) { failed++; console.log(`FAIL ${label}: ${why}`); }
    else { passed++; console.log(`ok ${label}`); }
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
