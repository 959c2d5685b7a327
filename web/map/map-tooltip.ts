import type { IncidentPoint, LiveMapOverdue } from '@protocol/index';
import { overdueHours } from './overdue-hours';
import { formatClock } from '../format/numbers';

type Translate = (key: string, named?: Record<string, unknown>) => string;

/**
 * The tooltip's text for a mark under the pointer (plain text: deck.gl shows it as innerText, so
 * a citizen's description can never become markup). Lines: what it is, then its numbers.
 */
export function mapTooltip(layerId: string, object: unknown, t: Translate, gridNames: ReadonlyMap<string, string>, timeZone: string, serverNow: number): string {
  const o = object as Record<string, unknown>;
  switch (layerId) {
    case 'incidents': {
      const i = object as IncidentPoint;
      const time = formatClock(Date.parse(i.occurredAt), timeZone);
      return [`${t(`category.${i.category}`)} · ${t('incidents.severity', { n: i.severity })} · ${time}`, gridNames.get(i.scope.slice(0, 15)) ?? '', t('tooltip.clickToOpen')].filter(Boolean).join('\n');
    }
    case 'overdue-orders':
      return [`${String(o.workOrderId)} · ${t('tooltip.overdueHours', { n: Math.round(overdueHours(object as LiveMapOverdue, serverNow)) })}`, t('tooltip.clickToOpen')].join('\n');
    case 'cameras':
    case 'nearby-cameras':
      return `${String(o.name)} · ${o.online ? t('tooltip.online') : t('tooltip.offline')}`;
    case 'grid-choropleth': {
      const p = (o.properties ?? {}) as { code?: string; name?: string };
      return p.name ?? p.code ?? '';
    }
    default:
      return '';
  }
}
