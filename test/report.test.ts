/**
 * The work report's second pass: sections (done, in progress, next,
 * problems), each point ending with a reference that `daybook show` finds,
 * the hours and balance equal to `daybook hours`, byte-identical output,
 * English or Chinese labels, and the stand-up.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { main } from '../src/cli/main.js';
import { EXAMPLE, SAMPLE, fingerprint, sampleText, tempDir, tempFile } from './helpers.js';

/** Runs `daybook ARGS` in this process. */
async function run(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const io = { stdout: { write: (s: string) => void (out += s) }, stderr: { write: (s: string) => void (err += s) }, env: { NO_COLOR: '1', DAYBOOK_PAGER: '', HOME: tempDir(), ...env }, cwd: tempDir() };
  const code = await main(args, io);
  return { code, out, err };
}

/** Every reference a report's text ends its points with, as `daybook show` takes them: `"14:14 2013-2-27"6`. */
function referencesOf(text: string): string[] {
  const refs: string[] = [];
  for (const line of text.split('\n')) {
    const m = /see("[^"]+"[\d.]*(?:, "[^"]+"[\d.]*)*)\.$/.exec(line);
    if (!m) continue;
    for (const r of m[1]!.split(', ')) refs.push(r.replace(/\.$/, ''));
  }
  return refs;
}

const FIXTURE = [
  '9:00 2025-09-29',
  'garden, irrigation, drip line',
  '1, laid the drip line along the north bed.',
  '',
  '10:00 2025-10-06',
  'garden, irrigation, drip line, cont1',
  '1, the timer valve sticks.',
  '2, problem: the pressure drops below 1 bar at the far end.',
  '3, (16:00 2025-10-14) replaced the valve.',
  '',
  '11:00 2025-10-06',
  'kitchen, oven; thermostat',
  '1, the oven fails to heat past 150 degrees.',
  '2, ordered a new sensor. \\TODO fit the sensor',
  '',
  '12:00 2025-10-07',
  '读书, 笔记',
  '1, 读完第三章.',
  '2, 问题: 第五节的推导看不懂.',
  '',
  '13:00 2025-10-07',
  'mail',
  '1, "Ada <ada@example.com>"_email_"the pump failed"_20251007_1200',
  'the pump failed again overnight.',
  '',
  '9:00 2025-10-08',
  'GTD',
  '0, 9:00-17:00',
  '',
  '1, today',
  '1), 9:00-11:00 drip line. see"10:00 2025-10-6".',
  '2), 11:00-12:00 oven. see"11:00 2025-10-6"2.',
  '3), 13:00-14:00 fence paint, error in the colour.',
  '4), 14:00- 读书. see"12:00 2025-10-7".',
  '5), \\TODO call the plumber',
  '6), Summary: a fair day.',
  '',
  '10:00 2025-10-13',
  'garden, irrigation, drip line, cont2',
  '1, flushed the line.',
  '',
].join('\n');

