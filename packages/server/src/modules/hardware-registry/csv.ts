// Reading the registry's CSV (RFC 4180: a header row, fields quoted with "" when they hold a
// comma, a quote or a line break; CRLF or LF line ends; a UTF-8 byte-order mark is ignored, as
// spreadsheets write one).

export interface CsvTable {
  header: string[];
  /** Each record with the line it starts on (1 is the header), for errors people can find. */
  records: { line: number; fields: string[] }[];
}

export type CsvResult = { ok: true; table: CsvTable } | { ok: false; line: number; problem: 'UNTERMINATED_QUOTE' | 'EMPTY' };

export function parseCsv(text: string): CsvResult {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 1;
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      fields.push(field);
      rows.push({ line: rowLine, fields });
      fields = [];
      field = '';
      line++;
      rowLine = line;
    } else field += c;
  }
  if (quoted) return { ok: false, line: quoteLine, problem: 'UNTERMINATED_QUOTE' };
  if (field !== '' || fields.length > 0) rows.push({ line: rowLine, fields: [...fields, field] });
  // Blank lines (a trailing newline, an empty line a spreadsheet left) are not records.
  const records = rows.filter((r) => !(r.fields.length === 1 && r.fields[0]!.trim() === ''));
  if (records.length === 0) return { ok: false, line: 1, problem: 'EMPTY' };
  const [header, ...rest] = records;
  return { ok: true, table: { header: header!.fields.map((h) => h.trim().toLowerCase()), records: rest } };
}
