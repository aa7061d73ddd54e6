// The repair completion report an OEM issues (SPEC §6), as a PDF (pdfkit, the project's PDF
// library). One document of record, stored when issued with its SHA-256, read by the OEM, the
// customer and the vendor's support desk alike: so it is bilingual, every label in Japanese and
// English, and set in Noto Sans JP, which shows what the OEM typed (a technician's or a part's
// name in Japanese) exactly as the report's data (GET …/repair-reports/{id}) keeps it.
import { startPdf } from '../../pdf/document.ts';

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

interface Bilingual {
  ja: string;
  en: string;
}

const TITLE: Bilingual = { ja: '修理完了報告書', en: 'Repair Completion Report' };

const REPAIRS: Record<string, Bilingual> = {
  os_reinstall: { ja: 'OS の再インストール', en: 'Operating system reinstalled' },
  disk_replacement: { ja: 'システム ディスクの交換', en: 'System disk replaced' },
  motherboard_replacement: { ja: 'マザーボードの交換', en: 'Motherboard replaced' },
  other: { ja: 'その他の修理', en: 'Other repair' },
};

const LABELS = {
  model: { ja: '型番', en: 'Model' },
  serialNumber: { ja: 'シリアル番号', en: 'Serial number' },
  imei: { ja: 'IMEI', en: 'IMEI' },
  productNumber: { ja: '製品番号', en: 'Product number' },
  repair: { ja: '修理内容', en: 'Repair' },
  repairedOn: { ja: '修理日', en: 'Repaired on' },
  replacedParts: { ja: '交換部品', en: 'Parts replaced' },
  technician: { ja: '担当', en: 'Technician' },
  notes: { ja: '備考', en: 'Notes' },
} satisfies Record<string, Bilingual>;

const FOOTER: Bilingual = {
  ja: 'この装置のライセンスの再認証のため、製造元が Licentia を通じて発行しました。',
  en: 'Issued through Licentia by the manufacturer for the reactivation of the licenses on this unit.',
};

const both = (text: Bilingual) => (text.ja === text.en ? text.en : `${text.ja} / ${text.en}`);

export async function renderRepairReportPdf(report: RepairReportContent): Promise<Buffer> {
  const { doc, finish } = startPdf({
    margin: 56,
    info: { Title: `${both(TITLE)} ${report.reportId}`, Author: report.oemName, CreationDate: new Date(report.issuedAt) },
    lang: 'ja-JP',
  });
  doc.font('bold').fontSize(18).text(TITLE.ja);
  doc.font('bold').fontSize(13).text(TITLE.en);
  doc.moveDown(0.4).font('regular').fontSize(9.5);
  doc.text(`報告書番号 ${report.reportId}・発行 ${report.issuedAt}・発行者 ${report.oemName}`);
  doc.text(`Report ${report.reportId}, issued ${report.issuedAt} by ${report.oemName}`);
  const repair = REPAIRS[report.repair];
  const rows: [Bilingual, string][] = [
    [LABELS.model, report.product.model],
    [LABELS.serialNumber, report.product.serialNumber ?? '-'],
    [LABELS.imei, report.product.imei ?? '-'],
    [LABELS.productNumber, report.product.productNumber ?? '-'],
    [LABELS.repair, repair ? both(repair) : report.repair],
    [LABELS.repairedOn, report.repairedOn],
    [LABELS.replacedParts, report.replacedParts.length > 0 ? report.replacedParts.join(', ') : '-'],
    [LABELS.technician, report.technician],
    [LABELS.notes, report.notes ?? '-'],
  ];
  doc.moveDown(1.2).fontSize(11);
  for (const [label, value] of rows) {
    doc.font('bold').text(`${both(label)}: `, { continued: true }).font('regular').text(value);
    doc.moveDown(0.3);
  }
  doc.moveDown(1).fontSize(9).fillColor('#555555').text(FOOTER.ja).text(FOOTER.en);
  return finish();
}
