import {
  AppError,
  PORTAL_MAX_IMAGE_BYTES,
  type TAttachmentType,
  type TPortalImageType,
} from '@hotline/shared';
import { createHash } from 'node:crypto';

export type TCheckedImage = {
  filename: string;
  mimeType: TPortalImageType;
  sizeBytes: number;
  sha256: string;
  dataBase64: string;
};

const EXTENSION: Record<TAttachmentType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'application/pdf': 'pdf',
};

/** The file's type from its first bytes; the name and any declared type are never trusted. */
export function sniffFileType(bytes: Buffer): TAttachmentType | null {
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return sniffImageType(bytes);
}

/** Only the image types of {@link sniffFileType}: what the public portal takes. */
export function sniffImageType(bytes: Buffer): TPortalImageType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (
    bytes.length >= 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'image/png';
  if (bytes.length >= 6 && ['GIF87a', 'GIF89a'].includes(bytes.subarray(0, 6).toString('latin1')))
    return 'image/gif';
  if (
    bytes.length >= 12 &&
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  return null;
}

/** A name safe to show and to download: no path, no control characters, the real extension. */
export function safeFilename(name: string, type: TAttachmentType, index: number): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .replace(/[\p{Cc}\p{Cf}"<>|:*?]/gu, '')
    .replace(/\.[^.]*$/, '')
    .trim()
    .slice(0, 100);
  const fallback = type === 'application/pdf' ? 'file' : 'image';
  return `${base || `${fallback}-${index + 1}`}.${EXTENSION[type]}`;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DATA_URL = /^data:[\w.+-]+\/[\w.+-]+;base64,/;

function decodedLength(b64: string): number {
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return (b64.length / 4) * 3 - padding;
}

export type TCheckedFile = Omit<TCheckedImage, 'mimeType'> & { mimeType: TAttachmentType };

/**
 * One file a unit attaches to its reply: valid base64, at most `maxBytes` decoded (413), and an
 * image or a PDF by its magic bytes (422), whatever its name says.
 */
export function checkAttachmentFile(
  file: { filename: string; contentBase64: string },
  maxBytes: number,
): TCheckedFile {
  const b64 = file.contentBase64.replace(DATA_URL, '').replace(/\s+/g, '');
  if (!b64 || b64.length % 4 !== 0 || !BASE64.test(b64))
    throw new AppError('VALIDATION_FAILED', '文件内容不是有效的 base64', {
      fields: { contentBase64: ['not valid base64'] },
    });
  if (decodedLength(b64) > maxBytes)
    throw new AppError('PAYLOAD_TOO_LARGE', `文件不能超过 ${maxBytes / 1024 / 1024} MB`, {
      fields: { contentBase64: [`larger than ${maxBytes / 1024 / 1024} MB`] },
    });
  const bytes = Buffer.from(b64, 'base64');
  const type = sniffFileType(bytes);
  if (!type)
    throw new AppError('UNPROCESSABLE', '仅支持 JPEG、PNG、WebP、GIF 图片或 PDF 文件', {
      fields: { contentBase64: ['not a JPEG, PNG, WebP or GIF image or a PDF'] },
    });
  return {
    filename: safeFilename(file.filename, type, 0),
    mimeType: type,
    sizeBytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    dataBase64: bytes.toString('base64'),
  };
}

/**
 * Checks every image before anything is stored: valid base64, at most 2 MB decoded (413), and a
 * JPEG, PNG, WebP or GIF by its magic bytes (400). Errors name the image (`images.<i>`).
 */
export function checkImages(images: readonly { filename: string; dataBase64: string }[]): TCheckedImage[] {
  const invalid: Record<string, string[]> = {};
  const tooLarge: Record<string, string[]> = {};
  const checked: TCheckedImage[] = [];
  images.forEach((img, i) => {
    const field = `images.${i}`;
    const b64 = img.dataBase64.replace(DATA_URL, '').replace(/\s+/g, '');
    if (!b64 || b64.length % 4 !== 0 || !BASE64.test(b64)) {
      invalid[field] = ['not valid base64'];
      return;
    }
    // Measured before decoding, so an oversized image never takes the memory of its bytes twice.
    if (decodedLength(b64) > PORTAL_MAX_IMAGE_BYTES) {
      tooLarge[field] = [`larger than ${PORTAL_MAX_IMAGE_BYTES / 1024 / 1024} MB`];
      return;
    }
    const bytes = Buffer.from(b64, 'base64');
    const type = sniffImageType(bytes);
    if (!type) {
      invalid[field] = ['not a JPEG, PNG, WebP or GIF image'];
      return;
    }
    checked.push({
      filename: safeFilename(img.filename, type, i),
      mimeType: type,
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      dataBase64: bytes.toString('base64'),
    });
  });
  if (Object.keys(tooLarge).length)
    throw new AppError('PAYLOAD_TOO_LARGE', '图片不能超过 2 MB', { fields: { ...invalid, ...tooLarge } });
  if (Object.keys(invalid).length)
    throw new AppError('VALIDATION_FAILED', '仅支持 JPEG、PNG、WebP、GIF 图片', { fields: invalid });
  return checked;
}
