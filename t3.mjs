import { openIndex } from './dist/src/indexing/open.js';
import { search } from './dist/src/search/run.js';
import { parseQuery } from './dist/src/search/query.js';
import { spawnSync } from 'node:child_process';
const [file, idxf, ...qs] = process.argv.slice(2);
const idx = openIndex(idxf);
for (const q of qs) {
  const ts=[]; let r;
  for (let i=0;i<5;i++){ const t=performance.now(); r=search(idx.db,{terms:parseQuery(q),limit:20}); ts.push(performance.now()-t); }
  ts.sort((a,b)=>a-b);
  const rs=[]; for (let i=0;i<3;i++){ const t=performance.now(); spawnSync('rg',['-i','-F','-n','--no-heading',q,file],{stdio:'ignore'}); rs.push(performance.now()-t);} rs.sort((a,b)=>a-b);
  console.log(q.padEnd(14), ts[2].toFixed(1).padStart(7), 'ms  rg', rs[1].toFixed(0).padStart(5), ' ratio', (rs[1]/ts[2]).toFixed(1).padStart(6), r.total, r.exact);
}
