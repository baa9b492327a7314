import type { TTimelineEntry } from '@hotline/shared';
import { fireEvent, screen, within } from '@testing-library/react';
import { TicketTimeline } from '../src/features/tickets/detail/TicketTimeline';
import { makeUser } from './support/fixtures';
import { KB } from './support/kbFixtures';
import { renderAsUser } from './support/render';

const answered = (payload: Record<string, unknown>): TTimelineEntry => ({
  id: 7,
  type: 'ticket.answered',
  actorName: '张话务',
  actorRole: 'agent',
  unitName: '12345 热线中心',
  fromStatus: 'registered',
  toStatus: 'resolved',
  payload,
  createdAt: '2026-03-01T02:00:00.000Z',
});

const agent = makeUser({ id: 'u-agent', role: 'agent', displayName: '张话务', unitKind: 'hotline' });

describe('timeline of 即时办结', () => {
  beforeEach(() => window.history.replaceState(null, '', '/tickets/t1'));

  it('names the cited article and links to it', () => {
    renderAsUser(
      <TicketTimeline
        entries={[
          answered({
            answer: '请先拨打 12333 挂失，再到社保网点补办。',
            articleId: KB.shebao,
            articleTitle: '社保卡丢失补办指南',
          }),
        ]}
      />,
      agent,
    );
    const event = screen.getByTestId('timeline-ticket.answered');
    expect(event).toHaveTextContent('即时办结');
    expect(event).toHaveTextContent('已登记 → 已办结');
    expect(event).toHaveTextContent('引用文章社保卡丢失补办指南');
    expect(event).toHaveTextContent('答复内容请先拨打 12333 挂失，再到社保网点补办。');
    const link = within(event).getByRole('link', { name: '社保卡丢失补办指南' });
    expect(link).toHaveAttribute('href', `/kb/articles/${KB.shebao}`);

    fireEvent.click(link);
    expect(window.location.pathname).toBe(`/kb/articles/${KB.shebao}`);
  });

  it('links an article whose title the event lacks, and shows no article row without one', () => {
    renderAsUser(
      <TicketTimeline
        entries={[
          answered({ answer: '已告知办理地点', articleId: KB.gongjijin }),
          { ...answered({ answer: '已当场答复' }), id: 8 },
        ]}
      />,
      agent,
    );
    const [cited, plain] = screen.getAllByTestId('timeline-ticket.answered');
    expect(within(cited!).getByRole('link', { name: '查看知识库文章' })).toHaveAttribute(
      'href',
      `/kb/articles/${KB.gongjijin}`,
    );
    expect(plain).toHaveTextContent('答复内容已当场答复');
    expect(plain).not.toHaveTextContent('引用文章');
    expect(within(plain!).queryByRole('link')).not.toBeInTheDocument();
  });
});
