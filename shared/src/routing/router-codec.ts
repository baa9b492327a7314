import { AppError } from '../common/errors';
import { base64ToBytes, bytesToBase64 } from './base64';
import type { TRouterModel } from './routing.types';

const FORMAT = 'hotline-router/1';

type TStoredRouter = {
  format: typeof FORMAT;
  labels: string[];
  terms: string[];
  temperature: number;
  categoricalWeight: number;
  weightScale: number;
  /** float32, little-endian, base64 */
  idf: string;
  bias: string;
  /** int16 multiples of weightScale, little-endian, base64 */
  weight: string;
  /** uint16 (uint32 past 65,536 labels), little-endian, base64 */
  weightCount: string;
  weightLabel: string;
};

type TElement = 'f32' | 'i16' | 'u16' | 'u32';
const SIZE: Record<TElement, number> = { f32: 4, i16: 2, u16: 2, u32: 4 };

function pack(values: readonly number[], element: TElement): string {
  const view = new DataView(new ArrayBuffer(values.length * SIZE[element]));
  values.forEach((v, i) => {
    if (element === 'f32') view.setFloat32(i * 4, v, true);
    else if (element === 'i16') view.setInt16(i * 2, v, true);
    else if (element === 'u16') view.setUint16(i * 2, v, true);
    else view.setUint32(i * 4, v, true);
  });
  return bytesToBase64(new Uint8Array(view.buffer));
}

function unpack(text: string, element: TElement, length: number, field: string): number[] {
  const bytes = base64ToBytes(text);
  if (bytes.length !== length * SIZE[element]) throw new Error(`${field} has the wrong length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read: Record<TElement, (i: number) => number> = {
    f32: (i) => view.getFloat32(i * 4, true),
    i16: (i) => view.getInt16(i * 2, true),
    u16: (i) => view.getUint16(i * 2, true),
    u32: (i) => view.getUint32(i * 4, true),
  };
  return Array.from({ length }, (_, i) => read[element](i));
}

// A term has at most one weight per label, and label indexes stay below the label count.
const indexElement = (labelCount: number): TElement => (labelCount <= 65_536 ? 'u16' : 'u32');

/**
 * One JSON text (fits a PostgreSQL text column): names as JSON, numbers as base64 float32 /
 * int16 / uint16 arrays. The model holds exactly these values already, so the round trip is exact.
 */
export function serializeRouter(model: TRouterModel): string {
  const ix = indexElement(model.labels.length);
  const stored: TStoredRouter = {
    format: FORMAT,
    labels: model.labels,
    terms: model.terms,
    temperature: model.temperature,
    categoricalWeight: model.categoricalWeight,
    idf: pack(model.idf, 'f32'),
    bias: pack(model.bias, 'f32'),
    weightScale: model.weightScale,
    weight: pack(
      model.weight.map((v) => Math.round(v / model.weightScale)),
      'i16',
    ),
    weightCount: pack(model.weightCount, ix),
    weightLabel: pack(model.weightLabel, ix),
  };
  return JSON.stringify(stored);
}

export function deserializeRouter(s: string): TRouterModel {
  try {
    const stored = JSON.parse(s) as TStoredRouter;
    if (stored?.format !== FORMAT) throw new Error(`format is not ${FORMAT}`);
    const { labels, terms } = stored;
    if (!Array.isArray(labels) || !Array.isArray(terms)) throw new Error('labels or terms missing');
    for (const key of ['temperature', 'weightScale'] as const) {
      if (!(typeof stored[key] === 'number' && stored[key] > 0))
        throw new Error(`${key} is not a positive number`);
    }
    if (!(typeof stored.categoricalWeight === 'number' && stored.categoricalWeight >= 0)) {
      throw new Error('categoricalWeight is not a number ≥ 0');
    }
    const ix = indexElement(labels.length);
    const weightCount = unpack(stored.weightCount, ix, terms.length, 'weightCount');
    const total = weightCount.reduce((sum, c) => sum + c, 0);
    const weightLabel = unpack(stored.weightLabel, ix, total, 'weightLabel');
    if (weightLabel.some((k) => k >= labels.length)) throw new Error('a weight names an unknown label');
    return {
      version: 1,
      labels,
      terms,
      idf: unpack(stored.idf, 'f32', terms.length, 'idf'),
      bias: unpack(stored.bias, 'f32', labels.length, 'bias'),
      weightCount,
      weightLabel,
      weight: unpack(stored.weight, 'i16', total, 'weight').map((q) => q * stored.weightScale),
      weightScale: stored.weightScale,
      temperature: stored.temperature,
      categoricalWeight: stored.categoricalWeight,
    };
  } catch (err) {
    throw new AppError('UNPROCESSABLE', 'Not a serialised router model', {
      reason: err instanceof Error ? err.message : String(err),
    });
  }
}
