import type { Bus } from '@/server/infra/bus/types';
import { topicEvents, type TopicStreamItem } from '@/server/services/live/topic-events';
import { notificationTopic, type NotificationEvent } from './notifications';

export type NotificationStreamItem = TopicStreamItem<NotificationEvent>;

/** The owner's new notifications, live; the topic is the caller's own, so nobody can name someone else's. */
export function notificationEvents(
  bus: Bus,
  userId: string,
  lastEventId: string | null | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<NotificationStreamItem> {
  return topicEvents<NotificationEvent>(bus, notificationTopic(userId), lastEventId, signal);
}
