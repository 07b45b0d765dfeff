// Child processes for e2e tests that start their own servers (the emulator
// with JWT checks, nginx): started with deadlines, stopped in cleanup, their
// stderr passed through with a prefix.

import { spawn } from "node:child_process";
import net from "node:net";
import readline from "node:readline";

/** How long a server may take to say it is ready. */
const START_MS = 30_000;

/**
 * Starts `command` and waits until a stdout line matches `ready` (a RegExp;
 * its first group is returned as `match`) or, with `port`, until the port
 * accepts connections. Resolves to `{ child, match, stop() }`. With `quiet`,
 * stderr lines are kept for the error report but not printed.
 */
export async function startProcess(label, command, args, { ready, port, timeoutMs = START_MS, quiet = false } = {}) {
  console.log(`    $ ${command} ${args.join(" ")}`);
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  const output = [];
  readline.createInterface({ input: child.stderr }).on("line", (line) => {
    output.push(line);
    if (!quiet) console.log(`    [${label}] ${line}`);
  });
  const lines = readline.createInterface({ input: child.stdout });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  const exited = new Promise((_, reject) => {
    child.once("error", (error) => reject(new Error(`${label}: cannot start ${command}: ${error.message}`)));
    child.once("exit", (code, signal) =>
      reject(new Error(`${label} exited (${signal ?? `code ${code}`}) before it was ready; it said:\n${output.join("\n")}`)),
    );
  });
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} was not ready within ${timeoutMs / 1000}s`)), timeoutMs);
  });
  const readyLine = new Promise((resolve) => {
    lines.on("line", (line) => {
      console.log(`    [${label}] ${line}`);
      const found = ready?.exec(line);
      if (found) resolve(found[1] ?? found[0]);
    });
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const readiness = ready ? readyLine : waitForPort(port, timeoutMs, gone);
  try {
    const match = await Promise.race([readiness, exited, deadline]);
    return { child, match, stop };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    clearTimeout(timer);
    // The exit rejection is only for the start; later exits are the test's business.
    exited.catch(() => {});
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago (for servers that cannot take port 0). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once 127.0.0.1:`port` accepts a connection; polls until `timeoutMs` or `gone()`. */
export async function waitForPort(port, timeoutMs = START_MS, gone = () => false) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = net.connect({ port, host: "127.0.0.1" });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return port;
    if (gone()) return new Promise(() => {}); // the exit is reported by the caller
    if (Date.now() >= deadline) throw new Error(`nothing listened on 127.0.0.1:${port} within ${timeoutMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts the emulator binary xtask named in E2E_EMULATOR; resolves to `{ url, stop }`.
 * `quiet` leaves out its one-line-per-request log (for tests that make thousands).
 */
export async function startEmulator(args, { quiet = false } = {}) {
  const binary = process.env.E2E_EMULATOR;
  if (!binary) throw new Error("E2E_EMULATOR is not set; run the e2e tests with `cargo xtask test`");
  const started = await startProcess("emulator", binary, ["--port", "0", ...args], {
    ready: /^defender-api-emulator listening on (http:\/\/\S+?)\/?$/,
    quiet,
  });
  return { url: started.match, stop: started.stop };
}
