// What the benchmark's scripts share: the environment `cargo xtask bench` passes them.

/** The environment variable `name`, or exit 2 saying the script runs under `cargo xtask bench`. */
export function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set; run the benchmark with \`cargo xtask bench\``);
    process.exit(2);
  }
  return value;
}
