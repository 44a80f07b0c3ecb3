// Runs one wasi-testsuite program under wasi-run the way the suite's
// test-runner does (test-runner/wasi_test_runner/test_suite_runner.py):
// the .json's "operations" in order (run with args, env and root as
// --dir ROOT::/; write a payload to stdin; read exactly the payload's
// length from stdout or stderr and compare; wait for the exit code), or a
// legacy config (args, env, root, exit_code, stdout). stdin, stdout and
// stderr are pipes, as there; stdin stays open until the run ends.
//
//   node testsuite_ops.mjs WASI_RUN TEST.wasm [TEST.json] WORKDIR
// Exit 0 when the test passes; else the reason on stderr and exit 1.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const [tool, wasm, jsonArg, work] = process.argv.slice(2);
const timeoutMs = 60000;

function fail(message, out = "", err = "") {
    process.stderr.write(message + "\n");
    if (out) process.stderr.write("stdout: " + out.slice(0, 400) + "\n");
    if (err) process.stderr.write("stderr: " + err.slice(0, 800) + "\n");
    process.exit(1);
}

let config = {};
if (jsonArg && fs.existsSync(jsonArg))
    config = JSON.parse(fs.readFileSync(jsonArg, "utf8"));
let ops = config.operations;
if (!ops) {
    // A legacy config is one run, a wait for its exit code and the whole
    // of stdout when given.
    ops = [{ type: "run", args: config.args, env: config.env, root: config.root },
           { type: "wait", exit_code: config.exit_code ?? 0, stdout: config.stdout }];
}

// The root directory: a fresh copy (the tests change it).
function rootDir(root) {
    const src = path.join(path.dirname(wasm), root);
    const dst = path.join(work, "root");
    fs.rmSync(dst, { recursive: true, force: true });
    fs.cpSync(src, dst, { recursive: true, verbatimSymlinks: true });
    return dst;
}

let child = null;
const bufs = { stdout: "", stderr: "" };
const waiters = [];
let exited = null;

function wake() {
    for (const w of waiters.splice(0)) w();
}

function untilTrue(pred, what) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("timeout waiting for " + what)), timeoutMs);
        const check = () => {
            if (pred()) { clearTimeout(timer); resolve(); } else waiters.push(check);
        };
        check();
    });
}

async function run() {
    for (const op of ops) {
        switch (op.type) {
        case "run": {
            const argv = [];
            for (const [k, v] of Object.entries(op.env || {})) argv.push("--env", `${k}=${v}`);
            if (op.root) argv.push("--dir", `${rootDir(op.root)}::/`);
            argv.push(wasm, ...(op.args || []));
            child = spawn(tool, argv, { stdio: ["pipe", "pipe", "pipe"] });
            child.stdout.setEncoding("utf8");
            child.stderr.setEncoding("utf8");
            child.stdout.on("data", (d) => { bufs.stdout += d; wake(); });
            child.stderr.on("data", (d) => { bufs.stderr += d; wake(); });
            child.stdin.on("error", () => {});
            child.on("close", (code, signal) => { exited = { code, signal }; wake(); });
            break;
        }
        case "write":
            child.stdin.write(op.payload ?? "");
            break;
        case "read": {
            const id = op.id ?? "stdout", want = op.payload ?? "";
            await untilTrue(() => bufs[id].length >= want.length || exited, `${want.length} characters on ${id}`);
            const got = bufs[id].slice(0, want.length);
            bufs[id] = bufs[id].slice(want.length);
            if (got !== want)
                fail(`read ${id}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`, bufs.stdout, bufs.stderr);
            break;
        }
        case "wait": {
            await untilTrue(() => exited, "the exit");
            const want = op.exit_code ?? 0;
            if (exited.code !== want)
                fail(`exit ${exited.code ?? exited.signal}, expected ${want}`, bufs.stdout, bufs.stderr);
            if (op.stdout !== undefined && bufs.stdout !== op.stdout)
                fail(`stdout ${JSON.stringify(bufs.stdout.slice(0, 80))}, expected ${JSON.stringify(op.stdout.slice(0, 80))}`,
                     "", bufs.stderr);
            break;
        }
        default:
            fail(`operation ${op.type} is not supported by this driver`);
        }
    }
    if (child && !exited) {
        child.kill("SIGKILL");
        fail("the program was still running after the last operation");
    }
}

run().then(() => process.exit(0), (e) => {
    if (child && !exited) child.kill("SIGKILL");
    fail(e.message, bufs.stdout, bufs.stderr);
});
