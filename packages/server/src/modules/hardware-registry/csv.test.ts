import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from './csv.ts';

describe('parseCsv', () => {
  test('header, quoted fields with commas, quotes and line breaks, CRLF, a BOM, blank lines', () => {
    const text = '\uFEFFSerial_Number,model\r\nA1,"LX, 900"\r\n\r\nB2,"the ""big"" one"\n"C3","two\nlines"\n';
    const result = parseCsv(text);
    assert.deepEqual(result, {
      ok: true,
      table: {
        header: ['serial_number', 'model'],
        records: [
          { line: 2, fields: ['A1', 'LX, 900'] },
          { line: 4, fields: ['B2', 'the "big" one'] },
          { line: 5, fields: ['C3', 'two\nlines'] },
        ],
      },
    });
  });
  test('a last line without a line end is read; an unterminated quote names its line; nothing at all is EMPTY', () => {
    assert.deepEqual(parseCsv('a,b\n1,2'), { ok: true, table: { header: ['a', 'b'], records: [{ line: 2, fields: ['1', '2'] }] } });
    assert.deepEqual(parseCsv('a,b\n1,"2\n3,4\n'), { ok: false, line: 2, problem: 'UNTERMINATED_QUOTE' });
    assert.deepEqual(parseCsv('\n\n'), { ok: false, line: 1, problem: 'EMPTY' });
  });
});