describe('the report\'s sections', () => {
  test('done, in progress, next, problems and hours, each point with its reference', async () => {
    const file = tempFile('garden.txt', FIXTURE);
    const before = fingerprint(file);
    const r = await run(['report', '--week', '2025-W41', '--journal', file], { DAYBOOK_NOW: '2026-01-01 12:00' });
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.out,
      [
        'work report - 2025-W41',
        '1, done',
        // A task that refers to nothing is a piece of its own; its failure word is no problem (tasks are not read for problems).
        '1), fence paint, error in the colour: 1 h on 1 day. see"9:00 2025-10-8"1.3.',
        // A span left open on a day before today is not work going on.
        '2), 读书, 笔记. see"12:00 2025-10-7".',
        '3), mail. see"13:00 2025-10-7".',
        '2, in progress',
        // A later part of the thread (and an item stamped later): goes on.
        '1), garden, irrigation, drip line: 2 h on 1 day, goes on 2025-10-13. see"10:00 2025-10-6".',
        // An open TODO: goes on.
        '2), kitchen, oven; thermostat: 1 h on 1 day. see"11:00 2025-10-6".',
        '3, next',
        '1), \\TODO fit the sensor. see"11:00 2025-10-6"2.',
        '2), \\TODO call the plumber. see"9:00 2025-10-8"1.5.',
        '4, problems',
        '1), 2025-10-08: focus 4 h of 6 h, 2 h short. see"9:00 2025-10-8".',
        '2), problem: the pressure drops below 1 bar at the far end. see"10:00 2025-10-6"2.',
        '3), the oven fails to heat past 150 degrees. see"11:00 2025-10-6"1.',
        '4), 问题: 第五节的推导看不懂. see"12:00 2025-10-7"2.',
        '5, hours',
        '1), garden, irrigation, drip line: 2 h. see"10:00 2025-10-6".',
        '2), kitchen, oven; thermostat: 1 h. see"11:00 2025-10-6".',
        '3), fence paint, error in the colour: 1 h. see"9:00 2025-10-8"1.3.',
        '4), focus 4 h of 6 h, short 2 h. see"9:00 2025-10-8".',
        '',
      ].join('\n'),
    );
    // Every reference resolves to what it names: the entry, or the item.
    for (const ref of referencesOf(r.out)) {
      const shown = await run(['show', ref, '--journal', file]);
      assert.equal(shown.code, 0, `${ref}: ${shown.err}`);
    }
    assert.match((await run(['show', '"9:00 2025-10-8"1.3', '--journal', file])).out, /^3\), 13:00-14:00 fence paint/m);
    assert.equal(fingerprint(file), before, 'reading changed nothing');
  });

  test('the open span of today is work in progress; the mail\'s words are no problem', async () => {
    const file = tempFile('garden.txt', FIXTURE);
    const r = await run(['report', '--week', '2025-W41', '--journal', file, '--json'], { DAYBOOK_NOW: '2025-10-08 15:00' });
    assert.equal(r.code, 0, r.err);
    const rep = JSON.parse(r.out) as { sections: Record<string, { text: string; minutes?: number; ref: string; moment: string; path?: string }[]> };
    const reading = rep.sections.inProgress!.find((p) => p.text === '读书, 笔记');
    assert.deepEqual(reading && [reading.minutes, reading.ref, reading.moment], [60, 'see"12:00 2025-10-7".', '2025-10-07T12:00']);
    assert.ok(!JSON.stringify(rep.sections.problems).includes('pump'), 'a mail clip says nothing of the week\'s problems');
  });

  test('Chinese labels by the config; Markdown; the same bytes every time', async () => {
    const file = tempFile('garden.txt', FIXTURE);
    const config = tempFile('config.json', JSON.stringify({ language: 'zh', balance: 'shortfall' }));
    const env = { DAYBOOK_NOW: '2026-01-01 12:00' };
    const zh = await run(['report', '--week', '2025-W41', '--journal', file, '--config', config], env);
    assert.match(zh.out, /^工作报告 - 2025-W41\n1, 已完成\n1\), fence paint, error in the colour: 1 h, 1 天\. see"9:00 2025-10-8"1\.3\.\n/);
    assert.match(zh.out, /\n2, 进行中\n1\), garden, irrigation, drip line: 2 h, 1 天, 2025-10-13 继续\. see"10:00 2025-10-6"\.\n/);
    assert.match(zh.out, /\n3, 下一步\n(.*\n){2}4, 问题\n1\), 2025-10-08: 专注 4 h \/ 目标 6 h, 差 2 h\. /);
    assert.match(zh.out, /\n5, 工时\n(.*\n){3}4\), 专注 4 h \/ 目标 6 h, 差 2 h \(只计不足\)\. see"9:00 2025-10-8"\.\n$/);
    const md = await run(['report', '--week', '2025-W41', '--journal', file, '--markdown'], env);
    assert.match(md.out, /^# work report - 2025-W41\n\n## Done\n\n- fence paint, error in the colour: 1 h on 1 day\. see"9:00 2025-10-8"1\.3\.\n/);
    assert.match(md.out, /\n## Next\n\n- \\TODO fit the sensor\. see"11:00 2025-10-6"2\.\n/);
    for (const args of [['report', '--week', '2025-W41'], ['report', '--week', '2025-W41', '--markdown'], ['report', '--standup']]) {
      const a = await run([...args, '--journal', file], env);
      const b = await run([...args, '--journal', file], env);
      assert.equal(a.out, b.out, args.join(' '));
    }
  });

  test('a point that ends in a question keeps its mark; a long line is cut', async () => {
    const long = 'x'.repeat(900);
    const file = tempFile('q.txt', ['10:00 2025-10-06', 'design, cache', '1, question: should the cache be per user?', `2, ${long} crashed`, ''].join('\n'));
    const r = await run(['report', '--week', '2025-W41', '--journal', file], { DAYBOOK_NOW: '2026-01-01 12:00' });
    assert.match(r.out, /\n1\), question: should the cache be per user\? see"10:00 2025-10-6"1\.\n/);
    assert.match(r.out, /\n2\), x{199}… see"10:00 2025-10-6"2\.\n/);
  });
  test('a section holds at most 200 points and counts the rest, in text and JSON', async () => {
    const todos = Array.from({ length: 250 }, (_, i) => `${i + 1}, step ${i + 1}. \\TODO do step ${i + 1}`);
    const file = tempFile('many.txt', ['10:00 2025-10-06', 'plan, steps', ...todos, ''].join('\n'));
    const env = { DAYBOOK_NOW: '2026-01-01 12:00' };
    const r = await run(['report', '--week', '2025-W41', '--journal', file], env);
    assert.match(r.out, /\n200\), \\TODO do step 200\. see"10:00 2025-10-6"200\.\n201\), and 50 more \(/);
    const json = JSON.parse((await run(['report', '--week', '2025-W41', '--journal', file, '--json'], env)).out) as { sections: { next: unknown[]; more: Record<string, number> } };
    assert.deepEqual([json.sections.next.length, json.sections.more], [200, { next: 50 }]);
  });
});

