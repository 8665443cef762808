/**
 * Chinese (and Japanese, Korean) text for the full-text tables. Words in
 * these scripts are not set apart by spaces, so a tokenizer that looks for
 * words finds none, or takes a whole sentence (and the Latin word glued to
 * it) for one. The `words` table is therefore given the text with a space
 * around every such character: each is a token of its own, and a Chinese
 * word is a phrase of its characters, found with its position.
 */

/** One character of the scripts written without spaces between words (BMP ranges, and the supplementary ideographs). */
const CJK_CHAR = /[\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]|[\ud840-\ud87f][\udc00-\udfff]/g;

/** True when every character of `s` belongs to those scripts. */
export function isCjk(s: string): boolean {
  return s.length > 0 && s.replace(CJK_CHAR, '') === '';
}

/** The text with a space around every CJK character: "用上ao_how" gives " 用  上 ao_how". */
export function spaceCjk(text: string): string {
  return text.replace(CJK_CHAR, ' $& ');
}
