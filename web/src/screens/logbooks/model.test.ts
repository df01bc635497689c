import { describe, expect, it } from 'vitest';
import {
  countStatuses,
  entryFields,
  fieldValue,
  filterBoard,
  filterFromParams,
  filterToSearch,
  groupByRoom,
  keyValues,
  refusedField,
  revisionDiff,
  shortTime,
  showValue,
  statusWords,
  toneOf,
  valueToDraft,
  type BoardItem,
  type LogEntry,
  type StatusView,
  type TemplateField,
} from './model';

const NOW = new Date('2026-11-26T10:00:00Z');
const UTC = 'UTC';

function view(over: Partial<StatusView>): StatusView {
  return {
    status: 'clean',
    since: '2026-11-26T08:00:00Z',
    clean_expires_at: null,
    clean_by: null,
    clean_hold_expired: false,
    dirty_hold_exceeded: false,
    calibration_overdue: false,
    calibration_due: null,
    last_product: '',
    batches_since_major: 0,
    major_cleaning_required: false,
    ...over,
  };
}

describe('shortTime', () => {
  it.each([
    ['2026-11-26T14:30:00Z', false, '14:30'],
    ['2026-11-03T09:05:00Z', false, '3 Nov 09:05'],
    ['2027-01-27T00:00:00Z', false, '27 Jan 2027 00:00'],
    ['2026-11-03T09:05:00Z', true, '3 Nov'],
    ['2026-11-26T01:00:00Z', true, 'today'],
  ])('%s (date only %s) → %s', (iso, dateOnly, want) => {
    expect(shortTime(iso, NOW, UTC, dateOnly)).toBe(want);
  });
});

describe('statusWords', () => {
  it.each<[string, Partial<StatusView>, string, string]>([
    ['clean with expiry today', { status: 'clean', clean_level: 'major', clean_expires_at: '2026-11-26T14:30:00Z' }, 'Clean — expires 14:30', 'Major cleaning 08:00'],
    ['clean, expiring another day', { status: 'clean', clean_level: 'minor', clean_expires_at: '2026-12-01T05:35:00Z' }, 'Clean — expires 1 Dec 05:35', 'Minor cleaning 08:00'],
    [
      'in use by a batch',
      { status: 'in_use', since: '2026-11-26T09:12:00Z', batch: { id: 'b', number: 'PCM-2026-0003', product: 'PCM500-FCT' } },
      'In use by batch PCM-2026-0003 since 09:12',
      'Product PCM500-FCT',
    ],
    [
      'dirty past both holds',
      { status: 'dirty', since: '2026-11-01T12:10:00Z', clean_hold_expired: true, dirty_hold_exceeded: true, clean_by: '2026-11-03T12:10:00Z' },
      'Dirty — clean hold expired 1 Nov 12:10',
      'Dirty hold exceeded 3 Nov 12:10: only a major cleaning counts',
    ],
    ['dirty after use', { status: 'dirty', clean_by: '2026-11-28T08:00:00Z', last_product: 'PCM500-FCT' }, 'Dirty since 08:00', 'Clean by 28 Nov 08:00; last product PCM500-FCT'],
    ['new equipment', { status: 'dirty' }, 'Dirty since 08:00', ''],
    [
      'calibration overdue',
      { status: 'calibration_overdue', calibration_due: '2026-11-03T00:00:00Z', clean_expires_at: '2026-11-29T16:00:00Z' },
      'Calibration overdue since 3 Nov',
      'Clean until 29 Nov 16:00',
    ],
    ['cleaning not verified', { status: 'cleaning' }, 'Cleaning since 08:00', 'Recorded, waiting for a second person to verify it'],
    ['out of service', { status: 'out_of_service', since: '2026-11-20T07:00:00Z' }, 'Out of service since 20 Nov 07:00', ''],
    ['major cleaning required', { status: 'dirty', major_cleaning_required: true }, 'Dirty since 08:00', 'A major cleaning is required'],
  ])('%s', (_, over, headline, reason) => {
    expect(statusWords(view(over), NOW, UTC)).toEqual({ headline, reason });
  });

  it.each([
    ['clean', 'ok'],
    ['in_use', 'busy'],
    ['dirty', 'warn'],
    ['calibration_overdue', 'warn'],
    ['out_of_service', 'bad'],
  ])('tone of %s is %s', (s, t) => expect(toneOf(s)).toBe(t));
});

function item(code: string, room: string, status: string, name = code): BoardItem {
  return { ...view({ status }), equipment: { id: code, code, name, class: code.replace(/-\d+$/, '') }, room };
}

describe('board filters', () => {
  const items = [item('GRAN-02', 'GRA-201', 'dirty', 'Granulator'), item('GRAN-01', 'GRA-201', 'clean'), item('SCALE-01', 'DSP-101', 'clean', 'Floor scale')];
  it.each([
    [{ room: '', status: '', text: '' }, ['GRAN-02', 'GRAN-01', 'SCALE-01']],
    [{ room: 'GRA-201', status: '', text: '' }, ['GRAN-02', 'GRAN-01']],
    [{ room: '', status: 'clean', text: '' }, ['GRAN-01', 'SCALE-01']],
    [{ room: '', status: '', text: 'floor' }, ['SCALE-01']],
    [{ room: 'DSP-101', status: 'dirty', text: '' }, []],
  ])('%o', (f, want) => expect(filterBoard(items, f).map((i) => i.equipment.code)).toEqual(want));

  it('groups by room, each sorted by code', () => {
    expect(groupByRoom(items).map(([r, l]) => [r, l.map((i) => i.equipment.code)])).toEqual([
      ['DSP-101', ['SCALE-01']],
      ['GRA-201', ['GRAN-01', 'GRAN-02']],
    ]);
  });
});

