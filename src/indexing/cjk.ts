/**
 * Chinese (and Japanese, Korean) characters. Words in these scripts are not
 * set apart by spaces, so the word lists take each such character as a word
 * of its own, and each two side by side as another (words.ts); search takes
 * a short Chinese term from them.
 */

/** One character of the scripts written without spaces between words (BMP ranges, and the supplementary ideographs). */
const CJK_CHAR = /[\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]|[\ud840-\ud87f][\udc00-\udfff]/g;

/** True when every character of `s` belongs to those scripts. */
export function isCjk(s: string): boolean {
  return s.length > 0 && s.replace(CJK_CHAR, '') === '';
}
