/** @jsxImportSource preact */
/**
 * The supervisor dashboard: live numbers pushed over the agent socket (`stats` frames, no
 * polling), queues and agents, charts of the last hours, and the open conversations with
 * take-over. Waits tick here every second from the enqueue times the server sent.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Stats } from '../../../dashboard/index.ts';
import { formatTime, type Key, lang, t } from '../i18n.ts';
import type { Conversation } from '../inbox.ts';
import { StateBadge } from '../views/badges.tsx';
import { visitorName, type Workspace } from '../workspace.ts';
import { Chart } from './chart.tsx';
import { RANGES, type RangeMinutes } from './model.ts';
import { WhisperDialog } from './whisper-dialog.tsx';

const COLORS = {
  queue: '#b3261e',
  active: '#1f6f5c',
  created: '#1a5fd0',
  handed: '#8a5a00',
  deflected: '#6b3fa0',
  p50: '#1f6f5c',
  p90: '#b3261e',
};

export function DashboardView({ ws }: { ws: Workspace }) {
  const [range, setRange] = useState<RangeMinutes>(60);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const stats = ws.dashboard.stats;
  const minute = Math.floor(now / 60_000);
  const chart = useMemo(() => ws.dashboard.chart(range, now), [range, stats, minute]);

  if (!stats) {
    return (
      <div class="dashboard">
        <p class="empty muted">{t('loading')}</p>
      </div>
    );
  }
  const max = (values: (number | null)[]) => Math.max(0, ...values.map((v) => v ?? 0));
  return (
    <div class="dashboard">
      <header class="dash-head">
        <h1>{t('dashboardTitle')}</h1>
        <span class="live" data-status={ws.status === 'online' ? 'online' : 'offline'}>
          <span class="dot" aria-hidden="true" />
          {t('dashboardLive')} ·{' '}
          <span class="muted">{t('dashboardUpdated', { time: clock(stats.at) })}</span>
        </span>
      </header>
      <Kpis stats={stats} now={now} />
      <div class="dash-grid">
        <Queues stats={stats} now={now} />
        <Agents stats={stats} />
      </div>
      <section class="dash-card charts" aria-labelledby="charts-title">
        <div class="card-head">
          <h2 id="charts-title">{t('chartsTitle')}</h2>
          <fieldset class="segmented">
            <legend class="sr">{t('range')}</legend>
            {RANGES.map((r) => (
              <button key={r} type="button" aria-pressed={range === r} onClick={() => setRange(r)}>
                {t(`range${r}` as Key)}
              </button>
            ))}
          </fieldset>
        </div>
        <div class="chart-grid" key={lang}>
          <Chart
            title={t('chartLoad')}
            summary={t('chartSummary', { title: t('seriesQueue'), max: max(chart.queue) })}
            series={[
              { label: t('seriesQueue'), color: COLORS.queue },
              { label: t('seriesActive'), color: COLORS.active },
            ]}
            data={[chart.x, chart.queue, chart.active]}
          />
          <Chart
            title={t('chartFlow')}
            summary={t('chartSummary', { title: t('seriesCreated'), max: max(chart.created) })}
            series={[
              { label: t('seriesCreated'), color: COLORS.created, stepped: true },
              { label: t('seriesHanded'), color: COLORS.handed, stepped: true },
              { label: t('seriesDeflected'), color: COLORS.deflected, stepped: true, dash: [6, 3] },
            ]}
            data={[chart.x, chart.created, chart.handedOver, chart.deflected]}
          />
          <Chart
            title={t('chartFrt')}
            summary={t('chartSummary', { title: t('seriesP90'), max: max(chart.p90) })}
            series={[
              { label: t('seriesP50'), color: COLORS.p50 },
              { label: t('seriesP90'), color: COLORS.p90, dash: [6, 3] },
            ]}
            data={[chart.x, chart.p50, chart.p90]}
          />
        </div>
      </section>
      <ActiveConversations ws={ws} now={now} />
    </div>
  );
}

function Kpis({ stats, now }: { stats: Stats; now: number }) {
  const { totals, queues } = stats.live;
  const day = stats.summary.last24h;
  const hour = stats.summary.lastHour;
  const oldest = Math.min(
    ...queues.map((q) => q.oldestQueuedAt ?? Number.POSITIVE_INFINITY),
    Number.POSITIVE_INFINITY,
  );
  const ended = day.deflected + day.humanEnded;
  return (
    <section class="kpis" aria-label={t('dashboardTitle')}>
      <Kpi
        id="queued"
        label={t('kpiQueued')}
        value={String(totals.queued)}
        detail={
          Number.isFinite(oldest)
            ? t('kpiLongest', { time: duration(now - oldest) })
            : t('kpiNobodyWaiting')
        }
        alert={totals.queued > 0}
      />
      <Kpi
        id="agents"
        label={t('kpiAgents')}
        value={String(totals.online)}
        detail={t('kpiAgentsDetail', { busy: totals.busy, away: totals.away })}
      />
      <Kpi
        id="active"
        label={t('kpiActive')}
        value={String(totals.withAgents + totals.withBot)}
        detail={t('kpiActiveDetail', { agents: totals.withAgents, bot: totals.withBot })}
      />
      <Kpi
        id="deflection"
        label={t('kpiDeflection')}
        value={percent(day.deflectionRate)}
        detail={t('kpiDeflectionDetail', {
          deflected: day.deflected,
          ended,
          hour: percent(hour.deflectionRate),
        })}
      />
      <Kpi
        id="frt"
        label={t('kpiFrt')}
        value={day.frtP50Ms === null ? t('noData') : `p50 ${duration(day.frtP50Ms)}`}
        detail={t('kpiFrtDetail', {
          p90: day.frtP90Ms === null ? t('noData') : duration(day.frtP90Ms),
          n: day.frtCount,
        })}
      />
      <Kpi
        id="sla"
        label={t('kpiSla')}
        value={String(day.slaBreaches)}
        detail={t('kpiSlaDetail', { n: hour.slaBreaches })}
        alert={day.slaBreaches > 0}
      />
      <Kpi
        id="csat"
        label={t('kpiCsat')}
        value={day.csatAverage === null ? t('noData') : `${day.csatAverage.toFixed(1)} / 5`}
        detail={t('kpiCsatDetail', { n: day.csatCount })}
      />
    </section>
  );
}

function Kpi(props: { id: string; label: string; value: string; detail: string; alert?: boolean }) {
  return (
    <div class={`kpi ${props.alert ? 'kpi-alert' : ''}`} data-kpi={props.id}>
      <div class="kpi-label">{props.label}</div>
      <div class="kpi-value">{props.value}</div>
      <div class="kpi-detail">{props.detail}</div>
    </div>
  );
}

function Queues({ stats, now }: { stats: Stats; now: number }) {
  return (
    <section class="dash-card" aria-labelledby="queues-title">
      <h2 id="queues-title">{t('queuesTitle')}</h2>
      <table class="table queues-table">
        <thead>
          <tr>
            <th scope="col">{t('queueGroup')}</th>
            <th scope="col" class="num">
              {t('queueWaiting')}
            </th>
            <th scope="col" class="num">
              {t('queueLongest')}
            </th>
            <th scope="col" class="num">
              {t('queueOnline')}
            </th>
          </tr>
        </thead>
        <tbody>
          {stats.live.queues.map((q) => (
            <tr key={q.groupId ?? 'any'} data-group={q.key ?? ''} class={q.depth ? 'waiting' : ''}>
              <th scope="row">{q.name ?? t('anyGroup')}</th>
              <td class="num queue-depth">{q.depth}</td>
              <td class="num">
                {q.oldestQueuedAt === null ? '—' : duration(now - q.oldestQueuedAt)}
              </td>
              <td class="num">{q.online}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const STATUS_WORD: Record<string, Key> = {
  online: 'statusOnline',
  busy: 'statusBusy',
  away: 'statusAway',
  offline: 'statusOffline',
};

function Agents({ stats }: { stats: Stats }) {
  const agents = stats.live.agents;
  return (
    <section class="dash-card" aria-labelledby="agents-title">
      <h2 id="agents-title">{t('agentsTitle')}</h2>
      {agents.length === 0 ? (
        <p class="muted">{t('noAgents')}</p>
      ) : (
        <table class="table agents-table">
          <thead>
            <tr>
              <th scope="col">{t('agentName')}</th>
              <th scope="col">{t('agentStatus')}</th>
              <th scope="col">{t('agentLoad')}</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((a) => {
              const status = a.busy ? 'busy' : a.status;
              return (
                <tr key={a.id} data-agent-id={a.id}>
                  <th scope="row">{a.name}</th>
                  <td>
                    <span class="presence" data-status={status}>
                      <span class="dot" aria-hidden="true" />
                      {t(STATUS_WORD[status]!)}
                    </span>
                  </td>
                  <td>
                    <span class="load">
                      <meter
                        min={0}
                        max={a.capacity}
                        value={a.active}
                        aria-label={`${a.name}: ${a.active}/${a.capacity}`}
                      />
                      <span class="load-text">
                        {a.active}/{a.capacity}
                      </span>
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ActiveConversations({ ws, now }: { ws: Workspace; now: number }) {
  const [whisperTo, setWhisperTo] = useState<Conversation | undefined>();
  const open = ws.inbox
    .list('all')
    .sort((a, b) => order(a) - order(b) || a.createdAt - b.createdAt)
    .slice(0, 50);
  return (
    <section class="dash-card" aria-labelledby="active-title">
      <h2 id="active-title">{t('activeTitle')}</h2>
      {open.length === 0 ? (
        <p class="muted">{t('noActive')}</p>
      ) : (
        <table class="table active-table">
          <thead>
            <tr>
              <th scope="col">{t('activeWho')}</th>
              <th scope="col">{t('activeState')}</th>
              <th scope="col">{t('activeSince')}</th>
              <th scope="col">
                <span class="sr">{t('activeActions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {open.map((c) => (
              <tr key={c.id} data-conversation-id={c.id}>
                <th scope="row">
                  {visitorName(c)} <span class="channel">{c.channel}</span>
                </th>
                <td>
                  <StateBadge ws={ws} c={c} />
                </td>
                <td>
                  <time dateTime={new Date(c.createdAt).toISOString()}>
                    {formatTime(c.createdAt)}
                  </time>{' '}
                  <span class="muted small">({duration(now - c.createdAt)})</span>
                </td>
                <td class="actions">
                  <button
                    type="button"
                    class="ghost small"
                    onClick={() => ws.go({ section: 'inbox', conversationId: c.id })}
                  >
                    {t('open')}
                  </button>
                  <button
                    type="button"
                    class="ghost small"
                    aria-label={`${t('whisper')}: ${visitorName(c)}`}
                    onClick={() => setWhisperTo(c)}
                  >
                    {t('whisper')}
                  </button>
                  {ws.canTakeOver(c) && (
                    <button
                      type="button"
                      class="ghost small"
                      onClick={async () => {
                        await ws.takeOver(c.id);
                        ws.go({ section: 'inbox', conversationId: c.id });
                      }}
                    >
                      {t('takeOver')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {whisperTo && (
        <WhisperDialog
          ws={ws}
          conversationId={whisperTo.id}
          who={visitorName(whisperTo)}
          onClose={() => setWhisperTo(undefined)}
        />
      )}
    </section>
  );
}

/** Waiting first, then with agents, then with the bot. */
function order(c: Conversation): number {
  return c.state === 'queued' ? 0 : c.state === 'assigned' ? 1 : 2;
}

/** `45 s`, `3 min`, `1.5 h`. */
export function duration(ms: number): string {
  const sec = Math.max(0, Math.round(ms / 1000));
  if (sec < 60) return t('seconds', { n: sec });
  if (sec < 3600) return t('minutes', { n: Math.floor(sec / 60) });
  return t('hours', { n: Math.round(sec / 360) / 10 });
}

function percent(rate: number | null): string {
  if (rate === null) return t('noData');
  return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en', {
    style: 'percent',
    maximumFractionDigits: 0,
  }).format(rate);
}

function clock(at: number): string {
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(at);
}
