import { CHANNEL_LABELS, LINE_LABELS, type TChannel, type TLine, type TScreenLive } from '@hotline/shared';
import { Badge, Button, ConfigProvider, Result, theme } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n/useI18n';
import { useSocket } from '../../realtime/useSocket';
import { navigate, paths } from '../../router/router';
import { useCurrentUser } from '../auth/useSession';
import { formatRate, overviewLinks } from '../stats/overviewLinks';
import { DrillDownDrawer } from './DrillDownDrawer';
import { ScreenCards } from './ScreenCards';
import { ScreenChart, type TChartClick } from './ScreenChart';
import { ScreenClock } from './ScreenClock';
import { canOpenScreen, type TDrill } from './screenApi';
import { barOption, CHANNEL_BAR_COLOR, pieOption, trendOption } from './screenOptions';
import { useScreenLive } from './useScreenLive';
import { useStageScale, STAGE_HEIGHT, STAGE_WIDTH } from './useStageScale';
import './screen.css';

/** Channels always drawn; the rest only on a day they brought something. */
const MAIN_CHANNELS: readonly TChannel[] = ['phone', 'wechat', 'weibo', 'web', 'open311'];
const CHART_H = 350;

/**
 * 大屏: the live supervision screen for the wall, 1920×1080 and scaled to fit, no console chrome.
 * Every chart opens the tickets behind what was clicked.
 */
export function ScreenPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  if (!canOpenScreen(user)) return <Result status="403" title={t('screen.forbidden')} />;
  return (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm }}>
      <Screen />
    </ConfigProvider>
  );
}

function Screen() {
  const { t } = useI18n();
  const scale = useStageScale();
  const { status } = useSocket();
  const { data, updatedAt } = useScreenLive();
  const [drill, setDrill] = useState<TDrill | null>(null);
  const offsetX = Math.max(0, (window.innerWidth - STAGE_WIDTH * scale) / 2);
  const offsetY = Math.max(0, (window.innerHeight - STAGE_HEIGHT * scale) / 2);

  return (
    <div className="screen-viewport" data-testid="screen">
      <div
        className="screen-stage"
        style={{ transform: `translate(${offsetX}px, ${offsetY}px) scale(${scale})` }}
      >
        <header className="screen-header">
          <div className="screen-header-left">
            <Badge
              status={status === 'connected' ? 'processing' : 'error'}
              text={
                <span style={{ color: '#a6b8d8' }} data-testid="screen-updated">
                  {status === 'connected' ? t('screen.live') : t('screen.offline')}
                  {updatedAt
                    ? ` · ${t('screen.updatedAt', { time: dayjs(updatedAt).format('HH:mm:ss') })}`
                    : ''}
                </span>
              }
            />
            <Button size="small" className="screen-header-button" onClick={() => navigate(paths.list())}>
              {t('screen.exit')}
            </Button>
            <Button
              size="small"
              className="screen-header-button"
              onClick={() => void document.documentElement.requestFullscreen?.()}
            >
              {t('screen.fullscreen')}
            </Button>
          </div>
          <div className="screen-title">{t('screen.title')}</div>
          <ScreenClock />
        </header>
        {data ? <Panels data={data} onDrill={setDrill} /> : null}
      </div>
      <DrillDownDrawer drill={drill} onClose={() => setDrill(null)} />
    </div>
  );
}

