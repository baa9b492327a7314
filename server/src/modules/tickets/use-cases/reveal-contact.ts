import { AppError, type TTicketContact } from '@hotline/shared';
import { sql } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import type { TUserActor } from '../../auth/actor';
import { recordAudit, type TAuditOrigin } from '../../audit/audit-log';
import { readsConfidential, visibleTicketsCondition } from '../ticket-visibility';

type TRow = {
  id: string;
  no: string;
  confidential: boolean;
  citizen_id: string | null;
  phone_enc: string | null;
  name_enc: string | null;
  id_number_enc: string | null;
};

/**
 * 显示完整号码: the citizen's full phone number, name and ID number behind a ticket, for a user
 * who may see the ticket (404 otherwise, as everywhere) and read its content (a 12388 report
 * only for confidential readers). The audit row is written in the same transaction before
 * anything is decrypted: no row, no number.
 */
export async function revealContact(
  ctx: TUseCaseContext,
  actor: TUserActor,
  ticketId: string,
  origin: TAuditOrigin,
): Promise<TTicketContact> {
  return ctx.db.transaction(async (tx) => {
    const res = await tx.execute(sql`
      select t.id, t.no, t.confidential, ci.id as citizen_id, ci.phone_enc, ci.name_enc, ci.id_number_enc
      from tickets t left join citizens ci on ci.id = t.citizen_id
      where t.id = ${ticketId} and ${visibleTicketsCondition(actor)}`);
    const r = res.rows[0] as TRow | undefined;
    if (!r) throw new AppError('NOT_FOUND', 'Ticket not found');
    if (r.confidential && !readsConfidential(actor))
      throw new AppError('FORBIDDEN', '保密工单的举报人信息仅限指定人员查看 (confidential reporter)');
    const fields = [
      ...(r.phone_enc ? ['phone'] : []),
      ...(r.name_enc ? ['name'] : []),
      ...(r.id_number_enc ? ['idNumber'] : []),
    ];
    const auditId = await recordAudit(tx, ctx.logger, {
      actor,
      action: 'ticket.contact.read',
      subjectType: 'ticket',
      subjectId: r.id,
      ticketNo: r.no,
      origin,
      details: { fields, ...(r.citizen_id ? { citizenId: r.citizen_id } : {}), confidential: r.confidential },
      at: ctx.clock(),
    });
    return {
      ticketId: r.id,
      ticketNo: r.no,
      phone: r.phone_enc ? ctx.pii.decrypt(r.phone_enc) : null,
      name: r.name_enc ? ctx.pii.decrypt(r.name_enc) : null,
      idNumber: r.id_number_enc ? ctx.pii.decrypt(r.id_number_enc) : null,
      auditId,
    };
  });
}
