import { describe, expect, it } from 'vitest';
import {
  elementRow,
  expiryWording,
  formatDate,
  gs1Date,
  gs1Year,
  gtinCheck,
  normalizeScan,
  parseQuantities,
  qcActions,
  receiptFromScan,
  retestWording,
  splitLabel,
  statusInfo,
} from './model';
import type { Item, LotStatus } from './types';

const TODAY = '2026-11-26';

describe('expiryWording', () => {
  const cases: [string | null, string, string][] = [
    [null, 'No expiry date', 'neutral'],
    ['2026-11-03', 'Expired on 3 Nov 2026', 'danger'],
    ['2026-11-25', 'Expired on 25 Nov 2026', 'danger'],
    ['2026-11-26', 'Expires today', 'warning'],
    ['2026-11-27', 'Expires tomorrow', 'warning'],
    ['2026-12-08', 'Expires in 12 days', 'warning'],
    ['2026-12-26', 'Expires in 30 days', 'warning'],
    ['2026-12-27', 'Expires on 27 Dec 2026', 'neutral'],
    ['2031-11-25', 'Expires on 25 Nov 2031', 'neutral'],
  ];
  for (const [expiry, text, tone] of cases) {
    it(`${expiry}`, () => expect(expiryWording(expiry, TODAY)).toEqual({ text, tone }));
  }
});

describe('retestWording', () => {
  const cases: [string | null, string, string][] = [
    [null, 'No retest date', 'neutral'],
    ['2026-10-27', 'Retest was due on 27 Oct 2026', 'danger'],
    ['2026-11-26', 'Retest due today', 'warning'],
    ['2026-11-27', 'Retest due in 1 day', 'warning'],
    ['2026-12-06', 'Retest due in 10 days', 'warning'],
    ['2027-11-26', 'Retest on 26 Nov 2027', 'neutral'],
  ];
  for (const [retest, text, tone] of cases) {
    it(`${retest}`, () => expect(retestWording(retest, TODAY)).toEqual({ text, tone }));
  }
});

describe('statusInfo and qcActions', () => {
  const cases: [LotStatus, LotStatus, string, string, string[]][] = [
    ['quarantine', 'quarantine', 'Quarantine', 'warning', ['release', 'reject', 'block']],
    ['released', 'released', 'Released', 'ok', ['reject', 'block']],
    ['blocked', 'blocked', 'Blocked', 'danger', ['release', 'reject']],
    ['rejected', 'rejected', 'Rejected', 'danger', []],
    ['quarantine', 'expired', 'Expired', 'danger', ['reject', 'block']],
    ['released', 'expired', 'Expired', 'danger', ['reject', 'block']],
  ];
  for (const [status, effective, label, tone, actions] of cases) {
    it(`${status} (${effective})`, () => {
      const s = statusInfo(effective);
      expect([s.label, s.tone]).toEqual([label, tone]);
      expect(s.symbol).not.toBe('');
      expect(qcActions(status, effective)).toEqual(actions);
    });
  }
  it('an unknown status reads as itself', () => expect(statusInfo('odd').label).toBe('odd'));
});

describe('normalizeScan', () => {
  const GS = '\x1d';
  const cases: [string, string][] = [
    ['(01)09506000134352(10)ABC', '(01)09506000134352(10)ABC'],
    [`0109506000134352|10ABC|17281130`, `0109506000134352${GS}10ABC${GS}17281130`],
    [`10ABC<GS>17281130`, `10ABC${GS}17281130`],
    [`10ABC<gs>17281130`, `10ABC${GS}17281130`],
    [`10ABC\\x1d17281130`, `10ABC${GS}17281130`],
    [`10ABC\\u001d17281130`, `10ABC${GS}17281130`],
    [`10ABC{GS}17281130`, `10ABC${GS}17281130`],
    [`  ]d2010950600013435210ABC\r\n`, `]d2010950600013435210ABC`],
    [`10ABC${GS}17281130`, `10ABC${GS}17281130`],
  ];
  for (const [input, want] of cases) {
    it(JSON.stringify(input), () => expect(normalizeScan(input)).toBe(want));
  }
});