function Panels({ data, onDrill }: { data: TScreenLive; onDrill: (d: TDrill) => void }) {
  const { t, label } = useI18n();
  const today = data.today;
  const todayKpi = (title: string, metric: 'tickets' | 'replied' | 'rated', extra: Partial<TDrill> = {}) =>
    onDrill({ kind: 'kpi', title, metric, from: today, to: today, ...extra } as TDrill);
  const channelBars = useMemo(
    () =>
      [
        ...MAIN_CHANNELS,
        ...(Object.keys(data.tickets.byChannel) as TChannel[]).filter((c) => !MAIN_CHANNELS.includes(c)),
      ].map((c) => ({ key: c, label: label(CHANNEL_LABELS[c]) || c, value: data.tickets.byChannel[c] ?? 0 })),
    [data, label],
  );
  const lineSlices = (Object.entries(data.tickets.byLine) as [TLine, number][]).map(([l, n]) => ({
    key: l,
    label: LINE_LABELS[l]?.split(' ')[0] ?? l,
    value: n,
  }));
  const channelName = (key: string) => channelBars.find((b) => b.key === key)?.label ?? key;

  const onTrend = (c: TChartClick) => {
    const metric = c.series === 'onTime' ? 'replied' : c.series === 'satisfaction' ? 'rated' : 'tickets';
    const what =
      c.series === 'onTime'
        ? t('screen.onTimeRate')
        : c.series === 'satisfaction'
          ? t('screen.satisfactionRate')
          : t('screen.trendTickets');
    onDrill({ kind: 'kpi', title: `${c.key} ${what}`, metric, from: c.key, to: c.key });
  };

  return (
    <>
      <ScreenCards
        data={data}
        onTickets={() => todayKpi(t('screen.ticketsToday'), 'tickets')}
        onOnTime={() => todayKpi(t('screen.onTimeToday'), 'replied')}
        onSatisfaction={() => todayKpi(t('screen.satisfactionToday'), 'rated')}
        onOpen={(which) =>
          window.open(
            which === 'open'
              ? overviewLinks.open()
              : which === 'overdue'
                ? overviewLinks.overdue()
                : overviewLinks.warning(),
            '_blank',
          )
        }
      />
      <main className="screen-grid">
        <section className="screen-panel">
          <div className="screen-panel-title">{t('screen.byChannel')}</div>
          <ScreenChart
            testId="screen-chart-channel"
            ariaLabel={channelBars.map((b) => `${b.label} ${b.value}`).join('，')}
            width={534}
            height={CHART_H}
            option={barOption(channelBars, CHANNEL_BAR_COLOR)}
            onSelect={(c) => todayKpi(channelName(c.key), 'tickets', { channel: c.key })}
          />
        </section>
        <section className="screen-panel">
          <div className="screen-panel-title">{t('screen.trend')}</div>
          <ScreenChart
            testId="screen-chart-trend"
            ariaLabel={t('screen.trend')}
            width={694}
            height={CHART_H}
            option={trendOption(data.trend, {
              tickets: t('screen.trendTickets'),
              onTime: t('screen.onTimeRate'),
              satisfaction: t('screen.satisfactionRate'),
            })}
            onSelect={onTrend}
          />
        </section>
        <section className="screen-panel">
          <div className="screen-panel-title">{t('screen.ranking')}</div>
          {data.ranking.length ? (
            <ScreenChart
              testId="screen-chart-ranking"
              ariaLabel={data.ranking.map((u) => `${u.unitName} ${formatRate(u.onTimeRate)}`).join('，')}
              width={534}
              height={CHART_H}
              option={barOption(
                data.ranking.map((u) => ({
                  key: u.unitId,
                  label: u.unitName,
                  value: u.onTimeRate === null ? 0 : Math.round(u.onTimeRate * 10_000) / 100,
                })),
                '#597ef7',
                true,
                '%',
              )}
              onSelect={(c) =>
                onDrill({
                  kind: 'kpi',
                  title: data.ranking.find((u) => u.unitId === c.key)?.unitName ?? '',
                  metric: 'replied',
                  from: data.month.from,
                  to: data.month.to,
                  unitId: c.key,
                })
              }
            />
          ) : (
            <div className="screen-empty">{t('screen.empty')}</div>
          )}
        </section>
        <section className="screen-panel">
          <div className="screen-panel-title">{t('screen.byLine')}</div>
          <ScreenChart
            testId="screen-chart-line"
            ariaLabel={lineSlices.map((s) => `${s.label} ${s.value}`).join('，')}
            width={534}
            height={CHART_H}
            option={pieOption(lineSlices)}
            onSelect={(c) => todayKpi(c.key, 'tickets', { line: c.key })}
          />
        </section>
        <section className="screen-split">
          <div className="screen-panel">
            <div className="screen-panel-title">{t('screen.byDistrict')}</div>
            <ScreenChart
              testId="screen-chart-district"
              ariaLabel={data.byDistrict.map((d) => `${d.name} ${d.count}`).join('，')}
              width={324}
              height={CHART_H}
              option={barOption(
                data.byDistrict.map((d) => ({
                  key: d.districtId ?? 'none',
                  label: d.name || t('screen.noDistrict'),
                  value: d.count,
                })),
                '#ffc53d',
                true,
              )}
              onSelect={(c) =>
                onDrill({
                  kind: 'screen',
                  by: 'district',
                  id: c.key === 'none' ? null : c.key,
                  title:
                    data.byDistrict.find((d) => (d.districtId ?? 'none') === c.key)?.name ||
                    t('screen.noDistrict'),
                })
              }
            />
          </div>
          <HotTopics data={data} onDrill={onDrill} />
        </section>
        <section className="screen-panel">
          <div className="screen-panel-title">{t('screen.byCategory')}</div>
          <ScreenChart
            testId="screen-chart-category"
            ariaLabel={data.byCategory.map((d) => `${d.name} ${d.count}`).join('，')}
            width={534}
            height={CHART_H}
            option={pieOption(
              data.byCategory.map((c) => ({
                key: c.categoryId ?? 'none',
                label: c.name || t('screen.otherCategory'),
                value: c.count,
              })),
            )}
            onSelect={(c) =>
              onDrill({
                kind: 'screen',
                by: 'category',
                id: c.key === 'none' ? null : c.key,
                title:
                  data.byCategory.find((x) => (x.categoryId ?? 'none') === c.key)?.name ||
                  t('screen.otherCategory'),
              })
            }
          />
        </section>
      </main>
    </>
  );
}

function HotTopics({ data, onDrill }: { data: TScreenLive; onDrill: (d: TDrill) => void }) {
  const { t } = useI18n();
  return (
    <div className="screen-panel">
      <div className="screen-panel-title">{t('screen.hotTopics')}</div>
      {data.hotTopics.length ? (
        <ul className="screen-hot-list" data-testid="screen-hot-topics">
          {data.hotTopics.slice(0, 6).map((h) => (
            <li key={h.id}>
              <button
                type="button"
                className="screen-hot-item"
                onClick={() => onDrill({ kind: 'screen', by: 'hotTopic', id: h.id, title: h.label })}
              >
                <div>{h.label}</div>
                <div className="screen-hot-meta">
                  {t('screen.hotTopicCount', { count: h.count, baseline: h.baseline.toFixed(1) })} ·{' '}
                  {dayjs(h.raisedAt).format('HH:mm')}
                </div>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <div className="screen-empty">{t('screen.noHotTopics')}</div>
      )}
    </div>
  );
}
