import Database from 'better-sqlite3';
const db = new Database('/tmp/s100.idx', { readonly: true });
db.exec("attach '/tmp/s100.idx-grams' as grams");
const T=(label,f)=>{ const ts=[]; let r; for(let i=0;i<3;i++){const t=performance.now(); r=f(); ts.push(performance.now()-t);} console.log(label.padEnd(12),Math.min(...ts).toFixed(1),'ms',JSON.stringify(r).slice(0,60)); };
for (const [w,sp,g] of [['review','"review"','"rev" AND "evi" AND "vie" AND "iew"'],['延迟','"延 迟"',null],['the','"the"','"the"']]) {
  console.log('==',w);
  if (g) T('grams count', ()=>db.prepare('SELECT count(*) n FROM grams.grams WHERE grams MATCH ?').get(g));
  T('words count', ()=>db.prepare('SELECT count(*) n FROM words WHERE words MATCH ?').get(sp));
  T('entry count', ()=>db.prepare('SELECT count(*) n FROM entry e WHERE e.id IN (SELECT rowid FROM words WHERE words MATCH ?)').get(sp));
  T('bm25 lim', ()=>db.prepare('SELECT rowid, bm25(words) s FROM words WHERE words MATCH ? ORDER BY s LIMIT 24').raw().all(sp).length);
  T('rowid desc', ()=>db.prepare('SELECT rowid FROM words WHERE words MATCH ? ORDER BY rowid DESC LIMIT 1000').raw().all(sp).length);
  T('bm25 win', ()=>db.prepare('SELECT rowid, bm25(words) s FROM words WHERE words MATCH ? AND rowid >= ? ORDER BY s LIMIT 24').raw().all(sp, 190000).length);
}