describe('the stand-up', () => {
  test('yesterday and today, today\'s TODOs, the problems of both; a Monday gets the last day with entries', async () => {
    const file = tempFile('garden.txt', FIXTURE);
    const r = await run(['report', '--standup', '--journal', file], { DAYBOOK_NOW: '2025-10-08 15:00' });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^standup - 2025-10-08\n1, yesterday \(2025-10-07\)\n1\), 读书, 笔记\. see"12:00 2025-10-7"\.\n2\), mail\. see"13:00 2025-10-7"\.\n2, today \(2025-10-08\)\n/);
    assert.match(r.out, /\n\d\), garden, irrigation, drip line: 2 h on 1 day, goes on 2025-10-13\. see"10:00 2025-10-6"\.\n/);
    assert.match(r.out, /\n\d\), 读书, 笔记: 1 h on 1 day\. see"12:00 2025-10-7"\.\n/);
    assert.match(r.out, /\n\d\), \\TODO call the plumber\. see"9:00 2025-10-8"1\.5\.\n3, problems\n1\), 问题: 第五节的推导看不懂\. see"12:00 2025-10-7"2\.\n$/);
    // The Monday after: the last day with entries before it was the Wednesday.
    const monday = await run(['report', '--standup', '--journal', file], { DAYBOOK_NOW: '2025-10-13 09:30' });
    assert.match(monday.out, /^standup - 2025-10-13\n1, yesterday \(2025-10-08\)\n/);
    assert.match(monday.out, /\n\d, today \(2025-10-13\)\n1\), garden, irrigation, drip line\. see"10:00 2025-10-13"\.\n/);
    const json = JSON.parse((await run(['report', '--standup', '--journal', file, '--json'], { DAYBOOK_NOW: '2025-10-13 09:30' })).out) as { yesterday: { date: string } };
    assert.equal(json.yesterday.date, '2025-10-08');
  });

  test('--standup with a range is refused, with what to give instead', async () => {
    const r = await run(['report', '--standup', '--week', '2025-W41', '--journal', EXAMPLE]);
    assert.equal(r.code, 2);
    assert.match(r.err, /--standup with a range\n.*DAYBOOK_NOW="2013-02-28 09:30"/);
  });
});

