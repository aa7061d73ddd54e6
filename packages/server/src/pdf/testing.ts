// Test support only: read a PDF Licentia issues (an invoice, a repair report) back as a person's
// tools would. Text through pdf.js (what a viewer's search and copy see: the embedded font must
// map its glyphs back to Unicode), and a page rendered to PNG by pdf.js onto a canvas, written
// under test-results/ (ignored by git) for a person to look at.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

async function open(pdf: Buffer) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, verbosity: 0 }).promise;
}

/** The text of every page, items separated by spaces, pages by form feeds. */
export async function pdfText(pdf: Buffer): Promise<string> {
  const document = await open(pdf);
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await document.destroy();
  return pages.join('\f');
}

/** Renders a page to PNG at `path`; returns its size in pixels. */
export async function renderPagePng(pdf: Buffer, path: string, page = 1, scale = 1.5): Promise<{ width: number; height: number; bytes: Buffer }> {
  const document = await open(pdf);
  const p = await document.getPage(page);
  const viewport = p.getViewport({ scale });
  // pdf.js brings its own canvas for Node (@napi-rs/canvas), used through its factory.
  const factory = (document as unknown as { canvasFactory: { create(w: number, h: number): { canvas: { toBuffer(type: string): Buffer }; context: unknown } } }).canvasFactory;
  const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
  await p.render({ canvasContext: context as never, viewport, canvas: canvas as never }).promise;
  const bytes = canvas.toBuffer('image/png');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  await document.destroy();
  return { width: Math.ceil(viewport.width), height: Math.ceil(viewport.height), bytes };
}
