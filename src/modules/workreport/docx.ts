/**
 * The work report as a Word document (the `docx` package): the composed document laid out with the
 * bank's customary look — a centred title, 黑体 headings, 仿宋 body text with a two-character indent,
 * tables with bold headers, and the charts as PNG images.
 */
import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { ReportDocument } from './compose.js';

const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋' };
const HEAD_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' };

/** The .docx bytes of the document; charts come as PNG bytes by their key. */
export async function renderDocx(doc: ReportDocument, charts: ReadonlyMap<string, Buffer>): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 120 },
      children: [new TextRun({ text: doc.title, bold: true, size: 36, font: { ascii: 'Times New Roman', eastAsia: '方正小标宋简体' } })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [new TextRun({ text: doc.subtitle, size: 28, font: BODY_FONT })],
    }),
  ];
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'heading':
        children.push(
          new Paragraph({
            heading: b.level === 1 ? HeadingLevel.HEADING_1 : b.level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3,
            spacing: { before: 200, after: 100 },
            children: [
              new TextRun({ text: b.text, bold: b.level > 1, size: 30 - b.level * 2, font: b.level === 1 ? HEAD_FONT : BODY_FONT }),
            ],
          }),
        );
        break;
      case 'para':
        children.push(
          new Paragraph({
            indent: { firstLine: 640 },
            spacing: { line: 400 },
            children: [new TextRun({ text: b.text, size: 28, font: BODY_FONT })],
          }),
        );
        break;
      case 'table':
        children.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({
                tableHeader: true,
                children: b.headers.map(
                  (h) =>
                    new TableCell({
                      children: [
                        new Paragraph({
                          alignment: AlignmentType.CENTER,
                          children: [new TextRun({ text: h, bold: true, size: 21, font: BODY_FONT })],
                        }),
                      ],
                    }),
                ),
              }),
              ...b.rows.map(
                (r) =>
                  new TableRow({
                    children: r.map(
                      (cell, i) =>
                        new TableCell({
                          children: [
                            new Paragraph({
                              alignment: i === 0 ? AlignmentType.LEFT : AlignmentType.RIGHT,
                              children: [new TextRun({ text: cell, size: 21, font: BODY_FONT })],
                            }),
                          ],
                        }),
                    ),
                  }),
              ),
            ],
          }),
        );
        children.push(new Paragraph({ children: [] }));
        break;
      case 'chart': {
        const png = charts.get(b.chart.key);
        if (!png) break;
        const width = 560;
        children.push(
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [
              new ImageRun({
                type: 'png',
                data: png,
                transformation: { width, height: Math.round((width * b.chart.height) / b.chart.width) },
              }),
            ],
          }),
        );
        break;
      }
    }
  }
  const document = new Document({
    creator: 'Huinong 惠农',
    title: doc.title,
    description: doc.subtitle,
    sections: [{ properties: {}, children }],
  });
  return Packer.toBuffer(document);
}
