/**
 * Annotated specs of the parser: each case shows the source and the tree it
 * must give, so a failure shows where.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { readMoment } from '../src/model/moment.js';
import { parse, print } from '../src/syntax/parse.js';
import { MARKER, matchMarker } from '../src/syntax/patterns.js';
import { render } from './render.js';

function spec(source: string, expected: string): void {
  const doc = parse(source);
  assert.equal(render(doc), expected.trim());
  assert.equal(print(doc), source);
}

describe('headers and entries', () => {
  test('a header at the start of the file opens an entry, with its title and body', () => {
    spec('10:25 2013-02-04\nwork, xen\nplain body text\n', `
document
  entry
    header: moment"10:25 2013-02-04"
    title: topic"work" punctuation"," space" " topic"xen"
    line: text"plain body text"`);
  });

  test('unpadded hours, months and days are headers, trailing spaces are kept as space', () => {
    spec('\n9:05 2025-9-1  \nGTD\n', `
document
  preamble
    blank
  entry
    header: moment"9:05 2025-9-1" space"  "
    title: topic"GTD"`);
  });

  test('a header line needs a blank line before it; otherwise it is body text', () => {
    spec('10:25 2013-02-04\nwork\n10:36 2013-02-04\nmore\n\n10:48 2013-02-04\nnext\n', `
document
  entry
    header: moment"10:25 2013-02-04"
    title: topic"work"
    line: text"10:36 2013-02-04"
    line: text"more"
    blank
  entry
    header: moment"10:48 2013-02-04"
    title: topic"next"`);
  });

  test('lines that almost look like headers stay text', () => {
    const doc = parse('\n 10:25 2013-02-04\n\n10:25  2013-02-04\n\n10:25 2013-02-04 x\n\n100:25 2013-02-04\n\n10:25 13-02-04\n');
    assert.equal(doc.chunks.length, 1);
    assert.equal(doc.chunks[0]!.preamble, true);
  });

  test('an impossible moment is still a header (the model reports it)', () => {
    const doc = parse('25:61 2013-02-30\nx\n');
    assert.equal(doc.chunks.length, 1);
    assert.equal(doc.chunks[0]!.preamble, false);
  });

  test('revision stamps after the header come before the title', () => {
    spec('11:03 2013-02-19\n(16:56 2013-02-22)\n(9:00 2013-3-1) \na, b\n', `
document
  entry
    header: moment"11:03 2013-02-19"
    revision-stamp: stamp"(16:56 2013-02-22)"
    revision-stamp: stamp"(9:00 2013-3-1)" space" "
    title: topic"a" punctuation"," space" " topic"b"`);
  });

  test('CRLF and lone CR line endings are tokens of their own', () => {
    spec('10:25 2013-02-04\r\nwork\r1, x\r\n', `
document
  entry
    header: moment"10:25 2013-02-04" newline"\\r\\n"
    title: topic"work" newline"\\r"
    item
      line: marker"1," text" x" newline"\\r\\n"`);
  });

  test('a byte order mark is kept as a leaf before the first entry', () => {
    spec('\uFEFF10:25 2013-02-04\nwork\n', `
document
  bom
  entry
    header: moment"10:25 2013-02-04"
    title: topic"work"`);
  });
});

describe('title lines', () => {
  test('topics, the ; qualifier and contN thread parts are separate tokens', () => {
    spec('10:25 2013-02-04\na, b, cont20, c, cont1, sub; for olaf \n', `
document
  entry
    header: moment"10:25 2013-02-04"
    title: topic"a" punctuation"," space" " topic"b" punctuation"," space" " thread-part"cont20" punctuation"," space" " topic"c" punctuation"," space" " thread-part"cont1" punctuation"," space" " topic"sub" punctuation";" space" " topic"for olaf" space" "`);
  });

  test('a URL or a shell line after the header is body, not a title', () => {
    spec('16:17 2013-02-26\nhttp://example.org/x\n\n15:43 2013-02-19\nx=1; for f in `ls`; do echo $f; done\n', `
document
  entry
    header: moment"16:17 2013-02-26"
    line: text"http://example.org/x"
    blank
  entry
    header: moment"15:43 2013-02-19"
    line: text"x=1; for f in \`ls\`; do echo $f; done"`);
  });
});

describe('the outline', () => {
  test('three levels of markers nest; text lines belong to the item above them', () => {
    spec('10:25 2013-02-04\nt\n1, one\n1), one.one\npasted\n(1), deep\n2, two\n', `
document
  entry
    header: moment"10:25 2013-02-04"
    title: topic"t"
    item
      line: marker"1," text" one"
      item
        line: marker"1)," text" one.one"
        line: text"pasted"
        item
          line: marker"(1)," text" deep"
    item
      line: marker"2," text" two"`);
  });

  test('an item stamp after the marker is a stamp token', () => {
    spec('10:25 2013-02-04\nt\n6, (13:13 2013-02-28)\nadded later\n', `
document
  entry
    header: moment"10:25 2013-02-04"
    title: topic"t"
    item
      line: marker"6," space" " stamp"(13:13 2013-02-28)"
      line: text"added later"`);
  });

  test('markers need a space or the line end after them; "1,2" and "2)x" are text', () => {
    spec('10:25 2013-02-04\nt\n1,2 three\n2)x\n3,\n', `
document
  entry
    header: moment"10:25 2013-02-04"
    title: topic"t"
    line: text"1,2 three"
    line: text"2)x"
    item
      line: marker"3,"`);
  });

  test("blank lines inside an item stay in it; blank lines before the next header are the entry's", () => {
    spec('10:25 2013-02-04\nt\n1, mail\n\nbody\n\n\n10:36 2013-02-04\nu\n', `
document
  entry
    header: moment"10:25 2013-02-04"
    title: topic"t"
    item
      line: marker"1," text" mail"
      blank
      line: text"body"
    blank
    blank
  entry
    header: moment"10:36 2013-02-04"
    title: topic"u"`);
  });
});

describe('inline tokens', () => {
  test('references keep their moment and item path; a trailing dot is punctuation of the text', () => {
    spec('10:25 2013-02-04\nt\nsee"11:07 2013-2-16"2.1. and "9:07 2013-2-22", "3)".\n', `
document
  entry
    header: moment"10:25 2013-02-04"
    title: topic"t"
    line: text"see" reference(punctuation"\\"" moment"11:07 2013-2-16" punctuation"\\"" item-path"2.1") text". and " reference(punctuation"\\"" moment"9:07 2013-2-22" punctuation"\\"") text", " item-reference(punctuation"\\"" item-path"3)" punctuation"\\"") text"."`);
  });

  test('\\TODO and \\DONE markers, with or without a colon', () => {
    spec('10:25 2013-02-04\nt\n2, \\TODO: check\nwhy... \\TODO\n\\DONE fixed\n', `
document
  entry
    header: moment"10:25 2013-02-04"
    title: topic"t"
    item
      line: marker"2," text" " todo(todo-marker"\\\\TODO:") text" check"
      line: text"why... " todo(todo-marker"\\\\TODO")
      line: todo(todo-marker"\\\\DONE") text" fixed"`);
  });

  test('email clip headers with and without quotes, address and date', () => {
    spec('10:25 2013-02-04\nt\n1, "A B <a@example.org>"_email_"Re: hi"_20130201_1747\n"C"_email_"S"\nD_email_"T"_20121024_2207\n', `
document
  entry
    header: moment"10:25 2013-02-04"
    title: topic"t"
    item
      line: marker"1," space" " mail-header(text"\\"A B <a@example.org>\\"_email_\\"Re: hi\\"_20130201_1747")
      line: mail-header(text"\\"C\\"_email_\\"S\\"")
      line: mail-header(text"D_email_\\"T\\"_20121024_2207")`);
  });

  test('GTD sessions and task time specs are tokens; the rest of the task is text', () => {
    spec("13:30 2013-02-22\nGTD\n0, 11:30-17:50 -17:32 9:50\n\n1, today\n1), 9:00-9:40 30' 2.5h 14:30- meeting. see\"9:07 2013-2-22\".\n", `
document
  entry
    header: moment"13:30 2013-02-22"
    title: topic"GTD"
    item
      line: marker"0," sessions(space" " time-spec"11:30-17:50" space" " time-spec"-17:32" space" " time-spec"9:50")
    blank
    item
      line: marker"1," text" today"
      item
        line: marker"1)," space" " time-spec"9:00-9:40" space" " time-spec"30'" space" " time-spec"2.5h" space" " time-spec"14:30-" text" meeting. see" reference(punctuation"\\"" moment"9:07 2013-2-22" punctuation"\\"") text"."`);
  });

  test('time specs are only read in GTD entries', () => {
    const doc = parse('13:30 2013-02-22\nnotes\n1, today\n1), 9:00-9:40 meeting\n');
    assert.ok(!render(doc).includes('time-spec'));
  });
});

describe('the hand-written predicates agree with the rules written as regular expressions', () => {
  const lineLike = fc.array(fc.constantFrom('1', '2', '9', '0', '12', '1234567', '(', ')', ',', ' ', '\t', 'x', ':', '-', '2013', '-02', '-2', '10:25 ', '9:07 '), { maxLength: 12 }).map((p) => p.join(''));

  test('markerAt finds exactly the markers MARKER describes, with their level, number and length', () => {
    fc.assert(
      fc.property(lineLike, (line) => {
        const m = MARKER.exec(line);
        const found = matchMarker(line);
        if (!m) return assert.equal(found, undefined);
        const level = m[1] !== undefined ? 1 : m[2] !== undefined ? 2 : 3;
        assert.deepEqual(found, { level, number: Number(m[1] ?? m[2] ?? m[3]), length: m[0].length });
      }),
      { numRuns: 3000 },
    );
  });

  test('readMoment reads exactly the moments of the written shape H:MM YYYY-M-D', () => {
    const shape = /^(\d{1,2}):(\d{1,2}) (\d{4})-(\d{1,2})-(\d{1,2})$/;
    fc.assert(
      fc.property(lineLike, (text) => {
        const m = shape.exec(text.trim());
        const moment = readMoment(text);
        // The same text inside a longer one, read by its bounds, reads the same.
        const within = readMoment(`7:${text}9`, 2, 2 + text.length);
        assert.equal(within?.code, moment?.code);
        if (!m) return assert.equal(moment, undefined);
        assert.deepEqual([moment!.hour, moment!.minute, moment!.year, moment!.month, moment!.day], m.slice(1).map(Number));
      }),
      { numRuns: 3000 },
    );
  });
});
