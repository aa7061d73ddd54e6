// A PDF Licentia issues (an invoice, a repair report): A4 through pdfkit, set in Noto Sans JP for
// Japanese and Latin text alike, embedded subset to the glyphs the document uses, so it reads
// the same on every machine and a viewer's search and copy get the characters back.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve('@embedpdf/fonts-jp')), '..', 'fonts');
/** Read once per process (about 9 MB). */
let fonts: { regular: Buffer; bold: Buffer } | undefined;

/**
 * A document on pages of these options, its fonts registered as 'regular' and 'bold': draw on
 * `doc`, then `finish()` for its bytes.
 */
export function startPdf(options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; finish(): Promise<Buffer> } {
  const doc = new PDFDocument({ size: 'A4', ...options });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  fonts ??= { regular: readFileSync(join(FONT_DIR, 'NotoSansJP-Regular.otf')), bold: readFileSync(join(FONT_DIR, 'NotoSansJP-Bold.otf')) };
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  return {
    doc,
    finish: () => {
      doc.end();
      return finished;
    },
  };
}