describe('GS1 dates and years', () => {
  const years: [number, number, number][] = [
    [26, 2026, 2026],
    [76, 2026, 2076],
    [77, 2026, 1977],
    [0, 2099, 2100],
    [49, 2099, 2149],
    [50, 2099, 2050],
  ];
  for (const [yy, ref, want] of years) {
    it(`${yy} in ${ref} → ${want}`, () => expect(gs1Year(yy, ref)).toBe(want));
  }
  const dates: [string, string | null][] = [
    ['281130', '2028-11-30'],
    ['280200', '2028-02-29'],
    ['270200', '2027-02-28'],
    ['271300', null],
    ['270231', null],
  ];
  for (const [v, want] of dates) {
    it(v, () => expect(gs1Date(v, 2026)).toBe(want));
  }
});

describe('elementRow: the AI table', () => {
  const cases: [string, string, string, string][] = [
    ['01', '09506000134352', 'GTIN (trade item)', '09506000134352'],
    ['10', 'ABC123', 'Batch or lot number', 'ABC123'],
    ['17', '281130', 'Expiry date', '30 Nov 2028'],
    ['17', '280200', 'Expiry date', '29 Feb 2028 (day 00: the end of the month)'],
    ['11', '260115', 'Production date', '15 Jan 2026'],
    ['3103', '025000', 'Net weight (kg)', '25.000 kg'],
    ['3100', '000025', 'Net weight (kg)', '25 kg'],
    ['3202', '001250', 'Net weight (lb)', '12.50 lb'],
    ['30', '00000012', 'Variable count', '12'],
    ['7003', '2811301430', 'Expiry date and time', '30 Nov 2028 14:30'],
    ['91', 'C-000021', 'Internal: Gemba container id', 'C-000021'],
    ['95', 'X', 'Internal (company)', 'X'],
    ['00', '106141411234567897', 'SSCC (serial shipping container code)', '106141411234567897'],
    ['987', 'X', 'Unknown AI 987', 'X'],
  ];
  for (const [ai, raw, name, value] of cases) {
    it(`${ai} ${raw}`, () => expect(elementRow({ ai, value: raw }, 2026)).toEqual({ ai, name, raw, value }));
  }
});

describe('receiptFromScan', () => {
  const item = { code: 'RM-0101', base_unit: 'kg' } as Item;
  const cases: [string, { ai: string; value: string }[], Item | null, object][] = [
    [
      "a supplier's full label",
      [{ ai: '01', value: '09506000134352' }, { ai: '17', value: '281130' }, { ai: '10', value: 'SUP-7' }, { ai: '3103', value: '025000' }],
      item,
      { item: 'RM-0101', supplierLot: 'SUP-7', expiry: '2028-11-30', quantity: 25, unit: 'kg' },
    ],
    [
      'best before when there is no expiry; a count in the base unit',
      [{ ai: '15', value: '270600' }, { ai: '37', value: '12' }],
      item,
      { item: 'RM-0101', supplierLot: null, expiry: '2027-06-30', quantity: 12, unit: 'kg' },
    ],
    [
      'pounds',
      [{ ai: '3201', value: '005510' }],
      null,
      { item: null, supplierLot: null, expiry: null, quantity: 551, unit: 'lb' },
    ],
  ];
  for (const [name, elements, it_, want] of cases) {
    it(name, () => expect(receiptFromScan({ elements, item: it_ }, 2026)).toEqual(want));
  }
});

describe('small helpers', () => {
  it('gtinCheck', () => {
    expect(gtinCheck('09506000134352')).toBeNull();
    expect(gtinCheck('09506000134353')).toBe('The check digit is 3; it should be 2.');
    expect(gtinCheck('123')).toBe('A GTIN-14 is 14 digits.');
  });
  it('parseQuantities', () => {
    expect(parseQuantities(['25', ' 12,5 ', ''])).toEqual([25, 12.5]);
    expect(parseQuantities(['25', '0'])).toBeNull();
    expect(parseQuantities(['x'])).toBeNull();
  });
  it('splitLabel', () => {
    expect(splitLabel('L-2026-00001 (RM-0101)')).toEqual({ number: 'L-2026-00001', code: 'RM-0101' });
    expect(splitLabel('01a2165a')).toEqual({ number: '01a2165a', code: '' });
  });
  it('formatDate', () => {
    expect(formatDate('2026-11-03')).toBe('3 Nov 2026');
    expect(formatDate(null)).toBe('—');
  });
});
