// Scans of material containers, shared by dispense and charge: what to ask the server (a GS1 code
// as scanned, or a container number typed by hand, which our labels carry in AI 91) and its answer.
import { api } from '../../../api/client';
import type { Scan } from '../../../lib/scanner';
import type { ScanAnswer } from '../types';

export async function resolveContainer(scan: Scan): Promise<ScanAnswer & { container: NonNullable<ScanAnswer['container']> }> {
  let data = scan.text;
  if (scan.kind !== 'gs1') {
    if (!/^C-\d+$/i.test(scan.text)) {
      throw new Error(`“${scan.text}” is not a container label. Scan the container’s label, or type its number (e.g. C-000021).`);
    }
    data = `(91)${scan.text.toUpperCase()}`;
  }
  const answer = await api.post<ScanAnswer>('/api/v1/scan', { data });
  if (!answer.container) throw new Error(`${answer.human_readable} names no container: scan the container’s own label.`);
  return answer as ScanAnswer & { container: NonNullable<ScanAnswer['container']> };
}
