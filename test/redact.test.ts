/**
 * Redaction: mail addresses, phone numbers, names and patterns replaced in
 * the copy going out; dates, times, log numbers and references left alone.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { redactor, checkRedactSpec } from '../src/query/redact.js';
import { sampleText } from './helpers.js';

test('mail addresses, phones, names and patterns are replaced; everything else is kept', () => {
  const r = redactor({ names: ['Ada Lovelace', 'Ada', '王小明'], patterns: ['ticket-\\d+'] });
  assert.equal(r('mail ada.l@example.com or <ops@host> today'), 'mail [mail] or <[mail]> today');
  assert.equal(r('call +49 911 740 530 or 138-1234-5678 or (010) 6253 1234'), 'call [phone] or [phone] or [phone]');
  assert.equal(r('Ada Lovelace met Ada and 王小明说 ticket-42 fixed'), '[name] met [name] and [name]说 [redacted] fixed');
  // Words that contain a name are not the name.
  assert.equal(r('Adamant Canada'), 'Adamant Canada');
  // Dates, times, references, addresses in logs and plain numbers stay.
  const kept = 'see"11:07 2013-2-16"5. at 2013-02-25 06:12:01 addr 0000000000100000 pid 1363078492 call 8678023870 @@ -156,6 +156,7 @@';
  assert.equal(r(kept), kept);
});

test('mail and phone can be turned off; no spec with nothing to do changes nothing', () => {
  assert.equal(redactor({ mail: false, phone: false })('a@b.c +49 911 740 530'), 'a@b.c +49 911 740 530');
  assert.equal(redactor({ mail: false })('a@b.c +49 911 740 530'), 'a@b.c [phone]');
});

test('people from the journal are replaced only when the spec asks', () => {
  assert.equal(redactor({}, ['Shawn Chang'])('ask Shawn Chang'), 'ask Shawn Chang');
  assert.equal(redactor({ people: true }, ['Shawn Chang'])('ask shawn  chang'), 'ask [name]');
});

test('a pattern with groups of its own does not shift the labels', () => {
  const r = redactor({ patterns: ['(secret)-(\\w+)'], names: ['Bob'] });
  assert.equal(r('secret-x Bob a@b.c'), '[redacted] [name] [mail]');
});

test('bad specs are refused with what was expected', () => {
  assert.equal(checkRedactSpec({ mail: true, names: ['x'] }), undefined);
  assert.match(checkRedactSpec([]) ?? '', /an object/);
  assert.match(checkRedactSpec({ mail: 'yes' }) ?? '', /true or false for "mail"/);
  assert.match(checkRedactSpec({ patterns: ['('] }) ?? '', /not one/);
  assert.match(checkRedactSpec({ patterns: ['x*'] }) ?? '', /empty text/);
  assert.match(checkRedactSpec({ colour: 1 }) ?? '', /"colour" is not one/);
});

test('the sample: no mail address remains after redaction', (t) => {
  const text = sampleText(t);
  if (text === undefined) return;
  const out = redactor()(text);
  assert.doesNotMatch(out, /[\w.%+-]+@[\w-]+/);
  // Only what was redacted changed: the text has as many lines.
  assert.equal(out.split('\n').length, text.split('\n').length);
});
