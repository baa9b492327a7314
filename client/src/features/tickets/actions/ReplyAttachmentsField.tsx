import { UploadOutlined } from '@ant-design/icons';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_TYPES,
  REPLY_MAX_ATTACHMENTS,
  type TUploadAttachmentResponse,
} from '@hotline/shared';
import { App, Button, Upload, type UploadFile, type UploadProps } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../api/errorMessage';
import { apiPost } from '../../../api/http';
import { useI18n } from '../../../i18n/useI18n';
import { fileToBase64 } from '../../portal/portalApi';

type TProps = {
  ticketId: string;
  /** The ids of the uploaded files (the form's `attachmentIds`). */
  value?: string[];
  onChange?: (ids: string[]) => void;
  id?: string;
};

/** Uploads one file to the ticket; the reply names it by the id this returns. */
export function uploadReplyAttachment(ticketId: string, filename: string, contentBase64: string) {
  return apiPost<TUploadAttachmentResponse>(`/tickets/${encodeURIComponent(ticketId)}/attachments`, {
    filename,
    contentBase64,
  });
}

const attachmentIdOf = (f: UploadFile) =>
  (f.response as TUploadAttachmentResponse | undefined)?.attachment.id;

/**
 * 回复附件: each picked file is uploaded at once (the server checks its bytes), so the reply itself
 * only carries ids. Up to 5 images or PDFs of at most 5 MB.
 */
export function ReplyAttachmentsField({ ticketId, onChange, id }: TProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);

  const update = (next: UploadFile[]) => {
    setFiles(next);
    onChange?.(
      next
        .filter((f) => f.status === 'done')
        .map(attachmentIdOf)
        .filter((x): x is string => !!x),
    );
  };

  const beforeUpload: UploadProps['beforeUpload'] = (file) => {
    if (!(ATTACHMENT_TYPES as readonly string[]).includes(file.type)) {
      void message.error(t('attachments.wrongType', { name: file.name }));
      return Upload.LIST_IGNORE;
    }
    if (file.size > ATTACHMENT_MAX_BYTES) {
      void message.error(t('attachments.tooLarge', { name: file.name }));
      return Upload.LIST_IGNORE;
    }
    return true;
  };

  const customRequest: UploadProps['customRequest'] = ({ file, onSuccess, onError }) => {
    const blob = file as File;
    fileToBase64(blob)
      .then((b64) => uploadReplyAttachment(ticketId, blob.name, b64))
      .then(
        (res) => onSuccess?.(res),
        (err: unknown) => {
          void message.error(`${blob.name}: ${errorMessage(err, t)}`);
          onError?.(err as Error);
        },
      );
  };

  return (
    <Upload
      id={id}
      listType="picture"
      multiple
      accept={ATTACHMENT_TYPES.join(',')}
      maxCount={REPLY_MAX_ATTACHMENTS}
      fileList={files}
      beforeUpload={beforeUpload}
      customRequest={customRequest}
      onChange={({ fileList }) => update(fileList)}
    >
      <Button icon={<UploadOutlined />} disabled={files.length >= REPLY_MAX_ATTACHMENTS}>
        {t('attachments.add')}
      </Button>
    </Upload>
  );
}
