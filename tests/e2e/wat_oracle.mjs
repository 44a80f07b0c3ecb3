// node wat_oracle.mjs JCO_DIR OUTDIR
// For every "N dir/file.wast:LINE" in OUTDIR/manifest.txt, parses OUTDIR/N.wat
// with jco's wasm-tools parser and compares the bytes with OUTDIR/N.wasm (ours).
// Prints one line per case: "same KEY", "differ KEY: detail" or
// "jco-error KEY: message"; one node process does them all.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [jcoDir, outDir] = process.argv.slice(2);
const api = await import(pathToFileURL(resolve(jcoDir, "src/api.js")).href);

const lines = readFileSync(join(outDir, "manifest.txt"), "utf8").split("\n").filter(Boolean);
for (const line of lines) {
    const [n, key] = line.split(" ");
    const text = readFileSync(join(outDir, `${n}.wat`), "utf8");
    const ours = readFileSync(join(outDir, `${n}.wasm`));
    let theirs;
    try {
        theirs = Buffer.from(await api.parse(text));
    } catch (e) {
        const msg = String(e && e.message ? e.message : e).split("\n")[0];
        console.log(`jco-error ${key}: ${msg}`);
        continue;
    }
    if (theirs.equals(ours)) {
        console.log(`same ${key}`);
        continue;
    }
    let at = 0;
    while (at < ours.length && at < theirs.length && ours[at] === theirs[at]) at++;
    const hex = (b) => (at < b.length ? "0x" + b[at].toString(16).padStart(2, "0") : "end");
    console.log(`differ ${key}: ours ${ours.length} bytes, jco ${theirs.length}; ` +
                `first difference at offset ${at} (ours ${hex(ours)}, jco ${hex(theirs)}) [${n}.wat]`);
}
