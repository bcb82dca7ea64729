/**
 * The report's charts, drawn server-side: ECharts renders the option to SVG (ssr, no DOM), resvg turns
 * the SVG into a PNG with the CJK font (Debian's fonts-wqy-zenhei, as the pre-credit cards use) for the
 * Word and PDF documents. Pure apart from reading the font file.
 */
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { ChartSpec } from './compose.js';

export const REPORT_FONT_FILE = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';
const FONT_FAMILY = 'WenQuanYi Zen Hei';

/** The chart as an SVG string (animation off, the CJK font named). */
export function chartSvg(c: ChartSpec): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: c.width, height: c.height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT_FAMILY }, backgroundColor: '#ffffff', ...c.option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The chart as a PNG at twice its size (sharp in print). */
export function chartPng(c: ChartSpec): Buffer {
  const svg = chartSvg(c);
  const png = new Resvg(svg, {
    font: { fontFiles: [REPORT_FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: 'zoom', value: 2 },
    background: '#ffffff',
  })
    .render()
    .asPng();
  return Buffer.from(png);
}
