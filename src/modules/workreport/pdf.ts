/**
 * The work report as a PDF (pdfkit, as the pre-credit cards): the composed document in A4 with the CJK
 * font (Debian's fonts-wqy-zenhei), tables drawn as ruled grids and the charts as PNG images.
 */
import PDFDocument from 'pdfkit';
import { REPORT_FONT_FILE } from './charts.js';
import type { ReportDocument } from './compose.js';

const FONT_NAME = 'WenQuanYiZenHei';
const MARGIN = 56;

/** The PDF bytes of the document; charts come as PNG bytes by their key. */
export function renderPdf(doc: ReportDocument, charts: ReadonlyMap<string, Buffer>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: doc.title, Author: 'Huinong 惠农' } });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.registerFont('zh', REPORT_FONT_FILE, FONT_NAME);
    pdf.font('zh');
    const width = pdf.page.width - MARGIN * 2;
    const bottom = () => pdf.page.height - MARGIN;
    const ensure = (h: number) => {
      if (pdf.y + h > bottom()) pdf.addPage();
    };

    pdf.fontSize(18).text(doc.title, { align: 'center' });
    pdf.moveDown(0.3).fontSize(12).text(doc.subtitle, { align: 'center' }).moveDown(1);

    for (const b of doc.blocks) {
      switch (b.kind) {
        case 'heading':
          ensure(40);
          pdf
            .moveDown(0.5)
            .fontSize(b.level === 1 ? 15 : 13)
            .text(b.text, MARGIN, pdf.y, { width })
            .moveDown(0.3);
          break;
        case 'para':
          pdf.fontSize(11).text(b.text, MARGIN, pdf.y, { width, indent: 22, lineGap: 4 }).moveDown(0.3);
          break;
        case 'table': {
          const cols = b.headers.length;
          const first = Math.min(width * 0.3, 150);
          const colW = (i: number) => (i === 0 ? first : (width - first) / (cols - 1));
          const drawRow = (cells: string[], bold: boolean) => {
            pdf.fontSize(9);
            const heights = cells.map((c, i) => pdf.heightOfString(c, { width: colW(i) - 6 }));
            const h = Math.max(...heights) + 6;
            ensure(h);
            let x = MARGIN;
            const y = pdf.y;
            cells.forEach((c, i) => {
              if (bold) pdf.rect(x, y, colW(i), h).fillAndStroke('#eeeeee', '#999999').fillColor('#000000');
              else pdf.rect(x, y, colW(i), h).stroke('#999999');
              pdf.text(c, x + 3, y + 3, { width: colW(i) - 6, align: i === 0 ? 'left' : 'right' });
              x += colW(i);
            });
            pdf.x = MARGIN;
            pdf.y = y + h;
          };
          drawRow(b.headers, true);
          for (const r of b.rows) drawRow(r, false);
          pdf.moveDown(0.6);
          break;
        }
        case 'chart': {
          const png = charts.get(b.chart.key);
          if (!png) break;
          const w = Math.min(width, 420);
          const h = (w * b.chart.height) / b.chart.width;
          ensure(h + 10);
          pdf.image(png, MARGIN + (width - w) / 2, pdf.y, { width: w, height: h });
          pdf.y += h + 10;
          pdf.x = MARGIN;
          break;
        }
      }
    }
    pdf.end();
  });
}