/** The ISO weeks the sample's entry headers fall in, read from the text in place. */
function sampleWeeks(text: string): string[] {
  const weeks = new Set<string>();
  for (const m of text.matchAll(/^\d{1,2}:\d{2} (\d{4})-(\d{1,2})-(\d{1,2})\s*$/gm)) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    const thursday = new Date(d);
    thursday.setUTCDate(d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7));
    const jan4 = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
    const week = 1 + Math.round((thursday.getTime() - jan4.getTime()) / 86_400_000 / 7 - 3 / 7 + ((jan4.getUTCDay() + 6) % 7) / 7);
    weeks.add(`${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`);
  }
  return [...weeks].sort();
}

for (const [name, journal] of [['the sample', SAMPLE], ['the example journal', EXAMPLE]] as const) {
  test(`every week of ${name}: each reference resolves, the hours equal daybook hours to the minute, the output is stable`, async (t) => {
    let text: string;
    if (journal === SAMPLE) {
      const s = sampleText(t);
      if (s === undefined) return;
      text = s;
    } else text = fs.readdirSync(EXAMPLE).map((f) => fs.readFileSync(path.join(EXAMPLE, f), 'utf8')).join('\n');
    const env = { DAYBOOK_NOW: '2027-01-01 12:00' };
    const weeks = sampleWeeks(text);
    assert.ok(weeks.length >= 4, `${weeks.length} weeks`);
    let refs = 0;
    for (const week of weeks) {
      const out = await run(['report', '--week', week, '--journal', journal], env);
      assert.equal(out.code, 0, out.err);
      assert.equal((await run(['report', '--week', week, '--journal', journal], env)).out, out.out, `${week}: the same bytes twice`);
      for (const ref of referencesOf(out.out)) {
        const shown = await run(['show', ref, '--journal', journal], env);
        assert.equal(shown.code, 0, `${week}: ${ref} does not resolve: ${shown.err}`);
        refs++;
      }
      // Every line after the title is a section or a point, and every point ends with its reference.
      for (const line of out.out.split('\n').slice(1, -1)) assert.match(line, /^\d+, [a-z ]+$|^\d+\), .* see"[^"]+"[\d.]*(, "[^"]+")*\.$/, `${week}: ${line}`);
      const rep = JSON.parse((await run(['report', '--week', week, '--journal', journal, '--json'], env)).out) as { focusMinutes: number; targetMinutes: number; balanceMinutes: number; groups: { minutes: number }[]; tasks: { minutes: number }[] };
      const hours = JSON.parse((await run(['hours', '--week', week, '--journal', journal, '--json'], env)).out) as { weeks: { week: string; focusMinutes: number; targetMinutes: number; balanceMinutes: number }[] };
      const w = hours.weeks.find((x) => x.week === week)!;
      assert.deepEqual([rep.focusMinutes, rep.targetMinutes, rep.balanceMinutes], [w.focusMinutes, w.targetMinutes, w.balanceMinutes], `${week}: focus, target and balance`);
      assert.equal(rep.groups.reduce((n, g) => n + g.minutes, 0), rep.tasks.reduce((n, x) => n + x.minutes, 0), `${week}: every task's minutes are in the hours by piece`);
    }
    assert.ok(refs > 20, `${refs} references followed`);
  });
}
