// The repair completion report an OEM issues (SPEC §6), as a PDF (pdfkit, the project's PDF
// library). The labels are English for now: the Japanese font the project embeds is being chosen
// with the invoices; until then a character the standard font cannot show is printed as "?",
// and the report's data (GET …/repair-reports/{id}) keeps every character exactly.
import PDFDocument from 'pdfkit';

export interface RepairReportContent {
  reportId: string;
  oemName: string;
  issuedAt: string;
  product: { model: string; serialNumber: string | null; imei: string | null; productNumber: string | null };
  repair: string;
  repairedOn: string;
  replacedParts: readonly string[];
  technician: string;
  notes: string | null;
}

const REPAIRS: Record<string, string> = {
  os_reinstall: 'Operating system reinstalled',
  disk_replacement: 'System disk replaced',
  motherboard_replacement: 'Motherboard replaced',
  other: 'Other repair',
};

/** What the standard PDF font (WinAnsi) can show; anything else becomes "?". */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e\u00a0-\u00ff\n]/g, '?');
}

export async function renderRepairReportPdf(report: RepairReportContent): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `Repair completion report ${report.reportId}`, Author: printable(report.oemName), CreationDate: new Date(report.issuedAt) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(18).text('Repair Completion Report');
  doc.moveDown(0.3).font('Helvetica').fontSize(10).text(`Report ${report.reportId}, issued ${report.issuedAt} by ${printable(report.oemName)}`);
  const rows: [string, string][] = [
    ['Model', report.product.model],
    ['Serial number', report.product.serialNumber ?? '-'],
    ['IMEI', report.product.imei ?? '-'],
    ['Product number', report.product.productNumber ?? '-'],
    ['Repair', REPAIRS[report.repair] ?? report.repair],
    ['Repaired on', report.repairedOn],
    ['Parts replaced', report.replacedParts.length > 0 ? report.replacedParts.join(', ') : '-'],
    ['Technician', report.technician],
    ['Notes', report.notes ?? '-'],
  ];
  doc.moveDown(1.2).fontSize(11);
  for (const [label, value] of rows) {
    doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(printable(value));
    doc.moveDown(0.3);
  }
  doc.moveDown(1).fontSize(9).fillColor('#555555').text('Issued through Licentia by the manufacturer for the reactivation of the licenses on this unit.');
  doc.end();
  await finished;
  return Buffer.concat(chunks);
}
