// The plant's equipment board (/equipment) and one piece of equipment (/equipment/{code}): each
// status as colour and words, why, and until when; live now, or as it was at a past instant.
import { useEffect, useState } from 'preact/hooks';
import { api, query, serverNow } from '../../api/client';
import { ErrorMessage, Loading, PageHeader } from '../../components/ui';
import { can } from '../../lib/session';
import { match, navigate, useLocation } from '../../lib/router';
import { fetchBoard, loadRooms, useLiveRefresh, useTemplates } from './data';
import {
  filterBoard,
  groupByRoom,
  STATUS_ORDER,
  statusLabel,
  statusWords,
  toneOf,
  typesForEquipment,
  type Board,
  type EquipmentStatus,
  type LogEntry,
  type Template,
} from './model';
import { EntryTable, formatInstant, Link, PointInTime, StatusBadge } from './parts';
import './logbooks.css';

export default function Equipment({ rest }: { rest: string }) {
  const path = `/${rest}`;
  const detail = match('/:code', path);
  if (detail) return <EquipmentDetail code={detail.code} />;
  return <EquipmentBoard />;
}

// Replaces one member of the address bar's query.
function withParam(path: string, params: URLSearchParams, key: string, value: string | null): string {
  const q = new URLSearchParams(params);
  if (value) q.set(key, value);
  else q.delete(key);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

function EquipmentBoard() {
  const { path, params } = useLocation();
  const at = params.get('at');
  const room = params.get('room') ?? '';
  const status = params.get('status') ?? '';
  const [text, setText] = useState(params.get('q') ?? '');
  const [board, setBoard] = useState<Board | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadedAt, setLoadedAt] = useState<string | null>(null);

  function load() {
    fetchBoard(at).then(
      (b) => {
        setBoard(b);
        setLoadedAt(at);
        setError(null);
      },
      setError,
    );
  }
  useEffect(load, [at]);
  useLiveRefresh(load, !!at);

  const set = (key: string, value: string | null) => navigate(withParam(path, params, key, value), true);
  const now = at ? new Date(at) : serverNow();
  const shown = board && loadedAt === at ? board : null;
  const items = shown ? filterBoard(shown.items, { room, status, text }) : [];
  const rooms = shown ? [...new Set(shown.items.map((i) => i.room))].sort() : [];
  const total = shown?.items.length ?? 0;

  return (
    <div class="lb-screen">
      <PageHeader title="Equipment board">
        <Link href="/logbooks" class="btn btn-secondary">
          Logbooks
        </Link>
      </PageHeader>
      <PointInTime at={at} what="the board" onChange={(t) => navigate(withParam(path, params, 'at', t))} />
      <ErrorMessage error={error} />
      {!shown ? (
        error ? null : <Loading what="Loading the board" />
      ) : (
        <>
          <section aria-label="Equipment by status" class="lb-counts">
            <button type="button" class={`lb-count ${status === '' ? 'lb-count-on' : ''}`} aria-pressed={status === ''} onClick={() => set('status', null)}>
              <span class="lb-count-n">{total}</span> All
            </button>
            {STATUS_ORDER.filter((s) => shown.counts[s]).map((s) => (
              <button
                key={s}
                type="button"
                class={`lb-count lb-tone-${toneOf(s)} ${status === s ? 'lb-count-on' : ''}`}
                aria-pressed={status === s}
                data-testid={`count-${s}`}
                onClick={() => set('status', status === s ? null : s)}
              >
                <span class="lb-count-n">{shown.counts[s]}</span> {statusLabel(s)}
              </button>
            ))}
          </section>
          <div class="inline lb-filters">
            <label>
              Room
              <select value={room} onChange={(e) => set('room', (e.target as HTMLSelectElement).value || null)}>
                <option value="">Every room</option>
                {rooms.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Status
              <select value={status} onChange={(e) => set('status', (e.target as HTMLSelectElement).value || null)}>
                <option value="">Every status</option>
                {STATUS_ORDER.map((s) => (
                  <option key={s} value={s}>
                    {statusLabel(s)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Find (code, name, class, batch)
              <input
                type="search"
                value={text}
                onInput={(e) => {
                  const v = (e.target as HTMLInputElement).value;
                  setText(v);
                  set('q', v || null);
                }}
              />
            </label>
          </div>
          {items.length === 0 ? <p class="muted">No equipment matches these filters.</p> : null}
          {groupByRoom(items).map(([r, list]) => (
            <section key={r} class="lb-room" aria-labelledby={`room-${r}`}>
              <h2 id={`room-${r}`}>Room {r}</h2>
              <ul class="lb-tiles">
                {list.map((i) => {
                  const words = statusWords(i, now);
                  const href = `/equipment/${encodeURIComponent(i.equipment.code)}${at ? `?at=${encodeURIComponent(at)}` : ''}`;
                  return (
                    <li key={i.equipment.id}>
                      <Link href={href} class={`lb-tile lb-tone-${toneOf(i.status)}`} testId={`tile-${i.equipment.code}`}>
                        <span class="lb-tile-top">
                          <span class="lb-code">{i.equipment.code}</span>
                          <StatusBadge status={i.status} />
                        </span>
                        <span class="lb-name">{i.equipment.name}</span>
                        <strong class="lb-headline" data-testid="headline">
                          {words.headline}
                        </strong>
                        {words.reason ? <span class="lb-reason">{words.reason}</span> : null}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
        </>
      )}
    </div>
  );
}

// "P3D" → "3 days", "PT8H" → "8 hours".
function duration(iso: string | null): string {
  if (!iso) return 'none';
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso);
  if (!m) return iso;
  const out: string[] = [];
  const add = (n: string | undefined, unit: string) => n && out.push(`${n} ${unit}${n === '1' ? '' : 's'}`);
  add(m[1], 'day');
  add(m[2], 'hour');
  add(m[3], 'minute');
  return out.join(' ') || iso;
}

function EquipmentDetail({ code }: { code: string }) {
  const { path, params } = useLocation();
  const at = params.get('at');
  const { types } = useTemplates();
  const [status, setStatus] = useState<EquipmentStatus | null>(null);
  const [roomCode, setRoomCode] = useState('');
  const [entries, setEntries] = useState<LogEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const eqTypes = types ? typesForEquipment(types) : [];
  function load() {
    api.get<EquipmentStatus>(`/api/v1/equipment/${encodeURIComponent(code)}/status${query({ at })}`).then(
      (s) => {
        setStatus(s);
        setError(null);
        loadRooms().then((m) => setRoomCode(m.get(s.equipment.room_id) ?? ''), () => undefined);
      },
      setError,
    );
    if (!types) return;
    Promise.all(
      eqTypes.map((t) =>
        api.get<{ items: LogEntry[] }>(`/api/v1/logbooks/${t.type}/entries${query({ equipment: code, limit: 10, to: at })}`).then((r) => r.items),
      ),
    ).then(
      (lists) => setEntries(lists.flat().sort((a, b) => b.recorded_at.localeCompare(a.recorded_at))),
      setError,
    );
  }
  useEffect(load, [code, at, types]);
  useLiveRefresh(load, !!at);

  const typeOf = (t: string): Template | undefined => types?.find((x) => x.type === t);
  const now = at ? new Date(at) : serverNow();
  const words = status ? statusWords(status, now) : null;
  return (
    <div class="lb-screen">
      <p>
        <Link href={`/equipment${at ? `?at=${encodeURIComponent(at)}` : ''}`}>← Equipment board</Link>
      </p>
      <PageHeader title={status ? `${status.equipment.code} — ${status.equipment.name}` : code} />
      <PointInTime at={at} what="its status" onChange={(t) => navigate(withParam(path, params, 'at', t))} />
      <ErrorMessage error={error} />
      {!status || !words ? (
        error ? null : <Loading what="Loading the equipment" />
      ) : (
        <>
          <section class={`card lb-status-card lb-tone-${toneOf(status.status)}`} aria-label="Status" data-testid="equipment-status">
            <StatusBadge status={status.status} />
            <p class="lb-big">{words.headline}</p>
            {words.reason ? <p>{words.reason}</p> : null}
            <dl class="facts">
              <dt>Status at</dt>
              <dd>{formatInstant(status.at)}</dd>
              <dt>Class</dt>
              <dd>
                {status.class.name} ({status.class.code})
              </dd>
              <dt>Room</dt>
              <dd>{roomCode || '—'}</dd>
              <dt>Asset</dt>
              <dd>{status.equipment.asset_id || '—'}</dd>
              <dt>Cleaning rules</dt>
              <dd>
                clean hold {duration(status.class.clean_hold)}, dirty hold {duration(status.class.dirty_hold)}, {status.class.campaign_batches} batch
                {status.class.campaign_batches === 1 ? '' : 'es'} per campaign
              </dd>
              <dt>Calibration due</dt>
              <dd>{status.calibration_due ? formatInstant(status.calibration_due) : '—'}</dd>
              {status.last_product ? (
                <>
                  <dt>Last product</dt>
                  <dd>
                    {status.last_product} ({status.batches_since_major} batch{status.batches_since_major === 1 ? '' : 'es'} since the last major cleaning)
                  </dd>
                </>
              ) : null}
            </dl>
          </section>

          {can('logbook.write') && !at && eqTypes.length ? (
            <section aria-labelledby="record-h">
              <h2 id="record-h">Record for {status.equipment.code}</h2>
              <div class="page-actions">
                {eqTypes.map((t) => (
                  <Link key={t.type} href={`/logbooks/${t.type}/new?equipment=${encodeURIComponent(status.equipment.code)}`} class="btn btn-primary">
                    {t.name}
                  </Link>
                ))}
              </div>
            </section>
          ) : null}

          <section aria-labelledby="why-h">
            <h2 id="why-h">The entries that made it so</h2>
            {status.entries.length === 0 ? <p class="muted">No entry yet: new equipment is dirty until it is first cleaned.</p> : <EntryTable entries={status.entries} typeOf={typeOf} />}
          </section>

          <section aria-labelledby="log-h">
            <h2 id="log-h">Logbook entries {at ? `up to ${formatInstant(at)}` : ''}</h2>
            {entries === null ? <Loading what="Loading the entries" /> : entries.length === 0 ? <p class="muted">No entries.</p> : <EntryTable entries={entries} typeOf={typeOf} />}
            <p class="page-actions lb-more-links">
              {eqTypes.map((t) => (
                <Link key={t.type} href={`/logbooks/${t.type}?equipment=${encodeURIComponent(code)}`}>
                  Every entry in the {t.name.toLowerCase()} logbook
                </Link>
              ))}
            </p>
          </section>
        </>
      )}
    </div>
  );
}
