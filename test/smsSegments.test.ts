import { smsSegments } from '../lib';
import { ucs2Characters } from '../lib/sms/ucs2Characters';

const EURO = '€';
const SMILE = '🙂'; // outside the BMP: a surrogate pair, 2 UTF-16 units

describe('smsSegments', () => {
  it.each([
    [160, 1],
    [161, 2],
    [153 * 2, 2],
    [153 * 2 + 1, 3],
    [153 * 3, 3],
  ])('sends %i GSM-7 characters as %i segment(s)', (length, segments) => {
    expect(smsSegments('a'.repeat(length))).toEqual({ encoding: 'GSM-7', segments, units: length });
  });

  it.each([
    [70, 1],
    [71, 2],
    [134, 2],
    [135, 3],
    [67 * 3, 3],
  ])('sends %i UCS-2 characters as %i segment(s)', (length, segments) => {
    expect(smsSegments('ó'.repeat(length))).toEqual({ encoding: 'UCS-2', segments, units: length });
  });

  it('counts the extension characters as 2 septets', () => {
    for (const char of ['^', '{', '}', '\\', '[', '~', ']', '|', EURO, '\f']) {
      expect(smsSegments(`a${char}`)).toEqual({ encoding: 'GSM-7', segments: 1, units: 3 });
    }
    expect(smsSegments(EURO.repeat(80))).toEqual({ encoding: 'GSM-7', segments: 1, units: 160 });
    expect(smsSegments(EURO.repeat(81))).toEqual({ encoding: 'GSM-7', segments: 2, units: 162 });
  });

  it('never splits an extension character across two parts', () => {
    // 306 septets fill exactly 2 × 153, but "€" after 152 septets would straddle: it moves whole, and 1 septet spills into a third part.
    expect(smsSegments(`${'a'.repeat(152)}${EURO}${'a'.repeat(152)}`)).toEqual({ encoding: 'GSM-7', segments: 3, units: 306 });
    expect(smsSegments(`${'a'.repeat(151)}${EURO}${'a'.repeat(153)}`)).toEqual({ encoding: 'GSM-7', segments: 2, units: 306 });
  });

  it('counts an emoji as 2 UTF-16 units and sends it as UCS-2', () => {
    expect(smsSegments(SMILE)).toEqual({ encoding: 'UCS-2', segments: 1, units: 2 });
    expect(smsSegments(SMILE.repeat(35))).toEqual({ encoding: 'UCS-2', segments: 1, units: 70 });
    expect(smsSegments(`${SMILE.repeat(35)}a`)).toEqual({ encoding: 'UCS-2', segments: 2, units: 71 });
  });

  it('never splits a surrogate pair across two parts', () => {
    // 134 units fill exactly 2 × 67, but the emoji after 66 units would straddle: it moves whole, and 1 unit spills into a third part.
    expect(smsSegments(`${'a'.repeat(66)}${SMILE}${'a'.repeat(66)}`)).toEqual({ encoding: 'UCS-2', segments: 3, units: 134 });
    expect(smsSegments(`${'a'.repeat(65)}${SMILE}${'a'.repeat(67)}`)).toEqual({ encoding: 'UCS-2', segments: 2, units: 134 });
  });

  it('counts the empty text as one SMS, as carriers bill it', () => {
    expect(smsSegments('')).toEqual({ encoding: 'GSM-7', segments: 1, units: 0 });
  });

  it('keeps in GSM-7 the accented letters of its basic table', () => {
    const basic = 'éñüäöÑÜàèùìòÇÅåÆæßÉÄÖØø¿¡§£¥¤@$_ΔΦΓΛΩΠΨΣΘΞ\n\r';
    expect(smsSegments(basic)).toEqual({ encoding: 'GSM-7', segments: 1, units: [...basic].length });
  });

  it.each(['ó', 'á', 'í', 'ú', 'â', 'ê', 'ô', 'ã', 'õ', 'œ', 'ç', 'Ó', 'ë', '`', '\t', '\u00a0', '’', '“', '\u001b'])('switches to UCS-2 for %j', (char) => {
    expect(smsSegments(`Code ${char}`).encoding).toBe('UCS-2');
  });
});

describe('ucs2Characters', () => {
  it('names each character GSM-7 lacks once, in order of first appearance', () => {
    expect(ucs2Characters('Tu código único: ó ú 🙂 é ñ €')).toEqual(['ó', 'ú', SMILE]);
  });

  it('finds none in a GSM-7 text', () => {
    expect(ucs2Characters('Votre code à usage unique est 123456 {€}')).toEqual([]);
  });
});
