// Noto Sans JP for the PDFs Licentia issues (invoices, repair reports): Japanese and Latin text
// alike, embedded by pdfkit subset to the glyphs a document uses, so it reads the same on every
// machine and a viewer's search and copy get the characters back.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve('@embedpdf/fonts-jp')), '..', 'fonts');
let fonts: { regular: Buffer; bold: Buffer } | undefined;

/** Registers the fonts as 'regular' and 'bold' on `doc`; read once per process (about 9 MB). */
export function registerJapaneseFonts(doc: PDFKit.PDFDocument): void {
  fonts ??= { regular: readFileSync(join(FONT_DIR, 'NotoSansJP-Regular.otf')), bold: readFileSync(join(FONT_DIR, 'NotoSansJP-Bold.otf')) };
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
}