describe('the board counts', () => {
  const items = [{ ...item('A-01', 'R', 'clean'), since: '2026-11-26T08:00:00Z' }, { ...item('B-01', 'R', 'dirty'), since: '2026-11-01T12:00:00Z' }];
  it('counts per status', () => expect(countStatuses(items.concat(items))).toEqual({ clean: 2, dirty: 2 }));
});

describe('entry filters in the address bar', () => {
  it.each([
    ['', { equipment: '', room: '', batch: '', from: '', to: '' }, ''],
    ['?equipment=GRAN-01&from=2026-11-01', { equipment: 'GRAN-01', room: '', batch: '', from: '2026-11-01', to: '' }, '?equipment=GRAN-01&from=2026-11-01'],
    ['?room=%20GRA-201%20&to=bad&batch=PCM-2026-0003', { equipment: '', room: 'GRA-201', batch: 'PCM-2026-0003', from: '', to: '' }, '?room=GRA-201&batch=PCM-2026-0003'],
  ])('%s', (q, f, back) => {
    const parsed = filterFromParams(new URLSearchParams(q));
    expect(parsed).toEqual(f);
    expect(filterToSearch(parsed)).toBe(back);
  });
});

const F: Record<string, TemplateField> = {
  temp: { key: 'temp', name: 'Temperature', type: 'numeric_entry', unit: '°C', decimals: 1, limits: { low: 5, high: 95 }, alarm: { low: 15, high: 80 } },
  level: { key: 'level', name: 'Level', type: 'choice_entry', options: ['minor', 'major'] },
  sop: { key: 'sop', name: 'Procedure', type: 'text_entry', pattern: 'SOP-[A-Z]{2,5}-[0-9]{3,4}', max_length: 20 },
  ok: { key: 'ok', name: 'Removed', type: 'boolean_entry', expected: true },
  due: { key: 'due', name: 'Due', type: 'datetime_entry', date_only: true, required: false },
  remarks: { key: 'remarks', name: 'Remarks', type: 'text_entry', required: false },
};

describe('fieldValue', () => {
  it.each<[string, string, unknown]>([
    ['temp', '62,5', { ok: true, value: { value: 62.5, unit: '°C' } }],
    ['temp', '90', { ok: true, value: { value: 90, unit: '°C' } }],
    ['level', 'major', { ok: true, value: 'major' }],
    ['sop', 'SOP-CLN-0042', { ok: true, value: 'SOP-CLN-0042' }],
    ['ok', 'false', { ok: true, value: false }],
    ['due', '2027-01-31', { ok: true, value: '2027-01-31T00:00:00Z' }],
    ['due', '', { ok: true, value: undefined }],
    ['remarks', '  ', { ok: true, value: undefined }],
  ])('%s %j', (k, text, want) => expect(fieldValue(F[k], text)).toEqual(want));

  it.each([
    ['temp', '', 'Temperature is required.'],
    ['temp', '99', 'above the upper limit'],
    ['temp', '62.55', 'at most 1 decimal'],
    ['sop', 'SOP-X', 'required form'],
    ['level', '', 'Level is required.'],
  ])('%s %j is refused', (k, text, message) => {
    const r = fieldValue(F[k], text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(message);
  });

  it('collects every field or names the first that cannot be sent', () => {
    const fields = [F.level, F.sop, F.remarks];
    expect(entryFields(fields, { level: 'major', sop: 'SOP-CLN-0042' })).toEqual({ fields: { level: 'major', sop: 'SOP-CLN-0042' } });
    expect(entryFields(fields, { level: 'major', sop: 'x' })).toMatchObject({ key: 'sop' });
  });
});

describe('values', () => {
  it.each([
    ['fields.procedure', 'procedure'],
    ['fields.temp#1', 'temp'],
    ['signature.password', null],
    [undefined, null],
  ])('refusedField(%s) = %s', (f, want) => expect(refusedField(f)).toBe(want));

  it.each<[string, object, string]>([
    ['temp', { value: 62.5, unit: '°C' }, '62.5 °C'],
    ['level', { value: 'major' }, 'Major'],
    ['ok', { value: true }, 'Yes'],
    ['due', { time: '2027-01-31T00:00:00.000000Z' }, '2027-01-31'],
  ])('showValue %s', (k, v, want) => expect(showValue(F[k], v)).toBe(want));

  it.each<[string, object, string]>([
    ['temp', { value: 62.5, unit: '°C' }, '62.5'],
    ['ok', { value: false }, 'false'],
    ['due', { time: '2027-01-31T00:00:00.000000Z' }, '2027-01-31'],
  ])('valueToDraft %s', (k, v, want) => expect(valueToDraft(F[k], v)).toBe(want));

  it('lists what a correction changed', () => {
    const fields = [F.level, F.sop, F.temp];
    expect(revisionDiff(fields, { level: { value: 'major' }, sop: { value: 'SOP-CLN-0042' } }, { level: { value: 'major' }, sop: { value: 'SOP-CLN-0043' }, temp: { value: 60, unit: '°C' } })).toEqual([
      { key: 'sop', name: 'Procedure', before: 'SOP-CLN-0042', after: 'SOP-CLN-0043' },
      { key: 'temp', name: 'Temperature', before: '—', after: '60.0 °C' },
    ]);
  });

  it('shows the key values of a row, remarks left out', () => {
    const e = { values: { level: { value: 'minor' }, remarks: { value: 'x' }, sop: { value: 'SOP-CLN-0042' } } } as unknown as LogEntry;
    expect(keyValues([F.level, F.remarks, F.sop], e)).toBe('Level: Minor · Procedure: SOP-CLN-0042');
  });
});
